#include "story_cluster.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/test_names.hpp"

namespace headliner {
namespace {

using namespace std::chrono_literals;

bool same(std::string_view a, std::string_view b) { return same_story(headline_key(a), headline_key(b)); }

std::string stripped(std::string_view title) { return std::string(strip_wire_marks(title).text); }

// ---------------------------------------------------------------------------
// Wire slugs, markers and publisher names: one test per rule, on what the
// rule strips and on two copies that need it (each carries a different mark,
// so neither copy's words are all in the other's without it).

TEST(WireMarks, NumberedUpdateSlugIsDropped) {
  EXPECT_EQ(stripped("UPDATE 1-EBay rejects Icahn board nominees"), "EBay rejects Icahn board nominees");
  EXPECT_TRUE(same("UPDATE 2-McDonald's US sales continue to struggle - sources",
                   "McDonald's US sales continue to struggle (1)"));
}

TEST(WireMarks, RepeatAndRefileSlugsAreDropped) {
  EXPECT_EQ(stripped("RPT-Mt. Gox files for US bankruptcy protection"), "Mt. Gox files for US bankruptcy protection");
  EXPECT_EQ(stripped("REFILE-Bad loan triggers key feature"), "Bad loan triggers key feature");
  EXPECT_TRUE(same("RPT-Mt. Gox files for US bankruptcy protection",
                   "REFILE-Mt. Gox files for US bankruptcy protection"));
}

TEST(WireMarks, UpperCaseDeskSlugOfSeveralWordsIsDropped) {
  EXPECT_EQ(stripped("US STOCKS SNAPSHOT-Wall St opens lower after record close"),
            "Wall St opens lower after record close");
  EXPECT_TRUE(same("US STOCKS-Wall St opens lower after record close",
                   "Wall St opens lower after record close - Reuters"));
}

TEST(WireMarks, HyphenatedWordsThatAreNotSlugsStay) {
  EXPECT_EQ(stripped("HK-listed shares fall on China data"), "HK-listed shares fall on China data");
  EXPECT_EQ(stripped("NATO-led force leaves Kabul"), "NATO-led force leaves Kabul");
}

TEST(WireMarks, UpperCaseKickerBeforeAColonIsDropped) {
  EXPECT_EQ(stripped("MARKET SNAPSHOT: US Stocks Held Back By China"), "US Stocks Held Back By China");
  EXPECT_EQ(stripped("VIDEO: Storm hits the coast"), "Storm hits the coast");
  EXPECT_TRUE(same("TECH STOCKS: EBay And Icahn Keep Trading Punches",
                   "EBay and Icahn keep trading punches (2)"));
}

TEST(WireMarks, AnUpperCaseSubjectBeforeAColonStays) {
  EXPECT_EQ(stripped("IMF: Greece must cut its debt"), "IMF: Greece must cut its debt");
}

TEST(WireMarks, AnAllCapsHeadlineIsNotTakenForASlug) {
  EXPECT_EQ(stripped("BREAKING NEWS-STOCKS CRASH"), "BREAKING NEWS-STOCKS CRASH");
  EXPECT_EQ(stripped("MARKET SNAPSHOT: STOCKS CRASH"), "MARKET SNAPSHOT: STOCKS CRASH");
}

TEST(WireMarks, VersionNumberInParenthesesIsDropped) {
  EXPECT_EQ(stripped("Noyer Says Strong Euro Creates Unwarranted Pressure (1)"),
            "Noyer Says Strong Euro Creates Unwarranted Pressure");
  EXPECT_EQ(stripped("Ten reasons (2014)"), "Ten reasons (2014)");
}

TEST(WireMarks, DowJonesUpdateMarkerIsDropped) {
  EXPECT_EQ(stripped("ECB's Noyer not Happy With Euro Strength -- 3rd Update"), "ECB's Noyer not Happy With Euro Strength");
  EXPECT_EQ(stripped("ECB's Noyer not Happy With Euro Strength -- Update"), "ECB's Noyer not Happy With Euro Strength");
  EXPECT_TRUE(same("ECB's Noyer not happy with euro strength -- Update",
                   "ECB's Noyer not happy with euro strength (1)"));
}

TEST(WireMarks, AttributionAfterADashOrColonIsDropped) {
  EXPECT_EQ(stripped("ECB to reveal bad loan hurdles - sources"), "ECB to reveal bad loan hurdles");
  EXPECT_EQ(stripped("ECB unlikely to end sterilization: traders"), "ECB unlikely to end sterilization");
  EXPECT_EQ(stripped("ECB to reveal bad loan hurdles -sources"), "ECB to reveal bad loan hurdles");
  EXPECT_EQ(stripped("Bad loan triggers key feature in test announcement- sources"),
            "Bad loan triggers key feature in test announcement");
  EXPECT_TRUE(same("UPDATE 1-ECB to reveal bad loan hurdles for euro zone bank test -sources",
                   "ECB to reveal bad loan hurdles for euro zone bank test (2)"));
}

TEST(WireMarks, PublisherNameAfterAPipeOrDashIsDropped) {
  EXPECT_EQ(stripped("Storm closes schools across the state | BBC News"), "Storm closes schools across the state");
  EXPECT_EQ(stripped("Storm closes schools across the state - Reuters"), "Storm closes schools across the state");
  EXPECT_EQ(stripped("Storm closes schools across the state \u2014 The New York Times"),
            "Storm closes schools across the state");
  EXPECT_TRUE(same("Storm closes schools across the state - Reuters", "Storm closes schools across the state | BBC News"));
}

TEST(WireMarks, TextAfterADashThatIsNoNameStays) {
  EXPECT_EQ(stripped("ECB Unlocks Door for Euro Strength - Will Data Allow?"),
            "ECB Unlocks Door for Euro Strength - Will Data Allow?");
  EXPECT_EQ(stripped("Opening Bell 10 March | Asian markets slump"), "Opening Bell 10 March | Asian markets slump");
  EXPECT_EQ(stripped("Rates held - and why"), "Rates held - and why");
}

TEST(WireMarks, TruncationIsDroppedAndFlagged) {
  const WireStripped dots = strip_wire_marks("A week after Mt Gox collapse, Japan struggles to understand ..");
  EXPECT_EQ(dots.text, "A week after Mt Gox collapse, Japan struggles to understand");
  EXPECT_TRUE(dots.truncated);
  const WireStripped ellipsis = strip_wire_marks("McDonald's sales decline as chain looks to adapt to \u2026");
  EXPECT_EQ(ellipsis.text, "McDonald's sales decline as chain looks to adapt to");
  EXPECT_TRUE(ellipsis.truncated);
  EXPECT_FALSE(strip_wire_marks("Rates held").truncated);
  EXPECT_TRUE(same("A Week After Mt. Gox Collapse, Japan Struggles to Understand Bitcoin",
                   "A week after Mt Gox collapse, Japan struggles to understand .."));
}

TEST(WireMarks, AWordCutByTheEllipsisIsDropped) {
  EXPECT_EQ(stripped("Transit ridership reaches highest level since 19..."), "Transit ridership reaches highest level since");
  EXPECT_TRUE(same("Transit ridership reaches highest level since 1956", "Transit ridership reaches highest level since 19\u2026"));
}

TEST(WireMarks, SeveralMarksComeOffTogether) {
  EXPECT_EQ(stripped("UPDATE 1-TECH STOCKS: EBay and Icahn trade punches (2) - Reuters"),
            "EBay and Icahn trade punches");
}

TEST(WireMarks, AHeadlineThatIsAllMarksIsKeptWhole) {
  EXPECT_EQ(stripped("UPDATE 1-"), "UPDATE 1-");
}

// ---------------------------------------------------------------------------
// Words: one test per normalisation

TEST(Words, CaseAccentsAndPunctuationDoNotCount) {
  EXPECT_TRUE(same("Putin and Trump’s Talks Stall!", "putin and trump's talks stall"));
  EXPECT_TRUE(same("Café owner wins the city prize", "CAFE OWNER WINS THE CITY PRIZE"));
}

TEST(Words, BritishAndAmericanSpellingsAreOneWord) {
  EXPECT_TRUE(same("ECB unlikely to end sterilisation of SMP purchases", "ECB unlikely to end sterilization of SMP purchases"));
  EXPECT_TRUE(same("Labour defence plan favours tyre makers", "Labor defense plan favors tire makers"));
  EXPECT_TRUE(same("Flights cancelled as storms travel east", "Flights canceled as storms travel east"));
}

TEST(Words, PercentPerCentPctAndTheSignAreOneWord) {
  const char* kForms[] = {"McDonald's February same-restaurant sales fall 0.3%",
                          "McDonald's February same-restaurant sales fall 0.3 percent",
                          "McDonald's February same-restaurant sales fall 0.3 per cent",
                          "McDonald's February same-restaurant sales fall 0.3 pct"};
  for (const char* form : kForms) EXPECT_TRUE(same(kForms[0], form)) << form;
}

TEST(Words, DecimalNumbersStayWhole) {
  EXPECT_FALSE(same("McDonald's February same-restaurant sales fall 0.3%", "McDonald's February same-restaurant sales fall 3%"));
  EXPECT_EQ(headline_key("Sales up 1.4 percent").words, (std::vector<std::string>{"1p4", "percent", "sale", "up"}));
}

TEST(Words, ThousandsSeparatorsDoNotCount) {
  EXPECT_TRUE(same("Mt. Gox faced 150,000 attacks per second", "Mt. Gox faced 150000 attacks per second"));
}

TEST(Words, AbbreviationsAreOneWordWithOrWithoutPeriods) {
  EXPECT_TRUE(same("Mt. Gox files for bankruptcy in the U.S.", "Mt Gox files for bankruptcy in the US"));
}

TEST(Words, PossessivesAreTheWordItself) {
  EXPECT_TRUE(same("McDonald's game plan to win back customers", "McDonalds game plan to win back customers"));
  EXPECT_TRUE(same("EU's bank union deal is near", "EU bank union deal is near"));
}

TEST(Words, PluralsAndTensesAreOneWord) {
  EXPECT_TRUE(same("American Airlines, JetBlue end interline agreements", "American Airlines, JetBlue ending interline agreement"));
  EXPECT_TRUE(same("Americans ride public transit in record numbers", "Americans riding public transit in record number"));
  EXPECT_EQ(fold_word("taxes"), fold_word("tax"));
  EXPECT_EQ(fold_word("tackling"), fold_word("tackle"));
}

TEST(Words, StemmingKeepsShortWordsApart) {
  EXPECT_NE(fold_word("news"), fold_word("new"));
  EXPECT_NE(fold_word("used"), fold_word("us"));
  EXPECT_EQ(fold_word("crisis"), "crisis");
  EXPECT_EQ(fold_word("rising"), fold_word("rise"));
}

TEST(Words, WordOrderDoesNotCount) {
  EXPECT_TRUE(same("Sbarro files for bankruptcy again", "Sbarro again files for bankruptcy"));
  EXPECT_TRUE(same("Poland: gas prices rise sharply", "Gas prices rise sharply in Poland"));
}

TEST(Words, StopWordsDoNotCount) {
  EXPECT_TRUE(same("Despite obstacles, the bull market turns 5", "Despite obstacles, bull market turns 5"));
}

TEST(Words, NegationsAndDirectionsCount) {
  EXPECT_FALSE(same("Fed says rates will go up this year", "Fed says rates will go down this year"));
  EXPECT_FALSE(same("Fed says rates will rise this year", "Fed says rates will not rise this year"));
}

// ---------------------------------------------------------------------------
// The rule

TEST(SameStory, ACopyThatAddsWordsIsTheSameStory) {
  EXPECT_TRUE(same("Mt. Gox files for US bankruptcy", "Bitcoin exchange Mt. Gox files for US bankruptcy protection"));
}

TEST(SameStory, AShortHeadlineIsNotFoldedIntoALongerOne) {
  EXPECT_FALSE(same("Stocks fall", "Stocks fall as oil prices rise"));
  EXPECT_FALSE(same("US stocks fall", "US stocks fall as Ukraine tension mounts"));
}

TEST(SameStory, ShortHeadlinesWithTheSameWordsAreTheSameStory) {
  EXPECT_TRUE(same("Stocks fall!", "stocks fall"));
}

TEST(SameStory, ASubstitutedWordKeepsHeadlinesApart) {
  EXPECT_FALSE(same("Stocks slip on discouraging news from Asia", "Stocks slide on discouraging news from Asia"));
}

TEST(SameStory, HeadlinesWithoutWordsAreNeverTheSameStory) {
  EXPECT_FALSE(same("!!!", "..."));
  EXPECT_TRUE(headline_key("!!!").exact.empty());
}

TEST(SameStory, ExactMethodComparesMatchKeysOnly) {
  EXPECT_TRUE(same_story(headline_key("Putin’s talks stall!"), headline_key("putin's talks stall"), DedupMethod::kExact));
  EXPECT_FALSE(same_story(headline_key("UPDATE 1-Rates held at 4% in March"), headline_key("Rates held at 4% in March"),
                          DedupMethod::kExact));
}

// Within-story pairs of the UCI News Aggregator sample that are different
// news (../shared/data/headlines/hard_negatives.jsonl), and two of our own.
struct HardNegative {
  const char* label;
  const char* a;
  const char* b;
};

class HardNegatives : public testing::TestWithParam<HardNegative> {};

TEST_P(HardNegatives, StayApart) {
  EXPECT_FALSE(same(GetParam().a, GetParam().b));
}

INSTANTIATE_TEST_SUITE_P(
    UciNewsAggregator, HardNegatives,
    testing::Values(
        HardNegative{"OppositeLists", "The 10 Best Stocks of the Bull Market", "The 10 Worst Stocks of the Bull Market"},
        HardNegative{"OppositeFacts", "Public Transit Ridership Up Nationally",
                     "Public transit systems in Ky. see ridership losses"},
        HardNegative{"DifferentIndices", "Dow Jones Transportation Average Pushing Higher",
                     "Dow Jones Industrial Average Gained Last Week"},
        HardNegative{"OneCompanyTwoNews", "McDonald's to try build-your-own-burger menu",
                     "McDonald's US sales continue to struggle in February"},
        HardNegative{"ProxyFightAndPayCut", "EBay asks shareholders to vote against Icahn board nominees",
                     "EBay CEO Donahoe's Pay Drops by 53% to $13.8 Million for 2013"},
        HardNegative{"OneAirlineTwoNews", "American Airlines says storms caused Feb. flight cancelations to more than  ...",
                     "American Airlines, JetBlue end interline pact"},
        HardNegative{"TwoBitcoinNews", "UK's first bitcoin machine opens in east London cafe",
                     "Japan Says Bitcoin Not Currency Amid Calls for Regulation"},
        HardNegative{"OtherAmount", "Oil company to cut 1,000 jobs in Scotland", "Oil company to cut 1,500 jobs in Scotland"},
        HardNegative{"OtherPlace", "Flooding closes schools across Kent", "Flooding closes schools across Essex"}),
    [](const testing::TestParamInfo<HardNegative>& info) { return test::label_to_name(info.param.label); });

// ---------------------------------------------------------------------------
// StoryClusterer

const WallTime kT0 = WallTime(std::chrono::sys_days(std::chrono::year(2025) / 9 / 2));

TEST(StoryClusterer, LinksCopiesThroughACommonShorterHeadline) {
  const std::vector<HeadlineKey> keys = {
      headline_key("Mt. Gox files for US bankruptcy to halt class action"),
      headline_key("Bitcoin exchange Mt. Gox files for US bankruptcy protection"),
      headline_key("Mt. Gox files for US bankruptcy"),
      headline_key("Storm closes schools across the state")};
  StoryClusterer clusterer;
  for (const auto& key : keys) clusterer.add(key, kT0);
  EXPECT_EQ(clusterer.story_of(0), 0u);
  EXPECT_EQ(clusterer.story_of(1), 0u);
  EXPECT_EQ(clusterer.story_of(2), 0u);
  EXPECT_EQ(clusterer.story_of(3), 3u);
}

TEST(StoryClusterer, FindsAShorterCopyAddedAfterTheLongerOne) {
  const HeadlineKey longer = headline_key("Bitcoin exchange Mt. Gox files for US bankruptcy protection");
  const HeadlineKey shorter = headline_key("Mt. Gox files for US bankruptcy");
  StoryClusterer clusterer;
  clusterer.add(longer, kT0);
  clusterer.add(shorter, kT0 + 1h);
  EXPECT_EQ(clusterer.story_of(1), 0u);
}

TEST(StoryClusterer, SameHeadlineOutsideTheWindowIsANewStory) {
  const HeadlineKey key = headline_key("Storm closes schools across the state");
  StoryClusterer clusterer(DedupConfig{DedupMethod::kSimilar, 48h});
  clusterer.add(key, kT0);
  clusterer.add(key, kT0 + 47h);
  clusterer.add(key, kT0 + 49h);
  EXPECT_EQ(clusterer.story_of(1), 0u);
  EXPECT_EQ(clusterer.story_of(2), 2u);  // counted from when the story broke, not from its last copy
}

TEST(StoryClusterer, ContainedHeadlineOutsideTheWindowIsANewStory) {
  const HeadlineKey longer = headline_key("Bitcoin exchange Mt. Gox files for US bankruptcy protection");
  const HeadlineKey shorter = headline_key("Mt. Gox files for US bankruptcy");
  StoryClusterer clusterer(DedupConfig{DedupMethod::kSimilar, 24h});
  clusterer.add(longer, kT0);
  clusterer.add(shorter, kT0 + 25h);
  EXPECT_EQ(clusterer.story_of(1), 1u);
}

TEST(StoryClusterer, ExactMethodMergesOnlyEqualMatchKeys) {
  const std::vector<HeadlineKey> keys = {headline_key("Rates held at 4%"), headline_key("rates held at 4%!"),
                                         headline_key("UPDATE 1-Rates held at 4%")};
  StoryClusterer clusterer(DedupConfig{DedupMethod::kExact, 48h});
  for (const auto& key : keys) clusterer.add(key, kT0);
  EXPECT_EQ(clusterer.story_of(1), 0u);
  EXPECT_EQ(clusterer.story_of(2), 2u);
}

TEST(StoryClusterer, HeadlinesWithoutWordsStayAlone) {
  const HeadlineKey empty = headline_key("...");
  StoryClusterer clusterer;
  clusterer.add(empty, kT0);
  clusterer.add(empty, kT0);
  EXPECT_EQ(clusterer.size(), 2u);
  EXPECT_EQ(clusterer.story_of(1), 1u);
}

// The index and the twin shortcut must find every pair the rule accepts:
// compared with linking every pair, in the same order and window.
std::vector<std::size_t> brute_force_stories(const std::vector<HeadlineKey>& keys, const std::vector<WallTime>& times,
                                             Duration window) {
  std::vector<std::size_t> story(keys.size());
  auto find = [&](std::size_t i) {
    while (story[i] != i) i = story[i];
    return i;
  };
  for (std::size_t j = 0; j < keys.size(); ++j) {
    story[j] = j;
    for (std::size_t i = 0; i < j; ++i) {
      const std::size_t a = find(i), b = find(j);
      if (a != b && times[j] - times[a] <= window && same_story(keys[i], keys[j])) story[std::max(a, b)] = std::min(a, b);
    }
  }
  for (std::size_t i = 0; i < story.size(); ++i) story[i] = find(i);
  return story;
}

std::vector<std::string> labelled_titles() {
  std::vector<std::string> titles;
  std::ifstream in(std::filesystem::path(HEADLINER_SHARED_DIR) / "data/headlines/headlines.jsonl");
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) titles.push_back(nlohmann::json::parse(line).at("title").get<std::string>());
  return titles;
}

TEST(StoryClusterer, FindsWhatLinkingEveryPairFindsOnRealHeadlines) {
  const std::vector<std::string> titles = labelled_titles();
  if (titles.empty()) GTEST_SKIP() << "../shared/data/headlines/headlines.jsonl is absent";
  std::vector<HeadlineKey> keys;
  for (const auto& title : titles) keys.push_back(headline_key(title));
  // Twice over: all at once, and spread so that the window splits stories.
  for (const auto spacing : {std::chrono::minutes(0), std::chrono::minutes(15)}) {
    SCOPED_TRACE(spacing.count());
    std::vector<WallTime> times;
    for (std::size_t i = 0; i < keys.size(); ++i) times.push_back(kT0 + spacing * static_cast<int>(i));
    const auto expected = brute_force_stories(keys, times, 48h);
    StoryClusterer clusterer(DedupConfig{DedupMethod::kSimilar, 48h});
    for (std::size_t i = 0; i < keys.size(); ++i) clusterer.add(keys[i], times[i]);
    std::size_t merged = 0;
    for (std::size_t i = 0; i < keys.size(); ++i) {
      EXPECT_EQ(clusterer.story_of(i), expected[i]) << titles[i];
      merged += expected[i] != i;
    }
    EXPECT_GT(merged, 50u);  // the comparison means something
  }
}

}  // namespace
}  // namespace headliner
