#include "fetch.hpp"

#include <curl/curl.h>

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <deque>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "http_headers.hpp"

namespace headliner {
namespace {

// libcurl wants curl_global_init before any handle exists; doing it here, in a
// function-local static, keeps callers from having to know. Never changes after.
void ensure_curl_initialised() {
  static const CURLcode init = curl_global_init(CURL_GLOBAL_DEFAULT);
  if (init != CURLE_OK) throw std::runtime_error(std::string("libcurl: ") + curl_easy_strerror(init));
}

struct EasyDeleter {
  void operator()(CURL* easy) const { curl_easy_cleanup(easy); }
};
struct MultiDeleter {
  void operator()(CURLM* multi) const { curl_multi_cleanup(multi); }
};
struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using EasyHandle = std::unique_ptr<CURL, EasyDeleter>;
using MultiHandle = std::unique_ptr<CURLM, MultiDeleter>;
using HeaderList = std::unique_ptr<curl_slist, SlistDeleter>;

// One transfer in flight: the easy handle and everything its callbacks write to.
struct Transfer {
  FetchRequest request;
  std::string host;  // host_key(request.url)
  EasyHandle easy{curl_easy_init()};
  HeaderList headers;         // request headers beyond libcurl's own
  std::vector<long> statuses;  // of every response on the way, redirects included
  std::string body;
  bool too_large = false;
  char error_buffer[CURL_ERROR_SIZE] = {};
};

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  std::size_t bytes = size * count;
  // The cap is on decompressed bytes (libcurl hands us decoded data), so a
  // small gzip bomb is cut off as surely as a huge plain body.
  if (transfer->body.size() + bytes > transfer->request.max_size) {
    transfer->too_large = true;
    return 0;  // makes libcurl abort with CURLE_WRITE_ERROR
  }
  transfer->body.append(data, bytes);
  return bytes;
}

// Sees each response's header lines; only status lines matter here, to know
// whether the redirects on the way were permanent.
std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  std::string_view line(data, size * count);
  if (line.starts_with("HTTP/")) {
    auto space = line.find(' ');
    long code = 0;
    if (space != std::string_view::npos && line.size() >= space + 4)
      for (char c : line.substr(space + 1, 3)) code = code * 10 + (c >= '0' && c <= '9' ? c - '0' : 0);
    transfer->statuses.push_back(code);
  }
  return size * count;
}

void add_header(HeaderList& list, const std::string& line) {
  curl_slist* grown = curl_slist_append(list.get(), line.c_str());
  if (!grown) throw std::runtime_error("libcurl: out of memory for a request header");
  (void)list.release();
  list.reset(grown);
}

// Validators are sent as they came; one with a line break would be a header
// injection, and is dropped instead.
bool header_safe(const std::string& value) {
  return !value.empty() && value.find_first_of("\r\n") == std::string::npos;
}

void configure(Transfer& t) {
  CURL* e = t.easy.get();
  const FetchRequest& r = t.request;
  curl_easy_setopt(e, CURLOPT_URL, r.url.c_str());
  curl_easy_setopt(e, CURLOPT_PRIVATE, &t);
  curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(e, CURLOPT_WRITEDATA, &t);
  curl_easy_setopt(e, CURLOPT_ERRORBUFFER, t.error_buffer);
  curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https,file");
  curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(e, CURLOPT_MAXREDIRS, 5L);
  curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");  // every encoding libcurl can decode
  curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, static_cast<long>(r.timeout.count()));
  curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(std::min<long long>(r.timeout.count(), 10000)));
  // A body that trickles slower than 100 bytes/s for 30 s is a stalled body.
  curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, 100L);
  curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME, 30L);
  curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(r.max_size));
  curl_easy_setopt(e, CURLOPT_USERAGENT, r.user_agent.c_str());
  curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(e, CURLOPT_HEADERDATA, &t);
  curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, r.verify_tls ? 1L : 0L);
  curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, r.verify_tls ? 2L : 0L);
  if (!r.proxy.empty()) curl_easy_setopt(e, CURLOPT_PROXY, r.proxy.c_str());
  curl_easy_setopt(e, CURLOPT_IPRESOLVE, r.ip == IpVersion::v4   ? CURL_IPRESOLVE_V4
                                         : r.ip == IpVersion::v6 ? CURL_IPRESOLVE_V6
                                                                 : CURL_IPRESOLVE_WHATEVER);
  if (header_safe(r.etag)) add_header(t.headers, "If-None-Match: " + r.etag);
  if (header_safe(r.last_modified)) add_header(t.headers, "If-Modified-Since: " + r.last_modified);
  curl_easy_setopt(e, CURLOPT_HTTPHEADER, t.headers.get());
}

