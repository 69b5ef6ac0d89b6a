#include "saved_state.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <thread>
#include <variant>

#include "rotation.hpp"
#include "support/http_server.hpp"
#include "support/process.hpp"

namespace headliner {
namespace {

using namespace std::chrono_literals;
using testing::HasSubstr;
using test::TempDir;

const WallTime kNow = WallTime(std::chrono::sys_days(std::chrono::year(2026) / 11 / 23)) + 10h;
const Duration kRetention = SavedState::retention_for(48h);

Item item(const std::string& title, const std::string& id) {
  Item i;
  i.title = title;
  i.id = id;
  return i;
}

// One run of the ticker's state: stories, feeds, and what keeps them.
struct TickerRun {
  explicit TickerRun(const Config& config) : poller(config, fetcher, stories, 7) {}
  // Fetches every feed once, as the ticker's loop would; bounded.
  void fetch(WallTime wall) {
    poller.start_due(SteadyTime{}, wall);
    std::vector<FetchResult> results;
    for (int i = 0; i < 200 && fetcher.in_flight() > 0; ++i)
      for (auto& r : fetcher.wait(-1, 50ms)) results.push_back(std::move(r));
    poller.finish(std::move(results), SteadyTime{}, wall);
  }
  Fetcher fetcher{2};
  StoryStore stories;
  FeedPoller poller;
};

const std::string kRss = "<rss><channel><item><guid>1</guid><title>Rates held</title></item>"
                         "<item><guid>2</guid><title>Storm closes schools</title></item></channel></rss>";

Config two_feeds() {
  Config config;
  config.feeds.push_back({"A", "https://a.example/rss", 15min, "cyan"});
  config.feeds.push_back({"B", "https://b.example/rss", 15min, "cyan"});
  return config;
}

std::optional<timespec> mtime_of(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return std::nullopt;
  return st.st_mtim;
}

TEST(SavedState, ANewRunStartsWithWhatTheLastOneSaved) {
  TempDir dir;
  const std::string path = dir.path() + "/state.db";
  test::HttpServer server;
  server.route("/a", test::HttpResponse{200, {{"ETag", "\"a\""}}, kRss});
  server.route("/b", test::HttpResponse{200, {{"ETag", "\"b\""}}, kRss});
  Config config;
  config.feeds.push_back({"A", server.url("/a"), 15min, "cyan"});
  config.feeds.push_back({"B", server.url("/b"), 15min, "cyan"});
  {
    SavedState saved(path, kRetention);
    ASSERT_TRUE(saved.persistent());
    TickerRun run(config);
    run.fetch(kNow);
    saved.save(run.stories, run.poller, kNow);
    EXPECT_EQ(saved.take_message(), std::nullopt);
  }
  SavedState saved(path, kRetention);
  TickerRun run(config);
  saved.restore(run.stories, run.poller, true, SteadyTime{}, kNow + 1min);
  EXPECT_EQ(saved.restored_items(), 4u);
  EXPECT_EQ(run.stories.item_count(), 4u);
  EXPECT_EQ(run.stories.stories(kNow + 1min, 48h).size(), 2u);
  EXPECT_EQ(run.poller.records()[0].etag, "\"a\"");
  EXPECT_EQ(run.poller.records()[1].etag, "\"b\"");
  // Restored is saved: nothing to write until something changes.
  EXPECT_TRUE(run.stories.changed_items().empty());
  EXPECT_TRUE(run.poller.take_changed(kNow + 1min).empty());
  // And the schedule goes on: neither feed is due a minute later.
  run.poller.start_due(SteadyTime{}, kNow + 1min);
  EXPECT_EQ(run.fetcher.in_flight(), 0u);
}

TEST(SavedState, AFeedWithoutStoredItemsSendsNoValidators) {
  TempDir dir;
  const std::string path = dir.path() + "/state.db";
  test::HttpServer server;
  server.route("/a", test::HttpResponse{200, {{"ETag", "\"a\""}}, kRss});
  server.route("/b", test::HttpResponse{200, {{"ETag", "\"b\""}}, "<rss><channel></channel></rss>"});
  Config config;
  config.feeds.push_back({"A", server.url("/a"), 15min, "cyan"});
  config.feeds.push_back({"B", server.url("/b"), 15min, "cyan"});
  {
    SavedState saved(path, kRetention);
    TickerRun run(config);
    run.fetch(kNow);
    saved.save(run.stories, run.poller, kNow);
  }
  SavedState saved(path, kRetention);
  TickerRun run(config);
  saved.restore(run.stories, run.poller, true, SteadyTime{}, kNow);
  EXPECT_EQ(run.poller.records()[0].etag, "\"a\"");
  EXPECT_EQ(run.poller.records()[1].etag, "");  // a 304 would leave B empty
}

TEST(SavedState, OldItemsArePrunedAtStart) {
  TempDir dir;
  const std::string path = dir.path() + "/state.db";
  const Config config = two_feeds();
  {
    SavedState saved(path, kRetention);
    TickerRun run(config);
    run.stories.update("A", {item("Old news", "a0")}, kNow - kRetention - 1h);
    run.stories.update("A", {item("News", "a1")}, kNow);
    saved.save(run.stories, run.poller, kNow, true);
  }
  SavedState saved(path, kRetention);
  TickerRun run(config);
  saved.restore(run.stories, run.poller, true, SteadyTime{}, kNow);
  EXPECT_EQ(run.stories.item_count(), 1u);
}

// A ticker that runs for months must not hold more than a restart would
// restore: items the file prunes are forgotten in memory too.
TEST(SavedState, ALongRunForgetsInMemoryWhatTheFilePrunes) {
  TempDir dir;
  const std::string path = dir.path() + "/state.db";
  SavedState saved(path, kRetention);
  const Config config = two_feeds();
  TickerRun run(config);
  run.stories.update("A", {item("Old news", "a0")}, kNow);
  saved.save(run.stories, run.poller, kNow);
  const WallTime later = kNow + kRetention + 25h;  // the feed lists only newer items since
  run.stories.update("A", {item("News", "a1")}, later);
  saved.save(run.stories, run.poller, later);
  EXPECT_EQ(run.stories.item_count(), 1u);
  auto reader = StateStore::open_read_only(path);
  ASSERT_TRUE(std::holds_alternative<std::unique_ptr<StateStore>>(reader));
  EXPECT_EQ(std::get<std::unique_ptr<StateStore>>(reader)->load_items().size(), 1u);
}

// The file keeps times in whole seconds; memory keeps them to the
// nanosecond. The daily prune must still drop the same items from both: an
// item last seen 0.2 s before the cutoff, in the same second, is either kept
// by both or forgotten by both, never forgotten in memory only.
TEST(SavedState, MemoryAndTheFileForgetTheSameItemsWhateverTheFractionsOfASecond) {
  TempDir dir;
  const std::string path = dir.path() + "/state.db";
  SavedState saved(path, kRetention);
  const Config config = two_feeds();
  TickerRun run(config);
  ShownHistory shown;
  const WallTime seen = kNow + 500ms;
  run.stories.update("A", {item("Old news", "a0")}, seen);
  shown.mark(1, seen);
  saved.save(run.stories, run.poller, seen, true, &shown);
  // The daily prune, its cutoff 0.2 s after the item was last seen.
  const WallTime later = seen + 200ms + kRetention;
  run.stories.update("A", {item("News", "a1")}, later);
  saved.save(run.stories, run.poller, later, false, &shown);
  auto reader = StateStore::open_read_only(path);
  ASSERT_TRUE(std::holds_alternative<std::unique_ptr<StateStore>>(reader));
  const auto& file = std::get<std::unique_ptr<StateStore>>(reader);
  EXPECT_EQ(run.stories.item_count(), file->load_items().size());
  EXPECT_EQ(shown.size(), file->load_shown().size());
}

TEST(SavedState, RunningFromMemoryForgetsOldItemsToo) {
  TempDir dir;
  SavedState saved(dir.write("plain-file", "x") + "/state.db", kRetention);
  ASSERT_FALSE(saved.persistent());
  const Config config = two_feeds();
  TickerRun run(config);
  run.stories.update("A", {item("Old news", "a0")}, kNow);
  saved.save(run.stories, run.poller, kNow);
  const WallTime later = kNow + kRetention + 25h;
  run.stories.update("A", {item("News", "a1")}, later);
  saved.save(run.stories, run.poller, later);
  EXPECT_EQ(run.stories.item_count(), 1u);
}

TEST(SavedState, AnUnusableLocationMeansRunningFromMemoryAndSayingSoOnce) {
  TempDir dir;
  const std::string file = dir.write("plain-file", "x");
  SavedState saved(file + "/state.db", kRetention);
  EXPECT_FALSE(saved.persistent());
  auto message = saved.take_message();
  ASSERT_TRUE(message);
  EXPECT_THAT(*message, HasSubstr(file + "/state.db"));
  EXPECT_THAT(*message, HasSubstr("running from memory"));
  const Config config = two_feeds();
  TickerRun run(config);
  saved.restore(run.stories, run.poller, true, SteadyTime{}, kNow);
  run.stories.update("A", {item("Rates held", "a1")}, kNow);
  saved.save(run.stories, run.poller, kNow);
  saved.save(run.stories, run.poller, kNow, true);
  EXPECT_EQ(saved.take_message(), std::nullopt);
  EXPECT_EQ(run.stories.item_count(), 1u);
}

TEST(SavedState, ASecondInstanceOnTheSameStoreIsToldWhoHasIt) {
  TempDir dir;
  SavedState first(dir.path() + "/state.db", kRetention);
  SavedState second(dir.path() + "/state.db", kRetention);
  EXPECT_TRUE(first.persistent());
  EXPECT_FALSE(second.persistent());
  auto message = second.take_message();
  ASSERT_TRUE(message);
  EXPECT_THAT(*message, HasSubstr("used by another headliner (pid " + std::to_string(::getpid()) + ")"));
}

TEST(SavedState, AFullDiskIsSaidOnceAndTheTickerGoesOn) {
  TempDir dir;
  StateStoreOptions tiny;
  tiny.max_bytes = 48 * 1024;
  SavedState saved(dir.path() + "/state.db", kRetention, tiny);
  ASSERT_TRUE(saved.persistent());
  const Config config = two_feeds();
  TickerRun run(config);
  std::vector<Item> many;
  for (int i = 0; i < 400; ++i) many.push_back(item("Headline " + std::to_string(i) + std::string(200, 'x'), std::to_string(i)));
  run.stories.update("A", many, kNow);
  saved.save(run.stories, run.poller, kNow);
  auto message = saved.take_message();
  ASSERT_TRUE(message);
  EXPECT_THAT(*message, HasSubstr("cannot save state to " + dir.path() + "/state.db"));
  EXPECT_THAT(*message, HasSubstr("kept in memory"));
  run.stories.update("B", {item("More", "b1")}, kNow);
  saved.save(run.stories, run.poller, kNow + 15min);
  EXPECT_EQ(saved.take_message(), std::nullopt);  // the same trouble is not said again
  EXPECT_EQ(run.stories.item_count(), 401u);
}

TEST(SavedState, ACycleThatChangedNothingWritesNothing) {
  TempDir dir;
  const std::string path = dir.path() + "/state.db";
  SavedState saved(path, kRetention);
  const Config config = two_feeds();
  TickerRun run(config);
  run.stories.update("A", {item("Rates held", "a1")}, kNow);
  saved.save(run.stories, run.poller, kNow);
  auto wal_before = mtime_of(path + "-wal"), db_before = mtime_of(path);
  ASSERT_TRUE(wal_before);
  std::this_thread::sleep_for(20ms);
  run.stories.update("A", {item("Rates held", "a1")}, kNow + 15min);  // the same item again
  saved.save(run.stories, run.poller, kNow + 15min);
  auto wal_after = mtime_of(path + "-wal"), db_after = mtime_of(path);
  EXPECT_EQ(wal_after->tv_nsec, wal_before->tv_nsec);
  EXPECT_EQ(wal_after->tv_sec, wal_before->tv_sec);
  EXPECT_EQ(db_after->tv_nsec, db_before->tv_nsec);
}

}  // namespace
}  // namespace headliner

