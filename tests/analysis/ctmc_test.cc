// The analytic mode against closed forms: the machine-repairman stationary distribution, k-of-n
// availability of pinned replicas with independent and with crew-limited repair, and outage
// frequency and length; zone outages on top of node crashes; the data-loss figures of node
// losses; and scenarios that do not reduce say why.
#include "clustersim/analysis/ctmc.h"

#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

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

// ZoneCorrelatedQuorum's closed form (tests/validation/analytic_test.cc): nodes a, b, c in
// zones A, B, A, every component independent with availability n (nodes) or z (zones).
TEST(CtmcTest, ZoneOutagesOnTopOfNodeCrashes) {
  const AnalysisResult r = AnalyzeScenario(testing::MustLoad(testing::ZoneQuorumYaml()));
  ASSERT_TRUE(r.reduced) << (r.why_not.empty() ? "" : r.why_not[0]);
  const double n = testing::MachineAvailability(10, 1);
  const double z = testing::MachineAvailability(20, 1);
  const WorkloadSummary& w = r.summary.workloads[0];
  EXPECT_NEAR(w.availability[0].mean, z * z * n * n * n, 1e-9);
  EXPECT_NEAR(w.availability[1].mean, z * (n * n + 2 * n * (1 - n) * z * n), 1e-9);
  EXPECT_NEAR(w.availability[2].mean, 1 - (1 - z * (1 - (1 - n) * (1 - n))) * (1 - z * n), 1e-9);
  // Quorum outages, component by component: the components are independent, so the frequency
  // is the sum over components of its failure rate x P(it is up, quorum holds, and quorum is
  // lost without it). Replicas a and c are up while zone A and their node are; b while zone B
  // and node b are.
  const double lambda = 1.0 / 10, zeta = 1.0 / 20;  // per day
  // Node a critical (quorum up, and down without a): A up, a up, and exactly one of c, (B & b).
  const double zb = z * n;  // replica b up
  const double node_a = z * n * (n * (1 - zb) + (1 - n) * zb) * lambda;
  // Zone A: with it out only b is left, so it is critical whenever quorum is up and A is.
  const double zone_a = z * (n * n + 2 * n * (1 - n) * zb);
  const double freq_per_day =
      2 * node_a + zone_a * zeta +
      // node b and zone B critical: b up and exactly one of a, c up (under zone A up).
      z * n * (z * 2 * n * (1 - n)) * (lambda + zeta);
  EXPECT_NEAR(w.outages[1].per_year, freq_per_day * 365, 1e-9);
  EXPECT_NEAR(w.outages[1].mean_minutes, (1 - w.availability[1].mean) / (freq_per_day / (24 * 60)),
              1e-6);
}

