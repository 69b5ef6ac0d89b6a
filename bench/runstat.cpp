// Runs a command and prints what it cost, for bench/newsboat, in one line:
//   WALL_S USER_S SYS_S PEAK_RSS_KIB WRITE_BYTES CANCELLED_WRITE_BYTES EXIT
// to the file named by -o (stdout otherwise), at microsecond resolution where
// /usr/bin/time prints hundredths. Wall time by CLOCK_MONOTONIC around fork and
// wait4; CPU and peak RSS from wait4's rusage (the command and the children it
// waited for). Bytes written: when a child is reaped, the kernel adds its I/O
// counters to its parent's, so the growth of this process's own
// /proc/self/io write_bytes across the wait is what the command (and its
// threads and children) wrote: bytes of page cache it dirtied, on their way to
// the disk; a tmpfs counts none. cancelled_write_bytes: dirty pages dropped
// before they reached the disk (a file truncated or removed in time).
// Usage: runstat [-o FILE] COMMAND [ARG ...]
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>

namespace {

struct Io {
  long long write_bytes = -1;
  long long cancelled = -1;
};

Io own_io() {
  Io io;
  std::ifstream in("/proc/self/io");
  std::string key;
  long long value = 0;
  while (in >> key >> value) {
    if (key == "write_bytes:") io.write_bytes = value;
    if (key == "cancelled_write_bytes:") io.cancelled = value;
  }
  return io;
}

double seconds(const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; }

}  // namespace

int main(int argc, char** argv) {
  int first = 1;
  const char* out_path = nullptr;
  if (argc > 2 && std::strcmp(argv[1], "-o") == 0) {
    out_path = argv[2];
    first = 3;
  }
  if (first >= argc) {
    std::fprintf(stderr, "usage: runstat [-o FILE] COMMAND [ARG ...]\n");
    return 2;
  }
  Io before = own_io();
  timespec start{}, end{};
  clock_gettime(CLOCK_MONOTONIC, &start);
  pid_t pid = fork();
  if (pid < 0) {
    std::perror("runstat: fork");
    return 2;
  }
  if (pid == 0) {
    execvp(argv[first], argv + first);
    std::perror("runstat: exec");
    _exit(127);
  }
  int status = 0;
  rusage usage{};
  if (wait4(pid, &status, 0, &usage) < 0) {
    std::perror("runstat: wait4");
    return 2;
  }
  clock_gettime(CLOCK_MONOTONIC, &end);
  Io after = own_io();
  double wall = static_cast<double>(end.tv_sec - start.tv_sec) + static_cast<double>(end.tv_nsec - start.tv_nsec) / 1e9;
  int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  FILE* out = out_path ? std::fopen(out_path, "w") : stdout;
  if (!out) {
    std::perror("runstat: output");
    return 2;
  }
  std::fprintf(out, "%.6f %.6f %.6f %ld %lld %lld %d\n", wall, seconds(usage.ru_utime), seconds(usage.ru_stime),
               usage.ru_maxrss, after.write_bytes - before.write_bytes, after.cancelled - before.cancelled, code);
  if (out != stdout) std::fclose(out);
  return 0;
}
