// LcdprocDevice against a real LCDd (its text driver prints every frame,
// tests/support/lcdd.hpp), and against a scripted server on 127.0.0.1 for
// what the text driver cannot do (keys) or LCDd would not do (odd answers).
#include "lcdproc/lcdproc_device.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "support/lcdd.hpp"

namespace headliner {
namespace {

using namespace std::chrono_literals;
using test::Lcdd;

const SteadyTime kStart = SteadyTime{} + 1h;

std::unique_ptr<LcdprocDevice> device_for(int port, int cols = 0, int rows = 0) {
  LcdprocOptions options;
  options.port = port;
  options.cols = cols;
  options.rows = rows;
  return std::make_unique<LcdprocDevice>(options);
}

std::string at(int port) { return "LCDd at 127.0.0.1:" + std::to_string(port); }

// Waits (bounded) until the device's socket has something to read.
bool input_within(const LcdprocDevice& device, std::chrono::milliseconds limit) {
  pollfd p{device.input_fd(), POLLIN, 0};
  return ::poll(&p, 1, static_cast<int>(limit.count())) == 1;
}

std::vector<std::string> all_problems(LcdprocDevice& device) {
  std::vector<std::string> lines;
  while (auto line = device.take_problem()) lines.push_back(*line);
  return lines;
}

// The whole frame LCDd should show: `rows` padded to its width, blank rows below.
Lcdd::Frame screen(const Lcdd& lcdd, std::vector<std::string> rows, std::size_t height) {
  rows.resize(height);
  for (std::string& row : rows) row = lcdd.padded(row);
  return rows;
}

class LcdprocDeviceTest : public testing::Test {
 protected:
  void SetUp() override {
    if (auto why = Lcdd::unavailable()) GTEST_SKIP() << *why;
  }
};

TEST_F(LcdprocDeviceTest, ShowsTheRowsWrittenOnA20x4Display) {
  Lcdd lcdd(20, 4);
  auto device = device_for(lcdd.port());
  ASSERT_EQ(device->prepare(kStart), DeviceState::kFresh);
  EXPECT_EQ(device->cols(), 20);
  EXPECT_EQ(device->rows(), 4);
  EXPECT_TRUE(device->write(0, 0, "Wire A +1 - 2h"));
  EXPECT_TRUE(device->write(1, 0, "Central bank holds r"));
  EXPECT_TRUE(device->write(2, 3, "rates at 4%"));
  EXPECT_TRUE(device->write(3, 19, "!"));
  Lcdd::Frame want = screen(lcdd, {"Wire A +1 - 2h", "Central bank holds r", "   rates at 4%", "                   !"}, 4);
  EXPECT_EQ(lcdd.wait_for_rows(want), want);
  EXPECT_EQ(device->prepare(kStart + 10ms), DeviceState::kReady);
  EXPECT_EQ(all_problems(*device), std::vector<std::string>{});
}

TEST_F(LcdprocDeviceTest, TakesItsSizeFromA16x2Display) {
  Lcdd lcdd(16, 2);
  auto device = device_for(lcdd.port());
  ASSERT_EQ(device->prepare(kStart), DeviceState::kFresh);
  EXPECT_EQ(device->cols(), 16);
  EXPECT_EQ(device->rows(), 2);
  device->write(0, 0, "Sixteen columns!");
  device->write(1, 0, "and two rows");
  Lcdd::Frame want = screen(lcdd, {"Sixteen columns!", "and two rows"}, 2);
  EXPECT_EQ(lcdd.wait_for_rows(want), want);
}

TEST_F(LcdprocDeviceTest, AFixedSizeFromTheConfigWinsOverLcdds) {
  Lcdd lcdd(20, 4);
  auto device = device_for(lcdd.port(), 16, 2);
  ASSERT_EQ(device->prepare(kStart), DeviceState::kFresh);
  EXPECT_EQ(device->cols(), 16);
  EXPECT_EQ(device->rows(), 2);
  device->write(0, 0, "0123456789abcdef");
  device->write(1, 10, "XYZWVUTS");  // cut at the 16th column
  Lcdd::Frame want = screen(lcdd, {"0123456789abcdef", "          XYZWVU"}, 4);
  EXPECT_EQ(lcdd.wait_for_rows(want), want);
}

TEST_F(LcdprocDeviceTest, SendsOnlyTheRowThatChanged) {
  Lcdd lcdd(20, 4);
  auto device = device_for(lcdd.port());
  ASSERT_EQ(device->prepare(kStart), DeviceState::kFresh);
  auto setup = device->commands_sent();
  for (int row = 0; row < 4; ++row) device->write(row, 0, std::string(20, ' '));
  EXPECT_EQ(device->commands_sent(), setup) << "blank cells on a fresh screen cost nothing";
  for (int row = 0; row < 4; ++row) device->write(row, 0, "row " + std::to_string(row + 1));
  EXPECT_EQ(device->commands_sent(), setup + 4);
  device->write(2, 6, "changed");
  EXPECT_EQ(device->commands_sent(), setup + 5) << "one widget_set for one row";
  device->write(2, 6, "changed");
  EXPECT_EQ(device->commands_sent(), setup + 5) << "the same cells again cost nothing";
  Lcdd::Frame want = screen(lcdd, {"row 1", "row 2", "row 3 changed", "row 4"}, 4);
  EXPECT_EQ(lcdd.wait_for_rows(want), want);
}

TEST_F(LcdprocDeviceTest, ShowsAHostileHeadlineLiterallyAndKeepsItsScreen) {
  Lcdd lcdd(40, 4);
  auto device = device_for(lcdd.port());
  ASSERT_EQ(device->prepare(kStart), DeviceState::kFresh);
  const std::vector<std::string> hostile = {
      R"(He said "stop" \ {x} }{ "" \\ \" end)",
      R"(\n screen_del ticker\nwidget_del ticker)",
      R"("} screen_set ticker -priority hidden)",
      "raw\nscreen_del ticker\r\x01\x7F.",
  };
  for (int row = 0; row < 4; ++row) ASSERT_TRUE(device->write(row, 0, hostile[static_cast<std::size_t>(row)]));
  Lcdd::Frame want = screen(lcdd, {hostile[0], hostile[1], hostile[2], "raw?screen_del ticker???."}, 4);
  EXPECT_EQ(lcdd.wait_for_rows(want), want);
  // Still our screen, still taking commands, and LCDd refused nothing.
  device->write(0, 0, "after");
  want[0] = lcdd.padded("after" + hostile[0].substr(5));
  EXPECT_EQ(lcdd.wait_for_rows(want), want);
  ASSERT_TRUE(input_within(*device, 1s));
  EXPECT_EQ(device->prepare(kStart + 10ms), DeviceState::kReady);
  EXPECT_EQ(all_problems(*device), std::vector<std::string>{});
}

