// The display core of character LCDs (HD44780, LCDd, the lcd-sim preview):
// it turns a slide into pages of device codes (char_page.hpp) in the
// device's character set (charset.hpp), defines the custom glyphs a page
// needs, and sends the device only the cells that changed since the last
// frame: over a 100 kHz I2C bus every cell costs four bus bytes.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "char_device.hpp"
#include "char_page.hpp"
#include "charset.hpp"
#include "display.hpp"

namespace headliner {

struct CharStyle {
  Charset charset = Charset::kHd44780A00;
  int speed = 4;  // cells per second while scrolling
  Duration dwell = std::chrono::seconds(2);
  std::optional<bool> backlight = true;  // nullopt: as the device (LCDd's own setting) has it
};

class CharDisplay final : public Display {
 public:
  CharDisplay(CharDevice& device, CharStyle style);

  Duration show(const Slide& slide, SteadyTime now) override;
  std::optional<SteadyTime> frame(SteadyTime now) override;
  void status(std::string_view message) override;
  std::optional<SteadyTime> wake_at() const override;
  std::optional<std::string> take_problem() override { return device_.take_problem(); }
  int input_fd() const override { return device_.input_fd(); }
  std::vector<UserKey> take_keys() override { return device_.take_keys(); }

  // What each custom code stands for on the current page (for the preview).
  const std::vector<char32_t>& glyphs() const { return glyphs_; }

 private:
  // Converts texts together, so that they share the custom glyphs.
  std::vector<std::string> encode(std::vector<std::string> texts);
  Duration elapsed(SteadyTime now) const;
  void lay_out();
  void draw(SteadyTime now);
  bool define_glyphs();
  bool write_changes(const std::vector<std::string>& rows);
  bool forget_screen();

  CharDevice& device_;
  CharStyle style_;
  CharPage page_;
  // What the page shows, to lay it out again when the device changes size
  // (LCDd restarted with another display): a slide, or a message.
  std::optional<Slide> slide_;
  std::string message_;
  int page_cols_ = 0, page_rows_ = 0;
  SteadyTime start_{};
  SteadyTime last_now_{};               // status() has no time of its own
  std::vector<char32_t> glyphs_;        // wanted by the current page
  std::vector<char32_t> defined_;       // held by the device; 0: unknown
  std::vector<std::string> on_device_;  // what the device shows; empty: unknown
  bool down_ = false;
};

}  // namespace headliner
