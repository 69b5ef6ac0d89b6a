// A real HTTP/1.1 server on 127.0.0.1 for tests: started in the constructor on
// an ephemeral port, stopped (thread joined) in the destructor. A response can
// misbehave on command (the fault knobs of HttpResponse); one poll() thread
// serves every connection, so a stalled or endless one never blocks the others,
// and the destructor drops them all at once.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
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

  // Fault knobs: set after aggregate initialisation, e.g.
  //   HttpResponse r{200, {}, body}; r.stall_after = body.size() / 2;
  // Every knob has a default member initialiser, so `HttpResponse{200, {}, "x"}`
  // stays warning-free. The body knobs (stall/reset/close_after, endless) apply
  // to a response that has a body (not HEAD, 1xx, 204 or 304); the first one set
  // in this order wins: close_without_response, endless, reset_after, close_after,
  // stall_after. A count past the body's end sends all of it, then does the
  // fault (a stalled keep-alive connection then swallows the next request).
  // A faulty response is the last one its connection answers.

  // Nothing is sent for this long after the request arrived (slow headers).
  // Later requests on the same connection wait behind it.
  std::chrono::milliseconds delay_before_headers{0};
  // Close the connection (FIN) as soon as the request is read (and any delay
  // is over): no status line.
  bool close_without_response = false;
  // Headers without Content-Length, "Connection: close", then `body` (or 'x'
  // filler when empty) repeated until the client goes away or the server stops.
  bool endless = false;
  // Send the headers (Content-Length: the full body) and this many body bytes,
  // wait until the client has them, then abort the connection with a TCP RST
  // (SO_LINGER 0, close).
  std::optional<std::size_t> reset_after = std::nullopt;
  // Same, but end with an orderly close (FIN): a truncated body.
  std::optional<std::size_t> close_after = std::nullopt;
  // Same, but then send nothing more and hold the connection open until the
  // client gives up or the server stops.
  std::optional<std::size_t> stall_after = std::nullopt;
};

// A gzip member (RFC 1952) that inflates to `inflated_size` bytes of 'x', about
// 160 times smaller than that (fixed-Huffman deflate of back-references): serve
// it with "Content-Encoding: gzip" as a gzip bomb. Made here, without zlib.
std::string gzip_of_repeated_x(std::size_t inflated_size);

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
