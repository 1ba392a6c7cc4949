// winnow clean: text cleanup and paragraph recovery, one record per input
// document.
#include <memory>

#include "commands.h"
#include "common.h"
#include "winnow/clean_step.h"

namespace winnow::cli {

CLI::App* AddCleanCommand(CLI::App& app, CommandRunner* run) {
  struct Flags {
    JobFlags job;
    bool no_reflow = false;
    bool no_nfc = false;
    bool no_dehyphenate = false;
    std::vector<std::string> dictionaries;
    bool no_dictionary = false;
  };
  auto flags = std::make_shared<Flags>();
  CLI::App* cmd = app.add_subcommand(
      "clean",
      "Clean document text: repair UTF-8, normalize Unicode (NFC), control "
      "characters and spaces, and recover paragraphs from hard-wrapped text "
      "(one paragraph per line)");
  AddJobFlags(cmd, &flags->job);
  cmd->add_flag("--no-reflow", flags->no_reflow,
                "Keep line breaks as they are (no paragraph recovery)");
  cmd->add_flag("--no-nfc", flags->no_nfc, "Skip Unicode normalization (NFC)");
  cmd->add_flag("--no-dehyphenate", flags->no_dehyphenate,
                "Keep line-end hyphens when rejoining wrapped lines");
  AddDictionaryFlags(cmd, &flags->dictionaries, &flags->no_dictionary);
  *run = [flags] {
    CleanOptions options;
    options.reflow = !flags->no_reflow;
    options.nfc = !flags->no_nfc;
    options.reflow_options.dehyphenate = !flags->no_dehyphenate;
    Status dict = ResolveDictionary(flags->dictionaries, flags->no_dictionary,
                                    flags->job.quiet, &options.reflow_options);
    if (!dict.ok()) return ReportError(dict);
    return RunStreamCommand("clean", flags->job,
                            [options] { return NewCleanStep(options); });
  };
  return cmd;
}

}  // namespace winnow::cli
