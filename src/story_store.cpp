#include "story_store.hpp"

#include <algorithm>
#include <cstdint>
#include <numeric>
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

void StoryStore::update(std::string_view feed, std::vector<Item> items, WallTime now) {
  using namespace std::chrono_literals;
  FeedItems& stored = items_of(feed);
  bool changed = false;
  for (Item& item : items) {
    if (item.title.empty()) continue;  // nothing to show
    auto [entry, inserted] = stored.try_emplace(identity_of(item));
    StoredItem& known = entry->second;
    if (inserted) known.first_seen = known.last_seen = now, known.hash = item_hash(feed, entry->first, now);
    if (inserted || !same_item(known.item, item)) {
      if (inserted || known.item.title != item.title) set_title(known, item);
      known.item = std::move(item);
      known.changed = changed = true;
    }
    // Confirmations are remembered a day at a time: enough to prune by, and
    // no write to the SD card for a refresh that brought nothing new.
    if (now - known.last_seen >= 24h) known.last_seen = now, known.changed = changed = true;
  }
  if (changed && std::find(changed_feeds_.begin(), changed_feeds_.end(), feed) == changed_feeds_.end())
    changed_feeds_.emplace_back(feed);
  trim(stored);
}

void StoryStore::restore(KnownItem known) {
  FeedItems& stored = items_of(known.feed);
  StoredItem& item = stored[known.identity];
  set_title(item, known.item);
  item.hash = item_hash(known.feed, known.identity, known.first_seen);
  item.item = std::move(known.item);
  item.first_seen = known.first_seen;
  item.last_seen = known.last_seen;
  item.changed = false;
  trim(stored);
}

void StoryStore::forget(WallTime cutoff) {
  for (auto& [feed, items] : feeds_)
    for (auto it = items.begin(); it != items.end();) {
      if (it->second.last_seen >= cutoff) {
        ++it;
        continue;
      }
      words_.release(it->second.words);
      it = items.erase(it);
    }
}

std::vector<ItemView> StoryStore::changed_items() const {
  std::vector<ItemView> changed;
  // Only the feeds an update changed: a save per refresh must not walk every item.
  for (const auto& [feed, items] : feeds_) {
    if (std::find(changed_feeds_.begin(), changed_feeds_.end(), feed) == changed_feeds_.end()) continue;
    for (const auto& [identity, stored] : items)
      if (stored.changed) changed.emplace_back(feed, identity, stored.item, stored.first_seen, stored.last_seen);
  }
  return changed;
}

void StoryStore::mark_saved() {
  for (auto& [feed, items] : feeds_) {
    if (std::find(changed_feeds_.begin(), changed_feeds_.end(), feed) == changed_feeds_.end()) continue;
    for (auto& entry : items) entry.second.changed = false;
  }
  changed_feeds_.clear();
  removed_.clear();
}

void StoryStore::trim(FeedItems& items) {
  if (items.size() <= max_items_per_feed_) return;
  std::vector<FeedItems::iterator> by_age;
  for (auto it = items.begin(); it != items.end(); ++it) by_age.push_back(it);
  std::sort(by_age.begin(), by_age.end(),
            [](auto a, auto b) { return a->second.time() < b->second.time(); });
  std::size_t excess = items.size() - max_items_per_feed_;
  const std::string& feed = std::find_if(feeds_.begin(), feeds_.end(), [&](const auto& f) { return &f.second == &items; })->first;
  for (std::size_t i = 0; i < excess; ++i) {
    removed_.push_back({feed, by_age[i]->first, by_age[i]->second.first_seen});
    words_.release(by_age[i]->second.words);
    items.erase(by_age[i]);
  }
}

void StoryStore::set_title(StoredItem& stored, const Item& item) {
  words_.release(stored.words);
  const std::vector<std::string> words = headline_words(item.title);
  // Content words are words of the title: only a title without any needs
  // its whole match key to know whether it has something to show.
  stored.showable = !words.empty() || !match_key(item.title).empty();
  stored.words = words_.intern(words);
}

struct StoryStore::Member {
  const std::string* feed;
  const StoredItem* stored;
  WallTime time;  // stored->time(), computed once
};

// Members grouped into stories without copying them: story s is the members
// at by_story[starts[s]] up to by_story[starts[s + 1]], in member order, so
// its lead (the earliest) comes first.
struct StoryStore::Clustering {
  std::vector<Member> members;
  std::vector<std::uint32_t> by_story;
  std::vector<std::uint32_t> starts;
  std::vector<std::uint32_t> newest_first;  // story numbers in the order they are shown
};

// The items to show, oldest first, as the clusterer needs; ties keep feed
// order, so the lead of a story is the first to have carried it, and among
// equals the first feed.
std::vector<StoryStore::Member> StoryStore::members(WallTime now, Duration max_age) const {
  std::vector<Member> members;
  members.reserve(item_count());
  for (const auto& [feed, items] : feeds_)
    for (const auto& [identity, stored] : items) {
      const WallTime time = stored.time();
      if (max_age.count() > 0 && time < now - max_age) continue;
      if (!stored.showable) continue;  // nothing to show
      members.push_back({&feed, &stored, time});
    }
  std::stable_sort(members.begin(), members.end(), [](const Member& a, const Member& b) { return a.time < b.time; });
  return members;
}

