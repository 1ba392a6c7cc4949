// The run job's last stage: one story per cluster, in the order of each
// story's first capture.
//
// Every document's cluster comes from the dedup job in input order. A
// document alone in its cluster is written as soon as it is read. For the
// captures of larger clusters, a first pass over the captures file notes
// where each one's line is, and the (first member, ordinal, offset) entries
// are sorted externally; the second pass meets each cluster at its first
// member's position, reads the cluster's captures back from their places
// and merges them. Every capture's paragraphs are decided here again from
// their stored values (boilerplate.h), as the dedup stage decided them.
#include <fcntl.h>
#include <sys/stat.h>
#include <tbb/enumerable_thread_specific.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <charconv>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <functional>
#include <limits>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "capture_index.h"
#include "capture_record.h"
#include "core/ordered_batches.h"
#include "dedup/dist_files.h"
#include "dedup/dist_shuffle.h"
#include "io/pread.h"
#include "run_context.h"
#include "winnow/external_sort.h"
#include "winnow/json.h"
#include "winnow/stream.h"

namespace winnow::pipeline {
namespace {

constexpr uint32_t kNone = std::numeric_limits<uint32_t>::max();

// A clustered capture: where its line is: in the captures file, or (in a
// distributed run, a capture another rank sent) in the received file.
struct Member {
  uint32_t first;    // the cluster's first member (input order)
  uint32_t ordinal;  // the capture's own position
  uint32_t cluster;  // the cluster id (the representative's ordinal)
  uint32_t length;   // bytes of the line; kReceived set: the received file
  uint64_t offset;
};
constexpr uint32_t kReceived = uint32_t{1} << 31;
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

// What a batch of stories adds to the report.
struct StoryStats {
  uint64_t stories = 0, merged_stories = 0, merged_captures = 0;
  uint64_t empty_stories = 0, paragraphs = 0, removed = 0;
  std::array<uint64_t, kBoilerplateClassCount> removed_by_class{};
  Counters counters;  // the boilerplate decisions' (boilerplate.*)

  void AddTo(RunReport* r) const {
    r->counters.Merge(counters);
    r->stories += stories;
    r->merged_stories += merged_stories;
    r->merged_captures += merged_captures;
    r->empty_stories += empty_stories;
    r->paragraphs += paragraphs;
    r->removed += removed;
    for (int c = 0; c < kBoilerplateClassCount; ++c) {
      if (removed_by_class[c] > 0) {
        r->counters.Add(RemovedCounter(static_cast<BoilerplateClass>(c)),
                        removed_by_class[c]);
      }
    }
  }
};

// Turns the work records of one cluster into its story's output line. One
// per thread.
class StoryBuilder {
 public:
  explicit StoryBuilder(const RunContext& ctx) : ctx_(ctx) {}

