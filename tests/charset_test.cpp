#include "charset.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <iterator>
#include <map>
#include <optional>
#include <ostream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "text_width.hpp"
#include "utf8.hpp"

namespace headliner {
namespace {

using namespace std::string_literals;

constexpr Charset kAllCharsets[] = {Charset::kHd44780A00, Charset::kHd44780A02, Charset::kLatin1, Charset::kAscii};

// Device codes written out, for expectations with bytes outside ASCII.
std::string codes(std::initializer_list<unsigned> bytes) {
  std::string out;
  for (const unsigned byte : bytes) out.push_back(static_cast<char>(byte));
  return out;
}

std::string convert(std::string_view text, Charset charset, int custom_slots = 0) {
  const std::vector<std::string> texts{std::string(text)};
  return to_device(texts, charset, custom_slots).texts.at(0);
}

// What the glass shows for text i of a screen, as UTF-8: ROM codes through
// code_to_utf8, custom codes as the character they stand for.
std::string shown(const DeviceScreen& screen, std::size_t i, Charset charset) {
  std::string out;
  for (const char byte : screen.texts.at(i)) {
    const auto code = static_cast<unsigned char>(byte);
    if (code < screen.glyphs.size()) {
      append_utf8(out, screen.glyphs[code]);
    } else {
      out += code_to_utf8(charset, code);
    }
  }
  return out;
}

std::string shown(std::string_view text, Charset charset) {
  const std::vector<std::string> texts{std::string(text)};
  return shown(to_device(texts, charset, 0), 0, charset);
}

std::string replace_all(std::string text, std::string_view from, std::string_view to) {
  for (std::size_t pos = text.find(from); pos != std::string::npos; pos = text.find(from, pos + to.size())) {
    text.replace(pos, from.size(), to);
  }
  return text;
}

std::optional<std::string> read_seed_article() {
  std::ifstream in(std::filesystem::path(HEADLINER_SHARED_DIR) / "data/seed/seed-article.txt");
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// --- names

TEST(Charset, NamesParseWhateverTheirCase) {
  EXPECT_EQ(parse_charset("a00"), Charset::kHd44780A00);
  EXPECT_EQ(parse_charset("A02"), Charset::kHd44780A02);
  EXPECT_EQ(parse_charset("Latin1"), Charset::kLatin1);
  EXPECT_EQ(parse_charset("ASCII"), Charset::kAscii);
  for (const Charset charset : kAllCharsets) EXPECT_EQ(parse_charset(charset_name(charset)), charset);
}

TEST(Charset, UnknownNamesAreRefused) {
  EXPECT_EQ(parse_charset(""), std::nullopt);
  EXPECT_EQ(parse_charset("latin-1"), std::nullopt);
  EXPECT_EQ(parse_charset("a00 "), std::nullopt);
  EXPECT_EQ(parse_charset("utf8"), std::nullopt);
}

// --- step 1: the device's own glyphs

TEST(Charset, AsciiPassesThroughOnEveryDeviceButA00sBackslashAndTilde) {
  std::string printable;
  for (char c = 0x20; c < 0x7F; ++c) printable.push_back(c);
  EXPECT_EQ(convert(printable, Charset::kHd44780A02), printable);
  EXPECT_EQ(convert(printable, Charset::kLatin1), printable);
  EXPECT_EQ(convert(printable, Charset::kAscii), printable);
  EXPECT_EQ(convert(printable, Charset::kHd44780A00), replace_all(replace_all(printable, "\\", "?"), "~", "?"));
}

TEST(Charset, A00ShowsYenArrowsUmlautsAndDegreeFromItsRom) {
  // ¥ → ← ä ö ü ñ ° µ ß π Ω
  EXPECT_EQ(convert("\u00A5\u2192\u2190\u00E4\u00F6\u00FC\u00F1\u00B0\u00B5\u00DF\u03C0\u03A9", Charset::kHd44780A00),
            codes({0x5C, 0x7E, 0x7F, 0xE1, 0xEF, 0xF5, 0xEE, 0xDF, 0xE4, 0xE2, 0xF7, 0xF4}));
}

TEST(Charset, A00ShowsHalfWidthKatakanaWithTheirSoundMarks) {
  // ｶﾞｲﾄﾞ: ｶﾞ and ﾄﾞ are one cluster each, two cells each.
  EXPECT_EQ(convert("\uFF76\uFF9E\uFF72\uFF84\uFF9E", Charset::kHd44780A00), codes({0xB6, 0xDE, 0xB2, 0xC4, 0xDE}));
  EXPECT_EQ(convert("\uFF76\uFF9E\uFF72\uFF84\uFF9E", Charset::kAscii), "???");
}

TEST(Charset, A02ShowsLatin1LettersAndItsGreekAndCyrillic) {
  // é Ä ß ñ ° £ Ж Ω ♪
  EXPECT_EQ(convert("\u00E9\u00C4\u00DF\u00F1\u00B0\u00A3\u0416\u03A9\u266A", Charset::kHd44780A02),
            codes({0xE9, 0xC4, 0xDF, 0xF1, 0xB0, 0xA3, 0x82, 0x9A, 0x91}));
}

TEST(Charset, A02HasPhiWhereLatin1HasOSlash) {
  EXPECT_EQ(convert("\u00D8", Charset::kHd44780A02), "O");
  EXPECT_EQ(convert("\u03A6", Charset::kHd44780A02), codes({0xD8}));
  EXPECT_EQ(convert("\u00D8", Charset::kLatin1), codes({0xD8}));
}

TEST(Charset, Latin1DeviceTakesLatin1Codes) {
  EXPECT_EQ(convert("Cr\u00E8me br\u00FBl\u00E9e \u00E0 \u00A35", Charset::kLatin1),
            "Cr" + codes({0xE8}) + "me br" + codes({0xFB}) + "l" + codes({0xE9}) + "e " + codes({0xE0}) + " " +
                codes({0xA3}) + "5");
}

// --- step 2: punctuation

TEST(Charset, SeedHeadlineKeepsItsApostropheAndEllipsisOnEveryDevice) {
  const auto article = read_seed_article();
  if (!article) GTEST_SKIP() << HEADLINER_SHARED_DIR "/data/seed/seed-article.txt is absent";
  const std::string headline = article->substr(0, article->find('\n'));
  for (const Charset charset : kAllCharsets) {
    SCOPED_TRACE(charset_name(charset));
    EXPECT_EQ(convert(headline, charset),
              "Putin and Trump's Peace Talks with Zelenskiy Collide with Stalemate as Russia Refuses to Engage");
    EXPECT_EQ(convert("Ukrainian leader Vladimir Zelenskiy,\u2026", charset),
              "Ukrainian leader Vladimir Zelenskiy,...");
  }
}

TEST(Charset, SeedArticleBecomesItsAsciiSpellingOnEveryDevice) {
  const auto article = read_seed_article();
  if (!article) GTEST_SKIP() << HEADLINER_SHARED_DIR "/data/seed/seed-article.txt is absent";
  // Clean text is one line; the paragraphs are converted one by one.
  std::istringstream lines(*article);
  for (std::string line; std::getline(lines, line);) {
    std::string expected = line;
    for (const auto& [from, to] : {std::pair{"\u2019", "'"}, {"\u201C", "\""}, {"\u201D", "\""}, {"\u2026", "..."}}) {
      expected = replace_all(expected, from, to);
    }
    for (const Charset charset : kAllCharsets) {
      SCOPED_TRACE(charset_name(charset));
      EXPECT_EQ(convert(line, charset), expected);
    }
  }
}

TEST(Charset, CurlyQuotesBecomeStraightOnEveryDevice) {
  for (const Charset charset : kAllCharsets) {
    SCOPED_TRACE(charset_name(charset));
    EXPECT_EQ(convert("\u201CPress reports\u201D \u2018exaggerate\u2019 \u201Eso\u201C \u201Aja\u2018 5\u2032 6\u2033",
                      charset),
              "\"Press reports\" 'exaggerate' \"so\" 'ja' 5' 6\"");
  }
}

TEST(Charset, DashesAndMinusBecomeHyphensOnEveryDevice) {
  for (const Charset charset : kAllCharsets) {
    SCOPED_TRACE(charset_name(charset));
    EXPECT_EQ(convert("a \u2013 b \u2014 c \u2015 d \u2012 e \u2212 f \u2010 g", charset), "a - b - c - d - e - f - g");
  }
}

TEST(Charset, EuroIsSpelledOutOnEveryDevice) {
  for (const Charset charset : kAllCharsets) {
    SCOPED_TRACE(charset_name(charset));
    EXPECT_EQ(convert("\u20AC5bn deal", charset), "EUR5bn deal");
  }
}

TEST(Charset, EllipsisTakesThreeCells) {
  for (const Charset charset : kAllCharsets) EXPECT_EQ(convert("Wait\u2026", charset), "Wait...");
}

TEST(Charset, GuillemetsStayWhereTheDeviceHasThem) {
  const std::string text = "\u00ABNon\u00BB \u2039oui\u203A";
  EXPECT_EQ(convert(text, Charset::kLatin1), codes({0xAB}) + "Non" + codes({0xBB}) + " <oui>");
  EXPECT_EQ(convert(text, Charset::kHd44780A02), codes({0xAB}) + "Non" + codes({0xBB}) + " <oui>");
  EXPECT_EQ(convert(text, Charset::kHd44780A00), "\"Non\" <oui>");
  EXPECT_EQ(convert(text, Charset::kAscii), "\"Non\" <oui>");
}

TEST(Charset, EverySpaceBecomesOneSpace) {
  // No-break, thin, narrow no-break, ideographic: one cell each, none collapsed.
  for (const Charset charset : kAllCharsets) {
    EXPECT_EQ(convert("a\u00A0b\u2009c\u202Fd\u3000e", charset), "a b c d e");
  }
}

TEST(Charset, SymbolsAreSpelledWhereTheDeviceLacksThem) {
  const std::string text = "\u2122 \u00A9 \u00AE \u00D7 \u00B1";  // ™ © ® × ±
  EXPECT_EQ(convert(text, Charset::kAscii), "TM (c) (R) x +/-");
  EXPECT_EQ(convert(text, Charset::kHd44780A00), "TM (c) (R) x +/-");
  EXPECT_EQ(convert(text, Charset::kHd44780A02), "TM " + codes({0xA9, ' ', 0xAE, ' ', 0xD7, ' ', 0xB1}));
  EXPECT_EQ(convert(text, Charset::kLatin1), "TM " + codes({0xA9, ' ', 0xAE, ' ', 0xD7, ' ', 0xB1}));
}

TEST(Charset, BulletIsTheDeviceMiddleDotElseAnAsterisk) {
  EXPECT_EQ(convert("a \u2022 b", Charset::kHd44780A00), codes({'a', ' ', 0xA5, ' ', 'b'}));
  EXPECT_EQ(convert("a \u2022 b", Charset::kHd44780A02), codes({'a', ' ', 0xB7, ' ', 'b'}));
  EXPECT_EQ(convert("a \u2022 b", Charset::kLatin1), codes({'a', ' ', 0xB7, ' ', 'b'}));
  EXPECT_EQ(convert("a \u2022 b \u00B7 c", Charset::kAscii), "a * b * c");
}

TEST(Charset, ArrowsAreA00GlyphsAndSpelledElsewhere) {
  EXPECT_EQ(convert("\u2190 \u2192", Charset::kHd44780A00), codes({0x7F, ' ', 0x7E}));
  for (const Charset charset : {Charset::kHd44780A02, Charset::kLatin1, Charset::kAscii}) {
    EXPECT_EQ(convert("\u2190 \u2192", charset), "<- ->");
  }
}

// --- step 3: custom glyphs

TEST(Charset, AccentOnA00TakesACustomGlyphWhenThereAreSlots) {
  const std::vector<std::string> texts{"caf\u00E9"};
  const DeviceScreen screen = to_device(texts, Charset::kHd44780A00, 8);
  EXPECT_EQ(screen.texts.at(0), codes({'c', 'a', 'f', 0}));
  ASSERT_EQ(screen.glyphs, std::vector<char32_t>{0x00E9});
  const Glyph e_acute{0b00010, 0b00100, 0b01110, 0b10001, 0b11111, 0b10000, 0b01110, 0b00000};
  EXPECT_EQ(glyph_for(screen.glyphs[0]), e_acute);
  EXPECT_EQ(shown(screen, 0, Charset::kHd44780A00), "caf\u00E9");
}

TEST(Charset, AccentOnA00LosesItsMarkWithoutSlots) {
  const std::vector<std::string> texts{"caf\u00E9"};
  const DeviceScreen screen = to_device(texts, Charset::kHd44780A00, 0);
  EXPECT_EQ(screen.texts.at(0), "cafe");
  EXPECT_TRUE(screen.glyphs.empty());
}

TEST(Charset, DevicesWithTheLetterNeedNoGlyph) {
  const std::vector<std::string> texts{"caf\u00E9"};
  for (const Charset charset : {Charset::kHd44780A02, Charset::kLatin1}) {
    const DeviceScreen screen = to_device(texts, charset, 8);
    EXPECT_EQ(screen.texts.at(0), codes({'c', 'a', 'f', 0xE9}));
    EXPECT_TRUE(screen.glyphs.empty());
  }
}

TEST(Charset, BackslashAndTildeOnA00TakeCustomGlyphs) {
  const std::vector<std::string> texts{"C:\\dir ~user"};
  const DeviceScreen with_slots = to_device(texts, Charset::kHd44780A00, 8);
  EXPECT_EQ(with_slots.texts.at(0), codes({'C', ':', 0, 'd', 'i', 'r', ' ', 1, 'u', 's', 'e', 'r'}));
  EXPECT_EQ(with_slots.glyphs, (std::vector<char32_t>{U'\\', U'~'}));
  EXPECT_EQ(shown(with_slots, 0, Charset::kHd44780A00), "C:\\dir ~user");
  EXPECT_EQ(convert("C:\\dir ~user", Charset::kHd44780A00, 0), "C:?dir ?user");
  EXPECT_EQ(convert("C:\\dir ~user", Charset::kHd44780A02, 8), "C:\\dir ~user");
}

TEST(Charset, OnlyTheEightMostFrequentCharactersGetSlots) {
  // Ten candidates on A00; é ×5, è ×4, à ×3, ç ×3, ê ×2, then one each of
  // ù û î ô ë in order of appearance: the last two miss out.
  const std::vector<std::string> texts{
      "\u00E9\u00E9\u00E9\u00E9\u00E9 \u00E8\u00E8\u00E8\u00E8 \u00E0\u00E0\u00E0 \u00E7\u00E7\u00E7 \u00EA\u00EA "
      "\u00F9 \u00FB \u00EE \u00F4 \u00EB"};
  const DeviceScreen screen = to_device(texts, Charset::kHd44780A00, 8);
  EXPECT_EQ(screen.glyphs, (std::vector<char32_t>{0xE9, 0xE8, 0xE0, 0xE7, 0xEA, 0xF9, 0xFB, 0xEE}));
  EXPECT_EQ(screen.texts.at(0),
            codes({0, 0, 0, 0, 0, ' ', 1, 1, 1, 1, ' ', 2, 2, 2, ' ', 3, 3, 3, ' ', 4, 4, ' ', 5, ' ', 6, ' ', 7, ' ',
                   'o', ' ', 'e'}));
}

TEST(Charset, FrequencyTiesGoToTheCharacterSeenFirst) {
  const std::vector<std::string> texts{"\u00F4 \u00E8 \u00E9"};  // ô è é, once each
  EXPECT_EQ(to_device(texts, Charset::kHd44780A00, 2).glyphs, (std::vector<char32_t>{0xF4, 0xE8}));
}

TEST(Charset, TextsOfOneScreenShareTheirGlyphs) {
  // é: twice in the first text, once in the second; è and û once each, è first.
  const std::vector<std::string> texts{"\u00E9t\u00E9", "Cr\u00E8me br\u00FBl\u00E9e"};
  const DeviceScreen screen = to_device(texts, Charset::kHd44780A00, 2);
  EXPECT_EQ(screen.glyphs, (std::vector<char32_t>{0xE9, 0xE8}));
  EXPECT_EQ(screen.texts.at(0), codes({0, 't', 0}));
  EXPECT_EQ(screen.texts.at(1), codes({'C', 'r', 1, 'm', 'e', ' ', 'b', 'r', 'u', 'l', 0, 'e'}));
}

TEST(Charset, SlotsAreCappedAtEightAndNeverNegative) {
  const std::vector<std::string> texts{"\u00E0\u00E1\u00E2\u00E3\u00E7\u00E8\u00E9\u00EA\u00EB\u00EC"};
  EXPECT_EQ(to_device(texts, Charset::kHd44780A00, 20).glyphs.size(), std::size_t{kMaxCustomGlyphs});
  const DeviceScreen none = to_device(texts, Charset::kHd44780A00, -3);
  EXPECT_TRUE(none.glyphs.empty());
  EXPECT_EQ(none.texts.at(0), "aaaaceeeei");
}

TEST(Charset, A00CapitalUmlautsTakeGlyphsElseTheRomsLowerCase) {
  const std::vector<std::string> texts{"\u00C4RGER \u00D6L \u00DCBER A\u00D1O"};
  const DeviceScreen with_slots = to_device(texts, Charset::kHd44780A00, 8);
  EXPECT_EQ(with_slots.glyphs, (std::vector<char32_t>{0xC4, 0xD6, 0xDC, 0xD1}));
  EXPECT_EQ(shown(with_slots, 0, Charset::kHd44780A00), texts[0]);
  // Without slots the ROM's ä ö ü ñ say more than A O U N.
  EXPECT_EQ(convert(texts[0], Charset::kHd44780A00, 0),
            codes({0xE1, 'R', 'G', 'E', 'R', ' ', 0xEF, 'L', ' ', 0xF5, 'B', 'E', 'R', ' ', 'A', 0xEE, 'O'}));
  EXPECT_EQ(convert(texts[0], Charset::kAscii, 0), "ARGER OL UBER ANO");
}

TEST(Charset, UmlautsOnAsciiDevicesTakeGlyphs) {
  const std::vector<std::string> texts{"M\u00FCller"};
  const DeviceScreen screen = to_device(texts, Charset::kAscii, 1);
  EXPECT_EQ(screen.texts.at(0), codes({'M', 0, 'l', 'l', 'e', 'r'}));
  EXPECT_EQ(screen.glyphs, std::vector<char32_t>{0xFC});
}

TEST(Charset, SharpSIsBetaOnA00AndSsOnAscii) {
  EXPECT_EQ(convert("Stra\u00DFe", Charset::kHd44780A00, 8), codes({'S', 't', 'r', 'a', 0xE2, 'e'}));
  EXPECT_EQ(convert("Stra\u00DFe", Charset::kHd44780A02), codes({'S', 't', 'r', 'a', 0xDF, 'e'}));
  EXPECT_EQ(convert("Stra\u00DFe", Charset::kLatin1), codes({'S', 't', 'r', 'a', 0xDF, 'e'}));
  EXPECT_EQ(convert("Stra\u00DFe", Charset::kAscii), "Strasse");
  EXPECT_EQ(convert("Stra\u00DFe", Charset::kAscii, 1), codes({'S', 't', 'r', 'a', 0, 'e'}));
}

TEST(Charset, EveryPromisedLetterHasAGlyphInFiveColumnsAboveTheCursorRow) {
  // é è ê ë à â á ç ù û ú ü í î ï ô ó ñ Ä Ö Ü É È À Ç \ ~
  const std::u32string promised = U"\u00E9\u00E8\u00EA\u00EB\u00E0\u00E2\u00E1\u00E7\u00F9\u00FB\u00FA\u00FC\u00ED"
                                  U"\u00EE\u00EF\u00F4\u00F3\u00F1\u00C4\u00D6\u00DC\u00C9\u00C8\u00C0\u00C7\\~";
  std::vector<Glyph> seen;
  for (const char32_t c : promised) {
    SCOPED_TRACE(static_cast<unsigned>(c));
    const auto glyph = glyph_for(c);
    ASSERT_TRUE(glyph.has_value());
    EXPECT_EQ((*glyph)[7], 0) << "row 7 is the cursor's";
    for (const auto row : *glyph) EXPECT_LE(row, 0b11111);
    EXPECT_EQ(std::find(seen.begin(), seen.end(), *glyph), seen.end()) << "two letters share a bitmap";
    seen.push_back(*glyph);
  }
  EXPECT_EQ(glyph_for(U'a'), std::nullopt);
  EXPECT_EQ(glyph_for(0x4E2D), std::nullopt);  // 中
}

// --- step 4: the letter without its accents

TEST(Charset, AccentsLoseTheirMarksWithoutGlyphs) {
  EXPECT_EQ(convert("Caf\u00E9 na\u00EFve \u0160koda \u0105\u0119", Charset::kAscii), "Cafe naive Skoda ae");
  EXPECT_EQ(convert("\u0160koda", Charset::kLatin1), "Skoda");
}

TEST(Charset, LettersNfkdKeepsWholeHaveAPlainSpelling) {
  // Ærøskøbing Łódź Œuvre đ ı ħ
  EXPECT_EQ(convert("\u00C6r\u00F8sk\u00F8bing \u0141\u00F3d\u017A \u0152uvre \u0111 \u0131 \u0127", Charset::kAscii),
            "AEroskobing Lodz OEuvre d i h");
  // Latin-1 has Æ and ø and ó, not the rest.
  EXPECT_EQ(convert("\u00C6r\u00F8 \u0141\u00F3d\u017A \u0153", Charset::kLatin1),
            codes({0xC6, 'r', 0xF8, ' ', 'L', 0xF3, 'd', 'z', ' ', 'o', 'e'}));
}

TEST(Charset, CombiningSequencesAreTheirComposedForm) {
  const std::string composed = "caf\u00E9 \u00C5";     // café Å
  const std::string combining = "cafe\u0301 A\u030A";  // the same, decomposed
  for (const Charset charset : kAllCharsets) {
    for (const int slots : {0, 8}) {
      SCOPED_TRACE(std::string(charset_name(charset)) + " slots " + std::to_string(slots));
      const std::vector<std::string> a{composed}, b{combining};
      const DeviceScreen expected = to_device(a, charset, slots);
      const DeviceScreen actual = to_device(b, charset, slots);
      EXPECT_EQ(actual.texts, expected.texts);
      EXPECT_EQ(actual.glyphs, expected.glyphs);
    }
  }
  EXPECT_EQ(convert(combining, Charset::kLatin1), codes({'c', 'a', 'f', 0xE9, ' ', 0xC5}));
  // A mark no precomposed letter carries: the plain letter, one cell.
  EXPECT_EQ(convert("q\u0303x", Charset::kLatin1), "qx");
}

TEST(Charset, FullWidthFormsBecomeAscii) {
  for (const Charset charset : kAllCharsets) {
    SCOPED_TRACE(charset_name(charset));
    EXPECT_EQ(convert("\uFF21\uFF22\uFF23\uFF11\uFF12\uFF13\uFF01", charset), "ABC123!");  // ＡＢＣ１２３！
  }
}

TEST(Charset, CompatibilityFormsAreSpelledOut) {
  // ﬁ ½ ² ①
  EXPECT_EQ(convert("\uFB01ne \u00BD \u00B2 \u2460", Charset::kAscii), "fine 1/2 2 1");
  EXPECT_EQ(convert("\uFB01ne \u00BD \u00B2 \u2460", Charset::kLatin1), codes({'f', 'i', 'n', 'e', ' ', 0xBD, ' ', 0xB2, ' ', '1'}));
}

// --- step 5: '?', one per cluster

TEST(Charset, CjkAndEmojiBecomeOneQuestionMarkPerCluster) {
  // 中国, 😀, a family (a ZWJ sequence), the French flag, a thumb with a skin tone.
  const std::string text = "\u4E2D\u56FD \U0001F600 \U0001F468\u200D\U0001F469\u200D\U0001F467 \U0001F1EB\U0001F1F7 "
                           "\U0001F44D\U0001F3FD";
  for (const Charset charset : kAllCharsets) {
    SCOPED_TRACE(charset_name(charset));
    EXPECT_EQ(convert(text, charset, 8), "?? ? ? ? ?");
  }
}

TEST(Charset, HeadlineOfOnlyEmojiIsNotBlank) {
  for (const Charset charset : kAllCharsets) EXPECT_EQ(convert("\U0001F389\U0001F389", charset), "??");
}

TEST(Charset, A00ShowsTheIdeographsItsRomHas) {
  EXPECT_EQ(convert("1\u4E07\u5186", Charset::kHd44780A00), codes({'1', 0xFB, 0xFC}));  // 1万円
  EXPECT_EQ(convert("1\u4E07\u5186", Charset::kHd44780A02), "1??");
}

TEST(Charset, EmojiWithTextPresentationUsesTheRomsSymbol) {
  EXPECT_EQ(convert("I \u2764\uFE0F NY", Charset::kHd44780A02), codes({'I', ' ', 0x9D, ' ', 'N', 'Y'}));  // I ❤️ NY
  EXPECT_EQ(convert("I \u2764\uFE0F NY", Charset::kAscii), "I ? NY");
}

TEST(Charset, InvisibleOrBrokenInputNeverGivesAnEmptyTextOrAControl) {
  EXPECT_EQ(convert("", Charset::kAscii), "");
  EXPECT_EQ(convert("a\u200Bb", Charset::kAscii), "ab");  // a zero-width space shows nothing
  EXPECT_EQ(convert("\u200B", Charset::kAscii), "?");
  EXPECT_EQ(convert("\x01x\x7F", Charset::kAscii), "?x?");
  EXPECT_EQ(convert("a\xFF" "b", Charset::kLatin1), "a?b");
  EXPECT_TRUE(to_device({}, Charset::kAscii, 8).texts.empty());
}

TEST(Charset, NoCodeBelowSpaceButTheCustomOnes) {
  std::vector<std::string> texts{
      "\u00C4RGER \u00D6L caf\u00E9 na\u00EFve \u0160koda C:\\ ~ \u00DF \u00A3 \u00B0",
      "\u201CQuotes\u201D \u2013 \u2026 \u20AC \u4E2D \U0001F600 \uFF21 \u00BD \u2122",
      std::string(1, '\t') + "\u0085\u009B",
  };
  for (char32_t c = 0xA0; c <= 0x17F; ++c) append_utf8(texts[2], c);
  for (const Charset charset : kAllCharsets) {
    for (const int slots : {0, 3, 8}) {
      SCOPED_TRACE(std::string(charset_name(charset)) + " slots " + std::to_string(slots));
      const DeviceScreen screen = to_device(texts, charset, slots);
      EXPECT_LE(screen.glyphs.size(), static_cast<std::size_t>(slots));
      for (const std::string& text : screen.texts) {
        EXPECT_FALSE(text.empty());
        for (const char byte : text) {
          const auto code = static_cast<unsigned char>(byte);
          if (code < 0x20) {
            EXPECT_LT(code, screen.glyphs.size());
          } else if (code != '?') {
            EXPECT_NE(code_to_utf8(charset, code), "?") << "code " << unsigned{code};
          }
        }
      }
      for (const char32_t c : screen.glyphs) EXPECT_TRUE(glyph_for(c).has_value());
    }
  }
}

// --- code_to_utf8

TEST(Charset, CodeToUtf8NamesWhatTheGlassShows) {
  EXPECT_EQ(code_to_utf8(Charset::kHd44780A00, 0x5C), "\u00A5");  // ¥
  EXPECT_EQ(code_to_utf8(Charset::kHd44780A00, 0xE1), "\u00E4");  // ä
  EXPECT_EQ(code_to_utf8(Charset::kHd44780A00, 0xDF), "\u00B0");  // °
  EXPECT_EQ(code_to_utf8(Charset::kHd44780A00, 0x7E), "\u2192");  // →
  EXPECT_EQ(code_to_utf8(Charset::kHd44780A00, 0xB1), "\uFF71");  // ｱ
  EXPECT_EQ(code_to_utf8(Charset::kHd44780A00, 0xE9), "\u207B\u00B9");  // ⁻¹
  EXPECT_EQ(code_to_utf8(Charset::kHd44780A02, 0x5C), "\\");
  EXPECT_EQ(code_to_utf8(Charset::kHd44780A02, 0xD8), "\u03A6");  // Φ
  EXPECT_EQ(code_to_utf8(Charset::kLatin1, 0xE9), "\u00E9");       // é
  EXPECT_EQ(code_to_utf8(Charset::kAscii, 'A'), "A");
}

TEST(Charset, CodesWithoutAGlyphAreQuestionMarks) {
  for (const Charset charset : kAllCharsets) {
    for (unsigned code = 0; code < 0x20; ++code) EXPECT_EQ(code_to_utf8(charset, static_cast<unsigned char>(code)), "?");
  }
  EXPECT_EQ(code_to_utf8(Charset::kHd44780A00, 0x80), "?");
  EXPECT_EQ(code_to_utf8(Charset::kHd44780A00, 0xFE), "?");
  EXPECT_EQ(code_to_utf8(Charset::kLatin1, 0x85), "?");
  EXPECT_EQ(code_to_utf8(Charset::kAscii, 0x7F), "?");
  EXPECT_EQ(code_to_utf8(Charset::kAscii, 0xE9), "?");
}

TEST(Charset, EveryNamedCodeConvertsBackToItself) {
  // What code_to_utf8 names, to_device sends as that code; but for A00's
  // tall g j p q y (ASCII has them) and the space of Latin-1's 0xA0.
  const std::map<std::pair<Charset, unsigned>, std::string> elsewhere{
      {{Charset::kHd44780A00, 0xE7}, "g"}, {{Charset::kHd44780A00, 0xEA}, "j"}, {{Charset::kHd44780A00, 0xF0}, "p"},
      {{Charset::kHd44780A00, 0xF1}, "q"}, {{Charset::kHd44780A00, 0xF9}, "y"}, {{Charset::kLatin1, 0xA0}, " "},
      {{Charset::kHd44780A00, 0xE9}, "-1"}, {{Charset::kHd44780A00, 0xF8}, "x"},  // ⁻¹ and x̄: no one character
  };
  for (const Charset charset : kAllCharsets) {
    for (unsigned code = 0x20; code <= 0xFF; ++code) {
      const std::string utf8 = code_to_utf8(charset, static_cast<unsigned char>(code));
      if (utf8 == "?" && code != '?') continue;
      SCOPED_TRACE(std::string(charset_name(charset)) + " code " + std::to_string(code) + " " + utf8);
      const auto other = elsewhere.find({charset, code});
      EXPECT_EQ(convert(utf8, charset), other == elsewhere.end() ? codes({code}) : other->second);
    }
  }
}

// Round trip of every printable ASCII and Latin-1 character: what the glass
// shows for its codes is the character itself, or one of these documented
// approximations (none given: the character itself).
struct RoundTrip {
  Charset charset;
  std::map<char32_t, std::string> approximations;
};

void PrintTo(const RoundTrip& round_trip, std::ostream* os) { *os << charset_name(round_trip.charset); }

class CharsetRoundTrip : public testing::TestWithParam<RoundTrip> {};

TEST_P(CharsetRoundTrip, EveryAsciiAndLatin1CharacterShowsAsItselfOrItsApproximation) {
  const RoundTrip& round_trip = GetParam();
  for (char32_t c = 0x20; c <= 0xFF; ++c) {
    if (c >= 0x7F && c < 0xA0) continue;  // DEL and C1: controls, never in clean text
    if (c == 0xAD) continue;              // the soft hyphen: format, never in clean text
    std::string utf8;
    append_utf8(utf8, c);
    const auto approximation = round_trip.approximations.find(c);
    SCOPED_TRACE(std::string(charset_name(round_trip.charset)) + " " + utf8);
    EXPECT_EQ(shown(utf8, round_trip.charset), approximation == round_trip.approximations.end() ? utf8
                                                                                               : approximation->second);
  }
}

const std::map<char32_t, std::string> kLatin1OnAscii{
    {0xA0, " "},   {0xA1, "!"},   {0xA2, "c"},   {0xA3, "GBP"}, {0xA4, "?"},   {0xA5, "?"},   {0xA6, "|"},
    {0xA7, "?"},   {0xA8, "\""},  {0xA9, "(c)"}, {0xAA, "a"},   {0xAB, "\""},  {0xAC, "?"},   {0xAE, "(R)"},
    {0xAF, "-"},   {0xB0, "?"},   {0xB1, "+/-"}, {0xB2, "2"},   {0xB3, "3"},   {0xB4, "'"},   {0xB5, "u"},
    {0xB6, "?"},   {0xB7, "*"},   {0xB8, ","},   {0xB9, "1"},   {0xBA, "o"},   {0xBB, "\""},  {0xBC, "1/4"},
    {0xBD, "1/2"}, {0xBE, "3/4"}, {0xBF, "?"},   {0xC0, "A"},   {0xC1, "A"},   {0xC2, "A"},   {0xC3, "A"},
    {0xC4, "A"},   {0xC5, "A"},   {0xC6, "AE"},  {0xC7, "C"},   {0xC8, "E"},   {0xC9, "E"},   {0xCA, "E"},
    {0xCB, "E"},   {0xCC, "I"},   {0xCD, "I"},   {0xCE, "I"},   {0xCF, "I"},   {0xD0, "D"},   {0xD1, "N"},
    {0xD2, "O"},   {0xD3, "O"},   {0xD4, "O"},   {0xD5, "O"},   {0xD6, "O"},   {0xD7, "x"},   {0xD8, "O"},
    {0xD9, "U"},   {0xDA, "U"},   {0xDB, "U"},   {0xDC, "U"},   {0xDD, "Y"},   {0xDE, "Th"},  {0xDF, "ss"},
    {0xE0, "a"},   {0xE1, "a"},   {0xE2, "a"},   {0xE3, "a"},   {0xE4, "a"},   {0xE5, "a"},   {0xE6, "ae"},
    {0xE7, "c"},   {0xE8, "e"},   {0xE9, "e"},   {0xEA, "e"},   {0xEB, "e"},   {0xEC, "i"},   {0xED, "i"},
    {0xEE, "i"},   {0xEF, "i"},   {0xF0, "d"},   {0xF1, "n"},   {0xF2, "o"},   {0xF3, "o"},   {0xF4, "o"},
    {0xF5, "o"},   {0xF6, "o"},   {0xF7, "/"},   {0xF8, "o"},   {0xF9, "u"},   {0xFA, "u"},   {0xFB, "u"},
    {0xFC, "u"},   {0xFD, "y"},   {0xFE, "th"},  {0xFF, "y"},
};

// A00: what its ROM has (¥ £ ¢ ° µ ä ö ü ñ ÷, ß as β, · as its middle dot),
// Ä Ö Ü Ñ as its lower case, the rest as on ASCII.
std::map<char32_t, std::string> latin1_on_a00() {
  std::map<char32_t, std::string> on_a00 = kLatin1OnAscii;
  on_a00['\\'] = "?";
  on_a00['~'] = "?";
  for (const char32_t c : {0xA2, 0xA3, 0xA5, 0xB0, 0xB5, 0xE4, 0xF1, 0xF6, 0xF7, 0xFC}) on_a00.erase(c);
  on_a00[0xC4] = "\u00E4";
  on_a00[0xD1] = "\u00F1";
  on_a00[0xD6] = "\u00F6";
  on_a00[0xDC] = "\u00FC";
  on_a00[0xDF] = "\u03B2";
  on_a00.erase(0xB7);  // shown as its middle dot
  return on_a00;
}

INSTANTIATE_TEST_SUITE_P(
    Charset, CharsetRoundTrip,
    testing::Values(RoundTrip{Charset::kLatin1, {{0xA0, " "}}},
                    RoundTrip{Charset::kHd44780A02,
                              {{0xA0, " "}, {0xA8, "\""}, {0xAC, "?"}, {0xAF, "-"}, {0xB8, ","}, {0xD8, "O"}}},
                    RoundTrip{Charset::kAscii, kLatin1OnAscii}, RoundTrip{Charset::kHd44780A00, latin1_on_a00()}),
    [](const testing::TestParamInfo<RoundTrip>& info) { return std::string(charset_name(info.param.charset)); });

TEST(Charset, PreviewCellsAreOneColumnWideButForA00sWideGlyphs) {
  for (const Charset charset : kAllCharsets) {
    for (unsigned code = 0x20; code <= 0xFF; ++code) {
      const std::string utf8 = code_to_utf8(charset, static_cast<unsigned char>(code));
      const bool wide = charset == Charset::kHd44780A00 && (code == 0xE9 || (code >= 0xFA && code <= 0xFC));
      EXPECT_EQ(display_width(utf8), wide ? 2 : 1) << charset_name(charset) << " code " << code;
    }
  }
}

}  // namespace
}  // namespace headliner
