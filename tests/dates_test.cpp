#include "dates.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace headliner {
namespace {

using namespace std::string_view_literals;

// Expected values are built with std::chrono directly, never with the code under test.
UtcTime utc(int y, unsigned mo, unsigned d, int h = 0, int mi = 0, int s = 0) {
  return std::chrono::sys_days{std::chrono::year{y} / std::chrono::month{mo} / std::chrono::day{d}} +
         std::chrono::hours{h} + std::chrono::minutes{mi} + std::chrono::seconds{s};
}

// Only for failure messages: gtest cannot print a sys_seconds by itself.
std::string describe(std::optional<UtcTime> time) {
  return time ? format_rfc3339(*time) : "nullopt";
}

struct DateCase {
  std::string_view text;
  UtcTime expected;
};

void PrintTo(const DateCase& date_case, std::ostream* out) {
  *out << '"' << date_case.text << "\" -> " << format_rfc3339(date_case.expected);
}

// ---- parse_rfc822_date: accepted forms ---------------------------------------

class Rfc822DateParses : public testing::TestWithParam<DateCase> {};

TEST_P(Rfc822DateParses, ToExpectedUtcTime) {
  const auto parsed = parse_rfc822_date(GetParam().text);
  EXPECT_EQ(parsed, std::optional<UtcTime>{GetParam().expected}) << "parsed as " << describe(parsed);
}

INSTANTIATE_TEST_SUITE_P(
    ConvertsNamedZones, Rfc822DateParses,
    testing::Values(DateCase{"Sat, 28 Feb 2004 18:14:55 GMT", utc(2004, 2, 28, 18, 14, 55)},
                    DateCase{"Sat, 28 Feb 2004 18:14:55 UT", utc(2004, 2, 28, 18, 14, 55)},
                    DateCase{"Sat, 28 Feb 2004 18:14:55 UTC", utc(2004, 2, 28, 18, 14, 55)},
                    DateCase{"Sat, 28 Feb 2004 18:14:55 Z", utc(2004, 2, 28, 18, 14, 55)},
                    DateCase{"Sat, 28 Feb 2004 18:14:55 gmt", utc(2004, 2, 28, 18, 14, 55)},
                    DateCase{"Sat, 28 Feb 2004 18:14:55 EST", utc(2004, 2, 28, 23, 14, 55)},
                    DateCase{"Sat, 28 Feb 2004 18:14:55 EDT", utc(2004, 2, 28, 22, 14, 55)},
                    DateCase{"Sat, 28 Feb 2004 18:14:55 CST", utc(2004, 2, 29, 0, 14, 55)},
                    DateCase{"Sat, 28 Feb 2004 18:14:55 CDT", utc(2004, 2, 28, 23, 14, 55)},
                    DateCase{"Sat, 28 Feb 2004 18:14:55 MST", utc(2004, 2, 29, 1, 14, 55)},
                    DateCase{"Sat, 28 Feb 2004 18:14:55 MDT", utc(2004, 2, 29, 0, 14, 55)},
                    DateCase{"Sat, 28 Feb 2004 18:14:55 PST", utc(2004, 2, 29, 2, 14, 55)},
                    DateCase{"Sat, 28 Feb 2004 18:14:55 PDT", utc(2004, 2, 29, 1, 14, 55)}));

// RFC 822 got the military zones' signs wrong, so RFC 2822 says to read them as +0000.
INSTANTIATE_TEST_SUITE_P(
    ReadsMilitaryZonesAsUtc, Rfc822DateParses,
    testing::Values(DateCase{"Sat, 28 Feb 2004 18:14:55 A", utc(2004, 2, 28, 18, 14, 55)},
                    DateCase{"Sat, 28 Feb 2004 18:14:55 M", utc(2004, 2, 28, 18, 14, 55)},
                    DateCase{"Sat, 28 Feb 2004 18:14:55 N", utc(2004, 2, 28, 18, 14, 55)},
                    DateCase{"Sat, 28 Feb 2004 18:14:55 Y", utc(2004, 2, 28, 18, 14, 55)}));

INSTANTIATE_TEST_SUITE_P(
    ConvertsNumericOffsets, Rfc822DateParses,
    testing::Values(DateCase{"Sat, 28 Feb 2004 18:14:55 +0000", utc(2004, 2, 28, 18, 14, 55)},
                    DateCase{"Sat, 28 Feb 2004 18:14:55 -0000", utc(2004, 2, 28, 18, 14, 55)},
                    DateCase{"Sat, 28 Feb 2004 18:14:55 +0100", utc(2004, 2, 28, 17, 14, 55)},
                    DateCase{"Sat, 28 Feb 2004 18:14:55 -0530", utc(2004, 2, 28, 23, 44, 55)},
                    DateCase{"Sat, 28 Feb 2004 18:14:55 +05:30", utc(2004, 2, 28, 12, 44, 55)},
                    DateCase{"Sat, 28 Feb 2004 18:14:55 -09:45", utc(2004, 2, 29, 3, 59, 55)},
                    DateCase{"Sat, 28 Feb 2004 18:14:55 +2359", utc(2004, 2, 27, 18, 15, 55)}));

INSTANTIATE_TEST_SUITE_P(
    CarriesOffsetsAcrossDayMonthAndYear, Rfc822DateParses,
    testing::Values(DateCase{"Thu, 31 Dec 2020 23:30:00 -0100", utc(2021, 1, 1, 0, 30, 0)},
                    DateCase{"Fri, 01 Jan 2021 00:30:00 +0100", utc(2020, 12, 31, 23, 30, 0)},
                    DateCase{"Wed, 28 Feb 2024 23:00:00 -0200", utc(2024, 2, 29, 1, 0, 0)},
                    DateCase{"Tue, 28 Feb 2023 23:00:00 -0200", utc(2023, 3, 1, 1, 0, 0)},
                    DateCase{"Fri, 01 Mar 2024 01:00:00 +0200", utc(2024, 2, 29, 23, 0, 0)},
                    DateCase{"Fri, 31 Dec 1999 19:00:00 EST", utc(2000, 1, 1, 0, 0, 0)}));

INSTANTIATE_TEST_SUITE_P(
    PivotsTwoDigitYearsAtFifty, Rfc822DateParses,
    testing::Values(DateCase{"Sat, 28 Feb 04 18:14:55 GMT", utc(2004, 2, 28, 18, 14, 55)},
                    DateCase{"01 Jan 00 00:00:00 GMT", utc(2000, 1, 1, 0, 0, 0)},
                    DateCase{"01 Jan 49 00:00:00 GMT", utc(2049, 1, 1, 0, 0, 0)},
                    DateCase{"01 Jan 50 00:00:00 GMT", utc(1950, 1, 1, 0, 0, 0)},
                    DateCase{"31 Dec 99 23:59:59 GMT", utc(1999, 12, 31, 23, 59, 59)}));

INSTANTIATE_TEST_SUITE_P(
    AcceptsMissingSecondsAndZone, Rfc822DateParses,
    testing::Values(DateCase{"Sat, 28 Feb 2004 18:14 GMT", utc(2004, 2, 28, 18, 14, 0)},
                    DateCase{"Sat, 28 Feb 2004 18:14 -0100", utc(2004, 2, 28, 19, 14, 0)},
                    DateCase{"Sat, 28 Feb 2004 18:14:55", utc(2004, 2, 28, 18, 14, 55)},
                    DateCase{"Sat, 28 Feb 2004 18:14", utc(2004, 2, 28, 18, 14, 0)}));

// Day names are not checked against the date: feeds get them wrong too often.
INSTANTIATE_TEST_SUITE_P(
    AcceptsAnyDayNameOrNone, Rfc822DateParses,
    testing::Values(DateCase{"28 Feb 2004 18:14:55 GMT", utc(2004, 2, 28, 18, 14, 55)},
                    DateCase{"Saturday, 28 Feb 2004 18:14:55 GMT", utc(2004, 2, 28, 18, 14, 55)},
                    DateCase{"SAT, 28 Feb 2004 18:14:55 GMT", utc(2004, 2, 28, 18, 14, 55)},
                    DateCase{"sat, 28 Feb 2004 18:14:55 GMT", utc(2004, 2, 28, 18, 14, 55)},
                    DateCase{"Sat 28 Feb 2004 18:14:55 GMT", utc(2004, 2, 28, 18, 14, 55)},
                    DateCase{"Sat,28 Feb 2004 18:14:55 GMT", utc(2004, 2, 28, 18, 14, 55)},
                    DateCase{"Thurs, 26 Feb 2004 18:14:55 GMT", utc(2004, 2, 26, 18, 14, 55)},
                    DateCase{"Mon, 28 Feb 2004 18:14:55 GMT", utc(2004, 2, 28, 18, 14, 55)}));

INSTANTIATE_TEST_SUITE_P(
    AcceptsMonthNamesInAnyCaseAndLength, Rfc822DateParses,
    testing::Values(DateCase{"28 feb 2004 18:14:55 GMT", utc(2004, 2, 28, 18, 14, 55)},
                    DateCase{"28 FEB 2004 18:14:55 GMT", utc(2004, 2, 28, 18, 14, 55)},
                    DateCase{"28 February 2004 18:14:55 GMT", utc(2004, 2, 28, 18, 14, 55)},
                    DateCase{"Mon, 1 Sept 2003 09:00:00 GMT", utc(2003, 9, 1, 9, 0, 0)},
                    DateCase{"1 Jan 2004 00:00:00 GMT", utc(2004, 1, 1, 0, 0, 0)},
                    DateCase{"15 Mar 2004 00:00:00 GMT", utc(2004, 3, 15, 0, 0, 0)},
                    DateCase{"15 Apr 2004 00:00:00 GMT", utc(2004, 4, 15, 0, 0, 0)},
                    DateCase{"15 May 2004 00:00:00 GMT", utc(2004, 5, 15, 0, 0, 0)},
                    DateCase{"15 Jun 2004 00:00:00 GMT", utc(2004, 6, 15, 0, 0, 0)},
                    DateCase{"15 Jul 2004 00:00:00 GMT", utc(2004, 7, 15, 0, 0, 0)},
                    DateCase{"15 Aug 2004 00:00:00 GMT", utc(2004, 8, 15, 0, 0, 0)},
                    DateCase{"15 Oct 2004 00:00:00 GMT", utc(2004, 10, 15, 0, 0, 0)},
                    DateCase{"15 Nov 2004 00:00:00 GMT", utc(2004, 11, 15, 0, 0, 0)},
                    DateCase{"31 Dec 2004 00:00:00 GMT", utc(2004, 12, 31, 0, 0, 0)}));

INSTANTIATE_TEST_SUITE_P(
    ToleratesLooseSpacing, Rfc822DateParses,
    testing::Values(DateCase{"  Sat, 28 Feb 2004 18:14:55 GMT\r\n", utc(2004, 2, 28, 18, 14, 55)},
                    DateCase{"Sat,  28  Feb\t2004  18:14:55   GMT", utc(2004, 2, 28, 18, 14, 55)},
                    DateCase{"Sat, 28 Feb 2004 18:14:55GMT", utc(2004, 2, 28, 18, 14, 55)},
                    DateCase{"Sat, 28 Feb 2004 8:14:55 GMT", utc(2004, 2, 28, 8, 14, 55)},
                    DateCase{"Sat, 28 Feb 2004 18:14:55.123 GMT", utc(2004, 2, 28, 18, 14, 55)}));

INSTANTIATE_TEST_SUITE_P(
    AcceptsLeapDaysAndClampsLeapSeconds, Rfc822DateParses,
    testing::Values(DateCase{"Thu, 29 Feb 2024 12:00:00 GMT", utc(2024, 2, 29, 12, 0, 0)},
                    DateCase{"Tue, 29 Feb 2000 12:00:00 GMT", utc(2000, 2, 29, 12, 0, 0)},
                    DateCase{"Sat, 31 Dec 2016 23:59:60 GMT", utc(2016, 12, 31, 23, 59, 59)}));

// ---- parse_rfc822_date: rejected forms ---------------------------------------

class Rfc822DateRejects : public testing::TestWithParam<std::string_view> {};

TEST_P(Rfc822DateRejects, WithNullopt) {
  const auto parsed = parse_rfc822_date(GetParam());
  EXPECT_EQ(parsed, std::nullopt) << "parsed as " << describe(parsed);
}

INSTANTIATE_TEST_SUITE_P(EmptyOrBlank, Rfc822DateRejects, testing::Values(""sv, "   "sv, "\t\r\n"sv));

// Day names in any language, or misspelt, are skipped: the date is what counts.
INSTANTIATE_TEST_SUITE_P(
    SkipsLocalizedDayNames, Rfc822DateParses,
    testing::Values(DateCase{"Xyz, 28 Feb 2004 18:14:55 GMT", utc(2004, 2, 28, 18, 14, 55)},
                    DateCase{"Sa, 28 Feb 2004 18:14:55 GMT", utc(2004, 2, 28, 18, 14, 55)},
                    DateCase{"Mi, 02 Sep 2025 09:15:00 +0200", utc(2025, 9, 2, 7, 15, 0)},
                    DateCase{"Mittwoch, 02 Sep 2025 09:15:00 GMT", utc(2025, 9, 2, 9, 15, 0)},
                    DateCase{"\u041f\u043d, 01 Sep 2025 10:00:00 +0300", utc(2025, 9, 1, 7, 0, 0)},
                    DateCase{"mar, 02 sep 2025 10:00:00 +0200", utc(2025, 9, 2, 8, 0, 0)},
                    DateCase{"lun., 01 Sep 2025 10:00:00 +0200", utc(2025, 9, 1, 8, 0, 0)}));

INSTANTIATE_TEST_SUITE_P(
    ReadsMonthFirstDatesAsJavaScriptWritesThem, Rfc822DateParses,
    testing::Values(
        DateCase{"Tue Sep 02 2025 09:15:00 GMT+0200 (Central European Summer Time)", utc(2025, 9, 2, 7, 15, 0)},
        DateCase{"Sep 02 2025 09:15 GMT", utc(2025, 9, 2, 9, 15, 0)},
        DateCase{"Tue Sep 02 2025 09:15:00 GMT-0500", utc(2025, 9, 2, 14, 15, 0)}));

INSTANTIATE_TEST_SUITE_P(
    ReadsHyphenatedDatesAsRfc850AndCookiesWriteThem, Rfc822DateParses,
    testing::Values(DateCase{"Wednesday, 02-Oct-02 13:00:00 PDT", utc(2002, 10, 2, 20, 0, 0)},
                    DateCase{"Wed, 02-Oct-2002 13:00:00 GMT", utc(2002, 10, 2, 13, 0, 0)},
                    DateCase{"28-Feb-2004 18:14:55 GMT", utc(2004, 2, 28, 18, 14, 55)}));

INSTANTIATE_TEST_SUITE_P(
    ReadsTheTimeBeforeTheYearAsAsctimeAndDateWriteIt, Rfc822DateParses,
    testing::Values(DateCase{"Wed Oct  2 13:00:00 2002", utc(2002, 10, 2, 13, 0, 0)},
                    DateCase{"Wed Oct 02 13:00:00 UTC 2002", utc(2002, 10, 2, 13, 0, 0)},
                    DateCase{"Wed Oct 02 13:00:00 EDT 2002", utc(2002, 10, 2, 17, 0, 0)},
                    DateCase{"Oct 2 13:00 2002", utc(2002, 10, 2, 13, 0, 0)}));

INSTANTIATE_TEST_SUITE_P(
    ReadsTwelveHourClocks, Rfc822DateParses,
    testing::Values(DateCase{"Wed, 02 Oct 2002 1:00 PM EST", utc(2002, 10, 2, 18, 0, 0)},
                    DateCase{"Wed, 02 Oct 2002 12:30:15 am", utc(2002, 10, 2, 0, 30, 15)},
                    DateCase{"Wed, 02 Oct 2002 12:05PM", utc(2002, 10, 2, 12, 5, 0)},
                    DateCase{"Oct 2, 2002 11:59 AM", utc(2002, 10, 2, 11, 59, 0)}));

INSTANTIATE_TEST_SUITE_P(
    GivesTheFirstInstantOfADateWithNoTime, Rfc822DateParses,
    testing::Values(DateCase{"Sat, 28 Feb 2004", utc(2004, 2, 28)}, DateCase{"28 February 2004", utc(2004, 2, 28)},
                    DateCase{"Feb 28, 2004", utc(2004, 2, 28)}));

INSTANTIATE_TEST_SUITE_P(
    ConvertsWorldZoneNames, Rfc822DateParses,
    testing::Values(DateCase{"Tue, 02 Sep 2025 09:15:00 CEST", utc(2025, 9, 2, 7, 15, 0)},
                    DateCase{"Tue, 02 Sep 2025 09:15:00 CET", utc(2025, 9, 2, 8, 15, 0)},
                    DateCase{"Tue, 02 Sep 2025 09:15:00 BST", utc(2025, 9, 2, 8, 15, 0)},
                    DateCase{"Tue, 02 Sep 2025 09:15:00 JST", utc(2025, 9, 2, 0, 15, 0)},
                    DateCase{"Tue, 02 Sep 2025 09:15:00 AEST", utc(2025, 9, 1, 23, 15, 0)},
                    DateCase{"Tue, 02 Sep 2025 09:15:00 HST", utc(2025, 9, 2, 19, 15, 0)}));

INSTANTIATE_TEST_SUITE_P(Garbage, Rfc822DateRejects,
                         testing::Values("not a date"sv, "Sat, 28 Feb 2004 18:14:55 GMT junk"sv,
                                         "Sat28 Feb 2004 18:14:55 GMT"sv,
                                         "28 Fe 2004 18:14:55 GMT"sv, "28 Foo 2004 18:14:55 GMT"sv,
                                         "28 Feb 2004 18.14.55 GMT"sv, "28 Feb 2004 1:00 XM"sv,
                                         "2004-02-28T18:14:55Z"sv,
                                         "Sat, 28 Feb 2004 18:14:55 GMT\0"sv));

INSTANTIATE_TEST_SUITE_P(Truncated, Rfc822DateRejects,
                         testing::Values("Sat"sv, "Sat,"sv, "Sat, 28"sv, "Sat, 28 Feb"sv,
                                         "Sat, 28 Feb 20"sv, "Sat, 28 Feb 2004 18"sv,
                                         "Sat, 28 Feb 2004 18:"sv, "Sat, 28 Feb 2004 18:1"sv,
                                         "Sat, 28 Feb 2004 18:14:"sv, "Sat, 28 Feb 2004 18:14:5"sv,
                                         "Sat, 28 Feb 2004 18:14:55 +"sv,
                                         "Sat, 28 Feb 2004 18:14:55 +01"sv,
                                         "Sat, 28 Feb 2004 18:14:55 +01:"sv,
                                         "Sat, 28 Feb 2004 18:14:55 +01:0"sv,
                                         "Sat, 28 Feb 2004 18:14:55 +010"sv));

INSTANTIATE_TEST_SUITE_P(MisreadableForms, Rfc822DateRejects,
                         testing::Values("28 Feb 04"sv, "Oct 2 13:00 02"sv, "Wed Oct 02 13:00:00 XYZ 2002"sv,
                                         "Wed Oct 02 13:00:00 2002 junk"sv, "28 Feb 2004 13:00 PM"sv,
                                         "28 Feb 2004 0:30 AM"sv, "28--Feb-2004 18:14:55 GMT"sv));

INSTANTIATE_TEST_SUITE_P(UnknownZones, Rfc822DateRejects,
                         testing::Values("Sat, 28 Feb 2004 18:14:55 XYZ"sv,
                                         "Sat, 28 Feb 2004 18:14:55 IST"sv,
                                         "Sat, 28 Feb 2004 18:14:55 J"sv,
                                         "Sat, 28 Feb 2004 18:14:55 GM"sv,
                                         "Sat, 28 Feb 2004 18:14:55 +01000"sv));

INSTANTIATE_TEST_SUITE_P(OutOfRangeFields, Rfc822DateRejects,
                         testing::Values("Tue, 29 Feb 2023 12:00:00 GMT"sv,
                                         "Mon, 29 Feb 1900 12:00:00 GMT"sv,
                                         "30 Feb 2024 12:00:00 GMT"sv, "31 Apr 2004 12:00:00 GMT"sv,
                                         "00 Jan 2004 12:00:00 GMT"sv, "32 Jan 2004 12:00:00 GMT"sv,
                                         "28 Feb 2004 24:00:00 GMT"sv, "28 Feb 2004 18:60:00 GMT"sv,
                                         "28 Feb 2004 18:14:61 GMT"sv,
                                         "28 Feb 2004 18:14:55 +2400"sv,
                                         "28 Feb 2004 18:14:55 +0060"sv));

INSTANTIATE_TEST_SUITE_P(WrongFieldWidths, Rfc822DateRejects,
                         testing::Values("028 Feb 2004 18:14:55 GMT"sv, "28 Feb 004 18:14:55 GMT"sv,
                                         "28 Feb 20040 18:14:55 GMT"sv, "28 Feb 4 18:14:55 GMT"sv,
                                         "28 Feb 2004 018:14:55 GMT"sv,
                                         "28 Feb 2004 18:4:55 GMT"sv, "28 Feb 2004 18:14:555 GMT"sv));

// ---- parse_iso8601_date: accepted forms --------------------------------------

class Iso8601DateParses : public testing::TestWithParam<DateCase> {};

TEST_P(Iso8601DateParses, ToExpectedUtcTime) {
  const auto parsed = parse_iso8601_date(GetParam().text);
  EXPECT_EQ(parsed, std::optional<UtcTime>{GetParam().expected}) << "parsed as " << describe(parsed);
}

INSTANTIATE_TEST_SUITE_P(
    ConvertsZones, Iso8601DateParses,
    testing::Values(DateCase{"2004-02-28T18:14:55Z", utc(2004, 2, 28, 18, 14, 55)},
                    DateCase{"2004-02-28T18:14:55z", utc(2004, 2, 28, 18, 14, 55)},
                    DateCase{"2004-02-28T18:14:55", utc(2004, 2, 28, 18, 14, 55)},
                    DateCase{"2004-02-28T18:14:55+00:00", utc(2004, 2, 28, 18, 14, 55)},
                    DateCase{"2004-02-28T18:14:55-00:00", utc(2004, 2, 28, 18, 14, 55)},
                    DateCase{"2004-02-28T18:14:55+01:00", utc(2004, 2, 28, 17, 14, 55)},
                    DateCase{"2004-02-28T18:14:55-05:00", utc(2004, 2, 28, 23, 14, 55)},
                    DateCase{"2004-02-28T18:14:55+0530", utc(2004, 2, 28, 12, 44, 55)},
                    DateCase{"2004-02-28T18:14:55-0930", utc(2004, 2, 29, 3, 44, 55)}));

INSTANTIATE_TEST_SUITE_P(
    CarriesOffsetsAcrossDayMonthAndYear, Iso8601DateParses,
    testing::Values(DateCase{"2020-12-31T23:30:00-01:00", utc(2021, 1, 1, 0, 30, 0)},
                    DateCase{"2021-01-01T00:30:00+01:00", utc(2020, 12, 31, 23, 30, 0)},
                    DateCase{"2024-02-28T23:00:00-02:00", utc(2024, 2, 29, 1, 0, 0)},
                    DateCase{"2023-02-28T23:00:00-02:00", utc(2023, 3, 1, 1, 0, 0)},
                    DateCase{"2024-03-01T01:00:00+02:00", utc(2024, 2, 29, 23, 0, 0)}));

INSTANTIATE_TEST_SUITE_P(
    GivesFirstInstantOfPartialDates, Iso8601DateParses,
    testing::Values(DateCase{"2004", utc(2004, 1, 1)}, DateCase{"2004-02", utc(2004, 2, 1)},
                    DateCase{"2004-02-28", utc(2004, 2, 28)},
                    DateCase{"2004-02-28T18:14", utc(2004, 2, 28, 18, 14, 0)},
                    DateCase{"2004-02-28T18:14Z", utc(2004, 2, 28, 18, 14, 0)},
                    DateCase{"2004-02-28T18:14+01:00", utc(2004, 2, 28, 17, 14, 0)}));

INSTANTIATE_TEST_SUITE_P(
    DropsFractionalSeconds, Iso8601DateParses,
    testing::Values(DateCase{"2004-02-28T18:14:55.123456Z", utc(2004, 2, 28, 18, 14, 55)},
                    DateCase{"2004-02-28T18:14:55.999999999Z", utc(2004, 2, 28, 18, 14, 55)},
                    DateCase{"2004-02-28T18:14:55.5+01:00", utc(2004, 2, 28, 17, 14, 55)},
                    DateCase{"2004-02-28T18:14:55,5", utc(2004, 2, 28, 18, 14, 55)},
                    DateCase{"2004-02-28T18:14:55.000000000000000000000001Z",
                             utc(2004, 2, 28, 18, 14, 55)}));

INSTANTIATE_TEST_SUITE_P(
    AcceptsOtherSeparatorsAndSpacing, Iso8601DateParses,
    testing::Values(DateCase{"2004-02-28 18:14:55Z", utc(2004, 2, 28, 18, 14, 55)},
                    DateCase{"2004-02-28t18:14:55Z", utc(2004, 2, 28, 18, 14, 55)},
                    DateCase{"  2004-02-28T18:14:55Z\r\n", utc(2004, 2, 28, 18, 14, 55)},
                    DateCase{"\t2004\t", utc(2004, 1, 1)}));

INSTANTIATE_TEST_SUITE_P(
    ReadsAZoneAfterASpaceAsSqlAndPhpWriteIt, Iso8601DateParses,
    testing::Values(DateCase{"2002-10-02 13:00:00 +0000", utc(2002, 10, 2, 13, 0, 0)},
                    DateCase{"2002-10-02 13:00:00 -05:00", utc(2002, 10, 2, 18, 0, 0)},
                    DateCase{"2002-10-02 13:00 UTC", utc(2002, 10, 2, 13, 0, 0)},
                    DateCase{"2002-10-02T13:00:00 GMT", utc(2002, 10, 2, 13, 0, 0)},
                    DateCase{"2002-10-02 13:00:00 EST", utc(2002, 10, 2, 18, 0, 0)}));

INSTANTIATE_TEST_SUITE_P(
    AcceptsLeapDaysAndClampsLeapSeconds, Iso8601DateParses,
    testing::Values(DateCase{"2024-02-29", utc(2024, 2, 29)},
                    DateCase{"2000-02-29T12:00:00Z", utc(2000, 2, 29, 12, 0, 0)},
                    DateCase{"2016-12-31T23:59:60Z", utc(2016, 12, 31, 23, 59, 59)}));

// ---- parse_iso8601_date: rejected forms --------------------------------------

class Iso8601DateRejects : public testing::TestWithParam<std::string_view> {};

TEST_P(Iso8601DateRejects, WithNullopt) {
  const auto parsed = parse_iso8601_date(GetParam());
  EXPECT_EQ(parsed, std::nullopt) << "parsed as " << describe(parsed);
}

INSTANTIATE_TEST_SUITE_P(EmptyOrBlank, Iso8601DateRejects, testing::Values(""sv, "   "sv));

INSTANTIATE_TEST_SUITE_P(Garbage, Iso8601DateRejects,
                         testing::Values("garbage"sv, "Sat, 28 Feb 2004 18:14:55 GMT"sv,
                                         "2004-02-28T18:14:55ZZ"sv, "2004-02-28X18:14:55Z"sv,
                                         "2004/02/28"sv, "20040228"sv, "2004-02-28Z"sv,
                                         "2004-02-28T18:14.5Z"sv, "2004-02-28T18:14:55.Z"sv,
                                         "2004-02-28T18:14:55 junk"sv, "2004-02-28 18:14:55 XYZ"sv, "2004-02-28 18:14:55 +"sv, "2004-02-28T18:14:55Z\0"sv));

INSTANTIATE_TEST_SUITE_P(Truncated, Iso8601DateRejects,
                         testing::Values("200"sv, "2004-"sv, "2004-0"sv, "2004-02-"sv,
                                         "2004-02-2"sv, "2004-02-28T"sv, "2004-02-28T18"sv,
                                         "2004-02-28T18:"sv, "2004-02-28T18:1"sv,
                                         "2004-02-28T18:14:"sv, "2004-02-28T18:14:5"sv,
                                         "2004-02-28T18:14:55."sv, "2004-02-28T18:14:55+"sv,
                                         "2004-02-28T18:14:55+01"sv, "2004-02-28T18:14:55+01:"sv,
                                         "2004-02-28T18:14:55+01:0"sv));

INSTANTIATE_TEST_SUITE_P(OutOfRangeFields, Iso8601DateRejects,
                         testing::Values("2023-02-29"sv, "1900-02-29"sv, "2024-02-30"sv,
                                         "2004-04-31"sv, "2004-00-01"sv, "2004-13-01"sv,
                                         "2004-01-00"sv, "2004-01-32"sv, "2004-02-28T24:00:00Z"sv,
                                         "2004-02-28T18:60:00Z"sv, "2004-02-28T18:14:61Z"sv,
                                         "2004-02-28T18:14:55+24:00"sv,
                                         "2004-02-28T18:14:55+01:60"sv));

INSTANTIATE_TEST_SUITE_P(WrongFieldWidths, Iso8601DateRejects,
                         testing::Values("04-02-28"sv, "20040-02-28"sv, "2004-2-28"sv,
                                         "2004-02-8"sv, "2004-02-28T8:14:55Z"sv,
                                         "2004-02-28T18:14:555Z"sv, "2004-02-28T18:14:55+1:00"sv,
                                         "2004-02-28T18:14:55+01000"sv));

// ---- Truncation at every length, in buffers that end exactly where the text
// does, so AddressSanitizer sees any read past the end ------------------------

// Parses the first `length` bytes from an allocation of exactly that size.
std::optional<UtcTime> parse_prefix(std::optional<UtcTime> (*parse)(std::string_view),
                                    std::string_view text, std::size_t length) {
  const auto copy = std::make_unique<char[]>(length == 0 ? 1 : length);
  std::copy_n(text.data(), length, copy.get());
  return parse(std::string_view{copy.get(), length});
}

TEST(Rfc822Date, RejectsEveryTruncationExceptCompleteForms) {
  constexpr std::string_view full = "Sat, 28 Feb 2004 18:14:55 GMT";
  // The prefixes that are themselves complete dates: no time (with a
  // four-digit year), no seconds, no zone, and "G", which is a military zone.
  const std::map<std::size_t, UtcTime> complete{
      {std::string_view{"Sat, 28 Feb 2004"}.size(), utc(2004, 2, 28)},
      {std::string_view{"Sat, 28 Feb 2004 "}.size(), utc(2004, 2, 28)},
      {std::string_view{"Sat, 28 Feb 2004 18:14"}.size(), utc(2004, 2, 28, 18, 14, 0)},
      {std::string_view{"Sat, 28 Feb 2004 18:14:55"}.size(), utc(2004, 2, 28, 18, 14, 55)},
      {std::string_view{"Sat, 28 Feb 2004 18:14:55 "}.size(), utc(2004, 2, 28, 18, 14, 55)},
      {std::string_view{"Sat, 28 Feb 2004 18:14:55 G"}.size(), utc(2004, 2, 28, 18, 14, 55)},
      {full.size(), utc(2004, 2, 28, 18, 14, 55)}};
  for (std::size_t length = 0; length <= full.size(); ++length) {
    const auto found = complete.find(length);
    const auto expected = found == complete.end() ? std::nullopt : std::optional{found->second};
    const auto parsed = parse_prefix(parse_rfc822_date, full, length);
    EXPECT_EQ(parsed, expected) << '"' << full.substr(0, length) << "\" parsed as " << describe(parsed);
  }
}

TEST(Iso8601Date, RejectsEveryTruncationExceptCompleteForms) {
  constexpr std::string_view full = "2004-02-28T18:14:55.123+01:00";
  const std::map<std::size_t, UtcTime> complete{
      {std::string_view{"2004"}.size(), utc(2004, 1, 1)},
      {std::string_view{"2004-02"}.size(), utc(2004, 2, 1)},
      {std::string_view{"2004-02-28"}.size(), utc(2004, 2, 28)},
      {std::string_view{"2004-02-28T18:14"}.size(), utc(2004, 2, 28, 18, 14, 0)},
      {std::string_view{"2004-02-28T18:14:55"}.size(), utc(2004, 2, 28, 18, 14, 55)},
      {std::string_view{"2004-02-28T18:14:55.1"}.size(), utc(2004, 2, 28, 18, 14, 55)},
      {std::string_view{"2004-02-28T18:14:55.12"}.size(), utc(2004, 2, 28, 18, 14, 55)},
      {std::string_view{"2004-02-28T18:14:55.123"}.size(), utc(2004, 2, 28, 18, 14, 55)},
      {full.size(), utc(2004, 2, 28, 17, 14, 55)}};
  for (std::size_t length = 0; length <= full.size(); ++length) {
    const auto found = complete.find(length);
    const auto expected = found == complete.end() ? std::nullopt : std::optional{found->second};
    const auto parsed = parse_prefix(parse_iso8601_date, full, length);
    EXPECT_EQ(parsed, expected) << '"' << full.substr(0, length) << "\" parsed as " << describe(parsed);
  }
}

// ---- parse_feed_date ----------------------------------------------------------

TEST(FeedDate, ParsesRfc822Dates) {
  EXPECT_EQ(parse_feed_date("Sat, 28 Feb 2004 18:14:55 +0100"), utc(2004, 2, 28, 17, 14, 55));
}

TEST(FeedDate, ParsesIso8601Dates) {
  EXPECT_EQ(parse_feed_date("2004-02-28T18:14:55-01:00"), utc(2004, 2, 28, 19, 14, 55));
}

TEST(FeedDate, ParsesIsoPartialDates) {
  EXPECT_EQ(parse_feed_date("2004-02"), utc(2004, 2, 1));
}

TEST(FeedDate, IgnoresSurroundingWhitespaceWhenChoosingTheForm) {
  EXPECT_EQ(parse_feed_date("\n  2004-02-28T18:14:55Z  "), utc(2004, 2, 28, 18, 14, 55));
  EXPECT_EQ(parse_feed_date("\n  28 Feb 2004 18:14:55 GMT  "), utc(2004, 2, 28, 18, 14, 55));
}

// parse_feed_date reads the usual "Sat, 28 Feb 2004 18:14:55 GMT" (or "4 Feb") at fixed
// positions before trying the general parser: both must agree on every date
// of that shape, valid or not.
TEST(FeedDate, ReadsTheUsualRfc1123FormExactlyAsTheGeneralParserDoes) {
  int parsed = 0;
  for (std::string_view day : {"00", "01", "28", "29", "30", "31", "32", "1x", "0", "4", "x", "123"})
    for (std::string_view month : {"Jan", "feb", "FEB", "Dec", "Sep", "Xyz", "Fe1"})
      for (std::string_view year : {"2004", "2023", "1999", "0000", "20x4"})
        for (std::string_view time : {"18:14:55", "00:00:00", "23:59:60", "24:00:00", "12:60:00", "12:00:61", "1a:00:00"})
          for (std::string_view zone : {"GMT", "UTC", "+0000", "-0000", "-0500", "+2359", "+2400", "+0060", "EST", "+05:30", "z"}) {
            std::string date = "Sun, ";
            date.append(day).append(" ").append(month).append(" ").append(year).append(" ");
            date.append(time).append(" ").append(zone);
            const auto general = parse_rfc822_date(date);
            EXPECT_EQ(describe(parse_feed_date(date)), describe(general)) << date;
            parsed += general.has_value();
          }
  EXPECT_GT(parsed, 1000);
}

// Likewise "2004-02-28T18:14:55Z" and "…+01:00", against the general ISO 8601 parser.
TEST(FeedDate, ReadsTheUsualRfc3339FormExactlyAsTheGeneralParserDoes) {
  int parsed = 0;
  for (std::string_view date : {"2004-02-28", "2004-02-29", "2023-02-29", "2024-13-01", "2024-00-10", "0000-01-01",
                                "2x24-01-01", "2024-1x-01"})
    for (std::string_view time : {"18:14:55", "00:00:00", "23:59:60", "24:00:00", "12:60:00", "1a:00:00"})
      for (std::string_view zone : {"Z", "z", "+00:00", "-00:00", "-05:00", "+23:59", "+24:00", "+00:60", "+0500",
                                    "+05:3x", ".5Z", ""}) {
        std::string text = std::string(date) + "T" + std::string(time) + std::string(zone);
        const auto general = parse_iso8601_date(text);
        EXPECT_EQ(describe(parse_feed_date(text)), describe(general)) << text;
        parsed += general.has_value();
      }
  EXPECT_GT(parsed, 50);
}

TEST(FeedDate, RejectsEmptyAndGarbage) {
  EXPECT_EQ(parse_feed_date(""), std::nullopt);
  EXPECT_EQ(parse_feed_date("  "), std::nullopt);
  EXPECT_EQ(parse_feed_date("yesterday"), std::nullopt);
  EXPECT_EQ(parse_feed_date("2004 Feb 28"), std::nullopt);
}

// ---- format_rfc3339 -------------------------------------------------------------

TEST(FormatRfc3339, WritesUtcWithZSuffix) {
  EXPECT_EQ(format_rfc3339(utc(2004, 2, 28, 18, 14, 55)), "2004-02-28T18:14:55Z");
}

TEST(FormatRfc3339, WritesTheEpoch) {
  EXPECT_EQ(format_rfc3339(UtcTime{}), "1970-01-01T00:00:00Z");
}

TEST(FormatRfc3339, WritesTimesBeforeTheEpoch) {
  EXPECT_EQ(format_rfc3339(UtcTime{std::chrono::seconds{-1}}), "1969-12-31T23:59:59Z");
  EXPECT_EQ(format_rfc3339(utc(1900, 1, 1, 0, 0, 1)), "1900-01-01T00:00:01Z");
}

TEST(FormatRfc3339, PadsEveryFieldWithZeros) {
  EXPECT_EQ(format_rfc3339(utc(999, 1, 2, 3, 4, 5)), "0999-01-02T03:04:05Z");
}

TEST(FormatRfc3339, WritesTheLastSecondOfYear9999) {
  EXPECT_EQ(format_rfc3339(utc(9999, 12, 31, 23, 59, 59)), "9999-12-31T23:59:59Z");
}

class FormatRfc3339RoundTrip : public testing::TestWithParam<DateCase> {};

// `text` is the formatted form of `expected` here.
TEST_P(FormatRfc3339RoundTrip, FormatsAndParsesBackUnchanged) {
  EXPECT_EQ(format_rfc3339(GetParam().expected), GetParam().text);
  EXPECT_EQ(parse_iso8601_date(GetParam().text), GetParam().expected);
  EXPECT_EQ(parse_feed_date(format_rfc3339(GetParam().expected)), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    AcrossTheCalendar, FormatRfc3339RoundTrip,
    testing::Values(DateCase{"2004-02-28T18:14:55Z", utc(2004, 2, 28, 18, 14, 55)},
                    DateCase{"2024-02-29T00:00:00Z", utc(2024, 2, 29)},
                    DateCase{"1999-12-31T23:59:59Z", utc(1999, 12, 31, 23, 59, 59)},
                    DateCase{"2000-01-01T00:00:00Z", utc(2000, 1, 1)},
                    DateCase{"1969-07-20T20:17:40Z", utc(1969, 7, 20, 20, 17, 40)},
                    DateCase{"2038-01-19T03:14:08Z", utc(2038, 1, 19, 3, 14, 8)},
                    DateCase{"0001-01-01T00:00:00Z", utc(1, 1, 1)}));

TEST(FormatRfc3339, ReformatsAParsedRfc822Date) {
  const auto parsed = parse_rfc822_date("Sat, 28 Feb 2004 18:14:55 PST");
  ASSERT_EQ(parsed, utc(2004, 2, 29, 2, 14, 55));
  EXPECT_EQ(format_rfc3339(*parsed), "2004-02-29T02:14:55Z");
}

}  // namespace
}  // namespace headliner
