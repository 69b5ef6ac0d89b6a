#include "story_store.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "text.hpp"

namespace headliner {
namespace {

using namespace std::chrono_literals;

const WallTime kNow = WallTime(std::chrono::sys_days(std::chrono::year_month_day(
                          std::chrono::year(2025), std::chrono::month(9), std::chrono::day(2)))) + 12h;

UtcTime utc(WallTime t) { return std::chrono::time_point_cast<std::chrono::seconds>(t); }

Item item(std::string title, std::optional<std::string> id, std::optional<UtcTime> published = {},
          std::optional<std::string> link = {}) {
  return Item{std::move(title), std::move(link), std::move(id), published, std::nullopt};
}

// What a save would write, taken as the state file takes it (then marked saved).
std::vector<KnownItem> take_changed(StoryStore& store) {
  std::vector<KnownItem> changed;
  for (const ItemView& v : store.changed_items())
    changed.push_back({std::string(v.feed), std::string(v.identity), *v.item, v.first_seen, v.last_seen});
  store.mark_saved();
  return changed;
}

std::vector<std::pair<std::string, std::string>> take_removed(StoryStore& store) {
  std::vector<std::pair<std::string, std::string>> removed;
  for (const ItemKey& key : store.removed_items()) removed.emplace_back(key.feed, key.identity);
  store.mark_saved();
  return removed;
}

TEST(StoryStore, RefetchedItemIsOneItem) {
  StoryStore store;
  store.update("A", {item("Rates held", "a-1", utc(kNow - 1h))}, kNow);
  store.update("A", {item("Rates held", "a-1", utc(kNow - 1h))}, kNow + 15min);
  EXPECT_EQ(store.item_count(), 1u);
  EXPECT_EQ(store.stories(kNow + 15min, 0s).size(), 1u);
}

TEST(StoryStore, AForgottenFeedTakesItsItemsAndSourcesAlong) {
  StoryStore store;
  store.update("A", {item("Rates held at 4 percent by the bank", "a-1", utc(kNow - 1h))}, kNow);
  store.update("B", {item("Rates held at 4 percent by the bank", "b-1", utc(kNow - 2h)),
                     item("Storm hits the coast", "b-2", utc(kNow - 1h))}, kNow);
  take_removed(store);
  store.forget_feed("B");
  auto stories = store.stories(kNow, 0s);
  ASSERT_EQ(stories.size(), 1u);
  EXPECT_EQ(stories[0].sources, std::vector<std::string>{"A"});
  auto removed = take_removed(store);
  std::sort(removed.begin(), removed.end());
  EXPECT_EQ(removed, (std::vector<std::pair<std::string, std::string>>{{"B", "id:b-1"}, {"B", "id:b-2"}}));
  store.forget_feed("nothing by that name");
  EXPECT_EQ(store.item_count(), 1u);
}

TEST(StoryStore, RefetchedItemWithNewTitleReplacesTheOld) {
  StoryStore store;
  store.update("A", {item("Rates held at 4%", "a-1", utc(kNow - 1h))}, kNow);
  store.update("A", {item("UPDATE: Rates held at 4%, bank says", "a-1", utc(kNow - 1h))}, kNow);
  auto stories = store.stories(kNow, 0s);
  ASSERT_EQ(stories.size(), 1u);
  EXPECT_EQ(stories[0].title, "UPDATE: Rates held at 4%, bank says");
}

TEST(StoryStore, IdentifiesItemsWithoutIdByLinkThenTitle) {
  StoryStore store;
  store.update("A", {item("One", std::nullopt, {}, "http://x/1"), item("Two", std::nullopt)}, kNow);
  store.update("A", {item("One (edited)", std::nullopt, {}, "http://x/1"), item("Two", std::nullopt)}, kNow);
  EXPECT_EQ(store.item_count(), 2u);
}

TEST(StoryStore, SameHeadlineFromTwoFeedsIsOneStoryWithBothSources) {
  StoryStore store;
  store.update("A", {item("Putin and Trump’s Talks Stall", "a-1", utc(kNow - 2h))}, kNow);
  store.update("B", {item("putin and trump's talks stall!", "b-9", utc(kNow - 1h))}, kNow);
  auto stories = store.stories(kNow, 0s);
  ASSERT_EQ(stories.size(), 1u);
  EXPECT_EQ(stories[0].title, "Putin and Trump’s Talks Stall");  // the first to carry it leads
  EXPECT_EQ(stories[0].feed, "A");
  EXPECT_EQ(stories[0].sources, (std::vector<std::string>{"A", "B"}));
  ASSERT_EQ(stories[0].items.size(), 2u);
  EXPECT_EQ(stories[0].items[1].id, "b-9");
}

TEST(StoryStore, HeadlinesThatOnlyShareWordsStayApart) {
  StoryStore store;
  store.update("A", {item("The 10 Best Stocks of the Bull Market", "1", utc(kNow - 1h)),
                     item("The 10 Worst Stocks of the Bull Market", "2", utc(kNow - 1h))},
               kNow);
  EXPECT_EQ(store.stories(kNow, 0s).size(), 2u);
}

TEST(StoryStore, OrdersNewestFirst) {
  StoryStore store;
  store.update("A", {item("Old", "1", utc(kNow - 5h)), item("New", "2", utc(kNow - 1h)),
                     item("Middle", "3", utc(kNow - 3h))},
               kNow);
  auto stories = store.stories(kNow, 0s);
  ASSERT_EQ(stories.size(), 3u);
  EXPECT_EQ(stories[0].title, "New");
  EXPECT_EQ(stories[1].title, "Middle");
  EXPECT_EQ(stories[2].title, "Old");
}

TEST(StoryStore, DropsStoriesOlderThanMaxAge) {
  StoryStore store;
  store.update("A", {item("Fresh", "1", utc(kNow - 47h)), item("Stale", "2", utc(kNow - 49h))}, kNow);
  auto stories = store.stories(kNow, 48h);
  ASSERT_EQ(stories.size(), 1u);
  EXPECT_EQ(stories[0].title, "Fresh");
  EXPECT_EQ(store.stories(kNow, 0s).size(), 2u);  // 0 turns the limit off
}

TEST(StoryStore, UndatedItemIsAsOldAsWhenFirstSeen) {
  StoryStore store;
  store.update("A", {item("Undated", "1")}, kNow - 3h);
  store.update("A", {item("Undated", "1")}, kNow);
  auto stories = store.stories(kNow, 0s);
  ASSERT_EQ(stories.size(), 1u);
  EXPECT_EQ(stories[0].time, kNow - 3h);
  EXPECT_FALSE(stories[0].published);
}

TEST(StoryStore, FutureDateIsClampedToWhenFirstSeen) {
  StoryStore store;
  store.update("A", {item("From the future", "1", utc(kNow + 10h))}, kNow);
  EXPECT_EQ(store.stories(kNow, 0s).front().time, kNow);
}

TEST(StoryStore, SkipsItemsWithoutTitle) {
  StoryStore store;
  store.update("A", {item("", "1"), item("Real", "2")}, kNow);
  EXPECT_EQ(store.item_count(), 1u);
}

TEST(StoryStore, KeepsAtMostTheNewestItemsPerFeed) {
  StoryStore store(3);
  std::vector<Item> items;
  for (int i = 0; i < 5; ++i) items.push_back(item("Story " + std::to_string(i), std::to_string(i), utc(kNow - std::chrono::hours(i))));
  store.update("A", items, kNow);
  auto stories = store.stories(kNow, 0s);
  ASSERT_EQ(stories.size(), 3u);
  EXPECT_EQ(stories[2].title, "Story 2");
}

TEST(StoryStore, KeepsItemsAFeedNoLongerLists) {
  StoryStore store;
  store.update("A", {item("Yesterday", "1", utc(kNow - 20h))}, kNow - 1h);
  store.update("A", {item("Today", "2", utc(kNow - 1h))}, kNow);
  EXPECT_EQ(store.stories(kNow, 48h).size(), 2u);
}

TEST(StoryStore, ForgetsItemsNoFeedListedSinceTheCutoff) {
  StoryStore store;
  store.update("A", {item("Gone", "1", utc(kNow - 30h)), item("Still listed", "2", utc(kNow - 30h))}, kNow - 30h);
  store.update("B", {item("Gone too", "3", utc(kNow - 30h))}, kNow - 30h);
  store.update("A", {item("Still listed", "2", utc(kNow - 30h))}, kNow);  // confirmed, a day later
  take_changed(store);
  store.forget(kNow - 1h);
  EXPECT_EQ(store.item_count(), 1u);
  auto stories = store.stories(kNow, 0s);
  ASSERT_EQ(stories.size(), 1u);
  EXPECT_EQ(stories[0].title, "Still listed");
  EXPECT_TRUE(store.changed_items().empty());
  EXPECT_TRUE(store.removed_items().empty());  // the state file prunes them itself
  // A feed that lists a forgotten item again brings it back.
  store.update("B", {item("Gone too", "3", utc(kNow - 30h))}, kNow);
  EXPECT_EQ(store.item_count(), 2u);
}

TEST(StoryStore, OrdersDatesFarOutsideTheClockRangeSanely) {
  // sys_seconds reaches far further than system_clock's nanoseconds
  // (about 1678 to 2262): converting these dates once overflowed.
  using namespace std::chrono;
  const UtcTime ancient = sys_days(year(1000) / 1 / 1);
  const UtcTime far_future = sys_days(year(9999) / 12 / 31) + 23h;
  StoryStore store;
  store.update("A", {item("Ancient", "1", ancient), item("Recent", "2", utc(kNow - 1h)),
                     item("Far future", "3", far_future)},
               kNow);
  auto stories = store.stories(kNow, 0s);
  ASSERT_EQ(stories.size(), 3u);
  EXPECT_EQ(stories[0].title, "Far future");
  EXPECT_EQ(stories[0].time, kNow);  // no later than when first seen
  EXPECT_EQ(stories[1].title, "Recent");
  EXPECT_EQ(stories[2].title, "Ancient");
  EXPECT_LT(stories[2].time, kNow - 1h);
  EXPECT_EQ(stories[2].published, ancient);  // the date itself is kept as given
  EXPECT_EQ(store.stories(kNow, 48h).size(), 2u);  // and the ancient one is too old
}

TEST(StoryStore, TrimsByDatesFarOutsideTheClockRange) {
  using namespace std::chrono;
  StoryStore store(2);
  store.update("A", {item("Ancient", "1", sys_days(year(-20000) / 1 / 1)),
                     item("Recent", "2", utc(kNow - 1h)),
                     item("Far future", "3", sys_days(year(20000) / 1 / 1))},
               kNow);
  auto stories = store.stories(kNow, 0s);
  ASSERT_EQ(stories.size(), 2u);
  EXPECT_EQ(stories[0].title, "Far future");
  EXPECT_EQ(stories[1].title, "Recent");
}

}  // namespace
}  // namespace headliner

