// The clusters file of a distributed run, made by every rank at once. A
// cluster's line lists all its members, which the filter stage recorded
// on the ranks that read them; the members travel to the cluster's owner,
// the rank whose share holds the representative's ordinal (the cluster's
// id). The lines are ordered by that id, so each rank's clusters form one
// run of the file, in rank order. Every rank formats its own lines, each
// encoded alone as a single process encodes them, into a part file; the
// parts are then written into the clusters file at their offsets when
// every rank sees that file, else streamed to rank 0, which appends them.
// No rank handles more members than its own clusters hold.
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

// The rank whose share holds ordinal `ord`.
int OwnerOf(const JobContext& job, uint32_t ord) {
  auto it = std::upper_bound(job.rank_first.begin(), job.rank_first.end(),
                             uint64_t{ord});
  return static_cast<int>(it - job.rank_first.begin()) - 1;
}

std::string FromRankPath(const JobContext& job, int r) {
  return job.work->File("filter/cluster-members-from-" + std::to_string(r) +
                        ".bin");
}

// Sends every member of this rank's members files to its cluster's owner,
// which keeps what each rank sent in a members file of its own (each in
// cluster order, as the sender's merge yields them).
Status ShuffleMembers(JobContext& job) {
  std::vector<std::string> mine;
  for (uint32_t s = 0; s < job.sketch_shards; ++s) {
    mine.push_back(FilterFileName(job, "members", s) + ".bin");
  }
  auto merge = MemberMerge::Open(mine);
  if (!merge.ok()) return merge.status();
  std::vector<std::unique_ptr<RecordWriter>> from(job.ranks);
  for (int r = 0; r < job.ranks; ++r) {
    auto w = RecordWriter::Create(FromRankPath(job, r), 1);
    if (!w.ok()) return w.status();
    from[r] = std::move(*w);
  }
  std::string rec;
  ShuffleStats stats;
  WINNOW_RETURN_IF_ERROR(Shuffle(
      *job.comm, ShuffleRoundBytes(job.options.memory_bytes),
      [&](Outbox& box) -> Result<bool> {
        const Member* m;
        while (!box.full() && (m = (*merge)->head()) != nullptr) {
          const int owner = OwnerOf(job, m->cluster);
          if (owner < 0 || owner >= job.ranks) {
            return DataError(job.work->path() +
                             ": a cluster member names cluster " +
                             std::to_string(m->cluster) + " of " +
                             std::to_string(job.total_docs()) +
                             " documents: the work files are damaged");
          }
          rec.clear();
          AppendMemberRecord(*m, &rec);
          box.Add(owner, rec.data(), rec.size());
          (*merge)->Advance();
        }
        WINNOW_RETURN_IF_ERROR((*merge)->status());
        return (*merge)->head() == nullptr;
      },
      [&](int source, std::string_view bytes) {
        return from[source]->Append(bytes.data(), bytes.size());
      },
      &stats));
  for (auto& w : from) WINNOW_RETURN_IF_ERROR(w->Commit());
  job.report.counters.Add("dist.members.rounds", stats.rounds);
  job.report.counters.Add("dist.members.bytes_out", stats.bytes_out);
  job.report.counters.Add("dist.members.bytes_local", stats.bytes_local);
  return OkStatus();
}

// This rank's clusters' lines, each encoded by `encoder`, into `part`;
// their size in `*bytes`.
Status FormatPart(JobContext& job, const OutputFile& encoder,
                  const std::string& part, uint64_t* bytes) {
  std::vector<std::string> paths;
  for (int r = 0; r < job.ranks; ++r) paths.push_back(FromRankPath(job, r));
  auto merge = MemberMerge::Open(paths);
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
  WINNOW_RETURN_IF_ERROR(ShuffleMembers(job));

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
  WINNOW_RETURN_IF_ERROR(FormatPart(job, *encoder, part, &bytes));

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
  int fd = -1;
  uint64_t direct = 0;
  if (!staging.empty()) {
    fd = ::open(staging.c_str(), O_WRONLY | O_CLOEXEC);
    struct stat st {};
    direct = fd >= 0 && ::fstat(fd, &st) == 0 &&
             static_cast<uint64_t>(st.st_size) == total;
  }
  WINNOW_RETURN_IF_ERROR(comm.AllReduce(&direct, 1, Communicator::Op::kMin));
  job.report.counters.Add("dist.clusters.in_place", direct);
  Status st;
  if (direct) {
    if (bytes > 0) st = CopyRange(part, bytes, fd, at, staging);
  } else if (job.rank != 0) {
    st = SendFileRange(comm, 0, part, 0, bytes);
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
