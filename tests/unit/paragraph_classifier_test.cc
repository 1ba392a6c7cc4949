// The paragraph classifier: the seeds, each boilerplate class, the content
// that must survive cue-like words, the context rules, languages.
#include "winnow/paragraph_classifier.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "test_seeds.h"
#include "winnow/clean.h"

namespace winnow {
namespace {

using testing::SplitLines;

const char* kProse1 =
    "The city council voted on Tuesday to extend the programme for another "
    "two years, after a long debate in which several members said that the "
    "results so far had been better than they had expected.";
const char* kProse2 =
    "Officials said the money would be spent on repairs to the old bridge "
    "and on a new bus line, which is due to open in the spring if the "
    "contractor can finish the work on time.";
const char* kProse3 =
    "Residents who spoke to reporters were divided, with some saying that "
    "the city should have spent the money on schools instead of roads.";

std::vector<Verdict> Classify(const std::vector<std::string>& paras,
                              ClassifierOptions options = {}) {
  std::vector<Block> blocks;
  for (const std::string& p : paras) {
    Block b;
    b.text = p;
    blocks.push_back(b);
  }
  std::vector<Verdict> v;
  ClassifyBlocks(blocks, options, &v);
  return v;
}

// One paragraph between two of prose: its verdict.
Verdict Middle(const std::string& p) {
  return Classify({kProse1, p, kProse2})[1];
}

TEST(ParagraphClassifier, SeedCaptionIsRemovedAsCaption) {
  if (!testing::SeedsPresent()) GTEST_SKIP() << "seeds absent";
  CleanResult c;
  CleanText(testing::ReadSeed(0), {}, &c);
  std::vector<Verdict> v;
  ClassifyParagraphs(c.text, {}, &v);
  ASSERT_EQ(v.size(), 10u);
  EXPECT_FALSE(v[0].keep);
  EXPECT_EQ(v[0].cls, BoilerplateClass::kCaption);
  EXPECT_EQ(v[0].rule, "credit.caption-tail");
  for (size_t i = 1; i < 10; ++i) EXPECT_TRUE(v[i].keep) << "paragraph " << i;
}

TEST(ParagraphClassifier, SeedAppealIsRemovedAsABlock) {
  if (!testing::SeedsPresent()) GTEST_SKIP() << "seeds absent";
  CleanResult c;
  CleanText(testing::ReadSeed(1), {}, &c);
  std::vector<Verdict> v;
  ClassifyParagraphs(c.text, {}, &v);
  std::vector<std::string> lines = SplitLines(c.text);
  ASSERT_EQ(v.size(), 17u);
  for (size_t i = 0; i < 9; ++i) EXPECT_TRUE(v[i].keep) << lines[i];
  for (size_t i = 9; i < 17; ++i) {
    EXPECT_FALSE(v[i].keep) << lines[i];
    if (i < 16) {
      EXPECT_EQ(v[i].cls, BoilerplateClass::kAppeal) << lines[i];
    }
  }
  EXPECT_EQ(v[16].cls, BoilerplateClass::kInterface);  // "Remind me later."
  // The paragraph of the appeal without any cue goes with its block.
  EXPECT_EQ(v[11].rule, "context.tail-block");
}

struct ClassCase {
  const char* text;
  BoilerplateClass cls;
};

TEST(ParagraphClassifier, EachClassHasItsCues) {
  const ClassCase cases[] = {
      {"Photo: Evan Vucci/AP", BoilerplateClass::kCaption},
      {"Gregg Newton/AFP via Getty Images", BoilerplateClass::kCaption},
      {"Please support independent journalism: make a donation today.",
       BoilerplateClass::kAppeal},
      {"Sign up for our newsletter", BoilerplateClass::kNewsletter},
      {"Enter your email address to get the latest stories in your inbox.",
       BoilerplateClass::kNewsletter},
      {"Share this article", BoilerplateClass::kShare},
      {"Facebook Twitter LinkedIn Email", BoilerplateClass::kShare},
      {"We use cookies to improve your experience. By continuing to use "
       "this site you accept our cookie policy.",
       BoilerplateClass::kCookie},
      {"Remind me later.", BoilerplateClass::kInterface},
      {"Advertisement", BoilerplateClass::kInterface},
      {"Read more", BoilerplateClass::kInterface},
      {"Read more: Council approves new budget", BoilerplateClass::kInterface},
      {"© 2024 Example Media Group. All rights reserved.",
       BoilerplateClass::kLegal},
      {"Privacy Policy", BoilerplateClass::kLegal},
      {"Contact us", BoilerplateClass::kNavigation},
      // Other languages.
      {"Weiterlesen Anzeige", BoilerplateClass::kContent},  // not a cue
      {"Alle Rechte vorbehalten.", BoilerplateClass::kLegal},
      {"Lire aussi : le conseil vote le budget", BoilerplateClass::kInterface},
      {"Suscríbete a nuestro boletín", BoilerplateClass::kNewsletter},
      {"Читайте также: новости дня", BoilerplateClass::kInterface},
      {"Tutti i diritti riservati", BoilerplateClass::kLegal},
      {"Leia também: o conselho aprova o orçamento",
       BoilerplateClass::kInterface},
  };
  for (const ClassCase& c : cases) {
    Verdict v = Middle(c.text);
    if (c.cls == BoilerplateClass::kContent) {
      EXPECT_TRUE(v.keep) << c.text << " rule " << v.rule;
      continue;
    }
    EXPECT_FALSE(v.keep) << c.text;
    EXPECT_EQ(BoilerplateClassName(v.cls), BoilerplateClassName(c.cls))
        << c.text << " rule " << v.rule;
    EXPECT_FALSE(v.rule.empty()) << c.text;
    EXPECT_GE(v.score, 0.5f) << c.text;
  }
}

TEST(ParagraphClassifier, StoryTextWithCueLikeWordsStays) {
  const char* keep[] = {
      "The crackdown targets independent journalism in Russia, where most "
      "outlets critical of the government have been closed since 2022.",
      "Reuters reported on Monday that the company would cut 300 jobs.",
      "Read more about aliases in the dedicated section of the manual.",
      "The app asks users to share their location before it shows the map.",
      "Under the new terms of the deal, the club will pay the fee in three "
      "parts over the next two seasons.",
      "North Korea has described that conflict as a U.S. \"proxy war\" to "
      "destroy Russia, and condemned Western military aid to Kyiv.",
      "Background",
      "What the council decided",
      "2 cups flour",
  };
  for (const char* p : keep) {
    Verdict v = Middle(p);
    EXPECT_TRUE(v.keep) << p << " removed by " << v.rule;
  }
}

TEST(ParagraphClassifier, WeakEvidenceAloneStaysButGoesWithNeighbours) {
  // "Learn more" alone between prose: a link some pages keep in their text.
  EXPECT_TRUE(Middle("Learn more").keep);
  // Between two removed paragraphs it goes with them.
  auto v = Classify({kProse1, kProse2, "Share this article", "Learn more",
                     "Privacy Policy", kProse3});
  EXPECT_FALSE(v[3].keep);
  EXPECT_EQ(v[3].rule, "context.between-boilerplate");
  EXPECT_TRUE(v[5].keep);
}

TEST(ParagraphClassifier, HeadingsAndListsInsideTheStoryStay) {
  auto v = Classify({kProse1, "The new route", "Stops on the line:",
                     "Central Station", "Market Square", "Old Bridge",
                     kProse2, kProse3});
  for (size_t i = 0; i < v.size(); ++i) EXPECT_TRUE(v[i].keep) << i;
}

TEST(ParagraphClassifier, TailRunNeedsAStrongAnchor) {
  // Two weak appeal hits at the end, no strong cue: the story stays.
  auto v = Classify({kProse1, kProse2,
                     "The charity said it relies on donations from readers "
                     "and on a grant from the city for its work.",
                     "Its director thanked everyone who had helped."});
  for (size_t i = 0; i < v.size(); ++i) EXPECT_TRUE(v[i].keep) << i;
}

TEST(ParagraphClassifier, HeadRunRemovesFurnitureBeforeTheStory) {
  auto v = Classify({"Skip to main content", "Sign in", "Menu",
                     "Dear readers,", kProse1, kProse2});
  EXPECT_FALSE(v[0].keep);
  EXPECT_FALSE(v[1].keep);
  EXPECT_FALSE(v[2].keep);
  EXPECT_TRUE(v[4].keep);
  EXPECT_TRUE(v[5].keep);
}

TEST(ParagraphClassifier, RepeatedParagraphsGoAtEdgesAndInRunsOnly) {
  std::vector<std::string> paras = {kProse1, kProse2, kProse3,
                                    "Follow the council on its website.",
                                    "Published by the City Desk."};
  std::vector<Block> blocks(paras.size());
  for (size_t i = 0; i < paras.size(); ++i) blocks[i].text = paras[i];
  // The middle prose paragraph repeats across the source: alone inside the
  // story, it stays (a reused background paragraph).
  blocks[1].repeats = 7;
  // The last two repeat: a template footer at the edge.
  blocks[3].repeats = 9;
  blocks[4].repeats = 9;
  std::vector<Verdict> v;
  ClassifyBlocks(blocks, {}, &v);
  EXPECT_TRUE(v[1].keep);
  EXPECT_EQ(v[1].rule, "repeat.isolated");
  EXPECT_EQ(v[1].leaning, BoilerplateClass::kRepeat);
  EXPECT_FALSE(v[3].keep);
  EXPECT_FALSE(v[4].keep);
  // Each reports its own evidence: repetition alone, or a (weak) cue.
  EXPECT_EQ(v[3].cls, BoilerplateClass::kRepeat);
  EXPECT_EQ(v[4].cls, BoilerplateClass::kMetadata);
  // Below the anchor threshold, repeats are ignored.
  ClassifierOptions o;
  o.repeat_anchor = 10;
  ClassifyBlocks(blocks, o, &v);
  EXPECT_TRUE(v[3].keep);
  EXPECT_TRUE(v[4].keep);
}

TEST(ParagraphClassifier, HtmlHintsAreUsed) {
  std::vector<std::string> paras = {kProse1, "The bridge at dawn.", kProse2};
  std::vector<Block> blocks(3);
  for (size_t i = 0; i < 3; ++i) blocks[i].text = paras[i];
  std::vector<Verdict> v;
  ClassifyBlocks(blocks, {}, &v);
  EXPECT_TRUE(v[1].keep);
  blocks[1].kind = ParagraphKind::kCaption;
  ClassifyBlocks(blocks, {}, &v);
  EXPECT_FALSE(v[1].keep);
  EXPECT_EQ(v[1].cls, BoilerplateClass::kCaption);
  EXPECT_EQ(v[1].rule, "html.caption");
}

TEST(ParagraphClassifier, LinkDensityIsWeakEvidence) {
  // A line that is all link text: alone between prose it stays (a list of
  // links can be a page's content); between removed lines it goes.
  std::vector<std::string> paras = {kProse1, "Harbour works timeline", kProse2,
                                    "Sign in", "Harbour works timeline",
                                    "Privacy Policy", kProse3};
  std::vector<Block> blocks(paras.size());
  for (size_t i = 0; i < paras.size(); ++i) blocks[i].text = paras[i];
  blocks[1].link_density = 1.0f;
  blocks[4].link_density = 1.0f;
  std::vector<Verdict> v;
  ClassifyBlocks(blocks, {}, &v);
  EXPECT_TRUE(v[1].keep);
  EXPECT_EQ(v[1].rule, "feature.link-density");
  EXPECT_FALSE(v[4].keep);
  EXPECT_EQ(v[4].cls, BoilerplateClass::kNavigation);
  // Without link density the same line has no evidence and stays.
  blocks[4].link_density = -1.0f;
  ClassifyBlocks(blocks, {}, &v);
  EXPECT_TRUE(v[4].keep);
}

TEST(ParagraphClassifier, GuessesTheLanguage) {
  EXPECT_EQ(GuessLanguage(kProse1), Language::kEnglish);
  EXPECT_EQ(GuessLanguage("Der Stadtrat hat am Dienstag beschlossen, dass "
                          "das Programm für weitere zwei Jahre läuft, weil "
                          "die Ergebnisse besser waren als erwartet."),
            Language::kGerman);
  EXPECT_EQ(GuessLanguage("Le conseil municipal a voté mardi pour prolonger "
                          "le programme de deux ans, car les résultats sont "
                          "meilleurs que prévu par les élus de la ville."),
            Language::kFrench);
  EXPECT_EQ(GuessLanguage("El ayuntamiento votó el martes para ampliar el "
                          "programa por dos años más, porque los resultados "
                          "fueron mejores de lo que se esperaba."),
            Language::kSpanish);
  EXPECT_EQ(GuessLanguage("Il consiglio comunale ha votato martedì per "
                          "prolungare il programma di altri due anni, perché "
                          "i risultati sono stati migliori del previsto."),
            Language::kItalian);
  EXPECT_EQ(GuessLanguage("A câmara municipal votou na terça-feira para "
                          "prolongar o programa por mais dois anos, porque os "
                          "resultados foram melhores do que se esperava."),
            Language::kPortuguese);
  EXPECT_EQ(GuessLanguage("Городской совет во вторник проголосовал за то, "
                          "чтобы продлить программу ещё на два года, так как "
                          "результаты оказались лучше, чем ожидалось."),
            Language::kRussian);
  EXPECT_EQ(GuessLanguage("市议会周二投票决定将该计划延长两年。"),
            Language::kUnknown);
}

TEST(ParagraphClassifier, VerdictsCoverEveryParagraphOfAnyInput) {
  std::mt19937 rng(7);
  const std::string alphabet = "ab .,:/@|©\n\xc3\xa9\xff\x80";
  for (int round = 0; round < 300; ++round) {
    std::string text;
    int len = rng() % 200;
    for (int i = 0; i < len; ++i) text.push_back(alphabet[rng() % alphabet.size()]);
    std::vector<Verdict> v;
    ClassifyParagraphs(text, {}, &v);
    size_t lines = text.empty() ? 0 : SplitLines(text).size() +
                                          (text.back() == '\n' ? 1 : 0);
    EXPECT_EQ(v.size(), lines);
    for (const Verdict& x : v) {
      EXPECT_GE(x.score, 0.0f);
      EXPECT_LE(x.score, 1.0f);
      EXPECT_EQ(x.keep, x.cls == BoilerplateClass::kContent);
    }
    // Deterministic.
    std::vector<Verdict> w;
    ClassifyParagraphs(text, {}, &w);
    ASSERT_EQ(v.size(), w.size());
    for (size_t i = 0; i < v.size(); ++i) {
      EXPECT_EQ(v[i].keep, w[i].keep);
      EXPECT_EQ(v[i].rule, w[i].rule);
    }
  }
}

TEST(ParagraphClassifier, ClassNamesAreDistinct) {
  std::vector<std::string_view> names;
  for (int i = 0; i < kBoilerplateClassCount; ++i) {
    names.push_back(BoilerplateClassName(static_cast<BoilerplateClass>(i)));
  }
  for (size_t i = 0; i < names.size(); ++i) {
    for (size_t j = i + 1; j < names.size(); ++j) EXPECT_NE(names[i], names[j]);
  }
}

}  // namespace
}  // namespace winnow

