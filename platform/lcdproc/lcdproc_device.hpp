// A screen on LCDproc's server LCDd, as a CharDevice: headliner is an LCDd
// client over TCP, with one screen of one string widget per row.
//
// On LCDd:
//   client_set -name headliner
//   screen_add ticker
//   screen_set ticker -name headliner -priority foreground -heartbeat off [-backlight on|off]
//   widget_add ticker rN string                      (one per row)
//   client_add_key Up Down Left Right Enter
// * Priority "foreground": a ticker is meant to be seen, so it stands above
//   LCDd's ordinary "info" screens (the rotation of other clients) and is not
//   rotated away; an "alert" from another client (a UPS warning) still comes
//   first, and LCDd's own menu too. Foreground screens of several clients
//   rotate among themselves.
// * Heartbeat off: LCDd's heartbeat would blink over the top right cell of a
//   headline.
// * Backlight: left to LCDd (its Backlight= setting) until set_backlight() is
//   called; from then on our screen asks for that state, again after a
//   reconnection. LCDd obeys only when its Backlight= is "open" (its default).
// * Keys, reserved shared: LCDd sends them only while our screen is the one
//   shown, and its menu key (Escape by default) stays with LCDd. Up and Left
//   show the previous headline, Down and Right the next, Enter pauses. A key
//   another client holds exclusively is refused by LCDd: one problem line, the
//   other keys still work.
//
// Text goes to LCDd as bytes of its charset (Latin-1 for most drivers) and
// each row is one quoted argument (lcdproc_protocol.hpp): nothing in a
// headline can end the command or start another. A write sends its whole row
// in one widget_set; a write that changes no cell sends nothing.
//
// A "huh?" from LCDd (a refused command) is one problem line per distinct
// answer ("LCDd at …: refused a command: Could not reserve key "Enter"").
// Commands the socket does not take at once wait in a buffer; more than 64 KiB
// waiting means LCDd stopped reading, and the device goes down.
//
// Nothing blocks except connecting: prepare() connects and waits for LCDd's
// answer to "hello" for at most `connect_timeout`. Afterwards every send and
// read is non-blocking. LCDd answers each command ("success"), so input_fd()
// becomes readable after writes; take_keys() and prepare() read those answers.
// When LCDd goes away (killed, restarted) the device is down, says so once
// ("LCDd at 127.0.0.1:13666: connection closed (retrying in 1s)"), and
// prepare() tries again after 1, 2, 4 … 60 s (back to 1 s once a connection
// has lasted 30 s, so a flapping server is not hammered). A failure with the
// same reason as the last one is not said again. A connection that succeeds
// is kFresh (the caller redraws every cell) and says "connected again".
// A refused connection at start takes the same path; the caller decides
// whether a first failure is fatal.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "char_device.hpp"

namespace headliner {

struct LcdprocOptions {
  // An address, or a name for the system resolver (which may block while it
  // asks DNS: give an address for a remote LCDd).
  std::string host = "127.0.0.1";
  int port = 13666;
  // The grid headliner uses; 0 takes LCDd's display size (from its answer to
  // hello). A fixed size smaller than the display leaves the rest blank.
  int cols = 0;
  int rows = 0;
  // Connecting and LCDd's answer to hello, together.
  std::chrono::milliseconds connect_timeout{2000};
};

class LcdprocDevice final : public CharDevice {
 public:
  // Does no I/O: the first prepare() connects.
  explicit LcdprocDevice(LcdprocOptions options);
  ~LcdprocDevice() override = default;
  LcdprocDevice(const LcdprocDevice&) = delete;
  LcdprocDevice& operator=(const LcdprocDevice&) = delete;

  // The fixed size from the options, else the size LCDd reported on the last
  // connection; 0 before the first one. Read them again after a kFresh: a
  // restarted LCDd may drive another display.
  int cols() const override { return cols_; }
  int rows() const override { return rows_; }
  int custom_slots() const override { return 0; }

  DeviceState prepare(SteadyTime now) override;
  bool write(int row, int col, std::string_view codes) override;
  bool define_glyph(int slot, const Glyph& glyph) override;  // no slots: nothing to define
  void set_backlight(bool on) override;
  std::optional<SteadyTime> retry_at() const override;
  std::optional<std::string> take_problem() override;
  int input_fd() const override { return socket_.get(); }
  std::vector<UserKey> take_keys() override;

  // Whether LCDd shows our screen now (its last "listen"/"ignore").
  bool visible() const { return visible_; }
  // Commands sent since construction (tests count what a write costs).
  std::uint64_t commands_sent() const { return commands_sent_; }
  // "LCDd at 127.0.0.1:13666": how every message names the server.
  const std::string& name() const { return name_; }

 private:
  // Owns one socket; closed exactly once, on reset or destruction.
  class Socket {
   public:
    Socket() = default;
    explicit Socket(int fd) noexcept : fd_(fd) {}
    Socket(Socket&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
    Socket& operator=(Socket&& other) noexcept;
    Socket(const Socket&) = delete;
    Socket& operator=(const Socket&) = delete;
    ~Socket() { reset(); }
    int get() const noexcept { return fd_; }
    explicit operator bool() const noexcept { return fd_ >= 0; }
    void reset() noexcept;

   private:
    int fd_ = -1;
  };

  // Connects and says hello; the error text when that fails.
  std::optional<std::string> connect(SteadyTime now);
  std::optional<std::string> open_socket(SteadyTime deadline);
  std::optional<std::string> await_greeting(SteadyTime deadline);
  void send_setup();
  void send_command(std::string command);
  // Sends what is queued and reads what LCDd sent, without blocking. False
  // (and the device down) when the connection failed.
  bool pump();
  bool flush();
  bool read_available();
  void handle_line(std::string_view line);
  // The connection failed for `reason`: down, one problem line when the
  // reason is new, and the next attempt scheduled.
  void fail(const std::string& reason);
  void add_problem(std::string line);

  LcdprocOptions options_;
  std::string name_;
  Socket socket_;
  int cols_ = 0;
  int rows_ = 0;
  std::vector<std::string> shown_;  // each row as last sent, cols_ codes
  std::string out_;                 // commands not yet taken by the socket
  std::string in_;                  // a line not yet complete
  bool visible_ = false;
  std::vector<UserKey> keys_;
  std::deque<std::string> problems_;
  std::vector<std::string> huhs_reported_;
  std::optional<bool> backlight_;
  std::uint64_t commands_sent_ = 0;

  // Recovery. Down until the first prepare() connects.
  bool ever_connected_ = false;
  std::string last_failure_;                  // the reason last reported; empty after a success
  std::chrono::seconds backoff_{1};           // the wait after the next failure
  std::optional<SteadyTime> retry_at_;        // the next attempt, when down
  std::optional<std::chrono::seconds> retry_after_;  // a failure seen outside prepare(): scheduled by the next one
  std::optional<SteadyTime> connected_at_;
  SteadyTime last_now_{};
};

}  // namespace headliner
