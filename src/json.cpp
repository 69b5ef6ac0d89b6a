#include "json.hpp"

namespace headliner {

std::string json_string(std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(text.size() + 2);
  out.push_back('"');
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (byte < 0x20 || byte == 0x7f) {
      out += "\\u00";
      out.push_back(kHex[byte >> 4]);
      out.push_back(kHex[byte & 0xf]);
    } else {
      out.push_back(c);
    }
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
