#include "support/screen.hpp"

#include <algorithm>

#include "text_width.hpp"

namespace headliner::test {

Screen::Screen(int columns, int rows)
    : columns_(columns), rows_(rows), cells_(rows, std::vector<std::string>(columns, " ")) {}

void Screen::put(std::string_view cluster, int width) {
  if (column_ + width > columns_) {  // auto-wrap
    column_ = 0;
    row_ = std::min(row_ + 1, rows_ - 1);
  }
  cells_[row_][column_] = std::string(cluster);
  if (width == 2) cells_[row_][column_ + 1] = "";
  column_ += width;
}

void Screen::escape(std::string_view& bytes) {
  // bytes starts after ESC
  if (bytes.empty() || bytes[0] != '[') {
    unknown_ += "ESC" + std::string(bytes.substr(0, 1)) + " ";
    bytes.remove_prefix(std::min<std::size_t>(1, bytes.size()));
    return;
  }
  std::size_t end = 1;
  while (end < bytes.size() && !(bytes[end] >= 0x40 && bytes[end] <= 0x7e)) ++end;
  std::string params(bytes.substr(1, end - 1));
  char final = end < bytes.size() ? bytes[end] : '\0';
  bytes.remove_prefix(std::min(end + 1, bytes.size()));
  if (final == 'K') {
    for (int c = column_; c < columns_; ++c) cells_[row_][c] = " ";
  } else if (final == 'H') {
    int r = 1, c = 1;
    if (auto semi = params.find(';'); semi != std::string::npos) {
      r = std::stoi(params.substr(0, semi));
      c = std::stoi(params.substr(semi + 1));
    }
    row_ = std::clamp(r - 1, 0, rows_ - 1);
    column_ = std::clamp(c - 1, 0, columns_ - 1);
  } else if (final == 'A') {  // cursor up, stopping at the top
    row_ = std::max(row_ - (params.empty() ? 1 : std::stoi(params)), 0);
  } else if (final == 'm') {
    // colours do not change the text
  } else if (params == "?25" && final == 'l') {
    cursor_visible_ = false;
  } else if (params == "?25" && final == 'h') {
    cursor_visible_ = true;
  } else {
    unknown_ += "CSI" + params + final + " ";
  }
}

void Screen::feed(std::string_view bytes) {
  while (!bytes.empty()) {
    char c = bytes.front();
    if (c == '\x1b') {
      bytes.remove_prefix(1);
      escape(bytes);
    } else if (c == '\r') {
      column_ = 0;
      bytes.remove_prefix(1);
    } else if (c == '\n') {
      row_ = std::min(row_ + 1, rows_ - 1);
      bytes.remove_prefix(1);
    } else {
      auto clusters = split_clusters(bytes.substr(0, std::min<std::size_t>(bytes.size(), 16)));
      auto first = clusters.front();
      put(first.bytes, first.width);
      bytes.remove_prefix(first.bytes.size());
    }
  }
}

std::string Screen::row(int index) const {
  std::string out;
  for (const auto& cell : cells_[index]) out += cell;
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

}  // namespace headliner::test
