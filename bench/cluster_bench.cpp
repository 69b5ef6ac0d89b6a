// Cost of story clustering (story_cluster.hpp) on many headlines, next to
// the exact-match grouping it replaces, measured in the same run.
//
// Usage: cluster_bench [--headlines=N] [--days=D] [--feeds=DIR]
//   --headlines=N  how many synthetic headlines (default 100000)
//   --days=D       the span of their dates (default 30: about 3,300 a day, so a
//                  2-day window holds some 6,700)
//   --feeds=DIR    the real headlines they are made from, as RSS
//                  (default ../shared/data/headlines/feeds)
//
// Synthetic headlines are real ones varied the way copies vary: a wire slug,
// a publisher suffix, a version number, truncation, case, a dropped word, an
// added word, a swapped word, words in another order. Each step reports time
// per headline, and the heap it holds (glibc's mallinfo2) per headline. One
// core: everything runs on this thread.

#include <malloc.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "feed_parser.hpp"
#include "story_cluster.hpp"
#include "text.hpp"

namespace {

namespace fs = std::filesystem;
using namespace headliner;
using Stopwatch = std::chrono::steady_clock;

struct Options {
  std::size_t headlines = 100000;
  int days = 30;
  fs::path feeds = fs::path(HEADLINER_SHARED_DIR) / "data/headlines/feeds";
};

Options parse_options(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg.starts_with("--headlines=")) options.headlines = std::stoul(std::string(arg.substr(12)));
    else if (arg.starts_with("--days=")) options.days = std::stoi(std::string(arg.substr(7)));
    else if (arg.starts_with("--feeds=")) options.feeds = arg.substr(8);
    else {
      std::fprintf(stderr, "usage: cluster_bench [--headlines=N] [--days=D] [--feeds=DIR]\n");
      std::exit(2);
    }
  }
  return options;
}

std::vector<std::string> real_titles(const fs::path& dir) {
  std::vector<std::string> titles;
  if (!fs::is_directory(dir)) return titles;
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.path().extension() == ".xml") files.push_back(entry.path());
  std::sort(files.begin(), files.end());  // the same headlines, in the same order, every run
  for (const auto& path : files) {
    std::ifstream in(path, std::ios::binary);
    const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    for (const Item& item : parse_feed(bytes, "file://" + path.string()).feed.items)
      if (!item.title.empty()) titles.push_back(item.title);
  }
  return titles;
}


std::string join(const std::vector<std::string>& words) {
  std::string text;
  for (const auto& word : words) text += (text.empty() ? "" : " ") + word;
  return text;
}

// One copy of a real headline, varied at random.
class Varier {
 public:
  explicit Varier(const std::vector<std::string>& titles) : titles_(titles) {}

  std::string next() {
    std::vector<std::string> words = headliner::split_words(titles_[pick(titles_.size())]);
    if (chance(0.15)) drop_word(words);
    if (chance(0.15)) add_word(words);
    if (chance(0.10)) replace_word(words);
    if (chance(0.05)) std::rotate(words.begin(), words.begin() + static_cast<long>(words.size() / 2), words.end());
    std::string title = join(words);
    if (chance(0.10)) title = lower(title);
    if (chance(0.10)) title = std::string(kSlugs[pick(std::size(kSlugs))]) + title;
    if (chance(0.15)) title += kSuffixes[pick(std::size(kSuffixes))];
    if (chance(0.05) && words.size() > 7) title = join({words.begin(), words.begin() + 6}) + "  ...";
    return title;
  }

 private:
  static constexpr const char* kSlugs[] = {"UPDATE 1-", "UPDATE 2-", "RPT-", "REFILE-", "US STOCKS-", "VIDEO: "};
  static constexpr const char* kSuffixes[] = {" - Reuters", " | BBC News", " (2)", " - sources", " -- 2nd Update"};

  std::size_t pick(std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(random_); }
  bool chance(double p) { return std::bernoulli_distribution(p)(random_); }
  std::string random_word() {
    auto words = headliner::split_words(titles_[pick(titles_.size())]);
    return words.empty() ? "news" : words[pick(words.size())];
  }
  void drop_word(std::vector<std::string>& words) {
    if (words.size() > 3) words.erase(words.begin() + static_cast<long>(pick(words.size())));
  }
  void add_word(std::vector<std::string>& words) {
    words.insert(words.begin() + static_cast<long>(pick(words.size() + 1)), random_word());
  }
  void replace_word(std::vector<std::string>& words) {
    if (!words.empty()) words[pick(words.size())] = random_word();
  }
  static std::string lower(std::string text) {
    for (char& c : text)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return text;
  }

