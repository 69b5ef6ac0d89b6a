// A real HTTP/1.1 server on 127.0.0.1 for tests: started in the constructor on
// an ephemeral port, stopped (thread joined) in the destructor.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>

namespace headliner::test {

struct HttpRequest {
  std::string method;
  std::string target;                         // path and query as sent
  std::map<std::string, std::string> headers; // names lower-cased
};

struct HttpResponse {
  int status = 200;
  std::map<std::string, std::string> headers;  // e.g. {"Content-Type", "application/rss+xml"}
  std::string body;
};

class HttpServer {
 public:
  using Handler = std::function<HttpResponse(const HttpRequest&)>;

  HttpServer();   // binds 127.0.0.1:0, starts serving
  ~HttpServer();  // stops and joins
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Serve `response` for GET `path` (exact match on the path, query ignored).
  void route(const std::string& path, HttpResponse response);
  // Serve the bytes of `file` with `content_type` at `path`.
  void route_file(const std::string& path, const std::string& file,
                  const std::string& content_type = "application/xml");
  // Full control for a path.
  void route(const std::string& path, Handler handler);

  std::uint16_t port() const;
  std::string url(const std::string& path) const;  // "http://127.0.0.1:PORT/path"
  int requests_served() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace headliner::test
