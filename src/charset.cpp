#include "charset.hpp"

#include "text_width.hpp"
#include "utf8.hpp"

#include <utf8proc.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace headliner {
namespace {

#include "charset_tables.inc"

template <typename Entry, std::size_t N>
constexpr bool strictly_ascending(const Entry (&table)[N]) {
  return std::adjacent_find(std::begin(table), std::end(table),
                            [](const Entry& a, const Entry& b) { return a.c >= b.c; }) == std::end(table);
}
// The lookups below are binary searches.
static_assert(strictly_ascending(kPunctuation), "kPunctuation must be sorted by code point");
static_assert(strictly_ascending(kLookAlikes), "kLookAlikes must be sorted by code point");
static_assert(strictly_ascending(kGlyphs), "kGlyphs must be sorted by code point");

constexpr bool glyphs_fit_the_cell() {
  for (const auto& entry : kGlyphs) {
    if (entry.glyph[7] != 0) return false;  // the cursor's row
    for (const auto row : entry.glyph)
      if (row > 0b11111) return false;
  }
  return true;
}
static_assert(glyphs_fit_the_cell(), "custom glyphs use the low five bits of rows 0..6");

template <typename Entry, std::size_t N>
const Entry* find_entry(const Entry (&table)[N], char32_t c) {
  const auto* found = std::lower_bound(std::begin(table), std::end(table), c,
                                       [](const Entry& entry, char32_t key) { return entry.c < key; });
  return found != std::end(table) && found->c == c ? found : nullptr;
}

const Glass& glass_of(Charset charset) {
  switch (charset) {
    case Charset::kHd44780A00: return kA00Glass;
    case Charset::kHd44780A02: return kA02Glass;
    case Charset::kLatin1: return kLatin1Glass;
    case Charset::kAscii: return kAsciiGlass;
  }
  return kAsciiGlass;
}

std::span<const RomAlias> aliases_of(Charset charset) {
  switch (charset) {
    case Charset::kHd44780A00: return kA00Aliases;
    case Charset::kHd44780A02: return kA02Aliases;
    case Charset::kLatin1: return kLatin1Aliases;
    case Charset::kAscii: return {};
  }
  return {};
}

// The code points of `utf8` after utf8proc's normalisation with `options`
// (canonical composition, or decomposition with the extras asked for).
// Empty when utf8proc refuses the bytes (invalid UTF-8).
std::u32string normalize(std::string_view utf8, utf8proc_option_t options) {
  const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(utf8.data());
  const auto length = static_cast<utf8proc_ssize_t>(utf8.size());
  std::vector<utf8proc_int32_t> buffer(utf8.size() + 4);
  utf8proc_ssize_t count = 0;
  while (true) {
    count = utf8proc_decompose(bytes, length, buffer.data(), static_cast<utf8proc_ssize_t>(buffer.size()), options);
    if (count < 0) return {};
    if (static_cast<std::size_t>(count) <= buffer.size()) break;
    buffer.resize(static_cast<std::size_t>(count));  // it said how much it needs
  }
  if ((options & UTF8PROC_COMPOSE) != 0) {
    count = utf8proc_normalize_utf32(buffer.data(), count, options);
    if (count < 0) return {};
  }
  std::u32string out;
  out.reserve(static_cast<std::size_t>(count));
  for (utf8proc_ssize_t i = 0; i < count; ++i) out.push_back(static_cast<char32_t>(buffer[static_cast<std::size_t>(i)]));
  return out;
}

constexpr auto kNfc = static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE);
// NFKD with the marks and the default-ignorable characters (joiners,
// variation selectors, emoji tags) taken out: "é" -> "e", "ﬁ" -> "fi",
// "１" -> "1", "❤️" -> "❤".
constexpr auto kPlain = static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT |
                                                       UTF8PROC_STRIPMARK | UTF8PROC_IGNORE);

bool is_ignorable(char32_t c) { return utf8proc_get_property(static_cast<utf8proc_int32_t>(c))->ignorable != 0; }

