// An HD44780 character LCD (or a compatible: KS0066, SPLC780D, ST7066U)
// behind a PCF8574 I2C backpack, driven in 4-bit mode. Datasheet numbers
// come from the Hitachi HD44780U datasheet (ADE-207-272(Z), rev. 0.0,
// 1999), cited below as "HD44780U".
//
// Every byte written to the PCF8574 sets its eight outputs P0..P7 at once;
// PinMap says which LCD pin each one drives. One nibble costs two bytes
// (E high, then E low: the LCD latches on E's falling edge), an instruction
// or a character four, and a switch between instruction and data one more
// (RS must settle before E rises). Whole sequences go to the bus as one
// write of many bytes: at 100 kHz a byte takes 90 µs, longer than the 37 µs
// an ordinary instruction executes in, so only clear, home and the steps of
// initialisation wait explicitly.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <deque>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "char_device.hpp"
#include "hd44780/delay.hpp"
#include "linux/i2c_bus.hpp"

namespace headliner {

namespace hd44780 {

using std::chrono::microseconds;

// HD44780U Table 6, execution times at f_osc = 270 kHz. Table 6 gives 1.52 ms
// for return home and leaves clear display blank; clear also rewinds the
// address counter and the shift, and is given the same time.
inline constexpr microseconds kInstructionTime{37};
inline constexpr microseconds kClearTime{1520};
inline constexpr microseconds kHomeTime{1520};
// HD44780U Figure 24, initialising by instruction (4-bit interface): more
// than 40 ms after Vcc rises to 2.7 V, then function set (0x3); more than
// 4.1 ms; 0x3 again; more than 100 µs; 0x3 a third time; then 0x2.
inline constexpr microseconds kPowerOnTime{40'000};
inline constexpr microseconds kFirstResetTime{4'100};
inline constexpr microseconds kSecondResetTime{100};
// HD44780U electrical characteristics: the internal oscillator runs at
// 190..350 kHz (270 typical, Rf = 91 kΩ, Vcc = 5 V); execution times scale
// with 270 / f_osc, so the driver waits as long as the slowest chip needs.
inline constexpr int kTypicalOscillatorHz = 270'000;
inline constexpr int kSlowestOscillatorHz = 190'000;
// The Raspberry Pi's default I2C clock; 9 clocks per byte (8 bits and ACK).
inline constexpr int kDefaultBusHz = 100'000;
inline constexpr int kClocksPerByte = 9;

// Instructions (HD44780U Table 6).
inline constexpr std::uint8_t kClearDisplay = 0x01;
inline constexpr std::uint8_t kReturnHome = 0x02;
inline constexpr std::uint8_t kEntryModeSet = 0x04;   // | 0x02 increment, | 0x01 shift the display on write
inline constexpr std::uint8_t kDisplayControl = 0x08; // | 0x04 display on, | 0x02 cursor, | 0x01 blink
inline constexpr std::uint8_t kShift = 0x10;          // | 0x08 display (else cursor), | 0x04 right (else left)
inline constexpr std::uint8_t kFunctionSet = 0x20;    // | 0x10 8-bit, | 0x08 two lines, | 0x04 5×10 font
inline constexpr std::uint8_t kSetCgramAddress = 0x40;
inline constexpr std::uint8_t kSetDdramAddress = 0x80;

inline constexpr int kCustomSlots = 8;      // 5×8 glyphs in CGRAM's 64 bytes
inline constexpr int kLineLength = 40;      // DDRAM per line in 2-line mode: 0x00..0x27, 0x40..0x67
inline constexpr int kOneLineLength = 80;   // 1-line mode: 0x00..0x4F
inline constexpr std::uint8_t kSecondLine = 0x40;

}  // namespace hd44780

// Which PCF8574 output (0 = P0 … 7 = P7) drives each LCD pin; -1 for RW tied
// to ground or a backlight without a switch. The default is the common
// backpack (the one LiquidCrystal_I2C assumes): RS=P0 RW=P1 E=P2 BL=P3 D4..D7=P4..P7.
struct PinMap {
  int rs = 0;
  int rw = 1;
  int e = 2;
  int backlight = 3;
  int d4 = 4;
  int d5 = 5;
  int d6 = 6;
  int d7 = 7;
  bool backlight_active_low = false;  // the backlight is lit when its pin is low
};

struct PinMapResult {
  PinMap pins{};
  std::string error{};  // empty when parsed
  explicit operator bool() const { return error.empty(); }
};

// The backpack's wiring as eight names, P0 first: "rs", "rw", "e", "bl" (or
// "!bl" for an active-low backlight), "d4", "d5", "d6", "d7", or "-" for an
// output that drives nothing. rs, e and d4..d7 are required, each once.
// The common backpack is {"rs", "rw", "e", "bl", "d4", "d5", "d6", "d7"}; the
// mjkdz kind is {"d4", "d5", "d6", "d7", "e", "rw", "rs", "!bl"}.
PinMapResult parse_pin_map(std::span<const std::string> names);
// The names parse_pin_map reads, P0 first.
std::array<std::string_view, 8> pin_names(const PinMap& pins);
// Empty when every required pin is on its own output.
std::string check_pin_map(const PinMap& pins);

// What the glass shows. Rows are laid over the controller's two DDRAM lines
// (0x00.. and 0x40..): a 4-row display continues each line on the next row
// but one, so rows start at 0x00, 0x40, cols, 0x40 + cols (0x14 and 0x54 on
// a 20×4, 0x10 and 0x50 on a 16×4). A 1-row display runs the controller in
// 1-line mode and reads 0x00.. left to right, except the common 16×1 wired as
// 8×2 (split_line): its right half is the second line, 0x40..0x47, and it
// shows nothing there in 1-line mode, the usual "only 8 characters show".
struct LcdGeometry {
  int cols = 16;
  int rows = 2;
  bool split_line = false;
};

// Empty when a single HD44780 can drive it: 1, 2 or 4 rows, at most 80 cells,
// at most 40 per controller line.
std::string check_geometry(const LcdGeometry& geometry);

// Where the cell at row, col lives in the controller: line 0 or 1 and its
// position on that line.
struct LinePosition {
  int line = 0;
  int position = 0;
};
LinePosition line_position(const LcdGeometry& geometry, int row, int col);
// The controller needs 2-line mode (N=1) for this geometry.
bool uses_two_lines(const LcdGeometry& geometry);

class Hd44780 final : public CharDevice {
 public:
  // Throws std::invalid_argument when check_geometry or check_pin_map would
  // complain. `bus_hz` is the I2C clock: above ~340 kHz a byte is shorter
  // than an instruction's execution time and idle bytes are sent between
  // instructions.
  Hd44780(I2cBus& bus, Delay& delay, LcdGeometry geometry, PinMap pins = {},
          int bus_hz = hd44780::kDefaultBusHz);
  Hd44780(const Hd44780&) = delete;
  Hd44780& operator=(const Hd44780&) = delete;

  int cols() const override { return geometry_.cols; }
  int rows() const override { return geometry_.rows; }
  int custom_slots() const override { return hd44780::kCustomSlots; }

  // The first call initialises the LCD (kFresh: blank, no custom glyphs).
  // After an I/O error it tries again 1, 2, 4 … 60 s later; a successful
  // re-initialisation is kFresh too, and the caller defines its glyphs again:
  // CGRAM does not survive the loss of power that usually caused the error.
  // Initialising sleeps ~60 ms (the power-on wait, in case power just came).
  DeviceState prepare(SteadyTime now) override;
  // Cells past the end of the row are dropped, not written into the next row.
  bool write(int row, int col, std::string_view codes) override;
  bool define_glyph(int slot, const Glyph& glyph) override;
  // Remembered while the device is down and applied when it comes back.
  void set_backlight(bool on) override;
  std::optional<SteadyTime> retry_at() const override;
  std::optional<std::string> take_problem() override;

  // What went over the bus since construction, in successful writes.
  std::uint64_t bus_bytes() const { return bus_bytes_; }
  std::uint64_t bus_transfers() const { return bus_transfers_; }

 private:
  enum class Link { kNew, kUp, kDown };

  bool initialise();
  std::uint8_t pins_byte(bool rs, bool e, std::uint8_t nibble) const;
  void add_nibble(std::uint8_t nibble, bool rs);
  void add_byte(std::uint8_t value, bool rs);
  void add_idle();
  bool send();
  void went_down();

  I2cBus& bus_;
  Delay& delay_;
  LcdGeometry geometry_;
  PinMap pins_;
  int idle_bytes_ = 0;  // after each instruction, at fast bus clocks

  std::array<std::uint8_t, 16> nibble_bits_{};
  std::uint8_t rs_bit_ = 0;
  std::uint8_t e_bit_ = 0;
  std::uint8_t backlight_on_bits_ = 0;
  std::uint8_t backlight_off_bits_ = 0;
  bool backlight_ = true;

  std::vector<std::uint8_t> out_;
  std::uint8_t last_byte_ = 0;  // the outputs as the last successful write left them

  Link link_ = Link::kNew;
  SteadyTime now_{};
  SteadyTime retry_at_{};
  std::chrono::seconds backoff_{1};
  std::string reported_error_;
  std::deque<std::string> problems_;

  std::uint64_t bus_bytes_ = 0;
  std::uint64_t bus_transfers_ = 0;
};

}  // namespace headliner
