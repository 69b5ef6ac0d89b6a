#include "story_cluster.hpp"

#include <algorithm>
#include <array>
#include <utility>

#include "text.hpp"

namespace headliner {
namespace {

// ASCII only: the <cctype> functions depend on the locale, and headlines are
// UTF-8. Wire slugs and markers are ASCII; other scripts pass through untouched.
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_non_ascii(char c) { return static_cast<unsigned char>(c) >= 0x80; }
// Letters of any script: a byte of a multi-byte character counts, so that
// "café's" keeps its apostrophe rule.
bool is_letterish(char c) { return is_upper(c) || is_lower(c) || is_non_ascii(c); }
char to_lower(char c) { return is_upper(c) ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return to_lower(x) == to_lower(y); });
}

bool has_lower(std::string_view text) { return std::any_of(text.begin(), text.end(), is_lower); }

std::string_view trim(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  return text;
}

std::size_t word_count(std::string_view text) {
  std::size_t words = 0;
  bool in_word = false;
  for (char c : text) {
    if (c != ' ' && !in_word) ++words;
    in_word = c != ' ';
  }
  return words;
}

// The last space-separated word, and what comes before it (untrimmed).
std::pair<std::string_view, std::string_view> split_last_word(std::string_view text) {
  text = trim(text);
  const auto space = text.rfind(' ');
  if (space == std::string_view::npos) return {{}, text};
  return {text.substr(0, space), text.substr(space + 1)};
}

// ---------------------------------------------------------------------------
// Wire slugs, markers and publisher names

// Reuters-style slugs of one word, glued to the headline by a hyphen. Only
// these: "HK-listed" and "NATO-led" are words, not slugs.
constexpr std::array<std::string_view, 20> kOneWordSlugs = {
    "ANALYSIS", "BREAKINGVIEWS", "BRIEF",  "BUZZ",    "COLUMN",      "CORRECTED", "CORRECTION",
    "DIARY",    "EXCLUSIVE",     "FACTBOX", "FEATURE", "GRAPHIC",     "INSIGHT",   "INTERVIEW",
    "PREVIEW",  "REFILE",        "RPT",     "TIMELINE", "UPDATE",     "WRAPUP"};

// Kickers of one word before a colon ("VIDEO: …"). Other single upper-case
// words before a colon are usually the subject ("IMF: Greece must …") and stay.
constexpr std::array<std::string_view, 13> kOneWordKickers = {
    "ALERT",  "ANALYSIS", "BREAKING", "EXCLUSIVE", "FACTBOX", "LIVE",  "OPINION",
    "PHOTOS", "REVIEW",   "UPDATE",   "UPDATED",   "VIDEO",   "WATCH"};

// Who a wire attributes a headline to, after a dash or colon at its end
// ("… - sources", "…: traders"): the news is the same whoever is named.
constexpr std::array<std::string_view, 14> kAttributions = {
    "analyst",   "analysts", "media",   "official", "officials", "paper",  "report",
    "reports",   "source",   "sources", "trader",   "traders",   "witness", "witnesses"};

template <std::size_t N>
bool listed(const std::array<std::string_view, N>& list, std::string_view word) {
  return std::find(list.begin(), list.end(), word) != list.end();
}

// A run of upper-case words at the start ("US STOCKS", "UPDATE 1"): the
// first starts with a capital, the rest with a capital or a digit.
struct CapsRun {
  std::size_t end = 0;    // just past the last word
  std::size_t words = 0;
  std::size_t letters = 0;
};

bool is_caps_word_char(char c) { return is_upper(c) || is_digit(c) || c == '&' || c == '.' || c == '\''; }

CapsRun caps_run(std::string_view text) {
  CapsRun run;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const bool first = run.words == 0;
    if (!(is_upper(text[pos]) || (!first && is_digit(text[pos])))) break;
    std::size_t end = pos;
    while (end < text.size() && is_caps_word_char(text[end])) run.letters += is_upper(text[end++]);
    run.end = end;
    ++run.words;
    if (end + 1 >= text.size() || text[end] != ' ') break;
    pos = end + 1;
  }
  return run;
}

bool starts_headline(char c) { return is_upper(c) || is_digit(c) || c == '\'' || c == '"' || c == '$'; }

