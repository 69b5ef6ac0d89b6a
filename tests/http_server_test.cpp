// Tests for the test HTTP server, driven by a deliberately dumb POSIX-socket
// client so that the server's framing (not curl's leniency) is what is checked.
#include "support/http_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <cstdio>
#include <fstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace headliner::test {
namespace {

struct Reply {
  int status = 0;
  std::string status_line;
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
};

// A blocking client connection with a receive timeout, so a server bug fails
// the test instead of hanging it.
class Client {
 public:
  explicit Client(std::uint16_t port) : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    if (fd_ < 0) throw std::runtime_error("socket");
    set_timeout(std::chrono::seconds(5));
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      ::close(fd_);
      throw std::runtime_error("connect");
    }
  }
  ~Client() { ::close(fd_); }
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  void send(const std::string& data) {
    for (std::size_t off = 0; off < data.size();) {
      const ssize_t n = ::send(fd_, data.data() + off, data.size() - off, MSG_NOSIGNAL);
      if (n <= 0) throw std::runtime_error("send");
      off += static_cast<std::size_t>(n);
    }
  }

  // Reads one response; the body is framed by Content-Length only, so any
  // stray bytes after a bodiless response would corrupt the next read.
  Reply read_reply(bool head = false) {
    Reply r = read_head();
    std::size_t length = 0;
    if (!head && r.headers.count("content-length")) length = std::stoul(r.headers["content-length"]);
    r.body = read_exactly(length);
    return r;
  }

  // Status line and headers only; body bytes stay buffered for read_exactly().
  Reply read_head() {
    std::size_t end;
    while ((end = buf_.find("\r\n\r\n")) == std::string::npos)
      if (!fill()) throw std::runtime_error("eof before headers: " + buf_);
    Reply r;
    std::string head_text = buf_.substr(0, end + 2);
    buf_.erase(0, end + 4);
    std::size_t eol = head_text.find("\r\n");
    r.status_line = head_text.substr(0, eol);
    r.status = std::stoi(r.status_line.substr(9, 3));
    for (std::size_t pos = eol + 2; pos < head_text.size(); pos = eol + 2) {
      eol = head_text.find("\r\n", pos);
      const std::string line = head_text.substr(pos, eol - pos);
      const std::size_t colon = line.find(':');
      std::string name = line.substr(0, colon);
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      r.headers[name] = line.substr(line.find_first_not_of(' ', colon + 1));
    }
    return r;
  }

  std::string read_exactly(std::size_t length) {
    while (buf_.size() < length)
      if (!fill()) throw std::runtime_error("eof in body");
    std::string out = buf_.substr(0, length);
    buf_.erase(0, length);
    return out;
  }

  // True when the server closed the connection and nothing else was sent.
  bool at_eof() { return buf_.empty() && !fill(); }

  // What the connection does next, waiting at most `wait`; buffered bytes count as data.
  enum class Next { data, eof, reset, silence };
  Next next(std::chrono::milliseconds wait) {
    if (!buf_.empty()) return Next::data;
    set_timeout(wait);
    char tmp[4096];
    const ssize_t n = ::recv(fd_, tmp, sizeof tmp, 0);
    const int err = errno;
    set_timeout(std::chrono::seconds(5));
    if (n > 0) buf_.append(tmp, static_cast<std::size_t>(n));
    if (n > 0) return Next::data;
    if (n == 0) return Next::eof;
    if (err == ECONNRESET) return Next::reset;
    if (err == EAGAIN || err == EWOULDBLOCK) return Next::silence;
    throw std::runtime_error(std::string("recv: ") + std::strerror(err));
  }

 private:
  void set_timeout(std::chrono::microseconds wait) {
    timeval tv{static_cast<time_t>(wait.count() / 1000000), static_cast<suseconds_t>(wait.count() % 1000000)};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  }

  bool fill() {
    char tmp[4096];
    const ssize_t n = ::recv(fd_, tmp, sizeof tmp, 0);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) throw std::runtime_error("recv timed out");
    if (n <= 0) return false;
    buf_.append(tmp, static_cast<std::size_t>(n));
    return true;
  }

  int fd_;
  std::string buf_;
};

std::string get(const std::string& path, const std::string& extra = "") {
  return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extra + "\r\n";
}

const HttpResponse kFeed{200, {{"Content-Type", "application/rss+xml"}}, "<rss>hello</rss>"};

