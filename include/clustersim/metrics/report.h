// Writing a RunSummary as a report: a readable text table, JSON with the contract's keys
// (docs/scenario-format.md), or CSV with one row per workload and level. The JSON is produced
// from the protobuf Report message (sim/proto/report.proto), the report's schema.
#pragma once

#include <string>
#include <vector>

#include "clustersim/metrics/availability.h"
#include "clustersim/metrics/comparison.h"

namespace clustersim {

enum class ReportFormat { kText, kJson, kCsv };

std::string FormatReport(const RunSummary& summary, ReportFormat format);

// `run --compare-analytic`: the analytic side of the report. `exact` is the chain's report
// (method ctmc) when the scenario reduces; otherwise it is null and `why_not` says why.
struct AnalyticSide {
  const RunSummary* exact = nullptr;
  std::vector<std::string> why_not;
};

// The run report with the exact values beside the simulated ones: text adds a table per
// workload, JSON the `analytic` key, CSV four columns.
std::string FormatReport(const RunSummary& summary, ReportFormat format,
                         const AnalyticSide& analytic);

// `clustersim compare`: every variant's estimates and its paired difference from the first.
std::string FormatComparison(const Comparison& comparison, ReportFormat format);

// `clustersim sweep`, written in pieces so that each finished point can be kept on disk and a
// resumed sweep can assemble the same report: the head, then each point's text (in point order,
// joined by SweepSeparator), then the tail.
std::string SweepHead(const SweepInfo& info, ReportFormat format);
std::string SweepPointText(const SweepInfo& info, size_t point,
                           const std::vector<std::string>& values, const RunSummary& summary,
                           ReportFormat format);
std::string SweepSeparator(ReportFormat format);
std::string SweepTail(const SweepInfo& info, ReportFormat format, double wall_seconds, int threads);

// `v` as JSON: the shortest text that reads back as the same double; null when not finite.
std::string JsonNumber(double v);

// `s` as a JSON string literal, quotes included (for other JSON the command writes).
std::string JsonQuote(const std::string& s);

}  // namespace clustersim
