// lexicon.h — a list of known words, for deciding whether text is a word.
//
// Paragraph recovery rejoins a word hyphenated across a line end
// ("cam-" + "paign") only when the joined word is a real word. The document
// itself is the first witness (the word appears unbroken elsewhere in it);
// a Lexicon is the second: a plain word list, one word per line, such as
// the lists Debian ships in /usr/share/dict (packages wamerican and
// wbritish, which `make` installs). Entries are lowercased; entries with an
// apostrophe (possessives) are skipped.
//
//   auto lex = winnow::Lexicon::Load({"/usr/share/dict/american-english"});
//   if (lex.ok() && (*lex)->Contains("campaign")) { ... }
//
// Lexicon::Default() is the lexicon winnow uses unless told otherwise: the
// American and British English lists when they are installed (loaded once,
// on first use or in the background after PreloadDefault(), thread-safe),
// else an empty lexicon.
//
// Storage: the words in one string and an open-addressing table of packed
// (tag, length, offset) slots, so loading is one pass with no allocation
// per word. Cost: about 5 MB of memory and under 15 ms to load the two
// default lists.
// Failure: Load() returns an error naming a list that cannot be read.
#ifndef WINNOW_LEXICON_H_
#define WINNOW_LEXICON_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "winnow/status.h"

namespace winnow {

class Lexicon {
 public:
  Lexicon() = default;

  // Reads word lists (plain or compressed files, one word per line).
  static Result<std::unique_ptr<Lexicon>> Load(
      const std::vector<std::string>& paths);

  // The default lists, in this order of preference; missing ones are
  // skipped.
  static const std::vector<std::string>& DefaultPaths();
  // The lexicon of the default lists that exist (possibly empty). Loaded
  // once, on the first call of Default() or PreloadDefault().
  static const Lexicon& Default();
  // Starts loading the default lexicon on a thread of its own and returns
  // at once; Default() then waits for that load to finish.
  static void PreloadDefault();

  // `word` must already be lowercase.
  bool Contains(std::string_view word) const;
  // Adds `word`, lowercased. Words longer than kMaxWordBytes are ignored.
  void Add(std::string_view word);
  size_t size() const { return size_; }

  static constexpr size_t kMaxWordBytes = 0xFFFF;

 private:
  // Prepares the table for `n` more words without growing.
  void Reserve(size_t n);
  void InsertLowered(std::string_view word);

  std::string chars_;            // every word, back to back
  std::vector<uint64_t> slots_;  // 0, or tag:8 | length:16 | offset+1:40
  size_t size_ = 0;
};

}  // namespace winnow

#endif  // WINNOW_LEXICON_H_
