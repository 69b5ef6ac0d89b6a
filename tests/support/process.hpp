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
// environment variables set; kills it after `limit`.
ProcessResult run_process(const std::vector<std::string>& argv,
                          const std::map<std::string, std::string>& env = {},
                          std::chrono::seconds limit = std::chrono::seconds(30));

// A whole file's bytes ("" when it cannot be read).
std::string slurp(const std::string& path);

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
