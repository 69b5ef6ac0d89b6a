// Where a run of plain ASCII ends, eight bytes at a time. Feeds are mostly
// ASCII markup, links and words, and every byte the parser keeps is looked at
// by one of these; a loop per byte was a tenth of the parse time.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace headliner {

namespace ascii_scan_detail {

constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
constexpr std::uint64_t kHighBits = 0x8080808080808080ULL;

// Eight bytes, the first in the lowest bits whatever the machine's byte order.
inline std::uint64_t load8(const char* p) {
  std::uint64_t word;
  std::memcpy(&word, p, 8);
  if constexpr (std::endian::native == std::endian::big) word = __builtin_bswap64(word);
  return word;
}

// Nonzero when some byte of `word` is below `n` (n <= 128) or above `m`
// (m <= 127): the classic "hasless"/"hasmore" bit tricks, exact as a yes/no.
constexpr std::uint64_t has_byte_outside(std::uint64_t word, unsigned n, unsigned m) {
  const std::uint64_t below = (word - kOnes * n) & ~word & kHighBits;
  const std::uint64_t above = ((word + kOnes * (127 - m)) | word) & kHighBits;
  return below | above;
}

// A byte with its high bit set for each byte of `word` that is a space.
constexpr std::uint64_t space_bytes(std::uint64_t word) {
  const std::uint64_t spaces_zeroed = word ^ (kOnes * ' ');
  const std::uint64_t low7 = ~kHighBits;
  return ~(((spaces_zeroed & low7) + low7) | spaces_zeroed) & kHighBits;
}

}  // namespace ascii_scan_detail

// Index of the first byte at or after `from` that is not ASCII (0x80 and up);
// text.size() when there is none.
inline std::size_t find_non_ascii(std::string_view text, std::size_t from = 0) {
  using namespace ascii_scan_detail;
  std::size_t i = from;
  for (; i + 16 <= text.size(); i += 16)
    if ((load8(text.data() + i) | load8(text.data() + i + 8)) & kHighBits) break;
  while (i < text.size() && static_cast<unsigned char>(text[i]) < 0x80) ++i;
  return i;
}

// Index of the first byte at or after `from` that is not printable ASCII
// (0x21 to 0x7E: no space, control, DEL or non-ASCII); text.size() when none.
inline std::size_t find_non_printable(std::string_view text, std::size_t from = 0) {
  using namespace ascii_scan_detail;
  std::size_t i = from;
  for (; i + 8 <= text.size(); i += 8)
    if (has_byte_outside(load8(text.data() + i), 0x21, 0x7E)) break;
  while (i < text.size() && static_cast<unsigned char>(text[i]) - 0x21u <= 0x7Eu - 0x21u) ++i;
  return i;
}

// Whether `text` is printable ASCII and spaces (0x20 to 0x7E) with never
// two spaces together: most titles, links and ids already are.
inline bool is_printable_single_spaced(std::string_view text) {
  using namespace ascii_scan_detail;
  bool after_space = false;  // the byte before the current word was a space
  std::size_t i = 0;
  for (; i + 8 <= text.size(); i += 8) {
    const std::uint64_t word = load8(text.data() + i);
    if (has_byte_outside(word, 0x20, 0x7E)) return false;
    const std::uint64_t spaces = space_bytes(word);
    // Byte k is at bits 8k..8k+7: spaces >> 8 lines byte k+1 up with byte k.
    if ((spaces & (spaces >> 8)) || (after_space && (spaces & 0x80))) return false;
    after_space = (spaces >> 63) != 0;
  }
  for (; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x20 || byte > 0x7E || (byte == ' ' && after_space)) return false;
    after_space = byte == ' ';
  }
  return true;
}

}  // namespace headliner
