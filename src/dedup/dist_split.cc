// How a distributed run divides its input between the ranks (dist.h).
//
// The input files, one after the other, are one run of T bytes; rank r's
// share is the bytes [r·T/N, (r+1)·T/N). A file that lies across a share
// boundary is cut there when it is uncompressed JSONL: each rank reads the
// lines that start in its range (RecordSource, InputFile::range_begin), so
// a huge single file is divided as evenly as many files are. Other files
// (compressed streams cannot be entered in the middle; text, HTML and WARC
// files are one record or need their own framing) go whole to the rank
// owning their middle byte. A cut within 1/32 of a share (at most 64 MiB)
// of a file's start or end moves there, so inputs already cut into
// balanced files are read whole, as before.
//
// Ordinals need only each share's document count (RunDistAnalyze), but
// line numbers — in error messages, rejects and the default ids
// ("file:line") — must be the file's, not the range's, and they are
// formatted while the sketch stage reads. So before the sketch every rank
// whose last range is continued by a later rank counts the newlines of
// that range (one read of the range at memory speed; docs/BENCHMARKS.md
// gives the cost), and one sum over the ranks tells each rank how many
// lines of its first file precede its range. The counts are kept in the
// manifest, so a resumed run does not count again.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

#include <algorithm>
#include <cerrno>

#include "dist_split.h"
#include "job.h"
#include "winnow/byte_source.h"

namespace winnow::dedup {
namespace {

struct Piece {
  size_t file;
  uint64_t begin, end;
};

// Whether `f` can be read in ranges: uncompressed, and JSONL by its name,
// the --format flag or its first bytes.
Result<bool> Splittable(const InputFile& f) {
  if (f.format != InputFormat::kAuto && f.format != InputFormat::kJsonl) {
    return false;
  }
  const int fd = ::open(f.path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return ErrnoError(f.name + ": cannot open", errno);
  std::string head(64 << 10, '\0');
  size_t have = 0;
  while (have < head.size()) {
    const ssize_t n = ::read(fd, head.data() + have, head.size() - have);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int e = errno;
      ::close(fd);
      return ErrnoError(f.name + ": read failed", e);
    }
    if (n == 0) break;
    have += static_cast<size_t>(n);
  }
  ::close(fd);
  head.resize(have);
  if (DetectCompression(head) != Compression::kNone) return false;
  return f.format == InputFormat::kJsonl ||
         SniffInputFormat(head) == InputFormat::kJsonl;
}

// Newlines in p[0, n): 16 or 32 bytes compared at a time (the scalar
// std::count runs at a third of the speed).
#if defined(__x86_64__)
__attribute__((target("avx2"))) uint64_t CountNewlinesAvx2(const char* p,
                                                           size_t n) {
  const __m256i nl = _mm256_set1_epi8('\n');
  uint64_t c = 0;
  size_t i = 0;
  for (; i + 32 <= n; i += 32) {
    const __m256i v =
        _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + i));
    c += static_cast<uint64_t>(__builtin_popcount(
        static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, nl)))));
  }
  return c + static_cast<uint64_t>(std::count(p + i, p + n, '\n'));
}

uint64_t CountNewlinesSse2(const char* p, size_t n) {
  const __m128i nl = _mm_set1_epi8('\n');
  uint64_t c = 0;
  size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    c += static_cast<uint64_t>(__builtin_popcount(
        static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, nl)))));
  }
  return c + static_cast<uint64_t>(std::count(p + i, p + n, '\n'));
}
#endif

uint64_t CountNewlinesIn(const char* p, size_t n) {
#if defined(__x86_64__)
  static const bool avx2 = __builtin_cpu_supports("avx2");
  return avx2 ? CountNewlinesAvx2(p, n) : CountNewlinesSse2(p, n);
#else
  return static_cast<uint64_t>(std::count(p, p + n, '\n'));
#endif
}

// Newlines in bytes [begin, end) of `path`.
Result<uint64_t> CountNewlines(const InputFile& f, uint64_t begin,
                               uint64_t end) {
  const int fd = ::open(f.path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return ErrnoError(f.name + ": cannot open", errno);
  posix_fadvise(fd, static_cast<off_t>(begin), static_cast<off_t>(end - begin),
                POSIX_FADV_SEQUENTIAL);
  std::string buf(256 << 10, '\0');  // stays in the L2 cache
  uint64_t count = 0;
  uint64_t at = begin;
  while (at < end) {
    const size_t want =
        static_cast<size_t>(std::min<uint64_t>(buf.size(), end - at));
    const ssize_t n = ::pread(fd, buf.data(), want, static_cast<off_t>(at));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const int e = n < 0 ? errno : 0;
      ::close(fd);
      if (e != 0) {
        return ErrnoError(
            f.name + ": byte " + std::to_string(at) + ": read failed", e);
      }
      return DataError(f.name + ": ends at byte " + std::to_string(at) +
                       ", before the " + std::to_string(end) +
                       " bytes it had when the run began");
    }
    count += CountNewlinesIn(buf.data(), static_cast<size_t>(n));
    at += static_cast<uint64_t>(n);
  }
  ::close(fd);
  return count;
}

}  // namespace

