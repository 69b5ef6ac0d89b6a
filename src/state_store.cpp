#include "state_store.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <limits>
#include <stdexcept>
#include <system_error>

namespace headliner {
namespace {

constexpr int kSchemaVersion = 3;
constexpr std::int64_t kJournalSizeLimit = std::int64_t{4} << 20;  // the WAL file shrinks back to this
constexpr std::size_t kMaxIntegrityLines = 100;

// Items are kept in the order they were first seen: a refresh cycle's new
// items, from every feed, land together on the last pages, and a cycle
// writes those few pages rather than one page per feed (as a key that led
// with the feed did: 23 MB a day to the SD card for 50 feeds, bench/state_year).
// The store in memory knows each item's first_seen, so it still names rows
// exactly.
#define HEADLINER_ITEMS_TABLE(name) \
  "CREATE TABLE " name "(\n"       \
  "  feed TEXT NOT NULL,\n"        \
  "  identity TEXT NOT NULL,\n"    \
  "  title TEXT NOT NULL,\n"       \
  "  link TEXT,\n"                 \
  "  id TEXT,\n"                   \
  "  published INTEGER,\n"         \
  "  updated INTEGER,\n"           \
  "  first_seen INTEGER NOT NULL,\n" \
  "  last_seen INTEGER NOT NULL,\n"  \
  "  PRIMARY KEY(first_seen, feed, identity)\n" \
  ") WITHOUT ROWID;\n"

constexpr const char* kSchema = HEADLINER_ITEMS_TABLE("items") R"sql(
CREATE TABLE feeds(
  name TEXT PRIMARY KEY NOT NULL,
  url TEXT NOT NULL,
  location TEXT NOT NULL,
  etag TEXT NOT NULL,
  last_modified TEXT NOT NULL,
  last_attempt INTEGER,
  last_success INTEGER,
  not_modified INTEGER NOT NULL,
  failing_since INTEGER,
  failures INTEGER NOT NULL,
  last_error TEXT NOT NULL,
  next_attempt INTEGER,
  next_reason TEXT NOT NULL
);
CREATE TABLE shown(
  item INTEGER PRIMARY KEY NOT NULL,
  last_shown INTEGER NOT NULL,
  times_shown INTEGER NOT NULL
);
PRAGMA user_version = 3;
)sql";

// Version 1 kept a times_shown column per item that nothing wrote; shown
// marks have their own small table since version 2 (item_hash.hpp says why).
constexpr const char* kMigrateFrom1 = R"sql(
CREATE TABLE shown(
  item INTEGER PRIMARY KEY NOT NULL,
  last_shown INTEGER NOT NULL,
  times_shown INTEGER NOT NULL
);
ALTER TABLE items DROP COLUMN times_shown;
PRAGMA user_version = 2;
)sql";

// Version 2 kept items by (feed, identity); version 3 by first sight.
constexpr const char* kMigrateFrom2 = HEADLINER_ITEMS_TABLE("items_v3") R"sql(
INSERT INTO items_v3 SELECT feed, identity, title, link, id, published, updated, first_seen, last_seen FROM items;
DROP TABLE items;
ALTER TABLE items_v3 RENAME TO items;
PRAGMA user_version = 3;
)sql";
#undef HEADLINER_ITEMS_TABLE

// Upserts rewrite a row only when something in it changed: fewer dirty pages,
// fewer bytes to the SD card.
constexpr const char* kUpsertItem = R"sql(
INSERT INTO items(feed, identity, title, link, id, published, updated, first_seen, last_seen)
VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
ON CONFLICT(first_seen, feed, identity) DO UPDATE SET
  title = excluded.title, link = excluded.link, id = excluded.id,
  published = excluded.published, updated = excluded.updated, last_seen = excluded.last_seen
WHERE title IS NOT excluded.title OR link IS NOT excluded.link OR id IS NOT excluded.id
   OR published IS NOT excluded.published OR updated IS NOT excluded.updated
   OR last_seen IS NOT excluded.last_seen
)sql";

