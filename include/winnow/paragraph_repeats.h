// paragraph_repeats.h — paragraphs that recur across the documents of one
// source: appeals, newsletter boxes, legal footers, "Remind me later".
//
// A publisher's template puts the same paragraphs on every page; a story
// does not repeat itself across stories. Counting, per source, in how many
// documents each paragraph occurs (its document frequency) finds template
// text without knowing any site: a paragraph in at least
// RepeatOptions::min_repeats documents of one source is furniture. The
// source of a document is Doc::source: the host of its `url` field, else
// its `source` field, else its input file.
//
// Two passes over the corpus, with bounded memory:
//
//   pass 1  RepeatCounter: every document adds the hashes of its distinct
//           paragraphs (ParagraphHash) under its source (SourceHash). Each
//           thread buffers (paragraph, source) keys; a full buffer is
//           sorted, counted and spilled to a run file in the temporary
//           directory. Finish() merges the runs (an external merge sort,
//           Knuth TAOCP vol. 3, 5.4.1) into a RepeatIndex holding only the
//           pairs at or above the threshold.
//   pass 2  RepeatIndex::SourceCount() for each paragraph of each document
//           (see boilerplate.h, which removes them).
//
// What counts as "the same paragraph". ParagraphHash() normalizes before
// hashing: letters are case-folded, every run of digits becomes "0", and
// every run of anything else (spaces, punctuation, symbols) becomes one
// space. So "Remind me later." equals "remind me later", and "© 2023 Acme"
// equals "© 2024 Acme" (dates and counters in footers change from page to
// page; text that differs only in its numbers is the same template); in
// scripts written without spaces (Han, kana, Thai) each character is a
// word, as the classifier reads them. Only
// whole paragraphs are hashed: a quotation inside a sentence is part of its
// paragraph and never matches on its own. A paragraph without a letter is
// not counted (hash 0).
//
// Short paragraphs. A repeated one-word line (a dateline, "Advertisement")
// is counted like any other. Whether it goes is decided in context by the
// classifier: repeated paragraphs leave when they stand at an edge of the
// document or next to other furniture; a repeated paragraph alone inside
// the story (a dateline, a subheading, a background paragraph the source
// reuses) stays. See paragraph_classifier.h.
//
// The corpus-wide fallback catches furniture that is rare in each source but
// common across many (a consent line shared by a CMS): a paragraph in at
// least corpus_min_repeats documents of at least corpus_min_sources sources
// counts as repeated, but only if it has at most corpus_max_words words,
// because long paragraphs shared across publishers are syndicated stories,
// which near-duplicate detection handles, not boilerplate.
//
//   auto counter = winnow::RepeatCounter::Create(options);
//   auto shard = (*counter)->NewShard();          // one per thread
//   shard->AddDocument(winnow::SourceHash("example.com"), hashes);
//   shard.reset();                                // flushes
//   auto index = (*counter)->Finish();            // Result<RepeatIndex>
//   index->SourceCount(src, para);                // >= min_repeats, or 0
//
// Memory: the shards' buffers share RepeatOptions::memory_bytes (16 bytes
// per buffered paragraph occurrence, at most 16 MiB a shard: a full buffer
// is sorted into a counted run by the thread filling it); the merge keeps one 64 KiB buffer per
// run, at most 64 runs at once; the index holds 24 bytes per repeated
// (paragraph, source) pair plus at most 16 for its lookup table, and 16 per
// corpus-wide repeat, and Finish()
// fails with ResourceExhausted if that exceeds the budget. Disk: 20 bytes
// per distinct (paragraph, source) pair per run.
//
// Failure: IoError naming the temporary file when a run cannot be written
// or read back; DataError if a run file is truncated.
//
// Distributed (dist.h). Each rank counts its own documents in its own
// RepeatCounter; CombineRepeatCounts (below) then gives every rank the
// index one counter over all the documents builds. It reads each rank's
// merged counts as a stream (RepeatCounter::ReadCounts), shuffles them in
// bounded rounds to the rank owning the paragraph's hash (every source of a
// paragraph meets on one rank, so the corpus-wide fallback's documents and
// sources are exact), where a counter of the owner's merges them
// (RepeatCounter::AddCounts, spilling like the shards); each owner keeps
// the repeated pairs and corpus-wide repeats of its paragraphs, and every
// rank receives every owner's part. The band keys of the distributed dedup
// travel the same way (src/dedup/dist_stages.cc).
//
//   auto local = winnow::RepeatCounter::Create(options, threads);
//   ... the rank's documents through (*local)->NewShard() ...
//   auto index = winnow::CombineRepeatCounts(comm, local->get(),
//                                            16 << 20);  // bytes a round
#ifndef WINNOW_PARAGRAPH_REPEATS_H_
#define WINNOW_PARAGRAPH_REPEATS_H_

