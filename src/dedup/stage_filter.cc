// The filter stage: read the inputs again and write the kept documents (or
// every document, annotated) with their cluster fields, shard by shard;
// collect cluster members for the clusters file. Then the join: the shards
// become the output files.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "blob_file.h"
#include "cluster_members.h"
#include "job.h"
#include "shard_stream.h"
#include "winnow/json.h"

namespace winnow::dedup {
namespace {

struct FilterBatch : ShardBatchBase {
  // Output segments: the encoded records of one shard each, in order.
  std::vector<std::pair<uint32_t, std::string>> segments;
  std::vector<std::pair<uint32_t, uint64_t>> segment_docs;  // shard, docs
  std::vector<uint64_t> segment_plain;  // plain bytes per segment
  std::vector<Member> members;
  std::string plain;
  Status changed;  // a record that parsed in the sketch stage and not now

  void Reset() {
    segments.clear();
    segment_docs.clear();
    segment_plain.clear();
    members.clear();
    plain.clear();
    changed = Status();
  }
};

struct RepIds {
  std::vector<uint32_t> ords;
  std::vector<uint64_t> ends;
  std::string bytes;
  std::string_view Find(uint32_t ord) const {
    auto it = std::lower_bound(ords.begin(), ords.end(), ord);
    if (it == ords.end() || *it != ord) return {};
    size_t i = static_cast<size_t>(it - ords.begin());
    uint64_t b = i == 0 ? 0 : ends[i - 1];
    return std::string_view(bytes).substr(b, ends[i] - b);
  }
};

class FilterWorker : public ShardWorker<FilterBatch> {
 public:
  FilterWorker(const JobContext& job, const std::vector<AssignRec>& assign,
               const RepIds& rep_ids, const OutputFile* out, bool annotate)
      : job_(job),
        assign_(assign),
        rep_ids_(rep_ids),
        out_(out),
        annotate_(annotate) {}

  Status Process(Doc& doc, FilterBatch* b) override {
    const uint64_t ord = doc.ordinal;
    const uint32_t shard = static_cast<uint32_t>(ord / job_.options.shard_docs);
    if (b->segment_docs.empty() || b->segment_docs.back().first != shard) {
      WINNOW_RETURN_IF_ERROR(CloseSegment(b));
      b->segment_docs.emplace_back(shard, 0);
    }
    // `ord` counts this job's inputs; in a distributed run they are one
    // rank's share, which begins at input position job.first.
    const AssignRec& a = assign_[ord];
    const uint64_t global = job_.first + ord;
    const bool kept = a.rep == global;
    if (a.size > 1) {
      b->members.push_back(
          Member{a.rep, static_cast<uint32_t>(global), a.sim, a.flags, doc.id});
    }
    if (!kept && !annotate_) return OkStatus();
    // EmptyClusterFields, with their values.
    extra_.clear();
    extra_.push_back({"cluster", std::to_string(a.rep)});
    extra_.push_back({"cluster_size", std::to_string(a.size)});
    if (annotate_ && !kept) {
      std::string dup;
      AppendJsonString(&dup, rep_ids_.Find(a.rep));
      extra_.push_back({"duplicate_of", std::move(dup)});
      std::string sim;
      AppendSimilarity(&sim, a.sim);
      extra_.push_back({"similarity", std::move(sim)});
    }
    AppendDocJson(doc, extra_, &b->plain);
    ++b->segment_docs.back().second;
    return OkStatus();
  }

  void Rejected(uint64_t ordinal, std::string_view reject,
                FilterBatch* b) override {
    if (b->changed.ok()) {
      b->changed = DataError(
          std::string(reject.substr(0, 300)) +
          " — this record was read without error in the sketch stage: the "
          "input changed during the run");
    }
  }

  // Encodes the plain records gathered for the current segment.
  Status CloseSegment(FilterBatch* b) {
    if (b->segment_docs.size() == b->segments.size()) return OkStatus();
    std::string enc;
    if (!b->plain.empty()) {
      WINNOW_RETURN_IF_ERROR(out_->Encode(b->plain, &enc));
    }
    b->segments.emplace_back(b->segment_docs.back().first, std::move(enc));
    b->segment_plain.push_back(b->plain.size());
    b->plain.clear();
    return OkStatus();
  }

