#include "json.hpp"

#include <gtest/gtest.h>

namespace headliner {
namespace {

TEST(Json, EscapesQuotesBackslashesAndControls) {
  EXPECT_EQ(json_string("a\"b\\c\n\x01\x7f"), R"("a\"b\\c\u000a\u0001\u007f")");
}

TEST(Json, PassesUtf8Through) { EXPECT_EQ(json_string("Café – 東京"), "\"Café – 東京\""); }

TEST(Json, WritesNullForAbsentValues) {
  EXPECT_EQ(json_nullable(std::nullopt), "null");
  EXPECT_EQ(json_date(std::nullopt), "null");
}

TEST(Json, WritesDatesAsRfc3339Utc) {
  using namespace std::chrono;
  UtcTime t = sys_days(year(2004) / 2 / 28) + hours(18) + minutes(14) + seconds(55);
  EXPECT_EQ(json_date(t), "\"2004-02-28T18:14:55Z\"");
}

TEST(Json, BuildsObjectsAndArrays) {
  EXPECT_EQ(JsonObject().str(), "{}");
  EXPECT_EQ(JsonObject().add("a", "1").add("b", json_strings({"x", "y"})).str(), R"({"a":1,"b":["x","y"]})");
  EXPECT_EQ(json_strings({}), "[]");
}

// JSON output goes to terminals too: no code point that a terminal or a text
// renderer acts on may pass raw.
TEST(Json, EscapesC1Controls) {
  EXPECT_EQ(json_string("a\xC2\x9B" "31mb"), R"("a\u009b31mb")");
  EXPECT_EQ(json_string("\xC2\x80\xC2\x85\xC2\x9F"), R"("\u0080\u0085\u009f")");
  EXPECT_EQ(json_string("\xC2\xA0\xC2\xA9"), "\"\xC2\xA0\xC2\xA9\"");  // U+00A0 and U+00A9 are text
}

TEST(Json, EscapesBidiControlsAndLineSeparators) {
  EXPECT_EQ(json_string("\xE2\x80\x8E\xE2\x80\x8F"), R"("\u200e\u200f")");
  EXPECT_EQ(json_string("\xE2\x80\xAA\xE2\x80\xAB\xE2\x80\xAC\xE2\x80\xAD\xE2\x80\xAE"),
            R"("\u202a\u202b\u202c\u202d\u202e")");
  EXPECT_EQ(json_string("\xE2\x81\xA6\xE2\x81\xA7\xE2\x81\xA8\xE2\x81\xA9"), R"("\u2066\u2067\u2068\u2069")");
  EXPECT_EQ(json_string("a\xE2\x80\xA8" "b\xE2\x80\xA9" "c"), R"("a\u2028b\u2029c")");
  EXPECT_EQ(json_string("\xD8\x9C"), R"("\u061c")");  // ARABIC LETTER MARK
  // Their neighbours are ordinary text.
  const std::string neighbours = "\xE2\x80\x8D\xE2\x80\x90\xE2\x80\xA7\xE2\x80\xAF\xE2\x81\xA5\xE2\x81\xAA";
  EXPECT_EQ(json_string(neighbours), "\"" + neighbours + "\"");
}

TEST(Json, ReplacesInvalidUtf8) {
  // A lone 0x9B is an 8-bit CSI to some terminals; JSON must be UTF-8 anyway.
  EXPECT_EQ(json_string("a\x9B" "31m"), R"("a\ufffd31m")");
  EXPECT_EQ(json_string("\xFF\xC0\x80"), R"("\ufffd\ufffd\ufffd")");
  EXPECT_EQ(json_string("\xE0\x82\x9B"), R"("\ufffd\ufffd\ufffd")");  // overlong U+009B
  EXPECT_EQ(json_string("\xED\xA0\x80"), R"("\ufffd\ufffd\ufffd")");  // a surrogate
  EXPECT_EQ(json_string("x\xE2\x80"), R"("x\ufffd\ufffd")");  // cut short: one per byte
  EXPECT_EQ(json_string("\xF4\x90\x80\x80"), R"("\ufffd\ufffd\ufffd\ufffd")");  // past U+10FFFF
  EXPECT_EQ(json_string("\xF0\x9F\x98\x80"), "\"\xF0\x9F\x98\x80\"");  // U+1F600 is fine
}

}  // namespace
}  // namespace headliner
