#include "char_page.hpp"

#include <algorithm>

namespace headliner {
namespace {

std::string fit(std::string codes, int cols) {
  codes.resize(static_cast<std::size_t>(std::max(cols, 0)), ' ');
  return codes;
}

// Source on the left, the corner on the right; the source gives way.
std::string top_row(const PageText& text, int cols) {
  std::string corner = text.corner.substr(0, static_cast<std::size_t>(cols));
  int room = cols - static_cast<int>(corner.size()) - (corner.empty() ? 0 : 1);
  std::string source = text.source.substr(0, static_cast<std::size_t>(std::max(room, 0)));
  std::string row = fit(source, cols - static_cast<int>(corner.size()));
  return row + corner;
}

}  // namespace

std::vector<std::string> wrap_codes(const std::string& codes, int cols) {
  std::vector<std::string> lines;
  if (cols <= 0) return lines;
  std::size_t pos = 0;
  const std::size_t width = static_cast<std::size_t>(cols);
  while (pos < codes.size()) {
    while (pos < codes.size() && codes[pos] == ' ') ++pos;  // no line starts with a space
    if (pos >= codes.size()) break;
    std::size_t end = std::min(pos + width, codes.size());
    if (end < codes.size() && codes[end] != ' ') {
      std::size_t space = codes.rfind(' ', end);
      if (space != std::string::npos && space > pos) end = space;  // else: a word longer than a line
    }
    std::string line = codes.substr(pos, end - pos);
    while (!line.empty() && line.back() == ' ') line.pop_back();
    lines.push_back(std::move(line));
    pos = end;
  }
  return lines;
}

CharPage::CharPage(const PageText& text, int cols, int rows, int speed, Duration dwell)
    : cols_(std::max(cols, 1)), rows_(std::max(rows, 1)) {
  speed = std::max(speed, 1);
  if (rows_ == 1) {
    std::string lead = text.source + (text.corner.empty() ? "" : " " + text.corner);
    lines_ = {lead.empty() ? text.title : lead + ": " + text.title};
  } else {
    top_ = top_row(text, cols_);
    if (rows_ == 2) lines_ = {text.title};
    else lines_ = wrap_codes(text.title, cols_);
  }
  sideways_ = rows_ <= 2;
  if (sideways_) {
    int overflow = std::max(static_cast<int>(lines_[0].size()) - cols_, 0);
    timeline_ = {overflow, speed, 1, dwell};
  } else {
    int overflow = std::max(static_cast<int>(lines_.size()) - (rows_ - 1), 0);
    timeline_ = {overflow, speed, cols_, dwell};
  }
}

CharPage CharPage::message(const std::string& codes, int cols, int rows) {
  CharPage page;
  page.cols_ = std::max(cols, 1);
  page.rows_ = std::max(rows, 1);
  page.lines_ = wrap_codes(codes, page.cols_);
  const auto room = static_cast<std::size_t>(page.rows_);
  if (page.lines_.size() > room) {
    page.lines_.resize(room);
    std::string& last = page.lines_.back();
    last = last.substr(0, static_cast<std::size_t>(std::max(page.cols_ - 3, 0))) + "...";
  }
  return page;
}

std::vector<std::string> CharPage::rows_at(Duration elapsed) const {
  std::vector<std::string> rows;
  rows.reserve(static_cast<std::size_t>(rows_));
  const int step = timeline_.step_at(elapsed);
  if (!top_.empty()) rows.push_back(top_);
  if (sideways_) {
    const std::string& line = lines_.empty() ? std::string() : lines_[0];
    rows.push_back(fit(line.substr(std::min(static_cast<std::size_t>(step), line.size())), cols_));
  } else {
    for (std::size_t i = static_cast<std::size_t>(step); i < lines_.size() && rows.size() < static_cast<std::size_t>(rows_); ++i)
      rows.push_back(fit(lines_[i], cols_));
  }
  while (rows.size() < static_cast<std::size_t>(rows_)) rows.push_back(std::string(static_cast<std::size_t>(cols_), ' '));
  return rows;
}

}  // namespace headliner
