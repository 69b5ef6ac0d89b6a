#include "cli.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "clock.hpp"
#include "config.hpp"
#include "feed_list.hpp"
#include "feed_parser.hpp"
#include "feed_poller.hpp"
#include "feed_status.hpp"
#include "filter.hpp"
#include "fetch.hpp"
#include "json.hpp"
#include "line_display.hpp"
#include "log.hpp"
#include "saved_state.hpp"
#include "signals.hpp"
#include "story_store.hpp"
#include "terminal.hpp"
#include "text.hpp"
#include "terminal_display.hpp"
#include "ticker.hpp"

namespace headliner {
namespace {

constexpr int kExitOk = 0;
constexpr int kExitNothing = 1;
constexpr int kExitUsage = 2;

constexpr std::string_view kMainHelp = R"(usage: headliner [--config FILE] [--display NAME]
       headliner once [--config FILE] [--json]
       headliner show FILE|URL [--json]
       headliner check [--config FILE]
       headliner status [--config FILE]
       headliner import FILE|URL [--config FILE]
       headliner export --opml [--config FILE]
       headliner --version

Shows rotating, de-duplicated headlines from the RSS and Atom feeds in a config file.

commands:
  (none)   run the ticker until Ctrl-C (SIGINT) or SIGTERM
  once     fetch every feed once and print the headlines, newest first
  show     parse one feed and print its items in document order
  check    validate the config and print the resolved settings
  status   each feed's health and next fetch, from the saved state
  import   print [[feed]] tables for the feeds of an OPML or newsboat urls file,
           to append to the config: headliner import feeds.opml >> CONFIG
  export   print the config's feeds as OPML, for other feed readers

options:
  --config FILE    the config file; otherwise $HEADLINER_CONFIG,
                   $XDG_CONFIG_HOME/headliner/config.toml, ~/.config/headliner/config.toml,
                   /etc/headliner/config.toml
  --display NAME   terminal, line, hd44780, lcdproc or lcd-sim (default: [ticker] display;
                   line instead of terminal or lcd-sim when stdout is not a terminal)
  --json           one JSON object per line
  --opml           OPML 2.0 (export)
  -h, --help       this help;  headliner COMMAND --help for a command's
  -V, --version    the version
)";

constexpr std::string_view kOnceHelp = R"(usage: headliner once [--config FILE] [--json]

Fetches every configured feed once, concurrently, and prints the de-duplicated
headlines, newest first. A line on stderr for each feed that failed.
With --json, one object per line:
  {"title","link","id","published","feed","sources","items"}
Exit status: 0 if at least one feed gave headlines, 1 if none did, 2 on a config error.
)";

constexpr std::string_view kShowHelp = R"(usage: headliner show FILE|URL [--json]

Parses one feed (a file, or an http(s):// or file:// URL) and prints its items in
document order. With --json, one object per item:
  {"title","link","id","published","updated","feed_title"}
Exit status: 0 on success, 1 if it is not a parseable feed (one line on stderr).
)";

constexpr std::string_view kCheckHelp = R"(usage: headliner check [--config FILE]

Validates the config file and prints the resolved settings, defaults included.
Errors are printed as FILE:LINE:COL: message, with exit status 2.
)";

constexpr std::string_view kStatusHelp = R"(usage: headliner status [--config FILE]

Prints each configured feed's health from the state file ([state] path), as
the last run (or the running ticker) left it: when it last answered, when it
will next be fetched and why (its refresh, what the server or the feed asked
for, a back-off after failures), and why it fails, if it does.
Exit status: 0, or 1 when no state has been saved yet, 2 on a config error.
)";

constexpr std::string_view kImportHelp = R"(usage: headliner import FILE|URL [--config FILE]

Reads the feeds of an OPML file (as newsboat, Feedly, Inoreader, Thunderbird,
NetNewsWire and most readers export them; folders are flattened) or of a
newsboat urls file, told apart by content, and prints a [[feed]] table for
each on stdout, to be appended to the config:
  headliner import feeds.opml >> ~/.config/headliner/config.toml
