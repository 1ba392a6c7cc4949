#include "cluster_members.h"

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "records.h"
#include "winnow/json.h"

namespace winnow::dedup {

void AppendMemberRecord(const Member& m, std::string* out) {
  uint32_t head[5] = {m.cluster, m.ord, 0, m.flags,
                      static_cast<uint32_t>(m.id.size())};
  std::memcpy(&head[2], &m.sim, sizeof(float));
  out->append(reinterpret_cast<const char*>(head), sizeof head);
  out->append(m.id);
}

Status ForEachMemberRecord(std::string_view bytes,
                           const std::function<Status(Member&)>& fn) {
  Member m;
  while (!bytes.empty()) {
    uint32_t head[5];
    if (bytes.size() < sizeof head) break;
    std::memcpy(head, bytes.data(), sizeof head);
    if (bytes.size() - sizeof head < head[4]) break;
    m.cluster = head[0];
    m.ord = head[1];
    std::memcpy(&m.sim, &head[2], sizeof(float));
    m.flags = head[3];
    m.id.assign(bytes.data() + sizeof head, head[4]);
    bytes.remove_prefix(sizeof head + head[4]);
    WINNOW_RETURN_IF_ERROR(fn(m));
  }
  if (!bytes.empty()) {
    return InternalError("a partial member record of " +
                         std::to_string(bytes.size()) + " bytes");
  }
  return OkStatus();
}

Status WriteMembers(const std::string& path, std::vector<Member>* members) {
  std::sort(
      members->begin(), members->end(), [](const Member& x, const Member& y) {
        return x.cluster != y.cluster ? x.cluster < y.cluster : x.ord < y.ord;
      });
  auto w = RecordWriter::Create(path, 1);
  if (!w.ok()) return w.status();
  std::string rec;
  for (const Member& m : *members) {
    rec.clear();
    AppendMemberRecord(m, &rec);
    WINNOW_RETURN_IF_ERROR((*w)->Append(rec.data(), rec.size()));
  }
  return (*w)->Commit();
}

void AppendSimilarity(std::string* out, float sim) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4f", static_cast<double>(sim));
  std::string_view s = buf;
  while (s.size() > 3 && s.back() == '0' && s[s.size() - 2] != '.') {
    s.remove_suffix(1);
  }
  out->append(s);
}

// ---- MemberReader -----------------------------------------------------------

Result<std::unique_ptr<MemberReader>> MemberReader::Open(
    const std::string& path) {
  auto r = RecordReader::Open(path, 1, 256 << 10);
  if (!r.ok()) return r.status();
  auto m = std::make_unique<MemberReader>();
  m->in_ = std::move(*r);
  return m;
}

bool MemberReader::Next(Member* m) {
  uint32_t head[5];
  if (!Read(head, sizeof head)) return false;
  m->cluster = head[0];
  m->ord = head[1];
  std::memcpy(&m->sim, &head[2], sizeof(float));
  m->flags = head[3];
  m->id.resize(head[4]);
  return head[4] == 0 || Read(m->id.data(), head[4]);
}

bool MemberReader::Read(void* out, size_t n) {
  char* o = static_cast<char*>(out);
  while (n > 0) {
    if (pos_ == len_) {
      const void* p = nullptr;
      len_ = in_->NextBlock(&p, 256 << 10);
      pos_ = 0;
      block_ = static_cast<const char*>(p);
      if (len_ == 0) {
        status_ = in_->status();
        if (status_.ok() && o != out) {
          status_ = DataError(in_->path() + ": truncated member record");
        }
        return false;
      }
    }
    size_t k = std::min(n, len_ - pos_);
    std::memcpy(o, block_ + pos_, k);
    o += k;
    pos_ += k;
    n -= k;
  }
  return true;
}

// ---- MemberMerge ------------------------------------------------------------

