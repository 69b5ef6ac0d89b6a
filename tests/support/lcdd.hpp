// A real LCDd (LCDproc's server) for tests: its "text" driver prints every
// frame to stdout as a bordered block, which this helper reads back.
//
//   +--------------------+
//   |Hello               |
//   |                    |
//   +--------------------+
//
// LCDd listens on 127.0.0.1 and a free port, draws 40 frames a second and
// shows a blank screen when no client has one (ServerScreen=blank, Hello and
// GoodBye blank). Started in the constructor, killed and reaped in the
// destructor. Tests skip when LCDd or its text driver is not installed.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "support/process.hpp"

namespace headliner::test {

// The rows (raw bytes, `cols` each) of the last complete frame in the text
// driver's output; nullopt when there is none yet.
std::optional<std::vector<std::string>> last_text_frame(std::string_view output, int cols, int rows);

class Lcdd {
 public:
  using Frame = std::vector<std::string>;

  // Why LCDd cannot run here ("LCDd is not installed"), or nullopt.
  static std::optional<std::string> unavailable();

  // Starts LCDd with a cols×rows display; port 0 picks a free one. Throws
  // when it does not come up within 3 s.
  explicit Lcdd(int cols = 20, int rows = 4, int port = 0);
  ~Lcdd();
  Lcdd(const Lcdd&) = delete;
  Lcdd& operator=(const Lcdd&) = delete;

  int port() const { return port_; }
  // Kills LCDd (SIGKILL) and reaps it: its clients see the connection close.
  void kill();
  // Starts it again on the same port.
  void restart();

  // The last frame drawn (empty before the first).
  Frame frame() const;
  // Waits up to `limit` for a frame for which `done` holds; returns the last
  // frame seen either way.
  Frame wait_for(const std::function<bool(const Frame&)>& done,
                 std::chrono::milliseconds limit = std::chrono::seconds(3)) const;
  // Waits for a frame whose rows start with `rows` (each row compared over its
  // whole width: shorter expectations are padded with spaces).
  Frame wait_for_rows(const std::vector<std::string>& rows,
                      std::chrono::milliseconds limit = std::chrono::seconds(3)) const;
  std::string padded(std::string_view row) const;

 private:
  bool start(int port);  // false when LCDd exited at once (port taken)

  int cols_;
  int rows_;
  int port_ = 0;
  pid_t pid_ = -1;
  int starts_ = 0;
  TempDir dir_;
  std::string output_;  // the current run's stdout
};

}  // namespace headliner::test