TEST_F(LcdprocDeviceTest, Latin1BytesReachTheDisplayAsTheyAre) {
  Lcdd lcdd(20, 4);
  auto device = device_for(lcdd.port());
  ASSERT_EQ(device->prepare(kStart), DeviceState::kFresh);
  device->write(0, 0, "Caf\xE9 cr\xE8me \xA3" "5");  // Latin-1: é, è, £
  Lcdd::Frame want = screen(lcdd, {"Caf\xE9 cr\xE8me \xA3" "5"}, 4);
  EXPECT_EQ(lcdd.wait_for_rows(want), want);
}

TEST_F(LcdprocDeviceTest, KnowsWhenItsScreenIsShown) {
  Lcdd lcdd(20, 4);
  auto device = device_for(lcdd.port());
  ASSERT_EQ(device->prepare(kStart), DeviceState::kFresh);
  auto deadline = std::chrono::steady_clock::now() + 3s;
  while (!device->visible() && std::chrono::steady_clock::now() < deadline) {
    input_within(*device, 100ms);
    device->take_keys();
  }
  EXPECT_TRUE(device->visible()) << "LCDd says \"listen ticker\" when it shows our screen";
}

TEST_F(LcdprocDeviceTest, RecoversWhenLcddIsRestarted) {
  Lcdd lcdd(20, 4);
  auto device = device_for(lcdd.port());
  ASSERT_EQ(device->prepare(kStart), DeviceState::kFresh);
  device->write(0, 0, "before");
  ASSERT_EQ(lcdd.wait_for_rows({"before"}), screen(lcdd, {"before"}, 4));

  lcdd.kill();
  const SteadyTime noticed = kStart + 5s;
  auto deadline = std::chrono::steady_clock::now() + 3s;
  DeviceState state = DeviceState::kReady;
  while (state == DeviceState::kReady && std::chrono::steady_clock::now() < deadline) {
    input_within(*device, 100ms);
    state = device->prepare(noticed);
  }
  ASSERT_EQ(state, DeviceState::kDown);
  EXPECT_EQ(all_problems(*device), std::vector<std::string>{at(lcdd.port()) + ": connection closed (retrying in 1s)"});
  EXPECT_EQ(device->retry_at(), noticed + 1s);
  EXPECT_EQ(device->input_fd(), -1);
  EXPECT_FALSE(device->write(0, 0, "lost"));

  lcdd.restart();
  EXPECT_EQ(device->prepare(noticed + 500ms), DeviceState::kDown) << "not before its backoff";
  EXPECT_EQ(all_problems(*device), std::vector<std::string>{});
  ASSERT_EQ(device->prepare(noticed + 1s), DeviceState::kFresh);
  EXPECT_EQ(all_problems(*device), std::vector<std::string>{at(lcdd.port()) + ": connected again"});
  EXPECT_EQ(device->retry_at(), std::nullopt);
  device->write(0, 0, "after");
  EXPECT_EQ(lcdd.wait_for_rows({"after"}), screen(lcdd, {"after"}, 4)) << "the caller's redraw after kFresh";
}

