#include "encoding.hpp"

#include "ascii_scan.hpp"
#include "cp1252.hpp"
#include "utf8.hpp"

#include <iconv.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <initializer_list>

namespace headliner {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

void append_cp1252(std::string& out, unsigned char byte) {
  const char32_t cp = byte >= 0xA0 ? byte : (byte >= 0x80 ? kCp1252High[byte - 0x80] : byte);
  if (cp == 0) out.append(kReplacement);
  else append_utf8(out, cp);
}


std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c); });
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '"' || s.front() == '\''))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '"' || s.back() == '\''))
    s.remove_suffix(1);
  return s;
}

struct Bom {
  std::string_view bytes;
  std::string_view encoding;
};

// Longest first: the UTF-32LE mark begins with the UTF-16LE one.
constexpr std::array kBoms = {Bom{std::string_view("\x00\x00\xFE\xFF", 4), "utf-32be"},
                              Bom{std::string_view("\xFF\xFE\x00\x00", 4), "utf-32le"},
                              Bom{"\xEF\xBB\xBF", "utf-8"}, Bom{"\xFE\xFF", "utf-16be"},
                              Bom{"\xFF\xFE", "utf-16le"}};

// UTF-16 without a mark, as some generators write it: two ASCII characters
// ("<?", "<r", "\n<") with a zero byte after (little-endian) or before each.
// No text in an ASCII-compatible charset starts with a zero byte in them.
std::string_view unmarked_utf16(std::string_view bytes) {
  if (bytes.size() < 4) return {};
  auto ascii = [](char c) { return c != '\0' && static_cast<unsigned char>(c) < 0x80; };
  if (ascii(bytes[0]) && bytes[1] == '\0' && ascii(bytes[2]) && bytes[3] == '\0') return "utf-16le";
  if (bytes[0] == '\0' && ascii(bytes[1]) && bytes[2] == '\0' && ascii(bytes[3])) return "utf-16be";
  return {};
}

bool is_one_of(std::string_view name, std::initializer_list<std::string_view> names) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// What the many names of a charset mean in practice, named as the WHATWG
// Encoding standard names them: Latin-1 and ASCII are Windows-1252, GB2312 is GBK.
std::string canonical(std::string name) {
  if (name == "utf8" || name == "unicode-1-1-utf-8") return "utf-8";
  if (is_one_of(name, {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "iso_8859-1", "cp819", "us-ascii",
                       "ascii", "cp1252", "x-cp1252", "windows-1252"}))
    return "windows-1252";
  if (is_one_of(name, {"gb2312", "gb_2312-80", "x-gbk", "gbk", "cp936", "chinese", "csgb2312", "iso-ir-58"}))
    return "gbk";
  if (is_one_of(name, {"shift_jis", "shift-jis", "sjis", "x-sjis", "ms_kanji", "csshiftjis", "windows-31j",
                       "ms932", "cp932"}))
    return "shift_jis";
  if (is_one_of(name, {"euc-kr", "ks_c_5601-1987", "ksc5601", "ksc_5601", "cseuckr", "cp949", "windows-949",
                       "x-windows-949", "uhc"}))
    return "euc-kr";
  if (is_one_of(name, {"euc-jp", "x-euc-jp", "cseucpkdfmtjapanese", "eucjp"})) return "euc-jp";
  if (is_one_of(name, {"big5", "big5-hkscs", "cn-big5", "x-x-big5", "csbig5"})) return "big5";
  if (name == "utf-16" || name == "utf16") return "utf-16";
  return name;
}

// The iconv decoder for an encoding: for the CJK ones, the superset that
// publishers actually write and browsers read. Shift_JIS is Microsoft's CP932,
// EUC-KR its CP949, EUC-JP with the same NEC and IBM rows; Big5 is
// Big5-HKSCS; GBK is read by the GB18030 decoder, as WHATWG says.
std::string iconv_name(const std::string& encoding) {
  if (encoding == "shift_jis") return "CP932";
  if (encoding == "euc-kr") return "CP949";
  if (encoding == "euc-jp") return "EUC-JP-MS";
  if (encoding == "big5") return "BIG5-HKSCS";
  if (encoding == "gbk") return "GB18030";
  return encoding;
}

// Charsets of one byte per character that extend ASCII. A document declared
// in one of them that is valid UTF-8 all through is UTF-8: real text in
// these charsets puts high bytes side by side in ways UTF-8 never does.
bool is_single_byte_ascii_superset(std::string_view name) {
  return name == "windows-1252" || name.starts_with("iso-8859-") || name.starts_with("windows-125") ||
         name.starts_with("koi8-") || name.starts_with("cp125");
}

// Where the first invalid UTF-8 sequence starts; bytes.size() if none does.
std::size_t first_invalid_utf8(std::string_view bytes) {
  for (std::size_t i = find_non_ascii(bytes, 0); i < bytes.size(); i = find_non_ascii(bytes, i)) {
    const std::size_t n = decode_utf8(bytes, i).length;
    if (n == 0) return i;
    i += n;
  }
  return bytes.size();
}

// Encodings whose characters are wider than a byte. They are found by their
// byte order mark or their "<?" pattern; one named in bytes that read as
// ASCII is a false declaration.
bool is_wide(std::string_view name) {
  for (std::string_view wide : {"utf-16", "utf-32", "ucs-2", "ucs-4", "ucs2", "ucs4", "unicode",
                                "iso-10646-ucs", "utf16", "utf32"})
    if (name.starts_with(wide)) return true;
  return false;
}