// The whole chain, state by state, as the simulator runs it: each node up, being repaired or
// waiting for a crew (first come first served), and each zone up or out; a node is down while
// it has crashed or its zone is out. Its stationary law, solved directly, gives the per-level
// availability and outage frequency (per day) of a workload with one replica on each node.
struct FullChain {
  std::vector<double> availability, frequency;
};
FullChain SolveFullChain(const std::vector<int>& zone_of, int zones, int crews, double lambda,
                         double mu, double zeta, double eta, const std::vector<int>& levels) {
  const int n = static_cast<int>(zone_of.size());
  struct State {
    std::vector<int> node;   // 0 up, 1 in repair, 2 waiting
    std::vector<int> queue;  // the waiting nodes, first come first
    int zones_out = 0;       // bitmask
    bool operator<(const State& o) const {
      return std::tie(node, queue, zones_out) < std::tie(o.node, o.queue, o.zones_out);
    }
  };
  std::map<State, int> index;
  std::vector<State> states;
  std::vector<std::vector<std::pair<int, double>>> moves;
  auto id = [&](const State& s) {
    auto [it, fresh] = index.emplace(s, static_cast<int>(states.size()));
    if (fresh) states.push_back(s);
    return it->second;
  };
  id(State{std::vector<int>(n, 0), {}, 0});
  for (size_t i = 0; i < states.size(); ++i) {
    const State s = states[i];
    std::vector<std::pair<int, double>> out;
    const int busy = static_cast<int>(std::count(s.node.begin(), s.node.end(), 1));
    for (int k = 0; k < n; ++k) {
      State t = s;
      if (s.node[k] == 0) {
        if (busy < crews) {
          t.node[k] = 1;
        } else {
          t.node[k] = 2;
          t.queue.push_back(k);
        }
        out.emplace_back(id(t), lambda);
      } else if (s.node[k] == 1) {
        t.node[k] = 0;
        if (!t.queue.empty()) {
          t.node[t.queue.front()] = 1;
          t.queue.erase(t.queue.begin());
        }
        out.emplace_back(id(t), mu);
      }
    }
    for (int zi = 0; zi < zones; ++zi) {
      State t = s;
      t.zones_out ^= 1 << zi;
      out.emplace_back(id(t), (s.zones_out >> zi & 1) ? eta : zeta);
    }
    moves.push_back(out);
  }
  const int size = static_cast<int>(states.size());
  Eigen::MatrixXd a = Eigen::MatrixXd::Zero(size, size);  // Q transposed
  for (int i = 0; i < size; ++i) {
    for (const auto& [j, rate] : moves[static_cast<size_t>(i)]) {
      a(j, i) += rate;
      a(i, i) -= rate;
    }
  }
  a.row(size - 1).setOnes();
  Eigen::VectorXd b = Eigen::VectorXd::Zero(size);
  b(size - 1) = 1;
  const Eigen::VectorXd pi = a.partialPivLu().solve(b);
  auto up = [&](const State& s) {
    int u = 0;
    for (int k = 0; k < n; ++k) u += s.node[k] == 0 && !(s.zones_out >> zone_of[k] & 1);
    return u;
  };
  FullChain f;
  for (int k : levels) {
    double avail = 0, freq = 0;
    for (int i = 0; i < size; ++i) {
      if (up(states[i]) < k) continue;
      avail += pi(i);
      for (const auto& [j, rate] : moves[static_cast<size_t>(i)]) {
        if (up(states[j]) < k) freq += pi(i) * rate;
      }
    }
    f.availability.push_back(avail);
    f.frequency.push_back(freq);
  }
  return f;
}

TEST(CtmcTest, ZoneOutagesWithRepairCrewsAreTheFullChain) {
  // Four nodes in zones A, B, A, B (round-robin), one or two crews.
  std::string text = testing::ZoneQuorumYaml();
  text.replace(text.find("count: 3, zones: [zone-a, zone-b, zone-a]"), 41,
               "count: 4, zones: [zone-a, zone-b]");
  text.replace(text.find("replicas: 3"), 11, "replicas: 4");
  for (int crews : {1, 2}) {
    Scenario s = testing::MustLoad(text);
    s.repair_crews = crews;
    const AnalysisResult r = AnalyzeScenario(s);
    ASSERT_TRUE(r.reduced) << (r.why_not.empty() ? "" : r.why_not[0]);
    const WorkloadSummary& w = r.summary.workloads[0];
    const FullChain f = SolveFullChain({0, 1, 0, 1}, 2, crews, 0.1, 1.0, 0.05, 1.0,
                                       {w.thresholds[0], w.thresholds[1], w.thresholds[2]});
    for (int l = 0; l < 3; ++l) {
      EXPECT_NEAR(w.availability[l].mean, f.availability[l], 1e-9) << crews << " " << l;
      EXPECT_NEAR(w.outages[l].per_year, f.frequency[l] * 365, 1e-9) << crews << " " << l;
    }
  }
}

