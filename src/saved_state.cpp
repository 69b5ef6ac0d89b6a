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
  // One row at a time, into the store: never all of them twice in memory.
  std::set<std::string, std::less<>> feeds_with_items;
  const std::string error = store_->try_visit_items([&](ItemRecord&& r) {
    if (!feeds_with_items.contains(r.feed)) feeds_with_items.insert(r.feed);
    stories.restore({std::move(r.feed), std::move(r.identity), std::move(r.item), r.first_seen, r.last_seen});
    ++restored_items_;
  });
  if (!error.empty()) {
    report(error);
    return;  // no validators: a 304 would leave a feed with what was read before the error
  }
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
  for (FeedRecord& r : poller.take_changed(wall, everything)) pending_feeds_[r.name] = std::move(r);
  if (!store_) {
    // From memory only: nothing to keep pending for.
    stories.mark_saved();
    pending_feeds_.clear(), pending_shown_.clear();
    return;
  }
  // The items are written from the store itself (views, not copies: a first
  // run writes every item); the store keeps them marked changed until the
  // write succeeds.
  std::vector<FeedRecord> feeds;
  for (auto& [name, record] : pending_feeds_) feeds.push_back(record);
  std::vector<ShownRecord> marks;
  marks.reserve(pending_shown_.size());
  for (const auto& [item, mark] : pending_shown_) marks.push_back(mark);
  if (std::string error = store_->save(stories.changed_items(), feeds, stories.removed_items(), marks);
      !error.empty()) {
    report(error + "; kept in memory, saved when it can be");
    return;
  }
  stories.mark_saved();
  pending_feeds_.clear(), pending_shown_.clear();
  if (!problem_.empty()) {
    message_ = "state saved to " + store_->path() + " again";
    problem_.clear();
  }
}

}  // namespace headliner
