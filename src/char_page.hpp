// What a character display of cols × rows cells shows for one slide, over
// time, in device codes (one byte per cell, charset.hpp). Pure: time goes in,
// rows come out.
//   1 row:   "source age: headline" scrolls left, a cell at a time;
//   2 rows:  source and age on top, the headline scrolls below;
//   3+ rows: source and age on top, the headline wrapped at spaces on the
//            rows below; one too long for them moves up a line at a time,
//            each line standing as long as it takes to read it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "marquee.hpp"

namespace headliner {

struct PageText {
  std::string title;   // device codes
  std::string source;  // device codes: "BBC World +2"
  std::string corner;  // device codes, right-aligned on the top row: "!2 5m"
};

class CharPage {
 public:
  CharPage() = default;
  CharPage(const PageText& text, int cols, int rows, int speed, Duration dwell);

  // A message instead of a headline: wrapped over every row, still; what
  // does not fit ends in "...".
  static CharPage message(const std::string& codes, int cols, int rows);

  Duration total() const { return timeline_.total(); }
  // Exactly `rows` strings of exactly `cols` codes each.
  std::vector<std::string> rows_at(Duration elapsed) const;
  std::optional<Duration> next_change(Duration elapsed) const { return timeline_.next_change(elapsed); }

 private:
  std::string top_;                 // the fixed top row, when there is one
  std::vector<std::string> lines_;  // the headline: one line to scroll, or wrapped lines
  bool sideways_ = false;           // lines_[0] scrolls left (1 or 2 rows)
  int cols_ = 0;
  int rows_ = 0;
  ScrollTimeline timeline_;
};

// `codes` broken into lines of at most `cols` cells, at spaces where it can,
// inside a word only when the word alone is longer than a line.
std::vector<std::string> wrap_codes(const std::string& codes, int cols);

}  // namespace headliner
