#include "html_entities.hpp"

#include <algorithm>
#include <iterator>
#include <string_view>
#include <utility>

namespace headliner {
namespace {

#include "html_entities.inc"

constexpr bool names_strictly_ascending() {
  return std::adjacent_find(std::begin(kHtmlEntities), std::end(kHtmlEntities),
                            [](const auto& a, const auto& b) { return a.first >= b.first; }) ==
         std::end(kHtmlEntities);
}
// Binary search depends on it; a hand edit of the generated file would break it silently.
static_assert(names_strictly_ascending(), "html_entities.inc must be sorted and duplicate-free");

}  // namespace

std::optional<std::string_view> lookup_html_entity(std::string_view name) {
  const auto* found = std::lower_bound(
      std::begin(kHtmlEntities), std::end(kHtmlEntities), name,
      [](const auto& entry, std::string_view key) { return entry.first < key; });
  if (found == std::end(kHtmlEntities) || found->first != name) return std::nullopt;
  return found->second;
}

}  // namespace headliner