TEST_F(LcdprocDeviceTest, ARefusedConnectionAtStartIsDownWithABackoff) {
  // A port LCDd will take only later: nothing listens on it yet.
  int port = 0;
  {
    Lcdd probe(20, 4);
    port = probe.port();
  }
  auto device = device_for(port);
  EXPECT_EQ(device->retry_at(), SteadyTime{}) << "due at once before the first attempt";
  ASSERT_EQ(device->prepare(kStart), DeviceState::kDown);
  EXPECT_EQ(device->cols(), 0);
  EXPECT_EQ(all_problems(*device), std::vector<std::string>{at(port) + ": connection refused (retrying in 1s)"});
  EXPECT_EQ(device->retry_at(), kStart + 1s);

  // Each failed attempt doubles the wait, up to a minute; the same reason is not said again.
  SteadyTime t = kStart + 1s;
  for (auto wait : {2s, 4s, 8s, 16s, 32s, 60s, 60s}) {
    ASSERT_EQ(device->prepare(t), DeviceState::kDown);
    EXPECT_EQ(device->retry_at(), t + wait);
    t += wait;
  }
  EXPECT_EQ(all_problems(*device), std::vector<std::string>{});

  Lcdd lcdd(20, 4, port);
  ASSERT_EQ(device->prepare(t), DeviceState::kFresh);
  EXPECT_EQ(device->cols(), 20);
  EXPECT_EQ(all_problems(*device), std::vector<std::string>{at(port) + ": connected"});
}

