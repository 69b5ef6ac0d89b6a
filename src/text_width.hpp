// Widths on a character-cell display, per grapheme cluster, independent of the locale.
#pragma once

#include <string_view>
#include <vector>

namespace headliner {

struct Cluster {
  std::string_view bytes;  // one extended grapheme cluster (a view into the input)
  int width;               // terminal cells: 0, 1 or 2
};

// Splits valid UTF-8 into grapheme clusters with their cell widths
// (East Asian wide and emoji: 2; combining marks join the cluster before them).
std::vector<Cluster> split_clusters(std::string_view utf8);

// Sum of the cluster widths.
int display_width(std::string_view utf8);

}  // namespace headliner
