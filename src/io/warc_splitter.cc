// WarcSplitter: cutting a decompressed WARC stream into records.
#include <algorithm>
#include <cstring>

#include "winnow/warc.h"

namespace winnow {
namespace {

constexpr size_t kReadSize = 256 * 1024;
constexpr size_t kMaxHeaderBytes = 1 << 20;
constexpr std::string_view kMagic = "WARC/1.";

char Lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool StartsWithIgnoreCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (Lower(s[i]) != Lower(prefix[i])) return false;
  }
  return true;
}

bool ParseLength(std::string_view v, uint64_t* out) {
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
  while (!v.empty() && (v.back() == ' ' || v.back() == '\t' || v.back() == '\r')) {
    v.remove_suffix(1);
  }
  if (v.empty() || v.size() > 19) return false;
  uint64_t x = 0;
  for (char c : v) {
    if (c < '0' || c > '9') return false;
    x = x * 10 + static_cast<uint64_t>(c - '0');
  }
  *out = x;
  return true;
}

// Whether the record holds a web page: a response with a 2xx status and
// an HTML (or no) Content-Type, or an HTML resource. Looks only at the
// WARC header and the HTTP header at the start of the block.
bool HoldsPage(std::string_view header, std::string_view block) {
  std::string_view type = HeaderValue(header, "WARC-Type");
  if (StartsWithIgnoreCase(type, "resource")) {
    std::string_view ct = HeaderValue(header, "Content-Type");
    return StartsWithIgnoreCase(ct, "text/html") ||
           StartsWithIgnoreCase(ct, "application/xhtml");
  }
  if (!StartsWithIgnoreCase(type, "response")) return false;
  if (!StartsWithIgnoreCase(block, "HTTP/")) return false;
  size_t sp = block.find(' ');
  if (sp == std::string_view::npos || sp > 16 || sp + 1 >= block.size() ||
      block[sp + 1] != '2') {
    return false;
  }
  std::string_view http = block.substr(0, std::min<size_t>(block.size(), 65536));
  size_t end = http.find("\r\n\r\n");
  if (end == std::string_view::npos) end = http.find("\n\n");
  if (end != std::string_view::npos) http = http.substr(0, end);
  std::string_view ct = HeaderValue(http, "Content-Type");
  return ct.empty() || StartsWithIgnoreCase(ct, "text/html") ||
         StartsWithIgnoreCase(ct, "application/xhtml");
}

}  // namespace

std::string_view HeaderValue(std::string_view headers, std::string_view name) {
  size_t i = 0;
  while (i < headers.size()) {
    size_t e = headers.find('\n', i);
    if (e == std::string_view::npos) e = headers.size();
    std::string_view line = headers.substr(i, e - i);
    if (line.size() > name.size() && line[name.size()] == ':' &&
        StartsWithIgnoreCase(line, name)) {
      std::string_view v = line.substr(name.size() + 1);
      while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) {
        v.remove_prefix(1);
      }
      while (!v.empty() && (v.back() == '\r' || v.back() == ' ')) {
        v.remove_suffix(1);
      }
      return v;
    }
    i = e + 1;
  }
  return "";
}

WarcSplitter::WarcSplitter(ByteSource* source, std::string name,
                           uint64_t max_record_bytes)
    : source_(source),
      name_(std::move(name)),
      max_record_bytes_(max_record_bytes) {}

void WarcSplitter::Compact() {
  if (pos_ > 0 && pos_ >= buf_.size() / 2) {
    buf_.erase(0, pos_);
    base_ += pos_;
    pos_ = 0;
  }
}

bool WarcSplitter::Fill(size_t want) {
  while (buf_.size() - pos_ < want) {
    if (eof_) return false;
    size_t old = buf_.size();
    size_t chunk = std::max(kReadSize, want - (buf_.size() - pos_));
    buf_.resize(old + chunk);
    auto n = source_->Read(buf_.data() + old, chunk);
    if (!n.ok()) {
      buf_.resize(old);
      eof_ = true;
      error_ = n.status();
      return false;
    }
    buf_.resize(old + *n);
    if (*n == 0) eof_ = true;
  }
  return true;
}

// Reports `error` and moves to the next line starting with "WARC/1." at or
// after stream offset `from`, reading (and dropping) bytes as needed.
WarcSplitter::Item WarcSplitter::Resync(uint64_t from, Item error) {
  size_t p = static_cast<size_t>(from - base_);
  if (p < pos_) p = pos_;
  for (;;) {
    std::string_view view(buf_);
    size_t hit = std::string_view::npos;
    for (size_t q = p; q + kMagic.size() <= view.size();) {
      size_t f = view.find(kMagic, q);
      if (f == std::string_view::npos) break;
      if (f == 0 || view[f - 1] == '\n') {
        hit = f;
        break;
      }
      q = f + 1;
    }
    if (hit != std::string_view::npos) {
      pos_ = hit;
      return error;
    }
    // Keep the last few bytes: the magic may straddle two reads.
    size_t keep = std::min(buf_.size(), kMagic.size());
    pos_ = buf_.size() - keep;
    Compact();
    if (!Fill(buf_.size() - pos_ + 1)) {
      pos_ = buf_.size();
      return error;
    }
    p = pos_;
  }
}

