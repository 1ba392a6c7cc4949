// CombineRepeatCounts: the ranks' paragraph counts merged by owner rank
// (paragraph_repeats.h).
//
//   shuffle  every rank streams its merged counts (RepeatCounter::Reader)
//            to the rank owning each paragraph's hash, in rounds of at most
//            round_bytes (as the dedup's band keys travel, dist_shuffle.h);
//            the owner adds them to a counter of its own, which sorts, sums
//            and spills within half the budget.
//   parts    each owner reads its counter back in key order — every source
//            of its paragraphs is there — and keeps the repeated pairs and
//            corpus-wide repeats (RepeatIndexBuilder, as Finish does).
//   gather   every owner's part goes to every rank, again in bounded
//            rounds; each rank sorts the parts into the one index.
//
// Errors are agreed. A rank's own failure (a run it cannot write or read,
// a counter it cannot create) is carried into the AllReduce that ends every
// round, so every rank stops at the same round and returns: no rank waits
// in a collective the failing one will never enter. Only an error of the
// Communicator itself leaves the others to the caller's Abort.
//
// Not dedup::Shuffle (src/dedup/dist_shuffle.h): it returns on a rank's
// first error without telling the others, which leaves them in AllToAll
// until the job is aborted; here the same rounds carry that error.
#include <algorithm>
#include <cstring>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/pack.h"
#include "repeat_index_builder.h"
#include "winnow/dist.h"
#include "winnow/paragraph_repeats.h"

