#include "feed_status.hpp"

#include <gtest/gtest.h>

namespace headliner {
namespace {

using namespace std::chrono_literals;

const WallTime kNow = WallTime(std::chrono::sys_days(std::chrono::year(2026) / 11 / 23)) + 10h;

TEST(FeedStatus, SaysWhenTheNextAttemptIsLessThanAMinuteAway) {
  Config config;
  config.feeds.push_back({"A", "https://a.example/", 15min, "cyan"});
  FeedRecord r;
  r.name = "A";
  r.url = "https://a.example/";
  r.last_success = kNow - 2h;
  r.next_attempt = kNow + 20s;  // "in <1m"
  r.next_reason = "refresh 15m";
  std::string table = format_status_table(config, {r}, kNow);
  EXPECT_NE(table.find("A     2h ago        in <1m        ok (refresh 15m)"), std::string::npos) << table;
}

TEST(FeedStatus, SumsUpOutcomes) {
  std::vector<FeedOutcome> outcomes = {{"A", "", 3, false}, {"B", "", 0, true}, {"C", "HTTP 404 Not Found", 0, false}};
  EXPECT_EQ(summarize(outcomes), "3 feeds: 2 ok (1 not modified), 1 failing");
  EXPECT_EQ(summarize({{"A", "", 3, false}}), "1 feed: 1 ok");
}

}  // namespace
}  // namespace headliner

namespace headliner {
namespace {

TEST(FeedStatus, FailingSummaryNamesEachFailingFeedAndWhy) {
  FeedRecord ok, bad;
  ok.name = "A";
  bad.name = "B";
  bad.failing_since = WallTime{};
  bad.last_error = "HTTP 503 Service Unavailable";
  EXPECT_EQ(failing_summary({ok, bad}), "1 of 2 feeds failing: B (HTTP 503 Service Unavailable)");
  EXPECT_EQ(failing_summary({ok}), "All 1 feed ok");
}

}  // namespace
}  // namespace headliner

namespace headliner {
namespace {

using namespace std::chrono_literals;

TEST(FeedStatus, RoundsTheNextAttemptToTheNearestMinute) {
  Config config;
  config.feeds.push_back({"A", "https://a.example/", 15min, "cyan"});
  FeedRecord r;
  r.name = "A";
  r.url = "https://a.example/";
  r.next_attempt = kNow + 119s;
  EXPECT_NE(format_status_table(config, {r}, kNow).find(" in 2m "), std::string::npos);
  r.next_attempt = kNow + 80s;
  EXPECT_NE(format_status_table(config, {r}, kNow).find(" in 1m "), std::string::npos);
}

}  // namespace
}  // namespace headliner
