// DedupJob: options, the work directory, and the stages in order.
#include <fcntl.h>
#include <sched.h>
#include <sys/resource.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>

#include "job.h"
#include "winnow/dedup.h"
#include "winnow/external_sort.h"

namespace winnow {

std::string_view VerifyModeName(VerifyMode v) {
  return v == VerifyMode::kExact ? "exact" : "signature";
}

Result<VerifyMode> ParseVerifyMode(std::string_view name) {
  if (name == "signature") return VerifyMode::kSignature;
  if (name == "exact") return VerifyMode::kExact;
  return InvalidArgument("unknown verification \"" + std::string(name) +
                         "\" (use signature or exact)");
}

namespace dedup {

namespace {

// CPU time of this process so far (user + system), in milliseconds.
uint64_t ProcessCpuMs() {
  struct rusage ru {};
  ::getrusage(RUSAGE_SELF, &ru);
  return static_cast<uint64_t>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000 +
         static_cast<uint64_t>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1000;
}

}  // namespace

void JobContext::BeginStage(std::string_view name) {
  stages.Begin(name);
  stage_cpu_ms = ProcessCpuMs();
}

void JobContext::EndStage() {
  const std::string_view name = stages.stage();
  const double seconds = stages.End();
  report.stage_seconds.emplace_back(std::string(name), seconds);
  report.counters.Add("cpu.user_ms." + std::string(name), stages.user_ms());
  report.counters.Add("cpu.system_ms." + std::string(name),
                      stages.system_ms());
  // A distributed run's ranks report their CPU and wall time per stage
  // (-v), which tell how evenly each stage divides (waiting for other ranks
  // included).
  if (comm) {
    report.counters.Add("dist.cpu_ms." + std::string(name),
                        ProcessCpuMs() - stage_cpu_ms);
    report.counters.Add("dist.wall_ms." + std::string(name),
                        static_cast<uint64_t>(seconds * 1000 + 0.5));
  }
}

void JobContext::Progress(uint64_t done, uint64_t total, uint64_t bytes,
                          uint64_t raw_bytes, uint64_t raw_total) {
  stages.Report(done, total, bytes, raw_bytes, raw_total);
}

Status JobContext::ShardDone(ManifestEntry e, uint64_t done, uint64_t total) {
  WINNOW_RETURN_IF_ERROR(work->Record(std::move(e)));
  stages.ReportShard(done, total);
  return OkStatus();
}

Status ForEachPendingShard(const JobContext& job,
                           const std::vector<uint32_t>& pending,
                           const std::function<Status(uint32_t)>& work) {
  std::mutex error_mu;
  Status error;
  tbb::task_arena arena(job.threads);
  arena.execute([&] {
    tbb::parallel_for(
        tbb::blocked_range<size_t>(0, pending.size(), 1),
        [&](const tbb::blocked_range<size_t>& r) {
          for (size_t i = r.begin(); i < r.end(); ++i) {
            {
              std::lock_guard<std::mutex> lock(error_mu);
              if (!error.ok()) return;
            }
            Status st = work(pending[i]);
            if (!st.ok()) {
              std::lock_guard<std::mutex> lock(error_mu);
              if (error.ok()) error = st;
            }
          }
        },
        tbb::simple_partitioner());
  });
  return error;
}

Result<uint64_t> JobContext::StageBudget(std::string_view name,
                                         uint64_t table_bytes) const {
  constexpr uint64_t kMinBuffers = uint64_t{32} << 20;
  const uint64_t need = kBaseMemory + table_bytes + kMinBuffers;
  if (options.memory_bytes < need) {
    const uint64_t mib = (need + (1 << 20) - 1) >> 20;
    return ResourceExhausted(
        "--memory " + std::to_string(options.memory_bytes >> 20) +
        "M is too small for the " + std::string(name) + " stage of " +
        std::to_string(docs) + " documents: it needs at least " +
        std::to_string(mib) + "M");
  }
  return options.memory_bytes - kBaseMemory - table_bytes;
}

namespace {

std::string FormatDouble(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

std::string NoSpaces(std::string s) {
  for (char& c : s) {
    if (c == ' ' || c == '\n') c = '_';
  }
  return s;
}

// Everything that changes the outputs, in one line.
std::string CanonicalOptions(const DedupOptions& o, const LshParams& lsh) {
  std::string s;
  auto add = [&](std::string_view k, const std::string& v) {
    if (!s.empty()) s += ' ';
    s += std::string(k) + "=" + v;
  };
  add("ngram", std::to_string(o.shingle.ngram));
  add("seed", std::to_string(o.shingle.seed));
  add("num_perm", std::to_string(o.num_perm));
  add("scheme", std::string(SketchSchemeName(o.scheme)));
  add("measure", std::string(MeasureName(o.measure)));
  add("threshold", FormatDouble(o.threshold));
  add("min_shingles", std::to_string(o.min_shingles));
  add("max_size_ratio", FormatDouble(o.max_size_ratio));
  add("bands", std::to_string(lsh.bands));
  add("rows", std::to_string(lsh.rows));
  add("verify", std::string(VerifyModeName(o.verify)));
  add("cluster", std::string(ClusterModeName(o.cluster)));
  add("keep", std::string(KeepRuleName(o.keep)));
  add("shard_docs", std::to_string(o.shard_docs));
  add("partitions", std::to_string(o.partitions));
  add("max_bucket", std::to_string(o.max_bucket));
  add("format", std::string(InputFormatName(o.reader.format)));
  add("text_field", NoSpaces(o.reader.text_field));
  add("id_field", NoSpaces(o.reader.id_field));
  add("max_record_bytes", std::to_string(o.reader.max_record_bytes));
  add("on_error", o.on_error == OnError::kSkip ? "skip" : "fail");
  return s;
}

Status Validate(const DedupOptions& o) {
  if (o.shingle.ngram < 1 || o.shingle.ngram > kMaxNgram) {
    return InvalidArgument("--ngram must be between 1 and " +
                           std::to_string(kMaxNgram));
  }
  if (o.num_perm < kMinNumPerm || o.num_perm > kMaxNumPerm) {
    return InvalidArgument("--num-perm must be between " +
                           std::to_string(kMinNumPerm) + " and " +
                           std::to_string(kMaxNumPerm));
  }
  if (!(o.threshold > 0 && o.threshold <= 1)) {
    return InvalidArgument("--threshold must be in (0, 1]");
  }
  if (!(o.max_size_ratio >= 1) || !std::isfinite(o.max_size_ratio)) {
    return InvalidArgument("--max-size-ratio must be at least 1");
  }
  if ((o.bands > 0) != (o.rows > 0)) {
    return InvalidArgument("give both --bands and --rows, or neither");
  }
  if (o.bands < 0 || o.rows < 0) {
    return InvalidArgument("--bands and --rows must be positive");
  }
  if (o.partitions < 1 || o.partitions > 1024) {
    return InvalidArgument("partitions must be between 1 and 1024");
  }
  if (o.shard_docs < 1) return InvalidArgument("--shard-docs must be positive");
  if (o.work_dir.empty()) return InvalidArgument("no work directory given");
  return OkStatus();
}

// Copies stdin into the work directory: the filter stage reads the input a
// second time.
Status SpoolStdin(const std::string& path) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return ErrnoError("cannot create " + path, errno);
  std::vector<char> buf(1 << 20);
  for (;;) {
    ssize_t n = ::read(0, buf.data(), buf.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      int e = errno;
      ::close(fd);
      return ErrnoError("cannot read stdin", e);
    }
    if (n == 0) break;
    const char* p = buf.data();
    while (n > 0) {
      ssize_t k = ::write(fd, p, static_cast<size_t>(n));
      if (k < 0) {
        if (errno == EINTR) continue;
        int e = errno;
        ::close(fd);
        return ErrnoError("cannot write " + path, e);
      }
      p += k;
      n -= k;
    }
  }
  if (::close(fd) != 0) return ErrnoError("cannot close " + path, errno);
  return OkStatus();
}

class AssignmentFileReader : public AssignmentReader {
 public:
  AssignmentFileReader(std::unique_ptr<RecordReader> in, uint64_t first)
      : in_(std::move(in)), next_(first) {}
  bool Next(DocCluster* out) override {
    AssignRec r;
    if (!in_->Next(&r)) {
      status_ = in_->status();
      return false;
    }
    out->ordinal = next_++;
    out->cluster = r.rep;
    out->similarity = r.sim;
    out->cluster_size = r.size;
    out->exact = (r.flags & kDocExact) != 0;
    out->rejected = (r.flags & kDocRejected) != 0;
    return true;
  }
  const Status& status() const override { return status_; }
  uint64_t size() const override { return in_->count(); }

