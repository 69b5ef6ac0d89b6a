#include "feed_parser.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <iterator>
#include <span>
#include <pugixml.hpp>

#include "encoding.hpp"
#include "text.hpp"
#include "url.hpp"
#include "utf8.hpp"
#include "xml_repair.hpp"
#include "xml_text.hpp"

namespace headliner {
namespace {

namespace ns {
constexpr std::string_view rss090 = "http://my.netscape.com/rdf/simple/0.9/";
constexpr std::string_view rss10 = "http://purl.org/rss/1.0/";
constexpr std::string_view rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
constexpr std::string_view atom10 = "http://www.w3.org/2005/Atom";
constexpr std::string_view atom03 = "http://purl.org/atom/ns#";
constexpr std::string_view dc = "http://purl.org/dc/elements/1.1/";
constexpr std::string_view content = "http://purl.org/rss/1.0/modules/content/";
constexpr std::string_view sy = "http://purl.org/rss/1.0/modules/syndication/";
constexpr std::string_view none = "";
}  // namespace ns

// An attribute's value as the parser reads it (xml_text.hpp); `fallback`
// when the attribute is absent.
std::string_view attribute_text(pugi::xml_node node, const char* name, std::string& scratch,
                                std::string_view fallback = {}) {
  auto attribute = node.attribute(name);
  return attribute ? readable_xml_text(attribute.value(), scratch) : fallback;
}

// An attribute that holds a keyword (type="HTML", isPermaLink=" False "), as
// that keyword in lower case without surrounding spaces; `fallback` when absent.
std::string attribute_keyword(pugi::xml_node node, const char* name, std::string_view fallback = {}) {
  std::string scratch;
  std::string_view value = attribute_text(node, name, scratch, fallback);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t' || value.front() == '\n' || value.front() == '\r'))
    value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t' || value.back() == '\n' || value.back() == '\r'))
    value.remove_suffix(1);
  std::string keyword(value);
  for (char& c : keyword)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return keyword;
}

// ---- Names and namespaces ------------------------------------------------------

// A name split at its prefix: "dc:date" is "dc" and "date".
struct QualifiedName {
  std::string_view prefix;
  std::string_view local;
};

QualifiedName split_name(const char* name) {
  const char* colon = nullptr;
  const char* end = name;
  for (; *end; ++end)
    if (*end == ':' && !colon) colon = end;
  if (!colon) return {{}, {name, static_cast<std::size_t>(end - name)}};
  return {{name, static_cast<std::size_t>(colon - name)}, {colon + 1, static_cast<std::size_t>(end - colon - 1)}};
}

std::string_view local_name(pugi::xml_node node) { return split_name(node.name()).local; }

// pugixml does not process namespaces: find the xmlns declaration in scope
// for a prefix ("" for the default namespace), so that <title> and
// <media:title> stay apart. Namespace names are compared as written: none of
// the ones a feed uses has a character reference in it.
std::string_view resolve_prefix(pugi::xml_node node, std::string_view prefix) {
  for (auto n = node; n; n = n.parent()) {
    for (auto attribute : n.attributes()) {
      std::string_view declared = attribute.name();
      if (!declared.starts_with("xmlns")) continue;
      declared.remove_prefix(5);
      if (prefix.empty() ? declared.empty()
                         : (declared.size() == prefix.size() + 1 && declared[0] == ':' && declared.substr(1) == prefix))
        return attribute.value();
    }
  }
  return ns::none;
}

std::string_view namespace_of(pugi::xml_node node) { return resolve_prefix(node, split_name(node.name()).prefix); }

// Where relative links in `node` resolve: the feed URL, then each xml:base
// from the root down to the node.
std::string base_of(pugi::xml_node node, std::string_view feed_url) {
  std::vector<std::string> bases;
  std::string scratch;
  for (auto n = node; n; n = n.parent())
    if (auto b = n.attribute("xml:base")) bases.emplace_back(readable_xml_text(b.value(), scratch));
  std::string base(feed_url);
  for (auto it = bases.rbegin(); it != bases.rend(); ++it)
    if (auto resolved = resolve_link(base, *it)) base = *resolved;
  return base;
}

// A declaration on the node itself: xmlns (prefix "") or xmlns:prefix.
std::optional<std::string_view> own_declaration(pugi::xml_node node, std::string_view prefix) {
  for (auto attribute = node.first_attribute(); attribute; attribute = attribute.next_attribute()) {
    std::string_view declared = attribute.name();
    if (!declared.starts_with("xmlns")) continue;
    declared.remove_prefix(5);
    if (prefix.empty() ? declared.empty()
                       : (declared.size() == prefix.size() + 1 && declared[0] == ':' && declared.substr(1) == prefix))
      return std::string_view(attribute.value());
  }
  return std::nullopt;
}

// What is in scope at a container (a channel, an item, an entry): its
// namespaces, found once per prefix, and its base URL. Nested scopes ask the
// enclosing one, so a feed's hundred items do not each walk up to the root.
class Scope {
 public:
  // The outermost scope: resolved by walking up from `node` once.
  Scope(pugi::xml_node node, std::string_view feed_url)
      : node_(node), own_base_(base_of(node, feed_url)), base_(own_base_) {}
  Scope(pugi::xml_node node, const Scope& enclosing) : node_(node), enclosing_(&enclosing), base_(enclosing.base_) {
    if (!node.first_attribute()) return;
    std::string scratch;
    if (auto b = node.attribute("xml:base"))
      if (auto resolved = resolve_link(base_, readable_xml_text(b.value(), scratch)))
        own_base_ = std::move(*resolved), base_ = own_base_;
  }
  Scope(const Scope&) = delete;  // base_ may point into own_base_
  Scope& operator=(const Scope&) = delete;

