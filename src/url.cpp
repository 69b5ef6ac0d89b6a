#include "url.hpp"

#include "ascii_scan.hpp"

#include <algorithm>

namespace headliner {
namespace {

// A URI reference split as in RFC 3986 appendix B. Absent parts are nullopt,
// because "an empty query" and "no query" resolve differently.
struct UriParts {
  std::optional<std::string> scheme;
  std::optional<std::string> authority;
  std::string path;
  std::optional<std::string> query;
  std::optional<std::string> fragment;
};

// ASCII only: the <cctype> functions depend on the locale, and a URL's
// syntax does not.
bool is_ascii_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }
char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool is_scheme_char(char c) {
  return is_ascii_alpha(c) || is_ascii_digit(c) || c == '+' || c == '-' || c == '.';
}

// C0 controls and DEL: a URL carrying one is not something we can show or
// open. (Tabs and newlines are taken out before, as browsers do.)
bool is_control_byte(char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; }

// A space and every byte from 0x80 up as %XX: UTF-8 text (C1 and bidi
// controls among it) and stray bytes alike, so that a link is printable ASCII.
std::string percent_encode_non_ascii(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (byte > 0x20 && byte < 0x80) {
      out.push_back(c);
    } else {
      out.push_back('%');
      out.push_back(kHex[byte >> 4]);
      out.push_back(kHex[byte & 0xf]);
    }
  }
  return out;
}

UriParts split_uri(std::string_view s) {
  UriParts parts;
  if (auto hash = s.find('#'); hash != std::string_view::npos) {
    parts.fragment = std::string(s.substr(hash + 1));
    s = s.substr(0, hash);
  }
  if (auto question = s.find('?'); question != std::string_view::npos) {
    parts.query = std::string(s.substr(question + 1));
    s = s.substr(0, question);
  }
  auto colon = s.find(':');
  if (colon != std::string_view::npos && colon > 0 &&
      is_ascii_alpha(s[0]) &&
      std::all_of(s.begin(), s.begin() + colon, is_scheme_char)) {
    std::string scheme(s.substr(0, colon));
    std::transform(scheme.begin(), scheme.end(), scheme.begin(), ascii_lower);
    parts.scheme = scheme;
    s = s.substr(colon + 1);
  }
  if (s.starts_with("//")) {
    s = s.substr(2);
    auto slash = s.find('/');
    parts.authority = std::string(s.substr(0, slash));
    s = slash == std::string_view::npos ? std::string_view{} : s.substr(slash);
  }
  parts.path = std::string(s);
  return parts;
}

// RFC 3986 section 5.2.4.
std::string remove_dot_segments(std::string_view in) {
  std::string out;
  while (!in.empty()) {
    if (in.starts_with("../")) {
      in.remove_prefix(3);
    } else if (in.starts_with("./")) {
      in.remove_prefix(2);
    } else if (in.starts_with("/./")) {
      in.remove_prefix(2);
    } else if (in == "/.") {
      in = "/";
    } else if (in.starts_with("/../") || in == "/..") {
      in = in.size() == 3 ? std::string_view("/") : in.substr(3);
      auto last = out.rfind('/');
      out.erase(last == std::string::npos ? 0 : last);
    } else if (in == "." || in == "..") {
      in = {};
    } else {
      auto next = in.find('/', 1);
      out.append(in.substr(0, next));
      in = next == std::string_view::npos ? std::string_view{} : in.substr(next);
    }
  }
  return out;
}

std::string merge_paths(const UriParts& base, const std::string& reference_path) {
  if (base.authority && base.path.empty()) return "/" + reference_path;
  auto last_slash = base.path.rfind('/');
  if (last_slash == std::string::npos) return reference_path;
  return base.path.substr(0, last_slash + 1) + reference_path;
}