 private:
  std::unique_ptr<RecordReader> in_;
  uint64_t next_;
  Status status_;
};

class Job : public DedupJob {
 public:
  explicit Job(std::unique_ptr<JobContext> ctx) : ctx_(std::move(ctx)) {}

  const LshParams& lsh() const override { return ctx_->lsh; }
  double lsh_threshold() const override { return ctx_->lsh_threshold; }

  Status Analyze(const DedupProgressFn& progress) override {
    ctx_->stages.set_callback(&progress);
    Status st = ctx_->comm ? ExchangeLineBases(*ctx_) : OkStatus();
    if (st.ok()) st = RunSketch(*ctx_);
    if (ctx_->comm) {
      if (st.ok()) st = RunDistAnalyze(*ctx_);
      ctx_->stages.set_callback(nullptr);
      if (st.ok()) analyzed_ = true;
      return st;
    }
    if (st.ok()) st = RunExact(*ctx_);
    if (st.ok()) st = RunBands(*ctx_);
    if (st.ok()) st = RunPairs(*ctx_);
    if (st.ok()) st = RunVerify(*ctx_);
    if (st.ok()) st = RunCluster(*ctx_);
    ctx_->stages.set_callback(nullptr);
    if (st.ok()) analyzed_ = true;
    return st;
  }

