#include "cues.h"

#include <algorithm>
#include <string>
#include <vector>

#include "classifier_words.h"
#include "word_table.h"

namespace winnow::boilerplate {
namespace {

using C = BoilerplateClass;

enum class M : uint8_t { kWhole, kStart, kAny, kEnd };

struct Group {
  BoilerplateClass cls;
  M mode;
  float weight;
  uint16_t max_words;
  std::string_view phrases;
};

constexpr Group kGroups[] = {
#include "cue_tables.inc"
};

struct Cue {
  BoilerplateClass cls;
  M mode;
  float weight;
  uint16_t max_words;
  std::vector<std::string> words;
  std::string rule;  // "cue.<class>[<phrase>]"
};

class CueIndex {
 public:
  CueIndex() {
    TextFeatures f;
    for (const Group& g : kGroups) {
      size_t pos = 0;
      while (pos < g.phrases.size()) {
        size_t bar = g.phrases.find('|', pos);
        if (bar == std::string_view::npos) bar = g.phrases.size();
        std::string_view phrase = g.phrases.substr(pos, bar - pos);
        pos = bar + 1;
        TokenizeWords(phrase, &f);
        if (f.words.empty()) continue;
        Cue c{g.cls, g.mode, g.weight, g.max_words, {}, {}};
        for (size_t i = 0; i < f.words.size(); ++i) {
          c.words.emplace_back(f.WordAt(i));
        }
        c.rule = "cue.";
        c.rule += BoilerplateClassName(g.cls);
        c.rule += "[";
        c.rule += phrase;
        c.rule += "]";
        cues_.push_back(std::move(c));
      }
    }
    for (size_t i = 0; i < cues_.size(); ++i) {
      by_first_.Insert(cues_[i].words[0]).push_back(static_cast<uint32_t>(i));
      max_words_ = std::max(max_words_, MaxWords(cues_[i]));
    }
  }

  // The longest paragraph (in words) cue `c` can match.
  static uint32_t MaxWords(const Cue& c) {
    if (c.mode == M::kWhole) return static_cast<uint32_t>(c.words.size());
    return c.max_words > 0 ? c.max_words : UINT32_MAX;
  }

  void Match(const TextFeatures& f, CueEvidence* e) const {
    const size_t n = f.words.size();
    // Every cue has a length limit: long prose needs no lookups at all.
    if (n > max_words_) return;
    // A paragraph may hit the same cue at several places; count it once.
    thread_local std::vector<uint32_t> hits;
    hits.clear();
    const Word* words = f.words.data();
    for (size_t i = 0; i < n; ++i) {
      if (n > words[i].cue_max_words) continue;
      const std::vector<uint32_t>* heads = words[i].info->cue_heads;
      for (uint32_t ci : *heads) {
        const Cue& c = cues_[ci];
        const size_t k = c.words.size();
        if (i + k > n) continue;
        switch (c.mode) {
          case M::kWhole:
            if (i != 0 || k != n) continue;
            break;
          case M::kStart:  // more than the phrase: else it is kWhole's case
            if (i != 0 || k == n || n > c.max_words) continue;
            // "Read more: <headline>" is a link; "Read more about X in the
            // manual." is a sentence of the text.
            if (f.terminal && (c.cls == C::kInterface ||
                               c.cls == C::kNavigation ||
                               c.cls == C::kShare)) {
              continue;
            }
            break;
          case M::kEnd:  // "... Read more": a teaser, not a sentence
            if (i + k != n || k == n || n > c.max_words || f.terminal) {
              continue;
            }
            break;
          case M::kAny:
            if (c.max_words > 0 && n > c.max_words) continue;
            break;
        }
        bool eq = true;
        for (size_t j = 1; j < k && eq; ++j) {
          eq = f.WordAt(i + j) == c.words[j];
        }
        if (!eq) continue;
        if (std::find(hits.begin(), hits.end(), ci) != hits.end()) continue;
        hits.push_back(ci);
        e->Add(c.cls, c.weight, c.rule);
      }
    }
  }

  template <typename F>
  void ForEachHead(F&& fn) const {
    by_first_.ForEach([&](std::string_view w, const std::vector<uint32_t>& v) {
      uint32_t longest = 0;
      for (uint32_t c : v) longest = std::max(longest, MaxWords(cues_[c]));
      fn(w, &v, longest);
    });
  }

