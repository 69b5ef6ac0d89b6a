#include "config.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <system_error>

namespace headliner {
namespace {

using namespace std::chrono_literals;
using testing::HasSubstr;
using testing::Not;
using testing::StartsWith;

namespace fs = std::filesystem;

// An environment with a home directory and nothing else set.
ConfigEnvironment home_only(std::string home = "/home/tester") {
  ConfigEnvironment env;
  env.home = std::move(home);
  return env;
}

ConfigResult parse(std::string_view text, const ConfigEnvironment& env = home_only()) {
  return parse_config(text, "test.toml", env);
}

constexpr std::string_view kOneFeed =
    "[[feed]]\n"
    "name = \"Example\"\n"
    "url = \"https://example.com/rss.xml\"\n";

std::string default_config_path() {
  return std::string(HEADLINER_TEST_DATA) + "/../../config/headliner.toml";
}

// ---------------------------------------------------------------------------
// The default config

TEST(DefaultConfig, LoadsWithoutErrorAndHasSeveralHttpsFeeds) {
  const std::string path = default_config_path();
  ConfigResult result = load_config(path, home_only());
  ASSERT_TRUE(result) << result.error;
  EXPECT_EQ(result.config.source, path);
  ASSERT_GE(result.config.feeds.size(), 5u);
  for (const FeedConfig& feed : result.config.feeds) {
    EXPECT_FALSE(feed.name.empty());
    EXPECT_THAT(feed.url, StartsWith("https://")) << feed.name;
  }
}

TEST(DefaultConfig, StatesTheSameValuesAsTheBuiltInDefaults) {
  // The file documents every default; a config with only feeds must resolve
  // to the same settings, or the file and the code disagree.
  ConfigResult from_file = load_config(default_config_path(), home_only());
  ConfigResult minimal = parse(kOneFeed);
  ASSERT_TRUE(from_file) << from_file.error;
  ASSERT_TRUE(minimal) << minimal.error;
  const Config& a = from_file.config;
  const Config& b = minimal.config;
  EXPECT_EQ(a.ticker.display, b.ticker.display);
  EXPECT_EQ(a.ticker.max_age, b.ticker.max_age);
  EXPECT_EQ(a.ticker.speed, b.ticker.speed);
  EXPECT_EQ(a.ticker.dwell, b.ticker.dwell);
  EXPECT_EQ(a.ticker.position, b.ticker.position);
  EXPECT_EQ(a.ticker.color, b.ticker.color);
  EXPECT_EQ(a.fetch.timeout, b.fetch.timeout);
  EXPECT_EQ(a.fetch.refresh, b.fetch.refresh);
  EXPECT_EQ(a.fetch.max_size, b.fetch.max_size);
  EXPECT_EQ(a.fetch.max_parallel, b.fetch.max_parallel);
  EXPECT_EQ(a.fetch.user_agent, b.fetch.user_agent);
  EXPECT_EQ(a.fetch.max_refresh, b.fetch.max_refresh);
  EXPECT_EQ(a.fetch.proxy, b.fetch.proxy);
  EXPECT_EQ(a.fetch.ip, b.fetch.ip);
  EXPECT_EQ(a.state.path, b.state.path);
  EXPECT_EQ(a.dedup.method, b.dedup.method);
  EXPECT_EQ(a.dedup.window, b.dedup.window);
  EXPECT_EQ(a.display.fallback, b.display.fallback);
  const Hd44780Config &lcd_a = a.display.hd44780, &lcd_b = b.display.hd44780;
  EXPECT_EQ(lcd_a.bus, lcd_b.bus);
  EXPECT_EQ(lcd_a.address, lcd_b.address);
  EXPECT_EQ(lcd_a.cols, lcd_b.cols);
  EXPECT_EQ(lcd_a.rows, lcd_b.rows);
  EXPECT_EQ(lcd_a.pins, lcd_b.pins);
  EXPECT_EQ(lcd_a.backlight_active_low, lcd_b.backlight_active_low);
  EXPECT_EQ(lcd_a.charset, lcd_b.charset);
  EXPECT_EQ(lcd_a.speed, lcd_b.speed);
  EXPECT_EQ(lcd_a.backlight, lcd_b.backlight);
  EXPECT_EQ(a.display.lcdproc.host, b.display.lcdproc.host);
  EXPECT_EQ(a.display.lcdproc.port, b.display.lcdproc.port);
  EXPECT_EQ(a.display.lcdproc.charset, b.display.lcdproc.charset);
  EXPECT_EQ(a.display.lcdproc.speed, b.display.lcdproc.speed);
}

// ---------------------------------------------------------------------------
// Defaults and values

TEST(MinimalConfig, GetsEveryDocumentedDefault) {
  ConfigResult result = parse(kOneFeed);
  ASSERT_TRUE(result) << result.error;
  const Config& c = result.config;
  EXPECT_EQ(c.source, "test.toml");
  EXPECT_EQ(c.ticker.display, "terminal");
  EXPECT_EQ(c.ticker.max_age, 48h);
  EXPECT_EQ(c.ticker.speed, 8);
  EXPECT_EQ(c.ticker.dwell, 3s);
  EXPECT_EQ(c.ticker.position, "inline");
  EXPECT_EQ(c.ticker.color, "auto");
  EXPECT_EQ(c.fetch.timeout, 20s);
  EXPECT_EQ(c.fetch.refresh, 15min);
  EXPECT_EQ(c.fetch.max_size, 4u * 1024 * 1024);
  EXPECT_EQ(c.fetch.max_parallel, 8);
  EXPECT_THAT(c.fetch.user_agent, StartsWith("headliner/"));
  EXPECT_GT(c.fetch.user_agent.size(), std::string_view("headliner/").size());
  EXPECT_EQ(c.fetch.max_refresh, 6h);
  EXPECT_EQ(c.fetch.proxy, "");
  EXPECT_EQ(c.fetch.ip, "any");
  EXPECT_EQ(c.state.path, "/home/tester/.local/state/headliner/state.db");
  EXPECT_EQ(c.dedup.method, DedupMethod::kSimilar);
  EXPECT_EQ(c.dedup.window, 48h);
  ASSERT_EQ(c.feeds.size(), 1u);
  EXPECT_EQ(c.feeds[0].name, "Example");
  EXPECT_EQ(c.feeds[0].url, "https://example.com/rss.xml");
  EXPECT_EQ(c.feeds[0].refresh, 15min);
  EXPECT_EQ(c.feeds[0].color, "cyan");
  EXPECT_FALSE(c.feeds[0].insecure_tls);
}

TEST(MinimalConfig, ReadsEveryKeyThatIsSet) {
  ConfigResult result = parse(
      "[ticker]\n"
      "display = \"line\"\n"
      "max_age = \"0s\"\n"
      "speed = 60\n"
      "dwell = \"0s\"\n"
      "position = \"bottom\"\n"
      "color = \"never\"\n"
      "[fetch]\n"
      "timeout = \"5m\"\n"
      "refresh = \"1m\"\n"
      "max_size = \"16KiB\"\n"
      "max_parallel = 32\n"
      "user_agent = \"test-agent/1\"\n"
      "max_refresh = \"7d\"\n"
      "proxy = \"http://proxy.lan:3128\"\n"
      "ip = \"ipv6\"\n"
      "[state]\n"
      "path = \"/var/tmp/h.db\"\n"
      "[[feed]]\n"
      "name = \"Local\"\n"
      "url = \"file:///tmp/feed.xml\"\n"
      "refresh = \"24h\"\n"
      "color = \"default\"\n"
      "insecure_tls = true\n");
  ASSERT_TRUE(result) << result.error;
  const Config& c = result.config;
  EXPECT_EQ(c.ticker.display, "line");
  EXPECT_EQ(c.ticker.max_age, 0s);
  EXPECT_EQ(c.ticker.speed, 60);
  EXPECT_EQ(c.ticker.dwell, 0s);
  EXPECT_EQ(c.ticker.position, "bottom");
  EXPECT_EQ(c.ticker.color, "never");
  EXPECT_EQ(c.fetch.timeout, 300s);
  EXPECT_EQ(c.fetch.refresh, 1min);
  EXPECT_EQ(c.fetch.max_size, 16u * 1024);
  EXPECT_EQ(c.fetch.max_parallel, 32);
  EXPECT_EQ(c.fetch.user_agent, "test-agent/1");
  EXPECT_EQ(c.fetch.max_refresh, std::chrono::days(7));
  EXPECT_EQ(c.fetch.proxy, "http://proxy.lan:3128");
  EXPECT_EQ(c.fetch.ip, "ipv6");
  EXPECT_EQ(c.state.path, "/var/tmp/h.db");
  ASSERT_EQ(c.feeds.size(), 1u);
  EXPECT_EQ(c.feeds[0].url, "file:///tmp/feed.xml");
  EXPECT_EQ(c.feeds[0].refresh, 24h);
  EXPECT_EQ(c.feeds[0].color, "default");
  EXPECT_TRUE(c.feeds[0].insecure_tls);
}

TEST(MinimalConfig, AcceptsTheRangeLimitsThemselves) {
  ConfigResult result = parse(
      "[ticker]\nmax_age = \"3650d\"\nspeed = 1\ndwell = \"60s\"\n"
      "[fetch]\ntimeout = \"1s\"\nrefresh = \"24h\"\nmax_size = \"64MiB\"\nmax_parallel = 1\n" +
      std::string(kOneFeed));
  ASSERT_TRUE(result) << result.error;
  EXPECT_EQ(result.config.ticker.max_age, std::chrono::days(3650));
  EXPECT_EQ(result.config.ticker.dwell, 60s);
  EXPECT_EQ(result.config.fetch.timeout, 1s);
  EXPECT_EQ(result.config.fetch.refresh, 24h);
  EXPECT_EQ(result.config.fetch.max_size, 64u * 1024 * 1024);
}

TEST(MinimalConfig, ReadsSizesInEveryUnit) {
  for (auto [text, bytes] : {std::pair<std::string_view, std::size_t>{"16384B", 16384},
                             {"512KiB", 512 * 1024}, {"512KB", 512 * 1024}, {"512K", 512 * 1024},
                             {"4MiB", 4 << 20}, {"4MB", 4 << 20}, {"4M", 4 << 20}}) {
    SCOPED_TRACE(text);
    ConfigResult result =
        parse("[fetch]\nmax_size = \"" + std::string(text) + "\"\n" + std::string(kOneFeed));
    ASSERT_TRUE(result) << result.error;
    EXPECT_EQ(result.config.fetch.max_size, bytes);
  }
}

// ---------------------------------------------------------------------------
// Feeds

TEST(Feeds, WithoutAColourTakeTheNextFromTheList) {
  ConfigResult result = parse(
      "[[feed]]\nname = \"One\"\nurl = \"https://one.example/\"\n"
      "[[feed]]\nname = \"Two\"\nurl = \"https://two.example/\"\n");
  ASSERT_TRUE(result) << result.error;
  ASSERT_EQ(result.config.feeds.size(), 2u);
  EXPECT_EQ(result.config.feeds[0].color, "cyan");
  EXPECT_EQ(result.config.feeds[1].color, "yellow");
}

TEST(Feeds, ColoursStartOverAfterTheLastOne) {
  std::string text;
  for (int i = 0; i < 9; ++i)
    text += "[[feed]]\nname = \"F" + std::to_string(i) + "\"\nurl = \"https://f.example/" +
            std::to_string(i) + "\"\n";
  ConfigResult result = parse(text);
  ASSERT_TRUE(result) << result.error;
  ASSERT_EQ(result.config.feeds.size(), 9u);
  for (std::size_t i = 0; i < 8; ++i) EXPECT_EQ(result.config.feeds[i].color, kColorNames[i]);
  EXPECT_EQ(result.config.feeds[8].color, "cyan");
}

TEST(Feeds, KeepTheirOwnColour) {
  ConfigResult result = parse(
      "[[feed]]\nname = \"One\"\nurl = \"https://one.example/\"\ncolor = \"red\"\n"
      "[[feed]]\nname = \"Two\"\nurl = \"https://two.example/\"\n");
  ASSERT_TRUE(result) << result.error;
  EXPECT_EQ(result.config.feeds[0].color, "red");
  EXPECT_EQ(result.config.feeds[1].color, "yellow");
}

TEST(Feeds, InheritTheFetchRefresh) {
  ConfigResult result = parse("[fetch]\nrefresh = \"30m\"\n" + std::string(kOneFeed));
  ASSERT_TRUE(result) << result.error;
  EXPECT_EQ(result.config.feeds[0].refresh, 30min);
}

TEST(Feeds, InheritTheFetchRefreshEvenWhenFetchIsWrittenAfterThem) {
  ConfigResult result = parse(std::string(kOneFeed) + "[fetch]\nrefresh = \"2h\"\n");
  ASSERT_TRUE(result) << result.error;
  EXPECT_EQ(result.config.feeds[0].refresh, 2h);
}

TEST(Feeds, MayOverrideTheRefresh) {
  ConfigResult result = parse(
      "[fetch]\nrefresh = \"30m\"\n"
      "[[feed]]\nname = \"Slow\"\nurl = \"https://slow.example/\"\nrefresh = \"6h\"\n"
      "[[feed]]\nname = \"Usual\"\nurl = \"https://usual.example/\"\n");
  ASSERT_TRUE(result) << result.error;
  EXPECT_EQ(result.config.feeds[0].refresh, 6h);
  EXPECT_EQ(result.config.feeds[1].refresh, 30min);
}

TEST(Feeds, MayBeWrittenAsInlineTables) {
  ConfigResult result = parse(
      "feed = [{ name = \"A\", url = \"https://a.example/\" },\n"
      "        { name = \"B\", url = \"http://b.example/\" }]\n");
  ASSERT_TRUE(result) << result.error;
  ASSERT_EQ(result.config.feeds.size(), 2u);
  EXPECT_EQ(result.config.feeds[1].name, "B");
  EXPECT_EQ(result.config.feeds[1].url, "http://b.example/");
}

TEST(Feeds, KeepTheOrderOfTheFile) {
  ConfigResult result = parse(
      "[[feed]]\nname = \"Zulu\"\nurl = \"https://z.example/\"\n"
      "[[feed]]\nname = \"Alpha\"\nurl = \"https://a.example/\"\n");
  ASSERT_TRUE(result) << result.error;
  ASSERT_EQ(result.config.feeds.size(), 2u);
  EXPECT_EQ(result.config.feeds[0].name, "Zulu");
  EXPECT_EQ(result.config.feeds[1].name, "Alpha");
}

// ---------------------------------------------------------------------------
// The state path

TEST(StatePath, DefaultsUnderXdgStateHome) {
  ConfigEnvironment env = home_only();
  env.xdg_state_home = "/xdg/state";
  ConfigResult result = parse(kOneFeed, env);
  ASSERT_TRUE(result) << result.error;
  EXPECT_EQ(result.config.state.path, "/xdg/state/headliner/state.db");
}

TEST(StatePath, AsAServiceIsInTheDirectorySystemdMadeForIt) {
  ConfigEnvironment env = home_only("/");
  env.xdg_state_home = "/xdg/state";
  env.state_directory = "/var/lib/headliner:/var/lib/other";
  ConfigResult result = parse(kOneFeed, env);
  ASSERT_TRUE(result) << result.error;
  EXPECT_EQ(result.config.state.path, "/var/lib/headliner/state.db");
}

TEST(StatePath, DefaultsUnderHomeWithoutXdgStateHome) {
  ConfigResult result = parse(kOneFeed, home_only("/home/someone"));
  ASSERT_TRUE(result) << result.error;
  EXPECT_EQ(result.config.state.path, "/home/someone/.local/state/headliner/state.db");
}

TEST(StatePath, TreatsAnEmptyXdgStateHomeAsUnset) {
  ConfigEnvironment env = home_only("/home/someone");
  env.xdg_state_home = "";
  ConfigResult result = parse(kOneFeed, env);
  ASSERT_TRUE(result) << result.error;
  EXPECT_EQ(result.config.state.path, "/home/someone/.local/state/headliner/state.db");
}

TEST(StatePath, IsWhatTheConfigSaysWhenItSaysSo) {
  ConfigEnvironment env = home_only();
  env.xdg_state_home = "/xdg/state";
  ConfigResult result = parse("[state]\npath = \"/srv/h/state.db\"\n" + std::string(kOneFeed), env);
  ASSERT_TRUE(result) << result.error;
  EXPECT_EQ(result.config.state.path, "/srv/h/state.db");
}

// ---------------------------------------------------------------------------
// Errors: each one is "test.toml:LINE:COL: message", pointing at what is wrong.

struct ErrorCase {
  std::string_view name;  // the test's name
  std::string text;
  std::string expected;   // the whole error
};

void PrintTo(const ErrorCase& c, std::ostream* os) { *os << c.name; }

std::string with_feed(std::string_view text) { return std::string(text) + std::string(kOneFeed); }

class ConfigError : public testing::TestWithParam<ErrorCase> {};

TEST_P(ConfigError, IsReportedWithFileLineAndColumn) {
  const ErrorCase& c = GetParam();
  ConfigResult result = parse(c.text);
  EXPECT_FALSE(result);
  EXPECT_EQ(result.error, c.expected) << "config:\n" << c.text;
}

std::string case_name(const testing::TestParamInfo<ErrorCase>& info) {
  return std::string(info.param.name);
}

INSTANTIATE_TEST_SUITE_P(
    UnknownKeys, ConfigError,
    testing::Values(
        ErrorCase{"InTickerWithHint", with_feed("[ticker]\ndisplay = \"terminal\"\nsped = 8\n"),
                  "test.toml:3:1: unknown key 'sped' in [ticker] (did you mean 'speed'?)"},
        ErrorCase{"InTickerIndented", with_feed("[ticker]\n  sped = 8\n"),
                  "test.toml:2:3: unknown key 'sped' in [ticker] (did you mean 'speed'?)"},
        ErrorCase{"InTickerWithoutHint", with_feed("[ticker]\nscroll = true\n"),
                  "test.toml:2:1: unknown key 'scroll' in [ticker]"},
        ErrorCase{"InFetchWithHint", with_feed("[fetch]\ntimeout = \"20s\"\nuseragent = \"x\"\n"),
                  "test.toml:3:1: unknown key 'useragent' in [fetch] (did you mean 'user_agent'?)"},
        ErrorCase{"InFetchWithoutHint", with_feed("[fetch]\nsocks = \"http://proxy\"\n"),
                  "test.toml:2:1: unknown key 'socks' in [fetch]"},
        ErrorCase{"InStateWithHint", with_feed("[state]\npth = \"/tmp/s.db\"\n"),
                  "test.toml:2:1: unknown key 'pth' in [state] (did you mean 'path'?)"},
        ErrorCase{"InStateWithoutHint", with_feed("[state]\ndirectory = \"/tmp\"\n"),
                  "test.toml:2:1: unknown key 'directory' in [state]"},
        ErrorCase{"InFeedWithHint",
                  "[[feed]]\nname = \"A\"\nurl = \"https://a.example/\"\ncolour = \"red\"\n",
                  "test.toml:4:1: unknown key 'colour' in [[feed]] (did you mean 'color'?)"},
        ErrorCase{"InFeedWithoutHint",
                  "[[feed]]\nname = \"A\"\nurl = \"https://a.example/\"\ntitle = \"A\"\n",
                  "test.toml:4:1: unknown key 'title' in [[feed]]"},
        ErrorCase{"InSecondFeed",
                  std::string(kOneFeed) + "[[feed]]\nname = \"B\"\nurk = \"https://b.example/\"\n",
                  "test.toml:6:1: unknown key 'urk' in [[feed]] (did you mean 'url'?)"},
        ErrorCase{"InInlineFeed", "feed = [{ name = \"A\", url = \"https://a/\", colr = \"red\" }]\n",
                  "test.toml:1:43: unknown key 'colr' in [[feed]] (did you mean 'color'?)"},
        ErrorCase{"AtTopLevel", "title = \"news\"\n" + std::string(kOneFeed),
                  "test.toml:1:1: unknown key 'title' in the top level"},
        ErrorCase{"TableAtTopLevelWithHint", with_feed("[tickr]\nspeed = 8\n"),
                  "test.toml:1:2: unknown key 'tickr' in the top level (did you mean 'ticker'?)"},
        ErrorCase{"FeedsAtTopLevelWithHint",
                  "[[feeds]]\nname = \"A\"\nurl = \"https://a.example/\"\n",
                  "test.toml:1:3: unknown key 'feeds' in the top level (did you mean 'feed'?)"}),
    case_name);

INSTANTIATE_TEST_SUITE_P(
    WrongTypes, ConfigError,
    testing::Values(
        ErrorCase{"StringForInteger", with_feed("[ticker]\nspeed = \"fast\"\n"),
                  "test.toml:2:9: 'speed' must be a whole number"},
        ErrorCase{"FloatForInteger", with_feed("[ticker]\nspeed = 8.5\n"),
                  "test.toml:2:9: 'speed' must be a whole number"},
        ErrorCase{"StringForMaxParallel", with_feed("[fetch]\nmax_parallel = \"8\"\n"),
                  "test.toml:2:16: 'max_parallel' must be a whole number"},
        ErrorCase{"IntegerForDuration", with_feed("[ticker]\ndwell = 3\n"),
                  "test.toml:2:9: 'dwell' must be a string"},
        ErrorCase{"IntegerForSize", with_feed("[fetch]\nmax_size = 4194304\n"),
                  "test.toml:2:12: 'max_size' must be a string"},
        ErrorCase{"BooleanForChoice", with_feed("[ticker]\ncolor = true\n"),
                  "test.toml:2:9: 'color' must be a string"},
        ErrorCase{"IntegerForUserAgent", with_feed("[fetch]\nuser_agent = 1\n"),
                  "test.toml:2:14: 'user_agent' must be a string"},
        ErrorCase{"IntegerForStatePath", with_feed("[state]\npath = 1\n"),
                  "test.toml:2:8: 'path' must be a string"},
        ErrorCase{"IntegerForFeedName", "[[feed]]\nname = 5\nurl = \"https://a.example/\"\n",
                  "test.toml:2:8: 'name' must be a string"},
        ErrorCase{"ArrayForFeedUrl", "[[feed]]\nname = \"A\"\nurl = [\"https://a.example/\"]\n",
                  "test.toml:3:7: 'url' must be a string"},
        ErrorCase{"StringForInsecureTls", "[[feed]]\nname = \"A\"\nurl = \"https://a.example/\"\ninsecure_tls = \"yes\"\n",
                  "test.toml:4:16: 'insecure_tls' must be true or false"},
        ErrorCase{"UnknownIpVersion", with_feed("[fetch]\nip = \"v4\"\n"),
                  "test.toml:2:6: 'ip' must be one of: any, ipv4, ipv6 (got 'v4')"},
        ErrorCase{"ProxyWithASpace", with_feed("[fetch]\nproxy = \"http://a b\"\n"),
                  "test.toml:2:9: 'proxy' must not contain spaces"},
        ErrorCase{"SectionNotATable", with_feed("ticker = 5\n"),
                  "test.toml:1:10: 'ticker' must be a table ([ticker])"},
        ErrorCase{"FetchNotATable", "fetch = \"fast\"\n" + std::string(kOneFeed),
                  "test.toml:1:9: 'fetch' must be a table ([fetch])"}),
    case_name);

INSTANTIATE_TEST_SUITE_P(
    OutOfRange, ConfigError,
    testing::Values(
        ErrorCase{"SpeedZero", with_feed("[ticker]\nspeed = 0\n"),
                  "test.toml:2:9: 'speed' must be between 1 and 60 (got 0)"},
        ErrorCase{"SpeedTooHigh", with_feed("[ticker]\nspeed = 61\n"),
                  "test.toml:2:9: 'speed' must be between 1 and 60 (got 61)"},
        ErrorCase{"SpeedNegative", with_feed("[ticker]\nspeed = -3\n"),
                  "test.toml:2:9: 'speed' must be between 1 and 60 (got -3)"},
        ErrorCase{"DwellTooLong", with_feed("[ticker]\ndwell = \"61s\"\n"),
                  "test.toml:2:9: 'dwell' must be between 0s and 1m (got 61s)"},
        ErrorCase{"MaxAgeTooLong", with_feed("[ticker]\nmax_age = \"3651d\"\n"),
                  "test.toml:2:11: 'max_age' must be between 0s and 3650d (got 3651d)"},
        ErrorCase{"TimeoutZero", with_feed("[fetch]\ntimeout = \"0s\"\n"),
                  "test.toml:2:11: 'timeout' must be between 1s and 5m (got 0s)"},
        ErrorCase{"TimeoutTooLong", with_feed("[fetch]\ntimeout = \"301s\"\n"),
                  "test.toml:2:11: 'timeout' must be between 1s and 5m (got 301s)"},
        ErrorCase{"RefreshTooShort", with_feed("[fetch]\nrefresh = \"59s\"\n"),
                  "test.toml:2:11: 'refresh' must be between 1m and 1d (got 59s)"},
        ErrorCase{"RefreshTooLong", with_feed("[fetch]\nrefresh = \"25h\"\n"),
                  "test.toml:2:11: 'refresh' must be between 1m and 1d (got 25h)"},
        ErrorCase{"FeedRefreshTooShort",
                  "[[feed]]\nname = \"A\"\nurl = \"https://a.example/\"\nrefresh = \"30s\"\n",
                  "test.toml:4:11: 'refresh' must be between 1m and 1d (got 30s)"},
        ErrorCase{"MaxParallelZero", with_feed("[fetch]\nmax_parallel = 0\n"),
                  "test.toml:2:16: 'max_parallel' must be between 1 and 32 (got 0)"},
        ErrorCase{"MaxParallelTooHigh", with_feed("[fetch]\nmax_parallel = 33\n"),
                  "test.toml:2:16: 'max_parallel' must be between 1 and 32 (got 33)"},
        ErrorCase{"MaxSizeTooSmall", with_feed("[fetch]\nmax_size = \"15KiB\"\n"),
                  "test.toml:2:12: 'max_size' must be between 16KiB and 64MiB"},
        ErrorCase{"MaxSizeTooLarge", with_feed("[fetch]\nmax_size = \"65MiB\"\n"),
                  "test.toml:2:12: 'max_size' must be between 16KiB and 64MiB"}),
    case_name);

INSTANTIATE_TEST_SUITE_P(
    BadText, ConfigError,
    testing::Values(
        ErrorCase{"DurationWithSpace", with_feed("[ticker]\ndwell = \"3 s\"\n"),
                  "test.toml:2:9: 'dwell' must be a duration like \"20s\", \"15m\" or \"1h30m\" "
                  "(got \"3 s\")"},
        ErrorCase{"DurationWithoutUnit", with_feed("[fetch]\ntimeout = \"20\"\n"),
                  "test.toml:2:11: 'timeout' must be a duration like \"20s\", \"15m\" or "
                  "\"1h30m\" (got \"20\")"},
        ErrorCase{"DurationFraction", with_feed("[ticker]\nmax_age = \"1.5d\"\n"),
                  "test.toml:2:11: 'max_age' must be a duration like \"20s\", \"15m\" or "
                  "\"1h30m\" (got \"1.5d\")"},
        ErrorCase{"FeedDurationWord",
                  "[[feed]]\nname = \"A\"\nurl = \"https://a.example/\"\nrefresh = \"hourly\"\n",
                  "test.toml:4:11: 'refresh' must be a duration like \"20s\", \"15m\" or "
                  "\"1h30m\" (got \"hourly\")"},
        ErrorCase{"SizeUnknownUnit", with_feed("[fetch]\nmax_size = \"1GiB\"\n"),
                  "test.toml:2:12: 'max_size' must be a size like \"512KiB\" or \"4MiB\" "
                  "(got \"1GiB\")"},
        ErrorCase{"SizeWithoutNumber", with_feed("[fetch]\nmax_size = \"MiB\"\n"),
                  "test.toml:2:12: 'max_size' must be a size like \"512KiB\" or \"4MiB\" "
                  "(got \"MiB\")"},
        ErrorCase{"SizeWithSpace", with_feed("[fetch]\nmax_size = \"4 MiB\"\n"),
                  "test.toml:2:12: 'max_size' must be a size like \"512KiB\" or \"4MiB\" "
                  "(got \"4 MiB\")"},
        ErrorCase{"SizeTenDigits", with_feed("[fetch]\nmax_size = \"1048576000B\"\n"),
                  "test.toml:2:12: 'max_size' must be a size like \"512KiB\" or \"4MiB\" "
                  "(got \"1048576000B\")"},
        ErrorCase{"DisplayChoice", with_feed("[ticker]\ndisplay = \"tv\"\n"),
                  "test.toml:2:11: 'display' must be one of: terminal, line, hd44780, lcdproc, lcd-sim (got 'tv')"},
        ErrorCase{"PositionChoice", with_feed("[ticker]\nposition = \"top\"\n"),
                  "test.toml:2:12: 'position' must be one of: inline, bottom (got 'top')"},
        ErrorCase{"ColorChoice", with_feed("[ticker]\ncolor = \"yes\"\n"),
                  "test.toml:2:9: 'color' must be one of: auto, always, never (got 'yes')"},
        ErrorCase{"ChoicesAreCaseSensitive", with_feed("[ticker]\ncolor = \"Auto\"\n"),
                  "test.toml:2:9: 'color' must be one of: auto, always, never (got 'Auto')"},
        ErrorCase{"FeedColorChoice",
                  "[[feed]]\nname = \"A\"\nurl = \"https://a.example/\"\ncolor = \"pink\"\n",
                  "test.toml:4:9: 'color' must be one of: cyan, yellow, green, magenta, blue, "
                  "red, white, default (got 'pink')"}),
    case_name);

INSTANTIATE_TEST_SUITE_P(
    BadFeeds, ConfigError,
    testing::Values(
        ErrorCase{"WithoutName", "[[feed]]\nurl = \"https://a.example/\"\n",
                  "test.toml:1:1: [[feed]] needs a non-empty 'name'"},
        ErrorCase{"SecondWithoutName",
                  std::string(kOneFeed) + "\n[[feed]]\nurl = \"https://b.example/\"\n",
                  "test.toml:5:1: [[feed]] needs a non-empty 'name'"},
        ErrorCase{"WithEmptyName", "[[feed]]\nname = \"\"\nurl = \"https://a.example/\"\n",
                  "test.toml:2:8: [[feed]] needs a non-empty 'name'"},
        ErrorCase{"WithoutUrl", "[[feed]]\nname = \"A\"\n",
                  "test.toml:1:1: [[feed]] 'A' needs a 'url'"},
        ErrorCase{"WithFtpUrl", "[[feed]]\nname = \"A\"\nurl = \"ftp://a.example/rss\"\n",
                  "test.toml:3:7: 'url' must start with http://, https:// or file:// "
                  "(got \"ftp://a.example/rss\")"},
        ErrorCase{"WithUrlWithoutScheme", "[[feed]]\nname = \"A\"\nurl = \"a.example/rss\"\n",
                  "test.toml:3:7: 'url' must start with http://, https:// or file:// "
                  "(got \"a.example/rss\")"},
        ErrorCase{"WithUrlThatIsOnlyAScheme", "[[feed]]\nname = \"A\"\nurl = \"https://\"\n",
                  "test.toml:3:7: 'url' must start with http://, https:// or file:// "
                  "(got \"https://\")"},
        ErrorCase{"DuplicateNames",
                  std::string(kOneFeed) +
                      "[[feed]]\nname = \"Example\"\nurl = \"https://other.example/\"\n",
                  "test.toml:5:8: a feed named 'Example' is already defined"},
        ErrorCase{"NoFeedsInAnEmptyFile", "",
                  "test.toml:1:1: no feeds: add at least one [[feed]] with a name and a url"},
        ErrorCase{"NoFeedsAfterSettings", "# settings only\n[ticker]\nspeed = 8\n",
                  "test.toml:1:1: no feeds: add at least one [[feed]] with a name and a url"},
        ErrorCase{"EmptyFeedArray", "feed = []\n",
                  "test.toml:1:8: no feeds: add at least one [[feed]]"},
        ErrorCase{"FeedIsAString", "feed = \"https://a.example/\"\n",
                  "test.toml:1:8: 'feed' must be an array of tables ([[feed]])"},
        ErrorCase{"FeedIsASingleTable", "[feed]\nname = \"A\"\nurl = \"https://a.example/\"\n",
                  "test.toml:1:1: 'feed' must be an array of tables ([[feed]])"},
        ErrorCase{"FeedIsAnArrayOfStrings", "feed = [\"https://a.example/\"]\n",
                  "test.toml:1:9: each feed must be a table ([[feed]])"}),
    case_name);

INSTANTIATE_TEST_SUITE_P(
    Syntax, ConfigError,
    testing::Values(
        ErrorCase{"UnterminatedString", "[[feed]]\nname = \"A\nurl = \"https://a.example/\"\n",
                  "test.toml:2:10: Error while parsing string: unescaped control characters "
                  "other than TAB (U+0009) are explicitly prohibited"},
        ErrorCase{"UnterminatedStringAtEndOfFile",
                  "[[feed]]\nurl = \"https://a.example/\"\nname = \"A",
                  "test.toml:3:10: Error while parsing string: encountered end-of-file"},
        ErrorCase{"UnterminatedTableHeader", with_feed("[ticker\nspeed = 8\n"),
                  "test.toml:1:8: Error while parsing table header: expected ']', saw '\\n'"},
        // toml++ points at the second value, not at its key.
        ErrorCase{"DuplicateKey", with_feed("[ticker]\nspeed = 8\nspeed = 9\n"),
                  "test.toml:3:9: Error while parsing key-value pair: cannot redefine existing "
                  "integer 'speed'"},
        ErrorCase{"MissingValue", with_feed("[ticker]\nspeed =\n"),
                  "test.toml:2:8: Error while parsing key-value pair: expected value, saw '\\n'"}),
    case_name);

std::string feed_named(std::string_view name) {
  return "[[feed]]\nname = \"" + std::string(name) + "\"\nurl = \"https://a.example/\"\n";
}

std::string feed_at(std::string_view url) {
  return "[[feed]]\nname = \"A\"\nurl = \"" + std::string(url) + "\"\n";
}

// Feed names are shown on the ticker and the user agent goes into every
// request: neither may carry anything a terminal or an HTTP parser acts on.
// The messages never echo the value, which is what must not reach a terminal.
INSTANTIATE_TEST_SUITE_P(
    UnsafeText, ConfigError,
    testing::Values(
        ErrorCase{"NameWithEscape", feed_named("A\\u001b[31mB"),
                  "test.toml:2:8: 'name' must not contain control characters"},
        ErrorCase{"NameWithRawTab", feed_named("A\tB"),
                  "test.toml:2:8: 'name' must not contain control characters"},
        ErrorCase{"NameWithNewline", feed_named("A\\nB"),
                  "test.toml:2:8: 'name' must not contain control characters"},
        ErrorCase{"NameWithNul", feed_named("A\\u0000B"),
                  "test.toml:2:8: 'name' must not contain control characters"},
        ErrorCase{"NameWithDelete", feed_named("A\\u007fB"),
                  "test.toml:2:8: 'name' must not contain control characters"},
        ErrorCase{"NameWithEscapedC1", feed_named("A\\u009b31mB"),
                  "test.toml:2:8: 'name' must not contain control characters"},
        ErrorCase{"NameWithRawC1", feed_named("A\xC2\x85" "B"),
                  "test.toml:2:8: 'name' must not contain control characters"},
        ErrorCase{"NameWithFirstC1", feed_named("A\\u0080B"),
                  "test.toml:2:8: 'name' must not contain control characters"},
        ErrorCase{"NameWithControlAndNoUrl", "[[feed]]\nname = \"\\u001b[31mA\"\n",
                  "test.toml:2:8: 'name' must not contain control characters"},
        ErrorCase{"NameWithControlIsNotADuplicate",
                  std::string(kOneFeed) + feed_named("Example\\u001b[0m"),
                  "test.toml:5:8: 'name' must not contain control characters"},
        ErrorCase{"NameWithRightToLeftOverride", feed_named("A\\u202eB"),
                  "test.toml:2:8: 'name' must not contain bidirectional controls"},
        ErrorCase{"NameWithRawIsolate", feed_named("A\xE2\x81\xA6" "B"),
                  "test.toml:2:8: 'name' must not contain bidirectional controls"},
        ErrorCase{"NameWithLeftToRightMark", feed_named("A\\u200eB"),
                  "test.toml:2:8: 'name' must not contain bidirectional controls"},
        ErrorCase{"NameWithPopIsolate", feed_named("A\\u2069"),
                  "test.toml:2:8: 'name' must not contain bidirectional controls"},
        ErrorCase{"NameWithArabicLetterMark", feed_named("A\\u061cB"),
                  "test.toml:2:8: 'name' must not contain bidirectional controls"},
        ErrorCase{"NameTooLong", feed_named(std::string(65, 'x')),
                  "test.toml:2:8: 'name' must be at most 64 bytes long (got 65)"},
        ErrorCase{"NameTooLongInMultibyteCharacters", feed_named("\\u00e9" + std::string(63, 'x')),
                  "test.toml:2:8: 'name' must be at most 64 bytes long (got 65)"},
        // toml++ checks UTF-8 first; the config check behind it is a second line.
        ErrorCase{"NameNotUtf8", feed_named("A\xFF"),
                  "test.toml:2:9: Encountered invalid utf-8 sequence"},
        ErrorCase{"UserAgentWithCrLf", with_feed("[fetch]\nuser_agent = \"x/1\\r\\nX-Evil: 1\"\n"),
                  "test.toml:2:14: 'user_agent' must not contain control characters"},
        ErrorCase{"UserAgentWithLf", with_feed("[fetch]\nuser_agent = \"x/1\\nX-Evil: 1\"\n"),
                  "test.toml:2:14: 'user_agent' must not contain control characters"},
        ErrorCase{"UserAgentWithCr", with_feed("[fetch]\nuser_agent = \"x/1\\r\"\n"),
                  "test.toml:2:14: 'user_agent' must not contain control characters"},
        ErrorCase{"UserAgentWithNul", with_feed("[fetch]\nuser_agent = \"x/1\\u0000\"\n"),
                  "test.toml:2:14: 'user_agent' must not contain control characters"},
        ErrorCase{"UserAgentWithTab", with_feed("[fetch]\nuser_agent = \"x/1\\tA\"\n"),
                  "test.toml:2:14: 'user_agent' must not contain control characters"},
        ErrorCase{"UserAgentWithDelete", with_feed("[fetch]\nuser_agent = \"x/1\\u007f\"\n"),
                  "test.toml:2:14: 'user_agent' must not contain control characters"},
        ErrorCase{"UserAgentWithNextLine", with_feed("[fetch]\nuser_agent = \"x/1\\u0085X-Evil: 1\"\n"),
                  "test.toml:2:14: 'user_agent' must not contain control characters"},
        ErrorCase{"UserAgentWithMultilineString",
                  with_feed("[fetch]\nuser_agent = \"\"\"\nx/1\nX-Evil: 1\"\"\"\n"),
                  "test.toml:2:14: 'user_agent' must not contain control characters"},
        ErrorCase{"UrlWithSpace", feed_at("https://a.example/a b"),
                  "test.toml:3:7: 'url' must not contain spaces or control characters"},
        ErrorCase{"UrlWithLeadingSpace", feed_at(" https://a.example/"),
                  "test.toml:3:7: 'url' must not contain spaces or control characters"},
        ErrorCase{"UrlWithTrailingNewline", feed_at("https://a.example/\\n"),
                  "test.toml:3:7: 'url' must not contain spaces or control characters"},
        ErrorCase{"UrlWithCrLf", feed_at("https://a.example/\\r\\nHost: b"),
                  "test.toml:3:7: 'url' must not contain spaces or control characters"},
        ErrorCase{"UrlWithEscape", feed_at("https://a.example/\\u001b[31m"),
                  "test.toml:3:7: 'url' must not contain spaces or control characters"},
        ErrorCase{"UrlWithRawTab", feed_at("https://a.example/\t"),
                  "test.toml:3:7: 'url' must not contain spaces or control characters"},
        ErrorCase{"UrlWithDelete", feed_at("https://a.example/\\u007f"),
                  "test.toml:3:7: 'url' must not contain spaces or control characters"},
        ErrorCase{"UrlWithC1", feed_at("https://a.example/\\u009b31m"),
                  "test.toml:3:7: 'url' must not contain spaces or control characters"},
        ErrorCase{"UrlWithRightToLeftOverride", feed_at("https://a.example/\\u202egpj.exe"),
                  "test.toml:3:7: 'url' must not contain bidirectional controls"},
        ErrorCase{"UrlWithControlAndNoScheme", feed_at("\\u001b[2Ja.example"),
                  "test.toml:3:7: 'url' must not contain spaces or control characters"}),
    case_name);

TEST(SafeText, AcceptsOrdinaryUnicodeNamesUpTo64Bytes) {
  const std::string names[] = {
      std::string(64, 'x'),
      "\xE6\x9D\xB1\xE4\xBA\xAC \xE6\x96\xB0\xE8\x81\x9E",   // 東京 新聞
      "\xD8\xA7\xD9\x84\xD8\xAC\xD8\xB2\xD9\x8A\xD8\xB1\xD8\xA9",  // الجزيرة
      "Caf\xC3\xA9 \xE2\x80\x94 News\xC2\xA0" "Desk",                // em dash, no-break space
      "\xF0\x9F\x93\xB0 Daily",                                     // 📰
      "\xC3\xA9" + std::string(62, 'x')};                           // 64 bytes exactly
  for (const std::string& name : names) {
    ConfigResult result = parse(feed_named(name));
    ASSERT_TRUE(result) << name << ": " << result.error;
    EXPECT_EQ(result.config.feeds.at(0).name, name);
  }
}

TEST(SafeText, AcceptsAnOrdinaryUserAgentAndUrl) {
  ConfigResult result = parse(
      "[fetch]\nuser_agent = \"Mozilla/5.0 (compatible; headliner/1.0; +https://h.example/bot)\"\n"
      "[[feed]]\nname = \"A\"\nurl = \"https://a.example/rss?x=1&y=%20#top\"\n");
  ASSERT_TRUE(result) << result.error;
  EXPECT_EQ(result.config.fetch.user_agent, "Mozilla/5.0 (compatible; headliner/1.0; +https://h.example/bot)");
  EXPECT_EQ(result.config.feeds.at(0).url, "https://a.example/rss?x=1&y=%20#top");
}

// ---------------------------------------------------------------------------
// locate_config

// A fresh directory for each test, removed after it.
class LocateConfig : public testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "headliner-config-test-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr) << std::strerror(errno);
    root_ = pattern;
  }

