#include "http_headers.hpp"

#include <algorithm>
#include <charconv>
#include <limits>
#include <string>

namespace headliner {
namespace {

using namespace std::chrono;

bool is_space(char c) { return c == ' ' || c == '\t'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lower(x) == lower(y); });
}

// A non-negative decimal count of seconds, saturating (RFC 9111 says a
// delta-seconds too large to hold is to be read as the largest one held).
std::optional<std::int64_t> parse_seconds(std::string_view text) {
  if (text.empty() || !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::nullopt;
  std::int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error == std::errc::result_out_of_range) return std::numeric_limits<std::int32_t>::max();
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return std::min<std::int64_t>(value, std::numeric_limits<std::int32_t>::max());
}

Duration seconds_to_duration(std::int64_t s) { return duration_cast<Duration>(seconds(s)); }

// asctime(): "Sun Nov  6 08:49:37 1994", always GMT.
std::optional<UtcTime> parse_asctime(std::string_view text) {
  constexpr std::string_view kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  if (text.size() < 24 || text[3] != ' ') return std::nullopt;
  std::string_view month = text.substr(4, 3);
  // Rewritten as "6 Nov 1994 08:49:37 GMT" for the RFC 822 reader.
  std::string day(trim(text.substr(8, 2)));
  std::string rewritten = day + " " + std::string(month) + " " + std::string(trim(text.substr(20))) + " " +
                          std::string(text.substr(11, 8)) + " GMT";
  if (std::find(std::begin(kMonths), std::end(kMonths), month) == std::end(kMonths)) return std::nullopt;
  return parse_rfc822_date(rewritten);
}

}  // namespace

std::optional<UtcTime> parse_http_date(std::string_view text) {
  text = trim(text);
  if (text.empty()) return std::nullopt;
  if (auto t = parse_rfc822_date(text)) return t;
  // RFC 850: "Sunday, 06-Nov-94 08:49:37 GMT".
  if (auto comma = text.find(','); comma != std::string_view::npos) {
    std::string dashes_as_spaces(text.substr(comma + 1));
    std::replace(dashes_as_spaces.begin(), dashes_as_spaces.end(), '-', ' ');
    if (auto t = parse_rfc822_date(dashes_as_spaces)) return t;
  }
  return parse_asctime(text);
}

std::optional<Duration> parse_retry_after(std::string_view value, UtcTime date) {
  value = trim(value);
  if (auto s = parse_seconds(value)) return seconds_to_duration(*s);
  if (auto when = parse_http_date(value)) return std::max(Duration(0), duration_cast<Duration>(*when - date));
  return std::nullopt;
}

std::optional<Duration> freshness_lifetime(std::string_view cache_control, std::string_view expires,
                                           UtcTime date) {
  std::optional<Duration> max_age;
  bool never = false;
  // Directives are comma-separated, names case-insensitive, values maybe quoted.
  while (!cache_control.empty()) {
    auto comma = cache_control.find(',');
    std::string_view directive = trim(cache_control.substr(0, comma));
    cache_control = comma == std::string_view::npos ? std::string_view{} : cache_control.substr(comma + 1);
    auto eq = directive.find('=');
    std::string_view name = trim(directive.substr(0, eq));
    std::string_view arg = eq == std::string_view::npos ? std::string_view{} : trim(directive.substr(eq + 1));
    if (arg.size() >= 2 && arg.front() == '"' && arg.back() == '"') arg = arg.substr(1, arg.size() - 2);
    if (iequals(name, "no-cache") || iequals(name, "no-store")) never = true;
    if (iequals(name, "max-age"))
      if (auto s = parse_seconds(arg)) max_age = seconds_to_duration(*s);
  }
  if (never) return Duration(0);
  if (max_age) return max_age;
  if (trim(expires).empty()) return std::nullopt;
  // An Expires that cannot be read means "already expired" (RFC 9111 5.3).
  auto when = parse_http_date(expires);
  if (!when) return Duration(0);
  return std::max(Duration(0), duration_cast<Duration>(*when - date));
}

}  // namespace headliner
