// De-duplication: every feed item seen, and the stories they make.
//
// Two levels of sameness:
//  - an item re-fetched from the same feed is the same item (by id, else
//    link without tracking parameters or AMP (url.hpp: normalize_link), else
//    title), so a refresh never duplicates it;
//  - items whose titles tell the same news are one story, whatever feeds
//    carried them (story_cluster.hpp: every content word of one title in the
//    other, within a time window; or, with [dedup] method = "exact", titles
//    equal after text.hpp's match_key).
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "clock.hpp"
#include "duration.hpp"
#include "headline.hpp"
#include "item_hash.hpp"
#include "state_store.hpp"
#include "story_cluster.hpp"

namespace headliner {

// One feed's item inside a story.
struct StoryItem {
  std::string feed;
  std::optional<std::string> id;
  std::optional<std::string> link;
  std::string title;
};

struct Story {
  std::string key;                     // the match key of the lead item's title
  std::string title;                   // from the lead item
  std::optional<std::string> link;     // from the lead item
  std::optional<std::string> id;       // from the lead item
  std::optional<UtcTime> published;    // the earliest date any feed gave, if any gave one
  WallTime time;                       // when the story broke: orders and ages it
  std::string feed;                    // the lead item's feed (the first to carry it)
  std::vector<std::string> sources;    // every feed that carried it, lead first
  std::vector<StoryItem> items;        // every item merged into it (StoryDetail::kItems only)
  std::vector<ItemHash> item_hashes;   // every item's (item_hash.hpp), lead first: what its shown history is kept by
};

// How much of a story to build: what a display shows, or also every item
// (`once --json`), which copies each item's strings.
enum class StoryDetail { kHeadline, kItems };

// What the store remembers of one item, as it is kept between runs.
struct KnownItem {
  std::string feed;
  std::string identity;  // within its feed: "id:…", "link:…" or "title:…"
  Item item;
  WallTime first_seen;
  WallTime last_seen;
};

class StoryStore {
 public:
  explicit StoryStore(std::size_t max_items_per_feed = 500) : max_items_per_feed_(max_items_per_feed) {}
  explicit StoryStore(DedupConfig dedup, std::size_t max_items_per_feed = 500)
      : dedup_(dedup), max_items_per_feed_(max_items_per_feed) {}

  // What `feed` lists now. Known items are updated in place; items the feed
  // no longer lists stay until they age out or the per-feed cap drops them.
  void update(std::string_view feed, std::vector<Item> items, WallTime now);

  // Stories newest first; with max_age > 0, only those younger than it.
  // Recomputed from the items on each call (see story_cluster.hpp for cost).
  std::vector<Story> stories(WallTime now, Duration max_age, StoryDetail detail = StoryDetail::kItems) const;

  // The same stories, handed to `visit` one at a time: nothing held but the
  // story being visited, for a caller that only prints them.
  void for_each_story(WallTime now, Duration max_age, StoryDetail detail,
                      const std::function<void(Story)>& visit) const;

  std::size_t item_count() const;

  // Drops every item of a feed that is no longer configured (a reload);
  // removed_items() then reports them, for the state store.
  void forget_feed(std::string_view feed);

  // Puts back an item remembered from an earlier run (state_store.hpp).
  void restore(KnownItem known);

  // Forgets the items no feed has listed since `cutoff` (last seen before
  // it), as the state file prunes them: a run of months holds no more than
  // a restart would restore. Not reported by removed_items(): the state file
  // forgets them by itself.
  void forget(WallTime cutoff);

  // What changed since the last mark_saved(), for the state store to write
  // in one transaction: items added or changed (a refetch that only confirms
  // an item counts once a day, for pruning), as views valid until the store
  // next changes; and items dropped by the cap or forget_feed().
  std::vector<ItemView> changed_items() const;
  const std::vector<ItemKey>& removed_items() const { return removed_; }
  // The state file has them now. Until then (a full disk) they stay changed,
  // and the next save tries again.
  void mark_saved();

 private:
  struct StoredItem {
    Item item;
    // What clustering compares, from the title: its content words as ids of
    // words_ (headline_key's strings cost ten times as much), and whether
    // its match key is empty. The match key itself is computed again when
    // needed (a story's lead, the exact method): it is as long as the title.
    std::vector<WordTable::Id> words;
    bool showable = false;
    bool changed = false;
    ItemHash hash = 0;  // item_hash(feed, identity, first_seen)
    WallTime first_seen;
    WallTime last_seen;
    WallTime time() const;  // its date, never later than when we first saw it
  };
  struct Member;
  struct Clustering;
  using FeedItems = std::map<std::string, StoredItem, std::less<>>;  // by identity

  void trim(FeedItems& items);
  void set_title(StoredItem& stored, const Item& item);
  std::vector<Member> members(WallTime now, Duration max_age) const;
  Clustering cluster(std::vector<Member> members) const;
  static void order_newest_first(Clustering& c);
  Story make_story(const Clustering& clustering, std::size_t story, StoryDetail detail) const;

  FeedItems& items_of(std::string_view feed);

  DedupConfig dedup_;
  std::size_t max_items_per_feed_;
  WordTable words_;  // every stored title's content words
  std::vector<std::pair<std::string, FeedItems>> feeds_;  // in order of first update
  std::vector<std::string> changed_feeds_;  // those with changed items since mark_saved()
  std::vector<ItemKey> removed_;  // since mark_saved()
};

}  // namespace headliner