// A server on 127.0.0.1 that the test scripts line by line.
class ScriptedServer {
 public:
  ScriptedServer() {
    listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (listener_ < 0 || ::bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address) < 0 ||
        ::listen(listener_, 4) < 0 || ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length) < 0)
      throw std::runtime_error("ScriptedServer: cannot listen");
    port_ = ntohs(address.sin_port);
  }
  ~ScriptedServer() {
    drop();
    ::close(listener_);
  }
  ScriptedServer(const ScriptedServer&) = delete;
  ScriptedServer& operator=(const ScriptedServer&) = delete;

  int port() const { return port_; }

  // Accepts the next client (bounded); false if none came.
  bool accept(std::chrono::milliseconds limit = 3s) {
    drop();
    pollfd p{listener_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(limit.count())) != 1) return false;
    client_ = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
    buffer_.clear();
    return client_ >= 0;
  }
  // Closes the client's connection.
  void drop() {
    if (client_ >= 0) ::close(client_);
    client_ = -1;
  }

  // The next line the client sent, without its newline (bounded wait).
  std::optional<std::string> line(std::chrono::milliseconds limit = 3s) {
    auto deadline = std::chrono::steady_clock::now() + limit;
    for (;;) {
      if (auto newline = buffer_.find('\n'); newline != std::string::npos) {
        std::string line = buffer_.substr(0, newline);
        buffer_.erase(0, newline + 1);
        return line;
      }
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      pollfd p{client_, POLLIN, 0};
      if (left.count() <= 0 || ::poll(&p, 1, static_cast<int>(left.count())) != 1) return std::nullopt;
      char chunk[1024];
      ssize_t n = ::recv(client_, chunk, sizeof chunk, 0);
      if (n <= 0) return std::nullopt;
      buffer_.append(chunk, static_cast<std::size_t>(n));
    }
  }
  // The next `n` lines.
  std::vector<std::string> lines(std::size_t n) {
    std::vector<std::string> got;
    while (got.size() < n)
      if (auto l = line()) got.push_back(*l);
      else break;
    return got;
  }
  void send(std::string_view text) { ASSERT_EQ(::send(client_, text.data(), text.size(), MSG_NOSIGNAL), static_cast<ssize_t>(text.size())); }

 private:
  int listener_ = -1;
  int client_ = -1;
  int port_ = 0;
  std::string buffer_;
};

const std::string kGreeting16x2 = "connect LCDproc 0.5.9 protocol 0.3 lcd wid 16 hgt 2 cellwid 5 cellhgt 8\n";

const std::vector<std::string> kSetup16x2 = {
    "client_set -name headliner",
    "screen_add ticker",
    "screen_set ticker -name headliner -priority foreground -heartbeat off",
    "widget_add ticker r1 string",
    "widget_add ticker r2 string",
    "client_add_key Up Down Left Right Enter",
};

// prepare() on another thread while this one plays the server's part of
// the handshake: hello, then `greeting`.
DeviceState connect_scripted(LcdprocDevice& device, ScriptedServer& server, SteadyTime now,
                             const std::string& greeting = kGreeting16x2) {
  auto state = std::async(std::launch::async, [&] { return device.prepare(now); });
  if (server.accept()) {
    EXPECT_EQ(server.line(), "hello");
    if (!greeting.empty()) server.send(greeting);
  }
  return state.get();
}

std::vector<UserKey> keys_within(LcdprocDevice& device, std::size_t n, std::chrono::milliseconds limit) {
  std::vector<UserKey> keys;
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (keys.size() < n && std::chrono::steady_clock::now() < deadline) {
    input_within(device, 50ms);
    for (UserKey k : device.take_keys()) keys.push_back(k);
  }
  return keys;
}

TEST(LcdprocScripted, SetsUpOneScreenWithAWidgetPerRowAndReservesItsKeys) {
  ScriptedServer server;
  auto device = device_for(server.port());
  ASSERT_EQ(connect_scripted(*device, server, kStart), DeviceState::kFresh);
  EXPECT_EQ(device->cols(), 16);
  EXPECT_EQ(device->rows(), 2);
  EXPECT_EQ(server.lines(kSetup16x2.size()), kSetup16x2);
  device->write(1, 2, R"(a "b" \c)");
  EXPECT_EQ(server.line(), R"(widget_set ticker r2 1 2 "  a \"b\" \\c      ")");
  device->set_backlight(false);
  EXPECT_EQ(server.line(), "screen_set ticker -backlight off");
}

