#include "rotation.hpp"

#include <algorithm>
#include <utility>

#include "config.hpp"

namespace headliner {

RotationPolicy RotationPolicy::from(const Config& config) {
  RotationPolicy policy;
  policy.max_age = config.ticker.max_age;
  policy.repeat_after = config.rotation.repeat_after;
  policy.breaking = config.rotation.breaking;
  for (const auto& feed : config.feeds) policy.feeds.push_back({feed.name, feed.weight, feed.breaking});
  return policy;
}

// A story that could be shown now, and when it was last shown (nullopt: new).
struct Rotation::Candidate {
  std::size_t entry = 0;
  std::optional<WallTime> last;
};

Rotation::Rotation(RotationPolicy policy, ShownHistory& shown) : policy_(std::move(policy)), shown_(shown) {
  for (const FeedShare& share : policy_.feeds) {
    feeds_.push_back({share, 0});
    if (!(feeds_.back().share.weight > 0)) feeds_.back().share.weight = 1;
  }
}

std::size_t Rotation::feed_index(const std::string& name) {
  for (std::size_t i = 0; i < feeds_.size(); ++i)
    if (feeds_[i].share.name == name) return i;
  feeds_.push_back({FeedShare{name, 1.0, false}, 0});
  return feeds_.size() - 1;
}

bool Rotation::breaking(const Story& story) const {
  for (const std::string& source : story.sources)
    for (const Feed& feed : feeds_)
      if (feed.share.breaking && feed.share.name == source) return true;
  if (policy_.breaking.empty()) return false;
  // As filter.cpp matches: keywords against the match key, regexes against the folded title.
  const std::string key = " " + story.key + " ";
  const std::string folded = fold_for_regex(story.title);
  return std::any_of(policy_.breaking.begin(), policy_.breaking.end(),
                     [&](const FilterRule& rule) { return rule.matches(key, folded); });
}

bool Rotation::in_round(const Story& story) const {
  return std::any_of(story.item_hashes.begin(), story.item_hashes.end(),
                     [&](ItemHash item) { return round_.contains(item); });
}

void Rotation::update(std::vector<Story> stories) {
  std::stable_sort(stories.begin(), stories.end(), [](const Story& a, const Story& b) { return a.time > b.time; });
  entries_.clear();
  entries_.reserve(stories.size());
  std::unordered_set<ItemHash> present;
  for (Story& story : stories) {
    // A story made by hand, without items: kept by its key.
    if (story.item_hashes.empty()) story.item_hashes.push_back(item_hash(story.feed, "key:" + story.key, story.time));
    Entry entry;
    entry.feed = feed_index(story.feed);
    // Only a new story can break, and a story never becomes new again: the
    // rules are matched once, for the stories new now.
    const bool is_new = std::none_of(story.item_hashes.begin(), story.item_hashes.end(),
                                     [&](ItemHash item) { return shown_.find(item) != nullptr; });
    entry.breaking = is_new && breaking(story);
    if (!round_.empty()) present.insert(story.item_hashes.begin(), story.item_hashes.end());
    entry.story = std::move(story);
    entries_.push_back(std::move(entry));
  }
  // The round remembers only stories that are still there.
  std::erase_if(round_, [&](ItemHash item) { return !present.contains(item); });
}

NextStory Rotation::show(const Entry& entry, WallTime now) {
  for (ItemHash item : entry.story.item_hashes) {
    shown_.mark(item, now);
    if (policy_.repeat_after.count() == 0) round_.insert(item);
  }
  return {entry.story, std::nullopt};
}

NextStory Rotation::next(WallTime now) {
  const bool rounds = policy_.repeat_after.count() == 0;
  std::vector<Candidate> fresh;  // newest first, as entries_
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    const Story& story = entries_[i].story;
    if (policy_.max_age.count() > 0 && story.time < now - policy_.max_age) continue;
    Candidate c{i, std::nullopt};
    for (ItemHash item : story.item_hashes) {
      shown_.not_after(item, now);
      if (const ShownRecord* mark = shown_.find(item); mark && (!c.last || mark->last_shown > *c.last))
        c.last = mark->last_shown;
    }
    fresh.push_back(c);
  }
  if (fresh.empty()) return {};

  auto due = [&](const Candidate& c) {
    if (!c.last) return true;
    if (rounds) return !in_round(entries_[c.entry].story);
    return *c.last + policy_.repeat_after <= now;
  };
  if (std::none_of(fresh.begin(), fresh.end(), due)) {
    if (rounds) {
      round_.clear();  // a new round: every story is due again
    } else {
      WallTime first = WallTime::max();
      for (const Candidate& c : fresh) first = std::min(first, *c.last + policy_.repeat_after);
      return {std::nullopt, first};
    }
  }

  // 1. Breaking news, newest first.
  for (const Candidate& c : fresh)
    if (!c.last && entries_[c.entry].breaking) return show(entries_[c.entry], now);

  // 2. New stories, else 3. the rest: each feed's first in that order.
  const bool new_tier = std::any_of(fresh.begin(), fresh.end(), [](const Candidate& c) { return !c.last; });
  auto before = [&](const Candidate& a, const Candidate& b) {
    if (!new_tier && *a.last != *b.last) return *a.last < *b.last;
    return a.entry < b.entry;  // newest first
  };
  std::vector<const Candidate*> best(feeds_.size(), nullptr);
  for (const Candidate& c : fresh) {
    if (new_tier ? c.last.has_value() : !due(c)) continue;
    const Candidate*& b = best[entries_[c.entry].feed];
    if (!b || before(c, *b)) b = &c;
  }

  // The feeds with a story take turns: smooth weighted round-robin.
  double total = 0;
  std::optional<std::size_t> chosen;
  for (std::size_t f = 0; f < feeds_.size(); ++f) {
    if (!best[f]) continue;
    feeds_[f].credit += feeds_[f].share.weight;
    total += feeds_[f].share.weight;
    if (!chosen || feeds_[f].credit > feeds_[*chosen].credit ||
        (feeds_[f].credit == feeds_[*chosen].credit && before(*best[f], *best[*chosen])))
      chosen = f;
  }
  feeds_[*chosen].credit -= total;
  return show(entries_[best[*chosen]->entry], now);
}

}  // namespace headliner
