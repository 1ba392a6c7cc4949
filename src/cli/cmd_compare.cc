// winnow compare: the similarity of two documents as `winnow dedup` sees
// it, and the paragraphs only one of them has. The work is the library's
// (winnow/compare.h); this file picks the documents and prints.
#include <fmt/format.h>

#include <memory>

#include "commands.h"
#include "common.h"
#include "winnow/compare.h"
#include "winnow/json.h"
#include "winnow/reader.h"

namespace winnow::cli {
namespace {

struct CompareFlags {
  std::string a, b;
  std::string a_id, b_id;
  std::string text_field = "text";
  std::string id_field = "id";
  std::string format = "auto";
  bool no_clean = false;
  bool json = false;
  int ngram = 5;
  int num_perm = 128;
  uint64_t seed = 0;
  double threshold = 0.8;
  uint32_t min_shingles = 30;
  double max_size_ratio = 2.0;
  bool quiet = false;
  int verbose = 0;
};

struct Picked {
  Doc doc;
  std::string where;  // "file" or "file (id X)"
};

// The documents of `path`: the one with id `id`, or, without an id, the
// first two (to tell "one" from "several").
Status ReadSide(const std::string& path, const std::string& id,
                const ReaderOptions& ro, std::vector<Doc>* docs,
                uint64_t* count) {
  DocReader reader(std::vector<std::string>{path}, ro);
  Doc d;
  *count = 0;
  for (;;) {
    auto more = reader.Next(&d);
    if (!more.ok()) return more.status();
    if (!*more) break;
    ++*count;
    if (!id.empty()) {
      if (d.id == id) {
        docs->push_back(d);
        return OkStatus();
      }
    } else if (docs->size() < 2) {
      docs->push_back(d);
    }
  }
  if (!id.empty()) {
    return NotFound(path + ": no record with id \"" + id + "\" (" +
                    std::to_string(*count) + " records read)");
  }
  return OkStatus();
}

Result<std::pair<Picked, Picked>> PickDocs(const CompareFlags& f,
                                           const ReaderOptions& ro) {
  const bool one_file = f.b.empty();
  std::vector<Doc> a_docs, b_docs;
  uint64_t a_count = 0, b_count = 0;
  WINNOW_RETURN_IF_ERROR(ReadSide(f.a, f.a_id, ro, &a_docs, &a_count));
  const std::string b_path = one_file ? f.a : f.b;
  if (one_file && f.b_id.empty()) {
    // One file: its two records, or --a-id and --b-id.
    if (!f.a_id.empty()) {
      return InvalidArgument("with one file and --a-id, give --b-id too");
    }
    if (a_count != 2) {
      return InvalidArgument(
          f.a + " holds " + std::to_string(a_count) +
          " records: give a second file, or pick two with --a-id and --b-id");
    }
    return std::make_pair(Picked{a_docs[0], f.a + " (record 1)"},
                          Picked{a_docs[1], f.a + " (record 2)"});
  }
  WINNOW_RETURN_IF_ERROR(ReadSide(b_path, f.b_id, ro, &b_docs, &b_count));
  auto pick = [](const std::vector<Doc>& docs, uint64_t count,
                 const std::string& path, const std::string& id,
                 const char* flag) -> Result<Picked> {
    if (!id.empty()) return Picked{docs[0], path + " (id " + id + ")"};
    if (count != 1) {
      return InvalidArgument(path + " holds " + std::to_string(count) +
                             " records: pick one with " + flag);
    }
    return Picked{docs[0], path};
  };
  auto a = pick(a_docs, a_count, f.a, f.a_id, "--a-id");
  if (!a.ok()) return a.status();
  auto b = pick(b_docs, b_count, b_path, f.b_id, "--b-id");
  if (!b.ok()) return b.status();
  return std::make_pair(*a, *b);
}

std::string Shorten(const std::string& s, size_t max) {
  if (s.size() <= max) return s;
  size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return s.substr(0, cut) + "…";
}

std::string DecisionLine(const PairDecision& d, const Comparison& c,
                         double threshold) {
  const char* name = d.measure == Measure::kContainment ? "containment" : "jaccard";
  std::string lsh = fmt::format("LSH {}x{}", d.lsh.bands, d.lsh.rows);
  if (d.measure == Measure::kContainment) {
    lsh += fmt::format(" for Jaccard >= {:.3f}", d.lsh_threshold);
  }
  if (c.exact_duplicate) {
    return fmt::format("  {:<12} clustered (exact duplicate)", name);
  }
  std::string sim = fmt::format("{} {:.4f} {} {}",
                                d.small ? "jaccard (too small for containment)"
                                        : "estimate",
                                d.similarity,
                                d.similarity >= threshold ? ">=" : "<",
                                threshold);
  std::string cand =
      d.candidate ? "the pair shares a band key"
                  : fmt::format("no band key shared (probability {:.2f})",
                                d.candidate_probability);
  return fmt::format("  {:<12} {} ({}; {}: {})", name,
                     d.clustered ? "clustered" : "not clustered", sim, lsh,
                     cand);
}

void PrintText(const CompareFlags& f, const Picked& a, const Picked& b,
               const Comparison& c) {
  std::string s;
  s += fmt::format("A: {} ({} words, {} paragraphs, {} shingles)\n", a.where,
                   Grouped(c.words_a), c.paragraphs_a, Grouped(c.shingles_a));
  s += fmt::format("B: {} ({} words, {} paragraphs, {} shingles)\n", b.where,
                   Grouped(c.words_b), c.paragraphs_b, Grouped(c.shingles_b));
  s += fmt::format("word {}-gram shingles shared: {}{}\n", f.ngram,
                   Grouped(c.shared), f.no_clean ? "" : " (after cleaning)");
  s += fmt::format("Jaccard       exact {:.4f}   estimated {:.4f} ({} "
                   "permutations)\n",
                   c.jaccard, c.jaccard_estimate, f.num_perm);
  s += fmt::format("Containment   A in B {:.4f}   B in A {:.4f}   of the "
                   "smaller {:.4f}\n",
                   c.containment_a_in_b, c.containment_b_in_a, c.containment);
  s += fmt::format("Exact duplicate: {}\n", c.exact_duplicate ? "yes" : "no");
  s += fmt::format("winnow dedup --threshold {} would leave them:\n",
                   f.threshold);
  s += DecisionLine(c.jaccard_decision, c, f.threshold) + "\n";
  s += DecisionLine(c.containment_decision, c, f.threshold) + "\n";
  auto list = [&](const char* side, const char* other,
                  const std::vector<ParagraphOnly>& ps) {
    s += fmt::format("Only in {} ({} paragraph{}):\n", side, ps.size(),
                     ps.size() == 1 ? "" : "s");
    for (const ParagraphOnly& p : ps) {
      s += fmt::format("  [{:3.0f}% in {}] {}\n", p.covered * 100, other,
                       f.verbose > 0 ? p.text : Shorten(p.text, 160));
    }
  };
  list("A", "B", c.only_a);
  list("B", "A", c.only_b);
  std::fputs(s.c_str(), stdout);
}

void AppendDecisionJson(std::string* out, const PairDecision& d) {
  *out += fmt::format(
      "{{\"bands\":{},\"rows\":{},\"lsh_threshold\":{:.6f},"
      "\"candidate\":{},\"candidate_probability\":{:.6f},"
      "\"similarity\":{:.6f},\"too_small\":{},\"clustered\":{}}}",
      d.lsh.bands, d.lsh.rows, d.lsh_threshold, d.candidate,
      d.candidate_probability, d.similarity, d.small, d.clustered);
}

void PrintJson(const Picked& a, const Picked& b, const Comparison& c) {
  std::string s = "{\"a\":";
  AppendJsonString(&s, a.doc.id);
  s += ",\"b\":";
  AppendJsonString(&s, b.doc.id);
  s += fmt::format(
      ",\"words_a\":{},\"words_b\":{},\"shingles_a\":{},\"shingles_b\":{},"
      "\"shared\":{},\"jaccard\":{:.6f},\"jaccard_estimate\":{:.6f},"
      "\"containment_a_in_b\":{:.6f},\"containment_b_in_a\":{:.6f},"
      "\"containment\":{:.6f},\"exact_duplicate\":{},\"jaccard_decision\":",
      c.words_a, c.words_b, c.shingles_a, c.shingles_b, c.shared, c.jaccard,
      c.jaccard_estimate, c.containment_a_in_b, c.containment_b_in_a,
      c.containment, c.exact_duplicate);
  AppendDecisionJson(&s, c.jaccard_decision);
  s += ",\"containment_decision\":";
  AppendDecisionJson(&s, c.containment_decision);
  auto list = [&](const char* key, const std::vector<ParagraphOnly>& ps) {
    s += fmt::format(",\"{}\":[", key);
    for (size_t i = 0; i < ps.size(); ++i) {
      if (i > 0) s += ',';
      s += fmt::format("{{\"covered\":{:.4f},\"text\":", ps[i].covered);
      AppendJsonString(&s, ps[i].text);
      s += '}';
    }
    s += ']';
  };
  list("only_a", c.only_a);
  list("only_b", c.only_b);
  s += "}\n";
  std::fputs(s.c_str(), stdout);
}

int RunCompare(const CompareFlags& f) {
  ReaderOptions ro;
  auto format = ParseInputFormat(f.format);
  if (!format.ok()) return ReportError(format.status());
  ro.format = *format;
  ro.text_field = f.text_field;
  ro.id_field = f.id_field;
  if (f.b.empty() && f.b_id.empty() && !f.a_id.empty()) {
    return ReportError(InvalidArgument("with one file and --a-id, give --b-id too"));
  }
  auto picked = PickDocs(f, ro);
  if (!picked.ok()) return ReportError(picked.status());
  CompareOptions o;
  o.clean = !f.no_clean;
  o.shingle.ngram = f.ngram;
  o.shingle.seed = f.seed;
  o.num_perm = f.num_perm;
  o.threshold = f.threshold;
  o.min_shingles = f.min_shingles;
  o.max_size_ratio = f.max_size_ratio;
  Comparison c = CompareTexts(picked->first.doc.text, picked->second.doc.text, o);
  if (f.json) {
    PrintJson(picked->first, picked->second, c);
  } else {
    PrintText(f, picked->first, picked->second, c);
  }
  return kExitOk;
}

}  // namespace

CLI::App* AddCompareCommand(CLI::App& app, CommandRunner* run) {
  auto f = std::make_shared<CompareFlags>();
  CLI::App* cmd = app.add_subcommand(
      "compare",
      "Compare two documents as winnow dedup does: Jaccard (exact and "
      "estimated), containment both ways, the dedup decision, and the "
      "paragraphs only one side has");
  cmd->add_option("A", f->a,
                  "First document: a text file, or JSONL (one record, or "
                  "pick one with --a-id)")
      ->required();
  cmd->add_option("B", f->b,
                  "Second document (default: another record of A, picked "
                  "with --b-id, or A's second record when it has two)");
  cmd->add_option("--a-id", f->a_id, "Id of the record to take from A");
  cmd->add_option("--b-id", f->b_id, "Id of the record to take from B");
  cmd->add_option("--text-field", f->text_field, "JSONL text field")
      ->capture_default_str();
  cmd->add_option("--id-field", f->id_field, "JSONL id field")
      ->capture_default_str();
  cmd->add_option("--format", f->format, "Input format: auto, text or jsonl")
      ->check(CLI::IsMember({"auto", "text", "jsonl"}))
      ->capture_default_str();
  cmd->add_flag("--no-clean", f->no_clean,
                "Compare the texts as given (default: clean both first)");
  cmd->add_flag("--json", f->json, "Print one JSON object instead of text");
  cmd->add_option("--ngram", f->ngram, "Words per shingle")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  cmd->add_option("--num-perm", f->num_perm, "MinHash signature length")
      ->check(CLI::Range(1, 1024))
      ->capture_default_str();
  cmd->add_option("--seed", f->seed, "Hash seed (as for dedup)")
      ->capture_default_str();
  cmd->add_option("--threshold", f->threshold,
                  "The dedup threshold to decide with")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  cmd->add_option("--min-shingles", f->min_shingles,
                  "As for dedup --measure=containment")
      ->capture_default_str();
  cmd->add_option("--max-size-ratio", f->max_size_ratio,
                  "As for dedup --measure=containment")
      ->check(CLI::Range(1.0, 1000.0))
      ->capture_default_str();
  cmd->add_flag("-v,--verbose", f->verbose,
                "Print the paragraphs in full");
  *run = [f] { return RunCompare(*f); };
  return cmd;
}

}  // namespace winnow::cli