constexpr const char* kUpsertShown = R"sql(
INSERT INTO shown(item, last_shown, times_shown) VALUES(?1, ?2, ?3)
ON CONFLICT(item) DO UPDATE SET last_shown = excluded.last_shown, times_shown = excluded.times_shown
WHERE last_shown IS NOT excluded.last_shown OR times_shown IS NOT excluded.times_shown
)sql";

constexpr const char* kUpsertFeed = R"sql(
INSERT INTO feeds(name, url, location, etag, last_modified, last_attempt, last_success, not_modified,
                  failing_since, failures, last_error, next_attempt, next_reason)
VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
ON CONFLICT(name) DO UPDATE SET
  url = excluded.url, location = excluded.location, etag = excluded.etag,
  last_modified = excluded.last_modified, last_attempt = excluded.last_attempt,
  last_success = excluded.last_success, not_modified = excluded.not_modified,
  failing_since = excluded.failing_since, failures = excluded.failures, last_error = excluded.last_error,
  next_attempt = excluded.next_attempt, next_reason = excluded.next_reason
WHERE url IS NOT excluded.url OR location IS NOT excluded.location OR etag IS NOT excluded.etag
   OR last_modified IS NOT excluded.last_modified OR last_attempt IS NOT excluded.last_attempt
   OR last_success IS NOT excluded.last_success OR not_modified IS NOT excluded.not_modified
   OR failing_since IS NOT excluded.failing_since OR failures IS NOT excluded.failures
   OR last_error IS NOT excluded.last_error OR next_attempt IS NOT excluded.next_attempt
   OR next_reason IS NOT excluded.next_reason
)sql";

constexpr const char* kDeleteItem = "DELETE FROM items WHERE first_seen = ?1 AND feed = ?2 AND identity = ?3";
// In key order: should an item have two rows (seen again after memory forgot
// it but a failed prune left the file's row), the newer comes last and wins.
constexpr const char* kSelectItems =
    "SELECT feed, identity, title, link, id, published, updated, first_seen, last_seen "
    "FROM items ORDER BY first_seen, feed, identity";
constexpr const char* kSelectShown = "SELECT item, last_shown, times_shown FROM shown";
constexpr const char* kSelectFeeds =
    "SELECT name, url, location, etag, last_modified, last_attempt, last_success, not_modified, failing_since, "
    "failures, last_error, next_attempt, next_reason FROM feeds ORDER BY name";
constexpr const char* kPruneItems = "DELETE FROM items WHERE last_seen < ?1";
constexpr const char* kPruneShown = "DELETE FROM shown WHERE last_shown < ?1";

std::string errno_message(int error) { return std::system_category().message(error); }

// A file descriptor, closed with the object.
class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  UniqueFd(UniqueFd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept {
    if (this != &other) {
      reset();
      fd_ = std::exchange(other.fd_, -1);
    }
    return *this;
  }
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  ~UniqueFd() { reset(); }
  int get() const { return fd_; }
  explicit operator bool() const { return fd_ >= 0; }

 private:
  void reset() noexcept {
    if (fd_ >= 0) ::close(fd_);  // closing releases the flock
    fd_ = -1;
  }
  int fd_ = -1;
};

struct DatabaseCloser {
  // close_v2: never fails for a busy connection; statements are finalized before anyway.
  void operator()(sqlite3* db) const noexcept { sqlite3_close_v2(db); }
};
using Database = std::unique_ptr<sqlite3, DatabaseCloser>;

struct StatementFinalizer {
  void operator()(sqlite3_stmt* statement) const noexcept { sqlite3_finalize(statement); }
};
using Statement = std::unique_ptr<sqlite3_stmt, StatementFinalizer>;

// One use of a prepared statement: reset and unbound when the use ends, so no
// read snapshot outlives it (in WAL a pending read would hold back checkpoints).
class StatementUse {
 public:
  explicit StatementUse(const Statement& statement) : statement_(statement.get()) {}
  ~StatementUse() {
    sqlite3_reset(statement_);
    sqlite3_clear_bindings(statement_);
  }
  StatementUse(const StatementUse&) = delete;
  StatementUse& operator=(const StatementUse&) = delete;
  sqlite3_stmt* get() const { return statement_; }

