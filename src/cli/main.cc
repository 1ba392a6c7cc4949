// winnow — the command line. Parses flags and hands each subcommand to the
// library; see docs/winnow.1.md for the manual.
#include <CLI/CLI.hpp>

#include <csignal>
#include <cstdio>
#include <map>

#include "commands.h"
#include "common.h"
#include "winnow/version.h"

int main(int argc, char** argv) {
  // A closed pipe (winnow clean x | head) is reported by write(2), not by a
  // signal, and ends the run quietly.
  std::signal(SIGPIPE, SIG_IGN);

  CLI::App app(
      "winnow turns raw captures of articles into a clean, deduplicated text "
      "corpus.",
      "winnow");
  app.set_version_flag("--version", std::string("winnow ") + WINNOW_VERSION);
  app.require_subcommand(1);
  app.fallthrough(false);
  app.footer(
      "Exit status: 0 success, 1 runtime or data error, 2 usage error.\n"
      "Run 'winnow COMMAND --help' for a command's flags; docs/winnow.1.md "
      "is the manual.");

  std::map<CLI::App*, winnow::cli::CommandRunner> runners;
  for (auto add : winnow::cli::kCommands) {
    winnow::cli::CommandRunner run;
    CLI::App* cmd = add(app, &run);
    runners[cmd] = std::move(run);
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    // --help and --version are successes; everything else is a usage error.
    return code == 0 ? 0 : winnow::cli::kExitUsage;
  }
  for (auto& [cmd, runner] : runners) {
    if (cmd->parsed()) return runner();
  }
  std::fprintf(stderr, "winnow: no command given\n");
  return winnow::cli::kExitUsage;
}
