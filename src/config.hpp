// The one config file: what to show, where from, and how.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "duration.hpp"
#include "filter.hpp"
#include "story_cluster.hpp"

namespace headliner {

struct FeedConfig {
  std::string name;
  std::string url;
  Duration refresh;       // [fetch] refresh unless the feed sets its own
  std::string color;      // an ANSI colour name, see kColorNames
  bool insecure_tls = false;  // explicit opt-out of certificate checks, said loudly
  FilterRules filter = {};    // this feed's own include/exclude rules
  double weight = 1.0;        // its share of turns in the rotation, 0.1..10
  bool breaking = false;      // its new stories go to the front of the rotation
};

struct TickerConfig {
  std::string display = "terminal";  // terminal | line | hd44780 | lcdproc | lcd-sim
  Duration max_age = std::chrono::hours(48);  // 0 = no limit
  int speed = 8;                      // cells per second while scrolling
  Duration dwell = std::chrono::seconds(3);   // still time per headline
  std::string position = "inline";   // inline | bottom
  std::string color = "auto";        // auto | always | never
};

// The names a display may have; the LCD ones are built by platform/.
inline constexpr std::string_view kDisplayNames[] = {"terminal", "line", "hd44780", "lcdproc", "lcd-sim"};

// The signals of an HD44780 behind a PCF8574 backpack, one per expander
// pin P0..P7; backpacks wire them differently.
inline constexpr std::string_view kBackpackSignals[] = {"rs", "rw", "e", "backlight", "d4", "d5", "d6", "d7"};

// [display.hd44780]: a character LCD on I2C (also what lcd-sim previews).
struct Hd44780Config {
  std::string bus = "/dev/i2c-1";
  int address = 0x27;  // 0x27 (PCF8574) or 0x3F (PCF8574A) on most backpacks
  int cols = 16;
  int rows = 2;
  std::vector<std::string> pins = {"rs", "rw", "e", "backlight", "d4", "d5", "d6", "d7"};  // P0..P7
  bool backlight_active_low = false;
  std::string charset = "a00";  // a00 | a02 | ascii
  int speed = 4;                // cells per second while scrolling
  bool backlight = true;
};

// [display.lcdproc]: a screen on LCDd.
struct LcdprocConfig {
  std::string host = "127.0.0.1";
  int port = 13666;
  std::string charset = "latin1";  // latin1 | ascii | a00 | a02: what LCDd's driver shows
  int speed = 4;
};

struct DisplayConfig {
  std::string fallback;  // "" = none: a display that cannot start ends the run; else terminal | line
  Hd44780Config hd44780;
  LcdprocConfig lcdproc;
};

struct FetchConfig {
  Duration timeout = std::chrono::seconds(20);
  Duration refresh = std::chrono::minutes(15);
  Duration max_refresh = std::chrono::hours(6);  // how far servers and feeds may stretch refresh
  std::size_t max_size = 4 * 1024 * 1024;  // bytes, after decompression
  int max_parallel = 8;
  std::string user_agent;  // default: "headliner/VERSION"
  std::string proxy;       // "" = $http_proxy, $https_proxy, $no_proxy
  std::string ip = "any";  // any | ipv4 | ipv6
};

// [rotation]: the order of the ticker (rotation.hpp).
struct RotationConfig {
  Duration repeat_after = std::chrono::minutes(30);  // 0 = each story once per round
  std::vector<FilterRule> breaking = {};              // rules for breaking headlines
};

struct StateConfig {
  std::string path;
};

struct Config {
  std::string source;  // the file it came from
  TickerConfig ticker;
  DisplayConfig display;
  FetchConfig fetch;
  RotationConfig rotation;
  StateConfig state;
  FilterRules filter;  // [filter]: for every feed
  DedupConfig dedup;  // [dedup]: how headlines are grouped into stories
  std::vector<FeedConfig> feeds;
};

// A config either loads or says what is wrong, as "FILE:LINE:COL: message".
struct ConfigResult {
  Config config;
  std::string error;
  explicit operator bool() const { return error.empty(); }
};

// Where the environment says things are; a value, so tests can set it.
struct ConfigEnvironment {
  std::optional<std::string> headliner_config;  // $HEADLINER_CONFIG
  std::optional<std::string> xdg_config_home;   // $XDG_CONFIG_HOME
  std::optional<std::string> xdg_state_home;    // $XDG_STATE_HOME
  std::optional<std::string> home;              // $HOME
  std::optional<std::string> state_directory;   // $STATE_DIRECTORY: systemd's StateDirectory=
  static ConfigEnvironment from_process();
};

// --config, then $HEADLINER_CONFIG, then $XDG_CONFIG_HOME/headliner/config.toml
// (or ~/.config/…), then /etc/headliner/config.toml. The first that is given
// (--config, $HEADLINER_CONFIG) or exists wins. nullopt when none exists.
std::optional<std::string> locate_config(const std::optional<std::string>& cli_path,
                                         const ConfigEnvironment& env);

ConfigResult load_config(const std::string& path, const ConfigEnvironment& env);
ConfigResult parse_config(std::string_view text, const std::string& source,
                          const ConfigEnvironment& env);

// The resolved settings, one per line, as `headliner check` prints them.
std::string describe_config(const Config& config);

// What a piece of text carries that must not reach a terminal (a feed name
// is shown on the ticker) or an HTTP request (the user agent is a header).
// The config rejects such a value; `import` skips a feed that has one.
enum class Unsafe { kNothing, kInvalidUtf8, kControl, kBidiControl };
Unsafe find_unsafe(std::string_view text);

// A feed URL the config accepts starts with http://, https:// or file://
// (lower case) and has something after it.
bool has_supported_scheme(std::string_view url);

inline constexpr std::size_t kMaxFeedNameBytes = 64;

// Colours a feed may have; a feed without one gets the next from this list.
inline constexpr std::string_view kColorNames[] = {"cyan", "yellow", "green", "magenta",
                                                   "blue", "red",    "white", "default"};

}  // namespace headliner