 private:
  sqlite3_stmt* statement_;
};

std::string db_error(sqlite3* db) { return sqlite3_errmsg(db); }

std::variant<Statement, std::string> prepare(sqlite3* db, const char* sql) {
  sqlite3_stmt* raw = nullptr;
  int rc = sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &raw, nullptr);
  Statement statement(raw);
  if (rc != SQLITE_OK) return db_error(db);
  if (!statement) return std::string("empty statement");
  return statement;
}

// Runs SQL whose result rows, if any, are not needed; "" or the error.
std::string exec(sqlite3* db, const char* sql) {
  return sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK ? std::string() : db_error(db);
}

// The first column of the first row of a one-value query.
std::variant<std::int64_t, std::string> query_int(sqlite3* db, const char* sql) {
  auto prepared = prepare(db, sql);
  if (auto* error = std::get_if<std::string>(&prepared)) return *error;
  const Statement& statement = std::get<Statement>(prepared);
  int rc = sqlite3_step(statement.get());
  if (rc == SQLITE_ROW) return std::int64_t{sqlite3_column_int64(statement.get(), 0)};
  if (rc == SQLITE_DONE) return std::string("no result from ") + sql;
  return db_error(db);
}


// Unix seconds, rounded down.
std::int64_t to_unix(WallTime time) {
  return std::chrono::floor<std::chrono::seconds>(time.time_since_epoch()).count();
}

// Clamped to what WallTime can hold (about 1678..2262 with nanoseconds), so a
// damaged file cannot make the conversion overflow.
WallTime wall_from_unix(std::int64_t unix_seconds) {
  using std::chrono::seconds;
  constexpr std::int64_t kMin = std::chrono::duration_cast<seconds>(WallTime::duration::min()).count();
  constexpr std::int64_t kMax = std::chrono::duration_cast<seconds>(WallTime::duration::max()).count();
  return WallTime(std::chrono::duration_cast<WallTime::duration>(seconds(std::clamp(unix_seconds, kMin, kMax))));
}

// Binding: the first failure is kept, later binds are skipped.
class Binder {
 public:
  explicit Binder(sqlite3_stmt* statement) : statement_(statement) {}
  Binder& text(int index, std::string_view value) {
    // Never a null pointer, so "" binds as an empty text, not NULL.
    if (rc_ == SQLITE_OK)
      rc_ = sqlite3_bind_text64(statement_, index, value.empty() ? "" : value.data(), value.size(), SQLITE_STATIC,
                                SQLITE_UTF8);
    return *this;
  }
  Binder& text(int index, const std::string& value) { return text(index, std::string_view(value)); }
  Binder& text(int index, const std::optional<std::string>& value) {
    return value ? text(index, *value) : null(index);
  }
  Binder& integer(int index, std::int64_t value) {
    if (rc_ == SQLITE_OK) rc_ = sqlite3_bind_int64(statement_, index, value);
    return *this;
  }
  // Stored as SQLite's signed 64-bit integer, the same bits.
  Binder& hash(int index, ItemHash value) { return integer(index, static_cast<std::int64_t>(value)); }
  Binder& time(int index, WallTime value) { return integer(index, to_unix(value)); }
  Binder& time(int index, const std::optional<WallTime>& value) { return value ? time(index, *value) : null(index); }
  Binder& time(int index, const std::optional<UtcTime>& value) {
    return value ? integer(index, value->time_since_epoch().count()) : null(index);
  }
  Binder& null(int index) {
    if (rc_ == SQLITE_OK) rc_ = sqlite3_bind_null(statement_, index);
    return *this;
  }
  int rc() const { return rc_; }

 private:
  sqlite3_stmt* statement_;
  int rc_ = SQLITE_OK;
};

std::string column_text(sqlite3_stmt* statement, int column) {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement, column));
  if (!text) return "";
  return std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(statement, column)));
}

