// The command line: `headliner [run]`, `once`, `show`, `check`, `status`, `import`, `export`.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "config.hpp"
#include "display.hpp"
#include "service_notifier.hpp"

namespace headliner {

// Opens a display the core does not build itself (an LCD: platform/), or
// returns nullptr with one line saying why. Arguments: name, config, colour.
using DisplayOpener =
    std::function<std::unique_ptr<Display>(const std::string&, const Config&, bool, std::string& error)>;

// Parses the arguments and runs the command; returns the exit status.
// `service`: what the ticker tells the service manager that started it.
int run_cli(int argc, char** argv, const DisplayOpener& open_display = {}, const ServiceNotifier& service = {});

}  // namespace headliner
