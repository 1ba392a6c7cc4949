#include "winnow/lexicon.h"

#include <utf8proc.h>

#include <filesystem>

#include "winnow/byte_source.h"
#include "winnow/utf8.h"

namespace winnow {
namespace {

std::string Lower(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    uint32_t cp;
    size_t len = DecodeUtf8(s, i, &cp);
    if (len == 0) {
      ++i;
      continue;
    }
    AppendUtf8(&out, static_cast<uint32_t>(
                         utf8proc_tolower(static_cast<utf8proc_int32_t>(cp))));
    i += len;
  }
  return out;
}

}  // namespace

Result<std::unique_ptr<Lexicon>> Lexicon::Load(
    const std::vector<std::string>& paths) {
  auto lex = std::make_unique<Lexicon>();
  for (const std::string& path : paths) {
    auto content = ReadWholeFile(path, uint64_t{1} << 30);
    if (!content.ok()) {
      return content.status().WithPrefix("cannot read word list");
    }
    std::string_view rest = *content;
    while (!rest.empty()) {
      size_t nl = rest.find('\n');
      std::string_view line = rest.substr(0, nl);
      rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
      while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) {
        line.remove_suffix(1);
      }
      if (line.empty() || line.find('\'') != std::string_view::npos) continue;
      lex->Add(line);
    }
  }
  return lex;
}

const std::vector<std::string>& Lexicon::DefaultPaths() {
  static const std::vector<std::string> paths = {
      "/usr/share/dict/american-english", "/usr/share/dict/british-english"};
  return paths;
}

const Lexicon& Lexicon::Default() {
  static const Lexicon* lexicon = [] {
    std::vector<std::string> present;
    for (const std::string& p : DefaultPaths()) {
      std::error_code ec;
      if (std::filesystem::exists(p, ec)) present.push_back(p);
    }
    auto loaded = Load(present);
    return loaded.ok() ? loaded->release() : new Lexicon();
  }();
  return *lexicon;
}

bool Lexicon::Contains(std::string_view word) const {
  return words_.find(word) != words_.end();
}

void Lexicon::Add(std::string_view word) {
  if (IsAscii(word)) {
    std::string w(word);
    for (char& c : w) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    words_.insert(std::move(w));
  } else {
    words_.insert(Lower(word));
  }
}

}  // namespace winnow