// The first column of the first row as text, or the error.
struct TextResult {
  std::string value;
  std::string error;  // "" when ok
};
TextResult query_text(sqlite3* db, const char* sql) {
  auto prepared = prepare(db, sql);
  if (auto* error = std::get_if<std::string>(&prepared)) return {"", *error};
  const Statement& statement = std::get<Statement>(prepared);
  int rc = sqlite3_step(statement.get());
  if (rc == SQLITE_ROW) return {column_text(statement.get(), 0), ""};
  return {"", rc == SQLITE_DONE ? std::string("no result from ") + sql : db_error(db)};
}

bool column_null(sqlite3_stmt* statement, int column) {
  return sqlite3_column_type(statement, column) == SQLITE_NULL;
}

std::optional<std::string> column_optional_text(sqlite3_stmt* statement, int column) {
  if (column_null(statement, column)) return std::nullopt;
  return column_text(statement, column);
}

std::optional<UtcTime> column_utc(sqlite3_stmt* statement, int column) {
  if (column_null(statement, column)) return std::nullopt;
  return UtcTime(std::chrono::seconds(sqlite3_column_int64(statement, column)));
}

WallTime column_wall(sqlite3_stmt* statement, int column) {
  return wall_from_unix(sqlite3_column_int64(statement, column));
}

std::optional<WallTime> column_optional_wall(sqlite3_stmt* statement, int column) {
  if (column_null(statement, column)) return std::nullopt;
  return column_wall(statement, column);
}

// The pid another headliner wrote into the lock file, if readable: a bounded read.
std::string pid_in(int fd) {
  char buffer[32];
  ssize_t n = ::pread(fd, buffer, sizeof buffer, 0);
  std::string pid;
  for (ssize_t i = 0; i < n && buffer[i] >= '0' && buffer[i] <= '9'; ++i) pid += buffer[i];
  return pid.empty() ? "unknown" : pid;
}

// Takes PATH.lock: exclusive while this store is open; holds our pid.
std::variant<UniqueFd, std::string> take_lock(const std::string& path) {
  const std::string lock_path = path + ".lock";
  UniqueFd fd(::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOCTTY, 0644));
  if (!fd) return "cannot open " + path + ": cannot open its lock file " + lock_path + ": " + errno_message(errno);
  int rc;
  do rc = ::flock(fd.get(), LOCK_EX | LOCK_NB);
  while (rc != 0 && errno == EINTR);
  if (rc != 0) {
    if (errno == EWOULDBLOCK) return path + " is used by another headliner (pid " + pid_in(fd.get()) + ")";
    return "cannot open " + path + ": cannot lock " + lock_path + ": " + errno_message(errno);
  }
  const std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd.get(), 0) != 0 ||
      ::pwrite(fd.get(), pid.data(), pid.size(), 0) != static_cast<ssize_t>(pid.size()))
    return "cannot open " + path + ": cannot write " + lock_path + ": " + errno_message(errno);
  return fd;
}

std::string newer_version_error(const std::string& path, std::int64_t version) {
  return "cannot open " + path + ": its schema version is " + std::to_string(version) +
         ", newer than this headliner knows (" + std::to_string(kSchemaVersion) +
         "); it was written by a newer headliner: upgrade, or move the file away to start afresh";
}

}  // namespace

struct StateStore::Impl {
  std::string path;
  UniqueFd lock;  // declared first: released last, after the database is closed
  Database db;
  Statement begin, commit, rollback, upsert_item, upsert_feed, upsert_shown, delete_item, select_items,
      select_feeds, select_shown, prune_items, prune_shown;  // declared after db: finalized before it is closed

  // Runs a statement that returns no rows; "" or the error.
  std::string run(const Statement& statement) const {
    StatementUse use(statement);
    return sqlite3_step(use.get()) == SQLITE_DONE ? std::string() : db_error(db.get());
  }
  std::string run(const StatementUse& use, const Binder& binder) const {
    if (binder.rc() != SQLITE_OK) return sqlite3_errstr(binder.rc());
    return sqlite3_step(use.get()) == SQLITE_DONE ? std::string() : db_error(db.get());
  }

