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

// The form of an http(s) link used to recognise an item again, not to show
// it: what varies between fetches of the same page is dropped. The fragment;
// tracking parameters (utm_*, fbclid, gclid and their kind); the AMP variant
// of a page ("amp." or "www." before the host, an "amp" path segment, a
// ".amp" suffix, "?amp"); a default port; the host's case. Parameters keep
// their order, and anything else in the link is kept as written. Other links
// come back as given.
std::string normalize_link(std::string_view link);

}  // namespace headliner