  void TearDown() override {
    std::error_code ignored;
    if (!root_.empty()) fs::remove_all(root_, ignored);
  }

  // Creates root/relative (and its directories) and returns its path.
  std::string make_file(const std::string& relative) {
    fs::path path = root_ / relative;
    fs::create_directories(path.parent_path());
    std::ofstream(path) << kOneFeed;
    return path.string();
  }

  std::string path(const std::string& relative) const { return (root_ / relative).string(); }

  static bool etc_config_exists() {
    std::error_code ignored;
    return fs::exists("/etc/headliner/config.toml", ignored);
  }

  fs::path root_;
};

TEST_F(LocateConfig, CommandLinePathWinsEvenWhenItDoesNotExist) {
  ConfigEnvironment env = home_only(path("home"));
  env.headliner_config = make_file("env.toml");
  env.xdg_config_home = path("xdg");
  make_file("xdg/headliner/config.toml");
  make_file("home/.config/headliner/config.toml");
  EXPECT_EQ(locate_config(path("missing.toml"), env), path("missing.toml"));
}

TEST_F(LocateConfig, HeadlinerConfigVariableComesNextEvenWhenItDoesNotExist) {
  ConfigEnvironment env = home_only(path("home"));
  env.headliner_config = path("missing.toml");
  env.xdg_config_home = path("xdg");
  make_file("xdg/headliner/config.toml");
  make_file("home/.config/headliner/config.toml");
  EXPECT_EQ(locate_config(std::nullopt, env), path("missing.toml"));
}

