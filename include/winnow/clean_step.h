// clean_step.h — `winnow clean` as a stream step.
//
// The step cleans each document's text (clean.h) and writes the document
// back with its fields carried through. It counts, per run:
//
//   clean.invalid_utf8    invalid UTF-8 sequences replaced (reading + text)
//   clean.control_chars   control and invisible characters removed
//   clean.odd_spaces      Unicode spaces made " "
//   clean.nfc_lines       lines that NFC changed
//   clean.wrapped_docs    documents found hard-wrapped and reflowed
//   clean.lines_joined    line breaks removed by reflow
//   clean.hyphens_joined  words rejoined across a line-end hyphen
//   clean.paragraphs      paragraphs written
//   clean.empty_docs      documents whose clean text is empty (still written)
#ifndef WINNOW_CLEAN_STEP_H_
#define WINNOW_CLEAN_STEP_H_

#include <memory>

#include "winnow/clean.h"
#include "winnow/stream.h"

namespace winnow {

std::unique_ptr<DocStep> NewCleanStep(const CleanOptions& options);

// Adds the counts of one cleaned document to `counters`.
void CountClean(const Doc& doc, const CleanResult& result, Counters* counters);

}  // namespace winnow

#endif  // WINNOW_CLEAN_STEP_H_