// "UPDATE 1-", "RPT-", "US STOCKS-": how many bytes to drop, or 0.
std::size_t wire_slug_length(std::string_view text) {
  const CapsRun run = caps_run(text);
  if (run.words == 0 || run.end + 1 >= text.size() || text[run.end] != '-') return 0;
  const char next = text[run.end + 1];
  if (next == ' ' || next == '-') return 0;
  const std::string_view slug = text.substr(0, run.end);
  const std::string_view first = slug.substr(0, slug.find(' '));
  const bool numbered = run.words == 2 && std::all_of(slug.begin() + static_cast<long>(first.size()) + 1,
                                                      slug.end(), is_digit);
  const bool known = listed(kOneWordSlugs, first) && (run.words == 1 || numbered);
  if (!known && !(run.words >= 2 && starts_headline(next))) return 0;
  return run.end + 1;
}

// "TECH STOCKS: ", "VIDEO: ": how many bytes to drop, or 0.
std::size_t kicker_length(std::string_view text) {
  const CapsRun run = caps_run(text);
  if (run.words == 0 || run.letters < 2 || run.end + 1 >= text.size()) return 0;
  if (text[run.end] != ':' || text[run.end + 1] != ' ') return 0;
  if (run.words == 1 && !listed(kOneWordKickers, text.substr(0, run.end))) return 0;
  return run.end + 2;
}

// A prefix is dropped only when a headline in normal case remains: in an
// all-caps headline the "slug" is the news.
std::string_view drop_prefix(std::string_view text, std::size_t length) {
  if (length == 0 || !has_lower(text.substr(length))) return text;
  return trim(text.substr(length));
}

// "...", "..", "…" at the end. A word glued to the ellipsis may be cut.
std::string_view drop_ellipsis(std::string_view text, bool& truncated) {
  std::size_t cut = text.size();
  if (text.ends_with("\u2026")) {
    cut -= std::string_view("\u2026").size();
  } else {
    while (cut > 0 && text[cut - 1] == '.') --cut;
    if (text.size() - cut < 2) return text;
  }
  truncated = true;
  const bool glued = cut > 0 && text[cut - 1] != ' ';
  text = trim(text.substr(0, cut));
  return glued ? split_last_word(text).first : text;
}

// Bloomberg's " (2)".
std::string_view drop_version_number(std::string_view text) {
  if (!text.ends_with(')')) return text;
  const auto open = text.rfind('(');
  if (open == std::string_view::npos || open == 0 || text[open - 1] != ' ') return text;
  const std::string_view number = text.substr(open + 1, text.size() - open - 2);
  if (number.empty() || number.size() > 2 || !std::all_of(number.begin(), number.end(), is_digit)) return text;
  return trim(text.substr(0, open));
}

bool is_ordinal(std::string_view word) {
  if (word.size() < 3) return false;
  const std::string_view digits = word.substr(0, word.size() - 2);
  const std::string_view suffix = word.substr(word.size() - 2);
  return std::all_of(digits.begin(), digits.end(), is_digit) &&
         (iequals(suffix, "st") || iequals(suffix, "nd") || iequals(suffix, "rd") || iequals(suffix, "th"));
}

// The text before a trailing dash ("… -", "…--", "… —") or colon; empty when none.
std::string_view before_dash_or_colon(std::string_view text) {
  text = trim(text);
  if (text.ends_with(":")) return trim(text.substr(0, text.size() - 1));
  const std::size_t dashes = text.size() - text.find_last_not_of('-') - 1;
  if (dashes > 0 && dashes < text.size()) return trim(text.substr(0, text.size() - dashes));
  if (text.ends_with("\u2014") || text.ends_with("\u2013")) return trim(text.substr(0, text.size() - 3));
  return {};
}

// Dow Jones' "-- 3rd Update", "- Update".
std::string_view drop_update_marker(std::string_view text) {
  auto [rest, last] = split_last_word(text);
  if (!iequals(last, "update") && !iequals(last, "-update") && !iequals(last, "--update")) return text;
  if (last.front() == '-') return trim(rest);
  auto [before, word] = split_last_word(rest);
  if (is_ordinal(word)) rest = before;
  const std::string_view kept = before_dash_or_colon(rest);
  return kept.empty() ? text : kept;
}

