// Cluster consensus: the seed pair, alignment under small edits, paragraphs
// only one capture has, and the DP alignment against a brute-force search.
#include "winnow/consensus.h"

#include <gtest/gtest.h>

#include <functional>
#include <random>
#include <string>
#include <vector>

#include "test_seeds.h"
#include "winnow/boilerplate.h"

namespace winnow {
namespace {

using testing::SplitLines;

TEST(Consensus, SeedPairBecomesTheNineBodyParagraphsOf001) {
  if (!testing::SeedsPresent()) GTEST_SKIP() << "seeds absent";
  const std::string raw0 = testing::ReadSeed(0), raw1 = testing::ReadSeed(1);
  BoilerplateResult r0, r1;
  RemoveBoilerplate(raw0, "seeds", nullptr, {}, &r0);
  RemoveBoilerplate(raw1, "seeds", nullptr, {}, &r1);
  std::vector<CaptureText> caps = {CaptureFromBoilerplate("000", r0),
                                   CaptureFromBoilerplate("001", r1)};
  ConsensusResult c;
  BuildConsensus(caps, {}, &c);
  std::vector<std::string> body = SplitLines(raw1);
  body.resize(9);
  std::string expected;
  for (const auto& p : body) expected += (expected.empty() ? "" : "\n") + p;
  EXPECT_EQ(c.text, expected);
  ASSERT_EQ(c.paragraphs.size(), 9u);
  for (const auto& p : c.paragraphs) {
    EXPECT_EQ(p.support, 2u);
    EXPECT_EQ(p.present, 2u);
  }
  // Dropped: the caption of 000, and the eight paragraphs of the appeal.
  ASSERT_EQ(c.dropped.size(), 9u);
  EXPECT_EQ(c.dropped[0].cls, BoilerplateClass::kCaption);
  EXPECT_EQ(caps[c.dropped[0].capture].id, "000");
  for (size_t i = 1; i < 9; ++i) {
    EXPECT_EQ(caps[c.dropped[i].capture].id, "001");
    EXPECT_FALSE(c.dropped[i].rule.empty());
    EXPECT_GE(c.dropped[i].score, 0.5f);
  }
  // Either order of the captures gives the same text.
  std::vector<CaptureText> rev = {caps[1], caps[0]};
  ConsensusResult c2;
  BuildConsensus(rev, {}, &c2);
  EXPECT_EQ(c2.text, expected);
}

CaptureText Cap(std::string_view id, const std::vector<std::string>& paras,
                const std::vector<float>& scores = {}) {
  CaptureText c;
  c.id = id;
  for (size_t i = 0; i < paras.size(); ++i) {
    c.paragraphs.push_back(paras[i]);
    if (!scores.empty()) {
      Verdict v;
      v.score = scores[i];
      v.keep = scores[i] < 0.5f;
      v.cls = v.keep ? BoilerplateClass::kContent : BoilerplateClass::kInterface;
      v.leaning = BoilerplateClass::kInterface;
      v.rule = "test";
      c.verdicts.push_back(v);
    }
  }
  return c;
}

const std::vector<std::string> kStory = {
    "The council voted on Tuesday to keep the library open for another year.",
    "Its chairman said the decision had been difficult but necessary.",
    "Opponents said the money should have gone to the swimming pool instead.",
    "A final review of the budget is due in the spring."};

TEST(Consensus, SmallEditsStillAlign) {
  std::vector<std::string> edited = kStory;
  edited[1] = "Its chairman said the decision had been hard but necessary.";
  edited[2] += " They plan to protest.";
  std::vector<CaptureText> caps = {Cap("a", kStory), Cap("b", edited)};
  ConsensusResult c;
  BuildConsensus(caps, {}, &c);
  ASSERT_EQ(c.paragraphs.size(), 4u) << c.text;
  for (const auto& p : c.paragraphs) EXPECT_EQ(p.support, 2u);
  EXPECT_TRUE(c.dropped.empty());
  // The edited capture has more words: it is the base and gives the text.
  EXPECT_EQ(c.base, 1u);
  EXPECT_EQ(c.text, edited[0] + "\n" + edited[1] + "\n" + edited[2] + "\n" +
                        edited[3]);
}

TEST(Consensus, TheLongerCaptureGivesOrderAndExtraContent) {
  std::vector<std::string> longer = kStory;
  longer.insert(longer.begin() + 2,
                "The library lends more than forty thousand books a year, "
                "most of them to children and pensioners.");
  std::vector<std::string> shorter = {kStory[0], kStory[1], kStory[2]};
  std::vector<CaptureText> caps = {Cap("short", shorter),
                                   Cap("long", longer)};
  ConsensusResult c;
  BuildConsensus(caps, {}, &c);
  EXPECT_EQ(c.base, 1u);
  ASSERT_EQ(c.paragraphs.size(), 5u) << c.text;
  EXPECT_EQ(c.paragraphs[2].support, 1u);  // only the longer capture has it
  EXPECT_EQ(c.paragraphs[2].text, longer[2]);
  EXPECT_EQ(c.paragraphs[4].text, kStory[3]);
}

TEST(Consensus, UnsupportedBoilerplateLikeParagraphIsDropped) {
  std::vector<std::string> a = kStory, b = kStory;
  b.insert(b.begin() + 3, "Sign up for our morning briefing");
  // The classifier kept it, but with a boilerplate-like score.
  std::vector<float> sa(a.size(), 0.0f), sb(b.size(), 0.0f);
  sb[3] = 0.45f;
  std::vector<CaptureText> caps = {Cap("a", a, sa), Cap("b", b, sb)};
  ConsensusResult c;
  BuildConsensus(caps, {}, &c);
  EXPECT_EQ(c.paragraphs.size(), 4u) << c.text;
  ASSERT_EQ(c.dropped.size(), 1u);
  EXPECT_EQ(c.dropped[0].text, b[3]);
  EXPECT_EQ(c.dropped[0].rule, "consensus.unsupported");
  EXPECT_EQ(c.dropped[0].cls, BoilerplateClass::kInterface);
  EXPECT_FLOAT_EQ(c.dropped[0].score, 0.45f);
  // Alone, the same capture keeps it: a singleton keeps its own text.
  ConsensusResult alone;
  BuildConsensus(std::span<const CaptureText>(&caps[1], 1), {}, &alone);
  EXPECT_EQ(alone.paragraphs.size(), 5u);
  EXPECT_TRUE(alone.dropped.empty());
}

TEST(Consensus, SupportRescuesAParagraphOneClassifierRemoved) {
  std::vector<float> sa(4, 0.0f), sb(4, 0.0f);
  sb[0] = 0.6f;  // removed in b (say, by position), kept in a
  std::vector<CaptureText> caps = {Cap("a", kStory, sa), Cap("b", kStory, sb),
                                   Cap("c", kStory, sa)};
  ConsensusResult c;
  BuildConsensus(caps, {}, &c);
  ASSERT_EQ(c.paragraphs.size(), 4u);
  EXPECT_EQ(c.paragraphs[0].support, 2u);
  EXPECT_EQ(c.paragraphs[0].present, 3u);
}

TEST(Consensus, IdenticalOnlyAlignmentForHugeCaptures) {
  std::vector<std::string> a, b;
  for (int i = 0; i < 60; ++i) {
    a.push_back("Paragraph number " + std::string(1, 'a' + i % 26) +
                std::string(1, 'a' + i / 26) + " of the long story.");
  }
  b = a;
  b.erase(b.begin() + 10);
  b.insert(b.begin() + 30, "An update added in the second capture only.");
  ConsensusOptions o;
  o.max_alignment_cells = 100;  // force the fallback
  std::vector<CaptureText> caps = {Cap("a", a), Cap("b", b)};
  ConsensusResult fast, full;
  BuildConsensus(caps, o, &fast);
  BuildConsensus(caps, {}, &full);
  EXPECT_EQ(fast.text, full.text);
  EXPECT_EQ(fast.paragraphs.size(), 61u);
}

TEST(Consensus, EmptyAndDegenerateInputs) {
  ConsensusResult c;
  BuildConsensus({}, {}, &c);
  EXPECT_TRUE(c.text.empty());
  // CaptureText views its paragraphs: keep them alive.
  const std::vector<std::string> none, odd = {"***", ""};
  std::vector<CaptureText> caps = {Cap("a", none), Cap("b", odd)};
  BuildConsensus(caps, {}, &c);
  EXPECT_EQ(c.paragraphs.size(), 2u);  // kept by its only capture, score 0
}

TEST(ParagraphSimilarity, DiceOfWordBigrams) {
  EXPECT_FLOAT_EQ(ParagraphSimilarity("a b c", "A, b; c!"), 1.0f);
  EXPECT_FLOAT_EQ(ParagraphSimilarity("a b c", "x y z"), 0.0f);
  // {ab, bc} vs {ab, bd}: 2 * 1 / 4.
  EXPECT_FLOAT_EQ(ParagraphSimilarity("a b c", "a b d"), 0.5f);
  EXPECT_FLOAT_EQ(ParagraphSimilarity("one", "one"), 1.0f);
}

// The reference: the best total similarity of a monotone matching, by
// trying every matching of two short sequences.
float BruteForceBest(const std::vector<std::string>& a,
                     const std::vector<std::string>& b, float threshold) {
  std::function<float(size_t, size_t)> go = [&](size_t i, size_t j) -> float {
    if (i == a.size() || j == b.size()) return 0.0f;
    float best = std::max(go(i + 1, j), go(i, j + 1));
    float s = ParagraphSimilarity(a[i], b[j]);
    if (s >= threshold) best = std::max(best, s + go(i + 1, j + 1));
    return best;
  };
  return go(0, 0);
}

// Every matching of a and b by AlignParagraphs is the brute force's best,
// with each matched pair's similarity from ParagraphSimilarity.
void ExpectOptimalAlignments(const std::vector<std::string>& pool,
                             float threshold, int rounds) {
  std::mt19937 rng(9);
  for (int round = 0; round < rounds; ++round) {
    std::vector<std::string> a, b;
    int n = rng() % 6, m = rng() % 6;
    for (int i = 0; i < n; ++i) a.push_back(pool[rng() % pool.size()]);
    for (int i = 0; i < m; ++i) b.push_back(pool[rng() % pool.size()]);
    std::vector<std::string_view> av(a.begin(), a.end()), bv(b.begin(), b.end());
    std::vector<int> match;
    AlignParagraphs(av, bv, threshold, &match);
    ASSERT_EQ(match.size(), b.size());
    float total = 0;
    int last = -1;
    for (size_t j = 0; j < b.size(); ++j) {
      if (match[j] < 0) continue;
      ASSERT_GT(match[j], last) << "matches must keep order";
      last = match[j];
      float s = ParagraphSimilarity(a[match[j]], b[j]);
      ASSERT_GE(s, threshold);
      total += s;
    }
    EXPECT_NEAR(total, BruteForceBest(a, b, threshold), 1e-4)
        << "round " << round;
  }
}

TEST(Consensus, AlignmentIsOptimalAgainstBruteForce) {
  ExpectOptimalAlignments(
      {"red fox jumps", "red fox jumps high", "blue sea waves", "blue sea",
       "green hills roll on", "green hills roll", "the end of it", "the end",
       "a b c d", "a b c e"},
      0.5f, 500);
}

// The alignment compares all pairs at once through an index of bigrams;
// paragraphs of one word (compared by word sets), of no word, with
// repeated bigrams, and sharing bigrams with several others at once must
// score as ParagraphSimilarity scores them one pair at a time.
TEST(Consensus, AlignmentOfOddParagraphsIsOptimal) {
  ExpectOptimalAlignments(
      {"one", "One!", "two", "***", "", "a a a a", "a a b", "b a a b",
       "red fox red fox", "fox red fox", "the fox and the hound",
       "the hound and the fox", "the fox", "hound"},
      0.3f, 800);
}

// Captures with the same paragraphs take the diagonal alignment without
// computing it: the result is the computed one's, field for field, over
// random clusters of captures alike in their texts (paragraphs repeated
// within a capture, one-word, empty and punctuation-only ones, texts that
// are near-identical to each other) and differing in their verdicts, at
// several thresholds.
TEST(Consensus, CapturesAlikeGiveWhatTheComputedAlignmentGives) {
  const std::vector<std::string> pool = {
      "one", "One!", "***", "", "a a a a", "a a b", "the fox and the hound",
      "the hound and the fox", "The fox and the hound.", "the fox", kStory[0],
      kStory[1], kStory[2], kStory[3]};
  std::mt19937 rng(5);
  int shortcut_taken = 0;
  for (int round = 0; round < 3000; ++round) {
    const int n = static_cast<int>(rng() % 7);
    std::vector<std::string> paras;
    for (int i = 0; i < n; ++i) paras.push_back(pool[rng() % pool.size()]);
    const int k = 2 + static_cast<int>(rng() % 3);
    std::vector<CaptureText> caps;
    for (int c = 0; c < k; ++c) {
      std::vector<float> scores;
      for (int i = 0; i < n; ++i) {
        scores.push_back(static_cast<float>(rng() % 10) / 10.0f);
      }
      caps.push_back(Cap("c" + std::to_string(c), paras,
                         rng() % 4 == 0 ? std::vector<float>() : scores));
    }
    // Now and then one capture differs, which the shortcut must notice.
    if (n > 0 && rng() % 5 == 0) {
      caps[rng() % k].paragraphs[rng() % n] = pool[rng() % pool.size()];
    }
    ConsensusOptions with, without;
    with.match_similarity = without.match_similarity =
        rng() % 2 ? 0.5f : 0.3f;
    without.shortcut_identical = false;
    ConsensusResult a, b;
    BuildConsensus(caps, with, &a);
    BuildConsensus(caps, without, &b);
    SCOPED_TRACE(::testing::Message() << "round " << round);
    ASSERT_EQ(a.text, b.text);
    ASSERT_EQ(a.base, b.base);
    ASSERT_EQ(a.paragraphs.size(), b.paragraphs.size());
    for (size_t i = 0; i < a.paragraphs.size(); ++i) {
      EXPECT_EQ(a.paragraphs[i].capture, b.paragraphs[i].capture);
      EXPECT_EQ(a.paragraphs[i].paragraph, b.paragraphs[i].paragraph);
      EXPECT_EQ(a.paragraphs[i].support, b.paragraphs[i].support);
      EXPECT_EQ(a.paragraphs[i].present, b.paragraphs[i].present);
    }
    ASSERT_EQ(a.dropped.size(), b.dropped.size());
    for (size_t i = 0; i < a.dropped.size(); ++i) {
      EXPECT_EQ(a.dropped[i].capture, b.dropped[i].capture);
      EXPECT_EQ(a.dropped[i].paragraph, b.dropped[i].paragraph);
      EXPECT_EQ(a.dropped[i].present, b.dropped[i].present);
      EXPECT_EQ(a.dropped[i].cls, b.dropped[i].cls);
      EXPECT_EQ(a.dropped[i].rule, b.dropped[i].rule);
      EXPECT_EQ(a.dropped[i].score, b.dropped[i].score);
    }
    bool alike = true;
    for (const CaptureText& c : caps) alike = alike && c.paragraphs == caps[0].paragraphs;
    shortcut_taken += alike;
    if (HasFailure()) return;
  }
  EXPECT_GT(shortcut_taken, 2000);
}

}  // namespace
}  // namespace winnow