UriParts resolve(const UriParts& base, const UriParts& ref) {
  if (ref.scheme) {
    UriParts target = ref;
    target.path = remove_dot_segments(ref.path);
    return target;
  }
  UriParts target;
  target.scheme = base.scheme;
  target.fragment = ref.fragment;
  if (ref.authority) {
    target.authority = ref.authority;
    target.path = remove_dot_segments(ref.path);
    target.query = ref.query;
    return target;
  }
  target.authority = base.authority;
  if (ref.path.empty()) {
    target.path = base.path;
    target.query = ref.query ? ref.query : base.query;
  } else {
    target.path = remove_dot_segments(ref.path.starts_with('/') ? ref.path
                                                                 : merge_paths(base, ref.path));
    target.query = ref.query;
  }
  return target;
}

std::string join(const UriParts& parts) {
  std::string out;
  if (parts.scheme) out += *parts.scheme + ":";
  if (parts.authority) out += "//" + *parts.authority;
  out += parts.path;
  if (parts.query) out += "?" + *parts.query;
  if (parts.fragment) out += "#" + *parts.fragment;
  return out;
}

// ASCII whitespace, and the no-break and zero-width spaces that "&nbsp;"
// and copy-paste leave around a link.
std::string_view trim(std::string_view s) {
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  for (bool trimmed = true; trimmed;) {
    trimmed = false;
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1), trimmed = true;
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1), trimmed = true;
    for (std::string_view invisible : {"\u00A0", "\u200B"}) {
      if (s.starts_with(invisible)) s.remove_prefix(invisible.size()), trimmed = true;
      if (s.ends_with(invisible)) s.remove_suffix(invisible.size()), trimmed = true;
    }
  }
  return s;
}

}  // namespace

namespace {

// An absolute http(s) link in printable ASCII with a host and no dot
// segments: resolution would give it back unchanged.
bool is_plain_absolute(std::string_view link) {
  std::string_view rest;
  if (link.starts_with("https://")) rest = link.substr(8);
  else if (link.starts_with("http://")) rest = link.substr(7);
  else return false;
  if (rest.empty() || rest.front() == '/') return false;
  // Printable ASCII throughout, and no "/." in the path (before ? or #),
  // which "/./", "/../" or a trailing "/." would need resolving.
  if (find_non_printable(rest) != rest.size()) return false;
  const auto dot_segment = rest.find("/.");
  return dot_segment == std::string_view::npos || rest.find_first_of("?#") < dot_segment;
}

}  // namespace

namespace {

// Parameters that say how a reader came to a page, never which page:
// analytics campaigns, ad click ids, newsletter and social share ids.
constexpr std::string_view kTrackingParameters[] = {
    "_hsenc", "_hsmi",  "at_campaign", "at_medium", "dclid",  "fbclid",      "gbraid",    "gclid",
    "igshid", "mc_cid", "mc_eid",      "mkt_tok",   "msclkid", "ns_campaign", "ns_linkname", "ns_mchannel",
    "ns_source", "ocid", "smid",       "twclid",    "wbraid", "yclid"};

std::string ascii_lowered(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), ascii_lower);
  return out;
}

bool is_tracking_or_amp(std::string_view parameter) {
  const auto equals = parameter.find('=');
  const std::string name = ascii_lowered(parameter.substr(0, equals));
  const std::string_view value = equals == std::string_view::npos ? "" : parameter.substr(equals + 1);
  if (name.starts_with("utm_")) return true;
  if (std::find(std::begin(kTrackingParameters), std::end(kTrackingParameters), name) !=
      std::end(kTrackingParameters))
    return true;
  // "?amp", "?amp=1", "?outputType=amp": the AMP rendering of the same page.
  if (name == "amp") return value.empty() || value == "1" || value == "true";
  return name == "outputtype" && value == "amp";
}

std::optional<std::string> without_tracking(const std::string& query) {
  std::string kept;
  std::size_t start = 0;
  while (start <= query.size()) {
    const auto end = std::min(query.find('&', start), query.size());
    const std::string_view parameter = std::string_view(query).substr(start, end - start);
    if (!parameter.empty() && !is_tracking_or_amp(parameter)) {
      if (!kept.empty()) kept += '&';
      kept += parameter;
    }
    start = end + 1;
  }
  if (kept.empty()) return std::nullopt;
  return kept;
}

