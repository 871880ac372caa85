// End-to-end benchmarks: whole replications of real scenario files on one thread.
// items_per_second is simulated events per second (the figure bench/RESULTS.md quotes).
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <optional>
#include <string>

#include "clustersim/experiment/runner.h"
#include "clustersim/k8s/cluster_model.h"
#include "clustersim/metrics/availability.h"
#include "clustersim/scenario/loader.h"

namespace clustersim {
namespace {

Scenario Load(const std::string& relative) {
  const std::string path = std::string(CLUSTERSIM_SOURCE_DIR) + "/" + relative;
  Diagnostics diags;
  std::optional<Scenario> s = LoadScenarioFile(path, {}, &diags);
  if (!s) {
    std::fprintf(stderr, "%s", diags.ToString().c_str());
    std::abort();
  }
  return *s;
}

// One replication as the runner does it (model construction, time-0 placement, the run and
// the availability metrics), one thread.
void RunReplications(benchmark::State& state, const char* file) {
  const Scenario s = Load(file);
  Tally tally;
  AvailabilityRecorder recorder(s, &tally);
  Simulator simulator;
  uint64_t events = 0;
  uint64_t rep = 0;
  for (auto _ : state) {
    recorder.Reset();
    ClusterModel model(s, s.simulation.seed, rep++, &recorder, false, &simulator);
    model.RunUntil(s.simulation.horizon);
    events += model.events();
    ReplicationResult result;
    recorder.Finish(&result);
    benchmark::DoNotOptimize(result.downtime_us.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(events));
  state.counters["events_per_replication"] =
      benchmark::Counter(static_cast<double>(events) / static_cast<double>(state.iterations()));
}

void BM_FailureHeavy1000(benchmark::State& state) {
  RunReplications(state, "scenarios/failure-heavy-1000.yaml");
}
BENCHMARK(BM_FailureHeavy1000)->Unit(benchmark::kMillisecond);

// Issue 4's scale target: one replication (a simulated year) of 5,000 nodes, 2,000
// StatefulSets and 10,000 Deployment pods under node, rack and zone failures, in under 5 s on
// one thread. The figure to quote is the time per iteration (one replication).
void BM_Large5000(benchmark::State& state) { RunReplications(state, "scenarios/large-5000.yaml"); }
BENCHMARK(BM_Large5000)->Unit(benchmark::kSecond)->Iterations(1);

// The whole quick start as `clustersim run` does it (all replications, metrics), one thread.
void BM_QuickstartRun(benchmark::State& state) {
  const Scenario s = Load("scenarios/quickstart.yaml");
  RunOptions opts;
  opts.threads = 1;
  uint64_t events = 0;
  for (auto _ : state) {
    RunSummary r = RunScenario(s, opts);
    events += r.events;
    benchmark::DoNotOptimize(r.workloads.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(events));
}
BENCHMARK(BM_QuickstartRun)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace clustersim
