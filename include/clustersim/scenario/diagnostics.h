// Diagnostics: the errors and warnings found in a user's input, each with its place.
// The loader collects all of them before anything runs; the command prints them as
// `file:line:column: error: message` and exits with code 2 when any is an error.
#pragma once

#include <string>
#include <vector>

namespace clustersim {

struct SourceLocation {
  std::string file;  // as the user named it, or "<command line>" for --set
  int line = 0;      // 1-based; 0 = unknown (then the column is not printed either)
  int column = 0;    // 1-based
};

struct Diagnostic {
  enum class Severity { kError, kWarning, kNote };
  Severity severity = Severity::kError;
  SourceLocation where;
  std::string message;

  std::string ToString() const;
};

class Diagnostics {
 public:
  // Errors past the first kMaxKept are counted, not kept: a file of a million broken lines
  // needs its first errors and their number, not a million messages in memory. Warnings and
  // notes past 2 * kMaxKept diagnostics are dropped.
  static constexpr int kMaxKept = 1000;

  void Error(const SourceLocation& where, std::string message);
  void Warning(const SourceLocation& where, std::string message);
  void Note(const SourceLocation& where, std::string message);
  // --strict: every warning becomes an error (notes stay notes).
  void PromoteWarnings();
  bool has_errors() const { return errors_ > 0; }
  int error_count() const { return errors_; }
  // Errors counted but not kept (all() holds the others).
  int dropped() const { return dropped_; }
  // Counts `errors` more that were dropped elsewhere (when diagnostics are copied).
  void AddDropped(int errors);
  const std::vector<Diagnostic>& all() const { return items_; }
  // Errors and warnings in the order they were found, one per line.
  std::string ToString() const;

 private:
  std::vector<Diagnostic> items_;
  int errors_ = 0;
  int dropped_ = 0;
};

// The nearest of `candidates` to `word` by edit distance, or "" when none is close enough to be
// a plausible misspelling. Used for "did you mean ...?" in every unknown-name error.
std::string NearestName(const std::string& word, const std::vector<std::string>& candidates);
// "a, b or c": for "expected one of ..." messages.
std::string JoinNames(const std::vector<std::string>& names);

}  // namespace clustersim
