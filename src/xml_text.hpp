// XML text as the feed parser reads it. pugixml is told to leave character
// references alone (parse_escapes off: decoding all of them, in descriptions
// the ticker never reads, was 8 % of pugixml's time) and parse_feed leaves
// invalid UTF-8 to the reader (Utf8Document::Repair::by_reader): the parser
// does both for the few texts it reads, here.
#pragma once

#include <string>
#include <string_view>

namespace headliner {

// Appends `raw` with its character references decoded as XML does: the five
// entities (&amp; &lt; &gt; &quot; &apos;) and numeric references (&#233;
// &#xE9;, lower-case x), each ending in ';'. A reference to no character
// (&#0;, a surrogate, past U+10FFFF) becomes U+FFFD. An entity XML leaves
// undefined but HTML defines ("&nbsp;", "&eacute;") is read as HTML's, since
// that is what the feed meant, also where no HTML decoding follows (an Atom
// text title, a link). Anything else ("&#233" without ';', "&nbsp", a bare
// '&') is left as written.
void append_xml_decoded(std::string& out, std::string_view raw);

// A text node's or attribute's value as the parser reads it: invalid UTF-8
// repaired (repair_utf8), then, unless it is CDATA, references decoded.
// Returns `raw` itself when neither changes it, else a view of `scratch`,
// which must outlive it.
std::string_view readable_xml_text(std::string_view raw, std::string& scratch, bool cdata = false);

}  // namespace headliner
