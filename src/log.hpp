#pragma once

#include <ostream>
#include <string_view>

namespace headliner {

// How bad a logged line is, as syslog numbers it.
enum class Severity { kError = 3, kWarning = 4, kNotice = 5, kInfo = 6 };

// Where the ticker's one-line messages go (stderr). When stderr is the
// systemd journal, each line starts with its syslog priority ("<4>"), which
// journald strips and files the line under (sd-daemon(3)); `journalctl -p
// warning` then shows failing feeds and not the "config reloaded" lines. On a
// terminal, a pipe or a file the lines stay plain: "headliner: …".
class Log {
 public:
  explicit Log(std::ostream& out, bool priority_prefixes = false) : out_(out), prefixes_(priority_prefixes) {}

  // True when file descriptor `fd` is the stream systemd named in
  // $JOURNAL_STREAM ("DEVICE:INODE"): redirected elsewhere, it is not.
  static bool is_journal(int fd);

  // "headliner: LINE".
  void write(Severity severity, std::string_view line);
  // LINE alone, for messages that start with FILE:LINE:COL as compilers' do.
  void write_located(Severity severity, std::string_view line);

 private:
  std::ostream& out_;
  bool prefixes_;
};

}  // namespace headliner
