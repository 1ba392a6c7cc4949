// counters.h — what a stage did, counted.
//
// Every stage counts its work under short dotted names ("clean.paragraphs",
// "read.blank_lines"); the job merges the counts of all threads and the CLI
// prints them at the end of the run. Counters keep names in first-use order
// so that summaries read the same way every time.
//
//   winnow::Counters c;
//   c.Add("clean.lines_joined", 3);
//   c.Get("clean.lines_joined");  // 3
//
// Cost: a linear scan of a handful of names per Add; stages add per batch
// or per document, never per byte.
#ifndef WINNOW_COUNTERS_H_
#define WINNOW_COUNTERS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace winnow {

class Counters {
 public:
  void Add(std::string_view name, uint64_t n = 1);
  uint64_t Get(std::string_view name) const;
  void Merge(const Counters& other);
  void Clear() { items_.clear(); }
  const std::vector<std::pair<std::string, uint64_t>>& items() const {
    return items_;
  }

 private:
  std::vector<std::pair<std::string, uint64_t>> items_;
};

}  // namespace winnow

#endif  // WINNOW_COUNTERS_H_