TEST(HttpServer, ServesRoutedBodyWithContentLength) {
  HttpServer server;
  server.route("/feed.xml", kFeed);
  Client c(server.port());
  c.send(get("/feed.xml"));
  const Reply r = c.read_reply();
  EXPECT_EQ(r.status_line, "HTTP/1.1 200 OK");
  EXPECT_EQ(r.headers.at("content-type"), "application/rss+xml");
  EXPECT_EQ(r.headers.at("content-length"), std::to_string(kFeed.body.size()));
  EXPECT_EQ(r.headers.at("connection"), "keep-alive");
  EXPECT_EQ(r.body, kFeed.body);
  EXPECT_EQ(server.url("/feed.xml"), "http://127.0.0.1:" + std::to_string(server.port()) + "/feed.xml");
}

TEST(HttpServer, AnswersUnknownPathWith404AndSmallBody) {
  HttpServer server;
  server.route("/feed.xml", kFeed);
  Client c(server.port());
  c.send(get("/nope"));
  const Reply r = c.read_reply();
  EXPECT_EQ(r.status_line, "HTTP/1.1 404 Not Found");
  EXPECT_FALSE(r.body.empty());
  EXPECT_LT(r.body.size(), 200u);
}

TEST(HttpServer, ServesTwoRequestsOnOneKeepAliveConnectionIgnoringQuery) {
  HttpServer server;
  server.route("/a", HttpResponse{200, {}, "first"});
  server.route("/b", HttpResponse{200, {}, "second"});
  Client c(server.port());
  c.send(get("/a"));
  EXPECT_EQ(c.read_reply().body, "first");
  c.send(get("/b?cache=bust&x=1"));
  EXPECT_EQ(c.read_reply().body, "second");
}

TEST(HttpServer, AnswersPipelinedRequestsInOrder) {
  HttpServer server;
  server.route("/a", HttpResponse{200, {}, "first"});
  server.route("/b", HttpResponse{200, {}, "second"});
  Client c(server.port());
  c.send(get("/a") + get("/b"));
  EXPECT_EQ(c.read_reply().body, "first");
  EXPECT_EQ(c.read_reply().body, "second");
}

TEST(HttpServer, HandlerSeesRequestHeadersAndCanAnswer304WithoutBody) {
  HttpServer server;
  server.route("/feed.xml", [](const HttpRequest& req) {
    if (auto it = req.headers.find("if-none-match"); it != req.headers.end() && it->second == "\"v1\"")
      return HttpResponse{304, {{"ETag", "\"v1\""}}, ""};
    return HttpResponse{200, {{"ETag", "\"v1\""}}, "<rss/>"};
  });
  Client c(server.port());
  c.send(get("/feed.xml"));
  const Reply first = c.read_reply();
  EXPECT_EQ(first.status, 200);
  c.send(get("/feed.xml", "IF-NONE-MATCH: " + first.headers.at("etag") + "\r\n"));
  const Reply second = c.read_reply();
  EXPECT_EQ(second.status_line, "HTTP/1.1 304 Not Modified");
  EXPECT_EQ(second.headers.count("content-length"), 0u);
  // A stray body after the 304 would show up as garbage in front of this reply.
  c.send(get("/feed.xml"));
  EXPECT_EQ(c.read_reply().body, "<rss/>");
}

TEST(HttpServer, HeadSendsHeadersWithLengthButNoBody) {
  HttpServer server;
  server.route("/feed.xml", kFeed);
  Client c(server.port());
  c.send("HEAD /feed.xml HTTP/1.1\r\nHost: x\r\n\r\n");
  const Reply head = c.read_reply(/*head=*/true);
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.headers.at("content-length"), std::to_string(kFeed.body.size()));
  c.send(get("/feed.xml"));
  EXPECT_EQ(c.read_reply().body, kFeed.body);
}

TEST(HttpServer, ClosesConnectionWhenClientAsksTo) {
  HttpServer server;
  server.route("/feed.xml", kFeed);
  Client c(server.port());
  c.send(get("/feed.xml", "Connection: close\r\n"));
  const Reply r = c.read_reply();
  EXPECT_EQ(r.headers.at("connection"), "close");
  EXPECT_EQ(r.body, kFeed.body);
  EXPECT_TRUE(c.at_eof());
}

