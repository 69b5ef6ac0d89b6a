#include "config.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>
#include <toml++/toml.h>

#include "text.hpp"
#include "utf8.hpp"
#include <utility>

namespace headliner {
namespace {

using namespace std::chrono_literals;

// Thrown only inside this file, caught by parse_config(): the first error
// in a config is the one the user fixes first.
struct ConfigFailure {
  std::string message;
};

// Edit distance, for "did you mean" hints.
std::size_t distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// "2", "0.5", "1.25": as short as it can be said.
std::string format_number(double value) {
  std::ostringstream out;
  out << value;
  return out.str();
}

class Reader {
 public:
  explicit Reader(std::string source) : source_(std::move(source)) {}

  // The message may quote what the user wrote; it reaches a terminal, so it is cleaned.
  [[noreturn]] void fail(const toml::source_region& where, const std::string& message) const {
    throw ConfigFailure{source_ + ":" + std::to_string(where.begin.line) + ":" +
                        std::to_string(where.begin.column) + ": " + clean_text(message)};
  }

  void reject_unknown_keys(const toml::table& table, std::string_view section,
                           std::initializer_list<std::string_view> known) const {
    for (auto&& entry : table) {
      const toml::key& key = entry.first;
      std::string_view name = key.str();
      if (std::find(known.begin(), known.end(), name) != known.end()) continue;
      std::string message = "unknown key '" + std::string(name) + "' in " + std::string(section);
      auto closest = std::min_element(known.begin(), known.end(), [name](auto a, auto b) {
        return distance(name, a) < distance(name, b);
      });
      if (closest != known.end() && distance(name, *closest) <= 2)
        message += " (did you mean '" + std::string(*closest) + "'?)";
      fail(key.source(), message);
    }
  }

  const toml::table* section(const toml::table& root, std::string_view name) const {
    const toml::node* node = root.get(name);
    if (!node) return nullptr;
    if (!node->is_table()) fail(node->source(), "'" + std::string(name) + "' must be a table ([" + std::string(name) + "])");
    return node->as_table();
  }

  std::optional<std::string> string(const toml::table& table, std::string_view key) const {
    const toml::node* node = table.get(key);
    if (!node) return std::nullopt;
    if (!node->is_string()) fail(node->source(), "'" + std::string(key) + "' must be a string");
    return node->as_string()->get();
  }

  // The string at `key`, rejected when it carries what find_unsafe() finds;
  // the message never repeats the text, which is what must not be shown.
  std::optional<std::string> safe_string(const toml::table& table, std::string_view key,
                                         std::string_view controls = "control characters") const {
    auto value = string(table, key);
    if (!value) return value;
    const std::string what = "'" + std::string(key) + "' ";
    switch (find_unsafe(*value)) {
      case Unsafe::kNothing:
        return value;
      case Unsafe::kInvalidUtf8:
        fail(table.get(key)->source(), what + "must be valid UTF-8");
      case Unsafe::kControl:
        fail(table.get(key)->source(), what + "must not contain " + std::string(controls));
      case Unsafe::kBidiControl:
        fail(table.get(key)->source(), what + "must not contain bidirectional controls");
    }
    return value;
  }

  std::string choice(const toml::table& table, std::string_view key, std::string fallback,
                     const std::vector<std::string_view>& allowed) const {
    auto value = string(table, key);
    if (!value) return fallback;
    if (std::find(allowed.begin(), allowed.end(), *value) != allowed.end()) return *value;
    std::string list;
    for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
    fail(table.get(key)->source(), "'" + std::string(key) + "' must be one of: " + list + " (got '" + *value + "')");
  }

  Duration duration(const toml::table& table, std::string_view key, Duration fallback,
                    Duration min, Duration max) const {
    auto text = string(table, key);
    if (!text) return fallback;
    auto source = table.get(key)->source();
    auto value = parse_duration(*text);
    if (!value) fail(source, "'" + std::string(key) + "' must be a duration like \"20s\", \"15m\" or \"1h30m\" (got \"" + *text + "\")");
    if (*value < min || *value > max)
      fail(source, "'" + std::string(key) + "' must be between " + format_duration(min) + " and " + format_duration(max) + " (got " + *text + ")");
    return *value;
  }

