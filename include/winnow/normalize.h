// normalize.h — character-level normalization, the first pass of cleaning.
//
// NormalizeChars() rewrites text so that later passes see only valid UTF-8
// in NFC, "\n" as the only line break, " " as the only space, and no
// control or invisible format characters. Exactly:
//
//   invalid UTF-8 sequence            -> U+FFFD (maximal subparts, utf8.h)
//   CR LF, CR, U+0085, U+2028, VT, FF -> "\n"
//   U+2029 paragraph separator        -> "\n\n"
//   U+00A0, U+1680, U+2000-200A,
//   U+202F, U+205F, U+3000            -> " "
//   TAB                               -> kept (reflow reads it as a column
//                                        separator, then makes it " ")
//   other C0 controls, DEL, C1 controls,
//   U+00AD, U+180E, U+200B, U+2060,
//   U+FEFF                            -> removed
//   everything else                   -> kept, then the line is put in NFC
//
// Zero-width joiner and non-joiner (U+200C, U+200D) and bidirectional marks
// are kept: they change how scripts and emoji render.
//
// Each output line's span in the input is recorded, so that paragraphs can
// be traced back to the bytes they came from.
//
// Cost: one pass; runs of printable ASCII are copied eight bytes at a time.
#ifndef WINNOW_NORMALIZE_H_
#define WINNOW_NORMALIZE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace winnow {

struct NormalizeStats {
  uint64_t invalid_utf8 = 0;
  uint64_t control_chars = 0;
  uint64_t odd_spaces = 0;
  uint64_t nfc_changed = 0;
};

// The input bytes one output line came from: [begin, end), the line break
// excluded.
struct LineSpan {
  uint32_t begin = 0;
  uint32_t end = 0;
};

// Writes the normalized text to `out`. `lines` receives one LineSpan per
// output line (the number of "\n" in `out`, plus one).
void NormalizeChars(std::string_view input, bool nfc, std::string* out,
                    std::vector<LineSpan>* lines, NormalizeStats* stats);

// Puts valid UTF-8 `line` in NFC. Returns false, leaving `out` untouched,
// when the line is already in NFC.
bool NfcLine(std::string_view line, std::string* out);

}  // namespace winnow

#endif  // WINNOW_NORMALIZE_H_