TEST_F(LocateConfig, EmptyHeadlinerConfigVariableIsIgnored) {
  ConfigEnvironment env = home_only(path("home"));
  env.headliner_config = "";
  const std::string home_file = make_file("home/.config/headliner/config.toml");
  EXPECT_EQ(locate_config(std::nullopt, env), home_file);
}

TEST_F(LocateConfig, XdgConfigHomeComesNextWhenTheFileExists) {
  ConfigEnvironment env = home_only(path("home"));
  env.xdg_config_home = path("xdg");
  const std::string xdg_file = make_file("xdg/headliner/config.toml");
  make_file("home/.config/headliner/config.toml");
  EXPECT_EQ(locate_config(std::nullopt, env), xdg_file);
}

TEST_F(LocateConfig, HomeConfigDirectoryWhenXdgConfigHomeIsUnset) {
  ConfigEnvironment env = home_only(path("home"));
  const std::string home_file = make_file("home/.config/headliner/config.toml");
  EXPECT_EQ(locate_config(std::nullopt, env), home_file);
}

TEST_F(LocateConfig, HomeConfigDirectoryWhenXdgConfigHomeIsEmpty) {
  ConfigEnvironment env = home_only(path("home"));
  env.xdg_config_home = "";
  const std::string home_file = make_file("home/.config/headliner/config.toml");
  EXPECT_EQ(locate_config(std::nullopt, env), home_file);
}

