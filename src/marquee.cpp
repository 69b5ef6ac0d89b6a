#include "marquee.hpp"

#include <algorithm>

namespace headliner {

Duration ScrollTimeline::total() const {
  return 2 * dwell + Duration(static_cast<long long>(steps) * cells_per_step * 1000 / speed);
}

int ScrollTimeline::step_at(Duration elapsed) const {
  if (elapsed <= dwell) return 0;
  long long taken = (elapsed - dwell).count() * speed / (1000LL * cells_per_step);
  return static_cast<int>(std::min<long long>(taken, steps));
}

std::optional<Duration> ScrollTimeline::next_change(Duration elapsed) const {
  int step = step_at(elapsed);
  if (step >= steps) return std::nullopt;
  // The moment the step reaches step + 1, rounded up to a whole millisecond.
  long long ms = ((step + 1) * 1000LL * cells_per_step + speed - 1) / speed;
  return dwell + Duration(ms);
}

Marquee::Marquee(std::string text, int width, int speed, Duration dwell)
    : text_(std::move(text)), width_(std::max(width, 0)) {
  int text_width = 0;
  for (const auto& c : split_clusters(text_)) {
    cells_.push_back({static_cast<std::size_t>(c.bytes.data() - text_.data()), c.bytes.size(), c.width});
    text_width += c.width;
  }
  timeline_ = {std::max(text_width - width_, 0), std::max(speed, 1), 1, dwell};
}

Duration Marquee::total() const { return timeline_.total(); }

std::string Marquee::window(Duration elapsed) const {
  int offset = timeline_.step_at(elapsed);
  std::string out;
  out.reserve(static_cast<std::size_t>(width_) + 16);
  int column = 0;  // cells of the text consumed so far
  int used = 0;    // cells of the window filled
  for (const auto& c : cells_) {
    int start = column;
    column += c.width;
    if (column <= offset) continue;
    if (start < offset) {  // a wide character cut by the left edge
      out.append(static_cast<std::size_t>(column - offset), ' ');
      used += column - offset;
      continue;
    }
    if (used + c.width > width_) break;
    out.append(text_, c.offset, c.size);
    used += c.width;
  }
  out.append(static_cast<std::size_t>(std::max(width_ - used, 0)), ' ');
  return out;
}

std::optional<Duration> Marquee::next_change(Duration elapsed) const { return timeline_.next_change(elapsed); }

}  // namespace headliner
