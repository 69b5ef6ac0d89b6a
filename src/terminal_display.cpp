#include "terminal_display.hpp"

#include <algorithm>

#include "text.hpp"

namespace headliner {
namespace {

constexpr std::string_view kHideCursor = "\x1b[?25l";
constexpr std::string_view kShowCursor = "\x1b[?25h";
constexpr std::string_view kClearToEnd = "\x1b[K";
constexpr std::string_view kReset = "\x1b[0m";

std::string_view sgr_for(std::string_view color) {
  if (color == "red") return "\x1b[1;31m";
  if (color == "green") return "\x1b[1;32m";
  if (color == "yellow") return "\x1b[1;33m";
  if (color == "blue") return "\x1b[1;34m";
  if (color == "magenta") return "\x1b[1;35m";
  if (color == "cyan") return "\x1b[1;36m";
  if (color == "white") return "\x1b[1;37m";
  return "\x1b[1m";
}

// The longest start of `text` that fits in `width` cells.
std::string clip(std::string_view text, int width) {
  std::string out;
  int used = 0;
  for (const auto& c : split_clusters(text)) {
    if (used + c.width > width) break;
    out.append(c.bytes);
    used += c.width;
  }
  return out;
}

}  // namespace

TerminalDisplay::TerminalDisplay(TerminalIo& io, TerminalStyle style)
    : io_(io), style_(style), columns_(io.columns()) {
  io_.write(kHideCursor);
}

TerminalDisplay::~TerminalDisplay() { io_.write(goodbye()); }

// Clears our line and shows the cursor: the terminal as we found it.
std::string TerminalDisplay::goodbye() const {
  std::string out = style_.bottom ? "\x1b[" + std::to_string(io_.rows()) + ";1H" : "\r";
  if (style_.bottom && drawn_row_ > 0 && drawn_row_ != io_.rows())
    out = "\x1b[" + std::to_string(drawn_row_) + ";1H" + std::string(kClearToEnd) + out;
  out += kClearToEnd;
  out += kReset;
  out += kShowCursor;
  return out;
}

void TerminalDisplay::suspend() {
  io_.write(goodbye());
  io_.suspend();
}

void TerminalDisplay::resume() {
  io_.resume();
  io_.write(kHideCursor);
  last_line_.clear();  // redraw on the next frame
}

std::string TerminalDisplay::prefix_text() const {
  std::string prefix;
  if (slide_.failing_feeds > 0) prefix += "!" + std::to_string(slide_.failing_feeds) + " ";
  prefix += slide_.source;
  if (!slide_.age.empty()) prefix += " \u00b7 " + slide_.age;
  return prefix + " | ";
}

// The prefix never takes more than half the line; on a very narrow
// terminal the headline gets the whole line.
std::string TerminalDisplay::colored_prefix() const {
  int room = columns_ / 2;
  if (columns_ < 30 || slide_.source.empty()) return {};
  std::string plain = clip(prefix_text(), room);
  if (!style_.color) return plain;
  return std::string(sgr_for(slide_.color)) + plain + std::string(kReset);
}

void TerminalDisplay::layout() {
  int prefix_width = 0;
  if (columns_ >= 30 && !slide_.source.empty())
    prefix_width = display_width(clip(prefix_text(), columns_ / 2));
  // Leave the last column empty: writing it makes some terminals wrap.
  int room = std::max(columns_ - 1 - prefix_width, 1);
  marquee_ = Marquee(slide_.title, room, style_.speed, style_.dwell);
}

Duration TerminalDisplay::show(const Slide& slide, SteadyTime now) {
  slide_ = slide;
  start_ = now;
  layout();
  last_line_.clear();
  return marquee_.total();
}

std::optional<SteadyTime> TerminalDisplay::frame(SteadyTime now) {
  auto elapsed = std::chrono::duration_cast<Duration>(now - start_);
  draw(colored_prefix() + marquee_.window(elapsed));
  auto next = marquee_.next_change(elapsed);
  if (!next) return std::nullopt;
  return start_ + *next;
}

void TerminalDisplay::status(std::string_view message) {
  slide_ = Slide{};
  std::string line = clip(clean_text(message), std::max(columns_ - 1, 1));
  draw(style_.color ? "\x1b[2m" + line + std::string(kReset) : line);
}

std::optional<Duration> TerminalDisplay::resize() {
  columns_ = io_.columns();
  // In bottom mode the old bottom row is somewhere else now: clear it.
  if (style_.bottom && drawn_row_ > 0 && drawn_row_ != io_.rows())
    io_.write("\x1b[" + std::to_string(drawn_row_) + ";1H" + std::string(kClearToEnd));
  layout();
  last_line_.clear();
  return marquee_.total();
}

void TerminalDisplay::draw(const std::string& line) {
  if (line == last_line_) return;
  last_line_ = line;
  drawn_row_ = io_.rows();
  std::string out = style_.bottom ? "\x1b[" + std::to_string(drawn_row_) + ";1H" : "\r";
  out += line;
  out += kClearToEnd;
  io_.write(out);
}

}  // namespace headliner
