// RSS 0.9x/2.0, RSS 1.0 (RDF) and Atom 0.3/1.0 into plain ParsedFeed values.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "headline.hpp"

namespace headliner {

struct ParseLimits {
  std::size_t max_items = 1000;       // items past this are ignored
  std::size_t max_title_bytes = 1024; // longer titles are cut on a character boundary
};

// A parse either gives a feed or says why not, with the line and column
// where pugixml gave up. Routine failure, so a value, not an exception.
struct ParseResult {
  ParsedFeed feed;
  std::string error;    // empty on success
  std::string warning;  // success, but only part of the document could be trusted
  std::string encoding;  // what the bytes were read as ("utf-8", "windows-1252", …)
  explicit operator bool() const { return error.empty(); }
};

// `base_url` is where the document came from; relative links resolve against
// it. `content_type` is the HTTP Content-Type, whose charset is used when
// neither a byte order mark nor the XML declaration names one.
//
// A document that is not well-formed gets second chances (xml_repair.hpp):
// stray '&' and HTML entities escaped; then, for a truncated or garbled
// document, the complete items before the break (with a warning).
ParseResult parse_feed(std::string_view document, std::string_view base_url,
                       const ParseLimits& limits = {}, std::string_view content_type = {});

// What a document that is not a feed may be, told from how it starts: an HTML
// page (after any byte order mark, XML declaration, comments and whitespace),
// or binary data (NULs or many control characters in the first KiB, looked at
// after conversion to UTF-8).
bool starts_like_html(std::string_view document);
bool looks_binary(std::string_view text);

}  // namespace headliner
