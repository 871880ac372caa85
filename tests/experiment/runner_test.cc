// The runner's promise: the same scenario and seed give the same report on any thread count.
#include "clustersim/experiment/runner.h"

#include <gtest/gtest.h>

#include "clustersim/metrics/report.h"
#include "k8s/trace_helpers.h"

namespace clustersim {
namespace {

const char* kScenario = R"(
simulation: {horizon: 2y, replications: 37, seed: 9}
cluster:
  nodePools: [{name: w, count: 6, zones: [a, b, c], capacity: {cpu: "8", memory: 32Gi}}]
storageClasses:
  - {name: gold, kind: zonal, default: true, attach: {dist: lognormal, median: 12s, sigma: 0.5}}
workloads:
  - statefulSet:
      name: db
      replicas: 3
      podAntiAffinity: required
      resources: {cpu: "1", memory: 2Gi}
      volumeClaimTemplates: [{name: data, storage: 10Gi}]
    app: {startup: {dist: uniform, min: 10s, max: 60s}}
  - deployment: {name: web, replicas: 4, resources: {cpu: 500m, memory: 512Mi}}
failures:
  - target: {kind: node}
    every: {dist: exponential, mean: 20d}
    lasts: {dist: weibull, shape: 0.8, scale: 3h}
  - target: {kind: zone}
    every: {dist: exponential, mean: 1y}
    lasts: 1h
policies: {failover: {name: out-of-service, after: 3m}}
)";

std::string ReportWithThreads(int threads) {
  Scenario s = testing::MustLoad(kScenario);
  RunOptions opts;
  opts.threads = threads;
  RunSummary r = RunScenario(s, opts);
  EXPECT_EQ(r.threads, threads);
  r.wall_seconds = 0;  // the `run` section is the only part allowed to differ
  r.threads = 0;
  return FormatReport(r, ReportFormat::kJson);
}

TEST(RunnerTest, SameReportOnAnyThreadCount) {
  const std::string one = ReportWithThreads(1);
  EXPECT_EQ(one, ReportWithThreads(2));
  EXPECT_EQ(one, ReportWithThreads(5));
}

TEST(RunnerTest, DifferentSeedsGiveDifferentReports) {
  Scenario s = testing::MustLoad(kScenario);
  RunSummary a = RunScenario(s, RunOptions{});
  s.simulation.seed = 10;
  RunSummary b = RunScenario(s, RunOptions{});
  EXPECT_NE(a.workloads[0].availability[0].mean, b.workloads[0].availability[0].mean);
}

}  // namespace
}  // namespace clustersim
