// A distributed run's report: every rank counted its own share; rank 0,
// which prints the summary, gets the sums.
#include <charconv>
#include <string>

#include "run_context.h"

namespace winnow::pipeline {

Status SumReports(RunContext& ctx) {
  Communicator& comm = *ctx.comm;
  RunReport& r = ctx.report;
  uint64_t v[] = {r.docs,          r.rejected,       r.bytes,
                  r.stories,       r.merged_stories, r.merged_captures,
                  r.empty_stories, r.paragraphs,     r.removed};
  WINNOW_RETURN_IF_ERROR(comm.AllReduce(v, std::size(v), Communicator::Op::kSum));
  r.docs = v[0];
  r.rejected = v[1];
  r.bytes = v[2];
  r.stories = v[3];
  r.merged_stories = v[4];
  r.merged_captures = v[5];
  r.empty_stories = v[6];
  r.paragraphs = v[7];
  r.removed = v[8];
  // Counters by name: "name=value" lines to rank 0.
  if (ctx.rank != 0) {
    std::string s;
    for (const auto& [k, n] : r.counters.items()) {
      s += k;
      s += '=';
      s += std::to_string(n);
      s += '\n';
    }
    return comm.Send(0, s);
  }
  for (int q = 1; q < ctx.ranks; ++q) {
    std::string s;
    WINNOW_RETURN_IF_ERROR(comm.Recv(q, &s));
    size_t pos = 0;
    while (pos < s.size()) {
      const size_t nl = s.find('\n', pos);
      const size_t eq = s.rfind('=', nl);
      if (nl == std::string::npos || eq == std::string::npos || eq < pos) {
        return DataError("rank " + std::to_string(q) +
                         " sent a damaged report");
      }
      uint64_t n = 0;
      std::from_chars(s.data() + eq + 1, s.data() + nl, n);
      r.counters.Add(std::string_view(s).substr(pos, eq - pos), n);
      pos = nl + 1;
    }
  }
  return OkStatus();
}

}  // namespace winnow::pipeline
