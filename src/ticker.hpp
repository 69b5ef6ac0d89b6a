// The ticker: one event loop that fetches feeds when due, rotates their
// stories through a display, and sleeps until the next deadline (next frame,
// next slide, next fetch) or a signal. Nothing polls.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>

#include "clock.hpp"
#include "config.hpp"
#include "display.hpp"
#include "fetch.hpp"
#include "log.hpp"
#include "saved_state.hpp"
#include "service_notifier.hpp"
#include "signals.hpp"
#include "story_store.hpp"

namespace headliner {

// Reads the config file again (SIGHUP): the new config, or why not.
using ConfigReloader = std::function<ConfigResult()>;

class Ticker {
 public:
  // `log` receives one line per failed fetch; nullptr when the display
  // itself shows failures (a marquee on the terminal stderr also writes to).
  // `saved` (may be null: nothing kept) restores the last run's headlines
  // before the first frame and keeps this run's after each refresh cycle.
  // `reload` (may be empty: SIGHUP stops the ticker) re-reads the config.
  Ticker(Config config, Display& display, Fetcher& fetcher, const Clock& clock, Log* log,
         SavedState* saved = nullptr, ConfigReloader reload = {});

  // Runs until SIGINT or SIGTERM (and SIGHUP without a reloader); with
  // `max_slides`, stops after showing that many (so tests can run the real
  // loop for a few slides).
  void run(SignalWatcher& signals, std::optional<std::size_t> max_slides = std::nullopt);

  // Who to tell that the ticker is ready, alive, reloading or stopping
  // (systemd, when it started the ticker); nobody by default.
  void notify_service(ServiceNotifier service) { service_ = std::move(service); }

  // The config in use: the one given, or the last good one a reload read.
  const Config& config() const { return config_; }

 private:
  class Loop;

  // The stories to rotate: young enough, and wanted by the filters.
  std::vector<Story> wanted_stories(const StoryStore& store) const;

  Config config_;
  Display& display_;
  Fetcher& fetcher_;
  const Clock& clock_;
  Log* log_;
  SavedState* saved_;
  ConfigReloader reload_;
  ServiceNotifier service_;
};

}  // namespace headliner
