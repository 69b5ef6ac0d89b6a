// A small poll()-driven HTTP/1.1 server for tests. One thread owns every
// socket; the only shared state is the route table (mutex) and the request
// counter (atomic), so tests can add routes while the server is running.
// Faults (HttpResponse's knobs) are states of a connection and deadlines in the
// poll loop, never sleeps, so one misbehaving connection cannot hold up another
// and the destructor stops everything at once.
#include "support/http_server.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/sockios.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <climits>
#include <cstring>
#include <deque>
#include <fstream>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <utility>
#include <vector>

namespace headliner::test {
namespace {

constexpr std::size_t kMaxHeaderBytes = 64 * 1024;

// Owns one file descriptor; closing happens exactly once, on destruction.
class Fd {
 public:
  explicit Fd(int fd = -1) noexcept : fd_(fd) {}
  Fd(Fd&& o) noexcept : fd_(std::exchange(o.fd_, -1)) {}
  Fd& operator=(Fd&& o) noexcept {
    if (this != &o) { reset(); fd_ = std::exchange(o.fd_, -1); }
    return *this;
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { reset(); }
  int get() const noexcept { return fd_; }
  void reset() noexcept { if (fd_ >= 0) ::close(fd_); fd_ = -1; }

 private:
  int fd_;
};

[[noreturn]] void throw_errno(const std::string& what) {
  throw std::runtime_error("HttpServer: " + what + ": " + std::strerror(errno));
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

const char* reason(int status) {
  static const std::map<int, const char*> kReasons{
      {200, "OK"}, {201, "Created"}, {204, "No Content"}, {206, "Partial Content"},
      {301, "Moved Permanently"}, {302, "Found"}, {303, "See Other"}, {304, "Not Modified"},
      {307, "Temporary Redirect"}, {308, "Permanent Redirect"}, {400, "Bad Request"},
      {401, "Unauthorized"}, {403, "Forbidden"}, {404, "Not Found"},
      {405, "Method Not Allowed"}, {410, "Gone"}, {429, "Too Many Requests"},
      {431, "Request Header Fields Too Large"}, {500, "Internal Server Error"},
      {501, "Not Implemented"}, {502, "Bad Gateway"}, {503, "Service Unavailable"},
      {504, "Gateway Timeout"}};
  const auto it = kReasons.find(status);
  return it == kReasons.end() ? "Unknown" : it->second;
}

// 1xx, 204 and 304 never carry a body (RFC 9110 §6.4.1), so neither a body
// nor a computed Content-Length may be sent for them.
bool status_has_body(int status) {
  return status >= 200 && status != 204 && status != 304;
}

// The status line and headers. `close` is in/out: a handler's own
// "Connection: close" also ends the connection. Content-Length is added when
// the handler set none, the status has a body and `length` is given.
std::string head_of(const HttpResponse& r, std::optional<std::size_t> length, bool& close) {
  bool has_length = false, has_connection = false;
  std::ostringstream os;
  os << "HTTP/1.1 " << r.status << ' ' << reason(r.status) << "\r\n";
  for (const auto& [name, value] : r.headers) {
    const std::string l = lower(name);
    has_length |= l == "content-length";
    if (l == "connection") {
      has_connection = true;
      close |= lower(value).find("close") != std::string::npos;
    }
    os << name << ": " << value << "\r\n";
  }
  if (!has_length && length && status_has_body(r.status)) os << "Content-Length: " << *length << "\r\n";
  if (!has_connection) os << "Connection: " << (close ? "close" : "keep-alive") << "\r\n";
  os << "\r\n";
  return os.str();
}

std::string serialize(const HttpResponse& r, bool head, bool& close) {
  std::string out = head_of(r, r.body.size(), close);
  if (status_has_body(r.status) && !head) out += r.body;
  return out;
}

using Clock = std::chrono::steady_clock;

// Bytes to send, not before `at`.
struct Segment {
  Clock::time_point at;
  std::string bytes;
};

// What a connection does once its queued bytes are out.
enum class Then {
  serve,    // read the next request (or close, if `closing`)
  stall,    // send nothing more, hold the connection open
  reset,    // abort with an RST once the peer has every byte
  endless,  // send `Conn::endless` again, forever
};

constexpr auto kResetWaitLimit = std::chrono::seconds(2);  // for the peer to take the bytes
constexpr auto kResetTick = std::chrono::milliseconds(5);
constexpr std::size_t kEndlessChunk = 16 * 1024;
constexpr int kRoundsPerEvent = 16;  // sends or reads per connection per poll, so none starves the rest

struct Conn {
  Fd fd;
  std::string in;              // bytes received but not yet parsed
  std::deque<Segment> out;     // response bytes not yet sent, in order
  std::size_t skip = 0;        // request-body bytes still to discard
  bool closing = false;        // no more requests: send `out`, then `then`, then close
  bool shut_wr = false;        // FIN sent; now only draining input until EOF
  bool dead = false;
  Then then = Then::serve;
  std::string endless;         // the chunk an endless body repeats
  Clock::time_point reset_by;  // Then::reset: RST at the latest then

  bool due(Clock::time_point now) const { return !out.empty() && out.front().at <= now; }
  // Reading only to notice that the client has gone (or to discard after our FIN).
  bool draining() const { return shut_wr || then != Then::serve; }
};

}  // namespace

struct HttpServer::Impl {
  Fd listener, wake_r, wake_w;
  std::uint16_t port = 0;
  std::mutex routes_mu;
  std::map<std::string, Handler> routes;
  std::atomic<int> served{0};
  std::vector<Conn> conns;  // touched only by the server thread
  std::thread thread;