Result<RankShare> ShareInputs(std::vector<InputFile> inputs, int rank,
                              int ranks) {
  std::vector<uint64_t> sizes;
  uint64_t total = 0;
  for (const InputFile& f : inputs) {
    uint64_t size = f.size;
    struct stat st {};
    if (size == 0 && ::stat(f.path.c_str(), &st) == 0) size = st.st_size;
    sizes.push_back(size);
    total += size;
  }
  // The rank whose share holds byte x of the whole input.
  auto owner = [&](uint64_t x) {
    return static_cast<int>(std::min<unsigned __int128>(
        ranks - 1, static_cast<unsigned __int128>(x) * ranks / total));
  };
  // The first byte of rank r's share: ceil(r·T/N).
  auto share_begin = [&](int r) {
    return static_cast<uint64_t>(
        (static_cast<unsigned __int128>(r) * total + ranks - 1) / ranks);
  };
  const uint64_t slack =
      std::min<uint64_t>(total / ranks / 32, uint64_t{64} << 20);
  std::vector<std::vector<Piece>> plan(ranks);
  uint64_t before = 0, files_cut = 0;
  for (size_t i = 0; i < inputs.size(); ++i) {
    const uint64_t size = sizes[i];
    if (total == 0) {
      plan[i * ranks / inputs.size()].push_back({i, 0, size});
      continue;
    }
    const int first = owner(before);
    const int last = size > 0 ? owner(before + size - 1) : first;
    bool cut = first != last;
    if (cut) {
      auto ok = Splittable(inputs[i]);
      if (!ok.ok()) return ok.status();
      cut = *ok;
    }
    if (!cut) {
      plan[owner(before + size / 2)].push_back({i, 0, size});
    } else {
      // Ranks first..last each take the part of the file in their share,
      // its cuts moved to the file's ends when they are close to them.
      uint64_t from = 0;
      int pieces = 0;
      for (int r = first; r <= last; ++r) {
        uint64_t to = r == last ? size : share_begin(r + 1) - before;
        if (to < slack) to = 0;
        if (size - to < slack) to = size;
        if (to > from) {
          plan[r].push_back({i, from, to});
          ++pieces;
        }
        from = std::max(from, to);
      }
      files_cut += pieces > 1 ? 1 : 0;
    }
    before += size;
  }
  RankShare share;
  share.files_cut = files_cut;
  share.last_file.assign(ranks, -1);
  for (int r = 0; r < ranks; ++r) {
    if (!plan[r].empty() && plan[r].back().end < sizes[plan[r].back().file]) {
      const Piece& p = plan[r].back();
      share.last_file[r] = static_cast<int64_t>(p.file);
      share.continued.push_back({r, inputs[p.file], p.begin, p.end});
    }
  }
  for (const Piece& p : plan[rank]) {
    InputFile f = inputs[p.file];
    if (p.begin > 0 || p.end < sizes[p.file]) {
      f.format = InputFormat::kJsonl;
      f.range_begin = p.begin;
      f.range_end = p.end;
      f.size = p.end - p.begin;
    }
    share.inputs.push_back(std::move(f));
  }
  if (!plan[rank].empty() && plan[rank].front().begin > 0) {
    share.first_file = static_cast<int64_t>(plan[rank].front().file);
  }
  return share;
}

Result<uint64_t> SharedLineBase(Communicator& comm, const RankShare& s) {
  // The lines of a continued range: those starting in (begin, end] (from
  // the file's start when begin is 0), one per newline in [begin, end).
  // This rank counts its slice of each range.
  const int rank = comm.rank();
  const uint64_t ranks = static_cast<uint64_t>(comm.size());
  std::vector<uint64_t> lines(comm.size(), 0);
  for (const RankShare::Continued& c : s.continued) {
    const uint64_t size = c.end - c.begin;
    const uint64_t from = c.begin + size * static_cast<uint64_t>(rank) / ranks;
    const uint64_t to = c.begin + size * static_cast<uint64_t>(rank + 1) / ranks;
    if (to > from) {
      auto n = CountNewlines(c.file, from, to);
      if (!n.ok()) return n.status();
      lines[c.rank] += *n;
    }
    if (rank == 0 && c.begin == 0) ++lines[c.rank];
  }
  WINNOW_RETURN_IF_ERROR(
      comm.AllReduce(lines.data(), lines.size(), Communicator::Op::kSum));
  uint64_t base = 0;
  for (int q = 0; q < rank; ++q) {
    if (s.first_file >= 0 && s.last_file[q] == s.first_file) base += lines[q];
  }
  return base;
}

Status ExchangeLineBases(JobContext& job) {
  const RankShare& s = job.split;
  job.report.counters.Add("dist.files_cut", s.files_cut);
  if (std::all_of(s.last_file.begin(), s.last_file.end(),
                  [](int64_t f) { return f < 0; })) {
    return OkStatus();  // no file is cut: nothing to learn
  }
  Communicator& comm = *job.comm;
  // Every rank must take the same path through the collectives: count
  // again unless all of them have the bases of an earlier run.
  uint64_t have = job.work->Done("dist-lines") ? 1 : 0;
  WINNOW_RETURN_IF_ERROR(comm.AllReduce(&have, 1, Communicator::Op::kMin));
  uint64_t base = 0;
  if (have == 1) {
    ManifestEntry e;
    job.work->Find("dist-lines", -1, &e);
    base = e.Get("base");
  } else {
    job.BeginStage("lines");
    auto b = SharedLineBase(comm, s);
    if (!b.ok()) return b.status();
    base = *b;
    ManifestEntry e;
    e.stage = "dist-lines";
    e.Set("base", base);
    WINNOW_RETURN_IF_ERROR(job.work->Record(std::move(e)));
    job.EndStage();
  }
  if (s.first_file >= 0) job.inputs.front().line_base = base;
  return OkStatus();
}

}  // namespace winnow::dedup
