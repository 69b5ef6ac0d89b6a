#include "utf8.hpp"

#include <utf8proc.h>

namespace headliner {

Utf8Char decode_utf8(std::string_view text, std::size_t pos) {
  utf8proc_int32_t code_point = -1;
  const auto length = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data() + pos),
                                       static_cast<utf8proc_ssize_t>(text.size() - pos), &code_point);
  if (length <= 0) return {kReplacementCharacter, 0};
  return {static_cast<char32_t>(code_point), static_cast<std::size_t>(length)};
}

void append_utf8(std::string& out, char32_t code_point) {
  utf8proc_uint8_t buffer[4];
  const auto length = utf8proc_encode_char(static_cast<utf8proc_int32_t>(code_point), buffer);
  out.append(reinterpret_cast<const char*>(buffer), static_cast<std::size_t>(length));
}

}  // namespace headliner
