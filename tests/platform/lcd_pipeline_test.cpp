// The whole LCD path: a slide through the display core (layout, charset,
// custom glyphs, changed cells) and the HD44780 driver into the model of the
// chip, for every geometry and power-on state. Asserts what a person would
// read on the glass.
#include <gtest/gtest.h>

#include "char_display.hpp"
#include "hd44780/hd44780.hpp"
#include "hd44780/hd44780_model.hpp"
#include "utf8.hpp"

namespace headliner {
namespace {

using namespace std::chrono_literals;
using PowerOn = Hd44780Model::PowerOn;

const SteadyTime t0 = SteadyTime{} + 1h;

struct Lcd {
  Lcd(int cols, int rows, PowerOn state, Charset charset = Charset::kHd44780A00)
      : model(options(cols, rows, state)), driver(model, model, LcdGeometry{cols, rows, false}),
        display(driver, CharStyle{charset, 4, 2s, true}), charset(charset) {}

  static Hd44780Model::Options options(int cols, int rows, PowerOn state) {
    Hd44780Model::Options o;
    o.geometry = {cols, rows, false};
    o.power_on = state;
    return o;
  }

  // The glass as UTF-8: ROM glyphs by the charset, custom glyphs by what
  // CGRAM holds (the character whose bitmap it is, or '#' for a stranger).
  std::vector<std::string> glass() const {
    std::vector<std::string> rows;
    for (const std::string& row : model.rows()) {
      std::string text;
      for (char c : row) {
        auto code = static_cast<unsigned char>(c);
        if (code >= 16) {
          text += code_to_utf8(charset, code);
          continue;
        }
        const auto& meant = display.glyphs();
        const auto slot = static_cast<std::size_t>(code % 8);
        if (slot < meant.size() && glyph_for(meant[slot]) == model.cgram(static_cast<int>(slot))) append_utf8(text, meant[slot]);
        else text += '#';
      }
      rows.push_back(text);
    }
    return rows;
  }

