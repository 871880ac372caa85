// Writing a RunSummary as a report: a readable text table, JSON with the contract's keys
// (docs/scenario-format.md), or CSV with one row per workload and level. The JSON is produced
// from the protobuf Report message (sim/proto/report.proto), the report's schema.
#pragma once

#include <string>

#include "clustersim/metrics/availability.h"

namespace clustersim {

enum class ReportFormat { kText, kJson, kCsv };

std::string FormatReport(const RunSummary& summary, ReportFormat format);

// `s` as a JSON string literal, quotes included (for other JSON the command writes).
std::string JsonQuote(const std::string& s);

}  // namespace clustersim
