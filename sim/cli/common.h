// What the `clustersim` commands share: exit codes, the scenario named on the command line with
// its overrides, loading it with diagnostics on stderr, and writing output atomically.
#pragma once

#include <optional>
#include <string>
#include <vector>

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
};

// Loads the scenario with `extra` overrides applied before the command line's (which win);
// prints every diagnostic (warnings too, unless `errors_only`) and, unless `error_count` is
// given to add them to, a count of the errors.
std::optional<Scenario> Load(const Common& c, const std::vector<Override>& extra = {},
                             bool errors_only = false, int* error_count = nullptr);
// "N error(s) in FILE" on stderr.
void PrintErrorCount(int errors, const std::string& file);

// Writes `text` to `path` through a temporary file and a rename, so that a failed run never
// leaves a partial report or destroys an earlier one.
bool WriteAtomically(const std::string& path, const std::string& text, std::string* why);

// Writes a command's output to stdout, or atomically to `output` when one was named.
int Emit(const std::string& text, const std::string& output);

// A progress line on stderr, shown only where a person watches (a terminal) and only once the
// work has taken a second; Clear() removes it before the report is written.
class Progress {
 public:
  Progress();
  void Show(const std::string& text);
  void Clear();

 private:
  bool tty_ = false;
  bool shown_ = false;
  double start_ = 0;
  double last_ = 0;
};

// "path=value" for reports.
std::string OverrideText(const Override& o);

}  // namespace clustersim::cli
