#include "common.h"

#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>

namespace winnow::cli {

void AddVerbosityFlags(CLI::App* cmd, JobFlags* f) {
  cmd->add_flag("-q,--quiet", f->quiet,
                "Print nothing but errors: no progress line, no summary");
  cmd->add_flag("-v,--verbose", f->verbose,
                "Print every counter in the summary (repeat for more detail)");
}

void AddJobFlags(CLI::App* cmd, JobFlags* f) {
  cmd->add_option("inputs", f->inputs,
                  "Input files or directories (walked recursively), or - for "
                  "stdin. gzip and zstd inputs are detected from their bytes")
      ->required();
  cmd->add_option("-o,--output", f->output,
                  "Write the output records here (JSONL; a .gz or .zst name "
                  "compresses). Default: stdout");
  cmd->add_option("--format", f->format,
                  "Input format: auto (from each file's name, else its first "
                  "bytes), text (one document per file), jsonl, html (one "
                  "web page per file) or warc")
      ->check(CLI::IsMember({"auto", "text", "jsonl", "html", "warc"}))
      ->capture_default_str();
  cmd->add_option("--text-field", f->text_field,
                  "JSONL field holding the document text")
      ->capture_default_str();
  cmd->add_option("--id-field", f->id_field,
                  "JSONL field holding the document id (else FILE:LINE)")
      ->capture_default_str();
  cmd->add_option("--on-error", f->on_error,
                  "On a bad record or unreadable input: fail (stop with exit "
                  "code 1) or skip (count it and write it to the rejects file)")
      ->check(CLI::IsMember({"fail", "skip"}))
      ->capture_default_str();
  cmd->add_option("--rejects", f->rejects,
                  "Rejects file for --on-error=skip. Default: OUTPUT with its "
                  "extension replaced by .rejects.jsonl, or "
                  "winnow-rejects.jsonl when writing to stdout");
  cmd->add_option("-j,--threads", f->threads,
                  "Worker threads (0: one per core)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  cmd->add_option("--max-record-bytes", f->max_record_bytes,
                  "Largest accepted record (a JSONL line or a text file); "
                  "larger ones are errors. Suffixes K, M, G")
      ->capture_default_str();
  AddVerbosityFlags(cmd, f);
}

void AddDictionaryFlags(CLI::App* cmd, std::vector<std::string>* paths,
                        bool* none) {
  cmd->add_option("--dictionary", *paths,
                  "Word list (one word per line) deciding whether a hyphen at "
                  "a line end splits a word; repeatable. Default: "
                  "/usr/share/dict/american-english and british-english")
      ->type_name("FILE");
  cmd->add_flag("--no-dictionary", *none,
                "Rejoin hyphenated words only on evidence from the document "
                "itself");
}

Status ResolveDictionary(const std::vector<std::string>& paths, bool none,
                         bool quiet, ReflowOptions* reflow) {
  if (none) {
    reflow->use_lexicon = false;
    return OkStatus();
  }
  if (paths.empty()) {
    bool any = false;
    for (const std::string& p : Lexicon::DefaultPaths()) {
      any = any || ::access(p.c_str(), R_OK) == 0;
    }
    if (!any && !quiet) {
      std::fprintf(stderr,
                   "winnow: warning: no word list in /usr/share/dict (Debian "
                   "packages wamerican, wbritish); hyphenated line ends are "
                   "rejoined only on evidence from each document\n");
    }
    // Loads while the run starts; reflow waits for it at its first use.
    Lexicon::PreloadDefault();
    return OkStatus();
  }
  auto loaded = Lexicon::Load(paths);
  if (!loaded.ok()) return loaded.status();
  // The lexicon lives as long as the process: the run's steps point at it.
  reflow->lexicon = loaded->release();
  return OkStatus();
}

Result<uint64_t> ParseSize(const std::string& text) {
  if (text.empty()) return InvalidArgument("empty size");
  size_t i = 0;
  uint64_t v = 0;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
    uint64_t d = static_cast<uint64_t>(text[i] - '0');
    if (v > (UINT64_MAX - d) / 10) {
      return InvalidArgument("size \"" + text + "\" is too large");
    }
    v = v * 10 + d;
    ++i;
  }
  if (i == 0) return InvalidArgument("size \"" + text + "\" is not a number");
  std::string unit = text.substr(i);
  int shift = 0;
  if (unit.empty() || unit == "B") {
    shift = 0;
  } else if (unit == "K" || unit == "KiB" || unit == "k") {
    shift = 10;
  } else if (unit == "M" || unit == "MiB") {
    shift = 20;
  } else if (unit == "G" || unit == "GiB") {
    shift = 30;
  } else if (unit == "T" || unit == "TiB") {
    shift = 40;
  } else {
    return InvalidArgument("size \"" + text +
                           "\" has an unknown unit (use K, M, G or T)");
  }
  if (shift > 0 && v > (UINT64_MAX >> shift)) {
    return InvalidArgument("size \"" + text + "\" is too large");
  }
  return v << shift;
}

