// commands.h — the subcommands of the winnow CLI. Each Add*Command adds its
// flags to `app` and returns the function that runs it once parsed.
#ifndef WINNOW_CLI_COMMANDS_H_
#define WINNOW_CLI_COMMANDS_H_

#include <CLI/CLI.hpp>

#include <functional>

namespace winnow::cli {

using CommandRunner = std::function<int()>;

CLI::App* AddRunCommand(CLI::App& app, CommandRunner* run);
CLI::App* AddCleanCommand(CLI::App& app, CommandRunner* run);
CLI::App* AddBoilerplateCommand(CLI::App& app, CommandRunner* run);
CLI::App* AddClassifyCommand(CLI::App& app, CommandRunner* run);
CLI::App* AddExtractCommand(CLI::App& app, CommandRunner* run);
CLI::App* AddDedupCommand(CLI::App& app, CommandRunner* run);
CLI::App* AddCompareCommand(CLI::App& app, CommandRunner* run);

// The subcommands, in the order --help lists them.
inline constexpr CLI::App* (*kCommands[])(CLI::App&, CommandRunner*) = {
    AddRunCommand,
    AddCleanCommand,
    AddBoilerplateCommand,
    AddClassifyCommand,
    AddExtractCommand,
    AddDedupCommand,
    AddCompareCommand,
};

}  // namespace winnow::cli

#endif  // WINNOW_CLI_COMMANDS_H_