namespace headliner {
namespace {

using namespace std::chrono_literals;

TEST(StoryStoreChanges, ReportsNewAndChangedItemsOnce) {
  StoryStore store;
  store.update("A", {item("One", "1", utc(kNow - 1h))}, kNow);
  auto changed = take_changed(store);
  ASSERT_EQ(changed.size(), 1u);
  EXPECT_EQ(changed[0].feed, "A");
  EXPECT_EQ(changed[0].identity, "id:1");
  EXPECT_EQ(changed[0].first_seen, kNow);
  EXPECT_TRUE(store.changed_items().empty());
}

TEST(StoryStoreChanges, AnUnchangedRefetchChangesNothing) {
  StoryStore store;
  store.update("A", {item("One", "1", utc(kNow - 1h))}, kNow);
  take_changed(store);
  store.update("A", {item("One", "1", utc(kNow - 1h))}, kNow + 15min);
  EXPECT_TRUE(store.changed_items().empty());
  store.update("A", {item("One, updated", "1", utc(kNow - 1h))}, kNow + 30min);
  EXPECT_EQ(take_changed(store).size(), 1u);
}

TEST(StoryStoreChanges, ConfirmsAnItemStillListedOnceADay) {
  StoryStore store;
  store.update("A", {item("One", "1", utc(kNow - 1h))}, kNow);
  take_changed(store);
  store.update("A", {item("One", "1", utc(kNow - 1h))}, kNow + 25h);
  auto changed = take_changed(store);
  ASSERT_EQ(changed.size(), 1u);
  EXPECT_EQ(changed[0].last_seen, kNow + 25h);
}

TEST(StoryStoreChanges, ReportsTheChangesOfEveryFeedUpdatedSinceTheLastCall) {
  StoryStore store;
  store.update("A", {item("One", "1", utc(kNow - 1h))}, kNow);
  store.update("B", {item("Two", "2", utc(kNow - 1h))}, kNow);
  store.update("A", {item("One", "1", utc(kNow - 1h))}, kNow + 15min);  // unchanged: A stays changed
  auto changed = take_changed(store);
  ASSERT_EQ(changed.size(), 2u);
  EXPECT_EQ(changed[0].feed, "A");
  EXPECT_EQ(changed[1].feed, "B");
  store.update("B", {item("Two", "2", utc(kNow - 1h)), item("Three", "3", utc(kNow))}, kNow + 30min);
  changed = take_changed(store);
  ASSERT_EQ(changed.size(), 1u);
  EXPECT_EQ(changed[0].identity, "id:3");
  EXPECT_TRUE(store.changed_items().empty());
}

// A save that failed (a full disk) does not mark them: the next one writes them.
TEST(StoryStoreChanges, ChangesStayUntilTheStateFileHasThem) {
  StoryStore store(1);
  store.update("A", {item("Old", "1", utc(kNow - 5h)), item("New", "2", utc(kNow - 1h))}, kNow);
  EXPECT_EQ(store.changed_items().size(), 1u);
  store.update("B", {item("Two", "3", utc(kNow - 1h))}, kNow);
  ASSERT_EQ(store.changed_items().size(), 2u);
  EXPECT_EQ(store.removed_items().size(), 1u);
  store.mark_saved();
  EXPECT_TRUE(store.changed_items().empty());
  EXPECT_TRUE(store.removed_items().empty());
}

TEST(StoryStoreChanges, ReportsItemsDroppedByTheCap) {
  StoryStore store(1);
  store.update("A", {item("Old", "1", utc(kNow - 5h)), item("New", "2", utc(kNow - 1h))}, kNow);
  auto removed = take_removed(store);
  ASSERT_EQ(removed.size(), 1u);
  EXPECT_EQ(removed[0], (std::pair<std::string, std::string>{"A", "id:1"}));
}

TEST(StoryStoreChanges, RestoredItemsAreStoriesButNotChanges) {
  StoryStore store;
  store.restore({"A", "id:1", item("Remembered", "1", utc(kNow - 2h)), kNow - 2h, kNow - 2h});
  EXPECT_TRUE(store.changed_items().empty());
  auto stories = store.stories(kNow, 48h);
  ASSERT_EQ(stories.size(), 1u);
  EXPECT_EQ(stories[0].title, "Remembered");
  store.update("A", {item("Remembered", "1", utc(kNow - 2h))}, kNow);  // the same, refetched
  EXPECT_TRUE(store.changed_items().empty());
}

}  // namespace
}  // namespace headliner