// "… - sources", "…: traders", "…-sources".
std::string_view drop_attribution(std::string_view text) {
  auto [rest, last] = split_last_word(text);
  std::string word(last);
  std::string_view glued_to = rest;
  // "-sources" and "announcement- sources": the dash may touch either word.
  const auto dash = word.find_first_not_of('-');
  if (dash != std::string::npos && dash > 0) {
    word.erase(0, dash);
    glued_to = {};
  }
  std::transform(word.begin(), word.end(), word.begin(), to_lower);
  if (!listed(kAttributions, word)) return text;
  if (glued_to.empty()) return trim(rest);
  const std::string_view kept = before_dash_or_colon(glued_to);
  return kept.empty() ? text : kept;
}

// "and", "of", "the" inside a name: "The Globe and Mail", "Bank of America".
bool is_name_connective(std::string_view from_word) {
  const std::string_view word = from_word.substr(0, from_word.find(' '));
  return word == "and" || word == "of" || word == "the";
}

// What a publisher's name looks like: at most four words, capitalised but for
// connectives ("BBC News", "The Globe and Mail", "U.S. Commentary"), no
// sentence punctuation ("Will Data Allow?" is a question, not a name).
bool looks_like_name(std::string_view text) {
  if (text.empty() || word_count(text) > 4) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const bool word_start = i == 0 || text[i - 1] == ' ';
    if (word_start && !(is_upper(c) || is_digit(c) || (i > 0 && is_name_connective(text.substr(i)))))
      return false;
    if (!(is_letterish(c) || is_digit(c) || c == ' ' || c == '.' || c == '&' || c == '\'' || c == '-'))
      return false;
  }
  return true;
}

// The last " | ", " - ", " – " or " — " in the text: {where it starts, its length}.
std::pair<std::size_t, std::size_t> last_separator(std::string_view text) {
  for (std::size_t i = text.size(); i-- > 0;) {
    if (text[i] != ' ' || i + 2 >= text.size()) continue;
    if ((text[i + 1] == '|' || text[i + 1] == '-') && text[i + 2] == ' ') return {i, 3};
    const std::string_view dash = text.substr(i + 1, 3);
    if ((dash == "\u2013" || dash == "\u2014") && i + 4 < text.size() && text[i + 4] == ' ') return {i, 5};
  }
  return {std::string_view::npos, 0};
}

// A publisher's name after the headline, set off by a pipe or a spaced dash:
// " | BBC News", " - Reuters", " \u2014 The New York Times". The headline
// must be the longer part.
std::string_view drop_publisher(std::string_view text) {
  const auto [at, length] = last_separator(text);
  if (at == std::string_view::npos) return text;
  const std::string_view site = trim(text.substr(at + length));
  const std::string_view headline = trim(text.substr(0, at));
  if (looks_like_name(site) && word_count(headline) > word_count(site)) return headline;
  return text;
}

// ---------------------------------------------------------------------------
// Words

// Function words: a copy that adds or drops "the" or "of" says the same.
// Negations, directions and numbers are not here: "up"/"down" is the news.
constexpr std::array<std::string_view, 46> kStopWords = {
    "a",    "an",    "and",   "are",  "as",    "at",   "be",    "been",  "being", "but",  "by",   "for",
    "from", "had",   "has",   "have", "he",    "her",  "his",   "in",    "into",  "is",   "it",   "its",
    "of",   "on",    "onto",  "or",   "our",   "she",  "than",  "that",  "the",   "their", "these", "they",
    "this", "those", "to",    "was",  "were",  "will", "with",  "would", "you",   "your"};
static_assert(std::is_sorted(kStopWords.begin(), kStopWords.end()));