TEST_F(LocateConfig, XdgConfigHomeReplacesTheHomeConfigDirectory) {
  // As in the XDG base directory spec: ~/.config is only the default for an
  // unset $XDG_CONFIG_HOME, not a second place to look.
  if (etc_config_exists()) GTEST_SKIP() << "/etc/headliner/config.toml exists on this machine";
  ConfigEnvironment env = home_only(path("home"));
  env.xdg_config_home = path("xdg");
  make_file("home/.config/headliner/config.toml");
  EXPECT_EQ(locate_config(std::nullopt, env), std::nullopt);
}

TEST_F(LocateConfig, ADirectoryIsNotAConfigFile) {
  if (etc_config_exists()) GTEST_SKIP() << "/etc/headliner/config.toml exists on this machine";
  ConfigEnvironment env = home_only(path("home"));
  fs::create_directories(path("home/.config/headliner/config.toml"));
  EXPECT_EQ(locate_config(std::nullopt, env), std::nullopt);
}

TEST_F(LocateConfig, NothingWhenNoConfigExists) {
  if (etc_config_exists()) GTEST_SKIP() << "/etc/headliner/config.toml exists on this machine";
  ConfigEnvironment env = home_only(path("home"));
  env.xdg_config_home = path("xdg");
  fs::create_directories(path("home/.config/headliner"));
  fs::create_directories(path("xdg/headliner"));
  EXPECT_EQ(locate_config(std::nullopt, env), std::nullopt);
  EXPECT_EQ(locate_config(std::nullopt, ConfigEnvironment{}), std::nullopt);
}

