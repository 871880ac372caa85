#include "clustersim/experiment/runner.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <new>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "clustersim/k8s/cluster_model.h"
#include "clustersim/scenario/units.h"

namespace clustersim {

int EffectiveThreads(int requested, int replications) {
  int t = requested > 0 ? requested : static_cast<int>(std::thread::hardware_concurrency());
  return std::clamp(t, 1, std::max(1, replications));
}

namespace {

// How often a running replication is looked at: about 50 ms at the model's usual speed.
constexpr uint64_t kCheckEvery = uint64_t{1} << 20;

// What the worker threads share while they run.
struct RunState {
  const Scenario& scenario;
  const RunOptions& options;
  uint64_t budget = 0;
  std::mutex mu;  // guards everything below, and the calls to options.progress
  int done = 0;
  std::vector<double> running;  // per worker: the simulated fraction of its replication
  std::atomic<bool> failed{false};
  std::string error;  // the first failure's message
  bool finished = false;
  std::condition_variable wake;  // the progress thread's, at the end of the run
  const std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();

  RunState(const Scenario& s, const RunOptions& o) : scenario(s), options(o) {}

  void Fail(const std::string& message) {
    std::lock_guard<std::mutex> lock(mu);
    if (error.empty()) error = message;
    failed = true;
  }
  // With `mu` held.
  void Report() {
    if (!options.progress) return;
    RunProgress p;
    p.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    p.done = done;
    p.total = scenario.simulation.replications;
    double sum = done;
    for (double f : running) sum += f;
    p.fraction = p.total > 0 ? std::min(1.0, sum / p.total) : 1.0;
    options.progress(p);
  }
};

// The checkpoint of one worker's simulator (Simulator::SetCheckpoint).
struct WorkerWatch {
  RunState* run;
  const Simulator* simulator;
  size_t worker;
  int replication = 0;

  static bool Check(void* self) { return static_cast<WorkerWatch*>(self)->Look(); }

  bool Look() {
    if (run->failed) return false;
    const uint64_t events = simulator->dispatched();
    const SimTime horizon = run->scenario.simulation.horizon;
    const std::string where = "replication " + std::to_string(replication) + " stopped at " +
                              FormatDuration(simulator->now()) + " of " + FormatDuration(horizon);
    if (events >= run->budget) {
      run->Fail(where + " after " + std::to_string(events) + " events, over its budget of " +
                std::to_string(run->budget) +
                (run->options.max_events > 0
                     ? " (--max-events)"
                     : " (a hundred times what the scenario's failures, drains and pods should "
                       "need: something in the run feeds itself)") +
                "; --max-events N allows more");
      return false;
    }
    if (simulator->pending() > run->options.max_pending) {
      run->Fail(where + " with " + std::to_string(simulator->pending()) +
                " events pending, more than the " + std::to_string(run->options.max_pending) +
                " memory allows: failures come far faster than the timers that follow each "
                "one (NotReady after 40 s, eviction after 300 s) can run out; expected rarer "
                "failures");
      return false;
    }
    std::lock_guard<std::mutex> lock(run->mu);
    run->running[worker] =
        horizon > 0 ? static_cast<double>(simulator->now()) / static_cast<double>(horizon) : 1.0;
    run->Report();
    return true;
  }
};

}  // namespace

RunSummary RunScenario(const Scenario& scenario, const RunOptions& options) {
  const auto t0 = std::chrono::steady_clock::now();
  const int total = scenario.simulation.replications;
  const int threads = EffectiveThreads(options.threads, total);
  std::atomic<int> next{0};
  RunState run(scenario, options);
  run.budget = EventBudget(scenario, options.max_events);
  run.running.assign(static_cast<size_t>(threads), 0.0);
  Reducer reducer(scenario);
  // Results that arrived before an earlier replication finished wait here; with replications
  // claimed in increasing order this holds at most about one per thread.
  std::map<int, ReplicationResult> waiting;
  int next_to_reduce = 0;
  std::vector<Tally> tallies(threads);
  // What never changes in a run, built once and read by every replication on every thread.
  const std::shared_ptr<const ModelTables> tables = ClusterModel::Prepare(scenario);

  auto replications = [&](int index) {
    Tally& tally = tallies[index];
    AvailabilityRecorder recorder(scenario, &tally);
    Simulator simulator;  // reused: its event queue keeps its memory between replications
    WorkerWatch watch{&run, &simulator, static_cast<size_t>(index)};
    simulator.SetCheckpoint(kCheckEvery, &WorkerWatch::Check, &watch);
    for (int r = next.fetch_add(1); r < total && !run.failed; r = next.fetch_add(1)) {
      watch.replication = r;
      recorder.Reset();
      ClusterModel model(tables, scenario.simulation.seed, static_cast<uint64_t>(r), &recorder,
                         /*trace=*/false, &simulator);
      model.RunUntil(scenario.simulation.horizon);
      if (simulator.stopped()) return;  // the watch said why
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
      std::lock_guard<std::mutex> lock(run.mu);
      waiting.emplace(r, std::move(result));
      for (auto it = waiting.begin(); it != waiting.end() && it->first == next_to_reduce;
           it = waiting.erase(it)) {
        if (options.on_replication) options.on_replication(it->first, it->second);
        reducer.Add(it->second);
        ++next_to_reduce;
      }
      ++run.done;
      run.running[static_cast<size_t>(index)] = 0;
      run.Report();
    }
  };
  // A failure on one thread (an exception, or a watch that stopped its replication) stops the
  // others at their next checkpoint; the first message is the one reported.
  auto worker = [&](int index) {
    try {
      replications(index);
    } catch (const std::bad_alloc&) {
      int64_t pods = 0;
      for (const Workload& w : scenario.workloads) pods += w.replicas;
      run.Fail("a replication ran out of memory: its model of " +
               std::to_string(scenario.NodeCount()) + " nodes and " + std::to_string(pods) +
               " pods needs more than this process may use");
    } catch (const std::exception& e) {
      run.Fail(e.what());
    }
  };

  // Progress four times a second whatever the replications do: placing many pods at time 0, or
  // a slow event, may take minutes without reaching a checkpoint.
  std::thread reporter;
  if (options.progress) {
    reporter = std::thread([&run] {
      std::unique_lock<std::mutex> lock(run.mu);
      while (
          !run.wake.wait_for(lock, std::chrono::milliseconds(250), [&] { return run.finished; })) {
        run.Report();
      }
    });
  }
  if (threads == 1) {
    worker(0);
  } else {
    std::vector<std::thread> pool;
    for (int i = 0; i < threads; ++i) pool.emplace_back(worker, i);
    for (auto& t : pool) t.join();
  }
  if (reporter.joinable()) {
    {
      std::lock_guard<std::mutex> lock(run.mu);
      run.finished = true;
    }
    run.wake.notify_all();
    reporter.join();
  }
  if (run.failed) throw std::runtime_error(run.error);
  Tally tally;
  for (const Tally& t : tallies) tally.Merge(t);
  RunSummary summary = reducer.Finish(tally);
  summary.threads = threads;
  summary.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return summary;
}

}  // namespace clustersim
