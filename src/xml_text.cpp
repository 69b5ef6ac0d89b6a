#include "xml_text.hpp"

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <optional>
#include <utility>

#include "cp1252.hpp"
#include "encoding.hpp"
#include "html_entities.hpp"
#include "utf8.hpp"

namespace headliner {
namespace {

constexpr std::pair<std::string_view, char> kXmlEntities[] = {
    {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''}};

struct NumericReference {
  std::uint32_t value;  // as written, saturated past U+10FFFF
  std::size_t length;
};

// "&#233;" or "&#xE9;" at the start of `text`; nullopt if it is not one.
std::optional<NumericReference> numeric_reference(std::string_view text) {
  if (!text.starts_with("&#")) return std::nullopt;
  const bool hex = text.starts_with("&#x");  // XML allows only a lower-case x
  std::size_t pos = hex ? 3 : 2;
  const std::size_t digits_start = pos;
  std::uint32_t value = 0;
  for (; pos < text.size(); ++pos) {
    const char c = text[pos];
    const char lower = static_cast<char>(c | 0x20);
    std::uint32_t digit;
    if (c >= '0' && c <= '9') digit = static_cast<std::uint32_t>(c - '0');
    else if (hex && lower >= 'a' && lower <= 'f') digit = static_cast<std::uint32_t>(lower - 'a' + 10);
    else break;
    value = std::min<std::uint32_t>(value * (hex ? 16 : 10) + digit, 0x110000);  // saturates past U+10FFFF
  }
  if (pos == digits_start || pos == text.size() || text[pos] != ';') return std::nullopt;
  return NumericReference{value, pos + 1};
}

// The character a numeric reference at the start of `text` stands for (U+FFFD
// for none, such as &#0; or a lone surrogate) and the bytes it takes: two
// references when they are the halves of a surrogate pair.
std::optional<std::pair<char32_t, std::size_t>> character_reference(std::string_view text) {
  auto reference = numeric_reference(text);
  if (!reference) return std::nullopt;
  if (auto low = numeric_reference(text.substr(reference->length)))
    if (char32_t paired = from_surrogate_pair(reference->value, low->value))
      return std::pair{paired, reference->length + low->length};
  const std::uint32_t value = reference->value;
  const bool valid = value != 0 && value < 0x110000 && (value < 0xD800 || value > 0xDFFF);
  if (!valid) return std::pair{kReplacementCharacter, reference->length};
  // &#146; is a C1 control in XML, but feeds mean what HTML5 reads: Windows-1252's ’.
  // Not &#155;, the 8-bit CSI: with what follows it, it is an escape sequence
  // that clean_text removes whole, where "›" would leave "2J" behind.
  if (value >= 0x80 && value <= 0x9F && value != 0x9B && kCp1252High[value - 0x80])
    return std::pair{static_cast<char32_t>(kCp1252High[value - 0x80]), reference->length};
  return std::pair{static_cast<char32_t>(value), reference->length};
}

// "&eacute;" at the start of `text`, an entity HTML defines and XML does not:
// its text and length. Feeds write them as if XML knew them; only the ';'
// form counts, as in XML, so "AT&T" and "?a=1&copy=2" stay as written.
std::optional<std::pair<std::string_view, std::size_t>> html_named_reference(std::string_view text) {
  constexpr std::size_t kLongestName = 32;  // "CounterClockwiseContourIntegral;" is 32
  const std::size_t semicolon = text.substr(0, kLongestName + 2).find(';');
  if (semicolon == std::string_view::npos || semicolon < 2) return std::nullopt;
  auto entity = lookup_html_entity(text.substr(1, semicolon));  // the table keeps the ';'
  if (!entity) return std::nullopt;
  return std::pair{*entity, semicolon + 1};
}

}  // namespace

void append_xml_decoded(std::string& out, std::string_view raw) {
  std::size_t pos = 0;
  for (auto amp = raw.find('&'); amp != std::string_view::npos; amp = raw.find('&', pos)) {
    out.append(raw.substr(pos, amp - pos));
    const std::string_view rest = raw.substr(amp);
    pos = amp + 1;
    if (rest.starts_with("&#")) {
      if (auto reference = character_reference(rest)) {
        append_utf8(out, reference->first);
        pos = amp + reference->second;
        continue;
      }
    } else {
      auto entity = std::find_if(std::begin(kXmlEntities), std::end(kXmlEntities),
                                 [&](const auto& e) { return rest.starts_with(e.first); });
      if (entity != std::end(kXmlEntities)) {
        out.push_back(entity->second);
        pos = amp + entity->first.size();
        continue;
      }
      if (auto html = html_named_reference(rest)) {
        out.append(html->first);
        pos = amp + html->second;
        continue;
      }
    }
    out.push_back('&');
  }
  out.append(raw.substr(pos));
}

std::string_view readable_xml_text(std::string_view raw, std::string& scratch, bool cdata) {
  std::string repaired;
  const bool was_repaired = repair_utf8(raw, repaired);
  const std::string_view text = was_repaired ? std::string_view(repaired) : raw;
  if (cdata || text.find('&') == std::string_view::npos) {
    if (!was_repaired) return raw;
    scratch = std::move(repaired);
    return scratch;
  }
  scratch.clear();
  append_xml_decoded(scratch, text);
  return scratch;
}

}  // namespace headliner
