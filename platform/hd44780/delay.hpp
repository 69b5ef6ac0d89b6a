// Waiting a few milliseconds for a device, injected so that a model of the
// device (hd44780_model.hpp) can advance its own time instead of sleeping.
#pragma once

#include <time.h>

#include <cerrno>
#include <chrono>

namespace headliner {

class Delay {
 public:
  virtual ~Delay() = default;
  virtual void sleep(std::chrono::microseconds duration) = 0;
};

// Sleeps on the monotonic clock until an absolute deadline, so a signal that
// interrupts the sleep does not shorten it and a retry does not lengthen it.
class MonotonicDelay final : public Delay {
 public:
  void sleep(std::chrono::microseconds duration) override {
    if (duration <= std::chrono::microseconds::zero()) return;
    timespec deadline{};
    ::clock_gettime(CLOCK_MONOTONIC, &deadline);
    auto ns = static_cast<long long>(deadline.tv_nsec) +
              std::chrono::duration_cast<std::chrono::nanoseconds>(duration).count();
    deadline.tv_sec += static_cast<time_t>(ns / 1'000'000'000);
    deadline.tv_nsec = static_cast<long>(ns % 1'000'000'000);
    while (::clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &deadline, nullptr) == EINTR) {
    }
  }
};

}  // namespace headliner