  std::string write_cycle(const std::vector<ItemView>& items, const std::vector<FeedRecord>& feeds,
                          const std::vector<ItemKey>& removed, const std::vector<ShownRecord>& shown) const {
    for (const ItemKey& key : removed) {
      StatementUse use(delete_item);
      Binder binder(use.get());
      binder.time(1, key.first_seen).text(2, key.feed).text(3, key.identity);
      if (auto error = run(use, binder); !error.empty()) return error;
    }
    for (const ItemView& record : items) {
      StatementUse use(upsert_item);
      Binder binder(use.get());
      binder.text(1, record.feed)
          .text(2, record.identity)
          .text(3, record.item->title)
          .text(4, record.item->link)
          .text(5, record.item->id)
          .time(6, record.item->published)
          .time(7, record.item->updated)
          .time(8, record.first_seen)
          .time(9, record.last_seen);
      if (auto error = run(use, binder); !error.empty())
        return error + " (item " + std::string(record.identity) + " of " + std::string(record.feed) + ")";
    }
    for (const FeedRecord& record : feeds) {
      StatementUse use(upsert_feed);
      Binder binder(use.get());
      binder.text(1, record.name)
          .text(2, record.url)
          .text(3, record.location)
          .text(4, record.etag)
          .text(5, record.last_modified)
          .time(6, record.last_attempt)
          .time(7, record.last_success)
          .integer(8, record.not_modified ? 1 : 0)
          .time(9, record.failing_since)
          .integer(10, record.failures)
          .text(11, record.last_error)
          .time(12, record.next_attempt)
          .text(13, record.next_reason);
      if (auto error = run(use, binder); !error.empty()) return error + " (feed " + record.name + ")";
    }
    for (const ShownRecord& record : shown) {
      StatementUse use(upsert_shown);
      Binder binder(use.get());
      binder.hash(1, record.item).time(2, record.last_shown).integer(3, record.times_shown);
      if (auto error = run(use, binder); !error.empty()) return error + " (shown mark)";
    }
    return "";
  }

  // Ends a failed transaction, if SQLite has not already rolled it back.
  void roll_back() const {
    if (!sqlite3_get_autocommit(db.get())) (void)run(rollback);
  }
};

StateStore::StateStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
StateStore::~StateStore() = default;

std::variant<std::unique_ptr<StateStore>, std::string> StateStore::open(const std::string& path) {
  return open(path, StateStoreOptions{});
}

