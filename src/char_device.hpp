// A character-cell device: an HD44780 LCD, a screen on LCDd, or a model of
// one. It shows rows × cols cells, one device code (a byte) per cell, in the
// device's own character set (charset.hpp turns UTF-8 into those codes).
// The display core (char_display.hpp) sends it only the cells that changed.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "clock.hpp"
#include "display.hpp"  // UserKey

namespace headliner {

// A 5×8 custom character (HD44780 CGRAM): eight rows, top first, the low
// five bits of each are the dots, bit 4 the leftmost.
using Glyph = std::array<std::uint8_t, 8>;

enum class DeviceState {
  kReady,  // usable, and it still shows what was written to it
  kFresh,  // usable, just (re)initialised: blank, every cell must be written again
  kDown,   // not usable now (a loose wire, LCDd gone); retry_at() says when it tries again
};

class CharDevice {
 public:
  virtual ~CharDevice() = default;

  virtual int cols() const = 0;
  virtual int rows() const = 0;

  // How many custom glyphs it can hold (codes 0..n-1); 0 when none.
  virtual int custom_slots() const { return 0; }

  // Called before each frame's writes. A device that is down (re)initialises
  // itself here once its backoff has passed; it never blocks for long.
  virtual DeviceState prepare(SteadyTime now) = 0;

  // Puts `codes` (one per cell) at row, col; the caller keeps within the
  // grid. False on an I/O error: the device is then down, and take_problem()
  // says why.
  virtual bool write(int row, int col, std::string_view codes) = 0;

  // Defines custom glyph `slot` (< custom_slots()). False on an I/O error.
  virtual bool define_glyph(int slot, const Glyph& glyph) = 0;

  virtual void set_backlight(bool /*on*/) {}

  // When a device that is down tries again (so the loop wakes for it).
  virtual std::optional<SteadyTime> retry_at() const { return std::nullopt; }

  // One line naming the device and what went wrong, once per problem:
  // "LCD on /dev/i2c-1 at 0x27: write failed: Remote I/O error (retrying in 2s)".
  virtual std::optional<std::string> take_problem() { return std::nullopt; }

  // A device with input (LCDd): the file descriptor the loop waits on, and
  // the keys read from it since the last call. Reading never blocks.
  virtual int input_fd() const { return -1; }
  virtual std::vector<UserKey> take_keys() { return {}; }
};

}  // namespace headliner
