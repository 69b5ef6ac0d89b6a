// What a server's response headers say about when to come back: how long an
// answer stays fresh (Cache-Control, Expires) and how long to wait after a
// refusal (Retry-After). Pure functions over header values, so each rule is
// testable without a server.
#pragma once

#include <optional>
#include <string_view>

#include "dates.hpp"
#include "duration.hpp"

namespace headliner {

// HTTP dates (RFC 9110 IMF-fixdate, and the obsolete RFC 850 / asctime forms).
std::optional<UtcTime> parse_http_date(std::string_view text);

// Retry-After: delay-seconds or an HTTP date. `date` is the response's Date
// header (the server's own clock, so a skewed local clock does not matter),
// else the local time of the answer. nullopt when absent or unreadable; a
// date in the past is a zero wait.
std::optional<Duration> parse_retry_after(std::string_view value, UtcTime date);

// How long the answer may be reused: Cache-Control max-age (s-maxage is for
// shared caches; no-cache, no-store and max-age=0 say "not at all"), else
// Expires minus Date. nullopt when the headers say nothing usable.
std::optional<Duration> freshness_lifetime(std::string_view cache_control, std::string_view expires,
                                           UtcTime date);

}  // namespace headliner
