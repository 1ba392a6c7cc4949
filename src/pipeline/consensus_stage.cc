// The run job's last stage: one story per cluster, in the order of each
// story's first capture.
//
// Every document's cluster comes from the dedup job in input order. A
// document alone in its cluster is written as soon as it is read. The
// captures of larger clusters are copied to a work file while the first
// pass reads them, and their (first member, ordinal, offset) entries are
// sorted externally; the second pass meets each cluster at its first
// member's position, reads the cluster's captures back and merges them.
#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "capture_record.h"
#include "run_context.h"
#include "winnow/external_sort.h"
#include "winnow/json.h"

namespace winnow::pipeline {
namespace {

constexpr std::string_view kClusteredFile = "clustered.jsonl";
constexpr uint32_t kNone = std::numeric_limits<uint32_t>::max();

// Reads a work file line by line (without the '\n').
class LineReader {
 public:
  static Result<std::unique_ptr<LineReader>> Open(const std::string& path) {
    FILE* f = std::fopen(path.c_str(), "rbe");
    if (!f) return ErrnoError("cannot open " + path, errno);
    std::setvbuf(f, nullptr, _IOFBF, size_t{1} << 20);
    return std::unique_ptr<LineReader>(new LineReader(path, f));
  }
  ~LineReader() {
    std::free(buf_);
    std::fclose(f_);
  }
  // The next line; false at the end (then status() tells whether it was
  // an error).
  bool Next(std::string_view* line) {
    ssize_t n = ::getline(&buf_, &cap_, f_);
    if (n < 0) {
      if (std::ferror(f_)) status_ = IoError("cannot read " + path_);
      return false;
    }
    offset_ += static_cast<uint64_t>(n);
    ++line_no_;
    if (n > 0 && buf_[n - 1] == '\n') --n;
    *line = std::string_view(buf_, static_cast<size_t>(n));
    return true;
  }
  uint64_t offset() const { return offset_; }
  uint64_t line_no() const { return line_no_; }
  const Status& status() const { return status_; }
  std::string Where() const { return path_ + ":" + std::to_string(line_no_); }

 private:
  LineReader(std::string path, FILE* f) : path_(std::move(path)), f_(f) {}
  std::string path_;
  FILE* f_;
  char* buf_ = nullptr;
  size_t cap_ = 0;
  uint64_t offset_ = 0;
  uint64_t line_no_ = 0;
  Status status_;
};

// A clustered capture: where its line is in the clustered work file.
struct Member {
  uint32_t first;    // the cluster's first member (input order)
  uint32_t ordinal;  // the capture's own position
  uint32_t cluster;  // the cluster id (the representative's ordinal)
  uint32_t length;   // bytes of the line
  uint64_t offset;
};
struct MemberLess {
  bool operator()(const Member& a, const Member& b) const {
    return a.first != b.first ? a.first < b.first : a.ordinal < b.ordinal;
  }
};

// "run.removed.<class>", one string per class.
const std::string& RemovedCounter(BoilerplateClass c) {
  static const auto names = [] {
    std::array<std::string, kBoilerplateClassCount> a;
    for (int i = 0; i < kBoilerplateClassCount; ++i) {
      a[i] = "run.removed.";
      a[i] += BoilerplateClassName(static_cast<BoilerplateClass>(i));
    }
    return a;
  }();
  return names[static_cast<int>(c)];
}

class StoryWriter {
 public:
  StoryWriter(RunContext& ctx, OutputFile* out) : ctx_(ctx), out_(out) {}

