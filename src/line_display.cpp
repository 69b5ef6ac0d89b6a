#include "line_display.hpp"

#include "text.hpp"

namespace headliner {

std::string format_slide_line(const Slide& slide) {
  std::string line = "[" + slide.source;
  if (!slide.age.empty()) line += " \u00b7 " + slide.age;
  return line + "] " + slide.title;
}

Duration LineDisplay::show(const Slide& slide, SteadyTime) {
  out_ << format_slide_line(slide) << '\n' << std::flush;
  last_status_.clear();
  return 2 * dwell_;
}

void LineDisplay::status(std::string_view message) {
  if (message == last_status_) return;  // a log line once, not once per tick
  last_status_ = message;
  out_ << clean_text(message) << '\n' << std::flush;
}

}  // namespace headliner
