// systemd's notify protocol: the sender alone, then the ticker under a
// pretend service manager (a datagram socket bound by the test).
#include <gtest/gtest.h>

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "support/process.hpp"
#include "systemd/notify.hpp"

namespace headliner {
namespace {

using namespace std::chrono_literals;

// A bound datagram socket that collects what is sent to it.
class ListeningSocket {
 public:
  explicit ListeningSocket(const std::string& name) {
    fd_ = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::memcpy(address.sun_path, name.data(), name.size());
    if (name[0] == '@') address.sun_path[0] = '\0';
    bound_ = bind(fd_, reinterpret_cast<const sockaddr*>(&address),
                  static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + name.size())) == 0;
  }
  ~ListeningSocket() { close(fd_); }
  bool bound() const { return bound_; }

  std::vector<std::string> received() {
    std::vector<std::string> messages;
    char buffer[4096];
    for (;;) {
      const ssize_t n = recv(fd_, buffer, sizeof buffer, 0);
      if (n < 0) return messages;
      messages.emplace_back(buffer, static_cast<std::size_t>(n));
    }
  }

 private:
  int fd_ = -1;
  bool bound_ = false;
};

// A listener on a socket file, as systemd's.
class SystemdNotifierToAFile : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(listener.bound()); }
  test::TempDir dir;
  const std::string path = dir.path() + "/notify";
  ListeningSocket listener{path};
};

TEST_F(SystemdNotifierToAFile, SendsEachStateAsOneDatagram) {
  ServiceNotifier notifier = systemd_notifier(path, "");
  ASSERT_TRUE(notifier.send);
  notifier.send("READY=1");
  notifier.send("WATCHDOG=1");
  EXPECT_EQ(listener.received(), (std::vector<std::string>{"READY=1", "WATCHDOG=1"}));
  EXPECT_EQ(notifier.watchdog_every.count(), 0);
}

// systemd busy elsewhere: the receiver's queue fills up. The ticker's loop
// must go on; what does not fit is dropped.
TEST_F(SystemdNotifierToAFile, AFullQueueDropsRatherThanBlocks) {
  ServiceNotifier notifier = systemd_notifier(path, "");
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 1000; ++i) notifier.send("WATCHDOG=1");
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
  const auto queued = listener.received().size();
  EXPECT_GT(queued, 0u);
  EXPECT_LT(queued, 1000u);
}

TEST(SystemdNotifier, ReachesAnAbstractSocket) {
  const std::string name = "@headliner-test-" + std::to_string(getpid());
  ListeningSocket listener(name);
  ASSERT_TRUE(listener.bound());
  ServiceNotifier notifier = systemd_notifier(name, "");
  ASSERT_TRUE(notifier.send);
  notifier.send("READY=1");
  EXPECT_EQ(listener.received(), std::vector<std::string>{"READY=1"});
}

TEST(SystemdNotifier, PetsTheWatchdogTwiceAsOftenAsTheUnitAsks) {
  EXPECT_EQ(systemd_notifier("/run/x", "60000000").watchdog_every, std::chrono::duration_cast<Duration>(30s));
  for (const char* junk : {"", "0", "soon", "12x", "-5"})
    EXPECT_EQ(systemd_notifier("/run/x", junk).watchdog_every.count(), 0) << junk;
}

TEST(SystemdNotifier, AnUnusableSocketNameSendsNothing) {
  for (const std::string& name : std::vector<std::string>{"", "/", "relative/path", std::string(200, '/')})
    EXPECT_FALSE(systemd_notifier(name, "").send) << name;
}

// Ready after the first frame, the watchdog petted while it runs, reloading
// and ready again on SIGHUP, stopping on SIGTERM.
TEST(SystemdNotifier, TheTickerTellsTheServiceManagerWhatItDoes) {
  test::TempDir dir;
  const std::string socket_path = dir.path() + "/notify";
  ListeningSocket listener(socket_path);
  ASSERT_TRUE(listener.bound());
  const std::string config = dir.write(
      "config.toml", test::with_state(dir, "[ticker]\nmax_age = \"0s\"\n[[feed]]\nname = \"Wire A\"\nurl = \"file://" +
                                               std::string(HEADLINER_TEST_DATA) + "/feeds/wire_a.rss\"\n"));
  const std::string script = test::headliner_for_shell() + " --config " + config + " >/dev/null 2>&1 & pid=$!; " +
                             "sleep 1; kill -HUP $pid; sleep 1; kill -TERM $pid; wait $pid";
  // Read as systemd does, while the ticker runs: a queue left full would
  // only lose datagrams (the sender never blocks), not tell what was sent.
  std::atomic<bool> done = false;
  std::vector<std::string> messages;
  std::thread reader([&] {
    while (!done) {
      for (auto& m : listener.received()) messages.push_back(std::move(m));
      std::this_thread::sleep_for(10ms);
    }
    for (auto& m : listener.received()) messages.push_back(std::move(m));
  });
  auto result = test::run_process({"/bin/sh", "-c", script},
                                  {{"NOTIFY_SOCKET", socket_path}, {"WATCHDOG_USEC", "200000"}}, 30s);
  done = true;
  reader.join();
  ASSERT_EQ(result.exit_code, 0) << result.err;
  ASSERT_GE(messages.size(), 4u);
  EXPECT_EQ(messages.front(), "READY=1");
  EXPECT_EQ(messages.back(), "STOPPING=1");
  const auto reloading = std::find(messages.begin(), messages.end(), "RELOADING=1");
  ASSERT_NE(reloading, messages.end());
  EXPECT_NE(std::find(reloading, messages.end(), "READY=1"), messages.end());  // ready again after the reload
  // Every 100 ms for 2 s; the loop slept through none of them.
  EXPECT_GE(std::count(messages.begin(), messages.end(), "WATCHDOG=1"), 10) << messages.size();
}

}  // namespace
}  // namespace headliner
