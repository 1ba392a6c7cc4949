// The dedup stages of a distributed run (dist.h): every rank sketched its
// own share of the input files (stage_sketch.cc, as a single process does
// over all of them); a sum over the ranks says where each share begins in
// the input order. From there each stage is a shuffle between the ranks,
// and every result is the one a single process computes.
//
//   exact    (fingerprint, keep key, ordinal) go to the rank owning the
//            fingerprint's hash; it sorts them and finds each group's
//            exemplar; the links go back to the ranks owning the members.
//   pairs    band keys (key, ordinal, keep key) go to the rank owning the
//            key's hash, are sorted (spilled to runs beyond the budget) and
//            merged into buckets; the bucket pairs, capped as in
//            stage_pairs.cc, go to the rank owning their first document,
//            where repeats are dropped.
//   verify   the owner of a pair's first document ships that document's
//            signature (4 · num_perm bytes, never its text) to the owner of
//            the second, which measures the pair; edges stay there.
//   cluster  connected components by min-label propagation ("hash-min":
//            Rastogi, Machanavajjhala, Chitnis, Das Sarma, "Finding
//            Connected Components in Map-Reduce in Logarithmic Rounds",
//            ICDE 2013, section 3): every document starts with its own keep
//            key as label and repeatedly sends its label to its neighbours'
//            owners until no label changes; a component ends labelled with
//            the keep key of its best-ranked member, which is the
//            representative of --cluster connected. For --cluster
//            representative (a greedy pass in keep-rank order, cluster.h)
//            the edges of each component go to the rank owning the
//            component's label, which runs the same greedy pass over them:
//            the pass never looks beyond a component, so the result is the
//            single-process one. No rank ever holds every edge, only its
//            components' (a giant component is the limit; SCALING.md).
//            Exact duplicates then join their exemplar's cluster, and
//            cluster sizes and representative ids travel to the members'
//            owners.
//
// Each stage records itself in the rank's manifest ("dist-exact", ...)
// after writing its files; --resume redoes the first stage some rank had
// not finished, and every stage after it.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <unordered_map>

#include "core/pack.h"
#include "blob_file.h"
#include "dist_files.h"
#include "dist_shuffle.h"
#include "job.h"
#include "winnow/external_sort.h"
#include "winnow/lsh.h"
#include "winnow/minhash.h"
#include "winnow/similarity.h"

