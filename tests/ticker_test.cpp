#include "ticker.hpp"

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <iterator>
#include <sstream>
#include <sys/ioctl.h>

#include <mutex>
#include <stdexcept>
#include <thread>

#include "line_display.hpp"
#include "support/http_server.hpp"
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

TEST(Ticker, ShowsNewStoriesNewestFirstWithTheFeedsTakingTurns) {
  Config config = config_with({{"Wire A", "file://" + kFeeds + "wire_a.rss"},
                               {"Wire B", "file://" + kFeeds + "wire_b.atom"}});
  std::ostringstream out;
  LineDisplay display(out, config.ticker.dwell);
  Fetcher fetcher(4);
  SystemClock clock;
  SignalWatcher signals;
  Ticker(config, display, fetcher, clock, nullptr).run(signals, 4);
  auto lines = test::lines_of(out.str());
  ASSERT_EQ(lines.size(), 5u) << out.str();
  EXPECT_EQ(lines[0], "Fetching 2 feeds…");
  // Each story once, by its lead feed: A's newest, B's newest, A's next, B's next.
  EXPECT_TRUE(lines[1].starts_with("[Wire A +1 \u00b7 ")) << lines[1];
  EXPECT_TRUE(lines[1].ends_with("] Putin and Trump’s Peace Talks with Zelenskiy Collide with Stalemate as Russia Refuses to Engage"));
  EXPECT_TRUE(lines[2].starts_with("[Wire B +1 \u00b7 ")) << lines[2];
  EXPECT_TRUE(lines[2].ends_with("] Storm Closes Schools & Roads!")) << lines[2];
  EXPECT_TRUE(lines[3].ends_with("] Central bank holds rates at 4%")) << lines[3];
  EXPECT_TRUE(lines[4].starts_with("[Wire B \u00b7 ")) << lines[4];
  EXPECT_TRUE(lines[4].ends_with("] New telescope sees first light")) << lines[4];
}

TEST(Ticker, KeepsRunningAndSaysWhyWhenEveryFeedFails) {
  Config config = config_with({{"Gone", "file:///nonexistent/feed.xml"}});
  std::ostringstream out, log_text;
  Log log(log_text);
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
  EXPECT_TRUE(log_text.str().starts_with("headliner: Gone: ")) << log_text.str();
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

namespace headliner {
namespace {

using namespace std::chrono_literals;

// Runs the real ticker on the line display for `slides` slides (or until a
// signal ends it); returns what it printed.
std::string run_on_lines(const Config& config, SavedState* saved, std::optional<std::size_t> slides,
                         Log* log = nullptr) {
  std::ostringstream out;
  LineDisplay display(out, config.ticker.dwell);
  Fetcher fetcher(2);
  SystemClock clock;
  SignalWatcher signals;
  Ticker(config, display, fetcher, clock, log, saved).run(signals, slides);
  return out.str();
}

// A server that takes connections and never answers: the network at its worst.
class SilentServer {
 public:
  SilentServer() {
    fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (fd_ < 0 || bind(fd_, reinterpret_cast<sockaddr*>(&address), length) != 0 || listen(fd_, 16) != 0 ||
        getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length) != 0)
      ADD_FAILURE() << "cannot listen on 127.0.0.1";
    port_ = ntohs(address.sin_port);
  }
  ~SilentServer() { close(fd_); }
  std::string url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(port_) + path; }

 private:
  int fd_ = -1;
  int port_ = 0;
};

TEST(TickerRestart, ShowsTheStoredHeadlinesBeforeTheNetworkAnswers) {
  test::TempDir dir;
  const std::string state = dir.path() + "/state.db";
  SilentServer silent;
  // A first run saved Wire A's headlines; its server has since gone quiet.
  {
    Config first = config_with({{"Wire A", "file://" + kFeeds + "wire_a.rss"}});
    SavedState saved(state, SavedState::retention_for(0s));
    run_on_lines(first, &saved, 1);
  }
  Config config = config_with({{"Wire A", silent.url("/a.rss")}});
  config.fetch.timeout = 5s;
  SavedState saved(state, SavedState::retention_for(0s));
  ASSERT_TRUE(saved.persistent());
  std::ostringstream log_text;
  Log log(log_text);
  auto start = std::chrono::steady_clock::now();
  const std::string shown = run_on_lines(config, &saved, 2, &log);
  // Two slides of at least a second each, all while the fetch was hanging.
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
  auto lines = test::lines_of(shown);
  ASSERT_GE(lines.size(), 2u) << shown;
  // The newest stored headline the first run did not show.
  EXPECT_TRUE(lines[0].starts_with("[Wire A")) << lines[0];
  EXPECT_TRUE(lines[0].ends_with("] Central bank holds rates at 4%")) << lines[0];
  EXPECT_EQ(log_text.str(), "");  // the fetch had not even failed yet
}

TEST(TickerRestart, DoesNotFetchAFeedThatIsNotDueYet) {
  test::TempDir dir;
  const std::string state = dir.path() + "/state.db";
  int requests = 0;
  test::HttpServer server;
  std::ifstream in(kFeeds + "wire_a.rss", std::ios::binary);
  const std::string body{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  server.route("/a.rss", [&](const test::HttpRequest&) {
    ++requests;
    return test::HttpResponse{200, {}, body};
  });
  Config config = config_with({{"Wire A", server.url("/a.rss")}});
  for (int run = 0; run < 2; ++run) {
    SavedState saved(state, SavedState::retention_for(0s));
    run_on_lines(config, &saved, 1);
  }
  EXPECT_EQ(requests, 1);  // the restart waits for the refresh, 15 minutes on
}

}  // namespace
}  // namespace headliner

