#include "json.hpp"

#include <cstddef>
#include <utility>

namespace headliner {

namespace {

constexpr char32_t kInvalid = 0xFFFFFFFF;

// The code point of the UTF-8 sequence at the start of `text`, and how many
// bytes it takes. For invalid UTF-8 (a stray byte, an overlong form, a
// surrogate, past U+10FFFF, cut short): kInvalid and the length of the
// longest start of a sequence there, at least 1 byte.
std::pair<char32_t, std::size_t> decode_utf8(std::string_view text) {
  auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(0);
  if (lead < 0x80) return {lead, 1};
  std::size_t length = 0;
  char32_t cp = 0;
  unsigned char low = 0x80, high = 0xBF;  // the range of the second byte
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2, cp = lead & 0x1F;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3, cp = lead & 0x0F;
    if (lead == 0xE0) low = 0xA0;   // no overlongs
    if (lead == 0xED) high = 0x9F;  // no surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4, cp = lead & 0x07;
    if (lead == 0xF0) low = 0x90;   // no overlongs
    if (lead == 0xF4) high = 0x8F;  // nothing past U+10FFFF
  } else {
    return {kInvalid, 1};
  }
  for (std::size_t i = 1; i < length; ++i) {
    if (i >= text.size()) return {kInvalid, i};
    const unsigned char next = byte(i);
    if (next < (i == 1 ? low : 0x80) || next > (i == 1 ? high : 0xBF)) return {kInvalid, i};
    cp = (cp << 6) | (next & 0x3F);
  }
  return {cp, length};
}

// Code points a terminal or a text renderer acts on: C0, DEL, C1, the bidi
// controls (the Bidi_Control property) and the line and paragraph separators.
bool must_escape(char32_t cp) {
  return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x061C || cp == 0x200E || cp == 0x200F ||
         (cp >= 0x2028 && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

}  // namespace

std::string json_string(std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(text.size() + 2);
  out.push_back('"');
  while (!text.empty()) {
    auto [cp, length] = decode_utf8(text);
    if (cp == '"' || cp == '\\') {
      out.push_back('\\');
      out.push_back(static_cast<char>(cp));
    } else if (cp == kInvalid) {
      out += "\\ufffd";  // JSON is UTF-8, and a stray 0x9B is a CSI to some terminals
    } else if (must_escape(cp)) {
      out += "\\u";
      for (int shift = 12; shift >= 0; shift -= 4) out.push_back(kHex[(cp >> shift) & 0xf]);
    } else {
      out.append(text.substr(0, length));
    }
    text.remove_prefix(length);
  }
  out.push_back('"');
  return out;
}

std::string json_nullable(const std::optional<std::string>& text) {
  return text ? json_string(*text) : "null";
}

std::string json_date(const std::optional<UtcTime>& time) {
  return time ? json_string(format_rfc3339(*time)) : "null";
}

std::string json_strings(const std::vector<std::string>& texts) {
  std::string out = "[";
  for (const auto& t : texts) out += (out.size() > 1 ? "," : "") + json_string(t);
  return out + "]";
}

JsonObject& JsonObject::add(std::string_view key, std::string_view json_value) {
  if (body_.size() > 1) body_ += ',';
  body_ += json_string(key);
  body_ += ':';
  body_ += json_value;
  return *this;
}

}  // namespace headliner
