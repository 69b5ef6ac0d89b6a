#include "feed_status.hpp"

#include <algorithm>
#include <sstream>

#include "duration.hpp"
#include "text.hpp"
#include "text_width.hpp"

namespace headliner {
namespace {

std::string ago(WallTime then, WallTime now) {
  auto age = std::chrono::floor<std::chrono::seconds>(now - then);
  return age.count() < 60 ? "just now" : format_age(age) + " ago";
}

std::string in(WallTime then, WallTime now) {
  auto wait = std::chrono::ceil<std::chrono::seconds>(then - now);
  if (wait.count() <= 0) return "due now";
  return "in " + format_wait(wait);
}

std::string state_of(const FeedRecord& r, WallTime now) {
  if (r.failing_since) {
    std::string state = "failing";
    if (r.failures > 1) state += " x" + std::to_string(r.failures);
    return state + " since " + ago(*r.failing_since, now) + ": " + r.last_error;
  }
  if (!r.last_success) return "never fetched";
  return r.not_modified ? "ok, not modified" : "ok";
}

// Pads to `width` terminal cells (names may be CJK or carry emoji).
std::string padded(const std::string& text, int width) {
  int cells = display_width(text);
  return text + std::string(static_cast<std::size_t>(std::max(0, width - cells)), ' ');
}

}  // namespace

std::string format_status_table(const Config& config, const std::vector<FeedRecord>& records, WallTime now) {
  int name_width = 4;
  for (const auto& feed : config.feeds) name_width = std::max(name_width, display_width(feed.name));
  std::ostringstream out;
  out << padded("FEED", name_width) << "  " << padded("LAST OK", 12) << "  " << padded("NEXT", 12)
      << "  STATE (why next then)\n";
  for (const auto& feed : config.feeds) {
    auto it = std::find_if(records.begin(), records.end(),
                           [&](const FeedRecord& r) { return r.name == feed.name && r.url == feed.url; });
    FeedRecord r = it != records.end() ? *it : FeedRecord{};
    std::string state = clean_text(state_of(r, now));
    if (!r.next_reason.empty()) state += " (" + clean_text(r.next_reason) + ")";
    if (!r.location.empty()) state += "; moved permanently to " + clean_text(r.location);
    out << padded(feed.name, name_width) << "  " << padded(r.last_success ? ago(*r.last_success, now) : "-", 12)
        << "  " << padded(r.next_attempt ? in(*r.next_attempt, now) : "-", 12) << "  " << state << '\n';
  }
  out << "(as last saved: a running ticker saves a refresh that changed nothing at most hourly)\n";
  return out.str();
}

std::string failing_summary(const std::vector<FeedRecord>& records) {
  std::string names;
  std::size_t failing = 0;
  for (const auto& r : records) {
    if (!r.failing_since) continue;
    names += (failing++ ? "; " : "") + clean_text(r.name) + " (" + clean_text(r.last_error) + ")";
  }
  const std::string total = std::to_string(records.size()) + (records.size() == 1 ? " feed" : " feeds");
  if (failing == 0) return "All " + total + " ok";
  return std::to_string(failing) + " of " + total + " failing: " + names;
}

std::string summarize(const std::vector<FeedOutcome>& outcomes) {
  std::size_t ok = 0, not_modified = 0, failing = 0;
  for (const auto& o : outcomes) {
    if (!o) ++failing;
    else if (o.not_modified) ++not_modified, ++ok;
    else ++ok;
  }
  std::string line = std::to_string(outcomes.size()) + (outcomes.size() == 1 ? " feed: " : " feeds: ") +
                     std::to_string(ok) + " ok";
  if (not_modified > 0) line += " (" + std::to_string(not_modified) + " not modified)";
  if (failing > 0) line += ", " + std::to_string(failing) + " failing";
  return line;
}

}  // namespace headliner
