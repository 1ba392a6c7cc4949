// The run job's work-file line: what is written is read back unchanged,
// and a damaged line is an error naming where it is.
#include "pipeline/capture_record.h"

#include <gtest/gtest.h>

#include "winnow/json.h"

namespace winnow::pipeline {
namespace {

TEST(CaptureRecord, RoundTripsParagraphsVerdictsAndTheRecord) {
  Doc doc;
  doc.id = "web/001";
  doc.raw = R"({"id":"web/001","text":"Dear readers,\nA story.","n":[1,2]})";
  ASSERT_TRUE(ScanObjectFields(doc.raw, &doc.fields));
  doc.id_field = 0;
  doc.text_field = 1;
  BoilerplateResult r;
  r.text = "A story.";
  r.clean.text = "Dear readers,\nA story.";
  r.clean.paragraphs = {{0, 13, 0, 13}, {14, 22, 14, 22}};
  Verdict appeal;
  appeal.keep = false;
  appeal.cls = BoilerplateClass::kAppeal;
  appeal.rule = "cue.appeal[dear readers]";
  appeal.score = 0.8125f;
  Verdict content;
  content.leaning = BoilerplateClass::kShare;
  content.score = 0.1f;
  r.verdicts = {appeal, content};
  r.repeats = {12, 0};
  std::string line;
  AppendCaptureRecord(doc, r, &line);
  ASSERT_EQ(line.back(), '\n');
  line.pop_back();

  CaptureParser parser;
  CaptureRecord c;
  Status st = parser.Parse(line, "w:1", &c);
  ASSERT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ(c.id, "web/001");
  EXPECT_EQ(c.clean, r.clean.text);
  ASSERT_EQ(c.paragraphs.size(), 2u);
  EXPECT_EQ(c.Paragraph(0), "Dear readers,");
  EXPECT_EQ(c.Paragraph(1), "A story.");
  EXPECT_FALSE(c.paragraphs[0].verdict.keep);
  EXPECT_EQ(c.paragraphs[0].verdict.cls, BoilerplateClass::kAppeal);
  EXPECT_EQ(c.paragraphs[0].verdict.rule, "cue.appeal[dear readers]");
  EXPECT_EQ(c.paragraphs[0].verdict.score, 0.8125f);
  EXPECT_EQ(c.paragraphs[0].repeats, 12u);
  EXPECT_TRUE(c.paragraphs[1].verdict.keep);
  EXPECT_EQ(c.paragraphs[1].verdict.leaning, BoilerplateClass::kShare);
  EXPECT_EQ(c.paragraphs[1].verdict.score, 0.1f);
  EXPECT_EQ(c.paragraphs[1].in_begin, 14u);
  // The record without its text, byte for byte otherwise.
  EXPECT_EQ(c.record, R"({"id":"web/001","text":"","n":[1,2]})");
  EXPECT_EQ(c.text_field, 1);
  EXPECT_EQ(c.id_field, 0);
}

TEST(CaptureRecord, PlainTextHasNoRecord) {
  Doc doc;
  doc.id = "print/000.txt";
  BoilerplateResult r;
  r.clean.text = "One.";
  r.clean.paragraphs = {{0, 4, 0, 4}};
  r.verdicts = {Verdict{}};
  r.text = "One.";
  std::string line;
  AppendCaptureRecord(doc, r, &line);
  CaptureParser parser;
  CaptureRecord c;
  ASSERT_TRUE(parser.Parse(line, "w:1", &c).ok());
  EXPECT_TRUE(c.record.empty());
  EXPECT_EQ(c.text_field, -1);
}

TEST(CaptureRecord, DamagedLinesAreErrorsNamingWhere) {
  const char* bad[] = {
      "{not json",
      R"({"id":"a","clean":"x"})",
      R"({"id":"a","clean":"x","p":[[0,9,0,1,1,0,"",0,0,0]]})",
      R"({"id":"a","clean":"x","p":[[0,1,0,1,1,99,"",0,0,0]]})",
      R"({"id":"a","clean":"x","p":[[0,1]]})",
      R"({"id":"a","clean":"x","p":[[0,1,0,1,1,0,"",1e300,0,0]]})",
      R"({"id":"a","clean":"x","p":[],"tf":3,"if":0,"r":{"id":"a"}})",
      R"({"id":"a","clean":"x","p":[],"r":{}})",
      R"({"id":"a","clean":"x","p":[],"tf":0,"if":0,"r":{},"z":1})",
  };
  CaptureParser parser;
  CaptureRecord c;
  for (const char* line : bad) {
    Status st = parser.Parse(line, "captures.jsonl:7", &c);
    EXPECT_EQ(st.code(), ErrorCode::kDataError) << line;
    EXPECT_NE(st.message().find("captures.jsonl:7: damaged work record"),
              std::string::npos)
        << st.message();
  }
}

}  // namespace
}  // namespace winnow::pipeline
