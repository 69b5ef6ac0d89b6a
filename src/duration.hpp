// Human durations, as written in the config ("48h", "1h30m", "500ms") and as
// shown beside a headline ("5m", "3h", "2d").
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace headliner {

using Duration = std::chrono::milliseconds;

// One or more <number><unit> pairs, unit in ms, s, m, h, d. "0s" is valid.
std::optional<Duration> parse_duration(std::string_view text);

// The shortest exact form: "1h30m", "20s", "0s".
std::string format_duration(Duration duration);

// How old a headline is, rounded down to its largest unit: "now", "5m", "3h", "2d".
std::string format_age(std::chrono::seconds age);

// How long until something, to the nearest minute: "<1m", "2m" (for 1m59s),
// then in the largest unit: "3h", "2d".
std::string format_wait(std::chrono::seconds wait);

}  // namespace headliner
