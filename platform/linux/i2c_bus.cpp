#include "linux/i2c_bus.hpp"

#include <fcntl.h>
#include <linux/i2c-dev.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace headliner {

LinuxI2cBus::LinuxI2cBus(std::string path, int address) : path_(std::move(path)), address_(address) {}

LinuxI2cBus::~LinuxI2cBus() {
  if (fd_ >= 0) ::close(fd_);
}

std::string LinuxI2cBus::name() const {
  char address[8];
  std::snprintf(address, sizeof address, "0x%02X", address_);
  return path_ + " at " + address;
}

// Opened lazily and again after a failure: a bus that appears late (the
// i2c-dev module loaded after us) or a re-plugged adapter is picked up.
bool LinuxI2cBus::open_bus() {
  if (fd_ >= 0) return true;
  fd_ = ::open(path_.c_str(), O_RDWR | O_CLOEXEC);
  if (fd_ < 0) {
    error_ = "cannot open " + path_ + ": " + std::strerror(errno);
    return false;
  }
  if (::ioctl(fd_, I2C_SLAVE, address_) < 0) {
    error_ = "cannot select address: " + std::string(std::strerror(errno));
    ::close(fd_);
    fd_ = -1;
    return false;
  }
  return true;
}

bool LinuxI2cBus::write(std::span<const std::uint8_t> bytes) {
  if (!open_bus()) return false;
  ssize_t n = ::write(fd_, bytes.data(), bytes.size());
  if (n == static_cast<ssize_t>(bytes.size())) return true;
  error_ = n < 0 ? std::string("write failed: ") + std::strerror(errno) : "short write";
  ::close(fd_);
  fd_ = -1;
  return false;
}

}  // namespace headliner
