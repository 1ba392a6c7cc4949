// warc.h — web pages from WARC files (ISO 28500: WARC/1.0 and WARC/1.1).
//
// A WARC file is a sequence of records, each a "WARC/1.x" line, named
// header fields, a blank line, a block of exactly Content-Length bytes,
// and two CRLFs. Crawlers write one gzip member per record (.warc.gz);
// winnow reads .warc, .warc.gz and .warc.zst as one decompressed stream.
//
// Reading is split like every input (reader.h): the serial stage cuts the
// stream into records (WarcSplitter: header fields kept, block not looked
// into beyond the HTTP status line and Content-Type), and the parallel
// stage parses each record (ParseWarcRecord): WARC fields, the HTTP
// response inside it, chunked transfer coding, gzip or deflate content
// coding. Only records that hold a web page become documents: "response"
// records whose HTTP status is 2xx and whose Content-Type is HTML (or
// absent), and "resource" records of an HTML type. Others are counted
// (warc.records_skipped) and passed over.
//
//   winnow::WarcSplitter split(source.get(), "crawl.warc.gz", 256 << 20);
//   for (;;) {
//     auto item = split.Next();
//     if (item.kind == winnow::WarcSplitter::Kind::kEnd) break;
//     ...
//   }
//
// Failure. A record whose Content-Length lies (the block does not end in a
// blank line followed by the next record or the end of the file), a
// header section that never ends, or bytes that are not a record are
// per-record errors naming the file and the record's byte offset in the
// decompressed stream; the splitter then resynchronizes on the next line
// starting with "WARC/1." at or after the bad record's block, so no good
// record is lost and no lie can make it read past the record limit. A
// broken compressed stream ends the file (kStreamError).
//
// Cost: the serial stage copies each record once and scans its header;
// memory is the largest record plus 256 KiB.
#ifndef WINNOW_WARC_H_
#define WINNOW_WARC_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "winnow/byte_source.h"
#include "winnow/status.h"

namespace winnow {

class WarcSplitter {
 public:
  enum class Kind {
    kRecord,       // a record holding a web page: `bytes` is the record
    kSkipped,      // a record without a web page (counted, not returned)
    kRecordError,  // a malformed record: `status` says why
    kStreamError,  // the input cannot be read further: `status` says why
    kEnd,
  };
  struct Item {
    Kind kind = Kind::kEnd;
    uint64_t offset = 0;     // of the record in the decompressed stream
    std::string_view bytes;  // kRecord: header + block; valid until Next()
    std::string_view header; // kRecordError: the header bytes, if any
    Status status;
  };

  // `source` is not owned; `name` is how messages name the file.
  WarcSplitter(ByteSource* source, std::string name,
               uint64_t max_record_bytes);

  Item Next();

 private:
  void Compact();          // drops consumed bytes
  bool Fill(size_t want);  // false: end of input (or error kept in error_)
  Item Resync(uint64_t from, Item error);
  uint64_t OffsetOf(size_t pos) const { return base_ + pos; }

  ByteSource* source_;
  std::string name_;
  uint64_t max_record_bytes_;
  std::string buf_;
  std::string header_copy_;  // header of the last bad record
  size_t pos_ = 0;     // first unconsumed byte of buf_
  uint64_t base_ = 0;  // stream offset of buf_[0]
  bool eof_ = false;
  Status error_;
};

// What the parallel stage reads from one record.
struct WarcPage {
  std::string type;          // WARC-Type
  std::string target_uri;    // WARC-Target-URI
  std::string date;          // WARC-Date
  std::string record_id;     // WARC-Record-ID, without "<" and ">"
  int http_status = 0;       // 0 for resource records
  std::string content_type;  // of the payload (HTTP header, or the record)
  std::string body;          // the payload, de-chunked and decompressed
};

// Parses a record returned by WarcSplitter (kRecord). `max_body_bytes`
// bounds the decompressed payload. Errors (DataError) say what is wrong
// without naming the record; the caller adds its location.
Status ParseWarcRecord(std::string_view record, uint64_t max_body_bytes,
                       WarcPage* page);

// HTTP/1.x chunked transfer coding (RFC 9112 section 7.1) removed.
Status DecodeChunked(std::string_view body, uint64_t max_bytes,
                     std::string* out);

// gzip (RFC 1952), zlib or raw deflate (RFC 1950/1951) content decoded.
Status InflateBody(std::string_view body, uint64_t max_bytes,
                   std::string* out);

// The value of header field `name` (case-insensitive) in a block of
// "Name: value" lines; "" when absent. Continuation lines are not joined.
std::string_view HeaderValue(std::string_view headers, std::string_view name);

}  // namespace winnow

#endif  // WINNOW_WARC_H_