  // Parses the captures (input order; `wheres` name them in errors),
  // merges them and appends the story to `out`.
  Status Build(std::span<const std::string_view> lines,
               std::span<const uint32_t> ordinals,
               std::span<const CaptureWhere> wheres, uint32_t cluster,
               std::string* out, StoryStats* stats) {
    const size_t k = lines.size();
    parser_.set_input_reader(ctx_.InputReader());
    if (caps_.size() < k) caps_.resize(k);
    if (texts_.size() < k) texts_.resize(k);
    if (decided_.size() < k) decided_.resize(k);
    for (size_t i = 0; i < k; ++i) {
      WINNOW_RETURN_IF_ERROR(parser_.Parse(lines[i], wheres[i], &caps_[i]));
      caps_[i].ordinal = ordinals[i];
      // The boilerplate decision, from the stored values, as the dedup
      // stage took it.
      DecideBoilerplate(caps_[i].doc, caps_[i].source_hash,
                        ctx_.repeat_index(), ctx_.options.boilerplate,
                        &decided_[i]);
      CountBoilerplate(decided_[i], &stats->counters);
    }
    std::span<CaptureRecord> caps(caps_.data(), k);
    size_t rep = 0;
    for (size_t i = 0; i < k; ++i) {
      CaptureText& t = texts_[i];
      t.id = caps[i].id;
      t.paragraphs.clear();
      t.verdicts.assign(decided_[i].verdicts.begin(),
                        decided_[i].verdicts.end());
      const size_t np = caps[i].doc.clean.paragraphs.size();
      for (size_t p = 0; p < np; ++p) t.paragraphs.push_back(caps[i].Paragraph(p));
      stats->paragraphs += np;
      if (caps[i].ordinal == cluster) rep = i;
    }
    BuildConsensus(std::span<const CaptureText>(texts_.data(), k),
                   ctx_.options.consensus, &result_);
    stats->removed += result_.dropped.size();
    for (const DroppedParagraph& d : result_.dropped) {
      ++stats->removed_by_class[static_cast<int>(d.cls)];
    }
    if (k > 1) {
      ++stats->merged_stories;
      stats->merged_captures += k;
    }
    if (result_.text.empty()) {
      ++stats->empty_stories;
      if (!ctx_.options.keep_empty) return OkStatus();
    }
    ++stats->stories;

    // The story's record: the representative's, with the consensus text.
    // One Doc and one list of extra fields per builder, their buffers kept
    // from story to story.
    const CaptureRecord& c = caps[rep];
    Doc& doc = doc_;
    doc.id = c.id;
    doc.text.swap(result_.text);
    doc.raw.clear();
    doc.fields.clear();
    doc.text_field = doc.id_field = -1;
    size_t extras = 0;
    auto extra = [&](const char* key) -> std::string& {
      if (extra_.size() <= extras) extra_.emplace_back();
      OutputField& f = extra_[extras++];
      f.key = key;
      f.json.clear();
      return f.json;
    };
    if (!c.record.empty()) {
      doc.raw = c.record;
      if (!ScanObjectFields(doc.raw, &doc.fields)) {
        return DataError(wheres[rep].ToString() + ": the record of " + c.id +
                         " is not a JSON object");
      }
      doc.text_field = c.text_field;
      doc.id_field = c.id_field;
      if (doc.text_field < 0) AppendJsonString(&extra("text"), doc.text);
    }
    char num[24];
    extra("cluster")
        .assign(num, std::to_chars(num, num + sizeof num, cluster).ptr);
    std::string& ids = extra("captures");
    ids.push_back('[');
    for (size_t i = 0; i < k; ++i) {
      if (i) ids.push_back(',');
      AppendJsonString(&ids, caps[i].id);
    }
    ids.push_back(']');
    if (ctx_.options.explain) RemovedList(caps, &extra("removed"));
    extra_.resize(extras);
    AppendDocJson(doc, extra_, out);
    doc.text.swap(result_.text);
    return OkStatus();
  }

 private:
  void RemovedList(std::span<const CaptureRecord> caps, std::string* out) const {
    std::string& s = *out;
    s.push_back('[');
    bool first = true;
    for (const DroppedParagraph& d : result_.dropped) {
      const CaptureRecord& c = caps[d.capture];
      const ParagraphSpan& p = c.doc.clean.paragraphs[d.paragraph];
      const uint32_t repeats = decided_[d.capture].repeats[d.paragraph];
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
      if (repeats > 0) s += ",\"repeats\":" + std::to_string(repeats);
      if (caps.size() > 1) s += ",\"present\":" + std::to_string(d.present);
      s += ",\"begin\":" + std::to_string(p.in_begin) +
           ",\"end\":" + std::to_string(p.in_end);
      s.append(",\"text\":");
      AppendJsonString(&s, d.text);
      s.push_back('}');
    }
    s.push_back(']');
  }

  const RunContext& ctx_;
  CaptureParser parser_;
  std::vector<CaptureRecord> caps_;
  std::vector<BoilerplateResult> decided_;
  std::vector<CaptureText> texts_;
  ConsensusResult result_;
  Doc doc_;
  std::vector<OutputField> extra_;
};

constexpr size_t kBatchBytes = size_t{1} << 20;

// Stories read in order, to be built in parallel. The lines lie in one
// buffer, so that reading a batch allocates nothing once warm.
struct StoryBatch {
  std::string data;
  // Line i is data[spans[i].first, spans[i].second).
  std::vector<std::pair<size_t, size_t>> spans;
  std::vector<uint32_t> ordinals;
  std::vector<CaptureWhere> wheres;
  // Story i is lines [ends[i-1], ends[i]) with cluster id clusters[i].
  std::vector<size_t> ends;
  std::vector<uint32_t> clusters;
  std::vector<std::string_view> views;  // the lines, made by Build
  size_t bytes = 0;
  uint64_t docs = 0;
  uint64_t last_done = 0;
  Status status;
  std::string out;
  StoryStats stats;

