#include "text_width.hpp"

#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace headliner {
namespace {

// A cluster as plain values, so expectations read as tables.
struct ExpectedCluster {
  std::string bytes;
  int width;
  bool operator==(const ExpectedCluster&) const = default;
};

// Writes bytes with the invisible ones escaped, for failure messages.
void print_escaped(std::ostream& os, std::string_view bytes) {
  constexpr char kHex[] = "0123456789ABCDEF";
  os << '"';
  for (const char c : bytes) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte >= 0x7F) {
      os << "\\x" << kHex[byte >> 4] << kHex[byte & 0xF];
    } else {
      os << c;
    }
  }
  os << '"';
}

std::ostream& operator<<(std::ostream& os, const ExpectedCluster& cluster) {
  os << '{';
  print_escaped(os, cluster.bytes);
  return os << ", " << cluster.width << '}';
}

std::vector<ExpectedCluster> clusters_of(std::string_view text) {
  std::vector<ExpectedCluster> result;
  for (const Cluster& cluster : split_clusters(text)) result.push_back({std::string(cluster.bytes), cluster.width});
  return result;
}

struct ClusterCase {
  std::string_view input;
  std::vector<ExpectedCluster> expected;
};

std::ostream& operator<<(std::ostream& os, const ClusterCase& cluster_case) {
  print_escaped(os, cluster_case.input);
  return os;
}

class SplitClustersTable : public testing::TestWithParam<ClusterCase> {};

TEST_P(SplitClustersTable, GivesExpectedClustersAndWidths) {
  EXPECT_EQ(clusters_of(GetParam().input), GetParam().expected);
}

TEST_P(SplitClustersTable, DisplayWidthIsTheSumOfClusterWidths) {
  int sum = 0;
  for (const auto& cluster : GetParam().expected) sum += cluster.width;
  EXPECT_EQ(display_width(GetParam().input), sum);
}

INSTANTIATE_TEST_SUITE_P(GivesAsciiOneCellPerCharacter, SplitClustersTable,
                         testing::Values(ClusterCase{"", {}},
                                         ClusterCase{"ab c", {{"a", 1}, {"b", 1}, {" ", 1}, {"c", 1}}}));

INSTANTIATE_TEST_SUITE_P(
    GivesWideCharactersTwoCells, SplitClustersTable,
    testing::Values(ClusterCase{"\u4E2D\u6587", {{"\u4E2D", 2}, {"\u6587", 2}}},
                    ClusterCase{"\uFF21", {{"\uFF21", 2}}},                       // fullwidth A
                    ClusterCase{"\uAC00", {{"\uAC00", 2}}},                       // Hangul syllable
                    ClusterCase{"\u1100\u1161\u11A8", {{"\u1100\u1161\u11A8", 2}}},  // conjoining jamo
                    ClusterCase{"a\u3000b", {{"a", 1}, {"\u3000", 2}, {"b", 1}}}));

INSTANTIATE_TEST_SUITE_P(
    JoinsCombiningMarksWithZeroWidth, SplitClustersTable,
    testing::Values(ClusterCase{"e\u0301", {{"e\u0301", 1}}},
                    ClusterCase{"a\u0300\u0301b", {{"a\u0300\u0301", 1}, {"b", 1}}},
                    ClusterCase{"\u4E2D\u0301", {{"\u4E2D\u0301", 2}}},
                    ClusterCase{"\u0915\u093F\u0902", {{"\u0915\u093F\u0902", 1}}}));  // Devanagari "kim"

INSTANTIATE_TEST_SUITE_P(GivesZeroWidthOnlyClustersNoCells, SplitClustersTable,
                         testing::Values(ClusterCase{"\u0301", {{"\u0301", 0}}},
                                         ClusterCase{"\uFE0F", {{"\uFE0F", 0}}}));

