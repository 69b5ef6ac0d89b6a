// `headliner --display hd44780|lcdproc` end to end: the real binary, a real
// LCDd (lcdproc's text driver) on 127.0.0.1, real config files.
#include <gtest/gtest.h>

#include <thread>

#include "support/lcdd.hpp"
#include "support/process.hpp"

namespace headliner {
namespace {

using namespace std::chrono_literals;
using test::Lcdd;
using test::run_process;
using test::TempDir;

const std::string kBinary = HEADLINER_BINARY;
const std::string kWireA = std::string(HEADLINER_TEST_DATA) + "/feeds/wire_a.rss";

std::string config(const TempDir& dir, const std::string& display_part) {
  return dir.write("config.toml", test::with_state(dir, "[ticker]\nmax_age = \"0s\"\n" + display_part +
                                                             "[[feed]]\nname = \"Wire A\"\nurl = \"file://" + kWireA +
                                                             "\"\n"));
}

TEST(DisplaysCli, AnLcdThatIsNotThereIsOneLineAndStatusOne) {
  TempDir dir;
  auto path = config(dir, "display = \"hd44780\"\n[display.hd44780]\nbus = \"" + dir.path() + "/no-i2c-bus\"\n");
  auto result = run_process({kBinary, "--config", path}, {}, 10s);
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(result.err, "headliner: LCD on " + dir.path() + "/no-i2c-bus at 0x27: cannot open " + dir.path() +
                            "/no-i2c-bus: No such file or directory\n");
  EXPECT_EQ(result.out, "");
}

TEST(DisplaysCli, AnLcdThatIsNotThereFallsBackWhenTheConfigSaysSo) {
  TempDir dir;
  auto path = config(dir, "display = \"hd44780\"\n[display]\nfallback = \"line\"\n[display.hd44780]\nbus = \"" +
                              dir.path() + "/no-i2c-bus\"\n");
  auto result = run_process({"/usr/bin/timeout", "-s", "TERM", "3", kBinary, "--config", path}, {}, 10s);
  EXPECT_EQ(result.exit_code, 124) << result.err;  // still running when timeout stopped it
  EXPECT_NE(result.err.find("; showing on the line display instead\n"), std::string::npos) << result.err;
  EXPECT_NE(result.out.find("Wire A"), std::string::npos) << result.out;
}

TEST(DisplaysCli, LcdprocWithoutLcddIsOneLineAndStatusOne) {
  TempDir dir;
  // A port nothing listens on: bound and closed by LCDd's fixture would race; 1 is never served here.
  auto path = config(dir, "display = \"lcdproc\"\n[display.lcdproc]\nport = 1\n");
  auto result = run_process({kBinary, "--config", path}, {}, 10s);
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(result.err, "headliner: LCDd at 127.0.0.1:1: connection refused\n");
}

TEST(DisplaysCli, LcdprocShowsTheHeadlinesOnARealLcdd) {
  if (auto why = Lcdd::unavailable()) GTEST_SKIP() << *why;
  Lcdd lcdd(20, 4);
  TempDir dir;
  auto path = config(dir, "display = \"lcdproc\"\n[display.lcdproc]\nport = " + std::to_string(lcdd.port()) + "\n");
  test::ProcessResult result;
  std::thread run([&] { result = run_process({"/usr/bin/timeout", "-s", "TERM", "4", kBinary, "--config", path}, {}, 10s); });
  // Rows are updated one command each: wait for a frame with both.
  auto frame = lcdd.wait_for(
      [](const Lcdd::Frame& f) {
        return f.size() >= 2 && f[0].starts_with("Wire A") && f[1].find_first_not_of(' ') != std::string::npos;
      },
      4s);
  run.join();
  ASSERT_FALSE(frame.empty());
  EXPECT_TRUE(frame[0].starts_with("Wire A")) << frame[0];
  EXPECT_NE(frame[1].find_first_not_of(' '), std::string::npos) << "no headline under the source";
  EXPECT_EQ(result.exit_code, 124) << result.err;  // it ran until stopped
}

}  // namespace
}  // namespace headliner
