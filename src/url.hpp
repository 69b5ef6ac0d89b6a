// Links from feeds, made absolute and safe to show or open.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace headliner {

// Resolves `reference` against `base` (RFC 3986 section 5.2, with dot-segment
// removal). Returns the absolute URL when its scheme is http, https or ftp,
// otherwise std::nullopt (javascript:, data:, mailto:, or nothing to resolve).
std::optional<std::string> resolve_link(std::string_view base, std::string_view reference);

}  // namespace headliner
