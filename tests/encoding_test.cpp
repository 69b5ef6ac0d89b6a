#include "encoding.hpp"

#include <gtest/gtest.h>

#include "support/test_names.hpp"

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace headliner {
namespace {

using namespace std::string_literals;
using namespace std::string_view_literals;

using test::label_to_name;

// ---- Utf8Document: which encoding, and the text it gives ----------------------------

struct DocumentCase {
  const char* label;
  std::string bytes;
  std::string content_type;
  std::string text;      // expected, UTF-8
  std::string encoding;  // expected Utf8Document::encoding()
};

std::ostream& operator<<(std::ostream& os, const DocumentCase& c) { return os << c.label; }

const std::vector<DocumentCase>& document_cases() {
  static const std::vector<DocumentCase> cases = {
      // Byte order marks: stripped, and they beat everything else.
      {"PlainUtf8", "<t>Caf\xC3\xA9</t>", "", "<t>Caf\xC3\xA9</t>", "utf-8"},
      {"Empty", "", "", "", "utf-8"},
      {"Utf8Bom", "\xEF\xBB\xBF<t>\xE2\x82\xAC</t>", "", "<t>\xE2\x82\xAC</t>", "utf-8"},
      {"Utf8BomBeatsDeclarationAndHttp",
       "\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"windows-1251\"?><t>\xC3\xA9</t>",
       "text/xml; charset=koi8-r",
       "<?xml version=\"1.0\" encoding=\"windows-1251\"?><t>\xC3\xA9</t>", "utf-8"},
      {"Utf16LeBom", "\xFF\xFE<\0t\0>\0\xE9\0\xAC\x20<\0/\0t\0>\0"s, "",
       "<t>\xC3\xA9\xE2\x82\xAC</t>", "utf-16le"},
      {"Utf16BeBom", "\xFE\xFF\0<\0t\0>\0\xE9\x20\xAC\0<\0/\0t\0>"s, "",
       "<t>\xC3\xA9\xE2\x82\xAC</t>", "utf-16be"},
      {"Utf16LeSurrogatePair", "\xFF\xFE\x3D\xD8\x00\xDE"s, "", "\xF0\x9F\x98\x80", "utf-16le"},
      {"Utf32LeBom", "\xFF\xFE\0\0<\0\0\0\x00\xF6\x01\0>\0\0\0"s, "", "<\xF0\x9F\x98\x80>",
       "utf-32le"},
      {"Utf32BeBom", "\0\0\xFE\xFF\0\0\0<\0\x01\xF6\x00\0\0\0>"s, "", "<\xF0\x9F\x98\x80>",
       "utf-32be"},
      {"Utf16LeWithoutBom", "<\0?\0x\0m\0l\0?\0>\0\xE9\0"s, "", "<?xml?>\xC3\xA9", "utf-16le"},
      {"Utf16BeWithoutBom", "\0<\0?\0x\0m\0l\0?\0>\0\xE9"s, "", "<?xml?>\xC3\xA9", "utf-16be"},
      // The XML declaration, then the HTTP charset.
      {"DeclaredWindows1252", "<?xml version=\"1.0\" encoding=\"windows-1252\"?><t>\x80\x92\x93\x94</t>",
       "", "<?xml version=\"1.0\" encoding=\"windows-1252\"?><t>\xE2\x82\xAC\xE2\x80\x99\xE2\x80\x9C\xE2\x80\x9D</t>",
       "windows-1252"},
      {"DeclaredLatin1ReadAsWindows1252", "<?xml version='1.0' encoding='ISO-8859-1'?><t>\x80\xE9</t>",
       "", "<?xml version='1.0' encoding='ISO-8859-1'?><t>\xE2\x82\xAC\xC3\xA9</t>", "windows-1252"},
      {"DeclaredAsciiReadAsWindows1252", "<?xml version=\"1.0\" encoding=\"us-ascii\"?>\x92", "",
       "<?xml version=\"1.0\" encoding=\"us-ascii\"?>\xE2\x80\x99", "windows-1252"},
      {"DeclaredGb2312ReadAsGbk", "<?xml version=\"1.0\" encoding=\"GB2312\"?>\xD6\xEC\xE9\x46", "",
       "<?xml version=\"1.0\" encoding=\"GB2312\"?>\xE6\x9C\xB1\xE9\x95\x95", "gbk"},
      {"DeclaredUtf8Alias", "<?xml version=\"1.0\" encoding=\"utf8\"?>\xC3\xA9", "",
       "<?xml version=\"1.0\" encoding=\"utf8\"?>\xC3\xA9", "utf-8"},
      {"DeclarationBeatsHttp", "<?xml version=\"1.0\" encoding=\"koi8-r\"?>\xF0\xD2\xC9",
       "text/xml; charset=windows-1251", "<?xml version=\"1.0\" encoding=\"koi8-r\"?>\xD0\x9F\xD1\x80\xD0\xB8",
       "koi8-r"},
      {"HttpCharsetWithoutDeclaration", "<t>\xF0\xD2\xC9</t>", "text/xml; charset=\"KOI8-R\"",
       "<t>\xD0\x9F\xD1\x80\xD0\xB8</t>", "koi8-r"},
      {"HttpLatin1ReadAsWindows1252", "<t>\x80</t>", "text/xml; charset=iso-8859-1",
       "<t>\xE2\x82\xAC</t>", "windows-1252"},
      {"DeclarationWithoutEncodingFallsToHttp", "<?xml version=\"1.0\"?>\xE9",
       "text/xml; charset=windows-1252", "<?xml version=\"1.0\"?>\xC3\xA9", "windows-1252"},
      // UTF-16 or UTF-32 named for bytes that read as ASCII is not believed.
      {"DeclaredUtf16OnAsciiBytes", "<?xml version=\"1.0\" encoding=\"utf-16\"?><t>\xC3\xA9</t>", "",
       "<?xml version=\"1.0\" encoding=\"utf-16\"?><t>\xC3\xA9</t>", "utf-8"},
      {"DeclaredUtf32OnAsciiBytes", "<?xml version=\"1.0\" encoding=\"UTF-32\"?>ok", "",
       "<?xml version=\"1.0\" encoding=\"UTF-32\"?>ok", "utf-8"},
      {"HttpUtf16OnAsciiBytes", "<t>ok</t>", "text/xml; charset=utf-16", "<t>ok</t>", "utf-8"},
      {"DeclaredUtf16OnAsciiFallsToHttp", "<?xml version=\"1.0\" encoding=\"utf-16\"?>\xE9",
       "text/xml; charset=windows-1252", "<?xml version=\"1.0\" encoding=\"utf-16\"?>\xC3\xA9",
       "windows-1252"},
      // A charset nobody knows: UTF-8, repaired.
      {"UnknownDeclaredCharset", "<?xml version=\"1.0\" encoding=\"x-made-up\"?>caf\xC3\xA9 caf\xE9", "",
       "<?xml version=\"1.0\" encoding=\"x-made-up\"?>caf\xC3\xA9 caf\xC3\xA9",
       "utf-8"},
      {"UnknownHttpCharset", "<t>ok</t>", "text/xml; charset=bogus", "<t>ok</t>",
       "utf-8"},
      // Invalid UTF-8 in a UTF-8 document: Windows-1252, else U+FFFD.
      {"StrayWindows1252InUtf8", "don\x92t caf\xE9 \xE2\x82\xAC \x81", "",
       "don\xE2\x80\x99t caf\xC3\xA9 \xE2\x82\xAC \xEF\xBF\xBD", "utf-8"},
      // Invalid sequences in other encodings: U+FFFD, and decoding goes on.
      {"ShiftJisTruncatedAtEnd", "\x93\x8C\x8B\x9E\x93", "text/xml; charset=Shift_JIS",
       "\xE6\x9D\xB1\xE4\xBA\xAC\xEF\xBF\xBD", "shift_jis"},
      {"ShiftJisBadTrailByte", "\x93\x8C\x81\x20\x8B\x9E", "text/xml; charset=shift_jis",
       "\xE6\x9D\xB1\xEF\xBF\xBD \xE4\xBA\xAC", "shift_jis"},
      {"EucJpBadByte", "\xC5\xEC\xFF\xB5\xFE", "text/xml; charset=euc-jp",
       "\xE6\x9D\xB1\xEF\xBF\xBD\xE4\xBA\xAC", "euc-jp"},
      {"GbkTruncatedAtEnd", "\xB1\xB1\xBE\xA9\xB1", "text/xml; charset=gbk",
       "\xE5\x8C\x97\xE4\xBA\xAC\xEF\xBF\xBD", "gbk"},
      {"Windows1252UndefinedByte", "caf\xE9 \x81 \x80", "text/xml; charset=windows-1252",
       "caf\xC3\xA9 \xEF\xBF\xBD \xE2\x82\xAC", "windows-1252"},
      {"Utf16LeLoneHighSurrogate", "\xFF\xFE" "A\0\x00\xD8" "B\0C\0"s, "", "A\xEF\xBF\xBD" "BC",
       "utf-16le"},
      {"Utf16LeLoneLowSurrogate", "\xFF\xFE" "A\0\x00\xDC" "B\0C\0"s, "", "A\xEF\xBF\xBD" "BC",
       "utf-16le"},
      {"Utf16BeLoneHighSurrogate", "\xFE\xFF\0A\xD8\x00\0B\0C"s, "", "A\xEF\xBF\xBD" "BC",
       "utf-16be"},
      {"Utf16LeOddByteAtEnd", "\xFF\xFE" "A\0B\0C"s, "", "AB\xEF\xBF\xBD", "utf-16le"},
      {"Utf32LeSurrogateCodePoint", "\xFF\xFE\0\0" "A\0\0\0\x00\xD8\0\0" "B\0\0\0C\0\0\0"s, "",
       "A\xEF\xBF\xBD" "BC", "utf-32le"},
      {"Utf32LePastU10FFFF", "\xFF\xFE\0\0" "A\0\0\0\0\0\x11\0" "B\0\0\0C\0\0\0"s, "",
       "A\xEF\xBF\xBD" "BC", "utf-32le"},
  };
  return cases;
}

class Utf8DocumentDecodes : public testing::TestWithParam<DocumentCase> {};

TEST_P(Utf8DocumentDecodes, ToExactTextAndEncoding) {
  const DocumentCase& c = GetParam();
  const Utf8Document document(c.bytes, c.content_type);
  EXPECT_EQ(document.text(), c.text);
  EXPECT_EQ(document.encoding(), c.encoding);
}

INSTANTIATE_TEST_SUITE_P(Encoding, Utf8DocumentDecodes, testing::ValuesIn(document_cases()),
                         [](const testing::TestParamInfo<DocumentCase>& info) {
                           return label_to_name(info.param.label);
                         });

TEST(Utf8Document, ValidUtf8IsNotCopied) {
  const std::string bytes = "<rss><channel><title>Caf\xC3\xA9</title></channel></rss>";
  const Utf8Document document(bytes, "");
  EXPECT_EQ(document.text().data(), bytes.data());
  EXPECT_EQ(document.text().size(), bytes.size());
}

TEST(Utf8Document, LeavesInvalidUtf8ToTheReaderWhenAskedTo) {
  const std::string bytes = "<t>caf\xE9 \xC3</t>";
  const Utf8Document document(bytes, "", Utf8Document::Repair::by_reader);
  EXPECT_EQ(document.text().data(), bytes.data());
  EXPECT_EQ(document.encoding(), "utf-8");
  const Utf8Document repaired(bytes, "");
  EXPECT_EQ(repaired.text(), "<t>caf\xC3\xA9 \xC3\x83</t>");
}

TEST(Utf8Document, ConvertsAcrossIconvBufferBoundaries) {
  // 10 000 "é" in Windows-1252: more than one 4 KiB iconv output buffer.
  const std::string bytes = "<t>" + std::string(10000, '\xE9') + "</t>";
  const Utf8Document document(bytes, "text/xml; charset=windows-1252");
  std::string expected = "<t>";
  for (int i = 0; i < 10000; ++i) expected += "\xC3\xA9";
  expected += "</t>";
  EXPECT_EQ(document.text(), expected);
  EXPECT_EQ(document.encoding(), "windows-1252");
}

// ---- charset_of_content_type ------------------------------------------------------------

struct CharsetCase {
  const char* label;
  const char* input;
  const char* charset;
};

std::ostream& operator<<(std::ostream& os, const CharsetCase& c) { return os << c.label; }

std::string charset_case_name(const testing::TestParamInfo<CharsetCase>& info) {
  return label_to_name(info.param.label);
}

class EncodingContentTypeCharset : public testing::TestWithParam<CharsetCase> {};

TEST_P(EncodingContentTypeCharset, IsFound) {
  EXPECT_EQ(charset_of_content_type(GetParam().input), GetParam().charset);
}

INSTANTIATE_TEST_SUITE_P(
    Encoding, EncodingContentTypeCharset,
    testing::Values(CharsetCase{"Unquoted", "text/xml; charset=utf-8", "utf-8"},
                    CharsetCase{"DoubleQuoted", "application/rss+xml; charset=\"windows-1251\"", "windows-1251"},
                    CharsetCase{"SingleQuoted", "text/xml; charset='koi8-r'", "koi8-r"},
                    CharsetCase{"UpperCase", "TEXT/XML; CHARSET=ISO-8859-1", "iso-8859-1"},
                    CharsetCase{"NoSpaceBeforeParameter", "text/xml;charset=Shift_JIS", "shift_jis"},
                    CharsetCase{"OtherParameterAfter", "text/xml; charset=big5; format=flowed", "big5"},
                    CharsetCase{"QuotedWithParameterAfter", "text/xml; charset=\"EUC-KR\";q=1", "euc-kr"},
                    CharsetCase{"OtherParameterBefore", "text/xml; format=flowed; charset=gbk", "gbk"},
                    CharsetCase{"TrailingSpace", "text/xml; charset=utf-8 ", "utf-8"},
                    CharsetCase{"NoCharset", "application/atom+xml", ""},
                    CharsetCase{"NoCharsetButOtherParameter", "text/xml; format=flowed", ""},
                    CharsetCase{"EmptyCharset", "text/xml; charset=", ""},
                    CharsetCase{"EmptyHeader", "", ""}),
    charset_case_name);

// ---- charset_of_xml_declaration ----------------------------------------------------------

class EncodingXmlDeclarationCharset : public testing::TestWithParam<CharsetCase> {};

TEST_P(EncodingXmlDeclarationCharset, IsFound) {
  EXPECT_EQ(charset_of_xml_declaration(GetParam().input), GetParam().charset);
}

INSTANTIATE_TEST_SUITE_P(
    Encoding, EncodingXmlDeclarationCharset,
    testing::Values(
        CharsetCase{"DoubleQuotes", "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss/>", "iso-8859-1"},
        CharsetCase{"SingleQuotes", "<?xml version='1.0' encoding='Windows-1252'?><rss/>", "windows-1252"},
        CharsetCase{"SpacesAroundEquals", "<?xml version=\"1.0\" encoding = \"UTF-8\" ?>\n<rss/>", "utf-8"},
        CharsetCase{"WithStandalone", "<?xml version=\"1.0\" encoding=\"koi8-r\" standalone=\"yes\"?>", "koi8-r"},
        CharsetCase{"NoEncoding", "<?xml version=\"1.0\"?><rss/>", ""},
        CharsetCase{"NoEncodingButOneLater", "<?xml version=\"1.0\"?><rss encoding=\"big5\"/>", ""},
        CharsetCase{"NoDeclaration", "<rss version=\"2.0\"/>", ""},
        CharsetCase{"NotAtStartAfterSpace", " <?xml version=\"1.0\" encoding=\"gbk\"?>", ""},
        CharsetCase{"NotAtStartAfterElement", "<rss><?xml version=\"1.0\" encoding=\"gbk\"?></rss>", ""},
        CharsetCase{"Empty", "", ""}),
    charset_case_name);

// ---- repair_utf8 ---------------------------------------------------------------------------

TEST(RepairUtf8, LeavesValidUtf8AndTheOutputAlone) {
  for (const std::string_view valid :
       {""sv, "plain ASCII"sv, "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"sv, "\0inside"sv,
        "\xDF\xBF \xE0\xA0\x80 \xED\x9F\xBF \xEE\x80\x80 \xF0\x90\x80\x80 \xF4\x8F\xBF\xBF"sv}) {
    SCOPED_TRACE(std::string(valid));
    std::string out = "untouched";
    EXPECT_FALSE(repair_utf8(valid, out));
    EXPECT_EQ(out, "untouched");
  }
}

struct RepairCase {
  const char* label;
  std::string input;
  std::string repaired;
};

std::ostream& operator<<(std::ostream& os, const RepairCase& c) { return os << c.label; }

// Each invalid byte is read alone as Windows-1252; the five bytes that
// Windows-1252 leaves undefined (0x81 0x8D 0x8F 0x90 0x9D) become U+FFFD.
// So a broken multi-byte sequence becomes the Windows-1252 reading of its
// bytes, as when Windows-1252 text was mislabelled UTF-8.
const std::vector<RepairCase>& repair_cases() {
  static const std::vector<RepairCase> cases = {
      {"LoneContinuation", "a\x80z", "a\xE2\x82\xAC" "z"},
      {"LoneContinuationBF", "a\xBFz", "a\xC2\xBFz"},
      {"TwoContinuations", "\x80\x80", "\xE2\x82\xAC\xE2\x82\xAC"},
      {"Truncated2ByteAtEnd", "ab\xC3", "ab\xC3\x83"},
      {"Truncated3ByteAtEnd", "ab\xE2\x82", "ab\xC3\xA2\xE2\x80\x9A"},
      {"Truncated4ByteAtEnd", "ab\xF0\x9F\x98", "ab\xC3\xB0\xC5\xB8\xCB\x9C"},
      {"Truncated3ByteBeforeAscii", "\xE2\x82z", "\xC3\xA2\xE2\x80\x9Az"},
      {"Overlong2Byte", "<\xC0\xAF>", "<\xC3\x80\xC2\xAF>"},
      {"Overlong2ByteC1", "\xC1\xBF", "\xC3\x81\xC2\xBF"},
      {"Overlong3Byte", "\xE0\x80\xAF", "\xC3\xA0\xE2\x82\xAC\xC2\xAF"},
      {"Overlong4Byte", "\xF0\x80\x80\xAF", "\xC3\xB0\xE2\x82\xAC\xE2\x82\xAC\xC2\xAF"},
      {"EncodedSurrogate", "\xED\xA0\x80", "\xC3\xAD\xC2\xA0\xE2\x82\xAC"},
      {"PastU10FFFF", "\xF4\x90\x80\x80", "\xC3\xB4\xEF\xBF\xBD\xE2\x82\xAC\xE2\x82\xAC"},
      {"LeadF5", "\xF5\x80\x80\x80", "\xC3\xB5\xE2\x82\xAC\xE2\x82\xAC\xE2\x82\xAC"},
      {"ByteFF", "\xFF", "\xC3\xBF"},
      {"Undefined81", "a\x81z", "a\xEF\xBF\xBDz"},
      {"UndefinedAll", "\x81\x8D\x8F\x90\x9D",
       "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"},
      {"RightQuote92", "don\x92t", "don\xE2\x80\x99t"},
      {"EAcuteE9", "caf\xE9", "caf\xC3\xA9"},
      {"EAcuteE9BeforeSpace", "caf\xE9 au lait", "caf\xC3\xA9 au lait"},
      {"ValidAroundInvalid", "\xE2\x82\xAC\x92\xF0\x9F\x98\x80",
       "\xE2\x82\xAC\xE2\x80\x99\xF0\x9F\x98\x80"},
  };
  return cases;
}

class RepairUtf8Invalid : public testing::TestWithParam<RepairCase> {};

TEST_P(RepairUtf8Invalid, GivesExactText) {
  const RepairCase& c = GetParam();
  std::string out = "old contents";
  EXPECT_TRUE(repair_utf8(c.input, out));
  EXPECT_EQ(out, c.repaired);
}

INSTANTIATE_TEST_SUITE_P(Encoding, RepairUtf8Invalid, testing::ValuesIn(repair_cases()),
                         [](const testing::TestParamInfo<RepairCase>& info) {
                           return label_to_name(info.param.label);
                         });

}  // namespace
}  // namespace headliner

