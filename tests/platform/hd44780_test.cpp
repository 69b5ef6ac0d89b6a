// The driver into the model: what a person would see on the glass.
#include "hd44780/hd44780.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "hd44780/hd44780_model.hpp"

namespace headliner {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using Lines = std::vector<std::string>;
using PowerOn = Hd44780Model::PowerOn;

const SteadyTime kStart = SteadyTime{} + 1h;

// A row of text no two rows or columns share.
std::string text_for(int row, int cols) {
  std::string s;
  for (int c = 0; c < cols; ++c) s += static_cast<char>('A' + (row * 7 + c) % 26 + (c % 2 ? 32 : 0));
  return s;
}

Lines blank(const LcdGeometry& g) { return Lines(static_cast<std::size_t>(g.rows), std::string(static_cast<std::size_t>(g.cols), ' ')); }

std::string name_of(const LcdGeometry& g) {
  return std::to_string(g.cols) + "x" + std::to_string(g.rows) + (g.split_line ? "_split" : "");
}

// A model and the driver on it.
struct Rig {
  explicit Rig(Hd44780Model::Options options, PinMap pins = {}, int bus_hz = hd44780::kDefaultBusHz)
      : lcd(options), driver(lcd, lcd, options.geometry, pins, bus_hz) {}
  Hd44780Model lcd;
  Hd44780 driver;
};

Hd44780Model::Options model_options(LcdGeometry geometry, PowerOn state = PowerOn::kEightBit) {
  Hd44780Model::Options options;
  options.geometry = geometry;
  options.power_on = state;
  return options;
}

struct Case {
  LcdGeometry geometry;
  PowerOn state;
};

class Hd44780Geometry : public ::testing::TestWithParam<Case> {};

TEST_P(Hd44780Geometry, ShowsEachRowFromAnyPowerOnState) {
  const Case& c = GetParam();
  Rig rig(model_options(c.geometry, c.state));
  ASSERT_EQ(rig.driver.prepare(kStart), DeviceState::kFresh);
  EXPECT_EQ(rig.lcd.rows(), blank(c.geometry));
  Lines expected;
  for (int r = 0; r < c.geometry.rows; ++r) {
    expected.push_back(text_for(r, c.geometry.cols));
    ASSERT_TRUE(rig.driver.write(r, 0, expected.back()));
  }
  EXPECT_EQ(rig.lcd.rows(), expected);
  EXPECT_EQ(rig.driver.prepare(kStart + 1s), DeviceState::kReady);
  EXPECT_EQ(rig.lcd.errors(), Lines{});
  EXPECT_EQ(rig.lcd.two_lines(), uses_two_lines(c.geometry));
}

TEST_P(Hd44780Geometry, WritesAtAColumnAndClipsAtTheEndOfTheRow) {
  const Case& c = GetParam();
  Rig rig(model_options(c.geometry, c.state));
  ASSERT_EQ(rig.driver.prepare(kStart), DeviceState::kFresh);
  Lines expected = blank(c.geometry);
  int col = c.geometry.cols / 2 - 1;
  for (int r = 0; r < c.geometry.rows; ++r) {
    std::string long_text = text_for(r, 2 * c.geometry.cols);
    ASSERT_TRUE(rig.driver.write(r, col, long_text));
    auto& row = expected[static_cast<std::size_t>(r)];
    row.replace(static_cast<std::size_t>(col), row.size() - static_cast<std::size_t>(col), long_text, 0,
                row.size() - static_cast<std::size_t>(col));
    EXPECT_EQ(rig.lcd.rows(), expected) << "after row " << r;
  }
  EXPECT_EQ(rig.lcd.errors(), Lines{});
}

std::vector<Case> all_cases() {
  std::vector<Case> cases;
  for (LcdGeometry g : {LcdGeometry{16, 2}, LcdGeometry{20, 4}, LcdGeometry{16, 4}, LcdGeometry{20, 2},
                        LcdGeometry{40, 2}, LcdGeometry{16, 1}, LcdGeometry{16, 1, true}, LcdGeometry{8, 2},
                        LcdGeometry{8, 1}, LcdGeometry{40, 1}}) {
    for (PowerOn s : {PowerOn::kEightBit, PowerOn::kFourBitHighNext, PowerOn::kFourBitLowNext}) cases.push_back({g, s});
  }
  return cases;
}

std::string case_name(const ::testing::TestParamInfo<Case>& info) {
  const char* state[] = {"eight_bit", "high_next", "low_next"};
  return name_of(info.param.geometry) + "_" + state[static_cast<int>(info.param.state)];
}

INSTANTIATE_TEST_SUITE_P(Hd44780, Hd44780Geometry, ::testing::ValuesIn(all_cases()), case_name);

TEST(Hd44780Driver, InitialisesAfterARunStoppedAfterAnyHighNibble) {
  for (int nibble = 0; nibble < 16; ++nibble) {
    for (bool rs : {false, true}) {
      Hd44780Model::Options options = model_options({16, 2}, PowerOn::kFourBitLowNext);
      options.pending_nibble = static_cast<std::uint8_t>(nibble);
      options.pending_rs = rs;
      Rig rig(options);
      ASSERT_EQ(rig.driver.prepare(kStart), DeviceState::kFresh);
      rig.driver.write(0, 0, "Ready");
      EXPECT_EQ(rig.lcd.rows(), (Lines{"Ready           ", "                "}))
          << "pending nibble " << nibble << " rs " << rs;
    }
  }
}

TEST(Hd44780Driver, RowsStartWhereTheDatasheetSaysFor20x4) {
  // Row 2 continues row 0's line: writing past the end of row 0 would show
  // there, so the driver clips.
  Rig rig(model_options({20, 4}));
  rig.driver.prepare(kStart);
  rig.driver.write(0, 0, std::string(30, '#'));
  Lines glass = rig.lcd.rows();
  EXPECT_EQ(glass[0], std::string(20, '#'));
  EXPECT_EQ(glass[2], std::string(20, ' '));
}

TEST(Hd44780Driver, A16x1WiredAs8x2ShowsOnlyItsLeftHalfIn1LineMode) {
  // The driver configured for the plain 16×1 on a split one: what users see.
  Hd44780Model lcd(model_options({16, 1, true}));
  Hd44780 driver(lcd, lcd, {16, 1});
  driver.prepare(kStart);
  driver.write(0, 0, "Sixteen chars!!!");
  EXPECT_EQ(lcd.rows(), Lines{"Sixteen         "});
}

TEST(Hd44780Driver, DefinesACustomGlyphAndShowsIt) {
  Rig rig(model_options({16, 2}));
  rig.driver.prepare(kStart);
  Glyph e_acute{0x02, 0x04, 0x0E, 0x11, 0x1F, 0x10, 0x0E, 0x00};
  ASSERT_TRUE(rig.driver.define_glyph(5, e_acute));
  ASSERT_TRUE(rig.driver.write(0, 0, std::string("caf\x05", 4)));
  EXPECT_EQ(rig.lcd.cgram(5), e_acute);
  EXPECT_EQ(rig.lcd.rows()[0], std::string("caf\x05            ", 16));
  EXPECT_EQ(rig.lcd.errors(), Lines{});
}

TEST(Hd44780Driver, SwitchesTheBacklight) {
  Rig rig(model_options({16, 2}));
  rig.driver.set_backlight(false);  // before the first prepare: applied by it
  rig.driver.prepare(kStart);
  EXPECT_FALSE(rig.lcd.backlight());
  rig.driver.set_backlight(true);
  EXPECT_TRUE(rig.lcd.backlight());
  rig.driver.write(0, 0, "lit");
  EXPECT_TRUE(rig.lcd.backlight());  // every byte carries the bit
  rig.driver.set_backlight(false);
  rig.driver.write(1, 0, "dark");
  EXPECT_FALSE(rig.lcd.backlight());
  EXPECT_EQ(rig.lcd.rows(), (Lines{"lit             ", "dark            "}));
  EXPECT_EQ(rig.lcd.errors(), Lines{});
}

TEST(Hd44780Driver, SwitchesAnActiveLowBacklight) {
  PinMap pins;
  pins.backlight_active_low = true;
  Hd44780Model::Options options = model_options({16, 2});
  options.pins = pins;
  Rig rig(options, pins);
  rig.driver.prepare(kStart);
  EXPECT_TRUE(rig.lcd.backlight());
  EXPECT_EQ(rig.lcd.outputs() & 0x08, 0);
  rig.driver.set_backlight(false);
  EXPECT_FALSE(rig.lcd.backlight());
  EXPECT_EQ(rig.lcd.outputs() & 0x08, 0x08);
}

TEST(Hd44780Driver, WorksThroughAnotherPinMap) {
  std::vector<std::string> names{"d4", "d5", "d6", "d7", "e", "rw", "rs", "!bl"};
  PinMapResult parsed = parse_pin_map(names);
  ASSERT_TRUE(parsed) << parsed.error;
  Hd44780Model::Options options = model_options({20, 4});
  options.pins = parsed.pins;
  Rig rig(options, parsed.pins);
  ASSERT_EQ(rig.driver.prepare(kStart), DeviceState::kFresh);
  rig.driver.write(3, 0, "bottom row");
  EXPECT_EQ(rig.lcd.rows()[3], "bottom row          ");
  EXPECT_TRUE(rig.lcd.backlight());
  rig.driver.set_backlight(false);
  EXPECT_FALSE(rig.lcd.backlight());
  EXPECT_EQ(rig.lcd.errors(), Lines{});
}

TEST(Hd44780Driver, WrongPinMapShowsNothingUseful) {
  // The driver thinks the backpack is the common one; it is mjkdz.
  Hd44780Model::Options options = model_options({16, 2});
  options.pins = parse_pin_map(std::vector<std::string>{"d4", "d5", "d6", "d7", "e", "rw", "rs", "!bl"}).pins;
  Rig rig(options);
  rig.driver.prepare(kStart);
  rig.driver.write(0, 0, "Hello");
  EXPECT_NE(rig.lcd.rows()[0], "Hello           ");
}

TEST(Hd44780Driver, EachCellCostsFourBytes) {
  Rig rig(model_options({16, 2}));
  rig.driver.prepare(kStart);
  auto cost = [&](int row, std::string_view text) {
    std::uint64_t before = rig.driver.bus_bytes();
    EXPECT_TRUE(rig.driver.write(row, 0, text));
    return rig.driver.bus_bytes() - before;
  };
  std::uint64_t first = cost(0, "0123456789abcdef");
  // The address (4 bytes), RS up (1), 4 per cell; later writes also bring RS down (1).
  EXPECT_EQ(first, 4u + 1u + 16u * 4u);
  EXPECT_EQ(cost(0, "0123456789abcdef"), first + 1);
  EXPECT_EQ(cost(1, "x"), 4u + 1u + 4u + 1u);
  EXPECT_EQ(rig.driver.bus_bytes(), rig.lcd.bytes());
  EXPECT_EQ(rig.driver.bus_transfers(), rig.lcd.transfers());
}

TEST(Hd44780Driver, InitialisationCostsAFewTransfersAndSleepsAbout60ms) {
  Rig rig(model_options({16, 2}));
  rig.driver.prepare(kStart);
  EXPECT_EQ(rig.driver.bus_transfers(), 5u);
  EXPECT_GT(rig.lcd.now(), 58ms);
  EXPECT_LT(rig.lcd.now(), 70ms);
}

TEST(Hd44780Driver, KeepsTimeWithASlowChipOnAFastBus) {
  Hd44780Model::Options options = model_options({20, 4});
  options.bus_hz = 400'000;
  options.oscillator_hz = hd44780::kSlowestOscillatorHz;
  Rig rig(options, PinMap{}, 400'000);
  rig.driver.prepare(kStart);
  rig.driver.define_glyph(0, Glyph{});
  for (int r = 0; r < 4; ++r) rig.driver.write(r, 0, text_for(r, 20));
  EXPECT_EQ(rig.lcd.rows()[3], text_for(3, 20));
  EXPECT_EQ(rig.lcd.errors(), Lines{});

  // A driver told the bus runs at 100 kHz sends instructions too close together.
  Rig hasty(options);
  hasty.driver.prepare(kStart);
  hasty.driver.write(0, 0, "fast");
  EXPECT_FALSE(hasty.lcd.errors().empty());
}

TEST(Hd44780Driver, WorksWhenUnwiredDataPinsReadHigh) {
  Hd44780Model::Options options = model_options({20, 4});
  options.unwired_low_bits = 0x0F;
  Rig rig(options);
  rig.driver.prepare(kStart);
  rig.driver.write(1, 0, "pulled up");
  EXPECT_EQ(rig.lcd.rows()[1], "pulled up           ");
  EXPECT_FALSE(rig.lcd.big_font());
  EXPECT_EQ(rig.lcd.errors(), Lines{});
}

TEST(Hd44780Driver, DoesNotWriteBeforeItIsPrepared) {
  Rig rig(model_options({16, 2}));
  EXPECT_FALSE(rig.driver.write(0, 0, "early"));
  EXPECT_FALSE(rig.driver.define_glyph(0, Glyph{}));
  EXPECT_EQ(rig.lcd.bytes(), 0u);
}

TEST(Hd44780Driver, UnpluggedItBacksOffAndComesBackFresh) {
  Rig rig(model_options({16, 2}));
  ASSERT_EQ(rig.driver.prepare(kStart), DeviceState::kFresh);
  ASSERT_TRUE(rig.driver.write(0, 0, "before"));
  EXPECT_EQ(rig.driver.take_problem(), std::nullopt);

  rig.lcd.unplug();
  SteadyTime now = kStart + 10s;
  ASSERT_EQ(rig.driver.prepare(now), DeviceState::kReady);
  EXPECT_FALSE(rig.driver.write(0, 0, "lost"));
  EXPECT_EQ(rig.driver.take_problem(), "LCD on model at 0x27: write failed: Remote I/O error (retrying in 1s)");
  EXPECT_EQ(rig.driver.take_problem(), std::nullopt);
  EXPECT_FALSE(rig.driver.write(0, 0, "still lost"));  // no bus traffic while down
  EXPECT_EQ(rig.lcd.failed_transfers(), 1u);

  std::vector<int> waits;
  for (int attempt = 0; attempt < 8; ++attempt) {
    std::optional<SteadyTime> retry = rig.driver.retry_at();
    ASSERT_TRUE(retry);
    waits.push_back(static_cast<int>(std::chrono::duration_cast<std::chrono::seconds>(*retry - now).count()));
    EXPECT_EQ(rig.driver.prepare(*retry - 1ms), DeviceState::kDown);
    now = *retry;
    EXPECT_EQ(rig.driver.prepare(now), DeviceState::kDown);
  }
  EXPECT_EQ(waits, (std::vector<int>{1, 2, 4, 8, 16, 32, 60, 60}));
  EXPECT_EQ(rig.driver.take_problem(), std::nullopt);  // the same error is said once
  EXPECT_EQ(rig.lcd.failed_transfers(), 9u);           // one probe byte per attempt

  rig.lcd.replug();
  EXPECT_EQ(rig.lcd.rows(), blank({16, 2}));
  EXPECT_EQ(rig.driver.prepare(now + 1s), DeviceState::kDown);  // not before its time
  now = *rig.driver.retry_at();
  ASSERT_EQ(rig.driver.prepare(now), DeviceState::kFresh);
  EXPECT_EQ(rig.driver.retry_at(), std::nullopt);
  EXPECT_EQ(rig.driver.take_problem(), "LCD on model at 0x27: working again");
  ASSERT_TRUE(rig.driver.write(0, 0, "after"));
  EXPECT_EQ(rig.lcd.rows(), (Lines{"after           ", "                "}));
  EXPECT_EQ(rig.lcd.errors(), Lines{});

  // A new outage starts its back-off from 1 s again.
  rig.lcd.unplug();
  EXPECT_FALSE(rig.driver.write(0, 0, "x"));
  EXPECT_EQ(rig.driver.retry_at(), now + 1s);
  EXPECT_THAT(rig.driver.take_problem().value_or(""), HasSubstr("(retrying in 1s)"));
}

TEST(Hd44780Driver, UnpluggedAtStartSaysSoThenWorks) {
  Rig rig(model_options({16, 2}));
  rig.lcd.unplug();
  EXPECT_EQ(rig.driver.prepare(kStart), DeviceState::kDown);
  EXPECT_EQ(rig.driver.retry_at(), kStart + 1s);
  EXPECT_EQ(rig.driver.take_problem(), "LCD on model at 0x27: write failed: Remote I/O error (retrying in 1s)");
  rig.lcd.replug();
  EXPECT_EQ(rig.driver.prepare(kStart + 1s), DeviceState::kFresh);
  EXPECT_EQ(rig.driver.take_problem(), "LCD on model at 0x27: working again");
  rig.driver.write(1, 3, "late");
  EXPECT_EQ(rig.lcd.rows()[1], "   late         ");
  EXPECT_EQ(rig.lcd.errors(), Lines{});
}

TEST(Hd44780Driver, RecoversFromATransferBrokenAtAnyByte) {
  // A glitch that NACKs mid-transfer, the LCD keeping power: it may be left
  // mid-instruction, with E high. The re-initialisation copes with any of it.
  Glyph glyph{0x1F, 0x11, 0x11, 0x11, 0x11, 0x11, 0x1F, 0x00};
  for (std::size_t delivered = 0; delivered < 48; ++delivered) {
    Rig rig(model_options({16, 2}));
    rig.driver.prepare(kStart);
    rig.driver.write(1, 0, "kept?");
    rig.lcd.break_next_write(delivered);
    EXPECT_FALSE(rig.driver.define_glyph(1, glyph));
    ASSERT_EQ(rig.driver.prepare(kStart + 1s), DeviceState::kFresh) << delivered;
    rig.driver.define_glyph(1, glyph);
    rig.driver.write(0, 0, std::string("ok \x01", 4));
    EXPECT_EQ(rig.lcd.rows(), (Lines{std::string("ok \x01            ", 16), "                "})) << delivered;
    EXPECT_EQ(rig.lcd.cgram(1), glyph) << delivered;
    EXPECT_EQ(rig.lcd.errors(), Lines{}) << delivered;
  }
}

TEST(Hd44780Driver, RejectsAGeometryOrPinMapItCannotDrive) {
  Hd44780Model lcd;
  EXPECT_THROW(Hd44780(lcd, lcd, {40, 4}), std::invalid_argument);
  EXPECT_THROW(Hd44780(lcd, lcd, {16, 3}), std::invalid_argument);
  PinMap twice;
  twice.e = twice.rs;
  EXPECT_THROW(Hd44780(lcd, lcd, {16, 2}, twice), std::invalid_argument);
}

TEST(Hd44780Layout, SaysWhatASingleControllerCannotDrive) {
  EXPECT_EQ(check_geometry({20, 4}), "");
  EXPECT_EQ(check_geometry({40, 2}), "");
  EXPECT_EQ(check_geometry({80, 1}), "");
  EXPECT_EQ(check_geometry({40, 4}), "40x4: more than an HD44780's 40 characters per line");
  EXPECT_EQ(check_geometry({16, 3}), "16x3: an HD44780 drives 1, 2 or 4 rows");
  EXPECT_EQ(check_geometry({16, 2, true}),
            "16x2: only a one-row display with an even number of columns is split into two lines");
}

TEST(Hd44780Layout, RowAddresses) {
  auto address = [](LcdGeometry g, int row, int col) {
    LinePosition at = line_position(g, row, col);
    return at.line * 0x40 + at.position;
  };
  EXPECT_EQ(address({20, 4}, 1, 0), 0x40);
  EXPECT_EQ(address({20, 4}, 2, 0), 0x14);
  EXPECT_EQ(address({20, 4}, 3, 0), 0x54);
  EXPECT_EQ(address({16, 4}, 2, 0), 0x10);
  EXPECT_EQ(address({16, 4}, 3, 0), 0x50);
  EXPECT_EQ(address({16, 1}, 0, 8), 0x08);
  EXPECT_EQ(address({16, 1, true}, 0, 8), 0x40);
}

TEST(Hd44780PinMap, ParsesTheCommonBackpack) {
  PinMapResult r = parse_pin_map(std::vector<std::string>{"rs", "rw", "e", "bl", "d4", "d5", "d6", "d7"});
  ASSERT_TRUE(r) << r.error;
  PinMap common;
  EXPECT_EQ(pin_names(r.pins), pin_names(common));
  EXPECT_EQ(r.pins.rs, 0);
  EXPECT_EQ(r.pins.d7, 7);
  EXPECT_FALSE(r.pins.backlight_active_low);
}

TEST(Hd44780PinMap, RoundTripsThroughNames) {
  std::vector<std::string> names{"d4", "d5", "d6", "d7", "e", "-", "rs", "!bl"};
  PinMapResult r = parse_pin_map(names);
  ASSERT_TRUE(r) << r.error;
  EXPECT_EQ(r.pins.rw, -1);
  EXPECT_TRUE(r.pins.backlight_active_low);
  std::array<std::string_view, 8> back = pin_names(r.pins);
  EXPECT_EQ(std::vector<std::string>(back.begin(), back.end()), names);
  EXPECT_EQ(check_pin_map(r.pins), "");
}

TEST(Hd44780PinMap, SaysWhatIsWrong) {
  auto error = [](std::vector<std::string> names) { return parse_pin_map(names).error; };
  EXPECT_EQ(error({"rs", "rw", "e"}), "expected 8 names, P0 to P7, got 3");
  EXPECT_EQ(error({"rs", "rw", "en", "bl", "d4", "d5", "d6", "d7"}),
            "P2: unknown pin 'en' (expected rs, rw, e, bl, !bl, d4, d5, d6, d7 or -)");
  EXPECT_EQ(error({"rs", "rw", "e", "bl", "d4", "d5", "d6", "d4"}), "P7: 'd4' is already on P4");
  EXPECT_EQ(error({"rs", "rw", "e", "bl", "d4", "d5", "d6", "-"}), "no output drives 'd7'");
}

}  // namespace
}  // namespace headliner
