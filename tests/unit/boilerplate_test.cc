// The boilerplate stage on whole documents: offsets back into the original
// text, repeats across a source, re-captures of one story.
#include "winnow/boilerplate.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "test_seeds.h"

namespace winnow {
namespace {

TEST(Boilerplate, RemovedParagraphsPointIntoTheOriginalText) {
  if (!testing::SeedsPresent()) GTEST_SKIP() << "seeds absent";
  for (int which : {0, 1}) {
    const std::string raw = testing::ReadSeed(which);
    BoilerplateResult r;
    RemoveBoilerplate(raw, "seeds", nullptr, {}, &r);
    ASSERT_FALSE(r.removed.empty());
    for (const RemovedParagraph& p : r.removed) {
      ASSERT_LE(p.begin, p.end);
      ASSERT_LE(p.end, raw.size());
      std::string original = raw.substr(p.begin, p.end - p.begin);
      // The original bytes are the paragraph before cleaning: the same
      // words, possibly wrapped over several lines.
      std::string unwrapped;
      for (char c : original) unwrapped.push_back(c == '\n' ? ' ' : c);
      std::string squeezed;
      for (char c : unwrapped) {
        if (c == ' ' && (squeezed.empty() || squeezed.back() == ' ')) continue;
        squeezed.push_back(c);
      }
      while (!squeezed.empty() && squeezed.back() == ' ') squeezed.pop_back();
      EXPECT_EQ(squeezed, p.text);
    }
    // Nine body paragraphs stay.
    EXPECT_EQ(testing::SplitLines(r.text).size(), 9u);
  }
  // The print capture's caption starts the file (after its stray spaces).
  const std::string raw = testing::ReadSeed(0);
  BoilerplateResult r;
  RemoveBoilerplate(raw, "seeds", nullptr, {}, &r);
  EXPECT_EQ(r.removed[0].cls, BoilerplateClass::kCaption);
  EXPECT_LT(r.removed[0].begin, 8u);
}

TEST(Boilerplate, CleanInputIsSplitIntoLinesAsIs) {
  BoilerplateOptions o;
  o.clean_input = false;
  BoilerplateResult r;
  std::string text =
      "The council met on Tuesday and agreed to keep the library open for "
      "another year, its chairman said.\nAdvertisement\n\nThe vote was "
      "close, with five members against.";
  RemoveBoilerplate(text, "x", nullptr, o, &r);
  ASSERT_EQ(r.removed.size(), 1u);
  EXPECT_EQ(r.removed[0].text, "Advertisement");
  EXPECT_EQ(text.substr(r.removed[0].begin,
                        r.removed[0].end - r.removed[0].begin),
            "Advertisement");
  EXPECT_EQ(testing::SplitLines(r.text).size(), 2u);
}

TEST(Boilerplate, ExplainRecordFormat) {
  std::vector<RemovedParagraph> removed(1);
  removed[0].index = 3;
  removed[0].text = "Remind me \"later\".";
  removed[0].cls = BoilerplateClass::kInterface;
  removed[0].rule = "cue.interface[remind me later]";
  removed[0].score = 0.95f;
  removed[0].repeats = 12;
  removed[0].begin = 100;
  removed[0].end = 118;
  std::string json;
  AppendRemovedJson(removed, &json);
  EXPECT_EQ(json,
            "[{\"paragraph\":3,\"class\":\"interface\",\"rule\":"
            "\"cue.interface[remind me later]\",\"score\":0.95,\"repeats\":12,"
            "\"begin\":100,\"end\":118,\"text\":\"Remind me \\\"later\\\".\"}]");
}

// Runs both passes over documents held in memory.
struct Corpus {
  std::vector<std::string> texts;
  std::vector<std::string> sources;
};

std::vector<BoilerplateResult> TwoPass(const Corpus& c,
                                       BoilerplateOptions o = {}) {
  auto counter = RepeatCounter::Create(o.repeats, 1);
  EXPECT_TRUE(counter.ok());
  {
    auto shard = (*counter)->NewShard();
    for (size_t i = 0; i < c.texts.size(); ++i) {
      CleanResult cr;
      CleanText(c.texts[i], o.clean, &cr);
      std::vector<uint64_t> hashes;
      for (const ParagraphSpan& s : cr.paragraphs) {
        hashes.push_back(ParagraphHash(std::string_view(cr.text).substr(
            s.out_begin, s.out_end - s.out_begin)));
      }
      shard->AddDocument(SourceHash(c.sources[i]), hashes);
    }
  }
  auto index = (*counter)->Finish();
  EXPECT_TRUE(index.ok());
  std::vector<BoilerplateResult> out(c.texts.size());
  for (size_t i = 0; i < c.texts.size(); ++i) {
    RemoveBoilerplate(c.texts[i], c.sources[i], &*index, o, &out[i]);
  }
  return out;
}

// Story i: two paragraphs whose words (not only numbers, which the repeat
// hash folds) differ from every other story's.
std::string Story(int i) {
  const char* towns[] = {"Ashford", "Brindle", "Calder", "Dunmore", "Elbury",
                         "Fenwick", "Garston", "Holbeck", "Ilsley"};
  const char* works[] = {"harbour wall", "old bridge", "market hall",
                         "school roof", "ring road", "swimming pool",
                         "town library", "bus station", "river path"};
  const char* whos[] = {"officials", "the mayor", "councillors",
                        "the engineers", "residents", "the contractor",
                        "planners", "the committee", "local traders"};
  return std::string("In ") + towns[i % 9] + ", " + whos[i % 9] +
         " said that the plan to rebuild the " + works[i % 9] +
         " would go ahead despite the objections raised last month.\n" +
         "Work on the " + works[i % 9] + " in " + towns[i % 9] +
         " is expected to take longer and to cost more than " + whos[i % 9] +
         " had first planned, according to a statement.";
}

TEST(Boilerplate, TemplateFooterRepeatedAcrossTheSourceGoes) {
  Corpus c;
  for (int i = 0; i < 6; ++i) {
    // A footer without any cue: only its repetition gives it away.
    c.texts.push_back(Story(i) + "\nThe Harbour Gazette is published every "
                                 "Thursday by volunteers from the town.");
    c.sources.push_back("gazette.example");
  }
  // Without the index, the footer is kept: it reads like a sentence.
  BoilerplateResult alone;
  RemoveBoilerplate(c.texts[0], c.sources[0], nullptr, {}, &alone);
  EXPECT_TRUE(alone.removed.empty());
  auto rs = TwoPass(c);
  for (const auto& r : rs) {
    ASSERT_EQ(r.removed.size(), 1u) << r.text;
    EXPECT_EQ(r.removed[0].cls, BoilerplateClass::kRepeat);
    EXPECT_EQ(r.removed[0].repeats, 6u);
    EXPECT_EQ(testing::SplitLines(r.text).size(), 2u);
  }
}

TEST(Boilerplate, RepeatsCountPerSource) {
  Corpus c;
  for (int i = 0; i < 6; ++i) {
    c.texts.push_back(Story(i) + "\nThe Harbour Gazette is published every "
                                 "Thursday by volunteers from the town.");
    // Six sources, one document each: no source repeats it.
    c.sources.push_back("site" + std::to_string(i) + ".example");
  }
  for (const auto& r : TwoPass(c)) EXPECT_TRUE(r.removed.empty()) << r.text;
}

TEST(Boilerplate, RecapturesOfOneStoryKeepTheirText) {
  Corpus c;
  // Four captures of story 0 and eight other stories, all with a footer.
  const std::string footer =
      "\nThe Harbour Gazette is published every Thursday by volunteers "
      "from the town.";
  for (int i = 0; i < 4; ++i) {
    c.texts.push_back(Story(0) + footer);
    c.sources.push_back("gazette.example");
  }
  for (int i = 1; i < 9; ++i) {
    c.texts.push_back(Story(i) + footer);
    c.sources.push_back("gazette.example");
  }
  auto rs = TwoPass(c);
  for (int i = 0; i < 4; ++i) {
    // The story repeats 4 times, the footer 12 times: only the footer goes.
    EXPECT_TRUE(rs[i].recaptured);
    ASSERT_EQ(rs[i].removed.size(), 1u) << rs[i].text;
    EXPECT_EQ(rs[i].removed[0].repeats, 12u);
    EXPECT_EQ(rs[i].text, Story(0));
  }
  for (size_t i = 4; i < rs.size(); ++i) {
    EXPECT_FALSE(rs[i].recaptured);
    EXPECT_EQ(rs[i].removed.size(), 1u);
  }
  // With only the re-captures in the source, nothing repeats more than the
  // story itself, and the story is kept whole.
  Corpus only(c);
  only.texts.resize(4);
  only.sources.resize(4);
  for (const auto& r : TwoPass(only)) {
    EXPECT_EQ(r.text, Story(0) + footer);
  }
}

TEST(Boilerplate, CountersNameEachClass) {
  BoilerplateResult r;
  RemoveBoilerplate("Sign in\nThe council met on Tuesday and agreed to keep "
                    "the library open for another year.\nAdvertisement",
                    "x", nullptr, {}, &r);
  // The story between two interface strings stays: interface strings are
  // single lines, not blocks that could hold it.
  EXPECT_EQ(r.text, "The council met on Tuesday and agreed to keep the "
                    "library open for another year.");
  Counters c;
  CountBoilerplate(r, &c);
  EXPECT_EQ(c.Get("boilerplate.paragraphs"), 3u);
  EXPECT_EQ(c.Get("boilerplate.removed"), 2u);
  EXPECT_EQ(c.Get("boilerplate.removed.interface"), 2u);
  EXPECT_EQ(c.Get("boilerplate.docs_changed"), 1u);
}

}  // namespace
}  // namespace winnow