  std::string_view resolve(std::string_view prefix) const {
    for (std::size_t i = 0; i < cached_; ++i)
      if (cache_[i].first == prefix) return cache_[i].second;
    std::string_view nspace;
    if (auto own = own_declaration(node_, prefix)) nspace = *own;
    else if (enclosing_) nspace = enclosing_->resolve(prefix);
    else nspace = resolve_prefix(node_.parent(), prefix);
    if (cached_ < cache_.size()) cache_[cached_++] = {prefix, nspace};
    return nspace;
  }

  std::string_view base() const { return base_; }
  pugi::xml_node node() const { return node_; }

 private:
  pugi::xml_node node_;
  const Scope* enclosing_ = nullptr;
  std::string own_base_;  // when this element sets xml:base (or is the outermost)
  std::string_view base_;
  // A handful of prefixes per container, kept inline: no allocation per item.
  mutable std::array<std::pair<std::string_view, std::string_view>, 8> cache_{};
  mutable std::size_t cached_ = 0;
};

// The local names a container's parser asks about. Each name sets one bit,
// chosen by its first letter and its length, so that most other children
// (description, category, media:content) are turned away by one test.
class NameSet {
 public:
  template <std::size_t N>
  constexpr explicit NameSet(const std::string_view (&names)[N]) : names_(names) {
    for (auto name : names) bits_ |= bit(name);
  }

  bool contains(std::string_view name) const {
    if (name.empty() || !(bits_ & bit(name))) return false;
    return std::find(names_.begin(), names_.end(), name) != names_.end();
  }

 private:
  static constexpr std::uint64_t bit(std::string_view name) {
    return std::uint64_t{1} << ((static_cast<unsigned char>(name.front()) + 7 * name.size()) % 64);
  }

  std::span<const std::string_view> names_;
  std::uint64_t bits_ = 0;
};

// The element children of a container that a parser asks about, each with
// its namespace worked out once: an item is asked for a dozen fields. The
// others (description, category, media:content, ...) are passed over without
// resolving their namespace, since they are most of a feed's elements.
class Children {
 public:
  Children() = default;
  Children(const Scope& scope, const NameSet& wanted) { read(scope, wanted); }

  // Forgets the children it held and reads those of `scope`: one list,
  // reused for all of a feed's items, allocates once.
  void read(const Scope& scope, const NameSet& wanted) {
    entries_.clear();
    for (auto c = scope.node().first_child(); c; c = c.next_sibling()) {
      // Text has no name, so it is passed over here without asking its type.
      auto [prefix, local] = split_name(c.name());
      if (!wanted.contains(local) || c.type() != pugi::node_element) continue;
      std::optional<std::string_view> own;
      if (c.first_attribute()) own = own_declaration(c, prefix);  // it may declare its own
      entries_.push_back({own ? *own : scope.resolve(prefix), local, c.internal_object()});
    }
  }

  pugi::xml_node find(std::string_view nspace, std::string_view local) const {
    pugi::xml_node found;
    each(nspace, local, [&](pugi::xml_node node) {
      if (!found) found = node;
    });
    return found;
  }

  std::size_t count(std::string_view nspace, std::string_view local) const {
    std::size_t n = 0;
    each(nspace, local, [&](pugi::xml_node) { ++n; });
    return n;
  }

