// An I2C bus as a character LCD's backpack sees it: writes of a few bytes to
// one 7-bit address. The Linux i2c-dev implementation lives here; tests put
// a model of the device (hd44780/hd44780_model.hpp) behind the same interface.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>

namespace headliner {

class I2cBus {
 public:
  virtual ~I2cBus() = default;
  // Writes `bytes` to the device, in one transfer. False on an error, which
  // error() then names ("Remote I/O error": nothing answered at the address).
  virtual bool write(std::span<const std::uint8_t> bytes) = 0;
  virtual std::string error() const = 0;
  // "/dev/i2c-1 at 0x27": how messages name the device.
  virtual std::string name() const = 0;
};

// /dev/i2c-N through the kernel's i2c-dev driver. Opening does not touch the
// device; the first write tells whether anything answers.
class LinuxI2cBus final : public I2cBus {
 public:
  // Throws nothing: a bus that cannot be opened reports it on every write.
  LinuxI2cBus(std::string path, int address);
  ~LinuxI2cBus() override;
  LinuxI2cBus(const LinuxI2cBus&) = delete;
  LinuxI2cBus& operator=(const LinuxI2cBus&) = delete;

  bool write(std::span<const std::uint8_t> bytes) override;
  std::string error() const override { return error_; }
  std::string name() const override;

 private:
  bool open_bus();

  std::string path_;
  int address_;
  int fd_ = -1;
  std::string error_;
};

}  // namespace headliner
