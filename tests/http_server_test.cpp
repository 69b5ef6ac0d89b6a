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
#include <chrono>
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
    timeval tv{5, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
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
    std::size_t length = 0;
    if (!head && r.headers.count("content-length")) length = std::stoul(r.headers["content-length"]);
    while (buf_.size() < length)
      if (!fill()) throw std::runtime_error("eof in body");
    r.body = buf_.substr(0, length);
    buf_.erase(0, length);
    return r;
  }

  // True when the server closed the connection and nothing else was sent.
  bool at_eof() { return buf_.empty() && !fill(); }

 private:
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

}  // namespace
}  // namespace headliner::test
