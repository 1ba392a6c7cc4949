// The paragraph classifier: local evidence (cues, features, jusText-style
// quality), then context (edge runs, short paragraphs between boilerplate).
// See include/winnow/paragraph_classifier.h for the design.
#include "winnow/paragraph_classifier.h"

#include <algorithm>
#include <array>

#include "cues.h"
#include "judge.h"
#include "stopwords.h"
#include "text_features.h"

namespace winnow {

using boilerplate::CueEvidence;
using boilerplate::TextFeatures;

std::string_view BoilerplateClassName(BoilerplateClass c) {
  switch (c) {
    case BoilerplateClass::kContent: return "content";
    case BoilerplateClass::kCaption: return "caption";
    case BoilerplateClass::kAppeal: return "appeal";
    case BoilerplateClass::kNewsletter: return "newsletter";
    case BoilerplateClass::kShare: return "share";
    case BoilerplateClass::kCookie: return "cookie";
    case BoilerplateClass::kInterface: return "interface";
    case BoilerplateClass::kLegal: return "legal";
    case BoilerplateClass::kNavigation: return "navigation";
    case BoilerplateClass::kMetadata: return "metadata";
    case BoilerplateClass::kNoise: return "noise";
    case BoilerplateClass::kRepeat: return "repeat";
    case BoilerplateClass::kUnsupported: return "unsupported";
  }
  return "unknown";
}

std::string_view LanguageCode(Language l) {
  switch (l) {
    case Language::kUnknown: return "";
    case Language::kEnglish: return "en";
    case Language::kGerman: return "de";
    case Language::kFrench: return "fr";
    case Language::kSpanish: return "es";
    case Language::kItalian: return "it";
    case Language::kPortuguese: return "pt";
    case Language::kRussian: return "ru";
  }
  return "";
}

namespace {

using Quality = ParagraphQuality;

// Thresholds. Lengths are in words (jusText counts 70 and 200 characters,
// about 12 and 35 English words; words keep the rule fair to languages
// with long or short words). Stopword densities are calibrated for
// winnow's lists, which are shorter than jusText's.
constexpr uint32_t kShortWords = 10;      // below: short
constexpr uint32_t kLongWords = 30;       // at or above: can be good
constexpr float kStopHigh = 0.30f;        // good prose
constexpr float kStopLow = 0.20f;         // near-good prose
constexpr float kStrongAnchor = 0.75f;    // a cue that alone anchors a run
constexpr float kWeakMember = 0.25f;      // evidence that extends a run

Language Pick(const std::array<uint32_t, kLanguageCount>& hits) {
  int best = 0, second = 0;
  for (int l = 1; l < kLanguageCount; ++l) {
    if (hits[l] > hits[best] || best == 0) {
      if (best != 0 && hits[best] > hits[second]) second = best;
      best = l;
    } else if (hits[l] > hits[second] || second == 0) {
      second = l;
    }
  }
  if (best == 0 || hits[best] < 3) return Language::kUnknown;
  // Clearly more than the runner-up: neighbouring languages share words.
  if (second != 0 && hits[best] * 4 < hits[second] * 5) {
    return Language::kUnknown;
  }
  return static_cast<Language>(best);
}

void CountLanguages(const TextFeatures& f,
                    std::array<uint32_t, kLanguageCount>* hits) {
  for (int l = 1; l < kLanguageCount; ++l) (*hits)[l] += f.stopwords[l];
}

// A paragraph's evidence and what the repeat counts add to it.
struct Local : ParagraphEvidence {
  // Repeated across the source's documents (Block::repeats), and in how
  // many documents.
  bool repeat = false;
  uint32_t repeats = 0;
};

void Raise(ParagraphEvidence* l, float score, BoilerplateClass c,
           std::string_view rule) {
  if (score > l->score) {
    l->score = score;
    l->cls = c;
    l->rule = rule;
  }
}

ParagraphEvidence JudgeAlone(std::string_view text, const Block& b,
                             const TextFeatures& f, Language lang) {
  ParagraphEvidence l;
  CueEvidence e;
  boilerplate::MatchCues(text, f, &e);
  const uint32_t n = static_cast<uint32_t>(f.words.size());
  l.words = n;
  l.sentence_ends = f.sentence_ends;

  // Quality, after jusText: short, or long with a stopword density.
  float density = -1;
  if (lang != Language::kUnknown && n > 0) {
    density = static_cast<float>(f.Stopwords(lang)) / n;
  }
  const bool sentence = f.terminal || f.sentence_ends > 0;
  if (n == 0) {
    l.quality = Quality::kBad;
  } else if (n < kShortWords) {
    l.quality = Quality::kShort;
  } else if (density >= 0) {
    if (density >= kStopHigh && n >= kLongWords) {
      l.quality = Quality::kGood;
    } else if (density >= kStopLow) {
      l.quality = Quality::kNearGood;
    } else {
      l.quality = Quality::kBad;
    }
  } else {
    // No stopword list for this text: sentences stand in for stopwords.
    l.quality = sentence ? (n >= kLongWords ? Quality::kGood
                                            : Quality::kNearGood)
                         : Quality::kShort;
  }
  // A long paragraph that reads as prose is good even with a cue-like word.
  if (l.quality == Quality::kNearGood && sentence && n >= kLongWords &&
      density >= kStopLow) {
    l.quality = Quality::kGood;
  }

  if (e.best_score >= 0.5f) {
    Raise(&l, e.best_score, e.best, e.best_rule);
  } else if (e.best_score > 0) {
    l.weak = e.best_score;
    l.weak_cls = e.best;
    l.weak_rule = e.best_rule;
  }

  // Features that need no words from any list.
  if (n == 0) {
    if (f.chars > 0) Raise(&l, 0.8f, BoilerplateClass::kNoise, "feature.no-words");
    return l;
  }
  const uint32_t alnum = f.letters + f.digits;
  auto weak = [&](float w, BoilerplateClass c, std::string_view rule) {
    if (l.score < 0.5f && w > l.weak) {
      l.weak = w;
      l.weak_cls = c;
      l.weak_rule = rule;
    }
  };
  if (f.link_tokens > 0 && f.link_tokens * 2 >= n) {
    weak(0.4f, BoilerplateClass::kNoise, "feature.link-tokens");
  }
  // Mostly link text (known from HTML only): a menu item, or an entry of a
  // list of links that is the page's content; weak on its own.
  if (b.link_density >= 0.8f && l.quality != Quality::kGood) {
    weak(0.45f, BoilerplateClass::kNavigation, "feature.link-density");
  }
  if (f.separators >= 2 && !sentence && n <= 30) {
    weak(0.4f, BoilerplateClass::kNavigation, "feature.separators");
  }
  if (f.letters * 4 < (alnum + f.symbols) && f.chars >= 4 && !sentence &&
      f.letters < 20) {
    weak(0.3f, BoilerplateClass::kNoise, "feature.symbols");
  }
  if (b.kind == ParagraphKind::kCaption) {
    Raise(&l, 0.7f, BoilerplateClass::kCaption, "html.caption");
  }
  return l;
}

// Classes of furniture that spans several paragraphs.
bool IsBlockClass(BoilerplateClass c) {
  return c == BoilerplateClass::kAppeal || c == BoilerplateClass::kNewsletter ||
         c == BoilerplateClass::kCookie;
}

bool IsRunMember(const Local& l) {
  return l.score >= 0.5f || l.weak >= kWeakMember || l.repeat;
}

// How strongly a paragraph speaks for its run: a repeat is strong evidence.
float MemberWeight(const Local& l) {
  return std::max(std::max(l.score, l.weak), l.repeat ? 0.8f : 0.0f);
}

BoilerplateClass MemberClass(const Local& l) {
  if (l.score >= 0.5f) return l.cls;
  if (l.repeat) return BoilerplateClass::kRepeat;
  return l.weak_cls;
}

// An edge run: from the first (or last) paragraph inward, paragraphs with
// boilerplate evidence, bridging at most kGap paragraphs without evidence
// between two that have it. Accepted when it holds a strong anchor and at
// least half of it has evidence; then all of it goes, as one block. This is
// how an appeal ("A Message from ...:", "Dear readers,", three paragraphs
// of prose, "Remind me later.") leaves as a whole.
void EdgeRun(const std::vector<Local>& locals, bool from_end,
             std::vector<Verdict>* out) {
  const int n = static_cast<int>(locals.size());
  constexpr int kGap = 2;
  const int step = from_end ? -1 : 1;
  const int start = from_end ? n - 1 : 0;
  int first_member = -1, last_member = -1;
  uint32_t max_repeats = 0;
  int members = 0;
  bool strong = false;
  std::array<float, kBoilerplateClassCount> weight{};
  int since = 0;
  for (int i = start; i >= 0 && i < n; i += step) {
    const Local& l = locals[i];
    if (IsRunMember(l)) {
      // Across a gap, only a block of several paragraphs (an appeal, a
      // newsletter box, a consent notice) carries the run on, and only when
      // the members on both sides belong to it: the prose in the middle of
      // an appeal is the appeal's. A story line between two interface
      // strings, or before a repeated paragraph, is the story's.
      if (since > 0 && !(IsBlockClass(MemberClass(l)) &&
                         MemberClass(l) == MemberClass(locals[i - step * (since + 1)]))) {
        break;
      }
      // A template's paragraphs recur together: a paragraph repeated in
      // less than half as many documents as the template beside it is not
      // part of it (a stock sentence some of the source's stories share).
      const bool cue = l.score >= 0.5f || l.weak >= kWeakMember;
      if (!cue && l.repeats * 2 < max_repeats) break;
      max_repeats = std::max(max_repeats, l.repeats);
      if (first_member < 0) first_member = i;
      last_member = i;
      ++members;
      since = 0;
      strong |= MemberWeight(l) >= kStrongAnchor;
      if (cue) {
        weight[static_cast<int>(l.score >= 0.5f ? l.cls : l.weak_cls)] +=
            std::max(l.score, l.weak);
      }
    } else if (first_member < 0 || ++since > kGap) {
      break;  // the run starts at the edge itself
    }
  }
  if (last_member < 0 || !strong) return;
  // Paragraphs without evidence are taken only between members.
  const int lo = std::min(first_member, last_member);
  const int hi = std::max(first_member, last_member);
  const int len = hi - lo + 1;
  if (members * 2 < len) return;
  // Each paragraph reports its own evidence: its cue's class, else
  // "repeat"; a paragraph taken between members, the run's main class.
  int best = static_cast<int>(BoilerplateClass::kRepeat);
  for (int c = 1; c < kBoilerplateClassCount; ++c) {
    if (c == static_cast<int>(BoilerplateClass::kRepeat)) continue;
    if (weight[c] > 0 &&
        (best == static_cast<int>(BoilerplateClass::kRepeat) ||
         weight[c] > weight[best])) {
      best = c;
    }
  }
  for (int k = lo; k <= hi; ++k) {
    Verdict& v = (*out)[k];
    if (!v.keep) continue;
    const Local& l = locals[k];
    v.keep = false;
    if (l.score >= 0.5f) {
      v.cls = l.cls;
    } else if (l.weak >= kWeakMember) {
      v.cls = l.weak_cls;
    } else if (l.repeat) {
      v.cls = BoilerplateClass::kRepeat;
    } else {
      v.cls = static_cast<BoilerplateClass>(best);
    }
    v.rule = from_end ? "context.tail-block" : "context.head-block";
    v.score = std::max(0.6f, MemberWeight(l));
  }
}

}  // namespace

Language GuessLanguage(std::span<const Block> blocks) {
  thread_local TextFeatures f;
  std::array<uint32_t, kLanguageCount> hits{};
  size_t words = 0;
  for (const Block& b : blocks) {
    boilerplate::ComputeFeatures(b.text, &f);
    CountLanguages(f, &hits);
    words += f.words.size();
    if (words > 5000) break;
  }
  return Pick(hits);
}

Language GuessLanguage(std::string_view text) {
  Block b;
  b.text = text;
  return GuessLanguage(std::span<const Block>(&b, 1));
}

void JudgeBlocks(std::span<const Block> blocks,
                 const ClassifierOptions& options,
                 std::vector<ParagraphEvidence>* evidence) {
  boilerplate::JudgeAndHashBlocks(blocks, options, evidence, nullptr, nullptr);
}

void boilerplate::JudgeAndHashBlocks(std::span<const Block> blocks,
                                     const ClassifierOptions& options,
                                     std::vector<ParagraphEvidence>* evidence,
                                     std::vector<uint64_t>* hashes,
                                     std::vector<uint32_t>* words) {
  const size_t n = blocks.size();
  evidence->resize(n);
  if (hashes) hashes->resize(n);
  if (words) words->resize(n);
  if (n == 0) return;
  thread_local std::vector<TextFeatures> features;
  if (features.size() < n) features.resize(n);
  std::array<uint32_t, kLanguageCount> hits{};
  for (size_t i = 0; i < n; ++i) {
    boilerplate::ComputeFeatures(blocks[i].text, &features[i]);
    CountLanguages(features[i], &hits);
    if (hashes) {
      uint32_t w = 0;
      (*hashes)[i] = boilerplate::NormalFormHash(features[i], &w);
      if (words) (*words)[i] = w;
    }
  }
  const Language lang = options.language != Language::kUnknown
                            ? options.language
                            : Pick(hits);
  for (size_t i = 0; i < n; ++i) {
    (*evidence)[i] = JudgeAlone(blocks[i].text, blocks[i], features[i], lang);
  }
}

void ClassifyBlocks(std::span<const Block> blocks,
                    const ClassifierOptions& options,
                    std::vector<Verdict>* verdicts) {
  thread_local std::vector<ParagraphEvidence> evidence;
  thread_local std::vector<uint32_t> repeats;
  JudgeBlocks(blocks, options, &evidence);
  repeats.resize(blocks.size());
  for (size_t i = 0; i < blocks.size(); ++i) repeats[i] = blocks[i].repeats;
  DecideBlocks(evidence, repeats, options, verdicts);
}

void DecideBlocks(std::span<const ParagraphEvidence> evidence,
                  std::span<const uint32_t> repeats,
                  const ClassifierOptions& options,
                  std::vector<Verdict>* verdicts) {
  const size_t n = evidence.size();
  verdicts->assign(n, Verdict());
  if (n == 0) return;
  // Kept per thread: allocating it for every page costs the allocator more
  // than refilling it.
  thread_local std::vector<Local> locals;
  locals.resize(n);
  for (size_t i = 0; i < n; ++i) {
    Local& l = locals[i];
    static_cast<ParagraphEvidence&>(l) = evidence[i];
    const uint32_t k = i < repeats.size() ? repeats[i] : 0;
    l.repeat = options.repeat_anchor > 0 && k >= options.repeat_anchor;
    l.repeats = l.repeat ? k : 0;
  }

  std::vector<Verdict>& out = *verdicts;
  for (size_t i = 0; i < n; ++i) {
    const Local& l = locals[i];
    Verdict& v = out[i];
    v.score = l.score >= 0.5f ? l.score : l.weak;
    if (l.score >= options.threshold) {
      v.keep = false;
      v.cls = l.cls;
      v.rule = l.rule;
    } else if (l.score > 0) {  // decisive evidence below a raised threshold
      v.leaning = l.cls;
      v.rule = l.rule;
    } else if (l.weak > 0) {
      v.leaning = l.weak_cls;
      v.rule = l.weak_rule;
    }
  }
  if (!options.use_context) return;

  // Context. The document's prose paragraphs anchor it; without any, only
  // the paragraphs' own evidence counts.
  bool any_good = false;
  for (size_t i = 0; i < n; ++i) {
    any_good |= locals[i].quality == Quality::kGood && out[i].keep;
  }
  EdgeRun(locals, /*from_end=*/true, &out);
  EdgeRun(locals, /*from_end=*/false, &out);

  // A photo's caption and its credit line: print captures put the picture
  // on top, its caption first and the credit on a line of its own. The
  // first paragraph, followed by a credit line, is the caption when it is
  // short (at most three sentences, 60 words).
  if (n >= 3 && out[0].keep && !out[1].keep &&
      out[1].cls == BoilerplateClass::kCaption && locals[0].words <= 60 &&
      locals[0].sentence_ends <= 3) {
    Verdict& v = out[0];
    v.keep = false;
    v.cls = BoilerplateClass::kCaption;
    v.rule = "context.caption-before-credit";
    v.score = std::max(v.score, 0.7f);
  }

  // A paragraph repeated across the source's documents goes when it is
  // part of a run of furniture (next to a repeat of the same frequency or
  // to a paragraph a cue removed, or at an edge, above). Alone inside the story it stays: a background
  // paragraph or a quotation that the source reuses is story text.
  for (size_t i = 0; i < n; ++i) {
    if (!locals[i].repeat || !out[i].keep) continue;
    // Next to another repeat recurring about as often (within a factor of
    // two: the same template), or to a removal by a cue.
    auto furniture = [&](size_t j) {
      const Local& o = locals[j];
      if (o.repeat) {
        return o.repeats <= 2 * locals[i].repeats &&
               locals[i].repeats <= 2 * o.repeats;
      }
      return !out[j].keep && o.score >= 0.5f;
    };
    bool joined = (i > 0 && furniture(i - 1)) || (i + 1 < n && furniture(i + 1));
    Verdict& v = out[i];
    if (joined) {
      v.keep = false;
      v.cls = BoilerplateClass::kRepeat;
      v.rule = "repeat.run";
      v.score = std::max(v.score, 0.8f);
    } else if (v.score < 0.45f) {
      v.score = 0.45f;
      v.leaning = BoilerplateClass::kRepeat;
      v.rule = "repeat.isolated";
    }
  }

  // Weak evidence confirmed by its neighbours: a run of short paragraphs
  // that each carry some evidence ("Next", "Comments", a date, a row of
  // separators), lying between two removed paragraphs (or between one and
  // an edge of the document), goes with them. Short paragraphs without any
  // evidence stay whatever surrounds them: in plain text a menu label and a
  // list item or heading of the story look the same (jusText's rule,
  // which removes them, costs too much story text; see
  // docs/results/boilerplate_quality.md).
  size_t i = 0;
  while (i < n) {
    auto weak_short = [&](size_t k) {
      return out[k].keep && locals[k].quality == Quality::kShort &&
             locals[k].weak >= kWeakMember;
    };
    if (!weak_short(i)) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < n && weak_short(j)) ++j;
    const bool before = i == 0 || !out[i - 1].keep;
    const bool after = j == n || !out[j].keep;
    const bool anchored = (i > 0 && !out[i - 1].keep) || (j < n && !out[j].keep);
    if (before && after && anchored) {
      for (size_t k = i; k < j; ++k) {
        Verdict& v = out[k];
        v.keep = false;
        v.cls = locals[k].weak_cls;
        v.rule = "context.between-boilerplate";
        v.score = std::max(0.55f, locals[k].weak);
      }
    }
    i = j;
  }
  (void)any_good;
}

void ClassifyParagraphs(std::string_view clean_text,
                        const ClassifierOptions& options,
                        std::vector<Verdict>* verdicts) {
  thread_local std::vector<Block> blocks;
  blocks.clear();
  size_t pos = 0;
  while (pos <= clean_text.size() && !clean_text.empty()) {
    size_t nl = clean_text.find('\n', pos);
    if (nl == std::string_view::npos) nl = clean_text.size();
    Block b;
    b.text = clean_text.substr(pos, nl - pos);
    blocks.push_back(b);
    pos = nl + 1;
  }
  ClassifyBlocks(blocks, options, verdicts);
}

}  // namespace winnow
