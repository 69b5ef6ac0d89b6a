#include "duration.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

namespace headliner {
namespace {

using namespace std::chrono_literals;

// ---------------------------------------------------------------------------
// parse_duration: what it accepts

struct ParseCase {
  std::string_view text;
  Duration expected;
};

void PrintTo(const ParseCase& c, std::ostream* os) { *os << '"' << c.text << '"'; }

class ParseDurationAccepts : public testing::TestWithParam<ParseCase> {};

TEST_P(ParseDurationAccepts, ReadsTheTotalLength) {
  const ParseCase& c = GetParam();
  EXPECT_EQ(parse_duration(c.text), std::optional<Duration>(c.expected));
}

INSTANTIATE_TEST_SUITE_P(
    Durations, ParseDurationAccepts,
    testing::Values(ParseCase{"0s", 0s}, ParseCase{"0ms", 0ms}, ParseCase{"20s", 20s},
                    ParseCase{"15m", 15min}, ParseCase{"48h", 48h}, ParseCase{"2d", 48h},
                    ParseCase{"1h30m", 90min}, ParseCase{"500ms", 500ms},
                    ParseCase{"1h1ms", 1h + 1ms},  // "ms" is not "m" followed by "s"
                    ParseCase{"1d2h3m4s5ms", 24h + 2h + 3min + 4s + 5ms},
                    ParseCase{"90s", 90s},  // a unit may exceed the next one up
                    ParseCase{"007s", 7s},
                    ParseCase{"999999999ms", 999999999ms}));  // nine digits is the most

// ---------------------------------------------------------------------------
// parse_duration: what it rejects

class ParseDurationRejects : public testing::TestWithParam<std::string_view> {};

TEST_P(ParseDurationRejects, ReturnsNothing) {
  EXPECT_EQ(parse_duration(GetParam()), std::nullopt);
}

INSTANTIATE_TEST_SUITE_P(
    NotDurations, ParseDurationRejects,
    testing::Values("",              // empty
                    "h",             // a unit without a number
                    "10",            // a number without a unit
                    "10x",           // an unknown unit
                    "10S",           // units are lower case
                    "-5s",           // negative
                    "+5s",           // signed
                    "1.5h",          // fractions
                    " 5s",           // leading space
                    "5s ",           // trailing space
                    "5 s",           // space between number and unit
                    "1h 30m",        // space between pairs
                    "1h30",          // a trailing number without a unit
                    "1234567890s",   // ten digits
                    "1234567890ms"));

TEST(ParseDuration, RejectsATotalTooLongToRepresentInsteadOfOverflowing) {
  // Each pair is in range on its own (nine digits of days is about 8.6e16 ms),
  // but 200 of them add up to more than a 64-bit count of milliseconds holds.
  std::string text;
  for (int i = 0; i < 200; ++i) text += "999999999d";
  EXPECT_EQ(parse_duration(text), std::nullopt);
}

// ---------------------------------------------------------------------------
// format_duration

struct FormatCase {
  Duration duration;
  std::string_view expected;
};

void PrintTo(const FormatCase& c, std::ostream* os) {
  *os << c.duration.count() << "ms -> \"" << c.expected << '"';
}

class FormatDuration : public testing::TestWithParam<FormatCase> {};

TEST_P(FormatDuration, WritesTheShortestExactForm) {
  EXPECT_EQ(format_duration(GetParam().duration), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    Durations, FormatDuration,
    testing::Values(FormatCase{0ms, "0s"}, FormatCase{20s, "20s"}, FormatCase{15min, "15m"},
                    FormatCase{90s, "1m30s"}, FormatCase{90min, "1h30m"}, FormatCase{24h, "1d"},
                    FormatCase{48h, "2d"}, FormatCase{25h, "1d1h"}, FormatCase{500ms, "500ms"},
                    FormatCase{1h + 1ms, "1h1ms"}, FormatCase{1500ms, "1s500ms"},
                    FormatCase{24h + 1s, "1d1s"}, FormatCase{3650 * 24h, "3650d"}));

class DurationRoundTrip : public testing::TestWithParam<std::string_view> {};

TEST_P(DurationRoundTrip, FormatOfParseGivesTheSameTextBack) {
  auto parsed = parse_duration(GetParam());
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(format_duration(*parsed), GetParam());
}

TEST_P(DurationRoundTrip, ParseOfFormatGivesTheSameDurationBack) {
  auto parsed = parse_duration(GetParam());
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parse_duration(format_duration(*parsed)), parsed);
}

INSTANTIATE_TEST_SUITE_P(CanonicalForms, DurationRoundTrip,
                         testing::Values("0s", "1ms", "500ms", "1s", "20s", "15m", "1h30m",
                                         "1h1ms", "2d", "1d23h59m59s999ms", "3650d"));

TEST(DurationRoundTrip, NonCanonicalTextParsesToTheSameDurationAsItsCanonicalForm) {
  for (std::string_view text : {"90s", "48h", "60m", "1000ms", "0d", "1h60m", "007s"}) {
    SCOPED_TRACE(text);
    auto parsed = parse_duration(text);
    ASSERT_TRUE(parsed.has_value());
    EXPECT_EQ(parse_duration(format_duration(*parsed)), parsed);
  }
}

// ---------------------------------------------------------------------------
// format_age

struct AgeCase {
  std::chrono::seconds age;
  std::string_view expected;
};

void PrintTo(const AgeCase& c, std::ostream* os) {
  *os << c.age.count() << "s -> \"" << c.expected << '"';
}

class FormatAge : public testing::TestWithParam<AgeCase> {};

TEST_P(FormatAge, RoundsDownToTheLargestUnit) {
  EXPECT_EQ(format_age(GetParam().age), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    Ages, FormatAge,
    testing::Values(AgeCase{0s, "now"}, AgeCase{1s, "now"}, AgeCase{59s, "now"},
                    AgeCase{-30s, "now"},  // a date slightly in the future
                    AgeCase{60s, "1m"}, AgeCase{5min, "5m"}, AgeCase{5min + 59s, "5m"},
                    AgeCase{59min + 59s, "59m"}, AgeCase{1h, "1h"}, AgeCase{3h, "3h"},
                    AgeCase{3h + 59min, "3h"}, AgeCase{23h + 59min + 59s, "23h"},
                    AgeCase{24h, "1d"}, AgeCase{47h, "1d"}, AgeCase{48h, "2d"},
                    AgeCase{400 * 24h, "400d"}));

// ---------------------------------------------------------------------------
// format_wait

TEST(FormatWait, RoundsToTheNearestMinute) {
  EXPECT_EQ(format_wait(0s), "<1m");
  EXPECT_EQ(format_wait(29s), "<1m");
  EXPECT_EQ(format_wait(30s), "1m");
  EXPECT_EQ(format_wait(1min + 59s), "2m");
  EXPECT_EQ(format_wait(29min + 40s), "30m");
  EXPECT_EQ(format_wait(59min + 31s), "1h");
  EXPECT_EQ(format_wait(2h + 10min), "2h");
}

}  // namespace
}  // namespace headliner