  // Empties the batch for reuse, keeping its buffers.
  void Clear() {
    data.clear();
    spans.clear();
    ordinals.clear();
    wheres.clear();
    ends.clear();
    clusters.clear();
    bytes = 0;
    docs = 0;
    last_done = 0;
    status = Status();
    out.clear();
    stats = StoryStats();
  }
  // A line already in `data`.
  void Add(size_t begin, size_t end, uint32_t ordinal, CaptureWhere where) {
    spans.emplace_back(begin, end);
    ordinals.push_back(ordinal);
    wheres.push_back(where);
    bytes += end - begin;
  }
  void EndStory(uint32_t cluster) {
    ends.push_back(spans.size());
    clusters.push_back(cluster);
  }
  void Build(StoryBuilder& builder) {
    views.clear();
    for (const auto& [begin, end] : spans) {
      views.emplace_back(data.data() + begin, end - begin);
    }
    size_t begin = 0;
    for (size_t i = 0; i < ends.size(); ++i) {
      const size_t n = ends[i] - begin;
      status = builder.Build(
          std::span<const std::string_view>(views.data() + begin, n),
          std::span<const uint32_t>(ordinals.data() + begin, n),
          std::span<const CaptureWhere>(wheres.data() + begin, n),
          clusters[i], &out, &stats);
      if (!status.ok()) return;
      begin = ends[i];
    }
  }
};

// Reads n bytes at `offset` of the file `fd` (named `path` in errors) and
// appends them to *out.
Status AppendAt(int fd, const std::string& path, uint64_t offset, size_t n,
                std::string* out) {
  const size_t base = out->size();
  out->resize(base + n);
  Status st = PreadFully(fd, out->data() + base, n, offset, path);
  if (!st.ok()) out->resize(base);
  return st;
}

// Distributed: a clustered document's question to the rank holding its
// cluster's representative, and the answer, its cluster's first member.
struct FirstAsk {
  uint64_t cluster;
  uint64_t ordinal;
};
struct FirstAnswer {
  uint64_t ordinal;
  uint64_t first;
};
// A clustered capture travelling to the rank that holds its cluster's first
// member; the line's bytes follow it.
struct Shipped {
  uint64_t first;
  uint64_t ordinal;
  uint64_t cluster;
  uint64_t length;
};

uint64_t RoundBytes(const RunContext& ctx) {
  return dedup::ShuffleRoundBytes(ctx.options.dedup.memory_bytes);
}

// Distributed: for each of this rank's clustered documents (by position in
// its share), the first member of its cluster, which may lie on any rank.
// Two shuffles: each document asks the rank holding its cluster's
// representative, which answers every member with the smallest position.
Status FirstMembers(RunContext& ctx, const DedupJob& dedup,
                    const std::vector<uint64_t>& rank_first,
                    std::vector<uint32_t>* first) {
  Communicator& comm = *ctx.comm;
  const uint64_t begin = rank_first[ctx.rank];
  auto a = dedup.Assignments();
  if (!a.ok()) return a.status();
  std::vector<FirstAsk> asks;  // what this rank is asked
  bool more = true;
  DocCluster c;
  WINNOW_RETURN_IF_ERROR(dedup::Shuffle(
      comm, RoundBytes(ctx),
      [&](dedup::Outbox& box) -> Result<bool> {
        while (!box.full() && (more = (*a)->Next(&c))) {
          if (c.cluster_size <= 1) continue;
          box.Add(dedup::RankOfOrdinal(rank_first, c.cluster), FirstAsk{c.cluster, c.ordinal});
        }
        if (!more) WINNOW_RETURN_IF_ERROR((*a)->status());
        return !more;
      },
      [&](int, std::string_view bytes) {
        return dedup::ForEachRecord<FirstAsk>(bytes, [&](const FirstAsk& q) {
          asks.push_back(q);
          return OkStatus();
        });
      }));
  std::sort(asks.begin(), asks.end(), [](const FirstAsk& x, const FirstAsk& y) {
    return x.cluster != y.cluster ? x.cluster < y.cluster : x.ordinal < y.ordinal;
  });
  size_t i = 0;
  uint64_t head = 0;
  WINNOW_RETURN_IF_ERROR(dedup::Shuffle(
      comm, RoundBytes(ctx),
      [&](dedup::Outbox& box) -> Result<bool> {
        for (; i < asks.size() && !box.full(); ++i) {
          if (i == 0 || asks[i].cluster != asks[i - 1].cluster) {
            head = asks[i].ordinal;  // sorted: the cluster's smallest
          }
          box.Add(dedup::RankOfOrdinal(rank_first, asks[i].ordinal),
                  FirstAnswer{asks[i].ordinal, head});
        }
        return i == asks.size();
      },
      [&](int, std::string_view bytes) {
        return dedup::ForEachRecord<FirstAnswer>(bytes, [&](const FirstAnswer& r) {
          if (r.ordinal < begin || r.ordinal - begin >= first->size()) {
            return DataError("a first-member answer for another rank's document");
          }
          (*first)[r.ordinal - begin] = static_cast<uint32_t>(r.first);
          return OkStatus();
        });
      }));
  return OkStatus();
}

// Distributed: the other ranks' stories after rank 0's, in rank order.
// Where every rank sees rank 0's output file, rank 0 grows it to the
// whole size and each rank writes its share at its offset, all at once;
// otherwise (standard output, a file the ranks do not share) the shares
// stream through rank 0. A share is already encoded as the output is.
Status JoinStories(RunContext& ctx, OutputFile* out,
                   const std::string& part_path) {
  Communicator& comm = *ctx.comm;
  std::vector<uint64_t> sizes(ctx.ranks, 0);
  sizes[ctx.rank] =
      ctx.rank == 0 ? out->bytes_written() : dedup::FileSize(part_path);
  WINNOW_RETURN_IF_ERROR(
      comm.AllReduce(sizes.data(), sizes.size(), Communicator::Op::kSum));
  uint64_t offset = 0, total = 0;
  for (int r = 0; r < ctx.ranks; ++r) {
    if (r < ctx.rank) offset += sizes[r];
    total += sizes[r];
  }
  std::string staging;
  if (ctx.rank == 0) {
    staging = out->staging_path();
    if (!staging.empty() && total > sizes[0]) {
      WINNOW_RETURN_IF_ERROR(out->Extend(total));
    }
    for (int r = 1; r < ctx.ranks; ++r) {
      WINNOW_RETURN_IF_ERROR(comm.Send(r, staging));
    }
  } else {
    WINNOW_RETURN_IF_ERROR(comm.Recv(0, &staging));
  }
  // Whether every rank sees the file (its size is the proof).
  uint64_t direct = staging.empty() ? 0 : 1;
  int fd = -1;
  if (direct && ctx.rank != 0 && sizes[ctx.rank] > 0) {
    fd = ::open(staging.c_str(), O_WRONLY | O_CLOEXEC);
    struct stat st {};
    if (fd < 0 || ::fstat(fd, &st) != 0 ||
        static_cast<uint64_t>(st.st_size) != total) {
      direct = 0;
    }
  }
  WINNOW_RETURN_IF_ERROR(comm.AllReduce(&direct, 1, Communicator::Op::kMin));
  if (ctx.rank != 0) {
    Status st;
    if (direct) {
      if (sizes[ctx.rank] > 0) {
        st = dedup::CopyRange(part_path, sizes[ctx.rank], fd, offset, staging);
      }
    } else {
      st = dedup::SendFileRange(comm, 0, part_path, 0, sizes[ctx.rank]);
    }
    if (fd >= 0 && ::close(fd) != 0 && st.ok()) {
      st = ErrnoError("cannot write " + staging, errno);
    }
    WINNOW_RETURN_IF_ERROR(st);
    return comm.Send(0, {});  // written
  }
  if (!direct && !staging.empty() && total > sizes[0]) {
    WINNOW_RETURN_IF_ERROR(out->Extend(sizes[0]));  // back
  }
  std::string done;
  for (int r = 1; r < ctx.ranks; ++r) {
    if (!direct) {
      WINNOW_RETURN_IF_ERROR(dedup::RecvInto(
          comm, r, [&](std::string_view b) { return out->WriteEncoded(b); }));
    }
    WINNOW_RETURN_IF_ERROR(comm.Recv(r, &done));
  }
  return OkStatus();
}

}  // namespace

Status RunConsensus(RunContext& ctx, const DedupJob& dedup, OutputFile* out) {
  ctx.BeginStage("group");
  const std::string captures_path = ctx.Path(kCapturesFile);
  const std::string received_path = ctx.Path("received.jsonl");
  const std::vector<uint64_t> rank_first = dedup.RankOrdinals();
  const uint64_t begin = rank_first[ctx.rank];
  const uint64_t docs = rank_first[ctx.rank + 1] - begin;  // this rank's
  if (rank_first.back() >= kNone) {
    return ResourceExhausted("winnow run handles at most " +
                             std::to_string(kNone - 1) + " documents");
  }

  // Each clustered document's cluster's first member: by cluster id in one
  // process, by the document's own position in a distributed run.
  std::vector<uint32_t> first(ctx.comm ? docs : rank_first.back(), kNone);
  if (ctx.comm) {
    WINNOW_RETURN_IF_ERROR(FirstMembers(ctx, dedup, rank_first, &first));
  } else {
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
  auto first_of = [&](const DocCluster& c) {
    return ctx.comm ? first[c.ordinal - begin] : first[c.cluster];
  };

  // The captures' lines, where the prepare pass noted them
  // (capture_index.h), and the file, read at those places.
  const std::string index_path = ctx.Path(kCaptureIndexFile);
  const uint64_t captures_size = dedup::FileSize(captures_path);
  const int fd = ::open(captures_path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return ErrnoError("cannot open " + captures_path, errno);
  std::unique_ptr<int, void (*)(int*)> fd_closer(new int(fd), [](int* p) {
    ::close(*p);
    delete p;
  });

  // Pass A: where each clustered capture's line is, sorted by its
  // cluster's first member (external sort of 24-byte entries). In a
  // distributed run, a capture whose cluster begins on another rank goes
  // there, and the captures sent here are kept in the received file.
  const uint64_t budget = ctx.options.dedup.memory_bytes / 2;
  ExternalSorter<Member, MemberLess> sorter(ctx.dir, "members",
                                            static_cast<size_t>(budget));
  {
    auto in = CaptureIndexReader::Open(index_path, captures_size);
    if (!in.ok()) return in.status();
    auto a = dedup.Assignments();
    if (!a.ok()) return a.status();
    std::FILE* rf = nullptr;
    if (ctx.comm) {
      rf = std::fopen(received_path.c_str(), "wbe");
      if (!rf) return ErrnoError("cannot create " + received_path, errno);
    }
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> rf_closer(
        rf, [](std::FILE* f) { return f ? std::fclose(f) : 0; });
    uint64_t received = 0, shipped = 0, shipped_bytes = 0;
    std::string line;
    DocCluster c;
    CaptureSpan span;
    uint64_t line_no = 0;
    // The next clustered capture of this rank's share; false at the end.
    auto next_member = [&](Member* m, bool* local) -> Result<bool> {
      while ((*in)->Next(&span)) {
        ++line_no;
        if (!(*a)->Next(&c)) {
          WINNOW_RETURN_IF_ERROR((*a)->status());
          return DataError(captures_path +
                           " holds more documents than the "
                           "dedup work directory knows of");
        }
        if (c.cluster_size <= 1) continue;
        if (span.length >= kReceived) {
          return ResourceExhausted(captures_path + ":" +
                                   std::to_string(line_no) +
                                   ": record too large");
        }
        *m = Member{first_of(c), static_cast<uint32_t>(c.ordinal), c.cluster,
                    static_cast<uint32_t>(span.length), span.offset};
        *local = !ctx.comm || dedup::RankOfOrdinal(rank_first, m->first) == ctx.rank;
        return true;
      }
      WINNOW_RETURN_IF_ERROR((*in)->status());
      return false;
    };
    if (!ctx.comm) {
      Member m;
      bool local;
      for (;;) {
        auto more = next_member(&m, &local);
        if (!more.ok()) return more.status();
        if (!*more) break;
        WINNOW_RETURN_IF_ERROR(sorter.Add(m));
      }
    } else {
      WINNOW_RETURN_IF_ERROR(dedup::Shuffle(
          *ctx.comm, RoundBytes(ctx),
          [&](dedup::Outbox& box) -> Result<bool> {
            Member m;
            bool local;
            while (!box.full()) {
              auto more = next_member(&m, &local);
              if (!more.ok()) return more.status();
              if (!*more) return true;
              if (local) {
                WINNOW_RETURN_IF_ERROR(sorter.Add(m));
                continue;
              }
              const int dest = dedup::RankOfOrdinal(rank_first, m.first);
              line.clear();
              WINNOW_RETURN_IF_ERROR(
                  AppendAt(fd, captures_path, m.offset, m.length, &line));
              box.Add(dest, Shipped{m.first, m.ordinal, m.cluster, line.size()});
              box.Add(dest, line.data(), line.size());
              ++shipped;
              shipped_bytes += sizeof(Shipped) + line.size();
            }
            return false;
          },
          [&](int, std::string_view bytes) -> Status {
            size_t i = 0;
            while (i < bytes.size()) {
              Shipped h;
              if (bytes.size() - i < sizeof h) {
                return DataError("a shuffle delivered a partial capture");
              }
              std::memcpy(&h, bytes.data() + i, sizeof h);
              i += sizeof h;
              if (h.length > bytes.size() - i || h.length >= kReceived) {
                return DataError("a shuffle delivered a partial capture");
              }
              if (std::fwrite(bytes.data() + i, 1, h.length, rf) != h.length) {
                return ErrnoError("cannot write " + received_path, errno);
              }
              WINNOW_RETURN_IF_ERROR(sorter.Add(Member{
                  static_cast<uint32_t>(h.first), static_cast<uint32_t>(h.ordinal),
                  static_cast<uint32_t>(h.cluster),
                  static_cast<uint32_t>(h.length) | kReceived, received}));
              received += h.length;
              i += h.length;
            }
            return OkStatus();
          }));
      if (std::fflush(rf) != 0) {
        return ErrnoError("cannot write " + received_path, errno);
      }
      ctx.report.counters.Add("dist.captures_shipped", shipped);
      ctx.report.counters.Add("dist.captures_shipped_bytes", shipped_bytes);
    }
    WINNOW_RETURN_IF_ERROR(sorter.Flush());
  }
  std::vector<uint32_t>().swap(first);

  ctx.EndStage();
  ctx.BeginStage("consensus");

  // Pass B: every story in the order of its first capture. Batches of
  // stories are read in order, built in parallel, written in order.
  auto merged = MergeReader<Member, MemberLess>::Open(
      sorter.runs(), size_t{1} << 20, MemberLess());
  if (!merged.ok()) return merged.status();
  int rfd = -1;
  if (ctx.comm) {
    rfd = ::open(received_path.c_str(), O_RDONLY | O_CLOEXEC);
    if (rfd < 0) return ErrnoError("cannot open " + received_path, errno);
  }
  std::unique_ptr<int, void (*)(int*)> rfd_closer(new int(rfd), [](int* p) {
    if (*p >= 0) ::close(*p);
    delete p;
  });
  // Rank 0 writes the output; the others their stories to a part file,
  // sent to rank 0 after (in rank order, the input's).
  // (Named for the output's compression: a share is encoded as rank 0's
  // output is, so that the shares can be put together as they are.)
  const std::string part_path =
      ctx.Path(ctx.out_compression == Compression::kGzip   ? "stories.part.gz"
               : ctx.out_compression == Compression::kZstd ? "stories.part.zst"
                                                           : "stories.part");
  std::unique_ptr<OutputFile> part;
  if (ctx.comm && ctx.rank != 0) {
    OutputOptions po;
    po.sync = false;
    auto p = OutputFile::Create(part_path, po);
    if (!p.ok()) return p.status();
    part = std::move(*p);
    out = part.get();
  }
  if (!out) return InternalError("RunConsensus without an output");
  auto in = CaptureIndexReader::Open(index_path, captures_size);
  if (!in.ok()) return in.status();
  auto a = dedup.Assignments();
  if (!a.ok()) return a.status();

  Member next{};
  bool have_next = (*merged)->Next(&next);
  uint64_t done = 0;
  Status result;  // the first error, in input order

  // Reads the next batch of stories (serially). A story of one capture is
  // its own line: consecutive ones are read with one pread, from the first
  // one's offset to the last one's end. A cluster's captures are read where
  // they lie, at its first member's place.
  auto read = [&](StoryBatch* b) -> Status {
    CaptureSpan span;
    DocCluster c;
    // The run of consecutive single captures not read yet: the file's
    // bytes [run_begin, run_end), which go to the end of `data` (nothing
    // else is added while a run is open).
    uint64_t run_begin = 0, run_end = 0;
    bool run_open = false;
    auto flush_run = [&]() -> Status {
      if (!run_open) return OkStatus();
      run_open = false;
      return AppendAt(fd, captures_path, run_begin, run_end - run_begin,
                      &b->data);
    };
    while (b->bytes < kBatchBytes && (*in)->Next(&span)) {
      if (!(*a)->Next(&c)) {
        WINNOW_RETURN_IF_ERROR((*a)->status());
        return DataError(captures_path + ": more documents than clustered");
      }
      ++done;
      ++b->docs;
      if (c.cluster_size <= 1) {
        // Joins the run when it follows its last line and that line's '\n'.
        if (!run_open || span.offset != run_end + 1) {
          WINNOW_RETURN_IF_ERROR(flush_run());
          run_begin = span.offset;
          run_open = true;
        }
        run_end = span.offset + span.length;
        const size_t line_begin =
            b->data.size() + static_cast<size_t>(span.offset - run_begin);
        b->Add(line_begin, line_begin + span.length,
               static_cast<uint32_t>(c.ordinal),
               CaptureWhere{captures_path, (*in)->lines_read(), false});
        b->EndStory(c.cluster);
      } else if (have_next && next.first == c.ordinal) {
        // The cluster's first member: the whole cluster goes here.
        WINNOW_RETURN_IF_ERROR(flush_run());
        const uint32_t head = next.first;
        while (have_next && next.first == head) {
          const bool got = (next.length & kReceived) != 0;
          const std::string& path = got ? received_path : captures_path;
          const size_t from = b->data.size();
          WINNOW_RETURN_IF_ERROR(AppendAt(got ? rfd : fd, path, next.offset,
                                          next.length & ~kReceived, &b->data));
          b->Add(from, b->data.size(), next.ordinal,
                 CaptureWhere{path, next.ordinal, true});
          have_next = (*merged)->Next(&next);
        }
        WINNOW_RETURN_IF_ERROR((*merged)->status());
        b->EndStory(c.cluster);
      }
    }
    WINNOW_RETURN_IF_ERROR(flush_run());
    b->last_done = done;
    return (*in)->status();
  };

  tbb::enumerable_thread_specific<StoryBuilder> builders(
      [&ctx] { return StoryBuilder(ctx); });
  const int threads = ResolveThreads(ctx.options.stream.threads);
  std::atomic<bool> stop{false};  // set when a batch fails, in input order
  bool read_failed = false;
  auto fill = [&](StoryBatch* b) {
    if (read_failed) return false;
    b->Clear();
    Status st = read(b);
    if (!st.ok()) {
      // The failing batch still goes through, to report the error in order.
      b->status = st;
      read_failed = true;
      return true;
    }
    return b->docs > 0;
  };
  auto build = [&](StoryBatch* b) {
    if (b->status.ok()) b->Build(builders.local());
  };
  auto take = [&](StoryBatch* b) {
    if (!result.ok()) return;
    if (!b->status.ok()) {
      result = b->status;
      stop = true;
      return;
    }
    b->stats.AddTo(&ctx.report);
    Status st = out->Write(b->out);
    if (!st.ok()) {
      result = st;
      stop = true;
      return;
    }
    ctx.Progress(b->last_done, docs, 0, 0, 0);
  };
  RunOrderedBatches<StoryBatch>(threads, 2 * threads + 1, stop, fill, build,
                                take);
  WINNOW_RETURN_IF_ERROR(result);
  if (have_next) {
    return DataError(captures_path + ": a cluster was never reached");
  }
  ctx.Progress(done, docs, 0, 0, 0);
  if (ctx.comm) {
    if (part) WINNOW_RETURN_IF_ERROR(part->Commit());
    WINNOW_RETURN_IF_ERROR(JoinStories(ctx, out, part_path));
  }
  ctx.EndStage();
  return OkStatus();
}

}  // namespace winnow::pipeline
