#include "clustersim/experiment/runner.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <thread>

#include "clustersim/k8s/cluster_model.h"

namespace clustersim {

int EffectiveThreads(int requested, int replications) {
  int t = requested > 0 ? requested : static_cast<int>(std::thread::hardware_concurrency());
  return std::clamp(t, 1, std::max(1, replications));
}

RunSummary RunScenario(const Scenario& scenario, const RunOptions& options) {
  const auto t0 = std::chrono::steady_clock::now();
  const int total = scenario.simulation.replications;
  const int threads = EffectiveThreads(options.threads, total);
  std::atomic<int> next{0};
  std::mutex mu;
  Reducer reducer(scenario);
  // Results that arrived before an earlier replication finished wait here; with replications
  // claimed in increasing order this holds at most about one per thread.
  std::map<int, ReplicationResult> waiting;
  int next_to_reduce = 0;
  int done = 0;
  std::vector<Tally> tallies(threads);
  // What never changes in a run, built once and read by every replication on every thread.
  const std::shared_ptr<const ModelTables> tables = ClusterModel::Prepare(scenario);

  auto worker = [&](int index) {
    Tally& tally = tallies[index];
    AvailabilityRecorder recorder(scenario, &tally);
    Simulator simulator;  // reused: its event queue keeps its memory between replications
    for (int r = next.fetch_add(1); r < total; r = next.fetch_add(1)) {
      recorder.Reset();
      ClusterModel model(tables, scenario.simulation.seed, static_cast<uint64_t>(r), &recorder,
                         /*trace=*/false, &simulator);
      model.RunUntil(scenario.simulation.horizon);
      ReplicationResult result;
      recorder.Finish(&result);
      const ModelCounters& c = model.counters();
      result.pending_us = c.pending_us;
      result.cpu_utilization = c.cpu_capacity_us > 0 ? c.cpu_requested_us / c.cpu_capacity_us : 0;
      result.memory_utilization =
          c.mem_capacity_us > 0 ? c.mem_requested_us / c.mem_capacity_us : 0;
      for (size_t w = 0; w < c.replica_recoveries.size(); ++w) {
        WorkloadTally& wt = tally.workloads[w];
        wt.replica_recoveries += c.replica_recoveries[w];
        for (size_t k = 0; k < kRecoveryCauses; ++k) {
          wt.recovery_cause_us[k] += c.recovery_cause_us[w][k];
        }
      }
      tally.node_failures += c.node_failures;
      tally.pod_evictions += c.pod_evictions;
      tally.scheduling_failures += c.scheduling_failures;
      tally.events += model.events();
      std::lock_guard<std::mutex> lock(mu);
      waiting.emplace(r, std::move(result));
      for (auto it = waiting.begin(); it != waiting.end() && it->first == next_to_reduce;
           it = waiting.erase(it)) {
        if (options.on_replication) options.on_replication(it->first, it->second);
        reducer.Add(it->second);
        ++next_to_reduce;
      }
      ++done;
      if (options.progress) options.progress(done, total);
    }
  };

  if (threads == 1) {
    worker(0);
  } else {
    std::vector<std::thread> pool;
    for (int i = 0; i < threads; ++i) pool.emplace_back(worker, i);
    for (auto& t : pool) t.join();
  }
  Tally tally;
  for (const Tally& t : tallies) tally.Merge(t);
  RunSummary summary = reducer.Finish(tally);
  summary.threads = threads;
  summary.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return summary;
}

}  // namespace clustersim
