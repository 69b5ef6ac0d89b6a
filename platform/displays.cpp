#include "displays.hpp"

#include <unistd.h>

#include <stdexcept>

#include "char_display.hpp"
#include "hd44780/delay.hpp"
#include "hd44780/hd44780.hpp"
#include "hd44780/lcd_sim.hpp"
#include "lcdproc/lcdproc_device.hpp"
#include "linux/i2c_bus.hpp"
#include "terminal.hpp"

namespace headliner {
namespace {

// The config's pin names, as the driver reads them: the backlight's
// polarity is a key of its own in the config.
PinMap pin_map(const Hd44780Config& lcd, std::string& error) {
  std::vector<std::string> names;
  for (const auto& pin : lcd.pins)
    names.push_back(pin == "backlight" ? (lcd.backlight_active_low ? "!bl" : "bl") : pin);
  PinMapResult parsed = parse_pin_map(names);
  if (!parsed) error = "[display.hd44780] pins: " + parsed.error;
  return parsed.pins;
}

// A display over a device, owning the device and what the device needs.
template <typename Parts>
class OwningCharDisplay final : public Display {
 public:
  OwningCharDisplay(std::unique_ptr<Parts> parts, CharDevice& device, CharStyle style)
      : parts_(std::move(parts)), core_(device, style) {}
  Duration show(const Slide& slide, SteadyTime now) override { return core_.show(slide, now); }
  std::optional<SteadyTime> frame(SteadyTime now) override { return core_.frame(now); }
  void status(std::string_view message) override { core_.status(message); }
  std::optional<SteadyTime> wake_at() const override { return core_.wake_at(); }
  std::optional<std::string> take_problem() override { return core_.take_problem(); }
  int input_fd() const override { return core_.input_fd(); }
  std::vector<UserKey> take_keys() override { return core_.take_keys(); }

 private:
  std::unique_ptr<Parts> parts_;
  CharDisplay core_;
};

struct Hd44780Parts {
  Hd44780Parts(const Hd44780Config& lcd, PinMap pins)
      : bus(lcd.bus, lcd.address), driver(bus, delay, LcdGeometry{lcd.cols, lcd.rows, false}, pins) {}
  LinuxI2cBus bus;
  MonotonicDelay delay;
  Hd44780 driver;
};

// The first prepare() brings the device up; when it cannot, the display
// does not start, and its first problem line says why.
bool bring_up(CharDevice& device, std::string& error) {
  if (device.prepare(std::chrono::steady_clock::now()) != DeviceState::kDown) return true;
  error = device.take_problem().value_or("the display did not start");
  // "… (retrying in 1s)" is not true of a display that will not be used.
  if (auto cut = error.rfind(" (retrying"); cut != std::string::npos) error.resize(cut);
  return false;
}

std::unique_ptr<Display> open_hd44780(const Config& config, std::string& error) {
  const Hd44780Config& lcd = config.display.hd44780;
  PinMap pins = pin_map(lcd, error);
  if (!error.empty()) return nullptr;
  auto parts = std::make_unique<Hd44780Parts>(lcd, pins);
  if (!bring_up(parts->driver, error)) return nullptr;
  CharDevice& device = parts->driver;
  CharStyle style{parse_charset(lcd.charset).value_or(Charset::kHd44780A00), lcd.speed, config.ticker.dwell,
                  lcd.backlight};
  return std::make_unique<OwningCharDisplay<Hd44780Parts>>(std::move(parts), device, style);
}

struct LcdprocParts {
  explicit LcdprocParts(const LcdprocConfig& lcd) : device(LcdprocOptions{lcd.host, lcd.port, 0, 0, std::chrono::milliseconds(2000)}) {}
  LcdprocDevice device;
};

// LCDd's size is known once connected: the first prepare() comes first.
std::unique_ptr<Display> open_lcdproc(const Config& config, std::string& error) {
  const LcdprocConfig& lcd = config.display.lcdproc;
  auto parts = std::make_unique<LcdprocParts>(lcd);
  if (!bring_up(parts->device, error)) return nullptr;
  CharDevice& device = parts->device;
  // The backlight is left to LCDd's own setting (its Backlight= key).
  CharStyle style{parse_charset(lcd.charset).value_or(Charset::kLatin1), lcd.speed, config.ticker.dwell, std::nullopt};
  return std::make_unique<OwningCharDisplay<LcdprocParts>>(std::move(parts), device, style);
}

class LcdSimWithTerminal final : public Display {
 public:
  LcdSimWithTerminal(const Hd44780Config& lcd, PinMap pins, Duration dwell, bool color)
      : terminal_(STDOUT_FILENO), sim_(terminal_, lcd, pins, dwell, color) {}
  Duration show(const Slide& slide, SteadyTime now) override { return sim_.show(slide, now); }
  std::optional<SteadyTime> frame(SteadyTime now) override { return sim_.frame(now); }
  void status(std::string_view message) override { sim_.status(message); }
  void suspend() override { sim_.suspend(); }
  void resume() override { sim_.resume(); }
  bool broken() const override { return sim_.broken(); }

 private:
  FdTerminal terminal_;
  LcdSimDisplay sim_;
};

}  // namespace

std::unique_ptr<Display> open_platform_display(const std::string& name, const Config& config, bool color,
                                               std::string& error) {
  error.clear();
  if (name == "hd44780") return open_hd44780(config, error);
  if (name == "lcdproc") return open_lcdproc(config, error);
  if (name == "lcd-sim") {
    PinMap pins = pin_map(config.display.hd44780, error);
    if (!error.empty()) return nullptr;
    return std::make_unique<LcdSimWithTerminal>(config.display.hd44780, pins, config.ticker.dwell, color);
  }
  error = "display '" + name + "' is not built into this headliner";
  return nullptr;
}

}  // namespace headliner
