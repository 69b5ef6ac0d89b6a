// The displays that need platform code: "hd44780" (Linux i2c-dev),
// "lcdproc" (a client of LCDd) and "lcd-sim" (the HD44780 driver and its
// model, drawn in the terminal). main() hands open_platform_display to the
// command line, which knows only the Display interface.
#pragma once

#include <memory>
#include <string>

#include "config.hpp"
#include "display.hpp"

namespace headliner {

// Opens the display called `name` as `config` describes it and brings its
// device up. On failure returns nullptr and says why in `error`, one line
// naming the device ("LCD on /dev/i2c-1 at 0x27: cannot open /dev/i2c-1:
// No such file or directory").
std::unique_ptr<Display> open_platform_display(const std::string& name, const Config& config, bool color,
                                               std::string& error);

}  // namespace headliner
