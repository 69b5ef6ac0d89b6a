#include "saved_state.hpp"

#include <algorithm>
#include <set>
#include <variant>

namespace headliner {

using namespace std::chrono_literals;

SavedState::SavedState(const std::string& path, Duration retention, const StateStoreOptions& options)
    : retention_(retention) {
  auto opened = StateStore::open(path, options);
  if (auto* error = std::get_if<std::string>(&opened)) {
    report(*error + "; running from memory, nothing is kept after exit");
    return;
  }
  store_ = std::move(std::get<std::unique_ptr<StateStore>>(opened));
}

Duration SavedState::retention_for(Duration max_age) {
  if (max_age.count() == 0) return std::chrono::days(30);
  return std::max<Duration>(max_age, std::chrono::days(3)) + std::chrono::days(1);
}

void SavedState::report(std::string problem) {
  if (problem == problem_) return;  // said once
  message_ = problem;
  problem_ = std::move(problem);
}

std::optional<std::string> SavedState::take_message() { return std::exchange(message_, std::nullopt); }

// Shown marks are kept as long as items: a mark last shown longer ago
// belongs to a story older than max_age, which is not shown again.
void SavedState::prune_if_due(StoryStore& stories, WallTime wall, ShownHistory* shown) {
  if (last_prune_ && wall - *last_prune_ < 24h) return;
  last_prune_ = wall;
  // What the file forgets, memory forgets too: else a ticker running for
  // months keeps up to the per-feed cap of items no feed lists any more.
  // The cutoff is in whole seconds, as the file keeps times: with its
  // fraction, an item last seen in the cutoff's second but before it would
  // go from memory and stay in the file (and come back on a restart).
  const WallTime cutoff = std::chrono::floor<std::chrono::seconds>(wall - retention_);
  stories.forget(cutoff);
  if (shown) shown->prune(cutoff);
  if (!store_) return;
  if (std::string error = store_->prune(cutoff); !error.empty()) report(error);
}

void SavedState::restore(StoryStore& stories, FeedPoller& poller, bool keep_schedule, SteadyTime now,
                         WallTime wall, ShownHistory* shown) {
  if (!store_) return;
  prune_if_due(stories, wall, shown);
  auto items = store_->try_load_items();
  if (auto* error = std::get_if<std::string>(&items)) {
    report(*error);
    return;  // no items: no validators either, or a 304 would leave the feed empty
  }
  std::set<std::string> feeds_with_items;
  for (const ItemRecord& r : std::get<std::vector<ItemRecord>>(items)) {
    stories.restore({r.feed, r.identity, r.item, r.first_seen, r.last_seen});
    feeds_with_items.insert(r.feed);
    ++restored_items_;
  }
  stories.take_changed();  // restored, hence already saved
  if (shown) {
    // Unreadable marks make every story new once more: said, and no reason
    // to give up the feeds' states too.
    auto marks = store_->try_load_shown();
    if (auto* error = std::get_if<std::string>(&marks)) {
      report(*error);
    } else {
      for (const ShownRecord& mark : std::get<std::vector<ShownRecord>>(marks)) shown->restore(mark);
    }
  }
  auto feeds = store_->try_load_feeds();
  if (auto* error = std::get_if<std::string>(&feeds)) {
    report(*error);
    return;
  }
  auto records = std::get<std::vector<FeedRecord>>(feeds);
  // A feed whose items are gone (pruned, or never saved) must not send its
  // validators: a 304 would then keep it empty.
  for (FeedRecord& r : records)
    if (!feeds_with_items.contains(r.name)) r.etag.clear(), r.last_modified.clear();
  poller.restore(records, keep_schedule, now, wall);
}

void SavedState::save(StoryStore& stories, FeedPoller& poller, WallTime wall, bool everything,
                      ShownHistory* shown) {
  prune_if_due(stories, wall, shown);  // first: a mark pruned must not be written again
  if (shown)
    for (const ShownRecord& mark : shown->take_changed(wall, everything)) pending_shown_[mark.item] = mark;
  for (KnownItem& k : stories.take_changed()) {
    auto key = std::make_pair(k.feed, k.identity);
    pending_removed_.erase(key);
    pending_items_[key] = ItemRecord{std::move(k.feed), std::move(k.identity), std::move(k.item),
                                     k.first_seen, k.last_seen};
  }
  for (auto& key : stories.take_removed()) {
    pending_items_.erase(key);
    pending_removed_.insert(std::move(key));
  }
  for (FeedRecord& r : poller.take_changed(wall, everything)) pending_feeds_[r.name] = std::move(r);
  if (!store_) {
    // From memory only: nothing to keep pending for.
    pending_items_.clear(), pending_feeds_.clear(), pending_removed_.clear(), pending_shown_.clear();
    return;
  }
  // Moved out, not copied (a first run writes every item: a copy would double
  // the memory of the whole store), and moved back if the write fails.
  std::vector<ItemRecord> items;
  items.reserve(pending_items_.size());
  for (auto& [key, record] : pending_items_) items.push_back(std::move(record));
  std::vector<FeedRecord> feeds;
  for (auto& [name, record] : pending_feeds_) feeds.push_back(record);
  std::vector<std::pair<std::string, std::string>> removed(pending_removed_.begin(), pending_removed_.end());
  std::vector<ShownRecord> marks;
  marks.reserve(pending_shown_.size());
  for (const auto& [item, mark] : pending_shown_) marks.push_back(mark);
  if (std::string error = store_->save(items, feeds, removed, marks); !error.empty()) {
    auto back = items.begin();
    for (auto& [key, record] : pending_items_) record = std::move(*back++);
    report(error + "; kept in memory, saved when it can be");
    return;
  }
  pending_items_.clear(), pending_feeds_.clear(), pending_removed_.clear(), pending_shown_.clear();
  if (!problem_.empty()) {
    message_ = "state saved to " + store_->path() + " again";
    problem_.clear();
  }
}

}  // namespace headliner
