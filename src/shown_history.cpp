#include "shown_history.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>

namespace headliner {

using namespace std::chrono_literals;

void ShownHistory::mark(ItemHash item, WallTime now) {
  Entry& entry = marks_[item];
  entry.mark.item = item;
  entry.mark.last_shown = now;
  if (entry.mark.times_shown < std::numeric_limits<int>::max()) ++entry.mark.times_shown;
  entry.changed = true;
}

const ShownRecord* ShownHistory::find(ItemHash item) const {
  auto it = marks_.find(item);
  return it == marks_.end() ? nullptr : &it->second.mark;
}

void ShownHistory::not_after(ItemHash item, WallTime now) {
  auto it = marks_.find(item);
  if (it == marks_.end() || it->second.mark.last_shown <= now) return;
  it->second.mark.last_shown = now;
  it->second.changed = true;
}

void ShownHistory::restore(const ShownRecord& mark) {
  marks_[mark.item] = Entry{mark, true, false};
}

std::vector<ShownRecord> ShownHistory::take_changed(WallTime wall, bool everything) {
  const bool repeats = everything || !repeats_written_ || wall - *repeats_written_ >= 1h;
  if (repeats) repeats_written_ = wall;
  std::vector<ShownRecord> changed;
  for (auto& [item, entry] : marks_) {
    if (!entry.changed || (entry.saved_once && !repeats)) continue;
    changed.push_back(entry.mark);
    entry.changed = false;
    entry.saved_once = true;
  }
  // In key order: the table's own order, so its pages are visited once each.
  // (SQLite orders the keys as signed numbers.)
  std::sort(changed.begin(), changed.end(), [](const ShownRecord& a, const ShownRecord& b) {
    return static_cast<std::int64_t>(a.item) < static_cast<std::int64_t>(b.item);
  });
  return changed;
}

void ShownHistory::prune(WallTime cutoff) {
  std::erase_if(marks_, [&](const auto& entry) { return entry.second.mark.last_shown < cutoff; });
}

}  // namespace headliner