  // Every child element with this name, in document order.
  template <typename Visit>
  void each(std::string_view nspace, std::string_view local, Visit visit) const {
    for (const auto& e : entries_)
      if (e.local == local && e.nspace == nspace) visit(pugi::xml_node(e.node));
  }

 private:
  struct Entry {
    std::string_view nspace;
    std::string_view local;
    pugi::xml_node_struct* node;  // a handle without pugi::xml_node's out-of-line constructor
  };

  std::vector<Entry> entries_;
};

// What each container is asked for: the local names of its fields.
constexpr std::string_view kChannelNames[] = {"title", "ttl", "skipHours", "skipDays",
                                              "updatePeriod", "updateFrequency", "item"};
constexpr std::string_view kItemNames[] = {"item"};
constexpr std::string_view kRssItemNames[] = {"title", "link", "guid", "identifier", "pubDate", "date", "updated"};
constexpr std::string_view kAtomFeedNames[] = {"title", "entry", "updatePeriod", "updateFrequency"};
constexpr std::string_view kAtomEntryNames[] = {"title", "link", "id", "published", "updated",
                                                "issued", "modified", "date"};
constexpr NameSet kChannelFields(kChannelNames);
constexpr NameSet kItemsOnly(kItemNames);
constexpr NameSet kRssItemFields(kRssItemNames);
constexpr NameSet kAtomFeedFields(kAtomFeedNames);
constexpr NameSet kAtomEntryFields(kAtomEntryNames);

bool is(pugi::xml_node node, std::string_view nspace, std::string_view local) {
  return node.type() == pugi::node_element && local_name(node) == local &&
         namespace_of(node) == nspace;
}

pugi::xml_node child(pugi::xml_node parent, std::string_view nspace, std::string_view local) {
  for (auto c : parent.children())
    if (is(c, nspace, local)) return c;
  return {};
}

// XHTML phrasing elements sit inside words ("H<sub>2</sub>O"); any other
// element (<p>, <br/>, <li>, unknown markup) separates words.
bool is_inline_element(pugi::xml_node node) {
  static constexpr std::string_view kInline[] = {
      "a",    "abbr",   "b",      "bdi", "bdo", "cite", "code", "data", "dfn", "em",
      "font", "i",      "kbd",    "mark", "q",  "s",    "samp", "small", "span",
      "strike", "strong", "sub", "sup", "time", "tt", "u", "var"};
  return std::find(std::begin(kInline), std::end(kInline), local_name(node)) != std::end(kInline);
}

// All character data below a node, CDATA included, elements flattened.
// A walk of the tree in document order with no recursion: a feed may nest
// elements a hundred thousand deep, and a call per level would overflow the
// stack. The spaces elements add count against `cap` like the text does.
void append_text(pugi::xml_node node, std::string& out, std::size_t cap) {
  auto separate = [&](pugi::xml_node element) {
    if (!is_inline_element(element) && out.size() < cap) out.push_back(' ');
  };
  pugi::xml_node c = node.first_child();
  while (c) {
    if (out.size() >= cap) return;
    if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) {
      // Each node on its own, as the bytes were: a broken sequence must not
      // be completed by the next node's. A repair may lengthen the cut text
      // (a stray byte becomes up to three), which keeps the cost bounded still.
      std::string scratch;
      out.append(readable_xml_text(std::string_view(c.value()).substr(0, cap - out.size()), scratch,
                          c.type() == pugi::node_cdata));
    } else if (c.type() == pugi::node_element) {
      separate(c);  // before its content
      if (pugi::xml_node first = c.first_child()) {
        c = first;
        continue;
      }
      separate(c);  // after its (empty) content
    }
    // On to the next node in document order, closing each element whose
    // content is done on the way up.
    while (!c.next_sibling()) {
      c = c.parent();
      if (!c || c == node) return;
      separate(c);
    }
    c = c.next_sibling();
  }
}

// Raw text is bounded before cleaning so that a megabyte "title" costs little.
constexpr std::size_t kMaxRawText = 64 * 1024;

std::string raw_text(pugi::xml_node node) {
  std::string out;
  append_text(node, out, kMaxRawText);
  return out;
}

// The same text without a copy in the usual case, one text or CDATA child
// with no reference to decode; `scratch` holds it otherwise and must outlive
// the view.
std::string_view raw_text_view(pugi::xml_node node, std::string& scratch) {
  auto first = node.first_child();
  if (first && !first.next_sibling()) {
    std::string_view value = std::string_view(first.value()).substr(0, kMaxRawText);
    if (first.type() == pugi::node_cdata) return readable_xml_text(value, scratch, true);
    if (first.type() == pugi::node_pcdata) return readable_xml_text(value, scratch);
  }
  scratch = raw_text(node);
  return scratch;
}

// Cut on a character boundary, then drop what the cut left dangling at the
// end (a space, a zero-width joiner) so that a cut title still reads cleanly.
std::string cut_on_character(std::string text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  std::size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  text.resize(end);
  while (!text.empty() && text.back() == ' ') text.pop_back();
  if (text.ends_with("\u200d")) text.resize(text.size() - 3);
  return text;
}

// The title of an item that has none: the start of its text. RSS allows an
// item with only a description, and Mastodon and micro-blogs write nothing
// else; the ticker shows it by its first words, cut between words.
constexpr std::size_t kTextAsTitleBytes = 160;

std::string text_as_title(std::string text, std::size_t max_bytes) {
  max_bytes = std::min(max_bytes, kTextAsTitleBytes);
  if (text.size() <= max_bytes) return text;
  constexpr std::string_view kEllipsis = "\u2026";
  if (max_bytes < 2 * kEllipsis.size()) return cut_on_character(std::move(text), max_bytes);
  std::string cut = cut_on_character(std::move(text), max_bytes - kEllipsis.size());
  // Back to the last space, unless that would lose more than half the room.
  if (auto space = cut.rfind(' '); space != std::string::npos && space > cut.size() / 2) cut.resize(space);
  while (!cut.empty() && std::string_view(" ,;:-").find(cut.back()) != std::string_view::npos) cut.pop_back();
  return cut + std::string(kEllipsis);
}

std::optional<std::string> optional_text(pugi::xml_node node) {
  if (!node) return std::nullopt;
  std::string scratch;
  std::string text = clean_text(raw_text_view(node, scratch));
  if (text.empty()) return std::nullopt;
  return text;
}

std::optional<UtcTime> date_of(pugi::xml_node node) {
  if (!node) return std::nullopt;
  std::string scratch;
  return parse_feed_date(raw_text_view(node, scratch));
}


struct Context {
  std::string_view base_url;
  ParseLimits limits;
};

// ASCII case folding: std::tolower depends on the locale.
char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool is_web_url(std::string_view text) {
  auto starts = [&](std::string_view prefix) {
    return text.size() > prefix.size() &&
           std::equal(prefix.begin(), prefix.end(), text.begin(),
                      [](char a, char b) { return a == ascii_lower(b); });
  };
  return starts("http://") || starts("https://");
}

// ---- RSS 0.9x / 2.0 and RSS 1.0 -----------------------------------------

std::optional<std::string> rss_link(const Children& fields, std::string_view item_ns, std::string_view base) {
  if (auto link = fields.find(item_ns, "link")) {
    if (std::string scratch; auto url = resolve_link(base, raw_text_view(link, scratch))) return url;
    // <link href="…"/>, written by those who know Atom better than RSS.
    if (std::string scratch; auto url = resolve_link(base, attribute_text(link, "href", scratch))) return url;
  }
  std::optional<std::string> atom_alternate;
  fields.each(ns::atom10, "link", [&](pugi::xml_node c) {
    std::string rel, href;
    if (!atom_alternate && attribute_text(c, "rel", rel, "alternate") == "alternate")
      atom_alternate = resolve_link(base, attribute_text(c, "href", href));
  });
  if (atom_alternate) return atom_alternate;
  // A guid is a permalink unless it says otherwise (RSS 2.0), but only one
  // that is a URL: "wire-1001" resolved against the feed would be a made-up link.
  if (auto guid = fields.find(item_ns, "guid"))
    if (std::string permalink = attribute_keyword(guid, "isPermaLink"); permalink != "false" && permalink != "0")
      if (std::string text = clean_text(raw_text(guid)); is_web_url(text)) return resolve_link(base, text);
  return std::nullopt;
}

Item parse_rss_item(pugi::xml_node node, const Scope& container, std::string_view item_ns, const Context& ctx,
                    Children& fields) {
  Scope scope(node, container);
  fields.read(scope, kRssItemFields);
  Item item;
  auto title = fields.find(item_ns, "title");
  if (!title) title = fields.find(ns::dc, "title");
  std::string scratch;
  item.title = cut_on_character(rss_text_to_text(raw_text_view(title, scratch)), ctx.limits.max_title_bytes);
  // Not indexed: rarely asked for.
  for (auto [nspace, local] : {std::pair{item_ns, "description"}, std::pair{ns::content, "encoded"}})
    if (item.title.empty())
      if (auto text = child(node, nspace, local))
        item.title = text_as_title(html_to_text(raw_text(text)), ctx.limits.max_title_bytes);
  item.link = rss_link(fields, item_ns, scope.base());
  item.id = optional_text(fields.find(item_ns, "guid"));
  if (!item.id) item.id = optional_text(fields.find(ns::dc, "identifier"));
  std::string about_scratch;
  if (!item.id)
    if (auto about = attribute_text(node, "rdf:about", about_scratch); !about.empty()) item.id = clean_text(about);
  item.published = date_of(fields.find(item_ns, "pubDate"));
  if (!item.published) item.published = date_of(fields.find(ns::dc, "date"));
  item.updated = date_of(fields.find(ns::atom10, "updated"));
  return item;
}

void parse_rss_items(const Children& container, const Scope& scope, std::string_view item_ns, const Context& ctx,
                     ParsedFeed& feed) {
  feed.items.reserve(std::min(feed.items.size() + container.count(item_ns, "item"), ctx.limits.max_items));
  Children fields;
  container.each(item_ns, "item", [&](pugi::xml_node item) {
    if (feed.items.size() < ctx.limits.max_items)
      feed.items.push_back(parse_rss_item(item, scope, item_ns, ctx, fields));
  });
}

// Items that some RSS 0.91 generators and every RSS 1.0 feed put beside the channel.
void parse_rss_items_of(pugi::xml_node container, std::string_view item_ns, const Context& ctx, ParsedFeed& feed) {
  Scope scope(container, ctx.base_url);
  parse_rss_items(Children(scope, kItemsOnly), scope, item_ns, ctx, feed);
}

std::string channel_title(const Children& channel, std::string_view channel_ns) {
  auto title = channel.find(channel_ns, "title");
  if (!title) title = channel.find(ns::dc, "title");
  return rss_text_to_text(raw_text(title));
}

// ---- What a feed says about its schedule ----------------------------------

// A small whole number written as text ("60", " 7 "); nullopt otherwise.
std::optional<int> small_number(pugi::xml_node node) {
  std::string scratch;
  std::string_view text = raw_text_view(node, scratch);
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t' || text.front() == '\n' || text.front() == '\r'))
    text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\n' || text.back() == '\r'))
    text.remove_suffix(1);
  if (text.empty() || text.size() > 6) return std::nullopt;
  int value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

std::uint32_t skip_hours_of(pugi::xml_node skip_hours) {
  std::uint32_t hours = 0;
  for (auto hour : skip_hours.children())
    if (auto h = small_number(hour); h && local_name(hour) == "hour" && *h <= 24) hours |= 1u << (*h % 24);
  return hours;
}

std::uint8_t skip_days_of(pugi::xml_node skip_days) {
  static constexpr std::string_view kDays[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                               "Thursday", "Friday", "Saturday"};
  std::uint8_t days = 0;
  for (auto day : skip_days.children())
    for (std::size_t d = 0; d < 7; ++d)
      if (std::string scratch; local_name(day) == "day" && raw_text_view(day, scratch).find(kDays[d]) != std::string_view::npos)
        days = static_cast<std::uint8_t>(days | 1u << d);
  return days;
}

// sy:updatePeriod / sy:updateFrequency: "hourly" and 2 mean every 30 minutes.
std::optional<Duration> update_period_of(const Children& channel) {
  using namespace std::chrono;
  auto period_node = channel.find(ns::sy, "updatePeriod");
  if (!period_node) return std::nullopt;
  static constexpr std::pair<std::string_view, hours> kPeriods[] = {
      {"hourly", hours(1)}, {"daily", hours(24)}, {"weekly", hours(24 * 7)},
      {"monthly", hours(24 * 30)}, {"yearly", hours(24 * 365)}};
  std::string scratch;
  std::string_view period = raw_text_view(period_node, scratch);
  int frequency = small_number(channel.find(ns::sy, "updateFrequency")).value_or(1);
  if (frequency <= 0) return std::nullopt;
  for (const auto& [name, length] : kPeriods)
    if (period.find(name) != std::string_view::npos) return duration_cast<Duration>(length) / frequency;
  return std::nullopt;
}

FeedTiming timing_of(const Children& channel, std::string_view channel_ns) {
  FeedTiming timing;
  if (auto ttl = small_number(channel.find(channel_ns, "ttl")); ttl && *ttl > 0)
    timing.ttl = std::chrono::duration_cast<Duration>(std::chrono::minutes(*ttl));
  timing.skip_hours = skip_hours_of(channel.find(channel_ns, "skipHours"));
  timing.skip_days = skip_days_of(channel.find(channel_ns, "skipDays"));
  timing.update_period = update_period_of(channel);
  return timing;
}

// RSS 2.0 has no namespace, but early generators declared one (UserLand's,
// then Harvard's): what is in it is read as plain RSS, as feedparser does.
constexpr std::string_view kRss2Namespaces[] = {ns::none, "http://backend.userland.com/rss2",
                                                "http://backend.userland.com/rss",
                                                "http://blogs.law.harvard.edu/tech/rss"};

bool is_rss2(pugi::xml_node root) {
  return root.type() == pugi::node_element && local_name(root) == "rss" &&
         std::ranges::find(kRss2Namespaces, namespace_of(root)) != std::end(kRss2Namespaces);
}

void parse_rss2(pugi::xml_node root, const Context& ctx, ParsedFeed& feed) {
  const std::string_view rss_ns = namespace_of(root);
  if (auto channel = child(root, rss_ns, "channel")) {
    Scope scope(channel, ctx.base_url);
    Children fields(scope, kChannelFields);
    feed.title = channel_title(fields, rss_ns);
    feed.timing = timing_of(fields, rss_ns);
    parse_rss_items(fields, scope, rss_ns, ctx, feed);
  }
  parse_rss_items_of(root, rss_ns, ctx, feed);
}

std::string_view rdf_item_namespace(pugi::xml_node root) {
  for (auto c : root.children()) {
    if (local_name(c) == "channel" || local_name(c) == "item") {
      auto nspace = namespace_of(c);
      if (nspace == ns::rss10 || nspace == ns::rss090) return nspace;
    }
  }
  return ns::rss10;
}

bool is_rdf(pugi::xml_node root) { return is(root, ns::rdf, "RDF"); }

void parse_rdf(pugi::xml_node root, const Context& ctx, ParsedFeed& feed) {
  auto item_ns = rdf_item_namespace(root);
  if (auto channel = child(root, item_ns, "channel")) {
    Scope scope(channel, ctx.base_url);
    Children fields(scope, kChannelFields);
    feed.title = channel_title(fields, item_ns);
    feed.timing = timing_of(fields, item_ns);
  }
  parse_rss_items_of(root, item_ns, ctx, feed);
}

// ---- Atom 0.3 and 1.0 ------------------------------------------------------

// Atom text by its type, in any case. Atom 0.3's mode="escaped" says the
// content was escaped once more, not what it is: its type says that, and with
// none it is taken for HTML, which is what such feeds carry. Escaped plain
// text has its references decoded, as the escaping means, but keeps its '<'.
std::string atom_text(pugi::xml_node node) {
  const std::string type = attribute_keyword(node, "type");
  const std::string mode = attribute_keyword(node, "mode");  // Atom 0.3
  const bool escaped = mode == "escaped";
  const bool html = type == "html" || type == "text/html" || (type.empty() && escaped);
  if (html) return html_to_text(raw_text(node));
  if (escaped) return clean_text(decode_html_entities(raw_text(node)));
  return clean_text(raw_text(node));  // text, or xhtml (already parsed into elements)
}

std::optional<std::string> atom_link(const Children& fields, std::string_view atom_ns, const Scope& entry) {
  pugi::xml_node best;
  fields.each(atom_ns, "link", [&](pugi::xml_node c) {
    std::string rel_scratch, type_scratch;
    if (attribute_text(c, "rel", rel_scratch, "alternate") != "alternate") return;
    std::string_view type = attribute_text(c, "type", type_scratch, "text/html");
    if (!best || type == "text/html") best = c;
  });
  if (!best) return std::nullopt;
  std::string href;
  return resolve_link(Scope(best, entry).base(), attribute_text(best, "href", href));
}

Item parse_atom_entry(pugi::xml_node entry, const Scope& feed, std::string_view atom_ns, const Context& ctx,
                      Children& fields) {
  Scope scope(entry, feed);
  fields.read(scope, kAtomEntryFields);
  Item item;
  item.title = cut_on_character(atom_text(fields.find(atom_ns, "title")), ctx.limits.max_title_bytes);
  for (std::string_view text : {"summary", "content"})
    if (item.title.empty())
      if (auto node = child(entry, atom_ns, text)) item.title = text_as_title(atom_text(node), ctx.limits.max_title_bytes);
  item.link = atom_link(fields, atom_ns, scope);
  item.id = optional_text(fields.find(atom_ns, "id"));
  bool v03 = atom_ns == ns::atom03;
  item.published = date_of(fields.find(atom_ns, v03 ? "issued" : "published"));
  item.updated = date_of(fields.find(atom_ns, v03 ? "modified" : "updated"));
  if (!item.published) item.published = date_of(fields.find(ns::dc, "date"));
  return item;
}

// A <feed> in no namespace is read as Atom 1.0, as feedparser does: some
// generators leave the namespace out.
bool is_atom(pugi::xml_node root) {
  return is(root, ns::atom10, "feed") || is(root, ns::atom03, "feed") || is(root, ns::none, "feed");
}

void parse_atom(pugi::xml_node root, const Context& ctx, ParsedFeed& feed) {
  auto atom_ns = namespace_of(root);
  Scope scope(root, ctx.base_url);
  Children children(scope, kAtomFeedFields);
  feed.title = atom_text(children.find(atom_ns, "title"));
  feed.timing.update_period = update_period_of(children);
  feed.items.reserve(std::min(children.count(atom_ns, "entry"), ctx.limits.max_items));
  Children fields;
  children.each(atom_ns, "entry", [&](pugi::xml_node entry) {
    if (feed.items.size() < ctx.limits.max_items)
      feed.items.push_back(parse_atom_entry(entry, scope, atom_ns, ctx, fields));
  });
}

// ---- Dispatch --------------------------------------------------------------

struct Format {
  bool (*matches)(pugi::xml_node root);
  void (*parse)(pugi::xml_node root, const Context& ctx, ParsedFeed& feed);
};

constexpr std::array kFormats = {
    Format{is_rss2, parse_rss2},
    Format{is_rdf, parse_rdf},
    Format{is_atom, parse_atom},
};

std::string position_of(std::string_view document, std::ptrdiff_t offset) {
  auto end = document.begin() + std::clamp<std::ptrdiff_t>(offset, 0, document.size());
  auto line = 1 + std::count(document.begin(), end, '\n');
  auto line_start = std::find(std::make_reverse_iterator(end), document.rend(), '\n').base();
  return "line " + std::to_string(line) + ", column " + std::to_string(end - line_start + 1);
}

bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() &&
         std::equal(prefix.begin(), prefix.end(), text.begin(),
                    [](char a, char b) { return ascii_lower(a) == ascii_lower(b); });
}

}  // namespace

