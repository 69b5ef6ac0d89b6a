#include "support/process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace headliner::test {
std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string> emulated(const std::vector<std::string>& argv) {
  std::vector<std::string> command;
#ifdef HEADLINER_TEST_EMULATOR
  std::istringstream emulator(HEADLINER_TEST_EMULATOR);
  for (std::string word; emulator >> word;) command.push_back(word);
#endif
  command.insert(command.end(), argv.begin(), argv.end());
  return command;
}

std::string headliner_for_shell() {
  std::string words;
  for (const auto& word : emulated({HEADLINER_BINARY})) words += (words.empty() ? "'" : " '") + word + "'";
  return words;
}

bool under_emulator() {
#ifdef HEADLINER_TEST_EMULATOR
  return true;
#else
  return false;
#endif
}

std::vector<char*> exec_args(std::vector<std::string>& argv) {
  std::vector<char*> args;
  for (auto& a : argv) args.push_back(a.data());
  args.push_back(nullptr);
  return args;
}

ProcessResult run_process(const std::vector<std::string>& argv,
                          const std::map<std::string, std::string>& env,
                          std::chrono::seconds limit) {
  TempDir dir;
  std::string out_path = dir.path() + "/out", err_path = dir.path() + "/err";
  // Everything the child needs is prepared before fork(): after it, in a
  // multi-threaded parent, only async-signal-safe calls are allowed.
  std::vector<std::string> environment;
  for (char** e = environ; *e; ++e) {
    std::string entry = *e;
    if (!env.contains(entry.substr(0, entry.find('=')))) environment.push_back(entry);
  }
  for (const auto& [k, v] : env) environment.push_back(k + "=" + v);
  std::vector<char*> envp;
  for (auto& e : environment) envp.push_back(e.data());
  envp.push_back(nullptr);
  // The headliner binary runs behind the emulator, whether it is the program
  // or the program of a wrapper in front of it (timeout …).
  std::vector<std::string> command = argv;
  if (auto binary = std::find(command.begin(), command.end(), HEADLINER_BINARY); binary != command.end()) {
    std::vector<std::string> emulator = emulated({});
    command.insert(binary, emulator.begin(), emulator.end());
  }
  std::vector<char*> args = exec_args(command);
  pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    int in = open("/dev/null", O_RDONLY);
    int out = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int err = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(in, 0), dup2(out, 1), dup2(err, 2);
    execve(args[0], args.data(), envp.data());
    _exit(127);
  }
  ProcessResult result;
  int status = 0;
  auto deadline = std::chrono::steady_clock::now() + limit;
  // A bounded wait: poll the child's state every 10 ms until it exits or the limit passes.
  rusage usage{};
  while (wait4(pid, &status, WNOHANG, &usage) == 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      kill(pid, SIGKILL);
      wait4(pid, &status, 0, &usage);
      break;
    }
    poll(nullptr, 0, 10);
  }
  result.peak_rss_kib = usage.ru_maxrss;
  if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  result.out = slurp(out_path);
  result.err = slurp(err_path);
  return result;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "headliner-test-XXXXXX").string();
  if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::string TempDir::write(const std::string& name, const std::string& content) const {
  std::string path = path_ + "/" + name;
  std::ofstream(path, std::ios::binary) << content;
  return path;
}

std::string with_state(const TempDir& dir, const std::string& toml) {
  return toml + "\n[state]\npath = \"" + dir.path() + "/state.db\"\n";
}

}  // namespace headliner::test
