// The model against hand-written byte sequences for the common backpack
// (RS=P0 RW=P1 E=P2 BL=P3 D4..D7=P4..P7), right ones and wrong ones.
#include "hd44780/hd44780_model.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace headliner {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using PowerOn = Hd44780Model::PowerOn;
using Lines = std::vector<std::string>;

constexpr std::uint8_t kRs = 0x01;
constexpr std::uint8_t kRw = 0x02;
constexpr std::uint8_t kE = 0x04;
constexpr std::uint8_t kBl = 0x08;

// Bytes for the PCF8574: each nibble E high then E low, and a byte of its
// own before E rises when RS changes.
class Wire {
 public:
  explicit Wire(Hd44780Model& lcd) : lcd_(lcd), last_rs_((lcd.outputs() & kRs) != 0) {}

  Wire& nibble(std::uint8_t n, bool rs = false) {
    std::uint8_t b = static_cast<std::uint8_t>(n << 4 | kBl | (rs ? kRs : 0));
    if (rs != last_rs_) bytes_.push_back(b);
    last_rs_ = rs;
    bytes_.push_back(b | kE);
    bytes_.push_back(b);
    return *this;
  }
  Wire& instruction(std::uint8_t i) { return nibble(i >> 4).nibble(i & 0x0F); }
  Wire& text(std::string_view s) {
    for (char c : s) nibble(static_cast<std::uint8_t>(c) >> 4, true).nibble(static_cast<std::uint8_t>(c) & 0x0F, true);
    return *this;
  }
  Wire& raw(std::uint8_t b) {
    bytes_.push_back(b);
    last_rs_ = (b & kRs) != 0;
    return *this;
  }
  // Writes what was built as one transfer.
  bool send() {
    bool ok = lcd_.write(bytes_);
    bytes_.clear();
    return ok;
  }

 private:
  Hd44780Model& lcd_;
  std::vector<std::uint8_t> bytes_;
  bool last_rs_ = false;
};

// HD44780U Figure 24, with its waits.
void datasheet_init(Hd44780Model& lcd, std::uint8_t function_set = 0x28) {
  Wire w(lcd);
  w.raw(kBl).send();
  lcd.sleep(50ms);
  w.nibble(0x3).send();
  lcd.sleep(4100us);
  w.nibble(0x3).send();
  lcd.sleep(100us);
  w.nibble(0x3).nibble(0x2).instruction(function_set).instruction(0x08).instruction(0x01).send();
  lcd.sleep(1520us);
  w.instruction(0x06).instruction(0x0C).send();
}

// What many drivers do: assume 8-bit mode, send 0x2 alone, then go on in 4-bit.
void lone_0x2_init(Hd44780Model& lcd) {
  Wire w(lcd);
  w.raw(kBl).send();
  lcd.sleep(50ms);
  w.nibble(0x2).instruction(0x28).instruction(0x08).instruction(0x01).send();
  lcd.sleep(1520us);
  w.instruction(0x06).instruction(0x0C).send();
}

// Or assume 4-bit mode is already on.
void four_bit_only_init(Hd44780Model& lcd) {
  Wire w(lcd);
  w.raw(kBl).send();
  lcd.sleep(50ms);
  w.instruction(0x28).instruction(0x08).instruction(0x01).send();
  lcd.sleep(1520us);
  w.instruction(0x06).instruction(0x0C).send();
}

void say(Hd44780Model& lcd, std::uint8_t address, std::string_view text) {
  Wire(lcd).instruction(0x80 | address).text(text).send();
}

Hd44780Model::Options at(PowerOn state, LcdGeometry geometry = {16, 2}) {
  Hd44780Model::Options options;
  options.power_on = state;
  options.geometry = geometry;
  return options;
}

