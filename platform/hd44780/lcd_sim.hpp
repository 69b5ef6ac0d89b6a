// The `lcd-sim` display: the HD44780 driver talking to the model of the
// chip (hd44780_model.hpp) instead of an I2C bus, and the model's glass
// drawn in the terminal as a framed W×H LCD. What it shows is what the
// configured LCD would show, down to the ROM's glyphs and the custom ones:
// a preview on a laptop of a Pi's LCD, and the picture in the README.
#pragma once

#include <string>

#include "char_display.hpp"
#include "config.hpp"
#include "hd44780/hd44780.hpp"
#include "hd44780/hd44780_model.hpp"
#include "terminal.hpp"

namespace headliner {

class LcdSimDisplay final : public Display {
 public:
  // `color`: draw the lit glass in colour (green-yellow when the backlight is on).
  LcdSimDisplay(TerminalIo& io, const Hd44780Config& config, PinMap pins, Duration dwell, bool color);
  ~LcdSimDisplay() override;  // leaves the last picture and the cursor below it

  Duration show(const Slide& slide, SteadyTime now) override;
  std::optional<SteadyTime> frame(SteadyTime now) override;
  void status(std::string_view message) override;
  void suspend() override;
  void resume() override;
  bool broken() const override { return io_.broken(); }

  // The picture as text, one string per line of the frame, without colour.
  std::vector<std::string> picture() const;

 private:
  std::string cell(unsigned char code) const;
  void render();

  TerminalIo& io_;
  Charset charset_;
  bool color_;
  Hd44780Model model_;
  Hd44780 driver_;
  CharDisplay core_;
  std::string caption_;
  std::string drawn_;  // the last picture written, to skip identical ones
  bool placed_ = false;  // a picture is on the screen above the cursor
};

}  // namespace headliner
