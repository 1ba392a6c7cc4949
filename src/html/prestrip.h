// prestrip.h (internal) — dropping what the parser would read for nothing.
//
// Half the bytes of a typical page are the bodies of <script> and <style>
// elements and inline <svg> drawings, none of which is page text, and
// libxml2 reads them a character at a time. StripNonText() removes those
// bodies (and comments) before parsing, keeping the tags themselves, so
// the tree is the same minus their contents. It is a lexer of tags, not a
// tree builder: it follows the HTML tokenizer's rules for what it skips
// (comments; quoted attribute values, so a ">" or "<script" inside one is
// not a tag; the raw text of <title>, <textarea> and <xmp>, which is kept
// as is) and leaves every other byte alone. JSON-LD scripts are kept: the
// metadata reads them, and so are the four short comments that mark React
// Suspense boundaries (parse_libxml.cc reads them). An element whose end
// tag never comes is kept whole.
//
// Cost: one pass at memchr speed; in place.
#ifndef WINNOW_HTML_PRESTRIP_H_
#define WINNOW_HTML_PRESTRIP_H_

#include <string>

namespace winnow::html {

// Returns the number of bytes removed.
size_t StripNonText(std::string* html);

}  // namespace winnow::html

#endif  // WINNOW_HTML_PRESTRIP_H_
