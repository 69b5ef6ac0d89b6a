// A headline in a window narrower than itself: still for `dwell`, then
// scrolling left one cell at a time at `speed` cells per second until its end
// shows, then still for `dwell` again. A headline that fits stays still for
// twice the dwell. Pure: time goes in, text comes out.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "duration.hpp"
#include "text_width.hpp"

namespace headliner {

// How a scroll moves over time: still for `dwell`, then `steps` steps, each
// the time `cells_per_step` cells take at `speed` cells per second, then
// still for `dwell` again. A marquee steps one cell; a page on a multi-row
// LCD steps one line (a row's width of cells, the time it takes to read it).
// With nothing to scroll it stays still for twice the dwell.
struct ScrollTimeline {
  int steps = 0;
  int speed = 1;           // cells per second, > 0
  int cells_per_step = 1;  // > 0
  Duration dwell{0};

  Duration total() const;
  int step_at(Duration elapsed) const;  // steps taken so far, 0..steps
  // The first moment after `elapsed` at which the step changes, if any.
  std::optional<Duration> next_change(Duration elapsed) const;
};

class Marquee {
 public:
  Marquee() = default;
  Marquee(std::string text, int width, int speed, Duration dwell);

  // How long the whole headline takes to show.
  Duration total() const;

  // Exactly `width` cells of text as they show `elapsed` after the start
  // (padded with spaces; a wide character cut by an edge becomes a space).
  std::string window(Duration elapsed) const;

  // The first moment after `elapsed` at which the window changes, if any.
  std::optional<Duration> next_change(Duration elapsed) const;

  int width() const { return width_; }

 private:
  // Where each grapheme cluster lies in text_: offsets, not views, so that
  // copying a Marquee cannot leave them pointing into another string.
  struct Cell {
    std::size_t offset;
    std::size_t size;
    int width;
  };

  std::string text_;
  std::vector<Cell> cells_;
  int width_ = 0;
  ScrollTimeline timeline_;
};

}  // namespace headliner
