// common.h — what every winnow subcommand shares: the input/output flags,
// the error policy, the progress line, the end-of-run summary, exit codes.
// Library calls do the work; this layer only parses flags and displays.
#ifndef WINNOW_CLI_COMMON_H_
#define WINNOW_CLI_COMMON_H_

#include <CLI/CLI.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "winnow/lexicon.h"
#include "winnow/reader.h"
#include "winnow/reflow.h"
#include "winnow/status.h"
#include "winnow/stream.h"
#include "winnow/writer.h"

namespace winnow::cli {

// Exit codes (documented in docs/winnow.1.md).
inline constexpr int kExitOk = 0;
inline constexpr int kExitError = 1;  // runtime or data error
inline constexpr int kExitUsage = 2;  // bad flags or arguments

// Flags of every command that reads documents and writes records.
struct JobFlags {
  std::vector<std::string> inputs;
  std::string output;  // empty: stdout
  std::string format = "auto";
  std::string text_field = "text";
  std::string id_field = "id";
  std::string on_error = "fail";
  std::string rejects;  // empty: derived from output
  int threads = 0;
  std::string max_record_bytes = "256M";
  bool quiet = false;
  int verbose = 0;

  // Filled by Resolve().
  ReaderOptions reader;
  StreamOptions stream;
  std::vector<InputFile> files;
};

// Adds the shared flags to `cmd`.
void AddJobFlags(CLI::App* cmd, JobFlags* flags);
// Adds only -q and -v (for commands without inputs/outputs).
void AddVerbosityFlags(CLI::App* cmd, JobFlags* flags);

// Validates the flags and expands the inputs. A usage problem returns
// kInvalidArgument; a missing input kNotFound.
Status Resolve(JobFlags* flags);

// Where rejected records go for these flags.
std::string RejectsPath(const JobFlags& flags);

// --dictionary FILE (repeatable) and --no-dictionary: the word lists that
// decide whether a line-end hyphen splits a word (lexicon.h).
void AddDictionaryFlags(CLI::App* cmd, std::vector<std::string>* paths,
                        bool* none);
// Loads the lists named by the flags into a lexicon that lives for the run
// and points `reflow` at it; with no lists named, starts loading the default
// lexicon in the background and warns when its lists are missing.
Status ResolveDictionary(const std::vector<std::string>& paths, bool none,
                         bool quiet, ReflowOptions* reflow);

// Parses "4096", "64K", "256M", "2G" (powers of 1024).
Result<uint64_t> ParseSize(const std::string& text);

// A throttled progress line on stderr; silent unless stderr is a terminal
// and --quiet is off.
class ProgressLine {
 public:
  ProgressLine(std::string label, bool enabled);
  ~ProgressLine();
  void Update(const StreamProgress& p);
  void Finish();  // erases the line
  bool enabled() const { return enabled_; }
  ProgressFn Callback();

 private:
  std::string label_;
  bool enabled_;
  bool shown_ = false;
  double last_ = -1;
};

// "12.3 MB", "1.2 GB".
std::string HumanBytes(double bytes);
// "1,234,567".
std::string Grouped(uint64_t n);

// Prints the end-of-run summary of a stream job to stderr.
void PrintStreamSummary(const std::string& command, const JobFlags& flags,
                        const StreamReport& report, const RejectSink* rejects,
                        const std::string& output_path);

// Prints "winnow: <message>" to stderr and returns the exit code for it.
int ReportError(const Status& status);

// Runs a whole stream job: opens the output and the rejects file, runs the
// step over the inputs, commits, prints the summary. Returns the exit code.
int RunStreamCommand(const std::string& command, JobFlags& flags,
                     const DocStepFactory& factory);

}  // namespace winnow::cli

#endif  // WINNOW_CLI_COMMON_H_
