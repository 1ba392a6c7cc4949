// dedup.h — near-duplicate detection at corpus scale: exact duplicates,
// MinHash-LSH candidates, verification, clustering without chaining, with
// bounded memory and resumable stages.
//
// A DedupJob runs these stages over its inputs, each writing shard files to
// a work directory and recording finished shards in its manifest:
//
//   sketch   read every document; normalize, shingle (shingle.h), sign
//            (minhash.h); record its exact fingerprint, normalized length
//            and distinct shingle count. Shards: ranges of `shard_docs`
//            input documents.
//   exact    group documents with equal fingerprints: the best-ranked one
//            (KeepRule) goes on, the others will join its cluster with
//            similarity 1. Computes every document's keep rank. One shard.
//   bands    the LSH band keys (lsh.h) of every document that goes on,
//            partitioned by key into `partitions` sorted runs per sketch
//            shard (spilled whenever the memory budget is full).
//   pairs    per key partition: merge its runs; documents sharing a key are
//            candidate pairs (a bucket larger than `max_bucket` pairs each
//            member with its `max_bucket` best-ranked members only); pairs
//            go to sorted runs partitioned by the ordinal of their first
//            document.
//   verify   per pair partition: merge, drop repeats, and judge each pair
//            by its similarity (similarity.h) — the signature estimate, or
//            the exact shingle sets with VerifyMode::kExact — keeping those
//            at or above the threshold as edges.
//   cluster  sort the edges by keep rank and cluster them (cluster.h);
//            exact duplicates join their kept copy's cluster. One shard.
//   filter   (WriteOutputs) read the inputs again and write the kept
//            documents, or every document annotated; collect the clusters
//            file. Shards as in sketch; the shards are joined at the end.
//
// Memory. `memory_bytes` bounds the resident set: stages buffer up to their
// share of it and spill sorted runs to the work directory. What stays in
// memory grows with the number of documents only: 16 to 24 bytes per
// document in the exact, cluster and filter stages (at most 240 MB for 10
// million documents; a budget too small for them is an error saying what
// is needed), and the signatures in the verify stage only when they fit in
// the budget (4 · num_perm bytes each; otherwise each lookup reads them
// from disk). The work directory needs about 4 · num_perm + 50 + 12 · bands
// bytes per document, plus 8 bytes per distinct shingle with
// VerifyMode::kExact, plus the output (which becomes the output file).
//
// Resuming. A job created with `resume` on a work directory whose manifest
// was written with the same options and inputs (paths, sizes, modification
// times) skips every finished shard; the outputs are byte-identical to an
// uninterrupted run. Killing a job at any point (even kill -9) loses at most
// the shards in progress. Different options or changed inputs are an error.
//
// Determinism. Same inputs and options (seed included) give byte-identical
// outputs whatever the thread count and memory budget: every stage's result
// is a function of its inputs only, every sort is a total order.
//
// Distribution. Band keys are partitioned by key hash, pairs by the
// ordinal range of their first document, and verification reads only the
// signatures of its pairs, so the bands, pairs and verify stages can run on
// separate workers; the exact and cluster stages read per-document tables
// (4 to 16 bytes per document) and, for the cluster stage, every verified
// edge in keep-rank order (an external sort, not memory).
//
// With `comm` (dist.h: `mpirun -np N winnow dedup`), the job runs on N
// ranks. Each rank reads, sketches and filters a contiguous share of the
// input files (whole files, balanced by size; rank 0's come first), keeping
// its documents' signatures in memory (4 · num_perm + 40 bytes each); each
// later stage is a shuffle in bounded rounds (src/dedup/dist_stages.cc):
// fingerprints and band keys to the ranks owning their hash, pairs to the
// owner of their first document, signatures (never texts) to the owner of
// the second for verification, and clusters by distributed connected
// components (min-label propagation); no rank gathers all edges. Rank 0
// joins every rank's share into the outputs: byte-identical to a single
// process's (compressed outputs: once decompressed). Work directories are
// WORK_DIR/rank-R-of-N; --resume needs the same N. Not supported
// distributed: --verify exact, standard input; Assignments() with N > 1.
//
//   winnow::DedupOptions o;
//   o.work_dir = "out.jsonl.dedup-work";
//   auto job = winnow::DedupJob::Create(files, o);
//   if (!job.ok()) return job.status();
//   WINNOW_RETURN_IF_ERROR((*job)->Analyze(progress));
//   auto a = (*job)->Assignments();        // cluster of every document
//   winnow::DocCluster c;
//   while ((*a)->Next(&c)) Use(c.ordinal, c.cluster, c.similarity);
//   WINNOW_RETURN_IF_ERROR((*job)->WriteOutputs(outputs, progress));
//
// Failure: bad records follow `on_error` (as in stream.h: kFail stops at
// the first, kSkip writes it to the rejects and goes on); an unwritable or
// full work directory is an IoError naming the file; a damaged work file is
// a DataError naming it; a budget too small for the corpus is
// ResourceExhausted saying what it needs.
#ifndef WINNOW_DEDUP_H_
#define WINNOW_DEDUP_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "winnow/cluster.h"
#include "winnow/counters.h"
#include "winnow/dist.h"
#include "winnow/lsh.h"
#include "winnow/minhash.h"
#include "winnow/reader.h"
#include "winnow/shingle.h"
#include "winnow/similarity.h"
#include "winnow/status.h"
#include "winnow/stream.h"
#include "winnow/writer.h"