namespace headliner {
namespace {

TEST(Utf8Document, IgnoresAWideCharsetDeclaredOnAsciiBytes) {
  for (std::string name : {"ucs-2", "UCS-4", "unicode", "utf-16le", "utf-32"}) {
    const std::string bytes = "<?xml version=\"1.0\" encoding=\"" + name + "\"?><rss/>";
    Utf8Document doc(bytes, "");  // text() may view into `bytes`: it must outlive doc
    EXPECT_EQ(doc.encoding(), "utf-8") << name;
    EXPECT_TRUE(doc.text().ends_with("<rss/>")) << name;
  }
}

TEST(Utf8Document, FallsBackToTheHttpCharsetWhenTheDeclaredOneIsUnknown) {
  Utf8Document doc("<?xml version=\"1.0\" encoding=\"x-made-up\"?><t>caf\xe9</t>", "text/xml; charset=iso-8859-1");
  EXPECT_EQ(doc.encoding(), "windows-1252");
  EXPECT_TRUE(doc.text().ends_with("<t>caf\xc3\xa9</t>"));
}

TEST(CharsetOfContentType, ReadsOnlyTheCharsetParameter) {
  EXPECT_EQ(charset_of_content_type("text/xml; x-charset=koi8-r"), "");
  EXPECT_EQ(charset_of_content_type("text/xml; x-charset=koi8-r; charset=utf-8"), "utf-8");
}

}  // namespace
}  // namespace headliner