namespace winnow::dedup {

uint32_t KeyPartition(uint64_t key, int partitions);

namespace {

// The order of keep ranks (KeepRanks in cluster.h) as one 64-bit key per
// document, computable without the others: smaller is kept first.
uint64_t KeepKey(KeepRule rule, uint64_t ord, const DocMeta& m) {
  const uint32_t o = static_cast<uint32_t>(ord);
  switch (rule) {
    case KeepRule::kFirst:
      return o;
    case KeepRule::kLast:
      return (static_cast<uint64_t>(~o) << 32) | o;
    case KeepRule::kLongest:
      break;
  }
  const uint32_t len = (m.flags & kDocRejected) ? 0 : m.length;
  return (static_cast<uint64_t>(~len) << 32) | o;
}

uint32_t KeyOrd(uint64_t key) { return static_cast<uint32_t>(key); }

// Labels spread evenly over the ranks once mixed.
uint64_t Mix(uint64_t x) { return MurmurMix64(x); }

// Bytes of one shuffle round: a sixteenth of the budget (outgoing and
// incoming both), between 1 and 64 MiB.
uint64_t RoundBytes(const JobContext& job) {
  return ShuffleRoundBytes(job.options.memory_bytes);
}

// The rank's documents, in memory between the stages.
struct RankDocs {
  std::vector<DocMeta> meta;   // by Local(ordinal)
  std::vector<uint32_t> sig;   // num_perm values per document
  std::vector<uint64_t> key;   // keep keys
  const uint32_t* Sig(const JobContext& job, uint64_t ord) const {
    return sig.data() + job.Local(ord) * job.options.num_perm;
  }
};

Status LoadRankDocs(const JobContext& job, RankDocs* d) {
  const uint64_t n = job.docs;
  const int k = job.options.num_perm;
  auto budget = job.StageBudget("distributed", n * (4 * k + 40));
  if (!budget.ok()) return budget.status();
  d->meta.clear();
  d->meta.reserve(n);
  d->sig.clear();
  d->sig.reserve(n * k);
  for (uint32_t s = 0; s < job.sketch_shards; ++s) {
    std::vector<DocMeta> m;
    WINNOW_RETURN_IF_ERROR(ReadTable(job.SketchFile("meta", s) + ".bin", &m));
    // Straight into the table, block by block (no staging copy).
    auto sig = RecordReader::Open(job.SketchFile("sig", s) + ".bin", 4 * k,
                                  4 << 20);
    if (!sig.ok()) return sig.status();
    if ((*sig)->count() != m.size()) {
      return DataError((*sig)->path() + ": holds " +
                       std::to_string((*sig)->count()) + " signatures for " +
                       std::to_string(m.size()) + " documents");
    }
    const void* p = nullptr;
    size_t got;
    while ((got = (*sig)->NextBlock(&p, 8192)) > 0) {
      const uint32_t* v = static_cast<const uint32_t*>(p);
      d->sig.insert(d->sig.end(), v, v + got * k);
    }
    WINNOW_RETURN_IF_ERROR((*sig)->status());
    d->meta.insert(d->meta.end(), m.begin(), m.end());
  }
  if (d->meta.size() != n) {
    return DataError(job.work->path() + ": the sketch shards hold " +
                     std::to_string(d->meta.size()) + " documents, expected " +
                     std::to_string(n));
  }
  d->key.resize(n);
  for (uint64_t i = 0; i < n; ++i) {
    d->key[i] = KeepKey(job.options.keep, job.GlobalOrd(i), d->meta[i]);
  }
  return OkStatus();
}

// Whether every rank has finished `stage` (so it is skipped).
Result<bool> AllDone(JobContext& job, std::string_view stage) {
  uint64_t done = job.work->Done(stage) ? 1 : 0;
  WINNOW_RETURN_IF_ERROR(job.comm->AllReduce(&done, 1, Communicator::Op::kMin));
  return done == 1;
}

Status SumOverRanks(JobContext& job, std::vector<uint64_t>* v) {
  return job.comm->AllReduce(v->data(), v->size(), Communicator::Op::kSum);
}

void AddShuffleCounters(JobContext& job, std::string_view stage,
                        const ShuffleStats& s) {
  const std::string p = "dist." + std::string(stage);
  job.report.counters.Add(p + ".rounds", s.rounds);
  job.report.counters.Add(p + ".bytes_out", s.bytes_out);
  job.report.counters.Add(p + ".bytes_local", s.bytes_local);
  job.report.counters.Add(p + ".shuffle_ms",
                          static_cast<uint64_t>(s.seconds * 1000));
}

// ---------------------------------------------------------------- exact

struct DExact {
  uint64_t fp_hi, fp_lo, key;
  uint32_t ord, pad;
};
struct DExactLess {
  bool operator()(const DExact& x, const DExact& y) const {
    if (x.fp_hi != y.fp_hi) return x.fp_hi < y.fp_hi;
    if (x.fp_lo != y.fp_lo) return x.fp_lo < y.fp_lo;
    return x.key < y.key;
  }
};

Status DistExact(JobContext& job, const RankDocs& d,
                 std::vector<ExactLink>* links) {
  auto done = AllDone(job, "dist-exact");
  if (!done.ok()) return done.status();
  if (*done) {
    ManifestEntry e;
    job.work->Find("dist-exact", -1, &e);
    job.report.exact_duplicates = e.Get("duplicates");
    return ReadTable(job.work->File("exact/links.bin"), links);
  }
  job.BeginStage("exact");
  auto budget = job.StageBudget("exact", 0);
  if (!budget.ok()) return budget.status();
  const int n = job.ranks;
  ExternalSorter<DExact, DExactLess> sorter(job.work->File("exact"), "fp",
                                            *budget / 2);
  ShuffleStats stats;
  uint64_t i = 0;
  WINNOW_RETURN_IF_ERROR(Shuffle(
      *job.comm, RoundBytes(job),
      [&](Outbox& box) -> Result<bool> {
        for (; i < d.meta.size() && !box.full(); ++i) {
          const DocMeta& m = d.meta[i];
          if (m.flags & (kDocRejected | kDocEmpty)) continue;
          DExact r{m.fp_hi, m.fp_lo, d.key[i],
                   static_cast<uint32_t>(job.GlobalOrd(i)), 0};
          box.Add(static_cast<int>(m.fp_hi % static_cast<uint64_t>(n)), r);
        }
        return i == d.meta.size();
      },
      [&](int, std::string_view bytes) {
        return ForEachRecord<DExact>(bytes,
                                     [&](const DExact& r) { return sorter.Add(r); });
      },
      &stats));
  WINNOW_RETURN_IF_ERROR(sorter.Flush());
  sorter.Release();
  job.Progress(1, 3);
  std::vector<ExactLink> found;
  {
    auto merged = MergeReader<DExact, DExactLess>::Open(sorter.runs(), 1 << 20);
    if (!merged.ok()) return merged.status();
    DExact r, first{};
    bool have = false;
    while ((*merged)->Next(&r)) {
      if (have && r.fp_hi == first.fp_hi && r.fp_lo == first.fp_lo) {
        found.push_back(ExactLink{r.ord, first.ord});
      } else {
        first = r;
        have = true;
      }
    }
    WINNOW_RETURN_IF_ERROR((*merged)->status());
  }
  for (const std::string& run : sorter.runs()) std::remove(run.c_str());
  job.Progress(2, 3);
  // Each link to the rank owning its member.
  links->clear();
  size_t next = 0;
  WINNOW_RETURN_IF_ERROR(Shuffle(
      *job.comm, RoundBytes(job),
      [&](Outbox& box) -> Result<bool> {
        for (; next < found.size() && !box.full(); ++next) {
          box.Add(job.DocOwner(found[next].member), found[next]);
        }
        return next == found.size();
      },
      [&](int, std::string_view bytes) {
        return ForEachRecord<ExactLink>(bytes, [&](const ExactLink& l) {
          links->push_back(l);
          return OkStatus();
        });
      },
      &stats));
  std::sort(links->begin(), links->end(),
            [](const ExactLink& a, const ExactLink& b) {
              return a.member < b.member;
            });
  WINNOW_RETURN_IF_ERROR(WriteTable(job.work->File("exact/links.bin"), *links));
  std::vector<uint64_t> total = {links->size()};
  WINNOW_RETURN_IF_ERROR(SumOverRanks(job, &total));
  job.report.exact_duplicates = total[0];
  AddShuffleCounters(job, "exact", stats);
  ManifestEntry e;
  e.stage = "dist-exact";
  e.Set("duplicates", total[0]).Set("links", links->size());
  WINNOW_RETURN_IF_ERROR(job.ShardDone(std::move(e), 3, 3));
  job.EndStage();
  return OkStatus();
}

// ---------------------------------------------------------------- pairs

// A band key of a document. The keep key's low half is the ordinal
// (KeepKey), so only its high half travels: 16 bytes, aligned.
struct DBand {
  uint64_t key;
  uint32_t ord;
  uint32_t keep_hi;
  uint64_t keep() const { return (static_cast<uint64_t>(keep_hi) << 32) | ord; }
};
static_assert(sizeof(DBand) == 16);
struct DBandLess {
  bool operator()(const DBand& x, const DBand& y) const {
    if (x.key != y.key) return x.key < y.key;
    return x.ord < y.ord;
  }
};

// The candidate pairs of merged band records, bucket by bucket, one at a
// time (so a huge bucket never sits in memory as pairs): every pair of a
// bucket of up to `cap` members; for a larger one, each member with the
// `cap` best-ranked members (as stage_pairs.cc).
class PairSource {
 public:
  PairSource(MergeReader<DBand, DBandLess>* in, uint32_t cap)
      : in_(in), cap_(cap) {}

  bool Next(PairRec* out) {
    for (;;) {
      if (Emit(out)) return true;
      if (!Load()) return false;
    }
  }
  uint64_t buckets = 0, capped = 0;

