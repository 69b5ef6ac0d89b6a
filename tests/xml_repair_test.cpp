#include "xml_repair.hpp"

#include <gtest/gtest.h>

#include "support/test_names.hpp"

#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace headliner {
namespace {

using test::label_to_name;

// ---- escape_stray_ampersands -------------------------------------------------------

struct EscapeCase {
  const char* label;
  std::string input;
  std::optional<std::string> output;  // nullopt: nothing to change
};

std::ostream& operator<<(std::ostream& os, const EscapeCase& c) { return os << c.label; }

const std::vector<EscapeCase>& escape_cases() {
  static const std::vector<EscapeCase> cases = {
      // Bare '&'.
      {"BareInText", "<title>Q&A: AT&T</title>", "<title>Q&amp;A: AT&amp;T</title>"},
      {"BareInAttribute", "<link href=\"https://example.com/?a=1&b=2\"/>",
       "<link href=\"https://example.com/?a=1&amp;b=2\"/>"},
      {"BareInSingleQuotedAttribute", "<a href='?x=1&y=2&amp;z=3'>x</a>",
       "<a href='?x=1&amp;y=2&amp;z=3'>x</a>"},
      {"BareBeforeSpace", "<t>Rock & roll</t>", "<t>Rock &amp; roll</t>"},
      {"BareAtEnd", "<t>Tom &", "<t>Tom &amp;"},
      {"DoubleAmpersand", "<t>a&&b</t>", "<t>a&amp;&amp;b</t>"},
      // HTML entities XML does not define become numeric references.
      {"Nbsp", "<t>Caf&eacute;&nbsp;au lait</t>", "<t>Caf&#233;&#160;au lait</t>"},
      {"Hellip", "<t>Wait&hellip;</t>", "<t>Wait&#8230;</t>"},
      {"EuroAndMdash", "<t>&euro;5 &mdash; &ldquo;cheap&rdquo;</t>",
       "<t>&#8364;5 &#8212; &#8220;cheap&#8221;</t>"},
      {"AstralEntity", "<t>&Afr;</t>", "<t>&#120068;</t>"},
      {"TwoCodePointEntity", "<t>&NotEqualTilde;</t>", "<t>&#8770;&#824;</t>"},
      {"UpperCaseAmpIsHtml", "<t>&AMP;</t>", "<t>&#38;</t>"},
      {"EntityInAttribute", "<a title=\"caf&eacute;\"/>", "<a title=\"caf&#233;\"/>"},
      // Unknown names, and names without ';', are text.
      {"UnknownEntity", "<t>&unknown;</t>", "<t>&amp;unknown;</t>"},
      {"LegacyNameWithoutSemicolon", "<t>&nbsp here</t>", "<t>&amp;nbsp here</t>"},
      {"XmlNameWithoutSemicolon", "<t>&lt 3</t>", "<t>&amp;lt 3</t>"},
      {"EmptyDecimalReference", "<t>&#;</t>", "<t>&amp;#;</t>"},
      {"EmptyHexReference", "<t>&#x;</t>", "<t>&amp;#x;</t>"},
      {"BadDecimalDigit", "<t>&#12a;</t>", "<t>&amp;#12a;</t>"},
      // Valid references, CDATA, comments, processing instructions: untouched.
      {"ValidReferences", "<t>&amp; &lt; &gt; &quot; &apos; &#233; &#xE9; &#XE9;</t>", std::nullopt},
      {"AmpersandInCdata", "<t><![CDATA[Q&A &nbsp; AT&T]]></t>", std::nullopt},
      {"AmpersandInComment", "<!-- a&b &nbsp; --><t>x</t>", std::nullopt},
      {"AmpersandInProcessingInstruction", "<?xml-stylesheet href=\"a.xsl?x=1&y=2\"?><t/>",
       std::nullopt},
      {"AmpersandInUnterminatedCdata", "<t><![CDATA[Q&A", std::nullopt},
      {"NoAmpersand", "<rss><channel><title>Plain</title></channel></rss>", std::nullopt},
      {"Empty", "", std::nullopt},
      {"MixedSections", "<!-- a&b --><t>a&b<![CDATA[c&d]]>&eacute;</t>",
       "<!-- a&b --><t>a&amp;b<![CDATA[c&d]]>&#233;</t>"},
  };
  return cases;
}

class XmlEscapeStrayAmpersands : public testing::TestWithParam<EscapeCase> {};

TEST_P(XmlEscapeStrayAmpersands, GivesExactOutput) {
  const EscapeCase& c = GetParam();
  EXPECT_EQ(escape_stray_ampersands(c.input), c.output);
}

INSTANTIATE_TEST_SUITE_P(XmlRepair, XmlEscapeStrayAmpersands, testing::ValuesIn(escape_cases()),
                         [](const testing::TestParamInfo<EscapeCase>& info) {
                           return label_to_name(info.param.label);
                         });

// ---- repair_stray_markup ---------------------------------------------------------

const std::vector<EscapeCase>& markup_cases() {
  static const std::vector<EscapeCase> cases = {
      {"LessThanBeforeSpace", "<t>Profits < expected</t>", "<t>Profits &lt; expected</t>"},
      {"LessThanBeforeDigit", "<t>I <3 it, 1<2</t>", "<t>I &lt;3 it, 1&lt;2</t>"},
      {"LessThanAtEnd", "<t>a <", "<t>a &lt;"},
      {"UnclosedBr", "<d>a<br>b<BR >c</d>", "<d>a<br/>b<BR />c</d>"},
      {"UnclosedImgWithQuotedGreaterThan", R"(<d><img src="a.png" alt="a>b">x</d>)",
       R"(<d><img src="a.png" alt="a>b"/>x</d>)"},
      {"ClosingTagOfAVoidElementGoes", "<d><hr></hr>x</br></d>", "<d><hr/>x</d>"},
      {"AlreadyClosed", R"(<d>a<br/>b<img src="x" /></d>)", std::nullopt},
      {"RssLinkIsNoVoidElement", "<item><link>https://example.com/</link></item>", std::nullopt},
      {"NameThatOnlyStartsLikeOne", "<d><brand>x</brand><image>y</image></d>", std::nullopt},
      {"LeavesCdataCommentsAndInstructions", "<?xml version=\"1.0\"?><!-- a < b <br> --><t><![CDATA[x < y <br>]]></t>",
       std::nullopt},
      {"Empty", "", std::nullopt},
  };
  return cases;
}

class XmlRepairStrayMarkup : public testing::TestWithParam<EscapeCase> {};

TEST_P(XmlRepairStrayMarkup, GivesExactOutput) {
  const EscapeCase& c = GetParam();
  EXPECT_EQ(repair_stray_markup(c.input), c.output);
}

INSTANTIATE_TEST_SUITE_P(XmlRepair, XmlRepairStrayMarkup, testing::ValuesIn(markup_cases()),
                         [](const testing::TestParamInfo<EscapeCase>& info) {
                           return label_to_name(info.param.label);
                         });

// ---- cut_before_break ------------------------------------------------------------------

constexpr std::string_view kTruncatedRss =
    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
    "<rss version=\"2.0\"><channel><title>Wire</title>"
    "<item><title>One</title><link>https://example.com/1</link></item>"
    "<item><title>Two</title><link>https://example.com/2</link></item>"
    "<item><title>Thr";

TEST(XmlCutBeforeBreak, KeepsTheItemsBeforeATruncationAndClosesChannelAndRss) {
  EXPECT_EQ(cut_before_break(kTruncatedRss, kTruncatedRss.size()),
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
            "<rss version=\"2.0\"><channel><title>Wire</title>"
            "<item><title>One</title><link>https://example.com/1</link></item>"
            "<item><title>Two</title><link>https://example.com/2</link></item>"
            "</channel></rss>");
}

TEST(XmlCutBeforeBreak, IgnoresWhatFollowsTheErrorOffset) {
  const std::string_view whole =
      "<rss><channel><item><title>One</title></item><item><title>Two</title></item>"
      "</channel></rss>";
  const std::size_t after_first_item = whole.find("<item>", 20);
  EXPECT_EQ(cut_before_break(whole, after_first_item),
            "<rss><channel><item><title>One</title></item></channel></rss>");
  // An offset past the end is the end.
  EXPECT_EQ(cut_before_break(whole, whole.size() + 100), whole);
}

TEST(XmlCutBeforeBreak, KeepsTheEntriesBeforeATruncatedAtomEntry) {
  const std::string_view atom =
      "<?xml version=\"1.0\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Blog</title>"
      "<entry><title>First</title><link href=\"https://example.com/1\"/></entry>"
      "<entry><title type=\"html\">Sec";
  EXPECT_EQ(cut_before_break(atom, atom.size()),
            "<?xml version=\"1.0\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Blog</title>"
            "<entry><title>First</title><link href=\"https://example.com/1\"/></entry></feed>");
}

TEST(XmlCutBeforeBreak, StopsAtAMismatchedEndTag) {
  // Garbled midway: </link> closes <title>. The scan stops at the mismatch
  // even when the error offset lies beyond it.
  const std::string_view garbled =
      "<rss><channel><item><title>Fine</title></item>"
      "<item><title>Broken</link></item><item><title>Late</title></item></channel></rss>";
  EXPECT_EQ(cut_before_break(garbled, garbled.size()),
            "<rss><channel><item><title>Fine</title></item></channel></rss>");
}

TEST(XmlCutBeforeBreak, GivesNothingWhenTheBreakComesBeforeAnyItem) {
  for (const std::string_view xml :
       {std::string_view("<rss><channel><title>Wire</title><item><title>Fir"),
        std::string_view("<rss><channel><title>Wi"), std::string_view("<feed><entry><title>x</title>"),
        std::string_view("<rss><channel><title>T</link><item><title>x</title></item></channel></rss>"),
        std::string_view("not xml at all"), std::string_view("")}) {
    SCOPED_TRACE(std::string(xml));
    EXPECT_EQ(cut_before_break(xml, xml.size()), std::nullopt);
  }
}

TEST(XmlCutBeforeBreak, GivesNothingForAnOffsetBeforeTheFirstItemEnds) {
  const std::string_view xml = "<rss><channel><item><title>One</title></item></channel></rss>";
  EXPECT_EQ(cut_before_break(xml, xml.find("</item>")), std::nullopt);
  EXPECT_EQ(cut_before_break(xml, 0), std::nullopt);
}

// The local name is what counts: a prefixed item or entry ends an item too,
// whatever the prefix ("rss:item" in an RSS 1.0 feed with a prefixed default
// namespace; "rdf:item" is not an RSS element but is treated alike).
TEST(XmlCutBeforeBreak, TreatsPrefixedItemsAsItems) {
  const std::string_view rss10 =
      "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" "
      "xmlns:rss=\"http://purl.org/rss/1.0/\"><rss:channel rdf:about=\"x\"/>"
      "<rss:item rdf:about=\"1\"><rss:title>One</rss:title></rss:item>"
      "<rss:item rdf:about=\"2\"><rss:title>Tw";
  EXPECT_EQ(cut_before_break(rss10, rss10.size()),
            "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" "
            "xmlns:rss=\"http://purl.org/rss/1.0/\"><rss:channel rdf:about=\"x\"/>"
            "<rss:item rdf:about=\"1\"><rss:title>One</rss:title></rss:item></rdf:RDF>");

  const std::string_view rdf_item = "<rdf:RDF><rdf:item><title>A</title></rdf:item><rdf:item><ti";
  EXPECT_EQ(cut_before_break(rdf_item, rdf_item.size()),
            "<rdf:RDF><rdf:item><title>A</title></rdf:item></rdf:RDF>");

  const std::string_view atom_prefixed =
      "<atom:feed xmlns:atom=\"http://www.w3.org/2005/Atom\"><atom:entry><atom:title>A</atom:title>"
      "</atom:entry><atom:entry>";
  EXPECT_EQ(cut_before_break(atom_prefixed, atom_prefixed.size()),
            "<atom:feed xmlns:atom=\"http://www.w3.org/2005/Atom\"><atom:entry><atom:title>A</atom:title>"
            "</atom:entry></atom:feed>");
}

TEST(XmlCutBeforeBreak, ElementsMerelyNamedLikeItemsDoNotCount) {
  const std::string_view xml = "<rss><channel><items><title>A</title></items><itemized/><item><ti";
  EXPECT_EQ(cut_before_break(xml, xml.size()), std::nullopt);
}

TEST(XmlCutBeforeBreak, SkipsSelfClosingTagsCommentsCdataAndDoctype) {
  const std::string_view xml =
      "<?xml version=\"1.0\"?>\n<!DOCTYPE rss>\n"
      "<rss version=\"2.0\"><channel><atom:link href=\"https://example.com/feed\" rel=\"self\"/>"
      "<item><title><![CDATA[<b>One</b> & </item>]]></title>"
      "<enclosure url=\"https://example.com/1.mp3\" length=\"1\" type=\"audio/mpeg\" />"
      "<br/></item>"
      "<!-- <item><title>commented out</title></item> --><?pi </channel>?>"
      "<item><title>Two</title><category>a</cat";
  EXPECT_EQ(cut_before_break(xml, xml.size()),
            "<?xml version=\"1.0\"?>\n<!DOCTYPE rss>\n"
            "<rss version=\"2.0\"><channel><atom:link href=\"https://example.com/feed\" rel=\"self\"/>"
            "<item><title><![CDATA[<b>One</b> & </item>]]></title>"
            "<enclosure url=\"https://example.com/1.mp3\" length=\"1\" type=\"audio/mpeg\" />"
            "<br/></item></channel></rss>");
}

// The cut is right after the last </item>: what follows it goes, a comment too.
TEST(XmlCutBeforeBreak, DropsACommentThatFollowsTheLastItem) {
  const std::string_view xml =
      "<rss><channel><item><title>One</title></item><!-- ad slot --><item><title>Tw";
  EXPECT_EQ(cut_before_break(xml, xml.size()),
            "<rss><channel><item><title>One</title></item></channel></rss>");
}

TEST(XmlCutBeforeBreak, ReadsPastAGreaterThanSignInAnAttributeValue) {
  // '>' is allowed in an attribute value; it does not end the tag.
  const std::string_view xml =
      "<rss><channel><item><title>One</title><media:content url=\"a.jpg\" alt=\"a > b\"/></item>"
      "<item><title>Two</title></item><item><title>Thr";
  EXPECT_EQ(cut_before_break(xml, xml.size()),
            "<rss><channel><item><title>One</title><media:content url=\"a.jpg\" alt=\"a > b\"/></item>"
            "<item><title>Two</title></item></channel></rss>");
}

TEST(XmlCutBeforeBreak, ClosesEveryElementOpenAtTheCut) {
  const std::string_view xml =
      "<rss><channel><section><group><item><title>One</title></item></group><item><title>T";
  EXPECT_EQ(cut_before_break(xml, xml.size()),
            "<rss><channel><section><group><item><title>One</title></item></group></section>"
            "</channel></rss>");
}

}  // namespace
}  // namespace headliner
