#include "ticker.hpp"

#include <algorithm>
#include <csignal>
#include <deque>
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

Ticker::Ticker(Config config, Display& display, Fetcher& fetcher, const Clock& clock, Log* log,
               SavedState* saved, ConfigReloader reload)
    : config_(std::move(config)), display_(display), fetcher_(fetcher), clock_(clock), log_(log), saved_(saved),
      reload_(std::move(reload)) {}

// One run of the ticker: its stores and what is on the display, with one
// method per thing that can happen (a slide ends, fetches finish, a signal,
// a key, a reload). run() waits for the next of them.
class Ticker::Loop {
 public:
  Loop(Ticker& ticker, std::optional<std::size_t> max_slides)
      : t_(ticker), config_(ticker.config_), display_(ticker.display_), clock_(ticker.clock_),
        store_(config_.dedup), poller_(config_, ticker.fetcher_, store_), max_slides_(max_slides) {
    rotation_.emplace(RotationPolicy::from(config_), shown_);
  }

  void run(SignalWatcher& signals) {
    restore();
    while (!stop_) {
      const SteadyTime now = clock_.steady_now();
      const SteadyTime next_fetch = poller_.start_due(now, clock_.wall_now());
      if (notice_ && (!showing_ || now >= slide_end_)) show_notice(*std::exchange(notice_, std::nullopt), now);
      else if (!paused_ && (!showing_ || now >= slide_end_)) next_slide(now);
      if (stop_) break;
      draw(now);
      if (display_.broken()) break;
      tell_service(now);
      wait(signals, std::min({next_fetch, paused_ ? kNever : slide_end_, next_frame_, next_watchdog_}), now);
    }
    notify("STOPPING=1");
    keep_state(true);
  }

 private:
  void notify(std::string_view state) {
    if (t_.service_.send) t_.service_.send(state);
  }

  // Ready once the first frame is up (stored headlines, or "Fetching…");
  // then, with a watchdog, proof that the loop turns.
  void tell_service(SteadyTime now) {
    const Duration every = t_.service_.watchdog_every;
    if (!ready_) {
      ready_ = true;
      notify("READY=1");
      if (every.count() > 0) next_watchdog_ = now;
    }
    if (every.count() == 0 || now < next_watchdog_) return;
    notify("WATCHDOG=1");
    next_watchdog_ = now + every;
  }

  void say(Severity severity, const std::string& line) {
    if (t_.log_) t_.log_->write(severity, line);
  }

  // Without a log (a marquee on the terminal stderr shares), what the state
  // file has to say is shown on the display, as the next slide.
  void keep_state(bool everything) {
    if (!t_.saved_) return;
    t_.saved_->save(store_, poller_, clock_.wall_now(), everything, &shown_);
    auto message = t_.saved_->take_message();
    if (message && t_.log_) say(Severity::kError, *message);
    else if (message) notice_ = std::move(message);
  }

  // The last run's headlines, on screen before any network.
  void restore() {
    if (!t_.saved_) return;
    t_.saved_->restore(store_, poller_, true, clock_.steady_now(), clock_.wall_now(), &shown_);
    if (auto message = t_.saved_->take_message()) say(Severity::kWarning, *message);
    rotation_->update(t_.wanted_stories(store_));
  }

  // A message for a while instead of a headline.
  void show_notice(const std::string& text, SteadyTime now) {
    display_.status(text);
    showing_ = true;
    slide_start_ = now;
    slide_end_ = now + notice_time(config_);
    next_frame_ = kNever;
  }

  void show_story(const Story& story, SteadyTime now, WallTime wall) {
    Slide slide = make_slide(story, wall, color_of(config_, story.feed), poller_.failing());
    slide_start_ = now;
    slide_end_ = now + std::max(display_.show(slide, now), kMinimumSlide);
    next_frame_ = now;
    showing_ = true;
    ++slides_;
  }

