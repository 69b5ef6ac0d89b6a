#include "notify.hpp"

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <charconv>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <memory>

namespace headliner {
namespace {

struct SocketCloser {
  void operator()(const int* fd) const {
    close(*fd);
    delete fd;
  }
};

// The watchdog interval the unit asked for, halved as sd_watchdog_enabled(3)
// advises; 0 when there is none or it is not a number.
Duration watchdog_interval(const std::string& usec) {
  unsigned long long value = 0;
  const char* end = usec.data() + usec.size();
  if (usec.empty() || std::from_chars(usec.data(), end, value).ptr != end || value == 0) return Duration(0);
  return std::chrono::duration_cast<Duration>(std::chrono::microseconds(value / 2));
}

}  // namespace

ServiceNotifier systemd_notifier(const std::string& socket_name, const std::string& watchdog_usec) {
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  if (socket_name.size() < 2 || socket_name.size() >= sizeof(address.sun_path)) return {};
  if (socket_name[0] != '/' && socket_name[0] != '@') return {};
  std::memcpy(address.sun_path, socket_name.data(), socket_name.size());
  if (address.sun_path[0] == '@') address.sun_path[0] = '\0';  // Linux's abstract namespace
  const auto length = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + socket_name.size());
  const int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return {};
  std::shared_ptr<const int> owned(new int(fd), SocketCloser{});
  ServiceNotifier notifier;
  // Never blocking: a full queue at the receiver (10 datagrams by default)
  // must not stop the event loop. A lost datagram costs nothing worse than
  // systemd's own timeouts, so no retries.
  notifier.send = [owned, address, length](std::string_view state) {
    (void)sendto(*owned, state.data(), state.size(), MSG_NOSIGNAL | MSG_DONTWAIT,
                 reinterpret_cast<const sockaddr*>(&address), length);
  };
  notifier.watchdog_every = watchdog_interval(watchdog_usec);
  return notifier;
}

ServiceNotifier systemd_notifier() {
  const char* socket_name = std::getenv("NOTIFY_SOCKET");
  if (!socket_name) return {};
  std::string watchdog;
  const char* usec = std::getenv("WATCHDOG_USEC");
  const char* pid = std::getenv("WATCHDOG_PID");
  // A watchdog meant for another process (a wrapper that exec'd us is fine: same pid).
  if (usec && (!pid || std::to_string(getpid()) == pid)) watchdog = usec;
  return systemd_notifier(socket_name, watchdog);
}

}  // namespace headliner
