#include "hd44780/hd44780_model.hpp"

#include <cstdio>
#include <stdexcept>

namespace headliner {

namespace {

using namespace hd44780;
using std::chrono::nanoseconds;

constexpr std::size_t kMaxErrors = 1000;
constexpr int kClocksPerTransfer = 10;  // start, 7-bit address, R/W, ACK, stop
constexpr char kNoAck[] = "write failed: Remote I/O error";

std::string ms(nanoseconds t) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2f ms", static_cast<double>(t.count()) / 1e6);
  return text;
}

std::string duration(nanoseconds t) {
  if (t >= std::chrono::microseconds(100)) return ms(t);
  char text[32];
  std::snprintf(text, sizeof text, "%.0f \u00b5s", static_cast<double>(t.count()) / 1e3);
  return text;
}

std::string hex(std::uint8_t value) {
  char text[8];
  std::snprintf(text, sizeof text, "0x%02X", value);
  return text;
}

// What is left in RAM after a power-on without a working reset: not
// spaces, so that a driver which forgets to clear shows it.
std::uint8_t ddram_garbage(std::size_t address) { return static_cast<std::uint8_t>(0x21 + (address * 37 + 11) % 94); }
std::uint8_t cgram_garbage(std::size_t address) { return static_cast<std::uint8_t>((address * 73 + 5) & 0x1F); }

bool bit(std::uint8_t outputs, int pin) { return pin >= 0 && ((outputs >> pin) & 1) != 0; }

}  // namespace

Hd44780Model::Hd44780Model() : Hd44780Model(Options{}) {}