// "500 of 1000 bytes", or "500 bytes" when the server gave no length.
std::string progress(CURL* easy) {
  curl_off_t received = 0, expected = -1;
  curl_easy_getinfo(easy, CURLINFO_SIZE_DOWNLOAD_T, &received);
  curl_easy_getinfo(easy, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &expected);
  std::string text = std::to_string(received);
  if (expected >= 0) text += " of " + std::to_string(expected);
  return text + " bytes";
}

// A URL's scheme, host and port (the scheme's default when not written),
// through libcurl's own parser; nullopt when it cannot be read.
struct UrlOrigin {
  std::string scheme, host, port;
};
std::optional<UrlOrigin> origin_of(const char* url) {
  CURLU* parsed = curl_url();
  char *scheme = nullptr, *host = nullptr, *port = nullptr;
  std::optional<UrlOrigin> origin;
  if (parsed && url && curl_url_set(parsed, CURLUPART_URL, url, 0) == CURLUE_OK &&
      curl_url_get(parsed, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
      curl_url_get(parsed, CURLUPART_HOST, &host, 0) == CURLUE_OK &&
      curl_url_get(parsed, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) == CURLUE_OK)
    origin = UrlOrigin{scheme, host, port};
  curl_free(scheme), curl_free(host), curl_free(port);
  curl_url_cleanup(parsed);
  return origin;
}

// "127.0.0.1 port 8080", from the URL being fetched when it failed.
std::string host_and_port(CURL* easy) {
  char* url = nullptr;
  curl_easy_getinfo(easy, CURLINFO_EFFECTIVE_URL, &url);
  auto origin = origin_of(url);
  return origin ? origin->host + " port " + origin->port : "the server";
}

// libcurl's messages name its internals ("Recv failure", "Operation timed
// out after 1000 milliseconds with …"); the common failures are said here in
// a feed reader's words, with how far the transfer got.
std::string describe_failure(const Transfer& t, CURLcode code) {
  CURL* easy = t.easy.get();
  long os_error = 0;
  curl_easy_getinfo(easy, CURLINFO_OS_ERRNO, &os_error);
  const bool answered = !t.statuses.empty();
  switch (code) {
    case CURLE_WRITE_ERROR:
    case CURLE_FILESIZE_EXCEEDED:
      if (t.too_large || code == CURLE_FILESIZE_EXCEEDED)
        return "response larger than " + std::to_string(t.request.max_size / 1024) + " KiB, not read";
      break;
    case CURLE_OPERATION_TIMEDOUT:
      return "timed out after " + format_duration(t.request.timeout) +
             (answered ? ": stalled after " + progress(easy) : ": no response from the server");
    case CURLE_COULDNT_CONNECT:
      if (os_error == ECONNREFUSED) return "connection refused by " + host_and_port(easy);
      break;
    case CURLE_RECV_ERROR:
      if (os_error == ECONNRESET)
        return "connection reset by the server" + (answered ? " after " + progress(easy) : std::string());
      break;
    case CURLE_PARTIAL_FILE:
      return "connection closed after " + progress(easy);
    case CURLE_GOT_NOTHING:
      return "the server closed the connection without answering";
    case CURLE_TOO_MANY_REDIRECTS:
      return "too many redirects (more than 5)";
    case CURLE_UNSUPPORTED_PROTOCOL:
      if (t.statuses.size() >= 1) {
        char* target = nullptr;
        curl_easy_getinfo(easy, CURLINFO_REDIRECT_URL, &target);
        if (!target) curl_easy_getinfo(easy, CURLINFO_EFFECTIVE_URL, &target);
        return std::string("refused redirect to ") + (target ? target : "another protocol") + " (only http and https)";
      }
      break;
    default:
      break;
  }
  if (t.error_buffer[0]) return t.error_buffer;
  return curl_easy_strerror(code);
}

std::string status_text(long status) {
  static constexpr std::pair<long, const char*> kReasons[] = {
      {400, "Bad Request"},        {401, "Unauthorized"},          {403, "Forbidden"},
      {404, "Not Found"},          {405, "Method Not Allowed"},    {406, "Not Acceptable"},
      {408, "Request Timeout"},    {410, "Gone"},                  {429, "Too Many Requests"},
      {451, "Unavailable For Legal Reasons"},                      {500, "Internal Server Error"},
      {501, "Not Implemented"},    {502, "Bad Gateway"},           {503, "Service Unavailable"},
      {504, "Gateway Timeout"}};
  std::string text = "HTTP " + std::to_string(status);
  for (const auto& [code, reason] : kReasons)
    if (code == status) return text + " " + reason;
  return text;
}

// The value of a header of the last response, "" when absent.
std::string header_of(CURL* easy, const char* name) {
  curl_header* header = nullptr;
  if (curl_easy_header(easy, name, 0, CURLH_HEADER, -1, &header) != CURLHE_OK || !header) return {};
  return header->value ? header->value : "";
}

bool every_redirect_permanent(const std::vector<long>& statuses) {
  if (statuses.size() < 2) return false;
  return std::all_of(statuses.begin(), statuses.end() - 1, [](long s) { return s == 301 || s == 308; });
}

void read_caching_headers(CURL* easy, FetchResult& result) {
  result.etag = header_of(easy, "ETag");
  result.last_modified = header_of(easy, "Last-Modified");
  // Relative to the server's clock when it says what time it is.
  auto date = parse_http_date(header_of(easy, "Date"));
  UtcTime reference = date.value_or(std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()));
  if (std::string retry = header_of(easy, "Retry-After"); !retry.empty())
    result.retry_after = parse_retry_after(retry, reference);
  result.fresh_for = freshness_lifetime(header_of(easy, "Cache-Control"), header_of(easy, "Expires"), reference);
}

