#include "rotation.hpp"

#include <gtest/gtest.h>

#include <map>

#include "text.hpp"

namespace headliner {
namespace {

using namespace std::chrono_literals;

const WallTime kNow = WallTime(std::chrono::sys_days(std::chrono::year_month_day(
                          std::chrono::year(2025), std::chrono::month(9), std::chrono::day(2))));

// A story of one item, from `feed`; its title is its name in the sequences below.
Story story(std::string title, WallTime time, std::string feed = "A") {
  Story s;
  s.key = match_key(title);
  s.title = std::move(title);
  s.time = time;
  s.feed = feed;
  s.sources = {feed};
  s.item_hashes = {item_hash(feed, "title:" + s.title, time)};
  return s;
}

RotationPolicy repeat_after(Duration interval) {
  RotationPolicy policy;
  policy.repeat_after = interval;
  return policy;
}

// A rotation and its history; asked `n` times, `step` apart from `start`.
struct Rotating {
  explicit Rotating(RotationPolicy policy = {}) : rotation(std::move(policy), shown) {}

  // The titles shown; "wait" when nothing was due.
  std::vector<std::string> take(int n, WallTime start = kNow, Duration step = 0s) {
    std::vector<std::string> titles;
    for (int i = 0; i < n; ++i) {
      NextStory next = rotation.next(start + i * step);
      titles.push_back(next.story ? next.story->title : "wait");
    }
    return titles;
  }

