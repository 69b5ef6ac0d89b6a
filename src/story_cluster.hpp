// Story clustering: which headlines, from any feeds, tell the same news.
//
// The rule ("similar", the default): two headlines are one story when, after
// normalisation, every content word of the shorter one is also in the longer
// one, and the shorter one has at least kMinContainedWords of them (or both
// have the same words). A copy of a headline may add words (a wire slug, an
// attribution, a clause) or lose them (truncation), but it does not replace
// any: "The 10 Best Stocks…" / "The 10 Worst Stocks…" differ by a
// substitution, and stay apart. Normalisation takes out what copies change
// without changing the news: wire slugs and markers ("UPDATE 1-", "RPT-",
// "(2)", "-- 3rd Update", " - sources"), publisher suffixes (" - Reuters",
// " | BBC News"), truncation ("…"), case, accents, punctuation, British
// spellings, "%"/"per cent"/"pct", stop words, plural and tense endings
// (Porter's steps 1 and 5a), and word order. Negations ("not", "no",
// "never", "don't"…) are one word, and a copy that adds one is not the same news.
//
// Why containment rather than a similarity threshold: a headline has some
// eight content words, so one substituted word in eight gives word-Jaccard
// 7/9 = 0.78 while a wire copy that adds two words gives 8/10 = 0.8: no
// threshold tells "Best"/"Worst" from "UPDATE 1-…"/"… - sources", and any
// threshold is a number tuned to one data set. MinHash or SimHash would estimate that same
// Jaccard, with an error that is large on eight-word sets. Containment is
// exact, and its one parameter (four words) has a meaning.
//
// Headlines are linked into stories single-link (a union-find), oldest first,
// and a story spans at most `window`: a headline later than that after the
// story broke starts a new story. Candidates come from an inverted index,
// filtered by a prefix (one indexed word per headline, the rarest so far),
// which is exact for containment: if A's words are all in B, then A's indexed
// word is in B. Cost is near-linear: each headline looks only at headlines that
// share its rarest word, inside the window; a headline with the same words as
// one already in its story joins it without a search. Memory is the index:
// about 120 bytes per headline (bench/cluster_bench).
//
// "exact" is the old behaviour, kept as the reference: titles equal after
// match_key() (text.hpp), within the same window.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "clock.hpp"
#include "duration.hpp"

namespace headliner {

enum class DedupMethod { kSimilar, kExact };

struct DedupConfig {
  DedupMethod method = DedupMethod::kSimilar;
  Duration window = std::chrono::hours(48);  // the longest a story spans
};

// A shorter headline must keep at least this many content words to be folded
// into a longer one: "Stocks fall" says too little to name one event.
inline constexpr std::size_t kMinContainedWords = 4;

// What clustering compares, computed once per title.
struct HeadlineKey {
  std::string exact;               // match_key(title); empty: nothing to show
  std::vector<std::string> words;  // normalised content words, sorted, unique
};

HeadlineKey headline_key(std::string_view title);
// Its `words` alone, without the exact key (which the store does not keep).
std::vector<std::string> headline_words(std::string_view title);

// The steps of headline_key(), exposed for tests.
struct WireStripped {
  std::string_view text;  // the title without wire slugs, markers, publisher
  bool truncated = false;  // it ended in "..." or "…"
};
WireStripped strip_wire_marks(std::string_view title);
std::string fold_word(std::string_view word);  // spelling, then Porter step 1
std::vector<std::string> split_words(std::string_view key);  // on spaces, empty words dropped

// Words as small numbers, so that a store keeps each headline's words at 4
// bytes apiece instead of a string each. Uses are counted: a word no headline
// uses any more is forgotten and its id reused, so the table stays as large
// as the vocabulary of the headlines kept, however long the ticker runs.
class WordTable {
 public:
  using Id = std::uint32_t;

  WordTable() = default;
  // Not copyable: words_ points into ids_ (a move keeps the nodes).
  WordTable(const WordTable&) = delete;
  WordTable& operator=(const WordTable&) = delete;
  WordTable(WordTable&&) = default;
  WordTable& operator=(WordTable&&) = default;

  // The ids of `words` (unique), ascending; each one counts as a use.
  std::vector<Id> intern(const std::vector<std::string>& words);
  // Ends the uses intern() began.
  void release(std::span<const Id> ids);
  std::optional<Id> find(std::string_view word) const;
  // One past the largest id given out.
  std::size_t size() const { return uses_.size(); }

 private:
  // Transparent, so that find() needs no std::string.
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, Id, Hash, std::equal_to<>> ids_;
  std::vector<const std::string*> words_;  // id -> its key in ids_ (stable: nodes do not move)
  std::vector<std::uint32_t> uses_;        // id -> headlines using it; 0: free
  std::vector<Id> free_;
};

// The rule above, without the time window.
bool same_story(const HeadlineKey& a, const HeadlineKey& b, DedupMethod method = DedupMethod::kSimilar);

// Links headlines into stories. Headlines must be added oldest first.
class StoryClusterer {
 public:
  explicit StoryClusterer(DedupConfig config = {}) : config_(config) {}

  // Adds the next headline; its index is size() before the call.
  void add(const HeadlineKey& key, WallTime time);
  // The same for the similar method, with the headline's words already ids
  // of `table` (ascending, as WordTable::intern gives them): nothing copied.
  // `ids` and `table` must outlive the clusterer.
  void add(std::span<const WordTable::Id> ids, const WordTable& table, WallTime time);

  std::size_t size() const { return parent_.size(); }

  // The index of the first headline of `headline`'s story.
  std::size_t story_of(std::size_t headline);

 private:
  using Index = std::uint32_t;
  using WordId = WordTable::Id;
  static constexpr WordId kNoWord = ~WordId{0};

  Index push(WallTime time);
  void add_exact(Index self, const HeadlineKey& key);
  void add_similar(Index self, std::span<const WordId> ids, const WordTable& table);
  bool joined_twin(Index self, std::string signature);
  bool in_window(Index self, Index other);
  void link(Index self, Index other);

  DedupConfig config_;
  std::vector<WallTime> times_;
  std::vector<std::size_t> parent_;              // union-find; a root is its story's first headline
  std::vector<std::span<const WordId>> words_;   // per indexed headline, ascending
  WordTable own_table_;                          // for headlines added as HeadlineKeys
  std::vector<std::vector<WordId>> own_ids_;     // their ids, which words_ points into
  std::vector<std::vector<Index>> headlines_with_;  // word -> indexed headlines that have it
  std::vector<std::vector<Index>> indexed_under_;   // word -> headlines whose rarest word it was
  std::unordered_map<std::string, Index> latest_twin_;  // same words (exact: key) -> newest headline
};

}  // namespace headliner