// The generator of the machines down (0..n) with the loss transition n - 1 -> n made a way out
// (rates per year), and its transient law by uniformisation: an independent way to the
// matrix exponential. Returns p0 exp(Q t), whose sum falls short of 1 by P(absorbed by t).
struct LossChain {
  int n;
  Eigen::MatrixXd q, qt;  // the generator, and with the loss transition leading out
};
LossChain MakeLossChain(int n, double lambda, double mu, int crews) {
  LossChain c{n, Eigen::MatrixXd::Zero(n + 1, n + 1), {}};
  for (int j = 0; j <= n; ++j) {
    if (j < n) c.q(j, j + 1) = (n - j) * lambda;
    if (j > 0) c.q(j, j - 1) = std::min(j, crews) * mu;
    c.q(j, j) = -c.q.row(j).sum();
  }
  c.qt = c.q;
  c.qt(n - 1, n) = 0;
  return c;
}
Eigen::RowVectorXd Uniformised(const Eigen::MatrixXd& q, const Eigen::RowVectorXd& p0, double t) {
  const double rate = -q.diagonal().minCoeff();
  const Eigen::MatrixXd step = Eigen::MatrixXd::Identity(q.rows(), q.cols()) + q / rate;
  const double m = rate * t;
  Eigen::RowVectorXd term = p0, sum = Eigen::RowVectorXd::Zero(p0.size());
  const int last = static_cast<int>(m + 12 * std::sqrt(m) + 50);
  for (int k = 0; k <= last; ++k) {
    sum += std::exp(-m + k * std::log(m) - std::lgamma(k + 1.0)) * term;
    term = term * step;
  }
  return sum;
}

// MeanTimeToDataLossOfThreeWayReplication's closed form (tests/validation/analytic_test.cc):
// the copies' birth-death chain with 0 absorbing, here with 1, 2 and 3 crews.
TEST(CtmcTest, MeanTimeToDataLossIsTheAbsorbingChain) {
  const double lambda = 0.1, mu = 1.0;  // per day
  for (int crews : {1, 2, 3}) {
    const double exact_days = testing::MeanTimeToAbsorption({0, std::min(2, crews) * mu, mu, 0},
                                                            {0, lambda, 2 * lambda, 3 * lambda}, 3);
    const DataLossFigures f = RepairmanDataLoss(3, lambda * 365, mu * 365, crews, 0, 16 * kYear);
    EXPECT_NEAR(f.mttdl_years, exact_days / 365, 1e-9) << crews;
  }
  // Twelve copies with two crews (about 21,000 years), and 64 with a crew each (about 1e62
  // years, where solving the linear system as it stands, or the elimination above, loses every
  // digit): the classic passage-time sum of a birth-death chain, sum over k of
  // (w_0 + ... + w_k) / (b_k w_k) with w_i = w_{i-1} b_{i-1} / d_i, on j = 0..n-1 down, where
  // b_{n-1} is the loss.
  for (const auto& [n, crews] : {std::pair{12, 2}, std::pair{64, 64}}) {
    double w = 1, partial = 0, exact_days = 0;
    for (int k = 0; k < n; ++k) {
      if (k > 0) w *= (n - k + 1) * lambda / (std::min(k, crews) * mu);
      partial += w;
      const double b = k < n - 1 ? (n - k) * lambda : lambda;
      exact_days += partial / (b * w);
    }
    const DataLossFigures f = RepairmanDataLoss(n, lambda * 365, mu * 365, crews, 0, kYear);
    EXPECT_NEAR(f.mttdl_years / (exact_days / 365), 1, 1e-9) << n;
    EXPECT_GT(exact_days / 365, 2e4);
  }
  const AnalysisResult r = AnalyzeScenario(testing::MustLoad(testing::ThreeWayLossYaml()));
  ASSERT_TRUE(r.reduced) << (r.why_not.empty() ? "" : r.why_not[0]);
  const double exact_days =
      testing::MeanTimeToAbsorption({0, 2 * mu, mu, 0}, {0, lambda, 2 * lambda, 3 * lambda}, 3);
  const WorkloadSummary& w = r.summary.workloads[0];
  EXPECT_NEAR(w.mttdl_years.mean, exact_days / 365, 1e-9);
  EXPECT_EQ(w.mttdl_years.ci95_low, w.mttdl_years.mean);
  // A one-year horizon: P(a loss in it) by uniformisation, and per whole year the same.
  Scenario year = testing::MustLoad(testing::ThreeWayLossYaml());
  year.simulation.horizon = kYear;
  const WorkloadSummary y = AnalyzeScenario(year).summary.workloads[0];
  const LossChain c = MakeLossChain(3, 36.5, 365, 3);
  const double p = 1 - Uniformised(c.qt, Eigen::RowVectorXd::Unit(4, 0), 1).sum();
  EXPECT_NEAR(y.loss_probability_in_window.mean, p, 1e-9);
  EXPECT_NEAR(y.loss_probability_per_year.mean, p, 1e-9);
  // The copies are the nodes up: availability is that of the crash chain.
  const double a = 10.0 / 11.0;
  EXPECT_NEAR(w.availability[1].mean, a * a * a + 3 * a * a * (1 - a), 1e-9);
}