 private:
  const JobContext& job_;
  const std::vector<AssignRec>& assign_;
  const RepIds& rep_ids_;
  const OutputFile* out_;
  bool annotate_;
  std::vector<OutputField> extra_;
};

// The output of every filter shard, in order, in one work file: finished
// shards end at the offsets the manifest records, so a resumed run cuts
// the file back to the last one and appends. At the end the file becomes
// the output (OutputFile::AdoptFile), moved rather than copied when it is
// on the output's file system. Or, in a distributed run that writes in
// place (PlanInPlaceOutput), this rank's share of the output file itself.
class PartFile {
 public:
  // `writeback`: the bytes written become the output (see StartWriteback);
  // a distributed run's other ranks copy their part files into it and
  // delete them, so those need never reach the disk.
  explicit PartFile(bool writeback) : writeback_(writeback) {}
  ~PartFile() {
    if (fd_ >= 0) ::close(fd_);
  }
  Status Open(const std::string& path, uint64_t offset) {
    path_ = path;
    fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) return ErrnoError("cannot open " + path, errno);
    if (::ftruncate(fd_, static_cast<off_t>(offset)) != 0) {
      return ErrnoError("cannot cut " + path + " back", errno);
    }
    size_ = offset;
    return OkStatus();
  }
  // The `limit` bytes of the output file `path` from `base` on, which it
  // already holds (reserved).
  Status OpenInPlace(const std::string& path, uint64_t base, uint64_t limit) {
    path_ = path;
    fd_ = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd_ < 0) return ErrnoError("cannot open " + path, errno);
    base_ = base;
    limit_ = limit;
    return OkStatus();
  }
  Status Append(std::string_view bytes) {
    if (size_ + bytes.size() > limit_) {
      return DataError(
          "the documents to write outgrew the share of " + path_ +
          " reserved for them: the input changed during the run");
    }
    buffer_.append(bytes);
    size_ += bytes.size();
    return buffer_.size() >= (4 << 20) ? Flush() : OkStatus();
  }
  Status Flush() {
    std::string_view b = buffer_;
    uint64_t at = base_ + size_ - b.size();
    while (!b.empty()) {
      ssize_t w = ::pwrite(fd_, b.data(), b.size(), static_cast<off_t>(at));
      if (w < 0) {
        if (errno == EINTR) continue;
        return ErrnoError("cannot write " + path_, errno);
      }
      b.remove_prefix(static_cast<size_t>(w));
      at += static_cast<uint64_t>(w);
    }
    buffer_.clear();
    if (writeback_) StartWriteback();
    return OkStatus();
  }
  // Bytes written (in place: from the share's start).
  uint64_t size() const { return size_; }

 private:
  // The bytes become the output, which is fsync'ed when committed: start
  // writeback of each finished 8 MiB now, so that the fsync has little left
  // to do at the end of the run (as OutputFile does). Advisory: errors
  // surface at the fsync.
  void StartWriteback() {
    constexpr uint64_t kWriteback = uint64_t{8} << 20;
    if (size_ - synced_ < kWriteback) return;
    const uint64_t end = size_ - size_ % kWriteback;
    if (synced_ < end) {
      ::sync_file_range(fd_, static_cast<off_t>(base_ + synced_),
                        static_cast<off_t>(end - synced_),
                        SYNC_FILE_RANGE_WRITE);
    }
    synced_ = end;
  }

  bool writeback_;
  std::string path_;
  int fd_ = -1;
  uint64_t base_ = 0;  // where byte 0 of this part goes in the file
  uint64_t limit_ = UINT64_MAX;
  uint64_t size_ = 0;
  uint64_t synced_ = 0;  // bytes handed to writeback
  std::string buffer_;
};

// The shard being written. A batch's last segment is closed by the
// consumer (the worker does not know it was the last record).
struct OpenFilterShard {
  uint32_t shard = 0;
  std::vector<Member> members;
  uint64_t docs_out = 0, plain_bytes = 0;
};

uint32_t Digits(uint32_t v) {
  uint32_t d = 1;
  while (v >= 10) {
    v /= 10;
    ++d;
  }
  return d;
}

// The bytes this rank's kept documents take in a plain output, from the
// sizes the sketch stage recorded; UINT64_MAX if one was not recorded.
Status KeptBytes(const JobContext& job, const std::vector<AssignRec>& assign,
                 uint64_t* bytes) {
  uint64_t sum = 0;
  bool known = true;
  WINNOW_RETURN_IF_ERROR(ForEachMeta(job, [&](uint64_t ord, const DocMeta& m) {
    const AssignRec& a = assign[ord];
    if ((a.flags & kDocRejected) != 0 || a.rep != job.GlobalOrd(ord)) return;
    if (m.out_bytes == 0) known = false;
    sum += m.out_bytes + ClusterValueBytes(a);
  }));
  *bytes = known ? sum : UINT64_MAX;
  return OkStatus();
}

