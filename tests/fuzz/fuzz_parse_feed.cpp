// libFuzzer harness for the whole parse-and-clean stage: parse_feed() on any
// bytes, then the checks a display relies on. A violated check is a crash
// (__builtin_trap), so libFuzzer saves the input as an artifact.
//
// Input layout: a first byte 0x01..0x07 picks an HTTP Content-Type from
// kContentTypes; 0x08 means the Content-Type is the bytes up to the first
// '\n' (so its parser is fuzzed too); the rest is the document. Any other
// first byte: no Content-Type and the whole input is the document, so a plain
// feed file is a valid input (no XML document starts with 0x01..0x08).
//
// Built with -DHEADLINER_FUZZ_REPLAY_MAIN (any compiler, no libFuzzer), the
// same file is a program that runs every file named on its command line (or
// found in a named directory) through the same checks: the regression test
// over tests/data/fuzz-regressions/.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <iterator>
#include <string>
#include <string_view>

#include "feed_parser.hpp"

namespace {

constexpr std::string_view kContentTypes[] = {
    "text/xml; charset=windows-1252",            // 0x01
    "application/rss+xml; charset=shift_jis",    // 0x02
    "text/xml; charset=utf-16",                  // 0x03
    "application/atom+xml; charset=ISO-8859-1",  // 0x04
    "application/xml; charset=\"utf-8\"",        // 0x05
    "text/html; charset=koi8-r",                 // 0x06
    "application/rss+xml",                       // 0x07
};
constexpr unsigned char kContentTypeLine = 0x08;
constexpr std::size_t kMaxContentTypeLine = 256;

constexpr std::string_view kBaseUrl = "https://example.com/news/feed.xml";

// Small limits keep memory bounded; the checks below hold them to their word.
constexpr headliner::ParseLimits kLimits{.max_items = 64, .max_title_bytes = 256};

// parse_feed() gains a Content-Type parameter; call it when it is there.
template <typename Limits>
headliner::ParseResult parse(std::string_view document, const Limits& limits,
                             std::string_view content_type) {
  if constexpr (requires(const Limits& l) { headliner::parse_feed(document, kBaseUrl, l, content_type); })
    return headliner::parse_feed(document, kBaseUrl, limits, content_type);
  else
    return headliner::parse_feed(document, kBaseUrl, limits);
}

[[noreturn]] void fail(const char* field, const char* what, std::string_view text) {
  std::fprintf(stderr, "fuzz_parse_feed: %s %s: \"", field, what);
  for (unsigned char c : text) {
    if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\')
      std::fputc(c, stderr);
    else
      std::fprintf(stderr, "\\x%02x", c);
  }
  std::fprintf(stderr, "\"\n");
  __builtin_trap();
}

// Strict UTF-8: no overlong forms, no surrogates, nothing past U+10FFFF.
// Returns the code point at `pos` and advances it, or -1 when invalid.
long next_code_point(std::string_view s, std::size_t& pos) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  const unsigned char lead = byte(pos);
  std::size_t length;
  long cp;
  long min;
  if (lead < 0x80) {
    ++pos;
    return lead;
  } else if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2, cp = lead & 0x1F, min = 0x80;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3, cp = lead & 0x0F, min = 0x800;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4, cp = lead & 0x07, min = 0x10000;
  } else {
    return -1;
  }
  if (s.size() - pos < length) return -1;
  for (std::size_t i = 1; i < length; ++i) {
    if ((byte(pos + i) & 0xC0) != 0x80) return -1;
    cp = (cp << 6) | (byte(pos + i) & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return -1;
  pos += length;
  return cp;
}

// What a terminal may be shown: valid UTF-8 without C0 controls (ESC among
// them), DEL or C1 controls (U+009B is an 8-bit CSI).
void check_displayable(const char* field, std::string_view text) {
  for (std::size_t pos = 0; pos < text.size();) {
    const long cp = next_code_point(text, pos);
    if (cp < 0) fail(field, "is not valid UTF-8", text);
    if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F))
      fail(field, "has a control character", text);
  }
}

// resolve_link(): an absolute http(s)/ftp URL without spaces or controls.
void check_link(std::string_view link) {
  if (!link.starts_with("http://") && !link.starts_with("https://") && !link.starts_with("ftp://"))
    fail("link", "is not an absolute http(s)/ftp URL", link);
  for (unsigned char c : link)
    if (c <= 0x20 || c == 0x7F) fail("link", "has a space or control byte", link);
}

void check(const headliner::ParseResult& result) {
  const auto& feed = result.feed;
  check_displayable("feed title", feed.title);
  if (feed.items.size() > kLimits.max_items)
    fail("items", "exceed max_items", std::to_string(feed.items.size()));
  for (const auto& item : feed.items) {
    check_displayable("title", item.title);
    if (item.title.size() > kLimits.max_title_bytes)
      fail("title", "is longer than max_title_bytes", item.title);
    if (item.id) check_displayable("id", *item.id);
    if (item.link) check_link(*item.link);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::string_view content_type;
  if (!input.empty()) {
    const auto first = static_cast<unsigned char>(input.front());
    if (first >= 1 && std::size_t{first} <= std::size(kContentTypes)) {
      content_type = kContentTypes[first - 1];
      input.remove_prefix(1);
    } else if (first == kContentTypeLine) {
      input.remove_prefix(1);
      const auto newline = input.substr(0, kMaxContentTypeLine).find('\n');
      if (newline != std::string_view::npos) {
        content_type = input.substr(0, newline);
        input.remove_prefix(newline + 1);
      }
    }
  }
  check(parse(input, kLimits, content_type));
  return 0;
}

#ifdef HEADLINER_FUZZ_REPLAY_MAIN
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <vector>

// fuzz_parse_feed_replay FILE|DIR...: every file through the harness, in
// name order; a failed check aborts with the file's name printed first.
int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  std::vector<fs::path> files;
  for (int i = 1; i < argc; ++i) {
    const fs::path arg = argv[i];
    if (fs::is_directory(arg)) {
      for (const auto& entry : fs::recursive_directory_iterator(arg))
        if (entry.is_regular_file()) files.push_back(entry.path());
    } else if (fs::exists(arg)) {
      files.push_back(arg);
    } else {  // no crash saved yet: git keeps no empty directory
      std::printf("fuzz_parse_feed_replay: %s: absent, nothing to replay\n", argv[i]);
    }
  }
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    std::ifstream in(file, std::ios::binary);
    const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    std::fprintf(stderr, "%s\n", file.c_str());
    LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
  }
  std::printf("fuzz_parse_feed_replay: %zu inputs passed\n", files.size());
  return 0;
}
#endif
