#include "text_width.hpp"

#include "utf8.hpp"

#include <utf8proc.h>

#include <algorithm>
#include <cstddef>
#include <string_view>
#include <vector>

namespace headliner {
namespace {

constexpr char32_t kEmojiPresentationSelector = 0xFE0F;
constexpr int kMaxClusterWidth = 2;

bool is_regional_indicator(char32_t cp) { return cp >= 0x1F1E6 && cp <= 0x1F1FF; }


// The width of one cluster, fed its code points in order. A cluster is as
// wide as its base character (the first one with a width): marks, joiners and
// selectors after it add nothing. Emoji presentation (U+FE0F) and flags (a
// pair of regional indicators) render two cells wide even where the base
// character alone is narrow ("❤" vs "❤️").
class ClusterWidthMeter {
 public:
  void add(char32_t cp) {
    if (cp == kEmojiPresentationSelector) emoji_presentation_ = true;
    if (is_regional_indicator(cp)) ++regional_indicators_;
    if (base_width_ == 0) {
      base_width_ = std::min(utf8proc_charwidth(static_cast<utf8proc_int32_t>(cp)), kMaxClusterWidth);
    }
  }

  int width() const {
    if (base_width_ == 0) return 0;  // only zero-width characters
    if (emoji_presentation_ || regional_indicators_ >= 2) return kMaxClusterWidth;
    return base_width_;
  }

 private:
  int base_width_ = 0;
  bool emoji_presentation_ = false;
  int regional_indicators_ = 0;
};

// Calls visit(Cluster) for every grapheme cluster, in order, without
// allocating. An invalid byte is a cluster of its own, one cell wide (it will
// show as U+FFFD), and restarts the segmentation state.
template <typename Visit>
void for_each_cluster(std::string_view utf8, Visit&& visit) {
  std::size_t cluster_start = 0;
  std::size_t pos = 0;
  ClusterWidthMeter meter;
  utf8proc_int32_t break_state = 0;
  utf8proc_int32_t previous = -1;  // none: the next code point opens a cluster

  auto close_cluster = [&] {
    if (pos > cluster_start) visit(Cluster{utf8.substr(cluster_start, pos - cluster_start), meter.width()});
    cluster_start = pos;
    meter = ClusterWidthMeter{};
  };

  while (pos < utf8.size()) {
    const auto [cp, length] = decode_utf8(utf8, pos);
    if (length == 0) {
      close_cluster();
      visit(Cluster{utf8.substr(pos, 1), 1});
      cluster_start = ++pos;
      previous = -1;
      break_state = 0;
      continue;
    }
    const auto current = static_cast<utf8proc_int32_t>(cp);
    if (previous >= 0 && utf8proc_grapheme_break_stateful(previous, current, &break_state)) close_cluster();
    meter.add(cp);
    previous = current;
    pos += length;
  }
  close_cluster();
}

}  // namespace

std::vector<Cluster> split_clusters(std::string_view utf8) {
  std::vector<Cluster> clusters;
  clusters.reserve(utf8.size());  // never more clusters than bytes; avoids regrowth
  for_each_cluster(utf8, [&](const Cluster& cluster) { clusters.push_back(cluster); });
  return clusters;
}

int display_width(std::string_view utf8) {
  int width = 0;
  for_each_cluster(utf8, [&](const Cluster& cluster) { width += cluster.width; });
  return width;
}

}  // namespace headliner
