// The plain data every stage passes along: what one feed said about one item.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "dates.hpp"
#include "schedule.hpp"

namespace headliner {

// One item of one feed, as parsed. Text fields are clean UTF-8 (see text.hpp).
struct Item {
  std::string title;                 // "" when absent
  std::optional<std::string> link;   // absolute http(s)/ftp URL
  std::optional<std::string> id;     // guid / id / rdf:about as written
  std::optional<UtcTime> published;
  std::optional<UtcTime> updated;
};

struct ParsedFeed {
  std::string title;  // "" when absent
  FeedTiming timing;  // what it says about when to come back
  std::vector<Item> items;  // in document order
};

}  // namespace headliner
