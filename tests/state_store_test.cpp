#include "state_store.hpp"

#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <tuple>
#include <utility>
#include <variant>
#include <vector>

#include "support/process.hpp"

namespace headliner {
namespace {

using namespace std::chrono_literals;
using testing::HasSubstr;
using test::TempDir;
namespace fs = std::filesystem;

using Removed = std::vector<ItemKey>;

WallTime at(std::int64_t unix_seconds) { return WallTime(std::chrono::seconds(unix_seconds)); }
UtcTime utc_at(std::int64_t unix_seconds) { return UtcTime(std::chrono::seconds(unix_seconds)); }

constexpr std::int64_t kT0 = 1'756'800'000;  // 2025-09-02

ItemRecord record(std::string feed, std::string identity, std::string title, std::int64_t last_seen = kT0) {
  ItemRecord r;
  r.feed = std::move(feed);
  r.identity = std::move(identity);
  r.item.title = std::move(title);
  r.first_seen = at(kT0 - 3600);
  r.last_seen = at(last_seen);
  return r;
}

// The row of an item record() made.
ItemKey key(std::string feed, std::string identity) { return {std::move(feed), std::move(identity), at(kT0 - 3600)}; }

std::string describe(const std::optional<std::string>& text) { return text ? "'" + *text + "'" : "null"; }
template <class Clock, class Duration>
std::string describe(const std::optional<std::chrono::time_point<Clock, Duration>>& time) {
  return time ? std::to_string(std::chrono::floor<std::chrono::seconds>(time->time_since_epoch()).count()) : "null";
}
std::string describe(WallTime time) { return describe(std::optional<WallTime>(time)); }

// A line per record, every field, so a mismatch shows what differs.
std::string describe(const ItemRecord& r) {
  std::ostringstream out;
  out << r.feed << " | " << r.identity << " | '" << r.item.title << "' | link " << describe(r.item.link) << " | id "
      << describe(r.item.id) << " | published " << describe(r.item.published) << " | updated "
      << describe(r.item.updated) << " | first " << describe(r.first_seen) << " | last " << describe(r.last_seen);
  return out.str();
}
std::string describe(const FeedRecord& r) {
  std::ostringstream out;
  out << r.name << " | url " << r.url << " | location " << r.location << " | etag " << describe(std::optional(r.etag))
      << " | modified " << describe(std::optional(r.last_modified)) << " | attempt " << describe(r.last_attempt)
      << " | success " << describe(r.last_success) << " | 304 " << r.not_modified << " | failing "
      << describe(r.failing_since) << " x" << r.failures << " | error " << describe(std::optional(r.last_error))
      << " | next " << describe(r.next_attempt) << " (" << r.next_reason << ")";
  return out.str();
}

// What save() takes: views of records that outlive the call.
std::vector<ItemView> views(const std::vector<ItemRecord>& records) { return {records.begin(), records.end()}; }

FeedRecord feed_record(std::string name, std::string etag, std::string last_modified,
                       std::optional<WallTime> last_success, std::optional<WallTime> failing_since,
                       std::string last_error) {
  FeedRecord r;
  r.name = std::move(name);
  r.url = "https://example.com/" + r.name;
  r.etag = std::move(etag);
  r.last_modified = std::move(last_modified);
  r.last_success = last_success;
  r.failing_since = failing_since;
  r.failures = failing_since ? 2 : 0;
  r.last_error = std::move(last_error);
  return r;
}
template <class Record>
std::set<std::string> described(const std::vector<Record>& records) {
  std::set<std::string> lines;
  for (const Record& r : records) lines.insert(describe(r));
  return lines;
}

// Opens or fails the test with the store's message.
std::unique_ptr<StateStore> open_store(const std::string& path, const StateStoreOptions& options = {}) {
  auto opened = StateStore::open(path, options);
  if (auto* error = std::get_if<std::string>(&opened)) {
    ADD_FAILURE() << "open failed: " << *error;
    return nullptr;
  }
  return std::move(std::get<std::unique_ptr<StateStore>>(opened));
}

std::string open_error(const std::string& path) {
  auto opened = StateStore::open(path);
  if (auto* error = std::get_if<std::string>(&opened)) return *error;
  return "<opened>";
}

// ---------------------------------------------------------------------------

TEST(StateStoreSave, RoundTripsItemsAndFeedsWithNullDatesAndNonAsciiTitles) {
  TempDir dir;
  const std::string path = dir.path() + "/state.db";
  auto store = open_store(path);
  ASSERT_NE(store, nullptr);

  ItemRecord full = record("Wire A", "id:a-1", "Putin and Trump’s talks — 停滞 ✓", kT0);
  full.item.link = "https://example.com/a/1?x=ü";
  full.item.id = "a-1";
  full.item.published = utc_at(kT0 - 7200);
  full.item.updated = utc_at(kT0 - 60);
  ItemRecord bare = record("Wire B", "title:Ça va", "Ça va");  // no link, id or dates
  ItemRecord empty_link = record("Wire B", "link:", "");       // "" is kept apart from null
  empty_link.item.link = "";
  ItemRecord old = record("Wire B", "id:old", "1969", kT0);
  old.item.published = utc_at(-86400);  // before 1970
  old.first_seen = at(-3600);

  FeedRecord ok = feed_record("Wire A", "\"etag-1\"", "Tue, 02 Sep 2025 09:15:00 GMT", at(kT0), std::nullopt, "");
  FeedRecord failing = feed_record("Wire B", "", "", std::nullopt, at(kT0 - 600), "HTTP 503 — Service Unavailable");

  failing.location = "https://example.org/new-home.xml";
  failing.last_attempt = at(kT0 - 60);
  failing.next_attempt = at(kT0 + 120);
  failing.next_reason = "Retry-After 3m";
  ok.not_modified = true;

  ASSERT_EQ(store->save({full, bare, empty_link, old}, {ok, failing}, {}), "");
  EXPECT_EQ(described(store->load_items()), described(std::vector{full, bare, empty_link, old}));
  EXPECT_EQ(described(store->load_feeds()), described(std::vector{ok, failing}));
}

TEST(StateStoreSave, UpsertUpdatesExistingItemsAndFeeds) {
  TempDir dir;
  auto store = open_store(dir.path() + "/state.db");
  ASSERT_NE(store, nullptr);
  ItemRecord a = record("A", "id:1", "Rates held", kT0);
  FeedRecord feed = feed_record("A", "\"v1\"", "", std::nullopt, at(kT0), "timeout");
  ASSERT_EQ(store->save({a}, {feed}, {}), "");

  a.item.title = "UPDATE: Rates held at 4%";
  a.item.link = "https://example.com/1";
  a.last_seen = at(kT0 + 900);
  feed = feed_record("A", "\"v2\"", "Wed, 03 Sep 2025 10:00:00 GMT", at(kT0 + 900), std::nullopt, "");
  ASSERT_EQ(store->save({a}, {feed}, {}), "");

  EXPECT_EQ(described(store->load_items()), described(std::vector{a}));
  EXPECT_EQ(described(store->load_feeds()), described(std::vector{feed}));
}

TEST(StateStoreSave, DeletesExactlyTheRemovedFeedIdentityPairs) {
  TempDir dir;
  auto store = open_store(dir.path() + "/state.db");
  ASSERT_NE(store, nullptr);
  ItemRecord a1 = record("A", "id:1", "one"), a2 = record("A", "id:2", "two"), b1 = record("B", "id:1", "one");
  ASSERT_EQ(store->save({a1, a2, b1}, {}, {}), "");

  // Same identity in another feed stays; an unknown pair is no error.
  ASSERT_EQ(store->save({}, {}, {key("A", "id:1"), key("C", "id:9")}), "");
  EXPECT_EQ(described(store->load_items()), described(std::vector{a2, b1}));
}

// Removed by the cap, then listed again before the save: kept.
TEST(StateStoreSave, AnItemRemovedAndWrittenInOneCycleIsKept) {
  TempDir dir;
  auto store = open_store(dir.path() + "/state.db");
  ASSERT_NE(store, nullptr);
  ItemRecord back = record("A", "id:1", "back again");
  ASSERT_EQ(store->save({record("A", "id:1", "one")}, {}, {}), "");
  ASSERT_EQ(store->save({back}, {}, {key("A", "id:1")}), "");
  EXPECT_EQ(described(store->load_items()), described(std::vector{back}));
}

TEST(StateStoreSave, UpsertsAndRemovalsOfOneCycleApplyTogether) {
  TempDir dir;
  auto store = open_store(dir.path() + "/state.db");
  ASSERT_NE(store, nullptr);
  ASSERT_EQ(store->save({record("A", "id:old", "old")}, {}, {}), "");
  ItemRecord fresh = record("A", "id:new", "new");
  ASSERT_EQ(store->save({fresh}, {feed_record("A", "", "", at(kT0), std::nullopt, "")}, {key("A", "id:old")}), "");
  EXPECT_EQ(described(store->load_items()), described(std::vector{fresh}));
  EXPECT_EQ(store->load_feeds().size(), 1u);
}

struct FileStamp {
  bool exists = false;
  off_t size = 0;
  timespec mtime{};
  bool operator==(const FileStamp& o) const {
    return exists == o.exists && size == o.size && mtime.tv_sec == o.mtime.tv_sec && mtime.tv_nsec == o.mtime.tv_nsec;
  }
};
std::ostream& operator<<(std::ostream& out, const FileStamp& s) {
  return out << (s.exists ? "" : "absent ") << "size " << s.size << " mtime " << s.mtime.tv_sec << "." << s.mtime.tv_nsec;
}
FileStamp stamp(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return {};
  return FileStamp{true, st.st_size, st.st_mtim};
}

TEST(StateStoreSave, WithNothingToSaveWritesNothing) {
  TempDir dir;
  const std::string path = dir.path() + "/state.db";
  auto store = open_store(path);
  ASSERT_NE(store, nullptr);
  ASSERT_EQ(store->save({record("A", "id:1", "one")}, {feed_record("A", "", "", at(kT0), std::nullopt, "")}, {}), "");

  const FileStamp db_before = stamp(path), wal_before = stamp(path + "-wal");
  const std::int64_t changes_before = store->total_changes();
  ASSERT_TRUE(db_before.exists);
  ASSERT_TRUE(wal_before.exists);  // WAL: a write would land here first
  std::this_thread::sleep_for(20ms);  // so a write would show in the mtime even on a coarse clock

  for (int i = 0; i < 3; ++i) EXPECT_EQ(store->save({}, {}, {}), "");
  EXPECT_EQ(store->load_items().size(), 1u);

  EXPECT_EQ(stamp(path), db_before);
  EXPECT_EQ(stamp(path + "-wal"), wal_before);
  EXPECT_EQ(store->total_changes(), changes_before);
}

TEST(StateStoreSave, ResavingUnchangedRecordsChangesNoRow) {
  TempDir dir;
  auto store = open_store(dir.path() + "/state.db");
  ASSERT_NE(store, nullptr);
  const std::vector<ItemRecord> items{record("A", "id:1", "one"), record("A", "id:2", "two")};
  const std::vector<FeedRecord> feeds{feed_record("A", "e", "", at(kT0), std::nullopt, "")};
  ASSERT_EQ(store->save(views(items), feeds, {}), "");
  const std::int64_t changes = store->total_changes();
  ASSERT_EQ(store->save(views(items), feeds, {}), "");
  EXPECT_EQ(store->total_changes(), changes);
}

TEST(StateStoreOpen, ReopenAfterCloseKeepsEverything) {
  TempDir dir;
  const std::string path = dir.path() + "/state.db";
  ItemRecord a = record("A", "id:1", "Überschrift", kT0);
  a.item.published = utc_at(kT0 - 10);
  FeedRecord feed = feed_record("A", "\"x\"", "Tue, 02 Sep 2025 09:15:00 GMT", at(kT0), std::nullopt, "");
  {
    auto store = open_store(path);
    ASSERT_NE(store, nullptr);
    ASSERT_EQ(store->save({a, record("B", "link:https://b/1", "b")}, {feed}, {}), "");
  }
  auto store = open_store(path);
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(described(store->load_items()), described(std::vector{a, record("B", "link:https://b/1", "b")}));
  EXPECT_EQ(described(store->load_feeds()), described(std::vector{feed}));
  EXPECT_EQ(store->integrity_check(), "ok");
}

TEST(StateStoreOpen, ReadOnlyOpenReadsBesideTheOwnerAndWritesNothing) {
  TempDir dir;
  const std::string path = dir.path() + "/state.db";
  auto owner = open_store(path);
  ASSERT_NE(owner, nullptr);
  FeedRecord feed = feed_record("A", "\"x\"", "", at(kT0), std::nullopt, "");
  ASSERT_EQ(owner->save({record("A", "id:1", "one")}, {feed}, {}), "");

  auto opened = StateStore::open_read_only(path);
  ASSERT_TRUE(std::holds_alternative<std::unique_ptr<StateStore>>(opened)) << std::get<std::string>(opened);
  auto& reader = std::get<std::unique_ptr<StateStore>>(opened);
  EXPECT_EQ(described(reader->load_feeds()), described(std::vector{feed}));
  EXPECT_EQ(reader->load_items().size(), 1u);
  EXPECT_THAT(reader->save({record("A", "id:2", "two")}, {}, {}), HasSubstr("read only"));
  EXPECT_THAT(reader->prune(at(kT0)), HasSubstr("read only"));
  EXPECT_EQ(owner->load_items().size(), 1u);
}

TEST(StateStoreOpen, ReadOnlyOpenOfAMissingFileSaysNoStateYet) {
  TempDir dir;
  auto opened = StateStore::open_read_only(dir.path() + "/none.db");
  ASSERT_TRUE(std::holds_alternative<std::string>(opened));
  EXPECT_THAT(std::get<std::string>(opened), HasSubstr("none.db"));
  EXPECT_FALSE(std::filesystem::exists(dir.path() + "/none.db"));
}

TEST(StateStoreOpen, CreatesMissingDirectories) {
  TempDir dir;
  const std::string path = dir.path() + "/var/lib/headliner/state.db";
  auto store = open_store(path);
  ASSERT_NE(store, nullptr);
  EXPECT_TRUE(fs::is_regular_file(path));
  EXPECT_EQ(store->path(), path);
}

TEST(StateStoreOpen, SecondOpenOfTheSamePathNamesAnotherHeadlinerAndItsPid) {
  TempDir dir;
  const std::string path = dir.path() + "/state.db";
  auto first = open_store(path);
  ASSERT_NE(first, nullptr);

  const std::string error = open_error(path);
  EXPECT_THAT(error, HasSubstr(path));
  EXPECT_THAT(error, HasSubstr("another headliner"));
  EXPECT_THAT(error, HasSubstr("(pid " + std::to_string(::getpid()) + ")"));

  first.reset();  // closing releases the lock
  EXPECT_NE(open_store(path), nullptr);
}

TEST(StateStoreOpen, PathUnderARegularFileFailsNamingThePath) {
  TempDir dir;
  const std::string file = dir.write("FILE", "not a directory\n");
  const std::string path = file + "/state.db";
  const std::string error = open_error(path);
  EXPECT_THAT(error, HasSubstr("cannot open " + path + ": "));
}

TEST(StateStoreOpen, PathUnderProcFailsNamingThePath) {
  if (!fs::is_directory("/proc/self")) GTEST_SKIP() << "/proc is not mounted";
  const std::string path = "/proc/headliner-state-test/state.db";
  EXPECT_THAT(open_error(path), HasSubstr("cannot open " + path + ": "));
}

TEST(StateStoreOpen, ReadOnlyDirectoryFailsNamingThePath) {
  TempDir dir;
  const std::string locked = dir.path() + "/locked";
  ASSERT_TRUE(fs::create_directory(locked));
  ASSERT_EQ(::chmod(locked.c_str(), 0500), 0);
  struct Restore {  // so TempDir can remove it
    std::string dir;
    ~Restore() { ::chmod(dir.c_str(), 0700); }
  } restore{locked};
  if (std::ofstream(locked + "/probe")) {
    GTEST_SKIP() << "permissions do not stop writes here (running as root?); "
                    "PathUnderARegularFileFailsNamingThePath and PathUnderProcFailsNamingThePath cover this";
  }
  const std::string path = locked + "/state.db";
  const std::string error = open_error(path);
  EXPECT_THAT(error, HasSubstr("cannot open " + path + ": "));
  EXPECT_THAT(error, HasSubstr("ermission denied"));
}

TEST(StateStoreOpen, EmptyPathFails) { EXPECT_THAT(open_error(""), HasSubstr("path is empty")); }

TEST(StateStoreOpen, NewerSchemaVersionFailsClearlyAndLeavesTheFileAlone) {
  TempDir dir;
  const std::string path = dir.path() + "/state.db";
  {
    auto store = open_store(path);
    ASSERT_NE(store, nullptr);
    ASSERT_EQ(store->save({record("A", "id:1", "one")}, {}, {}), "");
  }
  ASSERT_FALSE(fs::exists(path + "-wal")) << "closing checkpoints the log into the file";
  {
    // user_version: 4 bytes, big-endian, at offset 60 of the file header (sqlite.org/fileformat.html).
    std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(60);
    const char version_4[4] = {0, 0, 0, 4};
    file.write(version_4, 4);
    ASSERT_TRUE(file.good());
  }
  const FileStamp before = stamp(path);

  const std::string error = open_error(path);
  EXPECT_THAT(error, HasSubstr("cannot open " + path + ": "));
  EXPECT_THAT(error, HasSubstr("schema version is 4"));
  EXPECT_THAT(error, HasSubstr("newer headliner"));
  EXPECT_EQ(stamp(path), before);
}

TEST(StateStoreOpen, FileThatIsNotADatabaseFails) {
  TempDir dir;
  const std::string path = dir.write("state.db", std::string(4096, 'x'));
  const std::string error = open_error(path);
  EXPECT_THAT(error, HasSubstr("cannot open " + path + ": "));
  EXPECT_THAT(error, HasSubstr("not a database"));
}

TEST(StateStoreSave, IntegrityCheckIsOkAfterManySaves) {
  TempDir dir;
  auto store = open_store(dir.path() + "/state.db");
  ASSERT_NE(store, nullptr);
  for (int cycle = 0; cycle < 300; ++cycle) {
    std::vector<ItemRecord> items;
    for (int i = 0; i < 20; ++i) {
      items.push_back(record("F" + std::to_string(i % 4), "id:" + std::to_string(cycle * 7 + i),
                             "Headline " + std::to_string(cycle) + " · " + std::string(static_cast<std::size_t>(i * 5), 'x'),
                             kT0 + cycle));
    }
    Removed removed;
    if (cycle >= 10) removed.push_back(key("F0", "id:" + std::to_string((cycle - 10) * 7)));  // its i = 0 item
    std::vector<FeedRecord> feeds{feed_record("F" + std::to_string(cycle % 4), std::to_string(cycle), "", at(kT0 + cycle),
                                             std::nullopt, "")};
    ASSERT_EQ(store->save(views(items), feeds, removed), "") << "cycle " << cycle;
    if (cycle % 50 == 49) {
      ASSERT_EQ(store->prune(at(kT0 + cycle - 20)), "");
    }
  }
  EXPECT_EQ(store->integrity_check(), "ok");
  EXPECT_GT(store->page_count(), 0u);
}

TEST(StateStorePrune, RemovesOnlyItemsLastSeenBeforeTheCutoff) {
  TempDir dir;
  auto store = open_store(dir.path() + "/state.db");
  ASSERT_NE(store, nullptr);
  ItemRecord old = record("A", "id:old", "old", kT0 - 86400);
  ItemRecord edge = record("A", "id:edge", "edge", kT0);  // seen exactly at the cutoff: kept
  ItemRecord fresh = record("B", "id:fresh", "fresh", kT0 + 60);
  FeedRecord feed = feed_record("A", "", "", at(kT0 - 86400), std::nullopt, "");
  ASSERT_EQ(store->save({old, edge, fresh}, {feed}, {}), "");

  ASSERT_EQ(store->prune(at(kT0)), "");
  EXPECT_EQ(described(store->load_items()), described(std::vector{edge, fresh}));
  EXPECT_EQ(store->load_feeds().size(), 1u);  // feeds are not pruned
}

TEST(StateStoreSave, FailedCycleIsRolledBackWholeAndTheStoreStaysUsable) {
  TempDir dir;
  StateStoreOptions options;
  options.max_bytes = 64 * 1024;  // a tiny "disk"
  auto store = open_store(dir.path() + "/state.db", options);
  ASSERT_NE(store, nullptr);
  ItemRecord kept = record("A", "id:kept", "kept", kT0);
  FeedRecord feed = feed_record("A", "v1", "", at(kT0), std::nullopt, "");
  ASSERT_EQ(store->save({kept}, {feed}, {}), "");

  // A cycle that changes what is there, removes it, and then does not fit.
  std::vector<ItemRecord> big;
  ItemRecord changed = kept;
  changed.item.title = "changed";
  big.push_back(changed);
  for (int i = 0; i < 200; ++i) big.push_back(record("A", "id:" + std::to_string(i), std::string(1000, 'x')));
  FeedRecord changed_feed = feed_record("A", "v2", "", at(kT0 + 1), std::nullopt, "x");
  const std::string error = store->save(views(big), {changed_feed}, {key("A", "id:kept")});
  EXPECT_THAT(error, HasSubstr("cannot save state to " + store->path() + ": "));
  EXPECT_THAT(error, HasSubstr("full"));

  EXPECT_EQ(described(store->load_items()), described(std::vector{kept}));
  EXPECT_EQ(described(store->load_feeds()), described(std::vector{feed}));
  EXPECT_LE(store->page_count() * 4096, options.max_bytes);

  // Still usable: a cycle that fits is kept.
  ASSERT_EQ(store->save({changed}, {changed_feed}, {}), "");
  EXPECT_EQ(described(store->load_items()), described(std::vector{changed}));
  EXPECT_EQ(store->integrity_check(), "ok");
}

// ---------------------------------------------------------------------------
// Crash safety: a child saves cycles until SIGKILL; every cycle it reported
// committed must be there, and the file must be intact.

constexpr int kSlots = 8;

// In the forked child: no gtest, no return. Reports each committed cycle
// number on `report_fd` (8 bytes, atomic on a pipe).
[[noreturn]] void save_cycles_until_killed(const std::string& path, std::int64_t first_cycle, int report_fd) {
  auto opened = StateStore::open(path);
  if (opened.index() != 0) ::_exit(3);
  StateStore& store = *std::get<std::unique_ptr<StateStore>>(opened);
  for (std::int64_t cycle = first_cycle;; ++cycle) {
    const std::string n = std::to_string(cycle);
    std::vector<ItemRecord> items{record("kill", "cycle:" + n, "marker " + n, kT0 + cycle % 1000)};
    items.push_back(record("kill", "tmp:" + n, "temporary " + n));
    for (int slot = 0; slot < kSlots; ++slot) {
      items.push_back(record("kill", "slot:" + std::to_string(slot), "cycle " + n, kT0));
      items.back().item.link = "https://example.com/" + std::string(200, 's');  // more pages per cycle
    }
    std::vector<FeedRecord> feeds{feed_record("kill", n, "", at(kT0), std::nullopt, "")};
    Removed removed{key("kill", "tmp:" + std::to_string(cycle - 1))};
    const int count = static_cast<int>(cycle % 1000);
    std::vector<ShownRecord> shown{{item_hash("kill", "slot:0", at(kT0)), at(kT0 + count), count}};
    if (!store.save(views(items), feeds, removed, shown).empty()) ::_exit(4);
    if (::write(report_fd, &cycle, sizeof cycle) != static_cast<ssize_t>(sizeof cycle)) ::_exit(5);
  }
}

std::size_t thread_count() {
  std::size_t n = 0;
  std::error_code error;
  for (auto it = fs::directory_iterator("/proc/self/task", error); !error && it != fs::directory_iterator();
       it.increment(error))
    ++n;
  return n;
}

std::vector<std::int64_t> read_reports(int fd) {
  std::vector<std::int64_t> cycles;
  std::string bytes;
  char buffer[4096];
  for (;;) {
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    bytes.append(buffer, static_cast<std::size_t>(n));
  }
  for (std::size_t i = 0; i + sizeof(std::int64_t) <= bytes.size(); i += sizeof(std::int64_t)) {
    std::int64_t cycle;
    std::memcpy(&cycle, bytes.data() + i, sizeof cycle);
    cycles.push_back(cycle);
  }
  return cycles;
}

constexpr int kKillRounds = 300;

TEST(StateStoreKill, EveryReportedCycleSurvivesSigkillAndTheFileStaysIntact) {
  if (test::under_emulator()) {
    GTEST_SKIP() << "under qemu-user the child does not reach its first commit within the 0-20 ms the kills aim at";
  }
  const std::size_t threads = thread_count();
  if (threads != 1) GTEST_SKIP() << "fork() needs a single-threaded test process; this one has " << threads;
  TempDir dir;
  const std::string path = dir.path() + "/state.db";
  const unsigned seed = std::random_device{}();
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937 random(seed);
  // Hundreds of kills at random moments, most of them in the middle of a
  // transaction (a cycle commits every few milliseconds): at most 6 s asleep.
  std::uniform_int_distribution<int> sleep_us(0, 20'000);

  std::size_t committed_total = 0;
  for (int round = 0; round < kKillRounds; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    int pipe_fds[2];
    ASSERT_EQ(::pipe2(pipe_fds, O_CLOEXEC), 0);
    const std::int64_t first_cycle = std::int64_t{round} * 1'000'000 + 1;
    const pid_t child = ::fork();
    ASSERT_GE(child, 0) << "fork failed";
    if (child == 0) {
      ::close(pipe_fds[0]);
      save_cycles_until_killed(path, first_cycle, pipe_fds[1]);
    }
    ::close(pipe_fds[1]);
    std::this_thread::sleep_for(std::chrono::microseconds(sleep_us(random)));
    ::kill(child, SIGKILL);
    int status = 0;
    while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
    }
    const std::vector<std::int64_t> reported = read_reports(pipe_fds[0]);
    ::close(pipe_fds[0]);
    ASSERT_TRUE(WIFSIGNALED(status)) << "the child stopped by itself with exit code " << WEXITSTATUS(status);
    committed_total += reported.size();

    auto store = open_store(path);
    ASSERT_NE(store, nullptr);
    ASSERT_EQ(store->integrity_check(), "ok");
    std::set<std::string> identities;
    std::map<std::string, std::string> slot_titles;
    for (const ItemRecord& r : store->load_items()) {
      identities.insert(r.identity);
      if (r.identity.starts_with("slot:")) slot_titles[r.identity] = r.item.title;
    }
    for (std::int64_t cycle : reported) {
      ASSERT_TRUE(identities.contains("cycle:" + std::to_string(cycle))) << "committed cycle " << cycle << " is lost";
    }

    // A cycle is kept whole or not at all: the feed and every slot name the same cycle.
    const std::vector<FeedRecord> feeds = store->load_feeds();
    if (feeds.empty()) {
      ASSERT_TRUE(reported.empty());
      continue;
    }
    ASSERT_EQ(feeds.size(), 1u);
    const std::int64_t last = std::stoll(feeds[0].etag);
    if (!reported.empty()) {
      EXPECT_GE(last, reported.back());
      EXPECT_LE(last, reported.back() + 1);  // at most the one it was killed after committing
    }
    ASSERT_EQ(slot_titles.size(), static_cast<std::size_t>(kSlots));
    for (const auto& [slot, title] : slot_titles)
      EXPECT_EQ(title, "cycle " + std::to_string(last)) << slot;
    const std::vector<ShownRecord> shown = store->load_shown();
    ASSERT_EQ(shown.size(), 1u);
    EXPECT_EQ(shown[0].times_shown, static_cast<int>(last % 1000));
  }
  EXPECT_GT(committed_total, 0u) << "the child never committed a cycle: the test proved nothing";
}

}  // namespace
}  // namespace headliner