namespace headliner {
namespace {

using namespace std::chrono_literals;

TEST(StoryStoreClustering, WireCopiesFromSeveralFeedsAreOneStoryLedByTheFirst) {
  StoryStore store;
  store.update("Reuters", {item("UPDATE 1-Mt. Gox files for US bankruptcy to halt class action", "r-1", utc(kNow - 1h))},
               kNow);
  store.update("Globe", {item("Mt. Gox files for US bankruptcy to halt class action | The Globe and Mail", "g-1",
                              utc(kNow - 3h))},
               kNow);
  store.update("Wire", {item("Mt. Gox files for US bankruptcy to halt class action  ...", "w-1", utc(kNow - 2h))}, kNow);
  auto stories = store.stories(kNow, 0s);
  ASSERT_EQ(stories.size(), 1u);
  EXPECT_EQ(stories[0].feed, "Globe");
  EXPECT_EQ(stories[0].sources, (std::vector<std::string>{"Globe", "Wire", "Reuters"}));
  EXPECT_EQ(stories[0].items.size(), 3u);
  EXPECT_EQ(stories[0].time, kNow - 3h);
  EXPECT_EQ(stories[0].key, match_key(stories[0].title));
}

TEST(StoryStoreClustering, ACopyThatAddsDetailJoinsTheStory) {
  StoryStore store;
  store.update("A", {item("Mt. Gox files for US bankruptcy", "a-1", utc(kNow - 2h))}, kNow);
  store.update("B", {item("Bitcoin exchange Mt. Gox files for US bankruptcy protection", "b-1", utc(kNow - 1h))}, kNow);
  auto stories = store.stories(kNow, 0s);
  ASSERT_EQ(stories.size(), 1u);
  EXPECT_EQ(stories[0].title, "Mt. Gox files for US bankruptcy");
  EXPECT_EQ(stories[0].sources, (std::vector<std::string>{"A", "B"}));
}

TEST(StoryStoreClustering, ExactMethodKeepsWireCopiesApart) {
  StoryStore store(DedupConfig{DedupMethod::kExact, 48h});
  store.update("A", {item("UPDATE 1-Mt. Gox files for US bankruptcy", "a-1", utc(kNow - 2h))}, kNow);
  store.update("B", {item("Mt. Gox files for US bankruptcy", "b-1", utc(kNow - 1h)),
                     item("mt gox files for US bankruptcy!", "b-2", utc(kNow - 1h))},
               kNow);
  auto stories = store.stories(kNow, 0s);
  ASSERT_EQ(stories.size(), 2u);
  EXPECT_EQ(stories[0].items.size(), 2u);
  EXPECT_EQ(stories[1].items.size(), 1u);
}

TEST(StoryStoreClustering, TheSameHeadlineAfterTheWindowIsANewStory) {
  StoryStore store(DedupConfig{DedupMethod::kSimilar, 24h});
  store.update("A", {item("Storm closes schools across the state", "1", utc(kNow - 30h)),
                     item("Storm closes schools across the state", "2", utc(kNow - 1h))},
               kNow);
  EXPECT_EQ(store.stories(kNow, 0s).size(), 2u);
}

TEST(StoryStoreClustering, StoriesAreOrderedByWhenTheyBroke) {
  StoryStore store;
  store.update("A", {item("Storm closes schools across the state", "1", utc(kNow - 5h)),
                     item("Central bank holds rates at four percent", "2", utc(kNow - 3h))},
               kNow);
  store.update("B", {item("Storm closes schools across the state - Reuters", "1", utc(kNow - 1h))}, kNow);
  auto stories = store.stories(kNow, 0s);
  ASSERT_EQ(stories.size(), 2u);
  EXPECT_EQ(stories[0].title, "Central bank holds rates at four percent");
  EXPECT_EQ(stories[1].time, kNow - 5h);
}

TEST(StoryStoreClustering, AnItemTooOldToShowDoesNotLeadAStory) {
  StoryStore store;
  store.update("A", {item("Storm closes schools across the state", "1", utc(kNow - 50h))}, kNow);
  store.update("B", {item("Storm closes schools across the state", "1", utc(kNow - 1h))}, kNow);
  auto stories = store.stories(kNow, 48h);
  ASSERT_EQ(stories.size(), 1u);
  EXPECT_EQ(stories[0].feed, "B");
  EXPECT_EQ(stories[0].items.size(), 1u);
}

TEST(StoryStoreIdentity, ALinkWithNewTrackingParametersIsTheSameItem) {
  StoryStore store;
  store.update("A", {item("Rates held", std::nullopt, {}, "https://news.example/a/1?utm_source=rss&utm_medium=feed")},
               kNow);
  store.update("A", {item("Rates held", std::nullopt, {}, "https://news.example/a/1?utm_source=twitter#comments")},
               kNow + 15min);
  EXPECT_EQ(store.item_count(), 1u);
  auto changed = take_changed(store);
  ASSERT_EQ(changed.size(), 1u);
  EXPECT_EQ(changed[0].identity, "link:https://news.example/a/1");
}

TEST(StoryStoreIdentity, TheAmpVariantOfALinkIsTheSameItem) {
  StoryStore store;
  store.update("A", {item("Rates held", std::nullopt, {}, "https://www.news.example/a/1")}, kNow);
  store.update("A", {item("Rates held", std::nullopt, {}, "https://amp.news.example/a/amp/1")}, kNow + 15min);
  EXPECT_EQ(store.item_count(), 1u);
}

TEST(StoryStoreIdentity, LinksToDifferentPagesAreDifferentItems) {
  StoryStore store;
  store.update("A", {item("Rates held", std::nullopt, {}, "https://news.example/a?id=1&utm_source=rss"),
                     item("Rates held", std::nullopt, {}, "https://news.example/a?id=2&utm_source=rss")},
               kNow);
  EXPECT_EQ(store.item_count(), 2u);
}

}  // namespace
}  // namespace headliner