namespace headliner {
namespace {

using namespace std::chrono_literals;

TEST(Ticker, SaysWhichFeedsFailOnSigusr1) {
  Config config = config_with({{"Wire A", "file://" + kFeeds + "wire_a.rss"}, {"Gone", "file:///nonexistent/feed.xml"}});
  std::thread asker([] {
    // This thread never takes the signals: they wait for the ticker's signalfd.
    sigset_t all;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, nullptr);
    std::this_thread::sleep_for(300ms);
    kill(getpid(), SIGUSR1);
    std::this_thread::sleep_for(300ms);
    kill(getpid(), SIGTERM);
  });
  const std::string shown = run_on_lines(config, nullptr, std::nullopt);
  asker.join();
  EXPECT_NE(shown.find("\n1 of 2 feeds failing: Gone (cannot read /nonexistent/feed.xml: No such file or directory)\n"),
            std::string::npos)
      << shown;
}

}  // namespace
}  // namespace headliner

namespace headliner {
namespace {

using namespace std::chrono_literals;

TEST(Ticker, ShowsAStateProblemOnTheDisplayWhenThereIsNoLog) {
  test::TempDir dir;
  std::string rss = "<rss><channel>";
  for (int i = 0; i < 300; ++i)
    rss += "<item><guid>" + std::to_string(i) + "</guid><title>Headline number h" + std::to_string(i) +
           " about the weather in the hills " + std::string(100, 'x') + "</title></item>";
  const std::string feed = dir.write("big.rss", rss + "</channel></rss>");
  Config config = config_with({{"Big", "file://" + feed}});
  StateStoreOptions full_disk;
  full_disk.max_bytes = 32 * 1024;
  SavedState saved(dir.path() + "/state.db", SavedState::retention_for(0s), full_disk);
  ASSERT_TRUE(saved.persistent());
  const std::string shown = run_on_lines(config, &saved, 1);
  auto lines = test::lines_of(shown);
  ASSERT_GE(lines.size(), 3u) << shown;
  EXPECT_EQ(lines[0], "Fetching 1 feed…");
  EXPECT_TRUE(lines[1].starts_with("cannot save state to " + dir.path() + "/state.db")) << lines[1];
  EXPECT_TRUE(lines[2].starts_with("[Big · ")) << lines[2];
}

}  // namespace
}  // namespace headliner

