#include "char_display.hpp"

#include <gtest/gtest.h>

#include <map>

namespace headliner {
namespace {

using namespace std::chrono_literals;

// A character device in memory: a grid of codes and its custom glyphs, a
// count of the cells written, and a switch that makes it fail like a loose
// wire (down until the retry time, then blank again).
class GridDevice final : public CharDevice {
 public:
  GridDevice(int cols, int rows, int slots) : cols_(cols), rows_(rows), slots_(slots) { blank(); }

  int cols() const override { return cols_; }
  int rows() const override { return rows_; }
  int custom_slots() const override { return slots_; }

  DeviceState prepare(SteadyTime now) override {
    if (!up_) {
      if (unplugged_ || now < retry_) return DeviceState::kDown;
      up_ = true;
      fresh_ = true;
    }
    if (fresh_) {
      fresh_ = false;
      blank();
      return DeviceState::kFresh;
    }
    return DeviceState::kReady;
  }
  bool write(int row, int col, std::string_view codes) override {
    if (unplugged_) return fail();
    EXPECT_GE(row, 0);
    EXPECT_LT(row, rows_);
    EXPECT_LE(col + static_cast<int>(codes.size()), cols_) << "a write past the end of row " << row;
    grid_[static_cast<std::size_t>(row)].replace(static_cast<std::size_t>(col), codes.size(), codes);
    cells_written += static_cast<int>(codes.size());
    ++writes;
    return true;
  }
  bool define_glyph(int slot, const Glyph& glyph) override {
    if (unplugged_) return fail();
    EXPECT_LT(slot, slots_);
    glyphs_[slot] = glyph;
    return true;
  }
  void set_backlight(bool on) override { backlight = on; }
  std::optional<SteadyTime> retry_at() const override {
    return up_ ? std::nullopt : std::optional<SteadyTime>(retry_);
  }

  void unplug(SteadyTime retry) { unplugged_ = true, retry_ = retry; }
  void replug() { unplugged_ = false; }
  const std::string& row(int r) const { return grid_[static_cast<std::size_t>(r)]; }
  std::optional<Glyph> glyph(int slot) const {
    auto it = glyphs_.find(slot);
    return it == glyphs_.end() ? std::nullopt : std::optional<Glyph>(it->second);
  }

  int cells_written = 0;
  int writes = 0;
  bool backlight = false;

 private:
  bool fail() {
    up_ = false;
    return false;
  }
  void blank() {
    grid_.assign(static_cast<std::size_t>(rows_), std::string(static_cast<std::size_t>(cols_), ' '));
    glyphs_.clear();
  }

