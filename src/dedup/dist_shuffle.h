// dist_shuffle.h — moving records between ranks in bounded rounds.
// Internal to src/dedup.
//
// A shuffle runs rounds until every rank's producer is exhausted. In each
// round the producer fills an Outbox (one byte string per destination rank)
// until some destination holds `round_bytes / ranks` bytes; one AllToAll
// (MPI_Alltoallv) delivers them; the consumer takes what each rank sent
// here. So a rank never holds more than about `round_bytes` of outgoing and
// `round_bytes` of incoming records, whatever the total volume — the
// consumer spills to sorted runs (external_sort.h) when it must keep them.
// Records are appended whole, so a consumer never sees a partial one.
#ifndef WINNOW_SRC_DEDUP_DIST_SHUFFLE_H_
#define WINNOW_SRC_DEDUP_DIST_SHUFFLE_H_

#include <algorithm>
#include <chrono>
#include <cstring>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "winnow/dist.h"
#include "winnow/status.h"

namespace winnow::dedup {

// The bytes of one round for a rank with `memory_bytes` of budget: a
// sixteenth of it (outgoing and incoming both), between 1 and 64 MiB.
inline uint64_t ShuffleRoundBytes(uint64_t memory_bytes) {
  return std::clamp<uint64_t>(memory_bytes / 16, uint64_t{1} << 20,
                              uint64_t{64} << 20);
}

class Outbox {
 public:
  Outbox(int ranks, size_t cap) : to_(ranks), cap_(cap) {}
  void Add(int dest, const void* p, size_t n) {
    std::string& s = to_[dest];
    s.append(static_cast<const char*>(p), n);
    if (s.size() >= cap_) full_ = true;
  }
  template <typename T>
  void Add(int dest, const T& rec) { Add(dest, &rec, sizeof rec); }
  // Some destination has its share of the round: stop adding.
  bool full() const { return full_; }
  std::vector<std::string>& buffers() { return to_; }
  void Clear() {
    for (std::string& s : to_) s.clear();
    full_ = false;
  }

 private:
  std::vector<std::string> to_;
  size_t cap_;
  bool full_ = false;
};

struct ShuffleStats {
  uint64_t rounds = 0;
  uint64_t bytes_out = 0;     // sent to other ranks
  uint64_t bytes_local = 0;   // "sent" to this rank (no network)
  double seconds = 0;         // in AllToAll, waiting included
};

// produce(box): add records; return true when nothing is left (it is not
// called again). consume(source, bytes): the records `source` sent.
inline Status Shuffle(Communicator& comm, uint64_t round_bytes,
                      const std::function<Result<bool>(Outbox&)>& produce,
                      const std::function<Status(int, std::string_view)>& consume,
                      ShuffleStats* stats = nullptr) {
  const int n = comm.size();
  const size_t cap = std::max<uint64_t>(64 << 10, round_bytes / n);
  Outbox box(n, cap);
  std::vector<std::string> in;
  bool exhausted = false;
  for (;;) {
    if (!exhausted) {
      auto r = produce(box);
      if (!r.ok()) return r.status();
      exhausted = *r;
    }
    const auto t0 = std::chrono::steady_clock::now();
    if (stats) {
      ++stats->rounds;
      for (int d = 0; d < n; ++d) {
        (d == comm.rank() ? stats->bytes_local : stats->bytes_out) +=
            box.buffers()[d].size();
      }
    }
    WINNOW_RETURN_IF_ERROR(comm.AllToAll(&box.buffers(), &in));
    box.Clear();
    uint64_t all_done = exhausted ? 1 : 0;
    WINNOW_RETURN_IF_ERROR(comm.AllReduce(&all_done, 1, Communicator::Op::kMin));
    if (stats) {
      stats->seconds += std::chrono::duration<double>(
                            std::chrono::steady_clock::now() - t0)
                            .count();
    }
    for (int s = 0; s < n; ++s) {
      if (!in[s].empty()) WINNOW_RETURN_IF_ERROR(consume(s, in[s]));
    }
    if (all_done) return OkStatus();
  }
}

// Calls fn(record) for each T in `bytes`.
template <typename T, typename Fn>
Status ForEachRecord(std::string_view bytes, Fn&& fn) {
  if (bytes.size() % sizeof(T) != 0) {
    return InternalError("shuffle: " + std::to_string(bytes.size()) +
                         " bytes is not a whole number of records");
  }
  for (size_t i = 0; i < bytes.size(); i += sizeof(T)) {
    T r;
    std::memcpy(&r, bytes.data() + i, sizeof(T));
    WINNOW_RETURN_IF_ERROR(fn(r));
  }
  return OkStatus();
}

}  // namespace winnow::dedup

#endif  // WINNOW_SRC_DEDUP_DIST_SHUFFLE_H_
