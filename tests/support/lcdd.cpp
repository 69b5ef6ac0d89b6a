#include "support/lcdd.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

extern char** environ;

namespace headliner::test {
namespace {

constexpr const char* kLcdd = "/usr/sbin/LCDd";
constexpr const char* kStdbuf = "/usr/bin/stdbuf";

// The folder holding LCDd's driver modules, from the package's file list
// (the multiarch triplet differs between machines).
std::optional<std::string> driver_path() {
  for (const char* dpkg : {"/usr/bin/dpkg", "/bin/dpkg"}) {
    if (!std::filesystem::exists(dpkg)) continue;
    ProcessResult listed = run_process({dpkg, "-L", "lcdproc"}, {}, std::chrono::seconds(10));
    for (const std::string& line : lines_of(listed.out)) {
      const std::string suffix = "/lcdproc/text.so";
      if (line.size() > suffix.size() && line.ends_with(suffix) && std::filesystem::exists(line))
        return line.substr(0, line.size() - std::string_view("text.so").size());
    }
  }
  return std::nullopt;
}

int free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) < 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) < 0) {
    if (fd >= 0) ::close(fd);
    throw std::runtime_error("Lcdd: no free port");
  }
  ::close(fd);
  return ntohs(address.sin_port);
}

}  // namespace

std::optional<std::vector<std::string>> last_text_frame(std::string_view output, int cols, int rows) {
  // Complete lines only: a frame still being written is not read.
  std::vector<std::string_view> lines;
  for (std::size_t start = 0, newline; (newline = output.find('\n', start)) != std::string_view::npos;
       start = newline + 1)
    lines.push_back(output.substr(start, newline - start));
  const std::string border = "+" + std::string(static_cast<std::size_t>(cols), '-') + "+";
  const auto height = static_cast<std::size_t>(rows);
  for (std::size_t end = lines.size(); end >= height + 2; --end) {
    std::size_t top = end - height - 2;
    if (lines[end - 1] != border || lines[top] != border) continue;
    std::vector<std::string> frame;
    for (std::size_t i = top + 1; i < end - 1; ++i) {
      std::string_view row = lines[i];
      if (row.size() != static_cast<std::size_t>(cols) + 2 || row.front() != '|' || row.back() != '|') break;
      frame.emplace_back(row.substr(1, static_cast<std::size_t>(cols)));
    }
    if (frame.size() == height) return frame;
  }
  return std::nullopt;
}

std::optional<std::string> Lcdd::unavailable() {
  if (::access(kLcdd, X_OK) != 0) return std::string("LCDd is not installed (") + kLcdd + "; apt-get install lcdproc)";
  if (::access(kStdbuf, X_OK) != 0) return std::string(kStdbuf) + " is missing";
  if (!driver_path()) return std::string("LCDd's text driver (lcdproc/text.so) was not found with dpkg -L lcdproc");
  return std::nullopt;
}

Lcdd::Lcdd(int cols, int rows, int port) : cols_(cols), rows_(rows) {
  // A port picked here may be taken before LCDd binds it: pick again.
  for (int attempt = 0; attempt < 5; ++attempt)
    if (start(port != 0 ? port : free_port())) return;
  throw std::runtime_error("Lcdd: LCDd did not start:\n" + slurp(dir_.path() + "/err" + std::to_string(starts_)));
}

Lcdd::~Lcdd() { kill(); }

void Lcdd::kill() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  int status = 0;
  while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  pid_ = -1;
}

void Lcdd::restart() {
  kill();
  if (!start(port_)) throw std::runtime_error("Lcdd: LCDd did not start again on port " + std::to_string(port_));
}

bool Lcdd::start(int port) {
  port_ = port;
  ++starts_;
  std::optional<std::string> drivers = driver_path();
  if (!drivers) throw std::runtime_error("Lcdd: no text driver");
  std::string n = std::to_string(starts_);
  std::string config = dir_.write("LCDd" + n + ".conf",
                                   "[server]\n"
                                   "DriverPath=" + *drivers + "\n"
                                   "Driver=text\n"
                                   "Bind=127.0.0.1\n"
                                   "Port=" + std::to_string(port) + "\n"
                                   "ReportToSyslog=no\n"
                                   "ReportLevel=1\n"
                                   "Foreground=yes\n"
                                   "ServerScreen=blank\n"
                                   "WaitTime=2\n"
                                   "FrameInterval=25000\n"
                                   "Hello=\"\"\n"
                                   "GoodBye=\"\"\n"
                                   "[menu]\n"
                                   "[text]\n"
                                   "Size=" + std::to_string(cols_) + "x" + std::to_string(rows_) + "\n");
  output_ = dir_.path() + "/out" + n;
  std::string errors = dir_.path() + "/err" + n;

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, output_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_addopen(&actions, 2, errors.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  std::vector<std::string> argv = {kStdbuf, "-oL", kLcdd, "-c", config, "-f"};
  std::vector<char*> args;
  for (auto& a : argv) args.push_back(a.data());
  args.push_back(nullptr);
  pid_t pid = -1;
  int rc = posix_spawn(&pid, kStdbuf, &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw std::runtime_error("Lcdd: cannot start " + std::string(kLcdd));
  pid_ = pid;

  // LCDd listens before its driver draws the first frame: a frame means ready.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return false;
    }
    if (!frame().empty()) return true;
    ::poll(nullptr, 0, 5);
  }
  kill();
  throw std::runtime_error("Lcdd: LCDd drew no frame within 3 s:\n" + slurp(errors));
}

Lcdd::Frame Lcdd::frame() const {
  return last_text_frame(slurp(output_), cols_, rows_).value_or(Frame{});
}

Lcdd::Frame Lcdd::wait_for(const std::function<bool(const Frame&)>& done, std::chrono::milliseconds limit) const {
  auto deadline = std::chrono::steady_clock::now() + limit;
  for (;;) {
    Frame last = frame();
    if ((!last.empty() && done(last)) || std::chrono::steady_clock::now() >= deadline) return last;
    ::poll(nullptr, 0, 5);
  }
}

Lcdd::Frame Lcdd::wait_for_rows(const std::vector<std::string>& rows, std::chrono::milliseconds limit) const {
  return wait_for(
      [&](const Frame& frame) {
        for (std::size_t i = 0; i < rows.size(); ++i)
          if (i >= frame.size() || frame[i] != padded(rows[i])) return false;
        return true;
      },
      limit);
}

std::string Lcdd::padded(std::string_view row) const {
  std::string out(row.substr(0, static_cast<std::size_t>(cols_)));
  out.resize(static_cast<std::size_t>(cols_), ' ');
  return out;
}

}  // namespace headliner::test
