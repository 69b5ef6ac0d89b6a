#include "ascii_scan.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace headliner {
namespace {

// The word-at-a-time scans against the obvious loops, with every kind of
// byte at every position of strings that span several words, so that each
// lane of the bit tricks and each word boundary is exercised.

std::size_t naive_find_non_ascii(std::string_view text, std::size_t from) {
  while (from < text.size() && static_cast<unsigned char>(text[from]) < 0x80) ++from;
  return from;
}

std::size_t naive_find_non_printable(std::string_view text, std::size_t from) {
  auto printable = [](unsigned char b) { return b >= 0x21 && b <= 0x7E; };
  while (from < text.size() && printable(static_cast<unsigned char>(text[from]))) ++from;
  return from;
}

bool naive_is_printable_single_spaced(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x20 || byte > 0x7E) return false;
    if (byte == ' ' && i > 0 && text[i - 1] == ' ') return false;
  }
  return true;
}

// Bytes at the edges of each class: below and at space, printable ends, DEL,
// the high bit, and the largest byte.
constexpr unsigned char kProbes[] = {0x00, 0x1F, 0x20, 0x21, 0x41, 0x7E, 0x7F, 0x80, 0xC3, 0xFF};

TEST(AsciiScan, AgreesWithAByteLoopForEveryByteAtEveryPosition) {
  for (std::size_t length = 0; length <= 35; ++length) {
    for (std::size_t at = 0; at < length; ++at) {
      for (unsigned char probe : kProbes) {
        std::string text(length, 'a');
        text[at] = static_cast<char>(probe);
        for (std::size_t from : {std::size_t{0}, at / 2, at}) {
          EXPECT_EQ(find_non_ascii(text, from), naive_find_non_ascii(text, from)) << length << ' ' << at;
          EXPECT_EQ(find_non_printable(text, from), naive_find_non_printable(text, from)) << length << ' ' << at;
        }
        EXPECT_EQ(is_printable_single_spaced(text), naive_is_printable_single_spaced(text))
            << length << ' ' << at << ' ' << int(probe);
      }
    }
  }
}

TEST(AsciiScan, FindsTwoSpacesTogetherAnywhereIncludingAcrossWords) {
  for (std::size_t length = 2; length <= 35; ++length) {
    for (std::size_t at = 0; at + 1 < length; ++at) {
      std::string text(length, 'x');
      text[at] = ' ';
      EXPECT_TRUE(is_printable_single_spaced(text)) << length << ' ' << at;
      text[at + 1] = ' ';
      EXPECT_FALSE(is_printable_single_spaced(text)) << length << ' ' << at;
    }
  }
  EXPECT_TRUE(is_printable_single_spaced("a b c d e f g h i j k l m n o p"));
  EXPECT_TRUE(is_printable_single_spaced(""));
  EXPECT_TRUE(is_printable_single_spaced(" "));
}

}  // namespace
}  // namespace headliner
