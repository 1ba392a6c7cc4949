// cues.h (internal) — what class and id names say about an element.
//
// Sites name their page regions for their own stylesheets, and the names
// are remarkably consistent across the web: "entry-content", "article-body"
// for the text; "sidebar", "related-posts", "share-buttons",
// "cookie-banner" for what surrounds it. NameCues() splits class and id
// values into words (on "-", "_", spaces and lower-to-upper case changes)
// and matches whole words against two small vocabularies, so that "ad"
// matches "ad-slot" but not "header" or "download".
#ifndef WINNOW_HTML_CUES_H_
#define WINNOW_HTML_CUES_H_

#include <cstdint>
#include <string_view>

#include "winnow/block_scorer.h"

namespace winnow::html {

using winnow::CueBits;


struct NameCue {
  int score = 0;      // > 0 content-like, < 0 boilerplate-like
  uint16_t bits = 0;  // CueBits found
};

// Cues of one element's class and id attribute values.
NameCue NameCues(std::string_view class_value, std::string_view id_value);

}  // namespace winnow::html

#endif  // WINNOW_HTML_CUES_H_
