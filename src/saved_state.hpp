// What the ticker remembers between runs, kept through the state store:
// restored at start (so headlines show before any network, and stories shown
// before are not new), saved once per refresh cycle, pruned once a day (in
// memory too, so a long run holds no more items than a restart would).
//
// When the store cannot be opened or written (read-only or missing location,
// full disk, another headliner on it), the ticker runs from memory: each
// call returns a message to show once, and what could not be saved is kept
// to try again with the next cycle.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>

#include "clock.hpp"
#include "duration.hpp"
#include "feed_poller.hpp"
#include "shown_history.hpp"
#include "state_store.hpp"
#include "story_store.hpp"

namespace headliner {

class SavedState {
 public:
  // Opens the store at `path`; with an error, runs from memory (message()).
  SavedState(const std::string& path, Duration retention, const StateStoreOptions& options = {});

  // How long an item no feed lists any more is remembered: long enough that
  // a feed listing it again does not make it new, short enough to stay small.
  static Duration retention_for(Duration max_age);
  SavedState(const SavedState&) = delete;
  SavedState& operator=(const SavedState&) = delete;

  // Puts stored items into `stories`, feed states into `poller` (with
  // `keep_schedule`, each feed's next attempt too) and, given `shown`, what
  // was shown into it. Prunes first.
  void restore(StoryStore& stories, FeedPoller& poller, bool keep_schedule, SteadyTime now, WallTime wall,
               ShownHistory* shown = nullptr);

  // Writes what changed since the last save, in one transaction; nothing at
  // all when nothing changed. `everything`: the last save, at exit. `shown`:
  // the marks to keep too (shown_history.hpp says which go when). A crash
  // or power cut loses what was shown since the last save: those stories
  // show as new once more after the restart.
  void save(StoryStore& stories, FeedPoller& poller, WallTime wall, bool everything = false,
            ShownHistory* shown = nullptr);

  // A message the user should see, once: why state is not kept (open
  // failed, a save failed) or that saving works again. Empty otherwise.
  std::optional<std::string> take_message();

  bool persistent() const { return store_ != nullptr; }
  std::size_t restored_items() const { return restored_items_; }

 private:
  void report(std::string problem);
  void prune_if_due(StoryStore& stories, WallTime wall, ShownHistory* shown);

  std::unique_ptr<StateStore> store_;
  Duration retention_;
  std::map<std::string, FeedRecord> pending_feeds_;
  std::map<ItemHash, ShownRecord> pending_shown_;
  std::optional<WallTime> last_prune_;
  std::string problem_;  // the failure last reported; "" while all is well
  std::optional<std::string> message_;
  std::size_t restored_items_ = 0;
};

}  // namespace headliner