FetchResult finish(Transfer& t, CURLcode code) {
  FetchResult result;
  result.feed = t.request.feed;
  result.url = t.request.url;
  char* effective = nullptr;
  curl_easy_getinfo(t.easy.get(), CURLINFO_EFFECTIVE_URL, &effective);
  result.effective_url = effective ? effective : t.request.url;
  curl_easy_getinfo(t.easy.get(), CURLINFO_RESPONSE_CODE, &result.http_status);
  char* content_type = nullptr;
  curl_easy_getinfo(t.easy.get(), CURLINFO_CONTENT_TYPE, &content_type);
  if (content_type) result.content_type = content_type;
  if (result.http_status > 0) read_caching_headers(t.easy.get(), result);
  if (every_redirect_permanent(t.statuses)) result.moved_to = result.effective_url;
  result.not_modified = code == CURLE_OK && result.http_status == 304;
  if (code != CURLE_OK)
    result.error = describe_failure(t, code);
  else if (result.http_status >= 400)
    result.error = status_text(result.http_status);
  else if (result.http_status >= 300 && !result.not_modified)
    result.error = status_text(result.http_status) + " without a usable Location";
  else if (t.body.empty() && !result.not_modified)
    result.error = "empty response";
  result.body = std::move(t.body);
  return result;
}

}  // namespace

FetchResult failed(const FetchRequest& request, std::string error) {
  FetchResult result;
  result.feed = request.feed;
  result.url = request.url;
  result.effective_url = request.url;
  result.error = std::move(error);
  return result;
}

// At most this many transfers to one host at once: politeness.
constexpr int kMaxPerHost = 2;

// "http://example.com:80": transfers to the same key share the per-host cap.
std::string host_key(const std::string& url) {
  auto origin = origin_of(url.c_str());
  return origin ? origin->scheme + "://" + origin->host + ":" + origin->port : url;
}

struct Fetcher::Impl {
  MultiHandle multi;
  int max_parallel = 1;
  std::vector<std::unique_ptr<Transfer>> transfers;
  // Requests beyond the caps wait here rather than inside libcurl, whose
  // timeout would count the wait: a feed queued behind a stalled one must
  // get its whole timeout once it starts.
  std::deque<std::pair<FetchRequest, std::string>> waiting;  // with host_key
  std::vector<FetchResult> refused;  // failed before they started; handed out by the next wait()

  int active_on(const std::string& host) const {
    return static_cast<int>(std::count_if(transfers.begin(), transfers.end(),
                                          [&](const auto& t) { return t->host == host; }));
  }

  // Starts waiting requests, in order, as far as the caps allow.
  void pump() {
    for (auto it = waiting.begin(); it != waiting.end() && static_cast<int>(transfers.size()) < max_parallel;) {
      if (active_on(it->second) >= kMaxPerHost) {
        ++it;
        continue;
      }
      launch(std::move(it->first), std::move(it->second));
      it = waiting.erase(it);
    }
  }