WarcSplitter::Item WarcSplitter::Next() {
  Item item;
  for (;;) {
    Compact();
    // Blank lines between records are tolerated.
    for (;;) {
      if (!Fill(1)) {
        if (!error_.ok()) {
          item.kind = Kind::kStreamError;
          item.offset = OffsetOf(pos_);
          item.status = error_;
          error_ = Status();
          return item;
        }
        item.kind = Kind::kEnd;
        return item;
      }
      char c = buf_[pos_];
      if (c != '\r' && c != '\n') break;
      ++pos_;
    }
    const size_t start = pos_;
    const uint64_t offset = OffsetOf(start);
    auto fail = [&](std::string what, uint64_t resync_from,
                    size_t header_bytes) {
      Item e;
      e.kind = Kind::kRecordError;
      e.offset = offset;
      e.status = DataError(name_ + ": byte " + std::to_string(offset) + ": " +
                           what);
      // Keep the header for the rejects file (copied: the buffer moves).
      header_copy_.assign(buf_, start,
                          std::min(header_bytes, buf_.size() - start));
      e.header = header_copy_;
      return Resync(resync_from, e);
    };
    Fill(kMagic.size());
    if (std::string_view(buf_).substr(pos_, kMagic.size()) != kMagic) {
      return fail("expected a WARC record (a line \"WARC/1.0\" or "
                  "\"WARC/1.1\"), found other bytes; skipped to the next "
                  "record",
                  offset + 1, 0);
    }
    // The header ends at the first blank line.
    size_t header_end = std::string::npos, block_start = 0;
    size_t scanned = start;
    for (;;) {
      std::string_view view(buf_);
      size_t f = view.find("\r\n\r\n", scanned);
      size_t g = view.find("\n\n", scanned);
      if (f != std::string_view::npos && (g == std::string_view::npos || f < g)) {
        header_end = f + 2;
        block_start = f + 4;
        break;
      }
      if (g != std::string_view::npos) {
        header_end = g + 1;
        block_start = g + 2;
        break;
      }
      scanned = buf_.size() > start + 3 ? buf_.size() - 3 : start;
      if (buf_.size() - start > kMaxHeaderBytes) {
        return fail("WARC header longer than " +
                        std::to_string(kMaxHeaderBytes) +
                        " bytes (no blank line); skipped to the next record",
                    offset + 1, 4096);
      }
      size_t have = buf_.size() - pos_;
      if (!Fill(have + 1)) {
        return fail("WARC header cut off by the end of the input", offset + 1,
                    4096);
      }
    }
    // Fill may have moved the buffer: recompute from pos_.
    const size_t header_size = header_end - pos_;
    const size_t block_offset = block_start - pos_;
    std::string header = buf_.substr(pos_, header_size);
    uint64_t length = 0;
    std::string_view length_value = HeaderValue(header, "Content-Length");
    if (!ParseLength(length_value, &length)) {
      return fail(length_value.empty()
                      ? "WARC record has no Content-Length"
                      : "WARC record has an invalid Content-Length \"" +
                            std::string(length_value.substr(0, 40)) + "\"",
                  offset + 1, header_size);
    }
    if (length > max_record_bytes_) {
      return fail("WARC record Content-Length " + std::to_string(length) +
                      " is larger than the record limit of " +
                      std::to_string(max_record_bytes_) +
                      " bytes (--max-record-bytes); skipped",
                  offset + block_offset, header_size);
    }
    const size_t need = block_offset + static_cast<size_t>(length);
    if (!Fill(need)) {
      if (!error_.ok()) {
        item.kind = Kind::kStreamError;
        item.offset = offset;
        item.status = error_;
        error_ = Status();
        pos_ = buf_.size();
        return item;
      }
      uint64_t have = buf_.size() - pos_ - block_offset;
      return fail("WARC record Content-Length " + std::to_string(length) +
                      " runs past the end of the input (" +
                      std::to_string(have) + " bytes follow the header)",
                  offset + block_offset, header_size);
    }
    // After the block: CRLF CRLF, then the next record or the end. A lying
    // Content-Length lands elsewhere.
    // (Writers differ in the blank lines they put between records: up to
    // 64 line ends are accepted.)
    Fill(need + 64 + kMagic.size());
    std::string_view after = std::string_view(buf_).substr(pos_ + need);
    size_t skip = 0;
    while (skip < after.size() && skip < 64 &&
           (after[skip] == '\r' || after[skip] == '\n')) {
      ++skip;
    }
    std::string_view rest = after.substr(skip);
    bool boundary = skip > 0 && (rest.empty() ? eof_ : rest.substr(0, kMagic.size()) ==
                                                            kMagic.substr(0, std::min(rest.size(), kMagic.size())));
    if (!boundary) {
      return fail("WARC record Content-Length " + std::to_string(length) +
                      " does not end at a record boundary (the length is "
                      "wrong or the record is damaged); skipped to the next "
                      "record",
                  offset + block_offset, header_size);
    }
    item.offset = offset;
    item.bytes = std::string_view(buf_).substr(pos_, need);
    std::string_view block = item.bytes.substr(block_offset);
    pos_ += need + skip;
    if (HoldsPage(header, block)) {
      item.kind = Kind::kRecord;
      return item;
    }
    item.kind = Kind::kSkipped;
    item.bytes = {};
    return item;
  }
}

}  // namespace winnow
