// Second chances for documents that are not well-formed XML. Each repair
// keeps only what can still be trusted; the parser tries them in order.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace headliner {

// Escapes what XML does not allow but feeds write anyway: a bare '&'
// ("Q&A", "?a=1&b=2") becomes "&amp;", and an HTML entity XML does not
// define ("&nbsp;", "&eacute;") becomes a numeric reference. CDATA sections,
// comments and valid references are left as they are. nullopt if nothing changed.
std::optional<std::string> escape_stray_ampersands(std::string_view xml);

// Repairs what HTML pasted into a feed breaks: a '<' that can start no tag
// ("Profits < expected", "I <3 it") becomes "&lt;", and an HTML element that
// never has content is closed where it opens ("<br>" becomes "<br/>", "</br>"
// goes). CDATA sections, comments and other tags are left as they are.
// nullopt if nothing changed.
std::optional<std::string> repair_stray_markup(std::string_view xml);

// For a document that breaks at `error_offset` (truncated, or garbled
// midway): the part up to the end of the last complete <item> or <entry>
// before the break, with the elements still open there closed again.
// nullopt when no item ends before the break.
std::optional<std::string> cut_before_break(std::string_view xml, std::size_t error_offset);

}  // namespace headliner
