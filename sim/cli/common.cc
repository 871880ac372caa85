#include "cli/common.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>

namespace clustersim::cli {
namespace {

double Now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

}  // namespace

void PrintErrorCount(int errors, const std::string& file) {
  std::cerr << errors << " error" << (errors == 1 ? "" : "s") << " in " << file << "\n";
}

std::optional<Scenario> Load(const Common& c, const std::vector<Override>& extra, bool errors_only,
                             int* error_count) {
  std::vector<Override> all = extra;
  all.insert(all.end(), c.overrides.begin(), c.overrides.end());
  Diagnostics diags;
  std::optional<Scenario> s = LoadScenarioFile(c.scenario, all, &diags);
  if (c.strict) diags.PromoteWarnings();
  for (const Diagnostic& d : diags.all()) {
    // Notes (objects accepted and not modelled) only matter once the file loads.
    if (d.severity == Diagnostic::Severity::kNote && diags.has_errors()) continue;
    if (!errors_only || d.severity == Diagnostic::Severity::kError) {
      std::cerr << d.ToString() << "\n";
    }
  }
  if (diags.has_errors()) {
    if (error_count != nullptr) {
      *error_count += diags.error_count();
    } else {
      PrintErrorCount(diags.error_count(), c.scenario);
    }
    return std::nullopt;
  }
  return s;
}

bool WriteAtomically(const std::string& path, const std::string& text, std::string* why) {
  const std::string tmp = path + ".tmp." + std::to_string(getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) {
      *why = "cannot write '" + tmp + "'";
      return false;
    }
    out << text;
    out.flush();
    if (!out) {
      *why = "writing '" + tmp + "' failed";
      std::remove(tmp.c_str());
      return false;
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    *why = "cannot rename '" + tmp + "' to '" + path + "'";
    std::remove(tmp.c_str());
    return false;
  }
  return true;
}

int Emit(const std::string& text, const std::string& output) {
  if (output.empty()) {
    std::cout << text;
    std::cout.flush();
    return std::cout ? kExitOk : kExitRuntime;
  }
  std::string why;
  if (!WriteAtomically(output, text, &why)) {
    std::cerr << "clustersim: error: " << why << "\n";
    return kExitRuntime;
  }
  return kExitOk;
}

Progress::Progress() : tty_(isatty(STDERR_FILENO) != 0), start_(Now()), last_(start_) {}

void Progress::Show(const std::string& text) {
  if (!tty_) return;
  const double now = Now();
  if (now - start_ < 1.0 || now - last_ < 0.2) return;
  last_ = now;
  shown_ = true;
  std::fprintf(stderr, "\r%-70s", text.c_str());
  std::fflush(stderr);
}

void Progress::Clear() {
  if (!shown_) return;
  std::fprintf(stderr, "\r%70s\r", "");
  std::fflush(stderr);
  shown_ = false;
}

std::string OverrideText(const Override& o) { return o.path + "=" + o.value; }

}  // namespace clustersim::cli
