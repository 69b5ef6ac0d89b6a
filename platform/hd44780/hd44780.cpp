#include "hd44780/hd44780.hpp"

#include <algorithm>
#include <stdexcept>

namespace headliner {

namespace {

using namespace hd44780;

constexpr std::size_t kMaxProblems = 8;
constexpr std::chrono::seconds kFirstBackoff{1};
constexpr std::chrono::seconds kMaxBackoff{60};
// Vcc may have risen just before the write that found the device again; the
// datasheet's 40 ms with a margin.
constexpr microseconds kPowerOnWait{50'000};

// A datasheet time stretched for the slowest oscillator, rounded up.
constexpr microseconds for_slowest_chip(microseconds t) {
  return microseconds((t.count() * kTypicalOscillatorHz + kSlowestOscillatorHz - 1) / kSlowestOscillatorHz);
}

struct PinName {
  std::string_view name;
  int PinMap::*pin;
};
constexpr std::array<PinName, 8> kPinNames{{
    {"rs", &PinMap::rs},
    {"rw", &PinMap::rw},
    {"e", &PinMap::e},
    {"bl", &PinMap::backlight},
    {"d4", &PinMap::d4},
    {"d5", &PinMap::d5},
    {"d6", &PinMap::d6},
    {"d7", &PinMap::d7},
}};

}  // namespace

PinMapResult parse_pin_map(std::span<const std::string> names) {
  PinMapResult result;
  PinMap& pins = result.pins;
  if (names.size() != 8) {
    result.error = "expected 8 names, P0 to P7, got " + std::to_string(names.size());
    return result;
  }
  for (const PinName& p : kPinNames) pins.*p.pin = -1;
  for (int output = 0; output < 8; ++output) {
    std::string_view name = names[static_cast<std::size_t>(output)];
    std::string where = "P" + std::to_string(output) + ": ";
    if (name == "-") continue;
    bool active_low = name == "!bl";
    if (active_low) name = "bl";
    auto known = std::find_if(kPinNames.begin(), kPinNames.end(), [&](const PinName& p) { return p.name == name; });
    if (known == kPinNames.end()) {
      result.error = where + "unknown pin '" + std::string(names[static_cast<std::size_t>(output)]) +
                     "' (expected rs, rw, e, bl, !bl, d4, d5, d6, d7 or -)";
      return result;
    }
    if (pins.*known->pin >= 0) {
      result.error = where + "'" + std::string(name) + "' is already on P" + std::to_string(pins.*known->pin);
      return result;
    }
    pins.*known->pin = output;
    if (active_low) pins.backlight_active_low = true;
  }
  for (const PinName& p : kPinNames) {
    if (pins.*p.pin < 0 && p.name != "rw" && p.name != "bl") {
      result.error = "no output drives '" + std::string(p.name) + "'";
      return result;
    }
  }
  return result;
}

std::array<std::string_view, 8> pin_names(const PinMap& pins) {
  std::array<std::string_view, 8> names;
  names.fill("-");
  for (const PinName& p : kPinNames) {
    int output = pins.*p.pin;
    if (output < 0 || output > 7) continue;
    names[static_cast<std::size_t>(output)] =
        p.pin == &PinMap::backlight && pins.backlight_active_low ? std::string_view("!bl") : p.name;
  }
  return names;
}

std::string check_pin_map(const PinMap& pins) {
  int used = 0;
  for (const PinName& p : kPinNames) {
    int output = pins.*p.pin;
    bool optional = p.pin == &PinMap::rw || p.pin == &PinMap::backlight;
    if (output == -1 && optional) continue;
    if (output < 0 || output > 7) {
      return "pin '" + std::string(p.name) + "' is on output " + std::to_string(output) + " (the PCF8574 has P0 to P7)";
    }
    if (used & (1 << output)) return "two pins are on P" + std::to_string(output);
    used |= 1 << output;
  }
  return {};
}

std::string check_geometry(const LcdGeometry& g) {
  std::string size = std::to_string(g.cols) + "x" + std::to_string(g.rows);
  if (g.rows != 1 && g.rows != 2 && g.rows != 4) return size + ": an HD44780 drives 1, 2 or 4 rows";
  if (g.cols < 1) return size + ": no columns";
  if (g.split_line && (g.rows != 1 || g.cols % 2 != 0 || g.cols > 2 * kLineLength)) {
    return size + ": only a one-row display with an even number of columns is split into two lines";
  }
  int per_line = g.rows == 1 ? (g.split_line ? g.cols / 2 : g.cols) : g.cols * (g.rows == 4 ? 2 : 1);
  int limit = g.rows == 1 && !g.split_line ? kOneLineLength : kLineLength;
  if (per_line > limit) {
    return size + ": more than an HD44780's " + std::to_string(limit) + " characters per line";
  }
  return {};
}

LinePosition line_position(const LcdGeometry& g, int row, int col) {
  if (g.rows == 1) {
    if (g.split_line && col >= g.cols / 2) return {1, col - g.cols / 2};
    return {0, col};
  }
  return {row % 2, col + (row / 2) * g.cols};
}

bool uses_two_lines(const LcdGeometry& g) { return g.rows > 1 || g.split_line; }

Hd44780::Hd44780(I2cBus& bus, Delay& delay, LcdGeometry geometry, PinMap pins, int bus_hz)
    : bus_(bus), delay_(delay), geometry_(geometry), pins_(pins) {
  if (std::string error = check_geometry(geometry); !error.empty()) throw std::invalid_argument(error);
  if (std::string error = check_pin_map(pins); !error.empty()) throw std::invalid_argument(error);
  if (bus_hz <= 0) throw std::invalid_argument("I2C clock must be positive");

  // Between one instruction's last latch and the next one's first lie two
  // bytes (E low, then E high with the next nibble).
  double byte_us = 1e6 * kClocksPerByte / bus_hz;
  double needed_us = static_cast<double>(for_slowest_chip(kInstructionTime).count());
  while ((2 + idle_bytes_) * byte_us < needed_us) ++idle_bytes_;

  auto bit = [](int output) { return output >= 0 ? static_cast<std::uint8_t>(1u << output) : std::uint8_t{0}; };
  for (unsigned n = 0; n < 16; ++n) {
    nibble_bits_[n] = static_cast<std::uint8_t>((n & 1 ? bit(pins.d4) : 0) | (n & 2 ? bit(pins.d5) : 0) |
                                                (n & 4 ? bit(pins.d6) : 0) | (n & 8 ? bit(pins.d7) : 0));
  }
  rs_bit_ = bit(pins.rs);
  e_bit_ = bit(pins.e);
  backlight_on_bits_ = pins.backlight_active_low ? 0 : bit(pins.backlight);
  backlight_off_bits_ = pins.backlight_active_low ? bit(pins.backlight) : 0;
  out_.reserve(512);
}

std::uint8_t Hd44780::pins_byte(bool rs, bool e, std::uint8_t nibble) const {
  return static_cast<std::uint8_t>(nibble_bits_[nibble & 0x0F] | (rs ? rs_bit_ : 0) | (e ? e_bit_ : 0) |
                                   (backlight_ ? backlight_on_bits_ : backlight_off_bits_));
}

// One nibble: E high with the data, then E low (the LCD latches on the
// falling edge). RS must settle before E rises (HD44780U t_AS, 40 ns), so a
// change of RS gets a byte of its own first. RW stays low: we never read.
void Hd44780::add_nibble(std::uint8_t nibble, bool rs) {
  std::uint8_t before = out_.empty() ? last_byte_ : out_.back();
  if (static_cast<bool>(before & rs_bit_) != rs) out_.push_back(pins_byte(rs, false, 0));
  out_.push_back(pins_byte(rs, true, nibble));
  out_.push_back(pins_byte(rs, false, nibble));
}

void Hd44780::add_byte(std::uint8_t value, bool rs) {
  add_nibble(static_cast<std::uint8_t>(value >> 4), rs);
  add_nibble(static_cast<std::uint8_t>(value & 0x0F), rs);
  add_idle();
}

void Hd44780::add_idle() {
  for (int i = 0; i < idle_bytes_; ++i) out_.push_back(out_.back());
}

bool Hd44780::send() {
  bool ok = out_.empty() || bus_.write(out_);
  if (ok && !out_.empty()) {
    bus_bytes_ += out_.size();
    ++bus_transfers_;
    last_byte_ = out_.back();
  }
  out_.clear();
  if (!ok) went_down();
  return ok;
}

void Hd44780::went_down() {
  if (link_ == Link::kDown) {
    backoff_ = std::min(backoff_ * 2, kMaxBackoff);
  } else {
    link_ = Link::kDown;
    backoff_ = kFirstBackoff;
    reported_error_.clear();
  }
  retry_at_ = now_ + backoff_;
  std::string error = bus_.error();
  if (error != reported_error_) {
    reported_error_ = error;
    if (problems_.size() == kMaxProblems) problems_.pop_front();
    problems_.push_back("LCD on " + bus_.name() + ": " + error + " (retrying in " + std::to_string(backoff_.count()) +
                        "s)");
  }
}

// HD44780U Figure 24. Three function sets (0x3) reach 8-bit mode from any
// state: from 8-bit mode each is a whole instruction; from 4-bit mode
// expecting a high nibble the first two make one (0x33) and the third is
// whole; from 4-bit mode expecting a low nibble (a previous run stopped
// mid-instruction) the first completes that instruction, whatever it was,
// and the next two make 0x33. Then 0x2, still read as 8 bits, selects 4-bit
// mode, and everything after goes as two nibbles, high first.
bool Hd44780::initialise() {
  // One byte with E low: the outputs in a known state, and a cheap probe
  // before waiting.
  out_.push_back(pins_byte(false, false, 0));
  if (!send()) return false;
  delay_.sleep(kPowerOnWait);

  add_nibble(0x3, false);
  if (!send()) return false;
  delay_.sleep(for_slowest_chip(kFirstResetTime));
  add_nibble(0x3, false);
  if (!send()) return false;
  delay_.sleep(for_slowest_chip(kSecondResetTime));

  add_nibble(0x3, false);
  add_idle();
  add_nibble(0x2, false);
  add_idle();
  add_byte(kFunctionSet | (uses_two_lines(geometry_) ? 0x08 : 0x00), false);  // 4-bit, 5×8 dots
  add_byte(kDisplayControl, false);                                            // off while clearing
  add_byte(kClearDisplay, false);
  if (!send()) return false;
  delay_.sleep(for_slowest_chip(kClearTime));

  add_byte(kEntryModeSet | 0x02, false);   // increment, no display shift
  add_byte(kDisplayControl | 0x04, false);  // on, no cursor, no blink
  return send();
}

DeviceState Hd44780::prepare(SteadyTime now) {
  now_ = now;
  if (link_ == Link::kUp) return DeviceState::kReady;
  if (link_ == Link::kDown && now < retry_at_) return DeviceState::kDown;
  bool was_down = link_ == Link::kDown;
  if (!initialise()) return DeviceState::kDown;
  link_ = Link::kUp;
  if (was_down) {
    if (problems_.size() == kMaxProblems) problems_.pop_front();
    problems_.push_back("LCD on " + bus_.name() + ": working again");
  }
  return DeviceState::kFresh;
}

bool Hd44780::write(int row, int col, std::string_view codes) {
  if (link_ != Link::kUp) return false;
  if (row < 0 || row >= geometry_.rows || col < 0 || col >= geometry_.cols) return true;
  codes = codes.substr(0, static_cast<std::size_t>(geometry_.cols - col));
  std::optional<int> next;  // where the address counter points after the last character
  for (std::size_t i = 0; i < codes.size(); ++i) {
    LinePosition at = line_position(geometry_, row, col + static_cast<int>(i));
    int address = uses_two_lines(geometry_) ? at.line * kSecondLine + at.position : at.position;
    if (next != address) add_byte(static_cast<std::uint8_t>(kSetDdramAddress | address), false);
    add_byte(static_cast<std::uint8_t>(codes[i]), true);
    next = address + 1;
  }
  return send();
}

bool Hd44780::define_glyph(int slot, const Glyph& glyph) {
  if (link_ != Link::kUp) return false;
  if (slot < 0 || slot >= kCustomSlots) return true;
  add_byte(static_cast<std::uint8_t>(kSetCgramAddress | (slot << 3)), false);
  for (std::uint8_t row : glyph) add_byte(static_cast<std::uint8_t>(row & 0x1F), true);
  // The address counter now points into CGRAM; every write() sets a DDRAM
  // address before its first character.
  return send();
}

void Hd44780::set_backlight(bool on) {
  backlight_ = on;
  if (link_ != Link::kUp) return;
  std::uint8_t bits = static_cast<std::uint8_t>(last_byte_ & ~(backlight_on_bits_ | backlight_off_bits_));
  out_.push_back(static_cast<std::uint8_t>(bits | (on ? backlight_on_bits_ : backlight_off_bits_)));
  send();
}

std::optional<SteadyTime> Hd44780::retry_at() const {
  if (link_ == Link::kDown) return retry_at_;
  return std::nullopt;
}

std::optional<std::string> Hd44780::take_problem() {
  if (problems_.empty()) return std::nullopt;
  std::string problem = std::move(problems_.front());
  problems_.pop_front();
  return problem;
}

}  // namespace headliner
