// dist_split.h — how a distributed job divides its input between the
// ranks (dist.h): whole files and byte ranges of uncompressed JSONL files,
// balanced by bytes. Internal to the library (the dedup and run jobs); the
// rule is in dist_split.cc.
#ifndef WINNOW_SRC_DEDUP_DIST_SPLIT_H_
#define WINNOW_SRC_DEDUP_DIST_SPLIT_H_

#include <algorithm>
#include <cstdint>
#include <vector>

#include "winnow/dist.h"
#include "winnow/reader.h"
#include "winnow/status.h"

namespace winnow::dedup {

// A distributed run's share of the input (dist_split.cc): whole files and
// byte ranges of uncompressed JSONL files, in input order.
struct RankShare {
  std::vector<InputFile> inputs;
  // The file (index in the whole input) whose range begins this share, when
  // earlier ranks read the start of that file; else -1.
  int64_t first_file = -1;
  // For every rank, the file its share ends inside (a later rank reads on),
  // else -1.
  std::vector<int64_t> last_file;
  // The ranges a later rank continues (one for each rank whose last_file
  // is set): whose lines they are, which file, which bytes.
  struct Continued {
    int rank = 0;
    InputFile file;
    uint64_t begin = 0, end = 0;
  };
  std::vector<Continued> continued;
  uint64_t files_cut = 0;  // input files read in ranges by several ranks
};

// Rank `rank`'s share of `inputs` among `ranks`: balanced by bytes, files
// cut where shares meet when they can be read in ranges.
Result<RankShare> ShareInputs(std::vector<InputFile> inputs, int rank,
                              int ranks);

// The rank whose share holds input position `ord`; `rank_first` holds each
// rank's first position, then the total.
inline int RankOfOrdinal(const std::vector<uint64_t>& rank_first,
                         uint64_t ord) {
  auto it = std::upper_bound(rank_first.begin(), rank_first.end() - 1, ord);
  return static_cast<int>(it - rank_first.begin()) - 1;
}

// Before a share is read: how many lines of its first file earlier ranks
// read (the file's line numbers, not the range's, go into messages and
// default ids). Collective: every rank calls it. The newlines of every
// continued range (RankShare::continued) are counted in equal slices, one
// per rank, so that no rank waits while another counts; one sum gives the
// bases. Returns the base for this share's first input when the share
// begins inside a file (first_file >= 0), else 0.
Result<uint64_t> SharedLineBase(Communicator& comm, const RankShare& share);

}  // namespace winnow::dedup

#endif  // WINNOW_SRC_DEDUP_DIST_SPLIT_H_