// British spellings (and a few abbreviations) to one form, looked up after
// the plural is folded. -ise/-isation is a rule (fold_word), not listed.
constexpr std::array<std::pair<std::string_view, std::string_view>, 66> kSpellings = {{
    {"ageing", "aging"}, {"aluminium", "aluminum"}, {"amongst", "among"},
    {"behaviour", "behavior"}, {"calibre", "caliber"}, {"cancellation", "cancelation"},
    {"cancelled", "canceled"}, {"cancelling", "canceling"}, {"catalogue", "catalog"},
    {"centre", "center"}, {"cheque", "check"}, {"colour", "color"},
    {"counselling", "counseling"}, {"defence", "defense"}, {"dialogue", "dialog"},
    {"endeavour", "endeavor"}, {"enrol", "enroll"}, {"favour", "favor"},
    {"favourable", "favorable"}, {"favourite", "favorite"}, {"fibre", "fiber"},
    {"flavour", "flavor"}, {"fuelled", "fueled"}, {"fuelling", "fueling"},
    {"fulfil", "fulfill"}, {"grey", "gray"}, {"harbour", "harbor"},
    {"honour", "honor"}, {"instalment", "installment"}, {"jewellery", "jewelry"},
    {"judgement", "judgment"}, {"kerb", "curb"}, {"labelled", "labeled"},
    {"labelling", "labeling"}, {"labour", "labor"}, {"levelled", "leveled"},
    {"licence", "license"}, {"litre", "liter"}, {"manoeuvre", "maneuver"},
    {"metre", "meter"}, {"modelling", "modeling"}, {"mould", "mold"},
    {"mth", "month"}, {"neighbour", "neighbor"}, {"offence", "offense"},
    {"paediatric", "pediatric"}, {"pct", "percent"}, {"plough", "plow"},
    {"programme", "program"}, {"pyjama", "pajama"}, {"rumour", "rumor"},
    {"sceptic", "skeptic"}, {"sceptical", "skeptical"}, {"signalled", "signaled"},
    {"signalling", "signaling"}, {"storey", "story"}, {"theatre", "theater"},
    {"totalled", "totaled"}, {"towards", "toward"}, {"travelled", "traveled"},
    {"traveller", "traveler"}, {"travelling", "traveling"}, {"tyre", "tire"},
    {"vigour", "vigor"}, {"whilst", "while"}, {"yoghurt", "yogurt"},
}};
static_assert(std::is_sorted(kSpellings.begin(), kSpellings.end()));

std::string_view american_spelling(std::string_view word) {
  const auto found = std::lower_bound(kSpellings.begin(), kSpellings.end(), word,
                                      [](const auto& entry, std::string_view w) { return entry.first < w; });
  return found != kSpellings.end() && found->first == word ? found->second : word;
}

// organise, organised, organising, organisation -> organiz…; analyse -> analyz….
void fold_ise(std::string& word) {
  constexpr std::array<std::string_view, 6> kEndings = {"ations", "ation", "ing", "ed", "es", "e"};
  for (std::string_view ending : kEndings) {
    // Three letters before "is" at least: "organise", but not "rising".
    if (!word.ends_with(ending) || word.size() < ending.size() + 5) continue;
    const std::size_t s = word.size() - ending.size() - 1;
    if (word[s] == 's' && (word[s - 1] == 'i' || word[s - 1] == 'y')) word[s] = 'z';
    return;
  }
}

// Porter's stemmer, steps 1 and 5a (M. F. Porter, "An algorithm for suffix
// stripping", 1980): plurals, -ed, -ing and a final -y.
bool is_consonant(std::string_view w, std::size_t i) {
  switch (w[i]) {
    case 'a': case 'e': case 'i': case 'o': case 'u': return false;
    case 'y': return i == 0 || !is_consonant(w, i - 1);
    default: return true;
  }
}

// Porter's m: how many vowel-consonant sequences the stem has.
std::size_t measure(std::string_view w) {
  std::size_t m = 0;
  for (std::size_t i = 1; i < w.size(); ++i)
    if (is_consonant(w, i) && !is_consonant(w, i - 1)) ++m;
  return m;
}

bool has_vowel(std::string_view w) {
  for (std::size_t i = 0; i < w.size(); ++i)
    if (!is_consonant(w, i)) return true;
  return false;
}

bool ends_cvc(std::string_view w) {
  const std::size_t n = w.size();
  return n >= 3 && is_consonant(w, n - 3) && !is_consonant(w, n - 2) && is_consonant(w, n - 1) &&
         w[n - 1] != 'w' && w[n - 1] != 'x' && w[n - 1] != 'y';
}

