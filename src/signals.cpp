#include "signals.hpp"

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>
#include <sys/signalfd.h>
#include <unistd.h>

namespace headliner {

SignalWatcher::SignalWatcher() {
  sigset_t mask;
  sigemptyset(&mask);
  for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGWINCH, SIGTSTP, SIGCONT, SIGUSR1}) sigaddset(&mask, sig);
  if (sigprocmask(SIG_BLOCK, &mask, &previous_mask_) != 0)
    throw std::runtime_error(std::string("cannot block signals: ") + std::strerror(errno));
  fd_ = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
  if (fd_ < 0) {
    sigprocmask(SIG_SETMASK, &previous_mask_, nullptr);
    throw std::runtime_error(std::string("cannot open a signalfd: ") + std::strerror(errno));
  }
}

SignalWatcher::~SignalWatcher() {
  // A signal that came after the loop's last look would, once unblocked,
  // kill the process with its default action in the middle of a clean exit.
  drain();
  close(fd_);
  sigprocmask(SIG_SETMASK, &previous_mask_, nullptr);
}

std::vector<int> SignalWatcher::drain() {
  std::vector<int> signals;
  signalfd_siginfo info;
  while (read(fd_, &info, sizeof info) == static_cast<ssize_t>(sizeof info))
    signals.push_back(static_cast<int>(info.ssi_signo));
  return signals;
}

}  // namespace headliner
