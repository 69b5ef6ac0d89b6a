#include "terminal_display.hpp"

#include <gtest/gtest.h>

#include "support/screen.hpp"

namespace headliner {
namespace {

using namespace std::chrono_literals;
using test::Screen;

const SteadyTime kStart{};

Slide slide(std::string title, std::string source = "BBC World", std::string age = "5m") {
  return Slide{std::move(title), std::move(source), std::move(age), "cyan", 0};
}

struct Rig {
  explicit Rig(int columns = 60, int rows = 5, TerminalStyle style = {false, false, 10, 1s})
      : io(columns, rows), screen(columns, rows), display(std::make_unique<TerminalDisplay>(io, style)) {}
  std::string row(int r = 0) {
    screen.feed(io.output());
    io.output().clear();
    return screen.row(r);
  }
  BufferTerminal io;
  Screen screen;
  std::unique_ptr<TerminalDisplay> display;
};

TEST(TerminalDisplay, ShowsSourceAgeAndHeadlineOnOneLine) {
  Rig rig;
  rig.display->show(slide("Storm closes schools"), kStart);
  rig.display->frame(kStart);
  EXPECT_EQ(rig.row(), "BBC World \u00b7 5m | Storm closes schools");
  EXPECT_FALSE(rig.screen.cursor_visible());
  EXPECT_EQ(rig.screen.unknown_sequences(), "");
}

TEST(TerminalDisplay, ScrollsALongHeadlineAndReportsTheNextFrame) {
  Rig rig(40);
  // prefix "BBC World · 5m | " is 17 cells; 40 - 1 - 17 = 22 cells for the headline
  auto total = rig.display->show(slide("0123456789abcdefghijklmnopqrstuvwxyz"), kStart);
  EXPECT_EQ(total, 2s + 1400ms);  // 14 cells over at 10 cells/s, plus two dwells
  EXPECT_EQ(rig.display->frame(kStart), kStart + 1100ms);
  EXPECT_EQ(rig.row(), "BBC World \u00b7 5m | 0123456789abcdefghijkl");
  EXPECT_EQ(rig.display->frame(kStart + 1500ms), kStart + 1600ms);
  EXPECT_EQ(rig.row(), "BBC World \u00b7 5m | 56789abcdefghijklmnopq");
  EXPECT_EQ(rig.display->frame(kStart + 3s), std::nullopt);
  EXPECT_EQ(rig.row(), "BBC World \u00b7 5m | efghijklmnopqrstuvwxyz");
}

TEST(TerminalDisplay, NeverWritesTheLastColumn) {
  Rig rig(30);
  rig.display->show(slide(std::string(100, 'x')), kStart);
  rig.display->frame(kStart + 2s);
  EXPECT_EQ(display_width(rig.row()), 29);
}

TEST(TerminalDisplay, SkipsFramesThatWouldNotChangeTheScreen) {
  Rig rig;
  rig.display->show(slide("Still"), kStart);
  rig.display->frame(kStart);
  rig.row();
  rig.display->frame(kStart + 500ms);
  EXPECT_EQ(rig.io.output(), "");
}

TEST(TerminalDisplay, ShowsSourceCountAndFailingFeeds) {
  Rig rig;
  Slide s = slide("Rates held", "Reuters +2", "1h");
  s.failing_feeds = 2;
  rig.display->show(s, kStart);
  rig.display->frame(kStart);
  EXPECT_EQ(rig.row(), "!2 Reuters +2 \u00b7 1h | Rates held");
}

TEST(TerminalDisplay, GivesANarrowTerminalToTheHeadlineAlone) {
  Rig rig(20);
  rig.display->show(slide("Short"), kStart);
  rig.display->frame(kStart);
  EXPECT_EQ(rig.row(), "Short");
}

TEST(TerminalDisplay, RelaysOutAfterAResize) {
  Rig rig(60);
  rig.display->show(slide("A headline that is long enough to need scrolling on a narrow screen"), kStart);
  rig.display->frame(kStart);
  rig.row();
  rig.io.set_size(40, 5);
  rig.screen = Screen(40, 5);
  rig.display->resize();
  rig.display->frame(kStart);
  EXPECT_EQ(rig.row(), "BBC World \u00b7 5m | A headline that is lon");  // 40 - 1 - 17 cells
}

TEST(TerminalDisplay, DrawsOnTheBottomRowWhenAsked) {
  Rig rig(60, 5, {true, false, 10, 1s});
  rig.display->show(slide("At the bottom"), kStart);
  rig.display->frame(kStart);
  EXPECT_EQ(rig.row(4), "BBC World \u00b7 5m | At the bottom");
  EXPECT_EQ(rig.row(0), "");
}

TEST(TerminalDisplay, ColoursTheSourceOnlyWhenAsked) {
  Rig plain;
  plain.display->show(slide("x"), kStart);
  plain.display->frame(kStart);
  EXPECT_EQ(plain.io.output().find("\x1b[1;36m"), std::string::npos);
  Rig colour(60, 5, {false, true, 10, 1s});
  colour.display->show(slide("x"), kStart);
  colour.display->frame(kStart);
  EXPECT_NE(colour.io.output().find("\x1b[1;36mBBC World"), std::string::npos);
  EXPECT_EQ(colour.row(), "BBC World \u00b7 5m | x");
}

TEST(TerminalDisplay, LeavesACleanTerminalWhenDestroyed) {
  Rig rig;
  rig.display->show(slide("Going away"), kStart);
  rig.display->frame(kStart);
  rig.display.reset();
  EXPECT_EQ(rig.row(), "");
  EXPECT_TRUE(rig.screen.cursor_visible());
  EXPECT_TRUE(rig.io.output().empty());
}

TEST(TerminalDisplay, ShowsAStatusMessage) {
  Rig rig;
  rig.display->status("Fetching 6 feeds…");
  EXPECT_EQ(rig.row(), "Fetching 6 feeds…");
}

}  // namespace
}  // namespace headliner

namespace headliner {
namespace {

using namespace std::chrono_literals;

TEST(TerminalDisplay, HandsTheTerminalBackWhenSuspendedAndRedrawsOnResume) {
  BufferTerminal io(60, 5);
  test::Screen screen(60, 5);
  TerminalDisplay display(io, {false, false, 10, 1s});
  display.show(Slide{"Back again", "A", "1m", "cyan", 0}, SteadyTime{});
  display.frame(SteadyTime{});
  display.suspend();
  screen.feed(io.output());
  io.output().clear();
  EXPECT_EQ(screen.row(0), "");
  EXPECT_TRUE(screen.cursor_visible());
  display.resume();
  display.frame(SteadyTime{} + 100ms);
  screen.feed(io.output());
  EXPECT_EQ(screen.row(0), "A \u00b7 1m | Back again");
  EXPECT_FALSE(screen.cursor_visible());
}

TEST(TerminalDisplay, ResizeGivesTheSlidesNewLength) {
  BufferTerminal io(60, 5);
  TerminalDisplay display(io, {false, false, 10, 1s});
  // 60 - 1 - 12 ("A · 1m | " is 9 cells) leaves 50: a 70-cell title overflows by 20.
  auto before = display.show(Slide{std::string(70, 'x'), "A", "1m", "cyan", 0}, SteadyTime{});
  io.set_size(40, 5);
  auto after = display.resize();
  ASSERT_TRUE(after);
  EXPECT_GT(*after, before);
  EXPECT_EQ(*after, 2s + Duration(1000 * (70 - (40 - 1 - 9)) / 10));
}

}  // namespace
}  // namespace headliner
