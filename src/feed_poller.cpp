#include "feed_poller.hpp"

#include <algorithm>

#include "text.hpp"

namespace headliner {
namespace {

using namespace std::chrono_literals;

// Retry a failing feed after 1, 2, 4 … minutes, never later than its refresh.
Duration retry_delay(int failures, Duration refresh) {
  Duration delay = 1min * (1LL << std::min(failures - 1, 10));
  return std::min(delay, refresh);
}

}  // namespace

FeedPoller::FeedPoller(const Config& config, Fetcher& fetcher, StoryStore& store)
    : config_(config), fetcher_(fetcher), store_(store) {
  for (const auto& feed : config_.feeds) feeds_.push_back({&feed});
}

SteadyTime FeedPoller::start_due(SteadyTime now) {
  SteadyTime next = SteadyTime::max();
  for (auto& feed : feeds_) {
    if (!feed.in_flight && feed.next_due <= now) {
      fetcher_.start({feed.config->name, feed.config->url, config_.fetch.timeout,
                      config_.fetch.max_size, config_.fetch.user_agent});
      feed.in_flight = true;
      feed.next_due = now + feed.config->refresh;
    }
    if (!feed.in_flight) next = std::min(next, feed.next_due);
  }
  return next;
}

FeedPoller::FeedState* FeedPoller::find(const std::string& name) {
  auto it = std::find_if(feeds_.begin(), feeds_.end(), [&](const auto& f) { return f.config->name == name; });
  return it == feeds_.end() ? nullptr : &*it;
}

FeedOutcome FeedPoller::take(const FetchResult& result, WallTime wall) {
  // Error text can carry what a server sent (a curl message quoting a
  // header, an element name): clean it like any other feed text.
  if (!result) return {result.feed, clean_text(result.error)};
  ParseResult parsed = parse_feed(result.body, result.effective_url, {}, result.content_type);
  if (!parsed) return {result.feed, clean_text(parsed.error)};
  if (parsed.feed.items.empty()) return {result.feed, "the feed lists no items"};
  store_.update(result.feed, parsed.feed.items, wall);
  return {result.feed, "", parsed.feed.items.size()};
}

std::vector<FeedOutcome> FeedPoller::finish(std::vector<FetchResult> results, SteadyTime now,
                                            WallTime wall) {
  std::vector<FeedOutcome> outcomes;
  for (const auto& result : results) {
    FeedState* feed = find(result.feed);
    if (!feed) continue;
    feed->in_flight = false;
    FeedOutcome outcome = take(result, wall);
    if (outcome) {
      feed->failures = 0;
    } else {
      ++feed->failures;
      feed->next_due = now + retry_delay(feed->failures, feed->config->refresh);
    }
    outcomes.push_back(std::move(outcome));
  }
  return outcomes;
}

bool FeedPoller::in_flight() const {
  return std::any_of(feeds_.begin(), feeds_.end(), [](const auto& f) { return f.in_flight; });
}

int FeedPoller::failing() const {
  return static_cast<int>(std::count_if(feeds_.begin(), feeds_.end(), [](const auto& f) { return f.failures > 0; }));
}

}  // namespace headliner
