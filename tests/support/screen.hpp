// A small model of a VT100-style terminal screen, for asserting what a person
// would see after a backend's output: it interprets CR, LF, CUP (ESC[r;cH), CUU (ESC[nA),
// EL (ESC[K), SGR (ignored), cursor show/hide, and UTF-8 text with cell widths.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace headliner::test {

class Screen {
 public:
  Screen(int columns, int rows);
  void feed(std::string_view bytes);
  std::string row(int index) const;  // trailing spaces trimmed
  bool cursor_visible() const { return cursor_visible_; }
  int cursor_row() const { return row_; }
  std::string unknown_sequences() const { return unknown_; }

 private:
  void put(std::string_view cluster, int width);
  void escape(std::string_view& bytes);

  int columns_, rows_;
  int row_ = 0, column_ = 0;
  bool cursor_visible_ = true;
  std::vector<std::vector<std::string>> cells_;  // "" is the right half of a wide cell
  std::string unknown_;
};

}  // namespace headliner::test