Names come from the list (text or title; newsboat's "~Name" tag), else from
the URL's host; they are cut to 64 bytes and made unique. Skipped, and
counted in one line on stderr: feeds the config already has (the same URL or
name), entries without a URL, URLs that are not http(s) or file://, newsboat's
query:, exec: and filter: entries (headliner runs no commands), duplicates,
and names or URLs with control or bidi characters.
Exit status: 0 if a feed was imported, 1 if none was or FILE is not a list of
feeds (one line on stderr, with LINE:COL for broken XML), 2 on a usage or
config error.
)";

constexpr std::string_view kExportHelp = R"(usage: headliner export --opml [--config FILE]

Prints the config's feeds as an OPML 2.0 document (one outline per feed with
its name and URL), which newsboat (newsboat -i FILE), Feedly, Inoreader,
Thunderbird, NetNewsWire and others import:
  headliner export --opml > feeds.opml
Exit status: 0, or 2 on a usage or config error.
)";

constexpr std::string_view kRunHelp = R"(usage: headliner [--config FILE] [--display NAME]

Runs the ticker: fetches the configured feeds, and shows their headlines one
after another, newest first, each story once per round, until Ctrl-C or SIGTERM.
--display terminal  a one-line marquee (the default on a terminal)
--display line      one headline per line on stdout (the default otherwise)
--display hd44780   a character LCD on I2C, as [display.hd44780] describes it
--display lcdproc   a screen on LCDd ([display.lcdproc])
--display lcd-sim   the [display.hd44780] LCD drawn in the terminal: a preview
An LCD that cannot start is said in one line, and the exit status is 1
(unless [display] fallback names a display to use instead).
SIGUSR1 (kill -USR1 PID) shows which feeds fail and why; `headliner status` more.
SIGHUP (systemctl reload headliner) reads the config file again: feeds added
or removed take effect, the others keep their state; a broken config is
reported and the running one kept. ([display] and [dedup] need a restart.)
)";

struct Arguments {
  std::string command = "run";
  std::optional<std::string> config;
  std::optional<std::string> display;
  std::vector<std::string> positional;
  bool json = false;
  bool opml = false;
  bool help = false;
  bool version = false;
  std::string error;
};

Arguments parse_arguments(int argc, char** argv) {
  Arguments args;
  std::vector<std::string> words(argv + 1, argv + argc);
  std::size_t i = 0;
  if (!words.empty() && !words[0].starts_with('-')) args.command = words[i++];
  auto value_of = [&](const std::string& option) -> std::optional<std::string> {
    if (i + 1 >= words.size()) {
      args.error = option + " needs a value";
      return std::nullopt;
    }
    return words[++i];
  };
  for (; i < words.size() && args.error.empty(); ++i) {
    const std::string& w = words[i];
    if (w == "--config") args.config = value_of(w);
    else if (w.starts_with("--config=")) args.config = w.substr(9);
    else if (w == "--display") args.display = value_of(w);
    else if (w.starts_with("--display=")) args.display = w.substr(10);
    else if (w == "--json") args.json = true;
    else if (w == "--opml") args.opml = true;
    else if (w == "-h" || w == "--help") args.help = true;
    else if (w == "-V" || w == "--version") args.version = true;
    else if (w.starts_with('-') && w != "-") args.error = "unknown option '" + w + "'";
    else args.positional.push_back(w);
  }
  return args;
}

// Lines on stderr, prefixed with their priority when that is the journal.
Log stderr_log() { return Log(std::cerr, Log::is_journal(STDERR_FILENO)); }

std::optional<Config> load(const Arguments& args) {
  auto env = ConfigEnvironment::from_process();
  auto path = locate_config(args.config, env);
  if (!path) {
    stderr_log().write(Severity::kError, "no config file: pass --config FILE, set $HEADLINER_CONFIG, or create "
                                         "~/.config/headliner/config.toml (config/headliner.toml is an example)");
    return std::nullopt;
  }
  auto result = load_config(*path, env);
  if (!result) {
    stderr_log().write_located(Severity::kError, result.error);
    return std::nullopt;
  }
  return std::move(result.config);
}

// Runs transfers until none is left; each is bounded by its own timeout.
std::vector<FetchResult> fetch_all(Fetcher& fetcher) {
  std::vector<FetchResult> done;
  while (fetcher.in_flight() > 0)
    for (auto& r : fetcher.wait(-1, std::chrono::seconds(1))) done.push_back(std::move(r));
  return done;
}