  // Merges `caps` (input order) into one story and writes it.
  Status Write(std::vector<CaptureRecord>& caps, uint32_t cluster) {
    texts_.resize(caps.size());
    size_t rep = 0;
    for (size_t i = 0; i < caps.size(); ++i) {
      CaptureText& t = texts_[i];
      t.id = caps[i].id;
      t.paragraphs.clear();
      t.verdicts.clear();
      for (size_t p = 0; p < caps[i].paragraphs.size(); ++p) {
        t.paragraphs.push_back(caps[i].Paragraph(p));
        t.verdicts.push_back(caps[i].paragraphs[p].verdict);
      }
      ctx_.report.paragraphs += caps[i].paragraphs.size();
      if (caps[i].ordinal == cluster) rep = i;
    }
    BuildConsensus(std::span<const CaptureText>(texts_.data(), caps.size()),
                   ctx_.options.consensus, &result_);
    RunReport& r = ctx_.report;
    r.removed += result_.dropped.size();
    for (const DroppedParagraph& d : result_.dropped) {
      r.counters.Add(RemovedCounter(d.cls));
    }
    if (caps.size() > 1) {
      ++r.merged_stories;
      r.merged_captures += caps.size();
    }
    if (result_.text.empty()) {
      ++r.empty_stories;
      if (!ctx_.options.keep_empty) return OkStatus();
    }
    ++r.stories;

    const CaptureRecord& c = caps[rep];
    Doc doc;
    doc.id = c.id;
    doc.text = result_.text;
    extra_.clear();
    if (!c.record.empty()) {
      doc.raw = c.record;
      if (!ScanObjectFields(doc.raw, &doc.fields)) {
        return DataError(ctx_.Path(kCapturesFile) + ": the record of " + c.id +
                         " is not a JSON object");
      }
      doc.text_field = c.text_field;
      doc.id_field = c.id_field;
      if (doc.text_field < 0) {
        OutputField f{"text", {}};
        AppendJsonString(&f.json, doc.text);
        extra_.push_back(std::move(f));
      }
    }
    extra_.push_back({"cluster", std::to_string(cluster)});
    OutputField ids{"captures", "["};
    for (size_t i = 0; i < caps.size(); ++i) {
      if (i) ids.json.push_back(',');
      AppendJsonString(&ids.json, caps[i].id);
    }
    ids.json.push_back(']');
    extra_.push_back(std::move(ids));
    if (ctx_.options.explain) extra_.push_back(RemovedList(caps));
    line_.clear();
    AppendDocJson(doc, extra_, &line_);
    return out_->Write(line_);
  }

 private:
  OutputField RemovedList(const std::vector<CaptureRecord>& caps) const {
    OutputField f{"removed", "["};
    std::string& s = f.json;
    bool first = true;
    for (const DroppedParagraph& d : result_.dropped) {
      const CaptureRecord& c = caps[d.capture];
      const CaptureParagraph& p = c.paragraphs[d.paragraph];
      if (!first) s.push_back(',');
      first = false;
      s.append("{\"capture\":");
      AppendJsonString(&s, c.id);
      s += ",\"paragraph\":" + std::to_string(d.paragraph) + ",\"class\":";
      AppendJsonString(&s, BoilerplateClassName(d.cls));
      s.append(",\"rule\":");
      AppendJsonString(&s, d.rule);
      char score[32];
      std::snprintf(score, sizeof score, "%.2f", static_cast<double>(d.score));
      s += ",\"score\":";
      s += score;
      if (p.repeats > 0) s += ",\"repeats\":" + std::to_string(p.repeats);
      if (caps.size() > 1) s += ",\"present\":" + std::to_string(d.present);
      s += ",\"begin\":" + std::to_string(p.in_begin) +
           ",\"end\":" + std::to_string(p.in_end);
      s.append(",\"text\":");
      AppendJsonString(&s, d.text);
      s.push_back('}');
    }
    s.push_back(']');
    return f;
  }

  RunContext& ctx_;
  OutputFile* out_;
  std::vector<CaptureText> texts_;
  ConsensusResult result_;
  std::vector<OutputField> extra_;
  std::string line_;
};

Status ReadAt(int fd, const std::string& path, uint64_t offset, size_t n,
              std::string* out) {
  out->resize(n);
  size_t done = 0;
  while (done < n) {
    ssize_t r = ::pread(fd, out->data() + done, n - done,
                        static_cast<off_t>(offset + done));
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) {
      return r < 0 ? ErrnoError("cannot read " + path, errno)
                   : DataError(path + ": ends early");
    }
    done += static_cast<size_t>(r);
  }
  return OkStatus();
}

}  // namespace

