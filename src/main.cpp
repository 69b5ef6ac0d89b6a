#include <exception>
#include <iostream>

#include "cli.hpp"
#include "displays.hpp"
#include "systemd/notify.hpp"

int main(int argc, char** argv) {
  try {
    return headliner::run_cli(argc, argv, headliner::open_platform_display, headliner::systemd_notifier());
  } catch (const std::exception& e) {
    // Only broken invariants throw; say so plainly rather than abort.
    std::cerr << "headliner: internal error: " << e.what() << '\n';
    return 70;
  }
}
