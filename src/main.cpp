#include <exception>
#include <iostream>

#include "cli.hpp"

int main(int argc, char** argv) {
  try {
    return headliner::run_cli(argc, argv);
  } catch (const std::exception& e) {
    // Only broken invariants throw; say so plainly rather than abort.
    std::cerr << "headliner: internal error: " << e.what() << '\n';
    return 70;
  }
}
