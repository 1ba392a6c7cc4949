#include "work_dir.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <sstream>

#include "winnow/byte_source.h"

namespace winnow::dedup {
namespace {

constexpr std::string_view kMagic = "winnow-dedup-manifest 1";
constexpr const char* kManifest = "manifest.txt";
constexpr const char* kSubdirs[] = {"sketch", "exact",   "bands", "pairs",
                                    "edges",  "cluster", "filter"};

bool ParseU64(std::string_view s, uint64_t* v) {
  if (s.empty()) return false;
  uint64_t x = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    uint64_t d = static_cast<uint64_t>(c - '0');
    if (x > (UINT64_MAX - d) / 10) return false;
    x = x * 10 + d;
  }
  *v = x;
  return true;
}

std::vector<std::string_view> Split(std::string_view line) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && line[i] == ' ') ++i;
    size_t b = i;
    while (i < line.size() && line[i] != ' ') ++i;
    if (i > b) out.push_back(line.substr(b, i - b));
  }
  return out;
}

Status WriteAllFd(int fd, std::string_view s, const std::string& path) {
  while (!s.empty()) {
    ssize_t w = ::write(fd, s.data(), s.size());
    if (w < 0) {
      if (errno == EINTR) continue;
      return ErrnoError("cannot write " + path, errno);
    }
    s.remove_prefix(static_cast<size_t>(w));
  }
  return OkStatus();
}

// The first difference between two option lines, for the error message.
std::string OptionDiff(const std::string& was, const std::string& now) {
  auto a = Split(was), b = Split(now);
  for (std::string_view x : a) {
    bool found = false;
    for (std::string_view y : b) found |= x == y;
    if (found) continue;
    std::string_view key = x.substr(0, x.find('='));
    for (std::string_view y : b) {
      if (y.substr(0, y.find('=')) == key) {
        return std::string(key) + " was " + std::string(x.substr(key.size() + 1)) +
               ", now " + std::string(y.substr(key.size() + 1));
      }
    }
    return "option " + std::string(x) + " is gone";
  }
  return "the options differ";
}

}  // namespace

std::string ShardName(uint64_t shard) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%05llu", static_cast<unsigned long long>(shard));
  return buf;
}

uint64_t ManifestEntry::Get(std::string_view name) const {
  for (const auto& [k, v] : values) {
    if (k == name) return v;
  }
  return 0;
}

ManifestEntry& ManifestEntry::Set(std::string name, uint64_t value) {
  for (auto& [k, v] : values) {
    if (k == name) {
      v = value;
      return *this;
    }
  }
  values.emplace_back(std::move(name), value);
  return *this;
}

Result<Manifest> Manifest::Load(const std::string& path) {
  auto text = ReadWholeFile(path, uint64_t{64} << 20);
  if (!text.ok()) return text.status();
  return Parse(*text, path);
}

Result<Manifest> Manifest::Parse(std::string_view text,
                                 const std::string& path) {
  Manifest m;
  std::istringstream in{std::string(text)};
  std::string line;
  uint64_t lineno = 0;
  auto bad = [&](const std::string& what) {
    return DataError(path + ":" + std::to_string(lineno) + ": " + what);
  };
  while (std::getline(in, line)) {
    ++lineno;
    if (lineno == 1) {
      if (line != kMagic) return bad("not a winnow dedup manifest");
      continue;
    }
    if (line.empty()) continue;
    std::string_view l = line;
    if (l.substr(0, 8) == "options ") {
      m.options = line.substr(8);
      continue;
    }
    if (l.substr(0, 6) == "input ") {
      m.inputs.push_back(line.substr(6));
      continue;
    }
    auto parts = Split(l);
    if (parts.empty()) continue;
    ManifestEntry e;
    if (parts[0] != "done" || parts.size() < 2) {
      return bad("expected \"done STAGE [SHARD] [NAME=VALUE...]\"");
    }
    e.stage = std::string(parts[1]);
    size_t i = 2;
    uint64_t shard = 0;
    if (i < parts.size() && ParseU64(parts[i], &shard)) {
      e.shard = static_cast<int64_t>(shard);
      ++i;
    }
    for (; i < parts.size(); ++i) {
      size_t eq = parts[i].find('=');
      uint64_t v = 0;
      if (eq == std::string_view::npos ||
          !ParseU64(parts[i].substr(eq + 1), &v)) {
        return bad("malformed value \"" + std::string(parts[i]) + "\"");
      }
      e.values.emplace_back(std::string(parts[i].substr(0, eq)), v);
    }
    m.entries.push_back(std::move(e));
  }
  if (lineno == 0) return DataError(path + ": empty manifest");
  return m;
}

Status Manifest::Save(const std::string& path) const {
  std::string s(kMagic);
  s.append("\noptions ").append(options).append("\n");
  for (const std::string& in : inputs) s.append("input ").append(in).append("\n");
  for (const ManifestEntry& e : entries) {
    s.append("done ").append(e.stage);
    if (e.shard >= 0) s.append(" ").append(std::to_string(e.shard));
    for (const auto& [k, v] : e.values) {
      s.append(" ").append(k).append("=").append(std::to_string(v));
    }
    s.append("\n");
  }
  std::string tmp = path + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return ErrnoError("cannot create " + tmp, errno);
  Status st = WriteAllFd(fd, s, tmp);
  if (st.ok() && ::fsync(fd) != 0) st = ErrnoError("cannot sync " + tmp, errno);
  ::close(fd);
  if (!st.ok()) return st;
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    return ErrnoError("cannot rename " + tmp + " to " + path, errno);
  }
  return OkStatus();
}