std::string PartPath(const JobContext& job) { return FilterPartPath(job); }

std::string FilterFile(const JobContext& job, std::string_view kind,
                       uint32_t shard) {
  return FilterFileName(job, kind, shard);
}

}  // namespace

const std::vector<OutputField>& EmptyClusterFields() {
  static const std::vector<OutputField> fields = {{"cluster", ""},
                                                  {"cluster_size", ""}};
  return fields;
}

uint64_t ClusterValueBytes(const AssignRec& a) {
  return Digits(a.rep) + Digits(a.size);
}

std::string FilterPartPath(const JobContext& job) {
  return job.work->File("filter/out.part");
}

std::string FilterFileName(const JobContext& job, std::string_view kind,
                           uint32_t shard) {
  return job.work->File("filter/" + std::string(kind) + "-" + ShardName(shard));
}

Status RunFilter(JobContext& job, const DedupOutputs& outputs) {
  const DedupOptions& o = job.options;
  const std::string part = PartPath(job);
  // Finished shards are a prefix (the stream runs in order); the part file
  // must hold at least their bytes. Anything else (a part file already
  // moved to the output, or lost, or shards written in place into an
  // output file that an interrupted run did not commit) means filtering
  // again from the start.
  uint32_t prefix = 0;
  uint64_t offset = 0;
  bool in_place_before = false;
  ManifestEntry e;
  while (prefix < job.sketch_shards && job.work->Find("filter", prefix, &e)) {
    offset = e.Get("end");
    in_place_before |= e.Get("in_place") != 0;
    ++prefix;
  }
  struct stat st {};
  const bool part_ok = ::stat(part.c_str(), &st) == 0 &&
                       static_cast<uint64_t>(st.st_size) >= offset;
  if (job.work->Shards("filter").size() != prefix ||
      (prefix > 0 && (!part_ok || in_place_before))) {
    WINNOW_RETURN_IF_ERROR(job.work->Forget("filter"));
    prefix = 0;
    offset = 0;
  }
  std::vector<bool> done(job.sketch_shards, false);
  for (uint32_t s = 0; s < prefix; ++s) done[s] = true;
  job.report.resumed_shards += prefix;
  const uint64_t pending = job.sketch_shards - prefix;
  std::vector<AssignRec> assign;
  if (pending > 0) {
    job.BeginStage("filter");
    auto budget = job.StageBudget("filter", job.docs * sizeof(AssignRec));
    if (!budget.ok()) return budget.status();
    WINNOW_RETURN_IF_ERROR(
        ReadTable(job.work->File("cluster/assign.bin"), &assign));
    if (assign.size() != job.docs) {
      return DataError(job.work->File("cluster/assign.bin") + ": holds " +
                       std::to_string(assign.size()) + " documents, expected " +
                       std::to_string(job.docs));
    }
  }
  // A distributed run writes in place when every rank starts its share
  // afresh and knows its size.
  std::string in_place;
  uint64_t in_place_at = 0, in_place_bytes = UINT64_MAX;
  if (job.ranks > 1) {
    // (A rank with nothing to read has nothing to write: 0 bytes.)
    if (prefix == 0 && !outputs.annotate_only &&
        outputs.docs->compression() == Compression::kNone) {
      WINNOW_RETURN_IF_ERROR(KeptBytes(job, assign, &in_place_bytes));
    }
    WINNOW_RETURN_IF_ERROR(PlanInPlaceOutput(job, outputs, in_place_bytes,
                                             &in_place, &in_place_at));
  }
  job.filter_in_place = !in_place.empty();
  if (job.ranks > 1) {
    job.report.counters.Add("dist.filter.in_place", job.filter_in_place ? 1 : 0);
  }
  if (pending > 0) {
    PartFile out(job.rank == 0 || job.filter_in_place);
    if (job.filter_in_place) {
      WINNOW_RETURN_IF_ERROR(
          out.OpenInPlace(in_place, in_place_at, in_place_bytes));
    } else {
      WINNOW_RETURN_IF_ERROR(out.Open(part, offset));
    }
    RepIds rep_ids;
    {
      WINNOW_RETURN_IF_ERROR(
          ReadTable(job.work->File("cluster/rep-ords.bin"), &rep_ids.ords));
      auto ids = BlobReader::Open(job.work->File("cluster/rep-ids"));
      if (!ids.ok()) return ids.status();
      std::string id;
      for (uint64_t i = 0; i < (*ids)->size(); ++i) {
        WINNOW_RETURN_IF_ERROR((*ids)->Get(i, &id));
        rep_ids.bytes += id;
        rep_ids.ends.push_back(rep_ids.bytes.size());
      }
    }

    ShardStreamOptions so;
    so.shard_docs = o.shard_docs;
    so.threads = job.threads;
    so.on_error = OnError::kSkip;  // reported by the sketch stage already
    so.shard_done = [&done](uint32_t s) { return s < done.size() && done[s]; };
    so.skip_record = [&assign](uint64_t ord) {
      return ord >= assign.size() || (assign[ord].flags & kDocRejected) != 0;
    };

    std::unique_ptr<OpenFilterShard> open;
    uint64_t finished = job.sketch_shards - pending;
    auto finish = [&]() -> Status {
      if (!open) return OkStatus();
      WINNOW_RETURN_IF_ERROR(out.Flush());
      WINNOW_RETURN_IF_ERROR(WriteMembers(
          FilterFile(job, "members", open->shard) + ".bin", &open->members));
      ManifestEntry e;
      e.stage = "filter";
      e.shard = open->shard;
      e.Set("out", open->docs_out)
          .Set("plain_bytes", open->plain_bytes)
          .Set("end", out.size());
      if (job.filter_in_place) e.Set("in_place", 1);
      open.reset();
      return job.ShardDone(std::move(e), ++finished, job.sketch_shards);
    };
    auto shard_end = [&](uint32_t s) {
      return std::min<uint64_t>(job.docs,
                                static_cast<uint64_t>(s + 1) * o.shard_docs);
    };

    std::function<Status(FilterBatch&)> consume =
        [&](FilterBatch& b) -> Status {
      if (!b.changed.ok()) return b.changed;
      // Close the batch's last segment (see OpenFilterShard).
      if (b.segments.size() < b.segment_docs.size()) {
        std::string enc;
        if (!b.plain.empty()) {
          WINNOW_RETURN_IF_ERROR(outputs.docs->Encode(b.plain, &enc));
        }
        b.segments.emplace_back(b.segment_docs.back().first, std::move(enc));
        b.segment_plain.push_back(b.plain.size());
      }
      if (b.input.records.empty()) return OkStatus();
      // Every unfinished shard the batch's records touch, in order: open
      // it, add its segment and members, finish it after its last record
      // (a shard of rejected records only is finished empty).
      const uint32_t first =
          static_cast<uint32_t>(b.input.records.front().ordinal / o.shard_docs);
      const uint64_t last_ord = b.input.records.back().ordinal;
      const uint32_t last = static_cast<uint32_t>(last_ord / o.shard_docs);
      size_t seg = 0, member = 0;
      for (uint32_t shard = first; shard <= last; ++shard) {
        if (done[shard]) continue;
        if (!open || open->shard != shard) {
          WINNOW_RETURN_IF_ERROR(finish());
          open = std::make_unique<OpenFilterShard>();
          open->shard = shard;
        }
        while (seg < b.segments.size() && b.segments[seg].first == shard) {
          const std::string& enc = b.segments[seg].second;
          WINNOW_RETURN_IF_ERROR(out.Append(enc));
          open->docs_out += b.segment_docs[seg].second;
          open->plain_bytes += b.segment_plain[seg];
          ++seg;
        }
        while (member < b.members.size() &&
               (b.members[member].ord - job.first) / o.shard_docs == shard) {
          open->members.push_back(std::move(b.members[member++]));
        }
        if (last_ord + 1 >= shard_end(shard)) {
          WINNOW_RETURN_IF_ERROR(finish());
        }
      }
      return OkStatus();
    };

    std::function<std::unique_ptr<ShardWorker<FilterBatch>>()> make_worker =
        [&] {
          return std::make_unique<FilterWorker>(
              job, assign, rep_ids, outputs.docs, outputs.annotate_only);
        };
    Status st = RunShardStream<FilterBatch>(
        job.inputs, o.reader, so, make_worker, consume,
        [&](const ShardStreamProgress& p) {
          job.Progress(p.records, job.docs, p.bytes, p.raw_bytes, p.raw_total);
        },
        nullptr);
    if (st.ok()) st = finish();
    if (st.ok() && job.filter_in_place && out.size() != in_place_bytes) {
      st = DataError("rank " + std::to_string(job.rank) + " wrote " +
                     std::to_string(out.size()) + " bytes of documents, " +
                     std::to_string(in_place_bytes) +
                     " expected: the input changed during the run");
    }
    WINNOW_RETURN_IF_ERROR(st);
    job.EndStage();
  }
  return OkStatus();
}

