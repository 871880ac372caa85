// Paired comparisons and sweeps: variants share their failures (common random numbers), so a
// variant compared with itself differs by exactly zero, and a real policy difference is
// estimated with a much narrower interval than the variants' separate ones; the sweep grid
// visits every point once, in a fixed order.
#include "clustersim/experiment/experiments.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "k8s/trace_helpers.h"

namespace clustersim {
namespace {

// One replica on a zonal volume, four nodes in one zone, node crashes and zone outages: the
// failover policy matters for the crashes, and the zone outages add noise every policy shares.
const char* kScenario = R"(
simulation: {horizon: 1y, replications: 30, seed: 11}
cluster:
  nodePools: [{name: w, count: 4, zones: [a], capacity: {cpu: "4", memory: 16Gi}}]
storageClasses: [{name: ebs, kind: zonal, default: true}]
workloads:
  - statefulSet:
      name: db
      replicas: 1
      resources: {cpu: "1", memory: 4Gi}
      volumeClaimTemplates: [{name: data, storage: 50Gi}]
    app: {availability: all, startup: 30s}
failures:
  - {target: {kind: node}, every: {dist: exponential, mean: 90d},
     lasts: {dist: lognormal, median: 12m, sigma: 1}}
  - {target: {kind: zone}, every: {dist: exponential, mean: 1y},
     lasts: {dist: lognormal, median: 2h, sigma: 1}}
)";

Comparison Compare(const Scenario& a, const Scenario& b, int threads) {
  RunOptions o;
  o.threads = threads;
  return RunComparison({{"a", {}, &a}, {"b", {"x=y"}, &b}}, o);
}

TEST(ComparisonTest, AVariantAgainstItselfDiffersByExactlyZero) {
  const Scenario s = testing::MustLoad(kScenario);
  const Comparison c = Compare(s, s, 2);
  ASSERT_EQ(c.variants.size(), 2u);
  ASSERT_EQ(c.variants[1].delta_vs_first.size(), 1u);
  const WorkloadDelta& d = c.variants[1].delta_vs_first[0];
  EXPECT_EQ(d.name, "db");
  for (int l = 0; l < kLevels; ++l) {
    EXPECT_EQ(d.availability[l].mean, 0.0);
    EXPECT_EQ(d.availability[l].ci95_low, 0.0);
    EXPECT_EQ(d.availability[l].ci95_high, 0.0);
  }
  // The downtime itself is not zero: there was something to cancel.
  EXPECT_GT(c.variants[0].summary.workloads[0].downtime_minutes_per_year[0].mean, 10);
}

TEST(ComparisonTest, PairingNarrowsTheIntervalOfARealDifference) {
  const Scenario base = testing::MustLoad(kScenario);
  Scenario oos = base;
  oos.failover.name = "out-of-service";
  oos.failover.args.SetDuration("after", 2 * kMinute);
  const Comparison c = Compare(base, oos, 1);
  const Estimate& d = c.variants[1].delta_vs_first[0].downtime_minutes_per_year[0];
  const Estimate& a = c.variants[0].summary.workloads[0].downtime_minutes_per_year[0];
  const Estimate& b = c.variants[1].summary.workloads[0].downtime_minutes_per_year[0];
  // The paired difference excludes zero; the separate intervals overlap.
  EXPECT_LT(d.ci95_high, 0);
  EXPECT_LT(a.ci95_low, b.ci95_high);
  // Its mean is the difference of the means (the same replications, paired).
  EXPECT_NEAR(d.mean, b.mean - a.mean, 1e-6 * a.mean);
  // And its interval is several times narrower than either variant's own.
  EXPECT_LT(3 * (d.ci95_high - d.ci95_low), a.ci95_high - a.ci95_low);
}

TEST(ComparisonTest, SameResultOnAnyThreadCount) {
  const Scenario base = testing::MustLoad(kScenario);
  Scenario oos = base;
  oos.failover.name = "out-of-service";
  oos.failover.args.SetDuration("after", 2 * kMinute);
  const Comparison one = Compare(base, oos, 1);
  const Comparison three = Compare(base, oos, 3);
  const Estimate& x = one.variants[1].delta_vs_first[0].availability[0];
  const Estimate& y = three.variants[1].delta_vs_first[0].availability[0];
  EXPECT_EQ(x.mean, y.mean);
  EXPECT_EQ(x.ci95_low, y.ci95_low);
  EXPECT_EQ(x.ci95_high, y.ci95_high);
}

TEST(ComparisonTest, PairingNeedsTheSameSeedReplicationsAndWindow) {
  const Scenario a = testing::MustLoad(kScenario);
  Scenario b = a;
  EXPECT_EQ(PairingMismatch(a, b), "");
  b.simulation.seed = 12;
  EXPECT_EQ(PairingMismatch(a, b), "simulation.seed");
  b = a;
  b.simulation.replications = 31;
  EXPECT_EQ(PairingMismatch(a, b), "simulation.replications");
  b = a;
  b.simulation.horizon = 2 * kYear;
  EXPECT_EQ(PairingMismatch(a, b), "simulation.horizon");
}

TEST(SweepGridTest, VisitsEveryPointOnceLastAxisFastest) {
  std::vector<SweepAxis> axes(2);
  axes[0].path = "a";
  axes[0].values = {"1", "2", "3"};
  axes[0].where.resize(3);
  axes[1].path = "b";
  axes[1].values = {"x", "y"};
  axes[1].where.resize(2);
  const SweepGrid grid(axes);
  ASSERT_EQ(grid.size(), 6u);
  EXPECT_EQ(grid.At(0), (std::vector<size_t>{0, 0}));
  EXPECT_EQ(grid.At(1), (std::vector<size_t>{0, 1}));
  EXPECT_EQ(grid.At(5), (std::vector<size_t>{2, 1}));
  std::set<std::vector<size_t>> seen;
  for (size_t p = 0; p < grid.size(); ++p) seen.insert(grid.At(p));
  EXPECT_EQ(seen.size(), 6u);
  const std::vector<Override> o = grid.Overrides(3);
  ASSERT_EQ(o.size(), 2u);
  EXPECT_EQ(o[0].path, "a");
  EXPECT_EQ(o[0].value, "2");
  EXPECT_EQ(o[1].value, "y");
}

TEST(SweepTest, RunsEachPointOnceAndAsAlone) {
  const Scenario s = testing::MustLoad(kScenario);
  for (int threads : {1, 4}) {
    std::vector<size_t> done;
    std::vector<double> means(3);
    RunOptions o;
    o.threads = threads;
    const bool ok = RunSweep(
        {0, 1, 2}, s.simulation.replications,
        [&](size_t p) {
          auto sc = std::make_unique<Scenario>(s);
          sc->node_pools[0].count = 2 + static_cast<int>(p);
          return sc;
        },
        [&](size_t p, const RunSummary& r) {
          done.push_back(p);
          means[p] = r.workloads[0].availability[0].mean;
        },
        o);
    EXPECT_TRUE(ok);
    std::sort(done.begin(), done.end());
    EXPECT_EQ(done, (std::vector<size_t>{0, 1, 2}));
    // Each point's result is that of running its scenario alone.
    Scenario alone = s;
    alone.node_pools[0].count = 3;
    EXPECT_EQ(means[1], RunScenario(alone, RunOptions{}).workloads[0].availability[0].mean);
  }
}

TEST(SweepTest, StopsWhenAPointFailsToLoad) {
  const Scenario s = testing::MustLoad(kScenario);
  int done = 0;
  const bool ok = RunSweep(
      {0, 1}, 30, [&](size_t p) { return p == 0 ? nullptr : std::make_unique<Scenario>(s); },
      [&](size_t, const RunSummary&) { ++done; }, RunOptions{});
  EXPECT_FALSE(ok);
  EXPECT_EQ(done, 0);
}

}  // namespace
}  // namespace clustersim
