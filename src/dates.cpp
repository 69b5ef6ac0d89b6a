// Feed dates to UTC; see dates.hpp.
//
// The parsers are written by hand over std::string_view rather than built on
// strptime/timegm: those depend on the C locale and the TZ environment, timegm
// is not standard C++, and neither is guaranteed thread-safe. The calendar
// arithmetic is std::chrono's, which knows month lengths and leap years and
// needs no state.
#include "dates.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdio>

namespace headliner {
namespace {

using std::chrono::minutes;

// Character classes spelled out because <cctype> consults the C locale.
constexpr bool is_digit(char c) { return c >= '0' && c <= '9'; }
constexpr bool is_letter(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
constexpr bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
constexpr char to_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                    [](char x, char y) { return to_lower(x) == to_lower(y); });
}

// Feeds write "Sat", "Saturday", "Sept", "February": any prefix of the full
// name that is long enough to be unambiguous (three letters) is accepted.
bool is_abbreviation_of(std::string_view word, std::string_view full_name) {
  return word.size() >= 3 && word.size() <= full_name.size() &&
         equals_ignoring_case(word, full_name.substr(0, word.size()));
}

std::string_view trim_spaces(std::string_view text) {
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

// Reads a string left to right. Every read checks for the end first, so a
// truncated date fails to parse instead of reading past its end.
class Cursor {
 public:
  explicit Cursor(std::string_view text) : rest_(text) {}

  bool at_end() const { return rest_.empty(); }
  bool next_is_letter() const { return !rest_.empty() && is_letter(rest_.front()); }
  char peek() const { return rest_.empty() ? '\0' : rest_.front(); }

  bool skip(char expected) {
    if (rest_.empty() || rest_.front() != expected) return false;
    rest_.remove_prefix(1);
    return true;
  }

  // Returns the character taken, or '\0' when the next one is not in `choices`.
  char take_one_of(std::string_view choices) {
    if (rest_.empty() || choices.find(rest_.front()) == std::string_view::npos) return '\0';
    const char taken = rest_.front();
    rest_.remove_prefix(1);
    return taken;
  }

  // Returns whether any whitespace was skipped, for places that require a separator.
  bool skip_spaces() { return !take_while(is_space).empty(); }

  // Whole runs, so that a field with too many digits is seen as such rather
  // than silently split ("2004" is never read as day "20" followed by "04").
  std::string_view take_digits() { return take_while(is_digit); }
  std::string_view take_letters() { return take_while(is_letter); }

  std::string_view take_while(bool (*belongs)(char)) {
    std::size_t length = 0;
    while (length < rest_.size() && belongs(rest_[length])) ++length;
    const std::string_view taken = rest_.substr(0, length);
    rest_.remove_prefix(length);
    return taken;
  }

 private:
  std::string_view rest_;
};

// Only ever called on runs of at most four digits, so it cannot overflow.
int value_of_digits(std::string_view digits) {
  int value = 0;
  for (const char digit : digits) value = value * 10 + (digit - '0');
  return value;
}

bool read_number(Cursor& cursor, std::size_t min_digits, std::size_t max_digits, int& value) {
  const std::string_view digits = cursor.take_digits();
  if (digits.size() < min_digits || digits.size() > max_digits) return false;
  value = value_of_digits(digits);
  return true;
}

// A date as written, before validation and conversion to UTC. The defaults
// make a partial ISO date mean its first instant.
struct WrittenDateTime {
  int year = 0;
  int month = 1;
  int day = 1;
  int hour = 0;
  int minute = 0;
  int second = 0;
  minutes utc_offset{0};
};

std::optional<UtcTime> to_utc(const WrittenDateTime& written) {
  // Every field comes from at most four digits, so the casts cannot wrap and
  // the chrono constructors only ever see values they can hold.
  const std::chrono::year_month_day date{std::chrono::year{written.year},
                                         std::chrono::month{static_cast<unsigned>(written.month)},
                                         std::chrono::day{static_cast<unsigned>(written.day)}};
  if (!date.ok() || written.hour > 23 || written.minute > 59 || written.second > 60) {
    return std::nullopt;
  }
  // sys_seconds cannot represent a leap second; its last second is the nearest instant.
  const int second = std::min(written.second, 59);
  return std::chrono::sys_days{date} + std::chrono::hours{written.hour} +
         minutes{written.minute} + std::chrono::seconds{second} - written.utc_offset;
}

// "+hhmm", "-hhmm", "+hh:mm", "-hh:mm": the offset of local time from UTC.
bool read_numeric_offset(Cursor& cursor, minutes& offset) {
  const char sign = cursor.take_one_of("+-");
  if (sign == '\0') return false;
  const std::string_view digits = cursor.take_digits();
  int hours = 0;
  int extra_minutes = 0;
  if (digits.size() == 4) {
    hours = value_of_digits(digits.substr(0, 2));
    extra_minutes = value_of_digits(digits.substr(2));
  } else if (digits.size() == 2 && cursor.skip(':') && read_number(cursor, 2, 2, extra_minutes)) {
    hours = value_of_digits(digits);
  } else {
    return false;
  }
  if (hours > 23 || extra_minutes > 59) return false;
  offset = minutes{(hours * 60 + extra_minutes) * (sign == '-' ? -1 : 1)};
  return true;
}

// ---- RFC 822 ---------------------------------------------------------------

// Sub-second precision is beyond UtcTime, so the digits are only checked.
bool skip_fraction(Cursor& cursor) {
  if (cursor.take_one_of(".,") == '\0') return true;
  return !cursor.take_digits().empty();
}

constexpr std::array<std::string_view, 12> kMonthNames{
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};

struct NamedZone {
  std::string_view name;
  int hours_from_utc;
};

// Zone abbreviations that mean one offset wherever feeds use them. Ambiguous
// ones (IST: India or Ireland; CST: US or China) take the RFC 822 or most common meaning.
constexpr std::array<NamedZone, 33> kNamedZones{{
    {"UT", 0},    {"UTC", 0},   {"GMT", 0},   {"Z", 0},     {"EST", -5},  {"EDT", -4},
    {"CST", -6},  {"CDT", -5},  {"MST", -7},  {"MDT", -6},  {"PST", -8},  {"PDT", -7},
    {"AST", -4},  {"ADT", -3},  {"AKST", -9}, {"AKDT", -8}, {"HST", -10}, {"WET", 0},
    {"WEST", 1},  {"BST", 1},   {"CET", 1},   {"CEST", 2},  {"MET", 1},   {"MEST", 2},
    {"EET", 2},   {"EEST", 3},  {"MSK", 3},   {"HKT", 8},   {"SGT", 8},   {"JST", 9},
    {"KST", 9},   {"AEST", 10}, {"AEDT", 11},
}};

// RFC 822 military zones are A-I and K-Z ("J" is not a zone). RFC 822 got
// their signs backwards, so RFC 2822 says they carry no information: +0000.
bool is_military_zone(std::string_view word) {
  return word.size() == 1 && to_lower(word.front()) != 'j';
}

bool is_day_name_char(char c) { return !is_space(c) && !is_digit(c) && c != ','; }

bool read_month_name(Cursor& cursor, int& month);

// The day name is optional and never checked against the date: feeds get it
// wrong, and some write it in their own language ("Mi,", "lun.,", "Пн,"), so
// any word will do. A month name with no comma after it is not a day name but
// the start of a month-first date ("Sep 02 2025"); it is left in place.
bool skip_day_name(Cursor& cursor) {
  if (cursor.at_end() || is_digit(cursor.peek())) return true;
  const Cursor start = cursor;
  const std::string_view word = cursor.take_while(is_day_name_char);
  const bool comma = cursor.skip(',');
  if (!comma) {
    Cursor probe = start;
    int month = 0;
    if (read_month_name(probe, month)) {
      cursor = start;
      return true;
    }
  }
  const bool spaced = cursor.skip_spaces();
  return !word.empty() && (spaced || comma);
}

bool read_month_name(Cursor& cursor, int& month) {
  const std::string_view word = cursor.take_letters();
  for (std::size_t index = 0; index < kMonthNames.size(); ++index) {
    if (is_abbreviation_of(word, kMonthNames[index])) {
      month = static_cast<int>(index) + 1;
      return true;
    }
  }
  return false;
}

// Between day, month and year: spaces, or a hyphen as RFC 850 and cookie
// dates write them ("Wednesday, 02-Oct-02").
bool skip_date_separator(Cursor& cursor) {
  const bool hyphen = cursor.skip('-');
  const bool spaced = cursor.skip_spaces();
  return hyphen || spaced;
}

// "2 Sep", "02-Sep", or month first as JavaScript's Date.toString() and
// asctime() write it ("Sep 02") or as people do ("Sep 2, 2025").
bool read_day_and_month(Cursor& cursor, WrittenDateTime& written) {
  if (cursor.next_is_letter()) {
    if (!read_month_name(cursor, written.month) || !cursor.skip_spaces() || !read_number(cursor, 1, 2, written.day))
      return false;
    cursor.skip(',');
    return true;
  }
  return read_number(cursor, 1, 2, written.day) && skip_date_separator(cursor) &&
         read_month_name(cursor, written.month);
}

// Two-digit years are RFC 822's own form; the 50 pivot is RFC 2822's advice.
bool read_rfc822_year(Cursor& cursor, int& year) {
  const std::string_view digits = cursor.take_digits();
  if (digits.size() == 4) {
    year = value_of_digits(digits);
  } else if (digits.size() == 2) {
    const int two_digit_year = value_of_digits(digits);
    year = two_digit_year < 50 ? 2000 + two_digit_year : 1900 + two_digit_year;
  } else {
    return false;
  }
  return true;
}

// "1:05 PM": a twelve-hour clock, as people write it. Leaves the cursor
// alone when no AM or PM follows.
bool read_twelve_hour_suffix(Cursor& cursor, int& hour) {
  Cursor probe = cursor;
  probe.skip_spaces();
  const std::string_view word = probe.take_letters();
  const bool am = equals_ignoring_case(word, "AM");
  if (!am && !equals_ignoring_case(word, "PM")) return true;
  if (hour < 1 || hour > 12) return false;
  hour = hour % 12 + (am ? 0 : 12);
  cursor = probe;
  return true;
}

// "hh:mm" or "hh:mm:ss"; a one-digit hour ("8:05") is a common slip, accepted.
bool read_rfc822_time(Cursor& cursor, WrittenDateTime& written) {
  return read_number(cursor, 1, 2, written.hour) && cursor.skip(':') &&
         read_number(cursor, 2, 2, written.minute) &&
         (!cursor.skip(':') || (read_number(cursor, 2, 2, written.second) && skip_fraction(cursor))) &&
         read_twelve_hour_suffix(cursor, written.hour);
}

// "EST", "CEST", a military letter: the zone name at the cursor.
bool read_zone_name(Cursor& cursor, minutes& offset) {
  const std::string_view name = cursor.take_letters();
  const auto zone = std::find_if(kNamedZones.begin(), kNamedZones.end(),
                                 [&](const NamedZone& z) { return equals_ignoring_case(name, z.name); });
  offset = std::chrono::hours{zone == kNamedZones.end() ? 0 : zone->hours_from_utc};
  return zone != kNamedZones.end() || is_military_zone(name);
}

// A missing zone is read as UTC: a guess, but the least surprising one. The
// space before the zone is optional because "18:14:55GMT" occurs in the wild.
bool read_rfc822_zone(Cursor& cursor, minutes& offset) {
  cursor.skip_spaces();
  if (cursor.at_end()) {
    offset = minutes{0};
    return true;
  }
  if (!cursor.next_is_letter()) return read_numeric_offset(cursor, offset);
  if (!read_zone_name(cursor, offset)) return false;
  // "GMT+0200", as JavaScript writes it: the offset is from GMT.
  if (offset == minutes{0} && (cursor.peek() == '+' || cursor.peek() == '-')) return read_numeric_offset(cursor, offset);
  return true;
}

// "2004 18:14:55 GMT", the RFC 822 order, to the end. A date with no time
// is its first instant, like a partial ISO date, but only with a four-digit
// year: "28 Feb 20" is more likely cut short than the year 2020.
bool read_year_time_and_zone(Cursor& cursor, WrittenDateTime& written) {
  const std::string_view year_digits = cursor.take_while(is_digit);
  Cursor year_cursor{year_digits};
  if (!read_rfc822_year(year_cursor, written.year)) return false;
  if (cursor.at_end()) return year_digits.size() == 4;
  return cursor.skip_spaces() && read_rfc822_time(cursor, written) && read_rfc822_zone(cursor, written.utc_offset) &&
         cursor.at_end();
}

// "18:14:55 2004" or "18:14:55 EST 2004": asctime() and date(1) put the time
// before the year.
bool read_time_zone_and_year(Cursor& cursor, WrittenDateTime& written) {
  if (!read_rfc822_time(cursor, written) || !cursor.skip_spaces()) return false;
  if (cursor.next_is_letter() && (!read_zone_name(cursor, written.utc_offset) || !cursor.skip_spaces()))
    return false;
  return read_number(cursor, 4, 4, written.year) && cursor.at_end();
}

// ---- ISO 8601 --------------------------------------------------------------

// "hh:mm", "hh:mm:ss" or "hh:mm:ss.fff": a fraction needs seconds before it.
bool read_iso_time(Cursor& cursor, WrittenDateTime& written) {
  return read_number(cursor, 2, 2, written.hour) && cursor.skip(':') &&
         read_number(cursor, 2, 2, written.minute) &&
         (!cursor.skip(':') || (read_number(cursor, 2, 2, written.second) && skip_fraction(cursor)));
}

// "Z", "+01:00", or, as SQL and PHP write it, " +0100" or " UTC" after a space.
bool read_iso_zone(Cursor& cursor, minutes& offset) {
  offset = minutes{0};
  if (cursor.at_end() || cursor.take_one_of("Zz") != '\0') return true;
  if (cursor.skip_spaces() && cursor.next_is_letter()) return read_zone_name(cursor, offset);
  return read_numeric_offset(cursor, offset);
}

// Each component is optional only from the right: a month needs its year, a
// time needs the whole date, and a zone needs a time.
bool read_iso_date_time(Cursor& cursor, WrittenDateTime& written) {
  if (!read_number(cursor, 4, 4, written.year)) return false;
  if (cursor.at_end()) return true;
  if (!cursor.skip('-') || !read_number(cursor, 2, 2, written.month)) return false;
  if (cursor.at_end()) return true;
  if (!cursor.skip('-') || !read_number(cursor, 2, 2, written.day)) return false;
  if (cursor.at_end()) return true;
  // RFC 3339 allows a lower-case "t" and, for readability, a space.
  return cursor.take_one_of("Tt ") != '\0' && read_iso_time(cursor, written) &&
         read_iso_zone(cursor, written.utc_offset);
}

// ---- The common case -------------------------------------------------------

// Two digits at `at`, or -1.
int two_digits_at(std::string_view text, std::size_t at) {
  if (!is_digit(text[at]) || !is_digit(text[at + 1])) return -1;
  return (text[at] - '0') * 10 + (text[at + 1] - '0');
}

// "Sat, 28 Feb 2004 18:14:55 GMT", "… +0000", or the same with a one-digit
// day: how nearly every RSS feed writes its dates, read at fixed positions.
// Anything else, nullopt, goes on to the general parser, which reads these
// too, only more slowly.
std::optional<UtcTime> parse_canonical_rfc1123(std::string_view text) {
  //                 0         1         2         3
  //                 0123456789012345678901234567890
  // text:           Sat, 28 Feb 2004 18:14:55 +0000
  if (text.size() < 28 || text.substr(3, 2) != ", ") return std::nullopt;
  if (!is_letter(text[0]) || !is_letter(text[1]) || !is_letter(text[2])) return std::nullopt;
  WrittenDateTime written;
  const bool one_digit_day = text[6] == ' ';
  written.day = one_digit_day ? (is_digit(text[5]) ? text[5] - '0' : -1) : two_digits_at(text, 5);
  text.remove_prefix(one_digit_day ? 6 : 7);
  // text:           " Feb 2004 18:14:55 +0000"
  //                  012345678901234567890123
  if ((text.size() != 22 && text.size() != 24) || text[0] != ' ' || text[4] != ' ' || text[9] != ' ' ||
      text[12] != ':' || text[15] != ':' || text[18] != ' ')
    return std::nullopt;
  const int century = two_digits_at(text, 5);
  const int year = two_digits_at(text, 7);
  written.hour = two_digits_at(text, 10);
  written.minute = two_digits_at(text, 13);
  written.second = two_digits_at(text, 16);
  if (century < 0 || year < 0 || written.day < 0 || written.hour < 0 || written.minute < 0 || written.second < 0)
    return std::nullopt;
  written.year = century * 100 + year;
  const std::string_view month = text.substr(1, 3);
  const auto named = std::find_if(kMonthNames.begin(), kMonthNames.end(),
                                  [&](std::string_view name) { return equals_ignoring_case(month, name.substr(0, 3)); });
  if (named == kMonthNames.end()) return std::nullopt;
  written.month = static_cast<int>(named - kMonthNames.begin()) + 1;
  const std::string_view zone = text.substr(19);
  if (zone == "GMT" || zone == "UTC") return to_utc(written);
  if (zone.size() != 5 || (zone[0] != '+' && zone[0] != '-')) return std::nullopt;
  const int zone_hours = two_digits_at(zone, 1);
  const int zone_minutes = two_digits_at(zone, 3);
  if (zone_hours < 0 || zone_hours > 23 || zone_minutes < 0 || zone_minutes > 59) return std::nullopt;
  written.utc_offset = minutes{(zone_hours * 60 + zone_minutes) * (zone[0] == '-' ? -1 : 1)};
  return to_utc(written);
}

// "2004-02-28T18:14:55Z" or "…+01:00": how Atom feeds and dc:date write
// their dates, read at fixed positions like the RFC 1123 form above.
std::optional<UtcTime> parse_canonical_rfc3339(std::string_view text) {
  //        0         1         2
  //        0123456789012345678901234
  // text:  2004-02-28T18:14:55+01:00
  if ((text.size() != 20 && text.size() != 25) || text[4] != '-' || text[7] != '-' || text[10] != 'T' ||
      text[13] != ':' || text[16] != ':')
    return std::nullopt;
  WrittenDateTime written;
  const int century = two_digits_at(text, 0);
  const int year = two_digits_at(text, 2);
  written.month = two_digits_at(text, 5);
  written.day = two_digits_at(text, 8);
  written.hour = two_digits_at(text, 11);
  written.minute = two_digits_at(text, 14);
  written.second = two_digits_at(text, 17);
  if (century < 0 || year < 0 || written.month < 0 || written.day < 0 || written.hour < 0 || written.minute < 0 ||
      written.second < 0)
    return std::nullopt;
  written.year = century * 100 + year;
  const std::string_view zone = text.substr(19);
  if (zone == "Z") return to_utc(written);
  if (zone.size() != 6 || (zone[0] != '+' && zone[0] != '-') || zone[3] != ':') return std::nullopt;
  const int zone_hours = two_digits_at(zone, 1);
  const int zone_minutes = two_digits_at(zone, 4);
  if (zone_hours < 0 || zone_hours > 23 || zone_minutes < 0 || zone_minutes > 59) return std::nullopt;
  written.utc_offset = minutes{(zone_hours * 60 + zone_minutes) * (zone[0] == '-' ? -1 : 1)};
  return to_utc(written);
}

bool starts_with_four_digits(std::string_view text) {
  return text.size() >= 4 && std::all_of(text.begin(), text.begin() + 4, is_digit);
}


// A trailing comment names the zone for people: "… GMT+0000 (Coordinated Universal Time)".
std::string_view without_trailing_comment(std::string_view text) {
  if (!text.ends_with(')')) return text;
  auto open = text.rfind('(');
  return open == std::string_view::npos ? text : trim_spaces(text.substr(0, open));
}

}  // namespace

std::optional<UtcTime> parse_rfc822_date(std::string_view text) {
  Cursor cursor{without_trailing_comment(trim_spaces(text))};
  WrittenDateTime written;
  if (!skip_day_name(cursor) || !read_day_and_month(cursor, written) || !skip_date_separator(cursor))
    return std::nullopt;
  const Cursor after_month = cursor;
  if (read_year_time_and_zone(cursor, written)) return to_utc(written);
  cursor = after_month;
  written = WrittenDateTime{.month = written.month, .day = written.day};
  if (read_time_zone_and_year(cursor, written)) return to_utc(written);
  return std::nullopt;
}

std::optional<UtcTime> parse_iso8601_date(std::string_view text) {
  Cursor cursor{trim_spaces(text)};
  WrittenDateTime written;
  const bool parsed = read_iso_date_time(cursor, written) && cursor.at_end();
  return parsed ? to_utc(written) : std::nullopt;
}

// The shape decides which parser to try first, so an RSS pubDate written in
// ISO form (or an Atom date in RFC 822 form) still parses. The grammars do not
// overlap today, so the fallback only matters if one of them is widened.
std::optional<UtcTime> parse_feed_date(std::string_view text) {
  if (auto time = parse_canonical_rfc1123(text)) return time;
  if (auto time = parse_canonical_rfc3339(text)) return time;
  using Parser = std::optional<UtcTime> (*)(std::string_view);
  const bool looks_iso = starts_with_four_digits(trim_spaces(text));
  const Parser first = looks_iso ? parse_iso8601_date : parse_rfc822_date;
  const Parser second = looks_iso ? parse_rfc822_date : parse_iso8601_date;
  if (auto time = first(text)) return time;
  return second(text);
}

std::string format_rfc3339(UtcTime time) {
  const auto day_start = std::chrono::floor<std::chrono::days>(time);
  const std::chrono::year_month_day date{day_start};
  const std::chrono::hh_mm_ss clock{time - day_start};
  // snprintf's integer conversions ignore the locale, unlike iostreams, which
  // would group digits under an imbued locale.
  std::array<char, 64> buffer{};
  std::snprintf(buffer.data(), buffer.size(), "%04d-%02u-%02uT%02d:%02d:%02dZ",
                static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                static_cast<unsigned>(date.day()), static_cast<int>(clock.hours().count()),
                static_cast<int>(clock.minutes().count()),
                static_cast<int>(clock.seconds().count()));
  return buffer.data();
}

}  // namespace headliner
