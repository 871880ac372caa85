// The analytic mode: scenarios that reduce to a continuous-time Markov chain are solved exactly
// instead of simulated. This version covers identical nodes that crash (or are lost with their
// data) and are repaired with exponential times, independently or through a limited number of
// repair crews (the machine-repairman chain), optionally with exponential zone outages on top,
// and workloads whose replicas are pinned one per node (local volumes, required anti-affinity,
// Parallel pod management, no start-up time) or a single pod on a single node. The chain's
// generator is built and solved with Eigen; each level's availability, outage frequency and
// mean outage length follow from its stationary distribution; for node losses, the absorbing
// chain of the copies gives the mean time to data loss and the loss probabilities.
#pragma once

#include <string>
#include <vector>

#include "clustersim/core/time.h"
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

// Data loss of n replicas on n machines that are lost with their data (rate `lambda` per up
// machine, per year) and replaced (rate `mu` per crew at work, per year), a replacement copying
// the data from a live replica at once: the data set is lost when the last live copy goes.
// From all machines up at time 0, over the window [warmup, warmup + window], exactly as `run`
// measures them (docs/metrics.md, section 6a):
struct DataLossFigures {
  double mttdl_years = 0;            // mean time from the window's start to the first loss
  double events_per_year = 0;        // expected losses in the window per year of it
  double probability_per_year = 0;   // mean over the window's whole years of P(a loss in it)
  double probability_in_window = 0;  // P(at least one loss in the window)
};
DataLossFigures RepairmanDataLoss(int n, double lambda, double mu, int crews, SimTime warmup,
                                  SimTime window);

}  // namespace clustersim
