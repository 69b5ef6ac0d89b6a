// Fetching feeds: libcurl's multi interface, driven by the caller's event loop.
// No thread per feed; wait() is where the loop sleeps.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "duration.hpp"

namespace headliner {

enum class IpVersion { any, v4, v6 };

struct FetchRequest {
  FetchRequest() = default;
  // The settings every request has; the rest are set by name.
  FetchRequest(std::string feed_name, std::string feed_url, Duration timeout_, std::size_t max_size_,
               std::string agent)
      : feed(std::move(feed_name)), url(std::move(feed_url)), timeout(timeout_), max_size(max_size_),
        user_agent(std::move(agent)) {}

  std::string feed;  // name, for messages
  std::string url;   // http://, https:// or file://
  Duration timeout = std::chrono::seconds(20);
  std::size_t max_size = 4 * 1024 * 1024;  // bytes after decompression
  std::string user_agent;
  // Validators from the last answer, sent back verbatim (If-None-Match,
  // If-Modified-Since) so an unchanged feed costs a 304 and no parsing.
  std::string etag;
  std::string last_modified;
  std::string proxy;        // "" = libcurl's own: $http_proxy, $https_proxy, $no_proxy
  bool verify_tls = true;   // off only by an explicit, loud per-feed opt-out
  IpVersion ip = IpVersion::any;
};

struct FetchResult {
  std::string feed;
  std::string url;            // as requested
  std::string effective_url;  // after redirects: the base for relative links
  long http_status = 0;       // 0 for file://
  std::string content_type;
  std::string body;
  bool not_modified = false;  // 304: the feed is as it was, body empty
  // The answer's validators ("" when it sent none) and what it said about
  // when to come back.
  std::string etag;
  std::string last_modified;
  std::optional<Duration> retry_after;  // Retry-After on any answer (429, 503, 3xx)
  std::optional<Duration> fresh_for;    // Cache-Control max-age, or Expires minus Date
  // Set when every redirect on the way was permanent (301, 308): the feed's
  // new home, to be asked directly next time.
  std::string moved_to;
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

  // Sleeps until a transfer makes progress, one of `wake_fds` (those >= 0)
  // becomes readable, or `timeout` passes; moves transfers on and returns
  // those that finished.
  std::vector<FetchResult> wait(std::span<const int> wake_fds, Duration timeout);
  std::vector<FetchResult> wait(int wake_fd, Duration timeout) { return wait(std::span<const int>(&wake_fd, 1), timeout); }

  std::size_t in_flight() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace headliner