std::variant<std::unique_ptr<StateStore>, std::string> StateStore::open(const std::string& path,
                                                                      const StateStoreOptions& options) {
  if (path.empty()) return std::string("cannot open the state store: its path is empty");
  const auto fail = [&path](const std::string& why) { return "cannot open " + path + ": " + why; };

  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) {
    std::error_code error;
    std::filesystem::create_directories(parent, error);
    if (error) return fail("cannot create directory " + parent.string() + ": " + error.message());
  }

  if (std::error_code ignored; std::filesystem::is_directory(path, ignored)) return fail("it is a directory");

  auto impl = std::make_unique<Impl>();
  impl->path = path;
  {
    auto lock = take_lock(path);
    if (auto* error = std::get_if<std::string>(&lock)) return *error;
    impl->lock = std::move(std::get<UniqueFd>(lock));
  }

  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                           nullptr);
  impl->db.reset(raw);  // even on failure: a handle may have been allocated
  if (rc != SQLITE_OK) return fail(raw ? db_error(raw) : sqlite3_errstr(rc));
  sqlite3* db = impl->db.get();
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, std::max(0, options.busy_timeout_ms));
  if (sqlite3_db_readonly(db, "main") == 1) return fail("the file is read-only");

  // The version is read before anything is written: a newer file stays as it is.
  auto version = query_int(db, "PRAGMA user_version");
  if (auto* error = std::get_if<std::string>(&version)) return fail(*error);
  if (std::get<std::int64_t>(version) > kSchemaVersion) return newer_version_error(path, std::get<std::int64_t>(version));

  const TextResult mode = query_text(db, "PRAGMA journal_mode=WAL");
  if (!mode.error.empty()) return fail("cannot use a write-ahead log: " + mode.error);
  if (mode.value != "wal") return fail("cannot use a write-ahead log here (journal mode stays '" + mode.value + "')");
  if (auto error = exec(db, "PRAGMA synchronous=NORMAL"); !error.empty()) return fail(error);
  const std::string size_limit = "PRAGMA journal_size_limit=" + std::to_string(kJournalSizeLimit);
  if (auto error = exec(db, size_limit.c_str()); !error.empty()) return fail(error);
  auto page_size = query_int(db, "PRAGMA page_size");
  if (auto* error = std::get_if<std::string>(&page_size)) return fail(*error);
  const std::uint64_t max_pages = std::max<std::uint64_t>(
      1, options.max_bytes / static_cast<std::uint64_t>(std::max<std::int64_t>(1, std::get<std::int64_t>(page_size))));
  const std::string max_page_count =
      "PRAGMA max_page_count=" +
      std::to_string(std::min<std::uint64_t>(max_pages, std::numeric_limits<std::uint32_t>::max() - 1));
  if (auto error = exec(db, max_page_count.c_str()); !error.empty()) return fail(error);

  // The schema, created whole or not at all.
  if (auto error = exec(db, "BEGIN IMMEDIATE"); !error.empty()) return fail(error);
  const auto schema_error = [&]() -> std::string {
    auto current = query_int(db, "PRAGMA user_version");
    if (auto* error = std::get_if<std::string>(&current)) return fail(*error);
    const std::int64_t v = std::get<std::int64_t>(current);
    if (v > kSchemaVersion) return newer_version_error(path, v);
    if (v == kSchemaVersion) return "";
    if (v == 1 || v == 2) {
      if (v == 1)
        if (auto error = exec(db, kMigrateFrom1); !error.empty()) return fail("cannot upgrade its schema: " + error);
      if (auto error = exec(db, kMigrateFrom2); !error.empty()) return fail("cannot upgrade its schema: " + error);
      return "";
    }
    if (v != 0) return fail("unknown schema version " + std::to_string(v));
    auto tables = query_int(db, "SELECT count(*) FROM sqlite_schema");
    if (auto* error = std::get_if<std::string>(&tables)) return fail(*error);
    if (std::get<std::int64_t>(tables) != 0)
      return fail("it is not a headliner state file (it has tables but no schema version)");
    if (auto error = exec(db, kSchema); !error.empty()) return fail(error);
    return "";
  }();
  if (!schema_error.empty()) {
    (void)exec(db, "ROLLBACK");
    return schema_error;
  }
  if (auto error = exec(db, "COMMIT"); !error.empty()) {
    (void)exec(db, "ROLLBACK");
    return fail(error);
  }

  const std::pair<Statement*, const char*> statements[] = {
      {&impl->begin, "BEGIN IMMEDIATE"},     {&impl->commit, "COMMIT"},
      {&impl->rollback, "ROLLBACK"},         {&impl->upsert_item, kUpsertItem},
      {&impl->upsert_feed, kUpsertFeed},     {&impl->upsert_shown, kUpsertShown},
      {&impl->delete_item, kDeleteItem},
      {&impl->select_items, kSelectItems},   {&impl->select_feeds, kSelectFeeds},
      {&impl->select_shown, kSelectShown},   {&impl->prune_items, kPruneItems},
      {&impl->prune_shown, kPruneShown},
  };
  for (const auto& [statement, sql] : statements) {
    auto prepared = prepare(db, sql);
    if (auto* error = std::get_if<std::string>(&prepared)) return fail(*error);
    *statement = std::move(std::get<Statement>(prepared));
  }
  return std::unique_ptr<StateStore>(new StateStore(std::move(impl)));
}

