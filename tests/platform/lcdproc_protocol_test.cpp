#include "lcdproc/lcdproc_protocol.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "support/test_names.hpp"

namespace headliner::lcdproc {
namespace {

// How LCDd's command parser (server/parse.c) reads one argument that starts
// with a double quote, as its source describes it: up to the closing quote; a
// backslash takes the next byte literally, \n \r \t become controls; a
// newline or NUL ends the command. nullopt when `text` is not exactly one
// quoted argument (a quote closes early, or the command ends inside it).
std::optional<std::string> read_as_lcdd(std::string_view text) {
  if (text.empty() || text.front() != '"') return std::nullopt;
  std::string argument;
  for (std::size_t i = 1; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\n' || c == '\0') return std::nullopt;
    if (c == '\\') {
      if (++i == text.size()) return std::nullopt;
      char next = text[i];
      argument.push_back(next == 'n' ? '\n' : next == 'r' ? '\r' : next == 't' ? '\t' : next);
    } else if (c == '"') {
      return i + 1 == text.size() ? std::optional(argument) : std::nullopt;
    } else {
      argument.push_back(c);
    }
  }
  return std::nullopt;
}

struct QuoteCase {
  const char* label;
  std::string bytes;
  std::string quoted;
};

class LcdprocQuoteTable : public testing::TestWithParam<QuoteCase> {};

TEST_P(LcdprocQuoteTable, QuotesAsOneArgument) {
  const QuoteCase& c = GetParam();
  EXPECT_EQ(quote(c.bytes), c.quoted);
}

INSTANTIATE_TEST_SUITE_P(
    Lcdproc, LcdprocQuoteTable,
    testing::Values(
        QuoteCase{"empty", "", R"("")"},
        QuoteCase{"plain", "Storm closes schools", R"("Storm closes schools")"},
        QuoteCase{"double quotes", R"(He said "no")", R"("He said \"no\"")"},
        QuoteCase{"backslash", R"(a\b)", R"("a\\b")"},
        QuoteCase{"trailing backslash", R"(ends\)", R"("ends\\")"},
        QuoteCase{"backslash n is two characters", R"(\n screen_del ticker)", R"("\\n screen_del ticker")"},
        QuoteCase{"braces", "{x} }{", R"("{x} }{")"},
        QuoteCase{"single quote", "it's", R"("it's")"},
        QuoteCase{"newline byte", "a\nscreen_del ticker", R"("a?screen_del ticker")"},
        QuoteCase{"carriage return and tab", "a\rb\tc", R"("a?b?c")"},
        QuoteCase{"nul byte", std::string("a\0b", 3), R"("a?b")"},
        QuoteCase{"delete", "a\x7F" "b", R"("a?b")"},
        QuoteCase{"latin1 passes", "caf\xE9 \xFF\xA0", "\"caf\xE9 \xFF\xA0\""}),
    [](const testing::TestParamInfo<QuoteCase>& info) { return test::label_to_name(info.param.label); });

TEST(LcdprocQuote, EveryByteReadsBackAsItselfOrAQuestionMark) {
  for (int b = 0; b < 256; ++b) {
    std::string bytes = {'x', static_cast<char>(b), 'y'};
    std::string quoted = quote(bytes);
    for (char c : quoted) ASSERT_GE(static_cast<unsigned char>(c), 0x20) << "byte " << b;
    bool control = b < 0x20 || b == 0x7F;
    EXPECT_EQ(read_as_lcdd(quoted), control ? std::string("x?y") : bytes) << "byte " << b;
  }
}

TEST(LcdprocQuote, AHostileHeadlineReadsBackLiterally) {
  std::string headline = R"(a" } { \" \\ \n screen_del ticker" "\)";
  EXPECT_EQ(read_as_lcdd(quote(headline)), headline);
}

TEST(LcdprocParse, ReadsTheAnswerToHello) {
  ServerMessage m = parse_message("connect LCDproc 0.5.9 protocol 0.3 lcd wid 20 hgt 4 cellwid 5 cellhgt 8");
  ASSERT_EQ(m.kind, MessageKind::kConnect);
  EXPECT_EQ(m.info.version, "0.5.9");
  EXPECT_EQ(m.info.protocol, "0.3");
  EXPECT_EQ(m.info.cols, 20);
  EXPECT_EQ(m.info.rows, 4);
  EXPECT_EQ(m.info.cell_width, 5);
  EXPECT_EQ(m.info.cell_height, 8);
}

TEST(LcdprocParse, AnAnswerToHelloWithoutAUsableSizeIsUnknown) {
  EXPECT_EQ(parse_message("connect LCDproc 0.5.9 protocol 0.3 lcd wid 20").kind, MessageKind::kUnknown);
  EXPECT_EQ(parse_message("connect LCDproc 0.5.9 lcd wid 0 hgt 4").kind, MessageKind::kUnknown);
  EXPECT_EQ(parse_message("connect LCDproc 0.5.9 lcd wid 20 hgt four").kind, MessageKind::kUnknown);
  EXPECT_EQ(parse_message("connect LCDproc 0.5.9 lcd wid 99999999999 hgt 4").kind, MessageKind::kUnknown);
}

TEST(LcdprocParse, ReadsEachKindOfLine) {
  struct Line {
    std::string line;
    MessageKind kind;
    std::string text;
  };
  const std::vector<Line> lines = {
      {"success", MessageKind::kSuccess, ""},
      {"success\r", MessageKind::kSuccess, ""},
      {"huh? Unknown screen id", MessageKind::kHuh, "Unknown screen id"},
      {R"(huh? Could not reserve key "Enter")", MessageKind::kHuh, R"(Could not reserve key "Enter")"},
      {"huh?", MessageKind::kHuh, ""},
      {"listen ticker", MessageKind::kListen, "ticker"},
      {"ignore ticker", MessageKind::kIgnore, "ticker"},
      {"key Down", MessageKind::kKey, "Down"},
      {"key", MessageKind::kUnknown, "key"},
      {"menuevent select item1", MessageKind::kMenuEvent, "select item1"},
      {"bye", MessageKind::kBye, ""},
      {"", MessageKind::kUnknown, ""},
      {"noop", MessageKind::kUnknown, "noop"},
      {"successful", MessageKind::kUnknown, "successful"},
  };
  for (const Line& l : lines) {
    ServerMessage m = parse_message(l.line);
    EXPECT_EQ(m.kind, l.kind) << l.line;
    EXPECT_EQ(m.text, l.text) << l.line;
  }
}

TEST(LcdprocKeys, MapsArrowsAndEnterToWhatTheTickerDoes) {
  EXPECT_EQ(user_key_for("Up"), UserKey::kPrevious);
  EXPECT_EQ(user_key_for("Left"), UserKey::kPrevious);
  EXPECT_EQ(user_key_for("Down"), UserKey::kNext);
  EXPECT_EQ(user_key_for("Right"), UserKey::kNext);
  EXPECT_EQ(user_key_for("Enter"), UserKey::kPause);
  EXPECT_EQ(user_key_for("Escape"), std::nullopt);
  EXPECT_EQ(user_key_for("up"), std::nullopt);
  for (std::string_view key : kReservedKeys) EXPECT_TRUE(user_key_for(key).has_value()) << key;
}

}  // namespace
}  // namespace headliner::lcdproc
