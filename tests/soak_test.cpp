// The long-running proof: 90 simulated days of 50 changing feeds, through the
// real pipeline (Fetcher over libcurl against a real HTTP server on
// 127.0.0.1, FeedPoller with its schedule and back-off, StoryStore with its
// clustering, SavedState on a real SQLite file) on a ManualClock that jumps
// straight to the next fetch the poller asks for. Failures are sprinkled in
// (503 with Retry-After, a 404 for a day, connections reset or closed without
// an answer, a maintenance page, broken XML, a feed dead for good), and
// unchanged feeds answer 304 to their validators.
//
// It asserts that memory stays flat (the store's and the state file's sizes,
// the heap in use and RSS; the store holds what a restart would restore),
// that the state file stays small and sound, that no feed gets stuck (every
// gap between two fetches of a feed is what its schedule or back-off says,
// each healthy day has the fetches it should, a failing feed is tried again
// within its back-off cap), and that what the ticker would show is fresh.
// Each simulated month prints one line of the trend.
//
// Feeds refresh every hour (a few every 30 minutes, some stretched to 2 h by
// <ttl> or to 3 h by Cache-Control), not every 15 minutes: that is ~100,000
// fetches in 90 days, which keeps the run at a couple of minutes in the debug
// build; 15 minutes would be four times that and show nothing more (the
// store's bounds are per item and per day, not per fetch).
//
// Under AddressSanitizer the run is 30 simulated days (its time grows with
// the days, and ASan makes each one slower: 90 days took 5 minutes on a
// 2-core machine, 30 take about 1.5); its heap and RSS are ASan's, so only
// the store's and the file's sizes are checked there.
#include <malloc.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "clock.hpp"
#include "config.hpp"
#include "feed_poller.hpp"
#include "fetch.hpp"
#include "saved_state.hpp"
#include "state_store.hpp"
#include "story_store.hpp"
#include "support/http_server.hpp"
#include "support/process.hpp"

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define HEADLINER_SOAK_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define HEADLINER_SOAK_ASAN 1
#endif

namespace headliner {
namespace {

using namespace std::chrono_literals;
using test::HttpRequest;
using test::HttpResponse;

#if defined(HEADLINER_SOAK_ASAN) || defined(HEADLINER_TEST_EMULATOR)
// Under qemu-user (the cross build's tests) too: each day is several times
// slower, and the resident set is the emulator's.
constexpr bool kSanitized = true;
constexpr int kDays = 30;
#else
constexpr bool kSanitized = false;
constexpr int kDays = 90;
#endif
constexpr int kFeeds = 50;
constexpr std::int64_t kHour = 3600;
constexpr std::int64_t kDay = 24 * kHour;
constexpr std::int64_t kBackoffCap = kHour;  // schedule.hpp: max(refresh, 1 h), and no feed refreshes slower than 1 h
constexpr std::int64_t kSharedEvery = 47 * 60;  // a story several feeds carry, every 47 minutes
constexpr Duration kMaxAge = 48h;
constexpr std::int64_t kNever = std::numeric_limits<std::int64_t>::min();
const WallTime kStart = WallTime(std::chrono::sys_days(std::chrono::year(2026) / 1 / 5));

std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// Deterministic pseudo-randomness: everything a feed says is a function of
// (feed, time), so the server thread needs no state of the test's.
std::uint64_t mix(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}
std::uint64_t hash(std::int64_t a, std::int64_t b, std::int64_t c) {
  return mix(mix(mix(static_cast<std::uint64_t>(a)) ^ static_cast<std::uint64_t>(b)) ^ static_cast<std::uint64_t>(c));
}

// Headlines: two common words and five made-up ones, so two different
// stories never share all their words and the same story always does.
constexpr std::string_view kCommon[] = {"council", "market", "storm",  "election", "bridge",   "court",  "school",
                                        "bank",    "river",  "police", "energy",   "health",   "rail",   "port",
                                        "budget",  "museum", "airport", "farm",    "festival", "harbour"};
constexpr std::string_view kSyllables[] = {"ka",  "lo",  "mi",  "ru",  "zo",  "ban", "dir", "fen",
                                           "gul", "hob", "jar", "kim", "lun", "mor", "nep", "pil",
                                           "rav", "tam", "vor", "wen", "yul", "zan", "bo",  "tri"};

std::string made_up_word(std::uint64_t h) {
  std::string word;
  const int syllables = 2 + static_cast<int>(h % 2);
  h /= 2;
  for (int i = 0; i < syllables; ++i, h /= std::size(kSyllables)) word += kSyllables[h % std::size(kSyllables)];
  return word;
}

std::string headline(std::uint64_t h) {
  std::string title(kCommon[h % std::size(kCommon)]);
  title[0] = static_cast<char>(title[0] - 'a' + 'A');
  for (int i = 1; i <= 6; ++i) {
    title += ' ';
    title += i == 4 ? std::string(kCommon[mix(h + 99) % std::size(kCommon)]) : made_up_word(mix(h + static_cast<std::uint64_t>(i)));
  }
  return title;
}

// `t` seconds after the start, in UTC, as strftime writes `format`.
std::string utc_text(std::int64_t t, const char* format) {
  const std::time_t unix = std::chrono::system_clock::to_time_t(kStart) + t;
  std::tm tm{};
  gmtime_r(&unix, &tm);
  char out[64];
  std::strftime(out, sizeof out, format, &tm);
  return out;
}

std::string rfc822(std::int64_t t) { return utc_text(t, "%a, %d %b %Y %H:%M:%S GMT"); }
std::string rfc3339(std::int64_t t) { return utc_text(t, "%Y-%m-%dT%H:%M:%SZ"); }

enum class Format { rss, atom };
enum class Validator { etag, last_modified, none };

// One synthetic feed: its own items at a steady rate, the shared stories it
// carries, the newest `window` of them listed.
struct FeedModel {
  int index = 0;
  std::string name;
  std::string path;
  std::int64_t period = 0;  // seconds between two of its own items
  std::int64_t offset = 0;
  int window = 0;           // items listed
  Format format = Format::rss;
  Validator validator = Validator::none;
  bool guids = true;        // RSS only: else items are known by link
  bool dated = true;
  std::optional<int> ttl_minutes;  // RSS <ttl>
  std::optional<int> max_age;      // Cache-Control: max-age, seconds
  Duration refresh = 1h;