TEST(HttpServer, SkipsRequestBodyUsingContentLength) {
  HttpServer server;
  server.route("/post", [](const HttpRequest& req) { return HttpResponse{201, {}, req.method}; });
  Client c(server.port());
  c.send("POST /post HTTP/1.1\r\nContent-Length: 11\r\n\r\nhello");
  EXPECT_EQ(c.read_reply().status_line, "HTTP/1.1 201 Created");
  c.send(" world" + get("/post"));  // rest of the body, then the next request
  EXPECT_EQ(c.read_reply().body, "GET");
}

TEST(HttpServer, ServesConcurrentClients) {
  HttpServer server;
  server.route("/feed.xml", kFeed);
  constexpr int kClients = 8, kRequestsEach = 5;
  // Open every connection before any request, so all are live at once.
  std::vector<std::unique_ptr<Client>> clients;
  for (int i = 0; i < kClients; ++i) clients.push_back(std::make_unique<Client>(server.port()));
  std::vector<std::thread> threads;
  std::vector<int> ok(kClients, 0);
  for (int i = 0; i < kClients; ++i)
    threads.emplace_back([&, i] {
      try {
        for (int n = 0; n < kRequestsEach; ++n) {
          clients[i]->send(get("/feed.xml"));
          ok[i] += clients[i]->read_reply().body == kFeed.body;
        }
      } catch (const std::exception&) {
      }
    });
  for (auto& t : threads) t.join();
  for (int i = 0; i < kClients; ++i) EXPECT_EQ(ok[i], kRequestsEach) << "client " << i;
  EXPECT_EQ(server.requests_served(), kClients * kRequestsEach);
}

TEST(HttpServer, CountsEveryRequestServedIncluding404) {
  HttpServer server;
  server.route("/feed.xml", kFeed);
  EXPECT_EQ(server.requests_served(), 0);
  Client c(server.port());
  c.send(get("/feed.xml"));
  c.read_reply();
  c.send(get("/missing"));
  c.read_reply();
  EXPECT_EQ(server.requests_served(), 2);
}

TEST(HttpServer, RejectsOversizedHeadersWith431AndCloses) {
  HttpServer server;
  Client c(server.port());
  c.send("GET / HTTP/1.1\r\nX-Big: " + std::string(70 * 1024, 'a') + "\r\n\r\n");
  const Reply r = c.read_reply();
  EXPECT_EQ(r.status_line, "HTTP/1.1 431 Request Header Fields Too Large");
  EXPECT_TRUE(c.at_eof());
}

TEST(HttpServer, RejectsMalformedRequestLineWith400AndCloses) {
  HttpServer server;
  Client c(server.port());
  c.send("NONSENSE\r\n\r\n");
  EXPECT_EQ(c.read_reply().status_line, "HTTP/1.1 400 Bad Request");
  EXPECT_TRUE(c.at_eof());
}

TEST(HttpServer, RouteFileServesFileBytesAndThrowsForMissingFile) {
  // Per-process name: ctest runs test cases in parallel processes.
  const std::string file =
      ::testing::TempDir() + "http_server_test_" + std::to_string(::getpid()) + ".xml";
  { std::ofstream(file, std::ios::binary) << "<rss>from file</rss>"; }
  HttpServer server;
  server.route_file("/f.xml", file);
  std::remove(file.c_str());  // read at route time, so removal must not matter
  Client c(server.port());
  c.send(get("/f.xml"));
  const Reply r = c.read_reply();
  EXPECT_EQ(r.headers.at("content-type"), "application/xml");
  EXPECT_EQ(r.body, "<rss>from file</rss>");
  try {
    server.route_file("/g.xml", "/nonexistent/feed.xml");
    FAIL() << "expected std::runtime_error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/feed.xml"), std::string::npos);
  }
}

TEST(HttpServer, DestructionWithConnectedClientReturnsPromptly) {
  auto server = std::make_unique<HttpServer>();
  server->route("/feed.xml", kFeed);
  Client idle(server->port());
  Client partial(server->port());
  partial.send("GET /feed.xml HTTP/1.1\r\nHost");  // request left unfinished
  idle.send(get("/feed.xml"));
  idle.read_reply();  // make sure the server thread is up and holding connections
  const auto start = std::chrono::steady_clock::now();
  server.reset();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
  EXPECT_TRUE(partial.at_eof());
}

