#include "text.hpp"

#include <gtest/gtest.h>
#include <utf8proc.h>

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>

#include "html_entities.hpp"
#include "utf8.hpp"

namespace headliner {
namespace {

using namespace std::string_view_literals;

// Escape sequences are written as "\x1B" "[31m": a hex escape would swallow
// a following hex digit ("\x1B7" is not ESC '7').

struct TextCase {
  std::string_view input;
  std::string_view expected;
};

// Shows the input with its invisible bytes when a case fails.
std::ostream& operator<<(std::ostream& os, const TextCase& text_case) {
  os << '"';
  for (const char c : text_case.input) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte >= 0x7F) {
      constexpr char kHex[] = "0123456789ABCDEF";
      os << "\\x" << kHex[byte >> 4] << kHex[byte & 0xF];
    } else {
      os << c;
    }
  }
  return os << '"';
}

// ---------------------------------------------------------------------------
// lookup_html_entity

TEST(LookupHtmlEntity, FindsNamesWithSemicolon) {
  EXPECT_EQ(lookup_html_entity("amp;"), "&");
  EXPECT_EQ(lookup_html_entity("hellip;"), "\u2026");
  EXPECT_EQ(lookup_html_entity("NotEqualTilde;"), "\u2242\u0338");
  EXPECT_EQ(lookup_html_entity("CounterClockwiseContourIntegral;"), "\u2233");
}

TEST(LookupHtmlEntity, FindsLegacyNamesWithoutSemicolonOnlyWhereHtml5HasThem) {
  EXPECT_EQ(lookup_html_entity("amp"), "&");
  EXPECT_EQ(lookup_html_entity("eacute"), "\u00E9");
  EXPECT_EQ(lookup_html_entity("hellip"), std::nullopt);
}

TEST(LookupHtmlEntity, IsCaseSensitive) {
  EXPECT_EQ(lookup_html_entity("AMP;"), "&");
  EXPECT_EQ(lookup_html_entity("Amp;"), std::nullopt);
  EXPECT_EQ(lookup_html_entity("Eacute;"), "\u00C9");
}

TEST(LookupHtmlEntity, RejectsUnknownAndEmptyNames) {
  EXPECT_EQ(lookup_html_entity(""), std::nullopt);
  EXPECT_EQ(lookup_html_entity(";"), std::nullopt);
  EXPECT_EQ(lookup_html_entity("notit;"), std::nullopt);
  EXPECT_EQ(lookup_html_entity("&amp;"), std::nullopt);
  EXPECT_EQ(lookup_html_entity("zzzz;"), std::nullopt);
}

// ---------------------------------------------------------------------------
// decode_html_entities

class DecodeHtmlEntitiesTable : public testing::TestWithParam<TextCase> {};

