// RepeatIndex::Save and Load: the index of pass 1 in a file.
//
//   "winnow-repeats1\n"   16 bytes
//   pairs, wides          u64 each
//   Stats                 7 x u64
//   pairs                 (paragraph u64, source u64, docs u32) each
//   wides                 (paragraph u64, docs u32, sources u32) each
//   checksum              u64, XXH3 of everything before it
//
// Little-endian, as written by the machines winnow runs on.
#include <xxhash.h>

#include <cstring>

#include "core/pack.h"
#include "winnow/byte_source.h"
#include "winnow/paragraph_repeats.h"
#include "winnow/writer.h"

namespace winnow {
namespace {

constexpr char kMagic[16] = {'w', 'i', 'n', 'n', 'o', 'w', '-', 'r',
                             'e', 'p', 'e', 'a', 't', 's', '1', '\n'};
constexpr size_t kHeader = 16 + 2 * 8 + 7 * 8;
constexpr size_t kPairBytes = 20;
constexpr size_t kWideBytes = 16;

template <typename T>
void Put(std::string* out, T v) { PutRaw(out, v); }
template <typename T>
T Get(const char* p) { return GetRaw<T>(p); }

}  // namespace

Status RepeatIndex::Save(const std::string& path) const {
  std::string b;
  b.reserve(kHeader + pairs_.size() * kPairBytes + wide_.size() * kWideBytes +
            8);
  b.append(kMagic, sizeof kMagic);
  Put<uint64_t>(&b, pairs_.size());
  Put<uint64_t>(&b, wide_.size());
  for (uint64_t v : {stats_.documents, stats_.occurrences, stats_.distinct_pairs,
                     stats_.repeated_pairs, stats_.corpus_repeats,
                     stats_.runs_spilled, stats_.bytes_spilled}) {
    Put<uint64_t>(&b, v);
  }
  for (const Pair& p : pairs_) {
    Put<uint64_t>(&b, p.paragraph);
    Put<uint64_t>(&b, p.source);
    Put<uint32_t>(&b, p.docs);
  }
  for (const Wide& w : wide_) {
    Put<uint64_t>(&b, w.paragraph);
    Put<uint32_t>(&b, w.docs);
    Put<uint32_t>(&b, w.sources);
  }
  Put<uint64_t>(&b, XXH3_64bits(b.data(), b.size()));
  OutputOptions o;
  o.sync = false;  // a work file: the job's manifest says when it is whole
  auto out = OutputFile::Create(path, o);
  if (!out.ok()) return out.status();
  WINNOW_RETURN_IF_ERROR((*out)->Write(b));
  return (*out)->Commit();
}

Result<RepeatIndex> RepeatIndex::Load(const std::string& path,
                                      const RepeatOptions& options) {
  auto data = ReadWholeFile(path);
  if (!data.ok()) return data.status();
  const std::string& b = *data;
  auto bad = [&](std::string_view what) {
    return DataError(path + ": not a whole repeat index: " + std::string(what));
  };
  if (b.size() < kHeader + 8 || std::memcmp(b.data(), kMagic, 16) != 0) {
    return bad("no header");
  }
  const uint64_t np = Get<uint64_t>(b.data() + 16);
  const uint64_t nw = Get<uint64_t>(b.data() + 24);
  if (np > b.size() / kPairBytes || nw > b.size() / kWideBytes ||
      np >= (uint64_t{1} << 31) ||
      b.size() != kHeader + np * kPairBytes + nw * kWideBytes + 8) {
    return bad("its size does not match its counts");
  }
  if (Get<uint64_t>(b.data() + b.size() - 8) !=
      XXH3_64bits(b.data(), b.size() - 8)) {
    return bad("checksum mismatch");
  }
  Stats st;
  const char* p = b.data() + 32;
  uint64_t* fields[] = {&st.documents,      &st.occurrences,
                        &st.distinct_pairs, &st.repeated_pairs,
                        &st.corpus_repeats, &st.runs_spilled,
                        &st.bytes_spilled};
  for (uint64_t* f : fields) {
    *f = Get<uint64_t>(p);
    p += 8;
  }
  std::vector<Pair> pairs(np);
  for (Pair& x : pairs) {
    x.paragraph = Get<uint64_t>(p);
    x.source = Get<uint64_t>(p + 8);
    x.docs = Get<uint32_t>(p + 16);
    p += kPairBytes;
  }
  std::vector<Wide> wide(nw);
  for (Wide& w : wide) {
    w.paragraph = Get<uint64_t>(p);
    w.docs = Get<uint32_t>(p + 8);
    w.sources = Get<uint32_t>(p + 12);
    p += kWideBytes;
  }
  // The lookups binary-search: the order must hold.
  for (size_t i = 1; i < pairs.size(); ++i) {
    const Pair& a = pairs[i - 1];
    const Pair& c = pairs[i];
    if (a.paragraph > c.paragraph ||
        (a.paragraph == c.paragraph && a.source >= c.source)) {
      return bad("pairs out of order");
    }
  }
  for (size_t i = 1; i < wide.size(); ++i) {
    if (wide[i - 1].paragraph >= wide[i].paragraph) {
      return bad("corpus-wide repeats out of order");
    }
  }
  return RepeatIndex(options, std::move(pairs), std::move(wide), st);
}

}  // namespace winnow