  Hd44780Model model;
  Hd44780 driver;
  CharDisplay display;
  Charset charset;
};

Slide slide(std::string title, std::string source = "Reuters", std::string age = "2h") {
  return Slide{std::move(title), std::move(source), std::move(age), "default", 0};
}

// The headline from ../shared/data/seed: a typographic apostrophe.
constexpr const char* kSeed = "Bank’s chief says rates “will stay high” — for now…";
// Everything at once: accents the ROM lacks, CJK, emoji, quotes, euro.
constexpr const char* kHostile = "Café société: “Ünïcode” 東京 🎉👍🏽 costs €5 — naïve";

struct Geometry {
  int cols, rows;
};

class LcdPipeline : public ::testing::TestWithParam<std::tuple<Geometry, PowerOn>> {};

TEST_P(LcdPipeline, ShowsTheHeadlineWhateverTheGeometryAndPowerOnState) {
  auto [g, state] = GetParam();
  Lcd lcd(g.cols, g.rows, state);
  lcd.display.show(slide(kSeed), t0);
  lcd.display.frame(t0);
  const auto glass = lcd.glass();
  ASSERT_EQ(glass.size(), static_cast<std::size_t>(g.rows));
  // The beginning of the headline, with the apostrophe and quotes made plain.
  const std::string expected_start = g.rows == 1 ? "Reuters 2h: Bank's" : "Bank's";
  const std::string& headline_row = g.rows == 1 ? glass[0] : glass[1];
  EXPECT_EQ(headline_row.substr(0, std::min(expected_start.size(), static_cast<std::size_t>(g.cols))),
            expected_start.substr(0, static_cast<std::size_t>(g.cols)));
  if (g.rows > 1) {
    EXPECT_EQ(glass[0].substr(0, 5), "Reute");  // on 8 columns the source gives way to the age
  }
  EXPECT_EQ(lcd.model.errors(), std::vector<std::string>{});
}

TEST_P(LcdPipeline, ShowsTheBestApproximationOfAHostileHeadlineNeverBlank) {
  auto [g, state] = GetParam();
  Lcd lcd(g.cols, g.rows, state);
  lcd.display.show(slide(kHostile), t0);
  lcd.display.frame(t0);
  std::string all;
  for (const auto& row : lcd.glass()) all += row;
  EXPECT_EQ(all.find('#'), std::string::npos) << "a custom code without its glyph: " << all;
  EXPECT_NE(all.find_first_not_of(' '), std::string::npos) << "blank";
  EXPECT_EQ(lcd.model.errors(), std::vector<std::string>{});
}

std::string case_name(const ::testing::TestParamInfo<std::tuple<Geometry, PowerOn>>& info) {
  auto [g, state] = info.param;
  const char* states[] = {"EightBit", "FourBitHighNext", "FourBitLowNext"};
  return std::to_string(g.cols) + "x" + std::to_string(g.rows) + "_" + states[static_cast<int>(state)];
}

INSTANTIATE_TEST_SUITE_P(
    EveryGeometry, LcdPipeline,
    ::testing::Combine(::testing::Values(Geometry{16, 2}, Geometry{20, 4}, Geometry{16, 4}, Geometry{20, 2},
                                         Geometry{40, 2}, Geometry{16, 1}, Geometry{8, 2}),
                       ::testing::Values(PowerOn::kEightBit, PowerOn::kFourBitHighNext, PowerOn::kFourBitLowNext)),
    case_name);

TEST(LcdPipeline, A20x4ShowsTheHostileHeadlineWithAccentsFromCustomGlyphs) {
  Lcd lcd(20, 4, PowerOn::kEightBit);
  lcd.display.show(slide(kHostile), t0);
  lcd.display.frame(t0);
  // é, è … have no A00 glyph: custom ones; Ü ï from custom glyphs or the
  // ROM's ü; CJK and each emoji a ?; € as EUR; the dash and quotes plain.
  EXPECT_EQ(lcd.glass(), (std::vector<std::string>{"Reuters           2h", "Café société:       ",
                                                  "\"Ünïcode\" ?? ??     ", "costs EUR5 - naïve  "}));
}

TEST(LcdPipeline, AScrollingHeadlineCostsOnlyTheCellsThatMove) {
  Lcd lcd(20, 2, PowerOn::kEightBit);
  lcd.display.show(slide("Mt Gox fielded MASSIVE DDOS attack before collapse"), t0);
  auto next = lcd.display.frame(t0);
  const auto before = lcd.driver.bus_bytes();
  ASSERT_TRUE(next);
  lcd.display.frame(*next);  // one step left: the headline row only
  const auto step = lcd.driver.bus_bytes() - before;
  EXPECT_LE(step, 20u * 4 + 8);  // 20 cells of 4 bytes, an address, and the mode switches
  EXPECT_EQ(lcd.glass()[1], "t Gox fielded MASSIV");
}

TEST(LcdPipeline, ComesBackAfterTheLcdLostPowerAndShowsTheSameGlass) {
  Lcd lcd(16, 2, PowerOn::kEightBit);
  lcd.display.show(slide("Café society"), t0);
  lcd.display.frame(t0);
  const auto seen = lcd.glass();
  lcd.model.unplug();
  lcd.display.show(slide("Café society", "Reuters", "3h"), t0 + 1s);
  auto retry = lcd.display.frame(t0 + 1s);
  ASSERT_TRUE(retry);
  EXPECT_EQ(lcd.display.take_problem(), "LCD on model at 0x27: write failed: Remote I/O error (retrying in 1s)");
  lcd.model.replug();  // power back: 8-bit mode, garbage, display off
  lcd.display.frame(*retry);
  EXPECT_EQ(lcd.glass()[1], seen[1]);  // the custom é defined again
  EXPECT_EQ(lcd.glass()[0], "Reuters       3h");
}

}  // namespace
}  // namespace headliner