INSTANTIATE_TEST_SUITE_P(
    GivesEmojiSequencesOneClusterOfTwoCells, SplitClustersTable,
    testing::Values(ClusterCase{"\U0001F600", {{"\U0001F600", 2}}},
                    ClusterCase{"\U0001F468\u200D\U0001F469\u200D\U0001F467",
                                {{"\U0001F468\u200D\U0001F469\u200D\U0001F467", 2}}},  // family (ZWJ)
                    ClusterCase{"\U0001F3F3\uFE0F\u200D\U0001F308",
                                {{"\U0001F3F3\uFE0F\u200D\U0001F308", 2}}},  // rainbow flag
                    ClusterCase{"\U0001F44D\U0001F3FD", {{"\U0001F44D\U0001F3FD", 2}}},  // skin tone
                    ClusterCase{"\u2764\uFE0F", {{"\u2764\uFE0F", 2}}},  // text default + emoji presentation
                    ClusterCase{"\u2764", {{"\u2764", 1}}},
                    ClusterCase{"1\uFE0F\u20E3", {{"1\uFE0F\u20E3", 2}}},  // keycap
                    ClusterCase{"a\U0001F600b", {{"a", 1}, {"\U0001F600", 2}, {"b", 1}}}));

INSTANTIATE_TEST_SUITE_P(
    GivesFlagsOneClusterOfTwoCells, SplitClustersTable,
    testing::Values(ClusterCase{"\U0001F1EB\U0001F1F7", {{"\U0001F1EB\U0001F1F7", 2}}},
                    ClusterCase{"\U0001F1EB\U0001F1F7\U0001F1E9\U0001F1EA",
                                {{"\U0001F1EB\U0001F1F7", 2}, {"\U0001F1E9\U0001F1EA", 2}}},
                    ClusterCase{"\U0001F1EB", {{"\U0001F1EB", 1}}},  // a lone regional indicator
                    ClusterCase{"\U0001F1EB\U0001F1F7\U0001F1E9",
                                {{"\U0001F1EB\U0001F1F7", 2}, {"\U0001F1E9", 1}}}));

INSTANTIATE_TEST_SUITE_P(
    TreatsEachInvalidByteAsOneCell, SplitClustersTable,
    testing::Values(ClusterCase{"a\xFF" "b", {{"a", 1}, {"\xFF", 1}, {"b", 1}}},
                    ClusterCase{"\xE2\x82", {{"\xE2", 1}, {"\x82", 1}}},  // truncated
                    ClusterCase{"e\x80\u0301", {{"e", 1}, {"\x80", 1}, {"\u0301", 0}}},
                    ClusterCase{"\xED\xA0\x80", {{"\xED", 1}, {"\xA0", 1}, {"\x80", 1}}},  // surrogate
                    ClusterCase{"\xC0\xAF", {{"\xC0", 1}, {"\xAF", 1}}}));             // overlong

TEST(SplitClusters, ReturnsViewsIntoTheInput) {
  const std::string text = "a\u4E2D\U0001F600";
  const auto clusters = split_clusters(text);
  ASSERT_EQ(clusters.size(), 3U);
  EXPECT_EQ(clusters[0].bytes.data(), text.data());
  EXPECT_EQ(clusters[1].bytes.data(), text.data() + 1);
  EXPECT_EQ(clusters[2].bytes.data(), text.data() + 4);
  EXPECT_EQ(clusters[2].bytes.data() + clusters[2].bytes.size(), text.data() + text.size());
}

TEST(SplitClusters, CoversEveryByteOfArbitraryInputOnce) {
  std::string bytes;
  for (int i = 0; i < 256; ++i) bytes += static_cast<char>(i);
  bytes += "\xF0\x9F\x98";  // truncated at the very end
  std::size_t covered = 0;
  for (const Cluster& cluster : split_clusters(bytes)) {
    EXPECT_EQ(cluster.bytes.data(), bytes.data() + covered);
    EXPECT_FALSE(cluster.bytes.empty());
    covered += cluster.bytes.size();
  }
  EXPECT_EQ(covered, bytes.size());
}

TEST(DisplayWidth, SumsMixedText) {
  EXPECT_EQ(display_width("Hi \u4E2D\u6587 \U0001F44D"), 2 + 1 + 4 + 1 + 2);
  EXPECT_EQ(display_width(""), 0);
  EXPECT_EQ(display_width("Caf\u00E9"), 4);
  EXPECT_EQ(display_width("Cafe\u0301"), 4);
}

}  // namespace
}  // namespace headliner