Hd44780Model::Hd44780Model(Options options) : options_(std::move(options)) {
  if (std::string error = check_geometry(options_.geometry); !error.empty()) throw std::invalid_argument(error);
  if (std::string error = check_pin_map(options_.pins); !error.empty()) throw std::invalid_argument(error);
  if (options_.bus_hz <= 0 || options_.oscillator_hz <= 0) throw std::invalid_argument("clocks must be positive");
  byte_time_ = nanoseconds(1'000'000'000LL * kClocksPerByte / options_.bus_hz);
  transfer_time_ = nanoseconds(1'000'000'000LL * kClocksPerTransfer / options_.bus_hz);
  power_on(options_.power_on, options_.power_on == PowerOn::kEightBit);
}

void Hd44780Model::power_on(PowerOn state, bool from_vcc) {
  powered_ = true;
  // A PCF8574 powers up with every output high, E included. Otherwise the
  // previous run left E low and the backlight lit.
  if (from_vcc) {
    outputs_ = 0xFF;
  } else {
    outputs_ = 0;
    const PinMap& p = options_.pins;
    if (p.backlight >= 0 && !p.backlight_active_low) outputs_ = static_cast<std::uint8_t>(1u << p.backlight);
  }
  e_raised_by_host_ = false;

  eight_bit_ = state == PowerOn::kEightBit;
  low_next_ = state == PowerOn::kFourBitLowNext;
  pending_nibble_ = static_cast<std::uint8_t>(options_.pending_nibble & 0x0F);
  too_soon_.clear();
  // The internal reset (HD44780U "Initializing by Internal Reset Circuit"):
  // 1 line, 5×8 dots, display off, increment, no shift. A previous run left
  // its own settings and a lit display.
  two_lines_ = !from_vcc && uses_two_lines(options_.geometry);
  big_font_ = false;
  display_on_ = !from_vcc;
  increment_ = true;
  shift_on_write_ = false;
  shift_ = 0;
  ac_ = 0;
  in_cgram_ = false;
  for (std::size_t a = 0; a < ddram_.size(); ++a) {
    ddram_[a] = a < options_.ddram.size() ? static_cast<std::uint8_t>(options_.ddram[a]) : ddram_garbage(a);
  }
  for (std::size_t a = 0; a < cgram_.size(); ++a) cgram_[a] = cgram_garbage(a);

  last_at_ = now_;
  if (from_vcc) {
    busy_until_ = now_ + kPowerOnTime;
    last_needs_ = kPowerOnTime;
    last_name_ = "power-on";
    resets_after_power_on_ = 0;
  } else {
    busy_until_ = now_;
    last_needs_ = {};
    last_name_ = "the previous run";
    resets_after_power_on_ = 2;
  }
}

nanoseconds Hd44780Model::scaled(std::chrono::microseconds datasheet) const {
  return nanoseconds(std::chrono::nanoseconds(datasheet).count() * kTypicalOscillatorHz / options_.oscillator_hz);
}

void Hd44780Model::report(std::string error) {
  if (errors_.size() < kMaxErrors) errors_.push_back(std::move(error));
}

bool Hd44780Model::write(std::span<const std::uint8_t> bytes) {
  now_ += transfer_time_;
  if (!powered_) {
    error_ = kNoAck;
    ++failed_transfers_;
    return false;
  }
  std::size_t deliver = bytes.size();
  bool broken = break_after_.has_value();
  if (broken) deliver = std::min(deliver, *break_after_);
  break_after_.reset();
  for (std::size_t i = 0; i < deliver; ++i) {
    now_ += byte_time_;
    ++bytes_;
    on_byte(bytes[i]);
  }
  if (broken) {
    error_ = kNoAck;
    ++failed_transfers_;
    return false;
  }
  ++transfers_;
  return true;
}

void Hd44780Model::unplug() {
  powered_ = false;
  break_after_.reset();
}

void Hd44780Model::replug() {
  if (!powered_) power_on(PowerOn::kEightBit, true);
}

Hd44780Model::Lines Hd44780Model::lines(std::uint8_t outputs) const {
  const PinMap& p = options_.pins;
  Lines l;
  l.rs = bit(outputs, p.rs);
  l.rw = bit(outputs, p.rw);
  l.e = bit(outputs, p.e);
  l.data = static_cast<std::uint8_t>((bit(outputs, p.d4) ? 1 : 0) | (bit(outputs, p.d5) ? 2 : 0) |
                                     (bit(outputs, p.d6) ? 4 : 0) | (bit(outputs, p.d7) ? 8 : 0));
  return l;
}

void Hd44780Model::on_byte(std::uint8_t outputs) {
  Lines before = lines(outputs_);
  Lines after = lines(outputs);
  outputs_ = outputs;
  bool rises = !before.e && after.e;
  bool falls = before.e && !after.e;
  bool select_changed = before.rs != after.rs || before.rw != after.rw;
  // RS and RW are taken as they were while E was high, so a change as E
  // falls is not reported: after a broken transfer the driver cannot avoid it.
  if (select_changed && (rises || (before.e && after.e && e_raised_by_host_))) {
    report("RS or RW changed with E high at " + ms(now_) + " (they must settle before E rises, t_AS)");
  }
  if (rises) e_raised_by_host_ = true;
  if (falls) {
    latch(before, e_raised_by_host_);
    e_raised_by_host_ = false;
  }
}

// E fell: `held` is what the lines carried while E was high.
void Hd44780Model::latch(const Lines& held, bool by_host) {
  if (held.rw && by_host) report("read (RW high) at " + ms(now_) + ": nothing can read through the backpack");
  if (eight_bit_) {
    if (!held.rw) start_instruction(by_host);
    execute(held.rs, held.rw, static_cast<std::uint8_t>(held.data << 4 | (options_.unwired_low_bits & 0x0F)), by_host);
    return;
  }
  if (!low_next_) {
    if (!held.rw) start_instruction(by_host);
    pending_nibble_ = held.data;
    low_next_ = true;
    return;
  }
  low_next_ = false;
  execute(held.rs, held.rw, static_cast<std::uint8_t>(pending_nibble_ << 4 | held.data), by_host);
}

// The first (or only) latch of an instruction: is the controller still busy?
void Hd44780Model::start_instruction(bool by_host) {
  too_soon_.clear();
  if (by_host && now_ < busy_until_) {
    too_soon_ = " at " + ms(now_) + ", " + duration(now_ - last_at_) + " after " + last_name_ + " which needs " +
                duration(last_needs_);
  }
}

void Hd44780Model::execute(bool rs, bool rw, std::uint8_t value, bool by_host) {
  if (rw) {
    // A read of the busy flag changes nothing; a read of data moves the
    // address counter as a write does.
    if (rs) move_address(increment_);
    return;
  }
  if (!too_soon_.empty()) {
    report((rs ? "data " : "instruction ") + hex(value) + too_soon_);
    too_soon_.clear();
  }
  std::string name;
  nanoseconds needs = scaled(kInstructionTime);
  if (rs) {
    name = "data " + hex(value);
    write_ram(value);
  } else if (value & kSetDdramAddress) {
    std::uint8_t address = value & 0x7F;
    bool exists = two_lines_ ? address < kLineLength || (address >= kSecondLine && address < kSecondLine + kLineLength)
                             : address < kOneLineLength;
    if (!exists && by_host) {
      report("instruction " + hex(value) + " at " + ms(now_) + ": DDRAM address " + hex(address) +
             " does not exist in " + (two_lines_ ? "2-line" : "1-line") + " mode");
    }
    name = "set DDRAM address";
    ac_ = address;
    in_cgram_ = false;
  } else if (value & kSetCgramAddress) {
    name = "set CGRAM address";
    ac_ = value & 0x3F;
    in_cgram_ = true;
  } else if (value & kFunctionSet) {
    name = "function set";
    bool to_eight_bit = (value & 0x10) != 0;
    if (to_eight_bit && resets_after_power_on_ < 2) {
      ++resets_after_power_on_;
      name = resets_after_power_on_ == 1 ? "the first function set after power-on" : "the second function set";
      needs = scaled(resets_after_power_on_ == 1 ? kFirstResetTime : kSecondResetTime);
    }
    eight_bit_ = to_eight_bit;
    low_next_ = false;
    two_lines_ = (value & 0x08) != 0;
    big_font_ = (value & 0x04) != 0;
  } else if (value & kShift) {
    name = "cursor/display shift";
    bool right = (value & 0x04) != 0;
    if (value & 0x08) {
      shift_ += right ? -1 : 1;
    } else {
      move_address(right);
    }
  } else if (value & kDisplayControl) {
    name = "display control";
    display_on_ = (value & 0x04) != 0;
  } else if (value & kEntryModeSet) {
    name = "entry mode set";
    increment_ = (value & 0x02) != 0;
    shift_on_write_ = (value & 0x01) != 0;
  } else if (value & kReturnHome) {
    name = "return home";
    needs = scaled(kHomeTime);
    ac_ = 0;
    in_cgram_ = false;
    shift_ = 0;
  } else if (value & kClearDisplay) {
    name = "clear";
    needs = scaled(kClearTime);
    ddram_.fill(' ');
    ac_ = 0;
    in_cgram_ = false;
    shift_ = 0;
    increment_ = true;  // clear sets I/D; S stays
  } else {
    return;  // 0x00 is no instruction
  }
  if (!by_host) return;
  last_at_ = now_;
  last_needs_ = needs;
  last_name_ = name;
  busy_until_ = now_ + needs;
}

void Hd44780Model::write_ram(std::uint8_t value) {
  if (in_cgram_) {
    cgram_[ac_ & 0x3F] = value;
    move_address(increment_);
    return;
  }
  ddram_[ac_ & 0x7F] = value;
  move_address(increment_);
  if (shift_on_write_) shift_ += increment_ ? 1 : -1;
}

// The address counter after a write or a cursor move, with DDRAM's wraps:
// 2-line mode 0x27 -> 0x40 and 0x67 -> 0x00, 1-line mode 0x4F -> 0x00.
void Hd44780Model::move_address(bool forward) {
  if (in_cgram_) {
    ac_ = static_cast<std::uint8_t>((ac_ + (forward ? 1 : 0x3F)) & 0x3F);
    return;
  }
  int a = ac_;
  if (two_lines_) {
    int line = a >= kSecondLine ? 1 : 0;
    int pos = a - line * kSecondLine;
    pos += forward ? 1 : -1;
    if (pos < 0 || pos >= kLineLength) {
      pos = forward ? 0 : kLineLength - 1;
      line ^= 1;
    }
    a = line * kSecondLine + pos;
  } else {
    a = forward ? (a + 1) % kOneLineLength : (a + kOneLineLength - 1) % kOneLineLength;
  }
  ac_ = static_cast<std::uint8_t>(a);
}

std::vector<std::string> Hd44780Model::rows() const {
  const LcdGeometry& g = options_.geometry;
  std::vector<std::string> glass(static_cast<std::size_t>(g.rows), std::string(static_cast<std::size_t>(g.cols), ' '));
  if (!powered_ || !display_on_) return glass;
  int length = two_lines_ ? kLineLength : kOneLineLength;
  int shift = ((shift_ % length) + length) % length;
  for (int r = 0; r < g.rows; ++r) {
    for (int c = 0; c < g.cols; ++c) {
      LinePosition at = line_position(g, r, c);
      // In 1-line mode the second line's commons are not driven.
      if (!two_lines_ && at.line == 1) continue;
      int address = at.line * kSecondLine + (at.position + shift) % length;
      glass[static_cast<std::size_t>(r)][static_cast<std::size_t>(c)] =
          static_cast<char>(ddram_[static_cast<std::size_t>(address)]);
    }
  }
  return glass;
}

Glyph Hd44780Model::cgram(int slot) const {
  Glyph glyph{};
  for (std::size_t i = 0; i < glyph.size(); ++i) glyph[i] = cgram_[(static_cast<std::size_t>(slot & 7) << 3) + i];
  return glyph;
}

bool Hd44780Model::backlight() const {
  const PinMap& p = options_.pins;
  if (!powered_) return false;
  if (p.backlight < 0) return true;
  return bit(outputs_, p.backlight) != p.backlight_active_low;
}

}  // namespace headliner
