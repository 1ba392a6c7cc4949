// The run job's work-file line: what is written is read back unchanged
// (every stored value, floats to the bit), read as a JSONL record it gives
// the same paragraphs, and a damaged line is an error naming where it is.
#include "pipeline/capture_record.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <cstring>
#include <limits>
#include <random>

#include "io/base64.h"
#include "test_util.h"
#include "winnow/byte_source.h"
#include "winnow/json.h"
#include "winnow/paragraph_repeats.h"
#include "winnow/reader.h"

namespace winnow::pipeline {
namespace {

PreparedDoc TwoParagraphs() {
  PreparedDoc p;
  p.clean.text = "Dear readers,\nA story.";
  p.clean.paragraphs = {{0, 13, 5, 18}, {14, 22, 20, 28}};
  p.paragraphs.resize(2);
  p.paragraphs[0].hash = 0xFEDCBA9876543210ull;
  p.paragraphs[0].words = 2;
  ParagraphEvidence& a = p.paragraphs[0].evidence;
  a.quality = ParagraphQuality::kShort;
  a.cls = BoilerplateClass::kAppeal;
  a.score = 0.8125f;
  a.rule = "cue.appeal[dear readers]";
  a.words = 2;
  ParagraphEvidence& b = p.paragraphs[1].evidence;
  b.quality = ParagraphQuality::kNearGood;
  b.weak = 0.1f;
  b.weak_cls = BoilerplateClass::kShare;
  b.weak_rule = "feature.link-tokens";
  b.words = 2;
  b.sentence_ends = 1;
  p.paragraphs[1].hash = 7;
  p.paragraphs[1].words = 2;
  return p;
}

// The "p" value of a work line, decoded, and the line with another.
std::string BlobOf(const std::string& line) {
  const size_t at = line.find("\"p\":\"") + 5;
  std::string blob;
  EXPECT_TRUE(DecodeBase64(line.substr(at, line.find('"', at) - at), &blob));
  return blob;
}
std::string WithBlob(const std::string& line, const std::string& blob) {
  const size_t at = line.find("\"p\":\"") + 5;
  std::string encoded;
  AppendBase64(&encoded, blob);
  return line.substr(0, at) + encoded + line.substr(line.find('"', at));
}

void ExpectSameParagraphs(const PreparedDoc& want, const PreparedDoc& got) {
  EXPECT_EQ(got.clean.text, want.clean.text);
  ASSERT_EQ(got.paragraphs.size(), want.paragraphs.size());
  ASSERT_EQ(got.clean.paragraphs.size(), want.clean.paragraphs.size());
  for (size_t i = 0; i < want.paragraphs.size(); ++i) {
    const ParagraphSpan& ws = want.clean.paragraphs[i];
    const ParagraphSpan& gs = got.clean.paragraphs[i];
    EXPECT_EQ(gs.out_begin, ws.out_begin);
    EXPECT_EQ(gs.out_end, ws.out_end);
    EXPECT_EQ(gs.in_begin, ws.in_begin);
    EXPECT_EQ(gs.in_end, ws.in_end);
    const PreparedParagraph& w = want.paragraphs[i];
    const PreparedParagraph& g = got.paragraphs[i];
    EXPECT_EQ(g.hash, w.hash);
    EXPECT_EQ(g.words, w.words);
    EXPECT_EQ(g.evidence.quality, w.evidence.quality);
    EXPECT_EQ(g.evidence.cls, w.evidence.cls);
    EXPECT_EQ(g.evidence.score, w.evidence.score);
    EXPECT_EQ(g.evidence.rule, w.evidence.rule);
    EXPECT_EQ(g.evidence.weak_cls, w.evidence.weak_cls);
    EXPECT_EQ(g.evidence.weak, w.evidence.weak);
    EXPECT_EQ(g.evidence.weak_rule, w.evidence.weak_rule);
    EXPECT_EQ(g.evidence.words, w.evidence.words);
    EXPECT_EQ(g.evidence.sentence_ends, w.evidence.sentence_ends);
  }
}

// `line` read as a JSONL record, as the dedup stage reads it (its text
// field's value `text`), gives the paragraphs of `want` and the source hash
// of "example.com".
void ExpectReadAsRecord(CaptureParser* parser, const std::string& line,
                        const std::string& text, uint64_t line_no,
                        const PreparedDoc& want) {
  Doc as_read;
  as_read.raw = line;
  ASSERT_TRUE(ScanObjectFields(as_read.raw, &as_read.fields));
  as_read.text = text;
  as_read.location.file = "w";
  as_read.location.line = line_no;
  PreparedDoc got;
  uint64_t sh = 0;
  Status st = parser->ParseParagraphs(as_read, &sh, &got);
  ASSERT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ(sh, SourceHash("example.com"));
  ExpectSameParagraphs(want, got);
}

TEST(CaptureRecord, RoundTripsParagraphsEvidenceAndTheRecord) {
  Doc doc;
  doc.id = "web/001";
  doc.source = "example.com";
  doc.raw = R"({"id":"web/001","text":"Dear readers,\nA story.","n":[1,2]})";
  ASSERT_TRUE(ScanObjectFields(doc.raw, &doc.fields));
  doc.id_field = 0;
  doc.text_field = 1;
  const PreparedDoc p = TwoParagraphs();
  std::string line;
  AppendCaptureRecord(doc, p, &line);
  ASSERT_EQ(line.back(), '\n');
  line.pop_back();

  CaptureParser parser;
  CaptureRecord c;
  Status st = parser.Parse(line, CaptureWhere{"w", 1}, &c);
  ASSERT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ(c.id, "web/001");
  EXPECT_EQ(c.source_hash, SourceHash("example.com"));
  ExpectSameParagraphs(p, c.doc);
  EXPECT_EQ(c.Paragraph(0), "Dear readers,");
  EXPECT_EQ(c.Paragraph(1), "A story.");
  // The record without its text, byte for byte otherwise.
  EXPECT_EQ(c.record, R"({"id":"web/001","text":"","n":[1,2]})");
  EXPECT_EQ(c.text_field, 1);
  EXPECT_EQ(c.id_field, 0);

  // Read as a JSONL record, as the dedup stage reads it.
  ExpectReadAsRecord(&parser, line, p.clean.text, 1, p);
}

// A line that keeps its text in the input reads back as the line that
// holds it: the same paragraphs, and the record with its text "".
TEST(CaptureRecord, ALineWithItsTextInTheInputReadsBackAsOneHoldingIt) {
  testing::TempDir tmp;
  const std::string raw =
      R"({"id":"web/001","text":"Dear readers,\nA story.","n":[1,2]})";
  const std::string path = tmp.Write("in.jsonl", "{}\n" + raw + "\n");
  auto files = ExpandInputs({path}, ReaderOptions());
  ASSERT_TRUE(files.ok());
  Doc doc;
  doc.id = "web/001";
  doc.source = "example.com";
  doc.raw = raw;
  ASSERT_TRUE(ScanObjectFields(doc.raw, &doc.fields));
  doc.id_field = 0;
  doc.text_field = 1;
  const PreparedDoc p = TwoParagraphs();
  const FieldSpan& t = doc.fields[1];
  const CaptureInputRef ref{0, 3, raw.size(), t.value_begin, t.value_end,
                            CaptureTextHash(doc.FieldValue(t))};
  std::string held, kept;
  AppendCaptureRecord(doc, p, &held);
  AppendCaptureRecord(doc, p, &kept, &ref);
  EXPECT_EQ(kept.find("Dear readers"), std::string::npos) << kept;
  EXPECT_LT(kept.size(), held.size());
  held.pop_back();
  kept.pop_back();

  CaptureParser parser;
  CaptureRecord a, b;
  ASSERT_TRUE(parser.Parse(held, CaptureWhere{"w", 1}, &a).ok());
  // Without a reader the text cannot be had.
  Status st = parser.Parse(kept, CaptureWhere{"w", 2}, &b);
  EXPECT_EQ(st.code(), ErrorCode::kDataError);
  EXPECT_NE(st.message().find("w:2: damaged work record: its text is in an "
                              "input not given"),
            std::string::npos)
      << st.message();
  CaptureInputReader input(&*files);
  parser.set_input_reader(&input);
  st = parser.Parse(kept, CaptureWhere{"w", 2}, &b);
  ASSERT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ(b.id, a.id);
  EXPECT_EQ(b.source_hash, a.source_hash);
  ExpectSameParagraphs(a.doc, b.doc);
  EXPECT_EQ(b.record, a.record);
  EXPECT_EQ(b.text_field, a.text_field);
  EXPECT_EQ(b.id_field, a.id_field);

  // As the dedup stage reads it: a JSONL record whose text is "".
  ExpectReadAsRecord(&parser, kept, "", 2, p);

  // A damaged reference: its text outside its record.
  std::string blob = BlobOf(kept);
  const uint64_t past = raw.size() + 1;
  std::memcpy(&blob[2 + 4 + 8 + 8 + 8], &past, sizeof past);  // text_end
  st = parser.Parse(WithBlob(kept, blob), CaptureWhere{"w", 3}, &b);
  EXPECT_EQ(st.code(), ErrorCode::kDataError);
  EXPECT_NE(st.message().find("w:3: "), std::string::npos) << st.message();
  EXPECT_NE(st.message().find("a capture's text lies outside its record"),
            std::string::npos)
      << st.message();
}

// The decision taken later from the stored values is the one taken at
// once: for every document of the demo corpus, with repeat counts over
// the corpus, the verdicts and kept text of DecideBoilerplate on the
// record read back equal RemoveBoilerplate's.
TEST(CaptureRecord, DecidingFromTheStoredValuesEqualsDecidingAtOnce) {
  struct Input {
    std::string id, source, text;
  };
  std::vector<Input> inputs;
  DocReader reader({std::string(WINNOW_TEST_DATA) + "/../../examples/corpus"},
                   ReaderOptions());
  Doc d;
  while (true) {
    auto more = reader.Next(&d);
    ASSERT_TRUE(more.ok()) << more.status().ToString();
    if (!*more) break;
    inputs.push_back({d.id, d.source, d.text});
  }
  ASSERT_GT(inputs.size(), 10u);
  BoilerplateOptions options;
  auto counter = RepeatCounter::Create(options.repeats, 1);
  ASSERT_TRUE(counter.ok());
  {
    auto shard = (*counter)->NewShard();
    for (const Input& in : inputs) {
      PreparedDoc p;
      PrepareBoilerplate(in.text, options, true, &p);
      std::vector<uint64_t> hashes;
      for (const auto& pp : p.paragraphs) hashes.push_back(pp.hash);
      shard->AddDocument(SourceHash(in.source), hashes);
    }
  }
  auto index = (*counter)->Finish();
  ASSERT_TRUE(index.ok());
  ASSERT_GT(index->stats().repeated_pairs, 0u);

  CaptureParser parser;
  size_t removed = 0;
  for (const Input& in : inputs) {
    BoilerplateResult at_once;
    RemoveBoilerplate(in.text, in.source, &*index, options, &at_once);
    removed += at_once.removed.size();

    Doc doc;
    doc.id = in.id;
    doc.source = in.source;
    PreparedDoc p;
    PrepareBoilerplate(in.text, options, true, &p);
    std::string line;
    AppendCaptureRecord(doc, p, &line);
    line.pop_back();
    CaptureRecord c;
    ASSERT_TRUE(parser.Parse(line, CaptureWhere{in.id, 1}, &c).ok());
    BoilerplateResult later;
    DecideBoilerplate(c.doc, c.source_hash, &*index, options, &later);
    EXPECT_EQ(later.text, at_once.text) << in.id;
    ASSERT_EQ(later.verdicts.size(), at_once.verdicts.size()) << in.id;
    for (size_t i = 0; i < later.verdicts.size(); ++i) {
      const Verdict& a = at_once.verdicts[i];
      const Verdict& b = later.verdicts[i];
      EXPECT_EQ(b.keep, a.keep) << in.id << " " << i;
      EXPECT_EQ(b.cls, a.cls) << in.id << " " << i;
      EXPECT_EQ(b.rule, a.rule) << in.id << " " << i;
      EXPECT_EQ(b.score, a.score) << in.id << " " << i;
      EXPECT_EQ(b.leaning, a.leaning) << in.id << " " << i;
    }
    EXPECT_EQ(later.repeats, at_once.repeats) << in.id;
    ASSERT_EQ(later.removed.size(), at_once.removed.size()) << in.id;
    for (size_t i = 0; i < later.removed.size(); ++i) {
      EXPECT_EQ(later.removed[i].begin, at_once.removed[i].begin);
      EXPECT_EQ(later.removed[i].end, at_once.removed[i].end);
      EXPECT_EQ(later.removed[i].text, at_once.removed[i].text);
    }
  }
  EXPECT_GT(removed, 20u);  // the corpus's furniture was there to decide
}

TEST(CaptureRecord, PlainTextHasNoRecordAndAnEmptyTextNoParagraphs) {
  Doc doc;
  doc.id = "print/000.txt";
  PreparedDoc p;
  p.clean.text = "One.";
  p.clean.paragraphs = {{0, 4, 0, 4}};
  p.paragraphs.resize(1);
  std::string line;
  AppendCaptureRecord(doc, p, &line);
  CaptureParser parser;
  CaptureRecord c;
  ASSERT_TRUE(parser.Parse(line, CaptureWhere{"w", 1}, &c).ok());
  EXPECT_TRUE(c.record.empty());
  EXPECT_EQ(c.text_field, -1);

  PreparedDoc none;
  line.clear();
  AppendCaptureRecord(doc, none, &line);
  ASSERT_TRUE(parser.Parse(line, CaptureWhere{"w", 2}, &c).ok());
  EXPECT_TRUE(c.doc.clean.text.empty());
  EXPECT_TRUE(c.doc.paragraphs.empty());
}

// The paragraph entries are read by hand, not by a JSON parser: the
// widest values, the smallest scores and escaped rule names come back as
// written, and the first value past uint64 is damage, not a wrapped number.
TEST(CaptureRecord, EntriesReadBackAtTheLimits) {
  PreparedDoc p = TwoParagraphs();
  p.paragraphs[0].hash = UINT64_MAX;
  p.paragraphs[1].hash = 10000000000000000000ull;  // 20 digits
  p.clean.paragraphs[1].in_end = UINT32_MAX;
  p.paragraphs[0].evidence.score = 1.17549435e-38f;  // the smallest normal
  p.paragraphs[0].evidence.weak = 1.0f;
  p.paragraphs[1].evidence.score = 1e-45f;  // the smallest subnormal
  p.paragraphs[0].evidence.rule = "cue.share[\"follow\" \\ us]";
  p.paragraphs[1].evidence.weak_rule = "feature.ünïcode";
  Doc doc;
  doc.id = "limits";
  std::string line;
  AppendCaptureRecord(doc, p, &line);
  line.pop_back();
  CaptureParser parser;
  CaptureRecord c;
  ASSERT_TRUE(parser.Parse(line, CaptureWhere{"captures.jsonl", 1}, &c).ok())
      << line;
  ExpectSameParagraphs(p, c.doc);

  // Random values of every field read back as written.
  std::mt19937_64 rng(11);
  for (int trial = 0; trial < 3000; ++trial) {
    PreparedDoc q = TwoParagraphs();
    q.paragraphs[0].hash = rng() >> (rng() % 64);
    q.paragraphs[1].hash = rng();
    q.paragraphs[1].words = static_cast<uint32_t>(rng());
    q.clean.paragraphs[1].in_end = static_cast<uint32_t>(rng());
    q.clean.paragraphs[1].in_begin = q.clean.paragraphs[1].in_end / 2;
    q.paragraphs[0].evidence.score = static_cast<float>(rng() % 1000001) / 1e6f;
    q.paragraphs[1].evidence.weak = static_cast<float>(rng() % 7) / 7.0f;
    q.paragraphs[1].evidence.sentence_ends = static_cast<uint32_t>(rng());
    std::string l;
    AppendCaptureRecord(doc, q, &l);
    l.pop_back();
    CaptureRecord r;
    ASSERT_TRUE(parser.Parse(l, CaptureWhere{"captures.jsonl", 2}, &r).ok())
        << l;
    ExpectSameParagraphs(q, r.doc);
  }
}

TEST(CaptureRecord, DamagedLinesAreErrorsNamingWhere) {
  // A good line of one paragraph, "x", and its packed values: version,
  // flags, count, then the entry (its fields at the offsets below).
  Doc doc;
  doc.id = "a";
  PreparedDoc one;
  one.clean.text = "x";
  one.clean.paragraphs = {{0, 1, 0, 1}};
  one.paragraphs.resize(1);
  std::string good;
  AppendCaptureRecord(doc, one, &good);
  good.pop_back();
  const std::string blob = BlobOf(good);
  ASSERT_EQ(blob.size(), 2u + 4u + 40u + 4u);
  auto with_byte = [&](size_t at, char v) {
    std::string b = blob;
    b[at] = v;
    return WithBlob(good, b);
  };
  auto with_float = [&](size_t at, float v) {
    std::string b = blob;
    std::memcpy(&b[at], &v, sizeof v);
    return WithBlob(good, b);
  };
  auto with_text = [&](const std::string& text) {
    std::string l = good;
    l.replace(l.find("\"text\":\"x\""), 10, "\"text\":\"" + text + "\"");
    return l;
  };
  const std::string bad[] = {
      "{not json",
      R"({"id":"a","sh":1,"text":"x"})",
      R"({"id":"a","text":"x","p":""})",
      R"({"id":"a","sh":-1,"text":"x","p":""})",
      R"({"id":"a","sh":1,"text":"x","p":[]})",
      // Not base64: a stray character, a length not a multiple of four.
      WithBlob(good, blob).replace(good.find("\"p\":\"") + 6, 1, "*"),
      R"({"id":"a","sh":1,"text":"x","p":"AQ"})",
      // Another version, an unknown flag, a count past the bytes, an
      // entry cut short, bytes after the entries.
      with_byte(0, 9),
      with_byte(1, 4),
      with_byte(2, 2),
      WithBlob(good, blob.substr(0, blob.size() - 1)),
      WithBlob(good, blob + "z"),
      // Quality, class and weak class out of range, the zero byte not
      // zero, scores outside [0, 1] or not a number, in_begin > in_end.
      with_byte(6 + 20, 4),
      with_byte(6 + 21, 99),
      with_byte(6 + 22, 99),
      with_byte(6 + 23, 1),
      with_float(6 + 24, 1.5f),
      with_float(6 + 28, -0.5f),
      with_float(6 + 24, std::numeric_limits<float>::quiet_NaN()),
      with_byte(6 + 0, 5),
      // A rule longer than what is left.
      with_byte(6 + 40, 9),
      // More entries than paragraphs, fewer, an empty paragraph.
      with_text("x\\ny"),
      with_text("x\\n\\ny"),
      // Its text in an input, with a text of its own; or no input given.
      with_byte(1, 1),
      // The record: a field index outside it, no tf/if, not last.
      R"({"id":"a","sh":1,"text":"","p":"AQAAAAAA","tf":3,"if":0,"r":{"id":"a"}})",
      R"({"id":"a","sh":1,"text":"","p":"AQAAAAAA","r":{}})",
      R"({"id":"a","sh":1,"text":"","p":"AQAAAAAA","tf":0,"if":0,"r":{},"z":1})",
  };
  CaptureParser parser;
  CaptureRecord c;
  ASSERT_TRUE(parser.Parse(good, CaptureWhere{"captures.jsonl", 7}, &c).ok())
      << good;
  for (const std::string& line : bad) {
    Status st = parser.Parse(line, CaptureWhere{"captures.jsonl", 7}, &c);
    EXPECT_EQ(st.code(), ErrorCode::kDataError) << line;
    EXPECT_NE(st.message().find("captures.jsonl:7: damaged work record"),
              std::string::npos)
        << st.message();
  }
  // Two entries: for one line, and for three with an empty one between.
  PreparedDoc two = one;
  two.clean.text = "x\ny";
  two.clean.paragraphs.push_back({2, 3, 2, 3});
  two.paragraphs.resize(2);
  std::string good2;
  AppendCaptureRecord(doc, two, &good2);
  good2.pop_back();
  ASSERT_TRUE(parser.Parse(good2, CaptureWhere{"captures.jsonl", 7}, &c).ok());
  const std::pair<std::string, std::string> wrong_lines[] = {
      {"x", "more paragraph entries than lines"},
      {"x\\n\\ny", "an empty paragraph"}};
  for (const auto& [text, what] : wrong_lines) {
    std::string l = good2;
    l.replace(l.find("\"text\":\"x\\ny\""), 13, "\"text\":\"" + text + "\"");
    Status st = parser.Parse(l, CaptureWhere{"captures.jsonl", 9}, &c);
    EXPECT_NE(st.message().find("captures.jsonl:9: damaged work record: " +
                                what),
              std::string::npos)
        << l << " " << st.message();
  }
  // An empty story's line is good: no paragraphs, text "".
  ASSERT_TRUE(parser
                  .Parse(R"({"id":"a","sh":1,"text":"","p":"AQAAAAAA"})",
                         CaptureWhere{"captures.jsonl", 8}, &c)
                  .ok());
}

}  // namespace
}  // namespace winnow::pipeline
