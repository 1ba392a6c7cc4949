// Paragraph recovery: the tricky cases, and a property test that reflow
// undoes greedy fixed-width wrapping.
#include <gtest/gtest.h>

#include <random>
#include <set>
#include <string>
#include <vector>

#include "test_util.h"
#include "winnow/clean.h"
#include "winnow/lexicon.h"

namespace winnow {
namespace {

std::string Clean(const std::string& in, CleanOptions opt = {}) {
  CleanResult r;
  CleanText(in, opt, &r);
  return r.text;
}

// Greedy fixed-width wrapping, the way text formatters and print capture
// produce it: as many words per line as fit in `width` columns.
std::string Wrap(const std::string& paragraph, size_t width) {
  std::string out, line;
  size_t pos = 0;
  while (pos < paragraph.size()) {
    size_t sp = paragraph.find(' ', pos);
    if (sp == std::string::npos) sp = paragraph.size();
    std::string word = paragraph.substr(pos, sp - pos);
    pos = sp + 1;
    if (line.empty()) {
      line = word;
    } else if (line.size() + 1 + word.size() <= width) {
      line += " " + word;
    } else {
      out += line + "\n";
      line = word;
    }
  }
  out += line;
  return out;
}

const char* kPara1 =
    "The harbour authority said on Tuesday that the eastern quay would "
    "reopen to container traffic next month, ending a closure that has "
    "lasted almost two years and cost local firms an estimated sum that "
    "nobody in the council chamber was willing to repeat in public.";
const char* kPara2 =
    "Dock workers, who had staged a series of short strikes over the "
    "summer, welcomed the decision but warned that the new shift patterns "
    "still needed to be agreed with the union before any ship could berth.";
const char* kPara3 =
    "A spokesperson for the port declined to give a date for the first "
    "arrival, saying only that preparations were well advanced and that "
    "the cranes had passed their safety inspections last week.";

TEST(Reflow, JoinsWrappedParagraphsSeparatedByBlankLines) {
  std::string in = Wrap(kPara1, 72) + "\n\n" + Wrap(kPara2, 72) + "\n\n" +
                   Wrap(kPara3, 72) + "\n";
  EXPECT_EQ(Clean(in), std::string(kPara1) + "\n" + kPara2 + "\n" + kPara3);
}

TEST(Reflow, JoinsWrappedParagraphsWithoutBlankLines) {
  // Paragraph ends are short lines: the next word would have fitted.
  std::string in = Wrap(kPara1, 80) + "\n" + Wrap(kPara2, 80) + "\n" +
                   Wrap(kPara3, 80);
  EXPECT_EQ(Clean(in), std::string(kPara1) + "\n" + kPara2 + "\n" + kPara3);
}

TEST(Reflow, LeavesOneParagraphPerLineAlone) {
  std::string in = std::string(kPara1) + "\n" + kPara2 + "\nShort line.\n" +
                   kPara3;
  CleanResult r;
  CleanText(in, {}, &r);
  EXPECT_FALSE(r.wrap.wrapped);
  EXPECT_EQ(r.text, in);
}

TEST(Reflow, KeepsBulletedListItemsApart) {
  std::string in = Wrap(kPara1, 70) +
                   "\n- the eastern quay, which handles most of the "
                   "containers\n- the ferry terminal\n- the fishing "
                   "harbour\n\n" +
                   Wrap(kPara2, 70);
  std::string out = Clean(in);
  EXPECT_NE(out.find("\n- the eastern quay, which handles most of the "
                     "containers\n- the ferry terminal\n- the fishing "
                     "harbour\n"),
            std::string::npos)
      << out;
  EXPECT_EQ(out.substr(0, std::string(kPara1).size()), kPara1);
}

TEST(Reflow, KeepsNumberedItemsApart) {
  std::string in = Wrap(kPara2, 64) +
                   "\n1. Agree the new shift patterns with the union.\n"
                   "2. Inspect the cranes.\n3. Open the quay.\n\n" +
                   Wrap(kPara3, 64);
  std::string out = Clean(in);
  EXPECT_NE(out.find("\n1. Agree the new shift patterns with the union.\n2. "
                     "Inspect the cranes.\n3. Open the quay.\n"),
            std::string::npos)
      << out;
}

TEST(Reflow, KeepsHeadingAndByline) {
  std::string in = "Quay to reopen next month\nBy Ana Ribeiro\n\n" +
                   Wrap(kPara1, 76) + "\n\n" + Wrap(kPara2, 76);
  EXPECT_EQ(Clean(in), "Quay to reopen next month\nBy Ana Ribeiro\n" +
                           std::string(kPara1) + "\n" + kPara2);
}

TEST(Reflow, KeepsAddressLines) {
  std::string in = Wrap(kPara1, 70) +
                   "\n\nHarbour Authority\n14 Quay Street\nPortmere PM1 "
                   "4QT\n\n" +
                   Wrap(kPara3, 70);
  EXPECT_NE(Clean(in).find(
                "\nHarbour Authority\n14 Quay Street\nPortmere PM1 4QT\n"),
            std::string::npos);
}

TEST(Reflow, LeavesVerseAlone) {
  std::string verse =
      "The tide came in across the bar\n"
      "And lifted every boat in turn,\n"
      "The lamps were lit from near to far\n"
      "And no one stayed behind to learn\n"
      "What word the sea had brought to shore,\n"
      "What name it carried, and what more.";
  CleanResult r;
  CleanText(verse, {}, &r);
  EXPECT_FALSE(r.wrap.wrapped);
  EXPECT_EQ(r.text, verse);
}

TEST(Reflow, KeepsTableRowsApart) {
  std::string table =
      "| Port     | Ships | Tonnes |\n"
      "| Portmere | 1,204 | 88,000 |\n"
      "| Eastholm |   310 | 12,500 |\n";
  std::string in = Wrap(kPara1, 72) + "\n\n" + table + "\n" + Wrap(kPara2, 72);
  std::string out = Clean(in);
  EXPECT_NE(out.find("| Port | Ships | Tonnes |\n| Portmere | 1,204 | 88,000 "
                     "|\n| Eastholm | 310 | 12,500 |"),
            std::string::npos)
      << out;
}

TEST(Reflow, KeepsAlignedColumnsApart) {
  std::string in = Wrap(kPara1, 60) +
                   "\n\nPortmere      1,204 ships     88,000 tonnes\n"
                   "Eastholm        310 ships     12,500 tonnes\n\n" +
                   Wrap(kPara2, 60);
  std::string out = Clean(in);
  EXPECT_NE(out.find("\nPortmere 1,204 ships 88,000 tonnes\nEastholm 310 "
                     "ships 12,500 tonnes\n"),
            std::string::npos)
      << out;
}

TEST(Reflow, KeepsShortLineInAColumnOfLongOnes) {
  // A sign-off line after a wrapped paragraph, same block.
  std::string in = Wrap(kPara1, 66) + "\n\n" + Wrap(kPara2, 66) +
                   "\nThe Editors\n\n" + Wrap(kPara3, 66);
  std::string out = Clean(in);
  EXPECT_NE(out.find(std::string(kPara2) + "\nThe Editors\n" + kPara3),
            std::string::npos)
      << out;
}

TEST(Reflow, SplitsOnFirstLineIndent) {
  std::string in = "    " + Wrap(kPara1, 70) + "\n    " + Wrap(kPara2, 70) +
                   "\n    " + Wrap(kPara3, 70);
  // Continuation lines are not indented; the paragraph's first line is.
  EXPECT_EQ(Clean(in), std::string(kPara1) + "\n" + kPara2 + "\n" + kPara3);
}

// A text wrapped at 66 columns with one word broken across a line end.
const char* kHyphenated =
    "The government said on Tuesday that the harbour plan would go\n"
    "ahead despite the objections of the union, and a senior govern-\n"
    "ment spokesperson added that the cranes had passed their safety\n"
    "inspections and that the eastern quay would reopen next month.\n"
    "\n"
    "Officials from the ministry visited the site on Wednesday and\n"
    "said the work was on schedule and within the budget agreed last\n"
    "year, although the union has asked for an independent review.";

TEST(Reflow, RejoinsHyphenatedWordSeenElsewhere) {
  std::string out = Clean(kHyphenated);
  EXPECT_NE(out.find("and a senior government spokesperson added"),
            std::string::npos)
      << out;
}

TEST(Reflow, KeepsHyphenOfCompoundNotSeenJoined) {
  std::string in =
      "The union described the dispute as an all-out struggle and said\n"
      "the strike would continue until the harbour board agreed a long-\n"
      "term settlement covering every shift worked at the eastern quay.\n"
      "\n"
      "Officials from the ministry visited the site on Wednesday and\n"
      "said the work was on schedule and within the budget agreed last\n"
      "year, although the union has asked for an independent review.";
  std::string out = Clean(in);
  EXPECT_NE(out.find("agreed a long-term settlement"), std::string::npos)
      << out;
}

TEST(Reflow, DehyphenationCanBeTurnedOff) {
  CleanOptions opt;
  opt.reflow_options.dehyphenate = false;
  EXPECT_NE(Clean(kHyphenated, opt).find("a senior govern-ment spokesperson"),
            std::string::npos);
}

TEST(Reflow, JoinsUnspacedScriptWithoutSpace) {
  // Japanese wrapped at 20 characters: no space is inserted at the joins.
  std::string para =
      "港湾局は火曜日、東側の岸壁が来月コンテナ輸送のために再開されると発表した。"
      "閉鎖はほぼ二年間続いており、地元企業に大きな損失をもたらした。"
      "労働組合は決定を歓迎したが、新しい勤務体制について合意が必要だと述べた。";
  // Cut into lines of 20 code points.
  std::string in;
  size_t cps = 0;
  for (size_t i = 0; i < para.size();) {
    unsigned char c = static_cast<unsigned char>(para[i]);
    size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    in.append(para, i, len);
    i += len;
    if (++cps % 20 == 0 && i < para.size()) in += "\n";
  }
  std::string out = Clean(in);
  EXPECT_EQ(out, para);
}

TEST(Reflow, TrimsStrayLeadingSpaceAndCollapsesRuns) {
  EXPECT_EQ(Clean("  a   b  \n\n\n  c\t d "), "a b\nc d");
}

TEST(Reflow, ReflowOffKeepsLines) {
  CleanOptions opt;
  opt.reflow = false;
  std::string in = Wrap(kPara1, 72);
  std::string out = Clean(in, opt);
  EXPECT_EQ(out, in);
}

TEST(Reflow, ParagraphSpansPointIntoInput) {
  std::string in = "  Title\r\n\r\n" + Wrap(kPara1, 72) + "\n";
  CleanResult r;
  CleanText(in, {}, &r);
  ASSERT_EQ(r.paragraphs.size(), 2u);
  EXPECT_EQ(in.substr(r.paragraphs[0].in_begin,
                      r.paragraphs[0].in_end - r.paragraphs[0].in_begin),
            "  Title");
  const ParagraphSpan& p = r.paragraphs[1];
  EXPECT_EQ(in.substr(p.in_begin, p.in_end - p.in_begin), Wrap(kPara1, 72));
  EXPECT_EQ(r.text.substr(p.out_begin, p.out_end - p.out_begin), kPara1);
}

// Property: greedy wrapping at any plausible width, paragraphs separated by
// blank lines, is undone exactly.
TEST(ReflowProperty, UndoesGreedyWrapping) {
  std::mt19937 rng(20261123);
  const std::vector<std::string> words = {
      "the", "harbour", "authority", "said", "on", "Tuesday", "that", "a",
      "quay", "would", "reopen", "to", "container", "traffic", "next",
      "month", "ending", "closure", "has", "lasted", "almost", "two", "years",
      "and", "cost", "local", "firms", "an", "estimated", "sum", "of",
      "money", "workers", "union", "strike", "shift", "patterns", "agreed",
      "before", "ships", "berth", "inspection", "cranes", "spokesperson",
      "declined", "give", "date", "arrival", "preparations", "advanced"};
  int failures = 0;
  for (int trial = 0; trial < 300; ++trial) {
    size_t width = 40 + rng() % 81;  // 40..120 columns
    int paragraphs = 2 + rng() % 5;
    std::string expected, input;
    for (int p = 0; p < paragraphs; ++p) {
      int n = 25 + rng() % 60;
      std::string para;
      for (int w = 0; w < n; ++w) {
        std::string word = words[rng() % words.size()];
        if (w == 0) word[0] = static_cast<char>(std::toupper(word[0]));
        para += (w ? " " : "") + word;
        if (w + 1 < n && rng() % 9 == 0) para += ",";
      }
      para += ".";
      expected += (p ? "\n" : "") + para;
      input += (p ? "\n\n" : "") + Wrap(para, width);
    }
    std::string out = Clean(input);
    if (out != expected) {
      ++failures;
      ADD_FAILURE() << "width " << width << "\ninput:\n"
                    << input << "\noutput:\n"
                    << out;
      if (failures > 3) break;
    }
  }
}

// Property: cleaning is idempotent, on wrapped and unwrapped text alike.
TEST(ReflowProperty, CleaningIsIdempotent) {
  std::mt19937 rng(7);
  const std::vector<std::string> pieces = {
      "the ", "quay ", "Reopens ", "- ", "1. ", "| ", "   ", "\n", "\n\n",
      "said.", " A", "long-\n", "term ", "\t", "港湾", "é", "e\xCC\x81 ",
      "\xC2\xA0", "\r\n", "word ", "x"};
  for (int trial = 0; trial < 2000; ++trial) {
    std::string in;
    int n = rng() % 200;
    for (int i = 0; i < n; ++i) in += pieces[rng() % pieces.size()];
    std::string once = Clean(in);
    ASSERT_EQ(Clean(once), once) << "input: " << in;
  }
}

}  // namespace
}  // namespace winnow