  // How often the poller should fetch it when all is well.
  std::int64_t interval() const {
    std::int64_t s = std::chrono::duration_cast<std::chrono::seconds>(refresh).count();
    if (ttl_minutes) s = std::max<std::int64_t>(s, *ttl_minutes * 60);
    if (max_age) s = std::max<std::int64_t>(s, *max_age);
    return std::min<std::int64_t>(s, 6 * kHour);
  }
};

FeedModel model_of(int f) {
  constexpr std::int64_t kPeriods[] = {30 * 60, 45 * 60, kHour, 90 * 60, 2 * kHour, 3 * kHour, 4 * kHour};
  FeedModel m;
  m.index = f;
  m.name = "Feed " + std::to_string(f);
  m.path = "/feed/" + std::to_string(f);
  m.period = kPeriods[f % std::size(kPeriods)];
  m.offset = static_cast<std::int64_t>(hash(f, 6, 0) % static_cast<std::uint64_t>(m.period));
  m.window = 20 + (f * 7) % 31;
  m.format = f % 4 == 1 ? Format::atom : Format::rss;
  m.validator = f % 3 == 0 ? Validator::etag : f % 3 == 1 ? Validator::last_modified : Validator::none;
  m.guids = f % 5 != 4;
  m.dated = f % 10 != 9;
  if (f % 8 == 3) m.ttl_minutes = 120;
  if (f % 8 == 5) m.max_age = 3 * 3600;
  if (f % 16 == 6) m.refresh = 30min;
  return m;
}

struct Entry {
  std::int64_t at;  // when it appeared, seconds since kStart
  std::string title;
  std::string id;
  std::string link;
};

bool carries(int f, std::int64_t k) { return hash(k, f, 4) % 12 == 0; }

std::int64_t shared_at(int f, std::int64_t k) { return k * kSharedEvery + static_cast<std::int64_t>(hash(k, f, 5) % 1800); }

// What decides what feed `m` lists at `t`: its newest own item and the
// newest shared story it carries (older shared ones than its oldest own item
// never make the list).
std::pair<std::int64_t, std::int64_t> version(const FeedModel& m, std::int64_t t) {
  const std::int64_t own = floor_div(t - m.offset, m.period);
  for (std::int64_t k = floor_div(t, kSharedEvery); k >= floor_div(t - m.window * m.period - kHour, kSharedEvery); --k)
    if (carries(m.index, k) && shared_at(m.index, k) <= t) return {own, k};
  return {own, kNever};
}

// What feed `m` lists at `t`, newest first.
std::vector<Entry> listing(const FeedModel& m, std::int64_t t) {
  struct Pick {
    std::int64_t at, n;
    bool shared;
  };
  std::vector<Pick> picks;
  const std::int64_t newest = floor_div(t - m.offset, m.period);
  for (std::int64_t n = newest - m.window + 1; n <= newest; ++n) picks.push_back({m.offset + n * m.period, n, false});
  const std::int64_t span = m.window * m.period;
  for (std::int64_t k = floor_div(t - span - kHour, kSharedEvery); k <= floor_div(t, kSharedEvery); ++k)
    if (carries(m.index, k) && shared_at(m.index, k) <= t) picks.push_back({shared_at(m.index, k), k, true});
  std::stable_sort(picks.begin(), picks.end(), [](const Pick& a, const Pick& b) { return a.at > b.at; });
  if (picks.size() > static_cast<std::size_t>(m.window)) picks.resize(static_cast<std::size_t>(m.window));

  static constexpr std::string_view kPrefixes[] = {"", "UPDATE 1-", "RPT-"};
  const std::string site = "https://feed" + std::to_string(m.index) + ".example/";
  std::vector<Entry> entries;
  for (const Pick& p : picks) {
    if (p.shared)
      entries.push_back({p.at, std::string(kPrefixes[hash(p.n, m.index, 3) % 3]) + headline(hash(p.n, 0, 2)),
                         "urn:shared:" + std::to_string(p.n) + ":" + std::to_string(m.index), site + "shared/" + std::to_string(p.n)});
    else
      entries.push_back({p.at, headline(hash(m.index, p.n, 1)), "urn:feed" + std::to_string(m.index) + ":" + std::to_string(p.n),
                         site + "news/" + std::to_string(p.n)});
  }
  return entries;
}

std::string document(const FeedModel& m, const std::vector<Entry>& entries) {
  std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  if (m.format == Format::atom) {
    xml += "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>" + m.name + "</title><id>urn:feed" +
           std::to_string(m.index) + "</id>";
    if (m.dated && !entries.empty()) xml += "<updated>" + rfc3339(entries.front().at) + "</updated>";
    for (const Entry& e : entries) {
      xml += "\n<entry><title>" + e.title + "</title><link href=\"" + e.link + "\"/><id>" + e.id + "</id>";
      if (m.dated) xml += "<updated>" + rfc3339(e.at) + "</updated>";
      xml += "</entry>";
    }
    return xml + "\n</feed>\n";
  }
  xml += "<rss version=\"2.0\"><channel><title>" + m.name + "</title><link>https://feed" + std::to_string(m.index) +
         ".example/</link>";
  if (m.ttl_minutes) xml += "<ttl>" + std::to_string(*m.ttl_minutes) + "</ttl>";
  for (const Entry& e : entries) {
    xml += "\n<item><title>" + e.title + "</title><link>" + e.link + "</link>";
    if (m.guids) xml += "<guid isPermaLink=\"false\">" + e.id + "</guid>";
    if (m.dated) xml += "<pubDate>" + rfc822(e.at) + "</pubDate>";
    xml += "</item>";
  }
  return xml + "\n</channel></rss>\n";
}

// What goes wrong, and when.
enum class Fault { none, unavailable, unavailable_no_retry_after, not_found, html, malformed, reset, closed };

// Outages that last: a function of the feed and the time only.
Fault outage(int f, std::int64_t t) {
  const std::int64_t day = floor_div(t, kDay), hour = (t - day * kDay) / kHour;
  if (f < 5 && (day + f) % 9 == 0 && hour >= 10 && hour < 13) return Fault::unavailable;  // Retry-After 10m
  if (f >= 5 && f < 10 && (day == kDays * 2 / 9 + (f - 5) * 7 % (kDays / 3) || day == kDays * 5 / 9 + (f - 5) * 3))
    return Fault::not_found;  // for a whole day
  if (f >= 10 && f < 13 && day % 11 == f - 10 && hour >= 2 && hour < 8) return Fault::html;  // a maintenance page
  if (f >= 13 && f < 16 && day % 15 == f - 13 && hour < 4) return Fault::malformed;
  if (f == 16 && day >= kDays - 15) return Fault::closed;  // dead for the last 15 days
  if (f == 17 && day >= kDays / 3 && day < kDays / 3 + 5) return Fault::reset;  // dead for 5 days, then back
  if (f == 18 && day == kDays / 2 && hour >= 6 && hour < 18) return Fault::unavailable_no_retry_after;
  return Fault::none;
}

bool outage_between(int f, std::int64_t from, std::int64_t to) {
  for (std::int64_t t = std::max<std::int64_t>(from, 0); t < to; t += 300)
    if (outage(f, t) != Fault::none) return true;
  return outage(f, to) != Fault::none;
}

// One request as the server saw it.
struct Attempt {
  std::int64_t at;  // seconds since kStart
  bool ok;          // an answer the feed's items survive: a feed, or 304
  bool not_modified;
  int retry_after;  // seconds, 0 when none
};

// The 50 feeds behind one server; answers as of the simulated time the test sets.
class World {
 public:
  World() {
    for (int f = 0; f < kFeeds; ++f) models_.push_back(model_of(f));
    attempts_.resize(kFeeds);
    served_.resize(kFeeds);
    // The log's room is taken now, so that the heap the test measures later
    // is the pipeline's: one fetch per interval and a third more, plus retries.
    for (int f = 0; f < kFeeds; ++f)
      attempts_[static_cast<std::size_t>(f)].reserve(static_cast<std::size_t>(kDays * kDay / model(f).interval() * 4 / 3 + 500));
  }
  const FeedModel& model(int f) const { return models_[static_cast<std::size_t>(f)]; }
  void serve(test::HttpServer& server) {
    for (int f = 0; f < kFeeds; ++f)
      server.route(model(f).path, [this, f](const HttpRequest& r) { return answer(f, r); });
  }
  void set_time(std::int64_t seconds) {
    std::lock_guard lock(mutex_);
    now_ = seconds;
  }
  bool log_kept_its_room() const {
    std::lock_guard lock(mutex_);
    return std::all_of(attempts_.begin(), attempts_.end(), [](const auto& log) { return log.size() < log.capacity(); });
  }
  int resent() const {
    std::lock_guard lock(mutex_);
    return resent_;
  }
  std::vector<Attempt> attempts(int f) const {
    std::lock_guard lock(mutex_);
    return attempts_[static_cast<std::size_t>(f)];
  }

