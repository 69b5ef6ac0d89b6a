// What survives a restart: every item seen per feed (with when it was first
// and last seen), which items were shown (when last, how often) and each
// feed's HTTP validators and health, in one SQLite file.
//
// SD-card care: WAL journal with synchronous=NORMAL (committed data survives a
// crash or power cut; the last cycles before a power cut may be lost, never
// half-kept), one transaction per refresh cycle, nothing written when a cycle
// has nothing to save, rows rewritten only when they changed.
//
// One headliner per store: an exclusive flock on PATH.lock, held while the
// store is open, holds the owner's pid for the error a second instance gets.
//
// Times are stored as Unix seconds: sub-second parts are dropped.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "clock.hpp"
#include "headline.hpp"
#include "item_hash.hpp"

namespace headliner {

struct ItemRecord {
  std::string feed;       // feed name
  std::string identity;   // the item's identity within its feed ("id:…", "link:…", "title:…")
  Item item;              // title, link, id, published, updated
  WallTime first_seen;
  WallTime last_seen;
};

// An item to save, as views into whoever holds it (the story store): a
// first run saves every item, and copying 60,000 of them first would double
// the memory of the whole store. Valid while the holder does not change.
struct ItemView {
  ItemView(std::string_view feed, std::string_view identity, const Item& item, WallTime first_seen,
           WallTime last_seen)
      : feed(feed), identity(identity), item(&item), first_seen(first_seen), last_seen(last_seen) {}
  // A record's view, for a record that outlives the save.
  ItemView(const ItemRecord& r) : ItemView(r.feed, r.identity, r.item, r.first_seen, r.last_seen) {}  // NOLINT
  std::string_view feed;
  std::string_view identity;
  const Item* item;
  WallTime first_seen;
  WallTime last_seen;
};

// Which row an item is: its feed, its identity there, and when it was first
// seen (which orders the rows; whole seconds).
struct ItemKey {
  std::string feed;
  std::string identity;
  WallTime first_seen;
  bool operator==(const ItemKey&) const = default;
};

// That an item was shown on the ticker: by its hash (item_hash.hpp), so a
// row is a few bytes, the table a few pages, and the marks of new items
// (written every cycle) land together on its last page. Marks are pruned by
// when they were last shown, not with their items.
struct ShownRecord {
  ItemHash item = 0;
  WallTime last_shown;
  int times_shown = 0;
  bool operator==(const ShownRecord&) const = default;
};

// A feed's fetch state: validators, health and schedule.
struct FeedRecord {
  std::string name;
  std::string url;            // the configured URL this state belongs to
  std::string location;       // where a permanent redirect sent it ("" when none): asked directly
  std::string etag;           // "" when none
  std::string last_modified;  // "" when none
  std::optional<WallTime> last_attempt;
  std::optional<WallTime> last_success;
  bool not_modified = false;  // the last success was a 304
  std::optional<WallTime> failing_since;
  int failures = 0;           // in a row
  std::string last_error;     // "" when ok
  std::optional<WallTime> next_attempt;
  std::string next_reason;    // why then: "refresh every 15m", "Retry-After 2m", "backoff after 3 failures"
  bool operator==(const FeedRecord&) const = default;
};

struct StateStoreOptions {
  // The file may not grow beyond this (PRAGMA max_page_count): a save that
  // would is refused like on a full disk, and rolled back.
  std::uint64_t max_bytes = std::uint64_t{64} << 20;
  // How long to wait for SQLite's own lock (only another tool holding the file).
  int busy_timeout_ms = 200;
};

class StateStore {
 public:
  // Opens (creating the directory and the file when missing) the store at `path`.
  // Errors as values: a message naming the path and the reason ("cannot open …: …",
  // "… is used by another headliner (pid N)" for a second instance, read-only location, …).
  static std::variant<std::unique_ptr<StateStore>, std::string> open(const std::string& path);
  static std::variant<std::unique_ptr<StateStore>, std::string> open(const std::string& path,
                                                                     const StateStoreOptions& options);
  // Opens an existing store to read only, beside a running headliner (no
  // lock taken, nothing created or written): for `headliner status`.
  static std::variant<std::unique_ptr<StateStore>, std::string> open_read_only(const std::string& path);
  ~StateStore();
  StateStore(const StateStore&) = delete;
  StateStore& operator=(const StateStore&) = delete;

  // Every stored item / feed. A read error (a damaged file, an I/O error) is
  // an error value in the try_ forms; load_items and load_feeds throw
  // std::runtime_error with the same message.
  std::vector<ItemRecord> load_items() const;
  std::vector<FeedRecord> load_feeds() const;
  std::vector<ShownRecord> load_shown() const;
  std::variant<std::vector<ItemRecord>, std::string> try_load_items() const;
  // Each stored item in turn, never all of them at once (a restart restores
  // tens of thousands): "" or the read error, after the items read before it.
  std::string try_visit_items(const std::function<void(ItemRecord&&)>& visit) const;
  std::variant<std::vector<FeedRecord>, std::string> try_load_feeds() const;
  std::variant<std::vector<ShownRecord>, std::string> try_load_shown() const;

  // One transaction for a whole refresh cycle: delete `removed` items, then
  // upsert `items`, `feeds` and `shown`.
  // Returns "" or an error message (disk full, …); on error nothing of the
  // cycle is kept (rollback) and the store stays usable. With all of them
  // empty nothing is written (no transaction at all).
  std::string save(const std::vector<ItemView>& items, const std::vector<FeedRecord>& feeds,
                   const std::vector<ItemKey>& removed,
                   const std::vector<ShownRecord>& shown = {});

  // Deletes items whose last_seen is before `cutoff`, and shown marks whose
  // last_shown is, in one transaction; returns "" or an error.
  std::string prune(WallTime cutoff);

  std::uint64_t page_count() const;  // for size checks in tests
  // Rows changed through this connection since it was opened (sqlite3_total_changes64).
  std::int64_t total_changes() const;
  // "ok", or what PRAGMA integrity_check found (at most 100 lines), or the error running it.
  std::string integrity_check() const;
  const std::string& path() const;

 private:
  struct Impl;
  explicit StateStore(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace headliner