std::string story_json(const Story& story) {
  std::string items = "[";
  for (const auto& item : story.items) {
    if (items.size() > 1) items += ',';
    items += JsonObject()
                 .add("feed", json_string(item.feed))
                 .add("id", json_nullable(item.id))
                 .add("link", json_nullable(item.link))
                 .add("title", json_string(item.title))
                 .str();
  }
  items += "]";
  return JsonObject()
      .add("title", json_string(story.title))
      .add("link", json_nullable(story.link))
      .add("id", json_nullable(story.id))
      .add("published", json_date(story.published))
      .add("feed", json_string(story.feed))
      .add("sources", json_strings(story.sources))
      .add("items", items)
      .str();
}

int command_once(const Arguments& args) {
  auto config = load(args);
  if (!config) return kExitUsage;
  SystemClock clock;
  StoryStore store(config->dedup);
  Fetcher fetcher(config->fetch.max_parallel);
  FeedPoller poller(*config, fetcher, store);
  SavedState saved(config->state.path, SavedState::retention_for(config->ticker.max_age));
  // Every feed is fetched, due or not: `once` is asked for now.
  saved.restore(store, poller, false, clock.steady_now(), clock.wall_now());
  poller.start_due(clock.steady_now(), clock.wall_now());
  // Each answer is parsed as it arrives: no more than a few bodies held at once.
  std::vector<FeedOutcome> outcomes;
  while (fetcher.in_flight() > 0)
    for (auto& outcome : poller.finish(fetcher.wait(-1, std::chrono::seconds(1)), clock.steady_now(), clock.wall_now()))
      outcomes.push_back(std::move(outcome));
  saved.save(store, poller, clock.wall_now(), true);
  bool any_ok = false;
  for (const auto& outcome : outcomes) {
    if (outcome) any_ok = true;
    else std::cerr << "headliner: " << outcome.feed << ": " << outcome.error << '\n';
  }
  if (auto message = saved.take_message()) std::cerr << "headliner: " << *message << '\n';
  std::cerr << "headliner: " << summarize(outcomes) << '\n';
  // Printed as they are built: 60,000 stories need not be held at once.
  // Items are built only for --json and the filters, which judge every item.
  std::size_t shown = 0;
  const bool filtered = has_rules(*config);
  const auto detail = args.json || filtered ? StoryDetail::kItems : StoryDetail::kHeadline;
  store.for_each_story(clock.wall_now(), config->ticker.max_age, detail, [&](Story story) {
    std::vector<Story> one;
    one.push_back(std::move(story));
    if (filtered) remove_unwanted(one, *config);  // asked once: it looks at every feed
    for (const auto& wanted : one) {
      if (args.json) std::cout << story_json(wanted) << '\n';
      else std::cout << format_slide_line(make_slide(wanted, clock.wall_now(), "", 0)) << '\n';
      ++shown;
    }
  });
  if (any_ok && shown == 0)
    std::cerr << "headliner: no headlines younger than " << format_duration(config->ticker.max_age)
              << " ([ticker] max_age)\n";
  return shown == 0 ? kExitNothing : kExitOk;
}

int command_status(const Arguments& args) {
  auto config = load(args);
  if (!config) return kExitUsage;
  auto opened = StateStore::open_read_only(config->state.path);
  if (auto* error = std::get_if<std::string>(&opened)) {
    std::cerr << "headliner: " << clean_text(*error) << '\n';
    return kExitNothing;
  }
  auto records = std::get<std::unique_ptr<StateStore>>(opened)->try_load_feeds();
  if (auto* error = std::get_if<std::string>(&records)) {
    std::cerr << "headliner: " << clean_text(*error) << '\n';
    return kExitNothing;
  }
  std::cout << format_status_table(*config, std::get<std::vector<FeedRecord>>(records), SystemClock().wall_now());
  return kExitOk;
}

struct Document {
  std::string bytes;
  std::string base_url;
  std::string content_type;
  std::string error;
};

