#include "marquee.hpp"

#include <gtest/gtest.h>

namespace headliner {
namespace {

using namespace std::chrono_literals;

TEST(Marquee, HeadlineThatFitsStaysStillForTwiceTheDwell) {
  Marquee m("Short news", 20, 10, 2s);
  EXPECT_EQ(m.total(), 4s);
  EXPECT_EQ(m.window(0s), "Short news          ");
  EXPECT_EQ(m.window(3s), "Short news          ");
  EXPECT_FALSE(m.next_change(0s));
}

TEST(Marquee, LongHeadlineScrollsOneCellAtATimeAfterTheDwell) {
  Marquee m("0123456789abcdef", 10, 10, 1s);  // 6 cells too long, 10 cells/s
  EXPECT_EQ(m.total(), 2s + 600ms);
  EXPECT_EQ(m.window(0s), "0123456789");
  EXPECT_EQ(m.window(1s), "0123456789");
  EXPECT_EQ(m.window(1s + 100ms), "123456789a");
  EXPECT_EQ(m.window(1s + 350ms), "3456789abc");
  EXPECT_EQ(m.window(1s + 600ms), "6789abcdef");
  EXPECT_EQ(m.window(2s + 500ms), "6789abcdef");  // still at the end
}

TEST(Marquee, NextChangeIsTheNextCellStep) {
  Marquee m("0123456789abcdef", 10, 10, 1s);
  EXPECT_EQ(m.next_change(0s), 1s + 100ms);
  EXPECT_EQ(m.next_change(1s + 100ms), 1s + 200ms);
  EXPECT_EQ(m.next_change(1s + 150ms), 1s + 200ms);
  EXPECT_FALSE(m.next_change(1s + 600ms));
}

TEST(Marquee, CountsWideCharactersAsTwoCells) {
  Marquee m("日本語ニュース", 6, 1, 0s);
  EXPECT_EQ(m.window(0s), "日本語");
  EXPECT_EQ(m.window(1s), " 本語 ");  // the cut half of 日, and ニ that does not fit: spaces
  EXPECT_EQ(m.window(2s), "本語ニ");
}

TEST(Marquee, KeepsCombiningMarksWithTheirLetter) {
  Marquee m("Cafe\u0301 society", 5, 1, 0s);
  EXPECT_EQ(m.window(0s), "Cafe\u0301 ");
}

TEST(Marquee, PadsToTheWidthWhenAWideCharacterDoesNotFitAtTheEnd) {
  Marquee m("ab日本", 3, 1, 10s);
  EXPECT_EQ(m.window(0s), "ab ");
}

}  // namespace
}  // namespace headliner
