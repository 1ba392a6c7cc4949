// dedup_flags.h — the flags, options and progress display shared by the
// commands that run a dedup job (winnow dedup, winnow run).
#ifndef WINNOW_CLI_DEDUP_FLAGS_H_
#define WINNOW_CLI_DEDUP_FLAGS_H_

#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>
#include <string_view>

#include "common.h"
#include "winnow/dedup.h"

namespace winnow::cli {

// What is similar, and the job's budgets and work directory.
struct DedupFlags {
  JobFlags job;
  double threshold = 0.8;
  std::string measure = "jaccard";
  int ngram = 5;
  int num_perm = 128;
  int bands = 0;
  int rows = 0;
  uint64_t seed = 0;
  std::string verify = "signature";
  std::string cluster = "representative";
  std::string keep = "longest";
  std::string memory = "2G";
  std::string tmp_dir;
  bool resume = false;
  bool keep_work = false;
  uint32_t min_shingles = 30;
  double max_size_ratio = 2.0;
  uint32_t shard_docs = 1u << 18;
  std::string sketch = "oph";
};

// Adds the similarity, memory and work-directory flags to `cmd`.
void AddDedupFlags(CLI::App* cmd, DedupFlags* f);

// Where the job's shard files go: OUTPUT.<suffix> beside the output (or in
// --tmp-dir), so that --resume finds them again without further flags.
Result<std::string> WorkDirFor(const DedupFlags& f, std::string_view suffix);

// The library options for the flags; the work directory is `work_dir`.
Result<DedupOptions> MakeDedupOptions(const DedupFlags& f,
                                      std::string work_dir);

// The per-stage progress line ("winnow COMMAND: stage ..."), and the test
// hook that kills the process after a number of finished shards
// (WINNOW_DEDUP_TEST_KILL=STAGE:N), so that tests can interrupt a run at a
// known point and resume it.
class DedupDisplay {
 public:
  DedupDisplay(std::string command, bool quiet, int verbose);
  ~DedupDisplay() { Clear(); }
  void Update(const DedupProgress& p);
  void Clear();
  DedupProgressFn Callback() {
    return [this](const DedupProgress& p) { Update(p); };
  }

 private:
  std::string command_;
  bool enabled_;
  int verbose_;
  bool shown_ = false;
  double last_ = -1;
  std::string last_stage_;
  std::string kill_stage_;
  uint64_t kill_after_ = 0;
  uint64_t kill_count_ = 0;
};

// Prints the measure, threshold and LSH bands and rows in use.
void PrintLsh(std::string_view command, const DedupOptions& o,
              const DedupJob& job);

}  // namespace winnow::cli

#endif  // WINNOW_CLI_DEDUP_FLAGS_H_