TEST_P(DecodeHtmlEntitiesTable, ProducesExpectedText) {
  EXPECT_EQ(decode_html_entities(GetParam().input), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(DecodesNamedReferences, DecodeHtmlEntitiesTable,
                         testing::Values(TextCase{"&amp;", "&"}, TextCase{"&lt;b&gt;", "<b>"},
                                         TextCase{"&quot;hi&quot;", "\"hi\""},
                                         TextCase{"&eacute;t&eacute;", "\u00E9t\u00E9"},
                                         TextCase{"&hellip;", "\u2026"}, TextCase{"&AMP;", "&"},
                                         TextCase{"&notin;", "\u2209"},
                                         TextCase{"&NotEqualTilde;", "\u2242\u0338"},
                                         TextCase{"a&nbsp;b", "a\u00A0b"},
                                         TextCase{"&frac12;", "\u00BD"}));

INSTANTIATE_TEST_SUITE_P(
    DecodesLegacyNamesOnlyBeforeNonAlphanumerics, DecodeHtmlEntitiesTable,
    testing::Values(TextCase{"&amp", "&"}, TextCase{"&amp b", "& b"}, TextCase{"caf&eacute!", "caf\u00E9!"},
                    TextCase{"&copy 2024", "\u00A9 2024"}, TextCase{"&copy2024", "&copy2024"},
                    TextCase{"?a=1&copyright=2", "?a=1&copyright=2"}, TextCase{"&ampx", "&ampx"},
                    TextCase{"&hellip", "&hellip"}));

INSTANTIATE_TEST_SUITE_P(DecodesLongestLegacyPrefixOfUnknownTerminatedName, DecodeHtmlEntitiesTable,
                         testing::Values(TextCase{"&notit;", "\u00ACit;"}, TextCase{"&ampfoo;", "&foo;"},
                                         TextCase{"&copyx;", "\u00A9x;"},
                                         TextCase{"&frac123;", "\u00BD" "3;"},
                                         TextCase{"&hellipx;", "&hellipx;"}));

INSTANTIATE_TEST_SUITE_P(
    DecodesNumericReferences, DecodeHtmlEntitiesTable,
    testing::Values(TextCase{"&#233;", "\u00E9"}, TextCase{"&#xE9;", "\u00E9"}, TextCase{"&#XE9;", "\u00E9"},
                    TextCase{"&#xe9;", "\u00E9"}, TextCase{"&#x1F600;", "\U0001F600"},
                    TextCase{"&#65;&#66;", "AB"}, TextCase{"&#0065;", "A"},
                    TextCase{"it&#39s", "it's"},  // HTML5 tolerates the missing ';'
                    TextCase{"&#8217;", "\u2019"}));

INSTANTIATE_TEST_SUITE_P(
    ReplacesInvalidCodePointsWithReplacementCharacter, DecodeHtmlEntitiesTable,
    testing::Values(TextCase{"&#0;", "\uFFFD"}, TextCase{"&#xD800;", "\uFFFD"}, TextCase{"&#xDFFF;", "\uFFFD"},
                    TextCase{"&#x110000;", "\uFFFD"}, TextCase{"&#99999999999999999999;", "\uFFFD"},
                    TextCase{"&#xFFFFFFFFFFFF;", "\uFFFD"}, TextCase{"&#x10FFFF;", "\U0010FFFF"}));

// Tools that escape UTF-16 code units write U+1F600 as its two halves.
INSTANTIATE_TEST_SUITE_P(
    JoinsSurrogatePairsWrittenAsTwoReferences, DecodeHtmlEntitiesTable,
    testing::Values(TextCase{"&#55357;&#56832;", "\U0001F600"}, TextCase{"&#xD83D;&#xDE00; ok", "\U0001F600 ok"},
                    TextCase{"&#xD83D&#xDE00", "\U0001F600"}, TextCase{"&#56832;&#55357;", "\uFFFD\uFFFD"},
                    TextCase{"&#55357; &#56832;", "\uFFFD \uFFFD"}, TextCase{"&#55357;&#55357;&#56832;", "\uFFFD\U0001F600"},
                    TextCase{"&#55357;&#65;", "\uFFFDA"}));

INSTANTIATE_TEST_SUITE_P(MapsC1RangeThroughWindows1252, DecodeHtmlEntitiesTable,
                         testing::Values(TextCase{"&#128;", "\u20AC"}, TextCase{"&#x80;", "\u20AC"},
                                         TextCase{"&#150;", "\u2013"}, TextCase{"&#146;", "\u2019"},
                                         TextCase{"&#x9F;", "\u0178"},
                                         // Holes in Windows-1252 stay C1 controls.
                                         TextCase{"&#x81;", "\xC2\x81"}, TextCase{"&#x9D;", "\xC2\x9D"}));

INSTANTIATE_TEST_SUITE_P(KeepsUnknownReferencesAsWritten, DecodeHtmlEntitiesTable,
                         testing::Values(TextCase{"&unknown;", "&unknown;"}, TextCase{"AT&T", "AT&T"},
                                         TextCase{"a & b", "a & b"}, TextCase{"&", "&"}, TextCase{"&;", "&;"},
                                         TextCase{"&Amp;", "&Amp;"}, TextCase{"&#;", "&#;"},
                                         TextCase{"&#x;", "&#x;"}, TextCase{"&#xg;", "&#xg;"},
                                         TextCase{"&#", "&#"}, TextCase{"&&amp;", "&&"},
                                         TextCase{"", ""}));

INSTANTIATE_TEST_SUITE_P(DecodesOnlyOnce, DecodeHtmlEntitiesTable,
                         testing::Values(TextCase{"&amp;amp;", "&amp;"}, TextCase{"&amp;lt;", "&lt;"},
                                         TextCase{"&amp;#233;", "&#233;"}));

TEST(DecodeHtmlEntities, LeavesPlainTextAlone) {
  EXPECT_EQ(decode_html_entities("Plain text, caf\u00E9 \u4E2D"), "Plain text, caf\u00E9 \u4E2D");
}

// ---------------------------------------------------------------------------
// html_to_text

class HtmlToTextTable : public testing::TestWithParam<TextCase> {};

TEST_P(HtmlToTextTable, ProducesExpectedText) { EXPECT_EQ(html_to_text(GetParam().input), GetParam().expected); }

INSTANTIATE_TEST_SUITE_P(StripsInlineTags, HtmlToTextTable,
                         testing::Values(TextCase{"<b>Bold</b> move", "Bold move"},
                                         TextCase{"<a href=\"https://x.example/\">Link</a>", "Link"},
                                         TextCase{"<SPAN class=x>up</SPAN>per", "upper"},
                                         TextCase{"<b><i>nested</i></b>", "nested"},
                                         TextCase{"<b>unterminated", "unterminated"},
                                         TextCase{"<img src=a.png alt=\"\">Photo", "Photo"},
                                         TextCase{"<?xml version=\"1.0\"?>Hi", "Hi"},
                                         TextCase{"<!DOCTYPE html>Hi", "Hi"}));

INSTANTIATE_TEST_SUITE_P(TurnsBlockTagsIntoSpaces, HtmlToTextTable,
                         testing::Values(TextCase{"line<br>break", "line break"},
                                         TextCase{"line<br/>break", "line break"},
                                         TextCase{"line<BR />break", "line break"},
                                         TextCase{"<p>One</p><p>Two</p>", "One Two"},
                                         TextCase{"<div>a</div>b", "a b"},
                                         TextCase{"<ul><li>x</li><li>y</li></ul>", "x y"},
                                         TextCase{"Title<h2>Sub</h2>", "Title Sub"},
                                         TextCase{"<p>\n  Hello\n</p>", "Hello"}));

INSTANTIATE_TEST_SUITE_P(SkipsGreaterThanInsideQuotedAttributes, HtmlToTextTable,
                         testing::Values(TextCase{"<a title=\"x>y\">link</a>", "link"},
                                         TextCase{"<a title='x>y'>link</a>", "link"},
                                         TextCase{"<a title=O'Reilly>It's</a>", "It's"},
                                         TextCase{"<a title=\"open>text", "text"}));

INSTANTIATE_TEST_SUITE_P(KeepsLessThanThatStartsNoTag, HtmlToTextTable,
                         testing::Values(TextCase{"a < b", "a < b"}, TextCase{"1<2", "1<2"},
                                         TextCase{"x <3 y", "x <3 y"}, TextCase{"<", "<"},
                                         TextCase{"text <b unterminated", "text <b unterminated"},
                                         TextCase{"a </ b", "a </ b"}, TextCase{"a <<b>> c", "a <> c"}));

INSTANTIATE_TEST_SUITE_P(RemovesCommentsWhole, HtmlToTextTable,
                         testing::Values(TextCase{"<!-- comment --> visible", "visible"},
                                         TextCase{"a<!-- <b>x</b> -->b", "ab"},
                                         TextCase{"a<!-- x > y -->b", "ab"}, TextCase{"a<!---->b", "ab"},
                                         TextCase{"a<!-->b", "ab"},
                                         TextCase{"a<!-- unterminated", "a"}));

INSTANTIATE_TEST_SUITE_P(DropsScriptAndStyleContents, HtmlToTextTable,
                         testing::Values(TextCase{"<script>alert('x')</script>News", "News"},
                                         TextCase{"<STYLE type=text/css>p{}</style>Text", "Text"},
                                         TextCase{"<script>var a = '</b>';</script>Hi", "Hi"},
                                         TextCase{"<script>1</scripts>2</script >Hi", "Hi"},
                                         TextCase{"A<script>never closed", "A"},
                                         TextCase{"A<script>x</scr", "A"},
                                         TextCase{"A</script>B", "AB"}));

INSTANTIATE_TEST_SUITE_P(KeepsCdataContentAsText, HtmlToTextTable,
                         testing::Values(TextCase{"<![CDATA[Inner]]> text", "Inner text"},
                                         TextCase{"<![CDATA[a <b> c", "a <b> c"}));

INSTANTIATE_TEST_SUITE_P(DecodesEntitiesAfterStrippingTags, HtmlToTextTable,
                         testing::Values(TextCase{"Fish &amp; Chips", "Fish & Chips"},
                                         TextCase{"Caf&eacute; &nbsp; open", "Caf\u00E9 open"},
                                         TextCase{"Use &lt;br&gt; tags", "Use <br> tags"},
                                         TextCase{"<b>A&#8217;s</b>", "A\u2019s"},
                                         TextCase{"&#27;[31mRed&#27;[0m", "Red"},
                                         TextCase{"&#1;&#x7F;x", "x"}));

INSTANTIATE_TEST_SUITE_P(UndoesDoubleEscaping, HtmlToTextTable,
                         testing::Values(TextCase{"Tom &amp;amp; Jerry", "Tom & Jerry"},
                                         TextCase{"&amp;lt;3", "<3"}, TextCase{"&amp;quot;x&amp;quot;", "\"x\""},
                                         TextCase{"It&amp;#8217;s", "It\u2019s"},
                                         TextCase{"It&amp;#x2019;s", "It\u2019s"}));

INSTANTIATE_TEST_SUITE_P(CleansTheResult, HtmlToTextTable,
                         testing::Values(TextCase{"  <p> spaced   out </p>  ", "spaced out"},
                                         TextCase{"<b>\x1B" "[1mloud</b>", "loud"},
                                         TextCase{"a\xFF" "b", "a\uFFFD" "b"}, TextCase{"", ""},
                                         TextCase{"<br><br>", ""}));

// ---------------------------------------------------------------------------
// clean_text

// clean_text takes a shortcut for the letters and punctuation most feeds are
// written in; there too it must drop every format character (soft hyphen,
// bidi marks, zero-width space) that utf8proc's Unicode tables name, and keep
// every other letter, mark, symbol and punctuation.
TEST(CleanText, DropsFormatCharactersAndKeepsTheRestWhereMostFeedTextLies) {
  int dropped = 0;
  for (auto [first, last] : {std::pair<char32_t, char32_t>{0xA1, 0x7FF}, {0x2010, 0x2027}, {0x2030, 0x206F}}) {
    for (char32_t cp = first; cp <= last; ++cp) {
      std::string text = "a";
      append_utf8(text, cp);
      text += "b";
      const auto category = utf8proc_category(static_cast<utf8proc_int32_t>(cp));
      if (category == UTF8PROC_CATEGORY_ZS) continue;  // whitespace: a space, tested elsewhere
      const bool format = category == UTF8PROC_CATEGORY_CF;
      dropped += format;
      EXPECT_EQ(clean_text(text), format ? "ab" : text) << "U+" << std::hex << static_cast<std::uint32_t>(cp);
    }
  }
  EXPECT_GE(dropped, 10);  // U+00AD, U+0600-0605, U+061C, U+06DD, U+2060-2064, U+2066-206F
}

class CleanTextTable : public testing::TestWithParam<TextCase> {};

TEST_P(CleanTextTable, ProducesExpectedText) { EXPECT_EQ(clean_text(GetParam().input), GetParam().expected); }

INSTANTIATE_TEST_SUITE_P(KeepsOrdinaryText, CleanTextTable,
                         testing::Values(TextCase{"Hello, world!", "Hello, world!"}, TextCase{"", ""},
                                         TextCase{"caf\u00E9 \u4E2D\u6587 \U0001F600",
                                                  "caf\u00E9 \u4E2D\u6587 \U0001F600"},
                                         TextCase{"e\u0301", "e\u0301"},
                                         TextCase{"\uE000private", "\uE000private"},
                                         TextCase{"\u2764\uFE0F", "\u2764\uFE0F"},
                                         TextCase{"<b>&amp;</b>", "<b>&amp;</b>"}));

INSTANTIATE_TEST_SUITE_P(
    CollapsesWhitespaceAndTrims, CleanTextTable,
    testing::Values(TextCase{"  a   b  ", "a b"}, TextCase{"a\tb\nc\rd", "a b c d"}, TextCase{"a\r\n\r\nb", "a b"},
                    TextCase{"a\u00A0b", "a b"}, TextCase{"a \u00A0 b", "a b"}, TextCase{"a\u3000b", "a b"},
                    TextCase{"a\u2003\u2009b", "a b"}, TextCase{"a\u202Fb\u205Fc", "a b c"},
                    TextCase{"a\u2028b\u2029c", "a b c"}, TextCase{"a\xC2\x85" "b", "a b"},
                    TextCase{"\u00A0\u3000 x \t", "x"}, TextCase{"   ", ""}));

INSTANTIATE_TEST_SUITE_P(RemovesControlCharacters, CleanTextTable,
                         testing::Values(TextCase{"a\x01" "b\x7F" " c", "ab c"}, TextCase{"a\0b"sv, "ab"},
                                         TextCase{"bell\x07", "bell"}, TextCase{"back\bspace", "backspace"},
                                         TextCase{"a\xC2\x80" "b\xC2\x9F", "ab"},
                                         TextCase{"a\xC2\x9C" "b", "ab"}));

INSTANTIATE_TEST_SUITE_P(
    RemovesAnsiEscapeSequences, CleanTextTable,
    testing::Values(TextCase{"\x1B" "[31mRed\x1B" "[0m", "Red"},
                    TextCase{"\x1B" "[1;38;5;208mOrange\x1B" "[m", "Orange"},
                    TextCase{"\x1B" "[?25lhidden cursor", "hidden cursor"},
                    TextCase{"\x1B" "[2J\x1B" "[Hclear", "clear"},
                    TextCase{"\x1B" "(BText", "Text"},  // charset selection
                    TextCase{"\x1B" "7saved\x1B" "8", "saved"}, TextCase{"\x1B" "cReset", "Reset"},
                    TextCase{"\xC2\x9B" "31mRed", "Red"},  // 8-bit CSI
                    TextCase{"News\x1B", "News"}, TextCase{"News\x1B" "[", "News"},
                    TextCase{"News\x1B" "[12", "News"},
                    TextCase{"a\x1B" "\x1B" "[0mb", "ab"},
                    TextCase{"a\x1B" "\xC3\xA9", "a\u00E9"},  // ESC before non-ASCII: only ESC goes
                    TextCase{"Clear the screen \x1B" "[2J\x1B" "]0;pwned\x07 now \xC2\x9B" "31m red",
                             "Clear the screen now red"}));

INSTANTIATE_TEST_SUITE_P(
    RemovesOscAndOtherControlStrings, CleanTextTable,
    testing::Values(TextCase{"\x1B" "]0;evil title\x07Headline", "Headline"},
                    TextCase{"\x1B" "]2;title\x1B" "\\Headline", "Headline"},
                    TextCase{"\x1B" "]2;title\xC2\x9C" "Headline", "Headline"},
                    TextCase{"\x1B" "]8;;http://x.example/\x1B" "\\link\x1B" "]8;;\x1B" "\\", "link"},
                    TextCase{"\x1B" "P1$r0m\x1B" "\\after", "after"},  // DCS
                    TextCase{"\x1B" "_apc\x07" "after", "after"},
                    TextCase{"News\x1B" "]0;never terminated", "News"},
                    TextCase{"\x1B" "]0;t\x1B" "[31mRed", "Red"}));

INSTANTIATE_TEST_SUITE_P(RemovesBidiControls, CleanTextTable,
                         testing::Values(TextCase{"a\u202Eevil\u202Cb", "aevilb"},
                                         TextCase{"\u200Eabc\u200F", "abc"},
                                         TextCase{"\u202A\u202B\u202Dx", "x"},
                                         TextCase{"\u2066x\u2067y\u2068z\u2069", "xyz"},
                                         TextCase{"\u0627\u061C\u0628", "\u0627\u0628"}));

INSTANTIATE_TEST_SUITE_P(RemovesZeroWidthAndFormatCharacters, CleanTextTable,
                         testing::Values(TextCase{"a\u200Bb", "ab"}, TextCase{"\uFEFFHello", "Hello"},
                                         TextCase{"soft\u00ADhyphen", "softhyphen"}, TextCase{"a\u2060b", "ab"},
                                         TextCase{"a\u2061b\u206Ac", "abc"}, TextCase{"a\uFFF9b", "ab"},
                                         TextCase{"a \u200B b", "a b"}));

INSTANTIATE_TEST_SUITE_P(
    KeepsZeroWidthJoinerOnlyBetweenNonSpaces, CleanTextTable,
    testing::Values(TextCase{"\U0001F468\u200D\U0001F469\u200D\U0001F467",
                             "\U0001F468\u200D\U0001F469\u200D\U0001F467"},
                    TextCase{"a\u200D", "a"}, TextCase{"\u200Da", "a"}, TextCase{"a \u200D b", "a b"},
                    TextCase{"a\u200D b", "a b"}, TextCase{"a \u200Db", "a b"},
                    TextCase{"a\u200D\u200Db", "a\u200Db"}, TextCase{"a\u200D\u200Bb", "a\u200Db"}));

INSTANTIATE_TEST_SUITE_P(
    RemovesNoncharactersButKeepsPrivateUse, CleanTextTable,
    testing::Values(TextCase{"a\uFDD0b", "ab"}, TextCase{"a\uFFFEb\uFFFF", "ab"},
                    TextCase{"a\U0001FFFEb", "ab"}, TextCase{"a\U0010FFFFb", "ab"},
                    TextCase{"\uE000\U000F0000", "\uE000\U000F0000"}));

INSTANTIATE_TEST_SUITE_P(
    KeepsTagCharactersOnlyInEmojiTagSequences, CleanTextTable,
    testing::Values(
        TextCase{"\U0001F3F4\U000E0067\U000E0062\U000E0065\U000E006E\U000E0067\U000E007F",
                 "\U0001F3F4\U000E0067\U000E0062\U000E0065\U000E006E\U000E0067\U000E007F"},
        TextCase{"a\U000E0041\U000E0042b", "ab"}));

INSTANTIATE_TEST_SUITE_P(ReplacesEachInvalidUtf8ByteWithReplacementCharacter, CleanTextTable,
                         testing::Values(TextCase{"a\xFF" "b", "a\uFFFD" "b"},
                                         TextCase{"a\xE2\x82", "a\uFFFD\uFFFD"},                   // truncated
                                         TextCase{"\xE2\x82" "b", "\uFFFD\uFFFD" "b"},             // truncated
                                         TextCase{"\xC0\xAF", "\uFFFD\uFFFD"},                     // overlong '/'
                                         TextCase{"\xE0\x80\xAF", "\uFFFD\uFFFD\uFFFD"},           // overlong
                                         TextCase{"\x80", "\uFFFD"},                               // lone continuation
                                         TextCase{"a\xBF" "b", "a\uFFFD" "b"},                     // lone continuation
                                         TextCase{"\xED\xA0\x80", "\uFFFD\uFFFD\uFFFD"},           // surrogate D800
                                         TextCase{"\xF4\x90\x80\x80", "\uFFFD\uFFFD\uFFFD\uFFFD"},  // > U+10FFFF
                                         TextCase{"\xF0\x9F\x98", "\uFFFD\uFFFD\uFFFD"}));          // truncated emoji

INSTANTIATE_TEST_SUITE_P(GivesEmptyStringForOnlyJunk, CleanTextTable,
                         testing::Values(TextCase{"\x1B" "[0m\u200B\u202E \t\x01\u00A0\uFEFF\x7F", ""},
                                         TextCase{"\u200D\u200D", ""}, TextCase{"\x1B" "]0;t\x07", ""}));

// ---------------------------------------------------------------------------
// match_key

class MatchKeyTable : public testing::TestWithParam<TextCase> {};

TEST_P(MatchKeyTable, ProducesExpectedKey) { EXPECT_EQ(match_key(GetParam().input), GetParam().expected); }

INSTANTIATE_TEST_SUITE_P(FoldsCaseAndPunctuation, MatchKeyTable,
                         testing::Values(TextCase{"Trump\u2019s  Talks!", "trump s talks"},
                                         TextCase{"trump's talks", "trump s talks"},
                                         TextCase{"  --Hello, World!--  ", "hello world"},
                                         TextCase{"100% sure", "100 sure"}, TextCase{"a_b-c.d", "a b c d"},
                                         TextCase{"", ""}, TextCase{"!!! ...", ""}));

INSTANTIATE_TEST_SUITE_P(NormalisesUnicode, MatchKeyTable,
                         testing::Values(TextCase{"Caf\u00E9", "cafe"}, TextCase{"Cafe\u0301", "cafe"},
                                         TextCase{"\uFF21\uFF22\uFF23", "abc"},
                                         TextCase{"Stra\u00DFe", "strasse"}, TextCase{"\uFB01nance", "finance"},
                                         TextCase{"\u00DCn\u00EFc\u00F6d\u00E9", "unicode"},
                                         TextCase{"\u039F\u0394\u03A5\u03A3\u03A3\u0395\u03A5\u03A3",
                                                  "\u03BF\u03B4\u03C5\u03C3\u03C3\u03B5\u03C5\u03C3"},
                                         TextCase{"\u00BD", "1 2"},
                                         TextCase{"\u6771\u4EAC \u30BF\u30EF\u30FC",
                                                  "\u6771\u4EAC \u30BF\u30EF\u30FC"}));

INSTANTIATE_TEST_SUITE_P(TreatsSymbolsAndJunkAsSeparators, MatchKeyTable,
                         testing::Values(TextCase{"\U0001F525 Hot\U0001F525News", "hot news"},
                                         TextCase{"Hello\x1B" "[31mWorld", "helloworld"},
                                         TextCase{"soft\u00ADhyphen", "softhyphen"},
                                         TextCase{"zero\u200Bwidth", "zerowidth"},
                                         TextCase{"a\u00A0b\u3000c", "a b c"},
                                         TextCase{"a\xFF" "b", "a b"}));

TEST(MatchKey, EquatesVariantSpellingsOfOneHeadline) {
  EXPECT_EQ(match_key("Trump\u2019s  Talks!"), match_key("trump's talks"));
  EXPECT_EQ(match_key("CAF\u00C9 \u201COPEN\u201D"), match_key("cafe open"));
}

}  // namespace
}  // namespace headliner

namespace headliner {
namespace {

struct RssTextCase {
  std::string_view input;  // as pugixml hands it over, XML already decoded
  std::string_view expected;
};

class RssTextToText : public testing::TestWithParam<RssTextCase> {};

TEST_P(RssTextToText, StripsMarkupAtEitherEscapingLevel) {
  EXPECT_EQ(rss_text_to_text(GetParam().input), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, RssTextToText,
    testing::Values(RssTextCase{"Plain title", "Plain title"},
                    RssTextCase{"<b>Bold</b> move", "Bold move"},                  // CDATA markup
                    RssTextCase{"&lt;b&gt;Bold&lt;/b&gt; move", "Bold move"},      // escaped twice
                    RssTextCase{"Use <vector> in C++", "Use <vector> in C++"},     // not an HTML tag
                    RssTextCase{"Use &lt;vector&gt; in C++", "Use <vector> in C++"},
                    RssTextCase{"a < b and c > d", "a < b and c > d"},
                    RssTextCase{"AT&amp;T", "AT&T"},
                    RssTextCase{"Line<br/>break", "Line break"},
                    RssTextCase{"<a href=\"x?a=1&b=2\">Link</a> text", "Link text"}));

}  // namespace
}  // namespace headliner
