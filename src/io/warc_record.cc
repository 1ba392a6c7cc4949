// Parsing one WARC record: WARC fields, the HTTP response, transfer and
// content codings.
#include <zlib.h>

#include <algorithm>

#include "winnow/warc.h"

namespace winnow {
namespace {

char Lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool ContainsIgnoreCase(std::string_view hay, std::string_view needle) {
  if (needle.size() > hay.size()) return false;
  for (size_t i = 0; i + needle.size() <= hay.size(); ++i) {
    size_t k = 0;
    while (k < needle.size() && Lower(hay[i + k]) == Lower(needle[k])) ++k;
    if (k == needle.size()) return true;
  }
  return false;
}

// Splits "header\r\n\r\nbody" (or LF-only); false when there is no blank
// line.
bool SplitHead(std::string_view s, std::string_view* head,
               std::string_view* body) {
  size_t f = s.find("\r\n\r\n");
  size_t g = s.find("\n\n");
  if (f == std::string_view::npos && g == std::string_view::npos) return false;
  if (f != std::string_view::npos && (g == std::string_view::npos || f < g)) {
    *head = s.substr(0, f + 2);
    *body = s.substr(f + 4);
  } else {
    *head = s.substr(0, g + 1);
    *body = s.substr(g + 2);
  }
  return true;
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = Lower(c);
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

}  // namespace

Status DecodeChunked(std::string_view body, uint64_t max_bytes,
                     std::string* out) {
  out->clear();
  size_t i = 0;
  for (;;) {
    size_t eol = body.find('\n', i);
    if (eol == std::string_view::npos) {
      return DataError("chunked body ends inside a chunk size line");
    }
    uint64_t size = 0;
    size_t k = i;
    int digits = 0;
    while (k < eol && HexDigit(body[k]) >= 0) {
      if (++digits > 15) return DataError("chunk size too large");
      size = size * 16 + static_cast<uint64_t>(HexDigit(body[k]));
      ++k;
    }
    if (digits == 0) {
      return DataError("bad chunk size line at byte " + std::to_string(i) +
                       " of the HTTP body");
    }
    i = eol + 1;
    if (size == 0) return OkStatus();  // trailers ignored
    if (size > body.size() - i) {
      // A truncated capture: keep what there is.
      if (out->size() + (body.size() - i) > max_bytes) {
        return ResourceExhausted("de-chunked body exceeds " +
                                 std::to_string(max_bytes) + " bytes");
      }
      out->append(body.substr(i));
      return OkStatus();
    }
    if (out->size() + size > max_bytes) {
      return ResourceExhausted("de-chunked body exceeds " +
                               std::to_string(max_bytes) + " bytes");
    }
    out->append(body.substr(i, size));
    i += size;
    if (i < body.size() && body[i] == '\r') ++i;
    if (i < body.size() && body[i] == '\n') ++i;
    if (i >= body.size()) return OkStatus();
  }
}

Status InflateBody(std::string_view body, uint64_t max_bytes,
                   std::string* out) {
  out->clear();
  z_stream z{};
  // 15 + 32: gzip or zlib header, detected. Raw deflate is retried below.
  bool raw = false;
  for (int attempt = 0; attempt < 2; ++attempt) {
    z = z_stream{};
    if (inflateInit2(&z, raw ? -15 : 15 + 32) != Z_OK) {
      return InternalError("zlib initialization failed");
    }
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(body.data()));
    z.avail_in = static_cast<uInt>(std::min<size_t>(body.size(), UINT32_MAX));
    out->clear();
    int r = Z_OK;
    char buf[65536];
    while (r == Z_OK) {
      z.next_out = reinterpret_cast<Bytef*>(buf);
      z.avail_out = sizeof buf;
      r = inflate(&z, Z_NO_FLUSH);
      size_t got = sizeof buf - z.avail_out;
      if (out->size() + got > max_bytes) {
        inflateEnd(&z);
        return ResourceExhausted("decompressed body exceeds " +
                                 std::to_string(max_bytes) + " bytes");
      }
      out->append(buf, got);
      if (r == Z_BUF_ERROR && z.avail_in == 0) break;  // truncated: keep
      if (r == Z_BUF_ERROR) r = Z_OK;
    }
    inflateEnd(&z);
    if (r == Z_STREAM_END || (r == Z_BUF_ERROR && !out->empty())) {
      return OkStatus();
    }
    if (r == Z_DATA_ERROR && attempt == 0 && out->empty()) {
      raw = true;
      continue;
    }
    if (!out->empty()) return OkStatus();  // corrupt tail: keep the head
    return DataError(std::string("content coding: cannot decompress (") +
                     (z.msg ? z.msg : "corrupt data") + ")");
  }
  return DataError("content coding: cannot decompress");
}

Status ParseWarcRecord(std::string_view record, uint64_t max_body_bytes,
                       WarcPage* page) {
  *page = WarcPage();
  std::string_view header, block;
  if (!SplitHead(record, &header, &block)) {
    return DataError("WARC record without a blank line after its header");
  }
  page->type = std::string(HeaderValue(header, "WARC-Type"));
  std::string_view uri = HeaderValue(header, "WARC-Target-URI");
  if (uri.size() >= 2 && uri.front() == '<' && uri.back() == '>') {
    uri = uri.substr(1, uri.size() - 2);  // WARC/1.0 examples bracket it
  }
  page->target_uri = std::string(uri);
  page->date = std::string(HeaderValue(header, "WARC-Date"));
  std::string_view id = HeaderValue(header, "WARC-Record-ID");
  if (id.size() >= 2 && id.front() == '<' && id.back() == '>') {
    id = id.substr(1, id.size() - 2);
  }
  page->record_id = std::string(id);

  if (page->type != "response") {
    page->content_type = std::string(HeaderValue(header, "Content-Type"));
    if (block.size() > max_body_bytes) {
      return ResourceExhausted("record block exceeds " +
                               std::to_string(max_body_bytes) + " bytes");
    }
    page->body = std::string(block);
    return OkStatus();
  }
  std::string_view http_head, body;
  if (!SplitHead(block, &http_head, &body)) {
    return DataError("HTTP response without a blank line after its header");
  }
  // Status line: "HTTP/1.1 200 OK".
  size_t sp = http_head.find(' ');
  if (http_head.substr(0, 5) != "HTTP/" || sp == std::string_view::npos) {
    return DataError("HTTP response without a status line");
  }
  int status = 0;
  for (size_t i = sp + 1; i < http_head.size() && i < sp + 4; ++i) {
    if (http_head[i] < '0' || http_head[i] > '9') break;
    status = status * 10 + (http_head[i] - '0');
  }
  page->http_status = status;
  page->content_type = std::string(HeaderValue(http_head, "Content-Type"));
  std::string_view te = HeaderValue(http_head, "Transfer-Encoding");
  std::string_view ce = HeaderValue(http_head, "Content-Encoding");
  std::string dechunked;
  if (ContainsIgnoreCase(te, "chunked")) {
    Status st = DecodeChunked(body, max_body_bytes, &dechunked);
    if (!st.ok()) return st.WithPrefix("HTTP transfer coding");
    body = dechunked;
  }
  if (ContainsIgnoreCase(ce, "gzip") || ContainsIgnoreCase(ce, "deflate")) {
    std::string inflated;
    Status st = InflateBody(body, max_body_bytes, &inflated);
    if (!st.ok()) return st;
    page->body = std::move(inflated);
    return OkStatus();
  }
  if (!ce.empty() && !ContainsIgnoreCase(ce, "identity")) {
    return DataError("HTTP content coding \"" + std::string(ce.substr(0, 40)) +
                     "\" is not supported (gzip and deflate are)");
  }
  if (body.size() > max_body_bytes) {
    return ResourceExhausted("HTTP body exceeds " +
                             std::to_string(max_body_bytes) + " bytes");
  }
  page->body = std::string(body);
  return OkStatus();
}

}  // namespace winnow