Document read_document(const std::string& where) {
  Document doc;
  if (where.find("://") != std::string::npos) {
    const FetchConfig defaults;  // `show` has no config: the documented defaults
    Fetcher fetcher(1);
    fetcher.start({where, where, defaults.timeout, defaults.max_size, "headliner/" HEADLINER_VERSION});
    auto results = fetch_all(fetcher);
    if (results.empty() || !results.front()) {
      doc.error = results.empty() ? "no answer" : results.front().error;
      return doc;
    }
    doc.bytes = std::move(results.front().body);
    doc.base_url = results.front().effective_url;
    doc.content_type = results.front().content_type;
    return doc;
  }
  std::error_code ec;
  auto size = std::filesystem::file_size(where, ec);
  if (ec) {
    doc.error = "cannot read: " + ec.message();
    return doc;
  }
  constexpr std::uintmax_t kMaxFile = 64 * 1024 * 1024;
  if (size > kMaxFile) {
    doc.error = "larger than 64 MiB, not read";
    return doc;
  }
  std::ifstream in(where, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  doc.bytes = bytes.str();
  doc.base_url = "file://" + std::filesystem::absolute(where).string();
  return doc;
}

std::string item_line(const Item& item) {
  std::string date = item.published ? format_rfc3339(*item.published).substr(0, 16) : "-";
  std::replace(date.begin(), date.end(), 'T', ' ');
  return date + "  " + item.title;
}

int command_show(const Arguments& args) {
  if (args.positional.size() != 1) {
    std::cerr << "headliner show: give one FILE or URL (headliner show --help)\n";
    return kExitUsage;
  }
  const std::string& where = args.positional.front();
  Document doc = read_document(where);
  if (!doc.error.empty()) {
    std::cerr << "headliner: " << clean_text(where) << ": " << clean_text(doc.error) << '\n';
    return kExitNothing;
  }
  ParseResult parsed = parse_feed(doc.bytes, doc.base_url, {}, doc.content_type);
  if (!parsed) {
    std::cerr << "headliner: " << clean_text(where) << ": " << clean_text(parsed.error) << '\n';
    return kExitNothing;
  }
  if (!parsed.warning.empty())
    std::cerr << "headliner: " << clean_text(where) << ": warning: " << clean_text(parsed.warning) << '\n';
  for (const auto& item : parsed.feed.items) {
    if (!args.json) {
      std::cout << item_line(item) << '\n';
      continue;
    }
    std::cout << JsonObject()
                     .add("title", json_string(item.title))
                     .add("link", json_nullable(item.link))
                     .add("id", json_nullable(item.id))
                     .add("published", json_date(item.published))
                     .add("updated", json_date(item.updated))
                     .add("feed_title", json_string(parsed.feed.title))
                     .str()
              << '\n';
  }
  return kExitOk;
}

int command_check(const Arguments& args) {
  auto config = load(args);
  if (!config) return kExitUsage;
  std::cout << describe_config(*config);
  return kExitOk;
}

// A list of feeds or a config: a URL through read_document(), a file of any
// kind (a pipe from <(curl …), /dev/stdin, /dev/null) read up to `limit` bytes.
Document read_bounded(const std::string& where, std::size_t limit) {
  if (where.find("://") != std::string::npos) return read_document(where);
  Document doc;
  std::error_code ignored;
  const bool directory = std::filesystem::is_directory(where, ignored);  // it would open, and read nothing
  errno = 0;
  std::ifstream in;
  if (!directory) in.open(where, std::ios::binary);
  if (directory || !in) {
    doc.error = std::string("cannot read: ") + std::strerror(directory ? EISDIR : errno != 0 ? errno : EIO);
    return doc;
  }
  char chunk[64 * 1024];
  while (in.read(chunk, sizeof chunk) || in.gcount() > 0) {
    doc.bytes.append(chunk, static_cast<std::size_t>(in.gcount()));
    if (doc.bytes.size() > limit) {
      doc.error = "larger than " + std::to_string(limit / 1024 / 1024) + " MiB, not read";
      return doc;
    }
  }
  if (in.bad()) doc.error = "cannot read: " + std::string(std::strerror(EIO));
  return doc;
}

int command_import(const Arguments& args) {
  if (args.positional.size() != 1) {
    std::cerr << "headliner import: give one FILE or URL (headliner import --help)\n";
    return kExitUsage;
  }
  // Feeds the config already has are not imported again. Its other settings
  // are not judged: a config without feeds yet is what import is for.
  std::vector<ListedFeed> existing;
  if (auto path = locate_config(args.config, ConfigEnvironment::from_process())) {
    Document config = read_bounded(*path, kMaxFeedListBytes);
    if (!config.error.empty()) {
      std::cerr << "headliner: " << clean_text(*path) << ": " << clean_text(config.error) << '\n';
      return kExitUsage;
    }
    ConfigFeeds listed = feeds_in_config(config.bytes, *path);
    if (!listed) {
      std::cerr << listed.error << '\n';
      return kExitUsage;
    }
    existing = std::move(listed.feeds);
  }
  const std::string& where = args.positional.front();
  Document doc = read_bounded(where, kMaxFeedListBytes);
  if (!doc.error.empty()) {
    std::cerr << "headliner: " << clean_text(where) << ": " << clean_text(doc.error) << '\n';
    return kExitNothing;
  }
  FeedListResult imported = read_feed_list(doc.bytes, existing);
  if (!imported) {
    std::string place = clean_text(where);
    if (imported.line > 0) place += ":" + std::to_string(imported.line);
    if (imported.column > 0) place += ":" + std::to_string(imported.column);
    std::cerr << "headliner: " << place << ": " << clean_text(imported.error) << '\n';
    return kExitNothing;
  }
  // The blank line first: the config may not end with a newline.
  if (!imported.feeds.empty())
    std::cout << "\n# " << clean_text(where) << " (headliner import)\n" << feeds_to_toml(imported.feeds);
  std::cerr << "headliner: " << describe_import(imported) << '\n';
  return imported.feeds.empty() ? kExitNothing : kExitOk;
}

int command_export(const Arguments& args) {
  if (!args.opml) {
    std::cerr << "headliner export: say which format: --opml (headliner export --help)\n";
    return kExitUsage;
  }
  auto config = load(args);
  if (!config) return kExitUsage;
  std::vector<ListedFeed> feeds;
  for (const auto& feed : config->feeds) feeds.push_back({feed.name, feed.url});
  std::cout << feeds_to_opml(feeds);
  return kExitOk;
}

bool wants_color(const std::string& setting) {
  if (setting != "auto") return setting == "always";
  const char* term = std::getenv("TERM");
  return isatty(STDOUT_FILENO) && std::getenv("NO_COLOR") == nullptr && term &&
         std::string_view(term) != "dumb";
}

// An LCD that does not start ends the run (status 1, so that a service
// manager tries again later), unless the config names a display to fall back on.
std::unique_ptr<Display> open_lcd(const std::string& name, const Config& config, const DisplayOpener& open_display,
                                  std::string& fallback, Log& log) {
  std::string error = "display '" + name + "' is not built into this headliner";
  std::unique_ptr<Display> display;
  if (open_display) display = open_display(name, config, wants_color(config.ticker.color), error);
  if (display) return display;
  if (config.display.fallback.empty()) {
    log.write(Severity::kError, error);
    return nullptr;
  }
  fallback = config.display.fallback;
  log.write(Severity::kWarning, error + "; showing on the " + fallback + " display instead");
  return nullptr;
}

int command_run(const Arguments& args, const DisplayOpener& open_display, const ServiceNotifier& service) {
  auto config = load(args);
  if (!config) return kExitUsage;
  std::string display = args.display.value_or(config->ticker.display);
  if (std::find(std::begin(kDisplayNames), std::end(kDisplayNames), display) == std::end(kDisplayNames)) {
    std::cerr << "headliner: unknown display '" << clean_text(display) << "' (terminal, line, hd44780, lcdproc, lcd-sim)\n";
    return kExitUsage;
  }
  // An LCD does not need stdout; the preview does, and falls back like the marquee.
  const bool on_terminal = display == "terminal" || display == "lcd-sim";
  if (on_terminal && !isatty(STDOUT_FILENO)) display = "line";

  Log log = stderr_log();
  std::unique_ptr<Display> lcd;
  if (display != "terminal" && display != "line") {
    std::string fallback;
    lcd = open_lcd(display, *config, open_display, fallback, log);
    if (!lcd && fallback.empty()) return kExitNothing;
    if (!lcd) display = fallback == "terminal" && !isatty(STDOUT_FILENO) ? "line" : fallback;
  }

  std::signal(SIGPIPE, SIG_IGN);  // a closed pipe is an error on write, not a death
  SignalWatcher signals;
  SystemClock clock;
  Fetcher fetcher(config->fetch.max_parallel);
  for (const auto& feed : config->feeds)
    if (feed.insecure_tls)
      log.write(Severity::kWarning, feed.name + ": TLS certificates are NOT verified (insecure_tls = true)");
  // Said before the display takes the terminal.
  SavedState saved(config->state.path, SavedState::retention_for(config->ticker.max_age));
  if (auto message = saved.take_message()) log.write(Severity::kWarning, *message);
  // On a terminal, stderr shares the screen with the marquee (or the
  // preview): failures are counted on the display instead of printed over it.
  const bool shares_screen = (display == "terminal" || display == "lcd-sim") && isatty(STDERR_FILENO);
  Log* problems = shares_screen ? nullptr : &log;
  // SIGHUP (systemctl reload) reads the same file again.
  ConfigReloader reload = [path = config->source] { return load_config(path, ConfigEnvironment::from_process()); };
  auto run = [&](Display& screen) {
    Ticker ticker(*config, screen, fetcher, clock, problems, &saved, reload);
    ticker.notify_service(service);
    ticker.run(signals);
  };
  if (lcd) {
    run(*lcd);
    return kExitOk;
  }
  if (display == "line") {
    LineDisplay line(std::cout, config->ticker.dwell);
    run(line);
    return kExitOk;
  }
  FdTerminal terminal(STDOUT_FILENO);
  TerminalDisplay screen(terminal, {config->ticker.position == "bottom", wants_color(config->ticker.color),
                                    config->ticker.speed, config->ticker.dwell});
  run(screen);
  return kExitOk;
}

std::string_view help_for(const std::string& command) {
  if (command == "once") return kOnceHelp;
  if (command == "show") return kShowHelp;
  if (command == "check") return kCheckHelp;
  if (command == "run") return kRunHelp;
  if (command == "status") return kStatusHelp;
  if (command == "import") return kImportHelp;
  if (command == "export") return kExportHelp;
  return kMainHelp;
}

// Each command takes only its own options; anything else is a mistake worth
// saying, not ignoring.
std::string misused_option(const Arguments& args) {
  const std::string& c = args.command;
  if (args.json && c != "once" && c != "show") return "--json";
  if (args.opml && c != "export") return "--opml";
  if (args.display && c != "run") return "--display";
  if (args.config && c == "show") return "--config";
  if (!args.positional.empty() && c != "show" && c != "import") return "'" + args.positional.front() + "'";
  return {};
}

}  // namespace