  Result<std::unique_ptr<AssignmentReader>> Assignments() const override {
    if (!analyzed_) return InternalError("Assignments() before Analyze()");
    auto r = RecordReader::Open(ctx_->work->File("cluster/assign.bin"),
                                sizeof(AssignRec));
    if (!r.ok()) return r.status();
    return std::unique_ptr<AssignmentReader>(
        new AssignmentFileReader(std::move(*r), ctx_->first));
  }

  std::vector<uint64_t> RankOrdinals() const override {
    if (!ctx_->rank_first.empty()) return ctx_->rank_first;
    return {0, ctx_->docs};
  }

  Status WriteOutputs(const DedupOutputs& outputs,
                      const DedupProgressFn& progress) override {
    if (!analyzed_) return InternalError("WriteOutputs() before Analyze()");
    if (ctx_->comm) return WriteDistOutputs(outputs, progress);
    if (!outputs.docs) return InternalError("WriteOutputs() without docs");
    ctx_->stages.set_callback(&progress);
    Status st = RunFilter(*ctx_, outputs);
    if (st.ok()) st = RunJoin(*ctx_, outputs);
    ctx_->stages.set_callback(nullptr);
    return st;
  }

  const DedupReport& report() const override { return ctx_->report; }

  Status RemoveWorkDir() override {
    Status st = ctx_->work->Remove();
    if (ctx_->comm) {
      // The ranks' directories share a parent (or, writing to stdout, each
      // has its own): once all are gone, it is removed when empty (the
      // directories of a run with another number of ranks stay).
      Status b = ctx_->comm->Barrier();
      if (st.ok()) st = b;
      ::rmdir(base_dir_.c_str());
    }
    return st;
  }

 private:
  Status WriteDistOutputs(const DedupOutputs& given,
                          const DedupProgressFn& progress) {
    DedupOutputs outputs = given;
    std::unique_ptr<OutputFile> encoder;
    if (!outputs.docs) {
      if (ctx_->rank == 0) return InternalError("WriteOutputs() without docs");
      // Only its Encode() is used: the bytes go to rank 0.
      const char* ext = outputs.docs_compression == Compression::kGzip ? ".gz"
                        : outputs.docs_compression == Compression::kZstd
                            ? ".zst"
                            : "";
      auto e = OutputFile::Create(ctx_->work->File("filter/encoder") + ext);
      if (!e.ok()) return e.status();
      encoder = std::move(*e);
      outputs.docs = encoder.get();
      outputs.clusters = nullptr;
      outputs.rejects = nullptr;
    }
    ctx_->stages.set_callback(&progress);
    Status st = RunFilter(*ctx_, outputs);
    if (st.ok()) st = RunDistJoin(*ctx_, outputs);
    ctx_->stages.set_callback(nullptr);
    return st;
  }

