#include "json.hpp"

#include "utf8.hpp"

#include <cstddef>
#include <utility>

namespace headliner {

namespace {



// Code points a terminal or a text renderer acts on: C0, DEL, C1, the bidi
// controls (the Bidi_Control property) and the line and paragraph separators.
bool must_escape(char32_t cp) { return is_control(cp) || is_bidi_control(cp) || cp == 0x2028 || cp == 0x2029; }

}  // namespace

std::string json_string(std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(text.size() + 2);
  out.push_back('"');
  while (!text.empty()) {
    auto [cp, length] = decode_utf8(text);
    if (length == 0) {
      out += "\\ufffd";  // JSON is UTF-8, and a stray 0x9B is a CSI to some terminals
      text.remove_prefix(1);
      continue;
    }
    if (cp == '"' || cp == '\\') {
      out.push_back('\\');
      out.push_back(static_cast<char>(cp));
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
