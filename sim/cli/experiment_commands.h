// The commands that run a scenario more than once or judge its result: `compare` (the
// experiments.compare variants, paired), `sweep` (the experiments.sweep grid, resumable) and
// `check` (the slo targets, as an exit code for CI).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "cli/common.h"
#include "cli/html_commands.h"
#include "clustersim/metrics/report.h"

namespace clustersim::cli {

struct OutputOptions {
  ReportFormat format = ReportFormat::kText;
  std::string format_name = "text";
  std::string output;  // "" = stdout
  int threads = -1;    // -1: the scenario's simulation.threads
  // sweep --max-points: run at most this many points not yet done, keep them in the journal
  // and stop without a report (-1: all).
  long max_points = -1;
  HtmlOptions html;  // --report FILE.html
  uint64_t max_events = 0;  // --max-events (0: the budget derived from the scenario)
  bool progress = false;    // --progress
};

int CompareCommand(const Common& common, const Scenario& scenario, const OutputOptions& out);
int SweepCommand(const Common& common, const Scenario& scenario, const OutputOptions& out);
int CheckCommand(const Scenario& scenario, const OutputOptions& out);

// What `validate` adds for experiments: every variant, and every sweep value on its own, loads
// without errors, and the variants can be compared (at least two, each paired with the
// scenario), as `compare` requires. Prints the errors; returns false when there were any. Adds
// the files the variants and sweep values read to `files` (when given), once each.
bool ValidateExperiments(const Common& common, const Scenario& scenario, bool variants = true,
                         bool sweep = true, std::vector<std::string>* files = nullptr);

}  // namespace clustersim::cli
