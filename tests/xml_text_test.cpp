#include "xml_text.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace headliner {
namespace {

std::string decoded(std::string_view raw) {
  std::string out;
  append_xml_decoded(out, raw);
  return out;
}

TEST(XmlText, DecodesTheFiveEntitiesAndNumericReferences) {
  EXPECT_EQ(decoded("a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos;"), "a & b <c> \"d\" 'e'");
  EXPECT_EQ(decoded("caf&#233; &#xE9;&#xe9; &#x1F600;"), "caf\u00e9 \u00e9\u00e9 \U0001F600");
  EXPECT_EQ(decoded("&amp;amp;"), "&amp;");  // one level only: the HTML decoding takes the next
}

TEST(XmlText, ReadsEntitiesOnlyHtmlDefinesAsHtmlDoes) {
  EXPECT_EQ(decoded("Caf&eacute;&nbsp;au lait&hellip; &ldquo;x&rdquo; &AMP;"), "Caf\u00e9\u00a0au lait\u2026 \u201cx\u201d &");
  EXPECT_EQ(decoded("&CounterClockwiseContourIntegral;"), "\u2233");
  EXPECT_EQ(decoded("&amp;eacute;"), "&eacute;");  // escaped once on purpose: one level only
}

TEST(XmlText, LeavesWhatIsNoReferenceAsWritten) {
  const std::string_view none = "&nbsp &eacute Q&A ?a=1&copy=2 &unknown; &#233 &#; &#x; &#X41; &#12a; &; &";
  EXPECT_EQ(decoded(none), none);
  const std::string long_name = "&" + std::string(40, 'a') + ";";
  EXPECT_EQ(decoded(long_name), long_name);
}

TEST(XmlText, JoinsSurrogatePairsWrittenAsTwoReferences) {
  EXPECT_EQ(decoded("&#55357;&#56832; &#xD83D;&#xDE00;"), "\U0001F600 \U0001F600");
  EXPECT_EQ(decoded("&#56832;&#55357; &#55357; &#56832; &#55357;&#55357;&#56832;"),
            "\uFFFD\uFFFD \uFFFD \uFFFD \uFFFD\U0001F600");
  EXPECT_EQ(decoded("&#55357;&#56832"), "\uFFFD&#56832");  // XML needs the ';'
}

TEST(XmlText, GivesEachOfManyLoneHalvesItsOwnReplacement) {
  std::string many;
  for (int i = 0; i < 100000; ++i) many += "&#55357;";
  const std::string out = decoded(many);
  EXPECT_EQ(out.size(), 100000u * 3);
}

TEST(XmlText, ReadsC1ReferencesAsWindows1252AsHtmlDoes) {
  EXPECT_EQ(decoded("It&#146;s &#147;ok&#148; &#150; &#128;5 &#x85;"), "It\u2019s \u201cok\u201d \u2013 \u20ac5 \u2026");
  EXPECT_EQ(decoded("&#129;&#x9D;"), "\u0081\u009d");  // the holes stay controls, for clean_text to drop
  EXPECT_EQ(decoded("&#155;2J"), "\u009b2J");           // an 8-bit CSI stays one, for clean_text to drop whole
}

TEST(XmlText, GivesAReplacementCharacterForAReferenceToNoCharacter) {
  EXPECT_EQ(decoded("a&#0;b"), "a\uFFFDb");
  EXPECT_EQ(decoded("&#xD800;&#x110000;&#99999999999999999999;"), "\uFFFD\uFFFD\uFFFD");
  EXPECT_EQ(decoded("&#x10FFFF;"), "\U0010FFFF");
}

TEST(XmlText, ReturnsTheRawTextItselfWhenNothingChanges) {
  std::string scratch;
  const std::string_view raw = "plain caf\u00e9";
  EXPECT_EQ(readable_xml_text(raw, scratch).data(), raw.data());
}

TEST(XmlText, RepairsStrayBytesBeforeDecoding) {
  std::string scratch;
  // \xC3 before a reference stays a stray byte (read as Windows-1252), as it
  // was in the document: the reference's bytes do not complete it.
  EXPECT_EQ(readable_xml_text("caf\xE9 \xC3&#169;", scratch), "caf\u00e9 \u00c3\u00a9");
  EXPECT_EQ(readable_xml_text("caf\xE9", scratch), "caf\u00e9");
}

TEST(XmlText, LeavesReferencesInCdataAlone) {
  std::string scratch;
  EXPECT_EQ(readable_xml_text("Fish &amp; chips \xE9", scratch, true), "Fish &amp; chips \u00e9");
}

}  // namespace
}  // namespace headliner
