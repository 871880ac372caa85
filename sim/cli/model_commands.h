// The commands that look inside one replication's model: `trace` (the event timeline) and
// `schedule` (the time-0 placements, explained per scheduler plugin). Both stream what they
// print to the output as the model runs, so their memory does not grow with the output.
#pragma once

#include <cstdint>
#include <string>

#include "cli/common.h"
#include "clustersim/core/time.h"

namespace clustersim::cli {

struct TraceOptions {
  uint64_t replication = 0;
  SimTime until = 0;   // where the trace stops (at most the horizon)
  std::string output;  // "" = stdout
};
int TraceCommand(const Scenario& scenario, const TraceOptions& options);

// How many nodes `schedule` shows per pod by default: the chosen one and the best others.
inline constexpr size_t kScheduleShownNodes = 5;

struct ScheduleOptions {
  bool json = false;
  bool all_nodes = false;  // --all-nodes: every examined node, feasible or not, with its scores
  std::string pod;         // --pod NAME: only this pod, with every examined node
  std::string output;      // "" = stdout
};
int ScheduleCommand(const Scenario& scenario, const ScheduleOptions& options);

}  // namespace clustersim::cli
