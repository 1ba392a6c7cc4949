// RunJob: the work directory, its manifest (run_manifest.h), and the
// stages in order. The dedup job keeps its own work directory (and
// manifest) in dedup/.
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <fstream>

#include "capture_record.h"
#include "dedup/dist_files.h"
#include "run_context.h"
#include "run_manifest.h"

namespace winnow {
namespace {

using pipeline::RunContext;
using pipeline::RunManifest;

constexpr const char* kManifest = "run.txt";

std::string NoSpaces(std::string s) {
  for (char& c : s) {
    if (c == ' ' || c == '\n') c = '_';
  }
  return s;
}

// What changes the captures work file, in one line.
std::string CanonicalOptions(const RunOptions& o) {
  const BoilerplateOptions& b = o.boilerplate;
  char num[32];
  std::snprintf(num, sizeof num, "%.9g",
                static_cast<double>(b.classifier.threshold));
  // The layout of the work files, so that a directory left by an earlier
  // layout is not resumed.
  std::string s = "work=4";
  s += " format=" + std::string(InputFormatName(o.reader.format));
  s += " text_field=" + NoSpaces(o.reader.text_field);
  s += " id_field=" + NoSpaces(o.reader.id_field);
  s += " html_field=" + NoSpaces(o.reader.html_field);
  s += " max_record_bytes=" + std::to_string(o.reader.max_record_bytes);
  s += std::string(" on_error=") +
       (o.stream.on_error == OnError::kSkip ? "skip" : "fail");
  s += " min_repeats=" + std::to_string(b.repeats.min_repeats);
  s += " corpus_min_repeats=" + std::to_string(b.repeats.corpus_min_repeats);
  s += " corpus_min_sources=" + std::to_string(b.repeats.corpus_min_sources);
  s += " corpus_max_words=" + std::to_string(b.repeats.corpus_max_words);
  s += " classifier_threshold=" + std::string(num);
  s += " context=" + std::to_string(b.classifier.use_context ? 1 : 0);
  return s;
}

class RunJobImpl final : public RunJob {
 public:
  ~RunJobImpl() override {
    dedup_.reset();
    if (lock_fd_ >= 0) ::close(lock_fd_);
  }

