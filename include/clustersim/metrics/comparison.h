// The results of experiments over several runs: a paired comparison of variants (each with its
// own summary and its difference from the first, estimated replication by replication) and one
// point of a sweep grid. experiment/experiments.h produces them; report.h writes them.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "clustersim/metrics/availability.h"

namespace clustersim {

// One workload's paired difference, this variant minus the first.
struct WorkloadDelta {
  std::string name;
  std::array<Estimate, kLevels> availability;
  std::array<Estimate, kLevels> downtime_minutes_per_year;
  // Workloads with leader election: minutes per year without a leader (null otherwise).
  bool elects_leader = false;
  Estimate leaderless_minutes_per_year;
};

struct VariantSummary {
  std::string name;
  std::vector<std::string> overrides;  // "path=value", as the variant states them
  RunSummary summary;
  // Workloads matched by name with the first variant's; one without a match has no delta.
  std::vector<WorkloadDelta> delta_vs_first;
};

struct Comparison {
  std::vector<VariantSummary> variants;
  double wall_seconds = 0;
};

// What a sweep report says about the whole grid.
struct SweepInfo {
  std::string scenario;
  uint64_t seed = 0;
  int replications = 0;
  SimTime horizon = 0;
  SimTime warmup = 0;
  std::vector<std::string> axes;                 // field paths
  std::vector<std::vector<std::string>> values;  // each axis's values, as YAML text
  size_t points = 0;
};

}  // namespace clustersim
