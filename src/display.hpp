// The display interface. A backend owns its device (a terminal, an LCD, a
// socket to LCDd) and decides how a slide looks on it; the core only says
// what to show and when.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "clock.hpp"
#include "duration.hpp"
#include "story_store.hpp"

namespace headliner {

// What a reader with buttons (LCDd's keys) asks the ticker to do.
enum class UserKey { kNext, kPrevious, kPause };

// One story as a display shows it. All text is clean UTF-8 (text.hpp);
// a backend converts it to its device's character set.
struct Slide {
  std::string title;
  std::string source;  // the lead feed, "+N" when others carried it too
  std::string age;     // "5m", "3h"; "" when unknown
  std::string color;   // the lead feed's colour name (config.hpp: kColorNames)
  int failing_feeds = 0;
};

class Display {
 public:
  virtual ~Display() = default;

  // Starts showing `slide`; returns how long it will take to show it whole,
  // after which the ticker moves to the next one.
  virtual Duration show(const Slide& slide, SteadyTime now) = 0;

  // Draws the frame due at `now`. Returns when the next frame is due, or
  // nullopt while the picture is still (the loop then sleeps until the slide ends).
  virtual std::optional<SteadyTime> frame(SteadyTime now) = 0;

  // A one-line message instead of a headline: "Fetching 5 feeds…".
  virtual void status(std::string_view message) = 0;

  // The device changed size (a terminal resize); redraw on the next frame.
  // Returns the current slide's new length when the resize changed it.
  virtual std::optional<Duration> resize() { return std::nullopt; }

  // Hand the device back (Ctrl-Z) and take it again (fg).
  virtual void suspend() {}
  virtual void resume() {}

  // The device is gone (a closed pipe, a hung-up terminal): stop showing.
  virtual bool broken() const { return false; }

  // When the display needs a frame() although its picture is still: a
  // device that is down tries again then.
  virtual std::optional<SteadyTime> wake_at() const { return std::nullopt; }

  // One line about the device, once per problem ("LCD on /dev/i2c-1 at
  // 0x27: write failed: …"), for the log.
  virtual std::optional<std::string> take_problem() { return std::nullopt; }

  // A display with buttons: the descriptor the loop waits on, and the keys
  // pressed since the last call. Never blocks.
  virtual int input_fd() const { return -1; }
  virtual std::vector<UserKey> take_keys() { return {}; }
};

// "BBC World" or "BBC World +2"
std::string source_label(const Story& story);

Slide make_slide(const Story& story, WallTime now, std::string color, int failing_feeds);

}  // namespace headliner
