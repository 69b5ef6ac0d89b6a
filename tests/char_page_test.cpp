#include "char_page.hpp"

#include <gtest/gtest.h>

namespace headliner {
namespace {

using namespace std::chrono_literals;

PageText text(std::string title, std::string source = "BBC", std::string corner = "5m") {
  return PageText{std::move(title), std::move(source), std::move(corner)};
}

TEST(CharPageWrap, BreaksAtSpacesAndSplitsOnlyWordsLongerThanALine) {
  EXPECT_EQ(wrap_codes("Mt Gox fielded MASSIVE DDOS attack before collapse", 20),
            (std::vector<std::string>{"Mt Gox fielded", "MASSIVE DDOS attack", "before collapse"}));
  EXPECT_EQ(wrap_codes("Supercalifragilistic is long", 8),
            (std::vector<std::string>{"Supercal", "ifragili", "stic is", "long"}));
  EXPECT_EQ(wrap_codes("exactly twenty chars", 20), (std::vector<std::string>{"exactly twenty chars"}));
  EXPECT_TRUE(wrap_codes("", 20).empty());
}

TEST(CharPage, TwoRowsPutSourceAndAgeOnTopAndScrollTheHeadlineBelow) {
  CharPage page(text("Mt Gox fielded DDOS attack"), 16, 2, 4, 2s);
  EXPECT_EQ(page.rows_at(0s), (std::vector<std::string>{"BBC           5m", "Mt Gox fielded D"}));
  EXPECT_EQ(page.rows_at(2s)[1], "Mt Gox fielded D");  // still for the dwell
  EXPECT_EQ(page.rows_at(2250ms)[1], "t Gox fielded DD");  // 4 cells/s: one per 250 ms
  EXPECT_EQ(page.rows_at(4500ms)[1], "lded DDOS attack");  // 26 cells in 16: 10 steps, then still
  EXPECT_EQ(page.rows_at(60s)[1], "lded DDOS attack");
  EXPECT_EQ(page.total(), 2s + 2500ms + 2s);
  EXPECT_EQ(page.next_change(0s), 2250ms);
  EXPECT_EQ(page.next_change(4500ms), std::nullopt);
}

TEST(CharPage, TheSourceGivesWayToTheCornerOnANarrowTopRow) {
  CharPage page(text("x", "Guardian World +2", "!1 12h"), 16, 2, 4, 2s);
  EXPECT_EQ(page.rows_at(0s)[0], "Guardian  !1 12h");
  CharPage bare(text("x", "Guardian", ""), 16, 2, 4, 2s);
  EXPECT_EQ(bare.rows_at(0s)[0], "Guardian        ");
}

TEST(CharPage, FourRowsWrapTheHeadlineAndStayStillWhenItFits) {
  CharPage page(text("Mt Gox fielded MASSIVE DDOS attack before collapse", "Reuters +3", "2h"), 20, 4, 4, 2s);
  EXPECT_EQ(page.rows_at(0s), (std::vector<std::string>{"Reuters +3        2h", "Mt Gox fielded      ",
                                                        "MASSIVE DDOS attack ", "before collapse     "}));
  EXPECT_EQ(page.next_change(0s), std::nullopt);
  EXPECT_EQ(page.total(), 4s);  // twice the dwell
}

TEST(CharPage, FourRowsMoveALongHeadlineUpALineAtATime) {
  // Five lines in three rows: two steps, each the time a 16-cell row takes at 4 cells/s.
  CharPage page(text("one two three four five six seven eight nine ten eleven twelve thirteen"), 16, 4, 4, 2s);
  auto first = page.rows_at(0s);
  EXPECT_EQ(first[1], "one two three   ");
  EXPECT_EQ(first[3], "seven eight nine");
  EXPECT_EQ(page.next_change(0s), 6s);
  auto second = page.rows_at(6s);
  EXPECT_EQ(second[0], first[0]);  // the top row stays
  EXPECT_EQ(second[1], "four five six   ");
  EXPECT_EQ(page.rows_at(10s)[3], "twelve thirteen ");
  EXPECT_EQ(page.total(), 2s + 8s + 2s);
}

TEST(CharPage, OneRowScrollsSourceAgeAndHeadlineTogether) {
  CharPage page(text("Markets rally"), 8, 1, 4, 1s);
  EXPECT_EQ(page.rows_at(0s), (std::vector<std::string>{"BBC 5m: "}));
  EXPECT_EQ(page.rows_at(60s), (std::vector<std::string>{"ts rally"}));
}

TEST(CharPage, AMessageWrapsOverEveryRowAndEndsInDotsWhenTooLong) {
  auto page = CharPage::message("No headlines: Guardian World: Could not resolve host", 16, 2);
  EXPECT_EQ(page.rows_at(0s), (std::vector<std::string>{"No headlines:   ", "Guardian Worl..."}));
  EXPECT_EQ(page.next_change(0s), std::nullopt);
  EXPECT_EQ(CharPage::message("Fetching 5 feeds", 20, 4).rows_at(0s)[0], "Fetching 5 feeds    ");
}

}  // namespace
}  // namespace headliner