std::variant<std::unique_ptr<StateStore>, std::string> StateStore::open_read_only(const std::string& path) {
  const auto fail = [&path](const std::string& why) { return "cannot read " + path + ": " + why; };
  std::error_code error;
  auto status = std::filesystem::status(path, error);
  if (status.type() == std::filesystem::file_type::not_found)
    return fail("no such file (no headliner has saved state there yet)");
  if (error) return fail(error.message());
  if (status.type() != std::filesystem::file_type::regular) return fail("not a regular file");
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr);
  impl->db.reset(raw);
  if (rc != SQLITE_OK) return fail(raw ? db_error(raw) : sqlite3_errstr(rc));
  sqlite3* db = impl->db.get();
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, 200);
  auto version = query_int(db, "PRAGMA user_version");
  if (auto* error = std::get_if<std::string>(&version)) return fail(*error);
  const std::int64_t v = std::get<std::int64_t>(version);
  if (v > kSchemaVersion) return newer_version_error(path, v);
  // Version 1 (before its owner upgrades it) reads the same, without shown marks.
  if (v < 1) return fail("it is not a headliner state file");
  std::vector<std::pair<Statement*, const char*>> statements = {{&impl->select_items, kSelectItems},
                                                                {&impl->select_feeds, kSelectFeeds}};
  if (v >= 2) statements.emplace_back(&impl->select_shown, kSelectShown);
  for (const auto& [statement, sql] : statements) {
    auto prepared = prepare(db, sql);
    if (auto* error = std::get_if<std::string>(&prepared)) return fail(*error);
    *statement = std::move(std::get<Statement>(prepared));
  }
  return std::unique_ptr<StateStore>(new StateStore(std::move(impl)));
}

std::string StateStore::try_visit_items(const std::function<void(ItemRecord&&)>& visit) const {
  const Impl& s = *impl_;
  StatementUse use(s.select_items);
  sqlite3_stmt* row = use.get();
  for (;;) {
    int rc = sqlite3_step(row);
    if (rc == SQLITE_DONE) return "";
    if (rc != SQLITE_ROW) return "cannot read items from " + s.path + ": " + db_error(s.db.get());
    ItemRecord record;
    record.feed = column_text(row, 0);
    record.identity = column_text(row, 1);
    record.item.title = column_text(row, 2);
    record.item.link = column_optional_text(row, 3);
    record.item.id = column_optional_text(row, 4);
    record.item.published = column_utc(row, 5);
    record.item.updated = column_utc(row, 6);
    record.first_seen = column_wall(row, 7);
    record.last_seen = column_wall(row, 8);
    visit(std::move(record));
  }
}

std::variant<std::vector<ItemRecord>, std::string> StateStore::try_load_items() const {
  std::vector<ItemRecord> records;
  if (std::string error = try_visit_items([&](ItemRecord&& r) { records.push_back(std::move(r)); }); !error.empty())
    return error;
  return records;
}

std::variant<std::vector<ShownRecord>, std::string> StateStore::try_load_shown() const {
  const Impl& s = *impl_;
  std::vector<ShownRecord> records;
  if (!s.select_shown) return records;  // a version 1 file, read only
  StatementUse use(s.select_shown);
  sqlite3_stmt* row = use.get();
  for (;;) {
    int rc = sqlite3_step(row);
    if (rc == SQLITE_DONE) return records;
    if (rc != SQLITE_ROW) return "cannot read shown marks from " + s.path + ": " + db_error(s.db.get());
    ShownRecord& record = records.emplace_back();
    record.item = static_cast<ItemHash>(sqlite3_column_int64(row, 0));
    record.last_shown = column_wall(row, 1);
    record.times_shown = static_cast<int>(std::clamp<std::int64_t>(
        sqlite3_column_int64(row, 2), 0, std::numeric_limits<int>::max()));
  }
}

std::variant<std::vector<FeedRecord>, std::string> StateStore::try_load_feeds() const {
  const Impl& s = *impl_;
  StatementUse use(s.select_feeds);
  sqlite3_stmt* row = use.get();
  std::vector<FeedRecord> records;
  for (;;) {
    int rc = sqlite3_step(row);
    if (rc == SQLITE_DONE) return records;
    if (rc != SQLITE_ROW) return "cannot read feeds from " + s.path + ": " + db_error(s.db.get());
    FeedRecord& record = records.emplace_back();
    record.name = column_text(row, 0);
    record.url = column_text(row, 1);
    record.location = column_text(row, 2);
    record.etag = column_text(row, 3);
    record.last_modified = column_text(row, 4);
    record.last_attempt = column_optional_wall(row, 5);
    record.last_success = column_optional_wall(row, 6);
    record.not_modified = sqlite3_column_int64(row, 7) != 0;
    record.failing_since = column_optional_wall(row, 8);
    record.failures = static_cast<int>(std::clamp<std::int64_t>(sqlite3_column_int64(row, 9), 0, 1 << 20));
    record.last_error = column_text(row, 10);
    record.next_attempt = column_optional_wall(row, 11);
    record.next_reason = column_text(row, 12);
  }
}

