#include "lcdproc/lcdproc_device.hpp"

#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>

#include "lcdproc/lcdproc_protocol.hpp"

namespace headliner {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using std::chrono::steady_clock;

constexpr std::string_view kScreen = "ticker";
constexpr int kMaxCols = 256;
constexpr int kMaxRows = 64;
constexpr std::size_t kMaxLine = 4096;          // longer lines from LCDd are a broken connection
constexpr std::size_t kMaxQueued = 64 * 1024;   // commands LCDd has not taken: it stopped reading
constexpr std::size_t kMaxReadPerCall = 64 * 1024;
constexpr std::size_t kMaxKeys = 32;
constexpr std::size_t kMaxProblems = 16;
constexpr std::size_t kMaxHuhs = 32;            // distinct "huh?" answers reported
constexpr seconds kMaxBackoff{60};
constexpr seconds kStable{30};                  // a connection that lasted this long resets the backoff

std::string duration_text(milliseconds d) {
  if (d.count() % 1000 == 0) return std::to_string(d.count() / 1000) + "s";
  return std::to_string(d.count()) + "ms";
}

// Text from the server, safe for a log line: printable ASCII, at most 80 bytes.
std::string printable(std::string_view text) {
  std::string out;
  for (char c : text.substr(0, 80)) out.push_back(c >= 0x20 && c < 0x7F ? c : '?');
  if (text.size() > 80) out += "...";
  return out;
}

std::string socket_error(int error) {
  if (error == EPIPE || error == ECONNRESET) return "connection closed";
  if (error == ECONNREFUSED) return "connection refused";
  return std::strerror(error);
}

int poll_ms(steady_clock::time_point deadline) {
  auto left = std::chrono::ceil<milliseconds>(deadline - steady_clock::now()).count();
  return static_cast<int>(std::clamp<long long>(left, 0, 60'000));
}

}  // namespace

LcdprocDevice::Socket& LcdprocDevice::Socket::operator=(Socket&& other) noexcept {
  if (this != &other) {
    reset();
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

void LcdprocDevice::Socket::reset() noexcept {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

LcdprocDevice::LcdprocDevice(LcdprocOptions options) : options_(std::move(options)) {
  bool ipv6 = options_.host.find(':') != std::string::npos;
  name_ = "LCDd at " + (ipv6 ? "[" + options_.host + "]" : options_.host) + ":" + std::to_string(options_.port);
  if (options_.cols > 0) cols_ = std::min(options_.cols, kMaxCols);
  if (options_.rows > 0) rows_ = std::min(options_.rows, kMaxRows);
}

DeviceState LcdprocDevice::prepare(SteadyTime now) {
  last_now_ = now;
  if (socket_ && pump()) return DeviceState::kReady;
  // Down: a failure seen since the last call is scheduled from now.
  if (retry_after_) {
    retry_at_ = now + *retry_after_;
    retry_after_.reset();
    return DeviceState::kDown;
  }
  if (retry_at_ && now < *retry_at_) return DeviceState::kDown;
  if (auto error = connect(now)) fail(*error);
  if (!socket_ || !flush()) {  // flush sends the setup; it fails only if LCDd went away at once
    retry_at_ = now + *retry_after_;
    retry_after_.reset();
    return DeviceState::kDown;
  }
  return DeviceState::kFresh;
}

std::optional<std::string> LcdprocDevice::connect(SteadyTime now) {
  auto deadline = steady_clock::now() + options_.connect_timeout;
  if (auto error = open_socket(deadline)) return error;
  if (auto error = await_greeting(deadline)) {
    socket_.reset();
    return error;
  }
  if (!last_failure_.empty()) add_problem(name_ + (ever_connected_ ? ": connected again" : ": connected"));
  ever_connected_ = true;
  last_failure_.clear();
  retry_at_.reset();
  connected_at_ = now;
  visible_ = false;
  shown_.assign(static_cast<std::size_t>(rows_), std::string(static_cast<std::size_t>(cols_), ' '));
  send_setup();
  return std::nullopt;
}

std::optional<std::string> LcdprocDevice::open_socket(SteadyTime deadline) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICSERV;
  addrinfo* found = nullptr;
  std::string port = std::to_string(options_.port);
  if (int rc = ::getaddrinfo(options_.host.c_str(), port.c_str(), &hints, &found); rc != 0)
    return "cannot resolve " + options_.host + ": " + ::gai_strerror(rc);
  std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> addresses(found, &::freeaddrinfo);
  std::string error = "no address";
  for (addrinfo* a = addresses.get(); a; a = a->ai_next) {
    Socket s(::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol));
    if (!s) {
      error = std::string("cannot create a socket: ") + std::strerror(errno);
      continue;
    }
    int rc = ::connect(s.get(), a->ai_addr, a->ai_addrlen);
    if (rc < 0 && errno != EINPROGRESS) {
      error = socket_error(errno);
      continue;
    }
    if (rc < 0) {
      pollfd p{s.get(), POLLOUT, 0};
      int ready;
      do ready = ::poll(&p, 1, poll_ms(deadline));
      while (ready < 0 && errno == EINTR);
      if (ready == 0) {
        error = "no connection within " + duration_text(options_.connect_timeout);
        continue;
      }
      int so_error = 0;
      socklen_t len = sizeof so_error;
      if (ready < 0 || ::getsockopt(s.get(), SOL_SOCKET, SO_ERROR, &so_error, &len) < 0) so_error = errno;
      if (so_error != 0) {
        error = socket_error(so_error);
        continue;
      }
    }
    socket_ = std::move(s);
    return std::nullopt;
  }
  return error;
}

std::optional<std::string> LcdprocDevice::await_greeting(SteadyTime deadline) {
  in_.clear();
  out_.clear();
  send_command("hello");
  ssize_t sent = ::send(socket_.get(), out_.data(), out_.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
  if (sent < 0) return socket_error(errno);
  if (sent != static_cast<ssize_t>(out_.size())) return "cannot send hello";
  out_.clear();
  for (;;) {
    if (auto newline = in_.find('\n'); newline != std::string::npos) {
      std::string line = in_.substr(0, newline);
      in_.erase(0, newline + 1);
      lcdproc::ServerMessage message = lcdproc::parse_message(line);
      if (message.kind != lcdproc::MessageKind::kConnect)
        return "unexpected answer to hello: \"" + printable(line) + "\"";
      if (options_.cols <= 0) cols_ = std::min(message.info.cols, kMaxCols);
      if (options_.rows <= 0) rows_ = std::min(message.info.rows, kMaxRows);
      return std::nullopt;
    }
    if (in_.size() > kMaxLine) return "unexpected answer to hello: a line longer than 4096 bytes";
    pollfd p{socket_.get(), POLLIN, 0};
    int ready = ::poll(&p, 1, poll_ms(deadline));
    if (ready < 0 && errno == EINTR) continue;
    if (ready == 0) return "no answer to hello within " + duration_text(options_.connect_timeout);
    char buffer[1024];
    ssize_t n = ::recv(socket_.get(), buffer, sizeof buffer, MSG_DONTWAIT);
    if (n == 0) return "connection closed before answering hello";
    if (n < 0) {
      if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) continue;
      return socket_error(errno);
    }
    in_.append(buffer, static_cast<std::size_t>(n));
  }
}

void LcdprocDevice::send_setup() {
  std::string screen(kScreen);
  send_command("client_set -name headliner");
  send_command("screen_add " + screen);
  std::string set = "screen_set " + screen + " -name headliner -priority foreground -heartbeat off";
  if (backlight_) set += *backlight_ ? " -backlight on" : " -backlight off";
  send_command(set);
  for (int row = 1; row <= rows_; ++row) send_command("widget_add " + screen + " r" + std::to_string(row) + " string");
  std::string keys = "client_add_key";
  for (std::string_view key : lcdproc::kReservedKeys) keys += " " + std::string(key);
  send_command(keys);
}

void LcdprocDevice::send_command(std::string command) {
  out_ += command;
  out_ += '\n';
  ++commands_sent_;
}

bool LcdprocDevice::write(int row, int col, std::string_view codes) {
  if (!socket_) return false;
  if (row < 0 || row >= rows_ || col < 0 || col >= cols_) return true;
  codes = codes.substr(0, static_cast<std::size_t>(cols_ - col));
  std::string& shown = shown_[static_cast<std::size_t>(row)];
  if (shown.compare(static_cast<std::size_t>(col), codes.size(), codes) == 0) return true;
  shown.replace(static_cast<std::size_t>(col), codes.size(), codes);
  std::string y = std::to_string(row + 1);
  send_command("widget_set " + std::string(kScreen) + " r" + y + " 1 " + y + " " + lcdproc::quote(shown));
  return flush();
}

bool LcdprocDevice::define_glyph(int /*slot*/, const Glyph& /*glyph*/) { return true; }

void LcdprocDevice::set_backlight(bool on) {
  backlight_ = on;
  if (!socket_) return;
  send_command("screen_set " + std::string(kScreen) + (on ? " -backlight on" : " -backlight off"));
  flush();
}

std::optional<SteadyTime> LcdprocDevice::retry_at() const {
  if (socket_) return std::nullopt;
  if (retry_at_) return retry_at_;
  return last_now_;  // never tried, or a failure not yet scheduled: due now
}

std::optional<std::string> LcdprocDevice::take_problem() {
  if (problems_.empty()) return std::nullopt;
  std::string line = std::move(problems_.front());
  problems_.pop_front();
  return line;
}

std::vector<UserKey> LcdprocDevice::take_keys() {
  if (socket_) pump();
  return std::exchange(keys_, {});
}

bool LcdprocDevice::pump() { return flush() && read_available(); }

bool LcdprocDevice::flush() {
  while (socket_ && !out_.empty()) {
    ssize_t n = ::send(socket_.get(), out_.data(), out_.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n > 0) {
      out_.erase(0, static_cast<std::size_t>(n));
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      break;
    } else {
      fail(socket_error(errno));
      return false;
    }
  }
  if (out_.size() > kMaxQueued) {
    fail("not reading commands (" + std::to_string(out_.size() / 1024) + " KiB waiting)");
    return false;
  }
  return static_cast<bool>(socket_);
}

bool LcdprocDevice::read_available() {
  std::size_t total = 0;
  char buffer[4096];
  while (socket_ && total < kMaxReadPerCall) {
    ssize_t n = ::recv(socket_.get(), buffer, sizeof buffer, MSG_DONTWAIT);
    if (n == 0) {
      fail("connection closed");
      return false;
    }
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) break;
      fail(socket_error(errno));
      return false;
    }
    total += static_cast<std::size_t>(n);
    in_.append(buffer, static_cast<std::size_t>(n));
    std::size_t start = 0;
    for (std::size_t newline; (newline = in_.find('\n', start)) != std::string::npos; start = newline + 1)
      handle_line(std::string_view(in_).substr(start, newline - start));
    in_.erase(0, start);
    if (in_.size() > kMaxLine) {
      fail("sent a line longer than " + std::to_string(kMaxLine) + " bytes");
      return false;
    }
  }
  return static_cast<bool>(socket_);
}

void LcdprocDevice::handle_line(std::string_view line) {
  lcdproc::ServerMessage message = lcdproc::parse_message(line);
  switch (message.kind) {
    case lcdproc::MessageKind::kHuh:
      if (huhs_reported_.size() < kMaxHuhs &&
          std::find(huhs_reported_.begin(), huhs_reported_.end(), message.text) == huhs_reported_.end()) {
        huhs_reported_.push_back(message.text);
        add_problem(name_ + ": refused a command: " + printable(message.text));
      }
      break;
    case lcdproc::MessageKind::kListen:
      if (message.text == kScreen) visible_ = true;
      break;
    case lcdproc::MessageKind::kIgnore:
      if (message.text == kScreen) visible_ = false;
      break;
    case lcdproc::MessageKind::kKey:
      if (auto key = lcdproc::user_key_for(message.text); key && keys_.size() < kMaxKeys) keys_.push_back(*key);
      break;
    case lcdproc::MessageKind::kConnect:
    case lcdproc::MessageKind::kSuccess:
    case lcdproc::MessageKind::kMenuEvent:
    case lcdproc::MessageKind::kBye:  // the end of the connection follows
    case lcdproc::MessageKind::kUnknown:
      break;
  }
}

void LcdprocDevice::fail(const std::string& reason) {
  socket_.reset();
  in_.clear();
  out_.clear();
  visible_ = false;
  if (connected_at_ && last_now_ - *connected_at_ >= kStable) backoff_ = seconds(1);
  connected_at_.reset();
  seconds delay = backoff_;
  backoff_ = std::min(backoff_ * 2, kMaxBackoff);
  retry_after_ = delay;
  retry_at_.reset();
  if (reason != last_failure_)
    add_problem(name_ + ": " + reason + " (retrying in " + std::to_string(delay.count()) + "s)");
  last_failure_ = reason;
}

void LcdprocDevice::add_problem(std::string line) {
  if (problems_.size() >= kMaxProblems) problems_.pop_front();
  problems_.push_back(std::move(line));
}

}  // namespace headliner
