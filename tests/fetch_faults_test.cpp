// The real Fetcher against a real server on 127.0.0.1 that misbehaves on
// command (tests/support/http_server): what a user sees for each fault, how
// soon, and that a bad feed never holds up a good one fetched at the same time.
//
// Errors are in a feed reader's words, not libcurl's.
#include "fetch.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <map>
#include <optional>
#include <ostream>
#include <random>
#include <string>
#include <vector>

#include "support/http_server.hpp"
#include "support/test_names.hpp"

namespace headliner {
namespace {

using namespace std::chrono_literals;
using std::chrono::milliseconds;
using test::HttpRequest;
using test::HttpResponse;
using test::HttpServer;
using Clock = std::chrono::steady_clock;

constexpr std::size_t kCap = 64 * 1024;     // max_size of the feeds under test
constexpr Duration kBadTimeout = 1s;        // for feeds that are meant to time out
constexpr Duration kGoodTimeout = 2s;
constexpr milliseconds kPromptly = 400ms;   // well inside kBadTimeout, even under ASan

const std::string kGoodBody = "<rss version=\"2.0\"><channel><title>Good</title></channel></rss>";

struct Arrival {
  FetchResult result;
  milliseconds after{};  // since every request was started
};

// Starts every request at once on one Fetcher (one curl multi handle), runs
// its loop until all are done, and says when each result arrived. Bounded.
std::map<std::string, Arrival> fetch_together(const std::vector<FetchRequest>& requests,
                                              int max_parallel = 8) {
  Fetcher fetcher(max_parallel);
  const auto start = Clock::now();
  for (const auto& r : requests) fetcher.start(r);
  std::map<std::string, Arrival> arrivals;
  while (fetcher.in_flight() > 0 && Clock::now() - start < 10s) {
    for (auto& result : fetcher.wait(-1, 50ms)) {
      const auto after = std::chrono::duration_cast<milliseconds>(Clock::now() - start);
      std::string feed = result.feed;
      arrivals[feed] = Arrival{std::move(result), after};
    }
  }
  return arrivals;
}

FetchRequest req(const std::string& feed, const std::string& url, Duration timeout = kGoodTimeout,
                 std::size_t max_size = kCap) {
  return {feed, url, timeout, max_size, "headliner-test/1"};
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool mentions(const std::string& text, const std::string& words) {
  return lower(text).find(lower(words)) != std::string::npos;
}

// An error a user can read on one line of a terminal or a log.
::testing::AssertionResult is_one_line_error(const std::string& error) {
  if (error.empty()) return ::testing::AssertionFailure() << "no error";
  if (error.find_first_of("\r\n") != std::string::npos)
    return ::testing::AssertionFailure() << "more than one line: " << error;
  if (error.size() > 160) return ::testing::AssertionFailure() << "too long for one line: " << error;
  if (std::isspace(static_cast<unsigned char>(error.front())) ||
      std::isspace(static_cast<unsigned char>(error.back())))
    return ::testing::AssertionFailure() << "untrimmed: '" << error << "'";
  return ::testing::AssertionSuccess();
}

// A server with the good feed at /good, and the request for it.
struct Fixture {
  HttpServer server;
  Fixture() {
    server.route("/good", HttpResponse{200, {{"Content-Type", "application/rss+xml"}}, kGoodBody});
  }
  FetchRequest good() const { return req("Good", server.url("/good")); }
};

// The good feed came through whole, long before a slow one could time out.
void expect_good_unharmed(const std::map<std::string, Arrival>& arrivals) {
  ASSERT_EQ(arrivals.count("Good"), 1u) << "the good feed never arrived";
  const Arrival& good = arrivals.at("Good");
  EXPECT_TRUE(good.result) << good.result.error;
  EXPECT_EQ(good.result.body, kGoodBody);
  EXPECT_LT(good.after, kPromptly) << "the good feed waited for the bad one";
}

HttpResponse rss(std::string body) {
  return HttpResponse{200, {{"Content-Type", "application/rss+xml"}}, std::move(body)};
}

// ---- Slow and stalled servers ---------------------------------------------

TEST(FetchFaults, SlowHeadersTimeOutAtTheRequestTimeoutWithoutDelayingAGoodFeed) {
  Fixture f;
  HttpResponse slow = rss(kGoodBody);
  slow.delay_before_headers = 5000ms;  // the server stops it long before that
  f.server.route("/slow", slow);
  auto arrivals = fetch_together({req("Slow", f.server.url("/slow"), kBadTimeout), f.good()});
  ASSERT_EQ(arrivals.count("Slow"), 1u);
  const Arrival& bad = arrivals.at("Slow");
  EXPECT_FALSE(bad.result);
  EXPECT_TRUE(bad.result.error.starts_with("timed out after 1s")) << bad.result.error;
  EXPECT_TRUE(is_one_line_error(bad.result.error));
  EXPECT_GE(bad.after, 900ms);
  EXPECT_LT(bad.after, 1800ms);
  expect_good_unharmed(arrivals);
}

TEST(FetchFaults, BodyThatStallsHalfwayTimesOutWithoutDelayingAGoodFeed) {
  Fixture f;
  HttpResponse stalled = rss(std::string(1000, 'x'));
  stalled.stall_after = 500;
  f.server.route("/stall", stalled);
  auto arrivals = fetch_together({req("Stalled", f.server.url("/stall"), kBadTimeout), f.good()});
  ASSERT_EQ(arrivals.count("Stalled"), 1u);
  const Arrival& bad = arrivals.at("Stalled");
  EXPECT_FALSE(bad.result);
  EXPECT_EQ(bad.result.http_status, 200);
  EXPECT_TRUE(bad.result.error.starts_with("timed out after 1s")) << bad.result.error;
  EXPECT_TRUE(is_one_line_error(bad.result.error));
  EXPECT_GE(bad.after, 900ms);
  EXPECT_LT(bad.after, 1800ms);
  expect_good_unharmed(arrivals);
}

TEST(FetchFaults, TimeoutMessagesSayHowFarTheServerGotInPlainWords) {
  Fixture f;
  HttpResponse slow = rss(kGoodBody);
  slow.delay_before_headers = 5000ms;
  f.server.route("/slow", slow);
  HttpResponse stalled = rss(std::string(1000, 'x'));
  stalled.stall_after = 500;
  f.server.route("/stall", stalled);
  auto arrivals = fetch_together({req("Slow", f.server.url("/slow"), kBadTimeout),
                                  req("Stalled", f.server.url("/stall"), kBadTimeout)});
  ASSERT_EQ(arrivals.size(), 2u);
  const std::string slow_error = arrivals.at("Slow").result.error;
  const std::string stall_error = arrivals.at("Stalled").result.error;
  for (const std::string& error : {slow_error, stall_error}) {
    EXPECT_TRUE(error.starts_with("timed out after 1s")) << error;
    EXPECT_TRUE(is_one_line_error(error));
    EXPECT_FALSE(mentions(error, "milliseconds")) << "says the timeout twice: " << error;
    EXPECT_FALSE(mentions(error, "operation")) << "libcurl's words: " << error;
  }
  EXPECT_TRUE(mentions(slow_error, "no response")) << slow_error;
  EXPECT_TRUE(mentions(stall_error, "500 of 1000 bytes")) << stall_error;
}

// ---- Connections that break -----------------------------------------------

TEST(FetchFaults, ResetMidBodyIsReportedAsAConnectionReset) {
  Fixture f;
  HttpResponse reset = rss(std::string(1000, 'x'));
  reset.reset_after = 500;
  f.server.route("/reset", reset);
  auto arrivals = fetch_together({req("Reset", f.server.url("/reset")), f.good()});
  ASSERT_EQ(arrivals.count("Reset"), 1u);
  const Arrival& bad = arrivals.at("Reset");
  EXPECT_FALSE(bad.result);
  EXPECT_TRUE(mentions(bad.result.error, "connection reset")) << bad.result.error;
  EXPECT_TRUE(is_one_line_error(bad.result.error));
  EXPECT_LT(bad.after, kPromptly);
  expect_good_unharmed(arrivals);
}

TEST(FetchFaults, ResetMessageIsTheFetchersOwnWords) {
  Fixture f;
  HttpResponse reset = rss(std::string(1000, 'x'));
  reset.reset_after = 500;
  f.server.route("/reset", reset);
  const std::string error = fetch_together({req("Reset", f.server.url("/reset"))}).at("Reset").result.error;
  EXPECT_TRUE(error.starts_with("connection reset")) << error;
  EXPECT_FALSE(mentions(error, "recv failure")) << error;
  EXPECT_TRUE(mentions(error, "500 of 1000 bytes")) << error;
}

TEST(FetchFaults, BodyCutShortByTheServerIsAnErrorNotATruncatedFeed) {
  Fixture f;
  HttpResponse cut = rss(std::string(1000, 'x'));
  cut.close_after = 500;
  f.server.route("/cut", cut);
  auto arrivals = fetch_together({req("Cut", f.server.url("/cut")), f.good()});
  ASSERT_EQ(arrivals.count("Cut"), 1u);
  const Arrival& bad = arrivals.at("Cut");
  EXPECT_FALSE(bad.result) << "a truncated body was delivered as a feed";
  EXPECT_TRUE(is_one_line_error(bad.result.error));
  EXPECT_LT(bad.after, kPromptly);
  expect_good_unharmed(arrivals);
}

TEST(FetchFaults, BodyCutShortSaysHowMuchArrived) {
  Fixture f;
  HttpResponse cut = rss(std::string(1000, 'x'));
  cut.close_after = 500;
  f.server.route("/cut", cut);
  const std::string error = fetch_together({req("Cut", f.server.url("/cut"))}).at("Cut").result.error;
  EXPECT_TRUE(error.starts_with("connection closed")) << error;
  EXPECT_TRUE(mentions(error, "500 of 1000 bytes")) << error;
}

TEST(FetchFaults, ClosedPortIsReportedAsConnectionRefusedAtOnce) {
  Fixture f;
  std::string closed_url;
  {
    HttpServer gone;  // bound, then closed: nothing listens on its port any more
    closed_url = gone.url("/feed");
  }
  auto arrivals = fetch_together({req("Closed", closed_url), f.good()});
  ASSERT_EQ(arrivals.count("Closed"), 1u);
  const Arrival& bad = arrivals.at("Closed");
  EXPECT_FALSE(bad.result);
  EXPECT_EQ(bad.result.http_status, 0);
  EXPECT_TRUE(is_one_line_error(bad.result.error));
  EXPECT_LT(bad.after, kPromptly);
  expect_good_unharmed(arrivals);
}

TEST(FetchFaults, ClosedPortSaysConnectionRefused) {
  std::string closed_url;
  {
    HttpServer gone;
    closed_url = gone.url("/feed");
  }
  const std::string error = fetch_together({req("Closed", closed_url)}).at("Closed").result.error;
  EXPECT_TRUE(mentions(error, "connection refused")) << error;
  EXPECT_FALSE(mentions(error, "after 0 ms")) << error;
}

TEST(FetchFaults, ServerThatClosesWithoutAnsweringFailsPromptly) {
  Fixture f;
  HttpResponse mute = rss(kGoodBody);
  mute.close_without_response = true;
  f.server.route("/mute", mute);
  auto arrivals = fetch_together({req("Mute", f.server.url("/mute")), f.good()});
  ASSERT_EQ(arrivals.count("Mute"), 1u);
  const Arrival& bad = arrivals.at("Mute");
  EXPECT_FALSE(bad.result);
  EXPECT_EQ(bad.result.http_status, 0);
  EXPECT_TRUE(is_one_line_error(bad.result.error));
  EXPECT_LT(bad.after, kPromptly);
  expect_good_unharmed(arrivals);
}

TEST(FetchFaults, ServerThatClosesWithoutAnsweringIsToldApartFromAnEmptyBody) {
  Fixture f;
  HttpResponse mute = rss(kGoodBody);
  mute.close_without_response = true;
  f.server.route("/mute", mute);
  const std::string error = fetch_together({req("Mute", f.server.url("/mute"))}).at("Mute").result.error;
  EXPECT_TRUE(mentions(error, "without answering")) << error;
  EXPECT_FALSE(mentions(error, "empty")) << error;
}

// ---- Too much --------------------------------------------------------------

TEST(FetchFaults, EndlessBodyIsCutOffAtTheSizeCap) {
  Fixture f;
  HttpResponse endless = rss("<item><title>again</title></item>");
  endless.endless = true;
  f.server.route("/endless", endless);
  auto arrivals = fetch_together({req("Endless", f.server.url("/endless")), f.good()});
  ASSERT_EQ(arrivals.count("Endless"), 1u);
  const Arrival& bad = arrivals.at("Endless");
  EXPECT_FALSE(bad.result);
  EXPECT_EQ(bad.result.error, "response larger than 64 KiB, not read");
  EXPECT_LE(bad.result.body.size(), kCap);
  EXPECT_LT(bad.after, kPromptly);
  expect_good_unharmed(arrivals);
}

TEST(FetchFaults, GzipBombIsCutOffAtTheCapCountedAfterDecompression) {
  Fixture f;
  const std::string bomb = test::gzip_of_repeated_x(4 << 20);  // 4 MiB of 'x', ~27 KB on the wire
  ASSERT_LT(bomb.size(), kCap / 2) << "the compressed bytes alone must fit under the cap";
  f.server.route("/bomb", HttpResponse{200, {{"Content-Type", "application/rss+xml"},
                                             {"Content-Encoding", "gzip"}}, bomb});
  auto arrivals = fetch_together({req("Bomb", f.server.url("/bomb")), f.good()});
  ASSERT_EQ(arrivals.count("Bomb"), 1u);
  const Arrival& bad = arrivals.at("Bomb");
  EXPECT_FALSE(bad.result);
  EXPECT_EQ(bad.result.error, "response larger than 64 KiB, not read");
  EXPECT_LE(bad.result.body.size(), kCap);
  EXPECT_LT(bad.after, kPromptly);
  expect_good_unharmed(arrivals);
}

TEST(FetchFaults, GzipBodyWithinTheCapIsDecompressed) {
  Fixture f;
  f.server.route("/small.gz", HttpResponse{200, {{"Content-Type", "application/rss+xml"},
                                                 {"Content-Encoding", "gzip"}},
                                           test::gzip_of_repeated_x(50000)});
  const Arrival got = fetch_together({req("Gzip", f.server.url("/small.gz"))}).at("Gzip");
  EXPECT_TRUE(got.result) << got.result.error;
  EXPECT_EQ(got.result.body, std::string(50000, 'x'));
}

// ---- Redirects -------------------------------------------------------------

TEST(FetchFaults, RedirectLoopGivesUpQuicklyAndSaysRedirect) {
  Fixture f;
  f.server.route("/loop", HttpResponse{302, {{"Location", "/loop"}}, ""});
  auto arrivals = fetch_together({req("Loop", f.server.url("/loop")), f.good()});
  ASSERT_EQ(arrivals.count("Loop"), 1u);
  const Arrival& bad = arrivals.at("Loop");
  EXPECT_FALSE(bad.result);
  EXPECT_TRUE(mentions(bad.result.error, "redirect")) << bad.result.error;
  EXPECT_TRUE(is_one_line_error(bad.result.error));
  EXPECT_LE(f.server.requests_served(), 1 + 6 + 1);  // the good feed, the first try, 5 redirects
  EXPECT_LT(bad.after, kPromptly);
  expect_good_unharmed(arrivals);
}

TEST(FetchFaults, RedirectLoopIsCalledTooManyRedirects) {
  Fixture f;
  f.server.route("/loop", HttpResponse{302, {{"Location", "/loop"}}, ""});
  const std::string error = fetch_together({req("Loop", f.server.url("/loop"))}).at("Loop").result.error;
  EXPECT_TRUE(error.starts_with("too many redirects")) << error;
}

TEST(FetchFaults, MovedPermanentlyIsFollowedToTheNewHome) {
  Fixture f;
  f.server.route("/old-home", HttpResponse{301, {{"Location", "/new-home"}}, "moved"});
  f.server.route("/new-home", rss(kGoodBody));
  const Arrival got = fetch_together({req("Moved", f.server.url("/old-home"))}).at("Moved");
  EXPECT_TRUE(got.result) << got.result.error;
  EXPECT_EQ(got.result.http_status, 200);
  EXPECT_EQ(got.result.body, kGoodBody);
  EXPECT_EQ(got.result.url, f.server.url("/old-home"));
  EXPECT_EQ(got.result.effective_url, f.server.url("/new-home"));
  EXPECT_EQ(got.result.moved_to, f.server.url("/new-home")) << "a permanent move is the feed's new address";
}

TEST(FetchFaults, TemporaryRedirectIsFollowedButNotTakenAsANewHome) {
  Fixture f;
  f.server.route("/home", HttpResponse{302, {{"Location", "/away"}}, ""});
  f.server.route("/away", rss(kGoodBody));
  const Arrival got = fetch_together({req("Away", f.server.url("/home"))}).at("Away");
  EXPECT_TRUE(got.result) << got.result.error;
  EXPECT_EQ(got.result.effective_url, f.server.url("/away"));
  EXPECT_EQ(got.result.moved_to, "");
}

TEST(FetchFaults, RedirectToALocalFileIsRefused) {
  Fixture f;
  f.server.route("/sneaky", HttpResponse{301, {{"Location", "file:///etc/passwd"}}, ""});
  auto arrivals = fetch_together({req("Sneaky", f.server.url("/sneaky")), f.good()});
  ASSERT_EQ(arrivals.count("Sneaky"), 1u);
  const FetchResult& got = arrivals.at("Sneaky").result;
  EXPECT_FALSE(got) << "followed a redirect off the web";
  EXPECT_EQ(got.body.find("root:"), std::string::npos);
  EXPECT_EQ(got.moved_to, "");
  EXPECT_TRUE(is_one_line_error(got.error));
  expect_good_unharmed(arrivals);
}

TEST(FetchFaults, RedirectToALocalFileSaysItWasARefusedRedirect) {
  Fixture f;
  f.server.route("/sneaky", HttpResponse{301, {{"Location", "file:///etc/passwd"}}, ""});
  const std::string error = fetch_together({req("Sneaky", f.server.url("/sneaky"))}).at("Sneaky").result.error;
  EXPECT_TRUE(mentions(error, "redirect")) << error;
  EXPECT_TRUE(mentions(error, "file:///etc/passwd")) << error;
  EXPECT_FALSE(mentions(error, "libcurl")) << error;
}

TEST(FetchFaults, RedirectWithoutLocationIsAnError) {
  Fixture f;
  f.server.route("/nowhere", HttpResponse{301, {}, "moved, but where?"});
  const Arrival got = fetch_together({req("Nowhere", f.server.url("/nowhere"))}).at("Nowhere");
  EXPECT_FALSE(got.result);
  EXPECT_EQ(got.result.http_status, 301);
  EXPECT_TRUE(got.result.error.starts_with("HTTP 301")) << got.result.error;
  EXPECT_TRUE(mentions(got.result.error, "location")) << got.result.error;
  EXPECT_TRUE(is_one_line_error(got.result.error));
}

// ---- HTTP errors -----------------------------------------------------------

struct StatusCase {
  const char* label;
  int status;
  std::map<std::string, std::string> headers;
  const char* error;                  // what the user reads
  std::optional<Duration> retry_after;  // what the poller is told
};

std::ostream& operator<<(std::ostream& os, const StatusCase& c) { return os << c.label; }

const StatusCase kStatusCases[] = {
    {"404", 404, {}, "HTTP 404 Not Found", std::nullopt},
    {"410", 410, {}, "HTTP 410 Gone", std::nullopt},
    {"500", 500, {}, "HTTP 500 Internal Server Error", std::nullopt},
    {"503 with Retry-After", 503, {{"Retry-After", "120"}}, "HTTP 503 Service Unavailable", 120s},
    {"429 with Retry-After", 429, {{"Retry-After", "30"}}, "HTTP 429 Too Many Requests", 30s},
};

class FetchFaultsStatus : public ::testing::TestWithParam<StatusCase> {};

TEST_P(FetchFaultsStatus, FailsNamingTheStatusAndSaysWhenToComeBack) {
  const StatusCase& c = GetParam();
  Fixture f;
  // An error page of several lines: none of it belongs in the one-line error.
  HttpResponse r{c.status, {{"Content-Type", "text/html"}}, "<html><body>Oops\nsecond line</body></html>"};
  for (const auto& header : c.headers) r.headers.insert(header);
  f.server.route("/status", r);
  auto arrivals = fetch_together({req("Status", f.server.url("/status")), f.good()});
  ASSERT_EQ(arrivals.count("Status"), 1u);
  const FetchResult& bad = arrivals.at("Status").result;
  EXPECT_FALSE(bad);
  EXPECT_EQ(bad.http_status, c.status);
  EXPECT_EQ(bad.error, c.error);
  EXPECT_TRUE(is_one_line_error(bad.error));
  EXPECT_EQ(bad.retry_after, c.retry_after);
  EXPECT_LT(arrivals.at("Status").after, kPromptly);
  expect_good_unharmed(arrivals);
}

INSTANTIATE_TEST_SUITE_P(HttpErrors, FetchFaultsStatus, ::testing::ValuesIn(kStatusCases),
                         [](const auto& info) { return test::label_to_name(info.param.label); });

// ---- Bodies that are not feeds: delivered as they are, for the parser ------

TEST(FetchFaults, HtmlPageIsDeliveredWithItsContentTypeForTheParserToJudge) {
  Fixture f;
  const std::string page = "<!DOCTYPE html><html><head><title>Login</title></head><body>Sign in</body></html>";
  f.server.route("/page", HttpResponse{200, {{"Content-Type", "text/html; charset=utf-8"}}, page});
  const FetchResult got = fetch_together({req("Page", f.server.url("/page"))}).at("Page").result;
  EXPECT_TRUE(got) << got.error;
  EXPECT_EQ(got.http_status, 200);
  EXPECT_EQ(got.content_type, "text/html; charset=utf-8");
  EXPECT_EQ(got.body, page);
}

TEST(FetchFaults, RandomBytesAreDeliveredUnchanged) {
  Fixture f;
  std::mt19937 rng(20250902);  // fixed seed: the same bytes every run
  std::string noise(8192, '\0');
  for (char& c : noise) c = static_cast<char>(rng() & 0xFF);
  ASSERT_NE(noise.find('\0'), std::string::npos);
  f.server.route("/noise", HttpResponse{200, {{"Content-Type", "application/octet-stream"}}, noise});
  const FetchResult got = fetch_together({req("Noise", f.server.url("/noise"))}).at("Noise").result;
  EXPECT_TRUE(got) << got.error;
  EXPECT_EQ(got.http_status, 200);
  EXPECT_EQ(got.content_type, "application/octet-stream");
  EXPECT_TRUE(got.body == noise) << "body of " << got.body.size() << " bytes differs";
}

TEST(FetchFaults, EmptyBodyIsReportedAsAnEmptyResponse) {
  Fixture f;
  f.server.route("/empty", HttpResponse{200, {{"Content-Type", "application/rss+xml"}}, ""});
  const FetchResult got = fetch_together({req("Empty", f.server.url("/empty"))}).at("Empty").result;
  EXPECT_EQ(got.http_status, 200);
  EXPECT_EQ(got.content_type, "application/rss+xml");
  EXPECT_TRUE(got.body.empty());
  EXPECT_EQ(got.error, "empty response");
}

// ---- Many transfers, one multi handle, keep-alive ---------------------------

TEST(FetchFaults, ManyGoodFeedsFromTheSameHostGetThroughWhileOneStalls) {
  Fixture f;
  HttpResponse stalled = rss(std::string(1000, 'x'));
  stalled.stall_after = 100;
  f.server.route("/stall", stalled);
  std::vector<FetchRequest> requests{req("Stalled", f.server.url("/stall"), kBadTimeout)};
  for (int i = 0; i < 12; ++i) {
    const std::string path = "/feed" + std::to_string(i);
    f.server.route(path, rss("<rss>" + std::to_string(i) + "</rss>"));
    requests.push_back(req("Feed " + std::to_string(i), f.server.url(path)));
  }
  // The Fetcher opens at most 2 connections per host: one is stuck on the
  // stalled body, so the 12 others share the second, kept alive.
  auto arrivals = fetch_together(requests);
  ASSERT_EQ(arrivals.size(), requests.size());
  for (int i = 0; i < 12; ++i) {
    const Arrival& got = arrivals.at("Feed " + std::to_string(i));
    EXPECT_TRUE(got.result) << got.result.error;
    EXPECT_EQ(got.result.body, "<rss>" + std::to_string(i) + "</rss>");
    EXPECT_LT(got.after, kPromptly) << "feed " << i << " waited for the stalled one";
  }
  EXPECT_TRUE(arrivals.at("Stalled").result.error.starts_with("timed out after 1s"));
  EXPECT_EQ(f.server.requests_served(), 13);
}

// ---- Conditional requests ----------------------------------------------------

TEST(FetchFaults, RevalidatesWithETagAndLastModifiedAndTakesA304AsUnchanged) {
  Fixture f;
  const std::string etag = "\"v1\"", stamp = "Tue, 02 Sep 2025 09:15:00 GMT";
  f.server.route("/cond", [etag, stamp](const HttpRequest& r) {
    const auto inm = r.headers.find("if-none-match");
    const auto ims = r.headers.find("if-modified-since");
    if (inm != r.headers.end() && inm->second == etag && ims != r.headers.end() && ims->second == stamp)
      return HttpResponse{304, {{"ETag", etag}, {"Last-Modified", stamp}}, ""};
    return HttpResponse{200, {{"ETag", etag}, {"Last-Modified", stamp}}, kGoodBody};
  });
  const FetchResult first = fetch_together({req("Cond", f.server.url("/cond"))}).at("Cond").result;
  ASSERT_TRUE(first) << first.error;
  EXPECT_FALSE(first.not_modified);
  EXPECT_EQ(first.etag, etag);
  EXPECT_EQ(first.last_modified, stamp);

  FetchRequest again = req("Cond", f.server.url("/cond"));
  again.etag = first.etag;
  again.last_modified = first.last_modified;
  const FetchResult second = fetch_together({again}).at("Cond").result;
  EXPECT_TRUE(second) << "a 304 is not a failure: " << second.error;
  EXPECT_TRUE(second.not_modified);
  EXPECT_EQ(second.http_status, 304);
  EXPECT_TRUE(second.body.empty());
  EXPECT_EQ(f.server.requests_served(), 2);
}

TEST(FetchFaults, ChangedFeedAnswersAConditionalRequestWithTheNewBody) {
  Fixture f;
  f.server.route("/cond", [](const HttpRequest& r) {
    const auto inm = r.headers.find("if-none-match");
    if (inm != r.headers.end() && inm->second == "\"v2\"") return HttpResponse{304, {{"ETag", "\"v2\""}}, ""};
    return HttpResponse{200, {{"ETag", "\"v2\""}}, kGoodBody};
  });
  FetchRequest stale = req("Cond", f.server.url("/cond"));
  stale.etag = "\"v1\"";
  const FetchResult got = fetch_together({stale}).at("Cond").result;
  EXPECT_TRUE(got) << got.error;
  EXPECT_FALSE(got.not_modified);
  EXPECT_EQ(got.body, kGoodBody);
  EXPECT_EQ(got.etag, "\"v2\"");
}

}  // namespace
}  // namespace headliner

namespace headliner {
namespace {

// Two transfers per host at most: a third feed of a host whose two first
// feeds stall waits for a slot, and then still gets its whole timeout.
TEST(FetchFaults, AFeedQueuedBehindStalledOnesOfItsHostGetsItsWholeTimeout) {
  HttpServer server;
  HttpResponse stalled{200, {}, std::string(1000, 'x')};
  stalled.stall_after = 100;
  server.route("/stall", stalled);
  server.route("/good", HttpResponse{200, {{"Content-Type", "application/rss+xml"}}, "<rss/>"});
  auto arrivals = fetch_together({req("Stall 1", server.url("/stall"), 1s), req("Stall 2", server.url("/stall"), 1s),
                                  req("Queued", server.url("/good"), 1s)});
  ASSERT_EQ(arrivals.count("Queued"), 1u);
  const Arrival& queued = arrivals.at("Queued");
  EXPECT_TRUE(queued.result) << queued.result.error;
  EXPECT_GE(queued.after, 900ms);  // it waited for a slot…
  EXPECT_EQ(queued.result.body, "<rss/>");  // …and was not timed out for waiting
}

}  // namespace
}  // namespace headliner
