#include "fetch.hpp"

#include <gtest/gtest.h>

#include <sys/stat.h>

#include <map>
#include <thread>

#include "support/http_server.hpp"
#include "support/process.hpp"

namespace headliner {
namespace {

using namespace std::chrono_literals;
using test::HttpResponse;
using test::HttpServer;

FetchRequest request(const std::string& url, std::size_t max_size = 1 << 20, Duration timeout = 5s) {
  return {"Test feed", url, timeout, max_size, "headliner-test/1"};
}

// Runs the fetcher's loop until every transfer is done; bounded.
std::vector<FetchResult> run(Fetcher& fetcher) {
  std::vector<FetchResult> done;
  for (int i = 0; i < 1000 && fetcher.in_flight() > 0; ++i)
    for (auto& r : fetcher.wait(-1, 100ms)) done.push_back(std::move(r));
  return done;
}

TEST(Fetcher, FetchesABodyOverHttp) {
  HttpServer server;
  server.route("/feed", HttpResponse{200, {{"Content-Type", "application/rss+xml"}}, "<rss/>"});
  Fetcher fetcher(4);
  fetcher.start(request(server.url("/feed")));
  auto results = run(fetcher);
  ASSERT_EQ(results.size(), 1u);
  EXPECT_TRUE(results[0]) << results[0].error;
  EXPECT_EQ(results[0].body, "<rss/>");
  EXPECT_EQ(results[0].http_status, 200);
  EXPECT_EQ(results[0].content_type, "application/rss+xml");
  EXPECT_EQ(results[0].feed, "Test feed");
}

TEST(Fetcher, SendsTheUserAgent) {
  HttpServer server;
  std::string seen;
  server.route("/ua", [&](const test::HttpRequest& r) {
    seen = r.headers.at("user-agent");
    return HttpResponse{200, {}, "x"};
  });
  Fetcher fetcher(1);
  fetcher.start(request(server.url("/ua")));
  run(fetcher);
  EXPECT_EQ(seen, "headliner-test/1");
}

TEST(Fetcher, ReportsHttpErrorsByStatus) {
  HttpServer server;
  Fetcher fetcher(1);
  fetcher.start(request(server.url("/missing")));
  auto results = run(fetcher);
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].error, "HTTP 404 Not Found");
}

TEST(Fetcher, ReportsAnEmptyBody) {
  HttpServer server;
  server.route("/empty", HttpResponse{200, {}, ""});
  Fetcher fetcher(1);
  fetcher.start(request(server.url("/empty")));
  EXPECT_EQ(run(fetcher).at(0).error, "empty response");
}

TEST(Fetcher, StopsReadingPastTheSizeCap) {
  HttpServer server;
  server.route("/huge", HttpResponse{200, {}, std::string(200 * 1024, 'x')});
  Fetcher fetcher(1);
  fetcher.start(request(server.url("/huge"), 64 * 1024));
  auto result = run(fetcher).at(0);
  EXPECT_EQ(result.error, "response larger than 64 KiB, not read");
  EXPECT_LE(result.body.size(), 64u * 1024);
}

TEST(Fetcher, FollowsRedirectsAndReportsWhereItEnded) {
  HttpServer server;
  server.route("/old", HttpResponse{301, {{"Location", "/new"}}, ""});
  server.route("/new", HttpResponse{200, {}, "moved"});
  Fetcher fetcher(1);
  fetcher.start(request(server.url("/old")));
  auto result = run(fetcher).at(0);
  EXPECT_TRUE(result) << result.error;
  EXPECT_EQ(result.body, "moved");
  EXPECT_EQ(result.effective_url, server.url("/new"));
}

TEST(Fetcher, RemembersAPermanentRedirectAsTheFeedsNewHome) {
  HttpServer server;
  server.route("/old", HttpResponse{301, {{"Location", "/older"}}, ""});
  server.route("/older", HttpResponse{308, {{"Location", "/new"}}, ""});
  server.route("/new", HttpResponse{200, {}, "moved"});
  Fetcher fetcher(1);
  fetcher.start(request(server.url("/old")));
  EXPECT_EQ(run(fetcher).at(0).moved_to, server.url("/new"));
}

