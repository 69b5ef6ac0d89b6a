// When each feed is fetched, and what becomes of the answer: parsed into the
// story store on success, nothing to do on a 304, remembered as a failure
// (with a back-off) otherwise. A failing feed never holds up the others and
// its last good items stay.
//
// Each feed's state (validators, health, next attempt and why) is a
// FeedRecord, the form the state store keeps between runs.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "clock.hpp"
#include "config.hpp"
#include "feed_parser.hpp"
#include "fetch.hpp"
#include "schedule.hpp"
#include "state_store.hpp"
#include "story_store.hpp"

namespace headliner {

struct FeedOutcome {
  std::string feed;
  std::string error;  // empty when the feed answered
  std::size_t items = 0;
  bool not_modified = false;
  explicit operator bool() const { return error.empty(); }
};

class FeedPoller {
 public:
  // `seed` drives the jitter (tests pass a fixed one).
  FeedPoller(const Config& config, Fetcher& fetcher, StoryStore& store,
             std::uint64_t seed = std::random_device{}());

  // Takes back what an earlier run knew of the configured feeds: validators
  // and health, and with `keep_schedule` when each is next due, so a restart
  // neither refetches every feed at once nor forgets a Retry-After. A record
  // for another URL than the config's now names is stale and dropped.
  void restore(const std::vector<FeedRecord>& records, bool keep_schedule, SteadyTime now, WallTime wall);

  // The config it was made with has changed (a reload): feeds still there
  // with the same URL keep everything (validators, health, schedule); new
  // ones are due now. Returns the names of feeds that are gone or now fetch
  // another URL, whose items should go too. A transfer of a gone feed that
  // is still in flight is ignored when it finishes.
  std::vector<std::string> reconfigure(SteadyTime now);

  // Starts every feed that is due and not already in flight; returns when
  // the next one falls due.
  SteadyTime start_due(SteadyTime now, WallTime wall);

  // Takes finished transfers in; one outcome per transfer.
  std::vector<FeedOutcome> finish(std::vector<FetchResult> results, SteadyTime now, WallTime wall);

  // Feed states to save: those whose validators, health, address or reason
  // changed since the last call, and those whose timestamps alone moved
  // once these are an hour old in the store (SD-card care: a routine
  // refresh is not a write). `everything` takes every difference, at exit.
  std::vector<FeedRecord> take_changed(WallTime wall, bool everything = false);
  // Every configured feed's state, in config order.
  std::vector<FeedRecord> records() const;

  bool in_flight() const;
  int failing() const;  // feeds whose last attempt failed

 private:
  struct FeedState {
    const FeedConfig* config;
    FeedRecord record;
    FeedTiming timing;  // from its last parsed document
    SteadyTime next_due{};
    bool in_flight = false;
    FeedRecord saved;  // as the state store has it
  };
  FeedState* find(const std::string& name);
  FetchRequest request_for(const FeedState& feed) const;
  FeedOutcome take(FeedState& feed, const FetchResult& result, WallTime wall);
  void schedule(FeedState& feed, const FeedOutcome& outcome, const FetchResult& result, SteadyTime now,
                WallTime wall);
  double jitter();

  const Config& config_;
  Fetcher& fetcher_;
  StoryStore& store_;
  std::vector<FeedState> feeds_;
  std::mt19937_64 random_;
};

}  // namespace headliner
