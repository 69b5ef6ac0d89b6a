// Runs the real headliner binary for end-to-end tests.
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace headliner::test {

struct ProcessResult {
  int exit_code = -1;  // -1 when killed by a signal or the time limit
  std::string out;
  std::string err;
  long peak_rss_kib = 0;  // the child's maximum resident set (getrusage)
};

// Runs `argv` with stdin from /dev/null, stdout and stderr captured, extra
// environment variables set; kills it after `limit`. The headliner binary
// (HEADLINER_BINARY), as the program or behind a wrapper (timeout …), runs
// behind the build's emulator when it has one (emulated()).
ProcessResult run_process(const std::vector<std::string>& argv,
                          const std::map<std::string, std::string>& env = {},
                          std::chrono::seconds limit = std::chrono::seconds(30));

// A whole file's bytes ("" when it cannot be read).
std::string slurp(const std::string& path);

// The command that runs a program of this build: `argv` itself, or `argv`
// behind the build's emulator when it was cross-compiled (HEADLINER_TEST_EMULATOR,
// from CMAKE_CROSSCOMPILING_EMULATOR: qemu-user, since the kernel runs an arm64
// binary on amd64 only through binfmt_misc, not mounted on CI's machines).
std::vector<std::string> emulated(const std::vector<std::string>& argv);

// The headliner binary for a /bin/sh command line: quoted, and behind the
// emulator when there is one.
std::string headliner_for_shell();

// True when the programs run under that emulator: their peak RSS and their
// speed are then the emulator's, not the program's.
bool under_emulator();

// argv for execv(): pointers into `argv`, then a null. Built before fork().
std::vector<char*> exec_args(std::vector<std::string>& argv);

// Splits output into lines, without the newlines.
std::vector<std::string> lines_of(const std::string& text);

// A file under a fresh temporary directory, removed with the object.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string write(const std::string& name, const std::string& content) const;  // returns the path

 private:
  std::string path_;
};

// `toml` with a [state] path inside `dir`: a test's binary never touches the
// real state file, nor another test's.
std::string with_state(const TempDir& dir, const std::string& toml);

}  // namespace headliner::test
