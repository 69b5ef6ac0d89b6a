#include "hd44780/lcd_sim.hpp"

#include <gtest/gtest.h>

#include "support/screen.hpp"

namespace headliner {
namespace {

using namespace std::chrono_literals;

const SteadyTime t0 = SteadyTime{} + 1h;

Hd44780Config lcd(int cols, int rows) {
  Hd44780Config config;
  config.cols = cols;
  config.rows = rows;
  return config;
}

Slide slide(std::string title, std::string source = "Le Monde", std::string age = "5m") {
  return Slide{std::move(title), std::move(source), std::move(age), "default", 0};
}

TEST(LcdSim, DrawsTheLcdGlassAsTheModelShowsItInAFrame) {
  BufferTerminal terminal(80, 24);
  LcdSimDisplay sim(terminal, lcd(20, 4), PinMap{}, 2s, false);
  sim.show(slide("Café crème: les prix s'envolent à Paris"), t0);
  sim.frame(t0);
  EXPECT_EQ(sim.picture(), (std::vector<std::string>{
                               "┌──────────────────────┐",
                               "│ Le Monde          5m │",
                               "│ Café crème: les prix │",
                               "│ s'envolent à Paris   │",
                               "│                      │",
                               "└──────────────────────┘",
                               "HD44780 20x4 a00 preview",
                           }));
  test::Screen screen(80, 24);
  screen.feed(terminal.output());
  EXPECT_EQ(screen.row(2), "│ Café crème: les prix │");
  EXPECT_EQ(screen.unknown_sequences(), "");
}

TEST(LcdSim, RedrawsInPlaceAsTheHeadlineScrolls) {
  BufferTerminal terminal(80, 24);
  LcdSimDisplay sim(terminal, lcd(16, 2), PinMap{}, 1s, true);
  sim.show(slide("Mt Gox fielded DDOS attack"), t0);
  auto next = sim.frame(t0);
  ASSERT_TRUE(next);
  sim.frame(*next);
  test::Screen screen(80, 24);
  screen.feed(terminal.output());
  EXPECT_EQ(screen.row(0), "┌──────────────────┐");  // the same place, not a second picture below
  EXPECT_EQ(screen.row(2), "│ t Gox fielded DD │");
  EXPECT_EQ(screen.row(5), "");
  EXPECT_EQ(screen.unknown_sequences(), "");
}

TEST(LcdSim, ShowsWhatTheRomHasNotWhatTheFeedSaid) {
  BufferTerminal terminal(80, 24);
  LcdSimDisplay sim(terminal, lcd(16, 2), PinMap{}, 1s, false);
  sim.show(slide("“Quotes” – 東京 \\~"), t0);
  sim.frame(t0);
  // Curly quotes and the dash from the punctuation table, a ? per CJK
  // character; A00 has no \ or ~, which come from custom glyphs.
  EXPECT_EQ(sim.picture()[2], "│ \"Quotes\" - ?? \\~ │");
}

}  // namespace
}  // namespace headliner
