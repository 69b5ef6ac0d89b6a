// The real ticker on a real pseudo-terminal: it scrolls, and Ctrl-C leaves
// the terminal as it found it.
#include <gtest/gtest.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "support/process.hpp"
#include "support/screen.hpp"

namespace headliner::test {
namespace {

using namespace std::chrono_literals;

const std::string kFeeds = std::string(HEADLINER_TEST_DATA) + "/feeds/";

// Reads what the child wrote to the terminal until `until` or end of output.
void read_for(int fd, std::string& into, std::chrono::milliseconds how_long) {
  auto deadline = std::chrono::steady_clock::now() + how_long;
  char buffer[4096];
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 50) <= 0) continue;
    ssize_t n = read(fd, buffer, sizeof buffer);
    if (n <= 0) return;  // EIO once the child has gone
    into.append(buffer, static_cast<std::size_t>(n));
  }
}

struct PtyRun {
  int master = -1;
  pid_t pid = -1;
  std::string output;
  ~PtyRun() {
    if (pid > 0) kill(pid, SIGKILL), waitpid(pid, nullptr, 0);
    if (master >= 0) close(master);
  }
};

std::string scrolling_config(const TempDir& dir) {
  return dir.write("c.toml", with_state(dir, "[ticker]\nmax_age = \"0s\"\nspeed = 20\ndwell = \"500ms\"\n"
                                                "[[feed]]\nname = \"Wire A\"\nurl = \"file://" + kFeeds + "wire_a.rss\"\n"));
}

TEST(Run, ScrollsOnATerminalAndCtrlCLeavesItClean) {
  TempDir dir;
  auto config = scrolling_config(dir);
  auto command = emulated({HEADLINER_BINARY, "--config", config});
  auto args = exec_args(command);
  PtyRun run;
  winsize size{24, 60, 0, 0};
  run.pid = forkpty(&run.master, nullptr, nullptr, &size);
  ASSERT_GE(run.pid, 0);
  if (run.pid == 0) {
    setenv("TERM", "xterm", 1);
    execv(args[0], args.data());
    _exit(127);
  }
  read_for(run.master, run.output, 1500ms);
  std::string before_exit = run.output;
  termios while_running{};
  tcgetattr(run.master, &while_running);

  kill(run.pid, SIGINT);
  read_for(run.master, run.output, 3s);
  int status = 0;
  ASSERT_EQ(waitpid(run.pid, &status, 0), run.pid);
  run.pid = -1;
  EXPECT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);

  // It drew the newest headline and scrolled it (the line changed several times).
  EXPECT_NE(before_exit.find("Wire A"), std::string::npos) << before_exit;
  EXPECT_NE(before_exit.find("Putin and Trump"), std::string::npos);
  EXPECT_GE(std::count(before_exit.begin(), before_exit.end(), '\r'), 5);
  EXPECT_FALSE(while_running.c_lflag & ECHO);  // typed keys do not tear the line

  // After Ctrl-C: the line cleared, the cursor shown, echo back on.
  Screen screen(60, 24);
  screen.feed(run.output);
  for (int row = 0; row < 24; ++row) EXPECT_EQ(screen.row(row), "") << "row " << row;
  EXPECT_TRUE(screen.cursor_visible());
  termios after{};
  tcgetattr(run.master, &after);
  EXPECT_TRUE(after.c_lflag & ECHO);
}

// `headliner &`: a background process that touched the terminal settings
// would be stopped by SIGTTOU and show nothing.
TEST(Run, RunsInTheBackgroundOfATerminal) {
  TempDir dir;
  auto config = scrolling_config(dir);
  auto command = emulated({HEADLINER_BINARY, "--config", config});
  auto args = exec_args(command);
  int pid_pipe[2];
  ASSERT_EQ(pipe(pid_pipe), 0);
  PtyRun run;
  winsize size{24, 60, 0, 0};
  run.pid = forkpty(&run.master, nullptr, nullptr, &size);
  ASSERT_GE(run.pid, 0);
  if (run.pid == 0) {
    // The session leader owns the terminal; its child, in a process group of
    // its own, is a background job on it.
    pid_t job = fork();
    if (job == 0) {
      setpgid(0, 0);
      execv(args[0], args.data());
      _exit(127);
    }
    setpgid(job, job);
    if (write(pid_pipe[1], &job, sizeof job) != sizeof job) _exit(126);
    int status = 0;
    waitpid(job, &status, 0);
    _exit(WIFEXITED(status) ? WEXITSTATUS(status) : 125);
  }
  pid_t job = -1;
  ASSERT_EQ(read(pid_pipe[0], &job, sizeof job), static_cast<ssize_t>(sizeof job));
  close(pid_pipe[0]), close(pid_pipe[1]);
  read_for(run.master, run.output, 1500ms);
  EXPECT_NE(run.output.find("Putin and Trump"), std::string::npos) << run.output;
  kill(job, SIGCONT);  // were it stopped, SIGTERM alone would wait for this
  kill(job, SIGTERM);
  int status = 0;
  ASSERT_EQ(waitpid(run.pid, &status, 0), run.pid);
  run.pid = -1;
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
}

}  // namespace
}  // namespace headliner::test
