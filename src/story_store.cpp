#include "story_store.hpp"

#include <algorithm>
#include <unordered_map>
#include <utility>

#include "text.hpp"

namespace headliner {
namespace {

// An item is the same item on the next fetch if it has the same id; feeds
// without ids are matched by link, then by title.
std::string identity_of(const Item& item) {
  if (item.id) return "id:" + *item.id;
  if (item.link) return "link:" + *item.link;
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
      known.key = match_key(item.title);
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
  item.key = match_key(known.item.title);
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
  std::unordered_map<std::string_view, std::vector<Member>> groups;
  for (const auto& [feed, items] : feeds_)
    for (const auto& [identity, stored] : items) {
      if (max_age.count() > 0 && stored.time() < now - max_age) continue;
      if (stored.key.empty()) continue;
      groups[stored.key].push_back({&feed, &stored});
    }

  std::vector<Story> stories;
  stories.reserve(groups.size());
  for (auto& [key, members] : groups) {
    // The lead is the first to have carried the story; ties go to feed order.
    std::stable_sort(members.begin(), members.end(),
                     [](const Member& a, const Member& b) { return a.stored->time() < b.stored->time(); });
    const Item& lead = members.front().stored->item;
    Story story{std::string(key), lead.title, lead.link, lead.id, std::nullopt,
                members.front().stored->time(), *members.front().feed, {}, {}};
    for (const auto& m : members) {
      const Item& item = m.stored->item;
      if (item.published && (!story.published || *item.published < *story.published))
        story.published = item.published;
      if (std::find(story.sources.begin(), story.sources.end(), *m.feed) == story.sources.end())
        story.sources.push_back(*m.feed);
      story.items.push_back({*m.feed, item.id, item.link, item.title});
    }
    stories.push_back(std::move(story));
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
