// Which headlines the user wants: include and exclude rules, global and per
// feed. A rule is a keyword or phrase ("climate", "world cup"), matched as
// whole words after the same folding as story matching (case, accents,
// punctuation: "Café" matches "cafe"), or a regular expression written
// between slashes ("/^live:/"), matched case-insensitively against the title
// with case and accents folded (ECMAScript syntax; "." matches one byte).
//
// A headline passes when it matches no exclude rule and, if there are
// include rules, at least one of them. A feed's own rules add to the global ones.
#pragma once

#include <memory>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

namespace headliner {

struct Config;
struct Story;

class FilterRule {
 public:
  // nullopt-like error: `error` is set when a regular expression does not compile.
  static FilterRule parse(std::string_view text, std::string& error);
  bool matches(std::string_view key, std::string_view folded) const;
  const std::string& text() const { return text_; }

 private:
  std::string text_;
  std::string keyword_;                 // " key words " form, when a keyword
  std::shared_ptr<const std::regex> regex_;  // when a regular expression
};

struct FilterRules {
  std::vector<FilterRule> include;
  std::vector<FilterRule> exclude;
  bool empty() const { return include.empty() && exclude.empty(); }
};

// Whether `title` passes `global` and `own` (the feed's rules) together.
bool passes(std::string_view title, const FilterRules& global, const FilterRules& own);

// Whether the config has any include or exclude rule, global or per feed.
bool has_rules(const Config& config);

// Drops the stories the config's rules do not want. A story goes when any of
// its items matches an exclude rule (its feed's or the global ones): the same
// news under another outlet's title is still that news. With include rules,
// it stays when one of its items is included.
void remove_unwanted(std::vector<Story>& stories, const Config& config);

// Case folded with accents stripped, punctuation kept: what regexes see.
std::string fold_for_regex(std::string_view text);

}  // namespace headliner
