#include "char_display.hpp"

#include <algorithm>

namespace headliner {
namespace {

// Cells that did not change but lie between two that did are cheaper to
// send again than a new address (one instruction, the cost of one cell),
// so runs are split only at gaps of two or more unchanged cells.
constexpr std::size_t kGapWorthAnAddress = 2;

// The end of the run of changed cells that starts at `col`: it stops at the
// first gap of kGapWorthAnAddress unchanged cells.
std::size_t end_of_run(const std::string& have, const std::string& want, std::size_t col) {
  std::size_t end = col + 1;
  for (std::size_t c = end, same = 0; c < want.size() && same < kGapWorthAnAddress; ++c) {
    if (have[c] == want[c]) {
      ++same;
    } else {
      same = 0;
      end = c + 1;
    }
  }
  return end;
}

}  // namespace

CharDisplay::CharDisplay(CharDevice& device, CharStyle style) : device_(device), style_(style) {}

std::vector<std::string> CharDisplay::encode(std::vector<std::string> texts) {
  DeviceScreen screen = to_device(texts, style_.charset, device_.custom_slots());
  glyphs_ = std::move(screen.glyphs);
  return std::move(screen.texts);
}

Duration CharDisplay::elapsed(SteadyTime now) const {
  return std::chrono::duration_cast<Duration>(now - start_);
}

Duration CharDisplay::show(const Slide& slide, SteadyTime now) {
  slide_ = slide;
  lay_out();
  start_ = now;
  last_now_ = now;
  return page_.total();
}

void CharDisplay::lay_out() {
  page_cols_ = device_.cols();
  page_rows_ = device_.rows();
  if (!slide_) {
    page_ = CharPage::message(encode({message_})[0], page_cols_, page_rows_);
    return;
  }
  std::string corner = slide_->age;
  if (slide_->failing_feeds > 0)
    corner.insert(0, "!" + std::to_string(slide_->failing_feeds) + (corner.empty() ? "" : " "));
  auto codes = encode({slide_->title, slide_->source, corner});
  page_ = CharPage(PageText{codes[0], codes[1], codes[2]}, page_cols_, page_rows_, style_.speed, style_.dwell);
}

std::optional<SteadyTime> CharDisplay::frame(SteadyTime now) {
  last_now_ = now;
  draw(now);
  if (down_) return device_.retry_at();
  auto next = page_.next_change(elapsed(now));
  if (!next) return std::nullopt;
  return start_ + *next;
}

void CharDisplay::status(std::string_view message) {
  slide_.reset();
  message_ = message;
  lay_out();
  start_ = last_now_;
  draw(last_now_);
}

std::optional<SteadyTime> CharDisplay::wake_at() const {
  if (!down_) return std::nullopt;
  return device_.retry_at();
}

void CharDisplay::draw(SteadyTime now) {
  switch (device_.prepare(now)) {
    case DeviceState::kDown:
      down_ = true;
      return;
    case DeviceState::kFresh:  // blank, and its custom glyphs are gone
      on_device_.clear();
      defined_.clear();
      if (style_.backlight) device_.set_backlight(*style_.backlight);
      if (device_.cols() != page_cols_ || device_.rows() != page_rows_) lay_out();
      break;
    case DeviceState::kReady:
      break;
  }
  down_ = !(define_glyphs() && write_changes(page_.rows_at(elapsed(now))));
}

bool CharDisplay::define_glyphs() {
  defined_.resize(glyphs_.size(), 0);
  for (std::size_t slot = 0; slot < glyphs_.size(); ++slot) {
    if (defined_[slot] == glyphs_[slot]) continue;
    auto glyph = glyph_for(glyphs_[slot]);
    if (!glyph) continue;
    if (!device_.define_glyph(static_cast<int>(slot), *glyph)) return false;
    defined_[slot] = glyphs_[slot];
  }
  return true;
}

bool CharDisplay::write_changes(const std::vector<std::string>& rows) {
  if (on_device_.size() != rows.size()) on_device_.assign(rows.size(), std::string());  // "": unknown
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const std::string& want = rows[r];
    std::string& have = on_device_[r];
    const int row = static_cast<int>(r);
    if (have.size() != want.size()) {  // unknown: the whole row
      if (!device_.write(row, 0, want)) return forget_screen();
      have = want;
      continue;
    }
    for (std::size_t col = 0; col < want.size();) {
      if (have[col] == want[col]) {
        ++col;
        continue;
      }
      std::size_t end = end_of_run(have, want, col);
      if (!device_.write(row, static_cast<int>(col), std::string_view(want).substr(col, end - col)))
        return forget_screen();
      have.replace(col, end - col, want, col, end - col);
      col = end;
    }
  }
  return true;
}

// A write failed halfway through a frame: what the device shows is unknown.
bool CharDisplay::forget_screen() {
  on_device_.clear();
  return false;
}

}  // namespace headliner
