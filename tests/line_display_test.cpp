#include "line_display.hpp"

#include <gtest/gtest.h>

#include <sstream>

namespace headliner {
namespace {

using namespace std::chrono_literals;

Story story_from(std::vector<std::string> sources, WallTime time) {
  Story s;
  s.title = "Rates held";
  s.feed = sources.front();
  s.sources = std::move(sources);
  s.time = time;
  return s;
}

TEST(Slide, NamesTheLeadFeedAndCountsTheOthers) {
  WallTime now{std::chrono::hours(1000)};
  EXPECT_EQ(make_slide(story_from({"A"}, now - 90s), now, "cyan", 0).source, "A");
  Slide s = make_slide(story_from({"A", "B", "C"}, now - 2h - 5min), now, "cyan", 1);
  EXPECT_EQ(s.source, "A +2");
  EXPECT_EQ(s.age, "2h");
  EXPECT_EQ(s.failing_feeds, 1);
}

TEST(Slide, AgeOfAStoryFromTheFutureIsNow) {
  WallTime now{std::chrono::hours(1000)};
  EXPECT_EQ(make_slide(story_from({"A"}, now + 5min), now, "", 0).age, "now");
}

TEST(LineDisplay, PrintsOneLinePerSlide) {
  std::ostringstream out;
  LineDisplay display(out, 3s);
  EXPECT_EQ(display.show(Slide{"Rates held", "A +1", "5m", "cyan", 0}, SteadyTime{}), 6s);
  EXPECT_EQ(display.frame(SteadyTime{}), std::nullopt);
  EXPECT_EQ(out.str(), "[A +1 \u00b7 5m] Rates held\n");
}

TEST(LineDisplay, PrintsARepeatedStatusOnce) {
  std::ostringstream out;
  LineDisplay display(out, 3s);
  display.status("Fetching 2 feeds…");
  display.status("Fetching 2 feeds…");
  EXPECT_EQ(out.str(), "Fetching 2 feeds…\n");
}

}  // namespace
}  // namespace headliner