TEST(Fetcher, ATemporaryRedirectOnTheWayIsNotANewHome) {
  HttpServer server;
  server.route("/old", HttpResponse{301, {{"Location", "/tmp"}}, ""});
  server.route("/tmp", HttpResponse{302, {{"Location", "/new"}}, ""});
  server.route("/new", HttpResponse{200, {}, "moved"});
  Fetcher fetcher(1);
  fetcher.start(request(server.url("/old")));
  auto result = run(fetcher).at(0);
  EXPECT_TRUE(result) << result.error;
  EXPECT_EQ(result.moved_to, "");
}

TEST(Fetcher, SendsValidatorsBackAndTakesA304AsNotModified) {
  HttpServer server;
  std::string if_none_match, if_modified_since;
  server.route("/feed", [&](const test::HttpRequest& r) {
    if_none_match = r.headers.contains("if-none-match") ? r.headers.at("if-none-match") : "";
    if_modified_since = r.headers.contains("if-modified-since") ? r.headers.at("if-modified-since") : "";
    if (if_none_match == "W/\"v1\"") return HttpResponse{304, {{"ETag", "W/\"v1\""}}, ""};
    return HttpResponse{200, {{"ETag", "W/\"v1\""}, {"Last-Modified", "Sun, 06 Nov 1994 08:49:37 GMT"}}, "<rss/>"};
  });
  Fetcher fetcher(1);
  fetcher.start(request(server.url("/feed")));
  auto first = run(fetcher).at(0);
  EXPECT_EQ(if_none_match, "");
  EXPECT_EQ(first.etag, "W/\"v1\"");
  EXPECT_EQ(first.last_modified, "Sun, 06 Nov 1994 08:49:37 GMT");
  EXPECT_FALSE(first.not_modified);

  FetchRequest again = request(server.url("/feed"));
  again.etag = first.etag;
  again.last_modified = first.last_modified;
  fetcher.start(again);
  auto second = run(fetcher).at(0);
  EXPECT_EQ(if_none_match, "W/\"v1\"");
  EXPECT_EQ(if_modified_since, "Sun, 06 Nov 1994 08:49:37 GMT");
  EXPECT_TRUE(second) << second.error;
  EXPECT_TRUE(second.not_modified);
  EXPECT_EQ(second.body, "");
  EXPECT_EQ(second.etag, "W/\"v1\"");
}

TEST(Fetcher, DropsAValidatorThatWouldInjectAHeader) {
  HttpServer server;
  std::map<std::string, std::string> seen;
  server.route("/feed", [&](const test::HttpRequest& r) {
    seen = r.headers;
    return HttpResponse{200, {}, "x"};
  });
  Fetcher fetcher(1);
  FetchRequest r = request(server.url("/feed"));
  r.etag = "\"a\"\r\nX-Injected: 1";
  fetcher.start(r);
  run(fetcher);
  EXPECT_FALSE(seen.contains("x-injected"));
  EXPECT_FALSE(seen.contains("if-none-match"));
}

TEST(Fetcher, ReadsRetryAfterAndFreshness) {
  HttpServer server;
  server.route("/busy", HttpResponse{503, {{"Retry-After", "120"}}, "busy"});
  server.route("/slowdown", HttpResponse{429, {{"Date", "Sun, 06 Nov 1994 08:49:37 GMT"},
                                                {"Retry-After", "Sun, 06 Nov 1994 09:49:37 GMT"}}, ""});
  server.route("/cached", HttpResponse{200, {{"Cache-Control", "max-age=1800"}}, "x"});
  Fetcher fetcher(3);
  fetcher.start({"busy", server.url("/busy"), 5s, 1 << 20, "t"});
  fetcher.start({"slowdown", server.url("/slowdown"), 5s, 1 << 20, "t"});
  fetcher.start({"cached", server.url("/cached"), 5s, 1 << 20, "t"});
  std::map<std::string, FetchResult> by_feed;
  for (auto& r : run(fetcher)) by_feed[r.feed] = r;
  EXPECT_EQ(by_feed["busy"].error, "HTTP 503 Service Unavailable");
  EXPECT_EQ(by_feed["busy"].retry_after, Duration(120s));
  EXPECT_EQ(by_feed["slowdown"].error, "HTTP 429 Too Many Requests");
  EXPECT_EQ(by_feed["slowdown"].retry_after, Duration(1h));
  EXPECT_EQ(by_feed["cached"].fresh_for, Duration(30min));
  EXPECT_EQ(by_feed["cached"].retry_after, std::nullopt);
}

