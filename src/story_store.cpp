#include "story_store.hpp"

#include <algorithm>
#include <utility>

#include "text.hpp"
#include "url.hpp"

namespace headliner {
namespace {

// An item is the same item on the next fetch if it has the same id; feeds
// without ids are matched by link, then by title. A link is compared without
// what changes from fetch to fetch for the same page (tracking parameters, AMP).
std::string identity_of(const Item& item) {
  if (item.id) return "id:" + *item.id;
  if (item.link) return "link:" + normalize_link(*item.link);
  return "title:" + item.title;
}

// A feed's date in seconds may lie far outside what system_clock can hold
// (nanoseconds with libstdc++: about 1678 to 2262), and converting it would
// overflow. Dates are clamped to 1970..2200 first: a date before 1970 is as
// old as can matter, and one after 2200 is later than any first sighting.
WallTime to_wall(UtcTime t) {
  using namespace std::chrono;
  constexpr UtcTime kEarliest = sys_days(year(1970) / January / 1);
  constexpr UtcTime kLatest = sys_days(year(2200) / January / 1);
  return WallTime(duration_cast<WallTime::duration>(std::clamp(t, kEarliest, kLatest).time_since_epoch()));
}

}  // namespace

WallTime StoryStore::StoredItem::time() const {
  auto date = item.published ? item.published : item.updated;
  if (!date) return first_seen;
  // A date in the future is a wrong clock at the publisher: it cannot be
  // newer than the moment we first saw it.
  return std::min(to_wall(*date), first_seen);
}

StoryStore::FeedItems& StoryStore::items_of(std::string_view feed) {
  auto it = std::find_if(feeds_.begin(), feeds_.end(), [&](const auto& f) { return f.first == feed; });
  if (it == feeds_.end()) it = feeds_.insert(feeds_.end(), {std::string(feed), FeedItems{}});
  return it->second;
}

static bool same_item(const Item& a, const Item& b) {
  return a.title == b.title && a.link == b.link && a.id == b.id && a.published == b.published &&
         a.updated == b.updated;
}

void StoryStore::update(std::string_view feed, const std::vector<Item>& items, WallTime now) {
  using namespace std::chrono_literals;
  FeedItems& stored = items_of(feed);
  for (const Item& item : items) {
    if (item.title.empty()) continue;  // nothing to show
    auto [entry, inserted] = stored.try_emplace(identity_of(item));
    StoredItem& known = entry->second;
    if (inserted) known.first_seen = known.last_seen = now;
    if (inserted || !same_item(known.item, item)) {
      known.item = item;
      known.key = headline_key(item.title);
      known.changed = true;
    }
    // Confirmations are remembered a day at a time: enough to prune by, and
    // no write to the SD card for a refresh that brought nothing new.
    if (now - known.last_seen >= 24h) known.last_seen = now, known.changed = true;
  }
  trim(stored);
}

void StoryStore::restore(const KnownItem& known) {
  FeedItems& stored = items_of(known.feed);
  StoredItem& item = stored[known.identity];
  item.item = known.item;
  item.key = headline_key(known.item.title);
  item.first_seen = known.first_seen;
  item.last_seen = known.last_seen;
  item.changed = false;
  trim(stored);
}

std::vector<KnownItem> StoryStore::take_changed() {
  std::vector<KnownItem> changed;
  for (auto& [feed, items] : feeds_)
    for (auto& [identity, stored] : items)
      if (stored.changed) {
        changed.push_back({feed, identity, stored.item, stored.first_seen, stored.last_seen});
        stored.changed = false;
      }
  return changed;
}

std::vector<std::pair<std::string, std::string>> StoryStore::take_removed() { return std::exchange(removed_, {}); }

void StoryStore::trim(FeedItems& items) {
  if (items.size() <= max_items_per_feed_) return;
  std::vector<FeedItems::iterator> by_age;
  for (auto it = items.begin(); it != items.end(); ++it) by_age.push_back(it);
  std::sort(by_age.begin(), by_age.end(),
            [](auto a, auto b) { return a->second.time() < b->second.time(); });
  std::size_t excess = items.size() - max_items_per_feed_;
  const std::string& feed = std::find_if(feeds_.begin(), feeds_.end(), [&](const auto& f) { return &f.second == &items; })->first;
  for (std::size_t i = 0; i < excess; ++i) {
    removed_.emplace_back(feed, by_age[i]->first);
    items.erase(by_age[i]);
  }
}

std::vector<Story> StoryStore::stories(WallTime now, Duration max_age) const {
  struct Member {
    const std::string* feed;
    const StoredItem* stored;
  };
  std::vector<Member> members;
  for (const auto& [feed, items] : feeds_)
    for (const auto& [identity, stored] : items) {
      if (max_age.count() > 0 && stored.time() < now - max_age) continue;
      if (stored.key.exact.empty()) continue;  // nothing to show
      members.push_back({&feed, &stored});
    }
  // Oldest first, as the clusterer needs; ties keep feed order, so the lead
  // of a story is the first to have carried it, and among equals the first feed.
  std::stable_sort(members.begin(), members.end(),
                   [](const Member& a, const Member& b) { return a.stored->time() < b.stored->time(); });

  StoryClusterer clusterer(dedup_);
  for (const Member& m : members) clusterer.add(m.stored->key, m.stored->time());

  std::vector<Story> stories;
  std::vector<std::size_t> story_at(members.size());  // a story's first member -> its index in `stories`
  for (std::size_t i = 0; i < members.size(); ++i) {
    const std::size_t first = clusterer.story_of(i);
    const Member& m = members[i];
    const Item& item = m.stored->item;
    if (first == i) {
      story_at[i] = stories.size();
      stories.push_back({m.stored->key.exact, item.title, item.link, item.id, std::nullopt,
                         m.stored->time(), *m.feed, {}, {}});
    }
    Story& story = stories[story_at[first]];
    if (item.published && (!story.published || *item.published < *story.published))
      story.published = item.published;
    if (std::find(story.sources.begin(), story.sources.end(), *m.feed) == story.sources.end())
      story.sources.push_back(*m.feed);
    story.items.push_back({*m.feed, item.id, item.link, item.title});
  }
  std::sort(stories.begin(), stories.end(), [](const Story& a, const Story& b) {
    return a.time != b.time ? a.time > b.time : a.key < b.key;
  });
  return stories;
}

std::size_t StoryStore::item_count() const {
  std::size_t count = 0;
  for (const auto& feed : feeds_) count += feed.second.size();
  return count;
}

}  // namespace headliner
