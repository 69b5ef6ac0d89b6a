#include "text.hpp"

#include "ascii_scan.hpp"
#include "cp1252.hpp"
#include "utf8.hpp"

#include <utf8proc.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "html_entities.hpp"

namespace headliner {
namespace {

constexpr char32_t kZeroWidthJoiner = 0x200D;
constexpr char32_t kMaxCodePoint = 0x10FFFF;

// ---------------------------------------------------------------------------
// Small character helpers. All ASCII-only on purpose: the C <cctype>
// functions depend on the locale, and feed text must not.

bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }
bool is_ascii_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_ascii_alnum(char c) { return is_ascii_alpha(c) || is_ascii_digit(c); }
char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// -1 when `c` is not a digit in `base` (10 or 16).
int digit_value(char c, int base) {
  if (is_ascii_digit(c)) return c - '0';
  const char lower = ascii_lower(c);
  if (base == 16 && lower >= 'a' && lower <= 'f') return lower - 'a' + 10;
  return -1;
}



// ---------------------------------------------------------------------------
// HTML character references

// HTML5 reads &#128; to &#159; as Windows-1252, because that is what the
// pages that wrote them meant. The five holes in Windows-1252 stay C1 controls
// (and clean_text removes them later).
char32_t code_point_for_numeric_reference(std::uint32_t value) {
  if (value == 0 || value > kMaxCodePoint) return kReplacementCharacter;
  if (value >= 0xD800 && value <= 0xDFFF) return kReplacementCharacter;
  if (value >= 0x80 && value <= 0x9F) return kCp1252High[value - 0x80] ? kCp1252High[value - 0x80] : value;
  return value;
}

struct Reference {
  std::size_t length;      // bytes of the reference, '&' and ';' included
  std::string_view value;  // for named references
  char32_t code_point;     // for numeric references
  std::uint32_t written;   // a numeric reference's number, before it is checked
};

// "&#233;", "&#xE9;" (the ';' may be missing, as HTML5 allows).
std::optional<Reference> parse_one_numeric_reference(std::string_view text, std::size_t amp) {
  std::size_t pos = amp + 2;  // after "&#"
  const bool hex = pos < text.size() && (text[pos] == 'x' || text[pos] == 'X');
  if (hex) ++pos;
  const int base = hex ? 16 : 10;
  const std::size_t digits_start = pos;
  std::uint32_t value = 0;
  for (; pos < text.size(); ++pos) {
    const int digit = digit_value(text[pos], base);
    if (digit < 0) break;
    // Saturate instead of overflowing: anything past U+10FFFF is invalid anyway.
    value = std::min<std::uint32_t>(value * base + static_cast<std::uint32_t>(digit), kMaxCodePoint + 1);
  }
  if (pos == digits_start) return std::nullopt;
  if (pos < text.size() && text[pos] == ';') ++pos;
  return Reference{pos - amp, {}, code_point_for_numeric_reference(value), value};
}

// The same, or two that are the halves of a surrogate pair ("&#55357;&#56832;"
// for U+1F600, as tools that escape UTF-16 code units write it): the character.
std::optional<Reference> parse_numeric_reference(std::string_view text, std::size_t amp) {
  auto reference = parse_one_numeric_reference(text, amp);
  if (!reference) return std::nullopt;
  const std::size_t next = amp + reference->length;
  if (text.substr(next).starts_with("&#"))
    if (auto low = parse_one_numeric_reference(text, next))
      if (char32_t paired = from_surrogate_pair(reference->written, low->written))
        return Reference{reference->length + low->length, {}, paired, paired};
  return reference;
}

// Legacy names ("amp", "not", "frac12") are 2 to 6 characters long.
constexpr std::size_t kLongestLegacyName = 6;

// HTML5 reads "&notit;" as "¬it;": when a ';'-terminated name is unknown, the
// longest legacy name it starts with is decoded and the rest left as text.
std::optional<Reference> parse_legacy_prefix(std::string_view name) {
  for (std::size_t length = std::min(name.size(), kLongestLegacyName); length >= 2; --length) {
    if (const auto value = lookup_html_entity(name.substr(0, length))) {
      return Reference{length + 1, *value, 0, 0};
    }
  }
  return std::nullopt;
}

std::optional<Reference> parse_named_reference(std::string_view text, std::size_t amp) {
  std::size_t end = amp + 1;
  while (end < text.size() && is_ascii_alnum(text[end])) ++end;
  const std::string_view name = text.substr(amp + 1, end - amp - 1);
  if (name.empty()) return std::nullopt;
  const bool has_semicolon = end < text.size() && text[end] == ';';
  if (has_semicolon) {
    if (const auto value = lookup_html_entity(text.substr(amp + 1, name.size() + 1))) {
      return Reference{name.size() + 2, *value, 0, 0};
    }
    return parse_legacy_prefix(name);
  }
  // Without ';' only a whole legacy name counts: "&copy 2024" is "© 2024", but
  // "?a=1&copyright=2" is left alone (a browser would say "©right").
  if (const auto value = lookup_html_entity(name)) return Reference{name.size() + 1, *value, 0, 0};
  return std::nullopt;
}

std::optional<Reference> parse_reference(std::string_view text, std::size_t amp) {
  if (amp + 1 < text.size() && text[amp + 1] == '#') return parse_numeric_reference(text, amp);
  return parse_named_reference(text, amp);
}

void append_reference(std::string& out, const Reference& reference) {
  if (reference.value.empty()) {
    append_utf8(out, reference.code_point);
  } else {
    out += reference.value;
  }
}

// After one decoding pass, are there still references that only double
// escaping produces ("&amp;amp;" became "&amp;")?
bool has_escaped_markup_reference(std::string_view text) {
  constexpr std::array<std::string_view, 5> kMarkupReferences = {"&amp;", "&lt;", "&gt;", "&quot;",
                                                                 "&apos;"};
  for (auto amp = text.find('&'); amp != std::string_view::npos; amp = text.find('&', amp + 1)) {
    const std::string_view rest = text.substr(amp);
    for (const auto reference : kMarkupReferences) {
      if (rest.starts_with(reference)) return true;
    }
    if (rest.starts_with("&#") && parse_numeric_reference(text, amp)) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------
// HTML tags

// Tags that break a line when rendered: "one<br>two" must not become "onetwo".
// Inline tags (<b>, <a>, <span>) vanish without a trace.
constexpr std::string_view kBlockTags[] = {
    "address", "article", "aside",  "blockquote", "br",       "caption",    "dd",     "details",
    "dialog",  "div",     "dl",     "dt",         "fieldset", "figcaption", "figure", "footer",
    "form",    "h1",      "h2",     "h3",         "h4",       "h5",         "h6",     "header",
    "hgroup",  "hr",      "li",     "main",       "nav",      "ol",         "p",      "pre",
    "section", "summary", "table",  "td",         "th",       "tr",         "ul"};

// Tags whose content is not text at all.
constexpr std::string_view kRawContentTags[] = {"script", "style"};

// The other elements that feed titles carry. A tag must name an element of
// HTML to be markup: "Use <vector> in C++" and "a < b" are text.
constexpr std::string_view kInlineTags[] = {
    "a",    "abbr", "acronym", "b",   "big",  "cite",  "code",   "del",    "dfn",  "em",
    "font", "i",    "img",     "ins", "kbd",  "mark",  "q",      "s",      "samp", "small",
    "span", "strike", "strong", "sub", "sup", "time",  "tt",     "u",      "var",  "wbr",
    "body", "html", "head",    "title", "meta", "link", "center", "nobr",  "label", "iframe",
    "video", "audio", "source", "picture", "svg", "object", "embed", "noscript", "button", "input"};

std::string_view tag_name(std::string_view html, std::size_t lt, std::array<char, 12>& buffer);
bool contains(const auto& names, std::string_view name);

bool starts_tag(std::string_view html, std::size_t lt) {
  if (lt + 1 >= html.size()) return false;
  const char next = html[lt + 1];
  if (next == '!' || next == '?') return true;
  if (!is_ascii_alpha(next) && next != '/') return false;
  std::array<char, 12> buffer{};
  const std::string_view name = tag_name(html, lt, buffer);
  const std::size_t after = lt + 1 + (next == '/') + name.size();
  // "<b>", "<b/>", "<br class=x>", "</b>": the name must end where the tag does or at a space.
  const bool name_ends = after >= html.size() || html[after] == '>' || html[after] == '/' ||
                         html[after] == ' ' || html[after] == '\t' || html[after] == '\n' ||
                         html[after] == '\r';
  return name_ends && (contains(kBlockTags, name) || contains(kInlineTags, name) ||
                       contains(kRawContentTags, name));
}

std::size_t find_tag_end(std::string_view html, std::size_t lt, std::size_t last_gt) {
  if (last_gt == std::string_view::npos || last_gt < lt) return std::string_view::npos;
  char quote = 0;
  bool after_equals = false;
  for (std::size_t pos = lt + 1; pos < html.size(); ++pos) {
    const char c = html[pos];
    if (quote != 0) {
      if (c == quote) quote = 0;
    } else if (c == '>') {
      return pos;
    } else if ((c == '"' || c == '\'') && after_equals) {
      quote = c;
    } else if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
      after_equals = c == '=';
    }
  }
  // An unclosed quote: fall back to the first '>', as a sloppy author meant.
  return html.find('>', lt + 1);
}

// Lower-cased tag name of the tag at `lt` ("<DIV class=x>" → "div"); names
// longer than any we look for come back truncated, which matches nothing.
std::string_view tag_name(std::string_view html, std::size_t lt, std::array<char, 12>& buffer) {
  std::size_t pos = lt + 1;
  if (pos < html.size() && html[pos] == '/') ++pos;
  std::size_t length = 0;
  for (; pos < html.size() && is_ascii_alnum(html[pos]) && length < buffer.size(); ++pos) {
    buffer[length++] = ascii_lower(html[pos]);
  }
  return {buffer.data(), length};
}

bool is_closing_tag(std::string_view html, std::size_t lt) { return html[lt + 1] == '/'; }

bool contains(const auto& names, std::string_view name) {
  return std::find(std::begin(names), std::end(names), name) != std::end(names);
}

bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() &&
         std::equal(prefix.begin(), prefix.end(), text.begin(),
                    [](char a, char b) { return ascii_lower(a) == ascii_lower(b); });
}

// Where the text resumes after raw content such as a script body: after the
// matching "</script ...>", or the end of the input if it never closes.
std::size_t skip_raw_content(std::string_view html, std::size_t from, std::string_view name) {
  for (auto lt = html.find("</", from); lt != std::string_view::npos; lt = html.find("</", lt + 2)) {
    const std::string_view rest = html.substr(lt + 2);
    if (!starts_with_ignoring_case(rest, name)) continue;
    const bool name_ends = rest.size() == name.size() || !is_ascii_alnum(rest[name.size()]);
    if (name_ends) {  // "</scripts>" does not close <script>
      const auto end = html.find('>', lt);
      return end == std::string_view::npos ? html.size() : end + 1;
    }
  }
  return html.size();
}

// Handles the '<' at `lt`; appends what it stands for and returns where to go on.
std::size_t strip_markup_at(std::string_view html, std::size_t lt, std::size_t last_gt, std::string& out) {
  const std::string_view rest = html.substr(lt);
  if (rest.starts_with("<!--")) {
    // Searching from "<!" also ends the empty comments "<!-->" and "<!--->".
    const auto end = html.find("-->", lt + 2);
    return end == std::string_view::npos ? html.size() : end + 3;
  }
  if (rest.starts_with("<![CDATA[")) {
    // CDATA inside HTML (doubly wrapped feeds): its content is the text.
    const auto content = lt + 9;
    const auto end = html.find("]]>", content);
    out += html.substr(content, end == std::string_view::npos ? end : end - content);
    return end == std::string_view::npos ? html.size() : end + 3;
  }
  const auto end = starts_tag(html, lt) ? find_tag_end(html, lt, last_gt) : std::string_view::npos;
  if (end == std::string_view::npos) {
    out += '<';  // Not a tag ("a < b") or never closed ("<b unterminated"): text.
    return lt + 1;
  }
  std::array<char, 12> buffer{};
  const std::string_view name = tag_name(html, lt, buffer);
  if (contains(kBlockTags, name)) out += ' ';  // "line<br>break" must not glue words
  if (contains(kRawContentTags, name) && !is_closing_tag(html, lt)) {
    return skip_raw_content(html, end + 1, name);
  }
  return end + 1;
}

std::string strip_tags(std::string_view html) {
  std::string out;
  out.reserve(html.size());
  const auto last_gt = html.rfind('>');
  std::size_t pos = 0;
  while (pos < html.size()) {
    const auto lt = html.find('<', pos);
    if (lt == std::string_view::npos) {
      out += html.substr(pos);
      break;
    }
    out += html.substr(pos, lt - pos);
    pos = strip_markup_at(html, lt, last_gt, out);
  }
  return out;
}

// ---------------------------------------------------------------------------
// Cleaning

bool is_unicode_whitespace(char32_t cp) {
  // The non-ASCII members of the Unicode White_Space property.
  return cp == 0x85 || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 ||
         cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

bool is_noncharacter(char32_t cp) { return (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE; }

bool is_tag_character(char32_t cp) { return cp >= 0xE0020 && cp <= 0xE007F; }

bool is_format_character(char32_t cp) {
  return utf8proc_category(static_cast<utf8proc_int32_t>(cp)) == UTF8PROC_CATEGORY_CF;
}

enum class CharacterClass {
  kVisible,
  kWhitespace,
  kDropped,         // controls, bidi and format characters, noncharacters
  kZeroWidthJoiner, // kept only inside emoji sequences
  kTagCharacter,    // kept only in emoji tag sequences (subdivision flags)
  kEightBitCsi,     // U+009B, the one-character form of ESC [
};

// Letters from Latin-1 to Hebrew, and the dashes, quotes and ellipsis of
// General Punctuation: most non-ASCII text in feeds, and none of it a format
// character (tests/text_test.cpp checks these ranges against utf8proc).
bool is_common_visible(char32_t cp) {
  return (cp >= 0xA1 && cp <= 0x5FF && cp != 0xAD) || (cp >= 0x2010 && cp <= 0x2027);
}

CharacterClass classify_non_ascii(char32_t cp) {
  if (is_common_visible(cp)) return CharacterClass::kVisible;
  if (cp == 0x9B) return CharacterClass::kEightBitCsi;
  if (is_unicode_whitespace(cp)) return CharacterClass::kWhitespace;  // NEL (U+0085) is a line break
  if (cp <= 0x9F) return CharacterClass::kDropped;                    // other C1 controls
  if (cp == kZeroWidthJoiner) return CharacterClass::kZeroWidthJoiner;
  if (is_tag_character(cp)) return CharacterClass::kTagCharacter;
  // Format characters cover the bidi controls, U+200B, U+2060, U+FEFF, U+00AD.
  if (is_noncharacter(cp) || is_format_character(cp)) return CharacterClass::kDropped;
  return CharacterClass::kVisible;
}

// Builds clean_text's output: collapses whitespace runs to one space, trims,
// and places a zero-width joiner only between two visible characters.
class CleanTextWriter {
 public:
  explicit CleanTextWriter(std::size_t capacity) { out_.reserve(capacity); }

  void whitespace() {
    pending_space_ = !out_.empty();
    pending_joiner_ = false;
  }

  void zero_width_joiner() {
    if (!out_.empty() && !pending_space_) pending_joiner_ = true;
  }

  // Tag characters only mean something after a black flag (U+1F3F4) or
  // another tag character; elsewhere they smuggle invisible ASCII.
  void tag_character(char32_t cp) {
    if (last_visible_ == 0x1F3F4 || is_tag_character(last_visible_)) visible(cp);
  }

  void visible(char32_t cp) {
    flush_pending();
    append_utf8(out_, cp);
    last_visible_ = cp;
  }

  // A code point as it was written: its valid UTF-8 bytes.
  void visible(char32_t cp, std::string_view bytes) {
    flush_pending();
    out_ += bytes;
    last_visible_ = cp;
  }

  // A run of printable ASCII.
  void visible_ascii(std::string_view run) {
    flush_pending();
    out_ += run;
    last_visible_ = static_cast<unsigned char>(run.back());
  }

  std::string finish() && { return std::move(out_); }

 private:
  void flush_pending() {
    if (pending_space_) {
      out_ += ' ';
    } else if (pending_joiner_) {
      append_utf8(out_, kZeroWidthJoiner);
    }
    pending_space_ = false;
    pending_joiner_ = false;
  }

  std::string out_;
  bool pending_space_ = false;
  bool pending_joiner_ = false;
  char32_t last_visible_ = 0;
};

constexpr char kEscape = '\x1B';
constexpr char kBell = '\x07';

bool is_byte_in(char c, unsigned low, unsigned high) {
  const auto byte = static_cast<unsigned char>(c);
  return byte >= low && byte <= high;
}

// The body of a control sequence (after ESC [ or U+009B): parameter bytes,
// intermediate bytes, one final byte. Anything else ends it early, unconsumed.
std::size_t skip_csi_body(std::string_view text, std::size_t pos) {
  while (pos < text.size() && is_byte_in(text[pos], 0x20, 0x3F)) ++pos;
  if (pos < text.size() && is_byte_in(text[pos], 0x40, 0x7E)) ++pos;
  return pos;
}

// The payload of OSC (ESC ]) and the other string commands (DCS, SOS, PM,
// APC) up to its terminator: BEL, ESC \ or U+009C. Window-title junk such as
// "ESC ]0;title BEL" goes with it. Unterminated, it runs to the end.
std::size_t skip_control_string(std::string_view text, std::size_t pos) {
  for (; pos < text.size(); ++pos) {
    if (text[pos] == kBell) return pos + 1;
    if (text.substr(pos).starts_with("\xC2\x9C")) return pos + 2;
    if (text[pos] == kEscape) {
      const bool string_terminator = pos + 1 < text.size() && text[pos + 1] == '\\';
      return string_terminator ? pos + 2 : pos;  // another ESC starts a new sequence
    }
  }
  return pos;
}

// Where the text resumes after the ESC at `esc` and its sequence (ECMA-48).
std::size_t skip_escape_sequence(std::string_view text, std::size_t esc) {
  std::size_t pos = esc + 1;
  if (pos >= text.size()) return pos;
  const char kind = text[pos];
  if (kind == '[') return skip_csi_body(text, pos + 1);
  if (kind == ']' || kind == 'P' || kind == 'X' || kind == '^' || kind == '_') {
    return skip_control_string(text, pos + 1);
  }
  // ESC, intermediate bytes, final byte: "ESC ( B", "ESC 7", "ESC c".
  while (pos < text.size() && is_byte_in(text[pos], 0x20, 0x2F)) ++pos;
  if (pos < text.size() && is_byte_in(text[pos], 0x30, 0x7E)) ++pos;
  return pos;
}

// Returns the position after what it consumed.
std::size_t clean_ascii_at(std::string_view text, std::size_t pos, CleanTextWriter& writer) {
  const char c = text[pos];
  if (c == kEscape) return skip_escape_sequence(text, pos);
  if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
    writer.whitespace();
  } else if (is_byte_in(c, 0x21, 0x7E)) {
    writer.visible_ascii(text.substr(pos, 1));
  }  // other C0 controls and DEL vanish
  return pos + 1;
}

std::size_t clean_non_ascii_at(std::string_view text, std::size_t pos, CleanTextWriter& writer) {
  const auto [cp, length] = decode_utf8(text, pos);
  if (length == 0) {
    writer.visible(kReplacementCharacter);  // one U+FFFD per invalid byte
    return pos + 1;
  }
  switch (classify_non_ascii(cp)) {
    case CharacterClass::kVisible: writer.visible(cp, text.substr(pos, length)); break;
    case CharacterClass::kWhitespace: writer.whitespace(); break;
    case CharacterClass::kDropped: break;
    case CharacterClass::kZeroWidthJoiner: writer.zero_width_joiner(); break;
    case CharacterClass::kTagCharacter: writer.tag_character(cp); break;
    case CharacterClass::kEightBitCsi: return skip_csi_body(text, pos + length);
  }
  return pos + length;
}

// ---------------------------------------------------------------------------
// Match keys

bool is_ascii(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

bool is_letter_or_number(char32_t cp) {
  switch (utf8proc_category(static_cast<utf8proc_int32_t>(cp))) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
      return true;
    default:
      return false;
  }
}

// Appends words, folding every run of separators into one space; trims.
class KeyWriter {
 public:
  explicit KeyWriter(std::size_t capacity) { out_.reserve(capacity); }
  void separator() { pending_separator_ = !out_.empty(); }
  void word_character(std::string_view bytes) {
    if (pending_separator_) out_ += ' ';
    pending_separator_ = false;
    out_ += bytes;
  }
  std::string finish() && { return std::move(out_); }

 private:
  std::string out_;
  bool pending_separator_ = false;
};

// Plain ASCII needs no normalisation tables: folding is lower-casing.
std::string ascii_match_key(std::string_view text) {
  KeyWriter writer(text.size());
  for (const char c : text) {
    if (is_ascii_alnum(c)) {
      const char lower = ascii_lower(c);
      writer.word_character({&lower, 1});
    } else {
      writer.separator();
    }
  }
  return std::move(writer).finish();
}

std::string key_from_folded(std::string_view folded) {
  KeyWriter writer(folded.size());
  std::size_t pos = 0;
  while (pos < folded.size()) {
    const auto [cp, length] = decode_utf8(folded, pos);
    const std::size_t step = length == 0 ? 1 : length;
    if (length != 0 && is_letter_or_number(cp)) {
      writer.word_character(folded.substr(pos, step));
    } else {
      writer.separator();
    }
    pos += step;
  }
  return std::move(writer).finish();
}

struct FreeDeleter {
  void operator()(utf8proc_uint8_t* p) const { std::free(p); }
};

}  // namespace

std::string decode_html_entities(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t pos = 0;
  for (auto amp = text.find('&'); amp != std::string_view::npos; amp = text.find('&', pos)) {
    out += text.substr(pos, amp - pos);
    if (const auto reference = parse_reference(text, amp)) {
      append_reference(out, *reference);
      pos = amp + reference->length;
    } else {
      out += '&';  // unknown: kept as written
      pos = amp + 1;
    }
  }
  out += text.substr(pos);
  return out;
}

std::string html_to_text(std::string_view html) {
  const bool has_markup = html.find('<') != std::string_view::npos;
  const std::string text = has_markup ? strip_tags(html) : std::string(html);
  if (text.find('&') == std::string::npos) return clean_text(text);
  std::string decoded = decode_html_entities(text);
  if (has_escaped_markup_reference(decoded)) decoded = decode_html_entities(decoded);
  return clean_text(decoded);
}

std::string rss_text_to_text(std::string_view text) {
  if (text.find('&') == std::string_view::npos && text.find('<') == std::string_view::npos)
    return clean_text(text);
  std::string decoded = decode_html_entities(strip_tags(text));
  // RSS does not say whether a title is text or HTML, and publishers escape
  // markup once more than needed ("&lt;b&gt;" after XML decoding): a known
  // HTML tag at either level is markup, and is stripped.
  if (decoded.find('<') != std::string::npos) decoded = strip_tags(decoded);
  if (has_escaped_markup_reference(decoded)) decoded = decode_html_entities(decoded);
  return clean_text(decoded);
}

namespace {

// What clean_text() would return unchanged, as most ids, links, dates and
// titles already are: printable ASCII and common letters and punctuation,
// single spaces between them and none at either end.
bool is_already_clean(std::string_view text) {
  if (text.empty()) return true;
  if (text.front() == ' ' || text.back() == ' ') return false;
  for (std::size_t pos = 0; pos < text.size();) {
    const std::size_t non_ascii = find_non_ascii(text, pos);
    if (!is_printable_single_spaced(text.substr(pos, non_ascii - pos))) return false;
    if (non_ascii == text.size()) return true;
    const auto [cp, length] = decode_utf8(text, non_ascii);
    if (length == 0 || !is_common_visible(cp)) return false;
    pos = non_ascii + length;
  }
  return true;
}

}  // namespace

std::string clean_text(std::string_view text) {
  if (is_already_clean(text)) return std::string(text);
  CleanTextWriter writer(text.size());
  std::size_t pos = 0;
  while (pos < text.size()) {
    if (const std::size_t run_end = find_non_printable(text, pos); run_end > pos) {
      writer.visible_ascii(text.substr(pos, run_end - pos));
      pos = run_end;
      continue;
    }
    const bool ascii = static_cast<unsigned char>(text[pos]) < 0x80;
    pos = ascii ? clean_ascii_at(text, pos, writer) : clean_non_ascii_at(text, pos, writer);
  }
  return std::move(writer).finish();
}

std::string fold_case(std::string_view clean) {
  utf8proc_uint8_t* folded = nullptr;
  const auto options = static_cast<utf8proc_option_t>(UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD |
                                                      UTF8PROC_STRIPMARK | UTF8PROC_IGNORE);
  const auto length = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(clean.data()),
                                   static_cast<utf8proc_ssize_t>(clean.size()), &folded, options);
  const std::unique_ptr<utf8proc_uint8_t, FreeDeleter> owner(folded);
  // Clean UTF-8 fails only when out of memory; unfolded text is still better than none.
  if (length < 0) return std::string(clean);
  return {reinterpret_cast<const char*>(folded), static_cast<std::size_t>(length)};
}

std::string match_key(std::string_view text) {
  const std::string cleaned = clean_text(text);
  if (is_ascii(cleaned)) return ascii_match_key(cleaned);
  return key_from_folded(fold_case(cleaned));
}

}  // namespace headliner
