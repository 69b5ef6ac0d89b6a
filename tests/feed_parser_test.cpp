#include "feed_parser.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <ostream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "dates.hpp"

namespace headliner {
namespace {

namespace fs = std::filesystem;

// ---- Helpers -----------------------------------------------------------------

std::string parser_fixture_path(std::string_view name) {
  return std::string(HEADLINER_TEST_DATA) + "/parser/" + std::string(name);
}

std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in) << "cannot open " << path;
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

ParseResult parse_fixture(std::string_view name, std::string_view base_url,
                          const ParseLimits& limits = {}) {
  return parse_feed(read_bytes(parser_fixture_path(name)), base_url, limits);
}

std::string date(const std::optional<UtcTime>& time) {
  return time ? format_rfc3339(*time) : "none";
}

// Code points of strictly valid UTF-8 (no overlongs, surrogates or truncation),
// or nullopt.
std::optional<std::u32string> decode_utf8(std::string_view text) {
  std::u32string out;
  for (std::size_t pos = 0; pos < text.size();) {
    const auto lead = static_cast<unsigned char>(text[pos]);
    std::size_t length = 0;
    char32_t cp = 0;
    char32_t min = 0;
    if (lead < 0x80) {
      length = 1, cp = lead;
    } else if ((lead & 0xE0) == 0xC0) {
      length = 2, cp = lead & 0x1F, min = 0x80;
    } else if ((lead & 0xF0) == 0xE0) {
      length = 3, cp = lead & 0x0F, min = 0x800;
    } else if ((lead & 0xF8) == 0xF0) {
      length = 4, cp = lead & 0x07, min = 0x10000;
    } else {
      return std::nullopt;
    }
    if (pos + length > text.size()) return std::nullopt;
    for (std::size_t i = 1; i < length; ++i) {
      const auto byte = static_cast<unsigned char>(text[pos + i]);
      if ((byte & 0xC0) != 0x80) return std::nullopt;
      cp = (cp << 6) | (byte & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return std::nullopt;
    out.push_back(cp);
    pos += length;
  }
  return out;
}

bool is_valid_utf8(std::string_view text) { return decode_utf8(text).has_value(); }

// C0 and C1 controls (ESC and U+009B among them), DEL, and the bidi controls.
bool is_control_or_bidi(char32_t cp) {
  return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x061C || cp == 0x200E ||
         cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

// Displayable: valid UTF-8 and nothing a terminal would act on.
testing::AssertionResult IsDisplayable(std::string_view text) {
  const auto code_points = decode_utf8(text);
  if (!code_points) return testing::AssertionFailure() << "invalid UTF-8 in \"" << text << "\"";
  for (char32_t cp : *code_points) {
    if (is_control_or_bidi(cp)) {
      return testing::AssertionFailure()
             << "control U+" << std::hex << static_cast<unsigned long>(cp) << " in \"" << text
             << "\"";
    }
  }
  return testing::AssertionSuccess();
}

std::vector<std::string> titles_of(const ParsedFeed& feed) {
  std::vector<std::string> titles;
  for (const auto& item : feed.items) titles.push_back(item.title);
  return titles;
}

struct ExpectedItem {
  std::string title;
  std::optional<std::string> link;
  std::optional<std::string> id;
  std::string published = "none";
  std::string updated = "none";
};

void expect_items(const ParsedFeed& feed, const std::vector<ExpectedItem>& expected) {
  ASSERT_EQ(feed.items.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    SCOPED_TRACE("item " + std::to_string(i));
    const Item& item = feed.items[i];
    EXPECT_EQ(item.title, expected[i].title);
    EXPECT_EQ(item.link, expected[i].link);
    EXPECT_EQ(item.id, expected[i].id);
    EXPECT_EQ(date(item.published), expected[i].published);
    EXPECT_EQ(date(item.updated), expected[i].updated);
  }
}

constexpr std::string_view kWorldFeedUrl = "https://news.example.com/feeds/world.xml";

// ---- Every fixture, field by field ------------------------------------------------

struct FixtureCase {
  const char* file;
  const char* base_url;
  const char* feed_title;
  std::vector<ExpectedItem> items;
};

std::ostream& operator<<(std::ostream& os, const FixtureCase& c) { return os << c.file; }

std::string fixture_test_name(const testing::TestParamInfo<FixtureCase>& info) {
  std::string name = info.param.file;
  std::replace_if(name.begin(), name.end(), [](char c) { return c == '.'; }, '_');
  return name;
}

const std::vector<FixtureCase>& fixture_cases() {
  static const std::vector<FixtureCase> cases = {
      {"rss20.xml", "https://news.example.com/feeds/world.xml", "Example Wire: World",
       {
           {"Harbour bridge reopens after storm repairs",
            "https://news.example.com/world/2024/03/harbour-bridge-reopens",
            "urn:example-wire:story:1001", "2024-03-05T14:30:00Z"},
           {"Rates & rents: what changes in April",
            "https://news.example.com/world/2024/03/rates-and-rents",
            "https://news.example.com/world/2024/03/rates-and-rents", "2024-03-05T15:00:00Z"},
           {"Bold move by central bank", "https://news.example.com/business/bold-move.html",
            std::nullopt, "2024-03-05T08:15:00Z"},
           {"City marathon draws record crowd",
            "https://news.example.com/sport/2024/03/marathon-record",
            "https://news.example.com/sport/2024/03/marathon-record", "2024-03-04T18:05:00Z"},
           {"Live: election night updates", std::nullopt, "live-2024-03-05"},
           {"A short note without a headline.", "https://news.example.com/notes/42", std::nullopt, "2024-03-05T08:00:00Z"},
           {"Ceasefire talks resume in Geneva",
            "https://news.example.com/world/2024/03/ceasefire-talks",
            "https://news.example.com/world/2024/03/ceasefire-talks", "2024-03-05T07:45:00Z"},
       }},
      {"rss091.xml", "http://radio.example.org/feeds/rss091.xml", "Example Radio Headlines",
       {
           {"Storm warning issued for the coast",
            "http://radio.example.org/news/storm-warning.html", std::nullopt},
           {"Late-night train fares frozen", "http://radio.example.org/news/fares.html",
            std::nullopt},
           {"Central library reopens on Monday",
            "http://radio.example.org/feeds/news/library.html", std::nullopt},
       }},
      {"rss090.rdf", "http://my.netscape.com/publish/mozilla.rdf", "Mozilla Dot Org",
       {
           {"New Status Updates", "http://www.mozilla.org/status/", std::nullopt},
           {"Bugzilla Reorganized", "http://www.mozilla.org/bugs/", std::nullopt},
           {"Mozilla Party, 2.0!", "http://www.mozilla.org/party/1999/", std::nullopt},
       }},
      {"rss10.rdf", "https://science.example.org/rss", "This Week in Science",
       {
           {"Coral spawning is timed by moonlight",
            "https://science.example.org/2024/03/coral-spawning",
            "https://science.example.org/2024/03/coral-spawning", "2024-03-01T12:00:00Z"},
           {"Ice cores hold older air than thought",
            "https://science.example.org/2024/03/ice-cores", "urn:x-science:2024:0302",
            "2024-03-02T00:00:00Z"},
           {"Weather on an exoplanet, mapped",
            "https://science.example.org/2024/03/exoplanet-weather", "doi:10.5555/exo.2024.03",
            "2024-03-03T16:30:00Z"},
       }},
      {"atom10.xml", "https://feeds.example.com/blog/atom.xml", "Field Notes",
       {
           {"Rust & C++: a truce", "https://blog.example.net/posts/rust-cpp.html",
            "tag:blog.example.net,2024:rust-cpp", "2024-03-04T07:00:00Z",
            "2024-03-05T18:20:30Z"},
           {"H2O found in lunar soil", "https://blog.example.net/archive/2024/moon-water.html",
            "tag:blog.example.net,2024:moon-water", "none", "2024-03-03T07:45:00Z"},
           {"Plain <text> titles keep their brackets", "https://blog.example.net/plain",
            "tag:blog.example.net,2024:plain", "2024-03-01T00:00:00Z", "2024-03-01T06:00:00Z"},
           {"Draft with only an edit link", std::nullopt, "tag:blog.example.net,2024:draft-4",
            "none", "2024-02-28T12:00:00Z"},
       }},
      {"atom03.xml", "http://diveintomark.example.org/atom.xml", "dive into <mark>",
       {
           {"Atom 0.3 snapshot",
            "http://diveintomark.example.org/archives/2004/05/28/howto-atom-id",
            "tag:diveintomark.example.org,2004:/archives/2004/05/28/howto-atom-id",
            "2004-05-28T18:07:00Z", "2004-05-29T09:10:00Z"},
           {"Plain title in xml mode", "http://diveintomark.example.org/archives/2004/05/27/second",
            "tag:diveintomark.example.org,2004:/archives/2004/05/27/second",
            "2004-05-27T08:00:00Z", "2004-05-27T09:30:00Z"},
       }},
      {"latin1.xml", "http://jornal.example.pt/rss", "Últimas Notícias",
       {
           {"Previsão: calor até às 18h em São Paulo", "http://jornal.example.pt/tempo/calor",
            std::nullopt},
           {"Café, pão e açúcar: preços sobem 5% - «inflação»",
            "http://jornal.example.pt/economia/precos", std::nullopt},
       }},
      {"utf16.xml", "https://tokyo.example.jp/rss", "東京ニュース",
       {
           {"東京で桜が開花", "https://tokyo.example.jp/news/sakura", std::nullopt},
           {"Festival crowds cheer the first blossoms 🌸",
            "https://tokyo.example.jp/news/festival", std::nullopt},
       }},
      {"controls.xml", "https://controls.example.com/rss", "Control Character Test",
       {
           {"RED ALERT markets crash", "https://controls.example.com/1", "story-1"},
           {"Invoice gnp.exe attached", "https://controls.example.com/2", std::nullopt},
           {"Screen cleared by headline", "https://controls.example.com/3", std::nullopt},
           // HTML5 reads &#x9B; in HTML as Windows-1252 (U+203A), not as CSI.
           {"Double escaped \u203A7mcontrols", std::nullopt, std::nullopt},
           {"Bell rings, tab and vertical tab", "https://controls.example.com/5", std::nullopt},
       }},
  };
  return cases;
}

class ParserFixture : public testing::TestWithParam<FixtureCase> {};

TEST_P(ParserFixture, ParsesToExactItems) {
  const FixtureCase& c = GetParam();
  const ParseResult result = parse_fixture(c.file, c.base_url);
  ASSERT_TRUE(result) << result.error;
  EXPECT_EQ(result.feed.title, c.feed_title);
  expect_items(result.feed, c.items);
}

TEST_P(ParserFixture, TitlesAreDisplayable) {
  const FixtureCase& c = GetParam();
  const ParseResult result = parse_fixture(c.file, c.base_url);
  ASSERT_TRUE(result) << result.error;
  EXPECT_TRUE(IsDisplayable(result.feed.title));
  for (const auto& item : result.feed.items) {
    EXPECT_TRUE(IsDisplayable(item.title));
    if (item.id) {
      EXPECT_TRUE(IsDisplayable(*item.id));
    }
  }
}

TEST_P(ParserFixture, MaxItemsCutsTheItemList) {
  const FixtureCase& c = GetParam();
  ASSERT_GE(c.items.size(), 2u);
  ParseLimits limits;
  limits.max_items = 1;
  const ParseResult result = parse_fixture(c.file, c.base_url, limits);
  ASSERT_TRUE(result) << result.error;
  ASSERT_EQ(result.feed.items.size(), 1u);
  EXPECT_EQ(result.feed.items[0].title, c.items[0].title);
}

INSTANTIATE_TEST_SUITE_P(EveryFixture, ParserFixture, testing::ValuesIn(fixture_cases()),
                         fixture_test_name);

// ---- Format detection --------------------------------------------------------------

TEST(FeedParser, DetectsEachFormatByItsRootElement) {
  struct Case {
    const char* file;
    std::size_t items;
  };
  for (const Case& c : {Case{"rss20.xml", 7}, Case{"rss091.xml", 3}, Case{"rss090.rdf", 3},
                        Case{"rss10.rdf", 3}, Case{"atom10.xml", 4}, Case{"atom03.xml", 2}}) {
    SCOPED_TRACE(c.file);
    const ParseResult result = parse_fixture(c.file, "https://example.com/feed");
    ASSERT_TRUE(result) << result.error;
    EXPECT_EQ(result.feed.items.size(), c.items);
  }
}

TEST(FeedParser, RejectsAnUnknownRootElementByName) {
  const ParseResult result = parse_feed(
      R"(<?xml version="1.0"?><opml version="2.0"><head><title>Subscriptions</title></head>)"
      R"(<body><outline text="World" xmlUrl="https://news.example.com/feeds/world.xml"/></body></opml>)",
      kWorldFeedUrl);
  EXPECT_FALSE(result);
  EXPECT_NE(result.error.find("<opml>"), std::string::npos) << result.error;
}

TEST(FeedParser, RejectsAtomElementsOutsideTheAtomNamespace) {
  const ParseResult result = parse_feed(
      R"(<feed xmlns="http://example.com/not-atom"><entry><title>x</title></entry></feed>)",
      kWorldFeedUrl);
  EXPECT_FALSE(result);
}

// ---- Titles ----------------------------------------------------------------------

TEST(FeedParser, IgnoresMediaTitleBeforeRealTitle) {
  const ParseResult result = parse_fixture("rss20.xml", kWorldFeedUrl);
  ASSERT_TRUE(result) << result.error;
  ASSERT_GE(result.feed.items.size(), 4u);
  EXPECT_EQ(result.feed.items[3].title, "City marathon draws record crowd");
}

TEST(FeedParser, ReadsCdataTitleAsHtml) {
  const ParseResult result = parse_fixture("rss20.xml", kWorldFeedUrl);
  ASSERT_TRUE(result) << result.error;
  ASSERT_GE(result.feed.items.size(), 2u);
  EXPECT_EQ(result.feed.items[1].title, "Rates & rents: what changes in April");
}

TEST(FeedParser, StripsEscapedHtmlFromRssTitles) {
  const ParseResult result = parse_fixture("rss20.xml", kWorldFeedUrl);
  ASSERT_TRUE(result) << result.error;
  ASSERT_GE(result.feed.items.size(), 3u);
  EXPECT_EQ(result.feed.items[2].title, "Bold move by central bank");
}

// pugixml leaves character references to the parser (decoded() in
// feed_parser.cpp): every text and attribute the parser reads must still come
// out decoded, and CDATA must not be.
TEST(FeedParser, DecodesCharacterReferencesInEveryTextAndAttributeItReads) {
  const ParseResult atom = parse_feed(R"(<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://ex.org/a&amp;b/">
  <title>Caf&#233; &#x26; bar</title>
  <entry><title type="&#104;tml">&lt;b&gt;Bold&lt;/b&gt; &amp;amp; sure</title>
    <link rel="&#97;lternate" type="text/html" href="story?id=1&amp;x=&#50;"/>
    <id>tag:ex.org,2024:&#49;</id><updated>2024-05-0&#49;T00:00:00Z</updated></entry>
</feed>)", "https://ex.org/feed");
  ASSERT_TRUE(atom) << atom.error;
  EXPECT_EQ(atom.feed.title, "Caf\u00e9 & bar");
  ASSERT_EQ(atom.feed.items.size(), 1u);
  EXPECT_EQ(atom.feed.items[0].title, "Bold & sure");
  EXPECT_EQ(atom.feed.items[0].link, "https://ex.org/a&b/story?id=1&x=2");
  EXPECT_EQ(atom.feed.items[0].id, "tag:ex.org,2024:1");
  EXPECT_EQ(date(atom.feed.items[0].updated), "2024-05-01T00:00:00Z");

  const ParseResult rss = parse_feed(R"(<rss version="2.0"><channel><title>T</title><ttl>&#54;0</ttl>
  <item><title>A&#0;B &#xD800; C</title><guid isPermaLink="f&#97;lse">https://ex.org/p?a=1&amp;b=2</guid></item>
  <item><title><![CDATA[Fish &amp;amp; chips]]></title><link>https://ex.org/?a=1&amp;b=2</link></item>
  <item><title>Half &#x26 an &unknown; entity</title></item>
</channel></rss>)", "https://ex.org/feed");
  ASSERT_TRUE(rss) << rss.error;
  EXPECT_EQ(rss.feed.timing.ttl, std::chrono::minutes(60));
  ASSERT_EQ(rss.feed.items.size(), 3u);
  // A reference to no character is U+FFFD, as in HTML, not a NUL that ends the text.
  EXPECT_EQ(rss.feed.items[0].title, "A\uFFFDB \uFFFD C");
  EXPECT_EQ(rss.feed.items[0].link, std::nullopt);  // isPermaLink is "false"
  EXPECT_EQ(rss.feed.items[0].id, "https://ex.org/p?a=1&b=2");
  // CDATA is not XML-decoded; the title's own (double) HTML escaping is.
  EXPECT_EQ(rss.feed.items[1].title, "Fish & chips");
  EXPECT_EQ(rss.feed.items[1].link, "https://ex.org/?a=1&b=2");
  // Without ';' it is no XML reference; the HTML decoding reads "&#x26" anyway.
  EXPECT_EQ(rss.feed.items[2].title, "Half & an &unknown; entity");
}

TEST(FeedParser, TitlesAnItemWithNoTitleByItsDescription) {
  const ParseResult result = parse_fixture("rss20.xml", kWorldFeedUrl);
  ASSERT_TRUE(result) << result.error;
  ASSERT_GE(result.feed.items.size(), 6u);
  EXPECT_EQ(result.feed.items[5].title, "A short note without a headline.");
  EXPECT_EQ(result.feed.items[5].link, "https://news.example.com/notes/42");
}

TEST(FeedParser, GivesEmptyFeedTitleWhenChannelHasNone) {
  const ParseResult result = parse_feed(
      R"(<rss version="2.0"><channel><item><title>Only item</title></item></channel></rss>)",
      kWorldFeedUrl);
  ASSERT_TRUE(result) << result.error;
  EXPECT_EQ(result.feed.title, "");
  EXPECT_EQ(titles_of(result.feed), std::vector<std::string>{"Only item"});
}

TEST(FeedParser, ReadsDcTitleOfRss10Channel) {
  const ParseResult result = parse_fixture("rss10.rdf", "https://science.example.org/rss");
  ASSERT_TRUE(result) << result.error;
  EXPECT_EQ(result.feed.title, "This Week in Science");
}

TEST(FeedParser, DecodesAtomHtmlTitle) {
  const ParseResult result = parse_fixture("atom10.xml", "https://feeds.example.com/blog/atom.xml");
  ASSERT_TRUE(result) << result.error;
  ASSERT_GE(result.feed.items.size(), 1u);
  EXPECT_EQ(result.feed.items[0].title, "Rust & C++: a truce");
}

TEST(FeedParser, KeepsWordsWholeAcrossInlineXhtmlElements) {
  const ParseResult result = parse_fixture("atom10.xml", "https://feeds.example.com/blog/atom.xml");
  ASSERT_TRUE(result) << result.error;
  ASSERT_GE(result.feed.items.size(), 2u);
  EXPECT_EQ(result.feed.items[1].title, "H2O found in lunar soil");
}

TEST(FeedParser, SeparatesWordsAtBlockXhtmlElements) {
  const ParseResult result = parse_feed(
      R"(<feed xmlns="http://www.w3.org/2005/Atom"><entry><title type="xhtml">)"
      R"(<div xmlns="http://www.w3.org/1999/xhtml"><p>Breaking</p>Floods<br/>in the <b>north</b><ul><li>east</li><li>west</li></ul></div>)"
      R"(</title></entry></feed>)",
      kWorldFeedUrl);
  ASSERT_TRUE(result) << result.error;
  EXPECT_EQ(titles_of(result.feed), std::vector<std::string>{"Breaking Floods in the north east west"});
}

TEST(FeedParser, KeepsAngleBracketsInAtomTextTitle) {
  const ParseResult result = parse_fixture("atom10.xml", "https://feeds.example.com/blog/atom.xml");
  ASSERT_TRUE(result) << result.error;
  ASSERT_GE(result.feed.items.size(), 3u);
  EXPECT_EQ(result.feed.items[2].title, "Plain <text> titles keep their brackets");
}

TEST(FeedParser, ReadsHtmlEntitiesInAtomTextTitlesAndLinksAsHtmlDefinesThem) {
  const ParseResult result = parse_feed(
      R"(<feed xmlns="http://www.w3.org/2005/Atom"><title>Caf&eacute;&nbsp;news</title><entry>)"
      R"(<title type="text">5&nbsp;&lt;&nbsp;6 &mdash; caf&eacute; &amp;eacute;</title>)"
      R"(<link href="https://example.org/caf&eacute;?a=1&amp;b=2"/></entry></feed>)",
      kWorldFeedUrl);
  ASSERT_TRUE(result) << result.error;
  EXPECT_EQ(result.feed.title, "Caf\u00e9 news");
  ASSERT_EQ(result.feed.items.size(), 1u);
  EXPECT_EQ(result.feed.items[0].title, "5 < 6 \u2014 caf\u00e9 &eacute;");
  EXPECT_EQ(result.feed.items[0].link, "https://example.org/caf%C3%A9?a=1&b=2");
}

TEST(FeedParser, TitlesAnItemWithNoTitleByTheStartOfItsDescription) {
  // As Mastodon writes its RSS: no <title>, the post as HTML in <description>.
  const ParseResult result = parse_feed(
      R"(<rss version="2.0"><channel><title>@alice</title>)"
      R"(<item><link>https://social.example/@alice/1</link><description>&lt;p&gt;Just shipped &lt;b&gt;v2&lt;/b&gt;&amp;nbsp;!&lt;/p&gt;</description></item>)"
      R"(<item><description><![CDATA[<p>)" + std::string(30, 'x') + R"( and then a long post that goes on and on about the )"
      R"(weather, the trains, the price of coffee, and much else besides, far past what one line of )"
      R"(a ticker can hold</p>]]></description></item>)"
      R"(<item><title>A real title</title><description>not this</description></item>)"
      R"(<item><link>https://social.example/@alice/4</link></item>)"
      R"(</channel></rss>)",
      kWorldFeedUrl);
  ASSERT_TRUE(result) << result.error;
  ASSERT_EQ(result.feed.items.size(), 4u);
  EXPECT_EQ(result.feed.items[0].title, "Just shipped v2 !");
  // 160 bytes at most, the ellipsis included, cut between words.
  EXPECT_EQ(result.feed.items[1].title,
            std::string(30, 'x') + " and then a long post that goes on and on about the weather, the trains, the "
                                   "price of coffee, and much else besides, far past\u2026");
  EXPECT_EQ(result.feed.items[2].title, "A real title");
  EXPECT_EQ(result.feed.items[3].title, "");
}

TEST(FeedParser, TitlesAnAtomEntryWithNoTitleByItsSummaryThenItsContent) {
  const ParseResult result = parse_feed(
      R"(<feed xmlns="http://www.w3.org/2005/Atom">)"
      R"(<entry><title></title><summary type="html">&lt;p&gt;Summary &amp;amp; more&lt;/p&gt;</summary><content>Content</content></entry>)"
      R"(<entry><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Only</p><p>content</p></div></content></entry>)"
      R"(</feed>)",
      kWorldFeedUrl);
  ASSERT_TRUE(result) << result.error;
  EXPECT_EQ(titles_of(result.feed), (std::vector<std::string>{"Summary & more", "Only content"}));
}

TEST(FeedParser, ReadsRss2InTheNamespacesEarlyGeneratorsDeclared) {
  for (std::string_view nspace : {"http://backend.userland.com/rss2", "http://backend.userland.com/rss",
                                  "http://blogs.law.harvard.edu/tech/rss"}) {
    const ParseResult result = parse_feed(
        R"(<rss version="2.0" xmlns=")" + std::string(nspace) +
            R"(" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>UserLand</title><ttl>30</ttl>)"
            R"(<item><title>Namespaced</title><link>http://example.com/1</link><dc:date>2003-01-21</dc:date></item>)"
            R"(</channel></rss>)",
        kWorldFeedUrl);
    ASSERT_TRUE(result) << nspace << ": " << result.error;
    EXPECT_EQ(result.feed.title, "UserLand");
    ASSERT_EQ(result.feed.items.size(), 1u) << nspace;
    EXPECT_EQ(result.feed.items[0].title, "Namespaced");
    EXPECT_EQ(result.feed.items[0].link, "http://example.com/1");
    EXPECT_TRUE(result.feed.items[0].published);
  }
  const ParseResult other = parse_feed(R"(<rss xmlns="http://example.com/not-rss"><channel/></rss>)", kWorldFeedUrl);
  EXPECT_EQ(other.error, "not a feed: unknown root element <rss>");
}

TEST(FeedParser, ReadsAnRssLinkWrittenAsAnAtomStyleHref) {
  const ParseResult result = parse_feed(
      R"(<rss version="2.0"><channel><item><title>Href</title><link href="/posts/1"/></item>)"
      R"(<item><title>Text wins</title><link href="https://example.org/href">https://example.org/text</link></item>)"
      R"(</channel></rss>)",
      "https://example.org/feed.xml");
  ASSERT_TRUE(result) << result.error;
  ASSERT_EQ(result.feed.items.size(), 2u);
  EXPECT_EQ(result.feed.items[0].link, "https://example.org/posts/1");
  EXPECT_EQ(result.feed.items[1].link, "https://example.org/text");
}

TEST(FeedParser, ReadsIsPermaLinkFalseInAnyCaseAndSpacing) {
  for (std::string_view value : {"false", "False", "FALSE", " false ", "0"}) {
    const ParseResult result = parse_feed(
        R"(<rss version="2.0"><channel><item><title>G</title><guid isPermaLink=")" + std::string(value) +
            R"(">http://example.com/not-a-page/123</guid></item></channel></rss>)",
        kWorldFeedUrl);
    ASSERT_EQ(result.feed.items.size(), 1u) << value;
    EXPECT_EQ(result.feed.items[0].link, std::nullopt) << "isPermaLink=\"" << value << '"';
    EXPECT_EQ(result.feed.items[0].id, "http://example.com/not-a-page/123");
  }
}

TEST(FeedParser, ReadsAtomTextTypesInAnyCase) {
  const ParseResult result = parse_feed(
      R"(<feed xmlns="http://www.w3.org/2005/Atom"><entry><title type="HTML">&lt;b&gt;Up&lt;/b&gt; date</title></entry>)"
      R"(<entry><title type=" Html ">&lt;i&gt;Two&lt;/i&gt;</title></entry>)"
      R"(<entry><title type="TEXT">&lt;b&gt; stays</title></entry></feed>)",
      kWorldFeedUrl);
  ASSERT_TRUE(result) << result.error;
  EXPECT_EQ(titles_of(result.feed), (std::vector<std::string>{"Up date", "Two", "<b> stays"}));
}

TEST(FeedParser, ReadsAtom03EscapedPlainTextAsText) {
  const ParseResult result = parse_feed(
      R"(<feed version="0.3" xmlns="http://purl.org/atom/ns#">)"
      R"(<entry><title mode="escaped" type="text/plain">&lt;video&gt; tag support</title></entry>)"
      R"(<entry><title mode="escaped">&lt;i&gt;No type&lt;/i&gt; is HTML</title></entry>)"
      R"(<entry><title mode="escaped" type="text/plain">Fish &amp;amp; chips &lt;3</title></entry></feed>)",
      kWorldFeedUrl);
  ASSERT_TRUE(result) << result.error;
  EXPECT_EQ(titles_of(result.feed),
            (std::vector<std::string>{"<video> tag support", "No type is HTML", "Fish & chips <3"}));
}

TEST(FeedParser, TrimsNoBreakAndZeroWidthSpacesAroundALink) {
  const ParseResult result = parse_feed(
      R"(<rss version="2.0"><channel><item><title>A</title><link>http://example.com/a&#160;</link></item>)"
      R"(<item><title>B</title><link>&nbsp; http://example.com/b&#x200B;</link></item></channel></rss>)",
      kWorldFeedUrl);
  ASSERT_TRUE(result) << result.error;
  ASSERT_EQ(result.feed.items.size(), 2u);
  EXPECT_EQ(result.feed.items[0].link, "http://example.com/a");
  EXPECT_EQ(result.feed.items[1].link, "http://example.com/b");
}

TEST(FeedParser, TitlesAnItemWithOnlyContentEncodedByIt) {
  const ParseResult result = parse_feed(
      R"(<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>)"
      R"(<item><content:encoded><![CDATA[<p>Only encoded content</p>]]></content:encoded></item></channel></rss>)",
      kWorldFeedUrl);
  ASSERT_TRUE(result) << result.error;
  EXPECT_EQ(titles_of(result.feed), std::vector<std::string>{"Only encoded content"});
}

TEST(FeedParser, ReadsAnAtomFeedThatLeftOutItsNamespace) {
  const ParseResult result = parse_feed(
      R"(<feed><title>F</title><entry><title>E</title><link href="http://example.com/e"/><id>urn:e</id>)"
      R"(<updated>2024-03-05T14:30:00Z</updated></entry></feed>)",
      kWorldFeedUrl);
  ASSERT_TRUE(result) << result.error;
  EXPECT_EQ(result.feed.title, "F");
  ASSERT_EQ(result.feed.items.size(), 1u);
  EXPECT_EQ(result.feed.items[0].link, "http://example.com/e");
  EXPECT_EQ(result.feed.items[0].id, "urn:e");
  EXPECT_TRUE(result.feed.items[0].updated);
}

TEST(FeedParser, ReadsWindows1252ReferencesInTitlesAsHtmlDoes) {
  const ParseResult result = parse_feed(
      R"(<rss version="2.0"><channel><item><title>It&#146;s &#147;ok&#148; &#150; &#128;5</title></item>)"
      R"(</channel></rss>)",
      kWorldFeedUrl);
  ASSERT_TRUE(result) << result.error;
  EXPECT_EQ(titles_of(result.feed), std::vector<std::string>{"It\u2019s \u201cok\u201d \u2013 \u20ac5"});
}

TEST(FeedParser, DecodesAtom03EscapedMode) {
  const ParseResult result = parse_fixture("atom03.xml", "http://diveintomark.example.org/atom.xml");
  ASSERT_TRUE(result) << result.error;
  EXPECT_EQ(result.feed.title, "dive into <mark>");
  ASSERT_GE(result.feed.items.size(), 1u);
  EXPECT_EQ(result.feed.items[0].title, "Atom 0.3 snapshot");
}

// ---- Order ---------------------------------------------------------------------

TEST(FeedParser, KeepsDocumentOrderNotDateOrder) {
  const ParseResult result = parse_fixture("rss20.xml", kWorldFeedUrl);
  ASSERT_TRUE(result) << result.error;
  EXPECT_EQ(titles_of(result.feed),
            (std::vector<std::string>{"Harbour bridge reopens after storm repairs",
                                      "Rates & rents: what changes in April",
                                      "Bold move by central bank",
                                      "City marathon draws record crowd",
                                      "Live: election night updates", "A short note without a headline.",
                                      "Ceasefire talks resume in Geneva"}));
}

TEST(FeedParser, KeepsDocumentOrderOfAtomEntries) {
  const ParseResult result = parse_fixture("atom10.xml", "https://feeds.example.com/blog/atom.xml");
  ASSERT_TRUE(result) << result.error;
  EXPECT_EQ(titles_of(result.feed),
            (std::vector<std::string>{"Rust & C++: a truce", "H2O found in lunar soil",
                                      "Plain <text> titles keep their brackets",
                                      "Draft with only an edit link"}));
}

// ---- Links ---------------------------------------------------------------------

TEST(FeedParser, GivesNoLinkWhenItemHasNone) {
  const ParseResult result = parse_fixture("rss20.xml", kWorldFeedUrl);
  ASSERT_TRUE(result) << result.error;
  ASSERT_GE(result.feed.items.size(), 5u);
  EXPECT_EQ(result.feed.items[4].link, std::nullopt);  // its guid says isPermaLink="false"
}

TEST(FeedParser, UsesPermalinkGuidAsLinkWhenLinkIsMissing) {
  const ParseResult result = parse_fixture("rss20.xml", kWorldFeedUrl);
  ASSERT_TRUE(result) << result.error;
  ASSERT_GE(result.feed.items.size(), 7u);
  EXPECT_EQ(result.feed.items[6].link, "https://news.example.com/world/2024/03/ceasefire-talks");
}

TEST(FeedParser, ResolvesRelativeLinksAgainstFeedUrl) {
  const ParseResult result = parse_fixture("rss20.xml", kWorldFeedUrl);
  ASSERT_TRUE(result) << result.error;
  ASSERT_GE(result.feed.items.size(), 3u);
  EXPECT_EQ(result.feed.items[1].link, "https://news.example.com/world/2024/03/rates-and-rents");
  EXPECT_EQ(result.feed.items[2].link, "https://news.example.com/business/bold-move.html");

  const ParseResult rdf = parse_fixture("rss10.rdf", "https://science.example.org/rss");
  ASSERT_TRUE(rdf) << rdf.error;
  ASSERT_GE(rdf.feed.items.size(), 2u);
  EXPECT_EQ(rdf.feed.items[1].link, "https://science.example.org/2024/03/ice-cores");

  const ParseResult atom = parse_fixture("atom03.xml", "http://diveintomark.example.org/atom.xml");
  ASSERT_TRUE(atom) << atom.error;
  ASSERT_GE(atom.feed.items.size(), 2u);
  EXPECT_EQ(atom.feed.items[1].link, "http://diveintomark.example.org/archives/2004/05/27/second");
}

TEST(FeedParser, ResolvesRelativeLinksAgainstXmlBase) {
  const ParseResult result = parse_fixture("atom10.xml", "https://feeds.example.com/blog/atom.xml");
  ASSERT_TRUE(result) << result.error;
  ASSERT_GE(result.feed.items.size(), 2u);
  // The feed's xml:base, not the feed URL.
  EXPECT_EQ(result.feed.items[0].link, "https://blog.example.net/posts/rust-cpp.html");
  // The entry's relative xml:base, itself resolved against the feed's.
  EXPECT_EQ(result.feed.items[1].link, "https://blog.example.net/archive/2024/moon-water.html");
}

TEST(FeedParser, PrefersAlternateLinkOverSelfAndEnclosure) {
  const ParseResult result = parse_fixture("atom10.xml", "https://feeds.example.com/blog/atom.xml");
  ASSERT_TRUE(result) << result.error;
  ASSERT_GE(result.feed.items.size(), 4u);
  EXPECT_EQ(result.feed.items[0].link, "https://blog.example.net/posts/rust-cpp.html");
  EXPECT_EQ(result.feed.items[2].link, "https://blog.example.net/plain");  // html over pdf
  EXPECT_EQ(result.feed.items[3].link, std::nullopt);                      // rel="edit" only
}

TEST(FeedParser, DropsLinksWithUnsafeSchemes) {
  const ParseResult result = parse_fixture("controls.xml", "https://controls.example.com/rss");
  ASSERT_TRUE(result) << result.error;
  ASSERT_GE(result.feed.items.size(), 4u);
  EXPECT_EQ(result.feed.items[3].link, std::nullopt);
}

TEST(FeedParser, GivesNoRelativeLinksForLocalFile) {
  const ParseResult result = parse_fixture("rss091.xml", "file:///home/me/feeds/rss091.xml");
  ASSERT_TRUE(result) << result.error;
  ASSERT_EQ(result.feed.items.size(), 3u);
  EXPECT_EQ(result.feed.items[0].link, "http://radio.example.org/news/storm-warning.html");
  EXPECT_EQ(result.feed.items[2].link, std::nullopt);  // "news/library.html"
}

// ---- Ids -------------------------------------------------------------------------

TEST(FeedParser, UsesGuidAsId) {
  const ParseResult result = parse_fixture("rss20.xml", kWorldFeedUrl);
  ASSERT_TRUE(result) << result.error;
  ASSERT_GE(result.feed.items.size(), 5u);
  EXPECT_EQ(result.feed.items[0].id, "urn:example-wire:story:1001");
  EXPECT_EQ(result.feed.items[3].id, "https://news.example.com/sport/2024/03/marathon-record");
  EXPECT_EQ(result.feed.items[4].id, "live-2024-03-05");
  EXPECT_EQ(result.feed.items[2].id, std::nullopt);
}

TEST(FeedParser, UsesRdfAboutAsIdOfRss10Items) {
  const ParseResult result = parse_fixture("rss10.rdf", "https://science.example.org/rss");
  ASSERT_TRUE(result) << result.error;
  ASSERT_EQ(result.feed.items.size(), 3u);
  EXPECT_EQ(result.feed.items[0].id, "https://science.example.org/2024/03/coral-spawning");
  EXPECT_EQ(result.feed.items[1].id, "urn:x-science:2024:0302");
  EXPECT_EQ(result.feed.items[2].id, "doi:10.5555/exo.2024.03");  // dc:identifier wins
}

TEST(FeedParser, UsesAtomIdAsId) {
  const ParseResult result = parse_fixture("atom10.xml", "https://feeds.example.com/blog/atom.xml");
  ASSERT_TRUE(result) << result.error;
  ASSERT_GE(result.feed.items.size(), 1u);
  EXPECT_EQ(result.feed.items[0].id, "tag:blog.example.net,2024:rust-cpp");
}

// ---- Dates -----------------------------------------------------------------------

TEST(FeedParser, ReadsPubDateWithZoneOffset) {
  const ParseResult result = parse_fixture("rss20.xml", kWorldFeedUrl);
  ASSERT_TRUE(result) << result.error;
  ASSERT_GE(result.feed.items.size(), 2u);
  EXPECT_EQ(date(result.feed.items[0].published), "2024-03-05T14:30:00Z");
  EXPECT_EQ(date(result.feed.items[1].published), "2024-03-05T15:00:00Z");
  EXPECT_EQ(date(result.feed.items[1].updated), "none");
}

TEST(FeedParser, ReadsDcDateWhenPubDateIsMissing) {
  const ParseResult result = parse_fixture("rss20.xml", kWorldFeedUrl);
  ASSERT_TRUE(result) << result.error;
  ASSERT_GE(result.feed.items.size(), 3u);
  EXPECT_EQ(date(result.feed.items[2].published), "2024-03-05T08:15:00Z");

  const ParseResult rdf = parse_fixture("rss10.rdf", "https://science.example.org/rss");
  ASSERT_TRUE(rdf) << rdf.error;
  ASSERT_EQ(rdf.feed.items.size(), 3u);
  EXPECT_EQ(date(rdf.feed.items[1].published), "2024-03-02T00:00:00Z");
  EXPECT_EQ(date(rdf.feed.items[2].published), "2024-03-03T16:30:00Z");
}

TEST(FeedParser, ReadsAtomPublishedAndUpdated) {
  const ParseResult result = parse_fixture("atom10.xml", "https://feeds.example.com/blog/atom.xml");
  ASSERT_TRUE(result) << result.error;
  ASSERT_GE(result.feed.items.size(), 2u);
  EXPECT_EQ(date(result.feed.items[0].published), "2024-03-04T07:00:00Z");
  EXPECT_EQ(date(result.feed.items[0].updated), "2024-03-05T18:20:30Z");
  EXPECT_EQ(date(result.feed.items[1].published), "none");
  EXPECT_EQ(date(result.feed.items[1].updated), "2024-03-03T07:45:00Z");
}

TEST(FeedParser, ReadsAtom03IssuedAndModified) {
  const ParseResult result = parse_fixture("atom03.xml", "http://diveintomark.example.org/atom.xml");
  ASSERT_TRUE(result) << result.error;
  ASSERT_GE(result.feed.items.size(), 1u);
  EXPECT_EQ(date(result.feed.items[0].published), "2004-05-28T18:07:00Z");
  EXPECT_EQ(date(result.feed.items[0].updated), "2004-05-29T09:10:00Z");
}

// ---- Encodings ------------------------------------------------------------------

TEST(FeedParser, DecodesDeclaredLatin1ToUtf8) {
  const std::string bytes = read_bytes(parser_fixture_path("latin1.xml"));
  ASSERT_NE(bytes.find("\xDAltimas"), std::string::npos) << "fixture is not Latin-1";
  const ParseResult result = parse_feed(bytes, "http://jornal.example.pt/rss");
  ASSERT_TRUE(result) << result.error;
  EXPECT_EQ(result.feed.title, "\xC3\x9A" "ltimas Not\xC3\xAD" "cias");
  ASSERT_EQ(result.feed.items.size(), 2u);
  EXPECT_EQ(result.feed.items[0].title,
            "Previs\xC3\xA3o: calor at\xC3\xA9 \xC3\xA0s 18h em S\xC3\xA3o Paulo");
  EXPECT_TRUE(is_valid_utf8(result.feed.items[1].title));
}

TEST(FeedParser, DecodesUtf16LittleEndianWithBom) {
  const std::string bytes = read_bytes(parser_fixture_path("utf16.xml"));
  ASSERT_TRUE(bytes.starts_with(std::string_view("\xFF\xFE<\0", 4))) << "fixture is not UTF-16LE";
  const ParseResult result = parse_feed(bytes, "https://tokyo.example.jp/rss");
  ASSERT_TRUE(result) << result.error;
  EXPECT_EQ(result.feed.title, "\xE6\x9D\xB1\xE4\xBA\xAC\xE3\x83\x8B\xE3\x83\xA5\xE3\x83\xBC\xE3\x82\xB9");
  ASSERT_EQ(result.feed.items.size(), 2u);
  EXPECT_EQ(result.feed.items[1].title,
            "Festival crowds cheer the first blossoms \xF0\x9F\x8C\xB8");  // U+1F338, a surrogate pair
}

// ---- Errors ----------------------------------------------------------------------

TEST(FeedParser, SaysWhenTheDocumentIsAnHtmlPage) {
  const ParseResult result = parse_fixture("not_a_feed.html", kWorldFeedUrl);
  EXPECT_FALSE(result);
  EXPECT_NE(result.error.find("HTML"), std::string::npos) << result.error;
  EXPECT_TRUE(result.feed.items.empty());
}

TEST(FeedParser, SaysWhenTheDocumentIsBinaryData) {
  std::string junk;
  std::uint32_t x = 2463534242u;
  for (int i = 0; i < 4096; ++i) x ^= x << 13, x ^= x >> 17, x ^= x << 5, junk.push_back(static_cast<char>(x));
  EXPECT_EQ(parse_feed(junk, kWorldFeedUrl, {}, "application/octet-stream").error, "not a feed: binary data, not text");
  static constexpr char kPng[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0";
  const std::string png(kPng, sizeof kPng - 1);
  EXPECT_EQ(parse_feed(png, kWorldFeedUrl).error, "not a feed: binary data, not text");
}

TEST(FeedParser, PlainTextIsSaidToBeTextNotBinaryNorEmpty) {
  EXPECT_EQ(parse_feed("Service temporarily down.\r\n\tPlease come back later.\n", kWorldFeedUrl).error,
            "not a feed: plain text, no XML");
  EXPECT_EQ(parse_feed(" \n\t ", kWorldFeedUrl).error, "not a feed: the document is empty");
}

TEST(FeedParser, SaysWhenAWellFormedXhtmlPageIsHtml) {
  const ParseResult result = parse_feed(
      "<?xml version=\"1.0\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\"><head><title>Home"
      "</title></head><body><p>Hello</p></body></html>",
      kWorldFeedUrl);
  EXPECT_FALSE(result);
  EXPECT_NE(result.error.find("HTML"), std::string::npos) << result.error;
}

TEST(FeedParser, SaysHtmlForPagesAfterBomDeclarationAndComments) {
  for (const char* page :
       {"\xEF\xBB\xBF<!doctype html>\n<html><head><meta charset=utf-8></head></html>",
        "<?xml version=\"1.0\"?>\n<!-- generated -->\n<HTML>\n<BODY>Moved<BR></BODY></HTML>",
        "\n\n  <html lang=\"en\"><body><p>Moved</body></html>"}) {
    SCOPED_TRACE(page);
    const ParseResult result = parse_feed(page, kWorldFeedUrl);
    EXPECT_FALSE(result);
    EXPECT_NE(result.error.find("HTML"), std::string::npos) << result.error;
  }
}

TEST(FeedParser, ReportsXmlErrorForBrokenFeedThatMentionsHtml) {
  const ParseResult result = parse_feed(
      "<rss version=\"2.0\"><channel><title>Web <html>ideas</title></channel></rss>",
      kWorldFeedUrl);
  EXPECT_FALSE(result);
  EXPECT_EQ(result.error.find("HTML"), std::string::npos) << result.error;
  EXPECT_NE(result.error.find("line 1, column"), std::string::npos) << result.error;
}

TEST(FeedParser, KeepsTheCompleteItemsBeforeABreakWithAWarning) {
  const ParseResult result = parse_fixture("malformed.xml", kWorldFeedUrl);
  ASSERT_TRUE(result) << result.error;
  ASSERT_EQ(result.feed.items.size(), 1u);
  EXPECT_EQ(result.feed.items[0].title, "First story is fine");
  EXPECT_EQ(result.feed.title, "Broken Feed");
  EXPECT_EQ(result.warning,
            "only the items before an XML error at line 10, column 35: Start-end tags mismatch were read");
}

TEST(FeedParser, ReportsLineAndColumnWhenNoItemPrecedesTheBreak) {
  const ParseResult result = parse_feed(
      "<rss version=\"2.0\">\n<channel>\n<title>Broken</link>\n<item><title>x</title></item></channel></rss>",
      kWorldFeedUrl);
  EXPECT_FALSE(result);
  EXPECT_EQ(result.error, "XML error at line 3, column 16: Start-end tags mismatch");
}

TEST(FeedParser, FailsOnAnEmptyDocument) {
  const std::string bytes = read_bytes(parser_fixture_path("empty.xml"));
  ASSERT_TRUE(bytes.empty());
  const ParseResult result = parse_feed(bytes, kWorldFeedUrl);
  EXPECT_FALSE(result);
  EXPECT_FALSE(result.error.empty());
  EXPECT_TRUE(result.feed.items.empty());
}

TEST(FeedParser, FailsOnWhitespaceOnlyDocument) {
  const ParseResult result = parse_feed("  \n\t\n", kWorldFeedUrl);
  EXPECT_FALSE(result);
  EXPECT_FALSE(result.error.empty());
}

// ---- Controls --------------------------------------------------------------------

TEST(FeedParser, StripsControlsFromTitles) {
  const ParseResult result = parse_fixture("controls.xml", "https://controls.example.com/rss");
  ASSERT_TRUE(result) << result.error;
  ASSERT_EQ(result.feed.items.size(), 5u);
  EXPECT_EQ(result.feed.title, "Control Character Test");
  EXPECT_EQ(result.feed.items[0].title, "RED ALERT markets crash");    // ESC [ 31 m
  EXPECT_EQ(result.feed.items[1].title, "Invoice gnp.exe attached");   // U+202E
  EXPECT_EQ(result.feed.items[2].title, "Screen cleared by headline"); // U+009B
  EXPECT_EQ(result.feed.items[0].id, "story-1");
  EXPECT_TRUE(IsDisplayable(result.feed.title));
  for (const auto& item : result.feed.items) {
    EXPECT_TRUE(IsDisplayable(item.title));
    EXPECT_EQ(item.title.find('\x1B'), std::string::npos);
    EXPECT_EQ(item.title.find("\xE2\x80\xAE"), std::string::npos);
    EXPECT_EQ(item.title.find("\xC2\x9B"), std::string::npos);
    EXPECT_TRUE(std::none_of(item.title.begin(), item.title.end(),
                             [](char c) { return static_cast<unsigned char>(c) < 0x20; }));
  }
}

// ---- Limits ----------------------------------------------------------------------

TEST(FeedParser, MaxItemsCutsTheItemList) {
  ParseLimits limits;
  limits.max_items = 3;
  const ParseResult result = parse_fixture("rss20.xml", kWorldFeedUrl, limits);
  ASSERT_TRUE(result) << result.error;
  EXPECT_EQ(titles_of(result.feed),
            (std::vector<std::string>{"Harbour bridge reopens after storm repairs",
                                      "Rates & rents: what changes in April",
                                      "Bold move by central bank"}));
}

TEST(FeedParser, MaxItemsZeroGivesAnEmptyButValidFeed) {
  ParseLimits limits;
  limits.max_items = 0;
  const ParseResult result = parse_fixture("atom10.xml", "https://feeds.example.com/", limits);
  ASSERT_TRUE(result) << result.error;
  EXPECT_EQ(result.feed.title, "Field Notes");
  EXPECT_TRUE(result.feed.items.empty());
}

TEST(FeedParser, MaxItemsCountsItemsBesideTheChannel) {
  ParseLimits limits;
  limits.max_items = 2;
  const ParseResult result = parse_feed(
      "<rss version=\"0.91\"><channel><title>T</title><item><title>a</title></item></channel>"
      "<item><title>b</title></item><item><title>c</title></item></rss>",
      kWorldFeedUrl, limits);
  ASSERT_TRUE(result) << result.error;
  EXPECT_EQ(titles_of(result.feed), (std::vector<std::string>{"a", "b"}));
}

// "€" is 3 bytes, "😀" 4, "é" 2: every limit must land on a character boundary.
constexpr std::string_view kMultibyteTitle =
    "\xE2\x82\xAC\xE2\x82\xAC\xF0\x9F\x98\x80\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80" "a\xC3\xA9";

class MaxTitleBytes : public testing::TestWithParam<std::size_t> {};

TEST_P(MaxTitleBytes, CutsOnACharacterBoundary) {
  const std::size_t limit = GetParam();
  ParseLimits limits;
  limits.max_title_bytes = limit;
  const std::string document =
      "<rss version=\"2.0\"><channel><title>Wide</title><item><title>" +
      std::string(kMultibyteTitle) + "</title></item></channel></rss>";
  const ParseResult result = parse_feed(document, kWorldFeedUrl, limits);
  ASSERT_TRUE(result) << result.error;
  ASSERT_EQ(result.feed.items.size(), 1u);
  const std::string& title = result.feed.items[0].title;
  EXPECT_LE(title.size(), limit);
  EXPECT_TRUE(is_valid_utf8(title)) << title;
  EXPECT_TRUE(kMultibyteTitle.starts_with(title)) << title;
  // Nothing more than the straddling character was dropped.
  EXPECT_GT(title.size() + 4, std::min(limit, kMultibyteTitle.size()));
}

TEST_P(MaxTitleBytes, CutsAtomTitlesOnACharacterBoundary) {
  const std::size_t limit = GetParam();
  ParseLimits limits;
  limits.max_title_bytes = limit;
  const std::string document = "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><title>" +
                               std::string(kMultibyteTitle) + "</title></entry></feed>";
  const ParseResult result = parse_feed(document, kWorldFeedUrl, limits);
  ASSERT_TRUE(result) << result.error;
  ASSERT_EQ(result.feed.items.size(), 1u);
  const std::string& title = result.feed.items[0].title;
  EXPECT_LE(title.size(), limit);
  EXPECT_TRUE(is_valid_utf8(title)) << title;
  EXPECT_TRUE(kMultibyteTitle.starts_with(title)) << title;
}

INSTANTIATE_TEST_SUITE_P(EveryLimitUpToTheTitleLength, MaxTitleBytes,
                         testing::Range<std::size_t>(0, kMultibyteTitle.size() + 2));

TEST(FeedParser, KeepsATitleThatFitsTheLimitExactly) {
  ParseLimits limits;
  limits.max_title_bytes = kMultibyteTitle.size();
  const ParseResult result = parse_feed(
      "<rss><channel><item><title>" + std::string(kMultibyteTitle) + "</title></item></channel></rss>",
      kWorldFeedUrl, limits);
  ASSERT_TRUE(result) << result.error;
  ASSERT_EQ(result.feed.items.size(), 1u);
  EXPECT_EQ(result.feed.items[0].title, kMultibyteTitle);
}

// ---- Real feeds from ../shared ---------------------------------------------------------

TEST(FeedParser, ParsesEverySharedRealWorldFeed) {
  const fs::path dir = fs::path(HEADLINER_SHARED_DIR) / "data" / "feeds";
  if (!fs::is_directory(dir)) GTEST_SKIP() << dir.string() << " is absent";
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const auto ext = entry.path().extension();
    if (entry.is_regular_file() && (ext == ".rss" || ext == ".atom" || ext == ".rdf"))
      files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  ASSERT_FALSE(files.empty()) << "no .rss/.atom/.rdf files in " << dir.string();
  for (const auto& file : files) {
    SCOPED_TRACE(file.filename().string());
    const ParseResult result =
        parse_feed(read_bytes(file.string()), "https://example.com/" + file.filename().string());
    ASSERT_TRUE(result) << result.error;
    EXPECT_TRUE(IsDisplayable(result.feed.title));
    EXPECT_GE(result.feed.items.size(), 1u);
    for (std::size_t i = 0; i < result.feed.items.size(); ++i) {
      const Item& item = result.feed.items[i];
      SCOPED_TRACE("item " + std::to_string(i));
      EXPECT_FALSE(item.title.empty());
      EXPECT_TRUE(IsDisplayable(item.title));
    }
  }
}

}  // namespace
}  // namespace headliner

namespace headliner {
namespace {

TEST(FeedParser, CutTitleDoesNotEndInASpace) {
  ParseLimits limits;
  limits.max_title_bytes = 4;
  auto result = parse_feed("<rss><channel><item><title>abc def</title></item></channel></rss>",
                           "http://example.com/feed", limits);
  ASSERT_TRUE(result) << result.error;
  EXPECT_EQ(result.feed.items.at(0).title, "abc");
}

TEST(FeedParser, BoundsAMegabyteTitle) {
  std::string huge(2 * 1024 * 1024, 'x');
  auto result = parse_feed("<rss><channel><item><title>" + huge + "</title></item></channel></rss>",
                           "http://example.com/feed");
  ASSERT_TRUE(result) << result.error;
  EXPECT_EQ(result.feed.items.at(0).title, std::string(ParseLimits{}.max_title_bytes, 'x'));
}

}  // namespace
}  // namespace headliner

namespace headliner {
namespace {

TEST(FeedParser, CleansTheRootElementNameInItsError) {
  auto result = parse_feed("<a\xC2\x9B" "31m/>", "http://example.com/feed");
  // U+009B is an 8-bit CSI: it and its "31m" go.
  EXPECT_EQ(result.error, "not a feed: unknown root element <a>");
}

}  // namespace
}  // namespace headliner

namespace headliner {
namespace {

std::string nested(std::string_view tag, std::size_t depth, std::string_view inner) {
  std::string open = "<" + std::string(tag) + ">";
  std::string close = "</" + std::string(tag) + ">";
  std::string out;
  out.reserve(depth * (open.size() + close.size()) + inner.size());
  for (std::size_t i = 0; i < depth; ++i) out += open;
  out += inner;
  for (std::size_t i = 0; i < depth; ++i) out += close;
  return out;
}

// Flattening a title once recursed per element: this overflowed the stack.
TEST(FeedParser, SurvivesATitleOfDeeplyNestedInlineElements) {
  auto result = parse_feed("<rss><channel><item><title>" + nested("b", 200000, "Deep") +
                               "</title></item></channel></rss>",
                           "http://example.com/feed");
  ASSERT_TRUE(result) << result.error;
  ASSERT_EQ(result.feed.items.size(), 1u);
  EXPECT_EQ(result.feed.items[0].title, "Deep");
}

TEST(FeedParser, SurvivesAnXhtmlTitleOfDeeplyNestedBlockElements) {
  // Every <div> adds a space on both sides; the spaces count against the raw
  // text limit like any other text, so this title is all spaces: empty.
  auto result = parse_feed(
      R"(<feed xmlns="http://www.w3.org/2005/Atom"><entry><title type="xhtml">)" +
          nested("div", 200000, "Deep") + "</title></entry></feed>",
      "http://example.com/feed");
  ASSERT_TRUE(result) << result.error;
  ASSERT_EQ(result.feed.items.size(), 1u);
  EXPECT_EQ(result.feed.items[0].title, "");
}

TEST(FeedParser, KeepsSpacingAcrossNestedAndSiblingElements) {
  const ParseResult result = parse_feed(
      R"(<feed xmlns="http://www.w3.org/2005/Atom"><entry><title type="xhtml">)"
      R"(<div xmlns="http://www.w3.org/1999/xhtml">A<b>b<i>c</i></b>d<p>e<span>f<br/>g</span></p>h<ul><li><em>i</em></li><li>j</li></ul>k</div>)"
      R"(</title></entry></feed>)",
      kWorldFeedUrl);
  ASSERT_TRUE(result) << result.error;
  EXPECT_EQ(titles_of(result.feed), std::vector<std::string>{"Abcd ef g h i j k"});
}

}  // namespace
}  // namespace headliner

namespace headliner {
namespace {

class Rss092To094 : public testing::TestWithParam<std::string> {};

TEST_P(Rss092To094, ReadsTitlesLinksDatesAndUntitledItems) {
  const std::string version = GetParam();
  std::ifstream in(std::string(HEADLINER_TEST_DATA) + "/parser/rss0" + version.substr(2) + ".xml", std::ios::binary);
  ASSERT_TRUE(in);
  const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  const ParseResult result = parse_feed(bytes, "http://scripting.example.com/rss.xml");
  ASSERT_TRUE(result) << result.error;
  EXPECT_EQ(result.feed.title, "Scripting News " + version);
  ASSERT_EQ(result.feed.items.size(), 2u);
  const Item& first = result.feed.items[0];
  EXPECT_EQ(first.title, "Caf\u00e9 opens on Main Street");
  EXPECT_EQ(first.link, "http://scripting.example.com/2003/01/cafe.html");
  EXPECT_EQ(first.id, "sn-" + version + "-1");
  ASSERT_TRUE(first.published);
  EXPECT_EQ(format_rfc3339(*first.published), "2003-01-21T18:00:00Z");
  EXPECT_EQ(result.feed.items[1].title, "An item with no title, only a description.");  // shown by its text
  EXPECT_EQ(result.feed.items[1].link, "http://scripting.example.com/2003/01/notitle.html");
}

INSTANTIATE_TEST_SUITE_P(Versions, Rss092To094, testing::Values("0.92", "0.93", "0.94"));

}  // namespace
}  // namespace headliner

namespace headliner {
namespace {

using namespace std::chrono_literals;

TEST(FeedTimingParsing, ReadsRssTtlSkipHoursAndSkipDays) {
  ParseResult r = parse_feed(R"(<rss version="2.0"><channel><title>T</title><ttl> 60 </ttl>
    <skipHours><hour>0</hour><hour>7</hour><hour>24</hour><hour>99</hour><hour>x</hour></skipHours>
    <skipDays><day>Saturday</day><day>Sunday</day><day>Caturday</day></skipDays>
    <item><title>A</title></item></channel></rss>)", "https://example.com/");
  ASSERT_TRUE(r) << r.error;
  EXPECT_EQ(r.feed.timing.ttl, Duration(1h));
  EXPECT_EQ(r.feed.timing.skip_hours, (1u << 0) | (1u << 7));
  EXPECT_EQ(r.feed.timing.skip_days, (1u << 0) | (1u << 6));
}

TEST(FeedTimingParsing, ReadsSyndicationModuleInRdf) {
  ParseResult r = parse_feed(R"(<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
      xmlns="http://purl.org/rss/1.0/" xmlns:sy="http://purl.org/rss/1.0/modules/syndication/">
    <channel rdf:about="x"><title>T</title><sy:updatePeriod>hourly</sy:updatePeriod>
    <sy:updateFrequency>2</sy:updateFrequency></channel>
    <item rdf:about="a"><title>A</title></item></rdf:RDF>)", "https://example.com/");
  ASSERT_TRUE(r) << r.error;
  EXPECT_EQ(r.feed.timing.update_period, Duration(30min));
}

TEST(FeedTimingParsing, ReadsSyndicationModuleInAtom) {
  ParseResult r = parse_feed(R"(<feed xmlns="http://www.w3.org/2005/Atom" xmlns:s="http://purl.org/rss/1.0/modules/syndication/">
    <title>T</title><s:updatePeriod>daily</s:updatePeriod><entry><title>A</title></entry></feed>)",
                             "https://example.com/");
  ASSERT_TRUE(r) << r.error;
  EXPECT_EQ(r.feed.timing.update_period, Duration(24h));
}

TEST(FeedTimingParsing, IgnoresNonsenseValues) {
  ParseResult r = parse_feed(R"(<rss xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"><channel>
    <ttl>-5</ttl><sy:updatePeriod>fortnightly</sy:updatePeriod><sy:updateFrequency>0</sy:updateFrequency>
    <item><title>A</title></item></channel></rss>)", "https://example.com/");
  ASSERT_TRUE(r) << r.error;
  EXPECT_EQ(r.feed.timing, FeedTiming{});
}

TEST(FeedTimingParsing, AFeedWithoutScheduleHasNoTiming) {
  ParseResult r = parse_feed("<rss><channel><item><title>A</title></item></channel></rss>", "https://example.com/");
  ASSERT_TRUE(r) << r.error;
  EXPECT_EQ(r.feed.timing, FeedTiming{});
}

}  // namespace
}  // namespace headliner