  // A list of include or exclude rules (filter.hpp); each bad one named at its own position.
  std::vector<FilterRule> rules(const toml::table& table, std::string_view key) const {
    std::vector<FilterRule> out;
    const toml::node* node = table.get(key);
    if (!node) return out;
    const toml::array* list = node->as_array();
    if (!list) fail(node->source(), "'" + std::string(key) + "' must be a list of strings, e.g. [\"sport\", \"/^live:/\"]");
    for (const auto& element : *list) {
      if (!element.is_string()) fail(element.source(), "each rule in '" + std::string(key) + "' must be a string");
      std::string error;
      out.push_back(FilterRule::parse(element.as_string()->get(), error));
      if (!error.empty()) fail(element.source(), error);
    }
    return out;
  }

  FilterRules filter_rules(const toml::table& table) const {
    return {rules(table, "include"), rules(table, "exclude")};
  }

  bool boolean(const toml::table& table, std::string_view key, bool fallback) const {
    const toml::node* node = table.get(key);
    if (!node) return fallback;
    if (!node->is_boolean()) fail(node->source(), "'" + std::string(key) + "' must be true or false");
    return node->as_boolean()->get();
  }

  long long integer(const toml::table& table, std::string_view key, long long fallback,
                    long long min, long long max) const {
    const toml::node* node = table.get(key);
    if (!node) return fallback;
    if (!node->is_integer()) fail(node->source(), "'" + std::string(key) + "' must be a whole number");
    long long value = node->as_integer()->get();
    if (value < min || value > max)
      fail(node->source(), "'" + std::string(key) + "' must be between " + std::to_string(min) + " and " + std::to_string(max) + " (got " + std::to_string(value) + ")");
    return value;
  }

  // A whole or decimal number ("2", "0.5").
  double number(const toml::table& table, std::string_view key, double fallback, double min, double max) const {
    const toml::node* node = table.get(key);
    if (!node) return fallback;
    if (!node->is_number()) fail(node->source(), "'" + std::string(key) + "' must be a number");
    const double value = node->is_integer() ? static_cast<double>(node->as_integer()->get())
                                            : node->as_floating_point()->get();
    if (!(value >= min && value <= max))
      fail(node->source(), "'" + std::string(key) + "' must be between " + format_number(min) + " and " +
                               format_number(max) + " (got " + format_number(value) + ")");
    return value;
  }

  std::size_t size(const toml::table& table, std::string_view key, std::size_t fallback,
                   std::size_t min, std::size_t max) const {
    auto text = string(table, key);
    if (!text) return fallback;
    auto source = table.get(key)->source();
    auto value = parse_size(*text);
    if (!value) fail(source, "'" + std::string(key) + "' must be a size like \"512KiB\" or \"4MiB\" (got \"" + *text + "\")");
    if (*value < min || *value > max)
      fail(source, "'" + std::string(key) + "' must be between " + std::to_string(min / 1024) + "KiB and " + std::to_string(max / 1024 / 1024) + "MiB");
    return *value;
  }

 private:
  static std::optional<std::size_t> parse_size(std::string_view text) {
    std::size_t digits = 0;
    while (digits < text.size() && digits < 9 && text[digits] >= '0' && text[digits] <= '9') ++digits;
    if (digits == 0) return std::nullopt;
    std::size_t number = std::stoull(std::string(text.substr(0, digits)));
    std::string_view unit = text.substr(digits);
    if (unit == "B") return number;
    if (unit == "KiB" || unit == "KB" || unit == "K") return number * 1024;
    if (unit == "MiB" || unit == "MB" || unit == "M") return number * 1024 * 1024;
    return std::nullopt;
  }

