// run_manifest.h — the run job's manifest (run.txt in its work directory):
// the options and inputs a work directory was made with, and the counts of
// the finished boilerplate pass. Internal to src/pipeline.
//
//   winnow-run-manifest 1
//   options format=auto text_field=text ...
//   input 1048576 1700000000.123456789 corpus.jsonl
//   done boilerplate docs=300000 rejected=0 bytes=650000000
//   counter clean.paragraphs 1200000
//
// Rewritten atomically (temporary file, rename) when the pass is done.
#ifndef WINNOW_SRC_PIPELINE_RUN_MANIFEST_H_
#define WINNOW_SRC_PIPELINE_RUN_MANIFEST_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "winnow/counters.h"
#include "winnow/status.h"

namespace winnow::pipeline {

struct RunManifest {
  std::string options;              // canonical options, one line
  std::vector<std::string> inputs;  // "SIZE MTIME NAME" (InputFingerprint)
  bool done = false;                // the boilerplate pass finished
  uint64_t docs = 0, rejected = 0, bytes = 0;
  Counters counters;  // that pass's counters

  std::string Text() const;
  // Parses manifest text; a malformed line is a DataError naming
  // `name`:line.
  static Result<RunManifest> Parse(std::string_view text,
                                   const std::string& name);
  static Result<RunManifest> Load(const std::string& path);
  Status Save(const std::string& path) const;
};

}  // namespace winnow::pipeline

#endif  // WINNOW_SRC_PIPELINE_RUN_MANIFEST_H_
