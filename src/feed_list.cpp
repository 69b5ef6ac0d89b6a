#include "feed_list.hpp"

#include <pugixml.hpp>
#include <toml++/toml.h>

#include <algorithm>
#include <map>
#include <numeric>
#include <optional>
#include <set>
#include <utility>

#include "config.hpp"
#include "encoding.hpp"
#include "feed_parser.hpp"
#include "text.hpp"
#include "text_width.hpp"
#include "url.hpp"
#include "utf8.hpp"
#include "xml_repair.hpp"

namespace headliner {
namespace {

char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return ascii_lower(x) == ascii_lower(y); });
}

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string_view trim(std::string_view text) {
  while (!text.empty() && is_blank(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_blank(text.back())) text.remove_suffix(1);
  return text;
}

// Runs of blanks (a title split over lines in the XML) become one space.
std::string collapse_blanks(std::string_view text) {
  std::string out;
  for (char c : trim(text)) {
    if (!is_blank(c)) out += c;
    else if (out.back() != ' ') out += ' ';
  }
  return out;
}

// "scheme:" as RFC 3986 writes it: a letter, then letters, digits, + - .
std::size_t scheme_length(std::string_view text) {
  auto is_letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  if (text.empty() || !is_letter(text.front())) return 0;
  std::size_t i = 1;
  while (i < text.size() && (is_letter(text[i]) || (text[i] >= '0' && text[i] <= '9') || text[i] == '+' ||
                             text[i] == '-' || text[i] == '.'))
    ++i;
  return i < text.size() && text[i] == ':' ? i : 0;
}

// Schemes are case-insensitive; the config wants them in lower case.
std::string lower_scheme(std::string_view url) {
  std::string out(url);
  std::transform(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(scheme_length(out)), out.begin(), ascii_lower);
  return out;
}

// At most `limit` bytes, cut between grapheme clusters (an accent stays
// with its letter, a flag stays whole), without a trailing space.
// A first cluster longer than the limit (a letter under a pile of combining
// marks) is cut between code points instead.
std::string cut_to(std::string_view name, std::size_t limit) {
  if (name.size() <= limit) return std::string(name);
  std::size_t length = 0;
  for (const auto& cluster : split_clusters(name)) {
    if (length + cluster.bytes.size() > limit) break;
    length += cluster.bytes.size();
  }
  if (length == 0) {
    for (;;) {
      const std::size_t next = length + decode_utf8(name, length).length;
      if (next == length || next > limit) break;
      length = next;
    }
  }
  return std::string(trim(name.substr(0, length)));
}

// A name for a feed the list gives none: its host without "www.", or the
// file name of a file:// URL.
std::string name_from_url(std::string_view url) {
  auto rest = url.substr(url.find("://") + 3);
  auto authority = rest.substr(0, rest.find_first_of("/?#"));
  if (auto at = authority.rfind('@'); at != std::string_view::npos) authority.remove_prefix(at + 1);
  authority = authority.starts_with('[') ? authority.substr(0, authority.find(']') + 1)  // [::1]:8080
                                         : authority.substr(0, authority.find(':'));
  std::string host;
  for (char c : authority) host += ascii_lower(c);
  if (host.starts_with("www.") && host.size() > 4) host.erase(0, 4);
  if (!host.empty()) return host;
  auto path = rest.substr(0, rest.find_first_of("?#"));
  while (path.ends_with('/')) path.remove_suffix(1);
  auto file = path.substr(path.rfind('/') + 1);
  return file.empty() ? "feed" : std::string(file);
}

struct Phrase {
  std::string_view one, many;
};

constexpr std::array<Phrase, kSkipReasons> kSkipPhrases = {{
    {"without a URL", "without a URL"},
    {"not http(s)", "not http(s)"},
    {"exec:/filter: script (headliner runs no commands)", "exec:/filter: scripts (headliner runs no commands)"},
    {"newsboat query feed (not a URL)", "newsboat query feeds (not URLs)"},
    {"with control or bidi characters", "with control or bidi characters"},
    {"duplicate", "duplicates"},
    {"already in the config", "already in the config"},
}};

// Takes the entries of a list one by one and keeps those the config would
// accept, under unique names.
class Importer {
 public:
  Importer(const std::vector<ListedFeed>& existing, FeedListResult& result) : result_(result) {
    for (const auto& feed : existing) {
      config_names_.insert(feed.name);
      config_urls_.insert(normalize_link(feed.url));
      names_.insert(feed.name);
    }
  }

  // One entry: its URL and its title as the list writes them (either may be empty).
  void add(std::string_view written_url, std::string_view title) {
    auto url_text = trim(written_url);
    if (url_text.empty()) return skip(SkipReason::kNoUrl);
    if (url_text.starts_with("query:")) return skip(SkipReason::kQuery);
    if (url_text.starts_with("exec:") || url_text.starts_with("filter:") || url_text.starts_with('|'))
      return skip(SkipReason::kScript);
    if (find_unsafe(url_text) != Unsafe::kNothing) return skip(SkipReason::kUnsafe);
    std::string url = lower_scheme(url_text);
    // A space in a hand-written list is what a browser would send as %20.
    for (auto space = url.find(' '); space != std::string::npos; space = url.find(' ', space))
      url.replace(space, 1, "%20");
    if (!has_supported_scheme(url)) return skip(SkipReason::kNotHttp);
    std::string name = collapse_blanks(title);
    if (find_unsafe(name) != Unsafe::kNothing) return skip(SkipReason::kUnsafe);
    // A name made up from the host says nothing about which feed it is.
    const bool named = !name.empty();
    name = cut_to(named ? name : name_from_url(url), kMaxFeedNameBytes);
    std::string key = normalize_link(url);
    if (config_urls_.contains(key) || (named && config_names_.contains(name))) return skip(SkipReason::kInConfig);
    if (!urls_.insert(key).second) return skip(SkipReason::kDuplicate);
    result_.feeds.push_back({unique(std::move(name)), std::move(url)});
  }

  void skip(SkipReason reason) { ++result_.skipped[static_cast<std::size_t>(reason)]; }

 private:
  // "Name", then "Name (2)", "Name (3)" …; each base remembers its next
  // number, so a list of 100,000 feeds of one name is not quadratic.
  std::string unique(std::string name) {
    if (names_.insert(name).second) return name;
    int& next = next_number_.try_emplace(name, 2).first->second;
    for (;; ++next) {
      const std::string suffix = " (" + std::to_string(next) + ")";
      std::string candidate = cut_to(name, kMaxFeedNameBytes - suffix.size()) + suffix;
      if (names_.insert(candidate).second) {
        ++next;
        return candidate;
      }
    }
  }

  FeedListResult& result_;
  std::set<std::string> config_names_;
  std::set<std::string> config_urls_;  // normalised
  std::set<std::string> names_;        // taken: the config's and those given so far
  std::set<std::string> urls_;         // normalised, imported so far
  std::map<std::string, int> next_number_;
};

void fail(FeedListResult& result, std::string error, int line = 0, int column = 0) {
  result.feeds.clear();
  result.skipped = {};
  result.error = std::move(error);
  result.line = line;
  result.column = column;
}

// ---- OPML ------------------------------------------------------------------

std::string_view local_name(const pugi::xml_node& node) {
  std::string_view name = node.name();
  auto colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

// Attribute names are matched regardless of case: "xmlUrl", "xmlurl" and
// "XMLURL" are all written by some exporter.
std::optional<std::string_view> attribute(const pugi::xml_node& node, std::string_view name) {
  for (const auto& a : node.attributes())
    if (equals_ignoring_case(a.name(), name)) return std::string_view(a.value());
  return std::nullopt;
}

bool has_element_children(const pugi::xml_node& node) {
  for (const auto& child : node.children())
    if (child.type() == pugi::node_element) return true;
  return false;
}

void read_outline(const pugi::xml_node& outline, Importer& importer) {
  auto url = attribute(outline, "xmlUrl");
  if (!url) {
    // Older lists put a feed's address in url= when type says it is one.
    auto type = attribute(outline, "type").value_or("");
    if (equals_ignoring_case(type, "rss") || equals_ignoring_case(type, "atom")) url = attribute(outline, "url");
  }
  if (!url) {
    if (!has_element_children(outline)) importer.skip(SkipReason::kNoUrl);  // else a folder
    return;
  }
  std::string title = collapse_blanks(attribute(outline, "text").value_or(""));
  if (title.empty()) title = attribute(outline, "title").value_or("");
  importer.add(*url, title);
}

// Every <outline> under <body>, in document order, folders at any depth:
// walked without recursion, so no nesting can exhaust the stack.
void read_outlines(const pugi::xml_node& body, Importer& importer) {
  pugi::xml_node node = body.first_child();
  while (node) {
    if (node.type() == pugi::node_element && equals_ignoring_case(local_name(node), "outline"))
      read_outline(node, importer);
    if (node.first_child()) {
      node = node.first_child();
      continue;
    }
    while (!node.next_sibling()) {
      node = node.parent();
      if (node == body) return;
    }
    node = node.next_sibling();
  }
}

// The line and column (in characters) of a byte offset, both from 1.
std::pair<int, int> position_of(std::string_view text, std::ptrdiff_t offset) {
  auto before = text.substr(0, static_cast<std::size_t>(std::clamp<std::ptrdiff_t>(offset, 0, text.size())));
  auto line_start = before.rfind('\n');
  auto line = 1 + std::count(before.begin(), before.end(), '\n');
  auto last_line = line_start == std::string_view::npos ? before : before.substr(line_start + 1);
  auto column = 1 + std::count_if(last_line.begin(), last_line.end(),
                                  [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; });
  return {static_cast<int>(line), static_cast<int>(column)};
}

pugi::xml_parse_result load(pugi::xml_document& doc, std::string_view utf8) {
  return doc.load_buffer(utf8.data(), utf8.size(), pugi::parse_default, pugi::encoding_utf8);
}

void read_opml(std::string_view text, FeedListResult& result, Importer& importer) {
  result.format = "OPML";
  pugi::xml_document doc;
  auto parsed = load(doc, text);
  // A bare '&' in a URL ("?a=1&b=2") is the usual mistake of hand-made lists.
  if (!parsed) {
    auto escaped = escape_stray_ampersands(text);
    if (!escaped || !load(doc, *escaped)) {
      if (starts_like_html(text)) return fail(result, "an HTML page, not OPML");
      auto [line, column] = position_of(text, parsed.offset);
      return fail(result, std::string("not well-formed XML: ") + parsed.description(), line, column);
    }
  }
  const pugi::xml_node root = doc.document_element();
  const std::string_view name = local_name(root);
  if (equals_ignoring_case(name, "html")) return fail(result, "an HTML page, not OPML");
  if (name == "rss" || name == "feed" || name == "RDF")
    return fail(result, "a feed, not a list of feeds: add its URL to the config as a [[feed]]");
  if (!equals_ignoring_case(name, "opml"))
    return fail(result, "not OPML: the root element is <" + clean_text(std::string(root.name()).substr(0, 64)) + ">");
  pugi::xml_node body;
  for (const auto& child : root.children())
    if (child.type() == pugi::node_element && equals_ignoring_case(local_name(child), "body")) body = child;
  if (!body) return fail(result, "OPML without a <body>");
  read_outlines(body, importer);
}

// ---- newsboat's urls file ----------------------------------------------------

// The words of one line: separated by blanks; a "double-quoted" part may hold
// blanks, \" and \\; a # that starts a word starts a comment.
std::vector<std::string> words_of(std::string_view line) {
  std::vector<std::string> words;
  std::size_t i = 0;
  while (i < line.size()) {
    if (is_blank(line[i])) {
      ++i;
      continue;
    }
    if (line[i] == '#') break;
    std::string word;
    while (i < line.size() && !is_blank(line[i])) {
      if (line[i] != '"') {
        word += line[i++];
        continue;
      }
      for (++i; i < line.size() && line[i] != '"'; ++i) {
        if (line[i] == '\\' && i + 1 < line.size()) ++i;
        word += line[i];
      }
      if (i < line.size()) ++i;  // the closing quote
    }
    words.push_back(std::move(word));
  }
  return words;
}

void read_urls(std::string_view text, FeedListResult& result, Importer& importer) {
  result.format = "newsboat urls";
  bool first = true;
  int number = 0;
  while (!text.empty()) {
    auto end = text.find('\n');
    auto line = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    ++number;
    auto words = words_of(line);
    if (words.empty()) continue;
    // Told apart from any other text by its first entry.
    if (first && scheme_length(words.front()) == 0)
      return fail(result, "neither OPML nor a newsboat urls file (the first entry is not a URL)", number);
    first = false;
    // Tags follow the URL; "~Name" names the feed.
    std::string title;
    for (std::size_t i = 1; i < words.size() && title.empty(); ++i)
      if (words[i].starts_with('~')) title = words[i].substr(1);
    importer.add(words.front(), title);
  }
}

// ---- Writing ---------------------------------------------------------------

std::string hex(char32_t cp, int digits) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string out(static_cast<std::size_t>(digits), '0');
  for (int i = digits - 1; i >= 0; --i, cp >>= 4) out[static_cast<std::size_t>(i)] = kDigits[cp & 0xF];
  return out;
}

// Calls `each` with every code point of `text`; invalid UTF-8 comes as U+FFFD.
template <typename Each>
void for_each_code_point(std::string_view text, Each each) {
  for (std::size_t i = 0; i < text.size();) {
    auto [cp, length] = decode_utf8(text, i);
    each(cp, text.substr(i, length == 0 ? 1 : length));
    i += length == 0 ? 1 : length;
  }
}

// A TOML basic string. Controls and bidi controls are escaped too, so the
// config stays safe to print.
std::string toml_string(std::string_view text) {
  std::string out = "\"";
  for_each_code_point(text, [&](char32_t cp, std::string_view bytes) {
    switch (cp) {
      case '"': out += "\\\""; return;
      case '\\': out += "\\\\"; return;
      case '\b': out += "\\b"; return;
      case '\t': out += "\\t"; return;
      case '\n': out += "\\n"; return;
      case '\f': out += "\\f"; return;
      case '\r': out += "\\r"; return;
      default: break;
    }
    if (is_control(cp) || is_bidi_control(cp) || cp == kReplacementCharacter) out += "\\u" + hex(cp, 4);
    else out += bytes;
  });
  return out + "\"";
}

// An XML attribute value in double quotes. XML 1.0 cannot carry the C0
// controls but tab, newline and return (written as references so they
// survive attribute normalisation), nor U+FFFE/U+FFFF: they are left out.
std::string xml_attribute(std::string_view text) {
  std::string out = "\"";
  for_each_code_point(text, [&](char32_t cp, std::string_view bytes) {
    switch (cp) {
      case '&': out += "&amp;"; return;
      case '<': out += "&lt;"; return;
      case '>': out += "&gt;"; return;
      case '"': out += "&quot;"; return;
      case '\t': case '\n': case '\r': out += "&#" + std::to_string(cp) + ";"; return;
      default: break;
    }
    if (cp < 0x20 || cp == 0xFFFE || cp == 0xFFFF) return;
    if (is_control(cp)) out += "&#x" + hex(cp, 2) + ";";
    else if (cp == kReplacementCharacter) append_utf8(out, cp);
    else out += bytes;
  });
  return out + "\"";
}

}  // namespace

