#include "ticker.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "line_display.hpp"
#include "support/process.hpp"

namespace headliner {
namespace {

using namespace std::chrono_literals;

const std::string kFeeds = std::string(HEADLINER_TEST_DATA) + "/feeds/";

Config config_with(std::vector<std::pair<std::string, std::string>> feeds) {
  Config config;
  config.ticker.max_age = 0s;
  config.ticker.dwell = 0s;
  for (auto& [name, url] : feeds) config.feeds.push_back({name, url, 15min, "cyan"});
  return config;
}

TEST(Ticker, ShowsStoriesNewestFirstOnceEach) {
  Config config = config_with({{"Wire A", "file://" + kFeeds + "wire_a.rss"},
                               {"Wire B", "file://" + kFeeds + "wire_b.atom"}});
  std::ostringstream out;
  LineDisplay display(out, config.ticker.dwell);
  Fetcher fetcher(4);
  SystemClock clock;
  SignalWatcher signals;
  Ticker(config, display, fetcher, clock, nullptr).run(signals, 2);
  auto lines = test::lines_of(out.str());
  ASSERT_GE(lines.size(), 3u) << out.str();
  EXPECT_EQ(lines[0], "Fetching 2 feeds…");
  EXPECT_TRUE(lines[1].starts_with("[Wire A +1 \u00b7 ")) << lines[1];
  EXPECT_TRUE(lines[1].ends_with("] Putin and Trump’s Peace Talks with Zelenskiy Collide with Stalemate as Russia Refuses to Engage"));
  EXPECT_TRUE(lines[2].ends_with("] Central bank holds rates at 4%")) << lines[2];
}

TEST(Ticker, KeepsRunningAndSaysWhyWhenEveryFeedFails) {
  Config config = config_with({{"Gone", "file:///nonexistent/feed.xml"}});
  std::ostringstream out, log;
  LineDisplay display(out, config.ticker.dwell);
  Fetcher fetcher(1);
  SystemClock clock;
  SignalWatcher signals;
  // SIGTERM is read by the loop at its next wake-up: after the failure was shown.
  std::thread stopper([] {
    std::this_thread::sleep_for(300ms);
    kill(getpid(), SIGTERM);
  });
  Ticker(config, display, fetcher, clock, &log).run(signals);
  stopper.join();
  auto lines = test::lines_of(out.str());
  ASSERT_EQ(lines.size(), 2u) << out.str();
  EXPECT_EQ(lines[0], "Fetching 1 feed…");
  EXPECT_TRUE(lines[1].starts_with("No headlines: Gone: ")) << lines[1];
  EXPECT_TRUE(log.str().starts_with("headliner: Gone: ")) << log.str();
}

TEST(Ticker, StopsOnSigterm) {
  Config config = config_with({{"Wire A", "file://" + kFeeds + "wire_a.rss"}});
  std::ostringstream out;
  LineDisplay display(out, 10s);
  Fetcher fetcher(1);
  SystemClock clock;
  SignalWatcher signals;
  raise(SIGTERM);  // blocked, so it waits in the signalfd for the loop
  auto start = std::chrono::steady_clock::now();
  Ticker(config, display, fetcher, clock, nullptr).run(signals);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
}

}  // namespace
}  // namespace headliner

namespace headliner {
namespace {

// A signal that arrives after the loop's last look must not kill the process
// when the watcher unblocks it on the way out.
TEST(SignalWatcher, SwallowsASignalPendingAtDestruction) {
  {
    SignalWatcher signals;
    raise(SIGTERM);
  }
  SUCCEED();  // still alive
}

}  // namespace
}  // namespace headliner