// ---------------------------------------------------------------------------
// load_config

TEST_F(LocateConfig, LoadConfigNamesAMissingFile) {
  const std::string missing = path("no-such-dir/config.toml");
  ConfigResult result = load_config(missing, home_only());
  EXPECT_FALSE(result);
  EXPECT_THAT(result.error, StartsWith(missing + ": "));
  EXPECT_THAT(result.error, HasSubstr("No such file or directory"));
}

TEST_F(LocateConfig, LoadConfigSaysADirectoryIsNotAConfigFile) {
  const std::string dir = path("config.toml");
  fs::create_directories(dir);
  ConfigResult result = load_config(dir, home_only());
  EXPECT_FALSE(result);
  EXPECT_EQ(result.error, dir + ": cannot read the config file: Is a directory");
}

TEST_F(LocateConfig, LoadConfigNamesTheFileInEveryError) {
  const std::string file = path("bad.toml");
  std::ofstream(file) << kOneFeed << "[ticker]\nsped = 8\n";
  ConfigResult result = load_config(file, home_only());
  EXPECT_FALSE(result);
  EXPECT_EQ(result.error, file + ":5:1: unknown key 'sped' in [ticker] (did you mean 'speed'?)");
}

TEST_F(LocateConfig, LoadConfigReadsAFile) {
  const std::string file = make_file("good.toml");
  ConfigResult result = load_config(file, home_only());
  ASSERT_TRUE(result) << result.error;
  EXPECT_EQ(result.config.source, file);
  ASSERT_EQ(result.config.feeds.size(), 1u);
  EXPECT_EQ(result.config.feeds[0].name, "Example");
}