// Step 1: the device's own glyph. Never a code below 0x20.
std::optional<unsigned char> rom_code(Charset charset, char32_t c) {
  if (c < 0x20) return std::nullopt;
  const Glass& glass = glass_of(charset);
  if (c < glass.size() && glass[c] == c) return static_cast<unsigned char>(c);
  for (std::size_t code = 0x20; code < glass.size(); ++code) {
    if (glass[code] == c) return static_cast<unsigned char>(code);
  }
  for (const RomAlias& alias : aliases_of(charset)) {
    if (alias.c == c) return alias.code;
  }
  return std::nullopt;
}

// Appends the device's own glyph for every character of `utf8`, or, when
// one is missing, nothing at all.
bool append_rom_text(std::string& out, Charset charset, std::string_view utf8) {
  const std::size_t start = out.size();
  for (std::size_t pos = 0; pos < utf8.size();) {
    const auto [c, length] = decode_utf8(utf8, pos);
    const auto code = length == 0 ? std::nullopt : rom_code(charset, c);
    if (!code) {
      out.resize(start);
      return false;
    }
    out.push_back(static_cast<char>(*code));
    pos += length;
  }
  return true;
}

// Step 1, else step 2: the device's glyph, else its spelling of the punctuation.
bool append_rom_or_punctuation(std::string& out, Charset charset, char32_t c) {
  if (const auto code = rom_code(charset, c)) {
    out.push_back(static_cast<char>(*code));
    return true;
  }
  if (is_space_like(c)) {
    out.push_back(' ');
    return true;
  }
  const Spelling* spelling = find_entry(kPunctuation, c);
  if (spelling == nullptr) return false;
  return append_rom_text(out, charset, spelling->first) ||
         (!spelling->otherwise.empty() && append_rom_text(out, charset, spelling->otherwise));
}

// Step 4's table: a look-alike spelled with steps 1-2.
bool append_look_alike(std::string& out, Charset charset, char32_t c) {
  const Spelling* spelling = find_entry(kLookAlikes, c);
  if (spelling == nullptr) return false;
  for (const std::string_view text : {spelling->first, spelling->otherwise}) {
    if (text.empty()) continue;
    const std::size_t start = out.size();
    bool complete = true;
    for (std::size_t pos = 0; complete && pos < text.size();) {
      const auto [letter, length] = decode_utf8(text, pos);
      complete = append_rom_or_punctuation(out, charset, letter);
      pos += length;
    }
    if (complete) return true;
    out.resize(start);
  }
  return false;
}

// Step 4: the cluster without its marks (NFKD), each character through
// steps 1-2 or the look-alikes; all of them or nothing.
bool append_plain(std::string& out, Charset charset, std::string_view cluster) {
  const std::u32string plain = normalize(cluster, kPlain);
  if (plain.empty()) return false;
  const std::size_t start = out.size();
  for (const char32_t c : plain) {
    if (!append_rom_or_punctuation(out, charset, c) && !append_look_alike(out, charset, c)) {
      out.resize(start);
      return false;
    }
  }
  return true;
}

// One grapheme cluster of the input, in NFC.
struct InputCluster {
  std::string_view bytes;
  std::u32string nfc;  // empty when the bytes are not valid UTF-8
};

std::vector<InputCluster> clusters_of(std::string_view text) {
  std::vector<InputCluster> clusters;
  for (const Cluster& cluster : split_clusters(text)) {
    const auto first = static_cast<unsigned char>(cluster.bytes.front());
    if (cluster.bytes.size() == 1 && first < 0x80) {
      clusters.push_back({cluster.bytes, std::u32string(1, first)});  // ASCII: its own NFC
    } else {
      clusters.push_back({cluster.bytes, normalize(cluster.bytes, kNfc)});
    }
  }
  return clusters;
}

// A character that wants a custom glyph: one the device cannot show by
// steps 1-2, for which we have a bitmap.
bool wants_custom_glyph(Charset charset, const InputCluster& cluster) {
  if (cluster.nfc.size() != 1 || !glyph_for(cluster.nfc[0])) return false;
  std::string scratch;
  return !append_rom_or_punctuation(scratch, charset, cluster.nfc[0]);
}