// "User@Amp.Example.COM:443" -> "user@example.com" for https.
std::string normalized_authority(std::string_view authority, std::string_view scheme) {
  const auto at = authority.rfind('@');
  const std::string_view user = at == std::string_view::npos ? "" : authority.substr(0, at + 1);
  std::string host = ascii_lowered(at == std::string_view::npos ? authority : authority.substr(at + 1));
  const std::string default_port = scheme == "https" ? ":443" : ":80";
  if (host.ends_with(default_port)) host.resize(host.size() - default_port.size());
  // "amp.example.com" and "www.example.com" serve what "example.com" does; a
  // bare "amp.com" stays.
  for (std::string_view prefix : {"www.", "amp."})
    if (host.starts_with(prefix) && host.find('.', prefix.size()) != std::string::npos)
      host.erase(0, prefix.size());
  return std::string(user) + host;
}

// "/news/amp/123" -> "/news/123"; "/world-123.amp" -> "/world-123";
// "/story.amp.html" -> "/story.html".
std::string without_amp(std::string_view path) {
  std::string out;
  std::size_t start = 0;
  while (start < path.size()) {
    const auto end = std::min(path.find('/', start + 1), path.size());
    std::string_view segment = path.substr(start, end - start);  // with its leading '/'
    if (segment == "/amp") {
      start = end;
      continue;
    }
    if (end == path.size()) {
      if (segment.ends_with(".amp") && segment.size() > 5) segment.remove_suffix(4);
      else if (segment.ends_with(".amp.html") && segment.size() > 10) {
        out += segment.substr(0, segment.size() - 9);
        out += ".html";
        break;
      }
    }
    out += segment;
    start = end;
  }
  if (out.empty() || (path.ends_with('/') && !out.ends_with('/'))) out += '/';
  return out;
}

}  // namespace

std::string normalize_link(std::string_view link) {
  UriParts parts = split_uri(link);
  if (!parts.scheme || (*parts.scheme != "http" && *parts.scheme != "https") || !parts.authority)
    return std::string(link);
  parts.fragment.reset();
  parts.authority = normalized_authority(*parts.authority, *parts.scheme);
  parts.path = without_amp(parts.path);
  if (parts.query) parts.query = without_tracking(*parts.query);
  return join(parts);
}

namespace {

// "https://example.org/long-\n    path" -> "https://example.org/long-path".
std::string unwrap(std::string_view link) {
  std::string out;
  for (std::size_t i = 0; i < link.size(); ++i) {
    const char c = link[i];
    if (c == '\t') continue;
    if (c != '\n' && c != '\r') {
      out.push_back(c);
      continue;
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    while (i + 1 < link.size() && (link[i + 1] == ' ' || link[i + 1] == '\t')) ++i;
  }
  return out;
}

}  // namespace

std::optional<std::string> resolve_link(std::string_view base, std::string_view reference) {
  reference = trim(reference);
  if (reference.empty()) return std::nullopt;
  if (is_plain_absolute(reference)) return std::string(reference);  // most feed links: nothing to resolve
  // Feeds wrap long links: a line break inside one is dropped with the
  // indentation around it, as are tabs (browsers drop tabs and newlines too).
  // A space left is percent-encoded, as browsers do.
  std::string unwrapped;
  if (reference.find_first_of("\t\n\r") != std::string_view::npos) {
    unwrapped = unwrap(reference);
    reference = unwrapped;
  }
  if (std::any_of(reference.begin(), reference.end(), is_control_byte)) return std::nullopt;
  UriParts target = resolve(split_uri(trim(base)), split_uri(reference));
  if (!target.scheme || !target.authority || target.authority->empty()) return std::nullopt;
  if (target.authority->find(' ') != std::string::npos) return std::nullopt;  // no host has one
  const std::string& scheme = *target.scheme;
  if (scheme != "http" && scheme != "https" && scheme != "ftp") return std::nullopt;
  std::string link = join(target);
  // What came from the base is held to the same rule as the reference.
  if (std::any_of(link.begin(), link.end(), is_control_byte)) return std::nullopt;
  return percent_encode_non_ascii(link);
}

}  // namespace headliner