Result<std::unique_ptr<MemberMerge>> MemberMerge::Open(
    const std::vector<std::string>& paths) {
  auto m = std::make_unique<MemberMerge>();
  for (const std::string& p : paths) {
    auto r = MemberReader::Open(p);
    if (!r.ok()) return r.status();
    m->readers_.push_back(std::move(*r));
  }
  m->heads_.resize(m->readers_.size());
  m->live_.assign(m->readers_.size(), false);
  for (size_t i = 0; i < m->readers_.size(); ++i) {
    m->live_[i] = m->readers_[i]->Next(&m->heads_[i]);
    WINNOW_RETURN_IF_ERROR(m->readers_[i]->status());
  }
  m->Pick();
  return m;
}

void MemberMerge::Advance() {
  if (best_ >= heads_.size()) return;
  live_[best_] = readers_[best_]->Next(&heads_[best_]);
  if (!readers_[best_]->status().ok()) {
    status_ = readers_[best_]->status();
    best_ = heads_.size();
    return;
  }
  Pick();
}

// The smallest cluster, then ordinal, among the heads: a linear scan (a
// few files per rank; each member is compared with every head once).
void MemberMerge::Pick() {
  const size_t n = heads_.size();
  best_ = n;
  for (size_t i = 0; i < n; ++i) {
    if (!live_[i]) continue;
    if (best_ == n || heads_[i].cluster < heads_[best_].cluster ||
        (heads_[i].cluster == heads_[best_].cluster &&
         heads_[i].ord < heads_[best_].ord)) {
      best_ = i;
    }
  }
}

// ---- MemberRuns -------------------------------------------------------------

Status MemberRuns::Add(std::string_view records) {
  return ForEachMemberRecord(records,
                             [this](Member& m) { return Add(std::move(m)); });
}

Status MemberRuns::Add(Member m) {
  held_ += sizeof(Member) + m.id.size();
  members_.push_back(std::move(m));
  return held_ >= budget_ ? Spill() : OkStatus();
}

Result<std::vector<std::string>> MemberRuns::Finish() {
  if (!members_.empty()) WINNOW_RETURN_IF_ERROR(Spill());
  return runs_;
}

Status MemberRuns::Spill() {
  std::string path = prefix_ + std::to_string(runs_.size()) + ".bin";
  WINNOW_RETURN_IF_ERROR(WriteMembers(path, &members_));
  runs_.push_back(std::move(path));
  members_.clear();
  held_ = 0;
  return OkStatus();
}

// ---- the clusters file ------------------------------------------------------

Status FormatClusters(MemberMerge& merge,
                      const std::function<Status(std::string_view)>& write) {
  // Members of one cluster, from every file, in input order.
  std::vector<Member> cluster;
  std::string line;
  auto flush = [&]() -> Status {
    if (cluster.empty()) return OkStatus();
    std::sort(cluster.begin(), cluster.end(),
              [](const Member& x, const Member& y) { return x.ord < y.ord; });
    const uint32_t c = cluster[0].cluster;
    std::string_view rep_id;
    for (const Member& m : cluster) {
      if (m.ord == c) rep_id = m.id;
    }
    line.clear();
    line += "{\"cluster\":" + std::to_string(c) +
            ",\"size\":" + std::to_string(cluster.size()) +
            ",\"representative\":";
    AppendJsonString(&line, rep_id);
    line += ",\"members\":[";
    for (size_t i = 0; i < cluster.size(); ++i) {
      const Member& m = cluster[i];
      if (i > 0) line += ',';
      line += "{\"id\":";
      AppendJsonString(&line, m.id);
      line += ",\"ordinal\":" + std::to_string(m.ord) + ",\"similarity\":";
      AppendSimilarity(&line, m.ord == c ? 1.0f : m.sim);
      if (m.ord == c) line += ",\"representative\":true";
      if (m.flags & kDocExact) line += ",\"exact\":true";
      line += '}';
    }
    line += "]}\n";
    cluster.clear();
    return write(line);
  };
  for (const Member* m; (m = merge.head()) != nullptr; merge.Advance()) {
    if (!cluster.empty() && cluster[0].cluster != m->cluster) {
      WINNOW_RETURN_IF_ERROR(flush());
    }
    cluster.push_back(*m);
  }
  WINNOW_RETURN_IF_ERROR(merge.status());
  return flush();
}

}  // namespace winnow::dedup
