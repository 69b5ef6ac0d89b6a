#include "filter.hpp"

#include <algorithm>

#include "config.hpp"
#include "story_store.hpp"
#include "text.hpp"

namespace headliner {
namespace {

// The pattern's non-ASCII letters folded like the titles; its ASCII (the
// regex syntax, where case matters: \d vs \D) left to std::regex::icase.
std::string fold_pattern(std::string_view pattern) {
  std::string out;
  std::size_t i = 0;
  while (i < pattern.size()) {
    std::size_t j = i;
    bool ascii = static_cast<unsigned char>(pattern[i]) < 0x80;
    while (j < pattern.size() && (static_cast<unsigned char>(pattern[j]) < 0x80) == ascii) ++j;
    out += ascii ? std::string(pattern.substr(i, j - i)) : fold_case(pattern.substr(i, j - i));
    i = j;
  }
  return out;
}

}  // namespace

std::string fold_for_regex(std::string_view text) { return fold_case(clean_text(text)); }

FilterRule FilterRule::parse(std::string_view text, std::string& error) {
  FilterRule rule;
  rule.text_ = std::string(text);
  if (text.size() >= 2 && text.front() == '/' && text.back() == '/') {
    try {
      rule.regex_ = std::make_shared<const std::regex>(fold_pattern(text.substr(1, text.size() - 2)),
                                                       std::regex::ECMAScript | std::regex::icase);
    } catch (const std::regex_error& e) {
      error = "'" + rule.text_ + "' is not a valid regular expression: " + e.what();
    }
    return rule;
  }
  std::string key = match_key(text);
  if (key.empty()) error = "'" + rule.text_ + "' has no letters or digits to match";
  rule.keyword_ = " " + key + " ";
  return rule;
}

bool FilterRule::matches(std::string_view key, std::string_view folded) const {
  if (regex_) return std::regex_search(folded.begin(), folded.end(), *regex_);
  return key.find(keyword_) != std::string_view::npos;
}

namespace {

struct Verdict {
  bool excluded = false;
  bool included = false;
};

Verdict judge(std::string_view title, const FilterRules& global, const FilterRules& own) {
  const std::string key = " " + match_key(title) + " ";
  const std::string folded = fold_for_regex(title);
  auto any = [&](const std::vector<FilterRule>& rules) {
    for (const auto& rule : rules)
      if (rule.matches(key, folded)) return true;
    return false;
  };
  Verdict v;
  v.excluded = any(global.exclude) || any(own.exclude);
  v.included = (global.include.empty() && own.include.empty()) || any(global.include) || any(own.include);
  return v;
}

const FilterRules& rules_of(const Config& config, const std::string& feed) {
  static const FilterRules kNone;
  for (const auto& f : config.feeds)
    if (f.name == feed) return f.filter;
  return kNone;
}

}  // namespace

bool has_rules(const Config& config) {
  return !config.filter.empty() ||
         std::any_of(config.feeds.begin(), config.feeds.end(), [](const FeedConfig& f) { return !f.filter.empty(); });
}

void remove_unwanted(std::vector<Story>& stories, const Config& config) {
  if (!has_rules(config)) return;
  std::erase_if(stories, [&](const Story& story) {
    bool included = false;
    for (const auto& item : story.items) {
      Verdict v = judge(item.title, config.filter, rules_of(config, item.feed));
      if (v.excluded) return true;
      included = included || v.included;
    }
    return !included;
  });
}

bool passes(std::string_view title, const FilterRules& global, const FilterRules& own) {
  if (global.empty() && own.empty()) return true;
  Verdict v = judge(title, global, own);
  return !v.excluded && v.included;
}

}  // namespace headliner
