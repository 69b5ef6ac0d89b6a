#include "duration.hpp"

#include <array>
#include <cctype>
#include <utility>

namespace headliner {
namespace {

using namespace std::chrono_literals;

struct Unit {
  std::string_view suffix;
  Duration length;
};

// Longest suffix first, so that "ms" is not read as "m".
constexpr std::array kUnits = {Unit{"ms", 1ms}, Unit{"d", 24h}, Unit{"h", 1h}, Unit{"m", 1min},
                               Unit{"s", 1s}};

}  // namespace

std::optional<Duration> parse_duration(std::string_view text) {
  if (text.empty()) return std::nullopt;
  Duration total{0};
  while (!text.empty()) {
    std::size_t digits = 0;
    while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) ++digits;
    if (digits == 0 || digits > 9) return std::nullopt;
    long long number = std::stoll(std::string(text.substr(0, digits)));
    text.remove_prefix(digits);
    const Unit* unit = nullptr;
    for (const auto& u : kUnits)
      if (text.starts_with(u.suffix)) {
        unit = &u;
        break;
      }
    if (!unit) return std::nullopt;
    text.remove_prefix(unit->suffix.size());
    if (number * unit->length > Duration::max() - total) return std::nullopt;
    total += number * unit->length;
  }
  return total;
}

std::string format_duration(Duration duration) {
  if (duration.count() == 0) return "0s";
  std::string out;
  for (const auto& unit : {Unit{"d", 24h}, Unit{"h", 1h}, Unit{"m", 1min}, Unit{"s", 1s},
                           Unit{"ms", 1ms}}) {
    auto count = duration / unit.length;
    if (count == 0) continue;
    out += std::to_string(count) + std::string(unit.suffix);
    duration -= count * unit.length;
  }
  return out;
}

std::string format_age(std::chrono::seconds age) {
  if (age < 1min) return "now";
  if (age < 1h) return std::to_string(age / 1min) + "m";
  if (age < 24h) return std::to_string(age / 1h) + "h";
  return std::to_string(age / 24h) + "d";
}

std::string format_wait(std::chrono::seconds wait) {
  // format_age rounds down, as ages are told; a wait is rounded to the nearest minute.
  return wait < 30s ? "<1m" : format_age(wait + 30s);
}

}  // namespace headliner
