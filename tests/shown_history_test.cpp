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

TEST(ShownHistory, PruneAndForgetKeepItBounded) {
  ShownHistory shown;
  shown.mark(1, kNow - 5 * 24h);
  shown.mark(2, kNow - 1h);
  shown.mark(3, kNow);
  shown.prune(kNow - 4 * 24h);
  shown.forget(3);
  EXPECT_EQ(shown.size(), 1u);
  EXPECT_EQ(items_of(shown.take_changed(kNow, true)), (std::vector<ItemHash>{2}));
}

TEST(ItemHash, IsFnv1aOfFeedNulIdentityAndStableAcrossBuilds) {
  // The hash is written to state files: it must never change.
  EXPECT_EQ(item_hash("", ""), 0xaf63bd4c8601b7dfull);  // FNV-1a 64 of one NUL byte
  EXPECT_NE(item_hash("AB", "C"), item_hash("A", "BC"));
  static_assert(item_hash("Wire A", "id:1") == item_hash("Wire A", "id:1"));
}

}  // namespace
}  // namespace headliner
