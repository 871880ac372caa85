#include "clustersim/experiment/experiments.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <thread>

namespace clustersim {
namespace {


// Per replication and workload, the fraction of the window each level was met, and then the
// minutes per year without a leader.
constexpr int kLeaderless = kLevels;
using Availabilities = std::vector<std::array<double, kLevels + 1>>;

Availabilities ToAvailabilities(const Scenario& s, const ReplicationResult& r) {
  const double window = static_cast<double>(s.simulation.horizon - s.simulation.warmup);
  const double years = window / static_cast<double>(kYear);
  Availabilities a(r.downtime_us.size());
  for (size_t w = 0; w < a.size(); ++w) {
    for (int l = 0; l < kLevels; ++l) {
      a[w][l] = 1.0 - static_cast<double>(r.downtime_us[w][l]) / window;
    }
    a[w][kLeaderless] = w < r.leaderless_us.size() ? ToMinutes(r.leaderless_us[w]) / years : 0;
  }
  return a;
}

}  // namespace

std::string PairingMismatch(const Scenario& a, const Scenario& b) {
  if (a.simulation.seed != b.simulation.seed) return "simulation.seed";
  if (a.simulation.replications != b.simulation.replications) return "simulation.replications";
  if (a.simulation.horizon != b.simulation.horizon) return "simulation.horizon";
  if (a.simulation.warmup != b.simulation.warmup) return "simulation.warmup";
  return "";
}

Comparison RunComparison(const std::vector<VariantInput>& variants, const RunOptions& options) {
  const auto t0 = std::chrono::steady_clock::now();
  Comparison out;
  std::vector<Availabilities> first;  // per replication, of the first variant
  for (size_t v = 0; v < variants.size(); ++v) {
    const Scenario& s = *variants[v].scenario;
    // Workload w of this variant -> its index in the first variant (or -1).
    std::vector<int> match(s.workloads.size(), -1);
    if (v > 0) {
      const Scenario& s0 = *variants[0].scenario;
      for (size_t w = 0; w < s.workloads.size(); ++w) {
        for (size_t k = 0; k < s0.workloads.size(); ++k) {
          if (s0.workloads[k].name == s.workloads[w].name) {
            match[w] = static_cast<int>(k);
            break;
          }
        }
      }
    }
    std::vector<std::array<PairedDifference, kLevels + 1>> deltas(s.workloads.size());
    RunOptions o = options;
    o.on_replication = [&](int r, const ReplicationResult& result) {
      if (options.on_replication) options.on_replication(r, result);  // variant by variant
      Availabilities a = ToAvailabilities(s, result);
      if (v == 0) {
        first.push_back(std::move(a));
        return;
      }
      for (size_t w = 0; w < a.size(); ++w) {
        if (match[w] < 0) continue;
        for (int l = 0; l <= kLevels; ++l) {
          deltas[w][l].Add(a[w][l],
                           first[static_cast<size_t>(r)][static_cast<size_t>(match[w])][l]);
        }
      }
    };
    VariantSummary vs;
    vs.name = variants[v].name;
    vs.overrides = variants[v].overrides;
    vs.summary = RunScenario(s, o);
    for (size_t w = 0; w < s.workloads.size(); ++w) {
      if (v > 0 && match[w] < 0) continue;
      WorkloadDelta d;
      d.name = s.workloads[w].name;
      for (int l = 0; l < kLevels; ++l) {
        const Estimate a = v == 0 ? Estimate{0, 0, 0} : deltas[w][l].ToEstimate();
        d.availability[l] = a;
        // Downtime is (1 - availability) per year: its difference is the negated one.
        d.downtime_minutes_per_year[l] = {-a.mean * kMinutesPerYear, -a.ci95_high * kMinutesPerYear,
                                          -a.ci95_low * kMinutesPerYear};
        if (v == 0) d.downtime_minutes_per_year[l] = {0, 0, 0};
      }
      d.elects_leader = s.workloads[w].app.leader_election.enabled;
      d.leaderless_minutes_per_year =
          v == 0 ? Estimate{0, 0, 0} : deltas[w][kLeaderless].ToEstimate();
      vs.delta_vs_first.push_back(std::move(d));
    }
    out.variants.push_back(std::move(vs));
  }
  out.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return out;
}

SweepGrid::SweepGrid(const std::vector<SweepAxis>& axes) : axes_(axes) {
  for (const SweepAxis& a : axes_) size_ *= a.values.size();
}

std::vector<size_t> SweepGrid::At(size_t p) const {
  std::vector<size_t> at(axes_.size());
  for (size_t i = axes_.size(); i-- > 0;) {
    at[i] = p % axes_[i].values.size();
    p /= axes_[i].values.size();
  }
  return at;
}

std::vector<Override> SweepGrid::Overrides(size_t p) const {
  const std::vector<size_t> at = At(p);
  std::vector<Override> out;
  for (size_t i = 0; i < axes_.size(); ++i) {
    const SweepAxis& a = axes_[i];
    out.emplace_back(a.path, a.values[at[i]], "experiments.sweep." + a.path, a.where[at[i]]);
  }
  return out;
}

bool RunSweep(const std::vector<size_t>& points, int replications,
              const std::function<std::unique_ptr<Scenario>(size_t)>& load,
              const std::function<void(size_t, const RunSummary&)>& done,
              const RunOptions& options) {
  const int threads = EffectiveThreads(options.threads, 1 << 30);
  // Points at once: enough that their replications cover the threads.
  const int at_once = std::clamp(threads / std::max(1, replications), 1,
                                 std::max(1, static_cast<int>(points.size())));
  const int per_point = std::max(1, threads / at_once);
  std::atomic<size_t> next{0};
  std::atomic<bool> failed{false};
  std::mutex mu;
  std::string error;  // the first run that failed, rethrown once every thread has stopped
  auto worker = [&] {
    for (size_t i = next.fetch_add(1); i < points.size() && !failed; i = next.fetch_add(1)) {
      std::unique_ptr<Scenario> s = load(points[i]);
      if (s == nullptr) {
        failed = true;
        return;
      }
      RunOptions o;
      o.threads = per_point;
      o.max_events = options.max_events;
      RunSummary summary;
      try {
        summary = RunScenario(*s, o);
      } catch (const std::exception& e) {
        std::lock_guard<std::mutex> lock(mu);
        if (error.empty()) error = "sweep point " + std::to_string(points[i]) + ": " + e.what();
        failed = true;
        return;
      }
      std::lock_guard<std::mutex> lock(mu);
      done(points[i], summary);
    }
  };
  if (at_once == 1) {
    worker();
  } else {
    std::vector<std::thread> pool;
    for (int i = 0; i < at_once; ++i) pool.emplace_back(worker);
    for (auto& t : pool) t.join();
  }
  if (!error.empty()) throw std::runtime_error(error);
  return !failed;
}

}  // namespace clustersim
