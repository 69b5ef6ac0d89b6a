// Reading and writing UTF-8, strictly: no overlong forms, no surrogates,
// nothing past U+10FFFF. The one place that knows the encoding's rules.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace headliner {

inline constexpr char32_t kReplacementCharacter = 0xFFFD;

struct Utf8Char {
  char32_t code_point;  // U+FFFD when not valid
  std::size_t length;   // bytes; 0 when the bytes at the position are not valid UTF-8
};

// The code point starting at `pos` (which must be inside `text`).
Utf8Char decode_utf8(std::string_view text, std::size_t pos = 0);

void append_utf8(std::string& out, char32_t code_point);

}  // namespace headliner

namespace headliner {

// C0, DEL and C1: what terminals act on.
constexpr bool is_control(char32_t cp) { return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F); }

// The Bidi_Control property: marks, embeddings, overrides and isolates.
constexpr bool is_bidi_control(char32_t cp) {
  return cp == 0x061C || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
         (cp >= 0x2066 && cp <= 0x2069);
}

}  // namespace headliner