 private:
  std::vector<Cue> cues_;
  WordTable<std::vector<uint32_t>> by_first_;
  uint32_t max_words_ = 0;
};

const CueIndex& Index() {
  static const CueIndex index;
  return index;
}

// News agencies, photo agencies and credit words that make up credit lines.
constexpr std::string_view kCreditWords[] = {
      "ap", "afp", "reuters", "getty", "tass", "epa", "efe", "dpa", "ansa",
      "xinhua", "sputnik", "ria", "novosti", "shutterstock", "alamy", "istock",
      "istockphoto", "bloomberg", "unsplash", "pexels", "pixabay", "wikimedia",
      "kcna", "yonhap", "kyodo", "upi", "anadolu", "imago", "zuma", "nurphoto",
      "sipa", "abaca", "eyevine", "keystone", "belga", "anp", "kremlin",
      "handout", "pool", "photo", "photos", "foto", "fotos", "photograph",
      "courtesy", "credit", "images", "image", "picture", "pictures",
      "фото", "тасс", "риа", "интерфакс", "новости"};
// Credit words that are not agencies.
constexpr std::string_view kNotAgencies[] = {
    "photo", "photos", "foto", "fotos", "photograph", "courtesy", "credit",
    "images", "image", "picture", "pictures", "фото", "новости", "pool"};
constexpr std::string_view kSocialWords[] = {
      "facebook", "twitter", "x", "instagram", "linkedin", "youtube",
      "pinterest", "tiktok", "whatsapp", "telegram", "reddit", "flipboard",
      "vk", "vkontakte", "threads", "bluesky", "mastodon", "email", "e",
      "mail", "rss", "print", "messenger", "snapchat", "tumblr", "xing",
      "ok", "odnoklassniki", "viber", "line", "copy", "link", "share",
      "вконтакте", "одноклассники", "телеграм"};
constexpr std::string_view kDateWords[] = {
      "jan", "january", "feb", "february", "mar", "march", "apr", "april",
      "may", "jun", "june", "jul", "july", "aug", "august", "sep", "sept",
      "september", "oct", "october", "nov", "november", "dec", "december",
      "mon", "monday", "tue", "tuesday", "wed", "wednesday", "thu",
      "thursday", "fri", "friday", "sat", "saturday", "sun", "sunday", "am",
      "pm", "at", "on", "utc", "gmt", "est", "edt", "pst", "pdt", "cet",
      "cest", "msk", "bst", "st", "nd", "rd", "th", "h", "min",
      "januar", "februar", "märz", "mai", "juni", "juli", "oktober",
      "dezember", "janvier", "février", "mars", "avril", "juin", "juillet",
      "août", "septembre", "octobre", "novembre", "décembre", "enero",
      "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
      "septiembre", "octubre", "noviembre", "diciembre", "gennaio",
      "febbraio", "aprile", "maggio", "giugno", "luglio", "settembre",
      "ottobre", "dicembre", "janeiro", "fevereiro", "março", "maio",
      "junho", "julho", "setembro", "outubro", "novembro", "dezembro",
      "января", "февраля", "марта", "апреля", "мая", "июня", "июля",
      "августа", "сентября", "октября", "ноября", "декабря", "de", "del",
      "um", "uhr", "le", "à", "г", "года"};

// The word classes of each listed word (WordClass bits).
const WordTable<uint8_t>& ClassWords() {
  static const WordTable<uint8_t> table = [] {
    WordTable<uint8_t> t;
    for (std::string_view w : kCreditWords) t.Insert(w) |= kCredit | kAgency;
    for (std::string_view w : kNotAgencies) t.Insert(w) &= ~kAgency;
    for (std::string_view w : kSocialWords) t.Insert(w) |= kSocial;
    for (std::string_view w : kDateWords) t.Insert(w) |= kDate;
    return t;
  }();
  return table;
}

uint8_t WordClasses(const TextFeatures& f, size_t i) {
  const WordInfo* info = f.words[i].info;
  return info ? info->classes : 0;
}

// A credit: a short run of names, agencies and "/" or "via", with no verb
// and no sentence end, at the end of a caption or on its own:
//   "Korean Central News Agency/Korea News Service via AP/TASS"
//   "Photo: Evan Vucci/AP", "(Getty Images)", "Reuters/Maxim Shemetov"
void MatchCreditTail(std::string_view text, const TextFeatures& f,
                     CueEvidence* e) {
  const size_t n = f.words.size();
  if (n == 0 || f.terminal) return;
  // The tail starts after the last sentence end (". " + capital).
  size_t tail = 0;
  for (size_t i = 1; i < n; ++i) {
    const Word& w = f.words[i];
    // Look back over spaces, closers and the terminal mark.
    size_t j = w.raw_begin;
    bool space = false;
    while (j > 0 && (text[j - 1] == ' ' || text[j - 1] == '(' ||
                     text[j - 1] == '"' || text[j - 1] == '[')) {
      space |= text[j - 1] == ' ';
      --j;
    }
    if (!space || j == 0) continue;
    char p = text[j - 1];
    bool end = p == '.' || p == '!' || p == '?' || p == ';' || p == '|';
    // "U.S. officials": an initial is not a sentence end.
    if (end && p == '.' && i >= 1) {
      const Word& prev = f.words[i - 1];
      if (prev.raw_end + 1 == j && prev.raw_end - prev.raw_begin <= 1) {
        end = false;
      }
    }
    if (end && w.capitalized) tail = i;
  }
  const size_t tail_words = n - tail;
  if (tail_words == 0 || tail_words > 14) return;
  uint32_t agencies = 0, credit = 0, caps = 0, stops = 0;
  bool via = false;
  for (size_t i = tail; i < n; ++i) {
    std::string_view w = f.WordAt(i);
    const uint8_t wc = WordClasses(f, i);
    if (wc & kAgency) ++agencies;
    if (wc & kCredit) ++credit;
    if (w == "via") {
      via = true;
      continue;
    }
    if (w == "of" || w == "de" || w == "and" || w == "the" || w == "by" ||
        w == "für" || w == "du" || w == "la" || w == "for") {
      continue;
    }
    if (f.words[i].capitalized || f.words[i].all_caps ||
        f.words[i].has_digit) {
      ++caps;
    } else if (f.words[i].stop_bits != 0) {
      ++stops;
    }
  }
  const bool name_like = caps * 10 >= tail_words * 6 && stops <= 1;
  std::string_view tail_text = text.substr(f.words[tail].raw_begin);
  const bool slash = tail_text.find('/') != std::string_view::npos;
  // "Photo: ...", "Image: ...", "Credit: ...": a credit word, then a colon.
  const Word& first = f.words[tail];
  const bool labelled =
      (WordClasses(f, tail) & (kCredit | kAgency)) == kCredit &&
      first.raw_end < text.size() && text[first.raw_end] == ':';
  // "(ONA Photo)", "(Tidewater Images)": the whole tail in parentheses,
  // every word capitalized, ending in the credit word.
  const size_t open = f.words[tail].raw_begin;
  bool parenthesized = open > 0 && text[open - 1] == '(' &&
                       text.back() == ')' &&
                       (WordClasses(f, n - 1) & (kCredit | kAgency)) == kCredit;
  for (size_t i = tail; parenthesized && i < n; ++i) {
    parenthesized = f.words[i].capitalized || f.words[i].all_caps;
  }
  bool is_credit = false;
  if (agencies >= 1 && (via || slash)) is_credit = true;
  if (agencies >= 2) is_credit = true;
  if (labelled && tail_words >= 2) is_credit = true;
  // The shape of a credit without a known agency: a credit word with a
  // separator ("Katrin Mols / Halvard Photo Service", "(Tidewater Images)"),
  // or names joined by "/" and "via" ("Ilan Moreau/Ostrevian News Agency via
  // Tidewater Images"), which running prose does not produce.
  // A photographer's name before the slash: two or more capitalized words.
  size_t named = 0;
  if (slash) {
    const size_t at = f.words[tail].raw_begin + tail_text.find('/');
    for (size_t i = tail; i < n && f.words[i].raw_end <= at; ++i) {
      named = f.words[i].capitalized ? named + 1 : 0;
    }
  }
  if (credit >= 1 && ((slash && named >= 2) || via || parenthesized)) {
    is_credit = true;
  }
  if (slash && via && named >= 2) is_credit = true;
  if (!is_credit || !name_like) return;
  if (tail > 0) {
    e->Add(BoilerplateClass::kCaption, 0.92f, "credit.caption-tail");
  } else if (n <= 14) {
    e->Add(BoilerplateClass::kCaption, 0.85f, "credit.line");
  }
}



void MatchShapes(std::string_view text, const TextFeatures& f,
                 CueEvidence* e) {
  const size_t n = f.words.size();
  if (n == 0) return;
  // A row of social network names: "Facebook Twitter LinkedIn Email".
  if (n >= 2 && n <= 16) {
    size_t social = 0;
    for (size_t i = 0; i < n; ++i) social += (WordClasses(f, i) & kSocial) != 0;
    if (social * 10 >= n * 8 && social >= 2) {
      e->Add(BoilerplateClass::kShare, 0.85f, "shape.social-links");
    }
  }
  // A date or time standing alone: "15 Dec, 2025", "Updated 10:39 AM EST".
  if (n <= 9 && !f.terminal && f.sentence_ends == 0) {
    size_t date = 0, digits = 0;
    for (size_t i = 0; i < n; ++i) {
      if (f.words[i].all_digits) {
        ++digits;
        ++date;
      } else if (WordClasses(f, i) & kDate) {
        ++date;
      }
    }
    if (digits >= 1 && date == n && n >= 2) {
      e->Add(BoilerplateClass::kMetadata, 0.4f, "shape.date");
    }
  }
  // A byline: "By Jane Smith", "By Jane Smith and John Doe, Reuters".
  if (n >= 2 && n <= 8 && !f.terminal) {
    std::string_view w0 = f.WordAt(0);
    if (w0 == "by" || w0 == "von" || w0 == "par" || w0 == "por" ||
        w0 == "di" || w0 == "автор") {
      size_t names = 0;
      for (size_t i = 1; i < n; ++i) {
        names += f.words[i].capitalized || f.WordAt(i) == "and" ||
                 f.WordAt(i) == "und" || f.WordAt(i) == "et" ||
                 f.WordAt(i) == "y" || f.WordAt(i) == "e" ||
                 f.WordAt(i) == "и";
      }
      if (names + 1 == n) {
        e->Add(BoilerplateClass::kMetadata, 0.4f, "shape.byline");
      }
    }
  }
  // A wire service's staff credit: "Reporting by Jane Smith; Editing by
  // John Doe", "Writing by ...", "Additional reporting by ...".
  if (n >= 3 && n <= 30 && !f.terminal) {
    size_t k = f.WordAt(0) == "additional" ? 1 : 0;
    std::string_view w = f.WordAt(k);
    if ((w == "reporting" || w == "writing" || w == "editing" ||
         w == "compiled" || w == "graphics") &&
        k + 1 < n && f.WordAt(k + 1) == "by") {
      e->Add(BoilerplateClass::kMetadata, 0.85f, "shape.wire-credit");
    }
  }
  // A copyright line: "© 2024 Example Media", "(c) Example".
  if (f.copyright_sign && n <= 40) {
    e->Add(BoilerplateClass::kLegal, n <= 25 ? 0.85f : 0.6f,
           "shape.copyright-sign");
  }
  MatchCreditTail(text, f, e);
}

}  // namespace

void CueEvidence::Add(BoilerplateClass c, float weight, std::string_view r) {
  const int i = static_cast<int>(c);
  score[i] = 1 - (1 - score[i]) * (1 - weight);
  // The rule reported for a class is its strongest single cue.
  if (rule[i].empty() || weight > strongest[i]) {
    rule[i] = r;
    strongest[i] = weight;
  }
}

void CueEvidence::Finish() {
  best = BoilerplateClass::kContent;
  best_score = 0;
  best_rule = {};
  for (int i = 1; i < kBoilerplateClassCount; ++i) {
    if (score[i] > best_score) {
      best_score = score[i];
      best = static_cast<BoilerplateClass>(i);
      best_rule = rule[i];
    }
  }
}

void MatchCues(std::string_view text, const TextFeatures& f, CueEvidence* e) {
  Index().Match(f, e);
  MatchShapes(text, f, e);
  e->Finish();
}

void ForEachCueHead(
    const std::function<void(std::string_view, const std::vector<uint32_t>*,
                             uint32_t)>& fn) {
  Index().ForEachHead(fn);
}

void ForEachClassWord(
    const std::function<void(std::string_view, uint8_t)>& fn) {
  ClassWords().ForEach(fn);
}

}  // namespace winnow::boilerplate
