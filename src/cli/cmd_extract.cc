// winnow extract: the main content of web pages (HTML files, WARC
// archives, JSONL records with an HTML field), one record per page.
#include <memory>

#include "commands.h"
#include "common.h"
#include "winnow/extract_step.h"

namespace winnow::cli {

CLI::App* AddExtractCommand(CLI::App& app, CommandRunner* run) {
  struct Flags {
    JobFlags job;
    std::string html_field;
    std::string max_html_bytes = "64M";
    double threshold = ExtractOptions().threshold;
    bool no_list_markers = false;
    bool no_tables = false;
    bool markup_only = false;
    bool skip_empty = false;
  };
  auto flags = std::make_shared<Flags>();
  CLI::App* cmd = app.add_subcommand(
      "extract",
      "Extract the main content of web pages: title, author, date, "
      "language, canonical URL and text (one paragraph per line), without "
      "navigation, sidebars, comments, share bars, ads and appeals. Reads "
      ".html/.htm files, WARC files (.warc, .warc.gz, .warc.zst) and JSONL "
      "with --html-field");
  AddJobFlags(cmd, &flags->job);
  cmd->add_option("--html-field", flags->html_field,
                  "JSONL input: the field holding each record's HTML (the "
                  "extracted text goes into --text-field)");
  cmd->add_option("--max-html-bytes", flags->max_html_bytes,
                  "Largest page extracted; larger pages are errors. "
                  "Suffixes K, M, G")
      ->capture_default_str();
  cmd->add_option("--threshold", flags->threshold,
                  "Keep blocks of the content region whose content "
                  "probability is at least this (lower keeps more)")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  cmd->add_flag("--no-list-markers", flags->no_list_markers,
                "Do not put \"- \" before list items");
  cmd->add_flag("--no-tables", flags->no_tables, "Leave table rows out");
  cmd->add_flag("--markup-only", flags->markup_only,
                "Select by the page's markup alone, without the paragraph "
                "classifier's second opinion on the kept blocks");
  cmd->add_flag("--skip-empty", flags->skip_empty,
                "Write no record for pages where no main content is found "
                "(counted as extract.skipped_empty)");
  *run = [flags] {
    auto max_html = ParseSize(flags->max_html_bytes);
    if (!max_html.ok()) {
      return ReportError(max_html.status().WithPrefix("--max-html-bytes"));
    }
    ExtractStepOptions options;
    options.extract.max_html_bytes = *max_html;
    options.extract.threshold = flags->threshold;
    options.extract.list_markers = !flags->no_list_markers;
    options.extract.tables = !flags->no_tables;
    options.extract.classify_paragraphs = !flags->markup_only;
    options.text_field = flags->job.text_field;
    options.html_field = flags->html_field;
    options.skip_empty = flags->skip_empty;
    flags->job.reader.html_field = flags->html_field;
    return RunStreamCommand("extract", flags->job,
                            [options] { return NewExtractStep(options); });
  };
  return cmd;
}

}  // namespace winnow::cli
