#include "schedule.hpp"

#include <algorithm>

namespace headliner {
namespace {

using namespace std::chrono;
using namespace std::chrono_literals;

Duration spread(Duration d, double jitter, double fraction) {
  return d + duration_cast<Duration>(duration<double, std::milli>(static_cast<double>(d.count()) * fraction *
                                                                   std::clamp(jitter, -1.0, 1.0)));
}

bool skipped(const FeedTiming& timing, WallTime when) {
  auto day_point = floor<days>(when);
  auto hour = duration_cast<hours>(when - day_point).count();
  unsigned weekday = year_month_weekday(day_point).weekday().c_encoding();
  return (timing.skip_hours >> hour & 1u) != 0 || (timing.skip_days >> weekday & 1u) != 0;
}

// Moves `delay` past skipped hours and days. A feed that skips every hour or
// every day asks for the impossible and is not listened to.
Duration past_skipped(const FeedTiming& timing, WallTime now, Duration delay, Duration limit) {
  constexpr std::uint32_t kAllHours = (1u << 24) - 1;
  constexpr std::uint8_t kAllDays = (1u << 7) - 1;
  if ((timing.skip_hours & kAllHours) == kAllHours || (timing.skip_days & kAllDays) == kAllDays) return delay;
  WallTime when = now + delay;
  for (int step = 0; step < 7 * 24 && skipped(timing, when); ++step) when = floor<hours>(when) + 1h;
  return std::min(duration_cast<Duration>(when - now), limit);
}

}  // namespace

NextFetch next_after_success(const ScheduleBounds& bounds, std::optional<Duration> fresh_for,
                             const FeedTiming& timing, WallTime now, double jitter) {
  const Duration refresh = std::max(bounds.refresh, kMinimumRefresh);
  const Duration limit = std::max(refresh, bounds.max_refresh);
  NextFetch next{refresh, "refresh " + format_duration(refresh)};
  auto stretch = [&](std::optional<Duration> asked, const char* what) {
    if (asked && *asked > next.delay) next = {std::min(*asked, limit), std::string(what) + " " + format_duration(std::min(*asked, limit))};
  };
  stretch(fresh_for, "Cache-Control");
  stretch(timing.ttl, "ttl");
  stretch(timing.update_period, "sy:updatePeriod");
  next.delay = std::max(spread(next.delay, jitter, 0.05), kMinimumRefresh);
  Duration unskipped = past_skipped(timing, now, next.delay, std::max(limit, Duration(days(7))));
  if (unskipped != next.delay) next = {unskipped, next.reason + ", then skipHours/skipDays"};
  return next;
}

NextFetch next_after_failure(const ScheduleBounds& bounds, int failures, std::optional<Duration> retry_after,
                             double jitter) {
  if (retry_after) {
    Duration wait = std::clamp(*retry_after, kMinimumRefresh, kMaximumRetryAfter);
    return {wait, "Retry-After " + format_duration(duration_cast<seconds>(wait))};
  }
  const Duration cap = std::max(bounds.refresh, Duration(1h));
  Duration backoff = std::min<Duration>(Duration(1min) * (std::int64_t{1} << std::clamp(failures - 1, 0, 20)), cap);
  Duration delay = std::max(spread(backoff, jitter, 0.2), Duration(30s));
  return {delay, "back-off after " + std::to_string(failures) + (failures == 1 ? " failure" : " failures")};
}

}  // namespace headliner
