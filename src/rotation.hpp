// Which story to show next: newest first, each once per round; stories that
// arrive mid-round join it (and, being newest, come next); stories older than
// max_age drop out.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "story_store.hpp"

namespace headliner {

class Rotation {
 public:
  // The current stories, newest first (StoryStore::stories()).
  void update(std::vector<Story> stories);

  // The next story to show, or nullopt when there is none.
  std::optional<Story> next(WallTime now, Duration max_age);

  bool empty() const { return stories_.empty(); }
  std::size_t size() const { return stories_.size(); }

 private:
  std::vector<Story> stories_;
  std::set<std::string, std::less<>> shown_this_round_;  // story keys
};

}  // namespace headliner
