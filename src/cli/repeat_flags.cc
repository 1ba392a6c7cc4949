// The flags of the cross-document repeat pass.
#include "repeat_flags.h"

namespace winnow::cli {

void AddRepeatFlags(CLI::App* cmd, RepeatFlags* f) {
  cmd->add_option("--min-repeats", f->min_repeats,
                  "A paragraph in at least this many documents of the same "
                  "source (url host, else source field, else input file) is "
                  "boilerplate")
      ->check(CLI::Range(2u, 1000000u))
      ->capture_default_str();
  cmd->add_option("--corpus-min-repeats", f->corpus_min_repeats,
                  "Corpus-wide fallback: a short paragraph (at most 12 words) "
                  "in at least this many documents of at least "
                  "--corpus-min-sources sources is boilerplate (0: off)")
      ->capture_default_str();
  cmd->add_option("--corpus-min-sources", f->corpus_min_sources,
                  "Sources the corpus-wide fallback needs")
      ->check(CLI::Range(1u, 1000000u))
      ->capture_default_str();
  cmd->add_flag("--no-repeats", f->no_repeats,
                "Skip the cross-document pass: classify each document alone "
                "(reads the input once)");
}

void ApplyRepeatFlags(const RepeatFlags& f, RepeatOptions* o) {
  o->min_repeats = f.no_repeats ? 0 : f.min_repeats;
  o->corpus_min_repeats = f.no_repeats ? 0 : f.corpus_min_repeats;
  o->corpus_min_sources = f.corpus_min_sources;
}

Status CheckInputsReadTwice(const RepeatOptions& o, const JobFlags& job) {
  if (o.min_repeats == 0 && o.corpus_min_repeats == 0) return OkStatus();
  for (const InputFile& in : job.files) {
    if (in.path == "-") {
      return InvalidArgument(
          "stdin can be read only once, and counting repeats reads the "
          "input twice: give a file, or use --no-repeats");
    }
  }
  return OkStatus();
}

}  // namespace winnow::cli
