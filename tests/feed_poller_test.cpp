#include "feed_poller.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "support/http_server.hpp"

namespace headliner {
namespace {

using namespace std::chrono_literals;
using test::HttpRequest;
using test::HttpResponse;
using test::HttpServer;

const std::string kFeeds = std::string(HEADLINER_TEST_DATA) + "/feeds/";

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string header(const HttpRequest& r, const std::string& name) {
  auto it = r.headers.find(name);
  return it == r.headers.end() ? "" : it->second;
}

// A poller over a real fetcher and a local server, with time in the test's hands.
class PollerTest : public testing::Test {
 protected:
  void add_feed(const std::string& name, const std::string& path) {
    config.feeds.push_back({name, server.url(path), 15min, "cyan"});
  }
  // Starts what is due and waits (bounded) for every transfer to finish.
  std::vector<FeedOutcome> cycle() {
    poller().start_due(clock.steady_now(), clock.wall_now());
    std::vector<FetchResult> results;
    for (int i = 0; i < 200 && fetcher.in_flight() > 0; ++i)
      for (auto& r : fetcher.wait(-1, 50ms)) results.push_back(std::move(r));
    return poller().finish(std::move(results), clock.steady_now(), clock.wall_now());
  }
  FeedRecord record(const std::string& name) {
    for (auto& r : poller().records())
      if (r.name == name) return r;
    ADD_FAILURE() << "no record for " << name;
    return {};
  }
  FeedPoller& poller() {
    if (!poller_) poller_ = std::make_unique<FeedPoller>(config, fetcher, store, 42);
    return *poller_;
  }
  Duration until_next(const std::string& name) {
    return std::chrono::duration_cast<Duration>(*record(name).next_attempt - clock.wall_now());
  }

