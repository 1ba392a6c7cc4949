// run.h — the main job: one clean canonical text per story.
//
// RunJob chains the stages over a corpus of captures, streaming, with
// bounded memory and a resumable work directory:
//
//   prepare      the one pass over the inputs: web pages are extracted
//                (extract_step.h), every document is cleaned, its
//                paragraphs hashed and judged on their own evidence
//                (boilerplate.h, PrepareBoilerplate) and counted per source
//                (paragraph_repeats.h; skipped with RepeatOptions::
//                min_repeats and corpus_min_repeats both 0). Each document
//                goes to the work file `captures.jsonl`: its id, its cleaned
//                text, per paragraph what the decision needs, and the input
//                record (its text value emptied) for carrying the other
//                fields through — or, for a record of a plain JSONL file
//                whose text cleaning left as it was, where the record is
//                in that file, whose text the later stages read there; the
//                place of each line to `captures.idx`, the repeat counts
//                to `repeats.bin`.
//   dedup        the near-duplicate job (dedup.h) over the captures; as it
//                reads each one, it decides its paragraphs from the stored
//                values and the counts (DecideBoilerplate) and compares the
//                kept text, so that two stories sharing a site's
//                boilerplate are judged on their stories alone. Its own
//                stages resume shard by shard.
//   consensus    documents of one cluster are brought together (an
//                external sort of where the clustered ones lie in the work
//                file, from captures.idx; the others stream through),
//                each read back in full (a text kept in the input checked
//                against the hash of its bytes), decided again as the
//                dedup stage decided them, and merged into one canonical
//                text (consensus.h).
//
// Output: one record per story, in the order of each story's first capture
// in the input: the fields of the cluster's representative (dedup.h: the
// longest capture by default) with `text` replaced by the canonical text,
// then "cluster" (the representative's input position, as in `winnow dedup
// --annotate-only`), "captures" (the ids of every capture merged, in input
// order) and, with `explain`, "removed": each paragraph left out, with the
// capture it came from, its class, the rule that decided and its score:
//
//   {"id":"web/001","text":"…","cluster":3,"captures":["print/000","web/001"],
//    "removed":[{"capture":"print/000","paragraph":2,"class":"caption",
//                "rule":"cue.caption","score":0.91,"present":1,
//                "begin":812,"end":893,"text":"A man walks …"}]}
//
// A story whose canonical text is empty (every paragraph was boilerplate,
// or the document had no text) is counted (run.empty_stories) and written
// only with `keep_empty`.
//
//   winnow::RunOptions o;
//   o.work_dir = "out.jsonl.run-work";
//   auto job = winnow::RunJob::Create(files, o);
//   if (!job.ok()) return job.status();
//   winnow::RunOutputs outs{out.get(), &rejects};
//   WINNOW_RETURN_IF_ERROR((*job)->Run(outs, progress));
//   WINNOW_RETURN_IF_ERROR(out->Commit());
//
// Resuming. With `resume`, a work directory whose manifest records the same
// inputs (paths, sizes, modification times) and options skips the prepare
// pass when its work files are complete, and the dedup
// job resumes its finished shards; the output is byte-identical to an
// uninterrupted run. Different options or changed inputs are an error.
//
// Determinism: the same inputs and options give the same bytes whatever
// the thread count and memory budget (every stage is deterministic).
//
// Memory: each stage runs alone and keeps within `dedup.memory_bytes`
// (the repeat counter within `boilerplate.repeats.memory_bytes`); the
// consensus stage holds 4 bytes per document plus one cluster's captures.
// Disk: the work file holds each document's cleaned text at most once (not
// at all when its input holds it unchanged) and about 60 bytes per
// paragraph, its index 8 bytes per document, plus the dedup job's work
// (dedup.h) and 24 bytes per clustered document.
//
// Failure: an input changed after the prepare pass read it (a resumed run
// checks its size and time; a rewrite that keeps both is caught by the
// hash of every text read back from it) is a DataError naming the input
// and the record's byte offset.
//
// Failure: bad records follow `stream.on_error` as in stream.h; a damaged
// or foreign work file is a DataError naming it.
//
// Distributed (`dedup.comm` set, dist.h): every rank calls Create and Run
// with the same inputs and options; each prepares its share of the input
// (whole files and byte ranges of JSONL files) in `work_dir/rank-R-of-N`,
// the repeat counts are combined over the ranks (CombineRepeatCounts), the
// dedup job runs distributed over the ranks' work files, each rank builds
// the stories whose first capture it holds, and rank 0 (the only one with
// `outputs.docs`) ends with the whole output, byte-identical to one
// process's, and the report summed over the ranks.
#ifndef WINNOW_RUN_H_
#define WINNOW_RUN_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "winnow/boilerplate.h"
#include "winnow/consensus.h"
#include "winnow/counters.h"
#include "winnow/dedup.h"
#include "winnow/extract_step.h"
#include "winnow/reader.h"
#include "winnow/status.h"
#include "winnow/stream.h"
#include "winnow/writer.h"