// ---------------------------------------------------------------------------
// What was shown, through the real SQLite store

namespace headliner {
namespace {

using namespace std::chrono_literals;

RotationPolicy repeating(Duration interval) {
  RotationPolicy policy;
  policy.max_age = 48h;
  policy.repeat_after = interval;
  return policy;
}

// The ticker's rotation over a TickerRun's stories.
struct Rotating {
  Rotating(TickerRun& run, Duration repeat_after) : run(run), rotation(repeating(repeat_after), shown) {}
  // The titles shown at `start`, `start + step`, …; "wait" when nothing is due.
  std::vector<std::string> take(int n, WallTime start, Duration step = 1min) {
    rotation.update(run.stories.stories(start, 48h));
    std::vector<std::string> titles;
    for (int i = 0; i < n; ++i) {
      NextStory next = rotation.next(start + i * step);
      titles.push_back(next.story ? next.story->title : "wait");
    }
    return titles;
  }
  TickerRun& run;
  ShownHistory shown;
  Rotation rotation;
};

Item dated(const std::string& title, const std::string& id, WallTime published) {
  Item i = item(title, id);
  i.published = std::chrono::floor<std::chrono::seconds>(published);
  return i;
}

using Titles = std::vector<std::string>;

TEST(SavedStateShown, AStoryShownBeforeARestartIsNotNewAfterIt) {
  TempDir dir;
  const std::string path = dir.path() + "/state.db";
  const Config config = two_feeds();
  {
    SavedState saved(path, kRetention);
    TickerRun run(config);
    run.stories.update("A", {dated("Rates held", "a1", kNow - 1h), dated("Storm closes schools", "a2", kNow - 2h)}, kNow);
    Rotating ticker(run, 30min);
    EXPECT_EQ(ticker.take(1, kNow), (Titles{"Rates held"}));
    // The refresh cycle's save, and then a power cut: no save at exit.
    saved.save(run.stories, run.poller, kNow + 1min, false, &ticker.shown);
  }
  SavedState saved(path, kRetention);
  TickerRun run(config);
  Rotating ticker(run, 30min);
  saved.restore(run.stories, run.poller, true, SteadyTime{}, kNow + 2min, &ticker.shown);
  EXPECT_EQ(ticker.shown.size(), 1u);
  // The story not shown yet first; "Rates held" waits out its half hour from before the restart.
  EXPECT_EQ(ticker.take(2, kNow + 2min), (Titles{"Storm closes schools", "wait"}));
  EXPECT_EQ(ticker.rotation.next(kNow + 4min).due, kNow + 30min);
}

TEST(SavedStateShown, ARestartContinuesTheRoundWhereItStopped) {
  TempDir dir;
  const std::string path = dir.path() + "/state.db";
  const Config config = two_feeds();
  const std::vector<Item> items{dated("d", "4", kNow - 1h), dated("c", "3", kNow - 2h), dated("b", "2", kNow - 3h),
                                dated("a", "1", kNow - 4h)};
  {
    SavedState saved(path, kRetention);
    TickerRun run(config);
    run.stories.update("A", items, kNow);
    Rotating ticker(run, 0s);
    EXPECT_EQ(ticker.take(6, kNow), (Titles{"d", "c", "b", "a", "d", "c"}));
    saved.save(run.stories, run.poller, kNow + 6min, true, &ticker.shown);  // at exit
  }
  SavedState saved(path, kRetention);
  TickerRun run(config);
  Rotating ticker(run, 0s);
  saved.restore(run.stories, run.poller, true, SteadyTime{}, kNow + 10min, &ticker.shown);
  EXPECT_EQ(ticker.take(4, kNow + 10min), (Titles{"b", "a", "d", "c"}));
}

TEST(SavedStateShown, RepeatedShowsAloneWriteNothingUntilTheHourIsUp) {
  TempDir dir;
  const std::string path = dir.path() + "/state.db";
  SavedState saved(path, kRetention);
  const Config config = two_feeds();
  TickerRun run(config);
  run.stories.update("A", {item("Rates held", "a1")}, kNow);
  Rotating ticker(run, 0s);
  ticker.take(1, kNow);
  saved.save(run.stories, run.poller, kNow, false, &ticker.shown);
  const auto wal_before = mtime_of(path + "-wal");
  ASSERT_TRUE(wal_before);
  std::this_thread::sleep_for(20ms);
  ticker.take(3, kNow + 1min);  // the same story, again and again
  saved.save(run.stories, run.poller, kNow + 15min, false, &ticker.shown);
  const auto wal_after = mtime_of(path + "-wal");
  EXPECT_EQ(wal_after->tv_sec, wal_before->tv_sec);
  EXPECT_EQ(wal_after->tv_nsec, wal_before->tv_nsec);
  saved.save(run.stories, run.poller, kNow + 1h, false, &ticker.shown);
  auto store = std::get<std::unique_ptr<StateStore>>(StateStore::open_read_only(path));
  const std::vector<ShownRecord> marks = store->load_shown();
  ASSERT_EQ(marks.size(), 1u);
  EXPECT_EQ(marks[0].times_shown, 4);
}

TEST(SavedStateShown, MarksLastShownLongerAgoThanItemsAreKeptArePrunedInMemoryAndInTheFile) {
  TempDir dir;
  const std::string path = dir.path() + "/state.db";
  const Config config = two_feeds();
  {
    SavedState saved(path, kRetention);
    TickerRun run(config);
    ShownHistory shown;
    shown.mark(1, kNow - kRetention - 1h);
    shown.mark(2, kNow - 1h);
    saved.save(run.stories, run.poller, kNow - 1h, true, &shown);
    // A day later, the daily prune.
    saved.save(run.stories, run.poller, kNow + 24h, false, &shown);
    EXPECT_EQ(shown.size(), 1u);
    ASSERT_NE(shown.find(2), nullptr);
  }
  auto store = std::get<std::unique_ptr<StateStore>>(StateStore::open_read_only(path));
  const std::vector<ShownRecord> marks = store->load_shown();
  ASSERT_EQ(marks.size(), 1u);
  EXPECT_EQ(marks[0].item, 2u);
}

}  // namespace
}  // namespace headliner