#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "winnow/status.h"

namespace winnow {

class Communicator;  // dist.h

struct RepeatOptions {
  // A paragraph in at least this many documents of one source is repeated.
  // 3, not 2: two captures of the same story from one source share all
  // their paragraphs, and must not lose them; a third document sharing a
  // paragraph is a template. 0 turns per-source repeats off.
  uint32_t min_repeats = 3;
  // Corpus-wide fallback (see above). 0 turns it off.
  uint32_t corpus_min_repeats = 100;
  uint32_t corpus_min_sources = 5;
  uint32_t corpus_max_words = 12;
  // Memory for pass 1's buffers and for the index.
  uint64_t memory_bytes = uint64_t{512} << 20;  // 512 MiB
  // Where run files go; empty: $TMPDIR, else /tmp.
  std::string tmp_dir;
};

// Hash of a paragraph's normalized form (see above); 0 when the paragraph
// has no letter and is not counted. `words` receives its word count.
uint64_t ParagraphHash(std::string_view paragraph, uint32_t* words = nullptr);

// Hash of a source name (Doc::source).
uint64_t SourceHash(std::string_view source);

// The result of pass 1: repeated paragraphs and their document frequencies.
class RepeatIndex {
 public:
  struct Pair {
    uint64_t paragraph;
    uint64_t source;
    uint32_t docs;
  };
  struct Wide {
    uint64_t paragraph;
    uint32_t docs;
    uint32_t sources;
  };
  struct Stats {
    uint64_t documents = 0;        // documents counted in pass 1
    uint64_t occurrences = 0;      // distinct paragraphs per document, summed
    uint64_t distinct_pairs = 0;   // distinct (paragraph, source) pairs
    uint64_t repeated_pairs = 0;   // pairs at or above min_repeats
    uint64_t corpus_repeats = 0;   // corpus-wide repeats
    uint64_t runs_spilled = 0;     // run files written
    uint64_t bytes_spilled = 0;
  };

  RepeatIndex() = default;
  RepeatIndex(RepeatOptions options, std::vector<Pair> pairs,
              std::vector<Wide> wide, Stats stats);

  // Documents of `source` holding `paragraph`, when at least min_repeats;
  // else 0.
  uint32_t SourceCount(uint64_t source, uint64_t paragraph) const;
  // Corpus-wide documents and sources of `paragraph`, when it passes the
  // fallback's thresholds (corpus_min_repeats, corpus_min_sources); else
  // {0, 0}. The caller applies corpus_max_words.
  Wide CorpusCount(uint64_t paragraph) const;

  const RepeatOptions& options() const { return options_; }
  const Stats& stats() const { return stats_; }

  // The index in a file, for a job that reads it again after a restart
  // (winnow run --resume): Save writes `path` atomically; Load reads it
  // back with `options` (which the file does not hold). A truncated,
  // damaged or foreign file is a DataError naming it. The file holds 20
  // bytes per repeated pair and 16 per corpus-wide repeat.
  Status Save(const std::string& path) const;
  static Result<RepeatIndex> Load(const std::string& path,
                                  const RepeatOptions& options);