  std::unique_ptr<JobContext> ctx_;
  bool analyzed_ = false;

 public:
  std::string base_dir_;  // a distributed run's parent work directory
};

}  // namespace
}  // namespace dedup

Result<std::unique_ptr<DedupJob>> DedupJob::Create(
    std::vector<InputFile> inputs, const DedupOptions& options) {
  using namespace dedup;
  WINNOW_RETURN_IF_ERROR(Validate(options));
  auto ctx = std::make_unique<JobContext>();
  ctx->options = options;
  ctx->threads = ResolveThreads(options.threads);
  if (options.comm) {
    Communicator& c = *options.comm;
    if (options.verify == VerifyMode::kExact) {
      return InvalidArgument(
          "--verify exact is not supported in a distributed run (the shingle "
          "sets would have to travel); use --verify signature");
    }
    for (const InputFile& f : inputs) {
      if (f.path == "-") {
        return InvalidArgument(
            "a distributed run reads its inputs on every rank: give files, "
            "not standard input");
      }
    }
    ctx->comm = &c;
    ctx->rank = c.rank();
    ctx->ranks = c.size();
    // The ranks of one host share its cores.
    if (options.threads <= 0) {
      // A rank the launcher bound to some cores uses those; an unbound one
      // its share of the host.
      const int host = ResolveThreads(0);
      cpu_set_t set;
      CPU_ZERO(&set);
      const int bound = ::sched_getaffinity(0, sizeof set, &set) == 0
                            ? CPU_COUNT(&set)
                            : host;
      ctx->threads = bound > 0 && bound < host
                         ? bound
                         : std::max(1, host / std::max(1, c.local_size()));
    }
    char sub[48];
    std::snprintf(sub, sizeof sub, "/rank-%04d-of-%04d", c.rank(), c.size());
    ctx->options.work_dir = options.work_dir + sub;
    if (options.inputs_are_share) {
      ctx->split.last_file.assign(c.size(), -1);
    } else {
      auto share = ShareInputs(std::move(inputs), c.rank(), c.size());
      if (!share.ok()) return share.status();
      inputs = std::move(share->inputs);
      ctx->split = std::move(*share);
    }
  }
  ctx->lsh_threshold =
      options.measure == Measure::kContainment
          ? ContainmentLshThreshold(options.threshold, options.max_size_ratio)
          : options.threshold;
  if (options.bands > 0) {
    auto p = MakeLshParams(options.bands, options.rows, options.num_perm,
                           ctx->lsh_threshold);
    if (!p.ok()) return p.status();
    ctx->lsh = *p;
  } else {
    ctx->lsh = ChooseLshParams(ctx->lsh_threshold, options.num_perm);
  }
  ctx->report.lsh = ctx->lsh;
  ctx->report.lsh_threshold = ctx->lsh_threshold;

  bool has_stdin = false;
  std::vector<std::string> prints;
  for (const InputFile& f : inputs) {
    has_stdin |= f.path == "-";
    auto fp = InputFingerprint(f);
    if (!fp.ok()) return fp.status();
    prints.push_back(*fp);
  }
  if (has_stdin && options.resume) {
    return InvalidArgument(
        "--resume needs file inputs: standard input cannot be read again");
  }
  bool resumed = false;
  auto work =
      WorkDir::Open(ctx->options.work_dir, options.resume,
                    CanonicalOptions(options, ctx->lsh), prints, &resumed);
  if (!work.ok()) return work.status();
  ctx->work = std::move(*work);
  if (has_stdin) {
    const std::string spool = ctx->work->File("stdin.input");
    WINNOW_RETURN_IF_ERROR(SpoolStdin(spool));
    for (InputFile& f : inputs) {
      if (f.path == "-") {
        f.path = spool;
        f.size = 0;
      }
    }
  }
  ctx->inputs = std::move(inputs);
  auto job = std::make_unique<Job>(std::move(ctx));
  job->base_dir_ = options.work_dir;
  return std::unique_ptr<DedupJob>(std::move(job));
}

}  // namespace winnow