  ShownHistory shown;
  Rotation rotation;
};

using Titles = std::vector<std::string>;

// ---------------------------------------------------------------------------
// The order

TEST(Rotation, ShowsNewStoriesNewestFirstThenTheLeastRecentlyShown) {
  Rotating run;
  run.rotation.update({story("b", kNow - 2h), story("a", kNow - 3h)});
  EXPECT_EQ(run.take(2, kNow, 1min), (Titles{"b", "a"}));
  // Two newer stories arrive: they go first, newest first; then b, shown longest ago.
  run.rotation.update({story("d", kNow - 1min), story("c", kNow - 1h), story("b", kNow - 2h), story("a", kNow - 3h)});
  EXPECT_EQ(run.take(4, kNow + 2min, 1min), (Titles{"d", "c", "b", "a"}));
}

TEST(Rotation, ANewStoryGoesBeforeANewerOneAlreadyShown) {
  Rotating run;
  run.rotation.update({story("newer", kNow - 1h)});
  EXPECT_EQ(run.take(1), (Titles{"newer"}));
  run.rotation.update({story("newer", kNow - 1h), story("older but unseen", kNow - 5h)});
  EXPECT_EQ(run.take(2, kNow + 1min, 1min), (Titles{"older but unseen", "newer"}));
}

TEST(Rotation, StoriesLastShownAtTheSameMomentComeNewestFirst) {
  Rotating run;
  const std::vector<Story> stories{story("c", kNow - 1h), story("b", kNow - 2h), story("a", kNow - 3h)};
  // As restored from the state file: all three marked in the same second.
  for (const Story& s : stories) run.shown.restore({s.item_hashes[0], kNow - 1h, 1});
  run.rotation.update(stories);
  EXPECT_EQ(run.take(3, kNow, 1min), (Titles{"c", "b", "a"}));
}

TEST(Rotation, RepeatAfterZeroShowsEachStoryOncePerRound) {
  Rotating run(repeat_after(0s));
  run.rotation.update({story("c", kNow - 1h), story("b", kNow - 2h), story("a", kNow - 3h)});
  EXPECT_EQ(run.take(7), (Titles{"c", "b", "a", "c", "b", "a", "c"}));
}

TEST(Rotation, ANewStoryArrivingMidRoundComesNext) {
  Rotating run(repeat_after(0s));
  run.rotation.update({story("b", kNow - 2h), story("a", kNow - 3h)});
  EXPECT_EQ(run.take(1), (Titles{"b"}));
  run.rotation.update({story("new", kNow - 1min), story("b", kNow - 2h), story("a", kNow - 3h)});
  EXPECT_EQ(run.take(4, kNow + 1min, 1min), (Titles{"new", "a", "b", "new"}));
}

TEST(Rotation, AStoryThatDisappearsIsNotShownAgain) {
  Rotating run(repeat_after(0s));
  run.rotation.update({story("b", kNow - 2h), story("a", kNow - 3h)});
  run.take(1);
  run.rotation.update({story("a", kNow - 3h)});
  EXPECT_EQ(run.take(2, kNow, 1min), (Titles{"a", "a"}));
}

// ---------------------------------------------------------------------------
// Fairness across feeds

TEST(Rotation, AProlificFeedTakesTurnsWithAQuietOne) {
  Rotating run(repeat_after(30min));
  std::vector<Story> stories;
  for (int i = 1; i <= 10; ++i) stories.push_back(story("A" + std::to_string(i), kNow - i * 1min, "Busy"));
  stories.push_back(story("B1", kNow - 1h, "Quiet"));
  stories.push_back(story("B2", kNow - 2h, "Quiet"));
  run.rotation.update(stories);
  // Newest first alone would show all ten of Busy before Quiet's two.
  EXPECT_EQ(run.take(7, kNow, 10s), (Titles{"A1", "B1", "A2", "B2", "A3", "A4", "A5"}));
}

TEST(Rotation, FeedsTakeTurnsAmongShownStoriesToo) {
  Rotating run(repeat_after(0s));
  std::vector<Story> stories;
  for (int i = 1; i <= 6; ++i) stories.push_back(story("A" + std::to_string(i), kNow - i * 1min, "Busy"));
  stories.push_back(story("B1", kNow - 1h, "Quiet"));
  run.rotation.update(stories);
  EXPECT_EQ(run.take(7, kNow, 10s), (Titles{"A1", "B1", "A2", "A3", "A4", "A5", "A6"}));
  // The second round goes least recently shown first, and Quiet's one story comes second again.
  EXPECT_EQ(run.take(5, kNow + 2min, 10s), (Titles{"A1", "B1", "A2", "A3", "A4"}));
}

TEST(Rotation, AFeedOfWeightTwoGetsTwoTurnsToOne) {
  RotationPolicy policy = repeat_after(0s);
  policy.feeds = {{"Heavy", 2.0, false}, {"Light", 1.0, false}};
  Rotating run(std::move(policy));
  std::vector<Story> stories;
  for (int i = 0; i < 40; ++i)
    stories.push_back(story((i % 2 ? "L" : "H") + std::to_string(i / 2), kNow - i * 1min, i % 2 ? "Light" : "Heavy"));
  run.rotation.update(stories);
  const Titles shown = run.take(30, kNow, 10s);
  EXPECT_EQ(Titles(shown.begin(), shown.begin() + 9), (Titles{"H0", "L0", "H1", "H2", "L1", "H3", "H4", "L2", "H5"}));
  std::map<char, int> per_feed;
  for (const std::string& title : shown) ++per_feed[title[0]];
  EXPECT_EQ(per_feed['H'], 20);
  EXPECT_EQ(per_feed['L'], 10);
}

TEST(Rotation, AFeedWithNothingDueBanksNoTurns) {
  RotationPolicy policy = repeat_after(30min);
  policy.feeds = {{"Busy", 1.0, false}, {"Quiet", 1.0, false}};
  Rotating run(std::move(policy));
  std::vector<Story> stories;
  for (int i = 1; i <= 8; ++i) stories.push_back(story("A" + std::to_string(i), kNow - i * 1min, "Busy"));
  run.rotation.update(stories);
  EXPECT_EQ(run.take(4, kNow, 10s), (Titles{"A1", "A2", "A3", "A4"}));
  // Quiet had nothing while Busy went four times: it gets its turn, not four in a row.
  stories.push_back(story("B1", kNow - 2h, "Quiet"));
  stories.push_back(story("B2", kNow - 3h, "Quiet"));
  run.rotation.update(stories);
  EXPECT_EQ(run.take(4, kNow + 1min, 10s), (Titles{"A5", "B1", "A6", "B2"}));
}

// ---------------------------------------------------------------------------
// repeat_after

TEST(Rotation, AStoryShownWithinRepeatAfterWaitsAndTheRotationSaysUntilWhen) {
  Rotating run(repeat_after(30min));
  run.rotation.update({story("b", kNow - 2h), story("a", kNow - 3h)});
  EXPECT_EQ(run.take(2, kNow, 1min), (Titles{"b", "a"}));
  NextStory waiting = run.rotation.next(kNow + 2min);
  EXPECT_FALSE(waiting.story);
  EXPECT_EQ(waiting.due, kNow + 30min);  // b's half hour is up first
  EXPECT_EQ(run.take(1, kNow + 30min), (Titles{"b"}));
  waiting = run.rotation.next(kNow + 30min + 1s);
  EXPECT_FALSE(waiting.story);
  EXPECT_EQ(waiting.due, kNow + 31min);
  EXPECT_EQ(run.take(1, kNow + 31min), (Titles{"a"}));
}

TEST(Rotation, ANewStoryIsShownAtOnceWhileTheOthersWait) {
  Rotating run(repeat_after(30min));
  run.rotation.update({story("a", kNow - 3h)});
  EXPECT_EQ(run.take(2, kNow, 1min), (Titles{"a", "wait"}));
  run.rotation.update({story("new", kNow), story("a", kNow - 3h)});
  EXPECT_EQ(run.take(2, kNow + 2min, 1min), (Titles{"new", "wait"}));
}

TEST(Rotation, AMarkLaterThanNowCountsAsNowAfterTheClockWentBack) {
  Rotating run(repeat_after(30min));
  const Story a = story("a", kNow - 3h);
  run.shown.restore({a.item_hashes[0], kNow + 24h, 1});  // saved when the clock was a day ahead
  run.rotation.update({a});
  NextStory waiting = run.rotation.next(kNow);
  EXPECT_FALSE(waiting.story);
  EXPECT_EQ(waiting.due, kNow + 30min);  // not a day and a half
  EXPECT_EQ(run.take(1, kNow + 30min), (Titles{"a"}));
}

// ---------------------------------------------------------------------------
// Breaking news

TEST(Rotation, ANewStoryFromABreakingFeedJumpsToTheFrontOnce) {
  RotationPolicy policy = repeat_after(0s);
  policy.feeds = {{"Alerts", 1.0, true}};
  Rotating run(std::move(policy));
  std::vector<Story> stories{story("a1", kNow - 1min), story("a2", kNow - 2min), story("alert", kNow - 3h, "Alerts")};
  run.rotation.update(stories);
  EXPECT_EQ(run.take(3, kNow, 10s), (Titles{"alert", "a1", "a2"}));
  // Shown once, it is an ordinary story: a new one goes before it.
  stories.insert(stories.begin(), story("a0", kNow));
  run.rotation.update(stories);
  EXPECT_EQ(run.take(4, kNow + 1min, 10s), (Titles{"a0", "alert", "a1", "a2"}));
}

TEST(Rotation, AStoryABreakingFeedAlsoCarriedCountsAsBreaking) {
  RotationPolicy policy = repeat_after(30min);
  policy.feeds = {{"Alerts", 1.0, true}};
  Rotating run(std::move(policy));
  Story shared = story("quake", kNow - 2h, "A");
  shared.sources = {"A", "Alerts"};
  run.rotation.update({story("a1", kNow - 1min), shared});
  EXPECT_EQ(run.take(2), (Titles{"quake", "a1"}));
}

TEST(Rotation, ANewStoryMatchingABreakingRuleJumpsToTheFrontOnce) {
  RotationPolicy policy = repeat_after(0s);
  std::string error;
  policy.breaking = {FilterRule::parse("earthquake", error), FilterRule::parse("/^breaking:/", error)};
  ASSERT_EQ(error, "");
  Rotating run(std::move(policy));
  std::vector<Story> stories{story("Rates held", kNow - 1min), story("Strong EARTHQUAKE hits the coast", kNow - 2h),
                             story("Cup final tonight", kNow - 3h), story("Breaking: storm closes roads", kNow - 4h)};
  run.rotation.update(stories);
  EXPECT_EQ(run.take(4, kNow, 10s), (Titles{"Strong EARTHQUAKE hits the coast", "Breaking: storm closes roads",
                                            "Rates held", "Cup final tonight"}));
  // The next round in the usual order; a later quake story jumps, the first does not again.
  stories.push_back(story("Earthquake: aftershocks felt", kNow - 5h));
  run.rotation.update(stories);
  EXPECT_EQ(run.take(3, kNow + 1min, 10s),
            (Titles{"Earthquake: aftershocks felt", "Strong EARTHQUAKE hits the coast", "Breaking: storm closes roads"}));
}

TEST(Rotation, AStoryShownBeforeDoesNotBreakWhenItMatches) {
  RotationPolicy policy = repeat_after(30min);
  std::string error;
  policy.breaking = {FilterRule::parse("earthquake", error)};
  Rotating run(std::move(policy));
  const Story quake = story("Earthquake hits the coast", kNow - 2h);
  run.shown.restore({quake.item_hashes[0], kNow - 1h, 1});  // shown before a restart
  run.rotation.update({story("Rates held", kNow - 3h), quake});
  EXPECT_EQ(run.take(2), (Titles{"Rates held", "Earthquake hits the coast"}));
}

// ---------------------------------------------------------------------------
// max_age, and history that follows the items

TEST(Rotation, SkipsStoriesOlderThanMaxAge) {
  RotationPolicy policy = repeat_after(0s);
  policy.max_age = 2h;
  Rotating run(std::move(policy));
  run.rotation.update({story("fresh", kNow - 1h), story("stale", kNow - 3h), story("ageing", kNow - 2h + 30min)});
  EXPECT_EQ(run.take(3), (Titles{"fresh", "ageing", "fresh"}));
  // Forty minutes on, "ageing" is past two hours.
  EXPECT_EQ(run.take(2, kNow + 40min), (Titles{"fresh", "fresh"}));
}

TEST(Rotation, GivesNothingToWaitForWhenEmptyOrAllStale) {
  RotationPolicy policy = repeat_after(30min);
  policy.max_age = 2h;
  Rotating run(std::move(policy));
  NextStory nothing = run.rotation.next(kNow);
  EXPECT_FALSE(nothing.story);
  EXPECT_FALSE(nothing.due);
  run.rotation.update({story("stale", kNow - 3h)});
  nothing = run.rotation.next(kNow);
  EXPECT_FALSE(nothing.story);
  EXPECT_FALSE(nothing.due);
}

TEST(Rotation, AStoryKeepsItsHistoryWhenAnEarlierCopyFromAnotherFeedLeadsIt) {
  Rotating run(repeat_after(30min));
  const Story alone = story("Rates held at 4%", kNow - 1h, "A");
  run.rotation.update({alone});
  EXPECT_EQ(run.take(1), (Titles{"Rates held at 4%"}));
  // Feed B had it earlier, under another title: it leads now, with another key.
  Story merged = story("Central bank holds rates at 4%", kNow - 2h, "B");
  merged.sources = {"B", "A"};
  merged.item_hashes = {item_hash("B", "title:Central bank holds rates at 4%", kNow - 2h), alone.item_hashes[0]};
  run.rotation.update({merged});
  NextStory next = run.rotation.next(kNow + 1min);
  EXPECT_FALSE(next.story) << next.story->title;  // not new: shown a minute ago
  EXPECT_EQ(next.due, kNow + 30min);
  // Shown again, every item of it is marked.
  EXPECT_EQ(run.take(1, kNow + 30min), (Titles{"Central bank holds rates at 4%"}));
  for (ItemHash item : merged.item_hashes) {
    ASSERT_NE(run.shown.find(item), nullptr);
    EXPECT_EQ(run.shown.find(item)->last_shown, kNow + 30min);
  }
  EXPECT_EQ(run.shown.find(alone.item_hashes[0])->times_shown, 2);
}

}  // namespace
}  // namespace headliner