  int cols_, rows_, slots_;
  std::vector<std::string> grid_;
  std::map<int, Glyph> glyphs_;
  bool up_ = false;
  bool fresh_ = false;
  bool unplugged_ = false;
  SteadyTime retry_{};
};

Slide slide(std::string title, std::string source = "BBC World", std::string age = "5m", int failing = 0) {
  return Slide{std::move(title), std::move(source), std::move(age), "default", failing};
}

const SteadyTime t0 = SteadyTime{} + 1h;

TEST(CharDisplay, ShowsTheSlideAndTurnsTheBacklightOn) {
  GridDevice lcd(16, 2, 8);
  CharDisplay display(lcd, {Charset::kHd44780A00, 4, 2s, true});
  display.show(slide("Markets rally"), t0);
  EXPECT_EQ(display.frame(t0), std::nullopt);  // it fits: nothing moves
  EXPECT_EQ(lcd.row(0), "BBC World     5m");
  EXPECT_EQ(lcd.row(1), "Markets rally   ");
  EXPECT_TRUE(lcd.backlight);
}

TEST(CharDisplay, ScrollsALongHeadlineAndSendsOnlyTheRowThatMoves) {
  GridDevice lcd(16, 2, 8);
  CharDisplay display(lcd, {Charset::kHd44780A00, 4, 2s, true});
  Duration total = display.show(slide("Mt Gox fielded DDOS attack"), t0);
  EXPECT_EQ(total, 6500ms);
  auto next = display.frame(t0);
  ASSERT_EQ(next, t0 + 2250ms);
  const int after_first = lcd.cells_written;
  EXPECT_EQ(after_first, 32);
  next = display.frame(*next);
  EXPECT_EQ(lcd.row(1), "t Gox fielded DD");
  EXPECT_EQ(lcd.row(0), "BBC World     5m");
  EXPECT_LE(lcd.cells_written - after_first, 16);  // the top row was not sent again
  EXPECT_EQ(next, t0 + 2500ms);
}

TEST(CharDisplay, SendsNothingWhenAFrameChangesNothing) {
  GridDevice lcd(20, 4, 8);
  CharDisplay display(lcd, {Charset::kHd44780A00, 4, 2s, true});
  display.show(slide("Short"), t0);
  display.frame(t0);
  const int writes = lcd.writes;
  display.frame(t0 + 1s);
  EXPECT_EQ(lcd.writes, writes);
}

TEST(CharDisplay, ANewSlideSendsOnlyTheCellsThatDiffer) {
  GridDevice lcd(16, 2, 8);
  CharDisplay display(lcd, {Charset::kHd44780A00, 4, 2s, true});
  display.show(slide("Rates held at 5%"), t0);
  display.frame(t0);
  const int before = lcd.cells_written;
  display.show(slide("Rates held at 6%", "BBC World", "7m"), t0 + 5s);
  display.frame(t0 + 5s);
  EXPECT_EQ(lcd.row(0), "BBC World     7m");
  EXPECT_EQ(lcd.row(1), "Rates held at 6%");
  EXPECT_EQ(lcd.cells_written - before, 2);  // "7" and "6"
}

TEST(CharDisplay, ConvertsToTheDevicesCharsetWithCustomGlyphsSharedByTheRows) {
  GridDevice lcd(16, 2, 8);
  CharDisplay display(lcd, {Charset::kHd44780A00, 4, 2s, true});
  display.show(slide("Café “crème”…", "Le Monde"), t0);
  display.frame(t0);
  // é and è have no ROM glyph on A00: custom codes 0 and 1, defined as their bitmaps.
  EXPECT_EQ(lcd.row(1), std::string("Caf\x00 \"cr\x01me\"...", 15) + " ");
  EXPECT_EQ(lcd.glyph(0), glyph_for(U'é'));
  EXPECT_EQ(lcd.glyph(1), glyph_for(U'è'));
  EXPECT_EQ(display.glyphs(), (std::vector<char32_t>{U'é', U'è'}));
}

TEST(CharDisplay, WithoutCustomGlyphsAccentsAreStrippedNotBlanked) {
  GridDevice lcd(16, 2, 0);
  CharDisplay display(lcd, {Charset::kLatin1, 4, 2s, true});
  display.show(slide("Ærø – 東京 🎉"), t0);
  display.frame(t0);
  EXPECT_EQ(lcd.row(1), "\xC6r\xF8 - ?? ?      ");  // Latin-1 has Æ and ø; CJK and emoji: one ? per character
}

TEST(CharDisplay, AStatusMessageIsWrappedOverTheRows) {
  GridDevice lcd(16, 2, 8);
  CharDisplay display(lcd, {Charset::kHd44780A00, 4, 2s, true});
  display.frame(t0);
  display.status("Fetching 6 feeds…");
  EXPECT_EQ(lcd.row(0), "Fetching 6      ");
  EXPECT_EQ(lcd.row(1), "feeds...        ");
}

TEST(CharDisplay, ShowsFailingFeedsBesideTheAge) {
  GridDevice lcd(16, 2, 8);
  CharDisplay display(lcd, {Charset::kHd44780A00, 4, 2s, true});
  display.show(slide("x", "Guardian", "3h", 2), t0);
  display.frame(t0);
  EXPECT_EQ(lcd.row(0), "Guardian   !2 3h");
}

TEST(CharDisplay, ADeviceThatFailsIsRetriedAndRedrawnWhole) {
  GridDevice lcd(16, 2, 8);
  CharDisplay display(lcd, {Charset::kHd44780A00, 4, 2s, true});
  display.show(slide("Café society"), t0);
  display.frame(t0);
  lcd.unplug(t0 + 4s);
  display.show(slide("Second story"), t0 + 3s);
  EXPECT_EQ(display.frame(t0 + 3s), t0 + 4s);  // down: it wakes when the device retries
  EXPECT_EQ(display.wake_at(), t0 + 4s);
  lcd.replug();
  display.frame(t0 + 4s);
  EXPECT_EQ(display.wake_at(), std::nullopt);
  EXPECT_EQ(lcd.row(0), "BBC World     5m");  // blank after its re-init, so every row again
  EXPECT_EQ(lcd.row(1), "Second story    ");
}

TEST(CharDisplay, GlyphsAreDefinedAgainAfterTheDeviceLostThem) {
  GridDevice lcd(16, 2, 8);
  CharDisplay display(lcd, {Charset::kHd44780A00, 4, 2s, true});
  display.show(slide("Café"), t0);
  display.frame(t0);
  lcd.unplug(t0 + 1s);
  display.frame(t0 + 500ms);  // nothing changed: no write, it does not notice yet
  display.show(slide("Café!"), t0 + 600ms);
  display.frame(t0 + 600ms);
  lcd.replug();
  display.frame(t0 + 1s);
  EXPECT_EQ(lcd.glyph(0), glyph_for(U'é'));
  EXPECT_EQ(lcd.row(1), std::string("Caf\x00!", 5) + std::string(11, ' '));
}

}  // namespace
}  // namespace headliner
