// Runs the replications of one scenario on a pool of threads and reduces them into a
// RunSummary. Replication r draws only from streams derived from (seed, r, stream) and its
// results are reduced in replication order (or by exact integer addition), so the summary is
// the same whatever the thread count and whichever thread ran which replication.
#pragma once

#include <functional>

#include "clustersim/metrics/availability.h"
#include "clustersim/scenario/scenario.h"

namespace clustersim {

struct RunOptions {
  int threads = 0;  // 0 = all cores
  // Called from worker threads (serialised) after each replication: (done, total).
  std::function<void(int, int)> progress;
  // Called with each replication's result in replication order (serialised), before it is
  // reduced: what paired comparisons need beyond the summary.
  std::function<void(int, const ReplicationResult&)> on_replication;
};

RunSummary RunScenario(const Scenario& scenario, const RunOptions& options);

// The number of threads `requested` means on this machine (0 = all cores), capped at the
// number of replications.
int EffectiveThreads(int requested, int replications);

}  // namespace clustersim
