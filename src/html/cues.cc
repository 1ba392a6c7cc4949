#include "html/cues.h"

#include <string_view>

#include "html/name_table.h"

namespace winnow::html {
namespace {

struct Word {
  const char* word;
  int score;
  uint16_t bits;
};

// Whole words, lowercase. Scores: how strongly the word marks its element
// as main content (> 0) or as a page region around it (< 0).
constexpr Word kWords[] = {
    {"article", 3, kCueContent}, {"articlebody", 5, kCueContent},
    {"content", 2, kCueContent}, {"entry", 2, kCueContent},
    {"post", 1, kCueContent}, {"story", 2, kCueContent},
    {"body", 2, kCueContent}, {"text", 1, kCueContent},
    {"main", 2, kCueContent}, {"prose", 3, kCueContent},
    {"blog", 1, kCueContent}, {"richtext", 3, kCueContent},
    {"markdown", 2, kCueContent}, {"postbody", 4, kCueContent},
    {"postcontent", 4, kCueContent}, {"entrycontent", 4, kCueContent},
    {"single", 1, kCueContent},
    {"page", 1, kCueContent}, {"description", 1, kCueContent},
    {"answer", 2, kCueContent}, {"question", 2, kCueContent},
    {"message", 1, kCueContent}, {"documentation", 2, kCueContent},
    {"docs", 1, kCueContent},
    {"nav", -4, kCueNav}, {"navbar", -5, kCueNav},
    {"navigation", -5, kCueNav}, {"menu", -4, kCueNav},
    {"submenu", -4, kCueNav}, {"megamenu", -5, kCueNav},
    {"breadcrumb", -5, kCueNav}, {"breadcrumbs", -5, kCueNav},
    {"pagination", -4, kCueNav}, {"pager", -4, kCueNav},
    {"toc", -1, kCueNav}, {"skip", -3, kCueNav}, {"dropdown", -3, kCueNav},
    {"toolbar", -4, kCueNav}, {"tabs", -1, kCueNav},
    {"sidebar", -5, kCueSide}, {"side", -2, kCueSide},
    {"aside", -3, kCueSide}, {"widget", -4, kCueSide},
    {"widgets", -4, kCueSide}, {"rail", -3, kCueSide},
    {"header", -3, kCueHeaderFooter}, {"footer", -5, kCueHeaderFooter},
    {"masthead", -4, kCueHeaderFooter}, {"copyright", -5, kCueHeaderFooter},
    {"legal", -3, kCueHeaderFooter}, {"topbar", -4, kCueHeaderFooter},
    {"site", -1, kCueHeaderFooter}, {"colophon", -4, kCueHeaderFooter},
    {"comment", -5, kCueComment}, {"comments", -5, kCueComment},
    {"reply", -4, kCueComment}, {"respond", -4, kCueComment},
    {"disqus", -5, kCueComment}, {"discussion", -3, kCueComment},
    {"share", -5, kCueShare}, {"sharing", -5, kCueShare},
    {"social", -5, kCueShare}, {"follow", -3, kCueShare},
    {"sharedaddy", -5, kCueShare}, {"addthis", -5, kCueShare},
    {"print", -2, kCueShare}, {"email", -1, kCueShare},
    {"related", -5, kCueRelated}, {"recommended", -5, kCueRelated},
    {"recommendations", -5, kCueRelated}, {"popular", -4, kCueRelated},
    {"trending", -4, kCueRelated}, {"more", -2, kCueRelated},
    {"outbrain", -5, kCueRelated}, {"taboola", -5, kCueRelated},
    {"yarpp", -5, kCueRelated}, {"relatedposts", -5, kCueRelated},
    {"readmore", -3, kCueRelated}, {"teaser", -2, kCueRelated},
    {"ad", -5, kCueAd}, {"ads", -5, kCueAd}, {"advert", -5, kCueAd},
    {"advertisement", -5, kCueAd}, {"adsbygoogle", -5, kCueAd},
    {"sponsor", -4, kCueAd}, {"sponsored", -4, kCueAd},
    {"promo", -4, kCueAd}, {"banner", -3, kCueAd}, {"dfp", -5, kCueAd},
    {"newsletter", -5, kCueAppeal}, {"subscribe", -5, kCueAppeal},
    {"subscription", -4, kCueAppeal}, {"signup", -4, kCueAppeal},
    {"donate", -5, kCueAppeal}, {"donation", -5, kCueAppeal},
    {"cookie", -5, kCueAppeal | kCueConsent},
    {"cookies", -5, kCueAppeal | kCueConsent},
    {"consent", -5, kCueAppeal | kCueConsent},
    {"gdpr", -5, kCueAppeal | kCueConsent},
    {"popup", -4, kCueAppeal}, {"modal", -4, kCueAppeal},
    {"overlay", -3, kCueAppeal}, {"login", -4, kCueAppeal},
    {"cta", -3, kCueAppeal}, {"paywall", -3, kCueAppeal},
    {"byline", -1, kCueMeta}, {"author", -1, kCueMeta},
    {"meta", -2, kCueMeta}, {"tags", -3, kCueMeta}, {"tag", -2, kCueMeta},
    {"category", -2, kCueMeta}, {"categories", -3, kCueMeta},
    {"date", -1, kCueMeta}, {"bio", -3, kCueMeta},
    {"caption", -3, kCueCaption}, {"credit", -4, kCueCaption},
    {"credits", -4, kCueCaption}, {"figcaption", -3, kCueCaption},
    {"gallery", -2, kCueCaption}, {"carousel", -3, kCueCaption},
    {"slider", -2, kCueCaption},
    {"hidden", -5, kCueHidden}, {"sr", -3, kCueHidden},
    {"visuallyhidden", -5, kCueHidden}, {"screenreader", -5, kCueHidden},
    {"offscreen", -4, kCueHidden},
    {"title", 0, kCueTitle}, {"headline", 0, kCueTitle},
    {"heading", 0, kCueTitle},
};

constexpr auto kWordTable = [] {
  NameTable<const Word*, 512> table;
  for (const Word& k : kWords) table.Insert(k.word, &k);
  return table;
}();

// Looks up one word (lowercase ASCII).
const Word* Find(const char* w, size_t n) {
  const Word* const* k = kWordTable.Find(std::string_view(w, n));
  return k ? *k : nullptr;
}

void AddName(std::string_view value, NameCue* cue) {
  // Words split on non-alphanumerics and on lower-to-upper changes; the
  // whole hyphen-free token is also tried ("articleBody", "post_content").
  char word[32];
  char token[32];
  size_t wn = 0, tn = 0;
  bool token_long = false;
  // One score per kind per value: the strongest word of that kind.
  int best[16] = {};
  auto take = [&](const Word* k) {
    if (!k) return;
    int kind = __builtin_ctz(k->bits);
    int a = k->score < 0 ? -k->score : k->score;
    int b = best[kind] < 0 ? -best[kind] : best[kind];
    if (a > b) best[kind] = k->score;
    cue->bits |= k->bits;
  };
  auto end_word = [&] {
    if (wn > 0 && wn < sizeof word) take(Find(word, wn));
    wn = 0;
  };
  auto end_token = [&] {
    end_word();
    if (tn > 0 && !token_long) take(Find(token, tn));
    tn = 0;
    token_long = false;
  };
  char prev = 0;
  for (char c : value) {
    bool upper = c >= 'A' && c <= 'Z';
    bool alnum = upper || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (!alnum) {
      if (c == ' ' || c == '\t' || c == '\n') {
        end_token();
      } else {
        end_word();
      }
      prev = c;
      continue;
    }
    if (upper && prev >= 'a' && prev <= 'z') end_word();
    char lc = upper ? static_cast<char>(c - 'A' + 'a') : c;
    if (wn < sizeof word) word[wn] = lc;
    ++wn;
    if (tn < sizeof token) {
      token[tn++] = lc;
    } else {
      token_long = true;
    }
    prev = c;
  }
  end_token();
  for (int b : best) cue->score += b;
}

}  // namespace

NameCue NameCues(std::string_view class_value, std::string_view id_value) {
  NameCue cue;
  AddName(class_value, &cue);
  AddName(id_value, &cue);
  return cue;
}

}  // namespace winnow::html
