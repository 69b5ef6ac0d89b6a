// Names for table-driven tests (TEST_P) from a case's label.
#pragma once

#include <string>
#include <string_view>

namespace headliner::test {

// Letters and digits kept, everything else '_': gtest allows no more.
inline std::string label_to_name(std::string_view label) {
  std::string name;
  for (char c : label)
    name.push_back((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ? c : '_');
  return name;
}

}  // namespace headliner::test
