// The sketch stage: every input document to its DocMeta, signature and id
// (and sorted shingle set for exact verification), in shards of
// `shard_docs` records.
#include <algorithm>
#include <cstring>

#include "blob_file.h"
#include "job.h"
#include "shard_stream.h"
#include "winnow/minhash.h"
#include "winnow/shingle.h"

namespace winnow::dedup {
namespace {

struct SketchBatch : ShardBatchBase {
  std::vector<uint64_t> ordinals;
  std::vector<DocMeta> metas;
  std::vector<uint32_t> sigs;           // num_perm per record
  std::string ids;
  std::vector<uint32_t> id_ends;
  std::vector<uint64_t> shingles;       // verify=exact only
  std::vector<uint64_t> shingle_ends;
  std::string rejects;                  // rejected records' lines
  std::vector<uint32_t> reject_ends;
  std::vector<uint64_t> record_bytes;

  void Reset() {
    ordinals.clear();
    metas.clear();
    sigs.clear();
    ids.clear();
    id_ends.clear();
    shingles.clear();
    shingle_ends.clear();
    rejects.clear();
    reject_ends.clear();
    record_bytes.clear();
  }
};

class SketchWorker : public ShardWorker<SketchBatch> {
 public:
  // `size_output`: record each document's output size (DocMeta::out_bytes).
  SketchWorker(const DedupOptions& o, bool size_output)
      : shingler_(o.shingle),
        sketcher_({o.num_perm, o.shingle.seed, o.scheme}),
        k_(o.num_perm),
        exact_(o.verify == VerifyMode::kExact),
        sizes_(o.measure == Measure::kContainment),
        out_bytes_(size_output && !o.prepare),
        prepare_(o.prepare) {}

  Status Process(Doc& doc, SketchBatch* b) override {
    if (prepare_) WINNOW_RETURN_IF_ERROR(prepare_(doc));
    shingler_.Process(doc.text);
    DocMeta m;
    const Hash128 fp = shingler_.fingerprint();
    m.fp_hi = fp.hi;
    m.fp_lo = fp.lo;
    m.length = static_cast<uint32_t>(
        std::min<size_t>(shingler_.normalized().size(), UINT32_MAX));
    const std::vector<uint64_t>& h = shingler_.hashes();
    size_t old = b->sigs.size();
    b->sigs.resize(old + k_);
    if (h.empty()) {
      m.flags |= kDocEmpty;
      std::fill(b->sigs.begin() + old, b->sigs.end(), kEmptyValue);
    } else {
      sketcher_.Sign(h.data(), h.size(), b->sigs.data() + old);
    }
    if (exact_) {
      shingler_.SortedDistinct(&sorted_);
      m.shingles = static_cast<uint32_t>(sorted_.size());
      b->shingles.insert(b->shingles.end(), sorted_.begin(), sorted_.end());
    } else if (sizes_) {
      m.shingles = shingler_.CountDistinct();
    }
    if (out_bytes_) {
      const size_t bytes = DocJsonSize(doc, EmptyClusterFields());
      m.out_bytes = bytes < UINT32_MAX ? static_cast<uint32_t>(bytes) : 0;
    }
    b->shingle_ends.push_back(b->shingles.size());
    b->metas.push_back(m);
    b->ordinals.push_back(doc.ordinal);
    b->ids.append(doc.id);
    b->id_ends.push_back(static_cast<uint32_t>(b->ids.size()));
    b->reject_ends.push_back(static_cast<uint32_t>(b->rejects.size()));
    b->record_bytes.push_back(doc.raw.empty() ? doc.text.size()
                                              : doc.raw.size());
    return OkStatus();
  }

  void Rejected(uint64_t ordinal, std::string_view reject,
                SketchBatch* b) override {
    DocMeta m;
    m.flags = kDocRejected | kDocEmpty;
    b->metas.push_back(m);
    size_t old = b->sigs.size();
    b->sigs.resize(old + k_, kEmptyValue);
    b->shingle_ends.push_back(b->shingles.size());
    b->ordinals.push_back(ordinal);
    b->id_ends.push_back(static_cast<uint32_t>(b->ids.size()));
    b->rejects.append(reject);
    b->reject_ends.push_back(static_cast<uint32_t>(b->rejects.size()));
    b->record_bytes.push_back(0);
  }