TEST(CtmcTest, LossProbabilitiesAreTheTransientLaw) {
  const double lambda = 36.5, mu = 365;  // per year: every 10 d, 1 d
  for (int crews : {1, 3}) {
    const LossChain c = MakeLossChain(3, lambda, mu, crews);
    const Eigen::RowVectorXd start = Eigen::RowVectorXd::Unit(4, 0);
    // From all up at time 0, a one-year window: P(a loss in it).
    const DataLossFigures one = RepairmanDataLoss(3, lambda, mu, crews, 0, kYear);
    const double survive = Uniformised(c.qt, start, 1).sum();
    EXPECT_NEAR(one.probability_in_window, 1 - survive, 1e-9) << crews;
    EXPECT_NEAR(one.probability_per_year, 1 - survive, 1e-9) << crews;
    // After a 2-year warm-up, a 3-year window: the law at its start, the loss rate (lambda in
    // state 2 down), each whole year's loss probability and the mean time to the first loss.
    const DataLossFigures later = RepairmanDataLoss(3, lambda, mu, crews, 2 * kYear, 3 * kYear);
    const Eigen::RowVectorXd at2 = Uniformised(c.q, start, 2);
    double per_year = 0;
    for (int y = 0; y < 3; ++y) {
      per_year += 1 - Uniformised(c.qt, Uniformised(c.q, start, 2 + y), 1).sum();
    }
    EXPECT_NEAR(later.probability_per_year, per_year / 3, 1e-9) << crews;
    EXPECT_NEAR(later.probability_in_window, 1 - Uniformised(c.qt, at2, 3).sum(), 1e-9);
    // The chain mixes within days: over the window it is in its stationary law.
    const std::vector<double> pi = testing::MachineRepairman(3, crews, lambda, mu);
    EXPECT_NEAR(later.events_per_year, lambda * pi[2], 1e-9) << crews;
    const Eigen::VectorXd m =
        (-c.qt).partialPivLu().solve(Eigen::VectorXd::Ones(4));  // mean times to absorption
    EXPECT_NEAR(later.mttdl_years, at2.dot(m), 1e-9) << crews;
  }
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

// Pre-created volumes can keep a replica Pending (none left that fits): not in the chain.
TEST(CtmcTest, PreCreatedVolumesDoNotReduce) {
  Scenario s = testing::MustLoad(Quorum());
  PersistentVolume pv;
  pv.name = "pv-0";
  pv.storage_class = 0;
  pv.capacity_bytes = int64_t{1} << 40;
  pv.access_modes = kReadWriteOnce;
  s.persistent_volumes.push_back(pv);
  const AnalysisResult r = AnalyzeScenario(s);
  EXPECT_FALSE(r.reduced);
  ASSERT_EQ(r.why_not.size(), 1u);
  EXPECT_EQ(r.why_not[0], "pre-created PersistentVolumes decide where claims may bind");
}

// What the zone and loss chains do not cover is named, every feature of it.
TEST(CtmcTest, WhatZoneOutagesAndLossesDoNotCoverIsNamed) {
  std::string text = testing::ZoneQuorumYaml();
  text.replace(text.find("replicas: 3"), 11, "replicas: 2");
  text.replace(text.find("  - target: {kind: node}\n"), 25,
               "  - target: {kind: node}\n    effect: loss\n");
  text += "  - target: {kind: rack}\n    every: 30d\n    lasts: 1h\n";
  const AnalysisResult r = AnalyzeScenario(testing::MustLoad(text));
  EXPECT_FALSE(r.reduced);
  const std::vector<std::string> want = {
      "failures[2] is a rack outage (the chain has node failures and zone outages)",
      "node losses together with zone outages (a replacement rebuilding from peers waits "
      "while their zones are down)",
      "workload 'zk' has fewer replicas than nodes, with zone outages (which nodes hold them is "
      "the scheduler's choice)",
      "workload 'zk' has fewer replicas than nodes, with node losses"};
  EXPECT_EQ(r.why_not, want);

  std::string copy = testing::ThreeWayLossYaml();
  copy.replace(copy.find("failures:"), 0,
               "    app: {dataSize: 10Gi, rebuild: {from: peers, bandwidth: 100Mi/s}}\n");
  const AnalysisResult c = AnalyzeScenario(testing::MustLoad(copy));
  EXPECT_FALSE(c.reduced);
  ASSERT_EQ(c.why_not.size(), 1u);
  EXPECT_EQ(c.why_not[0],
            "workload 'db' copies app.dataSize at app.rebuild.bandwidth after a loss (a fixed "
            "copy time, not exponential)");
}

// Node losses take volumes' data; a Deployment's single pod holds none, so it never loses any.
TEST(CtmcTest, ADeploymentUnderNodeLossesLosesNoData) {
  const AnalysisResult r = AnalyzeScenario(testing::MustLoad(R"(
simulation: {horizon: 5y, replications: 20, seed: 1}
cluster:
  nodePools: [{name: n, count: 1}]
workloads:
  - deployment: {name: web, replicas: 1}
failures:
  - target: {kind: node}
    effect: loss
    every: {dist: exponential, mean: 10d}
    lasts: {dist: exponential, mean: 1d}
)"));
  ASSERT_TRUE(r.reduced) << (r.why_not.empty() ? "" : r.why_not[0]);
  const WorkloadSummary& w = r.summary.workloads[0];
  EXPECT_NEAR(w.availability[0].mean, 10.0 / 11, 1e-9);
  EXPECT_EQ(w.data_losses_per_year.mean, 0);
  EXPECT_EQ(w.loss_probability_in_window.mean, 0);
  EXPECT_EQ(w.mttdl_years.mean, HUGE_VAL);
}

// A reason many workloads share is one line, naming the first; what keeps pods off nodes is
// named too.
TEST(CtmcTest, ReasonsSharedByWorkloadsAreOneLine) {
  std::string text = testing::PinnedQuorumYaml("Parallel");
  const std::string zk = text.substr(text.find("  - statefulSet:"),
                                     text.find("failures:") - text.find("  - statefulSet:"));
  std::string more;
  for (const char* name : {"a", "b", "c"}) {
    std::string w = zk;
    w.replace(w.find("name: zk"), 8, std::string("name: ") + name);
    w.replace(w.find("podAntiAffinity: required"), 25,
              "podAntiAffinity: required\n      nodeSelector: {disk: ssd}");
    more += w;
  }
  text.replace(text.find("failures:"), 0, more);
  const AnalysisResult r = AnalyzeScenario(testing::MustLoad(text));
  EXPECT_FALSE(r.reduced);
  const std::vector<std::string> want = {
      "workload 'a' (and 2 more) restricts the nodes its pods may use (nodeSelector, node "
      "affinity, nodeName, pod affinity or anti-affinity terms, DoNotSchedule spread or host "
      "ports)"};
  EXPECT_EQ(r.why_not, want);
}

}  // namespace
}  // namespace clustersim
