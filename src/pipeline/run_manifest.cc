// The run job's manifest: writing it, and reading it back.
#include "run_manifest.h"

#include <cerrno>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "winnow/byte_source.h"

namespace winnow::pipeline {
namespace {

constexpr std::string_view kMagic = "winnow-run-manifest 1";

}  // namespace

std::string RunManifest::Text() const {
  std::string s(kMagic);
  s += "\noptions " + options + "\n";
  for (const std::string& i : inputs) s += "input " + i + "\n";
  if (done) {
    s += "done boilerplate docs=" + std::to_string(docs) +
         " rejected=" + std::to_string(rejected) +
         " bytes=" + std::to_string(bytes) + "\n";
    for (const auto& [k, v] : counters.items()) {
      s += "counter " + k + " " + std::to_string(v) + "\n";
    }
  }
  return s;
}

Result<RunManifest> RunManifest::Parse(std::string_view text,
                                       const std::string& name) {
  RunManifest m;
  int n = 0;
  auto bad = [&](std::string_view what) {
    return DataError(name + ":" + std::to_string(n) + ": " + std::string(what));
  };
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    const std::string line(text.substr(pos, nl - pos));
    pos = nl + 1;
    ++n;
    if (n == 1) {
      if (line != kMagic) return bad("not a winnow run manifest");
      continue;
    }
    if (line.rfind("options ", 0) == 0) {
      m.options = line.substr(8);
    } else if (line.rfind("input ", 0) == 0) {
      m.inputs.push_back(line.substr(6));
    } else if (line.rfind("done boilerplate ", 0) == 0) {
      unsigned long long d = 0, r = 0, b = 0;
      char end = 0;
      if (std::sscanf(line.c_str(),
                      "done boilerplate docs=%llu rejected=%llu bytes=%llu%c",
                      &d, &r, &b, &end) != 3) {
        return bad("malformed done line");
      }
      m.done = true;
      m.docs = d;
      m.rejected = r;
      m.bytes = b;
    } else if (line.rfind("counter ", 0) == 0) {
      // The pass's counters follow the line that says it finished.
      if (!m.done) return bad("counter line before the done line");
      std::istringstream ss(line.substr(8));
      std::string counter;
      uint64_t v = 0;
      std::string rest;
      if (!(ss >> counter >> v) || (ss >> rest)) {
        return bad("malformed counter line");
      }
      m.counters.Add(counter, v);
    } else {
      return bad("unknown line");
    }
  }
  if (n == 0) return bad("empty");
  return m;
}

Result<RunManifest> RunManifest::Load(const std::string& path) {
  auto text = ReadWholeFile(path);
  if (!text.ok()) return text.status();
  return Parse(*text, path);
}

Status RunManifest::Save(const std::string& path) const {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << Text();
    out.flush();
    if (!out) return ErrnoError("cannot write " + tmp, errno);
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    return ErrnoError("cannot rename " + tmp, errno);
  }
  return OkStatus();
}

}  // namespace winnow::pipeline
