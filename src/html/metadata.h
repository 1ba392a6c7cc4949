// metadata.h (internal) — PageMetadata from a converted page's RawMeta.
#ifndef WINNOW_HTML_METADATA_INTERNAL_H_
#define WINNOW_HTML_METADATA_INTERNAL_H_

#include <string_view>

#include "html/dom.h"
#include "winnow/html_metadata.h"

namespace winnow::html {

// `url`: where the page was fetched (for relative canonical links).
void BuildMetadata(const RawMeta& raw, std::string_view url,
                   PageMetadata* meta);

// Collapses runs of whitespace to one space and trims.
std::string CollapseSpace(std::string_view s);

}  // namespace winnow::html

#endif  // WINNOW_HTML_METADATA_INTERNAL_H_