 private:
  HttpResponse answer(int f, const HttpRequest& request) {
    std::lock_guard lock(mutex_);
    const FeedModel& m = model(f);
    const std::int64_t t = now_;
    auto& log = attempts_[static_cast<std::size_t>(f)];
    // libcurl asks again, on a new connection, when a reused one closed
    // without an answer: one fetch for the poller, two requests here.
    if (!log.empty() && log.back().at == t) log.pop_back(), ++resent_;
    Fault fault = outage(f, t);
    if (fault == Fault::none) {
      // Sprinkled, one request in 33: the connection dies, or the server is busy for two minutes.
      const std::uint64_t dice = hash(f, ++served_[static_cast<std::size_t>(f)], 7) % 100;
      fault = dice == 0 ? Fault::reset : dice == 1 ? Fault::closed : dice == 2 ? Fault::unavailable : Fault::none;
      if (dice == 2) {
        log.push_back({t, false, false, 120});
        return {503, {{"Retry-After", "120"}, {"Content-Type", "text/plain"}}, "busy\n"};
      }
    }
    switch (fault) {
      case Fault::unavailable:
        log.push_back({t, false, false, 600});
        return {503, {{"Retry-After", "600"}, {"Content-Type", "text/plain"}}, "down for maintenance\n"};
      case Fault::unavailable_no_retry_after:
        log.push_back({t, false, false, 0});
        return {503, {{"Content-Type", "text/plain"}}, "overloaded\n"};
      case Fault::not_found:
        log.push_back({t, false, false, 0});
        return {404, {{"Content-Type", "text/plain"}}, "not found\n"};
      case Fault::html:
        log.push_back({t, false, false, 0});
        return {200, {{"Content-Type", "text/html"}},
                "<!DOCTYPE html><html><head><title>Maintenance</title></head><body><p>Back soon.</p></body></html>\n"};
      case Fault::malformed:
        log.push_back({t, false, false, 0});
        return {200, {{"Content-Type", "application/rss+xml"}},
                "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>" + m.name + "</title><item><title>Half"};
      case Fault::reset: {
        log.push_back({t, false, false, 0});
        HttpResponse r{200, {{"Content-Type", "application/rss+xml"}}, "<rss><channel>"};
        r.reset_after = 0;
        return r;
      }
      case Fault::closed: {
        log.push_back({t, false, false, 0});
        HttpResponse r{200, {}, "x"};
        r.close_without_response = true;
        return r;
      }
      case Fault::none:
        break;
    }
    Cached& cached = cache_[static_cast<std::size_t>(f)];
    if (const auto v = version(m, t); v != cached.version) {
      const std::vector<Entry> entries = listing(m, t);
      cached = {v, entries.front().at, document(m, entries)};
    }
    std::map<std::string, std::string> headers;
    const std::string etag = "\"" + std::to_string(f) + "-" + std::to_string(cached.newest) + "\"";
    const std::string last_modified = rfc822(cached.newest);
    if (m.validator == Validator::etag) headers["ETag"] = etag;
    if (m.validator == Validator::last_modified) headers["Last-Modified"] = last_modified;
    if (m.max_age) headers["Cache-Control"] = "max-age=" + std::to_string(*m.max_age);
    auto sent = [&](const std::string& name) {
      auto it = request.headers.find(name);
      return it == request.headers.end() ? std::string() : it->second;
    };
    if ((m.validator == Validator::etag && sent("if-none-match") == etag) ||
        (m.validator == Validator::last_modified && sent("if-modified-since") == last_modified)) {
      log.push_back({t, true, true, 0});
      return {304, headers, ""};
    }
    log.push_back({t, true, false, 0});
    headers["Content-Type"] = m.format == Format::atom ? "application/atom+xml" : "application/rss+xml";
    return {200, headers, cached.body};
  }

