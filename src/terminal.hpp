// The terminal as a device: where bytes go and how big it is.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <termios.h>

namespace headliner {

class TerminalIo {
 public:
  virtual ~TerminalIo() = default;
  virtual void write(std::string_view bytes) = 0;
  virtual int columns() const = 0;
  virtual int rows() const = 0;
  virtual void suspend() {}  // give the terminal its own settings back
  virtual void resume() {}   // take them again
  virtual bool broken() const { return false; }  // a write failed for good
};

// A real terminal on a file descriptor. While it lives, typed keys are not
// echoed (they would tear the marquee line); the destructor restores the
// terminal settings as they were.
class FdTerminal final : public TerminalIo {
 public:
  explicit FdTerminal(int fd);
  ~FdTerminal() override;
  FdTerminal(const FdTerminal&) = delete;
  FdTerminal& operator=(const FdTerminal&) = delete;

  void write(std::string_view bytes) override;
  int columns() const override;
  int rows() const override;
  void suspend() override;
  void resume() override;
  bool broken() const override { return broken_; }

 private:
  int fd_;
  std::optional<termios> saved_;  // as we found them
  std::optional<termios> ours_;   // as we run with them
  bool broken_ = false;
};

// For tests: records everything written; a fixed size.
class BufferTerminal final : public TerminalIo {
 public:
  BufferTerminal(int columns, int rows) : columns_(columns), rows_(rows) {}
  void write(std::string_view bytes) override { output_.append(bytes); }
  int columns() const override { return columns_; }
  int rows() const override { return rows_; }
  void set_size(int columns, int rows) { columns_ = columns, rows_ = rows; }
  std::string& output() { return output_; }

 private:
  int columns_;
  int rows_;
  std::string output_;
};

}  // namespace headliner