namespace winnow {
namespace {

// Credits of agencies winnow has never heard of: the shape decides.
TEST(ParagraphClassifier, CreditShapesWithoutKnownAgencies) {
  const char* captions[] = {
      "Cyclists cross the restored bridge on Friday, April 12, 2024, shortly "
      "after it reopened. Ilan Moreau/Ostrevian News Agency via Tidewater "
      "Images",
      "Police officers stand outside the museum on Wednesday morning, hours "
      "after the theft was discovered. (ONA Photo)",
      "A scientist examines the fossilised skull at the institute. (Saltfleet "
      "Marine Institute Photo)",
      "The headquarters of the central bank in Halvard, January 2023. Katrin "
      "Mols / Halvard Photo Service",
  };
  for (const char* c : captions) {
    std::vector<Verdict> v = Classify({c, kProse1, kProse2, kProse3});
    EXPECT_FALSE(v[0].keep) << c;
    EXPECT_EQ(v[0].cls, BoilerplateClass::kCaption) << c;
  }
}

TEST(ParagraphClassifier, CreditLikeWordsInContentStay) {
  for (const char* p :
       {"Foreground/Background Image Usage Audit",
        "– Credit/debit cards (Visa, Mastercard, American Express)",
        "Wrought hardware, steel, brass, bronze. (Stanley Works, 1911), by "
        "Stanley Works (page images at HathiTrust)"}) {
    EXPECT_TRUE(Middle(p).keep) << p;
  }
}

TEST(ParagraphClassifier, CaptionAboveItsCreditLineGoesWithIt) {
  std::vector<Verdict> v = Classify(
      {"Smoke rises over pine forest near the village of Grevdal on Tuesday, "
       "August 13, 2024.",
       "Photo: Piet Aro / Tidewater Images", kProse1, kProse2, kProse3});
  EXPECT_FALSE(v[1].keep);
  EXPECT_FALSE(v[0].keep);
  EXPECT_EQ(v[0].cls, BoilerplateClass::kCaption);
  EXPECT_EQ(v[0].rule, "context.caption-before-credit");
  // A long opening paragraph is story text, credit line or not.
  std::string long_para = std::string(kProse1) + " " + kProse2 + " " + kProse3;
  v = Classify({long_para, "Photo: Piet Aro / Tidewater Images", kProse1,
                kProse2});
  EXPECT_TRUE(v[0].keep);
}

TEST(ParagraphClassifier, WireStaffCreditIsMetadata) {
  std::vector<Verdict> v = Classify(
      {kProse1, kProse2, kProse3,
       "Reporting by Hedda Marsh; additional reporting by Jan Kovač; Editing "
       "by Clara Wendt"});
  EXPECT_FALSE(v[3].keep);
  EXPECT_EQ(v[3].cls, BoilerplateClass::kMetadata);
  EXPECT_EQ(v[3].rule, "shape.wire-credit");
  EXPECT_TRUE(Middle("Reporting by local journalists has grown in recent "
                     "years, the study found, and readers have noticed.")
                  .keep);
}

}  // namespace
}  // namespace winnow