  const std::vector<std::string>& titles_;
  std::mt19937_64 random_{20140310};  // fixed: every run clusters the same headlines
};

std::size_t heap_in_use() { return mallinfo2().uordblks; }

double seconds_since(Stopwatch::time_point start) {
  return std::chrono::duration<double>(Stopwatch::now() - start).count();
}

struct Step {
  const char* name;
  double seconds;
  std::size_t heap_bytes;
  std::size_t stories;
};

void print(const Step& step, std::size_t n) {
  std::printf("  %-44s %8.1f ms  %7.2f us/headline  %7.0f B/headline", step.name, step.seconds * 1e3,
              step.seconds * 1e6 / static_cast<double>(n), static_cast<double>(step.heap_bytes) / static_cast<double>(n));
  if (step.stories > 0) std::printf("  %zu stories", step.stories);
  std::printf("\n");
}

// The grouping StoryStore did before clustering: a hash map from match key to items.
Step exact_reference(const std::vector<std::string>& titles) {
  const std::size_t heap_before = heap_in_use();
  const auto start = Stopwatch::now();
  std::vector<std::string> keys;
  keys.reserve(titles.size());
  for (const auto& title : titles) keys.push_back(match_key(title));
  std::unordered_map<std::string_view, std::vector<std::size_t>> groups;
  for (std::size_t i = 0; i < keys.size(); ++i) groups[keys[i]].push_back(i);
  const double seconds = seconds_since(start);
  return {"exact match (old StoryStore): key + group", seconds, heap_in_use() - heap_before, groups.size()};
}

std::size_t count_stories(StoryClusterer& clusterer) {
  std::size_t stories = 0;
  for (std::size_t i = 0; i < clusterer.size(); ++i) stories += clusterer.story_of(i) == i;
  return stories;
}

Step cluster(const std::vector<HeadlineKey>& keys, const std::vector<WallTime>& times, DedupMethod method,
             const char* name) {
  const std::size_t heap_before = heap_in_use();
  const auto start = Stopwatch::now();
  StoryClusterer clusterer(DedupConfig{method, std::chrono::hours(48)});
  for (std::size_t i = 0; i < keys.size(); ++i) clusterer.add(keys[i], times[i]);
  const std::size_t stories = count_stories(clusterer);
  const double seconds = seconds_since(start);
  return {name, seconds, heap_in_use() - heap_before, stories};  // the index, while it is alive
}

}  // namespace

int main(int argc, char** argv) {
  const Options options = parse_options(argc, argv);
  const std::vector<std::string> real = real_titles(options.feeds);
  if (real.empty()) {
    std::fprintf(stderr, "cluster_bench: no headlines in %s\n", options.feeds.c_str());
    return 1;
  }
  Varier varier(real);
  std::vector<std::string> titles;
  titles.reserve(options.headlines);
  for (std::size_t i = 0; i < options.headlines; ++i) titles.push_back(varier.next());
  // Evenly spread over the days, oldest first, as StoryStore hands them over.
  const auto span = std::chrono::duration_cast<WallTime::duration>(std::chrono::hours(24) * options.days);
  std::vector<WallTime> times;
  for (std::size_t i = 0; i < titles.size(); ++i)
    times.push_back(WallTime{} + span / static_cast<long>(titles.size()) * static_cast<long>(i));

  const std::size_t n = titles.size();
  std::printf("%zu headlines varied from %zu real ones, over %d days; window 2d; one thread\n", n, real.size(),
              options.days);

  const Step reference = exact_reference(titles);

  const std::size_t heap_before_keys = heap_in_use();
  auto start = Stopwatch::now();
  std::vector<HeadlineKey> keys;
  keys.reserve(n);
  for (const auto& title : titles) keys.push_back(headline_key(title));
  const Step key_step{"headline_key (normalise: words + match key)", seconds_since(start),
                      heap_in_use() - heap_before_keys, 0};
  const Step similar = cluster(keys, times, DedupMethod::kSimilar, "StoryClusterer similar (index + union-find)");
  const Step exact = cluster(keys, times, DedupMethod::kExact, "StoryClusterer exact");

  std::printf("reference, measured in this run:\n");
  print(reference, n);
  std::printf("similar (the default):\n");
  print(key_step, n);
  print(similar, n);
  std::printf("  %-44s %8.1f ms  %7.2f us/headline  = %.1fx the exact-match reference\n", "total",
              (key_step.seconds + similar.seconds) * 1e3, (key_step.seconds + similar.seconds) * 1e6 / static_cast<double>(n),
              (key_step.seconds + similar.seconds) / reference.seconds);
  std::printf("exact through the clusterer (same keys, window applied):\n");
  print(exact, n);
  return 0;
}