 private:
  RepeatOptions options_;
  std::vector<Pair> pairs_;  // sorted by (paragraph, source)
  std::vector<Wide> wide_;   // sorted by paragraph
  Stats stats_;
  // SourceCount is asked for every paragraph of every document, mostly of
  // pairs that are not here: an open-addressing table of pair numbers + 1
  // (0: empty), at most half full, answers in one or two probes. In front
  // of it, a filter of 16 bits a pair (one bit set per pair; 160,000 pairs
  // take 320 KB, which stays in a core's cache where the table does not)
  // turns most absent pairs away (all but about 6%) without touching it.
  std::vector<uint32_t> slots_;
  std::vector<uint64_t> filter_;
};

// Pass 1. Thread-safe: each thread adds documents through its own Shard.
class RepeatCounter {
 public:
  class Shard {
   public:
    ~Shard();  // flushes what it holds into the counter
    Shard(const Shard&) = delete;
    Shard& operator=(const Shard&) = delete;
    // Adds one document: the hashes of its paragraphs (0s are ignored,
    // duplicates counted once).
    void AddDocument(uint64_t source, std::span<const uint64_t> paragraphs);

   private:
    friend class RepeatCounter;
    Shard(RepeatCounter* owner, size_t capacity);
    void Flush();
    RepeatCounter* owner_;
    size_t capacity_;
    std::vector<uint64_t> keys_;  // (paragraph, source) pairs, interleaved
    std::vector<uint64_t> doc_;   // scratch
    uint64_t documents_ = 0;
    uint64_t occurrences_ = 0;
  };

  // `shards` is how many shards will exist at once (threads); each gets an
  // equal part of the memory budget. Creates a private directory under
  // tmp_dir for the runs; fails with IoError naming it if it cannot.
  static Result<std::unique_ptr<RepeatCounter>> Create(
      const RepeatOptions& options, int shards);
  ~RepeatCounter();  // removes the run files and their directory

  std::unique_ptr<Shard> NewShard();

  // Merges everything added into the index. Call once, after every shard
  // has been destroyed.
  Result<RepeatIndex> Finish();

  // A (paragraph, source) pair and the number of documents of `source`
  // holding `paragraph`: what ReadCounts yields and AddCounts takes.
  struct Record {
    uint64_t paragraph;
    uint64_t source;
    uint64_t docs;
  };

  // The merged counts as a stream, pulled one record at a time (a shuffle
  // fills one round, then pulls again). Single-threaded.
  class Reader {
   public:
    ~Reader();
    Reader(const Reader&) = delete;
    Reader& operator=(const Reader&) = delete;
    // The next record in (paragraph, source) order, the docs of equal keys
    // summed: each key once. False at the end, or on an error (status()).
    // At the end the counter's runs are freed and their files removed.
    bool Next(Record* r);
    // IoError or DataError naming the run file that failed, else ok.
    Status status() const;
    // The counter's documents, occurrences, runs_spilled and
    // bytes_spilled; distinct_pairs counts the records read so far (all of
    // them at the end). No threshold is applied: repeated_pairs and
    // corpus_repeats stay 0.
    const RepeatIndex::Stats& stats() const { return stats_; }

   private:
    friend class RepeatCounter;
    struct Merge;
    Reader(RepeatCounter* owner, std::unique_ptr<Merge> merge,
           RepeatIndex::Stats stats);
    RepeatCounter* owner_;
    std::unique_ptr<Merge> merge_;
    RepeatIndex::Stats stats_;
    Status status_;  // once merge_ is gone
  };

  // Instead of Finish(), for counts that go on elsewhere (to other ranks):
  // merges the runs down to at most 64 as Finish does and returns a reader
  // of every counted record. It ends the counter as Finish does: call one
  // of the two, once, after every shard has been destroyed. The counter
  // must outlive the reader (it owns the runs). Fails with the counter's
  // first error (a run that could not be spilled) or the merge's.
  Result<std::unique_ptr<Reader>> ReadCounts();

