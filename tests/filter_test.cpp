#include "filter.hpp"

#include <gtest/gtest.h>

#include "config.hpp"
#include "story_store.hpp"

namespace headliner {
namespace {

FilterRule rule(std::string_view text) {
  std::string error;
  FilterRule r = FilterRule::parse(text, error);
  EXPECT_EQ(error, "") << text;
  return r;
}

FilterRules excluding(std::vector<std::string_view> texts) {
  FilterRules rules;
  for (auto t : texts) rules.exclude.push_back(rule(t));
  return rules;
}

FilterRules including(std::vector<std::string_view> texts) {
  FilterRules rules;
  for (auto t : texts) rules.include.push_back(rule(t));
  return rules;
}

TEST(FilterKeyword, MatchesWholeWordsWhateverTheCase) {
  EXPECT_FALSE(passes("SPORT: Cup final tonight", excluding({"sport"}), {}));
  EXPECT_TRUE(passes("Sportswear maker buys rival", excluding({"sport"}), {}));
  EXPECT_TRUE(passes("Transport strike ends", excluding({"sport"}), {}));
}

TEST(FilterKeyword, FoldsAccentsAndPunctuationLikeStoryMatching) {
  EXPECT_FALSE(passes("Le café du coin ferme", excluding({"Cafe"}), {}));
  EXPECT_FALSE(passes("Royal baby: name revealed", excluding({"royal-baby"}), {}));
  EXPECT_FALSE(passes("ÜBERRASCHUNG IN BERLIN", excluding({"überraschung"}), {}));
}

TEST(FilterKeyword, APhraseMatchesItsWordsInOrder) {
  EXPECT_FALSE(passes("Fans celebrate World Cup win", excluding({"world cup"}), {}));
  EXPECT_TRUE(passes("Cup of tea for the world", excluding({"world cup"}), {}));
}

TEST(FilterRegex, MatchesCaseInsensitively) {
  EXPECT_FALSE(passes("LIVE: Election night", excluding({"/^live:/"}), {}));
  EXPECT_TRUE(passes("Election night live", excluding({"/^live:/"}), {}));
}

TEST(FilterRegex, FoldsNonAsciiLettersButKeepsTheSyntax) {
  EXPECT_FALSE(passes("Ólympics open in Paris", excluding({"/^Ólympics/"}), {}));
  EXPECT_FALSE(passes("ÓLYMPICS open", excluding({"/^ólympics/"}), {}));
  // \D is not \d: ASCII in the pattern is left to the regex engine.
  EXPECT_FALSE(passes("Rates at 4%", excluding({"/\\d%/"}), {}));
  EXPECT_TRUE(passes("Rates at 4%", excluding({"/\\D%/"}), {}));
}

TEST(FilterRegex, AnInvalidPatternIsAnError) {
  std::string error;
  FilterRule::parse("/(unclosed/", error);
  EXPECT_TRUE(error.starts_with("'/(unclosed/' is not a valid regular expression")) << error;
}

TEST(FilterKeyword, OneWithoutLettersIsAnError) {
  std::string error;
  FilterRule::parse("!!!", error);
  EXPECT_EQ(error, "'!!!' has no letters or digits to match");
}

TEST(FilterRules, IncludeRulesKeepOnlyWhatMatches) {
  EXPECT_TRUE(passes("Climate summit opens", including({"climate", "energy"}), {}));
  EXPECT_FALSE(passes("Cup final tonight", including({"climate", "energy"}), {}));
}

TEST(FilterRules, ExcludeWinsOverInclude) {
  FilterRules rules = including({"climate"});
  rules.exclude.push_back(rule("opinion"));
  EXPECT_FALSE(passes("Opinion: the climate summit failed", rules, {}));
}

TEST(FilterRules, AFeedsRulesAddToTheGlobalOnes) {
  EXPECT_FALSE(passes("Transfer news: striker signs", excluding({"sport"}), excluding({"transfer"})));
  EXPECT_FALSE(passes("Sport: striker signs", excluding({"sport"}), excluding({"transfer"})));
  EXPECT_TRUE(passes("Markets rally", excluding({"sport"}), excluding({"transfer"})));
}

Story story(std::vector<std::pair<std::string, std::string>> items) {
  Story s;
  s.title = items.front().second;
  s.feed = items.front().first;
  for (auto& [feed, title] : items) s.items.push_back({feed, std::nullopt, std::nullopt, title});
  return s;
}

TEST(RemoveUnwanted, DropsAStoryWhenAnyOfItsItemsIsExcluded) {
  Config config;
  config.feeds.push_back({"A", "https://a.example/", std::chrono::minutes(15), "cyan"});
  config.feeds.push_back({"B", "https://b.example/", std::chrono::minutes(15), "cyan"});
  config.feeds[1].filter = excluding({"live"});
  std::vector<Story> stories = {story({{"A", "Storm closes schools"}, {"B", "LIVE: storm closes schools"}}),
                                story({{"A", "Live music returns"}}), story({{"B", "Rates held"}})};
  remove_unwanted(stories, config);
  ASSERT_EQ(stories.size(), 2u);
  EXPECT_EQ(stories[0].title, "Live music returns");  // A has no rule against "live"
  EXPECT_EQ(stories[1].title, "Rates held");
}

TEST(RemoveUnwanted, KeepsAStoryWhenOneOfItsItemsIsIncluded) {
  Config config;
  config.feeds.push_back({"A", "https://a.example/", std::chrono::minutes(15), "cyan"});
  config.filter = including({"climate"});
  std::vector<Story> stories = {story({{"A", "Summit ends"}, {"A", "Climate summit ends"}}), story({{"A", "Rates held"}})};
  remove_unwanted(stories, config);
  ASSERT_EQ(stories.size(), 1u);
  EXPECT_EQ(stories[0].title, "Summit ends");
}

}  // namespace
}  // namespace headliner
