// repeat_flags.h — the flags of the cross-document repeat pass, shared by
// the commands that remove boilerplate (winnow boilerplate, winnow run).
#ifndef WINNOW_CLI_REPEAT_FLAGS_H_
#define WINNOW_CLI_REPEAT_FLAGS_H_

#include <CLI/CLI.hpp>
#include <cstdint>

#include "common.h"
#include "winnow/paragraph_repeats.h"

namespace winnow::cli {

struct RepeatFlags {
  bool no_repeats = false;
  uint32_t min_repeats = RepeatOptions().min_repeats;
  uint32_t corpus_min_repeats = RepeatOptions().corpus_min_repeats;
  uint32_t corpus_min_sources = RepeatOptions().corpus_min_sources;
};

// --min-repeats, --corpus-min-repeats, --corpus-min-sources, --no-repeats.
void AddRepeatFlags(CLI::App* cmd, RepeatFlags* f);

// Sets the thresholds of `o` from the flags (both 0 with --no-repeats).
void ApplyRepeatFlags(const RepeatFlags& f, RepeatOptions* o);

// Counting repeats reads the input twice: stdin cannot be an input then.
Status CheckInputsReadTwice(const RepeatOptions& o, const JobFlags& job);

}  // namespace winnow::cli

#endif  // WINNOW_CLI_REPEAT_FLAGS_H_
