// No false merges from shared boilerplate: many different stories from one
// site, each carrying the same appeal block. Before cleaning, the appeal
// makes them near-duplicates; after boilerplate removal no two of them are.
// The oracle is exact word 5-gram Jaccard (threshold 0.5), computed here.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "test_util.h"
#include "winnow/boilerplate.h"
#include "winnow/json.h"
#include "winnow/run.h"

namespace winnow {
namespace {

std::set<std::string> FiveGrams(const std::string& text) {
  std::vector<std::string> words;
  std::string w;
  for (char c : text) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      w.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    } else if (!w.empty()) {
      words.push_back(w);
      w.clear();
    }
  }
  if (!w.empty()) words.push_back(w);
  std::set<std::string> grams;
  for (size_t i = 0; i + 5 <= words.size(); ++i) {
    grams.insert(words[i] + " " + words[i + 1] + " " + words[i + 2] + " " +
                 words[i + 3] + " " + words[i + 4]);
  }
  return grams;
}

double Jaccard(const std::set<std::string>& a, const std::set<std::string>& b) {
  if (a.empty() && b.empty()) return 1.0;
  size_t inter = 0;
  for (const auto& g : a) inter += b.count(g);
  return static_cast<double>(inter) / (a.size() + b.size() - inter);
}

const char* kAppeal[] = {
    "A message from The Harbour Gazette:",
    "Dear readers,",
    "Local reporting is under pressure everywhere. Advertising has moved to "
    "the big platforms, printing costs have doubled in two years, and the "
    "paper that has covered this coast for a century now depends on the "
    "people who read it.",
    "Our reporters sit through the council meetings, read the planning "
    "files and ask the questions nobody else asks. We want to keep doing "
    "that work for everyone, with no paywall.",
    "If you can, please support us with a monthly contribution starting from "
    "just $3. It takes a minute, and every contribution keeps independent "
    "local journalism alive.",
    "Remind me later.",
};

// A short news story with its own words: a town and a subject that no
// other story of the site pairs, told in three of eight sentence shapes.
std::string MakeStory(int i, std::mt19937* rng) {
  const char* towns[] = {"Ashford", "Brindle", "Calder", "Dunmore", "Elbury",
                         "Fenwick", "Garston", "Holbeck", "Ilsley", "Jarrow",
                         "Kelso", "Linton"};
  const char* subjects[] = {"the ferry service", "the fish market",
                            "the lifeboat crew", "a new housing estate",
                            "the coastal path", "the primary school",
                            "the harbour dredging", "the summer festival",
                            "a wind farm proposal", "the night bus",
                            "the sea wall", "the old lighthouse"};
  const char* verbs[] = {"approved", "rejected", "postponed", "questioned",
                         "welcomed", "criticised"};
  const char* people[] = {"councillors", "fishermen", "parents", "traders",
                          "engineers", "volunteers", "pensioners", "students"};
  const std::string town = towns[i % 12];
  const std::string subject = subjects[(i * 7 + i / 12) % 12];
  auto pick = [&](const char* const* list, int n) {
    return std::string(list[(*rng)() % n]);
  };
  const std::vector<std::string> shapes = {
      town + " " + pick(people, 8) + " " + pick(verbs, 6) + " plans for " +
          subject + " at a meeting that ran late into the evening.",
      "Supporters said " + subject + " in " + town +
          " needed attention, while " + pick(people, 8) +
          " warned about the cost.",
      "A final decision on " + subject + " is due before the " +
          (i % 2 ? "spring." : "autumn."),
      "The county will pay " + std::to_string(10 + i) + " per cent of the bill "
          "for " + subject + ", according to figures seen by " + town +
          " residents.",
      "Several " + pick(people, 8) + " told the meeting that " + subject +
          " had been neglected for " + std::to_string(3 + i % 9) + " years.",
      "Work on " + subject + " could start in " + town + " as early as " +
          (i % 3 ? "June" : "March") + ", if the money arrives in time.",
      "Opponents in " + town + " have collected signatures against " +
          subject + " and promised to keep campaigning.",
      "It is the " + std::string(i % 2 ? "second" : "third") +
          " time this year that " + subject + " has divided " + town + ".",
  };
  std::vector<int> order = {0, 1, 2, 3, 4, 5, 6, 7};
  std::shuffle(order.begin(), order.end(), *rng);
  return shapes[order[0]] + "\n" + shapes[order[1]] + "\n" +
         shapes[order[2]];
}

