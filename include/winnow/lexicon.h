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
// on first use, thread-safe), else an empty lexicon.
//
// Cost: about 10 MB of memory and 30 ms to load the two default lists.
// Failure: Load() returns an error naming a list that cannot be read.
#ifndef WINNOW_LEXICON_H_
#define WINNOW_LEXICON_H_

#include <memory>
#include <string>
#include <string_view>
#include <unordered_set>
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
  // The lexicon of the default lists that exist (possibly empty).
  static const Lexicon& Default();

  // `word` must already be lowercase.
  bool Contains(std::string_view word) const;
  void Add(std::string_view word);
  size_t size() const { return words_.size(); }

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const {
      return std::hash<std::string_view>()(s);
    }
  };
  std::unordered_set<std::string, Hash, std::equal_to<>> words_;
};

}  // namespace winnow

#endif  // WINNOW_LEXICON_H_
