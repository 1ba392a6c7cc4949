// Fuzzes the boilerplate stage and cluster consensus. The input holds up to
// four captures separated by NUL bytes. Properties: no crash; one verdict
// per cleaned paragraph, scores in [0, 1], a removal for every paragraph
// not kept, each with a byte range inside its input; the kept text is the
// kept paragraphs in order; every consensus paragraph is a paragraph of one
// capture, and a single capture's consensus is its own kept text.
#include <cstdlib>
#include <string>
#include <vector>

#include "winnow/boilerplate.h"
#include "winnow/consensus.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  std::vector<std::string_view> parts;
  size_t pos = 0;
  while (parts.size() < 4) {
    size_t nul = in.find('\0', pos);
    if (nul == std::string_view::npos) {
      parts.push_back(in.substr(pos));
      break;
    }
    parts.push_back(in.substr(pos, nul - pos));
    pos = nul + 1;
  }
  std::vector<winnow::BoilerplateResult> results(parts.size());
  std::vector<winnow::CaptureText> caps;
  for (size_t c = 0; c < parts.size(); ++c) {
    winnow::BoilerplateResult& r = results[c];
    winnow::RemoveBoilerplate(parts[c], "fuzz", nullptr, {}, &r);
    const size_t n = r.clean.paragraphs.size();
    if (r.verdicts.size() != n) std::abort();
    size_t removed = 0;
    std::string kept;
    for (size_t i = 0; i < n; ++i) {
      const winnow::Verdict& v = r.verdicts[i];
      if (!(v.score >= 0.0f && v.score <= 1.0f)) std::abort();
      if (v.keep != (v.cls == winnow::BoilerplateClass::kContent)) std::abort();
      const auto& s = r.clean.paragraphs[i];
      std::string_view p(r.clean.text.data() + s.out_begin,
                         s.out_end - s.out_begin);
      if (v.keep) {
        if (!kept.empty()) kept.push_back('\n');
        kept.append(p);
      } else {
        ++removed;
      }
    }
    if (kept != r.text || removed != r.removed.size()) std::abort();
    for (const auto& rp : r.removed) {
      if (rp.begin > rp.end || rp.end > parts[c].size()) std::abort();
    }
    caps.push_back(winnow::CaptureFromBoilerplate("c", r));
  }
  winnow::ConsensusResult cr;
  winnow::BuildConsensus(caps, {}, &cr);
  for (const auto& p : cr.paragraphs) {
    if (p.capture >= caps.size() ||
        p.paragraph >= caps[p.capture].paragraphs.size() ||
        caps[p.capture].paragraphs[p.paragraph] != p.text) {
      std::abort();
    }
  }
  if (caps.size() == 1 && cr.text != results[0].text) std::abort();
  return 0;
}