TEST(Fetcher, GivesUpOnARedirectLoop) {
  HttpServer server;
  server.route("/loop", HttpResponse{302, {{"Location", "/loop"}}, ""});
  Fetcher fetcher(1);
  fetcher.start(request(server.url("/loop")));
  auto result = run(fetcher).at(0);
  EXPECT_FALSE(result);
  EXPECT_NE(result.error.find("redirect"), std::string::npos) << result.error;
  EXPECT_LE(server.requests_served(), 7);
}

TEST(Fetcher, TimesOutOnASlowServer) {
  HttpServer server;
  server.route("/slow", [](const test::HttpRequest&) {
    std::this_thread::sleep_for(2500ms);
    return HttpResponse{200, {}, "late"};
  });
  Fetcher fetcher(1);
  auto start = std::chrono::steady_clock::now();
  fetcher.start(request(server.url("/slow"), 1 << 20, 1s));
  auto result = run(fetcher).at(0);
  EXPECT_TRUE(result.error.starts_with("timed out after 1s")) << result.error;
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
}

TEST(Fetcher, ReadsFileUrls) {
  test::TempDir dir;
  auto path = dir.write("f.xml", "<rss/>");
  Fetcher fetcher(1);
  fetcher.start(request("file://" + path));
  auto result = run(fetcher).at(0);
  EXPECT_TRUE(result) << result.error;
  EXPECT_EQ(result.body, "<rss/>");
}

TEST(Fetcher, ReportsAMissingFile) {
  Fetcher fetcher(1);
  fetcher.start(request("file:///nonexistent/feed.xml"));
  auto result = run(fetcher).at(0);
  EXPECT_FALSE(result);
  EXPECT_FALSE(result.error.empty());
}

TEST(Fetcher, RefusesOtherProtocols) {
  Fetcher fetcher(1);
  fetcher.start(request("gopher://127.0.0.1/"));
  EXPECT_FALSE(run(fetcher).at(0));
}

TEST(Fetcher, RunsManyTransfersAtOnceOnOneThread) {
  HttpServer server;
  for (int i = 0; i < 20; ++i) server.route("/f" + std::to_string(i), HttpResponse{200, {}, "body" + std::to_string(i)});
  Fetcher fetcher(8);
  for (int i = 0; i < 20; ++i) fetcher.start(request(server.url("/f" + std::to_string(i))));
  auto results = run(fetcher);
  ASSERT_EQ(results.size(), 20u);
  for (const auto& r : results) EXPECT_TRUE(r) << r.error;
}

TEST(Fetcher, WaitSleepsUntilTheTimeoutWhenIdle) {
  Fetcher fetcher(1);
  auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(fetcher.wait(-1, 200ms).empty());
  auto slept = std::chrono::steady_clock::now() - start;
  EXPECT_GE(slept, 190ms);
  EXPECT_LT(slept, 1s);
}

}  // namespace
}  // namespace headliner

namespace headliner {
namespace {

using namespace std::chrono_literals;

// libcurl would block in open() on a FIFO until a writer came: forever.
TEST(Fetcher, RefusesAFifoInsteadOfHangingOnIt) {
  test::TempDir dir;
  std::string fifo = dir.path() + "/feed.xml";
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  Fetcher fetcher(1);
  fetcher.start({"Fifo", "file://" + fifo, 2s, 1 << 20, "t"});
  auto start = std::chrono::steady_clock::now();
  auto results = fetcher.wait(-1, 5s);
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].error, fifo + " is not a regular file");
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1s);
  EXPECT_EQ(fetcher.in_flight(), 0u);
}

TEST(Fetcher, ReadsAFileUrlWithAnEscapedSpace) {
  test::TempDir dir;
  dir.write("my feed.xml", "<rss/>");
  Fetcher fetcher(1);
  fetcher.start({"Spaced", "file://" + dir.path() + "/my%20feed.xml", 2s, 1 << 20, "t"});
  std::vector<FetchResult> results;
  for (int i = 0; i < 50 && results.empty(); ++i) results = fetcher.wait(-1, 100ms);
  ASSERT_EQ(results.size(), 1u);
  EXPECT_TRUE(results[0]) << results[0].error;
}

}  // namespace
}  // namespace headliner
