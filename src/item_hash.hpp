// An item's identity in 64 bits: what the shown history is kept by.
//
// A feed item is (feed name, identity within the feed: "id:…", "link:…" or
// "title:…", see story_store.hpp). Its hash is FNV-1a over the name, a NUL
// and the identity: fixed for good (no std::hash, which may change between
// builds), so a hash written to the state file means the same item in the
// next run. Eight bytes instead of the ~100 of the two strings keep the
// shown table a few pages small, which is what the SD card pays for.
// Two items colliding (about 10^-11 for 10,000 items) only means one story
// takes the other's shown history.
#pragma once

#include <cstdint>
#include <string_view>

namespace headliner {

using ItemHash = std::uint64_t;

constexpr ItemHash item_hash(std::string_view feed, std::string_view identity) {
  constexpr ItemHash kOffset = 14695981039346656037ull;
  constexpr ItemHash kPrime = 1099511628211ull;
  ItemHash hash = kOffset;
  auto add = [&](unsigned char byte) { hash = (hash ^ byte) * kPrime; };
  for (char c : feed) add(static_cast<unsigned char>(c));
  add(0);
  for (char c : identity) add(static_cast<unsigned char>(c));
  return hash;
}

}  // namespace headliner