  struct Cached {
    std::pair<std::int64_t, std::int64_t> version{kNever, kNever};
    std::int64_t newest = 0;
    std::string body;
  };
  std::vector<FeedModel> models_;
  std::vector<Cached> cache_ = std::vector<Cached>(kFeeds);
  int resent_ = 0;
  mutable std::mutex mutex_;
  std::int64_t now_ = 0;
  std::vector<std::vector<Attempt>> attempts_;
  std::vector<std::int64_t> served_;
};

long long file_size(const std::string& path) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  return ec ? 0 : static_cast<long long>(size);
}

long long rss_bytes() {
  std::ifstream statm("/proc/self/statm");
  long long pages = 0, resident = 0;
  statm >> pages >> resident;
  return resident * sysconf(_SC_PAGESIZE);
}

long long heap_in_use() {
  const struct mallinfo2 info = mallinfo2();
  return static_cast<long long>(info.uordblks + info.hblkhd);
}

// One simulated day's end.
struct Sample {
  std::size_t items = 0;         // in the story store, in memory
  std::size_t stories = 0;       // what the ticker would rotate (younger than max_age)
  std::size_t file_items = 0;    // rows in the state file
  std::size_t file_feeds = 0;
  long long file_bytes = 0;      // database + WAL
  long long heap = 0;
  long long rss = 0;
};

template <typename F>
auto max_over(const std::vector<Sample>& days, int from, int to, F metric) {
  decltype(metric(days[0])) best{};
  for (int d = from; d <= to && d < static_cast<int>(days.size()); ++d) best = std::max(best, metric(days[static_cast<std::size_t>(d)]));
  return best;
}

double mib(long long bytes) { return static_cast<double>(bytes) / (1024.0 * 1024.0); }

TEST(Soak, FiftyChangingFeedsForMonthsStayBoundedFreshAndUnstuck) {
  test::TempDir dir;
  const std::string path = dir.path() + "/state.db";
  World world;
  test::HttpServer server;
  world.serve(server);

  Config config;
  config.ticker.max_age = kMaxAge;
  config.fetch.timeout = 10s;
  for (int f = 0; f < kFeeds; ++f)
    config.feeds.push_back({world.model(f).name, server.url(world.model(f).path), world.model(f).refresh, "cyan"});

  ManualClock clock(kStart);
  Fetcher fetcher(config.fetch.max_parallel);
  StoryStore store(config.dedup);
  FeedPoller poller(config, fetcher, store, 2026);
  SavedState saved(path, SavedState::retention_for(config.ticker.max_age));
  ASSERT_TRUE(saved.persistent()) << saved.take_message().value_or("");
  saved.restore(store, poller, true, clock.steady_now(), clock.wall_now());

  const auto elapsed = [&] { return std::chrono::duration_cast<std::chrono::seconds>(clock.steady_now() - SteadyTime{}).count(); };
  std::vector<Sample> days(1);  // days[d]: at the end of day d (days[0]: the start)
  days.reserve(kDays + 1);
  std::vector<int> client_failures(kFeeds, 0);
  std::vector<std::set<std::string>> errors(kFeeds);
  std::size_t stale_shown = 0, fetches = 0, saves = 0;
  std::vector<int> stale_days;  // whose newest story shown was over 2 h old
  std::optional<std::string> state_problem;
  bool unsaved = false;  // a cycle finished and not saved yet
  const auto real_start = std::chrono::steady_clock::now();

  // Memory is compared with the file only where the two must agree: no
  // transfer in flight, and the last cycle's results saved (the loop below
  // samples only between two cycles, after the save). Any difference there
  // is the pipeline's (it once was: memory dropped items last seen in the
  // prune cutoff's second, which the file, in whole seconds, kept), not the
  // moment's.
  auto sample = [&](int day) {
    if (fetcher.in_flight() > 0 || poller.in_flight() || unsaved)
      ADD_FAILURE() << "day " << day << " sampled with a cycle in flight or not saved";
    Sample s;
    s.items = store.item_count();
    const WallTime wall = clock.wall_now();
    const std::vector<Story> shown = store.stories(wall, kMaxAge, StoryDetail::kHeadline);
    s.stories = shown.size();
    for (const Story& story : shown)
      if (story.time < wall - kMaxAge) ++stale_shown;
    // Eight feeds publish every 30 minutes: the newest story is never old.
    if (shown.empty() || shown.front().time < wall - 2h) stale_days.push_back(day);
    auto opened = StateStore::open_read_only(path);
    if (auto* reader = std::get_if<std::unique_ptr<StateStore>>(&opened)) {
      s.file_items = (*reader)->load_items().size();
      s.file_feeds = (*reader)->load_feeds().size();
    } else {
      ADD_FAILURE() << std::get<std::string>(opened);
    }
    s.file_bytes = file_size(path) + file_size(path + "-wal");
    s.heap = heap_in_use();
    s.rss = rss_bytes();
    days.push_back(s);
    if (day == 1 || day == 7 || day % 30 == 0 || day == kDays)
      std::printf("[soak] day %2d: %5zu items, %4zu stories, state file %4zu items %2zu feeds %5.2f MiB, heap %5.2f MiB%s, "
                  "RSS %5.2f MiB; %6zu fetches, %3.0f s real\n",
                  day, s.items, s.stories, s.file_items, s.file_feeds, mib(s.file_bytes), mib(s.heap),
                  kSanitized ? " (not ASan's or qemu's)" : "", mib(s.rss), fetches,
                  std::chrono::duration<double>(std::chrono::steady_clock::now() - real_start).count());
    std::fflush(stdout);
  };

  const SteadyTime end = SteadyTime{} + std::chrono::days(kDays);
  int day_done = 0;
  for (;;) {
    world.set_time(elapsed());
    const SteadyTime next = poller.start_due(clock.steady_now(), clock.wall_now());
    if (fetcher.in_flight() > 0) {
      // Simulated time stands still while the transfers run in real time.
      std::vector<FetchResult> results;
      const auto give_up = std::chrono::steady_clock::now() + 30s;
      while (fetcher.in_flight() > 0 && std::chrono::steady_clock::now() < give_up)
        for (auto& r : fetcher.wait(-1, 1s)) results.push_back(std::move(r));
      ASSERT_EQ(fetcher.in_flight(), 0u) << "transfers still running after 30 s at day " << elapsed() / kDay;
      fetches += results.size();
      unsaved = true;
      for (const FeedOutcome& outcome : poller.finish(std::move(results), clock.steady_now(), clock.wall_now())) {
        if (outcome) continue;
        const int f = std::stoi(outcome.feed.substr(5));
        ++client_failures[static_cast<std::size_t>(f)];
        if (errors[static_cast<std::size_t>(f)].size() < 8) errors[static_cast<std::size_t>(f)].insert(outcome.error);
      }
      // One transaction per refresh cycle, as the ticker does.
      saved.save(store, poller, clock.wall_now());
      unsaved = false;
      ++saves;
      if (auto message = saved.take_message(); message && !state_problem) state_problem = message;
      continue;
    }
    const SteadyTime target = std::min(next, end);
    while (day_done < kDays && SteadyTime{} + std::chrono::days(day_done + 1) <= target) {
      clock.advance(SteadyTime{} + std::chrono::days(day_done + 1) - clock.steady_now());
      sample(++day_done);
    }
    if (target >= end) break;
    clock.advance(target - clock.steady_now());
  }
  saved.save(store, poller, clock.wall_now(), true);
  const std::int64_t t_end = elapsed();
  const WallTime wall_end = clock.wall_now();
  EXPECT_EQ(state_problem, std::nullopt);
  std::printf("[soak] %d days, %d feeds: %zu fetches (%d asked again by libcurl), %zu saves, %.0f s real\n", kDays,
              kFeeds, fetches, world.resent(), saves,
              std::chrono::duration<double>(std::chrono::steady_clock::now() - real_start).count());

  // The client saw every failure the server meant, and no other.
  EXPECT_TRUE(world.log_kept_its_room()) << "the fetch log grew past its reservation: the heap figures include it";
  for (int f = 0; f < kFeeds; ++f) {
    const auto attempts = world.attempts(f);
    const auto meant = std::count_if(attempts.begin(), attempts.end(), [](const Attempt& a) { return !a.ok; });
    std::string seen;
    for (const auto& e : errors[static_cast<std::size_t>(f)]) seen += "\n  " + e;
    EXPECT_EQ(client_failures[static_cast<std::size_t>(f)], meant) << world.model(f).name << ", errors:" << seen;
  }

  // (1) Flat memory: after the first weeks, nothing grows with time.
  const int base_from = kDays * 2 / 9, base_to = kDays / 3, late_from = kDays * 2 / 3;
  auto flat = [&](const char* what, auto metric, double factor) {
    const double base = static_cast<double>(max_over(days, base_from, base_to, metric));
    const double late = static_cast<double>(max_over(days, late_from, kDays, metric));
    EXPECT_LE(late, base * factor) << what << ": max over days " << late_from << "-" << kDays << " is " << late
                                   << ", over days " << base_from << "-" << base_to << " " << base;
  };
  flat("items in the store", [](const Sample& s) { return s.items; }, 1.1);
  flat("stories shown", [](const Sample& s) { return s.stories; }, 1.1);
  flat("items in the state file", [](const Sample& s) { return s.file_items; }, 1.1);
  flat("state file bytes", [](const Sample& s) { return s.file_bytes; }, 1.1);
  for (std::size_t d = 1; d < days.size(); ++d) {
    EXPECT_LE(days[d].file_feeds, static_cast<std::size_t>(kFeeds)) << "day " << d;
    // The long run holds what a restart would restore, no more.
    EXPECT_EQ(days[d].items, days[d].file_items) << "day " << d;
  }
  if (!kSanitized) {
    // The heap in use (glibc's count, every allocation of the process) may
    // move with what is in flight, never with time: 10 % and 1 MiB of slack.
    const long long base_heap = max_over(days, base_from, base_to, [](const Sample& s) { return s.heap; });
    const long long late_heap = max_over(days, late_from, kDays, [](const Sample& s) { return s.heap; });
    EXPECT_LE(late_heap, base_heap + base_heap / 10 + (1 << 20))
        << "heap in use: " << mib(late_heap) << " MiB late, " << mib(base_heap) << " MiB at days " << base_from << "-" << base_to;
    // RSS also holds what the allocator keeps but does not use: 4 MiB of slack.
    const long long rss_base = days[static_cast<std::size_t>(base_to)].rss;
    const long long rss_late = max_over(days, base_to, kDays, [](const Sample& s) { return s.rss; });
    EXPECT_LE(rss_late, rss_base + (4 << 20)) << "RSS: " << mib(rss_late) << " MiB after day " << base_to << ", "
                                              << mib(rss_base) << " MiB on it";
  }

  // (2) The state file: small and sound.
  EXPECT_LE(days.back().file_bytes, 8LL << 20);
  {
    auto opened = StateStore::open_read_only(path);
    ASSERT_TRUE(std::holds_alternative<std::unique_ptr<StateStore>>(opened)) << std::get<std::string>(opened);
    EXPECT_EQ(std::get<std::unique_ptr<StateStore>>(opened)->integrity_check(), "ok");
  }

  // (3) No stuck feed. Every gap between two fetches of a feed is what its
  // schedule says: its interval ±5 % after an answer, Retry-After after one
  // that gave it, the back-off (at most its cap +20 %) after other failures;
  // the last fetch too, measured to the end of the run.
  for (int f = 0; f < kFeeds; ++f) {
    const FeedModel& m = world.model(f);
    const auto attempts = world.attempts(f);
    ASSERT_FALSE(attempts.empty()) << m.name;
    EXPECT_EQ(attempts.front().at, 0) << m.name;
    const double interval = static_cast<double>(m.interval());
    int wrong = 0;
    std::string first_wrong;
    for (std::size_t i = 0; i < attempts.size(); ++i) {
      const Attempt& a = attempts[i];
      double lo = 30, hi = 1.2 * kBackoffCap;
      if (a.ok) lo = 0.95 * interval, hi = 1.05 * interval;
      else if (a.retry_after > 0) lo = hi = std::max(a.retry_after, 60);
      const bool last = i + 1 == attempts.size();
      const double gap = static_cast<double>((last ? t_end : attempts[i + 1].at) - a.at);
      if (gap > hi + 1 || (!last && gap < lo - 1)) {
        if (wrong++ == 0)
          first_wrong = "after the fetch at " + rfc3339(a.at) + (a.ok ? " (ok)" : " (failed)") + ": " +
                        std::to_string(static_cast<long long>(gap)) + " s, expected " +
                        std::to_string(static_cast<long long>(lo)) + "-" + std::to_string(static_cast<long long>(hi));
      }
    }
    EXPECT_EQ(wrong, 0) << m.name << ": " << wrong << " gaps off schedule, the first " << first_wrong;

    // Each day without an outage (that day or the one before) has the
    // fetches its interval asks for, give or take one, 6 % of jitter, and
    // one per failure that day (each is tried again within minutes).
    std::vector<int> per_day(kDays, 0), failed_per_day(kDays, 0);
    for (const Attempt& a : attempts) {
      const auto d = static_cast<std::size_t>(std::min<std::int64_t>(a.at / kDay, kDays - 1));
      ++per_day[d];
      if (!a.ok) ++failed_per_day[d];
    }
    const double expected = static_cast<double>(kDay) / interval;
    for (int d = 1; d < kDays; ++d) {
      if (outage_between(f, (d - 1) * kDay, (d + 1) * kDay)) continue;
      const double tolerance = 1 + 0.06 * expected + failed_per_day[static_cast<std::size_t>(d)];
      EXPECT_NEAR(per_day[static_cast<std::size_t>(d)], expected, tolerance) << m.name << " on day " << d;
    }
  }
  int healthy_lately = 0;
  const std::vector<FeedRecord> records = poller.records();
  for (int f = 0; f < kFeeds; ++f) {
    const FeedModel& m = world.model(f);
    const FeedRecord& r = records[static_cast<std::size_t>(f)];
    ASSERT_TRUE(r.next_attempt && r.last_attempt) << m.name;
    // A feed without an outage in the last week has had an answer within two intervals and a back-off.
    const auto bound = std::chrono::seconds(2 * m.interval() * 105 / 100 + kBackoffCap * 12 / 10);
    if (!outage_between(f, t_end - 7 * kDay, t_end)) {
      ++healthy_lately;
      ASSERT_TRUE(r.last_success) << m.name;
      EXPECT_GE(*r.last_success, wall_end - bound) << m.name << ": no answer since " << rfc3339((*r.last_success - kStart) / 1s);
    }
    // A failing feed is tried again within its back-off cap (or Retry-After, shorter here).
    if (r.failures > 0) {
      EXPECT_LE(*r.next_attempt, wall_end + std::chrono::seconds(kBackoffCap * 12 / 10)) << m.name << ": " << r.next_reason;
    }
    EXPECT_GE(*r.next_attempt, wall_end) << m.name << " is overdue";
  }
  EXPECT_GE(healthy_lately, kFeeds / 2);  // the check above covered most feeds
  EXPECT_GT(records[16].failures, 100) << "Feed 16 has been dead for 15 days";

  // (4) What the ticker would show at the end: only stories younger than
  // max_age, the newest of the last hour, from every feed that lives, never
  // from the dead one; a story several feeds carried is shown once.
  EXPECT_EQ(stale_shown, 0u) << "stories older than max_age were shown on some day";
  EXPECT_TRUE(stale_days.empty()) << stale_days.size() << " days ended without a story of the last 2 h, the first "
                                  << (stale_days.empty() ? 0 : stale_days.front());
  const std::vector<Story> shown = store.stories(wall_end, kMaxAge, StoryDetail::kItems);
  ASSERT_FALSE(shown.empty());
  EXPECT_GE(shown.front().time, wall_end - 1h);
  std::set<std::string> sources;
  std::map<std::string, std::set<std::size_t>> stories_of_shared;  // shared story k -> shown stories with its items
  std::size_t merged = 0;
  for (std::size_t s = 0; s < shown.size(); ++s) {
    const Story& story = shown[s];
    EXPECT_GE(story.time, wall_end - kMaxAge) << story.title;
    sources.insert(story.sources.begin(), story.sources.end());
    if (story.sources.size() > 1) ++merged;
    for (const StoryItem& item : story.items) {
      const std::string key = item.link.value_or("");
      if (const auto at = key.find("/shared/"); at != std::string::npos) stories_of_shared[key.substr(at + 8)].insert(s);
    }
  }
  for (int f = 0; f < kFeeds; ++f) {
    if (f == 16) {
      EXPECT_FALSE(sources.contains(world.model(f).name)) << "the dead feed's stories are too old to show";
    } else {
      EXPECT_TRUE(sources.contains(world.model(f).name)) << world.model(f).name << " is not shown";
    }
  }
  for (const auto& [k, in] : stories_of_shared) EXPECT_EQ(in.size(), 1u) << "shared story " << k << " shown " << in.size() << " times";
  EXPECT_GT(merged, 10u);
  std::printf("[soak] at the end: %zu stories shown, %zu of them from several feeds, %zu shared stories; %d feeds healthy "
              "in the last week, Feed 16 failing x%d\n",
              shown.size(), merged, stories_of_shared.size(), healthy_lately, records[16].failures);
}

}  // namespace
}  // namespace headliner
