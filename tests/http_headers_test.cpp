#include "http_headers.hpp"

#include <gtest/gtest.h>

namespace headliner {
namespace {

using namespace std::chrono;
using namespace std::chrono_literals;

const UtcTime kDate = sys_days(year(1994) / November / 6) + 8h + 49min + 37s;

TEST(HttpDate, ReadsTheImfFixdate) {
  EXPECT_EQ(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"), kDate);
}

TEST(HttpDate, ReadsTheObsoleteRfc850Form) {
  EXPECT_EQ(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT"), kDate);
}

TEST(HttpDate, ReadsTheAsctimeForm) {
  EXPECT_EQ(parse_http_date("Sun Nov  6 08:49:37 1994"), kDate);
}

TEST(HttpDate, RejectsWhatIsNotADate) {
  EXPECT_EQ(parse_http_date(""), std::nullopt);
  EXPECT_EQ(parse_http_date("soon"), std::nullopt);
  EXPECT_EQ(parse_http_date("Sun Foo  6 08:49:37 1994"), std::nullopt);
}

TEST(RetryAfter, ReadsDelaySeconds) {
  EXPECT_EQ(parse_retry_after("120", kDate), Duration(120s));
  EXPECT_EQ(parse_retry_after(" 0 ", kDate), Duration(0));
}

TEST(RetryAfter, ReadsAnHttpDateAgainstTheServersDate) {
  EXPECT_EQ(parse_retry_after("Sun, 06 Nov 1994 09:49:37 GMT", kDate), Duration(1h));
}

TEST(RetryAfter, ADateInThePastIsNoWait) {
  EXPECT_EQ(parse_retry_after("Sun, 06 Nov 1994 07:00:00 GMT", kDate), Duration(0));
}

TEST(RetryAfter, IgnoresNonsense) {
  EXPECT_EQ(parse_retry_after("", kDate), std::nullopt);
  EXPECT_EQ(parse_retry_after("-5", kDate), std::nullopt);
  EXPECT_EQ(parse_retry_after("1.5", kDate), std::nullopt);
  EXPECT_EQ(parse_retry_after("later", kDate), std::nullopt);
}

TEST(RetryAfter, SaturatesAHugeNumberInsteadOfOverflowing) {
  auto d = parse_retry_after("99999999999999999999999", kDate);
  ASSERT_TRUE(d);
  EXPECT_GT(*d, Duration(24h * 365));
}

TEST(Freshness, ReadsMaxAge) {
  EXPECT_EQ(freshness_lifetime("public, max-age=1800", "", kDate), Duration(30min));
  EXPECT_EQ(freshness_lifetime("MAX-AGE=\"60\"", "", kDate), Duration(60s));
}

TEST(Freshness, NoCacheAndNoStoreMeanNotAtAll) {
  EXPECT_EQ(freshness_lifetime("no-cache, max-age=600", "", kDate), Duration(0));
  EXPECT_EQ(freshness_lifetime("no-store", "", kDate), Duration(0));
}

TEST(Freshness, MaxAgeWinsOverExpires) {
  EXPECT_EQ(freshness_lifetime("max-age=60", "Sun, 06 Nov 1994 10:49:37 GMT", kDate), Duration(60s));
}

TEST(Freshness, ExpiresCountsFromTheServersDate) {
  EXPECT_EQ(freshness_lifetime("", "Sun, 06 Nov 1994 10:49:37 GMT", kDate), Duration(2h));
}

TEST(Freshness, AnUnreadableExpiresMeansAlreadyExpired) {
  EXPECT_EQ(freshness_lifetime("", "0", kDate), Duration(0));
}

TEST(Freshness, SaysNothingWithoutHeaders) {
  EXPECT_EQ(freshness_lifetime("", "", kDate), std::nullopt);
  EXPECT_EQ(freshness_lifetime("public", "", kDate), std::nullopt);
}

}  // namespace
}  // namespace headliner
