// Feed lists that other readers keep, read into feeds the config accepts, and
// the config's feeds written out for them. In: OPML 1.0/2.0 (what newsboat,
// Feedly, Inoreader, Thunderbird and NetNewsWire export) and newsboat's urls
// file. Out: [[feed]] tables to append to the config, and OPML 2.0.
// Pure: text in, values and text out.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace headliner {

struct ListedFeed {
  std::string name;
  std::string url;
  bool operator==(const ListedFeed&) const = default;
};

// Why an entry of a list was not imported.
enum class SkipReason {
  kNoUrl,      // an outline without xmlUrl (and without outlines inside: not a folder)
  kNotHttp,    // a scheme other than http, https or file, or no scheme
  kScript,     // newsboat's exec: and filter: (and Liferea's "|command"): headliner runs no commands
  kQuery,      // newsboat's "query:NAME:FILTER", a view of other feeds
  kUnsafe,     // a name or URL with control or bidi characters (config.hpp's find_unsafe())
  kDuplicate,  // the same URL earlier in the list
  kInConfig,   // the same URL or name as a feed of the config
};
inline constexpr std::size_t kSkipReasons = 7;

struct FeedListResult {
  std::vector<ListedFeed> feeds;                        // in document order; every one the config accepts
  std::array<std::size_t, kSkipReasons> skipped = {};  // how many, by SkipReason
  std::string format;  // what the text was read as: "OPML" or "newsboat urls"
  std::string error;   // why nothing could be read; empty when the list was read
  int line = 0;        // where the error is, when it has a place (from 1; 0 = no place)
  int column = 0;
  explicit operator bool() const { return error.empty(); }
  std::size_t skipped_total() const;
};

// Larger input is refused, not read: 16 MiB holds ~100,000 feeds.
inline constexpr std::size_t kMaxFeedListBytes = 16 * 1024 * 1024;

// Reads an OPML document or a newsboat urls file, told apart by content:
// XML is OPML (nested folders walked in document order, xmlUrl the feed, the
// name from text, else title), anything else a urls file (one URL per line,
// tags after it, "~Name" the name, # comments). Names come from the list,
// else the URL's host; whitespace is collapsed, names are cut to the
// config's 64 bytes and made unique (" (2)"). Feeds that `existing` already
// has (the same URL, or the same name) are skipped. The encoding is found as
// for feeds (byte order mark, XML declaration, else UTF-8 with repair).
FeedListResult read_feed_list(std::string_view bytes, const std::vector<ListedFeed>& existing = {});

// What was imported and what not, for one line on stderr:
// "imported 42 feeds, skipped 3: 2 without a URL, 1 not http(s)".
std::string describe_import(const FeedListResult& result);

// One [[feed]] table per feed with its name and url, separated by blank
// lines; strings are TOML basic strings, escaped.
std::string feeds_to_toml(const std::vector<ListedFeed>& feeds);

// An OPML 2.0 document with one <outline type="rss" text title xmlUrl> per
// feed, escaped; characters XML 1.0 cannot carry are left out.
std::string feeds_to_opml(const std::vector<ListedFeed>& feeds);

// The [[feed]] names and URLs of a config, read leniently for `import`: only
// a TOML syntax error fails ("SOURCE:LINE:COL: message"), so a config with no
// feeds yet, or with a mistake elsewhere, still says which feeds it has.
struct ConfigFeeds {
  std::vector<ListedFeed> feeds;
  std::string error;
  explicit operator bool() const { return error.empty(); }
};
ConfigFeeds feeds_in_config(std::string_view toml, const std::string& source);

}  // namespace headliner
