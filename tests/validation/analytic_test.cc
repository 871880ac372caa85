// Validation against analytic results. Each case is a scenario whose availability has a closed
// form. The tolerance is the 95% confidence interval the report prints, nothing wider. A single
// 95% interval misses the truth one time in twenty by construction, so each case is run with
// kSeeds independent seeds and the test asserts the coverage a correct model gives: at least
// kMinCovered of kSeeds intervals contain the exact value (for a correct model the chance of
// fewer is about 0.3%, binomial(20, 0.95)); a biased model, whose intervals centre on the wrong
// value, fails. Seeds are fixed, so every run of the test is identical.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "clustersim/experiment/runner.h"
#include "k8s/trace_helpers.h"
#include "validation/closed_forms.h"

namespace clustersim {
namespace {

using testing::KOfN;
using testing::MachineAvailability;
using testing::MachineRepairman;
using testing::MustLoad;

constexpr int kSeeds = 20;
constexpr int kMinCovered = 16;

// Runs `s` with seeds 1..kSeeds and checks, for each level given, the coverage of `exact`.
// Returns each level's intervals, seed by seed, for checks of what they must exclude.
std::vector<std::vector<Estimate>> ExpectCoverage(
    Scenario s, const std::vector<std::pair<int, double>>& levels) {
  std::vector<int> covered(levels.size(), 0);
  std::vector<std::vector<Estimate>> intervals(levels.size());
  for (int seed = 1; seed <= kSeeds; ++seed) {
    s.simulation.seed = static_cast<uint64_t>(seed);
    RunSummary r = RunScenario(s, RunOptions{});
    for (size_t i = 0; i < levels.size(); ++i) {
      const auto [level, exact] = levels[i];
      const Estimate& e = r.workloads[0].availability[level];
      intervals[i].push_back(e);
      if (e.ci95_low <= exact && exact <= e.ci95_high) ++covered[i];
      // An interval so wide that it says nothing would make the check empty.
      EXPECT_LT(e.ci95_high - e.ci95_low, 0.1 * (1 - exact) + 1e-4) << kLevelNames[level];
      if (seed == 1) {
        std::printf("  %-8s exact %.6f  seed 1: %.6f [%.6f, %.6f]\n", kLevelNames[level], exact,
                    e.mean, e.ci95_low, e.ci95_high);
      }
    }
  }
  for (size_t i = 0; i < levels.size(); ++i) {
    EXPECT_GE(covered[i], kMinCovered)
        << kLevelNames[levels[i].first] << ": " << covered[i] << " of " << kSeeds
        << " 95% intervals contain the exact value " << levels[i].second;
    std::printf("  %-8s covered by %d of %d intervals\n", kLevelNames[levels[i].first], covered[i],
                kSeeds);
  }
  return intervals;
}

// How many of `intervals` contain `value`.
int Containing(const std::vector<Estimate>& intervals, double value) {
  return static_cast<int>(std::count_if(intervals.begin(), intervals.end(), [&](const Estimate& e) {
    return e.ci95_low <= value && value <= e.ci95_high;
  }));
}

// One node, exponential failure (MTBF 10 d) and repair (MTTR 1 d); one Deployment replica with
// no start-up delay is ready exactly when the node is: A = MTBF / (MTBF + MTTR).
TEST(AnalyticTest, SingleNodeExponentialFailureAndRepair) {
  auto s = MustLoad(R"(
simulation: {horizon: 20y, warmup: 10d, replications: 100, seed: 1}
cluster:
  nodePools: [{name: n, count: 1}]
workloads:
  - deployment: {name: app, replicas: 1}
failures:
  - target: {kind: node}
    every: {dist: exponential, mean: 10d}
    lasts: {dist: exponential, mean: 1d}
)");
  const double exact = MachineAvailability(10, 1);
  ExpectCoverage(s, {{0, exact}, {2, exact}});
}

Scenario PinnedQuorum(const std::string& pod_management) {
  return MustLoad(testing::PinnedQuorumYaml(pod_management));
}

// With Parallel pod management, quorum (2 of 3) availability is the binomial k-of-n formula.
TEST(AnalyticTest, ThreeReplicaQuorumPinnedToThreeNodes) {
  const double a = MachineAvailability(10, 1);
  ExpectCoverage(PinnedQuorum("Parallel"),
                 {{0, KOfN(3, 3, a)}, {1, KOfN(2, 3, a)}, {2, KOfN(1, 3, a)}});
}

// With OrderedReady a recreated higher ordinal waits for the lower ones to be ready, so quorum
// availability must come out below the binomial value, not equal to it.
TEST(AnalyticTest, OrderedReadyIsWorseThanBinomial) {
  Scenario s = PinnedQuorum("OrderedReady");
  s.simulation.replications = 200;
  s.simulation.seed = 5;
  RunSummary r = RunScenario(s, RunOptions{});
  EXPECT_LT(r.workloads[0].availability[1].ci95_high, KOfN(2, 3, MachineAvailability(10, 1)));
}

// Three replicas pinned to three nodes (as above) and one repair crew: failed nodes queue for
// it, so repairs no longer overlap and availability follows the machine-repairman chain, not
// the binomial (independent repairs). With lambda = 1/10 d and mu = 1/1 d: all 3 up 0.7321
// (binomial 0.7513), quorum 0.9517 (0.9752), any 0.9956 (0.9993).
TEST(AnalyticTest, ThreeReplicaQuorumWithOneRepairCrew) {
  Scenario s = PinnedQuorum("Parallel");
  s.repair_crews = 1;
  const std::vector<double> pi = MachineRepairman(3, 1, 1.0 / 10, 1.0);
  ExpectCoverage(s, {{0, pi[0]}, {1, pi[0] + pi[1]}, {2, 1 - pi[3]}});
}

// The one-crew general-repair solution against cases solved another way: one machine
// (A = MTBF / (MTBF + D), any repair distribution); two machines with fixed repair, by the
// regenerative cycle (all up for 1 / (2 lambda), then a busy period of geometric length, each
// repair continuing it when the other machine fails within it, p = 1 - e^{-lambda D}: the
// cycle is 1 / (2 lambda) + D / (1 - p), of which one machine down for p / (lambda (1 - p)));
// and exponential repair, which must give the machine-repairman chain.
TEST(ClosedFormsTest, OneCrewGeneralRepairMatchesIndependentSolutions) {
  using testing::ExponentialRepair;
  using testing::FixedRepair;
  using testing::OneCrewGeneralRepair;
  for (double d : {0.1, 1.0, 4.0}) {
    const double lambda = 1.0 / 10;
    for (const auto& a : {FixedRepair(lambda, d), ExponentialRepair(lambda, 1 / d)}) {
      const std::vector<double> one = OneCrewGeneralRepair(1, lambda, d, a);
      EXPECT_NEAR(one[0], MachineAvailability(10, d), 1e-12);
      EXPECT_NEAR(one[1], 1 - MachineAvailability(10, d), 1e-12);
    }
    const double p = -std::expm1(-lambda * d);
    const double cycle = 1 / (2 * lambda) + d / (1 - p);
    const std::vector<double> two = OneCrewGeneralRepair(2, lambda, d, FixedRepair(lambda, d));
    EXPECT_NEAR(two[0], 1 / (2 * lambda) / cycle, 1e-12) << d;
    EXPECT_NEAR(two[1], p / (lambda * (1 - p)) / cycle, 1e-12) << d;
    for (int n = 1; n <= 8; ++n) {
      const std::vector<double> general =
          OneCrewGeneralRepair(n, lambda, d, ExponentialRepair(lambda, 1 / d));
      const std::vector<double> chain = MachineRepairman(n, 1, lambda, 1 / d);
      for (int k = 0; k <= n; ++k) EXPECT_NEAR(general[k], chain[k], 1e-9) << n << " " << k;
    }
  }
}

// The crew case with a fixed repair time (1 d exactly, the same mean as above). With one crew
// the result depends on the repair distribution, not only on its mean: it is the
// finite-source M/D/1 queue. The simulator draws a node's `lasts` when a crew takes it, not
// when the node fails (sim/k8s/cluster_model.cc, FailStart and StartRepair; docs/semantics.md,
// section 2), which is what that model assumes. Exact: all 0.72988, quorum 0.97228, any
// 0.99904, against 0.73206, 0.95168 and 0.99561 with exponential repair; the quorum and any
// intervals must cover the former and exclude the latter, so a simulator that kept only the
// repair time's mean would fail here.
TEST(AnalyticTest, ThreeReplicaQuorumWithOneRepairCrewFixedRepair) {
  const double lambda = 1.0 / 10, d = 1.0;
  Scenario s = MustLoad(testing::PinnedQuorumYaml("Parallel", "{dist: fixed, value: 1d}"));
  s.repair_crews = 1;
  const std::vector<double> fixed =
      testing::OneCrewGeneralRepair(3, lambda, d, testing::FixedRepair(lambda, d));
  const std::vector<double> exponential = MachineRepairman(3, 1, lambda, 1 / d);
  const double quorum = fixed[0] + fixed[1], any = 1 - fixed[3];
  const auto intervals = ExpectCoverage(s, {{0, fixed[0]}, {1, quorum}, {2, any}});
  // The two models differ by many times the width the intervals are held to (ExpectCoverage).
  const double exp_quorum = exponential[0] + exponential[1], exp_any = 1 - exponential[3];
  EXPECT_GT(std::abs(quorum - exp_quorum), 5 * (0.1 * (1 - quorum) + 1e-4));
  EXPECT_GT(std::abs(any - exp_any), 5 * (0.1 * (1 - any) + 1e-4));
  EXPECT_EQ(Containing(intervals[1], exp_quorum), 0);
  EXPECT_EQ(Containing(intervals[2], exp_any), 0);
}

// Zone-correlated quorum: three replicas pinned (local volumes, required anti-affinity) to
// three nodes, two of them in zone-a and one in zone-b. A replica is ready while its node and
// its zone are both up, so zone-a's outages take two replicas, and with them the quorum, at
// once. Node (zone) up and down times are exponential and independent: with node availability
// n and zone availabilities a, b, exactly:
//   all    = a b n^3
//   quorum = a [n^2 + 2 n (1 - n) b n]
//   any    = 1 - (1 - a (1 - (1 - n)^2)) (1 - b n)
TEST(AnalyticTest, ZoneCorrelatedQuorum) {
  auto s = MustLoad(testing::ZoneQuorumYaml());
  const double n = MachineAvailability(10, 1);
  const double z = MachineAvailability(20, 1);
  const double all = z * z * n * n * n;
  const double quorum = z * (n * n + 2 * n * (1 - n) * z * n);
  const double any = 1 - (1 - z * (1 - (1 - n) * (1 - n))) * (1 - z * n);
  ExpectCoverage(s, {{0, all}, {1, quorum}, {2, any}});
}

// Three replicas on local volumes, one per node; a node is lost with its data (exponential,
// mean 10 d) and its replacement joins after an exponential 1 d and copies the data from a
// live replica at once (dataSize 0). `repair_crews` 0 replaces lost nodes independently.
Scenario ThreeWayReplication(int repair_crews, const std::string& horizon) {
  std::string yaml = testing::ThreeWayLossYaml();
  yaml.replace(yaml.find("horizon: 16y"), 12, "horizon: " + horizon);
  Scenario s = MustLoad(yaml);
  s.repair_crews = repair_crews;
  return s;
}

// Runs `s` with seeds 1..kSeeds, checks the coverage of the exact MTTDL (years) and returns
// the intervals.
std::vector<Estimate> ExpectMttdlCoverage(Scenario s, double exact) {
  std::vector<Estimate> intervals;
  int covered = 0;
  for (int seed = 1; seed <= kSeeds; ++seed) {
    s.simulation.seed = static_cast<uint64_t>(seed);
    RunSummary r = RunScenario(s, RunOptions{});
    const Estimate& e = r.workloads[0].mttdl_years;
    intervals.push_back(e);
    // The horizon is over 10 MTTDLs: every replication sees its first loss, so the estimate
    // is the plain mean of the first-loss times.
    EXPECT_GE(r.workloads[0].data_losses, s.simulation.replications);
    if (e.ci95_low <= exact && exact <= e.ci95_high) ++covered;
    // The first-loss time is nearly exponential (its sd is about its mean), so 200
    // replications give an interval about 0.28 x the mean wide.
    EXPECT_LT(e.ci95_high - e.ci95_low, 0.4 * exact);
    if (seed == 1) {
      std::printf("  mttdl exact %.4f y  seed 1: %.4f [%.4f, %.4f]\n", exact, e.mean, e.ci95_low,
                  e.ci95_high);
    }
  }
  std::printf("  mttdl covered by %d of %d intervals\n", covered, kSeeds);
  EXPECT_GE(covered, kMinCovered);
  return intervals;
}

constexpr double kLossRate = 1.0 / 10, kReplaceRate = 1.0;  // per day

// Mean time to data loss of 3-way replication with rebuild, each lost node replaced
// independently (parallel rebuild streams). The number of copies is the birth-death chain
// 3 -> 2 (3 lambda), 2 -> 1 (2 lambda), 1 -> 0 (lambda), i -> i + 1 ((3 - i) mu), with 0
// absorbing: the data is gone. Exact: 468.3 d, 1.2831 y.
double ParallelRebuildMttdlYears() {
  return testing::MeanTimeToAbsorption({0, 2 * kReplaceRate, kReplaceRate, 0},
                                       {0, kLossRate, 2 * kLossRate, 3 * kLossRate}, 3) /
         365;
}

TEST(AnalyticTest, MeanTimeToDataLossOfThreeWayReplication) {
  ExpectMttdlCoverage(ThreeWayReplication(0, "16y"), ParallelRebuildMttdlYears());
}

// The same with one rebuild stream: cluster.repairCrews: 1 applies to lost nodes too (a node
// loss is a node failure; its `lasts` is the replacement's arrival, and the copy is
// instantaneous), so replacements come one at a time and i -> i + 1 is mu whatever the number
// of copies missing. Exact: 251.7 d, 0.6895 y, about half the parallel value, which the
// intervals (about +-14%) must exclude.
TEST(AnalyticTest, MeanTimeToDataLossOfThreeWayReplicationOneRebuildStream) {
  const double exact =
      testing::MeanTimeToAbsorption({0, kReplaceRate, kReplaceRate, 0},
                                    {0, kLossRate, 2 * kLossRate, 3 * kLossRate}, 3) /
      365;
  const double parallel = ParallelRebuildMttdlYears();
  EXPECT_LT(exact, 0.6 * parallel);
  const std::vector<Estimate> intervals = ExpectMttdlCoverage(ThreeWayReplication(1, "8y"), exact);
  EXPECT_EQ(Containing(intervals, parallel), 0);
}

}  // namespace
}  // namespace clustersim