// ---------------------------------------------------------------------------
// describe_config

TEST(DescribeConfig, ShowsEveryFeedAndTheResolvedSettings) {
  ConfigResult result = parse(
      "[ticker]\nmax_age = \"36h\"\ndwell = \"2500ms\"\n"
      "[fetch]\nrefresh = \"90m\"\n"
      "[[feed]]\nname = \"Alpha News\"\nurl = \"https://alpha.example/rss\"\n"
      "[[feed]]\nname = \"Beta\"\nurl = \"http://beta.example/atom.xml\"\nrefresh = \"2h\"\n");
  ASSERT_TRUE(result) << result.error;
  const std::string text = describe_config(result.config);
  EXPECT_THAT(text, HasSubstr("test.toml"));
  EXPECT_THAT(text, HasSubstr("Alpha News"));
  EXPECT_THAT(text, HasSubstr("https://alpha.example/rss"));
  EXPECT_THAT(text, HasSubstr("Beta"));
  EXPECT_THAT(text, HasSubstr("http://beta.example/atom.xml"));
  EXPECT_THAT(text, HasSubstr("max_age=1d12h"));
  EXPECT_THAT(text, HasSubstr("dwell=2s500ms"));
  EXPECT_THAT(text, HasSubstr("timeout=20s"));
  EXPECT_THAT(text, HasSubstr("refresh=1h30m"));  // [fetch], inherited by Alpha News
  EXPECT_THAT(text, HasSubstr("refresh=2h"));     // Beta's own
  EXPECT_THAT(text, HasSubstr("/home/tester/.local/state/headliner/state.db"));
  // Each feed is on its own line, with its own refresh.
  EXPECT_THAT(text, HasSubstr("Alpha News  https://alpha.example/rss  refresh=1h30m"));
  EXPECT_THAT(text, HasSubstr("Beta  http://beta.example/atom.xml  refresh=2h"));
  EXPECT_THAT(text, HasSubstr("proxy=(environment)"));
  EXPECT_THAT(text, Not(HasSubstr("NOT verified")));
}

TEST(DescribeConfig, SaysLoudlyWhichFeedSkipsCertificateChecks) {
  ConfigResult result = parse("[[feed]]\nname = \"Intranet\"\nurl = \"https://10.0.0.2/rss\"\ninsecure_tls = true\n");
  ASSERT_TRUE(result) << result.error;
  EXPECT_THAT(describe_config(result.config),
              HasSubstr("Intranet  https://10.0.0.2/rss  refresh=15m color=cyan  insecure_tls=true: TLS certificates NOT verified"));
}

}  // namespace
}  // namespace headliner

namespace headliner {
namespace {

TEST(ConfigErrors, QuoteTheUsersValueWithoutItsControlCharacters) {
  auto result = parse_config("[ticker]\ndisplay = \"\\u001b[2Jlcd\"\n[[feed]]\nname = \"A\"\nurl = \"file:///x\"\n",
                             "test.toml", ConfigEnvironment{});
  EXPECT_EQ(result.error, "test.toml:2:11: 'display' must be one of: terminal, line, hd44780, lcdproc, lcd-sim (got 'lcd')");  // ESC[2J removed whole
}

}  // namespace
}  // namespace headliner

