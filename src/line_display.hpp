// The `line` backend: one headline per line, for pipes, logs and the journal.
#pragma once

#include <ostream>

#include "display.hpp"

namespace headliner {

class LineDisplay final : public Display {
 public:
  LineDisplay(std::ostream& out, Duration dwell) : out_(out), dwell_(dwell) {}

  Duration show(const Slide& slide, SteadyTime now) override;
  std::optional<SteadyTime> frame(SteadyTime) override { return std::nullopt; }
  void status(std::string_view message) override;
  bool broken() const override { return !out_; }  // e.g. the pipe to `head` closed

 private:
  std::ostream& out_;
  Duration dwell_;
  std::string last_status_;
};

// "[BBC World +1 · 5m] Headline"
std::string format_slide_line(const Slide& slide);

}  // namespace headliner