std::size_t FeedListResult::skipped_total() const { return std::accumulate(skipped.begin(), skipped.end(), std::size_t{0}); }

FeedListResult read_feed_list(std::string_view bytes, const std::vector<ListedFeed>& existing) {
  FeedListResult result;
  if (bytes.size() > kMaxFeedListBytes) {
    fail(result, "larger than " + std::to_string(kMaxFeedListBytes / 1024 / 1024) + " MiB, not read");
    return result;
  }
  Utf8Document document(bytes, {});
  const std::string_view text = document.text();
  const auto start = text.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos) fail(result, "empty");
  else if (looks_binary(text)) fail(result, "binary data, not a list of feeds");
  else {
    Importer importer(existing, result);
    if (text[start] == '<') read_opml(text, result, importer);
    else read_urls(text, result, importer);
  }
  return result;
}

std::string describe_import(const FeedListResult& result) {
  auto count = [](std::size_t n, const Phrase& phrase) {
    return std::to_string(n) + " " + std::string(n == 1 ? phrase.one : phrase.many);
  };
  std::string out = "imported " + count(result.feeds.size(), {"feed", "feeds"});
  if (result.skipped_total() == 0) return out;
  out += ", skipped " + std::to_string(result.skipped_total()) + ":";
  const char* separator = " ";
  for (std::size_t reason = 0; reason < kSkipReasons; ++reason) {
    if (result.skipped[reason] == 0) continue;
    out += separator + count(result.skipped[reason], kSkipPhrases[reason]);
    separator = ", ";
  }
  return out;
}

