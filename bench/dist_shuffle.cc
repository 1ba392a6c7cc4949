// dist_shuffle: throughput of the dedup shuffle (src/dedup/dist_shuffle.h)
// between MPI ranks: every rank produces GB gigabytes of 20-byte records
// (the size of a band-key record) spread evenly over all ranks by hash, in
// rounds of ROUND_MB megabytes, and consumes what it receives (a checksum
// over every byte). Run under mpirun; bench/dedup/mpi_shuffle.sh runs it
// over shared memory and over TCP on the loopback.
// With "bulk", records are appended 4096 at a time from a prepared block
// per destination (the transport's rate, not the record making's).
// Usage: mpirun -np 2 dist_shuffle [GB] [ROUND_MB] [bulk]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "dedup/dist_shuffle.h"
#include "winnow/dist.h"

int main(int argc, char** argv) {
  const double gb = argc > 1 ? std::atof(argv[1]) : 4.0;
  const uint64_t round_mb = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 64;
  const bool bulk = argc > 3 && std::strcmp(argv[3], "bulk") == 0;
  auto c = winnow::ConnectLauncher();
  if (!c.ok() || !*c) {
    std::fprintf(stderr, "dist_shuffle: run me under mpirun (built with MPI)\n");
    return 1;
  }
  winnow::Communicator& comm = **c;
  const int n = comm.size();
  struct Rec {
    uint64_t key;
    uint32_t ord;
    uint64_t keep;
  } __attribute__((packed));
  static_assert(sizeof(Rec) == 20);
  const uint64_t total = static_cast<uint64_t>(gb * 1e9) / sizeof(Rec);
  constexpr uint64_t kBlock = 4096;
  std::vector<std::string> blocks(n);
  for (int d = 0; d < n; ++d) {
    for (uint64_t i = 0; i < kBlock; ++i) {
      Rec r{i * 0x9e3779b97f4a7c15ULL + d, static_cast<uint32_t>(i), i};
      blocks[d].append(reinterpret_cast<const char*>(&r), sizeof r);
    }
  }
  int next_dest = 0;
  uint64_t made = 0, got = 0, sum = 0;
  uint64_t x = 0x9e3779b97f4a7c15ULL * (comm.rank() + 1);
  winnow::dedup::ShuffleStats stats;
  (void)comm.Barrier();
  const auto t0 = std::chrono::steady_clock::now();
  winnow::Status st = winnow::dedup::Shuffle(
      comm, round_mb << 20,
      [&](winnow::dedup::Outbox& box) -> winnow::Result<bool> {
        if (bulk) {
          while (made < total && !box.full()) {
            box.Add(next_dest, blocks[next_dest].data(), blocks[next_dest].size());
            next_dest = (next_dest + 1) % n;
            made += kBlock;
          }
          if (made > total) made = total;
          return made == total;
        }
        for (; made < total && !box.full(); ++made) {
          x ^= x << 13;
          x ^= x >> 7;
          x ^= x << 17;
          Rec r{x, static_cast<uint32_t>(made), made};
          box.Add(static_cast<int>(((x >> 32) * static_cast<uint64_t>(n)) >> 32), r);
        }
        return made == total;
      },
      [&](int, std::string_view bytes) {
        got += bytes.size();
        for (size_t i = 0; i + 8 <= bytes.size(); i += 64) {
          uint64_t v;
          std::memcpy(&v, bytes.data() + i, 8);
          sum += v;
        }
        return winnow::OkStatus();
      },
      &stats);
  const double s = std::chrono::duration<double>(
                       std::chrono::steady_clock::now() - t0)
                       .count();
  if (!st.ok()) comm.Abort(st.message(), 1);
  uint64_t v[2] = {stats.bytes_out, got};
  (void)comm.AllReduce(v, 2, winnow::Communicator::Op::kSum);
  uint64_t ms = static_cast<uint64_t>(s * 1000);
  (void)comm.AllReduce(&ms, 1, winnow::Communicator::Op::kMax);
  if (comm.rank() == 0) {
    const double secs = ms / 1000.0;
    std::printf(
        "ranks %d  rounds %llu  between ranks %.2f GB  in %.2f s: %.2f GB/s "
        "total, %.2f GB/s per rank (sent), in AllToAll %.2f s  [checksum %llx]\n",
        n, static_cast<unsigned long long>(stats.rounds), v[0] / 1e9, secs,
        v[0] / 1e9 / secs, v[0] / 1e9 / secs / n, stats.seconds,
        static_cast<unsigned long long>(sum & 0xfff));
  }
  return 0;
}