  std::string source_;
};

void read_ticker(const Reader& r, const toml::table& t, TickerConfig& ticker) {
  r.reject_unknown_keys(t, "[ticker]", {"display", "max_age", "speed", "dwell", "position", "color"});
  ticker.display = r.choice(t, "display", ticker.display, {std::begin(kDisplayNames), std::end(kDisplayNames)});
  ticker.max_age = r.duration(t, "max_age", ticker.max_age, 0s, std::chrono::days(3650));
  ticker.speed = static_cast<int>(r.integer(t, "speed", ticker.speed, 1, 60));
  ticker.dwell = r.duration(t, "dwell", ticker.dwell, 0s, 60s);
  ticker.position = r.choice(t, "position", ticker.position, {"inline", "bottom"});
  ticker.color = r.choice(t, "color", ticker.color, {"auto", "always", "never"});
}

// Eight names, one per expander pin P0..P7: a signal, or "-" for a pin that
// drives nothing. rs, e and d4..d7 are needed; no signal is on two pins.
std::vector<std::string> read_pins(const Reader& r, const toml::table& t, std::vector<std::string> fallback) {
  const toml::node* node = t.get("pins");
  if (!node) return fallback;
  const std::string usage = "'pins' must list the 8 signals by expander pin P0..P7, e.g. "
                            "[\"rs\", \"rw\", \"e\", \"backlight\", \"d4\", \"d5\", \"d6\", \"d7\"]";
  const toml::array* list = node->as_array();
  if (!list || list->size() != 8) r.fail(node->source(), usage);
  std::vector<std::string> pins;
  for (const auto& element : *list) {
    auto* name = element.as_string();
    if (!name) r.fail(element.source(), usage);
    const std::string& signal = name->get();
    if (signal != "-" &&
        std::find(std::begin(kBackpackSignals), std::end(kBackpackSignals), signal) == std::end(kBackpackSignals))
      r.fail(element.source(), "unknown signal '" + clean_text(signal) + "' in 'pins' (rs, rw, e, backlight, d4, d5, d6, d7, or - for none)");
    if (signal != "-" && std::find(pins.begin(), pins.end(), signal) != pins.end())
      r.fail(element.source(), "signal '" + signal + "' is on two pins");
    pins.push_back(signal);
  }
  for (std::string_view needed : {"rs", "e", "d4", "d5", "d6", "d7"})
    if (std::find(pins.begin(), pins.end(), needed) == pins.end())
      r.fail(node->source(), "'pins' must include '" + std::string(needed) + "': the LCD cannot work without it");
  return pins;
}

void read_hd44780(const Reader& r, const toml::table& t, Hd44780Config& lcd) {
  r.reject_unknown_keys(t, "[display.hd44780]", {"bus", "address", "cols", "rows", "pins", "backlight_active_low",
                                                  "charset", "speed", "backlight"});
  lcd.bus = r.safe_string(t, "bus").value_or(lcd.bus);
  lcd.address = static_cast<int>(r.integer(t, "address", lcd.address, 0x03, 0x77));
  lcd.cols = static_cast<int>(r.integer(t, "cols", lcd.cols, 8, 40));
  lcd.rows = static_cast<int>(r.integer(t, "rows", lcd.rows, 1, 4));
  if (lcd.rows == 3) r.fail(t.get("rows")->source(), "an HD44780 has 1, 2 or 4 rows");
  if (lcd.cols * lcd.rows > 80) r.fail(t.source(), "an HD44780 holds at most 80 characters (cols × rows)");
  lcd.pins = read_pins(r, t, lcd.pins);
  lcd.backlight_active_low = r.boolean(t, "backlight_active_low", lcd.backlight_active_low);
  lcd.charset = r.choice(t, "charset", lcd.charset, {"a00", "a02", "ascii"});
  lcd.speed = static_cast<int>(r.integer(t, "speed", lcd.speed, 1, 20));
  lcd.backlight = r.boolean(t, "backlight", lcd.backlight);
}

void read_lcdproc(const Reader& r, const toml::table& t, LcdprocConfig& lcd) {
  r.reject_unknown_keys(t, "[display.lcdproc]", {"host", "port", "charset", "speed"});
  lcd.host = r.safe_string(t, "host").value_or(lcd.host);
  if (lcd.host.empty() || lcd.host.find(' ') != std::string::npos)
    r.fail(t.get("host")->source(), "'host' must be a host name or address");
  lcd.port = static_cast<int>(r.integer(t, "port", lcd.port, 1, 65535));
  lcd.charset = r.choice(t, "charset", lcd.charset, {"latin1", "ascii", "a00", "a02"});
  lcd.speed = static_cast<int>(r.integer(t, "speed", lcd.speed, 1, 20));
}

void read_display(const Reader& r, const toml::table& t, DisplayConfig& display) {
  r.reject_unknown_keys(t, "[display]", {"fallback", "hd44780", "lcdproc"});
  display.fallback = r.choice(t, "fallback", display.fallback, {"terminal", "line"});
  if (auto* lcd = r.section(t, "hd44780")) read_hd44780(r, *lcd, display.hd44780);
  if (auto* lcd = r.section(t, "lcdproc")) read_lcdproc(r, *lcd, display.lcdproc);
}

void read_fetch(const Reader& r, const toml::table& t, FetchConfig& fetch) {
  r.reject_unknown_keys(t, "[fetch]", {"timeout", "refresh", "max_refresh", "max_size", "max_parallel",
                                       "user_agent", "proxy", "ip"});
  fetch.timeout = r.duration(t, "timeout", fetch.timeout, 1s, 300s);
  fetch.refresh = r.duration(t, "refresh", fetch.refresh, 1min, 24h);
  fetch.max_refresh = r.duration(t, "max_refresh", fetch.max_refresh, 1min, std::chrono::days(7));
  fetch.max_size = r.size(t, "max_size", fetch.max_size, 16 * 1024, 64 * 1024 * 1024);
  fetch.max_parallel = static_cast<int>(r.integer(t, "max_parallel", fetch.max_parallel, 1, 32));
  fetch.user_agent = r.safe_string(t, "user_agent").value_or(fetch.user_agent);
  fetch.proxy = r.safe_string(t, "proxy").value_or(fetch.proxy);
  if (fetch.proxy.find(' ') != std::string::npos)
    r.fail(t.get("proxy")->source(), "'proxy' must not contain spaces");
  fetch.ip = r.choice(t, "ip", fetch.ip, {"any", "ipv4", "ipv6"});
}

void read_rotation(const Reader& r, const toml::table& t, RotationConfig& rotation) {
  r.reject_unknown_keys(t, "[rotation]", {"repeat_after", "breaking"});
  rotation.repeat_after = r.duration(t, "repeat_after", rotation.repeat_after, 0s, std::chrono::days(7));
  rotation.breaking = r.rules(t, "breaking");
}

void read_state(const Reader& r, const toml::table& t, StateConfig& state) {
  r.reject_unknown_keys(t, "[state]", {"path"});
  state.path = r.string(t, "path").value_or(state.path);
}

void read_dedup(const Reader& r, const toml::table& t, DedupConfig& dedup) {
  r.reject_unknown_keys(t, "[dedup]", {"method", "window"});
  const std::string method = r.choice(t, "method", "similar", {"similar", "exact"});
  dedup.method = method == "exact" ? DedupMethod::kExact : DedupMethod::kSimilar;
  dedup.window = r.duration(t, "window", dedup.window, 1h, std::chrono::days(30));
}

FeedConfig read_feed(const Reader& r, const toml::table& t, const Config& config) {
  r.reject_unknown_keys(t, "[[feed]]", {"name", "url", "refresh", "color", "insecure_tls", "include", "exclude",
                                        "weight", "breaking"});
  FeedConfig feed;
  auto name = r.safe_string(t, "name");
  if (!name) r.fail(t.source(), "[[feed]] needs a non-empty 'name'");
  if (name->empty()) r.fail(t.get("name")->source(), "[[feed]] needs a non-empty 'name'");
  if (name->size() > kMaxFeedNameBytes)
    r.fail(t.get("name")->source(), "'name' must be at most " + std::to_string(kMaxFeedNameBytes) +
                                        " bytes long (got " + std::to_string(name->size()) + ")");
  auto url = r.safe_string(t, "url", "spaces or control characters");
  if (!url) r.fail(t.source(), "[[feed]] '" + *name + "' needs a 'url'");
  if (url->find(' ') != std::string::npos)
    r.fail(t.get("url")->source(), "'url' must not contain spaces or control characters");
  if (!has_supported_scheme(*url))
    r.fail(t.get("url")->source(), "'url' must start with http://, https:// or file:// (got \"" + *url + "\")");
  for (const auto& other : config.feeds)
    if (other.name == *name) r.fail(t.get("name")->source(), "a feed named '" + *name + "' is already defined");
  feed.name = *name;
  feed.url = *url;
  feed.refresh = r.duration(t, "refresh", config.fetch.refresh, 1min, 24h);
  feed.color = std::string(kColorNames[config.feeds.size() % std::size(kColorNames)]);
  feed.color = r.choice(t, "color", feed.color, {std::begin(kColorNames), std::end(kColorNames)});
  feed.insecure_tls = r.boolean(t, "insecure_tls", false);
  feed.filter = r.filter_rules(t);
  feed.weight = r.number(t, "weight", feed.weight, 0.1, 10);
  feed.breaking = r.boolean(t, "breaking", feed.breaking);
  return feed;
}

void read_feeds(const Reader& r, const toml::table& root, Config& config) {
  const toml::node* node = root.get("feed");
  if (!node) r.fail(root.source(), "no feeds: add at least one [[feed]] with a name and a url");
  const toml::array* feeds = node->as_array();
  if (!feeds) r.fail(node->source(), "'feed' must be an array of tables ([[feed]])");
  for (const auto& element : *feeds) {
    if (!element.is_table()) r.fail(element.source(), "each feed must be a table ([[feed]])");
    config.feeds.push_back(read_feed(r, *element.as_table(), config));
  }
  if (config.feeds.empty()) r.fail(node->source(), "no feeds: add at least one [[feed]]");
}

std::string default_state_path(const ConfigEnvironment& env) {
  // As a service, systemd names the directory it made for us (the first of a list).
  if (env.state_directory && !env.state_directory->empty())
    return env.state_directory->substr(0, env.state_directory->find(':')) + "/state.db";
  if (env.xdg_state_home && !env.xdg_state_home->empty())
    return *env.xdg_state_home + "/headliner/state.db";
  if (env.home && !env.home->empty()) return *env.home + "/.local/state/headliner/state.db";
  return "/var/lib/headliner/state.db";
}

std::optional<std::string> env_var(const char* name) {
  const char* value = std::getenv(name);
  if (!value) return std::nullopt;
  return std::string(value);
}

}  // namespace

Unsafe find_unsafe(std::string_view text) {
  Unsafe found = Unsafe::kNothing;
  while (!text.empty()) {
    auto [cp, length] = decode_utf8(text);
    if (length == 0) return Unsafe::kInvalidUtf8;
    if (is_control(cp)) found = Unsafe::kControl;
    if (is_bidi_control(cp) && found == Unsafe::kNothing) found = Unsafe::kBidiControl;
    text.remove_prefix(length);
  }
  return found;
}

bool has_supported_scheme(std::string_view url) {
  for (std::string_view scheme : {"http://", "https://", "file://"})
    if (url.size() > scheme.size() && url.substr(0, scheme.size()) == scheme) return true;
  return false;
}

ConfigEnvironment ConfigEnvironment::from_process() {
  return {env_var("HEADLINER_CONFIG"), env_var("XDG_CONFIG_HOME"), env_var("XDG_STATE_HOME"),
          env_var("HOME"), env_var("STATE_DIRECTORY")};
}

std::optional<std::string> locate_config(const std::optional<std::string>& cli_path,
                                         const ConfigEnvironment& env) {
  if (cli_path) return cli_path;
  if (env.headliner_config && !env.headliner_config->empty()) return env.headliner_config;
  std::vector<std::string> candidates;
  if (env.xdg_config_home && !env.xdg_config_home->empty())
    candidates.push_back(*env.xdg_config_home + "/headliner/config.toml");
  else if (env.home && !env.home->empty())
    candidates.push_back(*env.home + "/.config/headliner/config.toml");
  candidates.push_back("/etc/headliner/config.toml");
  for (const auto& candidate : candidates) {
    std::error_code ignored;
    if (std::filesystem::is_regular_file(candidate, ignored)) return candidate;
  }
  return std::nullopt;
}

ConfigResult parse_config(std::string_view text, const std::string& source,
                          const ConfigEnvironment& env) {
  ConfigResult result;
  Config& config = result.config;
  config.source = source;
  config.fetch.user_agent = "headliner/" HEADLINER_VERSION;
  config.state.path = default_state_path(env);
  try {
    toml::table root = toml::parse(text, source);
    Reader r(source);
    r.reject_unknown_keys(root, "the top level",
                          {"ticker", "display", "fetch", "rotation", "state", "dedup", "filter", "feed"});
    if (auto* t = r.section(root, "ticker")) read_ticker(r, *t, config.ticker);
    if (auto* t = r.section(root, "display")) read_display(r, *t, config.display);
    if (auto* t = r.section(root, "fetch")) read_fetch(r, *t, config.fetch);
    if (auto* t = r.section(root, "rotation")) read_rotation(r, *t, config.rotation);
    if (auto* t = r.section(root, "state")) read_state(r, *t, config.state);
    if (auto* t = r.section(root, "dedup")) read_dedup(r, *t, config.dedup);
    if (auto* t = r.section(root, "filter")) {
      r.reject_unknown_keys(*t, "[filter]", {"include", "exclude"});
      config.filter = r.filter_rules(*t);
    }
    read_feeds(r, root, config);
  } catch (const toml::parse_error& e) {
    const auto& where = e.source().begin;
    result.error = source + ":" + std::to_string(where.line) + ":" + std::to_string(where.column) +
                   ": " + clean_text(e.description());
  } catch (const ConfigFailure& e) {
    result.error = e.message;
  }
  return result;
}

ConfigResult load_config(const std::string& path, const ConfigEnvironment& env) {
  auto cannot_read = [&](int error) {
    ConfigResult result;
    result.error = path + ": cannot read the config file: " + std::strerror(error);
    return result;
  };
  // A directory opens as a stream that reads nothing, which would look like
  // an empty config ("no feeds").
  std::error_code ignored;
  if (std::filesystem::is_directory(path, ignored)) return cannot_read(EISDIR);
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in) return cannot_read(errno != 0 ? errno : EIO);
  std::ostringstream text;
  text << in.rdbuf();
  return parse_config(text.str(), path, env);
}

