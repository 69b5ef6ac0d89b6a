// Just enough JSON for one object per line of output.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dates.hpp"

namespace headliner {

// A quoted JSON string; UTF-8 passes through, controls are \u-escaped.
std::string json_string(std::string_view text);
std::string json_nullable(const std::optional<std::string>& text);  // null when absent
std::string json_date(const std::optional<UtcTime>& time);         // RFC 3339 or null
std::string json_strings(const std::vector<std::string>& texts);   // an array

// Builds {"key": value, …}; values are already JSON.
class JsonObject {
 public:
  JsonObject& add(std::string_view key, std::string_view json_value);
  std::string str() const { return body_ + "}"; }

 private:
  std::string body_ = "{";
};

}  // namespace headliner
