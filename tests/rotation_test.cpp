#include "rotation.hpp"

#include <gtest/gtest.h>

namespace headliner {
namespace {

using namespace std::chrono_literals;

const WallTime kNow = WallTime(std::chrono::sys_days(std::chrono::year_month_day(
                          std::chrono::year(2025), std::chrono::month(9), std::chrono::day(2))));

Story story(std::string key, WallTime time) {
  Story s;
  s.key = key;
  s.title = key;
  s.time = time;
  return s;
}

std::vector<std::string> take(Rotation& rotation, int n, Duration max_age = 0s) {
  std::vector<std::string> shown;
  for (int i = 0; i < n; ++i)
    if (auto s = rotation.next(kNow, max_age)) shown.push_back(s->key);
  return shown;
}

TEST(Rotation, ShowsNewestFirstEachOncePerRound) {
  Rotation rotation;
  rotation.update({story("c", kNow - 1h), story("b", kNow - 2h), story("a", kNow - 3h)});
  EXPECT_EQ(take(rotation, 7), (std::vector<std::string>{"c", "b", "a", "c", "b", "a", "c"}));
}

TEST(Rotation, NewStoryJoinsTheCurrentRoundNext) {
  Rotation rotation;
  rotation.update({story("b", kNow - 2h), story("a", kNow - 3h)});
  EXPECT_EQ(take(rotation, 1), (std::vector<std::string>{"b"}));
  rotation.update({story("new", kNow - 1min), story("b", kNow - 2h), story("a", kNow - 3h)});
  EXPECT_EQ(take(rotation, 3), (std::vector<std::string>{"new", "a", "new"}));
}

TEST(Rotation, SkipsStoriesOlderThanMaxAge) {
  Rotation rotation;
  rotation.update({story("fresh", kNow - 1h), story("stale", kNow - 3h)});
  EXPECT_EQ(take(rotation, 3, 2h), (std::vector<std::string>{"fresh", "fresh", "fresh"}));
}

TEST(Rotation, GivesNothingWhenEmptyOrAllStale) {
  Rotation rotation;
  EXPECT_FALSE(rotation.next(kNow, 0s));
  rotation.update({story("stale", kNow - 3h)});
  EXPECT_FALSE(rotation.next(kNow, 2h));
}

TEST(Rotation, StoryThatDisappearsIsNotShownAgain) {
  Rotation rotation;
  rotation.update({story("b", kNow - 2h), story("a", kNow - 3h)});
  take(rotation, 1);
  rotation.update({story("a", kNow - 3h)});
  EXPECT_EQ(take(rotation, 2), (std::vector<std::string>{"a", "a"}));
}

}  // namespace
}  // namespace headliner
