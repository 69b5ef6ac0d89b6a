// Character sets of small displays. Turns clean UTF-8 into one device code
// per cell, the best a device can show: never a blank headline, never half a
// character. Order of choice per grapheme cluster:
//   1. the device's own glyph (ROM, Latin-1, ASCII),
//   2. a punctuation table (curly quotes, dashes, ellipsis, € -> EUR, …),
//   3. a custom glyph (HD44780 CGRAM), for the most frequent characters on
//      the screen the ROM lacks but we have a 5×8 bitmap for (é è à ç …),
//   4. the letter without its accents (utf8proc NFKD),
//   5. '?'.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "char_device.hpp"

namespace headliner {

enum class Charset {
  kHd44780A00,  // Japanese ROM, the common one: ASCII but ¥ at 0x5C and → at 0x7E, katakana, ä ö ü ñ ß-like glyphs
  kHd44780A02,  // European ROM: close to Latin-1 in 0xA0..0xFF
  kLatin1,      // ISO-8859-1 (LCDd's drivers mostly take this)
  kAscii,       // printable ASCII only
};

// "a00", "a02", "latin1", "ascii" (case-insensitive); nullopt otherwise.
std::optional<Charset> parse_charset(std::string_view name);
std::string_view charset_name(Charset charset);

// An HD44780 holds eight custom glyphs (CGRAM codes 0..7); so does LCDd.
inline constexpr int kMaxCustomGlyphs = 8;

// What one screen shows, in device codes. Texts on the same screen share
// the custom glyphs, so they are converted together.
struct DeviceScreen {
  std::vector<std::string> texts;   // texts[i]: one device code per cell of input i
  std::vector<char32_t> glyphs;     // glyphs[k]: the character custom code k stands for (draw glyph_for(glyphs[k]))
};

// Converts each text (clean UTF-8) to device codes, using at most
// `custom_slots` custom glyphs (clamped to 0..kMaxCustomGlyphs) among all of
// them, given to the characters most frequent on the screen (ties: the one
// seen first). A cluster may take several cells ("…" -> "..."); a non-empty
// text never becomes empty; no code is below 0x20 but the custom ones.
DeviceScreen to_device(std::span<const std::string> texts, Charset charset, int custom_slots);

// The 5×8 bitmap for a character we can draw as a custom glyph, if any.
std::optional<Glyph> glyph_for(char32_t c);

// What a person sees on the glass for a device code, as UTF-8 (the ROM's
// glyph; "?" for codes with no readable glyph). For previews and tests;
// custom codes are resolved by the caller from DeviceScreen::glyphs.
// Nearly all are one terminal cell wide; on A00, 0xE9 (⁻¹) and the
// ideographs 千 万 円 (0xFA..0xFC) are two: a preview measures them
// (text_width.hpp).
std::string code_to_utf8(Charset charset, unsigned char code);

}  // namespace headliner