// [\"a\", \"/b/\"]
static std::string describe_list(const std::vector<FilterRule>& rules) {
  std::string out = "[";
  for (const auto& r : rules) out += (out.size() > 1 ? ", \"" : "\"") + clean_text(r.text()) + "\"";
  return out + "]";
}

// " include=[\"a\", \"/b/\"] exclude=[…]", or "" without rules.
std::string describe_rules(const FilterRules& rules) {
  std::string out;
  if (!rules.include.empty()) out += " include=" + describe_list(rules.include);
  if (!rules.exclude.empty()) out += " exclude=" + describe_list(rules.exclude);
  return out;
}

namespace {

std::string describe_display(const Config& c) {
  std::ostringstream out;
  const auto& lcd = c.display.hd44780;
  const auto& lcdd = c.display.lcdproc;
  if (!c.display.fallback.empty()) out << "[display]   fallback=" << c.display.fallback << "\n";
  if (c.ticker.display == "hd44780" || c.ticker.display == "lcd-sim") {
    char address[8];
    std::snprintf(address, sizeof address, "0x%02X", lcd.address);
    out << "[display.hd44780] bus=" << clean_text(lcd.bus) << " address=" << address << " " << lcd.cols << "x"
        << lcd.rows << " charset=" << lcd.charset << " speed=" << lcd.speed << " pins=";
    for (std::size_t i = 0; i < lcd.pins.size(); ++i) out << (i ? "," : "") << lcd.pins[i];
    out << (lcd.backlight_active_low ? " backlight_active_low" : "") << " backlight=" << (lcd.backlight ? "on" : "off")
        << "\n";
  }
  if (c.ticker.display == "lcdproc")
    out << "[display.lcdproc] host=" << clean_text(lcdd.host) << " port=" << lcdd.port << " charset=" << lcdd.charset
        << " speed=" << lcdd.speed << "\n";
  return out.str();
}

}  // namespace