  void run();
  void accept_all();
  void on_readable(Conn& c, Clock::time_point now);
  void parse(Conn& c, Clock::time_point now);
  void queue(Conn& c, const HttpResponse& r, bool head, bool close, Clock::time_point now);
  void flush(Conn& c, Clock::time_point now);
  HttpResponse dispatch(const HttpRequest& req);
};

namespace {

// How long poll() may sleep: until the earliest delayed segment or reset check.
int poll_timeout_ms(const std::vector<Conn>& conns, Clock::time_point now) {
  std::optional<Clock::time_point> next;
  for (const Conn& c : conns) {
    if (!c.out.empty() && c.out.front().at > now) next = std::min(next.value_or(c.out.front().at), c.out.front().at);
    if (c.out.empty() && c.then == Then::reset) next = std::min(next.value_or(now + kResetTick), now + kResetTick);
  }
  if (!next) return -1;
  const auto ms = std::chrono::ceil<std::chrono::milliseconds>(*next - now).count();
  return static_cast<int>(std::clamp<long long>(ms, 0, INT_MAX));
}

// Unsent plus unacknowledged bytes; on loopback 0 means the peer has them all.
int unsent_bytes(int fd) {
  int pending = 0;
  return ::ioctl(fd, SIOCOUTQ, &pending) == 0 ? pending : 0;
}

}  // namespace

void HttpServer::Impl::run() {
  std::vector<pollfd> fds;
  for (;;) {
    Clock::time_point now = Clock::now();
    fds.clear();
    fds.push_back({wake_r.get(), POLLIN, 0});
    fds.push_back({listener.get(), POLLIN, 0});
    for (const Conn& c : conns) {
      const bool want_read = !c.closing || c.draining();
      const bool want_write = c.due(now) || (c.out.empty() && c.then == Then::endless);
      fds.push_back({c.fd.get(), static_cast<short>((want_read ? POLLIN : 0) | (want_write ? POLLOUT : 0)), 0});
    }
    if (::poll(fds.data(), fds.size(), poll_timeout_ms(conns, now)) < 0) {
      if (errno == EINTR) continue;
      return;  // nothing sensible left to do; the destructor still joins
    }
    if (fds[0].revents != 0) return;  // the destructor asked us to stop
    now = Clock::now();
    for (std::size_t i = 0; i < conns.size(); ++i) {
      const short ev = fds[i + 2].revents;
      if (ev & (POLLIN | POLLHUP | POLLERR)) on_readable(conns[i], now);
      // Also on a timer: a delayed segment that fell due, a reset to check.
      if (!conns[i].dead) flush(conns[i], now);
    }
    std::erase_if(conns, [](const Conn& c) { return c.dead; });
    if (fds[1].revents & POLLIN) accept_all();
  }
}

void HttpServer::Impl::accept_all() {
  for (;;) {
    const int fd = ::accept4(listener.get(), nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) return;  // EAGAIN (drained) or a transient error: poll again
    conns.emplace_back().fd = Fd(fd);
  }
}

void HttpServer::Impl::on_readable(Conn& c, Clock::time_point now) {
  char buf[16 * 1024];
  for (int round = 0; round < kRoundsPerEvent && !c.dead; ++round) {
    const ssize_t n = ::recv(c.fd.get(), buf, sizeof buf, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
    if (n <= 0) {  // EOF or reset: answer what is complete, then give up
      if (!c.closing) parse(c, now);
      c.closing = true;
      // A stalled or endless response only ever ends with the client leaving.
      if (c.out.empty() || n < 0 || c.then == Then::stall || c.then == Then::endless) c.dead = true;
      return;
    }
    // After our FIN we only drain, so the kernel does not answer unread
    // input with an RST that could destroy the response in flight; during a
    // fault we only watch for the client leaving.
    if (c.draining()) continue;
    c.in.append(buf, static_cast<std::size_t>(n));
    parse(c, now);
    flush(c, now);
    if (c.closing) return;
  }
}

// Consumes every complete request in c.in, queueing one response each.
void HttpServer::Impl::parse(Conn& c, Clock::time_point now) {
  while (!c.closing) {
    const std::size_t skipped = std::min(c.skip, c.in.size());
    c.in.erase(0, skipped);
    c.skip -= skipped;
    if (c.skip > 0) return;

    const std::size_t end = c.in.find("\r\n\r\n");
    if (end == std::string::npos || end + 4 > kMaxHeaderBytes) {
      if (c.in.size() < kMaxHeaderBytes) return;  // wait for the rest
      // The rest of the stream cannot be framed any more.
      queue(c, {431, {{"Content-Type", "text/plain"}}, "request header too large\n"}, false, true, now);
      return;
    }
    std::istringstream lines(c.in.substr(0, end + 2));
    c.in.erase(0, end + 4);

    HttpRequest req;
    std::string line, version;
    std::getline(lines, line);
    std::istringstream(line) >> req.method >> req.target >> version;
    while (std::getline(lines, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      const auto colon = line.find(':');
      if (colon != std::string::npos)
        req.headers[lower(line.substr(0, colon))] = trim(line.substr(colon + 1));
    }

    if (req.method.empty() || req.target.empty() || !version.starts_with("HTTP/1.")) {
      // Cannot trust the framing of anything that follows.
      queue(c, {400, {{"Content-Type", "text/plain"}}, "bad request line\n"}, false, true, now);
      return;
    }
    const auto conn_it = req.headers.find("connection");
    const std::string conn_hdr = conn_it == req.headers.end() ? "" : lower(conn_it->second);
    bool close = conn_hdr.find("close") != std::string::npos ||
                 (version == "HTTP/1.0" && conn_hdr.find("keep-alive") == std::string::npos);
    if (auto it = req.headers.find("content-length"); it != req.headers.end()) {
      try { c.skip = std::stoull(it->second); } catch (...) { close = true; }
    }
    if (req.headers.count("transfer-encoding")) close = true;  // chunked bodies: unsupported
    queue(c, dispatch(req), req.method == "HEAD", close, now);
  }
}

// Queues the bytes of `r` and sets what follows them; a fault ends the
// connection's requests.
void HttpServer::Impl::queue(Conn& c, const HttpResponse& r, bool head, bool close,
                             Clock::time_point now) {
  const Clock::time_point at = now + std::max(r.delay_before_headers, std::chrono::milliseconds(0));
  const bool body = status_has_body(r.status) && !head;
  if (r.close_without_response) {
    c.out.push_back({at, {}});
    c.closing = true;
    return;
  }
  if (body && r.endless) {
    close = true;  // the body ends when the connection does
    c.out.push_back({at, head_of(r, std::nullopt, close)});
    const std::string unit = r.body.empty() ? std::string("x") : r.body;
    c.endless.clear();
    while (c.endless.size() < kEndlessChunk) c.endless += unit;
    c.then = Then::endless;
    c.closing = true;
    return;
  }
  if (body && (r.reset_after || r.close_after || r.stall_after)) {
    const std::size_t sent = std::min(r.reset_after ? *r.reset_after : r.close_after ? *r.close_after : *r.stall_after,
                                      r.body.size());
    c.out.push_back({at, head_of(r, r.body.size(), close) + r.body.substr(0, sent)});
    c.then = r.reset_after ? Then::reset : r.close_after ? Then::serve : Then::stall;
    c.reset_by = at + kResetWaitLimit;
    c.closing = true;
    return;
  }
  c.out.push_back({at, serialize(r, head, close)});
  c.closing = close;
}

HttpResponse HttpServer::Impl::dispatch(const HttpRequest& req) {
  const std::string path = req.target.substr(0, req.target.find('?'));
  Handler handler;
  {
    std::lock_guard lock(routes_mu);
    if (auto it = routes.find(path); it != routes.end()) handler = it->second;
  }
  HttpResponse r;
  if (!handler) {
    r = {404, {{"Content-Type", "text/plain"}}, "not found: " + path + "\n"};
  } else {
    // A throwing handler must not take the whole test binary down with it.
    try { r = handler(req); } catch (const std::exception& e) {
      r = {500, {{"Content-Type", "text/plain"}}, std::string("handler threw: ") + e.what() + "\n"};
    }
  }
  ++served;  // before the bytes go out, so a client that saw them sees the count
  return r;
}

// Sends what is due, then does what follows the queued bytes.
void HttpServer::Impl::flush(Conn& c, Clock::time_point now) {
  for (int round = 0; round < kRoundsPerEvent; ++round) {
    while (c.due(now)) {
      std::string& bytes = c.out.front().bytes;
      if (bytes.empty()) { c.out.pop_front(); continue; }
      const ssize_t n = ::send(c.fd.get(), bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;  // wait for POLLOUT
      if (n < 0) { c.dead = true; return; }  // the client went away
      bytes.erase(0, static_cast<std::size_t>(n));
      if (bytes.empty()) c.out.pop_front();
    }
    if (!c.out.empty()) return;  // a delayed segment: poll's timeout brings us back
    if (c.then != Then::endless) break;
    c.out.push_back({now, c.endless});
  }
  if (!c.out.empty()) return;
  switch (c.then) {
    case Then::serve:
      if (c.closing && !c.shut_wr) {
        ::shutdown(c.fd.get(), SHUT_WR);  // lingering close: peer sees EOF, we drain
        c.shut_wr = true;
      }
      return;
    case Then::reset:
      if (unsent_bytes(c.fd.get()) > 0 && now < c.reset_by) return;  // checked again in kResetTick
      {
        const linger abort_on_close{1, 0};  // close() now sends an RST, not a FIN
        ::setsockopt(c.fd.get(), SOL_SOCKET, SO_LINGER, &abort_on_close, sizeof abort_on_close);
      }
      c.fd.reset();
      c.dead = true;
      return;
    case Then::stall:
    case Then::endless:
      return;
  }
}

HttpServer::HttpServer() : impl_(std::make_unique<Impl>()) {
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_NONBLOCK | O_CLOEXEC) != 0) throw_errno("pipe2");
  impl_->wake_r = Fd(pipe_fds[0]);
  impl_->wake_w = Fd(pipe_fds[1]);

  impl_->listener = Fd(::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (impl_->listener.get() < 0) throw_errno("socket");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;  // let the kernel pick, so parallel test runs never collide
  if (::bind(impl_->listener.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0)
    throw_errno("bind 127.0.0.1:0");
  if (::listen(impl_->listener.get(), SOMAXCONN) != 0) throw_errno("listen");
  socklen_t len = sizeof addr;
  if (::getsockname(impl_->listener.get(), reinterpret_cast<sockaddr*>(&addr), &len) != 0)
    throw_errno("getsockname");
  impl_->port = ntohs(addr.sin_port);
  impl_->thread = std::thread([impl = impl_.get()] { impl->run(); });
}

HttpServer::~HttpServer() {
  try {
    const char byte = 'x';
    // A full pipe already means "stop", so a failed write is harmless.
    [[maybe_unused]] const ssize_t n = ::write(impl_->wake_w.get(), &byte, 1);
    if (impl_->thread.joinable()) impl_->thread.join();
  } catch (...) {
    // join() can only fail on a broken thread state; never throw from here.
  }
}

void HttpServer::route(const std::string& path, HttpResponse response) {
  route(path, Handler([response = std::move(response)](const HttpRequest&) { return response; }));
}

void HttpServer::route_file(const std::string& path, const std::string& file,
                            const std::string& content_type) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream bytes;
  if (!in || !(bytes << in.rdbuf()))
    throw std::runtime_error("HttpServer::route_file: cannot read " + file);
  route(path, HttpResponse{200, {{"Content-Type", content_type}}, bytes.str()});
}

void HttpServer::route(const std::string& path, Handler handler) {
  std::lock_guard lock(impl_->routes_mu);
  impl_->routes[path] = std::move(handler);
}

std::uint16_t HttpServer::port() const { return impl_->port; }

std::string HttpServer::url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(impl_->port) + path;
}

int HttpServer::requests_served() const { return impl_->served.load(); }

namespace {

// Deflate's bit order (RFC 1951 §3.1.1): values LSB first, Huffman codes MSB first.
class BitWriter {
 public:
  void bits(std::uint32_t value, int count) {
    acc_ |= value << filled_;
    filled_ += count;
    for (; filled_ >= 8; filled_ -= 8, acc_ >>= 8) out_.push_back(static_cast<char>(acc_ & 0xFF));
  }
  void code(std::uint32_t code, int length) {
    std::uint32_t reversed = 0;
    for (int i = 0; i < length; ++i) reversed |= ((code >> i) & 1U) << (length - 1 - i);
    bits(reversed, length);
  }
  std::string finish() {
    if (filled_ > 0) out_.push_back(static_cast<char>(acc_ & 0xFF));
    acc_ = 0;
    filled_ = 0;
    return std::move(out_);
  }

 private:
  std::string out_;
  std::uint32_t acc_ = 0;
  int filled_ = 0;
};

std::uint32_t crc32_of_repeated(unsigned char byte, std::size_t count) {
  std::array<std::uint32_t, 256> table{};
  for (std::uint32_t n = 0; n < 256; ++n) {
    std::uint32_t c = n;
    for (int k = 0; k < 8; ++k) c = (c & 1U) ? 0xEDB88320U ^ (c >> 1) : c >> 1;
    table[n] = c;
  }
  std::uint32_t crc = 0xFFFFFFFFU;
  for (std::size_t i = 0; i < count; ++i) crc = table[(crc ^ byte) & 0xFFU] ^ (crc >> 8);
  return crc ^ 0xFFFFFFFFU;
}

void append_le32(std::string& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFFU));
}

}  // namespace

std::string gzip_of_repeated_x(std::size_t inflated_size) {
  // One final block with the fixed Huffman codes (RFC 1951 §3.2.6): the literal
  // 'x', then "copy 258 bytes from distance 1" (length code 285, 8 bits;
  // distance code 0, 5 bits) as often as it fits, the rest as literals.
  constexpr std::uint32_t kLiteralBase = 0x30;  // literals 0..143: 8-bit codes from 00110000
  BitWriter w;
  w.bits(1, 1);  // BFINAL
  w.bits(1, 2);  // BTYPE 01: fixed Huffman codes
  std::size_t written = 0;
  if (inflated_size > 0) {
    w.code(kLiteralBase + 'x', 8);
    written = 1;
  }
  for (; inflated_size - written >= 258; written += 258) {
    w.code(0xC0 + (285 - 280), 8);  // lengths 280..287: 8-bit codes from 11000000
    w.code(0, 5);
  }
  for (; written < inflated_size; ++written) w.code(kLiteralBase + 'x', 8);
  w.code(0, 7);  // end of block (256): 7-bit code 0000000
  std::string gz{'\x1f', '\x8b', '\x08', '\0', '\0', '\0', '\0', '\0', '\0', '\xff'};  // deflate, no name, OS unknown
  gz += w.finish();
  append_le32(gz, crc32_of_repeated('x', inflated_size));
  append_le32(gz, static_cast<std::uint32_t>(inflated_size & 0xFFFFFFFFU));
  return gz;
}

}  // namespace headliner::test
