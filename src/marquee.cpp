#include "marquee.hpp"

#include <algorithm>

namespace headliner {

Marquee::Marquee(std::string text, int width, int speed, Duration dwell)
    : text_(std::move(text)), width_(std::max(width, 0)), speed_(std::max(speed, 1)), dwell_(dwell) {
  for (const auto& c : split_clusters(text_)) {
    cells_.push_back({static_cast<std::size_t>(c.bytes.data() - text_.data()), c.bytes.size(), c.width});
    text_width_ += c.width;
  }
}

Duration Marquee::total() const {
  int overflow = std::max(text_width_ - width_, 0);
  auto scrolling = Duration(overflow * 1000LL / speed_);
  return 2 * dwell_ + scrolling;
}

int Marquee::offset_at(Duration elapsed) const {
  int overflow = std::max(text_width_ - width_, 0);
  if (elapsed <= dwell_) return 0;
  long long cells = (elapsed - dwell_).count() * speed_ / 1000;
  return static_cast<int>(std::min<long long>(cells, overflow));
}

std::string Marquee::window(Duration elapsed) const {
  int offset = offset_at(elapsed);
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

std::optional<Duration> Marquee::next_change(Duration elapsed) const {
  int overflow = std::max(text_width_ - width_, 0);
  int offset = offset_at(elapsed);
  if (offset >= overflow) return std::nullopt;
  // The moment the offset reaches offset + 1, rounded up to a whole millisecond.
  long long ms = ((offset + 1) * 1000LL + speed_ - 1) / speed_;
  return dwell_ + Duration(ms);
}

}  // namespace headliner
