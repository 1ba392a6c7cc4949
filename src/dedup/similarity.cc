#include "winnow/similarity.h"

#include <string>

#include "winnow/minhash.h"

namespace winnow {

std::string_view MeasureName(Measure m) {
  return m == Measure::kContainment ? "containment" : "jaccard";
}

Result<Measure> ParseMeasure(std::string_view name) {
  if (name == "jaccard") return Measure::kJaccard;
  if (name == "containment") return Measure::kContainment;
  return InvalidArgument("unknown measure \"" + std::string(name) +
                         "\" (use jaccard or containment)");
}

double PairSimilarity(Measure measure, double jaccard, uint64_t size_a,
                      uint64_t size_b, uint64_t min_shingles) {
  if (measure == Measure::kJaccard) return jaccard;
  const uint64_t smaller = size_a < size_b ? size_a : size_b;
  if (smaller < min_shingles) return jaccard;
  return ContainmentFromJaccard(jaccard, size_a, size_b);
}

size_t IntersectionSize(const uint64_t* a, size_t na, const uint64_t* b,
                        size_t nb) {
  size_t i = 0, j = 0, n = 0;
  while (i < na && j < nb) {
    if (a[i] < b[j]) {
      ++i;
    } else if (b[j] < a[i]) {
      ++j;
    } else {
      ++n;
      ++i;
      ++j;
    }
  }
  return n;
}

double ExactJaccard(const uint64_t* a, size_t na, const uint64_t* b,
                    size_t nb) {
  const size_t inter = IntersectionSize(a, na, b, nb);
  const size_t uni = na + nb - inter;
  return uni == 0 ? 0.0 : static_cast<double>(inter) / uni;
}

}  // namespace winnow
