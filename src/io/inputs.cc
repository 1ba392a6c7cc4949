// Expanding input paths, naming formats, and URL hosts.
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <system_error>

#include "winnow/reader.h"

namespace winnow {
namespace fs = std::filesystem;

std::string_view InputFormatName(InputFormat f) {
  switch (f) {
    case InputFormat::kAuto: return "auto";
    case InputFormat::kText: return "text";
    case InputFormat::kJsonl: return "jsonl";
    case InputFormat::kHtml: return "html";
    case InputFormat::kWarc: return "warc";
  }
  return "?";
}

Result<InputFormat> ParseInputFormat(std::string_view name) {
  if (name == "auto") return InputFormat::kAuto;
  if (name == "text") return InputFormat::kText;
  if (name == "jsonl") return InputFormat::kJsonl;
  if (name == "html") return InputFormat::kHtml;
  if (name == "warc") return InputFormat::kWarc;
  return InvalidArgument("unknown input format \"" + std::string(name) +
                         "\" (expected auto, text, jsonl, html or warc)");
}

namespace {

bool EndsWith(std::string_view s, std::string_view suffix) {
  if (s.size() < suffix.size()) return false;
  for (size_t i = 0; i < suffix.size(); ++i) {
    char a = s[s.size() - suffix.size() + i];
    if (a >= 'A' && a <= 'Z') a = static_cast<char>(a - 'A' + 'a');
    if (a != suffix[i]) return false;
  }
  return true;
}

InputFormat FormatFromName(std::string_view name) {
  for (std::string_view z : {".gz", ".gzip", ".zst", ".zstd"}) {
    if (EndsWith(name, z)) {
      name.remove_suffix(z.size());
      break;
    }
  }
  for (std::string_view j : {".jsonl", ".ndjson", ".json"}) {
    if (EndsWith(name, j)) return InputFormat::kJsonl;
  }
  for (std::string_view t : {".txt", ".text"}) {
    if (EndsWith(name, t)) return InputFormat::kText;
  }
  for (std::string_view h : {".html", ".htm", ".xhtml"}) {
    if (EndsWith(name, h)) return InputFormat::kHtml;
  }
  if (EndsWith(name, ".warc")) return InputFormat::kWarc;
  return InputFormat::kAuto;
}

}  // namespace

Result<std::vector<InputFile>> ExpandInputs(
    const std::vector<std::string>& paths, const ReaderOptions& options) {
  std::vector<InputFile> out;
  auto format_for = [&](std::string_view name) {
    return options.format != InputFormat::kAuto ? options.format
                                                : FormatFromName(name);
  };
  for (const std::string& path : paths) {
    if (path == "-") {
      out.push_back({"-", "-", "-", "-", options.format, 0});
      continue;
    }
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
      return Status(errno == ENOENT ? ErrorCode::kNotFound
                                    : ErrorCode::kIoError,
                    path + ": " + std::generic_category().message(errno));
    }
    if (!S_ISDIR(st.st_mode)) {
      out.push_back({path, path, path, path, format_for(path),
                     S_ISREG(st.st_mode) ? static_cast<uint64_t>(st.st_size)
                                         : 0});
      continue;
    }
    std::vector<InputFile> found;
    std::error_code ec;
    fs::recursive_directory_iterator it(path, ec), end;
    if (ec) return IoError(path + ": cannot list directory: " + ec.message());
    for (; it != end; it.increment(ec)) {
      if (ec) {
        return IoError(path + ": cannot list directory: " + ec.message());
      }
      const fs::path& p = it->path();
      std::string base = p.filename().string();
      if (!base.empty() && base[0] == '.') {
        if (it->is_directory(ec)) it.disable_recursion_pending();
        continue;
      }
      if (!it->is_regular_file(ec)) continue;
      std::string rel = p.lexically_relative(path).generic_string();
      std::string full = p.string();
      uint64_t size = it->file_size(ec);
      if (ec) size = 0;
      found.push_back({full, full, rel, path, format_for(base), size});
    }
    std::sort(found.begin(), found.end(),
              [](const InputFile& a, const InputFile& b) { return a.id < b.id; });
    for (auto& f : found) out.push_back(std::move(f));
  }
  return out;
}

std::string UrlHost(std::string_view url) {
  size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) {
    if (url.substr(0, 2) != "//") return "";
    scheme = 0;
    url.remove_prefix(2);
  } else {
    url.remove_prefix(scheme + 3);
  }
  size_t end = url.find_first_of("/?#");
  std::string_view auth = url.substr(0, end);
  size_t at = auth.rfind('@');
  if (at != std::string_view::npos) auth.remove_prefix(at + 1);
  if (!auth.empty() && auth[0] == '[') {  // IPv6 literal
    size_t close = auth.find(']');
    auth = auth.substr(0, close == std::string_view::npos ? auth.size()
                                                          : close + 1);
  } else {
    size_t colon = auth.find(':');
    if (colon != std::string_view::npos) auth = auth.substr(0, colon);
  }
  std::string host(auth);
  for (char& c : host) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  if (!host.empty() && host.back() == '.') host.pop_back();
  return host;
}

Result<std::string> InputFingerprint(const InputFile& f) {
  if (f.path == "-") return std::string("stdin");
  struct stat st {};
  if (::stat(f.path.c_str(), &st) != 0) {
    return ErrnoError("cannot stat " + f.name, errno);
  }
  char buf[64];
  std::snprintf(buf, sizeof buf, "%lld %lld.%09ld ",
                static_cast<long long>(st.st_size),
                static_cast<long long>(st.st_mtim.tv_sec),
                static_cast<long>(st.st_mtim.tv_nsec));
  std::string name = f.name;
  for (char& ch : name) {
    if (ch == ' ' || ch == '\n') ch = '_';
  }
  return std::string(buf) + name;
}

}  // namespace winnow