namespace headliner {
namespace {

using namespace std::chrono_literals;

ConfigResult parse_with_feed(const std::string& text) {
  return parse_config(text + "[[feed]]\nname = \"A\"\nurl = \"https://a.example/rss\"\n", "test.toml",
                      ConfigEnvironment{});
}

TEST(DedupConfig, ReadsTheMethodAndTheWindow) {
  ConfigResult result = parse_with_feed("[dedup]\nmethod = \"exact\"\nwindow = \"12h\"\n");
  ASSERT_TRUE(result) << result.error;
  EXPECT_EQ(result.config.dedup.method, DedupMethod::kExact);
  EXPECT_EQ(result.config.dedup.window, 12h);
}

TEST(DedupConfig, AcceptsTheWindowsRangeLimits) {
  ConfigResult shortest = parse_with_feed("[dedup]\nwindow = \"1h\"\n");
  ConfigResult longest = parse_with_feed("[dedup]\nwindow = \"30d\"\n");
  ASSERT_TRUE(shortest) << shortest.error;
  ASSERT_TRUE(longest) << longest.error;
  EXPECT_EQ(shortest.config.dedup.window, 1h);
  EXPECT_EQ(longest.config.dedup.window, std::chrono::days(30));
}

TEST(DedupConfig, RejectsAnUnknownMethodNamingTheChoices) {
  ConfigResult result = parse_with_feed("[dedup]\nmethod = \"fuzzy\"\n");
  EXPECT_EQ(result.error, "test.toml:2:10: 'method' must be one of: similar, exact (got 'fuzzy')");
}

TEST(DedupConfig, RejectsAWindowOutsideItsRange) {
  EXPECT_EQ(parse_with_feed("[dedup]\nwindow = \"59m\"\n").error,
            "test.toml:2:10: 'window' must be between 1h and 30d (got 59m)");
  EXPECT_EQ(parse_with_feed("[dedup]\nwindow = \"31d\"\n").error,
            "test.toml:2:10: 'window' must be between 1h and 30d (got 31d)");
}

TEST(DedupConfig, RejectsAnUnknownKeyWithAHint) {
  EXPECT_EQ(parse_with_feed("[dedup]\nmethd = \"exact\"\n").error,
            "test.toml:2:1: unknown key 'methd' in [dedup] (did you mean 'method'?)");
}

TEST(DedupConfig, IsShownByDescribeConfig) {
  ConfigResult result = parse_with_feed("[dedup]\nmethod = \"exact\"\nwindow = \"36h\"\n");
  ASSERT_TRUE(result) << result.error;
  EXPECT_NE(describe_config(result.config).find("[dedup]     method=exact window=1d12h\n"), std::string::npos);
}

}  // namespace
}  // namespace headliner

namespace headliner {
namespace {

TEST(FilterConfig, ReadsGlobalAndPerFeedRulesAndCheckShowsThem) {
  ConfigResult result = parse_config(
      "[filter]\nexclude = [\"sport\", \"/^live:/\"]\ninclude = [\"climate\"]\n"
      "[[feed]]\nname = \"A\"\nurl = \"https://a.example/\"\nexclude = [\"opinion\"]\n",
      "test.toml", {});
  ASSERT_TRUE(result) << result.error;
  EXPECT_EQ(result.config.filter.exclude.size(), 2u);
  EXPECT_EQ(result.config.filter.include.size(), 1u);
  EXPECT_EQ(result.config.feeds[0].filter.exclude.size(), 1u);
  const std::string text = describe_config(result.config);
  EXPECT_NE(text.find("[filter]    include=[\"climate\"] exclude=[\"sport\", \"/^live:/\"]"), std::string::npos) << text;
  EXPECT_NE(text.find("color=cyan exclude=[\"opinion\"]"), std::string::npos) << text;
}

TEST(FilterConfig, ABadRuleIsNamedAtItsOwnPosition) {
  ConfigResult bad_regex = parse_config("[filter]\nexclude = [\"sport\", \"/(x/\"]\n[[feed]]\nname = \"A\"\nurl = \"https://a.example/\"\n",
                                        "test.toml", {});
  EXPECT_TRUE(bad_regex.error.starts_with("test.toml:2:21: '/(x/' is not a valid regular expression")) << bad_regex.error;
  ConfigResult not_list = parse_config("[filter]\ninclude = \"climate\"\n[[feed]]\nname = \"A\"\nurl = \"https://a.example/\"\n",
                                       "test.toml", {});
  EXPECT_TRUE(not_list.error.starts_with("test.toml:2:11: 'include' must be a list of strings")) << not_list.error;
  ConfigResult unknown = parse_config("[filter]\nexclud = []\n[[feed]]\nname = \"A\"\nurl = \"https://a.example/\"\n",
                                      "test.toml", {});
  EXPECT_EQ(unknown.error, "test.toml:2:1: unknown key 'exclud' in [filter] (did you mean 'exclude'?)");
  ConfigResult not_string = parse_config("[[feed]]\nname = \"A\"\nurl = \"https://a.example/\"\ninclude = [1]\n",
                                         "test.toml", {});
  EXPECT_EQ(not_string.error, "test.toml:4:12: each rule in 'include' must be a string");
}

}  // namespace
}  // namespace headliner