// Real HTML is rarely well-formed XML (<meta> and <br> are never closed), so a
// web page usually fails to parse: recognise it by how it starts, after any
// BOM, XML declaration, comments and whitespace.
bool starts_like_html(std::string_view document) {
  if (document.starts_with("\xEF\xBB\xBF")) document.remove_prefix(3);
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  for (;;) {
    while (!document.empty() && is_space(document.front())) document.remove_prefix(1);
    std::string_view close = document.starts_with("<?")     ? "?>"
                             : document.starts_with("<!--") ? "-->"
                                                            : "";
    if (close.empty()) break;
    auto end = document.find(close);
    if (end == std::string_view::npos) return false;
    document.remove_prefix(end + close.size());
  }
  for (std::string_view opening : {"<!doctype html", "<html"}) {
    if (starts_with_ignoring_case(document, opening)) {
      auto next = document.substr(opening.size());
      return next.empty() || is_space(next.front()) || next.front() == '>';
    }
  }
  return false;
}

constexpr std::string_view kHtmlPage = "not a feed: the document is an HTML page";

// Text has few control characters and no NULs; an image, an archive or
// random bytes have many. Looked at in the first KiB, after conversion to UTF-8.
bool looks_binary(std::string_view text) {
  text = text.substr(0, 1024);
  std::size_t controls = 0;
  for (char c : text) {
    if (c == '\0') return true;
    if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') ++controls;
  }
  return controls * 20 > text.size();
}