  static Result<std::unique_ptr<RunJob>> Create(std::vector<InputFile> inputs,
                                                const RunOptions& options) {
    namespace fs = std::filesystem;
    if (options.work_dir.empty()) {
      return InvalidArgument("no work directory given");
    }
    std::unique_ptr<RunJobImpl> job(new RunJobImpl);
    RunContext& ctx = job->ctx_;
    ctx.options = options;
    ctx.options.boilerplate.clean_input = true;
    ctx.options.boilerplate.explain = false;
    ctx.inputs = std::move(inputs);
    ctx.dir = options.work_dir;
    if (Communicator* comm = options.dedup.comm) {
      // A distributed run: each rank prepares its share of the input in a
      // directory of its own under the shared one.
      for (const InputFile& f : ctx.inputs) {
        if (f.path == "-") {
          return InvalidArgument(
              "a distributed run reads its inputs on every rank: give "
              "files, not standard input");
        }
      }
      if (options.dedup.verify == VerifyMode::kExact) {
        return InvalidArgument(
            "--verify exact is not supported in a distributed run (the "
            "shingle sets would have to travel); use --verify signature");
      }
      ctx.comm = comm;
      ctx.rank = comm->rank();
      ctx.ranks = comm->size();
      // The ranks of one host share its cores (the dedup job divides them
      // the same way for its own stages).
      if (ctx.options.stream.threads <= 0) {
        ctx.options.stream.threads =
            std::max(1, ResolveThreads(0) / std::max(1, comm->local_size()));
      }
      char sub[48];
      std::snprintf(sub, sizeof sub, "/rank-%04d-of-%04d", ctx.rank,
                    ctx.ranks);
      job->base_dir_ = ctx.dir;
      ctx.dir += sub;
      auto share = dedup::ShareInputs(std::move(ctx.inputs), ctx.rank,
                                      ctx.ranks);
      if (!share.ok()) return share.status();
      ctx.inputs = std::move(share->inputs);
      ctx.share = std::move(*share);
    }

    RunManifest want;
    want.options = CanonicalOptions(ctx.options);
    for (const InputFile& f : ctx.inputs) {
      auto fp = InputFingerprint(f);
      if (!fp.ok()) return fp.status();
      want.inputs.push_back(*fp);
    }

    const std::string& dir = ctx.dir;
    const std::string manifest = dir + "/" + kManifest;
    std::error_code ec;
    const bool exists = fs::exists(dir, ec);
    if (exists && !fs::is_directory(dir, ec)) {
      return InvalidArgument("work directory " + dir +
                             " exists and is not a directory");
    }
    if (exists && !fs::exists(manifest, ec) && !fs::is_empty(dir, ec)) {
      return InvalidArgument("work directory " + dir +
                             " exists and is not a winnow run work directory "
                             "(no run.txt); remove it or choose another "
                             "--tmp-dir");
    }
    fs::create_directories(dir, ec);
    if (ec) {
      return IoError("cannot create work directory " + dir + ": " +
                     ec.message());
    }
    const std::string lock = dir + "/lock";
    job->lock_fd_ = ::open(lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (job->lock_fd_ < 0) return ErrnoError("cannot create " + lock, errno);
    if (::flock(job->lock_fd_, LOCK_EX | LOCK_NB) != 0) {
      return IoError("work directory " + dir +
                     " is in use by another winnow run");
    }
    if (options.resume && fs::exists(manifest, ec)) {
      auto m = RunManifest::Load(manifest);
      if (!m.ok()) return m.status().WithPrefix("cannot resume");
      if (m->options != want.options) {
        return InvalidArgument("cannot resume from " + dir +
                               ": it was made with other options; run "
                               "without --resume to start over");
      }
      if (m->inputs != want.inputs) {
        return InvalidArgument(
            "cannot resume from " + dir +
            ": the inputs changed since (names, sizes or modification "
            "times differ); run without --resume to start over");
      }
      job->manifest_ = std::move(*m);
    } else {
      for (const auto& e : fs::directory_iterator(dir, ec)) {
        if (e.path().filename() == "lock") continue;
        fs::remove_all(e.path(), ec);
        if (ec) {
          return IoError("cannot clear " + e.path().string() + ": " +
                         ec.message());
        }
      }
      job->manifest_ = std::move(want);
      WINNOW_RETURN_IF_ERROR(job->manifest_.Save(manifest));
    }
    return std::unique_ptr<RunJob>(std::move(job));
  }

  Status Run(const RunOutputs& outputs,
             const DedupProgressFn& progress) override {
    namespace fs = std::filesystem;
    RunContext& ctx = ctx_;
    ctx.stages.set_callback(&progress);
    RunReport& r = ctx.report;
    std::error_code ec;
    const std::string captures = ctx.Path(pipeline::kCapturesFile);
    bool prepared = manifest_.done && fs::exists(captures, ec);
    if (ctx.comm) {
      // Every rank takes the same path through the collectives: the
      // prepare pass is skipped only when every rank had finished it.
      uint64_t all = prepared ? 1 : 0;
      WINNOW_RETURN_IF_ERROR(
          ctx.comm->AllReduce(&all, 1, Communicator::Op::kMin));
      prepared = all == 1;
    }
    if (prepared) {
      WINNOW_RETURN_IF_ERROR(pipeline::LoadRepeats(ctx));
      r.resumed_prepare = true;
      r.docs = manifest_.docs;
      r.rejected = manifest_.rejected;
      r.bytes = manifest_.bytes;
      r.counters.Merge(manifest_.counters);
    } else {
      fs::remove_all(ctx.Path("dedup"), ec);
      if (ctx.comm) {
        // The lines of this share's first file that earlier ranks read.
        auto base = dedup::SharedLineBase(*ctx.comm, ctx.share);
        if (!base.ok()) return base.status();
        if (ctx.share.first_file >= 0) ctx.inputs.front().line_base = *base;
      }
      WINNOW_RETURN_IF_ERROR(pipeline::RunPrepare(ctx));
      manifest_.done = true;
      manifest_.docs = r.docs;
      manifest_.rejected = r.rejected;
      manifest_.bytes = r.bytes;
      manifest_.counters = r.counters;
      WINNOW_RETURN_IF_ERROR(manifest_.Save(ctx.Path(kManifest)));
      if (progress) {
        DedupProgress p;
        p.stage = "prepare";
        p.shard_finished = true;
        progress(p);
      }
    }

    // The dedup job reads the captures and compares their kept texts,
    // decided from each capture's stored values as it reads it.
    DedupOptions d = ctx.options.dedup;
    d.prepare = [&ctx](Doc& doc) {
      return pipeline::DecideCaptureText(ctx, doc);
    };
    d.reader = ReaderOptions();
    d.reader.format = InputFormat::kJsonl;
    d.reader.max_record_bytes = uint64_t{4} << 30;
    d.on_error = OnError::kFail;
    d.threads = ctx.options.stream.threads;
    d.work_dir = ctx.Path("dedup");
    // Distributed: each rank compares its own captures, in rank order the
    // whole input's.
    d.inputs_are_share = ctx.comm != nullptr;
    d.resume = prepared && fs::exists(ctx.Path("dedup/manifest.txt"), ec);
    InputFile in;
    in.path = captures;
    in.name = captures;
    in.format = InputFormat::kJsonl;
    in.size = fs::file_size(captures, ec);
    auto job = DedupJob::Create({in}, d);
    if (!job.ok()) return job.status();
    dedup_ = std::move(*job);
    WINNOW_RETURN_IF_ERROR(dedup_->Analyze(progress));
    r.dedup = dedup_->report();

    ctx.out_compression = outputs.docs ? outputs.docs->compression()
                                       : outputs.docs_compression;
    WINNOW_RETURN_IF_ERROR(pipeline::RunConsensus(ctx, *dedup_, outputs.docs));

    // The records the prepare pass rejected, kept in the work directory;
    // in a distributed run every rank's, in rank order, to rank 0.
    const std::string rejects = ctx.Path(pipeline::kRejectsFile);
    if (ctx.comm && ctx.rank != 0) {
      WINNOW_RETURN_IF_ERROR(dedup::SendFileRange(
          *ctx.comm, 0, rejects, 0, dedup::FileSize(rejects)));
    } else {
      if (outputs.rejects && fs::exists(rejects, ec)) {
        std::ifstream f(rejects, std::ios::binary);
        std::string all((std::istreambuf_iterator<char>(f)),
                        std::istreambuf_iterator<char>());
        if (!f.good() && !f.eof())
          return ErrnoError("cannot read " + rejects, errno);
        WINNOW_RETURN_IF_ERROR(outputs.rejects->Write(all));
      }
      for (int r = 1; r < ctx.ranks; ++r) {
        WINNOW_RETURN_IF_ERROR(dedup::RecvInto(
            *ctx.comm, r, [&](std::string_view b) -> Status {
              return outputs.rejects ? outputs.rejects->Write(b) : OkStatus();
            }));
      }
    }
    if (ctx.comm) WINNOW_RETURN_IF_ERROR(pipeline::SumReports(ctx));
    return OkStatus();
  }

  const RunReport& report() const override { return ctx_.report; }
  const DedupJob* dedup() const override { return dedup_.get(); }

  Status RemoveWorkDir() override {
    namespace fs = std::filesystem;
    dedup_.reset();
    if (lock_fd_ >= 0) {
      ::close(lock_fd_);
      lock_fd_ = -1;
    }
    std::error_code ec;
    fs::remove_all(ctx_.dir, ec);
    Status st = ec ? IoError("cannot remove " + ctx_.dir + ": " + ec.message())
                   : OkStatus();
    if (ctx_.comm) {
      // The ranks' directories share a parent: once all are gone, it goes
      // when empty.
      Status b = ctx_.comm->Barrier();
      if (st.ok()) st = b;
      ::rmdir(base_dir_.c_str());
    }
    return st;
  }

 private:
  RunJobImpl() = default;
  RunContext ctx_;
  RunManifest manifest_;
  int lock_fd_ = -1;
  std::string base_dir_;  // a distributed run's shared work directory
  std::unique_ptr<DedupJob> dedup_;
};

}  // namespace

Result<std::unique_ptr<RunJob>> RunJob::Create(std::vector<InputFile> inputs,
                                               const RunOptions& options) {
  return RunJobImpl::Create(std::move(inputs), options);
}

}  // namespace winnow
