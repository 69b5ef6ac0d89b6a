#include "hd44780/lcd_sim.hpp"

#include <cstdio>

#include "text_width.hpp"
#include "utf8.hpp"

namespace headliner {
namespace {

constexpr std::string_view kHideCursor = "\x1b[?25l";
constexpr std::string_view kShowCursor = "\x1b[?25h";
constexpr std::string_view kReset = "\x1b[0m";
constexpr std::string_view kLitGlass = "\x1b[38;5;235;48;5;148m";   // dark dots on yellow-green
constexpr std::string_view kDarkGlass = "\x1b[38;5;244;48;5;236m";  // backlight off: grey on near-black
constexpr std::string_view kBezel = "\x1b[38;5;240m";

std::string repeat(std::string_view s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

Hd44780Model::Options model_options(const Hd44780Config& config, PinMap pins) {
  Hd44780Model::Options options;
  options.geometry = {config.cols, config.rows, false};
  options.pins = pins;
  char name[64];
  std::snprintf(name, sizeof name, "lcd-sim (%s at 0x%02X)", config.bus.c_str(), config.address);
  options.name = name;
  return options;
}

}  // namespace

LcdSimDisplay::LcdSimDisplay(TerminalIo& io, const Hd44780Config& config, PinMap pins, Duration dwell,
                             bool color)
    : io_(io),
      charset_(parse_charset(config.charset).value_or(Charset::kHd44780A00)),
      color_(color),
      model_(model_options(config, pins)),
      driver_(model_, model_, LcdGeometry{config.cols, config.rows, false}, pins),
      core_(driver_, CharStyle{charset_, config.speed, dwell, config.backlight}) {
  caption_ = "HD44780 " + std::to_string(config.cols) + "x" + std::to_string(config.rows) + " " +
             std::string(charset_name(charset_)) + " preview";
  io_.write(kHideCursor);
}

LcdSimDisplay::~LcdSimDisplay() {
  io_.write(std::string(kReset) + std::string(kShowCursor));
}

Duration LcdSimDisplay::show(const Slide& slide, SteadyTime now) { return core_.show(slide, now); }

std::optional<SteadyTime> LcdSimDisplay::frame(SteadyTime now) {
  auto next = core_.frame(now);
  render();
  return next;
}

void LcdSimDisplay::status(std::string_view message) {
  core_.status(message);
  render();
}

void LcdSimDisplay::suspend() {
  io_.write(std::string(kReset) + std::string(kShowCursor));
  io_.suspend();
}

void LcdSimDisplay::resume() {
  io_.resume();
  io_.write(kHideCursor);
  placed_ = false;  // the shell wrote below it: draw a new one
  drawn_.clear();
  render();
}

// A custom code shows the character the display core meant only when the
// model's CGRAM really holds that character's bitmap: the preview shows the
// chip's state, not our intentions.
std::string LcdSimDisplay::cell(unsigned char code) const {
  if (code < 16) {
    const int slot = code % 8;
    const auto& meant = core_.glyphs();
    if (static_cast<std::size_t>(slot) < meant.size() && glyph_for(meant[slot]) == model_.cgram(slot)) {
      std::string utf8;
      append_utf8(utf8, meant[slot]);
      return utf8;
    }
    return "\u2592";  // ▒: a glyph we cannot name
  }
  std::string glyph = code_to_utf8(charset_, code);
  // The terminal cannot fit a wide glyph (円 on A00) in one cell.
  return display_width(glyph) == 1 ? glyph : "\u25AA";
}

std::vector<std::string> LcdSimDisplay::picture() const {
  const int cols = driver_.cols();
  std::vector<std::string> lines;
  lines.push_back("\u250C" + repeat("\u2500", cols + 2) + "\u2510");
  for (const std::string& row : model_.rows()) {
    std::string line = "\u2502 ";
    for (char code : row) line += cell(static_cast<unsigned char>(code));
    lines.push_back(line + " \u2502");
  }
  lines.push_back("\u2514" + repeat("\u2500", cols + 2) + "\u2518");
  lines.push_back(caption_);
  return lines;
}

void LcdSimDisplay::render() {
  std::vector<std::string> lines = picture();
  std::string plain;
  for (const auto& line : lines) plain += line + "\n";
  if (plain == drawn_) return;
  drawn_ = plain;

  std::string glass = std::string(model_.backlight() ? kLitGlass : kDarkGlass);
  std::string out;
  if (placed_) out += "\x1b[" + std::to_string(lines.size()) + "A";  // back to the top of the last picture
  for (std::size_t i = 0; i < lines.size(); ++i) {
    out += "\r\x1b[K";
    const bool glass_row = i > 0 && i + 2 < lines.size();
    if (!color_) {
      out += lines[i];
    } else if (glass_row) {
      // "│ " + cells + " │": the bezel around, the glass inside.
      const std::string& line = lines[i];
      const std::size_t inner_start = std::string_view("\u2502").size();
      const std::size_t inner_end = line.size() - std::string_view("\u2502").size();
      out += std::string(kBezel) + "\u2502" + glass + line.substr(inner_start, inner_end - inner_start) +
             std::string(kReset) + std::string(kBezel) + "\u2502" + std::string(kReset);
    } else if (i + 1 < lines.size()) {
      out += std::string(kBezel) + lines[i] + std::string(kReset);
    } else {
      out += lines[i];
    }
    out += "\n";
  }
  io_.write(out);
  placed_ = true;
}

}  // namespace headliner
