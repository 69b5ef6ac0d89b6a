// Turning feed text into clean, displayable UTF-8.
//
// Everything that reaches a display passes through clean_text(): no control
// characters, no escape sequences, no bidi overrides or zero-width junk, no
// invalid UTF-8, whitespace collapsed, trimmed.
#pragma once

#include <string>
#include <string_view>

namespace headliner {

// Clean plain text (already XML-decoded). Invalid UTF-8 bytes become U+FFFD.
std::string clean_text(std::string_view text);

// Text that may carry HTML (an RSS title, an Atom title of type="html"):
// tags stripped (<br> and block tags become a space), HTML entities decoded
// (named, decimal, hex), then clean_text().
std::string html_to_text(std::string_view html);

// An RSS title or channel title: RSS does not say whether it is text or
// HTML, so it is read as HTML, and markup escaped once more than needed
// ("&lt;b&gt;Bold&lt;/b&gt;" after XML decoding) is stripped too. Only tags
// naming HTML elements count as markup: "Use <vector> in C++" stays.
std::string rss_text_to_text(std::string_view text);

// Decode HTML named (full HTML5 table) and numeric character references.
// Unknown references are kept as written.
std::string decode_html_entities(std::string_view text);

// Unicode compatibility normalisation, case folding and marks stripped, as
// match_key() does it, but with punctuation and spacing kept (what filter
// regular expressions see). Expects clean UTF-8 (clean_text()).
std::string fold_case(std::string_view clean);

// The comparison key of a headline: Unicode compatibility normalisation,
// case folding, marks stripped, every run of punctuation or whitespace folded
// to one space, trimmed. "Trump’s  Talks!" and "trump's talks" give the same key.
std::string match_key(std::string_view text);

}  // namespace headliner
