// Fetching feeds: libcurl's multi interface, driven by the caller's event loop.
// No thread per feed; wait() is where the loop sleeps.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "duration.hpp"

namespace headliner {

struct FetchRequest {
  std::string feed;  // name, for messages
  std::string url;   // http://, https:// or file://
  Duration timeout = std::chrono::seconds(20);
  std::size_t max_size = 4 * 1024 * 1024;  // bytes after decompression
  std::string user_agent;
};

struct FetchResult {
  std::string feed;
  std::string url;            // as requested
  std::string effective_url;  // after redirects: the base for relative links
  long http_status = 0;       // 0 for file://
  std::string content_type;
  std::string body;
  std::string error;  // empty on success, else why, in words a user can act on
  explicit operator bool() const { return error.empty(); }
};

class Fetcher {
 public:
  explicit Fetcher(int max_parallel);
  ~Fetcher();
  Fetcher(const Fetcher&) = delete;
  Fetcher& operator=(const Fetcher&) = delete;

  void start(const FetchRequest& request);

  // Sleeps until a transfer makes progress, `wake_fd` (>= 0) becomes readable,
  // or `timeout` passes; moves transfers on and returns those that finished.
  std::vector<FetchResult> wait(int wake_fd, Duration timeout);

  std::size_t in_flight() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace headliner
