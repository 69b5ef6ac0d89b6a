#include "feed_list.hpp"

#include <gtest/gtest.h>
#include <pugixml.hpp>

#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "config.hpp"
#include "support/test_names.hpp"

namespace headliner {

void PrintTo(const ListedFeed& feed, std::ostream* out) { *out << "{\"" << feed.name << "\", \"" << feed.url << "\"}"; }

namespace {

const std::string kLists = std::string(HEADLINER_TEST_DATA) + "/feed_lists/";

using Feeds = std::vector<ListedFeed>;

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string opml(std::string_view outlines) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">\n<head><title>t</title></head>\n<body>\n" +
         std::string(outlines) + "\n</body>\n</opml>\n";
}

std::string outline(std::string_view text, std::string_view url) {
  return "<outline type=\"rss\" text=\"" + std::string(text) + "\" xmlUrl=\"" + std::string(url) + "\"/>\n";
}

std::size_t skipped(const FeedListResult& result, SkipReason reason) {
  return result.skipped[static_cast<std::size_t>(reason)];
}

// What the config makes of the [[feed]] tables: the same feeds, or its error.
Feeds through_config(const Feeds& feeds, std::string* error = nullptr) {
  auto parsed = parse_config(feeds_to_toml(feeds), "imported.toml", {});
  if (error) *error = parsed.error;
  Feeds out;
  for (const auto& feed : parsed.config.feeds) out.push_back({feed.name, feed.url});
  return out;
}

// ---- OPML as readers export it ----------------------------------------------

TEST(FeedListOpml, ReadsFeedlyFoldersInDocumentOrderAndSkipsAFeedListedInTwoFolders) {
  auto result = read_feed_list(read_file(kLists + "feedly.opml"));
  ASSERT_TRUE(result) << result.error;
  EXPECT_EQ(result.format, "OPML");
  EXPECT_EQ(result.feeds, (Feeds{{"BBC News - World", "https://feeds.bbci.co.uk/news/world/rss.xml"},
                                 {"The Guardian", "https://www.theguardian.com/world/rss"},
                                 {"Ars Technica", "https://feeds.arstechnica.com/arstechnica/index"}}));
  EXPECT_EQ(skipped(result, SkipReason::kDuplicate), 1u);
  EXPECT_EQ(result.skipped_total(), 1u);
}

TEST(FeedListOpml, ReadsInoreaderWithEntitiesAndPrefersTextToTitle) {
  auto result = read_feed_list(read_file(kLists + "inoreader.opml"));
  ASSERT_TRUE(result) << result.error;
  EXPECT_EQ(result.feeds,
            (Feeds{{"Reuters: World", "https://www.reutersagency.com/feed/?best-topics=world&post_type=best"},
                   {"Le Monde.fr - Actualités et Infos en France et dans le monde", "https://www.lemonde.fr/rss/une.xml"},
                   {"Hacker News", "https://news.ycombinator.com/rss"}}));
  EXPECT_EQ(result.skipped_total(), 0u);
}

TEST(FeedListOpml, ReadsThunderbirdNestedFoldersAndIgnoresAnEmptyFolder) {
  auto result = read_feed_list(read_file(kLists + "thunderbird.opml"));
  ASSERT_TRUE(result) << result.error;
  EXPECT_EQ(result.feeds, (Feeds{{"LWN.net", "https://lwn.net/headlines/rss"},
                                 {"Debian News", "https://www.debian.org/News/news"}}));
  // An empty folder has no URL either: it is counted, not hidden.
  EXPECT_EQ(skipped(result, SkipReason::kNoUrl), 1u);
}

TEST(FeedListOpml, ReadsNetNewsWireWithACommentBeforeTheRootAndCjkNames) {
  auto result = read_feed_list(read_file(kLists + "netnewswire.opml"));
  ASSERT_TRUE(result) << result.error;
  EXPECT_EQ(result.feeds, (Feeds{{"Daring Fireball", "https://daringfireball.net/feeds/main"},
                                 {"Six Colors", "https://sixcolors.com/feed/"},
                                 {"日本語のニュース", "https://www3.nhk.or.jp/rss/news/cat0.xml"}}));
}

TEST(FeedListOpml, ReadsNewsboatExportNamingAnUntitledFeedAfterItsHost) {
  auto result = read_feed_list(read_file(kLists + "newsboat.opml"));
  ASSERT_TRUE(result) << result.error;
  EXPECT_EQ(result.feeds, (Feeds{{"Wire A", "https://wire-a.example/rss"},
                                 {"Wire B", "https://wire-b.example/atom"},
                                 {"example.com", "https://example.com/feed.xml?a=1&b=2"}}));
}

TEST(FeedListOpml, TakesTheNameFromTextThenTitleThenTheHost) {
  auto result = read_feed_list(opml(
      "<outline text=\"From text\" title=\"From title\" xmlUrl=\"https://a.example/\"/>\n"
      "<outline text=\" \" title=\"From title\" xmlUrl=\"https://b.example/\"/>\n"
      "<outline xmlUrl=\"https://user:pw@www.C.example:8080/feed?x#y\"/>\n"
      "<outline xmlUrl=\"file:///srv/feeds/local.rss\"/>\n"
      "<outline xmlUrl=\"https://[::1]:8080/feed\"/>\n"
      "<outline xmlUrl=\"file:///\"/>"));
  ASSERT_TRUE(result) << result.error;
  EXPECT_EQ(result.feeds, (Feeds{{"From text", "https://a.example/"},
                                 {"From title", "https://b.example/"},
                                 {"c.example", "https://user:pw@www.C.example:8080/feed?x#y"},
                                 {"local.rss", "file:///srv/feeds/local.rss"},
                                 {"[::1]", "https://[::1]:8080/feed"},
                                 {"feed", "file:///"}}));
}

TEST(FeedListOpml, CollapsesWhitespaceInNames) {
  auto result = read_feed_list(opml("<outline text=\"  Two\n\t words &#10; here \" xmlUrl=\"https://a.example/\"/>"));
  ASSERT_TRUE(result) << result.error;
  ASSERT_EQ(result.feeds.size(), 1u);
  EXPECT_EQ(result.feeds[0].name, "Two words here");
}

TEST(FeedListOpml, MatchesAttributeNamesInAnyCaseAndTakesUrlWhenTheTypeIsAFeed) {
  auto result = read_feed_list(opml(
      "<outline text=\"Lower\" xmlurl=\"https://a.example/\"/>\n"
      "<outline text=\"Upper\" XMLURL=\"https://b.example/\"/>\n"
      "<outline text=\"Url\" type=\"RSS\" url=\"https://c.example/\"/>\n"
      "<outline text=\"A link, not a feed\" type=\"link\" url=\"https://d.example/\"/>\n"
      "<outline text=\"Include\" type=\"include\" url=\"https://e.example/more.opml\"/>"));
  ASSERT_TRUE(result) << result.error;
  EXPECT_EQ(result.feeds, (Feeds{{"Lower", "https://a.example/"},
                                 {"Upper", "https://b.example/"},
                                 {"Url", "https://c.example/"}}));
  EXPECT_EQ(skipped(result, SkipReason::kNoUrl), 2u);
}

TEST(FeedListOpml, SkipsWhatIsNotHttpHttpsOrFileAndLowersTheScheme) {
  auto result = read_feed_list(opml(outline("Upper", "HTTPS://a.example/Feed") + outline("Ftp", "ftp://b.example/") +
                                    outline("Relative", "feeds/c.xml") + outline("Js", "javascript:alert(1)") +
                                    outline("Feed scheme", "feed://d.example/") + outline("Bare", "https://") +
                                    outline("Empty", "") + outline("Blank", "  ")));
  ASSERT_TRUE(result) << result.error;
  EXPECT_EQ(result.feeds, (Feeds{{"Upper", "https://a.example/Feed"}}));
  EXPECT_EQ(skipped(result, SkipReason::kNotHttp), 5u);
  EXPECT_EQ(skipped(result, SkipReason::kNoUrl), 2u);
}

TEST(FeedListOpml, SkipsLifereaCommandsAndFilterCommands) {
  auto result = read_feed_list(opml(outline("Pipe", "|/usr/bin/make-feed") + outline("Exec", "exec:~/bin/x") +
                                    outline("Filter", "filter:~/bin/f:https://a.example/")));
  ASSERT_TRUE(result) << result.error;
  EXPECT_TRUE(result.feeds.empty());
  EXPECT_EQ(skipped(result, SkipReason::kScript), 3u);
}

TEST(FeedListOpml, MakesNamesUniqueWithoutPassingTheConfigsLimit) {
  const std::string long_name(64, 'x');
  auto result = read_feed_list(opml(outline("News", "https://a.example/") + outline("News", "https://b.example/") +
                                    outline("News", "https://c.example/") + outline("News (2)", "https://d.example/") +
                                    outline(long_name, "https://e.example/") + outline(long_name, "https://f.example/")));
  ASSERT_TRUE(result) << result.error;
  EXPECT_EQ(result.feeds, (Feeds{{"News", "https://a.example/"},
                                 {"News (2)", "https://b.example/"},
                                 {"News (3)", "https://c.example/"},
                                 {"News (2) (2)", "https://d.example/"},
                                 {long_name, "https://e.example/"},
                                 {std::string(60, 'x') + " (2)", "https://f.example/"}}));
  std::string error;
  EXPECT_EQ(through_config(result.feeds, &error), result.feeds) << error;
}

TEST(FeedListOpml, ManyFeedsOfOneNameStayFast) {
  std::string outlines;
  for (int i = 0; i < 20000; ++i) outlines += outline("Same", "https://a.example/" + std::to_string(i));
  auto result = read_feed_list(opml(outlines));
  ASSERT_TRUE(result) << result.error;
  ASSERT_EQ(result.feeds.size(), 20000u);
  EXPECT_EQ(result.feeds.back().name, "Same (20000)");
}

TEST(FeedListOpml, CutsLongNamesTo64BytesBetweenCharacters) {
  // "é" as e + combining acute: 3 bytes, one character; cut before it, not inside.
  const std::string decomposed = "e\xCC\x81";
  auto result = read_feed_list(opml(outline(std::string(62, 'a') + decomposed + "zzz", "https://a.example/") +
                                    outline(std::string(20, 'b') + "   " + std::string(60, 'c'), "https://b.example/") +
                                    outline("\xF0\x9F\x87\xA9\xF0\x9F\x87\xAA" + std::string(60, 'd'), "https://c.example/")));
  ASSERT_TRUE(result) << result.error;
  ASSERT_EQ(result.feeds.size(), 3u);
  EXPECT_EQ(result.feeds[0].name, std::string(62, 'a'));
  EXPECT_EQ(result.feeds[1].name, std::string(20, 'b') + " " + std::string(43, 'c'));
  EXPECT_EQ(result.feeds[2].name, "\xF0\x9F\x87\xA9\xF0\x9F\x87\xAA" + std::string(56, 'd'));
  std::string error;
  EXPECT_EQ(through_config(result.feeds, &error), result.feeds) << error;
}

TEST(FeedListOpml, CutsOneHugeCharacterBetweenCodePoints) {
  std::string pile = "a";
  for (int i = 0; i < 40; ++i) pile += "\xCC\x81";  // 40 combining accents on one letter: 81 bytes
  auto result = read_feed_list(opml(outline(pile, "https://a.example/")));
  ASSERT_TRUE(result) << result.error;
  ASSERT_EQ(result.feeds.size(), 1u);
  EXPECT_EQ(result.feeds[0].name.size(), 63u);
  std::string error;
  EXPECT_EQ(through_config(result.feeds, &error), result.feeds) << error;
}

TEST(FeedListOpml, TreatsTheSameFeedUnderAnotherSpellingAsADuplicate) {
  auto result = read_feed_list(opml(outline("A", "https://a.example/feed") + outline("B", "https://A.example/feed#top") +
                                    outline("C", "https://a.example/feed?utm_source=x") +
                                    outline("D", "https://a.example/other")));
  ASSERT_TRUE(result) << result.error;
  EXPECT_EQ(result.feeds, (Feeds{{"A", "https://a.example/feed"}, {"D", "https://a.example/other"}}));
  EXPECT_EQ(skipped(result, SkipReason::kDuplicate), 2u);
}

TEST(FeedListOpml, EncodesASpaceInAUrlAsABrowserWould) {
  auto result = read_feed_list(opml(outline("Spaced", " https://a.example/my feed.xml ")));
  ASSERT_TRUE(result) << result.error;
  EXPECT_EQ(result.feeds, (Feeds{{"Spaced", "https://a.example/my%20feed.xml"}}));
}

TEST(FeedListOpml, RepairsABareAmpersandInAUrl) {
  auto result = read_feed_list(opml(outline("Q&A", "https://a.example/?a=1&b=2")));
  ASSERT_TRUE(result) << result.error;
  EXPECT_EQ(result.feeds, (Feeds{{"Q&A", "https://a.example/?a=1&b=2"}}));
}

TEST(FeedListOpml, ReadsLatin1AndUtf16Documents) {
  auto latin1 = read_feed_list("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><opml><body>"
                               "<outline text=\"Caf\xE9 M\xFCller\" xmlUrl=\"https://a.example/\"/></body></opml>");
  ASSERT_TRUE(latin1) << latin1.error;
  EXPECT_EQ(latin1.feeds, (Feeds{{"Café Müller", "https://a.example/"}}));

  std::string utf16 = "\xFF\xFE";
  for (char c : std::string("<opml><body><outline text=\"Wide\" xmlUrl=\"https://w.example/\"/></body></opml>")) {
    utf16 += c;
    utf16 += '\0';
  }
  auto wide = read_feed_list(utf16);
  ASSERT_TRUE(wide) << wide.error;
  EXPECT_EQ(wide.feeds, (Feeds{{"Wide", "https://w.example/"}}));
}

TEST(FeedListOpml, WalksFoldersNestedDeeperThanAnyStackWithoutRecursion) {
  constexpr int kDepth = 200000;
  std::string text = "<opml><body>";
  for (int i = 0; i < kDepth; ++i) text += "<outline text=\"f\">";
  text += "<outline text=\"Deep\" xmlUrl=\"https://deep.example/\"/>";
  for (int i = 0; i < kDepth; ++i) text += "</outline>";
  text += "<outline text=\"After\" xmlUrl=\"https://after.example/\"/></body></opml>";
  auto result = read_feed_list(text);
  ASSERT_TRUE(result) << result.error;
  EXPECT_EQ(result.feeds, (Feeds{{"Deep", "https://deep.example/"}, {"After", "https://after.example/"}}));
}

TEST(FeedListOpml, AnEmptyBodyGivesNoFeedsAndNoError) {
  auto result = read_feed_list("<opml version=\"2.0\"><head/><body/></opml>");
  ASSERT_TRUE(result) << result.error;
  EXPECT_TRUE(result.feeds.empty());
  EXPECT_EQ(describe_import(result), "imported 0 feeds");
}

// ---- Feeds the config already has ---------------------------------------------

TEST(FeedListExisting, SkipsTheSameUrlOrTheSameNameAndCountsThem) {
  const Feeds existing = {{"BBC", "https://feeds.bbci.co.uk/news/rss.xml"}, {"Mine", "https://mine.example/"}};
  auto result = read_feed_list(opml(outline("BBC News", "https://feeds.bbci.co.uk/news/rss.xml") +
                                    outline("Mine", "https://elsewhere.example/") +
                                    outline("New", "https://new.example/")),
                               existing);
  ASSERT_TRUE(result) << result.error;
  EXPECT_EQ(result.feeds, (Feeds{{"New", "https://new.example/"}}));
  EXPECT_EQ(skipped(result, SkipReason::kInConfig), 2u);
  EXPECT_EQ(describe_import(result), "imported 1 feed, skipped 2: 2 already in the config");
}

TEST(FeedListExisting, ANameMadeFromTheHostIsMadeUniqueNotSkipped) {
  const Feeds existing = {{"a.example", "https://a.example/one"}, {"a.example (2)", "https://b.example/"}};
  auto result = read_feed_list(opml("<outline xmlUrl=\"https://a.example/two\"/>"), existing);
  ASSERT_TRUE(result) << result.error;
  EXPECT_EQ(result.feeds, (Feeds{{"a.example (3)", "https://a.example/two"}}));
}

TEST(FeedListExisting, NumbersNamesPastTheConfigs) {
  const Feeds existing = {{"News (2)", "https://x.example/"}};
  auto result = read_feed_list(opml(outline("News", "https://a.example/") + outline("News", "https://b.example/")),
                               existing);
  ASSERT_TRUE(result) << result.error;
  EXPECT_EQ(result.feeds, (Feeds{{"News", "https://a.example/"}, {"News (3)", "https://b.example/"}}));
}

// ---- newsboat's urls file -------------------------------------------------------

TEST(FeedListUrls, ReadsUrlsTagsNamesAndCommentsAndSaysWhatItSkipped) {
  auto result = read_feed_list(read_file(kLists + "urls"));
  ASSERT_TRUE(result) << result.error;
  EXPECT_EQ(result.format, "newsboat urls");
  EXPECT_EQ(result.feeds, (Feeds{{"blog.fefe.de", "https://blog.fefe.de/rss.xml?html"},
                                 {"ORF News", "https://rss.orf.at/news.xml"},
                                 {"heise.de", "https://www.heise.de/newsticker/heise.rdf"},
                                 {"Hidden \"one\"", "https://hidden.example/feed.xml"}}));
  EXPECT_EQ(skipped(result, SkipReason::kQuery), 1u);
  EXPECT_EQ(skipped(result, SkipReason::kScript), 2u);
  EXPECT_EQ(describe_import(result),
            "imported 4 feeds, skipped 3: 2 exec:/filter: scripts (headliner runs no commands), "
            "1 newsboat query feed (not a URL)");
}

TEST(FeedListUrls, IsToldApartByContentWithWindowsLineEndsAndNoFinalNewline) {
  auto result = read_feed_list("\xEF\xBB\xBFhttps://a.example/ \"~A\"\r\n\r\nhttp://b.example/\r\nfile:///srv/c.rss");
  ASSERT_TRUE(result) << result.error;
  EXPECT_EQ(result.feeds, (Feeds{{"A", "https://a.example/"}, {"b.example", "http://b.example/"},
                                 {"c.rss", "file:///srv/c.rss"}}));
}

TEST(FeedListUrls, AHashInsideAUrlIsNotAComment) {
  auto result = read_feed_list("https://a.example/feed#frag tag #comment \"~Not a name\"\n");
  ASSERT_TRUE(result) << result.error;
  EXPECT_EQ(result.feeds, (Feeds{{"a.example", "https://a.example/feed#frag"}}));
}

TEST(FeedListUrls, CountsLaterLinesThatAreNotUrls) {
  auto result = read_feed_list("https://a.example/\nwww.b.example/feed\nftp://c.example/\n");
  ASSERT_TRUE(result) << result.error;
  EXPECT_EQ(result.feeds, (Feeds{{"a.example", "https://a.example/"}}));
  EXPECT_EQ(describe_import(result), "imported 1 feed, skipped 2: 2 not http(s)");
}

TEST(FeedListUrls, OnlyCommentsGiveNoFeedsAndNoError) {
  auto result = read_feed_list("# nothing yet\n\n   # still nothing\n");
  ASSERT_TRUE(result) << result.error;
  EXPECT_TRUE(result.feeds.empty());
}

// ---- What is not a list of feeds ------------------------------------------------

struct BadInputCase {
  std::string label;
  std::string text;
  std::string error;
  int line = 0;
  int column = 0;
};

void PrintTo(const BadInputCase& c, std::ostream* out) { *out << c.label; }

class BadInput : public testing::TestWithParam<BadInputCase> {};

TEST_P(BadInput, IsOneErrorWithItsPlaceAndNoFeeds) {
  const auto& c = GetParam();
  auto result = read_feed_list(c.text);
  EXPECT_FALSE(result);
  EXPECT_EQ(result.error, c.error);
  EXPECT_EQ(result.line, c.line);
  EXPECT_EQ(result.column, c.column);
  EXPECT_TRUE(result.feeds.empty());
  EXPECT_EQ(result.skipped_total(), 0u);
}

// Built here, not in the table: gtest holds every parameter for the whole
// run, and every test's fork would carry the megabytes.
TEST(FeedListBadInput, LargerThan16MiBIsNotRead) {
  auto result = read_feed_list(std::string(kMaxFeedListBytes + 1, '#'));
  EXPECT_FALSE(result);
  EXPECT_EQ(result.error, "larger than 16 MiB, not read");
  EXPECT_TRUE(read_feed_list(std::string(kMaxFeedListBytes, '#')));  // comments only: no feeds, no error
}

std::string binary() {
  std::string bytes = "\x89PNG\r\n\x1a\n";
  for (int i = 0; i < 600; ++i) bytes += static_cast<char>(i * 37 % 256);
  return bytes;
}

INSTANTIATE_TEST_SUITE_P(
    FeedList, BadInput,
    testing::Values(
        BadInputCase{"Empty", "", "empty"},
        BadInputCase{"OnlyWhitespace", " \n\t\r\n", "empty"},
        BadInputCase{"OnlyAByteOrderMark", "\xEF\xBB\xBF", "empty"},
        BadInputCase{"Binary", binary(), "binary data, not a list of feeds"},
        BadInputCase{"Nuls", std::string(100, '\0'), "binary data, not a list of feeds"},
        BadInputCase{"MismatchedTags", "<opml>\n<body>\n  <outline text=\"é\" xmlUrl=\"https://a.example/\">\n</body></opml>",
                 "not well-formed XML: Start-end tags mismatch", 4, 3},
        BadInputCase{"Truncated", "<opml><body>\n<outline text=\"A\" xmlUrl=\"https://a.example/\"/>\n<outl",
                 "not well-formed XML: Error parsing start element tag", 3, 5},
        BadInputCase{"ColumnsCountCharacters", "<opml>\n  <body>äöü<</body></opml>",
                 "not well-formed XML: Could not determine tag type", 2, 13},
        BadInputCase{"AnRssFeed", "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel/></rss>",
                 "a feed, not a list of feeds: add its URL to the config as a [[feed]]"},
        BadInputCase{"AnAtomFeed", "<feed xmlns=\"http://www.w3.org/2005/Atom\"/>",
                 "a feed, not a list of feeds: add its URL to the config as a [[feed]]"},
        BadInputCase{"AnHtmlPage", "<!DOCTYPE html>\n<html><head><meta charset=utf-8><title>Log in</title></head></html>",
                 "an HTML page, not OPML"},
        BadInputCase{"WellFormedXhtml", "<html xmlns=\"http://www.w3.org/1999/xhtml\"><body/></html>",
                 "an HTML page, not OPML"},
        BadInputCase{"OtherXml", "<svg><g/></svg>", "not OPML: the root element is <svg>"},
        BadInputCase{"HostileRootName", "<a\xC2\x9B" "31m/>", "not OPML: the root element is <a>"},
        BadInputCase{"OnlyAComment", "<!-- nothing -->", "not well-formed XML: No document element found", 1, 17},
        BadInputCase{"OpmlWithoutBody", "<opml version=\"2.0\"><head/></opml>", "OPML without a <body>"},
        BadInputCase{"ATomlConfig", "# my config\n\n[ticker]\nspeed = 8\n",
                 "neither OPML nor a newsboat urls file (the first entry is not a URL)", 3},
        BadInputCase{"PlainText", "Dear reader,\nhttps://a.example/ is my feed.\n",
                 "neither OPML nor a newsboat urls file (the first entry is not a URL)", 1}),
    [](const testing::TestParamInfo<BadInputCase>& info) { return test::label_to_name(info.param.label); });

// ---- Hostile names and URLs --------------------------------------------------------

struct HostileCase {
  std::string label;
  std::string name;  // as written in an XML attribute
  std::string url;
};

void PrintTo(const HostileCase& c, std::ostream* out) { *out << c.label; }

class Hostile : public testing::TestWithParam<HostileCase> {};

// What the config would refuse is skipped, in both formats, and counted.
TEST_P(Hostile, IsSkippedAsTheConfigWouldRejectIt) {
  const auto& c = GetParam();
  auto result = read_feed_list(opml(outline(c.name, c.url) + outline("Fine", "https://fine.example/")));
  ASSERT_TRUE(result) << result.error;
  EXPECT_EQ(result.feeds, (Feeds{{"Fine", "https://fine.example/"}}));
  EXPECT_EQ(skipped(result, SkipReason::kUnsafe), 1u);
  EXPECT_EQ(describe_import(result), "imported 1 feed, skipped 1: 1 with control or bidi characters");
}

INSTANTIATE_TEST_SUITE_P(
    FeedList, Hostile,
    testing::Values(HostileCase{"EscapeInName", "&#27;[2JEvil", "https://a.example/"},
                    HostileCase{"BellInName", "Ding&#7;", "https://a.example/"},
                    HostileCase{"C1CsiInName", "A\xC2\x9B" "31mB", "https://a.example/"},
                    HostileCase{"DeleteInName", "A&#127;", "https://a.example/"},
                    HostileCase{"RightToLeftOverrideInName", "gnp&#x202E;.exe", "https://a.example/"},
                    HostileCase{"IsolateInName", "A\xE2\x81\xA6" "B", "https://a.example/"},
                    HostileCase{"EscapeInUrl", "A", "https://a.example/&#27;[31m"},
                    HostileCase{"NewlineInUrl", "A", "https://a.example/&#13;&#10;Host: b"},
                    HostileCase{"TabInUrl", "A", "https://a.example/&#9;x"},
                    HostileCase{"BidiInUrl", "A", "https://a.example/&#x202E;"}),
    [](const testing::TestParamInfo<HostileCase>& info) { return test::label_to_name(info.param.label); });

TEST(FeedListHostileUrls, ControlsInAUrlsFileAreSkippedToo) {
  auto result = read_feed_list("https://a.example/\nhttps://b.example/\x1b[2J\nhttps://c.example/ \"~\xE2\x80\xAE" "evil\"\n");
  ASSERT_TRUE(result) << result.error;
  EXPECT_EQ(result.feeds, (Feeds{{"a.example", "https://a.example/"}}));
  EXPECT_EQ(skipped(result, SkipReason::kUnsafe), 2u);
}

TEST(FeedListHostileUrls, InvalidUtf8IsRepairedBeforeItIsJudged) {
  // A Latin-1 "é" in a UTF-8 file: read as Windows-1252, as for feeds.
  auto result = read_feed_list("https://a.example/ \"~Caf\xE9\"\n");
  ASSERT_TRUE(result) << result.error;
  EXPECT_EQ(result.feeds, (Feeds{{"Café", "https://a.example/"}}));
}

// ---- Writing ----------------------------------------------------------------------

TEST(FeedListWriting, TomlEscapesQuotesBackslashesAndControls) {
  EXPECT_EQ(feeds_to_toml({{"Say \"hi\" \\o/", "https://a.example/?q=\"x\""}, {"Two", "https://b.example/"}}),
            "[[feed]]\nname = \"Say \\\"hi\\\" \\\\o/\"\nurl = \"https://a.example/?q=\\\"x\\\"\"\n"
            "\n"
            "[[feed]]\nname = \"Two\"\nurl = \"https://b.example/\"\n");
  // Never written for imported feeds, which cannot carry them; escaped all the same.
  EXPECT_EQ(feeds_to_toml({{"a\x1b[2J\t\n\x7f\xC2\x85\xE2\x80\xAE\xFF", "u"}}),
            "[[feed]]\nname = \"a\\u001B[2J\\t\\n\\u007F\\u0085\\u202E\\uFFFD\"\nurl = \"u\"\n");
  EXPECT_EQ(feeds_to_toml({}), "");
}

TEST(FeedListWriting, TomlIsWhatTheConfigReadsBack) {
  const Feeds feeds = {{"Say \"hi\" \\o/ # not a comment", "https://a.example/?q=\"x\"&y=\\"},
                       {"Wire B — ünïcødé 📰 [[feed]]", "file:///srv/feeds/b.atom"},
                       {"'single' = \"double\"", "http://c.example/"}};
  std::string error;
  EXPECT_EQ(through_config(feeds, &error), feeds) << error;
}

TEST(FeedListWriting, OpmlEscapesMarkupAndIsWellFormed) {
  const std::string text = feeds_to_opml({{"A & B <c> \"d\" 'e'", "https://a.example/?x=1&y=<2>"}});
  EXPECT_NE(text.find("text=\"A &amp; B &lt;c&gt; &quot;d&quot; 'e'\""), std::string::npos) << text;
  EXPECT_NE(text.find("xmlUrl=\"https://a.example/?x=1&amp;y=&lt;2&gt;\""), std::string::npos) << text;
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(text.c_str()));
  auto root = doc.document_element();
  EXPECT_STREQ(root.name(), "opml");
  EXPECT_STREQ(root.attribute("version").value(), "2.0");
  auto item = root.child("body").child("outline");
  EXPECT_STREQ(item.attribute("type").value(), "rss");
  EXPECT_STREQ(item.attribute("text").value(), "A & B <c> \"d\" 'e'");
  EXPECT_STREQ(item.attribute("title").value(), "A & B <c> \"d\" 'e'");
  EXPECT_STREQ(item.attribute("xmlUrl").value(), "https://a.example/?x=1&y=<2>");
}