TEST(Hd44780Model, ShowsNothingAfterPowerOnUntilInitialised) {
  Hd44780Model lcd;
  EXPECT_EQ(lcd.rows(), (Lines{"                ", "                "}));
  EXPECT_FALSE(lcd.four_bit());
  EXPECT_TRUE(lcd.backlight());  // the PCF8574's outputs come up high
}

TEST(Hd44780Model, DatasheetInitialisationThenText) {
  Hd44780Model lcd;
  datasheet_init(lcd);
  say(lcd, 0x00, "Hello");
  say(lcd, 0x40, "world");
  EXPECT_EQ(lcd.rows(), (Lines{"Hello           ", "world           "}));
  EXPECT_TRUE(lcd.four_bit());
  EXPECT_TRUE(lcd.two_lines());
  EXPECT_EQ(lcd.errors(), Lines{});
}

TEST(Hd44780Model, AfterAPreviousRunShowsWhatWasLeftInDdram) {
  Hd44780Model::Options options = at(PowerOn::kFourBitHighNext);
  options.ddram = "Old text";
  Hd44780Model lcd(options);
  EXPECT_EQ(lcd.rows()[0].substr(0, 8), "Old text");
}

TEST(Hd44780Model, InstructionTooSoonAfterClearIsReported) {
  Hd44780Model lcd;
  datasheet_init(lcd);
  Wire(lcd).instruction(0x01).send();
  Wire(lcd).instruction(0x06).send();  // no wait: 10 clocks of address, then E high, E low
  ASSERT_EQ(lcd.errors().size(), 1u);
  EXPECT_THAT(lcd.errors()[0], HasSubstr("instruction 0x06 at "));
  EXPECT_THAT(lcd.errors()[0], HasSubstr(", 0.28 ms after clear which needs 1.52 ms"));
}

TEST(Hd44780Model, DataTooSoonAfterHomeIsReported) {
  Hd44780Model lcd;
  datasheet_init(lcd);
  Wire(lcd).instruction(0x02).text("A").send();
  ASSERT_EQ(lcd.errors().size(), 1u);
  EXPECT_THAT(lcd.errors()[0], HasSubstr("data 0x41 at "));
  EXPECT_THAT(lcd.errors()[0], HasSubstr("after return home which needs 1.52 ms"));
}

TEST(Hd44780Model, InstructionWithinFortyMillisecondsOfPowerOnIsReported) {
  Hd44780Model lcd;
  Wire(lcd).raw(kBl).nibble(0x3).send();
  ASSERT_EQ(lcd.errors().size(), 1u);
  EXPECT_THAT(lcd.errors()[0], HasSubstr("instruction 0x30 at 0.37 ms, 0.37 ms after power-on which needs 40.00 ms"));
}

TEST(Hd44780Model, FirstResetNeedsFourMilliseconds) {
  Hd44780Model lcd;
  Wire w(lcd);
  w.raw(kBl).send();
  lcd.sleep(50ms);
  w.nibble(0x3).send();
  lcd.sleep(1ms);
  w.nibble(0x3).send();
  ASSERT_EQ(lcd.errors().size(), 1u);
  EXPECT_THAT(lcd.errors()[0], HasSubstr("after the first function set after power-on which needs 4.10 ms"));
}

TEST(Hd44780Model, ExecutionTimesScaleWithASlowOscillator) {
  Hd44780Model::Options options;
  options.bus_hz = 400'000;        // a byte in 22.5 µs
  options.oscillator_hz = 190'000;  // 37 µs become 52.6 µs
  Hd44780Model lcd(options);
  datasheet_init(lcd);  // the datasheet's waits are too short for this chip
  lcd.clear_errors();
  say(lcd, 0x00, "AB");  // 2 bytes (45 µs) between instructions
  ASSERT_FALSE(lcd.errors().empty());
  EXPECT_THAT(lcd.errors()[0], HasSubstr("which needs 53 \u00b5s"));
}

