// The analytic mode against closed forms: the machine-repairman stationary distribution, k-of-n
// availability of pinned replicas with independent and with crew-limited repair, and outage
// frequency and length; and scenarios that do not reduce say why.
#include "clustersim/analysis/ctmc.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "k8s/trace_helpers.h"
#include "validation/closed_forms.h"

namespace clustersim {
namespace {

TEST(CtmcTest, RepairmanMatchesTheProductForm) {
  for (int crews : {1, 2, 5}) {
    const std::vector<double> got = RepairmanStationary(5, 0.1, 1.0, crews);
    const std::vector<double> want = testing::MachineRepairman(5, crews, 0.1, 1.0);
    ASSERT_EQ(got.size(), want.size());
    for (size_t j = 0; j < got.size(); ++j)
      EXPECT_NEAR(got[j], want[j], 1e-12) << crews << " " << j;
  }
}

std::string Quorum() { return testing::PinnedQuorumYaml("Parallel"); }

TEST(CtmcTest, PinnedReplicasAreKOfN) {
  const AnalysisResult r = AnalyzeScenario(testing::MustLoad(Quorum()));
  ASSERT_TRUE(r.reduced);
  EXPECT_EQ(r.summary.method, "ctmc");
  const double a = 10.0 / 11.0;  // up 10 d, down 1 d
  const WorkloadSummary& w = r.summary.workloads[0];
  EXPECT_NEAR(w.availability[0].mean, a * a * a, 1e-9);                        // all
  EXPECT_NEAR(w.availability[1].mean, a * a * a + 3 * a * a * (1 - a), 1e-9);  // quorum
  EXPECT_NEAR(w.availability[2].mean, 1 - std::pow(1 - a, 3), 1e-9);           // any
  // Exact: the interval is the value.
  EXPECT_EQ(w.availability[1].ci95_low, w.availability[1].mean);
  EXPECT_EQ(w.availability[1].ci95_high, w.availability[1].mean);
  // Quorum is lost when one of the 2 up nodes fails while exactly 1 is down: frequency
  // 3 a^2 (1-a) x 2 lambda; the mean outage is (1 - A) / frequency.
  const double lambda = 1.0 / (10 * 86400.0);  // per second
  const double freq = 3 * a * a * (1 - a) * 2 * lambda;
  EXPECT_NEAR(w.outages[1].per_year, freq * 365 * 86400, 1e-9);
  EXPECT_NEAR(w.outages[1].mean_minutes, (1 - w.availability[1].mean) / freq / 60, 1e-6);
}

TEST(CtmcTest, OneRepairCrewIsTheMachineRepairmanChain) {
  Scenario s = testing::MustLoad(Quorum());
  s.repair_crews = 1;
  const AnalysisResult one = AnalyzeScenario(s);
  ASSERT_TRUE(one.reduced);
  const std::vector<double> pi = testing::MachineRepairman(3, 1, 1.0 / 10, 1.0);
  const WorkloadSummary& w = one.summary.workloads[0];
  EXPECT_NEAR(w.availability[0].mean, pi[0], 1e-9);
  EXPECT_NEAR(w.availability[1].mean, pi[0] + pi[1], 1e-9);
  EXPECT_NEAR(w.availability[2].mean, 1 - pi[3], 1e-9);
}

TEST(CtmcTest, ReplicasOnSomeOfTheNodesAreHypergeometric) {
  // 2 replicas on 4 nodes, one crew: given j nodes down (uniformly which), the replicas down are
  // hypergeometric.
  std::string text = Quorum();
  text.replace(text.find("count: 3"), 8, "count: 4");
  text.replace(text.find("replicas: 3"), 11, "replicas: 2");
  Scenario s = testing::MustLoad(text);
  s.repair_crews = 1;
  const AnalysisResult r = AnalyzeScenario(s);
  ASSERT_TRUE(r.reduced);
  const std::vector<double> pi = testing::MachineRepairman(4, 1, 0.1, 1.0);
  // all (2 of 2 up): sum_j pi_j C(2,0) C(2,j) / C(4,j).
  const double c4[] = {1, 4, 6, 4, 1};
  const double c2[] = {1, 2, 1, 0, 0};
  double all = 0;
  for (int j = 0; j <= 4; ++j) all += pi[j] * c2[j] / c4[j];
  EXPECT_NEAR(r.summary.workloads[0].availability[0].mean, all, 1e-9);
}

TEST(CtmcTest, AScenarioThatDoesNotReduceSaysWhy) {
  std::string text = Quorum();
  text.replace(text.find("Parallel"), 8, "OrderedReady");
  text.replace(text.find("lasts: {dist: exponential, mean: 1d}"), 36, "lasts: 1d");
  const AnalysisResult r = AnalyzeScenario(testing::MustLoad(text));
  EXPECT_FALSE(r.reduced);
  ASSERT_EQ(r.why_not.size(), 2u);
  EXPECT_EQ(r.why_not[0], "failures[0].lasts is not exponential");
  EXPECT_EQ(r.why_not[1],
            "workload 'zk' uses OrderedReady pod management (a replica waits for the lower "
            "ordinals)");
}

}  // namespace
}  // namespace clustersim