std::vector<ItemRecord> StateStore::load_items() const {
  auto result = try_load_items();
  if (auto* error = std::get_if<std::string>(&result)) throw std::runtime_error(*error);
  return std::move(std::get<std::vector<ItemRecord>>(result));
}

std::vector<FeedRecord> StateStore::load_feeds() const {
  auto result = try_load_feeds();
  if (auto* error = std::get_if<std::string>(&result)) throw std::runtime_error(*error);
  return std::move(std::get<std::vector<FeedRecord>>(result));
}

std::vector<ShownRecord> StateStore::load_shown() const {
  auto result = try_load_shown();
  if (auto* error = std::get_if<std::string>(&result)) throw std::runtime_error(*error);
  return std::move(std::get<std::vector<ShownRecord>>(result));
}

std::string StateStore::save(const std::vector<ItemView>& items, const std::vector<FeedRecord>& feeds,
                             const std::vector<ItemKey>& removed,
                             const std::vector<ShownRecord>& shown) {
  if (items.empty() && feeds.empty() && removed.empty() && shown.empty()) return "";
  const Impl& s = *impl_;
  if (!s.begin) return "cannot save state to " + s.path + ": opened to read only";
  s.roll_back();  // in case an earlier rollback itself failed
  std::string error = s.run(s.begin);
  if (error.empty()) {
    error = s.write_cycle(items, feeds, removed, shown);
    if (error.empty()) error = s.run(s.commit);
    if (!error.empty()) s.roll_back();
  }
  return error.empty() ? "" : "cannot save state to " + s.path + ": " + error;
}

std::string StateStore::prune(WallTime cutoff) {
  const Impl& s = *impl_;
  if (!s.prune_items) return "cannot prune state in " + s.path + ": opened to read only";
  s.roll_back();  // in case an earlier rollback itself failed
  std::string error = s.run(s.begin);
  for (const Statement* statement : {&s.prune_items, &s.prune_shown}) {
    if (!error.empty()) break;
    StatementUse use(*statement);
    Binder binder(use.get());
    binder.time(1, cutoff);
    error = s.run(use, binder);
  }
  if (error.empty()) error = s.run(s.commit);
  if (!error.empty()) s.roll_back();
  return error.empty() ? "" : "cannot prune state in " + s.path + ": " + error;
}

std::uint64_t StateStore::page_count() const {
  auto count = query_int(impl_->db.get(), "PRAGMA page_count");
  auto* value = std::get_if<std::int64_t>(&count);
  return value && *value > 0 ? static_cast<std::uint64_t>(*value) : 0;
}

std::int64_t StateStore::total_changes() const { return sqlite3_total_changes64(impl_->db.get()); }

std::string StateStore::integrity_check() const {
  sqlite3* db = impl_->db.get();
  const std::string sql = "PRAGMA integrity_check(" + std::to_string(kMaxIntegrityLines) + ")";
  auto prepared = prepare(db, sql.c_str());
  if (auto* error = std::get_if<std::string>(&prepared)) return "cannot check " + impl_->path + ": " + *error;
  const Statement& statement = std::get<Statement>(prepared);
  std::string result;
  for (;;) {
    int rc = sqlite3_step(statement.get());
    if (rc == SQLITE_DONE) return result;
    if (rc != SQLITE_ROW) return "cannot check " + impl_->path + ": " + db_error(db);
    if (!result.empty()) result += '\n';
    result += column_text(statement.get(), 0);
  }
}

const std::string& StateStore::path() const { return impl_->path; }

}  // namespace headliner