namespace headliner {
namespace {

using namespace std::chrono_literals;

TEST(Ticker, SaysWhenTheNextStoryIsDueAndShowsItThen) {
  Config config = config_with({{"Wire A", "file://" + kFeeds + "wire_a.rss"}});
  config.rotation.repeat_after = 4s;
  auto start = std::chrono::steady_clock::now();
  const std::string shown = run_on_lines(config, nullptr, 4);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  auto lines = test::lines_of(shown);
  ASSERT_EQ(lines.size(), 6u) << shown;
  EXPECT_EQ(lines[0], "Fetching 1 feed…");
  EXPECT_TRUE(lines[1].ends_with("] Putin and Trump’s Peace Talks with Zelenskiy Collide with Stalemate as Russia Refuses to Engage"))
      << lines[1];
  EXPECT_TRUE(lines[2].ends_with("] Central bank holds rates at 4%")) << lines[2];
  EXPECT_TRUE(lines[3].ends_with("] Storm closes schools & roads")) << lines[3];
  // Three one-second slides, and the first story is not due until four seconds after it was shown.
  EXPECT_EQ(lines[4], "No new headlines \u00b7 next in <1m");
  EXPECT_EQ(lines[5], lines[1]);
  // Woken when it was due (4 s after the first slide began, which then lasts
  // its second): not before, and not at the next fetch a quarter of an hour on.
  EXPECT_GE(elapsed, 5s);
  EXPECT_LT(elapsed, 7s);
}

TEST(TickerRestart, AStoryShownBeforeTheRestartIsNotShownAsNewAfterIt) {
  test::TempDir dir;
  const std::string state = dir.path() + "/state.db";
  Config config = config_with({{"Wire A", "file://" + kFeeds + "wire_a.rss"}});
  std::string first, second;
  {
    SavedState saved(state, SavedState::retention_for(0s));
    first = run_on_lines(config, &saved, 2);
  }
  {
    SavedState saved(state, SavedState::retention_for(0s));
    second = run_on_lines(config, &saved, 1);  // from the state file: the feed is not due again
  }
  auto before = test::lines_of(first), after = test::lines_of(second);
  ASSERT_EQ(before.size(), 3u) << first;
  EXPECT_TRUE(before[1].ends_with("] Putin and Trump’s Peace Talks with Zelenskiy Collide with Stalemate as Russia Refuses to Engage"));
  EXPECT_TRUE(before[2].ends_with("] Central bank holds rates at 4%")) << before[2];
  ASSERT_EQ(after.size(), 1u) << second;
  EXPECT_TRUE(after[0].ends_with("] Storm closes schools & roads")) << after[0];
}

}  // namespace
}  // namespace headliner

