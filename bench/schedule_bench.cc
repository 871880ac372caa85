// Scheduling throughput: the time-0 placement of many pods through the default profile.
// items_per_second is pods placed per second on one thread.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>

#include "clustersim/k8s/cluster_model.h"
#include "clustersim/scenario/loader.h"

namespace clustersim {
namespace {

// `nodes` nodes in three zones; `deployments` Deployments of `replicas` pods each, with
// requests small enough that every pod fits (kube-scheduler's scheduler_perf style).
Scenario Cluster(int nodes, int deployments, int replicas) {
  std::string yaml =
      "simulation: {horizon: 1d, replications: 1}\n"
      "cluster:\n"
      "  nodePools:\n"
      "    - {name: node, count: " +
      std::to_string(nodes) +
      ", zones: [zone-a, zone-b, zone-c], capacity: {cpu: \"32\", memory: 128Gi, pods: 110}}\n"
      "workloads:\n";
  for (int d = 0; d < deployments; ++d) {
    yaml += "  - deployment: {name: app" + std::to_string(d) +
            ", replicas: " + std::to_string(replicas) +
            ", resources: {cpu: 100m, memory: 256Mi}}\n";
  }
  Diagnostics diags;
  std::optional<Scenario> s = LoadScenarioText(yaml, "schedule_bench.yaml", {}, &diags);
  if (!s) {
    std::fprintf(stderr, "%s", diags.ToString().c_str());
    std::abort();
  }
  return *s;
}

// BM_ScheduleCluster/NODES/DEPLOYMENTS/REPLICAS: every pod placed by the scheduler in file
// order; the model's construction is excluded from the timing.
void BM_ScheduleCluster(benchmark::State& state) {
  const Scenario s = Cluster(static_cast<int>(state.range(0)), static_cast<int>(state.range(1)),
                             static_cast<int>(state.range(2)));
  const int64_t pods = state.range(1) * state.range(2);
  uint64_t rep = 0;
  for (auto _ : state) {
    state.PauseTiming();
    ClusterModel model(s, 1, rep++, nullptr);
    state.ResumeTiming();
    model.RunUntil(0);
    benchmark::DoNotOptimize(model.PendingPods());
    if (model.PendingPods() != 0) state.SkipWithError("some pods did not fit");
  }
  state.SetItemsProcessed(state.iterations() * pods);
}
BENCHMARK(BM_ScheduleCluster)
    ->Args({500, 30, 100})
    ->Args({5000, 30, 1000})
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace clustersim