namespace headliner {
namespace {

ConfigResult parse_display(std::string_view text) {
  return parse_config(std::string(text) + "[[feed]]\nname = \"A\"\nurl = \"https://example.org/feed\"\n", "test.toml",
                      ConfigEnvironment{});
}

TEST(DisplayConfig, ReadsEveryHd44780Key) {
  ConfigResult result = parse_display(
      "[ticker]\ndisplay = \"hd44780\"\n"
      "[display.hd44780]\nbus = \"/dev/i2c-3\"\naddress = 0x3F\ncols = 20\nrows = 4\n"
      "pins = [\"d4\", \"d5\", \"d6\", \"d7\", \"rs\", \"rw\", \"e\", \"backlight\"]\n"
      "backlight_active_low = true\ncharset = \"a02\"\nspeed = 3\nbacklight = false\n");
  ASSERT_TRUE(result) << result.error;
  const Hd44780Config& lcd = result.config.display.hd44780;
  EXPECT_EQ(lcd.bus, "/dev/i2c-3");
  EXPECT_EQ(lcd.address, 0x3F);
  EXPECT_EQ(lcd.cols, 20);
  EXPECT_EQ(lcd.rows, 4);
  EXPECT_EQ(lcd.pins, (std::vector<std::string>{"d4", "d5", "d6", "d7", "rs", "rw", "e", "backlight"}));
  EXPECT_TRUE(lcd.backlight_active_low);
  EXPECT_EQ(lcd.charset, "a02");
  EXPECT_EQ(lcd.speed, 3);
  EXPECT_FALSE(lcd.backlight);
  EXPECT_NE(describe_config(result.config)
                .find("[display.hd44780] bus=/dev/i2c-3 address=0x3F 20x4 charset=a02 speed=3 "
                      "pins=d4,d5,d6,d7,rs,rw,e,backlight backlight_active_low backlight=off\n"),
            std::string::npos)
      << describe_config(result.config);
}

TEST(DisplayConfig, APinThatDrivesNothingIsADash) {
  ConfigResult result = parse_display("[display.hd44780]\npins = [\"rs\", \"-\", \"e\", \"-\", \"d4\", \"d5\", \"d6\", \"d7\"]\n");
  ASSERT_TRUE(result) << result.error;
  EXPECT_EQ(result.config.display.hd44780.pins, (std::vector<std::string>{"rs", "-", "e", "-", "d4", "d5", "d6", "d7"}));
}

TEST(DisplayConfig, DefaultsToTheCommonBackpackAndA16x2) {
  ConfigResult result = parse_display("");
  ASSERT_TRUE(result) << result.error;
  const Hd44780Config& lcd = result.config.display.hd44780;
  EXPECT_EQ(lcd.bus, "/dev/i2c-1");
  EXPECT_EQ(lcd.address, 0x27);
  EXPECT_EQ(lcd.cols * 100 + lcd.rows, 1602);
  EXPECT_EQ(lcd.pins, (std::vector<std::string>{"rs", "rw", "e", "backlight", "d4", "d5", "d6", "d7"}));
  EXPECT_EQ(lcd.charset, "a00");
  EXPECT_EQ(result.config.display.lcdproc.host, "127.0.0.1");
  EXPECT_EQ(result.config.display.lcdproc.port, 13666);
  EXPECT_EQ(result.config.display.fallback, "");
}

TEST(DisplayConfig, ReadsLcdprocAndTheFallback) {
  ConfigResult result = parse_display(
      "[ticker]\ndisplay = \"lcdproc\"\n[display]\nfallback = \"line\"\n"
      "[display.lcdproc]\nhost = \"lcd.local\"\nport = 13667\ncharset = \"ascii\"\nspeed = 2\n");
  ASSERT_TRUE(result) << result.error;
  EXPECT_EQ(result.config.ticker.display, "lcdproc");
  EXPECT_EQ(result.config.display.fallback, "line");
  EXPECT_EQ(result.config.display.lcdproc.host, "lcd.local");
  EXPECT_EQ(result.config.display.lcdproc.port, 13667);
  EXPECT_EQ(result.config.display.lcdproc.charset, "ascii");
  EXPECT_EQ(result.config.display.lcdproc.speed, 2);
  EXPECT_NE(describe_config(result.config).find("[display.lcdproc] host=lcd.local port=13667 charset=ascii speed=2\n"),
            std::string::npos);
}

TEST(DisplayConfig, NamesEachMistakeAtItsPosition) {
  EXPECT_EQ(parse_display("[display.hd44780]\naddress = 0x80\n").error,
            "test.toml:2:11: 'address' must be between 3 and 119 (got 128)");
  EXPECT_EQ(parse_display("[display.hd44780]\ncols = 40\nrows = 4\n").error,
            "test.toml:1:1: an HD44780 holds at most 80 characters (cols × rows)");
  EXPECT_EQ(parse_display("[display.hd44780]\npins = [\"rs\", \"rw\"]\n").error,
            "test.toml:2:8: 'pins' must list the 8 signals by expander pin P0..P7, e.g. "
            "[\"rs\", \"rw\", \"e\", \"backlight\", \"d4\", \"d5\", \"d6\", \"d7\"]");
  EXPECT_EQ(parse_display("[display.hd44780]\npins = [\"rs\", \"rw\", \"e\", \"bl\", \"d4\", \"d5\", \"d6\", \"d7\"]\n").error,
            "test.toml:2:26: unknown signal 'bl' in 'pins' (rs, rw, e, backlight, d4, d5, d6, d7, or - for none)");
  EXPECT_EQ(parse_display("[display.hd44780]\npins = [\"rs\", \"-\", \"-\", \"backlight\", \"d4\", \"d5\", \"d6\", \"d7\"]\n").error,
            "test.toml:2:8: 'pins' must include 'e': the LCD cannot work without it");
  EXPECT_EQ(parse_display("[display.hd44780]\nrows = 3\n").error, "test.toml:2:8: an HD44780 has 1, 2 or 4 rows");
  EXPECT_EQ(parse_display("[display.hd44780]\npins = [\"rs\", \"rs\", \"e\", \"backlight\", \"d4\", \"d5\", \"d6\", \"d7\"]\n").error,
            "test.toml:2:15: signal 'rs' is on two pins");
  EXPECT_EQ(parse_display("[display.hd44780]\ncharset = \"utf8\"\n").error,
            "test.toml:2:11: 'charset' must be one of: a00, a02, ascii (got 'utf8')");
  EXPECT_EQ(parse_display("[display.lcdproc]\nprot = 1\n").error,
            "test.toml:2:1: unknown key 'prot' in [display.lcdproc] (did you mean 'port'?)");
  EXPECT_EQ(parse_display("[display]\nfallback = \"lcdproc\"\n").error,
            "test.toml:2:12: 'fallback' must be one of: terminal, line (got 'lcdproc')");
  EXPECT_EQ(parse_display("[display]\nhd4478 = 1\n").error,
            "test.toml:2:1: unknown key 'hd4478' in [display] (did you mean 'hd44780'?)");
}

using namespace std::chrono_literals;

ConfigResult parse_rotation(const std::string& rotation, const std::string& feed_keys = "") {
  return parse_config(rotation + "[[feed]]\nname = \"A\"\nurl = \"https://a.example/rss\"\n" + feed_keys, "test.toml",
                      ConfigEnvironment{});
}

TEST(RotationConfig, DefaultsToHalfAnHourBetweenRepeatsNoBreakingRulesAndEqualFeeds) {
  ConfigResult result = parse_rotation("");
  ASSERT_TRUE(result) << result.error;
  EXPECT_EQ(result.config.rotation.repeat_after, 30min);
  EXPECT_TRUE(result.config.rotation.breaking.empty());
  EXPECT_EQ(result.config.feeds[0].weight, 1.0);
  EXPECT_FALSE(result.config.feeds[0].breaking);
}

TEST(RotationConfig, ReadsRepeatAfterBreakingRulesAndPerFeedWeightAndBreaking) {
  ConfigResult result = parse_rotation("[rotation]\nrepeat_after = \"0s\"\nbreaking = [\"earthquake\", \"/^breaking:/\"]\n",
                                       "weight = 2\nbreaking = true\n"
                                       "[[feed]]\nname = \"B\"\nurl = \"https://b.example/rss\"\nweight = 0.5\n");
  ASSERT_TRUE(result) << result.error;
  EXPECT_EQ(result.config.rotation.repeat_after, 0s);
  ASSERT_EQ(result.config.rotation.breaking.size(), 2u);
  EXPECT_EQ(result.config.rotation.breaking[1].text(), "/^breaking:/");
  EXPECT_EQ(result.config.feeds[0].weight, 2.0);
  EXPECT_TRUE(result.config.feeds[0].breaking);
  EXPECT_EQ(result.config.feeds[1].weight, 0.5);
  EXPECT_FALSE(result.config.feeds[1].breaking);
  const std::string text = describe_config(result.config);
  EXPECT_THAT(text, HasSubstr("[rotation]  repeat_after=0s (once per round) breaking=[\"earthquake\", \"/^breaking:/\"]\n"));
  EXPECT_THAT(text, HasSubstr("A  https://a.example/rss  refresh=15m color=cyan weight=2 breaking=true\n"));
  EXPECT_THAT(text, HasSubstr("B  https://b.example/rss  refresh=15m color=yellow weight=0.5\n"));
}

TEST(RotationConfig, DescribeConfigShowsTheDefaults) {
  ConfigResult result = parse_rotation("");
  ASSERT_TRUE(result) << result.error;
  const std::string text = describe_config(result.config);
  EXPECT_THAT(text, HasSubstr("[rotation]  repeat_after=30m breaking=[]\n"));
  EXPECT_THAT(text, HasSubstr("A  https://a.example/rss  refresh=15m color=cyan\n"));
}

TEST(RotationConfig, ErrorsNameTheFileLineAndColumn) {
  EXPECT_EQ(parse_rotation("[rotation]\nrepeat_after = \"8d\"\n").error,
            "test.toml:2:16: 'repeat_after' must be between 0s and 7d (got 8d)");
  EXPECT_EQ(parse_rotation("[rotation]\nrepeat_after = 30\n").error, "test.toml:2:16: 'repeat_after' must be a string");
  EXPECT_EQ(parse_rotation("[rotation]\nrepeat_afer = \"1h\"\n").error,
            "test.toml:2:1: unknown key 'repeat_afer' in [rotation] (did you mean 'repeat_after'?)");
  EXPECT_EQ(parse_rotation("[rotation]\nbreakng = []\n").error,
            "test.toml:2:1: unknown key 'breakng' in [rotation] (did you mean 'breaking'?)");
  const std::string bad_regex = parse_rotation("[rotation]\nbreaking = [\"quake\", \"/(x/\"]\n").error;
  EXPECT_THAT(bad_regex, StartsWith("test.toml:2:22: '/(x/' is not a valid regular expression")) << bad_regex;
  EXPECT_EQ(parse_rotation("[rotation]\nbreaking = \"quake\"\n").error,
            "test.toml:2:12: 'breaking' must be a list of strings, e.g. [\"sport\", \"/^live:/\"]");
  EXPECT_EQ(parse_rotation("rotation = 1\n").error, "test.toml:1:12: 'rotation' must be a table ([rotation])");
}

TEST(RotationConfig, AFeedsWeightAndBreakingAreChecked) {
  EXPECT_EQ(parse_rotation("", "weight = 0\n").error, "test.toml:4:10: 'weight' must be between 0.1 and 10 (got 0)");
  EXPECT_EQ(parse_rotation("", "weight = 11\n").error, "test.toml:4:10: 'weight' must be between 0.1 and 10 (got 11)");
  EXPECT_EQ(parse_rotation("", "weight = -1.5\n").error,
            "test.toml:4:10: 'weight' must be between 0.1 and 10 (got -1.5)");
  EXPECT_EQ(parse_rotation("", "weight = nan\n").error, "test.toml:4:10: 'weight' must be between 0.1 and 10 (got nan)");
  EXPECT_EQ(parse_rotation("", "weight = \"2\"\n").error, "test.toml:4:10: 'weight' must be a number");
  EXPECT_EQ(parse_rotation("", "breaking = \"yes\"\n").error, "test.toml:4:12: 'breaking' must be true or false");
  EXPECT_EQ(parse_rotation("", "wieght = 2\n").error,
            "test.toml:4:1: unknown key 'wieght' in [[feed]] (did you mean 'weight'?)");
}

}  // namespace
}  // namespace headliner
