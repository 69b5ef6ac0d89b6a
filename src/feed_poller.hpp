// When each feed is fetched, and what becomes of the answer: parsed into the
// story store on success, remembered as a failure (with a retry time) otherwise.
// A failing feed never holds up the others and its last good items stay.
#pragma once

#include <string>
#include <vector>

#include "clock.hpp"
#include "config.hpp"
#include "feed_parser.hpp"
#include "fetch.hpp"
#include "story_store.hpp"

namespace headliner {

struct FeedOutcome {
  std::string feed;
  std::string error;    // empty when the feed gave items
  std::size_t items = 0;
  explicit operator bool() const { return error.empty(); }
};

class FeedPoller {
 public:
  FeedPoller(const Config& config, Fetcher& fetcher, StoryStore& store);

  // Starts every feed that is due and not already in flight; returns when
  // the next one falls due.
  SteadyTime start_due(SteadyTime now);

  // Takes finished transfers into the store; one outcome per transfer.
  std::vector<FeedOutcome> finish(std::vector<FetchResult> results, SteadyTime now, WallTime wall);

  bool in_flight() const;
  int failing() const;  // feeds whose last attempt failed

 private:
  struct FeedState {
    const FeedConfig* config;
    SteadyTime next_due{};
    bool in_flight = false;
    int failures = 0;  // in a row
  };
  FeedState* find(const std::string& name);
  FeedOutcome take(const FetchResult& result, WallTime wall);

  const Config& config_;
  Fetcher& fetcher_;
  StoryStore& store_;
  std::vector<FeedState> feeds_;
};

}  // namespace headliner
