// What the `clustersim` commands share: exit codes, the scenario named on the command line with
// its overrides, loading it with diagnostics on stderr, writing output (atomically where it
// replaces a file) with every error reported, and the progress line.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "clustersim/experiment/runner.h"
#include "clustersim/scenario/loader.h"

namespace clustersim::cli {

constexpr int kExitOk = 0;
constexpr int kExitRuntime = 1;
constexpr int kExitUsage = 2;
// `clustersim check`: a target violated with confidence, and a run that could not tell.
constexpr int kExitSloViolated = 3;
constexpr int kExitSloUndecided = 4;

struct Common {
  std::string scenario;
  std::vector<Override> overrides;  // from --set, -r, -s, --horizon
  bool strict = false;              // --strict: warnings are errors
  InputLimits limits;               // --max-file-size
  bool progress = false;            // --progress: progress lines even when stderr is no terminal
};

// Loads the scenario with `extra` overrides applied before the command line's (which win);
// prints every diagnostic (warnings too, unless `errors_only`) and, unless `error_count` is
// given to add them to, a count of the errors.
std::optional<Scenario> Load(const Common& c, const std::vector<Override>& extra = {},
                             bool errors_only = false, int* error_count = nullptr);
// "N error(s) in FILE" on stderr.
void PrintErrorCount(int errors, const std::string& file);

// ---------------------------------------------------------------------------------------------
// Output. Every command writes what it produces through WriteOutput (or WriteAtomically, its
// form for text already made), the way a careful tool does:
//   - "" is standard output;
//   - a new path, or an existing regular file, is written through a temporary file in the same
//     directory and a rename, so that a failed run never leaves a partial report or destroys an
//     earlier one; an existing file keeps its mode (and, as root, its owner), and a file the
//     user may not write is refused rather than replaced;
//   - a symbolic link is followed, and its target is written as above (the link stays);
//   - anything else (/dev/null, /dev/stdout, a pipe, a terminal) is written straight to, never
//     replaced;
//   - every error names the path and the reason (strerror), e.g. "cannot write 'r.json': No
//     space left on device".
// CheckOutputPath says before a run whether an output could be written, so that a mistake
// surfaces before the work rather than after it.

// A buffer in front of a file descriptor that remembers the first write error.
class OutputSink {
 public:
  explicit OutputSink(int fd) : fd_(fd) {}
  OutputSink(const OutputSink&) = delete;
  OutputSink& operator=(const OutputSink&) = delete;
  ~OutputSink() { Flush(); }
  // False once any write has failed (later writes are dropped).
  bool Write(std::string_view bytes);
  bool Flush();
  bool ok() const { return error_ == 0; }
  int error() const { return error_; }  // the errno of the first failure, or 0

 private:
  int fd_;
  int error_ = 0;
  std::string buffer_;
};

// Writes `path` (see above) with what `write` puts into the sink, for output made as it is
// written (a trace, a large table); `write` returns false to abandon the output (nothing is
// replaced then; `why` is left as it set it, or says so). Returns false with `why` on any error.
bool WriteOutput(const std::string& path, const std::function<bool(OutputSink&)>& write,
                 std::string* why);
// The same with bytes already made (a report).
bool WriteOutput(const std::string& path, std::string_view bytes, std::string* why);
// WriteOutput with bytes, under the name it had before it learnt devices and links.
bool WriteAtomically(const std::string& path, const std::string& text, std::string* why);

// Whether `path` can be written as WriteOutput would write it: its directory exists and is
// writable, it is not a directory or a file the user may not write, and it is none of
// `inputs` (the files the run reads: writing over the scenario or a manifest would destroy
// it). "" (stdout) always can.
bool CheckOutputPath(const std::string& path, const std::vector<std::string>& inputs,
                     std::string* why);

// Writes a command's output to stdout, or to `output` when one was named; prints the error and
// returns kExitRuntime when that fails.
int Emit(const std::string& text, const std::string& output);

// Holds every closed standard descriptor (0, 1, 2) with /dev/null, a closed stdout read-only so
// that writing to it fails with a message; call first in main.
void ReserveStandardDescriptors();

// A progress line on stderr. On a terminal it is rewritten in place once the work has taken a
// second (at most five times a second) and cleared before the report; elsewhere it is shown only
// when asked for (--progress, for CI logs), as whole lines: the first at once, then at most one
// every ten seconds.
class Progress {
 public:
  explicit Progress(bool forced = false);
  void Show(const std::string& text);
  void Clear();
  // "  42.0% of the simulated time (3 of 20 replications done)"
  static std::string Text(const RunProgress& p);

 private:
  bool tty_ = false;
  bool forced_ = false;
  bool shown_ = false;
  double start_ = 0;
  double last_ = 0;
};

// Says, on stderr, why the scenario is refused before it runs (its estimated events are over
// the budget, runner.h); false then.
bool WithinEventBudget(const Scenario& scenario, uint64_t max_events, const std::string& what = "");

// "path=value" for reports.
std::string OverrideText(const Override& o);

}  // namespace clustersim::cli
