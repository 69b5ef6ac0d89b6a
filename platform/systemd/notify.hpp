// systemd's readiness and watchdog protocol (sd_notify(3)): datagrams to the
// socket in $NOTIFY_SOCKET. Written here rather than linking libsystemd: the
// protocol is small, documented as stable, and this keeps the binary's
// dependencies to what it needs anyway.
#pragma once

#include <string>

#include "service_notifier.hpp"

namespace headliner {

// The notifier for this process: empty (sends nothing) when $NOTIFY_SOCKET
// is not set or cannot be used; with the watchdog interval halved from
// $WATCHDOG_USEC when $WATCHDOG_PID is unset or this process.
ServiceNotifier systemd_notifier();

// The same from explicit values (for tests): `socket` as $NOTIFY_SOCKET
// ("/path" or "@abstract"), `watchdog_usec` as $WATCHDOG_USEC.
ServiceNotifier systemd_notifier(const std::string& socket, const std::string& watchdog_usec);

}  // namespace headliner