struct Site {
  std::vector<std::string> texts;
  std::vector<std::string> stories;
};

Site BuildSite(int n) {
  std::mt19937 rng(11);
  Site s;
  for (int i = 0; i < n; ++i) {
    std::string story = MakeStory(i, &rng);
    std::string text = story;
    for (const char* p : kAppeal) text += std::string("\n") + p;
    s.stories.push_back(story);
    s.texts.push_back(text);
  }
  return s;
}

void ExpectNoNearDuplicates(const std::vector<std::string>& texts,
                            const char* what) {
  std::vector<std::set<std::string>> grams;
  for (const auto& t : texts) grams.push_back(FiveGrams(t));
  double worst = 0;
  for (size_t i = 0; i < texts.size(); ++i) {
    for (size_t j = i + 1; j < texts.size(); ++j) {
      worst = std::max(worst, Jaccard(grams[i], grams[j]));
      EXPECT_LT(Jaccard(grams[i], grams[j]), 0.5)
          << what << ": stories " << i << " and " << j << "\n"
          << texts[i] << "\n--\n" << texts[j];
    }
  }
  ::testing::Test::RecordProperty(what, std::to_string(worst));
}

TEST(NoFalseMerge, TheSharedAppealMakesStoriesLookAlikeBeforeCleaning) {
  // The premise: without boilerplate removal most pairs would merge.
  Site site = BuildSite(40);
  std::vector<std::set<std::string>> grams;
  for (const auto& t : site.texts) grams.push_back(FiveGrams(t));
  size_t pairs = 0, merged = 0;
  for (size_t i = 0; i < grams.size(); ++i) {
    for (size_t j = i + 1; j < grams.size(); ++j) {
      ++pairs;
      merged += Jaccard(grams[i], grams[j]) >= 0.5;
    }
  }
  EXPECT_GT(merged * 2, pairs) << merged << " of " << pairs;
}

TEST(NoFalseMerge, ClassifierAloneRemovesTheAppealFromEveryStory) {
  Site site = BuildSite(40);
  std::vector<std::string> cleaned;
  for (size_t i = 0; i < site.texts.size(); ++i) {
    BoilerplateResult r;
    RemoveBoilerplate(site.texts[i], "gazette.example", nullptr, {}, &r);
    EXPECT_EQ(r.text, site.stories[i]) << "story " << i;
    EXPECT_EQ(r.removed.size(), 6u) << "story " << i;
    cleaned.push_back(r.text);
  }
  ExpectNoNearDuplicates(cleaned, "classifier");
}

TEST(NoFalseMerge, TwoPassJobRemovesTheAppealFromEveryStory) {
  Site site = BuildSite(40);
  BoilerplateOptions o;
  auto counter = RepeatCounter::Create(o.repeats, 2);
  ASSERT_TRUE(counter.ok());
  {
    auto step = NewRepeatCountStep(counter->get(), o);
    Counters c;
    std::string out;
    for (const auto& t : site.texts) {
      Doc d;
      d.text = t;
      d.source = "gazette.example";
      ASSERT_TRUE(step->Process(d, &out, &c).ok());
    }
    EXPECT_TRUE(out.empty());
  }
  auto index = (*counter)->Finish();
  ASSERT_TRUE(index.ok()) << index.status().ToString();
  std::vector<std::string> cleaned;
  for (size_t i = 0; i < site.texts.size(); ++i) {
    BoilerplateResult r;
    RemoveBoilerplate(site.texts[i], "gazette.example", &*index, o, &r);
    EXPECT_EQ(r.text, site.stories[i]) << "story " << i;
    ASSERT_EQ(r.removed.size(), 6u);
    for (const auto& p : r.removed) EXPECT_EQ(p.repeats, 40u) << p.text;
    cleaned.push_back(r.text);
  }
  ExpectNoNearDuplicates(cleaned, "two-pass");
}

