// Feed dates to UTC. An unparseable date is std::nullopt, never a wrong date.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace headliner {

using UtcTime = std::chrono::sys_seconds;

// RFC 822 / RFC 1123 as written by RSS feeds: "Sat, 28 Feb 2004 18:14:55 GMT",
// with or without day name or seconds, two-digit years, named zones
// (UT, GMT, Z, EST/EDT, CST/CDT, MST/MDT, PST/PDT, military letters) and numeric offsets.
std::optional<UtcTime> parse_rfc822_date(std::string_view text);

// RFC 3339 / ISO 8601 / W3C-DTF as written by Atom and dc:date: "2004-02-28T18:14:55Z",
// fractional seconds, numeric offsets, partial dates ("2004", "2004-02", "2004-02-28").
std::optional<UtcTime> parse_iso8601_date(std::string_view text);

// Tries both forms.
std::optional<UtcTime> parse_feed_date(std::string_view text);

// "2004-02-28T18:14:55Z"
std::string format_rfc3339(UtcTime time);

}  // namespace headliner