  void next_slide(SteadyTime now) {
    if (max_slides_ && slides_ >= *max_slides_) {
      stop_ = true;
      return;
    }
    const WallTime wall = clock_.wall_now();
    if (back_ > 0 && back_ < recent_.size()) {  // a reader went back: show what was shown before
      show_story(recent_[recent_.size() - 1 - back_], now, wall);
      return;
    }
    back_ = 0;
    NextStory next = rotation_->next(wall);
    waiting_until_ = next.story ? std::nullopt : next.due;
    if (next.story) {
      remember(*next.story);
      show_story(*next.story, now, wall);
    } else if (next.due) {
      // Nothing due yet: say when, and sleep until then (a fetch that
      // brings a new story wakes the loop sooner).
      display_.status(waiting_message(*next.due, wall));
      showing_ = false;
      slide_end_ = now + std::max(std::chrono::ceil<Duration>(*next.due - wall), kMinimumSlide);
      next_frame_ = kNever;
    } else {
      display_.status(idle_message(poller_, config_, last_error_));
      showing_ = false;
      slide_end_ = kNever;
      next_frame_ = kNever;
    }
  }

  // The stories shown last, for the "previous" key.
  void remember(const Story& story) {
    recent_.push_back(story);
    if (recent_.size() > kRecentStories) recent_.pop_front();
  }

  void draw(SteadyTime now) {
    if (auto wake = display_.wake_at(); wake && *wake < next_frame_) next_frame_ = *wake;  // a device retrying
    if (next_frame_ > now) return;
    next_frame_ = display_.frame(now).value_or(kNever);
    // A frame due now or earlier would spin the loop: at most one per millisecond.
    if (next_frame_ <= now) next_frame_ = now + Duration(1);
  }

  void wait(SignalWatcher& signals, SteadyTime deadline, SteadyTime now) {
    // Rounded up: a deadline 0.3 ms away must not become a 0 ms wait, again and again.
    auto timeout = std::clamp(std::chrono::ceil<Duration>(deadline - now), Duration(0), Duration(std::chrono::hours(1)));
    const int wake_fds[] = {signals.fd(), display_.input_fd()};
    auto results = t_.fetcher_.wait(wake_fds, timeout);
    while (auto problem = display_.take_problem()) say(Severity::kError, *problem);
    if (!results.empty()) take_results(std::move(results));
    // Keys are read every time: a readable descriptor left unread would wake the loop at once, forever.
    for (UserKey key : display_.take_keys()) on_key(key);
    bool redraw = false;
    for (int sig : signals.drain()) redraw = on_signal(sig) || redraw;
    if (stop_) return;
    if (redraw && showing_) next_frame_ = clock_.steady_now();
    if (redraw && !showing_)
      display_.status(waiting_until_ ? waiting_message(*waiting_until_, clock_.wall_now())
                                     : idle_message(poller_, config_, last_error_));
  }

  void take_results(std::vector<FetchResult> results) {
    for (const auto& outcome : poller_.finish(std::move(results), clock_.steady_now(), clock_.wall_now())) {
      if (outcome) continue;
      last_error_ = outcome.feed + ": " + outcome.error;
      say(Severity::kWarning, last_error_);
    }
    rotation_->update(t_.wanted_stories(store_));
    showing_ = showing_ && !rotation_->empty();
    if (!poller_.in_flight()) keep_state(false);  // one transaction per refresh cycle
  }

  // Next ends the slide now; previous goes back one story (again: further);
  // pause holds the slide until pressed again (or next, or previous).
  void on_key(UserKey key) {
    const SteadyTime now = clock_.steady_now();
    if (key == UserKey::kPause) {
      paused_ = !paused_;
      if (!paused_) slide_end_ = std::max(slide_end_, now);
      return;
    }
    paused_ = false;
    if (key == UserKey::kPrevious && back_ + 1 < recent_.size()) ++back_;
    else if (key == UserKey::kNext && back_ > 0) --back_;
    slide_end_ = now;
    showing_ = false;
  }