TEST(NoFalseMerge, AnAppealWithoutCuesGoesByRepetitionAlone) {
  // The same block, reworded so that no cue phrase fires: only the
  // repetition across the site identifies it.
  std::mt19937 rng(5);
  const char* block[] = {
      "The Harbour Gazette has covered this coast for a century.",
      "Our reporters sit through the council meetings and read the planning "
      "files so that the town knows what is decided in its name.",
      "We are grateful to everyone who makes that work possible."};
  std::vector<std::string> texts, stories;
  for (int i = 0; i < 30; ++i) {
    std::string s = MakeStory(i, &rng);
    stories.push_back(s);
    for (const char* p : block) s += std::string("\n") + p;
    texts.push_back(s);
  }
  BoilerplateOptions o;
  auto counter = RepeatCounter::Create(o.repeats, 1);
  ASSERT_TRUE(counter.ok());
  {
    auto step = NewRepeatCountStep(counter->get(), o);
    Counters c;
    std::string out;
    for (const auto& t : texts) {
      Doc d;
      d.text = t;
      d.source = "gazette.example";
      ASSERT_TRUE(step->Process(d, &out, &c).ok());
    }
  }
  auto index = (*counter)->Finish();
  ASSERT_TRUE(index.ok());
  std::vector<std::string> cleaned;
  for (size_t i = 0; i < texts.size(); ++i) {
    BoilerplateResult r;
    RemoveBoilerplate(texts[i], "gazette.example", &*index, o, &r);
    EXPECT_EQ(r.text, stories[i]);
    cleaned.push_back(r.text);
  }
  ExpectNoNearDuplicates(cleaned, "repeats-only");
}

// The whole job: the site as a JSONL corpus through winnow run, at a
// similarity threshold (exact Jaccard 0.4) that the shared appeal alone
// crosses: the dedup job on the raw texts merges stories, winnow run keeps
// every story its own.
TEST(NoFalseMerge, RunKeepsEveryStoryOfTheSiteApart) {
  // Twelve stories: no two share a town or a subject.
  Site site = BuildSite(12);
  testing::TempDir tmp;
  std::string jsonl;
  for (size_t i = 0; i < site.texts.size(); ++i) {
    jsonl += "{\"id\":\"s" + std::to_string(i) +
             "\",\"url\":\"https://gazette.example/" + std::to_string(i) +
             "\",\"text\":";
    AppendJsonString(&jsonl, site.texts[i]);
    jsonl += "}\n";
  }
  const std::string in = tmp.Write("site.jsonl", jsonl);
  auto files = ExpandInputs({in}, {});
  ASSERT_TRUE(files.ok());
  DedupOptions d;
  d.threshold = 0.4;
  d.verify = VerifyMode::kExact;  // the decision, not an estimate

  d.work_dir = tmp.File("dedup.work");
  auto raw = DedupJob::Create(*files, d);
  ASSERT_TRUE(raw.ok()) << raw.status().ToString();
  ASSERT_TRUE((*raw)->Analyze({}).ok());
  EXPECT_GT((*raw)->report().clustered_docs, 2u)
      << "the appeal alone should make stories near-duplicates";

  RunOptions o;
  o.dedup = d;
  o.work_dir = tmp.File("run.work");
  auto out = OutputFile::Create(tmp.File("run.jsonl"));
  ASSERT_TRUE(out.ok());
  auto job = RunJob::Create(*files, o);
  ASSERT_TRUE(job.ok()) << job.status().ToString();
  Status st = (*job)->Run({out->get(), nullptr}, {});
  ASSERT_TRUE(st.ok()) << st.ToString();
  const RunReport& r = (*job)->report();
  EXPECT_EQ(r.stories, 12u);
  EXPECT_EQ(r.merged_stories, 0u);
  // The six paragraphs of the appeal, from each story.
  EXPECT_EQ(r.removed, 72u);
}

}  // namespace
}  // namespace winnow
