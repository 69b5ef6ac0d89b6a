#include "schedule.hpp"

#include <gtest/gtest.h>

namespace headliner {
namespace {

using namespace std::chrono;
using namespace std::chrono_literals;

// A Monday, 10:20 UTC.
const WallTime kMonday = sys_days(year(2026) / November / 23) + 10h + 20min;
const ScheduleBounds kBounds{15min, 6h};

TEST(ScheduleAfterSuccess, IsTheRefreshIntervalWhenNobodyAsksOtherwise) {
  NextFetch next = next_after_success(kBounds, std::nullopt, {}, kMonday, 0.0);
  EXPECT_EQ(next.delay, Duration(15min));
  EXPECT_EQ(next.reason, "refresh 15m");
}

TEST(ScheduleAfterSuccess, JitterSpreadsByAtMostFivePercent) {
  EXPECT_EQ(next_after_success(kBounds, std::nullopt, {}, kMonday, 1.0).delay, Duration(15min + 45s));
  EXPECT_EQ(next_after_success(kBounds, std::nullopt, {}, kMonday, -1.0).delay, Duration(15min - 45s));
  EXPECT_EQ(next_after_success(kBounds, std::nullopt, {}, kMonday, 7.0).delay, Duration(15min + 45s));
}

TEST(ScheduleAfterSuccess, CacheControlLongerThanTheRefreshStretchesIt) {
  NextFetch next = next_after_success(kBounds, Duration(1h), {}, kMonday, 0.0);
  EXPECT_EQ(next.delay, Duration(1h));
  EXPECT_EQ(next.reason, "Cache-Control 1h");
}

TEST(ScheduleAfterSuccess, NobodyMakesItFetchMoreOftenThanTheUserSaid) {
  FeedTiming timing;
  timing.ttl = 1min;
  EXPECT_EQ(next_after_success(kBounds, Duration(0), timing, kMonday, 0.0).delay, Duration(15min));
}

TEST(ScheduleAfterSuccess, TtlAndUpdatePeriodStretchItUpToMaxRefresh) {
  FeedTiming timing;
  timing.ttl = 2h;
  EXPECT_EQ(next_after_success(kBounds, std::nullopt, timing, kMonday, 0.0).reason, "ttl 2h");
  timing.update_period = 24h;
  NextFetch next = next_after_success(kBounds, std::nullopt, timing, kMonday, 0.0);
  EXPECT_EQ(next.delay, Duration(6h));
  EXPECT_EQ(next.reason, "sy:updatePeriod 6h");
}

TEST(ScheduleAfterSuccess, NeverBelowTheFloorEvenIfConfiguredSo) {
  EXPECT_EQ(next_after_success({10s, 6h}, std::nullopt, {}, kMonday, -1.0).delay, kMinimumRefresh);
}

TEST(ScheduleAfterSuccess, SkipHoursMovesTheFetchToTheFirstHourNotSkipped) {
  FeedTiming timing;
  timing.skip_hours = (1u << 10) | (1u << 11) | (1u << 12);  // 10:00 to 12:59 UTC
  NextFetch next = next_after_success(kBounds, std::nullopt, timing, kMonday, 0.0);
  EXPECT_EQ(kMonday + next.delay, sys_days(year(2026) / November / 23) + 13h);
  EXPECT_EQ(next.reason, "refresh 15m, then skipHours/skipDays");
}

TEST(ScheduleAfterSuccess, SkipDaysMovesTheFetchToTheNextDayNotSkipped) {
  FeedTiming timing;
  timing.skip_days = (1u << 1) | (1u << 2);  // Monday and Tuesday
  NextFetch next = next_after_success(kBounds, std::nullopt, timing, kMonday, 0.0);
  EXPECT_EQ(kMonday + next.delay, sys_days(year(2026) / November / 25));  // Wednesday 00:00
}

TEST(ScheduleAfterSuccess, AFeedThatSkipsEveryHourIsNotListenedTo) {
  FeedTiming timing;
  timing.skip_hours = (1u << 24) - 1;
  EXPECT_EQ(next_after_success(kBounds, std::nullopt, timing, kMonday, 0.0).delay, Duration(15min));
}

TEST(ScheduleAfterFailure, BacksOffExponentiallyUpToAnHourOrTheRefresh) {
  EXPECT_EQ(next_after_failure(kBounds, 1, std::nullopt, 0.0).delay, Duration(1min));
  EXPECT_EQ(next_after_failure(kBounds, 2, std::nullopt, 0.0).delay, Duration(2min));
  EXPECT_EQ(next_after_failure(kBounds, 5, std::nullopt, 0.0).delay, Duration(16min));
  EXPECT_EQ(next_after_failure(kBounds, 7, std::nullopt, 0.0).delay, Duration(1h));
  EXPECT_EQ(next_after_failure(kBounds, 1000, std::nullopt, 0.0).delay, Duration(1h));
  EXPECT_EQ(next_after_failure({3h, 6h}, 1000, std::nullopt, 0.0).delay, Duration(3h));
  EXPECT_EQ(next_after_failure(kBounds, 3, std::nullopt, 0.0).reason, "back-off after 3 failures");
}

TEST(ScheduleAfterFailure, JitterSpreadsTheBackOffByAtMostTwentyPercent) {
  EXPECT_EQ(next_after_failure(kBounds, 5, std::nullopt, 1.0).delay, Duration(16min) * 6 / 5);
  EXPECT_EQ(next_after_failure(kBounds, 5, std::nullopt, -1.0).delay, Duration(16min) * 4 / 5);
  EXPECT_EQ(next_after_failure(kBounds, 1, std::nullopt, -1.0).delay, Duration(48s));
}

TEST(ScheduleAfterFailure, RetryAfterIsObeyedWithinAMinuteAndADay) {
  NextFetch next = next_after_failure(kBounds, 1, Duration(2h), 0.0);
  EXPECT_EQ(next.delay, Duration(2h));
  EXPECT_EQ(next.reason, "Retry-After 2h");
  EXPECT_EQ(next_after_failure(kBounds, 1, Duration(5s), 0.0).delay, Duration(1min));
  EXPECT_EQ(next_after_failure(kBounds, 1, Duration(24h * 30), 0.0).delay, Duration(24h));
}

}  // namespace
}  // namespace headliner