  // True when the display needs drawing again.
  bool on_signal(int sig) {
    switch (sig) {
      case SIGWINCH:
        if (auto total = display_.resize(); total && showing_)
          slide_end_ = slide_start_ + std::max(*total, kMinimumSlide);
        return true;
      case SIGTSTP:
        display_.suspend();  // the shell gets a clean terminal back
        raise(SIGSTOP);      // returns once we are continued
        display_.resume();
        return true;
      case SIGCONT:
        display_.resume();  // continued after a stop we did not see coming
        return true;
      case SIGUSR1:
        // `kill -USR1`: which feeds fail and why, for one slide's time.
        show_notice(failing_summary(poller_.records()), clock_.steady_now());
        return false;
      case SIGHUP:
        if (t_.reload_) {
          reload();
          return false;
        }
        [[fallthrough]];
      default:
        stop_ = true;  // SIGINT, SIGTERM, SIGQUIT: leave cleanly
        return false;
    }
  }

  // A good new config replaces the running one: feeds that stay keep their
  // state, new ones are fetched now, gone ones take their stories along.
  // A broken one is said, and the running one kept.
  void reload() {
    notify("RELOADING=1");
    ConfigResult result = t_.reload_();
    if (!result) {
      notify("READY=1");
      say(Severity::kError, "config not reloaded, the running one is kept: " + result.error);
      if (!t_.log_) notice_ = "Config not reloaded: " + result.error;
      return;
    }
    const std::size_t before = config_.feeds.size();
    config_ = std::move(result.config);  // poller_ reads the same object
    const auto gone = poller_.reconfigure(clock_.steady_now());
    for (const auto& feed : gone) store_.forget_feed(feed);
    rotation_.emplace(RotationPolicy::from(config_), shown_);
    rotation_->update(t_.wanted_stories(store_));
    const std::size_t added = config_.feeds.size() + gone.size() - before;
    say(Severity::kNotice, "config reloaded from " + config_.source + ": " + std::to_string(config_.feeds.size()) + " feeds (" +
        std::to_string(added) + " new, " + std::to_string(gone.size()) + " gone)");
    keep_state(false);
    notify("READY=1");
  }

  static constexpr std::size_t kRecentStories = 16;

  Ticker& t_;
  Config& config_;
  Display& display_;
  const Clock& clock_;
  StoryStore store_;
  FeedPoller poller_;
  ShownHistory shown_;
  std::optional<Rotation> rotation_;  // made again on a reload
  std::optional<std::size_t> max_slides_;

  std::optional<std::string> notice_;
  std::string last_error_;
  std::size_t slides_ = 0;
  bool stop_ = false;
  bool showing_ = false;
  bool paused_ = false;
  SteadyTime slide_start_{};
  SteadyTime slide_end_{};
  SteadyTime next_frame_ = kNever;  // kNever: the picture is still
  std::optional<WallTime> waiting_until_;  // no story due before then (repeat_after)
  bool ready_ = false;  // told the service manager
  SteadyTime next_watchdog_ = kNever;  // kNever without a watchdog
  std::deque<Story> recent_;  // shown last, oldest first
  std::size_t back_ = 0;      // how far back the reader went
};

std::vector<Story> Ticker::wanted_stories(const StoryStore& store) const {
  // Each story's items are needed only to judge it by the filters.
  const bool filtered = has_rules(config_);
  std::vector<Story> stories =
      store.stories(clock_.wall_now(), config_.ticker.max_age, filtered ? StoryDetail::kItems : StoryDetail::kHeadline);
  if (filtered) remove_unwanted(stories, config_);
  return stories;
}

void Ticker::run(SignalWatcher& signals, std::optional<std::size_t> max_slides) {
  Loop(*this, max_slides).run(signals);
}

}  // namespace headliner