namespace {

std::string not_a_feed(pugi::xml_node root) {
  if (local_name(root) == "html" || local_name(root) == "HTML")
    return std::string(kHtmlPage);
  std::string repaired;
  std::string_view name = root.name();
  if (repair_utf8(name, repaired)) name = repaired;
  return "not a feed: unknown root element <" + clean_text(name) + ">";
}

}  // namespace

namespace {

pugi::xml_parse_result load(pugi::xml_document& doc, std::string_view utf8) {
  // The text is UTF-8 whatever the declaration says: Utf8Document converted it.
  // References are left for the parser to decode where it reads text (xml_text.hpp).
  constexpr unsigned kOptions = pugi::parse_default & ~pugi::parse_escapes;
  return doc.load_buffer(utf8.data(), utf8.size(), kOptions, pugi::encoding_utf8);
}

std::string xml_error(std::string_view text, const pugi::xml_parse_result& parsed) {
  return "XML error at " + position_of(text, parsed.offset) + ": " + parsed.description();
}

// NUL bytes, which XML forbids and pugixml reads as the end of the text.
std::string without_nuls(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::copy_if(text.begin(), text.end(), std::back_inserter(out), [](char c) { return c != '\0'; });
  return out;
}

// Where the XML starts when something else was printed before it: a PHP
// warning, an HTML error page fragment. 0 when the declaration (or nothing
// at all) comes first.
std::size_t declaration_after_junk(std::string_view text) {
  const std::size_t declaration = text.find("<?xml");
  if (declaration == std::string_view::npos || declaration == 0) return 0;
  const std::string_view before = text.substr(0, declaration);
  return before.find_first_not_of(" \t\r\n\xEF\xBB\xBF") == std::string_view::npos ? 0 : declaration;
}

// Loads `text` into `doc`, with the repairs of xml_repair.hpp when it is not
// well-formed, each on top of the ones before. Returns the error of the
// original text when nothing helped.
std::string load_with_repairs(pugi::xml_document& doc, std::string_view text, std::string& warning) {
  auto parsed = load(doc, text);
  if (parsed) return {};
  const std::string error = xml_error(text, parsed);
  std::string repaired;
  std::string_view best = text;
  auto retry = [&](std::string next) {
    repaired = std::move(next);
    best = repaired;
    parsed = load(doc, best);
    return static_cast<bool>(parsed);
  };
  if (best.find('\0') != std::string_view::npos && retry(without_nuls(best))) return {};
  if (std::size_t start = declaration_after_junk(best)) {
    warning = "skipped " + std::to_string(start) + " bytes before the XML declaration";
    if (retry(std::string(best.substr(start)))) return {};
  }
  if (auto escaped = escape_stray_ampersands(best); escaped && retry(std::move(*escaped))) return {};
  if (auto closed = repair_stray_markup(best); closed && retry(std::move(*closed))) return {};
  if (auto cut = cut_before_break(best, static_cast<std::size_t>(parsed.offset))) {
    if (load(doc, *cut)) {
      warning = "only the items before an " + error + " were read";
      return {};
    }
  }
  doc.reset();
  warning.clear();  // the error says it all
  return error;
}

}  // namespace

