// Signals as events for the one loop: SIGINT, SIGTERM, SIGHUP, SIGQUIT,
// SIGWINCH, SIGTSTP, SIGCONT and SIGUSR1 are blocked and read from a signalfd, so the loop can sleep on them like
// on any other file descriptor and no handler touches shared state.
#pragma once

#include <csignal>
#include <vector>

namespace headliner {

class SignalWatcher {
 public:
  SignalWatcher();   // blocks the signals and opens the signalfd
  ~SignalWatcher();  // closes it and restores the signal mask
  SignalWatcher(const SignalWatcher&) = delete;
  SignalWatcher& operator=(const SignalWatcher&) = delete;

  int fd() const { return fd_; }
  // The signals that arrived since the last call; never blocks.
  std::vector<int> drain();

 private:
  int fd_ = -1;
  sigset_t previous_mask_{};
};

}  // namespace headliner
