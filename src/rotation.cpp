#include "rotation.hpp"

#include <algorithm>

namespace headliner {

void Rotation::update(std::vector<Story> stories) {
  stories_ = std::move(stories);
  // Forget stories that are gone, so the set stays as small as the list.
  std::erase_if(shown_this_round_, [&](const std::string& key) {
    return std::none_of(stories_.begin(), stories_.end(), [&](const Story& s) { return s.key == key; });
  });
}

std::optional<Story> Rotation::next(WallTime now, Duration max_age) {
  auto fresh = [&](const Story& s) { return max_age.count() == 0 || s.time >= now - max_age; };
  auto unshown = [&](const Story& s) { return fresh(s) && !shown_this_round_.contains(s.key); };
  auto it = std::find_if(stories_.begin(), stories_.end(), unshown);
  if (it == stories_.end()) {
    shown_this_round_.clear();  // a new round
    it = std::find_if(stories_.begin(), stories_.end(), fresh);
    if (it == stories_.end()) return std::nullopt;
  }
  shown_this_round_.insert(it->key);
  return *it;
}

}  // namespace headliner