TEST(Hd44780Model, TwoLineAddressesWrapFrom0x27To0x40AndFrom0x67To0x00) {
  Hd44780Model lcd(at(PowerOn::kEightBit, {40, 2}));
  datasheet_init(lcd);
  say(lcd, 0x26, "ABC");
  EXPECT_EQ(lcd.address_counter(), 0x41);
  say(lcd, 0x66, "xyz");
  EXPECT_EQ(lcd.address_counter(), 0x01);
  std::vector<std::string> glass = lcd.rows();
  EXPECT_EQ(glass[0].substr(0, 1), "z");
  EXPECT_EQ(glass[0].substr(38), "AB");
  EXPECT_EQ(glass[1].substr(0, 1), "C");
  EXPECT_EQ(glass[1].substr(38), "xy");
  EXPECT_EQ(lcd.errors(), Lines{});
}

TEST(Hd44780Model, OneLineAddressesWrapFrom0x4FTo0x00) {
  Hd44780Model lcd(at(PowerOn::kEightBit, {80, 1}));
  datasheet_init(lcd, 0x20);
  say(lcd, 0x4E, "ABC");
  EXPECT_EQ(lcd.address_counter(), 0x01);
  std::string row = lcd.rows()[0];
  EXPECT_EQ(row.substr(0, 1), "C");
  EXPECT_EQ(row.substr(78), "AB");
}

TEST(Hd44780Model, AnAddressThatDoesNotExistIsReported) {
  Hd44780Model lcd;
  datasheet_init(lcd);
  Wire(lcd).instruction(0x80 | 0x28).send();
  ASSERT_EQ(lcd.errors().size(), 1u);
  EXPECT_THAT(lcd.errors()[0], HasSubstr("DDRAM address 0x28 does not exist in 2-line mode"));
}

TEST(Hd44780Model, EntryModeShiftMovesTheDisplayOnEachWrite) {
  Hd44780Model lcd;
  datasheet_init(lcd);
  Wire(lcd).instruction(0x07).send();  // increment, shift the display
  say(lcd, 0x10, "AB");             // just right of the glass
  EXPECT_EQ(lcd.display_shift(), 2);
  EXPECT_EQ(lcd.rows(), (Lines{"              AB", "                "}));
  Wire(lcd).instruction(0x02).send();  // home undoes the shift
  lcd.sleep(2ms);
  EXPECT_EQ(lcd.rows(), (Lines{"                ", "                "}));
  EXPECT_EQ(lcd.errors(), Lines{});
}

TEST(Hd44780Model, DisplayShiftInstructionsMoveBothLines) {
  Hd44780Model lcd;
  datasheet_init(lcd);
  say(lcd, 0x00, "Hi");
  say(lcd, 0x40, "Yo");
  Wire(lcd).instruction(0x1C).send();  // display right
  EXPECT_EQ(lcd.rows(), (Lines{" Hi             ", " Yo             "}));
  Wire(lcd).instruction(0x18).instruction(0x18).send();  // left twice
  EXPECT_EQ(lcd.rows(), (Lines{"i               ", "o               "}));
  Wire(lcd).instruction(0x10).send();  // cursor left: the address moves, not the text
  EXPECT_EQ(lcd.display_shift(), 1);
}

TEST(Hd44780Model, DisplayOffHidesAndOnShowsAgain) {
  Hd44780Model lcd;
  datasheet_init(lcd);
  say(lcd, 0x00, "Hi");
  Wire(lcd).instruction(0x08).send();
  EXPECT_EQ(lcd.rows(), (Lines{"                ", "                "}));
  Wire(lcd).instruction(0x0C).send();
  EXPECT_EQ(lcd.rows()[0], "Hi              ");
}

