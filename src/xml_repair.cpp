#include "xml_repair.hpp"

#include <algorithm>
#include <vector>

#include "html_entities.hpp"

namespace headliner {
namespace {

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-' || c == '.' || c == ':';
}

bool is_digit(char c, bool hex) {
  return (c >= '0' && c <= '9') || (hex && ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')));
}

// Length of a well-formed XML reference at `s` ("&amp;", "&#38;", "&#x26;"), or 0.
std::size_t xml_reference(std::string_view s) {
  if (s.size() > 1 && s[1] == '#') {
    bool hex = s.size() > 2 && (s[2] == 'x' || s[2] == 'X');
    std::size_t i = hex ? 3 : 2, start = i;
    while (i < s.size() && is_digit(s[i], hex)) ++i;
    return i > start && i < s.size() && s[i] == ';' ? i + 1 : 0;
  }
  for (std::string_view known : {"&amp;", "&lt;", "&gt;", "&quot;", "&apos;"})
    if (s.starts_with(known)) return known.size();
  return 0;
}

std::string numeric_references(std::string_view utf8) {
  std::string out;
  for (std::size_t i = 0; i < utf8.size();) {
    auto lead = static_cast<unsigned char>(utf8[i]);
    std::size_t n = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    char32_t cp = n == 1 ? lead : lead & (0xFF >> (n + 1));
    for (std::size_t k = 1; k < n && i + k < utf8.size(); ++k)
      cp = (cp << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3F);
    out += "&#" + std::to_string(static_cast<unsigned long>(cp)) + ";";
    i += n;
  }
  return out;
}

// Skips a construct whose content is not markup; returns its length, or 0.
std::size_t opaque_section(std::string_view s) {
  for (auto [open, close] : {std::pair<std::string_view, std::string_view>{"<![CDATA[", "]]>"},
                             {"<!--", "-->"}, {"<?", "?>"}}) {
    if (!s.starts_with(open)) continue;
    auto end = s.find(close, open.size());
    return end == std::string_view::npos ? s.size() : end + close.size();
  }
  return 0;
}

// Offset of the '>' that ends the tag at `s` ('<' first), or npos. A '>'
// inside a quoted attribute value does not end it.
std::size_t tag_end(std::string_view s) {
  char quote = 0;
  for (std::size_t i = 1; i < s.size(); ++i) {
    if (quote) {
      if (s[i] == quote) quote = 0;
    } else if (s[i] == '"' || s[i] == '\'') {
      quote = s[i];
    } else if (s[i] == '>') {
      return i;
    }
  }
  return std::string_view::npos;
}

}  // namespace

std::optional<std::string> escape_stray_ampersands(std::string_view xml) {
  std::string out;
  out.reserve(xml.size() + 64);
  bool changed = false;
  std::size_t i = 0;
  while (i < xml.size()) {
    std::size_t next = xml.find_first_of("&<", i);
    if (next == std::string_view::npos) next = xml.size();
    out.append(xml.substr(i, next - i));
    i = next;
    if (i == xml.size()) break;
    std::string_view rest = xml.substr(i);
    if (rest[0] == '<') {
      std::size_t skip = opaque_section(rest);
      out.append(rest.substr(0, skip ? skip : 1));
      i += skip ? skip : 1;
      continue;
    }
    if (std::size_t n = xml_reference(rest)) {
      out.append(rest.substr(0, n));
      i += n;
      continue;
    }
    std::size_t name_end = 1;
    while (name_end < rest.size() && name_end < 40 && is_name_char(rest[name_end])) ++name_end;
    auto entity = name_end < rest.size() && rest[name_end] == ';'
                      ? lookup_html_entity(rest.substr(1, name_end))  // the table keeps the ';'
                      : std::nullopt;
    changed = true;
    if (entity) {
      out += numeric_references(*entity);
      i += name_end + 1;
    } else {
      out += "&amp;";
      i += 1;
    }
  }
  if (!changed) return std::nullopt;
  return out;
}

namespace {

bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// A '<' can start a tag, an end tag, a comment, CDATA, a declaration or an
// instruction only when one of these follows it.
bool can_follow_tag_open(char c) { return is_letter(c) || c == '_' || c == ':' || c == '/' || c == '!' || c == '?'; }

// HTML's elements that never have content, and so are never closed in HTML.
// Not "link", which is an RSS element with content.
bool is_html_void_element(std::string_view name) {
  static constexpr std::string_view kVoid[] = {"area", "base", "br",    "col",    "embed", "hr",  "img",
                                               "input", "meta", "param", "source", "track", "wbr"};
  for (std::string_view candidate : kVoid)
    if (name.size() == candidate.size() &&
        std::equal(name.begin(), name.end(), candidate.begin(),
                   [](char a, char b) { return static_cast<char>(a | 0x20) == b; }))
      return true;
  return false;
}

}  // namespace

std::optional<std::string> repair_stray_markup(std::string_view xml) {
  std::string out;
  out.reserve(xml.size() + 64);
  bool changed = false;
  std::size_t i = 0;
  while (i < xml.size()) {
    std::size_t next = xml.find('<', i);
    if (next == std::string_view::npos) next = xml.size();
    out.append(xml.substr(i, next - i));
    i = next;
    if (i == xml.size()) break;
    std::string_view rest = xml.substr(i);
    if (std::size_t skip = opaque_section(rest)) {
      out.append(rest.substr(0, skip));
      i += skip;
      continue;
    }
    if (rest.size() < 2 || !can_follow_tag_open(rest[1])) {  // "Profits < expected", "a <3 b"
      out += "&lt;";
      ++i;
      changed = true;
      continue;
    }
    const bool closing = rest[1] == '/';
    std::size_t name_end = closing ? 2 : 1;
    while (name_end < rest.size() && is_name_char(rest[name_end])) ++name_end;
    const std::string_view name = rest.substr(closing ? 2 : 1, name_end - (closing ? 2 : 1));
    const std::size_t end = tag_end(rest);
    if (end == std::string_view::npos || !is_html_void_element(name)) {
      out += '<';
      ++i;
      continue;
    }
    i += end + 1;
    const std::string_view tag = rest.substr(0, end);  // without its '>'
    if (closing || !tag.ends_with('/')) changed = true;
    if (closing) continue;  // "</br>": there is nothing to close
    out.append(tag);
    if (!tag.ends_with('/')) out += '/';
    out += '>';
  }
  if (!changed) return std::nullopt;
  return out;
}

std::optional<std::string> cut_before_break(std::string_view xml, std::size_t error_offset) {
  std::string_view before = xml.substr(0, std::min(error_offset, xml.size()));
  std::size_t cut = 0;
  std::vector<std::string_view> open;      // element names open at `cut`
  std::vector<std::string_view> stack;     // element names open where the scan is
  for (std::size_t i = before.find('<'); i != std::string_view::npos; i = before.find('<', i)) {
    std::string_view rest = before.substr(i);
    if (std::size_t skip = opaque_section(rest)) {
      i += skip;
      continue;
    }
    auto end = tag_end(rest);
    if (end == std::string_view::npos) break;
    std::string_view tag = rest.substr(1, end - 1);
    i += end + 1;
    if (tag.starts_with('!')) continue;  // <!DOCTYPE …>
    bool closing = tag.starts_with('/');
    if (closing) tag.remove_prefix(1);
    std::size_t name_length = 0;
    while (name_length < tag.size() && is_name_char(tag[name_length])) ++name_length;
    std::string_view name = tag.substr(0, name_length);
    if (!closing) {
      if (!tag.ends_with('/')) stack.push_back(name);
      continue;
    }
    if (stack.empty() || stack.back() != name) break;  // the damage starts here
    stack.pop_back();
    std::string_view local = name.substr(name.find(':') == std::string_view::npos ? 0 : name.find(':') + 1);
    if (local == "item" || local == "entry") {
      cut = i;
      open = stack;
    }
  }
  if (cut == 0) return std::nullopt;
  std::string out(before.substr(0, cut));
  for (auto it = open.rbegin(); it != open.rend(); ++it) out += "</" + std::string(*it) + ">";
  return out;
}

}  // namespace headliner