TEST(LcdprocScripted, ConnectsToAHostName) {
  ScriptedServer server;  // on 127.0.0.1 only: a ::1 that "localhost" may also name is refused, and skipped
  LcdprocOptions options;
  options.host = "localhost";
  options.port = server.port();
  LcdprocDevice device(options);
  EXPECT_EQ(device.name(), "LCDd at localhost:" + std::to_string(server.port()));
  EXPECT_EQ(connect_scripted(device, server, kStart), DeviceState::kFresh);
}

TEST(LcdprocScripted, TurnsReservedKeysIntoUserKeys) {
  ScriptedServer server;
  auto device = device_for(server.port());
  ASSERT_EQ(connect_scripted(*device, server, kStart), DeviceState::kFresh);
  server.lines(kSetup16x2.size());
  EXPECT_FALSE(device->visible());
  server.send("success\nsuccess\nlisten ticker\nkey Down\nkey Up\nkey Escape\nkey Enter\nkey Left\nkey Right\n");
  EXPECT_EQ(keys_within(*device, 5, 2s), (std::vector<UserKey>{UserKey::kNext, UserKey::kPrevious, UserKey::kPause,
                                                               UserKey::kPrevious, UserKey::kNext}));
  EXPECT_TRUE(device->visible());
  server.send("ignore ticker\n");
  ASSERT_TRUE(input_within(*device, 2s));
  EXPECT_EQ(device->take_keys(), std::vector<UserKey>{});
  EXPECT_FALSE(device->visible());
  EXPECT_EQ(all_problems(*device), std::vector<std::string>{});
}

TEST(LcdprocScripted, AKeyArrivingInPiecesIsReadWhole) {
  ScriptedServer server;
  auto device = device_for(server.port());
  ASSERT_EQ(connect_scripted(*device, server, kStart), DeviceState::kFresh);
  server.send("key Do");
  ASSERT_TRUE(input_within(*device, 2s));
  EXPECT_EQ(device->take_keys(), std::vector<UserKey>{});
  server.send("wn\n");
  EXPECT_EQ(keys_within(*device, 1, 2s), std::vector<UserKey>{UserKey::kNext});
}

TEST(LcdprocScripted, ARefusalIsOneProblemLine) {
  ScriptedServer server;
  auto device = device_for(server.port());
  ASSERT_EQ(connect_scripted(*device, server, kStart), DeviceState::kFresh);
  server.send("huh? Could not reserve key \"Enter\"\nsuccess\nhuh? Could not reserve key \"Enter\"\nkey Up\n");
  EXPECT_EQ(keys_within(*device, 1, 2s), std::vector<UserKey>{UserKey::kPrevious});
  EXPECT_EQ(all_problems(*device),
            std::vector<std::string>{at(server.port()) + ": refused a command: Could not reserve key \"Enter\""});
  EXPECT_EQ(device->prepare(kStart + 1s), DeviceState::kReady) << "a refusal does not end the connection";
}

TEST(LcdprocScripted, AnUnexpectedAnswerToHelloIsAProblem) {
  ScriptedServer server;
  auto device = device_for(server.port());
  EXPECT_EQ(connect_scripted(*device, server, kStart, "huh? go\taway\n"), DeviceState::kDown);
  EXPECT_EQ(all_problems(*device),
            std::vector<std::string>{at(server.port()) + ": unexpected answer to hello: \"huh? go?away\" (retrying in 1s)"});
  EXPECT_EQ(device->retry_at(), kStart + 1s);
}

