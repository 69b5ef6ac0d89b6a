#include "feed_poller.hpp"

#include <algorithm>
#include <utility>

#include "text.hpp"

namespace headliner {

namespace {

FeedRecord fresh_record(const FeedConfig& feed) {
  FeedRecord record;
  record.name = feed.name;
  record.url = feed.url;
  return record;
}

}  // namespace

FeedPoller::FeedPoller(const Config& config, Fetcher& fetcher, StoryStore& store, std::uint64_t seed)
    : config_(config), fetcher_(fetcher), store_(store), random_(seed) {
  for (const auto& feed : config_.feeds) feeds_.push_back(FeedState{&feed, fresh_record(feed), {}, {}, false, {}});
}

std::vector<std::string> FeedPoller::reconfigure(SteadyTime now) {
  std::vector<FeedState> kept;
  for (const auto& feed : config_.feeds) {
    auto old = std::find_if(feeds_.begin(), feeds_.end(), [&](const FeedState& f) {
      return f.record.name == feed.name && f.record.url == feed.url;
    });
    if (old != feeds_.end()) {
      old->config = &feed;  // the old config it pointed into is gone
      kept.push_back(std::move(*old));
      feeds_.erase(old);
    } else {
      kept.push_back(FeedState{&feed, fresh_record(feed), {}, now, false, {}});
    }
  }
  std::vector<std::string> gone;
  for (const FeedState& feed : feeds_) gone.push_back(feed.record.name);
  feeds_ = std::move(kept);
  return gone;
}

void FeedPoller::restore(const std::vector<FeedRecord>& records, bool keep_schedule, SteadyTime now,
                         WallTime wall) {
  for (const FeedRecord& record : records) {
    FeedState* feed = find(record.name);
    if (!feed || record.url != feed->config->url) continue;
    feed->record = feed->saved = record;
    if (!keep_schedule || !record.next_attempt) continue;
    // A next attempt further away than any schedule allows is a clock that
    // jumped (a Pi without an RTC): then the feed is due now.
    Duration wait = std::chrono::duration_cast<Duration>(*record.next_attempt - wall);
    Duration longest = std::max({feed->config->refresh, config_.fetch.max_refresh, kMaximumRetryAfter});
    if (wait > Duration(0) && wait <= longest) feed->next_due = now + wait;
  }
}

FetchRequest FeedPoller::request_for(const FeedState& feed) const {
  const FetchConfig& fetch = config_.fetch;
  FetchRequest request(feed.config->name, feed.record.location.empty() ? feed.config->url : feed.record.location,
                       fetch.timeout, fetch.max_size, fetch.user_agent);
  request.etag = feed.record.etag;
  request.last_modified = feed.record.last_modified;
  request.proxy = fetch.proxy;
  request.verify_tls = !feed.config->insecure_tls;
  request.ip = fetch.ip == "ipv4" ? IpVersion::v4 : fetch.ip == "ipv6" ? IpVersion::v6 : IpVersion::any;
  return request;
}

SteadyTime FeedPoller::start_due(SteadyTime now, WallTime wall) {
  SteadyTime next = SteadyTime::max();
  for (auto& feed : feeds_) {
    if (!feed.in_flight && feed.next_due <= now) {
      fetcher_.start(request_for(feed));
      feed.in_flight = true;
      feed.record.last_attempt = wall;
    }
    if (!feed.in_flight) next = std::min(next, feed.next_due);
  }
  return next;
}

FeedPoller::FeedState* FeedPoller::find(const std::string& name) {
  auto it = std::find_if(feeds_.begin(), feeds_.end(), [&](const auto& f) { return f.record.name == name; });
  return it == feeds_.end() ? nullptr : &*it;
}

// What the answer means for the feed's items. Error text can carry what a
// server sent (a curl message quoting a header, an element name): it is
// cleaned like any other feed text.
FeedOutcome FeedPoller::take(FeedState& feed, const FetchResult& result, WallTime wall) {
  const std::string& name = feed.config->name;
  if (!result) return {name, clean_text(result.error)};
  if (result.not_modified) return {name, "", 0, true};  // nothing to parse: the items we have stand
  ParseResult parsed = parse_feed(result.body, result.effective_url, {}, result.content_type);
  if (!parsed) return {name, clean_text(parsed.error)};
  if (parsed.feed.items.empty()) return {name, "the feed lists no items"};
  const std::size_t listed = parsed.feed.items.size();
  store_.update(name, std::move(parsed.feed.items), wall);  // moved: no copy of every string
  feed.timing = parsed.feed.timing;
  return {name, "", listed};
}

void FeedPoller::schedule(FeedState& feed, const FeedOutcome& outcome, const FetchResult& result, SteadyTime now,
                          WallTime wall) {
  FeedRecord& r = feed.record;
  const ScheduleBounds bounds{feed.config->refresh, config_.fetch.max_refresh};
  NextFetch next;
  if (outcome) {
    // Validators as the server sent them this time: one it stopped sending is dropped.
    if (!result.not_modified || !result.etag.empty()) r.etag = result.etag;
    if (!result.not_modified || !result.last_modified.empty()) r.last_modified = result.last_modified;
    if (!result.moved_to.empty()) r.location = result.moved_to;
    r.last_success = wall;
    r.not_modified = outcome.not_modified;
    r.failing_since.reset();
    r.failures = 0;
    r.last_error.clear();
    next = next_after_success(bounds, result.fresh_for, feed.timing, wall, jitter());
  } else {
    if (!r.failing_since) r.failing_since = wall;
    ++r.failures;
    r.last_error = outcome.error;
    // The new home a redirect once gave may be gone: back to the configured URL.
    r.location.clear();
    next = next_after_failure(bounds, r.failures, result.retry_after, jitter());
  }
  feed.next_due = now + next.delay;
  r.next_attempt = wall + next.delay;
  r.next_reason = std::move(next.reason);
}

std::vector<FeedOutcome> FeedPoller::finish(std::vector<FetchResult> results, SteadyTime now, WallTime wall) {
  std::vector<FeedOutcome> outcomes;
  for (const auto& result : results) {
    FeedState* feed = find(result.feed);
    if (!feed) continue;
    feed->in_flight = false;
    FeedOutcome outcome = take(*feed, result, wall);
    schedule(*feed, outcome, result, now, wall);
    outcomes.push_back(std::move(outcome));
  }
  return outcomes;
}

namespace {

FeedRecord without_times(FeedRecord r) {
  r.last_attempt = r.last_success = r.next_attempt = std::nullopt;
  return r;
}

}  // namespace

std::vector<FeedRecord> FeedPoller::take_changed(WallTime wall, bool everything) {
  using namespace std::chrono_literals;
  std::vector<FeedRecord> changed;
  for (auto& feed : feeds_) {
    if (feed.record == feed.saved) continue;
    bool significant = without_times(feed.record) != without_times(feed.saved);
    bool stale = !feed.saved.last_attempt || wall - *feed.saved.last_attempt >= 1h;
    if (!everything && !significant && !stale) continue;
    changed.push_back(feed.record);
    feed.saved = feed.record;
  }
  return changed;
}

std::vector<FeedRecord> FeedPoller::records() const {
  std::vector<FeedRecord> all;
  for (const auto& feed : feeds_) all.push_back(feed.record);
  return all;
}

double FeedPoller::jitter() { return std::uniform_real_distribution<double>(-1.0, 1.0)(random_); }

bool FeedPoller::in_flight() const {
  return std::any_of(feeds_.begin(), feeds_.end(), [](const auto& f) { return f.in_flight; });
}

int FeedPoller::failing() const {
  return static_cast<int>(std::count_if(feeds_.begin(), feeds_.end(), [](const auto& f) { return f.record.failures > 0; }));
}

}  // namespace headliner