std::string feeds_to_toml(const std::vector<ListedFeed>& feeds) {
  std::string out;
  for (const auto& feed : feeds) {
    if (!out.empty()) out += '\n';
    out += "[[feed]]\nname = " + toml_string(feed.name) + "\nurl = " + toml_string(feed.url) + "\n";
  }
  return out;
}

std::string feeds_to_opml(const std::vector<ListedFeed>& feeds) {
  std::string out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<opml version=\"2.0\">\n"
      "  <head>\n"
      "    <title>headliner feeds</title>\n"
      "  </head>\n"
      "  <body>\n";
  for (const auto& feed : feeds) {
    const std::string name = xml_attribute(feed.name);
    out += "    <outline type=\"rss\" text=" + name + " title=" + name + " xmlUrl=" + xml_attribute(feed.url) + "/>\n";
  }
  return out + "  </body>\n</opml>\n";
}

ConfigFeeds feeds_in_config(std::string_view toml, const std::string& source) {
  ConfigFeeds result;
  try {
    const toml::table root = toml::parse(toml, source);
    if (const toml::array* feeds = root["feed"].as_array()) {
      for (const auto& element : *feeds) {
        const toml::table* feed = element.as_table();
        if (!feed) continue;
        result.feeds.push_back({(*feed)["name"].value_or(std::string()), (*feed)["url"].value_or(std::string())});
      }
    }
  } catch (const toml::parse_error& e) {
    const auto& where = e.source().begin;
    result.error = source + ":" + std::to_string(where.line) + ":" + std::to_string(where.column) + ": " +
                   clean_text(e.description());
  }
  return result;
}

}  // namespace headliner
