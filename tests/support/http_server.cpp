// A small poll()-driven HTTP/1.1 server for tests. One thread owns every
// socket; the only shared state is the route table (mutex) and the request
// counter (atomic), so tests can add routes while the server is running.
#include "support/http_server.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <cstring>
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

// `close` is in/out: a handler's own "Connection: close" also ends the connection.
std::string serialize(const HttpResponse& r, bool head, bool& close) {
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
  const bool body = status_has_body(r.status);
  if (!has_length && body) os << "Content-Length: " << r.body.size() << "\r\n";
  if (!has_connection) os << "Connection: " << (close ? "close" : "keep-alive") << "\r\n";
  os << "\r\n";
  if (body && !head) os << r.body;
  return os.str();
}

struct Conn {
  Fd fd;
  std::string in;          // bytes received but not yet parsed
  std::string out;         // response bytes not yet sent
  std::size_t skip = 0;    // request-body bytes still to discard
  bool closing = false;    // no more requests: flush `out`, then close
  bool shut_wr = false;    // FIN sent; now only draining input until EOF
  bool dead = false;
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
  void on_readable(Conn& c);
  void parse(Conn& c);
  void flush(Conn& c);
  HttpResponse dispatch(const HttpRequest& req);
};

void HttpServer::Impl::run() {
  std::vector<pollfd> fds;
  for (;;) {
    fds.clear();
    fds.push_back({wake_r.get(), POLLIN, 0});
    fds.push_back({listener.get(), POLLIN, 0});
    for (const Conn& c : conns) {
      const bool want_read = !c.closing || c.shut_wr;
      fds.push_back({c.fd.get(), static_cast<short>((want_read ? POLLIN : 0) |
                                                    (c.out.empty() ? 0 : POLLOUT)), 0});
    }
    if (::poll(fds.data(), fds.size(), -1) < 0) {
      if (errno == EINTR) continue;
      return;  // nothing sensible left to do; the destructor still joins
    }
    if (fds[0].revents != 0) return;  // the destructor asked us to stop
    for (std::size_t i = 0; i < conns.size(); ++i) {
      const short ev = fds[i + 2].revents;
      if (ev & (POLLIN | POLLHUP | POLLERR)) on_readable(conns[i]);
      if (ev & POLLOUT) flush(conns[i]);
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

void HttpServer::Impl::on_readable(Conn& c) {
  char buf[16 * 1024];
  while (!c.dead) {
    const ssize_t n = ::recv(c.fd.get(), buf, sizeof buf, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
    if (n <= 0) {  // EOF or reset: answer what is complete, then give up
      if (!c.closing) parse(c);
      c.closing = true;
      if (c.out.empty() || n < 0) c.dead = true;
      return;
    }
    // After our FIN we only drain, so the kernel does not answer unread
    // input with an RST that could destroy the response in flight.
    if (c.shut_wr) continue;
    c.in.append(buf, static_cast<std::size_t>(n));
    parse(c);
    flush(c);
    if (c.closing) return;
  }
}

// Consumes every complete request in c.in, queueing one response each.
void HttpServer::Impl::parse(Conn& c) {
  while (!c.closing) {
    const std::size_t skipped = std::min(c.skip, c.in.size());
    c.in.erase(0, skipped);
    c.skip -= skipped;
    if (c.skip > 0) return;

    const std::size_t end = c.in.find("\r\n\r\n");
    if (end == std::string::npos || end + 4 > kMaxHeaderBytes) {
      if (c.in.size() < kMaxHeaderBytes) return;  // wait for the rest
      bool close = true;  // the rest of the stream cannot be framed any more
      c.out += serialize({431, {{"Content-Type", "text/plain"}}, "request header too large\n"},
                         false, close);
      c.closing = true;
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
      bool close = true;  // cannot trust the framing of anything that follows
      c.out += serialize({400, {{"Content-Type", "text/plain"}}, "bad request line\n"}, false, close);
      c.closing = true;
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
    c.out += serialize(dispatch(req), req.method == "HEAD", close);
    c.closing = close;
  }
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

void HttpServer::Impl::flush(Conn& c) {
  while (!c.out.empty()) {
    const ssize_t n = ::send(c.fd.get(), c.out.data(), c.out.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;  // wait for POLLOUT
    if (n < 0) { c.dead = true; return; }
    c.out.erase(0, static_cast<std::size_t>(n));
  }
  if (c.closing && !c.shut_wr) {
    ::shutdown(c.fd.get(), SHUT_WR);  // lingering close: peer sees EOF, we drain
    c.shut_wr = true;
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

}  // namespace headliner::test