  void launch(FetchRequest request, std::string host) {
    auto transfer = std::make_unique<Transfer>();
    transfer->request = std::move(request);
    transfer->host = std::move(host);
    if (!transfer->easy) throw std::runtime_error("libcurl: cannot create a transfer");
    configure(*transfer);
    if (CURLMcode code = curl_multi_add_handle(multi.get(), transfer->easy.get()); code != CURLM_OK) {
      refused.push_back(failed(transfer->request, std::string("libcurl: ") + curl_multi_strerror(code)));
      return;
    }
    transfers.push_back(std::move(transfer));
  }

  std::vector<FetchResult> collect_finished() {
    std::vector<FetchResult> results;
    int queued = 0;
    while (CURLMsg* message = curl_multi_info_read(multi.get(), &queued)) {
      if (message->msg != CURLMSG_DONE) continue;
      CURL* easy = message->easy_handle;
      CURLcode code = message->data.result;
      auto it = std::find_if(transfers.begin(), transfers.end(),
                             [&](const auto& t) { return t->easy.get() == easy; });
      if (it == transfers.end()) continue;
      results.push_back(finish(**it, code));
      curl_multi_remove_handle(multi.get(), easy);
      transfers.erase(it);
    }
    return results;
  }
};

Fetcher::Fetcher(int max_parallel) : impl_(std::make_unique<Impl>()) {
  impl_->max_parallel = std::max(1, max_parallel);
  ensure_curl_initialised();
  impl_->multi.reset(curl_multi_init());
  if (!impl_->multi) throw std::runtime_error("libcurl: cannot create a multi handle");
  // The caps are kept by pump(); these only bound libcurl's connection
  // cache (connections are reused between transfers to the same host).
  curl_multi_setopt(impl_->multi.get(), CURLMOPT_MAX_TOTAL_CONNECTIONS, static_cast<long>(max_parallel));
  curl_multi_setopt(impl_->multi.get(), CURLMOPT_MAX_HOST_CONNECTIONS, static_cast<long>(kMaxPerHost));
}

Fetcher::~Fetcher() {
  for (auto& t : impl_->transfers) curl_multi_remove_handle(impl_->multi.get(), t->easy.get());
}

namespace {

std::string percent_decoded(std::string_view text) {
  auto hex = [](char c) {
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
  };
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && hex(text[i + 1]) >= 0 && hex(text[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex(text[i + 1]) * 16 + hex(text[i + 2])));
      i += 2;
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

// libcurl opens file:// paths with a blocking open(): a FIFO or a device
// would stall the whole loop, so only regular files are read.
std::string refuse_local_file(const std::string& url) {
  if (!url.starts_with("file://")) return {};
  std::string path = percent_decoded(url.substr(7));
  if (!path.starts_with('/')) return {};  // file://host/… : libcurl refuses it itself
  struct stat info {};
  if (stat(path.c_str(), &info) != 0) return std::string("cannot read ") + path + ": " + std::strerror(errno);
  if (!S_ISREG(info.st_mode)) return path + " is not a regular file";
  return {};
}


}  // namespace

void Fetcher::start(const FetchRequest& request) {
  if (std::string refusal = refuse_local_file(request.url); !refusal.empty()) {
    impl_->refused.push_back(failed(request, std::move(refusal)));
    return;
  }
  impl_->waiting.emplace_back(request, host_key(request.url));
  impl_->pump();
}

std::vector<FetchResult> Fetcher::wait(std::span<const int> wake_fds, Duration timeout) {
  std::vector<curl_waitfd> extra;
  for (int fd : wake_fds)
    if (fd >= 0) extra.push_back(curl_waitfd{fd, CURL_WAIT_POLLIN, 0});
  // What failed before it started is an answer already: do not sleep on it.
  if (!impl_->refused.empty()) timeout = Duration(0);
  int timeout_ms = static_cast<int>(std::clamp<long long>(timeout.count(), 0, INT_MAX));
  int ignored = 0;
  curl_multi_poll(impl_->multi.get(), extra.data(), static_cast<unsigned>(extra.size()), timeout_ms, &ignored);
  int running = 0;
  curl_multi_perform(impl_->multi.get(), &running);
  std::vector<FetchResult> done = std::move(impl_->refused);
  impl_->refused.clear();
  for (auto& result : impl_->collect_finished()) done.push_back(std::move(result));
  if (!done.empty()) impl_->pump();
  return done;
}

std::size_t Fetcher::in_flight() const {
  return impl_->transfers.size() + impl_->waiting.size() + impl_->refused.size();
}

}  // namespace headliner