// Step 1a, guarded: "news", "bus", "crisis" and "status" keep their s; and,
// as English spells plurals, -es after ch, sh, x and z goes too ("taxes").
void fold_plural(std::string& w) {
  if (w.size() < 4 || w == "news") return;
  if (w.ends_with("sses") || w.ends_with("ies")) w.resize(w.size() - 2);
  else if (w.size() > 5 && (w.ends_with("ches") || w.ends_with("shes") || w.ends_with("xes") || w.ends_with("zes")))
    w.resize(w.size() - 2);
  else if (w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") && !w.ends_with("is")) w.pop_back();
}

// Step 1b; the stem keeps three letters at least, so "used" does not become "us".
void fold_tense(std::string& w) {
  if (w.ends_with("eed")) {
    if (measure(std::string_view(w).substr(0, w.size() - 3)) > 0) w.pop_back();
    return;
  }
  std::size_t suffix = w.ends_with("ed") ? 2 : w.ends_with("ing") ? 3 : 0;
  if (suffix == 0 || w.size() < suffix + 3) return;
  const std::string_view stem = std::string_view(w).substr(0, w.size() - suffix);
  if (!has_vowel(stem)) return;
  w.resize(stem.size());
  const std::size_t n = w.size();
  if (w.ends_with("at") || w.ends_with("bl") || w.ends_with("iz")) w += 'e';
  else if (w[n - 1] == w[n - 2] && is_consonant(w, n - 1) && w[n - 1] != 'l' && w[n - 1] != 's' && w[n - 1] != 'z') w.pop_back();
  else if (measure(w) == 1 && ends_cvc(w)) w += 'e';
}

// Step 1c.
void fold_final_y(std::string& w) {
  if (w.size() > 2 && w.back() == 'y' && has_vowel(std::string_view(w).substr(0, w.size() - 1))) w.back() = 'i';
}

// Step 5a: a final e goes unless the stem is short ("rate", "fine" keep it),
// so that "tackle" and "tackling" meet at "tackl".
void fold_final_e(std::string& w) {
  if (!w.ends_with('e')) return;
  const std::string_view stem = std::string_view(w).substr(0, w.size() - 1);
  const std::size_t m = measure(stem);
  if (m > 1 || (m == 1 && !ends_cvc(stem))) w.pop_back();
}

bool is_stop_word(std::string_view word) {
  return std::binary_search(kStopWords.begin(), kStopWords.end(), word);
}

// Words that deny what the rest says, as one word: a copy may add detail, but
// a headline that adds "not" says the opposite.
constexpr std::string_view kNegation = "not";
constexpr std::array<std::string_view, 20> kNegators = {
    "aint",  "arent",  "cannot", "cant",  "couldnt", "didnt",  "doesnt", "dont",     "hadnt", "hasnt",
    "havent", "isnt",  "never",  "no",    "nor",     "not",    "wasnt",  "werent",   "wont",  "wouldnt"};
static_assert(std::is_sorted(kNegators.begin(), kNegators.end()));

bool is_negator(std::string_view word) { return std::binary_search(kNegators.begin(), kNegators.end(), word); }

// An apostrophe: ASCII, or the right single quote that typographers use for it.
std::size_t apostrophe_length(std::string_view text) {
  if (text.starts_with('\'')) return 1;
  if (text.starts_with("\u2019")) return std::string_view("\u2019").size();
  return 0;
}

// "000" in "150,000": three digits, then no more.
bool is_thousands_group(std::string_view after_comma) {
  return after_comma.size() >= 3 && is_digit(after_comma[0]) && is_digit(after_comma[1]) &&
         is_digit(after_comma[2]) && (after_comma.size() == 3 || !is_digit(after_comma[3]));
}

// Punctuation that match_key() would turn into a word break but that is
// part of a word or number: "McDonald's", "U.S.", "150,000", "0.3", "%".
std::string join_word_punctuation(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 8);
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const char prev = i > 0 ? text[i - 1] : ' ';
    const char next = i + 1 < text.size() ? text[i + 1] : ' ';
    const std::size_t apostrophe = apostrophe_length(text.substr(i));
    if (apostrophe > 0 && is_letterish(prev)) {
      const std::string_view after = text.substr(i + apostrophe);
      // "McDonald's" = "McDonalds" = "McDonald": a possessive is the same word.
      if ((after.starts_with('s') || after.starts_with('S')) && (after.size() == 1 || !is_letterish(after[1]))) {
        i += apostrophe;
        continue;
      }
      // "O'Brien", "don't": one word.
      if (!after.empty() && is_letterish(after[0])) {
        i += apostrophe - 1;
        continue;
      }
    }
    if (c == '.' && is_letterish(prev) && is_letterish(next)) continue;
    if (c == '.' && is_digit(prev) && is_digit(next)) {
      out += 'p';  // "0.3" -> "0p3": one word that no other number spells
      continue;
    }
    if (c == ',' && is_digit(prev) && is_thousands_group(text.substr(i + 1))) continue;
    if (c == '%') {
      out += " percent ";
      continue;
    }
    out += c;
  }
  return out;
}


