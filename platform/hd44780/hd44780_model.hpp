// A model of an HD44780 behind a PCF8574 backpack, for tests and for a
// preview of the LCD on a terminal. It is an I2cBus: it decodes the bytes
// written to it as the hardware would, and shows what a person would see
// on the glass. It is also the Delay the driver sleeps on: sleeping
// advances the model's clock instead of the real one, as does every byte
// on the bus (9 clocks at the I2C clock, plus 10 per transfer for the start
// condition and the address).
//
// The PCF8574 sets its outputs after each byte; the controller watches E and
// on each falling edge latches what the lines held while E was high:
//   - in 8-bit mode a whole instruction. Only D4..D7 are wired on a
//     backpack, so D0..D3 read as `unwired_low_bits` (0 by default; the
//     HD44780U has pull-ups on its data pins, so a real chip may read 1s,
//     which only changes the N and F bits of function sets the driver
//     repeats later);
//   - in 4-bit mode a high nibble, then a low nibble that completes the
//     instruction, with the RS of that second nibble.
// It reports as protocol errors what the hardware would get wrong or what a
// driver must not do: an instruction before the previous one has finished
// (HD44780U Table 6 times, scaled by 270 kHz / oscillator_hz), anything
// within 40 ms of power-on, the two resets of Figure 24 given less than
// 4.1 ms and 100 µs, RS or RW changing while E is high or as it rises, a
// read (RW high: the driver has no way to read through the backpack), and
// a DDRAM address that does not exist.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "hd44780/delay.hpp"
#include "hd44780/hd44780.hpp"
#include "linux/i2c_bus.hpp"

namespace headliner {

class Hd44780Model final : public I2cBus, public Delay {
 public:
  // Where the controller is when the model starts.
  enum class PowerOn {
    kEightBit,         // power just came on (8-bit interface, display off, RAM garbage; the
                       // PCF8574 outputs all high, as it powers up)
    kFourBitHighNext,  // a previous run left it in 4-bit mode between instructions, showing
                       // what was in DDRAM
    kFourBitLowNext,   // a previous run stopped after the high nibble `pending_nibble`
  };

  struct Options {
    LcdGeometry geometry{};
    PinMap pins{};
    PowerOn power_on = PowerOn::kEightBit;
    // kFourBitLowNext: the high nibble waiting for its low half, and its RS.
    // 0x3 is what a run stopped right after the first step of Figure 24 leaves.
    std::uint8_t pending_nibble = 0x3;
    bool pending_rs = false;
    // DDRAM from address 0x00 at start; the rest (all of it when empty) is garbage.
    std::string ddram{};
    int bus_hz = hd44780::kDefaultBusHz;
    int oscillator_hz = hd44780::kTypicalOscillatorHz;
    std::uint8_t unwired_low_bits = 0x0;
    std::string name = "model at 0x27";  // what name() says, as LinuxI2cBus says "/dev/i2c-1 at 0x27"
  };

  // Throws std::invalid_argument for an impossible geometry or pin map.
  Hd44780Model();
  explicit Hd44780Model(Options options);

  // I2cBus. Fails with "write failed: Remote I/O error" while unplugged, as
  // the kernel says when nothing acknowledges the address.
  bool write(std::span<const std::uint8_t> bytes) override;
  std::string error() const override { return error_; }
  std::string name() const override { return options_.name; }

  // Delay: advances model time.
  void sleep(std::chrono::microseconds duration) override { now_ += duration; }
  void advance(std::chrono::nanoseconds duration) { now_ += duration; }
  std::chrono::nanoseconds now() const { return now_; }

  // What a person sees: one string per row of the geometry, one device code
  // per cell (codes 0..7 and 8..15 show the custom glyphs); blanks while the
  // display is off or unpowered. Display shift and the row addresses apply.
  std::vector<std::string> rows() const;
  Glyph cgram(int slot) const;  // the 8 CGRAM bytes of a 5×8 glyph
  bool backlight() const;
  std::uint8_t outputs() const { return outputs_; }  // the PCF8574's P7..P0

  // Protocol errors, oldest first: "instruction 0x01 at 0.20 ms, 0.09 ms after
  // clear which needs 1.52 ms". At most 1000 are kept.
  const std::vector<std::string>& errors() const { return errors_; }
  void clear_errors() { errors_.clear(); }

  // Bytes that reached the PCF8574, and writes that succeeded or failed.
  std::uint64_t bytes() const { return bytes_; }
  std::uint64_t transfers() const { return transfers_; }
  std::uint64_t failed_transfers() const { return failed_transfers_; }

  // The controller's state, for tests.
  bool powered() const { return powered_; }
  bool four_bit() const { return !eight_bit_; }
  bool expects_low_nibble() const { return low_next_; }
  bool two_lines() const { return two_lines_; }
  bool big_font() const { return big_font_; }  // 5×10 dots
  bool display_on() const { return display_on_; }
  int display_shift() const { return shift_; }  // positions the display moved left
  std::uint8_t address_counter() const { return ac_; }
  bool address_in_cgram() const { return in_cgram_; }

  // Faults. unplug(): power and bus gone, every write fails. replug(): power
  // back, the controller in its power-on state (8-bit, RAM garbage, display
  // off until initialised). break_next_write(n): the next write delivers its
  // first n bytes, then fails (a glitch mid-transfer; the chip keeps power).
  void unplug();
  void replug();
  void break_next_write(std::size_t delivered_bytes) { break_after_ = delivered_bytes; }

 private:
  struct Lines {
    bool rs = false;
    bool rw = false;
    bool e = false;
    std::uint8_t data = 0;  // D7..D4 as a nibble
  };

  void power_on(PowerOn state, bool from_vcc);
  Lines lines(std::uint8_t outputs) const;
  void on_byte(std::uint8_t outputs);
  void latch(const Lines& held, bool by_host);
  void start_instruction(bool by_host);
  void execute(bool rs, bool rw, std::uint8_t value, bool by_host);
  void write_ram(std::uint8_t value);
  void move_address(bool forward);
  void report(std::string error);
  std::chrono::nanoseconds scaled(std::chrono::microseconds datasheet) const;

  Options options_;
  std::chrono::nanoseconds byte_time_{};
  std::chrono::nanoseconds transfer_time_{};

  // PCF8574
  bool powered_ = true;
  std::uint8_t outputs_ = 0xFF;
  bool e_raised_by_host_ = false;  // at power-on E is high without anyone raising it

  // HD44780
  bool eight_bit_ = true;
  bool low_next_ = false;
  std::uint8_t pending_nibble_ = 0;
  std::string too_soon_;  // why the instruction being received came too soon
  bool two_lines_ = false;
  bool big_font_ = false;
  bool display_on_ = false;
  bool increment_ = true;
  bool shift_on_write_ = false;
  int shift_ = 0;
  std::uint8_t ac_ = 0;
  bool in_cgram_ = false;
  std::array<std::uint8_t, 128> ddram_{};  // by 7-bit address
  std::array<std::uint8_t, 64> cgram_{};
  int resets_after_power_on_ = 2;  // function sets counted for Figure 24's waits

  // Time
  std::chrono::nanoseconds now_{};
  std::chrono::nanoseconds busy_until_{};
  std::chrono::nanoseconds last_at_{};
  std::chrono::nanoseconds last_needs_{};
  std::string last_name_;

  std::optional<std::size_t> break_after_;
  std::string error_;
  std::vector<std::string> errors_;
  std::uint64_t bytes_ = 0;
  std::uint64_t transfers_ = 0;
  std::uint64_t failed_transfers_ = 0;
};

}  // namespace headliner
