// The log's journal detection and priority prefixes, alone and in the binary.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <cstdlib>
#include <fcntl.h>
#include <sstream>
#include <unistd.h>

#include "log.hpp"
#include "support/process.hpp"

namespace headliner {
namespace {

using test::TempDir;

std::string device_and_inode(const std::string& path) {
  struct stat st {};
  if (stat(path.c_str(), &st) != 0) return "";
  return std::to_string(st.st_dev) + ":" + std::to_string(st.st_ino);
}

// Sets an environment variable for one test and puts back the old value.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value) setenv(name, value, 1);
    else unsetenv(name);
  }
  ~ScopedEnv() {
    if (old_) setenv(name_, old_->c_str(), 1);
    else unsetenv(name_);
  }

 private:
  const char* name_;
  std::optional<std::string> old_;
};

TEST(Log, PlainLinesNameTheProgram) {
  std::ostringstream out;
  Log log(out);
  log.write(Severity::kWarning, "Wire A: HTTP 404");
  log.write_located(Severity::kError, "config.toml:3:9: 'speed' must be a whole number");
  EXPECT_EQ(out.str(), "headliner: Wire A: HTTP 404\nconfig.toml:3:9: 'speed' must be a whole number\n");
}

TEST(Log, JournalLinesStartWithTheirSyslogPriority) {
  std::ostringstream out;
  Log log(out, true);
  log.write(Severity::kError, "state file full");
  log.write(Severity::kWarning, "Wire A: HTTP 404");
  log.write(Severity::kNotice, "config reloaded");
  log.write_located(Severity::kError, "config.toml:3:9: bad");
  EXPECT_EQ(out.str(),
            "<3>headliner: state file full\n<4>headliner: Wire A: HTTP 404\n<5>headliner: config reloaded\n"
            "<3>config.toml:3:9: bad\n");
}

TEST(Log, KnowsTheJournalByTheDeviceAndInodeSystemdNamed) {
  TempDir dir;
  const std::string journal = dir.write("journal", "");
  const std::string other = dir.write("other", "");
  const int journal_fd = open(journal.c_str(), O_WRONLY);
  const int other_fd = open(other.c_str(), O_WRONLY);
  ASSERT_GE(journal_fd, 0);
  ASSERT_GE(other_fd, 0);
  {
    ScopedEnv env("JOURNAL_STREAM", device_and_inode(journal).c_str());
    EXPECT_TRUE(Log::is_journal(journal_fd));
    EXPECT_FALSE(Log::is_journal(other_fd));  // redirected away from the journal
  }
  {
    ScopedEnv env("JOURNAL_STREAM", nullptr);
    EXPECT_FALSE(Log::is_journal(journal_fd));
  }
  for (const char* junk : {"", "garbage", "12", ":"}) {
    ScopedEnv env("JOURNAL_STREAM", junk);
    EXPECT_FALSE(Log::is_journal(journal_fd)) << junk;
  }
  close(journal_fd);
  close(other_fd);
}

// The ticker as systemd runs it: stderr is the journal's stream, named in
// $JOURNAL_STREAM. A failing feed is a warning; a broken config an error.
TEST(Log, TheTickerUnderSystemdPrefixesEachLineWithItsPriority) {
  TempDir dir;
  const std::string config = dir.write(
      "config.toml", test::with_state(dir, "[[feed]]\nname = \"Gone\"\nurl = \"file:///nonexistent/feed.xml\"\n"));
  const std::string broken = dir.write("broken.toml", "[ticker]\nspeed = \"fast\"\n");
  const std::string journal = dir.path() + "/journal";
  const std::string script = ": > " + journal + "; export JOURNAL_STREAM=$(stat -c %d:%i " + journal + "); " +
                             "/usr/bin/timeout -s TERM 2 " + test::headliner_for_shell() + " --config " + config +
                             " 2>>" + journal + "; " + test::headliner_for_shell() + " check --config " + broken +
                             " 2>>" + journal + "; exit 0";
  auto result = test::run_process({"/bin/sh", "-c", script}, {}, std::chrono::seconds(20));
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto lines = test::lines_of(test::slurp(journal));
  ASSERT_EQ(lines.size(), 2u) << test::slurp(journal);
  EXPECT_TRUE(lines[0].starts_with("<4>headliner: Gone: ")) << lines[0];
  EXPECT_TRUE(lines[1].starts_with("<3>" + broken + ":2:9: ")) << lines[1];
}

}  // namespace
}  // namespace headliner