namespace {

bool SameFile(const std::string& a, const std::string& b) {
  struct stat sa {
  }, sb{};
  if (::stat(a.c_str(), &sa) != 0 || ::stat(b.c_str(), &sb) != 0) return false;
  return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

}  // namespace

Status Resolve(JobFlags* f) {
  auto format = ParseInputFormat(f->format);
  if (!format.ok()) return format.status();
  f->reader.format = *format;
  if (f->text_field.empty()) return InvalidArgument("--text-field is empty");
  if (f->id_field.empty()) return InvalidArgument("--id-field is empty");
  f->reader.text_field = f->text_field;
  f->reader.id_field = f->id_field;
  auto max_bytes = ParseSize(f->max_record_bytes);
  if (!max_bytes.ok()) {
    return max_bytes.status().WithPrefix("--max-record-bytes");
  }
  // Offsets inside a record are 32-bit.
  if (*max_bytes == 0 || *max_bytes >= (uint64_t{1} << 32)) {
    return InvalidArgument(
        "--max-record-bytes must be between 1 byte and 4G (exclusive)");
  }
  f->reader.max_record_bytes = *max_bytes;
  f->stream.threads = f->threads;
  f->stream.on_error = f->on_error == "skip" ? OnError::kSkip : OnError::kFail;
  int stdin_count = 0;
  for (const std::string& in : f->inputs) stdin_count += in == "-";
  if (stdin_count > 1) return InvalidArgument("stdin (-) given more than once");
  auto files = ExpandInputs(f->inputs, f->reader);
  if (!files.ok()) return files.status();
  f->files = std::move(*files);
  if (!f->output.empty() && f->output != "-") {
    for (const InputFile& in : f->files) {
      if (in.path != "-" && SameFile(in.path, f->output)) {
        return InvalidArgument("the output " + f->output +
                               " is also an input; choose another -o");
      }
    }
  }
  return OkStatus();
}

std::string RejectsPath(const JobFlags& f) {
  if (!f.rejects.empty()) return f.rejects;
  if (f.output.empty() || f.output == "-") return "winnow-rejects.jsonl";
  std::string base = f.output;
  for (const char* ext :
       {".gz", ".zst", ".zstd", ".jsonl", ".ndjson", ".json"}) {
    std::string e = ext;
    if (base.size() > e.size() &&
        base.compare(base.size() - e.size(), e.size(), e) == 0) {
      base.resize(base.size() - e.size());
    }
  }
  return base + ".rejects.jsonl";
}

std::string HumanBytes(double b) {
  const char* units[] = {"B", "KB", "MB", "GB", "TB"};
  int u = 0;
  while (b >= 1000 && u < 4) {
    b /= 1000;
    ++u;
  }
  return u == 0 ? fmt::format("{:.0f} {}", b, units[u])
                : fmt::format("{:.1f} {}", b, units[u]);
}

std::string Grouped(uint64_t n) {
  std::string s = std::to_string(n);
  std::string out;
  int k = 0;
  for (size_t i = s.size(); i-- > 0;) {
    out.push_back(s[i]);
    if (++k % 3 == 0 && i > 0) out.push_back(',');
  }
  return std::string(out.rbegin(), out.rend());
}

ProgressLine::ProgressLine(std::string label, bool enabled)
    : label_(std::move(label)), enabled_(enabled && isatty(2)) {}

ProgressLine::~ProgressLine() { Finish(); }

void ProgressLine::Update(const StreamProgress& p) {
  if (!enabled_) return;
  // At most four updates a second.
  if (last_ >= 0 && p.seconds - last_ < 0.25) return;
  last_ = p.seconds;
  double rate = p.seconds > 0 ? p.bytes / p.seconds : 0;
  std::string line =
      fmt::format("{}: {} docs, {}, {}/s", label_, Grouped(p.docs),
                  HumanBytes(p.bytes), HumanBytes(rate));
  if (p.raw_total > 0 && p.raw_bytes > 0 && p.seconds > 0) {
    double frac = static_cast<double>(p.raw_bytes) / p.raw_total;
    if (frac > 1) frac = 1;
    double eta = p.seconds * (1 - frac) / frac;
    line += fmt::format(", {:.0f}%, ETA {}:{:02d}", frac * 100,
                        static_cast<int>(eta) / 60, static_cast<int>(eta) % 60);
  }
  std::fprintf(stderr, "\r\033[K%s", line.c_str());
  std::fflush(stderr);
  shown_ = true;
}

void ProgressLine::Finish() {
  if (shown_) {
    std::fprintf(stderr, "\r\033[K");
    std::fflush(stderr);
    shown_ = false;
  }
}

ProgressFn ProgressLine::Callback() {
  if (!enabled_) return {};
  return [this](const StreamProgress& p) { Update(p); };
}

void PrintStreamSummary(const std::string& command, const JobFlags& flags,
                        const StreamReport& r, const RejectSink* rejects,
                        const std::string& output_path) {
  if (flags.quiet) return;
  double rate = r.seconds > 0 ? r.bytes_in / r.seconds : 0;
  std::string s = fmt::format(
      "winnow {}: {} documents in, {} out, {} rejected; {} read, {} written; "
      "{:.2f} s ({}/s)\n",
      command, Grouped(r.docs_in), Grouped(r.docs_out), Grouped(r.rejects),
      HumanBytes(r.bytes_in), HumanBytes(r.bytes_out), r.seconds,
      HumanBytes(rate));
  if (r.blank_lines > 0) {
    s += fmt::format("  blank input lines ignored: {}\n",
                     Grouped(r.blank_lines));
  }
  for (const auto& [name, value] : r.counters.items()) {
    if (value == 0 && flags.verbose == 0) continue;
    s += fmt::format("  {}: {}\n", name, Grouped(value));
  }
  if (!output_path.empty() && output_path != "-") {
    s += fmt::format("  output: {}\n", output_path);
  }
  if (rejects && rejects->used()) {
    s += fmt::format("  rejected records: {}\n", rejects->path());
  }
  std::fputs(s.c_str(), stderr);
}

int ReportError(const Status& status) {
  std::fprintf(stderr, "winnow: %s\n", status.message().c_str());
  return status.code() == ErrorCode::kInvalidArgument ? kExitUsage : kExitError;
}

int RunStreamCommand(const std::string& command, JobFlags& flags,
                     const DocStepFactory& factory) {
  Status st = Resolve(&flags);
  if (!st.ok()) return ReportError(st);
  auto out = OutputFile::Create(flags.output);
  if (!out.ok()) return ReportError(out.status());
  RejectSink rejects(RejectsPath(flags));
  ProgressLine progress("winnow " + command, !flags.quiet);
  StreamReport report;
  st = RunStream(flags.files, flags.reader, flags.stream, factory, out->get(),
                 &rejects, progress.Callback(), &report);
  progress.Finish();
  if (!st.ok()) {
    if ((*out)->broken_pipe()) return kExitOk;
    return ReportError(st);
  }
  st = (*out)->Commit();
  if (st.ok()) st = rejects.Commit();
  if (!st.ok()) return ReportError(st);
  PrintStreamSummary(command, flags, report, &rejects, flags.output);
  return kExitOk;
}

}  // namespace winnow::cli
