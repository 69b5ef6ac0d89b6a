// The reference for bench/idle_cpu: the least a terminal marquee can do.
// Scrolls a fixed text one cell at a time at SPEED cells per second with
// nanosleep, redrawing the line with \r and ESC[K. No feeds, no parsing.
#include <time.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

int main(int argc, char** argv) {
  int speed = argc > 1 ? std::atoi(argv[1]) : 8;
  const int width = 79;
  std::string text =
      "Putin and Trump's Peace Talks with Zelenskiy Collide with Stalemate as Russia Refuses to Engage   ";
  std::string ring = text + text;
  timespec step{0, 1000000000L / (speed > 0 ? speed : 8)};
  for (std::size_t offset = 0;; offset = (offset + 1) % text.size()) {
    std::string line = "\r" + ring.substr(offset, width) + "\x1b[K";
    if (write(STDOUT_FILENO, line.data(), line.size()) < 0) return 1;
    nanosleep(&step, nullptr);
  }
}