// The characters that get the custom codes: the most frequent on the whole
// screen, ties to the one seen first. Index k stands for code k.
std::vector<char32_t> choose_custom_glyphs(Charset charset, std::span<const std::vector<InputCluster>> texts,
                                           std::size_t slots) {
  struct Candidate {
    char32_t c = 0;
    int count = 0;
  };
  std::vector<Candidate> candidates;  // in order of first appearance
  for (const auto& clusters : texts) {
    for (const InputCluster& cluster : clusters) {
      if (!wants_custom_glyph(charset, cluster)) continue;
      const char32_t c = cluster.nfc[0];
      auto found = std::find_if(candidates.begin(), candidates.end(), [c](const Candidate& k) { return k.c == c; });
      if (found == candidates.end()) found = candidates.insert(candidates.end(), Candidate{c, 0});
      ++found->count;
    }
  }
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const Candidate& a, const Candidate& b) { return a.count > b.count; });
  std::vector<char32_t> chosen;
  for (std::size_t i = 0; i < candidates.size() && i < slots; ++i) chosen.push_back(candidates[i].c);
  return chosen;
}

void append_cluster(std::string& out, Charset charset, std::span<const char32_t> custom, const InputCluster& cluster) {
  const std::u32string& nfc = cluster.nfc;
  if (!nfc.empty() && std::all_of(nfc.begin(), nfc.end(), is_ignorable)) return;  // nothing to see
  if (nfc.size() == 1) {
    const char32_t c = nfc[0];
    if (append_rom_or_punctuation(out, charset, c)) return;
    const auto slot = std::find(custom.begin(), custom.end(), c);
    if (slot != custom.end()) {
      out.push_back(static_cast<char>(slot - custom.begin()));
      return;
    }
    if (append_look_alike(out, charset, c)) return;
  } else if (nfc.size() > 1) {
    // A cluster NFC cannot make one character of ("ｶﾞ" on A00): whole if
    // the device has every part.
    std::string utf8;
    for (const char32_t c : nfc) append_utf8(utf8, c);
    if (append_rom_text(out, charset, utf8)) return;
  }
  if (!nfc.empty() && append_plain(out, charset, cluster.bytes)) return;
  out.push_back('?');
}

char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return ascii_lower(x) == ascii_lower(y); });
}

constexpr Charset kCharsets[] = {Charset::kHd44780A00, Charset::kHd44780A02, Charset::kLatin1, Charset::kAscii};

}  // namespace

std::optional<Charset> parse_charset(std::string_view name) {
  for (const Charset charset : kCharsets) {
    if (equals_ignoring_case(name, charset_name(charset))) return charset;
  }
  return std::nullopt;
}

std::string_view charset_name(Charset charset) {
  switch (charset) {
    case Charset::kHd44780A00: return "a00";
    case Charset::kHd44780A02: return "a02";
    case Charset::kLatin1: return "latin1";
    case Charset::kAscii: return "ascii";
  }
  return "ascii";
}

DeviceScreen to_device(std::span<const std::string> texts, Charset charset, int custom_slots) {
  std::vector<std::vector<InputCluster>> clusters;
  clusters.reserve(texts.size());
  for (const std::string& text : texts) clusters.push_back(clusters_of(text));

  DeviceScreen screen;
  const auto slots = static_cast<std::size_t>(std::clamp(custom_slots, 0, kMaxCustomGlyphs));
  screen.glyphs = choose_custom_glyphs(charset, clusters, slots);
  screen.texts.reserve(texts.size());
  for (std::size_t i = 0; i < texts.size(); ++i) {
    std::string codes;
    codes.reserve(texts[i].size());
    for (const InputCluster& cluster : clusters[i]) append_cluster(codes, charset, screen.glyphs, cluster);
    if (codes.empty() && !texts[i].empty()) codes = "?";  // only invisible characters: still not blank
    screen.texts.push_back(std::move(codes));
  }
  return screen;
}

std::optional<Glyph> glyph_for(char32_t c) {
  const GlyphEntry* entry = find_entry(kGlyphs, c);
  if (entry == nullptr) return std::nullopt;
  return entry->glyph;
}

std::string code_to_utf8(Charset charset, unsigned char code) {
  if (charset == Charset::kHd44780A00) {
    for (const GlassSpecial& special : kA00Specials) {
      if (special.code == code) return std::string(special.utf8);
    }
  }
  const char32_t c = glass_of(charset)[code];
  if (c == 0) return "?";
  std::string utf8;
  append_utf8(utf8, c);
  return utf8;
}

}  // namespace headliner
