#include "ticker.hpp"

#include <algorithm>
#include <optional>
#include <utility>

#include "feed_poller.hpp"
#include "feed_status.hpp"
#include "filter.hpp"
#include "rotation.hpp"
#include "shown_history.hpp"
#include "story_store.hpp"

namespace headliner {
namespace {

using namespace std::chrono_literals;

// However short the dwell, a slide stays this long: no spinning through stories.
constexpr Duration kMinimumSlide = 1s;

constexpr SteadyTime kNever = SteadyTime::max();

// How long a notice (the failing feeds on SIGUSR1, a state problem) stands:
// long enough to read a long line, as a multiple of the still time.
Duration notice_time(const Config& config) { return std::max<Duration>(3 * config.ticker.dwell, kMinimumSlide); }

std::string color_of(const Config& config, const std::string& feed) {
  for (const auto& f : config.feeds)
    if (f.name == feed) return f.color;
  return "default";
}

std::string idle_message(const FeedPoller& poller, const Config& config, const std::string& last_error) {
  if (poller.in_flight())
    return "Fetching " + std::to_string(config.feeds.size()) + (config.feeds.size() == 1 ? " feed…" : " feeds…");
  if (poller.failing() > 0) return "No headlines: " + last_error;
  return "No headlines younger than " + format_duration(config.ticker.max_age);
}

// Every story was shown within [rotation] repeat_after.
std::string waiting_message(WallTime due, WallTime now) {
  return "No new headlines \u00b7 next in " + format_wait(std::chrono::ceil<std::chrono::seconds>(due - now));
}

}  // namespace

Ticker::Ticker(const Config& config, Display& display, Fetcher& fetcher, const Clock& clock,
               std::ostream* log, SavedState* saved)
    : config_(config), display_(display), fetcher_(fetcher), clock_(clock), log_(log), saved_(saved) {}

std::vector<Story> Ticker::wanted_stories(const StoryStore& store) const {
  // Each story's items are needed only to judge it by the filters.
  const bool filtered = has_rules(config_);
  std::vector<Story> stories =
      store.stories(clock_.wall_now(), config_.ticker.max_age, filtered ? StoryDetail::kItems : StoryDetail::kHeadline);
  if (filtered) remove_unwanted(stories, config_);
  return stories;
}

void Ticker::run(SignalWatcher& signals, std::optional<std::size_t> max_slides) {
  StoryStore store(config_.dedup);
  FeedPoller poller(config_, fetcher_, store);
  ShownHistory shown;
  Rotation rotation(RotationPolicy::from(config_), shown);
  auto say = [&](const std::string& line) {
    if (log_) *log_ << "headliner: " << line << '\n' << std::flush;
  };
  // Without a log (a marquee on the terminal stderr shares), what the state
  // file has to say is shown on the display, as the next slide.
  std::optional<std::string> notice;
  auto keep_state = [&](bool everything) {
    if (!saved_) return;
    saved_->save(store, poller, clock_.wall_now(), everything, &shown);
    auto message = saved_->take_message();
    if (message && log_) say(*message);
    else if (message) notice = std::move(message);
  };
  if (saved_) {
    // The last run's headlines, on screen before any network.
    saved_->restore(store, poller, true, clock_.steady_now(), clock_.wall_now(), &shown);
    if (auto message = saved_->take_message()) say(*message);
    rotation.update(wanted_stories(store));
  }
  bool stop = false;
  std::string last_error;
  std::size_t slides = 0;
  bool showing = false;
  SteadyTime slide_start = clock_.steady_now();
  SteadyTime slide_end = slide_start;
  SteadyTime next_frame = kNever;  // kNever: the slide is still
  std::optional<WallTime> waiting_until;  // no story due before then (repeat_after)

  while (!stop) {
    SteadyTime now = clock_.steady_now();
    SteadyTime next_fetch = poller.start_due(now, clock_.wall_now());

    if (notice && (!showing || now >= slide_end)) {
      display_.status(*std::exchange(notice, std::nullopt));
      showing = true;
      slide_start = now;
      slide_end = now + notice_time(config_);
      next_frame = kNever;
    } else if (!showing || now >= slide_end) {
      if (max_slides && slides >= *max_slides) break;
      const WallTime wall = clock_.wall_now();
      NextStory next = rotation.next(wall);
      waiting_until = next.story ? std::nullopt : next.due;
      if (next.story) {
        Slide slide = make_slide(*next.story, wall, color_of(config_, next.story->feed), poller.failing());
        slide_start = now;
        slide_end = now + std::max(display_.show(slide, now), kMinimumSlide);
        next_frame = now;
        showing = true;
        ++slides;
      } else if (next.due) {
        // Nothing due yet: say when, and sleep until then (a fetch that
        // brings a new story wakes the loop sooner).
        display_.status(waiting_message(*next.due, wall));
        showing = false;
        slide_end = now + std::max(std::chrono::ceil<Duration>(*next.due - wall), kMinimumSlide);
        next_frame = kNever;
      } else {
        display_.status(idle_message(poller, config_, last_error));
        showing = false;
        slide_end = SteadyTime::max();
        next_frame = kNever;
      }
    }
    if (auto wake = display_.wake_at(); wake && *wake < next_frame) next_frame = *wake;  // a device retrying
    if (next_frame <= now) {
      next_frame = display_.frame(now).value_or(kNever);
      // A frame due now or earlier would spin the loop: at most one per millisecond.
      if (next_frame <= now) next_frame = now + Duration(1);
    }
    if (display_.broken()) break;

    SteadyTime deadline = std::min({next_fetch, slide_end, next_frame});
    // Rounded up: a deadline 0.3 ms away must not become a 0 ms wait, again and again.
    auto timeout = std::clamp(std::chrono::ceil<Duration>(deadline - now), Duration(0),
                              Duration(std::chrono::hours(1)));
    const int wake_fds[] = {signals.fd(), display_.input_fd()};
    auto results = fetcher_.wait(wake_fds, timeout);
    while (auto problem = display_.take_problem()) say(*problem);
    if (!results.empty()) {
      for (const auto& outcome : poller.finish(std::move(results), clock_.steady_now(), clock_.wall_now())) {
        if (outcome) continue;
        last_error = outcome.feed + ": " + outcome.error;
        say(last_error);
      }
      rotation.update(wanted_stories(store));
      showing = showing && !rotation.empty();
      if (!poller.in_flight()) keep_state(false);  // one transaction per refresh cycle
    }
    bool redraw = false;
    for (int sig : signals.drain()) {
      if (sig == SIGWINCH) {
        if (auto total = display_.resize(); total && showing)
          slide_end = slide_start + std::max(*total, kMinimumSlide);
      } else if (sig == SIGTSTP) {
        display_.suspend();  // the shell gets a clean terminal back
        raise(SIGSTOP);      // returns once we are continued
        display_.resume();
      } else if (sig == SIGCONT) {
        display_.resume();   // continued after a stop we did not see coming
      } else if (sig == SIGUSR1) {
        // `kill -USR1`: which feeds fail and why, for one slide's time.
        const SteadyTime at = clock_.steady_now();
        display_.status(failing_summary(poller.records()));
        showing = true;
        slide_start = at;
        slide_end = at + notice_time(config_);
        next_frame = kNever;
        continue;
      } else {
        stop = true;  // SIGINT, SIGTERM, SIGHUP, SIGQUIT: leave cleanly
        break;
      }
      redraw = true;
    }
    if (stop) break;
    if (redraw && showing) next_frame = clock_.steady_now();
    if (redraw && !showing)
      display_.status(waiting_until ? waiting_message(*waiting_until, clock_.wall_now())
                                    : idle_message(poller, config_, last_error));
  }
  keep_state(true);
}

}  // namespace headliner
