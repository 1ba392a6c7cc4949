#include "html/select.h"

#include "html/mlp.h"

#include <algorithm>
#include <cmath>

namespace winnow::html {
namespace {

#include "html/select_model.inc"

static_assert(kSelectModelInputs == kSelectFeatureCount,
              "select_model.inc does not match kSelectFeatureCount");

constexpr MlpWeights kSelectModel = {
    kSelectModelInputs, kSelectModelHidden, kSelectModelW1, kSelectModelB1,
    kSelectModelW2, kSelectModelB2};

double Logit(double p) {
  p = std::clamp(p, 1e-4, 1 - 1e-4);
  return std::log(p / (1 - p));
}

}  // namespace

void SelectionFeatures(const Dom& dom, const PageBlocks& pb,
                       const std::vector<double>& scores,
                       std::vector<float>* out) {
  const std::vector<BlockFeatures>& blocks = pb.blocks;
  const size_t n = blocks.size();
  const std::vector<Node>& nodes = dom.nodes;
  out->assign(n * kSelectFeatureCount, 0.0f);
  if (n == 0 || nodes.empty()) return;

  // Evidence per subtree: one pass adding each node's sum to its parent
  // (nodes are in preorder, so children come after their parent).
  // Per-node arrays are kept per thread: as long as the page's DOM, they
  // cost more to allocate for every page than to fill.
  thread_local std::vector<double> sums;
  thread_local std::vector<uint32_t> held;  // blocks in each subtree
  thread_local std::vector<float> parent_pos, parent_all;
  sums.assign(nodes.size(), 0.0);
  held.assign(nodes.size(), 0);
  double total_abs = 0, total_pos = 0;
  for (size_t i = 0; i < n; ++i) {
    double weight = std::min<double>(blocks[i].chars, 2000);
    double v = (2 * scores[i] - 1) * weight;
    sums[pb.owner[i]] += v;
    ++held[pb.owner[i]];
    total_abs += std::abs(v);
    if (v > 0) total_pos += v;
  }
  for (size_t i = nodes.size(); i-- > 1;) {
    if (nodes[i].parent >= 0) {
      sums[nodes[i].parent] += sums[i];
      held[nodes[i].parent] += held[i];
    }
  }
  // The region is the smallest element holding the most evidence: of
  // elements with the same sum the deepest (an ancestor that adds no
  // blocks adds no evidence; with the first one, a page whose blocks all
  // sit in one element got <html> as its region), and only elements that
  // hold a block (when every block is unlikely, an empty element's sum of
  // 0 is the largest).
  size_t best = 0;
  for (size_t i = 1; i < nodes.size(); ++i) {
    if (held[i] > 0 && sums[i] >= sums[best]) best = i;
  }
  const uint32_t begin = static_cast<uint32_t>(best);
  const uint32_t end = nodes[best].end;
  const bool root_region = nodes[best].parent < 0 ||
                           nodes[nodes[best].parent].parent < 0;
  const double norm = total_abs > 0 ? total_abs : 1;

  // Share of likely blocks among those with the same parent element.
  parent_pos.assign(nodes.size(), 0);
  parent_all.assign(nodes.size(), 0);
  for (size_t i = 0; i < n; ++i) {
    int32_t p = nodes[pb.owner[i]].parent;
    if (p < 0) p = pb.owner[i];
    parent_all[p] += 1;
    if (scores[i] > 0.5) parent_pos[p] += 1;
  }

  // What kind of page this is, roughly: how much text, how list-like,
  // how link-heavy, how much of it looks like content.
  double page_chars = 0, page_links = 0, list_items = 0, likely = 0,
         mean_p = 0;
  for (size_t i = 0; i < n; ++i) {
    page_chars += blocks[i].chars;
    page_links += blocks[i].link_chars;
    list_items += blocks[i].kind == BlockKind::kListItem;
    likely += scores[i] > 0.5;
    mean_p += scores[i];
  }
  double region_chars = 0;
  for (size_t i = 0; i < n; ++i) {
    uint32_t o = static_cast<uint32_t>(pb.owner[i]);
    if (o >= begin && o < end) region_chars += blocks[i].chars;
  }
  const float page[7] = {
      static_cast<float>(std::log1p(page_chars) / 10),
      static_cast<float>(list_items / n),
      static_cast<float>(page_chars > 0 ? page_links / page_chars : 0),
      static_cast<float>(std::log1p(static_cast<double>(n)) / 6),
      static_cast<float>(likely / n),
      static_cast<float>(page_chars > 0 ? region_chars / page_chars : 0),
      static_cast<float>(mean_p / n)};

  for (size_t i = 0; i < n; ++i) {
    float* x = out->data() + i * kSelectFeatureCount;
    uint32_t owner = static_cast<uint32_t>(pb.owner[i]);
    int32_t parent = nodes[owner].parent;
    int32_t grand = parent >= 0 ? nodes[parent].parent : -1;
    double window = 0;
    int count = 0;
    for (size_t k = i >= 3 ? i - 3 : 0; k < std::min(n, i + 4); ++k) {
      if (k == i) continue;
      window += scores[k];
      ++count;
    }
    int32_t pkey = parent >= 0 ? parent : static_cast<int32_t>(owner);
    // As in the block features, a block at an edge of the page stands in
    // for its missing neighbours: "no neighbour" must not read as "a
    // neighbour that is not content", or a page's only paragraph is judged
    // by neighbours it does not have.
    const double own = Logit(scores[i]) / 4;
    int f = 0;
    x[f++] = 1.0f;
    x[f++] = static_cast<float>(own);
    x[f++] = owner >= begin && owner < end ? 1.0f : 0.0f;
    x[f++] = static_cast<float>(i > 0 ? Logit(scores[i - 1]) / 4 : own);
    x[f++] = static_cast<float>(i + 1 < n ? Logit(scores[i + 1]) / 4 : own);
    x[f++] = static_cast<float>(count > 0 ? window / count : scores[i]);
    x[f++] = parent >= 0
                 ? static_cast<float>(std::clamp(sums[parent] / norm, -1.0, 1.0))
                 : 0.0f;
    x[f++] = grand >= 0
                 ? static_cast<float>(std::clamp(sums[grand] / norm, -1.0, 1.0))
                 : 0.0f;
    x[f++] = total_pos > 0
                 ? static_cast<float>(std::clamp(sums[best] / total_pos, 0.0, 1.0))
                 : 0.0f;
    x[f++] = blocks[i].kind == BlockKind::kHeading && i + 1 < n
                 ? static_cast<float>(scores[i + 1])
                 : 0.0f;
    x[f++] = static_cast<float>(std::log1p(blocks[i].chars) / 8);
    x[f++] = root_region ? 1.0f : 0.0f;
    x[f++] = parent_all[pkey] > 0 ? parent_pos[pkey] / parent_all[pkey] : 0.0f;
    for (float v : page) x[f++] = v;
  }
}

void SelectBlocks(const Dom& dom, const PageBlocks& pb,
                  const std::vector<double>& scores,
                  std::vector<double>* keep) {
  static const Mlp model(kSelectModel);
  thread_local std::vector<float> x;
  const size_t n = pb.blocks.size();
  // A page smaller than those the selection model was fitted on (a few
  // paragraphs, a short list) is outside the range its context features
  // were seen in: page length and block count, shares of likely and list
  // blocks, a region that is the whole page. There it extrapolates (three
  // article paragraphs the block model scores 0.86 to 0.98 got 0.35 to
  // 0.44), so the decision is the block model's, which judges each block
  // by its own evidence.
  uint64_t chars = 0;
  for (const BlockFeatures& b : pb.blocks) chars += b.chars;
  if (n < static_cast<size_t>(kSelectModelMinBlocks) ||
      chars < static_cast<uint64_t>(kSelectModelMinChars)) {
    keep->assign(scores.begin(), scores.end());
    return;
  }
  SelectionFeatures(dom, pb, scores, &x);
  keep->assign(n, 0.0);
  for (size_t i = 0; i < n; ++i) {
    (*keep)[i] = model.Predict(x.data() + i * kSelectFeatureCount);
  }
}

}  // namespace winnow::html
