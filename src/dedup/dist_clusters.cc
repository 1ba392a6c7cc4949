// The clusters file of a distributed run, made by every rank at once. A
// cluster's line lists all its members, which the filter stage recorded
// on the ranks that read them; the members travel to the cluster's owner,
// the rank whose share holds the representative's ordinal (the cluster's
// id). The lines are ordered by that id, so each rank's clusters form one
// run of the file, in rank order. Every rank formats its own lines, each
// encoded alone as a single process encodes them, into a part file; the
// parts are then written into the clusters file at their offsets when
// every rank sees that file, else streamed to rank 0, which appends them.
// No rank handles more members than its own clusters hold, and those
// beyond its memory budget wait in sorted runs on disk.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>

#include "cluster_members.h"
#include "dist_files.h"
#include "dist_shuffle.h"
#include "job.h"

namespace winnow::dedup {
namespace {

// Sends every member of this rank's members files to its cluster's owner
// (the rank whose share holds the representative's ordinal, the cluster's
// id); returns the sorted runs of those sent here.
Result<std::vector<std::string>> ShuffleMembers(JobContext& job) {
  auto budget = job.StageBudget("join", 0);
  if (!budget.ok()) return budget.status();
  const uint64_t round = ShuffleRoundBytes(job.options.memory_bytes);
  MemberRuns runs(job.work->File("filter/cluster-members-run-"),
                  std::max<uint64_t>(*budget / 2, 2 * round));
  uint32_t file = 0;
  std::unique_ptr<MemberReader> in;
  Member m;
  bool have = false;
  // The next member of this rank's files, in `m`; false after the last.
  auto next = [&]() -> Result<bool> {
    for (;;) {
      if (in && in->Next(&m)) return true;
      if (in) WINNOW_RETURN_IF_ERROR(in->status());
      if (file == job.sketch_shards) return false;
      auto r = MemberReader::Open(FilterFileName(job, "members", file++) +
                                  ".bin");
      if (!r.ok()) return r.status();
      in = std::move(*r);
    }
  };
  auto first = next();
  if (!first.ok()) return first.status();
  have = *first;
  std::string rec;
  ShuffleStats stats;
  WINNOW_RETURN_IF_ERROR(Shuffle(
      *job.comm, round,
      [&](Outbox& box) -> Result<bool> {
        while (have && !box.full()) {
          if (m.cluster >= job.total_docs()) {
            return DataError(job.work->path() +
                             ": a cluster member names cluster " +
                             std::to_string(m.cluster) + " of " +
                             std::to_string(job.total_docs()) +
                             " documents: the work files are damaged");
          }
          rec.clear();
          AppendMemberRecord(m, &rec);
          box.Add(job.DocOwner(m.cluster), rec.data(), rec.size());
          auto more = next();
          if (!more.ok()) return more.status();
          have = *more;
        }
        return !have;
      },
      [&](int, std::string_view bytes) { return runs.Add(bytes); }, &stats));
  job.report.counters.Add("dist.members.rounds", stats.rounds);
  job.report.counters.Add("dist.members.bytes_out", stats.bytes_out);
  job.report.counters.Add("dist.members.bytes_local", stats.bytes_local);
  return runs.Finish();
}

// This rank's clusters' lines, each encoded by `encoder`, into `part`;
// their size in `*bytes`.
Status FormatPart(const std::vector<std::string>& runs,
                  const OutputFile& encoder, const std::string& part,
                  uint64_t* bytes) {
  auto merge = MemberMerge::Open(runs);
  if (!merge.ok()) return merge.status();
  std::FILE* f = std::fopen(part.c_str(), "wb");
  if (!f) return ErrnoError("cannot create " + part, errno);
  std::string enc;
  *bytes = 0;
  Status st = FormatClusters(**merge, [&](std::string_view line) -> Status {
    enc.clear();
    WINNOW_RETURN_IF_ERROR(encoder.Encode(line, &enc));
    if (std::fwrite(enc.data(), 1, enc.size(), f) != enc.size()) {
      return ErrnoError("cannot write " + part, errno);
    }
    *bytes += enc.size();
    return OkStatus();
  });
  if (std::fclose(f) != 0 && st.ok()) {
    st = ErrnoError("cannot write " + part, errno);
  }
  return st;
}

}  // namespace

Status WriteDistClusters(JobContext& job, OutputFile* clusters) {
  Communicator& comm = *job.comm;
  // Whether there is a clusters file (rank 0's), and its compression.
  uint64_t spec[2] = {0, 0};
  if (job.rank == 0 && clusters) {
    spec[0] = 1;
    spec[1] = static_cast<uint64_t>(clusters->compression());
  }
  WINNOW_RETURN_IF_ERROR(comm.AllReduce(spec, 2, Communicator::Op::kMax));
  if (spec[0] == 0) return OkStatus();
  auto runs = ShuffleMembers(job);
  if (!runs.ok()) return runs.status();

  // The other ranks encode as rank 0's file does, with an encoder of their
  // own (only its Encode() is used).
  std::unique_ptr<OutputFile> own;
  const OutputFile* encoder = clusters;
  if (job.rank != 0) {
    const auto c = static_cast<Compression>(spec[1]);
    const char* ext = c == Compression::kGzip   ? ".gz"
                      : c == Compression::kZstd ? ".zst"
                                                : "";
    auto e =
        OutputFile::Create(job.work->File("filter/clusters-encoder") + ext);
    if (!e.ok()) return e.status();
    own = std::move(*e);
    encoder = own.get();
  }
  const std::string part = job.work->File("filter/clusters.part");
  uint64_t bytes = 0;
  WINNOW_RETURN_IF_ERROR(FormatPart(*runs, *encoder, part, &bytes));

  // In place: the parts' sizes give the offsets; rank 0 grows its (still
  // empty) file and every rank that sees it at that size writes its part.
  const int n = job.ranks;
  std::vector<uint64_t> v(n + 1, 0);
  const bool fresh = job.rank != 0 || (!clusters->staging_path().empty() &&
                                       clusters->bytes_written() == 0);
  if (fresh) {
    v[job.rank] = bytes;
  } else {
    v[n] = 1;
  }
  WINNOW_RETURN_IF_ERROR(
      comm.AllReduce(v.data(), v.size(), Communicator::Op::kSum));
  uint64_t at = 0, total = 0;
  for (int r = 0; r < n; ++r) {
    if (r < job.rank) at += v[r];
    total += v[r];
  }
  std::string staging;
  if (v[n] == 0) {
    if (job.rank == 0) {
      WINNOW_RETURN_IF_ERROR(clusters->Extend(total));
      staging = clusters->staging_path();
      for (int r = 1; r < n; ++r) WINNOW_RETURN_IF_ERROR(comm.Send(r, staging));
    } else {
      WINNOW_RETURN_IF_ERROR(comm.Recv(0, &staging));
    }
  }
  // Whether every rank with lines to write sees the file rank 0 grew (its
  // size is the proof).
  int fd = -1;
  uint64_t direct = 0;
  if (!staging.empty()) {
    direct = 1;
    if (job.rank != 0 && bytes > 0) {
      fd = ::open(staging.c_str(), O_WRONLY | O_CLOEXEC);
      struct stat st {};
      direct = fd >= 0 && ::fstat(fd, &st) == 0 &&
               static_cast<uint64_t>(st.st_size) == total;
    }
  }
  Status st = comm.AllReduce(&direct, 1, Communicator::Op::kMin);
  if (st.ok()) {
    job.report.counters.Add("dist.clusters.in_place", direct);
    if (direct && bytes > 0) {
      if (job.rank == 0) {
        fd = ::open(staging.c_str(), O_WRONLY | O_CLOEXEC);
        if (fd < 0) st = ErrnoError("cannot open " + staging, errno);
      }
      if (st.ok()) st = CopyRange(part, bytes, fd, at, staging);
    } else if (!direct && job.rank != 0) {
      st = SendFileRange(comm, 0, part, 0, bytes);
    }
  }
  if (fd >= 0 && ::close(fd) != 0 && st.ok()) {
    st = ErrnoError("cannot write " + staging, errno);
  }
  WINNOW_RETURN_IF_ERROR(st);
  if (direct || job.rank != 0) return OkStatus();
  // Through rank 0: back to empty if it was grown, then the parts in order.
  if (!staging.empty()) WINNOW_RETURN_IF_ERROR(clusters->Extend(0));
  auto append = [clusters](std::string_view b) {
    return clusters->WriteEncoded(b);
  };
  WINNOW_RETURN_IF_ERROR(ForEachFileChunk(part, append));
  for (int r = 1; r < n; ++r) WINNOW_RETURN_IF_ERROR(RecvInto(comm, r, append));
  return OkStatus();
}

}  // namespace winnow::dedup
