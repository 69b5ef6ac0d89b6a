// The `terminal` backend: a one-line marquee, in place or on the bottom row,
// with the feed name and age beside the headline, in colour when wanted.
#pragma once

#include <string>

#include "display.hpp"
#include "marquee.hpp"
#include "terminal.hpp"

namespace headliner {

struct TerminalStyle {
  bool bottom = false;  // on the bottom row instead of in place
  bool color = false;
  int speed = 8;        // cells per second
  Duration dwell = std::chrono::seconds(3);
};

class TerminalDisplay final : public Display {
 public:
  TerminalDisplay(TerminalIo& io, TerminalStyle style);
  ~TerminalDisplay() override;  // leaves a clean terminal: cursor shown, line cleared

  Duration show(const Slide& slide, SteadyTime now) override;
  std::optional<SteadyTime> frame(SteadyTime now) override;
  void status(std::string_view message) override;
  std::optional<Duration> resize() override;
  void suspend() override;
  void resume() override;
  bool broken() const override { return io_.broken(); }

 private:
  void layout();
  void draw(const std::string& line);
  std::string goodbye() const;
  std::string prefix_text() const;
  std::string colored_prefix() const;

  TerminalIo& io_;
  TerminalStyle style_;
  int columns_;
  Slide slide_;
  Marquee marquee_;
  SteadyTime start_{};
  std::string last_line_;  // what is on the screen now, to skip identical frames
  int drawn_row_ = 0;      // the row it is on (1-based), for bottom mode
};

}  // namespace headliner
