#include "log.hpp"

#include <sys/stat.h>

#include <cstdlib>
#include <cstdio>

namespace headliner {

bool Log::is_journal(int fd) {
  const char* stream = std::getenv("JOURNAL_STREAM");
  if (!stream) return false;
  unsigned long long device = 0, inode = 0;
  if (std::sscanf(stream, "%llu:%llu", &device, &inode) != 2) return false;
  struct stat st {};
  return fstat(fd, &st) == 0 && st.st_dev == device && st.st_ino == inode;
}

void Log::write(Severity severity, std::string_view line) {
  if (prefixes_) out_ << '<' << static_cast<int>(severity) << '>';
  out_ << "headliner: " << line << '\n' << std::flush;
}

void Log::write_located(Severity severity, std::string_view line) {
  if (prefixes_) out_ << '<' << static_cast<int>(severity) << '>';
  out_ << line << '\n' << std::flush;
}

}  // namespace headliner