  // Adds records counted elsewhere (another counter's Reader, another
  // rank), in any order, a key any number of times: their docs are summed
  // with the rest. `documents` and `occurrences` are those the records
  // were counted from, for the stats. The records are buffered like a
  // shard's keys (one shard's part of the budget, 24 bytes a record; give
  // Create one shard more for it), then sorted, summed and kept or spilled
  // as a run. Thread-safe (callers take turns: one buffer is sorted under
  // the counter's lock). Empties *records. Records of paragraph 0 are
  // ignored, as AddDocument ignores hash 0. Returns the counter's first
  // error so far (a run that could not be written); InternalError after
  // Finish or ReadCounts.
  Status AddCounts(std::vector<Record>* records, uint64_t documents = 0,
                   uint64_t occurrences = 0);

  const RepeatOptions& options() const { return options_; }
  const std::string& run_dir() const { return dir_; }

 private:
  RepeatCounter(RepeatOptions options, std::string dir, size_t shard_keys);
  // Takes a sorted, counted run from a shard.
  void Accept(std::vector<Record>* counted, uint64_t documents,
              uint64_t occurrences);
  void AcceptLocked(std::vector<Record>* counted);
  Status SpillLocked(std::vector<Record>* counted);
  // Sorts, sums and accepts what AddCounts holds.
  void FlushAddedLocked();

  RepeatOptions options_;
  std::string dir_;
  size_t shard_keys_;
  std::mutex mu_;
  Status error_;
  std::vector<std::vector<Record>> memory_runs_;
  uint64_t memory_run_records_ = 0;
  std::vector<Record> added_;  // AddCounts' buffer, unsorted
  std::vector<std::string> files_;
  uint64_t documents_ = 0;
  uint64_t occurrences_ = 0;
  uint64_t runs_spilled_ = 0;  // files written, merged ones included
  uint64_t bytes_spilled_ = 0;
  bool finished_ = false;
};

// Every rank's RepeatCounter `local` (its own documents) combined into the
// index one RepeatCounter over all the ranks' documents builds: every rank
// returns that index, answering SourceCount and CorpusCount alike. The
// stats are summed over the ranks: documents, occurrences, distinct_pairs,
// repeated_pairs and corpus_repeats equal the single counter's;
// runs_spilled and bytes_spilled add up every rank's local and owner
// counters. Collective: every rank calls it once, with the same options in
// its counter. It ends `local` (ReadCounts), which must not be used again
// but outlive the call.
//
// Cost. Each distinct (paragraph, source) pair of a rank travels once, 20
// bytes, in rounds of at most `round_bytes` out and as much in (at least
// one record for each rank; the dedup's shuffles use a sixteenth of the
// budget, 1 to 64 MiB); a round is one AllToAll and one AllReduce. Every
// rank then receives the whole index (20 bytes a repeated pair, 16 a
// corpus-wide repeat), again in rounds of round_bytes. Memory: the local
// counter's, plus the owner's counter with half of options.memory_bytes
// (in a directory of its own under tmp_dir), plus the round buffers and the
// index.
//
// Alone (comm.size() == 1) it is local->Finish().
//
// Failure. When the index needs more than options.memory_bytes (as Finish
// counts it: the parts' sum, or one owner's part on its own), every rank
// returns the same ResourceExhausted Finish returns. When
// one rank's counting, spilling or merging fails (an IoError or DataError
// naming its file), the others learn it at the end of that round: that rank
// returns its error and every other rank returns an InternalError saying
// "rank R failed" — no rank is left waiting, and the caller reports as for
// any failed stage of a distributed job (cli::ReportRunError aborts the
// job with the failing rank's message, as the dedup's stages do). An error
// the Communicator itself returns is returned at once: the others may be
// waiting in a collective until the caller aborts the job.
struct RepeatCombineStats {
  uint64_t rounds = 0;       // AllToAll rounds, the index's included
  uint64_t bytes_out = 0;    // counts sent to other ranks
  uint64_t bytes_local = 0;  // counts this rank owns itself (no network)
  uint64_t index_bytes = 0;  // index parts received, this rank's included
  uint64_t owner_runs = 0;   // runs this rank's owner counter spilled
};
Result<RepeatIndex> CombineRepeatCounts(Communicator& comm,
                                        RepeatCounter* local,
                                        uint64_t round_bytes,
                                        RepeatCombineStats* stats = nullptr);

}  // namespace winnow

#endif  // WINNOW_PARAGRAPH_REPEATS_H_
