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

}  // namespace
}  // namespace headliner