const ManifestEntry* Manifest::Find(std::string_view stage,
                                    int64_t shard) const {
  for (const ManifestEntry& e : entries) {
    if (e.stage == stage && e.shard == shard) return &e;
  }
  return nullptr;
}

void Manifest::Add(ManifestEntry e) { entries.push_back(std::move(e)); }

std::vector<const ManifestEntry*> Manifest::Shards(
    std::string_view stage) const {
  std::vector<const ManifestEntry*> out;
  for (const ManifestEntry& e : entries) {
    if (e.stage == stage && e.shard >= 0) out.push_back(&e);
  }
  return out;
}

WorkDir::WorkDir(std::string path, int lock_fd, Manifest m)
    : path_(std::move(path)), lock_fd_(lock_fd), manifest_(std::move(m)) {}

WorkDir::~WorkDir() {
  if (lock_fd_ >= 0) ::close(lock_fd_);
}

Result<std::unique_ptr<WorkDir>> WorkDir::Open(
    const std::string& path, bool resume, const std::string& options,
    const std::vector<std::string>& inputs, bool* resumed) {
  namespace fs = std::filesystem;
  *resumed = false;
  std::error_code ec;
  const std::string manifest_path = path + "/" + kManifest;
  const bool exists = fs::exists(path, ec);
  if (exists && !fs::is_directory(path, ec)) {
    return InvalidArgument("work directory " + path +
                           " exists and is not a directory");
  }
  if (exists && !fs::exists(manifest_path, ec) && !fs::is_empty(path, ec)) {
    // Not ours: never delete it.
    return InvalidArgument("work directory " + path +
                           " exists and is not a winnow dedup work "
                           "directory (no manifest.txt); remove it or choose "
                           "another --tmp-dir");
  }
  fs::create_directories(path, ec);
  if (ec) return IoError("cannot create work directory " + path + ": " +
                         ec.message());
  const std::string lock_path = path + "/lock";
  int fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return ErrnoError("cannot create " + lock_path, errno);
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd);
    return IoError("work directory " + path +
                   " is in use by another winnow dedup");
  }

  Manifest m;
  bool have = fs::exists(manifest_path, ec);
  if (resume && have) {
    auto loaded = Manifest::Load(manifest_path);
    if (!loaded.ok()) {
      ::close(fd);
      return loaded.status().WithPrefix("cannot resume");
    }
    if (loaded->options != options) {
      ::close(fd);
      return InvalidArgument("cannot resume from " + path +
                             ": it was made with other options (" +
                             OptionDiff(loaded->options, options) +
                             "); run without --resume to start over");
    }
    if (loaded->inputs != inputs) {
      ::close(fd);
      return InvalidArgument(
          "cannot resume from " + path +
          ": the inputs changed since (names, sizes or modification times "
          "differ); run without --resume to start over");
    }
    m = std::move(*loaded);
    *resumed = !m.entries.empty();
  } else {
    // A fresh start: clear what an earlier run left, keep the lock file.
    for (const auto& entry : fs::directory_iterator(path, ec)) {
      if (entry.path().filename() == "lock") continue;
      fs::remove_all(entry.path(), ec);
      if (ec) {
        ::close(fd);
        return IoError("cannot clear " + entry.path().string() + ": " +
                       ec.message());
      }
    }
    m.options = options;
    m.inputs = inputs;
  }
  for (const char* sub : kSubdirs) {
    fs::create_directories(path + "/" + sub, ec);
    if (ec) {
      ::close(fd);
      return IoError("cannot create " + path + "/" + sub + ": " +
                     ec.message());
    }
  }
  Status st = m.Save(manifest_path);
  if (!st.ok()) {
    ::close(fd);
    return st;
  }
  return std::unique_ptr<WorkDir>(new WorkDir(path, fd, std::move(m)));
}

std::string WorkDir::File(std::string_view rel) const {
  return path_ + "/" + std::string(rel);
}

bool WorkDir::Done(std::string_view stage, int64_t shard) const {
  std::lock_guard<std::mutex> lock(mu_);
  return manifest_.Done(stage, shard);
}

bool WorkDir::Find(std::string_view stage, int64_t shard,
                   ManifestEntry* out) const {
  std::lock_guard<std::mutex> lock(mu_);
  const ManifestEntry* e = manifest_.Find(stage, shard);
  if (!e) return false;
  *out = *e;
  return true;
}

std::vector<ManifestEntry> WorkDir::Shards(std::string_view stage) const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<ManifestEntry> out;
  for (const ManifestEntry* e : manifest_.Shards(stage)) out.push_back(*e);
  return out;
}

std::vector<ManifestEntry> WorkDir::AllEntries() const {
  std::lock_guard<std::mutex> lock(mu_);
  return manifest_.entries;
}

Status WorkDir::Record(ManifestEntry e) {
  std::lock_guard<std::mutex> lock(mu_);
  manifest_.Add(std::move(e));
  return manifest_.Save(File(kManifest));
}

Status WorkDir::Forget(std::string_view stage) {
  std::lock_guard<std::mutex> lock(mu_);
  auto& v = manifest_.entries;
  v.erase(std::remove_if(v.begin(), v.end(),
                         [&](const ManifestEntry& e) { return e.stage == stage; }),
          v.end());
  return manifest_.Save(File(kManifest));
}

Status WorkDir::Remove() {
  namespace fs = std::filesystem;
  if (lock_fd_ >= 0) {
    ::close(lock_fd_);
    lock_fd_ = -1;
  }
  std::error_code ec;
  fs::remove_all(path_, ec);
  if (ec) return IoError("cannot remove " + path_ + ": " + ec.message());
  return OkStatus();
}

}  // namespace winnow::dedup
