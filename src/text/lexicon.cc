#include "winnow/lexicon.h"

#define XXH_INLINE_ALL
#include <xxhash.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <future>

#include "winnow/byte_source.h"
#include "winnow/utf8.h"

namespace winnow {
namespace {

constexpr int kOffsetBits = 40;
constexpr int kLengthBits = 16;
constexpr uint64_t kOffsetMask = (uint64_t{1} << kOffsetBits) - 1;
constexpr uint64_t kLengthMask = (uint64_t{1} << kLengthBits) - 1;

uint64_t HashWord(std::string_view w) {
  return XXH3_64bits(w.data(), w.size());
}

// The slot's tag: the hash's top byte, so most probes of other words end
// without comparing bytes.
uint64_t Tag(uint64_t hash) { return hash >> 56; }

uint64_t Pack(uint64_t tag, size_t length, size_t offset) {
  return tag << (kOffsetBits + kLengthBits) |
         static_cast<uint64_t>(length) << kOffsetBits |
         (static_cast<uint64_t>(offset) + 1);
}

}  // namespace

Result<std::unique_ptr<Lexicon>> Lexicon::Load(
    const std::vector<std::string>& paths) {
  // Read every list first, so the table is sized once.
  std::vector<std::string> contents;
  size_t lines = 0;
  size_t bytes = 0;
  for (const std::string& path : paths) {
    auto content = ReadWholeFile(path, uint64_t{1} << 30);
    if (!content.ok()) {
      return content.status().WithPrefix("cannot read word list");
    }
    lines += static_cast<size_t>(
        std::count(content->begin(), content->end(), '\n') + 1);
    bytes += content->size();
    contents.push_back(std::move(*content));
  }
  auto lex = std::make_unique<Lexicon>();
  lex->Reserve(lines);
  lex->chars_.reserve(bytes);
  for (const std::string& content : contents) {
    std::string_view rest = content;
    while (!rest.empty()) {
      size_t nl = rest.find('\n');
      std::string_view line = rest.substr(0, nl);
      rest = nl == std::string_view::npos ? std::string_view()
                                          : rest.substr(nl + 1);
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

namespace {

// The default lexicon lives until the process ends. This pointer keeps it
// reachable after the future below is destroyed at exit (leak checkers
// count what static objects still point to).
const Lexicon* default_lexicon = nullptr;

const Lexicon* LoadDefault() {
  std::vector<std::string> present;
  for (const std::string& p : Lexicon::DefaultPaths()) {
    std::error_code ec;
    if (std::filesystem::exists(p, ec)) present.push_back(p);
  }
  auto loaded = Lexicon::Load(present);
  default_lexicon = loaded.ok() ? loaded->release() : new Lexicon();
  return default_lexicon;
}

// The load, started by the first caller of either function below.
std::shared_future<const Lexicon*>& DefaultLoad() {
  static std::shared_future<const Lexicon*> load =
      std::async(std::launch::async, LoadDefault).share();
  return load;
}

}  // namespace

const Lexicon& Lexicon::Default() { return *DefaultLoad().get(); }

void Lexicon::PreloadDefault() { DefaultLoad(); }

bool Lexicon::Contains(std::string_view word) const {
  if (slots_.empty() || word.size() > kMaxWordBytes) return false;
  const uint64_t h = HashWord(word);
  const uint64_t tag = Tag(h);
  const size_t mask = slots_.size() - 1;
  for (size_t i = h & mask;; i = (i + 1) & mask) {
    const uint64_t s = slots_[i];
    if (s == 0) return false;
    if (s >> (kOffsetBits + kLengthBits) != tag) continue;
    if (((s >> kOffsetBits) & kLengthMask) != word.size()) continue;
    const size_t offset = (s & kOffsetMask) - 1;
    if (std::memcmp(chars_.data() + offset, word.data(), word.size()) == 0) {
      return true;
    }
  }
}

void Lexicon::Reserve(size_t n) {
  // Load factor at most 1/2: linear probing stays short.
  size_t want = 16;
  while (want < 2 * (size_ + n)) want *= 2;
  if (want <= slots_.size()) return;
  std::vector<uint64_t> old = std::move(slots_);
  slots_.assign(want, 0);
  const size_t mask = want - 1;
  for (uint64_t s : old) {
    if (s == 0) continue;
    const size_t offset = (s & kOffsetMask) - 1;
    const size_t length = (s >> kOffsetBits) & kLengthMask;
    size_t i = HashWord(std::string_view(chars_).substr(offset, length)) & mask;
    while (slots_[i] != 0) i = (i + 1) & mask;
    slots_[i] = s;
  }
}

void Lexicon::InsertLowered(std::string_view word) {
  if (word.size() > kMaxWordBytes) return;
  if (2 * (size_ + 1) > slots_.size()) Reserve(std::max<size_t>(1, size_));
  const uint64_t h = HashWord(word);
  const uint64_t tag = Tag(h);
  const size_t mask = slots_.size() - 1;
  size_t i = h & mask;
  for (;; i = (i + 1) & mask) {
    const uint64_t s = slots_[i];
    if (s == 0) break;
    if (s >> (kOffsetBits + kLengthBits) == tag &&
        ((s >> kOffsetBits) & kLengthMask) == word.size() &&
        std::memcmp(chars_.data() + (s & kOffsetMask) - 1, word.data(),
                    word.size()) == 0) {
      return;  // already present
    }
  }
  slots_[i] = Pack(tag, word.size(), chars_.size());
  chars_.append(word);
  ++size_;
}

void Lexicon::Add(std::string_view word) {
  if (!IsAscii(word)) {
    InsertLowered(LowercaseUtf8(word));
    return;
  }
  char small[64];
  std::string large;
  char* w = small;
  if (word.size() > sizeof(small)) {
    large.resize(word.size());
    w = large.data();
  }
  for (size_t i = 0; i < word.size(); ++i) {
    char c = word[i];
    w[i] = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  }
  InsertLowered(std::string_view(w, word.size()));
}

}  // namespace winnow