TEST(Hd44780Model, CgramHoldsAGlyphThatDdramShows) {
  Hd44780Model lcd;
  datasheet_init(lcd);
  Wire w(lcd);
  w.instruction(0x40 | 2 << 3);
  Glyph glyph{0x04, 0x0A, 0x11, 0x1F, 0x11, 0x11, 0x00, 0x00};
  for (std::uint8_t row : glyph) w.nibble(row >> 4, true).nibble(row & 0x0F, true);
  w.send();
  EXPECT_TRUE(lcd.address_in_cgram());
  say(lcd, 0x00, std::string("\x02", 1));
  EXPECT_EQ(lcd.cgram(2), glyph);
  EXPECT_EQ(lcd.rows()[0][0], '\x02');
  EXPECT_EQ(lcd.errors(), Lines{});
}

TEST(Hd44780Model, RsChangingAsERisesIsReported) {
  Hd44780Model lcd;
  datasheet_init(lcd);
  Wire(lcd).raw(0x40 | kBl | kRs | kE).raw(0x40 | kBl | kRs).send();
  ASSERT_FALSE(lcd.errors().empty());
  EXPECT_THAT(lcd.errors()[0], HasSubstr("RS or RW changed with E high"));
}

TEST(Hd44780Model, AReadIsReported) {
  Hd44780Model lcd;
  datasheet_init(lcd);
  Wire(lcd).raw(kBl | kRw).raw(kBl | kRw | kE).raw(kBl | kRw).send();
  ASSERT_EQ(lcd.errors().size(), 1u);
  EXPECT_THAT(lcd.errors()[0], HasSubstr("read (RW high)"));
}

TEST(Hd44780Model, TheBacklightBitIsDecoded) {
  Hd44780Model lcd;
  datasheet_init(lcd);
  EXPECT_TRUE(lcd.backlight());
  Wire(lcd).raw(0x00).send();
  EXPECT_FALSE(lcd.backlight());
}

TEST(Hd44780Model, AnotherPinMapIsDecoded) {
  // mjkdz: D4..D7 = P0..P3, E = P4, RW = P5, RS = P6, backlight P7 active low.
  Hd44780Model::Options options;
  options.pins = {6, 5, 4, 7, 0, 1, 2, 3, true};
  Hd44780Model lcd(options);
  auto send = [&](std::uint8_t nibble, bool rs) {
    std::uint8_t b = static_cast<std::uint8_t>(nibble | (rs ? 0x40 : 0));  // backlight lit: P7 low
    lcd.write(std::vector<std::uint8_t>{b, static_cast<std::uint8_t>(b | 0x10), b});
  };
  lcd.write(std::vector<std::uint8_t>{0x00});  // E low
  lcd.sleep(50ms);
  send(0x3, false);
  lcd.sleep(5ms);
  send(0x3, false);
  send(0x3, false);
  send(0x2, false);
  for (std::uint8_t i : {0x28, 0x01}) {
    send(i >> 4, false);
    send(i & 0x0F, false);
  }
  lcd.sleep(2ms);
  for (std::uint8_t i : {0x06, 0x0C, 0x80}) {
    send(i >> 4, false);
    send(i & 0x0F, false);
  }
  send(0x4, true);
  send(0x1, true);
  EXPECT_EQ(lcd.rows()[0], "A               ");
  EXPECT_TRUE(lcd.backlight());
  EXPECT_EQ(lcd.errors(), Lines{});
}

// Figure 24 from each state a controller can be in.
TEST(Hd44780Model, DatasheetInitialisationWorksFromEveryState) {
  for (PowerOn state : {PowerOn::kEightBit, PowerOn::kFourBitHighNext}) {
    Hd44780Model lcd(at(state));
    datasheet_init(lcd);
    say(lcd, 0x00, "Ready");
    EXPECT_EQ(lcd.rows()[0], "Ready           ");
    EXPECT_EQ(lcd.errors(), Lines{});
  }
  // Stopped after any high nibble of an instruction or of a character.
  for (int nibble = 0; nibble < 16; ++nibble) {
    for (bool rs : {false, true}) {
      Hd44780Model::Options options = at(PowerOn::kFourBitLowNext);
      options.pending_nibble = static_cast<std::uint8_t>(nibble);
      options.pending_rs = rs;
      Hd44780Model lcd(options);
      ASSERT_TRUE(lcd.expects_low_nibble());
      datasheet_init(lcd);
      say(lcd, 0x00, "Ready");
      EXPECT_EQ(lcd.rows()[0], "Ready           ") << "pending nibble " << nibble << " rs " << rs;
    }
  }
}

