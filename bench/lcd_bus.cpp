// Bus traffic of a 20x4 and a 16x2 HD44780 while headlines scroll: the display core
// sends only the cells that changed, next to a full redraw of every cell on
// every frame (what most hobby tickers do), measured in the same run on the
// model of the chip (the same driver bytes a PCF8574 would receive).
//
// Usage: build/release/bench/lcd_bus [SIMULATED_SECONDS]   (default 3600)
// Prints bytes per second on the I2C bus, the share of the bus's 100 kHz
// capacity (~11,000 bytes/s), and the CPU time of the simulation (the core,
// the driver and the model) per simulated hour.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>
#include <vector>

#include "char_display.hpp"
#include "hd44780/hd44780.hpp"
#include "hd44780/hd44780_model.hpp"

using namespace headliner;
using namespace std::chrono_literals;

namespace {

// Headlines as long as real ones (40-90 characters), some with accents.
const std::vector<std::string> kHeadlines = {
    "Mt Gox fielded MASSIVE DDOS attack before collapse, says chief executive",
    "ECB unlikely to end sterilisation of SMP purchases - traders",
    "Café owners in Paris brace for a summer without tourists",
    "Noyer says strong euro creates unwarranted economic pressure",
    "UPDATE 1-Bad loan triggers key feature in ECB bank test announcement: sources",
    "Analytici Goldman Sachs zvýšili odhad rastu ekonomiky USA",
    "Apple's new iPhone goes on sale as fans queue overnight in Sydney and Tokyo",
    "Storm warning for the north coast: ferries cancelled",
};

double cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

// A full redraw every frame: each row written whole, as a naive loop does.
class FullRedraw final : public CharDevice {
 public:
  explicit FullRedraw(CharDevice& device) : device_(device) {}
  int cols() const override { return device_.cols(); }
  int rows() const override { return device_.rows(); }
  int custom_slots() const override { return device_.custom_slots(); }
  DeviceState prepare(SteadyTime now) override {
    device_.prepare(now);
    return DeviceState::kFresh;  // "unknown": the core writes every cell
  }
  bool write(int row, int col, std::string_view codes) override { return device_.write(row, col, codes); }
  bool define_glyph(int slot, const Glyph& glyph) override { return device_.define_glyph(slot, glyph); }

 private:
  CharDevice& device_;
};

struct Result {
  double bytes_per_second;
  double cpu_per_hour;
  long frames;
};

Result run(bool naive, int seconds, int cols, int rows) {
  Hd44780Model::Options options;
  options.geometry = {cols, rows, false};
  Hd44780Model model(options);
  Hd44780 driver(model, model, options.geometry);
  FullRedraw full(driver);
  CharDevice& device = naive ? static_cast<CharDevice&>(full) : driver;
  CharDisplay display(device, CharStyle{Charset::kHd44780A00, 4, 3s, true});

  const SteadyTime start = SteadyTime{} + 1h;
  const SteadyTime end = start + std::chrono::seconds(seconds);
  SteadyTime now = start;
  std::size_t next_headline = 0;
  long frames = 0;
  const double cpu_start = cpu_seconds();
  const auto bytes_start = driver.bus_bytes();
  while (now < end) {
    const std::string& title = kHeadlines[next_headline++ % kHeadlines.size()];
    const SteadyTime slide_end = now + std::max<Duration>(display.show(Slide{title, "Reuters +2", "5m", "", 0}, now), 1s);
    while (now < slide_end) {
      auto next = display.frame(now);
      ++frames;
      // The naive loop redraws at the scroll rate even when nothing moves.
      SteadyTime due = naive ? now + 250ms : next.value_or(slide_end);
      now = std::min(due, slide_end);
    }
  }
  const double cpu = cpu_seconds() - cpu_start;
  return {static_cast<double>(driver.bus_bytes() - bytes_start) / seconds, cpu * 3600.0 / seconds, frames};
}

void report(int seconds, int cols, int rows);

}  // namespace

int main(int argc, char** argv) {
  const int seconds = argc > 1 ? std::atoi(argv[1]) : 3600;
  if (seconds <= 0) {
    std::fprintf(stderr, "usage: lcd_bus [SIMULATED_SECONDS]\n");
    return 2;
  }
  for (auto [cols, rows] : {std::pair{20, 4}, std::pair{16, 2}}) {
    report(seconds, cols, rows);
  }
  return 0;
}

namespace {

void report(int seconds, int cols, int rows) {
  const Result ours = run(false, seconds, cols, rows);
  const Result naive = run(true, seconds, cols, rows);
  const double capacity = 100'000.0 / 9;  // bytes per second at 100 kHz, 9 clocks a byte
  std::printf("%dx%d HD44780, headlines of 40-90 characters at 4 cells/s, dwell 3 s, %d s simulated:\n", cols, rows,
              seconds);
  std::printf("  %-34s %8.0f bytes/s on the bus (%4.1f %% of 100 kHz I2C), %ld frames, %.3f s CPU per hour\n",
              "headliner (changed cells only)", ours.bytes_per_second, 100 * ours.bytes_per_second / capacity,
              ours.frames, ours.cpu_per_hour);
  std::printf("  %-34s %8.0f bytes/s on the bus (%4.1f %% of 100 kHz I2C), %ld frames, %.3f s CPU per hour\n",
              "full redraw every 250 ms", naive.bytes_per_second, 100 * naive.bytes_per_second / capacity,
              naive.frames, naive.cpu_per_hour);
}

}  // namespace
