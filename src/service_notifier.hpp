// What the ticker tells the service manager that started it, in systemd's
// sd_notify terms (the sender is platform/systemd/notify.cpp): that it is
// ready (its first frame is up), reloading, stopping, and, when the unit
// sets a watchdog, that its event loop is still turning.
#pragma once

#include <functional>
#include <string_view>

#include "duration.hpp"

namespace headliner {

struct ServiceNotifier {
  // Sends one state ("READY=1", "WATCHDOG=1", …); empty when no service
  // manager listens.
  std::function<void(std::string_view)> send;
  // "WATCHDOG=1" at least this often; 0 when the unit sets no watchdog.
  Duration watchdog_every{0};
};

}  // namespace headliner
