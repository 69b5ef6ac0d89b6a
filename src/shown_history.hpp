// Which items the ticker has shown, when last and how often: what makes a
// story new (none of its items shown yet) and what orders the rest.
//
// Marks are kept per feed item (item_hash.hpp), not per story: a story's
// match key changes when its lead's title is edited or an earlier copy from
// another feed becomes its lead, and stories merge and split as items come
// and go, but an item stays the same item. Showing a story marks every item
// in it, so it keeps its history whichever of them leads it later; a copy
// that joins after it was shown does not make it new again.
//
// Kept between runs by SavedState in the state file, in the once-per-cycle
// transaction: an item's first mark with the next cycle (so a restart never
// shows it as new again), later marks of an item already saved as shown at
// most hourly (they only order the rotation; the SD card is spared a rewrite
// of the table every cycle), and everything at exit. A crash or power cut
// loses the marks since the last save. Bounded: SavedState prunes marks last
// shown longer ago than items are kept, in memory and in the file, daily.
#pragma once

#include <cstddef>
#include <optional>
#include <unordered_map>
#include <vector>

#include "clock.hpp"
#include "item_hash.hpp"
#include "state_store.hpp"

namespace headliner {

class ShownHistory {
 public:
  // `item` was shown at `now`.
  void mark(ItemHash item, WallTime now);

  // Its mark, or nullptr when it was never shown.
  const ShownRecord* find(ItemHash item) const;

  // A mark later than `now` (the wall clock went back: a Pi without a
  // real-time clock before NTP) is taken as made at `now`, so it cannot keep
  // its story back for longer than a repeat interval.
  void not_after(ItemHash item, WallTime now);

  // A mark from the state file: already saved.
  void restore(const ShownRecord& mark);

  // The marks to write: first marks always, later ones when an hour has
  // passed since they were last written, or with `everything` (at exit).
  // What is returned counts as saved.
  std::vector<ShownRecord> take_changed(WallTime wall, bool everything = false);

  // Drops marks last shown before `cutoff` (the items' retention, see SavedState).
  void prune(WallTime cutoff);

  std::size_t size() const { return marks_.size(); }

 private:
  struct Entry {
    ShownRecord mark;
    bool saved_once = false;  // the state file has a mark for it
    bool changed = false;     // since it was last written
  };
  std::unordered_map<ItemHash, Entry> marks_;
  std::optional<WallTime> repeats_written_;
};

}  // namespace headliner