namespace winnow {
namespace {

// Lines wrapped at 64 columns; "cam-paign" is broken at a line end and the
// document has no unbroken "campaign".
const char* kCampaign =
    "The health ministry began what it called the largest vaccination\n"
    "effort in a decade on Monday, the first day of a national cam-\n"
    "paign that officials hope will reach every adult before winter,\n"
    "with clinics opening in schools, town halls and libraries today.";

TEST(Reflow, LexiconDecidesLineEndHyphens) {
  Lexicon lex;
  lex.Add("campaign");
  CleanOptions opt;
  opt.reflow_options.lexicon = &lex;
  EXPECT_NE(Clean(kCampaign, opt).find("a national campaign that"),
            std::string::npos);
  opt.reflow_options.use_lexicon = false;
  EXPECT_NE(Clean(kCampaign, opt).find("a national cam-paign that"),
            std::string::npos);
}

TEST(Reflow, DocumentSpellingWithHyphenWins) {
  Lexicon lex;
  lex.Add("email");
  CleanOptions opt;
  opt.reflow_options.lexicon = &lex;
  std::string in =
      "Readers can reach the newsroom by e-mail at any hour of the day, and\n"
      "the editors promised on Monday to answer every question sent by e-\n"
      "mail within a week, including those about the harbour strike today.";
  EXPECT_NE(Clean(in, opt).find("sent by e-mail within"), std::string::npos)
      << Clean(in, opt);
}

TEST(Reflow, DigitHyphenJoinsWithoutSpace) {
  std::string in =
      "Dock workers at the eastern quay have been asked to work new 12-\n"
      "hour shifts from next month, the harbour authority said on Monday,\n"
      "adding that the union had not yet agreed to the change in hours.";
  EXPECT_NE(Clean(in).find("new 12-hour shifts"), std::string::npos)
      << Clean(in);
}

TEST(Reflow, JoinsHangingIndentOfWrappedListItems) {
  std::string in =
      "The water board announced new restrictions on Monday that will apply\n"
      "to every household in the region from the start of next month:\n"
      "\n"
      "- garden watering with hoses and sprinklers is banned at all times;\n"
      "- mains pressure will be reduced every night between 11 p.m. and 5\n"
      "  a.m., which may leave upper floors briefly without water;\n"
      "- businesses using more than 50 cubic metres a month must cut their\n"
      "  consumption by 15%.\n"
      "\n"
      "Fines for breaking the restrictions start at 150 euros for households\n"
      "and rise sharply for businesses that ignore the rules, officials said.";
  EXPECT_EQ(Clean(in),
            "The water board announced new restrictions on Monday that will "
            "apply to every household in the region from the start of next "
            "month:\n"
            "- garden watering with hoses and sprinklers is banned at all "
            "times;\n"
            "- mains pressure will be reduced every night between 11 p.m. and "
            "5 a.m., which may leave upper floors briefly without water;\n"
            "- businesses using more than 50 cubic metres a month must cut "
            "their consumption by 15%.\n"
            "Fines for breaking the restrictions start at 150 euros for "
            "households and rise sharply for businesses that ignore the rules, "
            "officials said.");
}

TEST(Lexicon, LoadsListsLowercasedSkippingPossessives) {
  testing::TempDir tmp;
  std::string p = tmp.Write("words", "Apple\napple's\nbanana\r\n\nÉclair\n");
  auto lex = Lexicon::Load({p});
  ASSERT_TRUE(lex.ok());
  EXPECT_TRUE((*lex)->Contains("apple"));
  EXPECT_TRUE((*lex)->Contains("banana"));
  EXPECT_TRUE((*lex)->Contains("\xC3\xA9" "clair"));
  EXPECT_EQ((*lex)->size(), 3u);
  auto missing = Lexicon::Load({tmp.File("nope")});
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("cannot read word list"),
            std::string::npos);
}

TEST(Lexicon, MembershipMatchesASetAcrossGrowth) {
  // Words added one by one grow the table many times; every added word
  // must stay findable and no other word may be found.
  Lexicon lex;
  std::set<std::string> added;
  std::mt19937 rng(7);
  auto word = [&] {
    std::string w(1 + rng() % 12, 'a');
    for (char& c : w) c = static_cast<char>('a' + rng() % 6);
    return w;
  };
  for (int i = 0; i < 20000; ++i) {
    std::string w = word();
    lex.Add(w);
    added.insert(w);
  }
  EXPECT_EQ(lex.size(), added.size());
  for (const std::string& w : added) ASSERT_TRUE(lex.Contains(w)) << w;
  int absent = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string w = word();
    EXPECT_EQ(lex.Contains(w), added.count(w) == 1) << w;
    absent += added.count(w) == 0;
  }
  EXPECT_GT(absent, 1000);
  lex.Add("MiXeD");
  EXPECT_TRUE(lex.Contains("mixed"));
  EXPECT_FALSE(lex.Contains(""));
}

}  // namespace
}  // namespace winnow
