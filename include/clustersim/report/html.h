// The HTML report: one self-contained file (no script, style, font or image from elsewhere;
// inline SVG drawn here, readable without JavaScript) with, per section, the charts that answer
// its question, a table of the same figures under each chart, and every figure shown embedded
// as JSON in <script type="application/json" id="clustersim-data">. The same page data gives
// the same bytes.
//
// A page is read from the JSON reports the commands write (ReadResults: run and analyze,
// compare, sweep, check), so `--report` on a command and `clustersim report` on its saved JSON
// draw the same figures; what the JSON does not hold (the scenario's header, its slo targets,
// the outage histograms, a timeline) the command adds to the Section before rendering.
#pragma once

#include <string>
#include <vector>

#include "clustersim/metrics/availability.h"
#include "clustersim/report/page.h"

namespace clustersim::report {

// Reads one results file's JSON (as `run`, `analyze`, `compare`, `sweep` or `check` write it
// with -f json) into a section. On malformed input returns false with `error` as
// "FILE:LINE:COLUMN: error: ..." (JSON syntax) or "FILE: error: field 'a.b[2].c' ..." (a field
// missing or of the wrong type), naming the file as `source`.
bool ReadResults(const std::string& source, const std::string& text, Section* section,
                 std::string* error);

// The run's outage-length histograms as curves, on the workloads of `run` that `summary` has
// (matched by name): exact at the histogram's bucket edges, where the JSON has only percentiles.
void AddOutageHistograms(const RunSummary& summary, RunData* run);

// Keeps at most kMaxWorkloads workloads in the section's runs (the most downtime at the required
// level first, ties in report order; compare ranks by the first variant, sweep by a workload's
// worst point), the same ones in every variant and point, and records how many there were.
// Returns the names kept, in drawing order.
std::vector<std::string> SelectWorkloads(Section* section);

// The page as HTML.
std::string RenderHtml(const Page& page);
// The page's data block: every figure the page shows, as JSON (also embedded in the page).
std::string PageDataJson(const Page& page);

}  // namespace clustersim::report