// ---------------------------------------------------------------------------
// Shown marks

namespace headliner {
namespace {

using namespace std::chrono_literals;

ShownRecord mark(const std::string& feed, const std::string& identity, std::int64_t last_shown, int times) {
  return {item_hash(feed, identity, at(kT0)), at(last_shown), times};
}

std::set<std::tuple<ItemHash, std::int64_t, int>> marks_of(const StateStore& store) {
  std::set<std::tuple<ItemHash, std::int64_t, int>> marks;
  for (const ShownRecord& r : store.load_shown())
    marks.emplace(r.item, std::chrono::floor<std::chrono::seconds>(r.last_shown.time_since_epoch()).count(),
                  r.times_shown);
  return marks;
}

TEST(StateStoreShown, MarksRoundTripAndAreUpdatedInPlace) {
  TempDir dir;
  const std::string path = dir.path() + "/state.db";
  // Hashes with the top bit set are stored as negative numbers and come back the same.
  const ShownRecord high{0xfedcba9876543210ull, at(kT0), 1};
  {
    auto store = open_store(path);
    ASSERT_NE(store, nullptr);
    ASSERT_EQ(store->save({}, {}, {}, {mark("A", "id:1", kT0, 1), high}), "");
    ASSERT_EQ(store->save({}, {}, {}, {mark("A", "id:1", kT0 + 600, 2)}), "");
  }
  auto store = open_store(path);
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(marks_of(*store), (std::set<std::tuple<ItemHash, std::int64_t, int>>{
                                  {item_hash("A", "id:1", at(kT0)), kT0 + 600, 2}, {0xfedcba9876543210ull, kT0, 1}}));
}

TEST(StateStoreShown, ResavingAnUnchangedMarkChangesNoRow) {
  TempDir dir;
  auto store = open_store(dir.path() + "/state.db");
  ASSERT_NE(store, nullptr);
  ASSERT_EQ(store->save({}, {}, {}, {mark("A", "id:1", kT0, 1)}), "");
  const std::int64_t changes = store->total_changes();
  ASSERT_EQ(store->save({}, {}, {}, {mark("A", "id:1", kT0, 1)}), "");
  EXPECT_EQ(store->total_changes(), changes);
}

TEST(StateStoreShown, PruneDropsMarksLastShownBeforeTheCutoff) {
  TempDir dir;
  auto store = open_store(dir.path() + "/state.db");
  ASSERT_NE(store, nullptr);
  ASSERT_EQ(store->save({}, {}, {}, {mark("A", "old", kT0 - 1, 4), mark("A", "edge", kT0, 1)}), "");
  ASSERT_EQ(store->prune(at(kT0)), "");
  EXPECT_EQ(marks_of(*store),
            (std::set<std::tuple<ItemHash, std::int64_t, int>>{{item_hash("A", "edge", at(kT0)), kT0, 1}}));
}

// The schema of the first release, which had times_shown on each item.
constexpr const char* kSchemaVersion1 = R"sql(
CREATE TABLE items(feed TEXT NOT NULL, identity TEXT NOT NULL, title TEXT NOT NULL, link TEXT, id TEXT,
  published INTEGER, updated INTEGER, first_seen INTEGER NOT NULL, last_seen INTEGER NOT NULL,
  times_shown INTEGER NOT NULL, PRIMARY KEY(feed, identity)) WITHOUT ROWID;
CREATE TABLE feeds(name TEXT PRIMARY KEY NOT NULL, url TEXT NOT NULL, location TEXT NOT NULL, etag TEXT NOT NULL,
  last_modified TEXT NOT NULL, last_attempt INTEGER, last_success INTEGER, not_modified INTEGER NOT NULL,
  failing_since INTEGER, failures INTEGER NOT NULL, last_error TEXT NOT NULL, next_attempt INTEGER,
  next_reason TEXT NOT NULL);
INSERT INTO items VALUES('A', 'id:1', 'Rates held', NULL, '1', NULL, NULL, 1756796400, 1756800000, 0);
INSERT INTO feeds VALUES('A', 'https://example.com/A', '', '"x"', '', NULL, 1756800000, 0, NULL, 0, '', NULL, '');
PRAGMA user_version = 1;
)sql";

struct SqliteCloser {
  void operator()(sqlite3* db) const { sqlite3_close(db); }
};

// Runs `sql` on the file at `path` with SQLite itself; returns the first
// column of each row, joined by ",".
std::string sqlite_query(const std::string& path, const char* sql) {
  sqlite3* raw = nullptr;
  sqlite3_open(path.c_str(), &raw);
  std::unique_ptr<sqlite3, SqliteCloser> db(raw);
  std::string out;
  auto collect = [](void* sink, int, char** values, char**) {
    auto& text = *static_cast<std::string*>(sink);
    text += (text.empty() ? "" : ",") + std::string(values[0] ? values[0] : "NULL");
    return 0;
  };
  char* error = nullptr;
  if (sqlite3_exec(db.get(), sql, collect, &out, &error) != SQLITE_OK) {
    out = std::string("error: ") + (error ? error : "?");
    sqlite3_free(error);
  }
  return out;
}

TEST(StateStoreOpen, AFileOfSchemaVersion1IsUpgradedKeepingItsItemsAndFeeds) {
  TempDir dir;
  const std::string path = dir.path() + "/state.db";
  ASSERT_EQ(sqlite_query(path, kSchemaVersion1), "");

  // Beside an old headliner still running on it, `status` reads it as it is.
  {
    auto opened = StateStore::open_read_only(path);
    ASSERT_TRUE(std::holds_alternative<std::unique_ptr<StateStore>>(opened)) << std::get<std::string>(opened);
    auto& reader = std::get<std::unique_ptr<StateStore>>(opened);
    EXPECT_EQ(reader->load_items().size(), 1u);
    EXPECT_TRUE(reader->load_shown().empty());
  }
  {
    auto store = open_store(path);
    ASSERT_NE(store, nullptr);
    const std::vector<ItemRecord> items = store->load_items();
    ASSERT_EQ(items.size(), 1u);
    EXPECT_EQ(items[0].item.title, "Rates held");
    EXPECT_EQ(items[0].last_seen, at(1756800000));
    ASSERT_EQ(store->load_feeds().size(), 1u);
    EXPECT_EQ(store->load_feeds()[0].etag, "\"x\"");
    ASSERT_EQ(store->save({}, {}, {}, {mark("A", "id:1", kT0, 1)}), "");
  }
  EXPECT_EQ(sqlite_query(path, "PRAGMA user_version"), "3");
  EXPECT_EQ(sqlite_query(path, "SELECT name FROM pragma_table_info('items') ORDER BY cid"),
            "feed,identity,title,link,id,published,updated,first_seen,last_seen");
  auto store = open_store(path);
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(store->load_shown().size(), 1u);
  EXPECT_EQ(store->integrity_check(), "ok");
}

// Version 2 kept items by (feed, identity).
constexpr const char* kSchemaVersion2 = R"sql(
CREATE TABLE items(feed TEXT NOT NULL, identity TEXT NOT NULL, title TEXT NOT NULL, link TEXT, id TEXT,
  published INTEGER, updated INTEGER, first_seen INTEGER NOT NULL, last_seen INTEGER NOT NULL,
  PRIMARY KEY(feed, identity)) WITHOUT ROWID;
CREATE TABLE feeds(name TEXT PRIMARY KEY NOT NULL, url TEXT NOT NULL, location TEXT NOT NULL, etag TEXT NOT NULL,
  last_modified TEXT NOT NULL, last_attempt INTEGER, last_success INTEGER, not_modified INTEGER NOT NULL,
  failing_since INTEGER, failures INTEGER NOT NULL, last_error TEXT NOT NULL, next_attempt INTEGER,
  next_reason TEXT NOT NULL);
CREATE TABLE shown(item INTEGER PRIMARY KEY NOT NULL, last_shown INTEGER NOT NULL, times_shown INTEGER NOT NULL);
INSERT INTO items VALUES('B', 'id:2', 'Storm', NULL, '2', NULL, NULL, 1756796500, 1756800000);
INSERT INTO items VALUES('A', 'id:1', 'Rates held', NULL, '1', NULL, NULL, 1756796400, 1756800000);
INSERT INTO shown VALUES(42, 1756800000, 3);
PRAGMA user_version = 2;
)sql";

TEST(StateStoreOpen, AFileOfSchemaVersion2IsUpgradedToRowsInTheOrderFirstSeen) {
  TempDir dir;
  const std::string path = dir.path() + "/state.db";
  ASSERT_EQ(sqlite_query(path, kSchemaVersion2), "");
  {
    auto store = open_store(path);
    ASSERT_NE(store, nullptr);
    const std::vector<ItemRecord> items = store->load_items();
    ASSERT_EQ(items.size(), 2u);
    EXPECT_EQ(items[0].item.title, "Rates held");  // first seen first
    EXPECT_EQ(items[1].item.title, "Storm");
    EXPECT_EQ(store->load_shown().size(), 1u);
    // A row is named by when it was first seen too.
    ASSERT_EQ(store->save({}, {}, {ItemKey{"A", "id:1", at(1756796400)}}), "");
    EXPECT_EQ(store->load_items().size(), 1u);
  }
  EXPECT_EQ(sqlite_query(path, "PRAGMA user_version"), "3");
  EXPECT_EQ(sqlite_query(path, "SELECT name FROM pragma_index_info('sqlite_autoindex_items_1') ORDER BY seqno"),
            "first_seen,feed,identity");
}

}  // namespace
}  // namespace headliner