std::string describe_config(const Config& c) {
  std::ostringstream out;
  out << "config      " << c.source << "\n"
      << "[ticker]    display=" << c.ticker.display << " max_age=" << format_duration(c.ticker.max_age)
      << " speed=" << c.ticker.speed << " dwell=" << format_duration(c.ticker.dwell)
      << " position=" << c.ticker.position << " color=" << c.ticker.color << "\n"
      << describe_display(c)
      << "[fetch]     timeout=" << format_duration(c.fetch.timeout)
      << " refresh=" << format_duration(c.fetch.refresh) << " max_size=" << c.fetch.max_size
      << " max_refresh=" << format_duration(c.fetch.max_refresh) << " max_parallel=" << c.fetch.max_parallel
      << " user_agent=\"" << c.fetch.user_agent << "\" proxy=" << (c.fetch.proxy.empty() ? "(environment)" : c.fetch.proxy)
      << " ip=" << c.fetch.ip << "\n"
      << "[rotation]  repeat_after=" << format_duration(c.rotation.repeat_after)
      << (c.rotation.repeat_after.count() == 0 ? " (once per round)" : "") << " breaking=" << describe_list(c.rotation.breaking)
      << "\n"
      << "[state]     path=" << clean_text(c.state.path) << "\n"
      << "[dedup]     method=" << (c.dedup.method == DedupMethod::kExact ? "exact" : "similar")
      << " window=" << format_duration(c.dedup.window) << "\n";
  if (!c.filter.empty()) out << "[filter]   " << describe_rules(c.filter) << "\n";
  for (const auto& feed : c.feeds)
    out << "[[feed]]    " << feed.name << "  " << feed.url << "  refresh=" << format_duration(feed.refresh)
        << " color=" << feed.color << (feed.weight != 1.0 ? " weight=" + format_number(feed.weight) : "")
        << (feed.breaking ? " breaking=true" : "") << describe_rules(feed.filter)
        << (feed.insecure_tls ? "  insecure_tls=true: TLS certificates NOT verified for this feed" : "") << "\n";
  return out.str();
}

}  // namespace headliner
