// records.h — the fixed-size records the dedup stages write to their work
// files (external_sort.h). Internal to src/dedup.
#ifndef WINNOW_SRC_DEDUP_RECORDS_H_
#define WINNOW_SRC_DEDUP_RECORDS_H_

#include <cstdint>

namespace winnow::dedup {

// Per document, written by the sketch stage (one per input record).
enum DocFlags : uint32_t {
  kDocRejected = 1,  // the record was rejected (--on-error=skip)
  kDocEmpty = 2,     // no words after normalization
  kDocExact = 4,     // (assignments) an exact duplicate of a better doc
};

struct DocMeta {
  uint64_t fp_hi = 0;      // XXH3-128 of the normalized text
  uint64_t fp_lo = 0;
  uint32_t length = 0;     // normalized bytes (capped at 2^32 - 1)
  // Distinct shingles: counted for containment and exact verification,
  // which use set sizes; 0 otherwise (counting costs a sixth of sketching).
  uint32_t shingles = 0;
  uint32_t flags = 0;      // DocFlags
  // A distributed run's plain output: the bytes of the document's record
  // with empty cluster fields (EmptyClusterFields), so that a kept record
  // takes out_bytes + ClusterValueBytes(its assignment) and each rank can
  // reserve its share of the output before writing it. 0: not computed
  // (one process, `winnow run`, or a record of 4 GiB or more).
  uint32_t out_bytes = 0;
};
static_assert(sizeof(DocMeta) == 32);

// Exact stage: sorted by (fingerprint, rank).
struct ExactRec {
  uint64_t fp_hi;
  uint64_t fp_lo;
  uint32_t rank;
  uint32_t ord;
};
static_assert(sizeof(ExactRec) == 24);

struct ExactRecLess {
  bool operator()(const ExactRec& x, const ExactRec& y) const {
    if (x.fp_hi != y.fp_hi) return x.fp_hi < y.fp_hi;
    if (x.fp_lo != y.fp_lo) return x.fp_lo < y.fp_lo;
    return x.rank < y.rank;  // ranks are unique
  }
};

// An exact duplicate and the copy that represents it in the LSH stages.
struct ExactLink {
  uint32_t member;
  uint32_t exemplar;
};

// Band stage: one band key of one document. Packed: 12 bytes.
#pragma pack(push, 1)
struct BandRec {
  uint64_t key;
  uint32_t ord;
};
#pragma pack(pop)
static_assert(sizeof(BandRec) == 12);

struct BandRecLess {
  bool operator()(const BandRec& x, const BandRec& y) const {
    if (x.key != y.key) return x.key < y.key;
    return x.ord < y.ord;
  }
};

// Pairs stage: a candidate pair, a < b.
struct PairRec {
  uint32_t a;
  uint32_t b;
};
static_assert(sizeof(PairRec) == 8);

struct PairRecLess {
  bool operator()(const PairRec& x, const PairRec& y) const {
    if (x.a != y.a) return x.a < y.a;
    return x.b < y.b;
  }
};

// Verify stage: a pair at or above the threshold, a < b.
struct EdgeRec {
  uint32_t a;
  uint32_t b;
  float sim;
};
static_assert(sizeof(EdgeRec) == 12);

// Cluster stage: an edge oriented from its better-ranked end.
struct RankEdgeRec {
  uint32_t keeper_rank;
  uint32_t keeper;
  uint32_t other;
  float sim;
};
static_assert(sizeof(RankEdgeRec) == 16);

struct RankEdgeLess {
  bool operator()(const RankEdgeRec& x, const RankEdgeRec& y) const {
    if (x.keeper_rank != y.keeper_rank) return x.keeper_rank < y.keeper_rank;
    return x.other < y.other;  // one edge per pair
  }
};

// Cluster stage output, one per document.
struct AssignRec {
  uint32_t rep;
  float sim;
  uint32_t size;
  uint32_t flags;  // DocFlags
};
static_assert(sizeof(AssignRec) == 16);

}  // namespace winnow::dedup

#endif  // WINNOW_SRC_DEDUP_RECORDS_H_