  HttpServer server;
  Config config;
  Fetcher fetcher{4};
  StoryStore store;
  ManualClock clock{WallTime(std::chrono::sys_days(std::chrono::year(2026) / 11 / 23)) + 10h};
  std::unique_ptr<FeedPoller> poller_;
};

TEST_F(PollerTest, AnUnchangedFeedIsA304AndParsesNothing) {
  const std::string body = read_file(kFeeds + "wire_a.rss");
  int full_answers = 0;
  server.route("/a", [&](const HttpRequest& r) {
    if (header(r, "if-none-match") == "\"a1\"") return HttpResponse{304, {{"ETag", "\"a1\""}}, ""};
    ++full_answers;
    return HttpResponse{200, {{"ETag", "\"a1\""}, {"Last-Modified", "Mon, 23 Nov 2026 09:00:00 GMT"}}, body};
  });
  add_feed("A", "/a");
  auto first = cycle();
  ASSERT_EQ(first.size(), 1u);
  EXPECT_TRUE(first[0]) << first[0].error;
  EXPECT_FALSE(first[0].not_modified);
  const std::size_t items = store.item_count();
  EXPECT_GT(items, 0u);
  EXPECT_EQ(record("A").etag, "\"a1\"");
  EXPECT_EQ(record("A").last_modified, "Mon, 23 Nov 2026 09:00:00 GMT");

  clock.advance(16min);
  auto second = cycle();
  ASSERT_EQ(second.size(), 1u);
  EXPECT_TRUE(second[0].not_modified);
  EXPECT_EQ(second[0].items, 0u);
  EXPECT_EQ(full_answers, 1);
  EXPECT_EQ(store.item_count(), items);  // the items we had stand
  EXPECT_TRUE(record("A").not_modified);
  EXPECT_EQ(record("A").etag, "\"a1\"");
  EXPECT_EQ(record("A").last_modified, "Mon, 23 Nov 2026 09:00:00 GMT");  // a 304 without it keeps it
}

TEST_F(PollerTest, AReloadKeepsTheStateOfFeedsThatStayAndFetchesNewOnesNow) {
  server.route_file("/a", kFeeds + "wire_a.rss");
  server.route_file("/b", kFeeds + "wire_b.atom");
  server.route_file("/c", kFeeds + "wire_c.rdf");
  add_feed("A", "/a");
  add_feed("B", "/b");
  cycle();
  EXPECT_EQ(server.requests_served(), 2);
  const FeedRecord a_before = record("A");

  clock.advance(5min);
  config.feeds.erase(config.feeds.begin() + 1);  // B goes, C comes
  add_feed("C", "/c");
  const auto gone = poller().reconfigure(clock.steady_now());
  EXPECT_EQ(gone, std::vector<std::string>{"B"});
  auto outcomes = cycle();
  ASSERT_EQ(outcomes.size(), 1u);  // C now; A is not due for another 10 minutes
  EXPECT_EQ(outcomes[0].feed, "C");
  EXPECT_EQ(record("A").next_attempt, a_before.next_attempt);
  EXPECT_EQ(record("A").last_success, a_before.last_success);
  EXPECT_EQ(poller().records().size(), 2u);
}

TEST_F(PollerTest, AFeedWhoseUrlChangedOnReloadStartsAfresh) {
  server.route_file("/a", kFeeds + "wire_a.rss");
  server.route_file("/a2", kFeeds + "wire_b.atom");
  add_feed("A", "/a");
  cycle();
  config.feeds[0].url = server.url("/a2");
  EXPECT_EQ(poller().reconfigure(clock.steady_now()), std::vector<std::string>{"A"});
  EXPECT_EQ(cycle().size(), 1u);  // fetched at once from its new home
  EXPECT_EQ(record("A").url, server.url("/a2"));
}

TEST_F(PollerTest, ATransferOfAFeedRemovedWhileInFlightIsIgnored) {
  server.route_file("/a", kFeeds + "wire_a.rss");
  add_feed("A", "/a");
  poller().start_due(clock.steady_now(), clock.wall_now());
  config.feeds.clear();
  poller().reconfigure(clock.steady_now());
  std::vector<FetchResult> results;
  for (int i = 0; i < 200 && fetcher.in_flight() > 0; ++i)
    for (auto& r : fetcher.wait(-1, 50ms)) results.push_back(std::move(r));
  EXPECT_EQ(results.size(), 1u);
  EXPECT_TRUE(poller().finish(std::move(results), clock.steady_now(), clock.wall_now()).empty());
  EXPECT_EQ(store.item_count(), 0u);
}

TEST_F(PollerTest, RefetchesOnlyWhenTheRefreshIsDue) {
  server.route_file("/a", kFeeds + "wire_a.rss");
  add_feed("A", "/a");
  cycle();
  EXPECT_EQ(server.requests_served(), 1);
  EXPECT_EQ(record("A").next_reason, "refresh 15m");
  Duration wait = until_next("A");
  EXPECT_GE(wait, Duration(15min) * 95 / 100);
  EXPECT_LE(wait, Duration(15min) * 105 / 100);

  clock.advance(10min);
  EXPECT_TRUE(cycle().empty());
  EXPECT_EQ(server.requests_served(), 1);
  clock.advance(6min);
  EXPECT_EQ(cycle().size(), 1u);
  EXPECT_EQ(server.requests_served(), 2);
}

TEST_F(PollerTest, FailuresBackOffAndASuccessResetsIt) {
  bool up = false;
  const std::string body = read_file(kFeeds + "wire_a.rss");
  server.route("/a", [&](const HttpRequest&) { return up ? HttpResponse{200, {}, body} : HttpResponse{500, {}, "oops"}; });
  add_feed("A", "/a");
  Duration previous{0};
  for (int failure = 1; failure <= 4; ++failure) {
    auto outcomes = cycle();
    ASSERT_EQ(outcomes.size(), 1u) << "failure " << failure;
    EXPECT_EQ(outcomes[0].error, "HTTP 500 Internal Server Error");
    FeedRecord r = record("A");
    EXPECT_EQ(r.failures, failure);
    EXPECT_EQ(r.failing_since, WallTime(std::chrono::sys_days(std::chrono::year(2026) / 11 / 23)) + 10h);
    EXPECT_EQ(r.next_reason, "back-off after " + std::to_string(failure) + (failure == 1 ? " failure" : " failures"));
    Duration wait = until_next("A");
    EXPECT_GT(wait, previous) << "failure " << failure;  // 1, 2, 4, 8 minutes give or take 20 %
    EXPECT_LE(wait, Duration(1min) * (1 << (failure - 1)) * 6 / 5);
    previous = wait;
    clock.advance(wait);
  }
  EXPECT_EQ(poller().failing(), 1);
  up = true;
  auto outcomes = cycle();
  ASSERT_EQ(outcomes.size(), 1u);
  EXPECT_TRUE(outcomes[0]) << outcomes[0].error;
  EXPECT_EQ(record("A").failures, 0);
  EXPECT_EQ(record("A").failing_since, std::nullopt);
  EXPECT_EQ(record("A").last_error, "");
  EXPECT_EQ(poller().failing(), 0);
}

TEST_F(PollerTest, RetryAfterOn429IsObeyed) {
  server.route("/a", HttpResponse{429, {{"Retry-After", "3600"}}, ""});
  add_feed("A", "/a");
  cycle();
  EXPECT_EQ(until_next("A"), Duration(1h));
  EXPECT_EQ(record("A").next_reason, "Retry-After 1h");
  clock.advance(59min);
  EXPECT_TRUE(cycle().empty());
  EXPECT_EQ(server.requests_served(), 1);
}

TEST_F(PollerTest, AFailingFeedDoesNotDelayTheOthers) {
  server.route("/down", HttpResponse{503, {}, ""});
  server.route_file("/a", kFeeds + "wire_a.rss");
  add_feed("Down", "/down");
  add_feed("A", "/a");
  auto outcomes = cycle();
  ASSERT_EQ(outcomes.size(), 2u);
  EXPECT_GT(store.item_count(), 0u);
  EXPECT_EQ(poller().failing(), 1);
}

TEST_F(PollerTest, APermanentRedirectIsFollowedDirectlyNextTime) {
  server.route("/old", HttpResponse{301, {{"Location", "/new"}}, ""});
  server.route_file("/new", kFeeds + "wire_a.rss");
  add_feed("A", "/old");
  cycle();
  EXPECT_EQ(record("A").location, server.url("/new"));
  EXPECT_EQ(server.requests_served(), 2);
  clock.advance(16min);
  cycle();
  EXPECT_EQ(server.requests_served(), 3);  // straight to /new
}

TEST_F(PollerTest, ANewHomeThatFailsSendsItBackToTheConfiguredUrl) {
  server.route("/old", HttpResponse{301, {{"Location", "/new"}}, ""});
  server.route_file("/new", kFeeds + "wire_a.rss");
  add_feed("A", "/old");
  cycle();
  server.route("/new", HttpResponse{404, {}, ""});
  clock.advance(16min);
  cycle();
  EXPECT_EQ(record("A").location, "");
}

TEST_F(PollerTest, TtlInTheFeedStretchesTheRefresh) {
  server.route("/a", HttpResponse{200, {}, "<rss><channel><ttl>120</ttl><item><title>T</title></item></channel></rss>"});
  add_feed("A", "/a");
  cycle();
  EXPECT_EQ(record("A").next_reason, "ttl 2h");
  EXPECT_GE(until_next("A"), Duration(2h) * 95 / 100);
}

TEST_F(PollerTest, RestoreKeepsValidatorsAndScheduleOfTheSameUrlOnly) {
  add_feed("A", "/a");
  add_feed("B", "/b");
  FeedRecord a;
  a.name = "A";
  a.url = server.url("/a");
  a.etag = "\"x\"";
  a.next_attempt = clock.wall_now() + 5min;
  FeedRecord b = a;
  b.name = "B";
  b.url = "https://elsewhere.example/b";  // the config now names another URL
  poller().restore({a, b}, true, clock.steady_now(), clock.wall_now());
  EXPECT_EQ(record("A").etag, "\"x\"");
  EXPECT_EQ(record("B").etag, "");
  server.route_file("/b", kFeeds + "wire_b.atom");
  auto outcomes = cycle();  // only B is due: A waits for its next attempt
  ASSERT_EQ(outcomes.size(), 1u);
  EXPECT_EQ(outcomes[0].feed, "B");
}

TEST_F(PollerTest, ANextAttemptBeyondAnyScheduleIsAClockJumpAndDueNow) {
  add_feed("A", "/a");
  server.route_file("/a", kFeeds + "wire_a.rss");
  FeedRecord a;
  a.name = "A";
  a.url = server.url("/a");
  a.next_attempt = clock.wall_now() + std::chrono::days(400);
  poller().restore({a}, true, clock.steady_now(), clock.wall_now());
  EXPECT_EQ(cycle().size(), 1u);
}

TEST_F(PollerTest, ARoutineRefreshIsNotAWriteButAChangeOfHealthIs) {
  bool up = true;
  const std::string body = read_file(kFeeds + "wire_a.rss");
  server.route("/a", [&](const HttpRequest&) { return up ? HttpResponse{200, {{"ETag", "\"1\""}}, body} : HttpResponse{500, {}, ""}; });
  add_feed("A", "/a");
  cycle();
  EXPECT_EQ(poller().take_changed(clock.wall_now()).size(), 1u);  // first sight
  clock.advance(16min);
  cycle();
  EXPECT_TRUE(poller().take_changed(clock.wall_now()).empty());  // only times moved
  EXPECT_EQ(poller().take_changed(clock.wall_now(), true).size(), 1u);  // at exit, they are kept
  up = false;
  clock.advance(16min);
  cycle();
  auto changed = poller().take_changed(clock.wall_now());
  ASSERT_EQ(changed.size(), 1u);
  EXPECT_EQ(changed[0].failures, 1);
}

}  // namespace
}  // namespace headliner
