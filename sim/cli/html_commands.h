// The HTML report on the command line: `--report FILE.html` on run, compare, sweep and check,
// and `clustersim report RESULT.json... [-o FILE.html]` from saved JSON reports. The page is
// built from the command's JSON report (report::ReadResults, as `clustersim report` reads a
// saved one) plus what only the command has: the scenario's header, slo targets and timers, the
// outage histograms, and one replication's timeline, traced again as `clustersim trace` does.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "cli/common.h"
#include "clustersim/metrics/availability.h"
#include "clustersim/metrics/comparison.h"
#include "clustersim/report/page.h"

namespace clustersim::cli {

struct HtmlOptions {
  std::string path;          // "" = no HTML report
  int64_t replication = -1;  // the timeline's replication; -1: the worst by downtime
};

// Follows a run's replications (RunOptions::on_replication) and keeps the one with the most
// downtime at the workloads' required levels (the first of equals).
class WorstReplication {
 public:
  void Add(int replication, const ReplicationResult& r);
  uint64_t worst() const { return worst_; }

 private:
  int64_t most_ = -1;
  uint64_t worst_ = 0;
};

// `clustersim report FILE... [-o OUT]` (argv after the command name).
int ReportCommand(const std::vector<std::string>& args);

// --report on run (and check, which passes its own JSON as `check_json`).
int RunHtml(const Scenario& scenario, const RunSummary& summary, uint64_t worst,
            const HtmlOptions& html, const std::string& check_json = "");
// --report on compare: `scenarios` are the variants' scenarios, in order.
int CompareHtml(const Scenario& scenario, const std::vector<const Scenario*>& scenarios,
                const Comparison& comparison, uint64_t worst, const HtmlOptions& html);
// --report on sweep: the sweep's JSON report.
int SweepHtml(const Scenario& scenario, const std::string& sweep_json, const HtmlOptions& html);

}  // namespace clustersim::cli
