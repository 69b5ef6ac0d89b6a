// Throughput of the parse stage on the real feeds in ../shared/data/feeds/:
// pugixml's plain load_buffer on the same bytes (the floor), and our whole
// parse-and-clean stage, parse_feed(). The stage must stay within 2x of it.
//
// Usage: parse_bench [--feeds=DIR] [--per_file] [Google Benchmark flags]
//   --feeds=DIR   the feed files (*.rss, *.atom, *.rdf); default ../shared/data/feeds
//   --per_file    also one benchmark per file, for a breakdown
// At the end it prints "pugixml load_buffer: X MB/s; headliner parse_feed: Y MB/s;
// ratio: Z×" (from the median when --benchmark_repetitions is given).
// bench/parse builds the release preset and runs it.

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <pugixml.hpp>
#include <string>
#include <string_view>
#include <vector>

#include <unistd.h>

#include "feed_parser.hpp"

namespace {

namespace fs = std::filesystem;

struct Feed {
  std::string name;
  std::string bytes;
};

std::vector<Feed> load_feeds(const fs::path& dir) {
  std::vector<Feed> feeds;
  if (!fs::is_directory(dir)) return feeds;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const auto ext = entry.path().extension();
    if (!entry.is_regular_file() || (ext != ".rss" && ext != ".atom" && ext != ".rdf")) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    feeds.push_back({entry.path().filename().string(),
                     {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()}});
  }
  std::sort(feeds.begin(), feeds.end(), [](const Feed& a, const Feed& b) { return a.name < b.name; });
  return feeds;
}

std::int64_t total_bytes(const std::vector<const Feed*>& feeds) {
  std::int64_t total = 0;
  for (const auto* feed : feeds) total += static_cast<std::int64_t>(feed->bytes.size());
  return total;
}

// Both benchmarks build a fresh document per file, as parse_feed() does.
void pugixml_load_buffer(benchmark::State& state, std::vector<const Feed*> feeds) {
  for (auto _ : state) {
    for (const auto* feed : feeds) {
      pugi::xml_document doc;
      auto result = doc.load_buffer(feed->bytes.data(), feed->bytes.size(), pugi::parse_default,
                                    pugi::encoding_auto);
      benchmark::DoNotOptimize(result);
      benchmark::DoNotOptimize(doc.first_child());
    }
  }
  state.SetBytesProcessed(state.iterations() * total_bytes(feeds));
}

void headliner_parse_feed(benchmark::State& state, std::vector<const Feed*> feeds) {
  for (auto _ : state) {
    for (const auto* feed : feeds) {
      auto result = headliner::parse_feed(feed->bytes, "https://example.com/feed.xml");
      benchmark::DoNotOptimize(result);
    }
  }
  state.SetBytesProcessed(state.iterations() * total_bytes(feeds));
}

constexpr const char* kPugixml = "BM_PugixmlLoadBuffer";
constexpr const char* kHeadliner = "BM_HeadlinerParseFeed";

// The console output as usual, keeping each benchmark's bytes per second:
// the median of repetitions when there are any, else the single run.
class Reporter : public benchmark::ConsoleReporter {
 public:
  explicit Reporter(bool color) : ConsoleReporter(color ? OO_ColorTabular : OO_Tabular) {}
  std::map<std::string, double> rate;  // benchmark name (no aggregate suffix) -> bytes/s

  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const auto& run : runs) {
      if (run.error_occurred) continue;
      const auto bytes = run.counters.find("bytes_per_second");
      if (bytes == run.counters.end()) continue;
      const std::string name = run.run_name.str();
      const bool median = run.run_type == Run::RT_Aggregate && run.aggregate_name == "median";
      const bool single = run.run_type == Run::RT_Iteration && run.repetitions <= 1;
      if (median || single) rate[name] = bytes->second.value;
    }
  }
};

}  // namespace

int main(int argc, char** argv) {
  fs::path dir = fs::path(HEADLINER_SHARED_DIR) / "data" / "feeds";
  bool per_file = false;
  // A reporter of our own does not get --benchmark_color: colour on a terminal
  // unless told otherwise.
  bool color = isatty(STDOUT_FILENO) != 0;
  std::vector<char*> args;  // what is left for Google Benchmark
  for (int i = 0; i < argc; ++i) {
    if (std::strncmp(argv[i], "--benchmark_color=", 18) == 0) {
      const std::string_view value = argv[i] + 18;
      color = value == "true" || value == "yes" || value == "1" || (value == "auto" && color);
    }
    if (std::strncmp(argv[i], "--feeds=", 8) == 0)
      dir = argv[i] + 8;
    else if (std::strcmp(argv[i], "--per_file") == 0)
      per_file = true;
    else
      args.push_back(argv[i]);
  }
  int args_count = static_cast<int>(args.size());
  benchmark::Initialize(&args_count, args.data());
  if (benchmark::ReportUnrecognizedArguments(args_count, args.data())) return 2;

  const auto feeds = load_feeds(dir);
  if (feeds.empty()) {
    std::printf("parse_bench: no *.rss, *.atom or *.rdf in %s: skipped\n", dir.c_str());
    return 0;
  }
  std::vector<const Feed*> all;
  for (const auto& feed : feeds) all.push_back(&feed);
  std::printf("parse_bench: %zu feeds, %lld bytes, from %s\n", feeds.size(),
              static_cast<long long>(total_bytes(all)), dir.c_str());

  benchmark::RegisterBenchmark(kPugixml, pugixml_load_buffer, all);
  benchmark::RegisterBenchmark(kHeadliner, headliner_parse_feed, all);
  if (per_file) {
    for (const auto* feed : all) {
      benchmark::RegisterBenchmark((std::string(kPugixml) + "/" + feed->name).c_str(),
                                   pugixml_load_buffer, std::vector<const Feed*>{feed});
      benchmark::RegisterBenchmark((std::string(kHeadliner) + "/" + feed->name).c_str(),
                                   headliner_parse_feed, std::vector<const Feed*>{feed});
    }
  }

  Reporter reporter(color);
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();

  // Time ratio = inverse of the throughput ratio.
  auto summary = [&](const std::string& suffix, const char* label) {
    const auto p = reporter.rate.find(kPugixml + suffix);
    const auto h = reporter.rate.find(kHeadliner + suffix);
    if (p == reporter.rate.end() || h == reporter.rate.end() || h->second <= 0) return false;
    std::printf("%spugixml load_buffer: %.1f MB/s; headliner parse_feed: %.1f MB/s; ratio: %.2f×\n",
                label, p->second / 1e6, h->second / 1e6, p->second / h->second);
    return true;
  };
  if (per_file) {
    for (const auto* feed : all) {
      char label[64];
      std::snprintf(label, sizeof label, "  %-24s ", feed->name.c_str());
      summary("/" + feed->name, label);
    }
  }
  if (!summary("", "")) return 0;  // filtered out
  const double ratio = reporter.rate[kPugixml] / reporter.rate[kHeadliner];
  std::printf("%s: parse_feed takes %.2f× pugixml's plain parse time (limit 2×)\n",
              ratio <= 2.0 ? "ok" : "TOO SLOW", ratio);
  return 0;
}
