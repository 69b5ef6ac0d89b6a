// The HTML5 named character references (&amp;, &eacute;, &NotEqualTilde; ...).
#pragma once

#include <optional>
#include <string_view>

namespace headliner {

// The UTF-8 text a named reference stands for. `name` is written without the
// leading '&' and with its ';' if it has one: "amp;" and the legacy "amp" are
// both found, "hellip" (no legacy form) is not.
std::optional<std::string_view> lookup_html_entity(std::string_view name);

}  // namespace headliner
