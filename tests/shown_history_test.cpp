#include "shown_history.hpp"

#include <gtest/gtest.h>

namespace headliner {
namespace {

using namespace std::chrono_literals;

const WallTime kNow = WallTime(std::chrono::sys_days(std::chrono::year(2026) / 3 / 1)) + 9h;

std::vector<ItemHash> items_of(const std::vector<ShownRecord>& marks) {
  std::vector<ItemHash> items;
  for (const ShownRecord& m : marks) items.push_back(m.item);
  return items;
}

TEST(ShownHistory, CountsShowsAndKeepsTheLast) {
  ShownHistory shown;
  EXPECT_EQ(shown.find(1), nullptr);
  shown.mark(1, kNow);
  shown.mark(1, kNow + 5min);
  ASSERT_NE(shown.find(1), nullptr);
  EXPECT_EQ(*shown.find(1), (ShownRecord{1, kNow + 5min, 2}));
}

TEST(ShownHistory, AFirstMarkIsSavedWithTheNextCycleAndRepeatsAtMostHourly) {
  ShownHistory shown;
  EXPECT_TRUE(shown.take_changed(kNow).empty());  // the first cycle: nothing shown yet
  shown.mark(1, kNow + 1min);
  EXPECT_EQ(shown.take_changed(kNow + 15min), (std::vector<ShownRecord>{{1, kNow + 1min, 1}}));
  // Shown again, and another item for the first time: only the first mark is due.
  shown.mark(1, kNow + 20min);
  shown.mark(2, kNow + 21min);
  EXPECT_EQ(shown.take_changed(kNow + 30min), (std::vector<ShownRecord>{{2, kNow + 21min, 1}}));
  EXPECT_TRUE(shown.take_changed(kNow + 45min).empty());
  // An hour after repeats were last written, they are.
  EXPECT_EQ(shown.take_changed(kNow + 60min), (std::vector<ShownRecord>{{1, kNow + 20min, 2}}));
}

TEST(ShownHistory, EverythingIsSavedAtExit) {
  ShownHistory shown;
  shown.mark(1, kNow);
  shown.take_changed(kNow);
  shown.mark(1, kNow + 1min);
  EXPECT_TRUE(shown.take_changed(kNow + 2min).empty());
  EXPECT_EQ(shown.take_changed(kNow + 2min, true), (std::vector<ShownRecord>{{1, kNow + 1min, 2}}));
}

TEST(ShownHistory, RestoredMarksAreNotWrittenBackAndTheirRepeatsWaitForTheHour) {
  ShownHistory shown;
  shown.restore({7, kNow - 1h, 3});
  EXPECT_TRUE(shown.take_changed(kNow).empty());
  shown.mark(7, kNow + 1min);
  EXPECT_TRUE(shown.take_changed(kNow + 15min).empty());
  EXPECT_EQ(shown.take_changed(kNow + 1h), (std::vector<ShownRecord>{{7, kNow + 1min, 4}}));
}

TEST(ShownHistory, AMarkFromTheFutureIsPulledBackToNow) {
  ShownHistory shown;
  shown.restore({7, kNow + 1h, 1});
  shown.not_after(7, kNow);
  EXPECT_EQ(shown.find(7)->last_shown, kNow);
  shown.not_after(7, kNow - 1min);
  EXPECT_EQ(shown.find(7)->last_shown, kNow - 1min);
  shown.not_after(7, kNow);
  EXPECT_EQ(shown.find(7)->last_shown, kNow - 1min);  // the past stays
}

TEST(ShownHistory, PruneDropsMarksLastShownBeforeTheCutoff) {
  ShownHistory shown;
  shown.mark(1, kNow - 5 * 24h);
  shown.mark(2, kNow - 1h);
  shown.prune(kNow - 4 * 24h);
  EXPECT_EQ(shown.size(), 1u);
  EXPECT_EQ(items_of(shown.take_changed(kNow, true)), (std::vector<ItemHash>{2}));
}

TEST(ItemHash, IsTheHourFirstSeenThenFnv1aOfFeedNulIdentityAndStableAcrossBuilds) {
  // The hash is written to state files: it must never change.
  const WallTime hour_one = WallTime(std::chrono::hours(1));
  EXPECT_EQ(item_hash("", "", WallTime{}), 0xaf63bd4c8601b7dfull & 0xffffffffffull);  // FNV-1a 64 of one NUL byte
  EXPECT_EQ(item_hash("", "", hour_one + 59min), (1ull << 40) | (0xaf63bd4c8601b7dfull & 0xffffffffffull));
  EXPECT_NE(item_hash("AB", "C", kNow), item_hash("A", "BC", kNow));
  static_assert(item_hash("Wire A", "id:1", WallTime{}) == item_hash("Wire A", "id:1", WallTime{}));
}

TEST(ItemHash, ItemsFirstSeenLaterSortAfterAllEarlierOnes) {
  // SQLite keeps rows in key order: the marks of new items go to the end of the table.
  for (int i = 0; i < 100; ++i)
    EXPECT_LT(item_hash("Wire A", "id:" + std::to_string(i), kNow), item_hash("Wire B", "id:x", kNow + 1h)) << i;
  EXPECT_LT(static_cast<std::int64_t>(item_hash("A", "id:1", kNow)), std::int64_t{1} << 62);  // a positive key
  EXPECT_EQ(item_hash("A", "id:1", WallTime{} - 24h), item_hash("A", "id:1", WallTime{}));  // a clock before 1970
}

}  // namespace
}  // namespace headliner
