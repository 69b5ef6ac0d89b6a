#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "feed_parser.hpp"

namespace headliner {
namespace {

// ---- Helpers -----------------------------------------------------------------

std::string read_encoding_fixture(std::string_view name) {
  const std::string path = std::string(HEADLINER_TEST_DATA) + "/encodings/" + std::string(name);
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in) << "cannot open " << path;
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::vector<std::string> titles_of(const ParsedFeed& feed) {
  std::vector<std::string> titles;
  for (const auto& item : feed.items) titles.push_back(item.title);
  return titles;
}

// Strictly valid UTF-8: no stray continuation, truncation, overlong form,
// surrogate or code point past U+10FFFF.
bool is_valid_utf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    std::size_t length = lead < 0x80 ? 1 : lead < 0xC2 ? 0 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : lead < 0xF5 ? 4 : 0;
    if (length == 0 || i + length > text.size()) return false;
    char32_t cp = length == 1 ? lead : lead & (0x7F >> length);
    for (std::size_t k = 1; k < length; ++k) {
      const auto byte = static_cast<unsigned char>(text[i + k]);
      if ((byte & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (byte & 0x3F);
    }
    if ((length == 3 && cp < 0x800) || (length == 4 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF))
      return false;
    i += length;
  }
  return true;
}

constexpr std::string_view kFeedUrl = "https://news.example.com/feed.xml";

// ---- Every encoding fixture (tests/data/encodings/make_fixtures.py) ---------------------

struct EncodingFixture {
  const char* file;
  const char* content_type;  // the HTTP Content-Type passed to parse_feed
  const char* encoding;      // expected ParseResult::encoding
  const char* feed_title;
  std::vector<std::string> titles;
};

std::ostream& operator<<(std::ostream& os, const EncodingFixture& c) { return os << c.file; }

std::string encoding_fixture_name(const testing::TestParamInfo<EncodingFixture>& info) {
  std::string name;
  for (const char c : std::string_view(info.param.file).substr(0, std::string_view(info.param.file).rfind('.')))
    name.push_back((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ? c : '_');
  return name;
}

const std::vector<EncodingFixture>& encoding_fixtures() {
  static const std::vector<EncodingFixture> cases = {
      {"windows-1252.xml", "", "windows-1252", "Jornal do Café",
       {"Preço do café sobe para €4,50 — “é o fim”, diz o dono",
        "Don’t miss: “Les Misérables” returns…"}},
      {"iso-8859-1-with-c1.xml", "", "windows-1252", "Le Monde Économique",
       {"L’euro à 1,08 $ : « stabilité » selon la BCE", "Prix du pain : 1,20 € en moyenne"}},
      {"iso-8859-2.xml", "", "iso-8859-2", "Gazeta Łódzka",
       {"Łódź: żółty tramwaj wraca na tory", "Źródła: ceny węgla spadają"}},
      {"iso-8859-15.xml", "", "iso-8859-15", "Cœur de Paris",
       {"L'œuvre coûte 20 € au Louvre", "Šárka et Žofie chez Yves, vœux 2024"}},
      {"koi8-r.xml", "", "koi8-r", "Новости Москвы",
       {"Погода: в Москве снег", "Ёлки на Красной площади"}},
      {"windows-1251.xml", "", "windows-1251", "Киевские ведомости",
       {"Щедрий вечір у Львові", "Ёж и «Чебурашка» — премьера"}},
      {"shift_jis.xml", "", "shift_jis", "東京ニュース",
       {"東京で桜が開花しました", "カタカナとひらがな、漢字"}},
      {"euc-jp.xml", "", "euc-jp", "大阪日報", {"大阪城の紅葉が見頃", "新幹線、全線で運転再開"}},
      // 镕 is in GBK, not in GB2312: read as GBK, as browsers do.
      {"gb2312-gbk-only.xml", "", "gbk", "北京新闻", {"北京今天下雪", "朱镕基回忆录出版"}},
      {"big5.xml", "", "big5", "臺灣新聞", {"臺北市長選舉結果", "颱風即將登陸東部"}},
      {"euc-kr.xml", "", "euc-kr", "서울 뉴스", {"서울에 첫눈이 내렸다", "한국 경제 성장률 발표"}},
      {"utf-16le-bom.xml", "", "utf-16le", "Notícias 🌍",
       {"São Paulo: café e pão", "Ελληνικά και русский"}},
      {"utf-16be-bom.xml", "", "utf-16be", "Blog für Öl", {"Grüße aus München", "日本語のタイトル"}},
      {"utf-16le-no-bom.xml", "", "utf-16le", "Revue française",
       {"Élection : le résultat", "Ça marche — voilà"}},
      {"utf-32le-bom.xml", "", "utf-32le", "Emoji Weekly", {"Launch day 🚀", "Zürich 😀 résumé"}},
      {"utf-8-bom.xml", "", "utf-8", "Ação Global", {"Crème brûlée — “the best”", "Привет, 世界"}},
      {"utf-8-stray-cp1252.xml", "", "utf-8", "Café Society",
       {"We don’t stop: café culture", "Straße über alles"}},
      {"http-charset-only.xml", "application/rss+xml; charset=\"KOI8-R\"", "koi8-r",
       "Вести Петербурга", {"Нева замёрзла", "Эрмитаж открыт"}},
      {"declaration-beats-http.xml", "text/xml; charset=koi8-r", "windows-1251", "Софийски новини",
       {"Честита Баба Марта", "Щастлива Нова година"}},
      {"alias-utf8.xml", "", "utf-8", "Über uns", {"Größe zählt", "naïve café"}},
      {"alias-latin1.xml", "", "windows-1252", "Açores Hoje", {"Ilhéus e baleias", "Pão ¾ e ½"}},
      {"alias-utf-8-upper.xml", "", "utf-8", "Ñandú Times",
       {"Año nuevo en España", "Señales ¿claras?"}},
      {"unknown-charset.xml", "", "utf-8", "Mystery Feed",
       {"Déjà vu", "Stray byte: résumé"}},
      {"utf-16-declared-on-utf-8.xml", "", "utf-8", "Fake Sixteen",
       {"Plain ASCII title", "Noël à Genève"}},
      // Valid UTF-8 all through under a single-byte declaration: the declaration lies.
      {"latin1-declared-on-utf-8.xml", "", "utf-8", "Café Society", {"Café “hi” — naïve", "Новости и 日本"}},
      {"ascii-declared-on-utf-8.xml", "", "utf-8", "Новости", {"Погода: снег", "Ёлки"}},
      // The CJK labels read as the supersets publishers write (WHATWG).
      {"shift_jis-cp932-extensions.xml", "", "shift_jis", "株式会社ニュース", {"①番目の記事 ㈱髙島屋", "ⅰⅱⅲ と ∵"}},
      {"euc-kr-cp949-extensions.xml", "", "euc-kr", "서울 뉴스", {"똠방각하", "뷁 쌰"}},
      {"big5-hkscs.xml", "", "big5", "香港新聞", {"佢哋嘅咗", "粵語 嘢"}},
      {"gb2312-gb18030-four-byte.xml", "", "gbk", "北京新闻", {"𠀀中", "𤭢 字"}},
      {"euc-jp-nec-row13.xml", "", "euc-jp", "大阪日報", {"①②③ 番号", "№ と ㍻"}},
  };
  return cases;
}

class FeedParserEncoding : public testing::TestWithParam<EncodingFixture> {};

TEST_P(FeedParserEncoding, DecodesTitlesExactly) {
  const EncodingFixture& c = GetParam();
  const ParseResult result = parse_feed(read_encoding_fixture(c.file), kFeedUrl, {}, c.content_type);
  ASSERT_TRUE(result) << result.error;
  EXPECT_EQ(result.encoding, c.encoding);
  EXPECT_EQ(result.warning, "");
  EXPECT_EQ(result.feed.title, c.feed_title);
  EXPECT_EQ(titles_of(result.feed), c.titles);
}

INSTANTIATE_TEST_SUITE_P(EncodingFixtures, FeedParserEncoding, testing::ValuesIn(encoding_fixtures()),
                         encoding_fixture_name);

TEST(FeedParserEncoding, DeclarationBeatsHttpButHttpAloneWouldReadOtherLetters) {
  // The same bytes read with the HTTP charset alone give different text: the
  // fixture really tests which one wins.
  std::string bytes = read_encoding_fixture("declaration-beats-http.xml");
  const std::size_t end = bytes.find("?>");
  ASSERT_NE(end, std::string::npos);
  bytes.erase(0, end + 2);
  const ParseResult result = parse_feed(bytes, kFeedUrl, {}, "text/xml; charset=koi8-r");
  ASSERT_TRUE(result) << result.error;
  EXPECT_EQ(result.encoding, "koi8-r");
  EXPECT_NE(result.feed.title, "Софийски новини");
}

// parse_feed repairs invalid UTF-8 where it reads, not over the whole document
// (Utf8Document::Repair::by_reader): every text and attribute it reads must
// still come out as the whole-document repair gave it, each text node on its
// own, and XML error positions count the bytes as they are in the file.
TEST(FeedParserEncoding, RepairsStrayBytesInEveryTextAndAttributeItReads) {
  const std::string bytes =
      "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Caf\xE9 Soci\xE9t\xE9</title>"
      "<entry><title type=\"xhtml\">caf\xC3<b/>\xA9 and <![CDATA[na\xEFve]]></title>"
      "<link href=\"https://ex.org/caf\xE9?q=\xE2\x80\x99\"/><id>tag:\xFF</id></entry></feed>";
  const ParseResult result = parse_feed(bytes, kFeedUrl);
  ASSERT_TRUE(result) << result.error;
  EXPECT_EQ(result.encoding, "utf-8");
  EXPECT_EQ(result.feed.title, "Caf\u00e9 Soci\u00e9t\u00e9");
  ASSERT_EQ(result.feed.items.size(), 1u);
  // A lead byte at the end of one node is not completed by the next node's byte.
  EXPECT_EQ(result.feed.items[0].title, "caf\u00c3\u00a9 and na\u00efve");
  EXPECT_EQ(result.feed.items[0].link, "https://ex.org/caf%C3%A9?q=%E2%80%99");
  EXPECT_EQ(result.feed.items[0].id, "tag:\u00ff");
}

TEST(FeedParserEncoding, CountsXmlErrorColumnsInTheBytesOfTheFile) {
  const ParseResult result = parse_feed("<rss>\n<ab\xE9\xE9 <</rss>", kFeedUrl);
  ASSERT_FALSE(result);
  EXPECT_NE(result.error.find("line 2, column 7"), std::string::npos) << result.error;
}

// ---- Recovery from documents that are not well-formed ------------------------------------

TEST(XmlRepairInParseFeed, ReadsABareAmpersandInATitle) {
  const ParseResult result = parse_feed(
      "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>Tech & Talk</title>"
      "<item><title>Q&A: AT&T</title><link>https://example.com/?a=1&b=2</link></item>"
      "</channel></rss>",
      kFeedUrl);
  ASSERT_TRUE(result) << result.error;
  EXPECT_EQ(result.warning, "");
  EXPECT_EQ(result.feed.title, "Tech & Talk");
  ASSERT_EQ(result.feed.items.size(), 1u);
  EXPECT_EQ(result.feed.items[0].title, "Q&A: AT&T");
  EXPECT_EQ(result.feed.items[0].link, "https://example.com/?a=1&b=2");
}

TEST(XmlRepairInParseFeed, ReadsABareAmpersandInAnAtomAttribute) {
  const ParseResult result = parse_feed(
      "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Q&A</title><entry><title>Q&A: AT&T</title>"
      "<link href=\"https://example.com/story?id=1&ref=rss\"/><id>urn:x:1</id></entry></feed>",
      kFeedUrl);
  ASSERT_TRUE(result) << result.error;
  EXPECT_EQ(result.feed.title, "Q&A");
  ASSERT_EQ(result.feed.items.size(), 1u);
  EXPECT_EQ(result.feed.items[0].title, "Q&A: AT&T");
  EXPECT_EQ(result.feed.items[0].link, "https://example.com/story?id=1&ref=rss");
}

TEST(XmlRepairInParseFeed, ReadsHtmlEntitiesXmlDoesNotDefine) {
  const ParseResult result = parse_feed(
      "<rss version=\"2.0\"><channel><title>Caf&eacute;&nbsp;Soci&eacute;t&eacute;</title>"
      "<item><title>Caf&eacute;&nbsp;au lait</title></item>"
      "<item><title>Wait&hellip; &ldquo;what&rdquo;&nbsp;&nbsp;now</title></item>"
      "</channel></rss>",
      kFeedUrl);
  ASSERT_TRUE(result) << result.error;
  EXPECT_EQ(result.warning, "");
  EXPECT_EQ(result.feed.title, "Café Société");
  EXPECT_EQ(titles_of(result.feed),
            (std::vector<std::string>{"Café au lait", "Wait… “what” now"}));
}

TEST(XmlRepairInParseFeed, KeepsTheTwoItemsBeforeATruncatedThirdWithAWarning) {
  const ParseResult result = parse_feed(
      "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
      "<rss version=\"2.0\">\n"
      "<channel>\n"
      "<title>Wire</title>\n"
      "<item><title>First story</title><link>https://example.com/1</link></item>\n"
      "<item><title>Second story</title><link>https://example.com/2</link></item>\n"
      "<item><title>Third st",
      kFeedUrl);
  ASSERT_TRUE(result) << result.error;
  EXPECT_EQ(result.feed.title, "Wire");
  EXPECT_EQ(titles_of(result.feed), (std::vector<std::string>{"First story", "Second story"}));
  EXPECT_NE(result.warning.find("line"), std::string::npos) << result.warning;
  EXPECT_EQ(result.warning,
            "only the items before an XML error at line 7, column 21: Start-end tags mismatch were read");
}

TEST(XmlRepairInParseFeed, KeepsTheItemsBeforeATruncationThatAlsoHasABareAmpersand) {
  const ParseResult result = parse_feed(
      "<rss version=\"2.0\"><channel><title>Q&A</title>"
      "<item><title>Q&A one</title></item><item><title>Q&A two</title></item><item><title>Thr",
      kFeedUrl);
  ASSERT_TRUE(result) << result.error;
  EXPECT_EQ(titles_of(result.feed), (std::vector<std::string>{"Q&A one", "Q&A two"}));
  EXPECT_NE(result.warning.find("line"), std::string::npos) << result.warning;
}

TEST(XmlRepairInParseFeed, DropsNulBytesInsteadOfTheWholeFeed) {
  using namespace std::string_literals;
  const ParseResult result = parse_feed(
      "<rss version=\"2.0\"><channel><title>Wire</title><item><title>Fi\0rst</title></item>"
      "<item><title>Second</title></item></channel></rss>"s,
      kFeedUrl);
  ASSERT_TRUE(result) << result.error;
  EXPECT_EQ(titles_of(result.feed), (std::vector<std::string>{"First", "Second"}));
}

TEST(XmlRepairInParseFeed, ReadsTheFeedAfterAPhpWarningPrintedBeforeIt) {
  // Well-formed junk: the feed is the second top-level element.
  const ParseResult after_markup = parse_feed(
      "<br />\n<b>Warning</b>:  Cannot modify header information in <b>/var/www/feed.php</b><br />\n"
      "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
      "<rss version=\"2.0\"><channel><title>Blog</title><item><title>Post</title></item></channel></rss>",
      kFeedUrl);
  ASSERT_TRUE(after_markup) << after_markup.error;
  EXPECT_EQ(titles_of(after_markup.feed), std::vector<std::string>{"Post"});
  EXPECT_EQ(after_markup.warning, "skipped the markup before the feed's root element <rss>");
  // Junk that is not well-formed: read from the XML declaration on.
  const ParseResult after_broken = parse_feed(
      "<p>Deprecated: <br>\n<?xml version=\"1.0\"?>\n"
      "<rss version=\"2.0\"><channel><title>Blog</title><item><title>Q&A</title></item></channel></rss>",
      kFeedUrl);
  ASSERT_TRUE(after_broken) << after_broken.error;
  EXPECT_EQ(titles_of(after_broken.feed), std::vector<std::string>{"Q&A"});
  EXPECT_EQ(after_broken.warning, "skipped 20 bytes before the XML declaration");
  // Plain text before the root element.
  const ParseResult after_text = parse_feed(
      "Notice: Undefined index: x in /var/www/feed.php on line 3\n"
      "<rss version=\"2.0\"><channel><item><title>Post</title></item></channel></rss>",
      kFeedUrl);
  ASSERT_TRUE(after_text) << after_text.error;
  EXPECT_EQ(titles_of(after_text.feed), std::vector<std::string>{"Post"});
}

TEST(XmlRepairInParseFeed, ReadsEveryItemPastUnescapedHtmlAndBareLessThanSigns) {
  const ParseResult result = parse_feed(
      "<rss version=\"2.0\"><channel><title>C</title>"
      "<item><title>One</title></item>"
      "<item><title>Two</title><description>a<br>b<img src=\"x.png\"></description></item>"
      "<item><title>Profits < expected & more</title></item>"
      "<item><title>Four</title></item></channel></rss>",
      kFeedUrl);
  ASSERT_TRUE(result) << result.error;
  EXPECT_EQ(result.warning, "");
  EXPECT_EQ(titles_of(result.feed),
            (std::vector<std::string>{"One", "Two", "Profits < expected & more", "Four"}));
}

TEST(FeedParserEncodingDetection, ReadsUtf16WithNeitherMarkNorDeclaration) {
  const std::u16string feed = u"\n<rss version=\"2.0\"><channel><item><title>Caf\u00e9 \u201cquoted\u201d \u20ac5</title>"
                              u"</item></channel></rss>";
  std::string little, big;
  for (char16_t unit : feed) {
    little += static_cast<char>(unit & 0xFF), little += static_cast<char>(unit >> 8);
    big += static_cast<char>(unit >> 8), big += static_cast<char>(unit & 0xFF);
  }
  for (const auto& [bytes, encoding] : {std::pair{little, "utf-16le"}, std::pair{big, "utf-16be"}}) {
    const ParseResult result = parse_feed(bytes, kFeedUrl);
    ASSERT_TRUE(result) << encoding << ": " << result.error;
    EXPECT_EQ(result.encoding, encoding);
    EXPECT_EQ(titles_of(result.feed), std::vector<std::string>{"Caf\u00e9 \u201cquoted\u201d \u20ac5"});
  }
}

TEST(XmlRepairInParseFeed, GivesOneErrorAndNoWarningWhenNoRepairHelps) {
  const ParseResult result = parse_feed("<p>Fatal error<br>\n<?xml version=\"1.0\"?>\n<rss><channel><title>x</rss>", kFeedUrl);
  EXPECT_FALSE(result);
  EXPECT_EQ(result.warning, "");
  EXPECT_EQ(result.error, "XML error at line 3, column 25: Start-end tags mismatch");
}

TEST(XmlRepairInParseFeed, FailsOnRandomGarbage) {
  std::string garbage;
  std::uint32_t state = 12345;
  for (int i = 0; i < 4096; ++i) {
    state = state * 1664525u + 1013904223u;  // a fixed LCG: the same bytes every run
    garbage.push_back(static_cast<char>(state >> 24));
  }
  const ParseResult result = parse_feed(garbage, kFeedUrl);
  EXPECT_FALSE(result);
  EXPECT_FALSE(result.error.empty());
  EXPECT_TRUE(result.feed.items.empty());
  EXPECT_EQ(result.warning, "");
}

TEST(XmlRepairInParseFeed, TruncationInsideAMultibyteCharacterGivesValidUtf8) {
  // UTF-8 cut after the first two of the three bytes of "€", inside the
  // title of the last item: that item is lost, the rest stays valid UTF-8.
  const std::string document =
      "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
      "<rss version=\"2.0\"><channel><title>Ünïcödé Wire</title>"
      "<item><title>Crème brûlée — 5 €</title></item>"
      "<item><title>日本語のニュース 🌸</title></item>"
      "<item><title>Prix : 10 \xE2\x82";
  const ParseResult result = parse_feed(document, kFeedUrl);
  ASSERT_TRUE(result) << result.error;
  EXPECT_EQ(result.encoding, "utf-8");
  EXPECT_EQ(result.feed.title, "Ünïcödé Wire");
  EXPECT_EQ(titles_of(result.feed),
            (std::vector<std::string>{"Crème brûlée — 5 €", "日本語のニュース 🌸"}));
  EXPECT_NE(result.warning.find("line"), std::string::npos) << result.warning;
  EXPECT_TRUE(is_valid_utf8(result.feed.title));
  for (const auto& item : result.feed.items) EXPECT_TRUE(is_valid_utf8(item.title)) << item.title;
  EXPECT_TRUE(is_valid_utf8(result.warning)) << result.warning;
}

TEST(XmlRepairInParseFeed, TitleCutInsideAMultibyteCharacterInACompleteItemGivesValidUtf8) {
  // A generator cut the last item's title after two of the three bytes of
  // "€" and closed the item. The two stray bytes are read as Windows-1252.
  const std::string document =
      "<rss version=\"2.0\"><channel><title>Wire</title>"
      "<item><title>Caf\xC3\xA9</title></item>"
      "<item><title>Prix : 10 \xE2\x82</title></item></channel></rss>";
  const ParseResult result = parse_feed(document, kFeedUrl);
  ASSERT_TRUE(result) << result.error;
  EXPECT_EQ(result.encoding, "utf-8");
  EXPECT_EQ(result.warning, "");
  EXPECT_EQ(titles_of(result.feed), (std::vector<std::string>{"Café", "Prix : 10 â‚"}));
  for (const auto& item : result.feed.items) EXPECT_TRUE(is_valid_utf8(item.title)) << item.title;
}

}  // namespace
}  // namespace headliner