namespace winnow {

enum class VerifyMode { kSignature, kExact };

std::string_view VerifyModeName(VerifyMode v);  // "signature", "exact"
Result<VerifyMode> ParseVerifyMode(std::string_view name);

struct DedupOptions {
  // What "similar" means.
  ShingleOptions shingle;            // --ngram 5, --seed 0
  int num_perm = 128;                // --num-perm: signature values
  SketchScheme scheme = SketchScheme::kOnePermutation;
  Measure measure = Measure::kJaccard;  // --measure
  double threshold = 0.8;            // --threshold, in (0, 1]
  // Containment only: a pair whose smaller document has fewer distinct
  // shingles than this is judged by Jaccard (--min-shingles).
  uint32_t min_shingles = 30;
  // Containment only: the LSH threshold is set so that pairs up to this
  // size ratio (larger / smaller) are candidates (--max-size-ratio).
  double max_size_ratio = 2.0;
  int bands = 0;                     // --bands; 0: chosen (lsh.h)
  int rows = 0;                      // --rows; 0: chosen
  VerifyMode verify = VerifyMode::kSignature;  // --verify
  ClusterMode cluster = ClusterMode::kRepresentative;  // --cluster
  KeepRule keep = KeepRule::kLongest;  // --keep

  // Reading.
  ReaderOptions reader;
  OnError on_error = OnError::kFail;

  // Budgets and layout.
  uint64_t memory_bytes = uint64_t{2} << 30;  // --memory: resident set
  int threads = 0;                   // -j; 0: one per core
  std::string work_dir;              // required: where shard files go
  bool resume = false;               // --resume
  uint32_t shard_docs = 1u << 18;    // documents per sketch/filter shard
  int partitions = 8;                // band-key and pair partitions
  uint32_t max_bucket = 256;         // all pairs below, capped above

  // For a job whose records hold more than the text to compare (winnow
  // run's work file holds every cleaned paragraph and its evidence): turns
  // each record read by the sketch stage into the document that is
  // sketched, before it is. Called from several threads at once, so it must
  // be thread-safe, and deterministic. Its error is the record's error
  // (on_error). Only Analyze() uses it; the filter stage writes records as
  // read.
  std::function<Status(Doc& doc)> prepare;

  // Distributed: `inputs` is this rank's share already (the ranks' shares,
  // in rank order, are the whole input, and no input is cut between two
  // ranks); the job does not divide them. For a job whose ranks wrote their
  // own inputs (winnow run's captures).
  bool inputs_are_share = false;

