// The analytic mode: scenarios that reduce to a continuous-time Markov chain are solved exactly
// instead of simulated. This version covers identical nodes that crash and are repaired with
// exponential times, independently or through a limited number of repair crews (the
// machine-repairman chain), optionally with exponential zone outages on top, and workloads whose
// replicas are pinned one per node (local volumes, required anti-affinity, Parallel pod management,
// no start-up time) or a single pod on a single node. The chain's generator is built and solved
// with Eigen; each level's availability, outage frequency and mean outage length follow from its
// stationary distribution.
#pragma once

#include <string>
#include <vector>

#include "clustersim/metrics/availability.h"
#include "clustersim/scenario/scenario.h"

namespace clustersim {

struct AnalysisResult {
  bool reduced = false;
  // When it does not reduce: each feature that prevents it, as the user would look for it.
  std::vector<std::string> why_not;
  // The report, with method "ctmc": every estimate's CI bounds equal its mean; figures the
  // chain does not give (percentiles, recovery times, cluster counters) are NaN.
  RunSummary summary;
};

AnalysisResult AnalyzeScenario(const Scenario& scenario);

// The stationary distribution of the machine-repairman chain: n machines, each failing at rate
// `lambda` while up, `crews` repairers each repairing one machine at rate `mu` (crews >= n or
// 0: independent repairs). pi[j] = P(j machines down). Exposed for the tests.
std::vector<double> RepairmanStationary(int n, double lambda, double mu, int crews);

}  // namespace clustersim