// "per cent" -> "percent".
void join_per_cent(std::vector<std::string>& words) {
  for (std::size_t i = 0; i + 1 < words.size(); ++i)
    if (words[i] == "per" && words[i + 1] == "cent") {
      words[i] = "percent";
      words.erase(words.begin() + static_cast<long>(i) + 1);
    }
}

std::vector<std::string> content_words(std::vector<std::string> words) {
  join_per_cent(words);
  std::vector<std::string> content;
  for (const auto& word : words)
    if (is_negator(word)) content.emplace_back(kNegation);
    else if (!is_stop_word(word)) content.push_back(fold_word(word));
  // A headline of stop words only ("To be or not to be") is kept whole.
  if (content.empty())
    for (const auto& word : words) content.push_back(fold_word(word));
  std::sort(content.begin(), content.end());
  content.erase(std::unique(content.begin(), content.end()), content.end());
  return content;
}

// The rule, over two sorted, unique ranges of words (or word ids); `negation`
// is how kNegation is written in them.
template <typename Words, typename Word>
bool contains_same_news(const Words& a, const Words& b, const Word& negation) {
  const Words& shorter = a.size() <= b.size() ? a : b;
  const Words& longer = a.size() <= b.size() ? b : a;
  if (shorter.empty()) return false;
  if (shorter.size() == longer.size()) return std::equal(shorter.begin(), shorter.end(), longer.begin());
  auto has = [&](const Words& words) { return std::binary_search(words.begin(), words.end(), negation); };
  return shorter.size() >= kMinContainedWords && has(shorter) == has(longer) &&
         std::includes(longer.begin(), longer.end(), shorter.begin(), shorter.end());
}

}  // namespace

std::vector<std::string> split_words(std::string_view key) {
  std::vector<std::string> words;
  std::size_t start = 0;
  while (start < key.size()) {
    const auto space = std::min(key.find(' ', start), key.size());
    if (space > start) words.emplace_back(key.substr(start, space - start));
    start = space + 1;
  }
  return words;
}

WireStripped strip_wire_marks(std::string_view title) {
  WireStripped out{trim(title), false};
  // Every step gives a part of the title, so "unchanged" is the same size.
  for (std::size_t before = 0; before != out.text.size();) {
    before = out.text.size();
    out.text = drop_prefix(out.text, wire_slug_length(out.text));
    out.text = drop_prefix(out.text, kicker_length(out.text));
    out.text = drop_ellipsis(out.text, out.truncated);
    out.text = drop_version_number(out.text);
    out.text = drop_update_marker(out.text);
    out.text = drop_attribution(out.text);
    out.text = drop_publisher(out.text);
    // Everything stripped ("UPDATE 1-…"): the title is all there is.
    if (out.text.empty()) return {trim(title), out.truncated};
  }
  return out;
}

std::string fold_word(std::string_view word) {
  std::string w(word);
  if (!std::all_of(w.begin(), w.end(), is_lower)) return w;  // numbers, other scripts
  fold_plural(w);
  w = american_spelling(w);
  fold_ise(w);
  fold_tense(w);
  fold_final_y(w);
  fold_final_e(w);
  return w;
}

std::vector<std::string> headline_words(std::string_view title) {
  return content_words(split_words(match_key(join_word_punctuation(strip_wire_marks(title).text))));
}

HeadlineKey headline_key(std::string_view title) {
  HeadlineKey key;
  key.exact = match_key(title);
  if (!key.exact.empty()) key.words = headline_words(title);
  return key;
}

bool same_story(const HeadlineKey& a, const HeadlineKey& b, DedupMethod method) {
  if (method == DedupMethod::kExact) return !a.exact.empty() && a.exact == b.exact;
  return contains_same_news(a.words, b.words, std::string(kNegation));
}

// ---------------------------------------------------------------------------
// WordTable