  // Distributed: the ranks to spread the job over (dist.h), or null for
  // this process alone. Each rank gives the same inputs and options; see
  // "Distribution" above.
  Communicator* comm = nullptr;
};

// One stage's progress, for display.
struct DedupProgress {
  std::string_view stage;  // "sketch", "exact", "bands", ...
  uint64_t done = 0;       // documents (sketch, filter) or shards
  uint64_t total = 0;      // 0 when unknown
  uint64_t bytes = 0;      // input bytes read (sketch, filter)
  uint64_t raw_bytes = 0;  // bytes read from disk, and their total
  uint64_t raw_total = 0;
  double seconds = 0;      // since the stage began
  // Set when a shard was just recorded in the manifest (once per shard).
  bool shard_finished = false;
  bool stage_finished = false;
};

using DedupProgressFn = std::function<void(const DedupProgress&)>;

struct DedupReport {
  LshParams lsh;               // the bands and rows used
  double lsh_threshold = 0;    // the Jaccard threshold they were chosen for
  uint64_t docs = 0;           // input documents (records), rejects included
  uint64_t rejected = 0;       // records rejected (kSkip)
  uint64_t bytes = 0;          // decompressed input bytes
  uint64_t empty_docs = 0;     // documents without a single word
  uint64_t exact_duplicates = 0;  // documents equal to a better-ranked one
  uint64_t candidate_pairs = 0;   // distinct LSH candidate pairs
  uint64_t verified_edges = 0;    // candidates at or above the threshold
  uint64_t clusters = 0;       // clusters of two or more documents
  uint64_t clustered_docs = 0; // documents in those clusters
  uint64_t removed = 0;        // documents that are not kept
  uint64_t docs_out = 0;       // records written to the output
  uint64_t resumed_shards = 0; // finished shards found and skipped
  Counters counters;           // every stage's own counts
  std::vector<std::pair<std::string, double>> stage_seconds;
};

// The cluster of one document, in input order.
struct DocCluster {
  uint64_t ordinal = 0;      // input position
  uint32_t cluster = 0;      // the representative's ordinal (the cluster id)
  float similarity = 1;      // to the representative
  uint32_t cluster_size = 1;
  bool exact = false;        // an exact duplicate of a better-ranked doc
  bool rejected = false;     // a rejected record (no cluster)
  bool is_representative() const { return cluster == ordinal; }
};

class AssignmentReader {
 public:
  virtual ~AssignmentReader() = default;
  // The next document's cluster; false after the last one or on an error.
  virtual bool Next(DocCluster* out) = 0;
  virtual const Status& status() const = 0;
  virtual uint64_t size() const = 0;
};

// Where WriteOutputs writes. `docs` is required; `clusters` and `rejects`
// may be null. Nothing is committed here.
struct DedupOutputs {
  OutputFile* docs = nullptr;
  OutputFile* clusters = nullptr;
  RejectSink* rejects = nullptr;
  // Keep every document and annotate it (cluster, cluster_size, and for
  // the others duplicate_of and similarity) instead of dropping duplicates.
  bool annotate_only = false;
  // Distributed, ranks other than 0: `docs` is null there (rank 0 writes
  // every output); their shares are encoded with this compression.
  Compression docs_compression = Compression::kNone;
};

class DedupJob {
 public:
  // Validates the options and opens the work directory: a fresh one, or
  // with `resume`, one whose manifest matches. Holds a lock on it until
  // destroyed, so two jobs cannot share it.
  static Result<std::unique_ptr<DedupJob>> Create(
      std::vector<InputFile> inputs, const DedupOptions& options);
  virtual ~DedupJob() = default;

  // The bands and rows, and the Jaccard threshold they were chosen for.
  virtual const LshParams& lsh() const = 0;
  virtual double lsh_threshold() const = 0;

  // Runs (or resumes) the stages up to and including cluster.
  virtual Status Analyze(const DedupProgressFn& progress) = 0;

  // After Analyze: every document's cluster, in input order. In a
  // distributed run, this rank's documents only (ordinals from the first of
  // its share: RankOrdinals()[rank]).
  virtual Result<std::unique_ptr<AssignmentReader>> Assignments() const = 0;

  // After Analyze: where each rank's documents begin in the input, then the
  // total ({0, docs} in one process).
  virtual std::vector<uint64_t> RankOrdinals() const = 0;

  // After Analyze: the filter stage and the final join of its shards.
  virtual Status WriteOutputs(const DedupOutputs& outputs,
                              const DedupProgressFn& progress) = 0;

  virtual const DedupReport& report() const = 0;

  // Deletes the work directory (after the outputs are committed).
  virtual Status RemoveWorkDir() = 0;
};

}  // namespace winnow

#endif  // WINNOW_DEDUP_H_