Status RunConsensus(RunContext& ctx, const DedupJob& dedup, OutputFile* out) {
  ctx.BeginStage("consensus");
  const std::string captures_path = ctx.Path(kCapturesFile);
  const std::string clustered_path = ctx.Path(kClusteredFile);
  const uint64_t docs = dedup.report().docs;

  // Each cluster's first member, by cluster id.
  std::vector<uint32_t> first(docs, kNone);
  {
    auto a = dedup.Assignments();
    if (!a.ok()) return a.status();
    DocCluster c;
    while ((*a)->Next(&c)) {
      if (c.cluster_size > 1 && first[c.cluster] == kNone) {
        first[c.cluster] = static_cast<uint32_t>(c.ordinal);
      }
    }
    WINNOW_RETURN_IF_ERROR((*a)->status());
  }

  // Pass A: copy the clustered captures aside and sort their entries.
  const uint64_t budget = ctx.options.dedup.memory_bytes / 2;
  ExternalSorter<Member, MemberLess> sorter(ctx.dir, "members",
                                            static_cast<size_t>(budget));
  {
    auto in = LineReader::Open(captures_path);
    if (!in.ok()) return in.status();
    auto a = dedup.Assignments();
    if (!a.ok()) return a.status();
    FILE* f = std::fopen(clustered_path.c_str(), "wbe");
    if (!f) return ErrnoError("cannot create " + clustered_path, errno);
    std::unique_ptr<FILE, int (*)(FILE*)> closer(f, std::fclose);
    uint64_t offset = 0;
    std::string_view line;
    DocCluster c;
    while ((*in)->Next(&line)) {
      if (!(*a)->Next(&c)) {
        WINNOW_RETURN_IF_ERROR((*a)->status());
        return DataError(captures_path +
                         " holds more documents than the "
                         "dedup work directory knows of");
      }
      if (c.cluster_size <= 1) continue;
      if (line.size() >= kNone) {
        return ResourceExhausted((*in)->Where() + ": record too large");
      }
      if (std::fwrite(line.data(), 1, line.size(), f) != line.size()) {
        return ErrnoError("cannot write " + clustered_path, errno);
      }
      Member m{first[c.cluster], static_cast<uint32_t>(c.ordinal), c.cluster,
               static_cast<uint32_t>(line.size()), offset};
      offset += line.size();
      WINNOW_RETURN_IF_ERROR(sorter.Add(m));
    }
    WINNOW_RETURN_IF_ERROR((*in)->status());
    if (std::fflush(f) != 0) {
      return ErrnoError("cannot write " + clustered_path, errno);
    }
    WINNOW_RETURN_IF_ERROR(sorter.Flush());
  }
  std::vector<uint32_t>().swap(first);

  // Pass B: every story in the order of its first capture.
  auto merged = MergeReader<Member, MemberLess>::Open(
      sorter.runs(), size_t{1} << 20, MemberLess());
  if (!merged.ok()) return merged.status();
  const int fd = ::open(clustered_path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return ErrnoError("cannot open " + clustered_path, errno);
  std::unique_ptr<int, void (*)(int*)> fd_closer(new int(fd), [](int* p) {
    ::close(*p);
    delete p;
  });

  auto in = LineReader::Open(captures_path);
  if (!in.ok()) return in.status();
  auto a = dedup.Assignments();
  if (!a.ok()) return a.status();
  CaptureParser parser;
  StoryWriter writer(ctx, out);
  std::vector<CaptureRecord> caps;
  std::string buf;
  Member next{};
  bool have_next = (*merged)->Next(&next);
  std::string_view line;
  DocCluster c;
  uint64_t done = 0;
  while ((*in)->Next(&line)) {
    if (!(*a)->Next(&c)) {
      WINNOW_RETURN_IF_ERROR((*a)->status());
      return DataError(captures_path + ": more documents than clustered");
    }
    ++done;
    if (c.cluster_size <= 1) {
      caps.resize(1);
      WINNOW_RETURN_IF_ERROR(parser.Parse(line, (*in)->Where(), &caps[0]));
      caps[0].ordinal = c.ordinal;
      WINNOW_RETURN_IF_ERROR(writer.Write(caps, c.cluster));
    } else if (have_next && next.first == c.ordinal) {
      // The cluster's first member: the whole cluster goes here.
      const uint32_t head = next.first;
      caps.clear();
      while (have_next && next.first == head) {
        WINNOW_RETURN_IF_ERROR(
            ReadAt(fd, clustered_path, next.offset, next.length, &buf));
        caps.emplace_back();
        WINNOW_RETURN_IF_ERROR(parser.Parse(
            buf, clustered_path + ": capture " + std::to_string(next.ordinal),
            &caps.back()));
        caps.back().ordinal = next.ordinal;
        have_next = (*merged)->Next(&next);
      }
      WINNOW_RETURN_IF_ERROR((*merged)->status());
      WINNOW_RETURN_IF_ERROR(writer.Write(caps, c.cluster));
    }
    if ((done & 4095) == 0) ctx.Progress(done, docs, 0, 0, 0);
  }
  WINNOW_RETURN_IF_ERROR((*in)->status());
  if (have_next) {
    return DataError(clustered_path + ": a cluster was never reached");
  }
  ctx.Progress(done, docs, 0, 0, 0);
  ctx.EndStage();
  return OkStatus();
}

}  // namespace winnow::pipeline