ParseResult parse_feed(std::string_view document, std::string_view base_url,
                       const ParseLimits& limits, std::string_view content_type) {
  ParseResult result;
  Utf8Document utf8(document, content_type, Utf8Document::Repair::by_reader);
  result.encoding = utf8.encoding();
  pugi::xml_document doc;
  std::string error = load_with_repairs(doc, utf8.text(), result.warning);
  if (!error.empty()) {
    if (starts_like_html(utf8.text())) result.error = kHtmlPage;
    else if (looks_binary(utf8.text())) result.error = "not a feed: binary data, not text";
    else if (utf8.text().find_first_not_of(" \t\r\n") == std::string_view::npos) result.error = "not a feed: the document is empty";
    else if (utf8.text().find('<') == std::string_view::npos) result.error = "not a feed: plain text, no XML";
    else result.error = error;
    return result;
  }
  Context ctx{base_url, limits};
  // The feed is the first top-level element a format knows: usually the
  // only one, but a PHP warning printed before the XML ("<br /><b>Warning</b>")
  // puts other markup first.
  for (auto top = doc.first_child(); top; top = top.next_sibling()) {
    if (top.type() != pugi::node_element) continue;
    for (const auto& format : kFormats) {
      if (!format.matches(top)) continue;
      if (top != doc.document_element() && result.warning.empty())
        result.warning = "skipped the markup before the feed's root element <" + std::string(local_name(top)) + ">";
      format.parse(top, ctx, result.feed);
      return result;
    }
  }
  auto root = doc.document_element();
  result.error = root ? not_a_feed(root) : "not a feed: the document is empty";
  return result;
}

}  // namespace headliner
