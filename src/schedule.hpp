// When to fetch a feed next, and why: the user's refresh interval, stretched
// (never shortened) by what the server and the feed ask for, and bounded; a
// growing back-off after failures; jitter so feeds drift apart.
//
// Pure functions: the caller draws the jitter and passes the time, so every
// rule is testable without a clock or a server.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "clock.hpp"
#include "duration.hpp"

namespace headliner {

// What a feed document says about its own schedule (RSS <ttl>, skipHours,
// skipDays; sy:updatePeriod and sy:updateFrequency).
struct FeedTiming {
  std::optional<Duration> ttl;
  std::optional<Duration> update_period;  // updatePeriod / updateFrequency
  std::uint32_t skip_hours = 0;           // bit h: no fetch during hour h, UTC
  std::uint8_t skip_days = 0;             // bit d: no fetch on day d, UTC, 0 = Sunday
  bool operator==(const FeedTiming&) const = default;
};

struct ScheduleBounds {
  Duration refresh;      // the user's interval for this feed
  Duration max_refresh;  // how far servers and feeds may stretch it
};

struct NextFetch {
  Duration delay;
  std::string reason;  // for `headliner status`: "refresh 15m", "ttl 1h", "Retry-After 2m", …
};

// Shortest wait between two fetches of a feed, whatever anyone asks.
inline constexpr Duration kMinimumRefresh = std::chrono::minutes(1);
// Longest a server's Retry-After is obeyed for.
inline constexpr Duration kMaximumRetryAfter = std::chrono::hours(24);

// After an answer (200 or 304): the refresh interval, or longer when the
// server (`fresh_for`: Cache-Control/Expires) or the feed (ttl, sy:) asks,
// up to max_refresh; then moved out of skipped hours and days. `jitter` in
// [-1, 1] spreads it by up to 5 %.
NextFetch next_after_success(const ScheduleBounds& bounds, std::optional<Duration> fresh_for,
                             const FeedTiming& timing, WallTime now, double jitter);

// After the n-th failure in a row: Retry-After when the server gave one
// (at least a minute, at most a day), else 1, 2, 4 … minutes up to
// max(refresh, 1 h). `jitter` in [-1, 1] spreads it by up to 20 %.
NextFetch next_after_failure(const ScheduleBounds& bounds, int failures, std::optional<Duration> retry_after,
                             double jitter);

}  // namespace headliner