namespace headliner {
namespace {

using namespace std::chrono_literals;

std::string feeds_toml(const std::vector<std::pair<std::string, std::string>>& feeds) {
  std::string toml = "[ticker]\nmax_age = \"0s\"\ndwell = \"0s\"\n";
  for (const auto& [name, file] : feeds) toml += "[[feed]]\nname = \"" + name + "\"\nurl = \"file://" + kFeeds + file + "\"\n";
  return toml;
}

TEST(TickerReload, SighupReadsTheConfigAgainAndKeepsTheRunningOneWhenTheNewIsBroken) {
  std::string text = feeds_toml({{"Wire A", "wire_a.rss"}});
  std::mutex text_mutex;
  ConfigReloader reload = [&] {
    std::lock_guard lock(text_mutex);
    return parse_config(text, "test.toml", ConfigEnvironment{});
  };
  ConfigResult first = reload();
  ASSERT_TRUE(first) << first.error;
  std::ostringstream out, log_text;
  Log log(log_text, true);  // as if stderr were the journal: the priority leads each line
  LineDisplay display(out, 0s);
  Fetcher fetcher(2);
  SystemClock clock;
  SignalWatcher signals;
  Ticker ticker(first.config, display, fetcher, clock, &log, nullptr, reload);
  std::thread user([&] {
    std::this_thread::sleep_for(300ms);
    {
      std::lock_guard lock(text_mutex);
      text = feeds_toml({{"Wire B", "wire_b.atom"}});  // A goes, B comes
    }
    kill(getpid(), SIGHUP);
    std::this_thread::sleep_for(1500ms);
    {
      std::lock_guard lock(text_mutex);
      text = "[ticker]\nspeed = \"fast\"\n";
    }
    kill(getpid(), SIGHUP);
    std::this_thread::sleep_for(1200ms);
    kill(getpid(), SIGTERM);
  });
  ticker.run(signals);
  user.join();
  EXPECT_NE(log_text.str().find("<5>headliner: config reloaded from test.toml: 1 feeds (1 new, 1 gone)\n"),
            std::string::npos)
      << log_text.str();
  EXPECT_NE(log_text.str().find(
                "<3>headliner: config not reloaded, the running one is kept: test.toml:2:9: 'speed' must be a whole number\n"),
            std::string::npos)
      << log_text.str();
  ASSERT_EQ(ticker.config().feeds.size(), 1u);
  EXPECT_EQ(ticker.config().feeds[0].name, "Wire B");  // the last good config
  // After the reload only Wire B's stories: Wire A's went with it.
  const std::string shown = out.str();
  const auto first_b = shown.find("[Wire B");
  ASSERT_NE(first_b, std::string::npos) << shown;
  EXPECT_EQ(shown.find("[Wire A", first_b), std::string::npos) << shown;
}

// A display with buttons: the keys written into a pipe ('n' next, 'p'
// previous, ' ' pause), read back like LCDd's key messages.
class KeyedLineDisplay final : public Display {
 public:
  explicit KeyedLineDisplay(std::ostream& out) : lines_(out, 10s) {
    if (::pipe(fds_) != 0) throw std::runtime_error("pipe");
  }
  ~KeyedLineDisplay() override {
    ::close(fds_[0]);
    ::close(fds_[1]);
  }
  Duration show(const Slide& slide, SteadyTime now) override { return lines_.show(slide, now); }
  std::optional<SteadyTime> frame(SteadyTime now) override { return lines_.frame(now); }
  void status(std::string_view message) override { lines_.status(message); }
  int input_fd() const override { return fds_[0]; }
  std::vector<UserKey> take_keys() override {
    std::vector<UserKey> keys;
    char c = 0;
    int available = 0;
    ::ioctl(fds_[0], FIONREAD, &available);
    for (int i = 0; i < available && ::read(fds_[0], &c, 1) == 1; ++i)
      keys.push_back(c == 'n' ? UserKey::kNext : c == 'p' ? UserKey::kPrevious : UserKey::kPause);
    return keys;
  }
  void press(char key) { ASSERT_EQ(::write(fds_[1], &key, 1), 1); }

 private:
  LineDisplay lines_;
  int fds_[2] = {-1, -1};
};

TEST(TickerKeys, NextPreviousAndPauseMoveThroughTheStories) {
  Config config = config_with({{"Wire C", "file://" + kFeeds + "wire_c.rdf"},
                               {"Wire B", "file://" + kFeeds + "wire_b.atom"}});
  std::ostringstream out;
  KeyedLineDisplay display(out);
  Fetcher fetcher(2);
  SystemClock clock;
  SignalWatcher signals;
  // Each slide would stand 20 s (twice the 10 s dwell): only the keys move it on.
  std::thread reader([&] {
    for (char key : std::string("nnp pn")) {
      std::this_thread::sleep_for(300ms);
      display.press(key);
    }
  });
  const auto start = std::chrono::steady_clock::now();
  Ticker(config, display, fetcher, clock, nullptr).run(signals, 5);
  reader.join();
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
  auto lines = test::lines_of(out.str());
  ASSERT_EQ(lines.size(), 6u) << out.str();
  // Fetching…, the first story; next, next: the second and third; previous:
  // the second again; pause holds it; previous: the first; next ends it.
  EXPECT_EQ(lines[0], "Fetching 2 feeds…");
  EXPECT_NE(lines[2], lines[1]);
  EXPECT_NE(lines[3], lines[2]);
  EXPECT_EQ(lines[4], lines[2]) << out.str();
  EXPECT_EQ(lines[5], lines[1]) << out.str();
}

}  // namespace
}  // namespace headliner