// ---- Faults on command ----------------------------------------------------

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

HttpResponse with_body(std::string body) {
  return HttpResponse{200, {{"Content-Type", "application/rss+xml"}}, std::move(body)};
}

TEST(HttpServerFaults, DelaysHeadersWithoutHoldingUpOtherConnections) {
  HttpServer server;
  HttpResponse slow = with_body("late");
  slow.delay_before_headers = milliseconds(600);
  server.route("/slow", slow);
  server.route("/fast", with_body("quick"));
  Client slow_client(server.port()), fast_client(server.port());
  const auto start = Clock::now();
  slow_client.send(get("/slow"));
  fast_client.send(get("/fast"));
  EXPECT_EQ(fast_client.read_reply().body, "quick");
  EXPECT_LT(Clock::now() - start, milliseconds(300));
  EXPECT_EQ(slow_client.next(milliseconds(200)), Client::Next::silence);
  EXPECT_EQ(slow_client.read_reply().body, "late");
  EXPECT_GE(Clock::now() - start, milliseconds(590));
  // The connection stays usable after the delay.
  slow_client.send(get("/fast"));
  EXPECT_EQ(slow_client.read_reply().body, "quick");
}

TEST(HttpServerFaults, DelayedResponseKeepsPipelinedOrder) {
  HttpServer server;
  HttpResponse slow = with_body("first");
  slow.delay_before_headers = milliseconds(200);
  server.route("/slow", slow);
  server.route("/fast", with_body("second"));
  Client c(server.port());
  c.send(get("/slow") + get("/fast"));
  EXPECT_EQ(c.read_reply().body, "first");
  EXPECT_EQ(c.read_reply().body, "second");
}

TEST(HttpServerFaults, StallsHalfwayAndHoldsTheConnectionOpen) {
  HttpServer server;
  HttpResponse stalled = with_body("0123456789");
  stalled.stall_after = 4;
  server.route("/stall", stalled);
  server.route("/fast", with_body("quick"));
  Client c(server.port());
  c.send(get("/stall"));
  const Reply head = c.read_head();
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.headers.at("content-length"), "10");  // promises the whole body
  EXPECT_EQ(c.read_exactly(4), "0123");
  EXPECT_EQ(c.next(milliseconds(300)), Client::Next::silence);
  Client other(server.port());
  other.send(get("/fast"));
  EXPECT_EQ(other.read_reply().body, "quick");
  EXPECT_EQ(c.next(milliseconds(100)), Client::Next::silence);  // still held, not closed
}

TEST(HttpServerFaults, ResetsTheConnectionMidBody) {
  HttpServer server;
  HttpResponse reset = with_body(std::string(1000, 'r'));
  reset.reset_after = 500;
  server.route("/reset", reset);
  Client c(server.port());
  c.send(get("/reset"));
  EXPECT_EQ(c.read_head().headers.at("content-length"), "1000");
  EXPECT_EQ(c.read_exactly(500), std::string(500, 'r'));
  EXPECT_EQ(c.next(milliseconds(2000)), Client::Next::reset);
}

TEST(HttpServerFaults, ClosesTheConnectionMidBody) {
  HttpServer server;
  HttpResponse cut = with_body("0123456789");
  cut.close_after = 3;
  server.route("/cut", cut);
  Client c(server.port());
  c.send(get("/cut"));
  EXPECT_EQ(c.read_head().headers.at("content-length"), "10");
  EXPECT_EQ(c.read_exactly(3), "012");
  EXPECT_EQ(c.next(milliseconds(2000)), Client::Next::eof);
}

TEST(HttpServerFaults, EndlessBodyStreamsUntilTheClientLeaves) {
  HttpServer server;
  HttpResponse endless = with_body("<item/>");
  endless.endless = true;
  server.route("/endless", endless);
  server.route("/fast", with_body("quick"));
  {
    Client c(server.port());
    c.send(get("/endless"));
    const Reply head = c.read_head();
    EXPECT_EQ(head.status, 200);
    EXPECT_EQ(head.headers.count("content-length"), 0u);
    EXPECT_EQ(head.headers.at("connection"), "close");
    const std::string body = c.read_exactly(7 * 100000);  // 700 kB, and more is coming
    EXPECT_EQ(body.substr(0, 14), "<item/><item/>");
    EXPECT_EQ(body.substr(body.size() - 7), "<item/>");
    // Meanwhile another client is served.
    Client other(server.port());
    other.send(get("/fast"));
    EXPECT_EQ(other.read_reply().body, "quick");
    EXPECT_EQ(c.next(milliseconds(1000)), Client::Next::data);
  }  // the client leaves mid-stream
  Client after(server.port());
  after.send(get("/fast"));
  EXPECT_EQ(after.read_reply().body, "quick");
}