 private:
  Shingler shingler_;
  Sketcher sketcher_;
  int k_;
  bool exact_;
  bool sizes_;  // containment needs each set's size; Jaccard does not
  bool out_bytes_;
  const std::function<Status(Doc&)>& prepare_;
  std::vector<uint64_t> sorted_;
};

// The files of the shard being written.
struct OpenShard {
  uint32_t shard = 0;
  uint64_t next_ordinal = 0;
  std::unique_ptr<RecordWriter> meta, sig, rejects;
  std::unique_ptr<BlobWriter> ids, shingles;
  uint64_t docs = 0, bytes = 0, rejected = 0, empty = 0;
};

}  // namespace

Status RunSketch(JobContext& job) {
  const DedupOptions& o = job.options;
  ManifestEntry end;
  if (job.work->Find("sketch-end", -1, &end)) {
    job.docs = end.Get("docs");
    job.sketch_shards = static_cast<uint32_t>(end.Get("shards"));
    job.report.resumed_shards += job.sketch_shards;
  } else {
    job.BeginStage("sketch");
    std::vector<bool> done;
    for (const ManifestEntry& e : job.work->Shards("sketch")) {
      if (done.size() <= static_cast<size_t>(e.shard)) done.resize(e.shard + 1);
      done[e.shard] = true;
      ++job.report.resumed_shards;
    }
    ShardStreamOptions so;
    so.shard_docs = o.shard_docs;
    so.threads = job.threads;
    so.on_error = o.on_error;
    so.shard_done = [&done](uint32_t s) { return s < done.size() && done[s]; };

    const uint32_t sig_bytes = static_cast<uint32_t>(4 * o.num_perm);
    std::unique_ptr<OpenShard> open;
    auto finish = [&]() -> Status {
      if (!open) return OkStatus();
      WINNOW_RETURN_IF_ERROR(open->meta->Commit());
      WINNOW_RETURN_IF_ERROR(open->sig->Commit());
      WINNOW_RETURN_IF_ERROR(open->ids->Commit());
      WINNOW_RETURN_IF_ERROR(open->rejects->Commit());
      if (open->shingles) WINNOW_RETURN_IF_ERROR(open->shingles->Commit());
      ManifestEntry e;
      e.stage = "sketch";
      e.shard = open->shard;
      e.Set("docs", open->docs)
          .Set("bytes", open->bytes)
          .Set("rejected", open->rejected)
          .Set("empty", open->empty);
      open.reset();
      return job.ShardDone(std::move(e), 0, 0);
    };
    auto begin = [&](uint32_t shard) -> Status {
      open = std::make_unique<OpenShard>();
      open->shard = shard;
      open->next_ordinal = static_cast<uint64_t>(shard) * o.shard_docs;
      auto meta = RecordWriter::Create(job.SketchFile("meta", shard) + ".bin",
                                       sizeof(DocMeta));
      if (!meta.ok()) return meta.status();
      open->meta = std::move(*meta);
      auto sig = RecordWriter::Create(job.SketchFile("sig", shard) + ".bin",
                                      sig_bytes, 4 << 20);
      if (!sig.ok()) return sig.status();
      open->sig = std::move(*sig);
      auto rej = RecordWriter::Create(
          job.SketchFile("rejects", shard) + ".jsonl", 1, 64 << 10);
      if (!rej.ok()) return rej.status();
      open->rejects = std::move(*rej);
      auto ids = BlobWriter::Create(job.SketchFile("ids", shard));
      if (!ids.ok()) return ids.status();
      open->ids = std::move(*ids);
      if (o.verify == VerifyMode::kExact) {
        auto sh = BlobWriter::Create(job.SketchFile("shingles", shard));
        if (!sh.ok()) return sh.status();
        open->shingles = std::move(*sh);
      }
      return OkStatus();
    };

    std::function<Status(SketchBatch&)> consume =
        [&](SketchBatch& b) -> Status {
      uint32_t id_begin = 0, rej_begin = 0;
      uint64_t sh_begin = 0;
      for (size_t i = 0; i < b.ordinals.size(); ++i) {
        const uint64_t ord = b.ordinals[i];
        const uint32_t shard = static_cast<uint32_t>(ord / o.shard_docs);
        if (!open || open->shard != shard) {
          WINNOW_RETURN_IF_ERROR(finish());
          WINNOW_RETURN_IF_ERROR(begin(shard));
        }
        if (ord != open->next_ordinal) {
          return InternalError("sketch: record " + std::to_string(ord) +
                               " arrived when " +
                               std::to_string(open->next_ordinal) +
                               " was expected");
        }
        ++open->next_ordinal;
        const DocMeta& m = b.metas[i];
        WINNOW_RETURN_IF_ERROR(open->meta->Append(&m, 1));
        WINNOW_RETURN_IF_ERROR(
            open->sig->Append(b.sigs.data() + i * o.num_perm, 1));
        WINNOW_RETURN_IF_ERROR(open->ids->Append(std::string_view(
            b.ids.data() + id_begin, b.id_ends[i] - id_begin)));
        id_begin = b.id_ends[i];
        if (b.reject_ends[i] > rej_begin) {
          WINNOW_RETURN_IF_ERROR(open->rejects->Append(
              b.rejects.data() + rej_begin, b.reject_ends[i] - rej_begin));
        }
        rej_begin = b.reject_ends[i];
        if (open->shingles) {
          const uint64_t end = b.shingle_ends[i];
          WINNOW_RETURN_IF_ERROR(open->shingles->Append(std::string_view(
              reinterpret_cast<const char*>(b.shingles.data() + sh_begin),
              (end - sh_begin) * sizeof(uint64_t))));
          sh_begin = end;
        }
        ++open->docs;
        open->bytes += b.record_bytes[i];
        if (m.flags & kDocRejected) {
          ++open->rejected;
        } else if (m.flags & kDocEmpty) {
          ++open->empty;
        }
        if ((ord + 1) % o.shard_docs == 0) WINNOW_RETURN_IF_ERROR(finish());
      }
      if (b.input_error_count > 0) {
        // Input errors are kept apart from the shards, named by where in
        // the input they came, so a resumed run skips those it reported.
        const std::string stage = "errors-" + std::to_string(b.error_seq);
        const int64_t pos = static_cast<int64_t>(b.error_position);
        if (!job.work->Done(stage, pos)) {
          WINNOW_RETURN_IF_ERROR(WriteRecordFile(
              job.work->File("sketch/" + stage + "-" +
                             std::to_string(pos) + ".jsonl"),
              1, b.input_errors.data(), b.input_errors.size()));
          ManifestEntry e;
          e.stage = stage;
          e.shard = pos;
          e.Set("errors", b.input_error_count);
          WINNOW_RETURN_IF_ERROR(job.work->Record(std::move(e)));
        }
      }
      return OkStatus();
    };

    std::function<std::unique_ptr<ShardWorker<SketchBatch>>()> make_worker =
        [&o, &job] { return std::make_unique<SketchWorker>(o, job.ranks > 1); };
    uint64_t records = 0;
    Status st = RunShardStream<SketchBatch>(
        job.inputs, o.reader, so, make_worker, consume,
        [&](const ShardStreamProgress& p) {
          job.Progress(p.records, 0, p.bytes, p.raw_bytes, p.raw_total);
        },
        &records);
    if (st.ok()) st = finish();
    if (!st.ok()) return st;
    job.docs = records;
    job.sketch_shards = static_cast<uint32_t>(
        (records + o.shard_docs - 1) / o.shard_docs);
    if (records > UINT32_MAX - 1) {
      return ResourceExhausted(
          "dedup handles at most 4,294,967,294 documents per run; split the "
          "input");
    }
    ManifestEntry e;
    e.stage = "sketch-end";
    e.Set("docs", job.docs).Set("shards", job.sketch_shards);
    WINNOW_RETURN_IF_ERROR(job.work->Record(std::move(e)));
    job.EndStage();
  }
  // Totals, from the manifest (so a resumed run counts every shard).
  for (const ManifestEntry& e : job.work->Shards("sketch")) {
    job.report.bytes += e.Get("bytes");
    job.report.rejected += e.Get("rejected");
    job.report.empty_docs += e.Get("empty");
  }
  for (const ManifestEntry& e : job.work->AllEntries()) {
    if (e.stage.rfind("errors-", 0) == 0) job.report.rejected += e.Get("errors");
  }
  job.report.docs = job.docs;
  // Every shard must have been written (a gap would mean a lost shard).
  for (uint32_t s = 0; s < job.sketch_shards; ++s) {
    if (!job.work->Done("sketch", s)) {
      return DataError(job.work->path() + ": sketch shard " +
                       std::to_string(s) +
                       " is missing from the manifest; run without --resume");
    }
  }
  return OkStatus();
}

Status ForEachMeta(const JobContext& job,
                   const std::function<void(uint64_t, const DocMeta&)>& fn) {
  uint64_t ord = 0;
  for (uint32_t s = 0; s < job.sketch_shards; ++s) {
    auto r = RecordReader::Open(job.SketchFile("meta", s) + ".bin",
                                sizeof(DocMeta));
    if (!r.ok()) return r.status();
    const uint64_t want =
        std::min<uint64_t>(job.options.shard_docs,
                           job.docs - static_cast<uint64_t>(s) *
                                          job.options.shard_docs);
    if ((*r)->count() != want) {
      return DataError((*r)->path() + ": holds " +
                       std::to_string((*r)->count()) + " documents, expected " +
                       std::to_string(want));
    }
    const void* p = nullptr;
    size_t n;
    while ((n = (*r)->NextBlock(&p, 4096)) > 0) {
      const DocMeta* m = static_cast<const DocMeta*>(p);
      for (size_t i = 0; i < n; ++i) fn(ord++, m[i]);
    }
    WINNOW_RETURN_IF_ERROR((*r)->status());
  }
  return OkStatus();
}

}  // namespace winnow::dedup
