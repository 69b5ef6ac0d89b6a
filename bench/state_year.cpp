// A simulated year of the state file: 50 feeds refreshed every 15 minutes,
// each publishing a new item about every 30 minutes and listing its newest 30,
// through the real StoryStore, FeedPoller records and SavedState (one
// transaction per refresh cycle, daily pruning), on an injected clock.
// Prints, per simulated month, the state file's size (database + WAL) and the
// bytes written (wchar of /proc/self/io) per simulated day.
// With --show, a ticker also shows a story every 6 seconds through the real
// Rotation (default policy), and its shown marks are saved with each cycle.
// Usage: build/release/bench/state_year [DAYS] [--show]   (default 365)
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "config.hpp"
#include "feed_poller.hpp"
#include "fetch.hpp"
#include "rotation.hpp"
#include "saved_state.hpp"
#include "shown_history.hpp"
#include "story_store.hpp"

namespace {

using namespace std::chrono_literals;
using headliner::Item;

long long bytes_written() {
  std::ifstream io("/proc/self/io");
  std::string key;
  long long value = 0;
  while (io >> key >> value)
    if (key == "wchar:") return value;
  return -1;
}

long long file_size(const std::string& path) {
  std::error_code ec;
  auto size = std::filesystem::file_size(path, ec);
  return ec ? 0 : static_cast<long long>(size);
}

}  // namespace

int main(int argc, char** argv) {
  const int days = argc > 1 ? std::stoi(argv[1]) : 365;
  const bool show = argc > 2 && std::string(argv[2]) == "--show";
  constexpr int kFeeds = 50, kListed = 30;
  const std::string dir = std::filesystem::temp_directory_path() / ("state_year-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  const std::string path = dir + "/state.db";

  headliner::Config config;
  for (int f = 0; f < kFeeds; ++f)
    config.feeds.push_back({"Feed " + std::to_string(f), "https://feed" + std::to_string(f) + ".example/rss", 15min, "cyan"});
  headliner::Fetcher fetcher(1);
  headliner::StoryStore stories(config.dedup);
  headliner::FeedPoller poller(config, fetcher, stories, 1);
  headliner::SavedState saved(path, headliner::SavedState::retention_for(config.ticker.max_age));
  if (!saved.persistent()) return std::fprintf(stderr, "cannot open %s\n", path.c_str()), 1;
  headliner::ShownHistory shown;
  headliner::Rotation rotation(headliner::RotationPolicy::from(config), shown);

  std::mt19937 random(7);
  std::vector<std::vector<Item>> listed(kFeeds);
  std::vector<int> published(kFeeds, 0);
  headliner::WallTime now = headliner::WallTime(std::chrono::sys_days(std::chrono::year(2026) / 1 / 1));
  long long written_before = bytes_written();
  int day_before = 0;
  std::printf("%5s %12s %14s%s\n", "day", "file_KiB", "written_KiB/day", show ? "  shown_marks" : "");
  for (int day = 1; day <= days; ++day) {
    for (int cycle = 0; cycle < 96; ++cycle, now += 15min) {
      for (int f = 0; f < kFeeds; ++f) {
        // About one new item per 30 minutes per feed.
        if (random() % 2 == 0) {
          Item item;
          int n = published[f]++;
          item.title = "Feed " + std::to_string(f) + " story " + std::to_string(n) + ": council votes on plan for the river bridge";
          item.id = "urn:feed" + std::to_string(f) + ":" + std::to_string(n);
          item.link = "https://feed" + std::to_string(f) + ".example/news/" + std::to_string(n);
          item.published = std::chrono::floor<std::chrono::seconds>(now);
          listed[f].insert(listed[f].begin(), item);
          if (listed[f].size() > kListed) listed[f].pop_back();
        }
        stories.update(config.feeds[f].name, listed[f], now);
      }
      saved.save(stories, poller, now, false, show ? &shown : nullptr);
      if (show) {
        // The cycle's 15 minutes of slides, 6 seconds each.
        rotation.update(stories.stories(now, config.ticker.max_age, headliner::StoryDetail::kHeadline));
        for (auto t = now; t < now + 15min; t += 6s) rotation.next(t);
      }
    }
    if (day % 30 == 0 || day == days) {
      long long written = bytes_written();
      std::printf("%5d %12lld %14lld", day, (file_size(path) + file_size(path + "-wal")) / 1024,
                  (written - written_before) / 1024 / (day - day_before));
      if (show) std::printf("  %11zu", shown.size());
      std::printf("\n");
      written_before = written;
      day_before = day;
    }
  }
  std::filesystem::remove_all(dir);
  return 0;
}