int run_cli(int argc, char** argv, const DisplayOpener& open_display, const ServiceNotifier& service) {
  Arguments args = parse_arguments(argc, argv);
  if (args.version) {
    std::cout << "headliner " HEADLINER_VERSION "\n";
    return kExitOk;
  }
  if (args.help) {
    std::cout << (argc > 1 && std::string_view(argv[1]).starts_with('-') ? kMainHelp : help_for(args.command));
    return kExitOk;
  }
  if (!args.error.empty()) {
    std::cerr << "headliner: " << clean_text(args.error) << " (headliner --help)\n";
    return kExitUsage;
  }
  bool known = args.command == "run" || args.command == "once" || args.command == "show" || args.command == "check" ||
               args.command == "status" || args.command == "import" || args.command == "export";
  if (std::string misused = misused_option(args); known && !misused.empty()) {
    std::cerr << "headliner " << args.command << ": " << clean_text(misused) << " is not an option or argument of this command ("
              << "headliner " << args.command << " --help)\n";
    return kExitUsage;
  }
  if (args.command == "once") return command_once(args);
  if (args.command == "show") return command_show(args);
  if (args.command == "check") return command_check(args);
  if (args.command == "status") return command_status(args);
  if (args.command == "import") return command_import(args);
  if (args.command == "export") return command_export(args);
  if (args.command == "run") return command_run(args, open_display, service);
  std::cerr << "headliner: unknown command '" << clean_text(args.command) << "' (headliner --help)\n";
  return kExitUsage;
}

}  // namespace headliner