namespace {

Status CopyWorkFile(const std::string& path,
                    const std::function<Status(std::string_view)>& write) {
  auto r = RecordReader::Open(path, 1, 4 << 20);
  if (!r.ok()) return r.status();
  const void* p = nullptr;
  size_t n;
  while ((n = (*r)->NextBlock(&p, 4 << 20)) > 0) {
    WINNOW_RETURN_IF_ERROR(
        write(std::string_view(static_cast<const char*>(p), n)));
  }
  return (*r)->status();
}

}  // namespace

Status WriteClusters(JobContext& job, OutputFile* out, uint32_t files) {
  std::vector<std::string> paths;
  for (uint32_t s = 0; s < files; ++s) {
    paths.push_back(FilterFile(job, "members", s) + ".bin");
  }
  auto merge = MemberMerge::Open(paths);
  if (!merge.ok()) return merge.status();
  return FormatClusters(**merge,
                        [out](std::string_view line) { return out->Write(line); });
}

Status WriteRejects(JobContext& job,
                    const std::function<Status(std::string_view)>& write) {
  // Each sketch shard's rejected records, then the input errors that came
  // after its last record.
  std::vector<std::pair<uint64_t, std::string>> errors;
  for (const ManifestEntry& e : job.work->AllEntries()) {
    if (e.stage.rfind("errors-", 0) != 0) continue;
    errors.emplace_back(static_cast<uint64_t>(e.shard), e.stage);
  }
  std::sort(errors.begin(), errors.end(), [](const auto& x, const auto& y) {
    if (x.first != y.first) return x.first < y.first;
    return std::stoul(x.second.substr(7)) < std::stoul(y.second.substr(7));
  });
  size_t next_error = 0;
  auto errors_up_to = [&](uint64_t position) -> Status {
    while (next_error < errors.size() && errors[next_error].first <= position) {
      const auto& [pos, stage] = errors[next_error++];
      WINNOW_RETURN_IF_ERROR(
          CopyWorkFile(job.work->File("sketch/" + stage + "-" +
                                      std::to_string(pos) + ".jsonl"),
                       write));
    }
    return OkStatus();
  };
  WINNOW_RETURN_IF_ERROR(errors_up_to(0));
  for (uint32_t s = 0; s < job.sketch_shards; ++s) {
    WINNOW_RETURN_IF_ERROR(
        CopyWorkFile(job.SketchFile("rejects", s) + ".jsonl", write));
    WINNOW_RETURN_IF_ERROR(errors_up_to(std::min<uint64_t>(
        job.docs, static_cast<uint64_t>(s + 1) * job.options.shard_docs)));
  }
  return errors_up_to(UINT64_MAX);
}

Status RunJoin(JobContext& job, const DedupOutputs& outputs) {
  job.BeginStage("join");
  // Kept (or annotated) documents: the part file becomes the output.
  for (uint32_t s = 0; s < job.sketch_shards; ++s) {
    ManifestEntry e;
    job.work->Find("filter", s, &e);
    job.report.docs_out += e.Get("out");
  }
  const std::string part = PartPath(job);
  if (job.sketch_shards > 0) {
    WINNOW_RETURN_IF_ERROR(outputs.docs->AdoptFile(part));
  }
  job.Progress(1, 3);
  if (outputs.clusters) {
    WINNOW_RETURN_IF_ERROR(
        WriteClusters(job, outputs.clusters, job.sketch_shards));
  }
  job.Progress(2, 3);
  if (outputs.rejects) {
    WINNOW_RETURN_IF_ERROR(WriteRejects(job, [&](std::string_view bytes) {
      return outputs.rejects->Write(bytes);
    }));
  }
  job.Progress(3, 3);
  job.EndStage();
  return OkStatus();
}

}  // namespace winnow::dedup