TEST(FeedListWriting, OpmlLeavesOutWhatXmlCannotCarry) {
  const std::string text = feeds_to_opml({{"a\x01\x1b" "b\tc\xEF\xBF\xBE\xC2\x85\xFF", "https://a.example/"}});
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(text.c_str(), pugi::parse_default | pugi::parse_wconv_attribute)) << text;
  EXPECT_NE(text.find("text=\"ab&#9;c&#x85;\xEF\xBF\xBD\""), std::string::npos) << text;
}

TEST(FeedListWriting, AnEmptyListIsAnOpmlDocumentWithAnEmptyBody) {
  auto result = read_feed_list(feeds_to_opml({}));
  ASSERT_TRUE(result) << result.error;
  EXPECT_TRUE(result.feeds.empty());
}

// ---- Round trips --------------------------------------------------------------------

TEST(FeedListRoundTrip, ExportThenImportGivesTheSameFeeds) {
  const Feeds feeds = {{"Wire A & Co <\"quoted\">", "file:///srv/feeds/wire_a.rss"},
                       {"Wire B — ünïcødé 📰", "https://b.example/atom?x=1&y=2"},
                       {"  spaces are kept only inside  ", "http://c.example/"},
                       {"back\\slash 'and' quotes", "https://d.example/feed#frag"},
                       {"日本語のニュース", "https://www3.nhk.or.jp/rss/news/cat0.xml"},
                       {std::string(64, 'x'), "https://e.example/"}};
  auto result = read_feed_list(feeds_to_opml(feeds));
  ASSERT_TRUE(result) << result.error;
  Feeds expected = feeds;
  expected[2].name = "spaces are kept only inside";
  EXPECT_EQ(result.feeds, expected);
  EXPECT_EQ(result.skipped_total(), 0u);
}