StoryStore::Clustering StoryStore::cluster(std::vector<Member> members) const {
  StoryClusterer clusterer(dedup_);
  for (const Member& m : members)
    if (dedup_.method == DedupMethod::kExact) clusterer.add(HeadlineKey{match_key(m.stored->item.title), {}}, m.time);
    else clusterer.add(m.stored->words, words_, m.time);

  Clustering c{std::move(members), {}, {}, {}};
  const std::size_t n = c.members.size();
  // A story's number is its lead's rank among leads; a lead comes before the
  // rest of its story, so its number is known when they come.
  std::vector<std::uint32_t> story_of(n);
  std::vector<std::uint32_t> sizes;
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t first = clusterer.story_of(i);
    if (first == i) story_of[i] = static_cast<std::uint32_t>(sizes.size()), sizes.push_back(0);
    else story_of[i] = story_of[first];
    ++sizes[story_of[i]];
  }
  c.starts.resize(sizes.size() + 1, 0);
  std::partial_sum(sizes.begin(), sizes.end(), c.starts.begin() + 1);
  c.by_story.resize(n);
  std::vector<std::uint32_t> next(c.starts.begin(), c.starts.end() - 1);
  for (std::size_t i = 0; i < n; ++i) c.by_story[next[story_of[i]]++] = static_cast<std::uint32_t>(i);

  order_newest_first(c);
  return c;
}

// Newest first by when the story broke; stories that broke at the same
// moment go by key. Keys are computed for those only, as each costs a
// match_key().
void StoryStore::order_newest_first(Clustering& c) {
  auto lead = [&](std::uint32_t s) -> const Member& { return c.members[c.by_story[c.starts[s]]]; };
  c.newest_first.resize(c.starts.size() - 1);
  std::iota(c.newest_first.begin(), c.newest_first.end(), 0u);
  std::stable_sort(c.newest_first.begin(), c.newest_first.end(),
                   [&](std::uint32_t a, std::uint32_t b) { return lead(a).time > lead(b).time; });
  for (auto run = c.newest_first.begin(); run != c.newest_first.end();) {
    const WallTime time = lead(*run).time;
    const auto end = std::find_if(run, c.newest_first.end(), [&](std::uint32_t s) { return lead(s).time != time; });
    if (end - run > 1) {
      std::vector<std::pair<std::string, std::uint32_t>> keyed;
      for (auto it = run; it != end; ++it) keyed.emplace_back(match_key(lead(*it).stored->item.title), *it);
      std::stable_sort(keyed.begin(), keyed.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
      std::transform(keyed.begin(), keyed.end(), run, [](const auto& k) { return k.second; });
    }
    run = end;
  }
}

Story StoryStore::make_story(const Clustering& c, std::size_t s, StoryDetail detail) const {
  const Member& lead = c.members[c.by_story[c.starts[s]]];
  const Item& first = lead.stored->item;
  Story story{match_key(first.title), first.title, first.link, first.id, std::nullopt, lead.time, *lead.feed, {}, {}, {}};
  for (std::uint32_t k = c.starts[s]; k < c.starts[s + 1]; ++k) {
    const Member& m = c.members[c.by_story[k]];
    const Item& item = m.stored->item;
    if (item.published && (!story.published || *item.published < *story.published))
      story.published = item.published;
    if (std::find(story.sources.begin(), story.sources.end(), *m.feed) == story.sources.end())
      story.sources.push_back(*m.feed);
    if (detail == StoryDetail::kItems) story.items.push_back({*m.feed, item.id, item.link, item.title});
    story.item_hashes.push_back(m.stored->hash);
  }
  return story;
}

void StoryStore::for_each_story(WallTime now, Duration max_age, StoryDetail detail,
                                const std::function<void(Story)>& visit) const {
  const Clustering c = cluster(members(now, max_age));
  for (std::uint32_t s : c.newest_first) visit(make_story(c, s, detail));
}

std::vector<Story> StoryStore::stories(WallTime now, Duration max_age, StoryDetail detail) const {
  std::vector<Story> stories;
  for_each_story(now, max_age, detail, [&](Story story) { stories.push_back(std::move(story)); });
  return stories;
}

void StoryStore::forget_feed(std::string_view feed) {
  auto it = std::find_if(feeds_.begin(), feeds_.end(), [&](const auto& f) { return f.first == feed; });
  if (it == feeds_.end()) return;
  for (const auto& [identity, stored] : it->second) {
    removed_.push_back({it->first, identity, stored.first_seen});
    words_.release(stored.words);
  }
  feeds_.erase(it);
}

std::size_t StoryStore::item_count() const {
  std::size_t count = 0;
  for (const auto& feed : feeds_) count += feed.second.size();
  return count;
}

}  // namespace headliner
