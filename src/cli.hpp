// The command line: `headliner [run]`, `once`, `show`, `check`.
#pragma once

namespace headliner {

// Parses the arguments and runs the command; returns the exit status.
int run_cli(int argc, char** argv);

}  // namespace headliner
