#include "clustersim/scenario/diagnostics.h"

#include <algorithm>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace clustersim {

namespace {

const char* SeverityName(Diagnostic::Severity severity) {
  switch (severity) {
    case Diagnostic::Severity::kError:
      return "error";
    case Diagnostic::Severity::kWarning:
      return "warning";
    case Diagnostic::Severity::kNote:
      return "note";
  }
  return "error";
}

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// Optimal string alignment distance: Levenshtein plus adjacent transpositions, because swapped
// letters ("pdo" for "pod") are among the most common typos and should cost one edit, not two.
// Case is ignored: "Replicas" for "replicas" is a near miss, not a different word.
size_t EditDistance(const std::string& a, const std::string& b) {
  const size_t n = a.size();
  const size_t m = b.size();
  // Three rows suffice: a transposition looks back two rows.
  std::vector<size_t> before(m + 1), previous(m + 1), current(m + 1);
  for (size_t j = 0; j <= m; ++j) previous[j] = j;
  for (size_t i = 1; i <= n; ++i) {
    current[0] = i;
    for (size_t j = 1; j <= m; ++j) {
      const bool same = Lower(a[i - 1]) == Lower(b[j - 1]);
      current[j] =
          std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (same ? 0 : 1)});
      if (i > 1 && j > 1 && Lower(a[i - 1]) == Lower(b[j - 2]) &&
          Lower(a[i - 2]) == Lower(b[j - 1])) {
        current[j] = std::min(current[j], before[j - 2] + 1);
      }
    }
    std::swap(before, previous);
    std::swap(previous, current);
  }
  return previous[m];
}

}  // namespace

std::string Diagnostic::ToString() const {
  std::string out;
  if (!where.file.empty()) {
    out += where.file;
    if (where.line > 0) {
      out += ":" + std::to_string(where.line);
      if (where.column > 0) out += ":" + std::to_string(where.column);
    }
    out += ": ";
  }
  out += SeverityName(severity);
  out += ": ";
  out += message;
  return out;
}

void Diagnostics::Error(const SourceLocation& where, std::string message) {
  ++errors_;
  if (errors_ - dropped_ > kMaxKept) {
    ++dropped_;
    return;
  }
  items_.push_back(Diagnostic{Diagnostic::Severity::kError, where, std::move(message)});
}

void Diagnostics::Warning(const SourceLocation& where, std::string message) {
  if (items_.size() >= 2 * kMaxKept) return;  // warnings past that add nothing but bytes
  items_.push_back(Diagnostic{Diagnostic::Severity::kWarning, where, std::move(message)});
}

void Diagnostics::AddDropped(int errors) {
  errors_ += errors;
  dropped_ += errors;
}

void Diagnostics::Note(const SourceLocation& where, std::string message) {
  if (items_.size() >= 2 * kMaxKept) return;
  items_.push_back(Diagnostic{Diagnostic::Severity::kNote, where, std::move(message)});
}

void Diagnostics::PromoteWarnings() {
  for (Diagnostic& d : items_) {
    if (d.severity != Diagnostic::Severity::kWarning) continue;
    d.severity = Diagnostic::Severity::kError;
    d.message += " (an error with --strict)";
    ++errors_;
  }
}

std::string Diagnostics::ToString() const {
  std::string out;
  for (const Diagnostic& d : items_) {
    out += d.ToString();
    out += '\n';
  }
  return out;
}

std::string NearestName(const std::string& word, const std::vector<std::string>& candidates) {
  // A third of the word may be wrong, but at least one edit is always allowed so that short
  // names ("cpu" for "cpus") still get a suggestion.
  const size_t limit = std::max<size_t>(1, word.size() / 3);
  const std::string* best = nullptr;
  size_t best_distance = limit + 1;
  for (const std::string& candidate : candidates) {
    const size_t distance = EditDistance(word, candidate);
    if (distance < best_distance) {  // strict: on a tie the earlier candidate stays
      best = &candidate;
      best_distance = distance;
    }
  }
  return best == nullptr ? "" : *best;
}

std::string JoinNames(const std::vector<std::string>& names) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? " or " : ", ";
    out += names[i];
  }
  return out;
}

}  // namespace clustersim
