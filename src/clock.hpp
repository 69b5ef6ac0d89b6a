// Time is injected: scheduling uses the steady clock, ages use the system
// clock (a Pi without an RTC jumps its wall clock at boot, so never schedule by it).
#pragma once

#include <chrono>

namespace headliner {

using SteadyTime = std::chrono::steady_clock::time_point;
using WallTime = std::chrono::system_clock::time_point;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual SteadyTime steady_now() const = 0;
  virtual WallTime wall_now() const = 0;
};

class SystemClock final : public Clock {
 public:
  SteadyTime steady_now() const override { return std::chrono::steady_clock::now(); }
  WallTime wall_now() const override { return std::chrono::system_clock::now(); }
};

// For tests: time moves only when told to.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(WallTime wall_start = WallTime{}) : wall_start_(wall_start) {}
  SteadyTime steady_now() const override { return SteadyTime{} + elapsed_; }
  WallTime wall_now() const override {
    return wall_start_ + std::chrono::duration_cast<WallTime::duration>(elapsed_);
  }
  void advance(std::chrono::steady_clock::duration by) { elapsed_ += by; }

 private:
  WallTime wall_start_;
  std::chrono::steady_clock::duration elapsed_{};
};

}  // namespace headliner
