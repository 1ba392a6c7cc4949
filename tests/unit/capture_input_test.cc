// Texts kept in the input: which inputs can be read back by offset, which
// documents qualify, and reading a record back gives the text read the
// first time and the record as a work line holds it, in any order; an
// input changed since is an error naming it and the byte.
#include "pipeline/capture_input.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "test_util.h"
#include "winnow/json.h"
#include "winnow/reader.h"

namespace winnow::pipeline {
namespace {

using testing::TempDir;

std::vector<InputFile> Inputs(const std::vector<std::string>& paths) {
  auto files = ExpandInputs(paths, ReaderOptions());
  EXPECT_TRUE(files.ok()) << files.status().ToString();
  return files.ok() ? *files : std::vector<InputFile>();
}

// Every document of `files` with the reference the prepare pass would
// store for it.
struct Read {
  Doc doc;
  CaptureInputRef ref;
};
std::vector<Read> ReadAll(const std::vector<InputFile>& files) {
  std::vector<Read> out;
  DocReader reader(files, ReaderOptions());
  Doc d;
  for (;;) {
    auto more = reader.Next(&d);
    EXPECT_TRUE(more.ok()) << more.status().ToString();
    if (!more.ok() || !*more) break;
    const FieldSpan& t = d.fields[d.text_field];
    out.push_back({d, CaptureInputRef{d.file_index, d.location.byte_offset,
                                      d.raw.size(), t.value_begin,
                                      t.value_end,
                                      CaptureTextHash(d.FieldValue(t))}});
  }
  return out;
}

std::string Record(const std::string& id, const std::string& text,
                   const std::string& extra = "") {
  std::string s = "{\"id\":";
  AppendJsonString(&s, id);
  s += ",\"text\":";
  AppendJsonString(&s, text);
  return s + extra + "}";
}

TEST(CaptureInput, OnlyPlainFilesCanBeReadBack) {
  TempDir tmp;
  const std::string plain = tmp.Write("a.jsonl", Record("a", "x") + "\n");
  const std::string gz = tmp.Write("b.jsonl", std::string("\x1f\x8b\x08\0", 4));
  const std::string zst =
      tmp.Write("c.jsonl", std::string("\x28\xb5\x2f\xfd", 4));
  std::vector<InputFile> files = Inputs({plain, gz, zst});
  InputFile in;
  in.path = in.name = "-";
  files.push_back(in);
  InputFile gone;
  gone.path = gone.name = tmp.File("gone.jsonl");
  files.push_back(gone);
  EXPECT_EQ(ReferableInputs(files),
            (std::vector<bool>{true, false, false, false, false}));
}

TEST(CaptureInput, OnlyTextsThatCleaningLeftAloneAreKeptByReference) {
  Doc d;
  d.raw = Record("a", "Some text.");
  ASSERT_TRUE(ScanObjectFields(d.raw, &d.fields));
  d.text_field = 1;
  d.text = "Some text.";
  const std::vector<bool> referable = {true, false};
  EXPECT_TRUE(KeepByReference(d, false, referable, "Some text."));
  EXPECT_FALSE(KeepByReference(d, false, referable, "Some text"));  // cleaned
  EXPECT_FALSE(KeepByReference(d, true, referable, "Some text."));  // a page
  Doc repaired = d;
  repaired.invalid_utf8 = 1;
  EXPECT_FALSE(KeepByReference(repaired, false, referable, "Some text."));
  Doc other = d;
  other.file_index = 1;  // a compressed input
  EXPECT_FALSE(KeepByReference(other, false, referable, "Some text."));
  Doc beyond = d;
  beyond.file_index = 7;
  EXPECT_FALSE(KeepByReference(beyond, false, referable, "Some text."));
  // A value the reader's decoder reads otherwise than the parser did (here
  // a lone surrogate, which JsonUnescape makes U+FFFD): held, not kept.
  Doc odd;
  odd.raw = R"({"id":"a","text":"x\ud800y"})";
  ASSERT_TRUE(ScanObjectFields(odd.raw, &odd.fields));
  odd.text_field = 1;
  odd.text = "x?y";
  EXPECT_FALSE(KeepByReference(odd, false, referable, "x?y"));
  Doc plain = d;  // a plain-text document has no record
  plain.raw.clear();
  plain.fields.clear();
  plain.text_field = -1;
  EXPECT_FALSE(KeepByReference(plain, false, referable, "Some text."));
}

TEST(CaptureInput, RecordsReadBackInAnyOrderGiveTheirTextsAndRecords) {
  TempDir tmp;
  std::mt19937_64 rng(11);
  // Two files; texts with escapes, non-ASCII and lengths from 1 byte to
  // past the read-ahead (1 MiB), so that reads cross and refill windows.
  std::vector<std::string> paths;
  for (int f = 0; f < 2; ++f) {
    std::string content;
    for (int i = 0; i < 300; ++i) {
      std::string text;
      const size_t n = i == 150 ? (size_t{3} << 19) : 1 + rng() % 9000;
      while (text.size() < n) {
        static const char* bits[] = {"word ", "\"q\" ", "\\ ", "\n",
                                     "\xc3\xa9t\xc3\xa9 ", "\t", "\xe2\x80\x94"};
        text += bits[rng() % 7];
      }
      content += Record("f" + std::to_string(f) + "-" + std::to_string(i),
                        text, ",\"n\":" + std::to_string(i)) +
                 (i % 7 == 0 ? "\r\n" : "\n");
    }
    paths.push_back(tmp.Write("in" + std::to_string(f) + ".jsonl", content));
  }
  const std::vector<InputFile> files = Inputs(paths);
  const std::vector<Read> all = ReadAll(files);
  ASSERT_EQ(all.size(), 600u);

  std::vector<size_t> order(all.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::vector<std::vector<size_t>> orders = {order};
  std::reverse(order.begin(), order.end());
  orders.push_back(order);
  std::shuffle(order.begin(), order.end(), rng);
  orders.push_back(order);
  for (const auto& o : orders) {
    CaptureInputReader reader(&files);
    std::string text, record;
    for (size_t i : o) {
      const Doc& d = all[i].doc;
      // Text only, unverified, then text and record, verified.
      Status st = reader.Read(all[i].ref, false, &text, nullptr);
      ASSERT_TRUE(st.ok()) << st.ToString();
      ASSERT_EQ(text, d.text) << d.id;
      st = reader.Read(all[i].ref, true, &text, &record);
      ASSERT_TRUE(st.ok()) << st.ToString();
      ASSERT_EQ(text, d.text) << d.id;
      const FieldSpan& t = d.fields[d.text_field];
      ASSERT_EQ(record, d.raw.substr(0, t.value_begin) + "\"\"" +
                            d.raw.substr(t.value_end))
          << d.id;
    }
  }
}

TEST(CaptureInput, AnInputChangedSinceIsAnErrorNamingItAndTheByte) {
  TempDir tmp;
  const std::string first = Record("a", "First text.") + "\n";
  const std::string path =
      tmp.Write("in.jsonl", first + Record("b", "Second text.") + "\n");
  const std::vector<InputFile> files = Inputs({path});
  const std::vector<Read> all = ReadAll(files);
  ASSERT_EQ(all.size(), 2u);
  const std::string where =
      "in.jsonl: byte " + std::to_string(first.size()) + ": ";

  // Same size, other text: what a verified read finds; an unverified one
  // takes the text as it is (consensus verifies every capture after).
  tmp.Write("in.jsonl", first + Record("b", "Second TEXT.") + "\n");
  CaptureInputReader reader(&files);
  std::string text, record;
  Status st = reader.Read(all[1].ref, true, &text, &record);
  EXPECT_EQ(st.code(), ErrorCode::kDataError);
  EXPECT_NE(st.message().find(where + "the record there no longer holds the "
                              "text the prepare pass read"),
            std::string::npos)
      << st.message();
  ASSERT_TRUE(reader.Read(all[1].ref, false, &text, nullptr).ok());
  EXPECT_EQ(text, "Second TEXT.");
  // Not JSON there any more: an error either way.
  tmp.Write("in.jsonl", first + std::string(40, '#') + "\n");
  CaptureInputReader again(&files);
  st = again.Read(all[1].ref, false, &text, nullptr);
  EXPECT_EQ(st.code(), ErrorCode::kDataError);
  EXPECT_NE(st.message().find("no longer holds the text"), std::string::npos);
  // Cut short.
  tmp.Write("in.jsonl", first);
  CaptureInputReader cut(&files);
  st = cut.Read(all[1].ref, true, &text, nullptr);
  EXPECT_EQ(st.code(), ErrorCode::kDataError);
  EXPECT_NE(st.message().find(where + "the input ends before the record"),
            std::string::npos)
      << st.message();
  // A reference that does not fit its record, or names no input.
  CaptureInputRef bad = all[0].ref;
  bad.text_end = bad.length + 1;
  st = cut.Read(bad, true, &text, nullptr);
  EXPECT_EQ(st.code(), ErrorCode::kDataError);
  EXPECT_NE(st.message().find("in.jsonl: byte 0: a capture's text lies "
                              "outside its record"),
            std::string::npos)
      << st.message();
  bad = all[0].ref;
  bad.file = 3;
  st = cut.Read(bad, true, &text, nullptr);
  EXPECT_EQ(st.code(), ErrorCode::kDataError);
  EXPECT_NE(st.message().find("refers to input 3 of 1"), std::string::npos)
      << st.message();
  // Gone.
  std::filesystem::remove(path);
  CaptureInputReader gone(&files);
  st = gone.Read(all[0].ref, true, &text, nullptr);
  EXPECT_EQ(st.code(), ErrorCode::kIoError);
  EXPECT_NE(st.message().find("cannot open " + path), std::string::npos)
      << st.message();
}

}  // namespace
}  // namespace winnow::pipeline