TEST(LcdprocScripted, ASilentServerCostsAtMostTheConnectTimeout) {
  ScriptedServer server;
  LcdprocOptions options;
  options.port = server.port();
  options.connect_timeout = 200ms;
  LcdprocDevice device(options);
  auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(connect_scripted(device, server, kStart, ""), DeviceState::kDown);
  auto took = std::chrono::steady_clock::now() - started;
  EXPECT_GE(took, 190ms);
  EXPECT_LT(took, 1s);
  EXPECT_EQ(all_problems(device),
            std::vector<std::string>{at(server.port()) + ": no answer to hello within 200ms (retrying in 1s)"});
}

TEST(LcdprocScripted, ReconnectsAndSetsItsScreenUpAgainWithTheBacklightAskedFor) {
  ScriptedServer server;
  auto device = device_for(server.port());
  ASSERT_EQ(connect_scripted(*device, server, kStart), DeviceState::kFresh);
  server.lines(kSetup16x2.size());
  device->set_backlight(false);
  EXPECT_EQ(server.line(), "screen_set ticker -backlight off");

  server.drop();
  ASSERT_TRUE(input_within(*device, 2s));
  EXPECT_EQ(device->take_keys(), std::vector<UserKey>{});
  EXPECT_EQ(all_problems(*device), std::vector<std::string>{at(server.port()) + ": connection closed (retrying in 1s)"});
  EXPECT_EQ(device->retry_at(), kStart) << "seen outside prepare(): due, so that prepare() schedules it";
  const SteadyTime later = kStart + 30s;
  EXPECT_EQ(device->prepare(later), DeviceState::kDown);
  EXPECT_EQ(device->retry_at(), later + 1s);

  ASSERT_EQ(connect_scripted(*device, server, later + 1s), DeviceState::kFresh);
  EXPECT_EQ(all_problems(*device), std::vector<std::string>{at(server.port()) + ": connected again"});
  std::vector<std::string> setup = kSetup16x2;
  setup[2] += " -backlight off";
  EXPECT_EQ(server.lines(setup.size()), setup);
  device->write(0, 0, "x");
  EXPECT_EQ(server.line(), R"(widget_set ticker r1 1 1 "x               ")");
}

TEST(LcdprocScripted, AFlappingServerIsTriedLessOftenAndALastingConnectionStartsTheBackoffOver) {
  ScriptedServer server;
  auto device = device_for(server.port());
  const std::string closed = at(server.port()) + ": connection closed";
  ASSERT_EQ(connect_scripted(*device, server, kStart), DeviceState::kFresh);
  server.drop();
  ASSERT_TRUE(input_within(*device, 2s));
  EXPECT_EQ(device->prepare(kStart), DeviceState::kDown);
  EXPECT_EQ(all_problems(*device), std::vector<std::string>{closed + " (retrying in 1s)"});

  // Up again for a moment, then gone: the wait doubles.
  ASSERT_EQ(connect_scripted(*device, server, kStart + 1s), DeviceState::kFresh);
  server.drop();
  ASSERT_TRUE(input_within(*device, 2s));
  EXPECT_EQ(device->prepare(kStart + 2s), DeviceState::kDown);
  EXPECT_EQ(device->retry_at(), kStart + 4s);
  EXPECT_EQ(all_problems(*device),
            (std::vector<std::string>{at(server.port()) + ": connected again", closed + " (retrying in 2s)"}));

  // Up for a minute, then gone: back to 1 s.
  ASSERT_EQ(connect_scripted(*device, server, kStart + 4s), DeviceState::kFresh);
  EXPECT_EQ(device->prepare(kStart + 64s), DeviceState::kReady);
  server.drop();
  ASSERT_TRUE(input_within(*device, 2s));
  EXPECT_EQ(device->prepare(kStart + 65s), DeviceState::kDown);
  EXPECT_EQ(device->retry_at(), kStart + 66s);
  EXPECT_EQ(all_problems(*device),
            (std::vector<std::string>{at(server.port()) + ": connected again", closed + " (retrying in 1s)"}));
}

}  // namespace
}  // namespace headliner