TEST(Hd44780Model, ALone0x2InitialisesOnlyFromEightBitMode) {
  Hd44780Model fresh;
  lone_0x2_init(fresh);
  say(fresh, 0x00, "Ready");
  EXPECT_EQ(fresh.rows()[0], "Ready           ");

  // From 4-bit mode the 0x2 is half an instruction: everything after it is
  // read a nibble out of step.
  Hd44780Model between(at(PowerOn::kFourBitHighNext));
  lone_0x2_init(between);
  say(between, 0x00, "Ready");
  EXPECT_NE(between.rows()[0], "Ready           ");

  // Stopped after the first 0x3 of an initialisation: the 0x2 completes 0x32,
  // back to 8-bit mode, and again out of step.
  Hd44780Model stopped(at(PowerOn::kFourBitLowNext));
  lone_0x2_init(stopped);
  say(stopped, 0x00, "Ready");
  EXPECT_NE(stopped.rows()[0], "Ready           ");
}

TEST(Hd44780Model, AssumingFourBitModeFailsFromTheMiddleOfAnInstruction) {
  Hd44780Model lcd(at(PowerOn::kFourBitLowNext));
  four_bit_only_init(lcd);
  say(lcd, 0x00, "Ready");
  EXPECT_NE(lcd.rows()[0], "Ready           ");
}

TEST(Hd44780Model, UnpluggedWritesFailAndReplugComesBackAtPowerOn) {
  Hd44780Model lcd;
  datasheet_init(lcd);
  say(lcd, 0x00, "Hi");
  lcd.unplug();
  EXPECT_FALSE(Wire(lcd).instruction(0x01).send());
  EXPECT_EQ(lcd.error(), "write failed: Remote I/O error");
  EXPECT_EQ(lcd.failed_transfers(), 1u);
  EXPECT_FALSE(lcd.backlight());
  EXPECT_EQ(lcd.rows(), (Lines{"                ", "                "}));
  lcd.replug();
  EXPECT_FALSE(lcd.four_bit());
  EXPECT_FALSE(lcd.display_on());
  Wire(lcd).raw(kBl).nibble(0x3).send();  // too soon after power-on
  EXPECT_THAT(lcd.errors().back(), HasSubstr("after power-on which needs 40.00 ms"));
}

TEST(Hd44780Model, ABrokenWriteDeliversItsFirstBytes) {
  Hd44780Model lcd;
  datasheet_init(lcd);
  std::uint64_t before = lcd.bytes();
  lcd.break_next_write(2);  // the high nibble of the address only
  EXPECT_FALSE(Wire(lcd).instruction(0x80).text("A").send());
  EXPECT_EQ(lcd.bytes(), before + 2);
  EXPECT_TRUE(lcd.expects_low_nibble());
  EXPECT_TRUE(Wire(lcd).nibble(0x0).send());
  EXPECT_FALSE(lcd.expects_low_nibble());
}

TEST(Hd44780Model, EachByteTakesNineClocksAndEachTransferTen) {
  Hd44780Model lcd;
  Wire(lcd).raw(kBl).raw(kBl).send();
  EXPECT_EQ(lcd.now(), 280us);  // (10 + 2 × 9) clocks at 100 kHz
  EXPECT_EQ(lcd.bytes(), 2u);
  EXPECT_EQ(lcd.transfers(), 1u);
}

}  // namespace
}  // namespace headliner
