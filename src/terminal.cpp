#include "terminal.hpp"

#include <cerrno>
#include <sys/ioctl.h>
#include <unistd.h>

namespace headliner {
namespace {

winsize size_of(int fd) {
  winsize size{};
  if (ioctl(fd, TIOCGWINSZ, &size) != 0 || size.ws_col == 0) size = {24, 80, 0, 0};
  return size;
}

}  // namespace

FdTerminal::FdTerminal(int fd) : fd_(fd) {
  termios settings{};
  // Only the foreground process may change the terminal: from the background
  // tcsetattr() would stop us with SIGTTOU (`headliner &`).
  if (isatty(fd_) && tcgetpgrp(fd_) == getpgrp() && tcgetattr(fd_, &settings) == 0) {
    saved_ = settings;
    settings.c_lflag &= ~static_cast<tcflag_t>(ECHO | ECHOCTL);
    ours_ = settings;
    tcsetattr(fd_, TCSANOW, &settings);
  }
}

FdTerminal::~FdTerminal() { suspend(); }

void FdTerminal::suspend() {
  if (saved_) tcsetattr(fd_, TCSANOW, &*saved_);
}

void FdTerminal::resume() {
  if (ours_ && tcgetpgrp(fd_) == getpgrp()) tcsetattr(fd_, TCSANOW, &*ours_);
}

void FdTerminal::write(std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::write(fd_, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) return;  // a full buffer: drop this frame, the next redraws
    if (n <= 0) {
      broken_ = true;  // hung up or closed: nobody will see another frame
      return;
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
}

int FdTerminal::columns() const { return size_of(fd_).ws_col; }
int FdTerminal::rows() const { return size_of(fd_).ws_row; }

}  // namespace headliner