bool iconv_knows(const std::string& name) {
  iconv_t cd = iconv_open("UTF-8", iconv_name(name).c_str());
  if (cd == reinterpret_cast<iconv_t>(-1)) return false;
  iconv_close(cd);
  return true;
}

// A declared charset we can use, or "" to look further.
std::string usable(const std::string& declared) {
  std::string name = canonical(declared);
  if (name.empty() || is_wide(name)) return {};
  if (name == "utf-8" || iconv_knows(name)) return name;
  return {};
}

// Converts with iconv; a sequence iconv cannot read becomes U+FFFD and the
// conversion goes on one code unit later (a byte; two in UTF-16, four in
// UTF-32, so that the rest stays aligned). False when iconv does not know `from`.
bool convert_with_iconv(std::string_view bytes, const std::string& from, std::string& out) {
  iconv_t cd = iconv_open("UTF-8", iconv_name(from).c_str());
  if (cd == reinterpret_cast<iconv_t>(-1)) return false;
  const std::size_t unit = from.starts_with("utf-32") ? 4 : from.starts_with("utf-16") ? 2 : 1;
  out.clear();
  out.reserve(bytes.size() * 2);
  char buffer[4096];
  char* in = const_cast<char*>(bytes.data());
  std::size_t in_left = bytes.size();
  while (in_left > 0) {
    char* dst = buffer;
    std::size_t dst_left = sizeof buffer;
    std::size_t rc = iconv(cd, &in, &in_left, &dst, &dst_left);
    out.append(buffer, static_cast<std::size_t>(dst - buffer));
    if (rc == static_cast<std::size_t>(-1) && errno != E2BIG) {  // EILSEQ or EINVAL (truncated)
      out.append(kReplacement);
      const std::size_t skip = std::min(unit, in_left);
      in += skip, in_left -= skip;
      iconv(cd, nullptr, nullptr, nullptr, nullptr);  // reset the shift state
    }
  }
  iconv_close(cd);
  return true;
}

}  // namespace

bool repair_utf8(std::string_view bytes, std::string& out) {
  std::size_t i = first_invalid_utf8(bytes);
  if (i == bytes.size()) return false;
  out.assign(bytes.substr(0, i));
  out.reserve(bytes.size() + bytes.size() / 8);
  while (i < bytes.size()) {
    std::size_t n = decode_utf8(bytes, i).length;
    if (n == 0) {
      append_cp1252(out, static_cast<unsigned char>(bytes[i]));
      ++i;
    } else {
      out.append(bytes.substr(i, n));
      i += n;
    }
  }
  return true;
}

std::string charset_of_content_type(std::string_view content_type) {
  std::string lowered = lower(content_type);
  std::string_view rest = lowered;
  // Parameters follow the media type, each after a ';': "text/xml; charset=utf-8".
  for (auto semicolon = rest.find(';'); semicolon != std::string_view::npos; semicolon = rest.find(';')) {
    rest.remove_prefix(semicolon + 1);
    std::string_view parameter = trim(rest.substr(0, rest.find(';')));
    if (parameter.starts_with("charset=")) return std::string(trim(parameter.substr(8)));
  }
  return {};
}

std::string charset_of_xml_declaration(std::string_view bytes) {
  if (!bytes.starts_with("<?xml")) return {};
  std::string_view decl = bytes.substr(0, bytes.find("?>", 0));
  decl = decl.substr(0, 512);
  auto at = decl.find("encoding");
  if (at == std::string_view::npos) return {};
  decl.remove_prefix(at + 8);
  auto quote = decl.find_first_of("\"'");
  if (quote == std::string_view::npos) return {};
  char q = decl[quote];
  decl.remove_prefix(quote + 1);
  return lower(trim(decl.substr(0, decl.find(q))));
}

Utf8Document::Utf8Document(std::string_view bytes, std::string_view content_type, Repair repair) {
  std::string encoding;
  for (const auto& bom : kBoms)
    if (bytes.starts_with(bom.bytes)) {
      encoding = bom.encoding;
      bytes.remove_prefix(bom.bytes.size());
      break;
    }
  if (encoding.empty()) encoding = unmarked_utf16(bytes);
  if (encoding.empty()) encoding = usable(charset_of_xml_declaration(bytes));
  if (encoding.empty()) encoding = usable(charset_of_content_type(content_type));
  if (encoding.empty()) encoding = "utf-8";
  if (is_single_byte_ascii_superset(encoding) && first_invalid_utf8(bytes) == bytes.size()) encoding = "utf-8";

  if (encoding == "windows-1252") {  // the commonest non-UTF-8 charset: no iconv needed
    encoding_ = encoding;
    converted_.reserve(bytes.size() + bytes.size() / 8);
    for (std::size_t i = 0; i < bytes.size();) {
      std::size_t ascii_end = find_non_ascii(bytes, i);
      converted_.append(bytes.substr(i, ascii_end - i));
      if (ascii_end < bytes.size()) append_cp1252(converted_, static_cast<unsigned char>(bytes[ascii_end]));
      i = ascii_end + 1;
    }
    text_ = converted_;
    return;
  }
  if (encoding != "utf-8" && convert_with_iconv(bytes, encoding, converted_)) {
    encoding_ = encoding;
    text_ = converted_;
    // iconv may pass on what it considers valid but UTF-8 does not allow.
    std::string repaired;
    if (repair_utf8(text_, repaired)) converted_ = std::move(repaired), text_ = converted_;
    return;
  }
  encoding_ = "utf-8";
  if (repair == Repair::by_reader) text_ = bytes;
  else text_ = repair_utf8(bytes, converted_) ? std::string_view(converted_) : bytes;
}

}  // namespace headliner