TEST(FeedListRoundTrip, TheConfigsOwnFeedsComeBackThroughOpmlAndToml) {
  const std::string config_text =
      "[[feed]]\nname = \"A & \\\"B\\\"\"\nurl = \"https://a.example/?x=1&y=2\"\n"
      "[[feed]]\nname = \"Ünï 📰\"\nurl = \"file:///srv/b.rss\"\n";
  auto config = parse_config(config_text, "c.toml", {});
  ASSERT_TRUE(config) << config.error;
  Feeds feeds;
  for (const auto& feed : config.config.feeds) feeds.push_back({feed.name, feed.url});
  auto imported = read_feed_list(feeds_to_opml(feeds));
  ASSERT_TRUE(imported) << imported.error;
  std::string error;
  EXPECT_EQ(through_config(imported.feeds, &error), feeds) << error;
  // Importing into the config they came from adds nothing.
  auto again = read_feed_list(feeds_to_opml(feeds), feeds);
  EXPECT_TRUE(again.feeds.empty());
  EXPECT_EQ(skipped(again, SkipReason::kInConfig), 2u);
}

// Whatever a list holds, what comes out is a config the config reader accepts.
TEST(FeedListRoundTrip, EveryImportedFeedIsAcceptedByTheConfig) {
  auto result = read_feed_list(opml(
      outline("Quote &quot; and backslash \\ ", "https://a.example/&quot;\\") + outline("", "https://b.example/") +
      outline("", "HTTPS://b.example/2") + outline("[[feed]]\nname = &quot;x&quot;", "https://c.example/") +
      outline(std::string(200, 'y'), "https://d.example/") + outline("y", "file:///") +
      outline("Zero\xE2\x80\x8Bwidth", "https://e.example/") + outline("Emoji 👩‍👩‍👧", "https://f.example/")));
  ASSERT_TRUE(result) << result.error;
  EXPECT_EQ(result.feeds.size(), 8u);
  std::string error;
  EXPECT_EQ(through_config(result.feeds, &error), result.feeds) << error;
}

