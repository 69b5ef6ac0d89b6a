// Which story to show next. The order, as the ticker reads:
//
//  1. Breaking: a new story (none of its items shown yet, shown_history.hpp)
//     that a feed with `breaking = true` carried, or whose headline matches a
//     [rotation] breaking rule, goes before everything else, newest first.
//     Once shown it is an ordinary story: it jumps the queue once.
//  2. New stories, newest first.
//  3. The rest, least recently shown first; among stories shown at the same
//     moment (or restored from the same second), newest first.
//
// A story shown less than `repeat_after` ago is not due. With
// repeat_after = 0 every story is shown once per round instead (a round ends
// when every story has been shown in it; new stories join the round).
//
// Fairness: within 2 and within 3, the feeds that have a story due take
// turns by smooth weighted round-robin (nginx's: each turn, every such feed
// gains its weight in credit, the richest goes and pays the sum of their
// weights; ties go to the feed whose story comes first in the order above).
// A feed of weight 2 gets two turns to one of weight 1; a feed with nothing
// due gains nothing, so it cannot bank turns and burst later. A story belongs
// to its lead feed (the first that carried it). So a feed with 100 new
// stories and one with 3 alternate until the 3 are shown.
//
// Stories older than max_age are not shown. When there are stories but none
// is due, next() says when the first will be.
//
// Pure: time comes in as arguments; what is shown is marked in a ShownHistory.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "duration.hpp"
#include "filter.hpp"
#include "shown_history.hpp"
#include "story_store.hpp"

namespace headliner {

struct Config;

// What the rotation needs to know of a feed.
struct FeedShare {
  std::string name;
  double weight = 1.0;    // turns relative to other feeds
  bool breaking = false;  // its new stories go first
};

struct RotationPolicy {
  Duration max_age{0};       // 0: no limit
  Duration repeat_after{0};  // 0: once per round
  std::vector<FilterRule> breaking = {};  // keywords and /regexes/ (filter.hpp) for breaking headlines
  std::vector<FeedShare> feeds = {};      // a feed not listed: weight 1, not breaking

  // [ticker] max_age, [rotation] repeat_after and breaking, [[feed]] weight and breaking.
  static RotationPolicy from(const Config& config);
};

// What to do now: show `story` (already marked shown), or, with no story,
// wait until `due` (nullopt: there is no story to wait for).
struct NextStory {
  std::optional<Story> story;
  std::optional<WallTime> due;
};

class Rotation {
 public:
  // `shown` outlives the rotation (the ticker's, kept by SavedState).
  Rotation(RotationPolicy policy, ShownHistory& shown);

  // The current stories (StoryStore::stories(), maybe filtered).
  void update(std::vector<Story> stories);

  // The next story due at `now`, marked shown at `now`.
  NextStory next(WallTime now);

  bool empty() const { return entries_.empty(); }
  std::size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    Story story;
    std::size_t feed = 0;   // in feeds_
    bool breaking = false;  // if new
  };
  struct Feed {
    FeedShare share;
    double credit = 0;  // smooth weighted round-robin
  };
  struct Candidate;

  std::size_t feed_index(const std::string& name);
  bool breaking(const Story& story) const;
  bool in_round(const Story& story) const;
  NextStory show(const Entry& entry, WallTime now);

  RotationPolicy policy_;
  ShownHistory& shown_;
  std::vector<Feed> feeds_;
  std::vector<Entry> entries_;  // newest first
  std::unordered_set<ItemHash> round_;  // repeat_after = 0: items shown in this round
};

}  // namespace headliner
