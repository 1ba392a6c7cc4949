#pragma once
// The one pass over a source line's bytes that reflow's line analysis
// starts from.

#include <cstddef>
#include <string_view>

namespace winnow {

// What one pass over a line's bytes tells: where the first word ends, and
// whether the line has column separators, doubled spaces or non-ASCII.
struct LineScan {
  size_t first_space = 0;  // end of the first word
  int pipes = 0;
  bool tab = false;
  bool double_space = false;
  bool non_ascii = false;
};

LineScan ScanLine(std::string_view t);

}  // namespace winnow