namespace winnow {
namespace {

using Record = RepeatCounter::Record;

// On the wire: paragraph u64, source u64, docs u32 (as in run files).
constexpr size_t kWireRecord = 20;
constexpr size_t kWirePair = 20;  // paragraph u64, source u64, docs u32
constexpr size_t kWireWide = 16;  // paragraph u64, docs u32, sources u32

// Paragraph hashes are already XXH3, but the owner must not depend on how
// well the low or high bits of a caller's hashes spread (tests use small
// numbers): mixed first.
uint64_t Mix(uint64_t x) { return MurmurMix64(x); }

int Owner(uint64_t paragraph, int ranks) {
  return static_cast<int>(
      ((Mix(paragraph) >> 32) * static_cast<uint64_t>(ranks)) >> 32);
}

template <typename T>
void Put(std::string* out, T v) { PutRaw(out, v); }
template <typename T>
T Get(const char* p) { return GetRaw<T>(p); }

uint32_t Clamp32(uint64_t v) {
  return static_cast<uint32_t>(std::min<uint64_t>(v, UINT32_MAX));
}

// Bytes a rank sends each rank per round: a whole number of `record`s, at
// least one.
size_t RoundShare(uint64_t round_bytes, int ranks, size_t record) {
  const uint64_t share = round_bytes / static_cast<uint64_t>(ranks);
  return static_cast<size_t>(
      std::max<uint64_t>(share - share % record, record));
}

// What every rank learns at the end of a round.
struct Agreed {
  bool more = false;  // some rank has more to send
  int failed = -1;    // a rank that failed, or -1
};

// Ends a round: `more` and `st` of this rank combined over the ranks.
Result<Agreed> Agree(Communicator& comm, bool more, const Status& st) {
  uint64_t v[2] = {more ? 1u : 0u,
                   st.ok() ? 0u : static_cast<uint64_t>(comm.rank()) + 1};
  WINNOW_RETURN_IF_ERROR(comm.AllReduce(v, 2, Communicator::Op::kMax));
  Agreed a;
  a.more = v[0] != 0;
  a.failed = static_cast<int>(v[1]) - 1;
  return a;
}

// The Status this rank returns once rank `failed` has failed: its own
// error, or one naming the rank that failed.
Status Failure(const Communicator& comm, const Status& own, int failed) {
  if (!own.ok()) return own;
  return InternalError("combining the paragraph counts: rank " +
                       std::to_string(failed) + " of " +
                       std::to_string(comm.size()) + " failed");
}

// Sends `mine` (whole records of `record` bytes) to every rank in rounds
// of at most `round_bytes`; `take(source, bytes)` receives each piece.
// Errors of `take` are agreed like the shuffle's.
Status Gather(Communicator& comm, uint64_t round_bytes, size_t record,
              const std::string& mine,
              const std::function<Status(int, std::string_view)>& take,
              RepeatCombineStats* stats) {
  const int n = comm.size();
  const size_t share = RoundShare(round_bytes, n, record);
  std::vector<std::string> out(n), in;
  size_t off = 0;
  Status st;
  for (;;) {
    const size_t len = std::min(share, mine.size() - off);
    for (int d = 0; d < n; ++d) out[d].assign(mine, off, len);
    off += len;
    WINNOW_RETURN_IF_ERROR(comm.AllToAll(&out, &in));
    ++stats->rounds;
    for (int s = 0; s < n && st.ok(); ++s) {
      stats->index_bytes += in[s].size();
      if (!in[s].empty()) st = take(s, in[s]);
    }
    auto a = Agree(comm, off < mine.size(), st);
    if (!a.ok()) return a.status();
    if (a->failed >= 0) return Failure(comm, st, a->failed);
    if (!a->more) return OkStatus();
  }
}

}  // namespace

Result<RepeatIndex> CombineRepeatCounts(Communicator& comm,
                                        RepeatCounter* local,
                                        uint64_t round_bytes,
                                        RepeatCombineStats* stats) {
  RepeatCombineStats unused;
  if (stats == nullptr) stats = &unused;
  *stats = RepeatCombineStats();
  // Alone, the local counter holds every document: nothing to move.
  if (comm.size() == 1) return local->Finish();

  const int n = comm.size();
  const RepeatOptions options = local->options();
  Status st;  // this rank's first error

  std::unique_ptr<RepeatCounter::Reader> reader;
  if (auto r = local->ReadCounts(); r.ok()) {
    reader = std::move(*r);
  } else {
    st = r.status();
  }
  // The owner's counter: half the budget, beside the local one's runs.
  std::unique_ptr<RepeatCounter> owned;
  if (st.ok()) {
    RepeatOptions half = options;
    half.memory_bytes = options.memory_bytes / 2;
    if (auto c = RepeatCounter::Create(half, 1); c.ok()) {
      owned = std::move(*c);
    } else {
      st = c.status();
    }
  }

  // ---- shuffle: each record to the owner of its paragraph
  {
    const size_t share = RoundShare(round_bytes, n, kWireRecord);
    std::vector<std::string> out(n), in;
    std::vector<Record> got;
    bool exhausted = !st.ok();
    for (;;) {
      Record r;
      bool full = false;
      while (!exhausted && !full) {
        if (!reader->Next(&r)) {
          exhausted = true;
          st = reader->status();
          break;
        }
        std::string& to = out[Owner(r.paragraph, n)];
        Put<uint64_t>(&to, r.paragraph);
        Put<uint64_t>(&to, r.source);
        Put<uint32_t>(&to, Clamp32(r.docs));
        full = to.size() >= share;
      }
      for (int d = 0; d < n; ++d) {
        (d == comm.rank() ? stats->bytes_local : stats->bytes_out) +=
            out[d].size();
      }
      WINNOW_RETURN_IF_ERROR(comm.AllToAll(&out, &in));
      ++stats->rounds;
      for (std::string& s : out) s.clear();
      for (int s = 0; s < n && st.ok(); ++s) {
        const std::string& b = in[s];
        if (b.size() % kWireRecord != 0) {
          st = InternalError(
              "combining the paragraph counts: " + std::to_string(b.size()) +
              " bytes from rank " + std::to_string(s) +
              " are not a whole number of records");
          break;
        }
        got.resize(b.size() / kWireRecord);
        for (size_t i = 0; i < got.size(); ++i) {
          const char* p = b.data() + i * kWireRecord;
          got[i] = {Get<uint64_t>(p), Get<uint64_t>(p + 8),
                    Get<uint32_t>(p + 16)};
        }
        st = owned->AddCounts(&got);
      }
      auto a = Agree(comm, !exhausted, st);
      if (!a.ok()) return a.status();
      if (a->failed >= 0) return Failure(comm, st, a->failed);
      if (!a->more) break;
    }
  }
  const RepeatIndex::Stats counted = reader->stats();
  reader.reset();

  // ---- parts: this rank's paragraphs, whole
  boilerplate::RepeatIndexBuilder part(options, options.memory_bytes);
  bool over = false;
  RepeatIndex::Stats owned_stats;
  {
    auto r = owned->ReadCounts();
    if (r.ok()) {
      Record rec;
      Status s;
      while (s.ok() && (*r)->Next(&rec)) s = part.Add(rec);
      if (s.ok()) s = part.End();
      if (s.code() == ErrorCode::kResourceExhausted) {
        over = true;
        s = OkStatus();
      }
      st = s.ok() ? (*r)->status() : s;
      owned_stats = (*r)->stats();
      stats->owner_runs = owned_stats.runs_spilled;
    } else {
      st = r.status();
    }
  }
  owned.reset();  // its runs are read; removes its directory
  {
    // Over budget is no error of one rank's: every rank reports it.
    uint64_t v[2] = {st.ok() ? 0u : static_cast<uint64_t>(comm.rank()) + 1,
                     over ? 1u : 0u};
    WINNOW_RETURN_IF_ERROR(comm.AllReduce(v, 2, Communicator::Op::kMax));
    if (v[0] != 0) return Failure(comm, st, static_cast<int>(v[0]) - 1);
    if (v[1] != 0)
      return boilerplate::RepeatIndexOverBudget(options.memory_bytes);
  }
  uint64_t sums[7] = {counted.documents,
                      counted.occurrences,
                      part.distinct_pairs(),
                      counted.runs_spilled + owned_stats.runs_spilled,
                      counted.bytes_spilled + owned_stats.bytes_spilled,
                      part.pairs().size(),
                      part.wide().size()};
  WINNOW_RETURN_IF_ERROR(comm.AllReduce(sums, 7, Communicator::Op::kSum));
  if (boilerplate::RepeatIndexBytes(sums[5], sums[6]) > options.memory_bytes) {
    return boilerplate::RepeatIndexOverBudget(options.memory_bytes);
  }

  // ---- gather: every part to every rank
  std::vector<RepeatIndex::Pair> pairs;
  std::vector<RepeatIndex::Wide> wide;
  pairs.reserve(sums[5]);
  wide.reserve(sums[6]);
  {
    std::string mine;
    mine.reserve(part.pairs().size() * kWirePair);
    for (const RepeatIndex::Pair& p : part.pairs()) {
      Put<uint64_t>(&mine, p.paragraph);
      Put<uint64_t>(&mine, p.source);
      Put<uint32_t>(&mine, p.docs);
    }
    std::vector<RepeatIndex::Pair>().swap(part.pairs());
    WINNOW_RETURN_IF_ERROR(Gather(
        comm, round_bytes, kWirePair, mine,
        [&](int, std::string_view b) {
          if (b.size() % kWirePair != 0) {
            return InternalError(
                "combining the paragraph counts: a part's "
                "pairs are not whole");
          }
          for (size_t i = 0; i < b.size(); i += kWirePair) {
            const char* p = b.data() + i;
            pairs.push_back({Get<uint64_t>(p), Get<uint64_t>(p + 8),
                             Get<uint32_t>(p + 16)});
          }
          return OkStatus();
        },
        stats));
    mine.clear();
    for (const RepeatIndex::Wide& w : part.wide()) {
      Put<uint64_t>(&mine, w.paragraph);
      Put<uint32_t>(&mine, w.docs);
      Put<uint32_t>(&mine, w.sources);
    }
    std::vector<RepeatIndex::Wide>().swap(part.wide());
    WINNOW_RETURN_IF_ERROR(Gather(
        comm, round_bytes, kWireWide, mine,
        [&](int, std::string_view b) {
          if (b.size() % kWireWide != 0) {
            return InternalError(
                "combining the paragraph counts: a part's "
                "corpus-wide repeats are not whole");
          }
          for (size_t i = 0; i < b.size(); i += kWireWide) {
            const char* p = b.data() + i;
            wide.push_back({Get<uint64_t>(p), Get<uint32_t>(p + 8),
                            Get<uint32_t>(p + 12)});
          }
          return OkStatus();
        },
        stats));
  }
  // The parts hold disjoint paragraphs, each sorted: one order for all.
  std::sort(pairs.begin(), pairs.end(),
            [](const RepeatIndex::Pair& a, const RepeatIndex::Pair& b) {
              return a.paragraph != b.paragraph ? a.paragraph < b.paragraph
                                                : a.source < b.source;
            });
  std::sort(wide.begin(), wide.end(),
            [](const RepeatIndex::Wide& a, const RepeatIndex::Wide& b) {
              return a.paragraph < b.paragraph;
            });
  RepeatIndex::Stats total;
  total.documents = sums[0];
  total.occurrences = sums[1];
  total.distinct_pairs = sums[2];
  total.runs_spilled = sums[3];
  total.bytes_spilled = sums[4];
  total.repeated_pairs = pairs.size();
  total.corpus_repeats = wide.size();
  return RepeatIndex(options, std::move(pairs), std::move(wide), total);
}

}  // namespace winnow