TEST(HttpServerFaults, ClosesWithoutAnyResponse) {
  HttpServer server;
  HttpResponse mute = with_body("never sent");
  mute.close_without_response = true;
  server.route("/mute", mute);
  Client c(server.port());
  c.send(get("/mute"));
  EXPECT_TRUE(c.at_eof());
  EXPECT_EQ(server.requests_served(), 1);
}

TEST(HttpServerFaults, HeadWithABodyFaultSendsPlainHeaders) {
  HttpServer server;
  HttpResponse stalled = with_body("0123456789");
  stalled.stall_after = 4;
  server.route("/stall", stalled);
  Client c(server.port());
  c.send("HEAD /stall HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(c.read_reply(/*head=*/true).headers.at("content-length"), "10");
  c.send(get("/nope"));
  EXPECT_EQ(c.read_reply().status, 404);
}

TEST(HttpServerFaults, HandlerCanAnswerIfModifiedSinceWith304) {
  HttpServer server;
  const std::string stamp = "Tue, 02 Sep 2025 09:15:00 GMT";
  server.route("/feed.xml", [stamp](const HttpRequest& req) {
    if (auto it = req.headers.find("if-modified-since"); it != req.headers.end() && it->second == stamp)
      return HttpResponse{304, {{"Last-Modified", stamp}}, ""};
    return HttpResponse{200, {{"Last-Modified", stamp}}, "<rss/>"};
  });
  Client c(server.port());
  c.send(get("/feed.xml"));
  EXPECT_EQ(c.read_reply().headers.at("last-modified"), stamp);
  c.send(get("/feed.xml", "If-Modified-Since: " + stamp + "\r\n"));
  EXPECT_EQ(c.read_reply().status, 304);
}

TEST(HttpServerFaults, DestructionDropsStalledEndlessAndDelayedConnectionsPromptly) {
  auto server = std::make_unique<HttpServer>();
  HttpResponse stalled = with_body(std::string(100, 's'));
  stalled.stall_after = 10;
  HttpResponse endless = with_body("e");
  endless.endless = true;
  HttpResponse delayed = with_body("d");
  delayed.delay_before_headers = milliseconds(60000);
  server->route("/stall", stalled);
  server->route("/endless", endless);
  server->route("/delayed", delayed);
  Client a(server->port()), b(server->port()), d(server->port());
  a.send(get("/stall"));
  b.send(get("/endless"));
  d.send(get("/delayed"));
  a.read_head();
  b.read_head();
  ASSERT_EQ(d.next(milliseconds(100)), Client::Next::silence);
  const auto start = Clock::now();
  server.reset();
  EXPECT_LT(Clock::now() - start, milliseconds(500));
  EXPECT_EQ(d.next(milliseconds(1000)), Client::Next::eof);
  EXPECT_EQ(a.read_exactly(10), std::string(10, 's'));
  EXPECT_EQ(a.next(milliseconds(1000)), Client::Next::eof);
}

TEST(HttpServerFaults, GzipOfRepeatedXIsASmallGzipMemberNamingItsInflatedSize) {
  const std::size_t inflated = 1 << 20;
  const std::string gz = gzip_of_repeated_x(inflated);
  ASSERT_GE(gz.size(), 18u);
  EXPECT_EQ(gz.substr(0, 3), std::string("\x1f\x8b\x08"));  // gzip magic, deflate
  EXPECT_LT(gz.size(), inflated / 100);
  std::uint32_t isize = 0;  // the trailer's last 4 bytes, little-endian
  for (int i = 0; i < 4; ++i)
    isize |= static_cast<std::uint32_t>(static_cast<unsigned char>(gz[gz.size() - 4 + static_cast<std::size_t>(i)])) << (8 * i);
  EXPECT_EQ(isize, inflated);
  // Whether it really inflates to that is checked through libcurl in fetch_faults_test.
}

}  // namespace
}  // namespace headliner::test