namespace winnow {

struct RunOptions {
  ReaderOptions reader;    // how the inputs are read
  StreamOptions stream;    // threads and the error policy
  ExtractStepOptions extract;
  // Cleaning, classification and repeat counting (clean_input and explain
  // are set by the job).
  BoilerplateOptions boilerplate;
  // Similarity, clustering and budgets. Its reader, on_error, threads,
  // work_dir and resume are set by the job.
  DedupOptions dedup;
  ConsensusOptions consensus;
  std::string work_dir;    // required
  bool resume = false;
  bool explain = false;    // add the "removed" list
  bool keep_empty = false; // write stories with an empty canonical text
};

// Where Run writes; nothing is committed here.
struct RunOutputs {
  // Required; in a distributed run only on rank 0 (null on the others).
  OutputFile* docs = nullptr;
  RejectSink* rejects = nullptr;  // for OnError::kSkip
  // Distributed, ranks other than 0: the compression of rank 0's output,
  // in which they encode their shares of it.
  Compression docs_compression = Compression::kNone;
};

struct RunReport {
  uint64_t docs = 0;            // documents read (rejects excluded)
  uint64_t rejected = 0;        // records rejected (kSkip)
  uint64_t bytes = 0;           // decompressed input bytes
  uint64_t stories = 0;         // records written
  uint64_t merged_stories = 0;  // stories made from two or more captures
  uint64_t merged_captures = 0; // captures in those stories
  uint64_t empty_stories = 0;   // stories with no text left
  uint64_t paragraphs = 0;      // cleaned paragraphs of all documents
  uint64_t removed = 0;         // paragraphs left out of the output
  bool resumed_prepare = false;  // the prepare pass found done
  DedupReport dedup;
  // Every stage's own counts; "run.removed.<class>" per class.
  Counters counters;
  std::vector<std::pair<std::string, double>> stage_seconds;
};

class RunJob {
 public:
  // Validates the options; opens (or with `resume`, reopens) the work
  // directory and locks it.
  static Result<std::unique_ptr<RunJob>> Create(std::vector<InputFile> inputs,
                                                const RunOptions& options);
  virtual ~RunJob() = default;

  // Runs (or resumes) every stage and writes the stories. Progress is
  // reported per stage ("repeats", "boilerplate", the dedup stages,
  // "consensus").
  virtual Status Run(const RunOutputs& outputs,
                     const DedupProgressFn& progress) = 0;

  virtual const RunReport& report() const = 0;
  // The bands and rows the dedup stage uses (after Run has begun it).
  virtual const DedupJob* dedup() const = 0;

  // Deletes the work directory (after the outputs are committed).
  virtual Status RemoveWorkDir() = 0;
};

}  // namespace winnow

#endif  // WINNOW_RUN_H_