 private:
  bool Load() {
    members_.clear();
    for (;;) {
      if (!have_) {
        if (!in_->Next(&ahead_)) return !members_.empty() && Start();
        have_ = true;
      }
      if (!members_.empty() && ahead_.key != key_) {
        if (members_.size() >= 2) return Start();
        members_.clear();
      }
      if (members_.empty()) key_ = ahead_.key;
      if (members_.empty() || members_.back().first != ahead_.ord) {
        members_.emplace_back(ahead_.ord, ahead_.keep());
      }
      have_ = false;
    }
  }
  bool Start() {
    if (members_.size() < 2) return false;
    ++buckets;
    i_ = 0;
    j_ = 1;
    all_ = members_.size() <= cap_;
    if (!all_) {
      ++capped;
      std::vector<std::pair<uint32_t, uint64_t>> b = members_;
      std::partial_sort(b.begin(), b.begin() + cap_, b.end(),
                        [](const auto& x, const auto& y) {
                          return x.second < y.second;
                        });
      best_.clear();
      for (uint32_t t = 0; t < cap_; ++t) best_.push_back(b[t].first);
      j_ = 0;
    }
    return true;
  }
  bool Emit(PairRec* out) {
    const size_t m = members_.size();
    if (all_) {
      while (i_ < m) {
        if (j_ < m) {
          Set(members_[i_].first, members_[j_].first, out);
          ++j_;
          return true;
        }
        ++i_;
        j_ = i_ + 1;
      }
      return false;
    }
    while (i_ < m) {
      if (j_ < best_.size()) {
        const uint32_t x = members_[i_].first, t = best_[j_++];
        if (x != t) {
          Set(x, t, out);
          return true;
        }
        continue;
      }
      ++i_;
      j_ = 0;
    }
    return false;
  }
  static void Set(uint32_t a, uint32_t b, PairRec* out) {
    *out = a < b ? PairRec{a, b} : PairRec{b, a};
  }

