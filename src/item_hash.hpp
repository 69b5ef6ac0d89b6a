// An item's identity in 64 bits: what the shown history is kept by.
//
// A feed item is (feed name, identity within the feed: "id:…", "link:…" or
// "title:…", see story_store.hpp), first seen at some moment that never
// changes while it is stored. Its hash is that hour (Unix hours) in the top
// 24 bits, then 40 bits of FNV-1a over the name, a NUL and the identity.
//  - Fixed for good (no std::hash, which may change between builds), so a
//    hash written to the state file means the same item in the next run.
//  - Eight bytes instead of the ~100 of the two strings keep the shown
//    table a few pages small, and, as SQLite orders rows by key, the items
//    of one hour sit together: the marks of new items, written every cycle,
//    go to the table's last page instead of one page each.
//  - Two items first seen in the same hour collide with a chance of about
//    n²/2^41 (10^-8 for 100 items): one story would take the other's history.
#pragma once

#include <chrono>
#include <cstdint>
#include <string_view>

#include "clock.hpp"

namespace headliner {

using ItemHash = std::uint64_t;

constexpr ItemHash item_hash(std::string_view feed, std::string_view identity, WallTime first_seen) {
  constexpr ItemHash kOffset = 14695981039346656037ull;
  constexpr ItemHash kPrime = 1099511628211ull;
  ItemHash fnv = kOffset;
  auto add = [&](unsigned char byte) { fnv = (fnv ^ byte) * kPrime; };
  for (char c : feed) add(static_cast<unsigned char>(c));
  add(0);
  for (char c : identity) add(static_cast<unsigned char>(c));
  // Hours since 1970 in 24 bits (to the year 3884); a clock before 1970 counts as 1970.
  constexpr long long kLastHour = 0xffffff;
  const long long hours = std::chrono::floor<std::chrono::hours>(first_seen.time_since_epoch()).count();
  const ItemHash hour = static_cast<ItemHash>(hours < 0 ? 0 : hours > kLastHour ? kLastHour : hours);
  return hour << 40 | (fnv & 0xffffffffffull);
}

}  // namespace headliner