std::vector<WordTable::Id> WordTable::intern(const std::vector<std::string>& words) {
  std::vector<Id> ids;
  ids.reserve(words.size());
  for (const auto& word : words) {
    const Id next = free_.empty() ? static_cast<Id>(uses_.size()) : free_.back();
    auto [entry, inserted] = ids_.try_emplace(word, next);
    if (inserted && free_.empty()) {
      words_.push_back(&entry->first);
      uses_.push_back(0);
    } else if (inserted) {
      free_.pop_back();
      words_[next] = &entry->first;
    }
    ++uses_[entry->second];
    ids.push_back(entry->second);
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

void WordTable::release(std::span<const Id> ids) {
  for (Id id : ids) {
    if (--uses_[id] > 0) continue;
    ids_.erase(ids_.find(*words_[id]));
    words_[id] = nullptr;
    free_.push_back(id);
  }
}

std::optional<WordTable::Id> WordTable::find(std::string_view word) const {
  const auto found = ids_.find(word);
  if (found == ids_.end()) return std::nullopt;
  return found->second;
}

// ---------------------------------------------------------------------------
// StoryClusterer

std::size_t StoryClusterer::story_of(std::size_t headline) {
  while (parent_[headline] != headline) {
    parent_[headline] = parent_[parent_[headline]];  // path halving
    headline = parent_[headline];
  }
  return headline;
}

StoryClusterer::Index StoryClusterer::push(WallTime time) {
  const auto self = static_cast<Index>(parent_.size());
  // Out of order would break the window's scan; such a headline counts as
  // seen with the newest one.
  if (!times_.empty()) time = std::max(time, times_.back());
  times_.push_back(time);
  parent_.push_back(self);
  words_.emplace_back();
  return self;
}

void StoryClusterer::add(const HeadlineKey& key, WallTime time) {
  const Index self = push(time);
  if (config_.method == DedupMethod::kExact) return add_exact(self, key);
  if (key.words.empty()) return;
  own_ids_.push_back(own_table_.intern(key.words));
  add_similar(self, own_ids_.back(), own_table_);
}

void StoryClusterer::add(std::span<const WordId> ids, const WordTable& table, WallTime time) {
  const Index self = push(time);
  if (!ids.empty()) add_similar(self, ids, table);
}

bool StoryClusterer::in_window(Index self, Index other) {
  return times_[self] - times_[story_of(other)] <= config_.window;
}

void StoryClusterer::link(Index self, Index other) {
  const std::size_t a = story_of(self);
  const std::size_t b = story_of(other);
  // The earlier headline stays the root: it is when the story broke.
  if (a < b) parent_[b] = a;
  else parent_[a] = b;
}

// A headline with exactly the same words (or key) as one inside the window
// joins it, and needs no index entries of its own: whatever matches it
// matches that one.
bool StoryClusterer::joined_twin(Index self, std::string signature) {
  auto [entry, inserted] = latest_twin_.try_emplace(std::move(signature), self);
  const Index twin = entry->second;
  entry->second = self;
  if (inserted || !in_window(self, twin)) return false;
  link(self, twin);
  return true;
}

void StoryClusterer::add_exact(Index self, const HeadlineKey& key) {
  if (!key.exact.empty()) joined_twin(self, key.exact);
}

void StoryClusterer::add_similar(Index self, std::span<const WordId> ids, const WordTable& table) {
  // Ids come from the table as it is now: the index grows with it.
  if (headlines_with_.size() < table.size()) {
    headlines_with_.resize(table.size());
    indexed_under_.resize(table.size());
  }
  std::string signature(reinterpret_cast<const char*>(ids.data()), ids.size() * sizeof(WordId));
  if (joined_twin(self, std::move(signature))) return;

  // The prefix filter: the word seen in fewest headlines so far.
  const WordId rarest = *std::min_element(ids.begin(), ids.end(), [&](WordId a, WordId b) {
    return headlines_with_[a].size() < headlines_with_[b].size();
  });
  words_[self] = ids;
  const auto earliest = times_[self] - config_.window;
  const WordId negation = table.find(kNegation).value_or(kNoWord);
  auto compare_recent = [&](const std::vector<Index>& candidates) {
    for (auto it = candidates.rbegin(); it != candidates.rend() && times_[*it] >= earliest; ++it)
      if (story_of(*it) != story_of(self) && in_window(self, *it) &&
          contains_same_news(words_[self], words_[*it], negation))
        link(self, *it);
  };
  compare_recent(headlines_with_[rarest]);  // all of self's words in a longer one
  for (WordId word : words_[self]) compare_recent(indexed_under_[word]);  // a shorter one in self

  for (WordId word : words_[self]) headlines_with_[word].push_back(self);
  indexed_under_[rarest].push_back(self);
}

}  // namespace headliner
