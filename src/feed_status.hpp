// Feed health in words: the table `headliner status` prints, and the one
// line `headliner once` ends with on stderr.
#pragma once

#include <string>
#include <vector>

#include "clock.hpp"
#include "config.hpp"
#include "feed_poller.hpp"
#include "state_store.hpp"

namespace headliner {

// One row per configured feed (a feed the store does not know yet is "never
// fetched"): state, last success, next attempt and why.
std::string format_status_table(const Config& config, const std::vector<FeedRecord>& records, WallTime now);

// One line for the ticker: "All 6 feeds ok" or
// "2 of 6 feeds failing: Wire B (HTTP 503 Service Unavailable); Wire C (timed out after 20s: …)"
std::string failing_summary(const std::vector<FeedRecord>& records);

// "6 feeds: 4 ok (1 not modified), 2 failing"
std::string summarize(const std::vector<FeedOutcome>& outcomes);

}  // namespace headliner