  MergeReader<DBand, DBandLess>* in_;
  uint32_t cap_;
  DBand ahead_{};
  bool have_ = false;
  uint64_t key_ = 0;
  std::vector<std::pair<uint32_t, uint64_t>> members_;  // ordinal, keep key
  std::vector<uint32_t> best_;
  size_t i_ = 0, j_ = 0;
  bool all_ = true;
};

Status DistPairs(JobContext& job, const RankDocs& d,
                 const std::vector<ExactLink>& links) {
  auto done = AllDone(job, "dist-pairs");
  if (!done.ok()) return done.status();
  if (*done) return OkStatus();
  job.BeginStage("bands");
  auto budget = job.StageBudget("pairs", 0);
  if (!budget.ok()) return budget.status();
  const DedupOptions& o = job.options;
  const int bands = job.lsh.bands, rows = job.lsh.rows, k = o.num_perm;
  std::vector<bool> skip(d.meta.size(), false);
  for (size_t i = 0; i < d.meta.size(); ++i) {
    skip[i] = (d.meta[i].flags & (kDocRejected | kDocEmpty)) != 0;
  }
  for (const ExactLink& l : links) skip[job.Local(l.member)] = true;

  ExternalSorter<DBand, DBandLess> bands_in(job.work->File("bands"), "keys",
                                            *budget / 2);
  ShuffleStats band_stats;
  uint64_t i = 0;
  int b = 0;
  WINNOW_RETURN_IF_ERROR(Shuffle(
      *job.comm, RoundBytes(job),
      [&](Outbox& box) -> Result<bool> {
        while (i < d.meta.size() && !box.full()) {
          if (skip[i]) {
            ++i;
            continue;
          }
          const uint32_t* s = d.sig.data() + i * k;
          const uint64_t key = BandKey(s, b, rows, o.shingle.seed);
          box.Add(static_cast<int>(KeyPartition(key, job.ranks)),
                  DBand{key, static_cast<uint32_t>(job.GlobalOrd(i)),
                        static_cast<uint32_t>(d.key[i] >> 32)});
          if (++b == bands) {
            b = 0;
            ++i;
          }
        }
        return i == d.meta.size();
      },
      [&](int, std::string_view bytes) {
        return ForEachRecord<DBand>(
            bytes, [&](const DBand& r) { return bands_in.Add(r); });
      },
      &band_stats));
  WINNOW_RETURN_IF_ERROR(bands_in.Flush());
  bands_in.Release();
  AddShuffleCounters(job, "bands", band_stats);
  job.EndStage();

  job.BeginStage("pairs");
  auto merged =
      MergeReader<DBand, DBandLess>::Open(bands_in.runs(), MergeBufferBytes(
          *budget / 4, bands_in.runs().size()));
  if (!merged.ok()) return merged.status();
  PairSource source(merged->get(), std::max<uint32_t>(2, o.max_bucket));
  ExternalSorter<PairRec, PairRecLess> pairs_in(job.work->File("pairs"),
                                                "pairs", *budget / 2);
  ShuffleStats pair_stats;
  uint64_t emitted = 0;
  WINNOW_RETURN_IF_ERROR(Shuffle(
      *job.comm, RoundBytes(job),
      [&](Outbox& box) -> Result<bool> {
        PairRec p;
        while (!box.full()) {
          if (!source.Next(&p)) {
            WINNOW_RETURN_IF_ERROR((*merged)->status());
            return true;
          }
          box.Add(job.DocOwner(p.a), p);
          ++emitted;
        }
        return false;
      },
      [&](int, std::string_view bytes) {
        return ForEachRecord<PairRec>(
            bytes, [&](const PairRec& r) { return pairs_in.Add(r); });
      },
      &pair_stats));
  merged->reset();
  for (const std::string& run : bands_in.runs()) std::remove(run.c_str());
  WINNOW_RETURN_IF_ERROR(pairs_in.Flush());
  pairs_in.Release();
  // Distinct pairs, sorted, in one file.
  uint64_t distinct = 0;
  {
    auto in = MergeReader<PairRec, PairRecLess>::Open(pairs_in.runs(), 1 << 20);
    if (!in.ok()) return in.status();
    auto out = RecordWriter::Create(job.work->File("pairs/local.bin"),
                                    sizeof(PairRec), 4 << 20);
    if (!out.ok()) return out.status();
    PairRec r, last{kNoDoc, kNoDoc};
    while ((*in)->Next(&r)) {
      if (r.a == last.a && r.b == last.b) continue;
      last = r;
      ++distinct;
      WINNOW_RETURN_IF_ERROR((*out)->Append(&r, 1));
    }
    WINNOW_RETURN_IF_ERROR((*in)->status());
    WINNOW_RETURN_IF_ERROR((*out)->Commit());
  }
  for (const std::string& run : pairs_in.runs()) std::remove(run.c_str());
  AddShuffleCounters(job, "pairs", pair_stats);
  job.report.counters.Add("dedup.buckets", source.buckets);
  job.report.counters.Add("dedup.capped_buckets", source.capped);
  ManifestEntry e;
  e.stage = "dist-pairs";
  e.Set("candidates", distinct).Set("emitted", emitted);
  WINNOW_RETURN_IF_ERROR(job.ShardDone(std::move(e), 1, 1));
  job.EndStage();
  return OkStatus();
}

// --------------------------------------------------------------- verify

// A pair's first document's signature, on its way to the second's owner:
// a, b, a's distinct shingles, then num_perm values.
struct SigHead {
  uint32_t a, b, count_a;
};

double Similarity(const JobContext& job, const uint32_t* sa, uint32_t ca,
                  const uint32_t* sb, uint32_t cb) {
  const DedupOptions& o = job.options;
  const double j = EstimateJaccard(sa, sb, o.num_perm);
  return PairSimilarity(o.measure, j, ca, cb, o.min_shingles);
}

Status DistVerify(JobContext& job, const RankDocs& d) {
  auto done = AllDone(job, "dist-verify");
  if (!done.ok()) return done.status();
  if (!*done) {
    job.BeginStage("verify");
    const int k = job.options.num_perm;
    const double threshold = job.options.threshold;
    auto pairs = RecordReader::Open(job.work->File("pairs/local.bin"),
                                    sizeof(PairRec), 1 << 20);
    if (!pairs.ok()) return pairs.status();
    std::vector<EdgeRec> edges;
    auto judge = [&](uint32_t a, uint32_t b, const uint32_t* sa, uint32_t ca) {
      const double sim = Similarity(job, sa, ca, d.Sig(job, b),
                                    d.meta[job.Local(b)].shingles);
      if (sim >= threshold) edges.push_back(EdgeRec{a, b, static_cast<float>(sim)});
    };
    ShuffleStats stats;
    const size_t msg = sizeof(SigHead) + 4 * static_cast<size_t>(k);
    std::string buf(msg, '\0');
    WINNOW_RETURN_IF_ERROR(Shuffle(
        *job.comm, RoundBytes(job),
        [&](Outbox& box) -> Result<bool> {
          PairRec p;
          while (!box.full()) {
            if (!(*pairs)->Next(&p)) {
              WINNOW_RETURN_IF_ERROR((*pairs)->status());
              return true;
            }
            const uint32_t* sa = d.Sig(job, p.a);
            const uint32_t ca = d.meta[job.Local(p.a)].shingles;
            const int owner = job.DocOwner(p.b);
            if (owner == job.rank) {
              judge(p.a, p.b, sa, ca);
              continue;
            }
            SigHead h{p.a, p.b, ca};
            std::memcpy(buf.data(), &h, sizeof h);
            std::memcpy(buf.data() + sizeof h, sa, 4 * static_cast<size_t>(k));
            box.Add(owner, buf.data(), msg);
          }
          return false;
        },
        [&](int, std::string_view bytes) -> Status {
          if (bytes.size() % msg != 0) {
            return InternalError("verify: a partial signature message");
          }
          std::vector<uint32_t> sa(k);
          for (size_t off = 0; off < bytes.size(); off += msg) {
            SigHead h;
            std::memcpy(&h, bytes.data() + off, sizeof h);
            std::memcpy(sa.data(), bytes.data() + off + sizeof h, 4 * sa.size());
            judge(h.a, h.b, sa.data(), h.count_a);
          }
          return OkStatus();
        },
        &stats));
    WINNOW_RETURN_IF_ERROR(WriteTable(job.work->File("edges/local.bin"), edges));
    AddShuffleCounters(job, "verify", stats);
    ManifestEntry pe;
    job.work->Find("dist-pairs", -1, &pe);
    ManifestEntry e;
    e.stage = "dist-verify";
    e.Set("candidates", pe.Get("candidates")).Set("edges", edges.size());
    WINNOW_RETURN_IF_ERROR(job.ShardDone(std::move(e), 1, 1));
    job.EndStage();
  }
  ManifestEntry e;
  job.work->Find("dist-verify", -1, &e);
  std::vector<uint64_t> v = {e.Get("candidates"), e.Get("edges")};
  WINNOW_RETURN_IF_ERROR(SumOverRanks(job, &v));
  job.report.candidate_pairs = v[0];
  job.report.verified_edges = v[1];
  return OkStatus();
}

// -------------------------------------------------------------- cluster

// An edge sent to the owner of its first document, with what that owner
// does not know: the second document's keep key.
struct Adj {
  uint32_t a, b;
  uint64_t key_b;
  float sim;
  uint32_t pad;
};
struct LabelMsg {
  uint32_t doc, pad;
  uint64_t label;
};
struct REdge {
  uint64_t keeper_key;
  uint32_t keeper, other;
  float sim;
  uint32_t pad;
};
struct REdgeLess {
  bool operator()(const REdge& x, const REdge& y) const {
    if (x.keeper_key != y.keeper_key) return x.keeper_key < y.keeper_key;
    return x.other < y.other;
  }
};
struct AssignMsg {
  uint32_t doc, rep;
  float sim;
};
struct Ask {  // `doc` asks the owner of `about`
  uint32_t about, doc;
};

// Components by min-label propagation; `label` (by Local) ends with the
// smallest keep key of each document's component.
Status Components(JobContext& job, const RankDocs& d,
                  const std::vector<std::pair<uint32_t, uint32_t>>& adj,
                  std::vector<uint64_t>* label) {
  *label = d.key;
  std::vector<char> changed(d.key.size(), 1), next(d.key.size(), 0);
  ShuffleStats stats;
  for (int round = 0;; ++round) {
    uint64_t changes = 0;
    size_t i = 0;
    WINNOW_RETURN_IF_ERROR(Shuffle(
        *job.comm, RoundBytes(job),
        [&](Outbox& box) -> Result<bool> {
          for (; i < adj.size() && !box.full(); ++i) {
            const auto [u, v] = adj[i];
            if (!changed[u]) continue;
            box.Add(job.DocOwner(v), LabelMsg{v, 0, (*label)[u]});
          }
          return i == adj.size();
        },
        [&](int, std::string_view bytes) {
          return ForEachRecord<LabelMsg>(bytes, [&](const LabelMsg& m) {
            const uint64_t l = job.Local(m.doc);
            if (m.label < (*label)[l]) {
              (*label)[l] = m.label;
              next[l] = 1;
              ++changes;
            }
            return OkStatus();
          });
        },
        &stats));
    changed.swap(next);
    std::fill(next.begin(), next.end(), 0);
    WINNOW_RETURN_IF_ERROR(
        job.comm->AllReduce(&changes, 1, Communicator::Op::kSum));
    job.report.counters.Add("dist.cluster.label_rounds", 1);
    if (changes == 0) break;
  }
  AddShuffleCounters(job, "labels", stats);
  return OkStatus();
}

// Request and reply: each rank sends `asks` to the owners of `about`; the
// owner answers each with `answer(ask, box, dest)`, and the asker takes
// the answers with `take`.
Status AskOwners(JobContext& job, const std::vector<Ask>& asks,
                 const std::function<void(const Ask&, Outbox&, int)>& answer,
                 const std::function<Status(std::string_view)>& take,
                 ShuffleStats* stats) {
  std::vector<std::pair<int, Ask>> got;
  size_t i = 0;
  WINNOW_RETURN_IF_ERROR(Shuffle(
      *job.comm, RoundBytes(job),
      [&](Outbox& box) -> Result<bool> {
        for (; i < asks.size() && !box.full(); ++i) {
          box.Add(job.DocOwner(asks[i].about), asks[i]);
        }
        return i == asks.size();
      },
      [&](int src, std::string_view bytes) {
        return ForEachRecord<Ask>(bytes, [&](const Ask& a) {
          got.emplace_back(src, a);
          return OkStatus();
        });
      },
      stats));
  size_t j = 0;
  return Shuffle(
      *job.comm, RoundBytes(job),
      [&](Outbox& box) -> Result<bool> {
        for (; j < got.size() && !box.full(); ++j) {
          answer(got[j].second, box, got[j].first);
        }
        return j == got.size();
      },
      [&](int, std::string_view bytes) { return take(bytes); }, stats);
}

Status DistCluster(JobContext& job, const RankDocs& d,
                   const std::vector<ExactLink>& links) {
  auto done = AllDone(job, "dist-cluster");
  if (!done.ok()) return done.status();
  if (*done) {
    ManifestEntry e;
    job.work->Find("dist-cluster", -1, &e);
    job.report.clusters = e.Get("clusters");
    job.report.clustered_docs = e.Get("clustered");
    job.report.removed = job.report.clustered_docs - job.report.clusters;
    return OkStatus();
  }
  job.BeginStage("cluster");
  const uint64_t n = d.meta.size();
  const int k = job.options.num_perm;
  std::vector<EdgeRec> edges;
  WINNOW_RETURN_IF_ERROR(ReadTable(job.work->File("edges/local.bin"), &edges));
  auto budget = job.StageBudget("cluster", n * 40 + edges.size() * 56);
  if (!budget.ok()) return budget.status();
  ShuffleStats stats;

  // Both ends' owners learn the edge.
  std::vector<Adj> adj_in;
  std::vector<std::pair<uint32_t, uint32_t>> adj;  // (Local(u), v)
  for (const EdgeRec& e : edges) {
    adj.emplace_back(static_cast<uint32_t>(job.Local(e.b)), e.a);
  }
  size_t i = 0;
  WINNOW_RETURN_IF_ERROR(Shuffle(
      *job.comm, RoundBytes(job),
      [&](Outbox& box) -> Result<bool> {
        for (; i < edges.size() && !box.full(); ++i) {
          const EdgeRec& e = edges[i];
          box.Add(job.DocOwner(e.a),
                  Adj{e.a, e.b, d.key[job.Local(e.b)], e.sim, 0});
        }
        return i == edges.size();
      },
      [&](int, std::string_view bytes) {
        return ForEachRecord<Adj>(bytes, [&](const Adj& a) {
          adj_in.push_back(a);
          return OkStatus();
        });
      },
      &stats));
  for (const Adj& a : adj_in) {
    adj.emplace_back(static_cast<uint32_t>(job.Local(a.a)), a.b);
  }
  std::vector<EdgeRec>().swap(edges);
  std::vector<uint64_t> label;
  WINNOW_RETURN_IF_ERROR(Components(job, d, adj, &label));
  std::vector<std::pair<uint32_t, uint32_t>>().swap(adj);
  job.Progress(1, 3);

  std::vector<uint32_t> rep(n);
  std::vector<float> sim(n, 1.0f);
  std::vector<uint32_t> flags(n, 0);
  for (uint64_t l = 0; l < n; ++l) {
    rep[l] = static_cast<uint32_t>(job.GlobalOrd(l));
    flags[l] = d.meta[l].flags & (kDocRejected | kDocEmpty);
  }
  if (job.options.cluster == ClusterMode::kConnected) {
    // The best-ranked member represents the component; each member is
    // measured against it (its signature travels to the member's owner).
    std::vector<Ask> asks;
    for (uint64_t l = 0; l < n; ++l) {
      const uint32_t r = KeyOrd(label[l]);
      if (r != rep[l]) asks.push_back(Ask{r, rep[l]});
    }
    const size_t msg = sizeof(SigHead) + 4 * static_cast<size_t>(k);
    std::string buf(msg, '\0');
    std::vector<uint32_t> sr(k);
    WINNOW_RETURN_IF_ERROR(AskOwners(
        job, asks,
        [&](const Ask& a, Outbox& box, int dest) {
          SigHead h{a.about, a.doc, d.meta[job.Local(a.about)].shingles};
          std::memcpy(buf.data(), &h, sizeof h);
          std::memcpy(buf.data() + sizeof h, d.Sig(job, a.about), 4 * sr.size());
          box.Add(dest, buf.data(), msg);
        },
        [&](std::string_view bytes) -> Status {
          for (size_t off = 0; off + msg <= bytes.size(); off += msg) {
            SigHead h;
            std::memcpy(&h, bytes.data() + off, sizeof h);
            std::memcpy(sr.data(), bytes.data() + off + sizeof h, 4 * sr.size());
            const uint64_t l = job.Local(h.b);
            rep[l] = h.a;
            sim[l] = static_cast<float>(Similarity(
                job, sr.data(), h.count_a, d.Sig(job, h.b), d.meta[l].shingles));
          }
          return OkStatus();
        },
        &stats));
  } else {
    // Each component's edges to the rank owning its label; there, the
    // greedy pass of RepresentativeClusterer over them in keep-rank order.
    ExternalSorter<REdge, REdgeLess> sorter(job.work->File("cluster"), "edges",
                                            *budget / 2);
    size_t j = 0;
    WINNOW_RETURN_IF_ERROR(Shuffle(
        *job.comm, RoundBytes(job),
        [&](Outbox& box) -> Result<bool> {
          for (; j < adj_in.size() && !box.full(); ++j) {
            const Adj& a = adj_in[j];
            const uint64_t la = job.Local(a.a);
            const uint64_t key_a = d.key[la];
            const bool a_keeps = key_a < a.key_b;
            REdge r{a_keeps ? key_a : a.key_b, a_keeps ? a.a : a.b,
                    a_keeps ? a.b : a.a, a.sim, 0};
            box.Add(static_cast<int>(Mix(label[la]) %
                                     static_cast<uint64_t>(job.ranks)),
                    r);
          }
          return j == adj_in.size();
        },
        [&](int, std::string_view bytes) {
          return ForEachRecord<REdge>(bytes,
                                      [&](const REdge& r) { return sorter.Add(r); });
        },
        &stats));
    WINNOW_RETURN_IF_ERROR(sorter.Flush());
    sorter.Release();
    std::unordered_map<uint32_t, std::pair<uint32_t, float>> claimed;
    {
      auto merged = MergeReader<REdge, REdgeLess>::Open(sorter.runs(), 1 << 20);
      if (!merged.ok()) return merged.status();
      REdge r;
      while ((*merged)->Next(&r)) {
        auto k_it = claimed.try_emplace(r.keeper, r.keeper, 1.0f).first;
        if (k_it->second.first != r.keeper) continue;  // claimed already
        claimed.try_emplace(r.other, r.keeper, r.sim);
      }
      WINNOW_RETURN_IF_ERROR((*merged)->status());
    }
    for (const std::string& run : sorter.runs()) std::remove(run.c_str());
    std::vector<AssignMsg> out;
    for (const auto& [doc, c] : claimed) {
      if (c.first != doc) out.push_back(AssignMsg{doc, c.first, c.second});
    }
    size_t q = 0;
    WINNOW_RETURN_IF_ERROR(Shuffle(
        *job.comm, RoundBytes(job),
        [&](Outbox& box) -> Result<bool> {
          for (; q < out.size() && !box.full(); ++q) {
            box.Add(job.DocOwner(out[q].doc), out[q]);
          }
          return q == out.size();
        },
        [&](int, std::string_view bytes) {
          return ForEachRecord<AssignMsg>(bytes, [&](const AssignMsg& m) {
            const uint64_t l = job.Local(m.doc);
            rep[l] = m.rep;
            sim[l] = m.sim;
            return OkStatus();
          });
        },
        &stats));
  }
  std::vector<Adj>().swap(adj_in);
  std::vector<uint64_t>().swap(label);
  job.Progress(2, 3);

  // Exact duplicates join their exemplar's cluster, as similar to its
  // representative as the exemplar is.
  {
    std::vector<Ask> asks;
    for (const ExactLink& l : links) asks.push_back(Ask{l.exemplar, l.member});
    WINNOW_RETURN_IF_ERROR(AskOwners(
        job, asks,
        [&](const Ask& a, Outbox& box, int dest) {
          const uint64_t l = job.Local(a.about);
          box.Add(dest, AssignMsg{a.doc, rep[l],
                                  rep[l] == a.about ? 1.0f : sim[l]});
        },
        [&](std::string_view bytes) {
          return ForEachRecord<AssignMsg>(bytes, [&](const AssignMsg& m) {
            const uint64_t l = job.Local(m.doc);
            rep[l] = m.rep;
            sim[l] = m.sim;
            flags[l] |= kDocExact;
            return OkStatus();
          });
        },
        &stats));
  }

  // Cluster sizes: members count themselves at their representative's
  // owner, then ask it for the size and the representative's id.
  std::vector<uint32_t> size(n, 1);
  std::vector<Ask> asks;
  for (uint64_t l = 0; l < n; ++l) {
    const uint32_t ord = static_cast<uint32_t>(job.GlobalOrd(l));
    if (rep[l] != ord) asks.push_back(Ask{rep[l], ord});
  }
  {
    size_t q = 0;
    WINNOW_RETURN_IF_ERROR(Shuffle(
        *job.comm, RoundBytes(job),
        [&](Outbox& box) -> Result<bool> {
          for (; q < asks.size() && !box.full(); ++q) {
            box.Add(job.DocOwner(asks[q].about), asks[q].about);
          }
          return q == asks.size();
        },
        [&](int, std::string_view bytes) {
          return ForEachRecord<uint32_t>(bytes, [&](uint32_t r) {
            ++size[job.Local(r)];
            return OkStatus();
          });
        },
        &stats));
  }
  std::vector<std::unique_ptr<BlobReader>> ids(job.sketch_shards);
  std::string id;
  Status id_error;
  std::vector<std::pair<uint32_t, std::string>> rep_ids;
  std::vector<uint32_t> member_size(asks.size());
  WINNOW_RETURN_IF_ERROR(AskOwners(
      job, asks,
      [&](const Ask& a, Outbox& box, int dest) {
        const uint64_t local = job.Local(a.about);
        const uint32_t shard = static_cast<uint32_t>(local / job.options.shard_docs);
        id.clear();
        if (!ids[shard]) {
          auto r = BlobReader::Open(job.SketchFile("ids", shard));
          if (r.ok()) {
            ids[shard] = std::move(*r);
          } else if (id_error.ok()) {
            id_error = r.status();
          }
        }
        if (ids[shard]) {
          Status st = ids[shard]->Get(local % job.options.shard_docs, &id);
          if (!st.ok() && id_error.ok()) id_error = st;
        }
        uint32_t head[4] = {a.doc, a.about, size[job.Local(a.about)],
                            static_cast<uint32_t>(id.size())};
        box.Add(dest, head, sizeof head);
        box.Add(dest, id.data(), id.size());
      },
      [&](std::string_view bytes) -> Status {
        size_t off = 0;
        while (off + 16 <= bytes.size()) {
          uint32_t head[4];
          std::memcpy(head, bytes.data() + off, sizeof head);
          off += sizeof head;
          if (off + head[3] > bytes.size()) break;
          size[job.Local(head[0])] = head[2];
          rep_ids.emplace_back(head[1], std::string(bytes.substr(off, head[3])));
          off += head[3];
        }
        if (off != bytes.size()) {
          return InternalError("cluster: a partial id message");
        }
        return OkStatus();
      },
      &stats));
  WINNOW_RETURN_IF_ERROR(id_error);
  ids.clear();

  auto w = RecordWriter::Create(job.work->File("cluster/assign.bin"),
                                sizeof(AssignRec), 4 << 20);
  if (!w.ok()) return w.status();
  uint64_t clusters = 0, clustered = 0;
  for (uint64_t l = 0; l < n; ++l) {
    AssignRec r{rep[l], sim[l], size[l], flags[l]};
    WINNOW_RETURN_IF_ERROR((*w)->Append(&r, 1));
    if (r.size > 1) {
      ++clustered;
      if (rep[l] == job.GlobalOrd(l)) ++clusters;
    }
  }
  WINNOW_RETURN_IF_ERROR((*w)->Commit());
  // The ids of the representatives this rank's duplicates name.
  std::sort(rep_ids.begin(), rep_ids.end());
  rep_ids.erase(std::unique(rep_ids.begin(), rep_ids.end()), rep_ids.end());
  std::vector<uint32_t> reps;
  auto ids_out = BlobWriter::Create(job.work->File("cluster/rep-ids"));
  if (!ids_out.ok()) return ids_out.status();
  for (const auto& [r, rid] : rep_ids) {
    reps.push_back(r);
    WINNOW_RETURN_IF_ERROR((*ids_out)->Append(rid));
  }
  WINNOW_RETURN_IF_ERROR((*ids_out)->Commit());
  WINNOW_RETURN_IF_ERROR(WriteTable(job.work->File("cluster/rep-ords.bin"), reps));

  std::vector<uint64_t> v = {clusters, clustered};
  WINNOW_RETURN_IF_ERROR(SumOverRanks(job, &v));
  job.report.clusters = v[0];
  job.report.clustered_docs = v[1];
  job.report.removed = v[1] - v[0];
  AddShuffleCounters(job, "cluster", stats);
  ManifestEntry e;
  e.stage = "dist-cluster";
  e.Set("clusters", v[0]).Set("clustered", v[1]);
  WINNOW_RETURN_IF_ERROR(job.ShardDone(std::move(e), 3, 3));
  job.EndStage();
  return OkStatus();
}

}  // namespace

Status RunDistAnalyze(JobContext& job) {
  // Where each rank's share begins in the whole input.
  const int n = job.ranks;
  std::vector<uint64_t> counts(n, 0);
  counts[job.rank] = job.docs;
  WINNOW_RETURN_IF_ERROR(SumOverRanks(job, &counts));
  job.rank_first.assign(n + 1, 0);
  for (int r = 0; r < n; ++r) job.rank_first[r + 1] = job.rank_first[r] + counts[r];
  job.first = job.rank_first[job.rank];
  if (job.total_docs() > UINT32_MAX - 1) {
    return ResourceExhausted(
        "dedup handles at most 4,294,967,294 documents per run; split the "
        "input");
  }
  std::vector<uint64_t> v = {job.report.bytes, job.report.rejected,
                             job.report.empty_docs, job.report.resumed_shards};
  WINNOW_RETURN_IF_ERROR(SumOverRanks(job, &v));
  job.report.docs = job.total_docs();
  job.report.bytes = v[0];
  job.report.rejected = v[1];
  job.report.empty_docs = v[2];
  job.report.resumed_shards = v[3];
  RankDocs d;
  WINNOW_RETURN_IF_ERROR(LoadRankDocs(job, &d));
  std::vector<ExactLink> links;
  WINNOW_RETURN_IF_ERROR(DistExact(job, d, &links));
  WINNOW_RETURN_IF_ERROR(DistPairs(job, d, links));
  WINNOW_RETURN_IF_ERROR(DistVerify(job, d));
  return DistCluster(job, d, links);
}

Status PlanInPlaceOutput(JobContext& job, const DedupOutputs& outputs,
                         uint64_t bytes, std::string* path, uint64_t* offset) {
  path->clear();
  Communicator& comm = *job.comm;
  // Each rank's share, and how many ranks cannot write in place. Rank 0
  // grows the output file, which must still be empty, only when all can.
  const int n = job.ranks;
  std::vector<uint64_t> v(n + 1, 0);
  const bool fresh = job.rank != 0 || (!outputs.docs->staging_path().empty() &&
                                       outputs.docs->bytes_written() == 0);
  if (bytes == UINT64_MAX || !fresh) {
    v[n] = 1;
  } else {
    v[job.rank] = bytes;
  }
  WINNOW_RETURN_IF_ERROR(SumOverRanks(job, &v));
  if (v[n] != 0) return OkStatus();
  uint64_t at = 0, total = 0;
  for (int r = 0; r < n; ++r) {
    if (r < job.rank) at += v[r];
    total += v[r];
  }
  std::string staging;
  if (job.rank == 0) {
    WINNOW_RETURN_IF_ERROR(outputs.docs->Extend(total));
    staging = outputs.docs->staging_path();
    for (int r = 1; r < n; ++r) WINNOW_RETURN_IF_ERROR(comm.Send(r, staging));
  } else {
    WINNOW_RETURN_IF_ERROR(comm.Recv(0, &staging));
  }
  // Whether every rank sees the file rank 0 grew (its size is the proof).
  struct stat st {};
  uint64_t sees = ::stat(staging.c_str(), &st) == 0 &&
                  static_cast<uint64_t>(st.st_size) == total;
  WINNOW_RETURN_IF_ERROR(comm.AllReduce(&sees, 1, Communicator::Op::kMin));
  if (!sees) {
    if (job.rank == 0) WINNOW_RETURN_IF_ERROR(outputs.docs->Extend(0));
    return OkStatus();
  }
  *path = staging;
  *offset = at;
  return OkStatus();
}

// The documents of a run that filtered into part files: rank 0's part,
// cut back to its finished shards, becomes the output file (moved, not
// copied, as in a single process), grown to the size of all the parts;
// every other rank that sees that file (a file system the ranks share, as
// their inputs are) writes its part into it at its offset itself, all at
// once; if any rank does not see it, the parts are streamed over MPI to
// rank 0, which appends them in rank order.
Status JoinPartFiles(JobContext& job, const DedupOutputs& outputs) {
  Communicator& comm = *job.comm;
  const std::string part = FilterPartPath(job);
  uint64_t part_end = 0;
  if (job.sketch_shards > 0) {
    ManifestEntry e;
    job.work->Find("filter", job.sketch_shards - 1, &e);
    part_end = e.Get("end");
  }
  std::vector<uint64_t> sizes(job.ranks, 0);
  sizes[job.rank] = part_end;
  WINNOW_RETURN_IF_ERROR(SumOverRanks(job, &sizes));
  uint64_t offset = 0, total = 0;
  for (int r = 0; r < job.ranks; ++r) {
    if (r < job.rank) offset += sizes[r];
    total += sizes[r];
  }
  std::string staging;
  if (job.rank == 0) {
    if (::truncate(part.c_str(), static_cast<off_t>(part_end)) != 0) {
      if (part_end != 0 || errno != ENOENT) {
        return ErrnoError("cannot cut " + part + " back", errno);
      }
      std::FILE* f = std::fopen(part.c_str(), "wb");
      if (!f || std::fclose(f) != 0) return ErrnoError("cannot create " + part, errno);
    }
    if (job.total_docs() > 0) {
      WINNOW_RETURN_IF_ERROR(outputs.docs->AdoptFile(part));
      staging = outputs.docs->staging_path();
      if (!staging.empty() && total > part_end) {
        WINNOW_RETURN_IF_ERROR(outputs.docs->Extend(total));
      }
    }
    for (int r = 1; r < job.ranks; ++r) WINNOW_RETURN_IF_ERROR(comm.Send(r, staging));
  } else {
    WINNOW_RETURN_IF_ERROR(comm.Recv(0, &staging));
  }
  // Whether every rank sees the output file (its size is the proof).
  int out_fd = -1;
  uint64_t direct = staging.empty() ? 0 : 1;
  if (direct && job.rank != 0 && part_end > 0) {
    out_fd = ::open(staging.c_str(), O_WRONLY | O_CLOEXEC);
    struct stat st {};
    if (out_fd < 0 || ::fstat(out_fd, &st) != 0 ||
        static_cast<uint64_t>(st.st_size) != total) {
      direct = 0;
    }
  }
  WINNOW_RETURN_IF_ERROR(comm.AllReduce(&direct, 1, Communicator::Op::kMin));
  if (job.rank != 0) {
    Status st;
    if (direct) {
      if (part_end > 0) st = CopyRange(part, part_end, out_fd, offset, staging);
    } else {
      st = SendFileRange(comm, 0, part, 0, part_end);
    }
    if (out_fd >= 0 && ::close(out_fd) != 0 && st.ok()) {
      st = ErrnoError("cannot write " + staging, errno);
    }
    return st;
  }
  if (direct) return OkStatus();
  if (!staging.empty() && total > part_end) {
    WINNOW_RETURN_IF_ERROR(outputs.docs->Extend(part_end));  // back
  }
  for (int r = 1; r < job.ranks; ++r) {
    WINNOW_RETURN_IF_ERROR(RecvInto(comm, r, [&](std::string_view b) {
      return outputs.docs->WriteEncoded(b);
    }));
  }
  return OkStatus();
}

// The shares are joined in rank order (the input order). The documents
// are already in the output file when the filter wrote them in place
// (PlanInPlaceOutput), else JoinPartFiles brings them there. Every rank
// writes its clusters' lines (dist_clusters.cc); each streams its rejects
// to rank 0, which writes the rejects output.
Status RunDistJoin(JobContext& job, const DedupOutputs& outputs) {
  job.BeginStage("join");
  Communicator& comm = *job.comm;
  std::vector<uint64_t> out = {0};
  for (uint32_t s = 0; s < job.sketch_shards; ++s) {
    ManifestEntry e;
    if (job.work->Find("filter", s, &e)) out[0] += e.Get("out");
  }
  WINNOW_RETURN_IF_ERROR(SumOverRanks(job, &out));
  if (!job.filter_in_place) WINNOW_RETURN_IF_ERROR(JoinPartFiles(job, outputs));
  job.Progress(1, 3);
  WINNOW_RETURN_IF_ERROR(
      WriteDistClusters(job, job.rank == 0 ? outputs.clusters : nullptr));
  // This rank's shares are written (where a test may stop it: join:1).
  job.stages.ReportShard(2, 3);
  if (job.rank != 0) {
    const std::string rejects = job.work->File("filter/rejects.part");
    {
      std::FILE* f = std::fopen(rejects.c_str(), "wb");
      if (!f) return ErrnoError("cannot create " + rejects, errno);
      Status st = WriteRejects(job, [&](std::string_view b) -> Status {
        if (std::fwrite(b.data(), 1, b.size(), f) != b.size()) {
          return ErrnoError("cannot write " + rejects, errno);
        }
        return OkStatus();
      });
      if (std::fclose(f) != 0 && st.ok()) st = ErrnoError("cannot write " + rejects, errno);
      WINNOW_RETURN_IF_ERROR(st);
    }
    WINNOW_RETURN_IF_ERROR(
        SendFileRange(comm, 0, rejects, 0, FileSize(rejects)));
    job.EndStage();
    return OkStatus();
  }
  {
    // A rank's rejects come after it has written its shares of the output
    // and clusters files (in place or through here), so both are whole
    // once the last rank's have arrived.
    Status st;
    for (int r = 1; r < job.ranks && st.ok(); ++r) {
      st = RecvFile(comm, r, job.work->File("filter/rejects-rank-" +
                                            std::to_string(r)));
    }
    WINNOW_RETURN_IF_ERROR(st);
    job.report.docs_out = out[0];
  }
  job.Progress(2, 3);
  if (outputs.rejects) {
    auto write = [&](std::string_view b) { return outputs.rejects->Write(b); };
    WINNOW_RETURN_IF_ERROR(WriteRejects(job, write));
    for (int r = 1; r < job.ranks; ++r) {
      WINNOW_RETURN_IF_ERROR(ForEachFileChunk(
          job.work->File("filter/rejects-rank-" + std::to_string(r)), write));
    }
  }
  job.Progress(3, 3);
  job.EndStage();
  return OkStatus();
}

}  // namespace winnow::dedup