// ---- The config's feeds, read leniently ------------------------------------------

TEST(FeedListConfig, ReadsNamesAndUrlsWithoutJudgingTheRest) {
  auto listed = feeds_in_config("[ticker]\nsped = 3\n[[feed]]\nname = \"A\"\nurl = \"https://a.example/\"\n"
                                "[[feed]]\nurl = \"ftp://nameless.example/\"\n[[feed]]\nname = 3\n",
                                "c.toml");
  ASSERT_TRUE(listed) << listed.error;
  EXPECT_EQ(listed.feeds, (Feeds{{"A", "https://a.example/"}, {"", "ftp://nameless.example/"}, {"", ""}}));
}

TEST(FeedListConfig, AConfigWithoutFeedsHasNone) {
  auto listed = feeds_in_config("[ticker]\nspeed = 8\n", "c.toml");
  ASSERT_TRUE(listed) << listed.error;
  EXPECT_TRUE(listed.feeds.empty());
  EXPECT_TRUE(feeds_in_config("", "c.toml"));
  EXPECT_TRUE(feeds_in_config("feed = 3\n", "c.toml").feeds.empty());
}

TEST(FeedListConfig, ATomlSyntaxErrorNamesFileLineAndColumn) {
  auto listed = feeds_in_config("[ticker]\nspeed = = 8\n", "c.toml");
  EXPECT_FALSE(listed);
  EXPECT_EQ(listed.error.rfind("c.toml:2:", 0), 0u) << listed.error;
}

}  // namespace
}  // namespace headliner
