// Availability metrics, exactly as docs/metrics.md defines them.
//
// A workload is available at level k while at least k of its replicas are ready. The
// recorder watches one replication's ready counts (it is the model's observer) and keeps, per
// workload and level, the downtime inside the metrics window [warmup, horizon] and the
// outages (maximal intervals below the level, clipped to the window). Results are reduced in
// two ways that make them independent of the thread count: per-replication figures that feed a
// mean and CI go through an ordered reduction (replication 0, 1, 2, ...); counts, sums and
// histograms are integers merged by addition.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "clustersim/core/time.h"
#include "clustersim/k8s/cluster_model.h"
#include "clustersim/k8s/observer.h"
#include "clustersim/metrics/estimate.h"
#include "clustersim/metrics/histogram.h"
#include "clustersim/scenario/scenario.h"

namespace clustersim {

inline constexpr int kLevels = 4;  // all, quorum, any, required
extern const char* const kLevelNames[kLevels];

// Replicas needed for each level of a workload of n replicas.
std::array<int, kLevels> LevelThresholds(const Workload& w);

// Integer tallies of many replications; merged by addition.
struct WorkloadTally {
  std::array<int64_t, kLevels> outages{};
  std::array<int64_t, kLevels> outage_us{};
  std::array<DurationHistogram, kLevels> outage_hist;
  int64_t recoveries = 0;
  int64_t recovery_us = 0;
  DurationHistogram recovery_hist;
  // Data losses inside the window; of those with a backup, the writes lost (time since it).
  int64_t data_losses = 0;
  int64_t backup_losses = 0;
  int64_t lost_writes_us = 0;
  // StatefulSet replica recoveries (the model's, per ordinal) and their time per cause.
  int64_t replica_recoveries = 0;
  std::array<int64_t, kRecoveryCauses> recovery_cause_us{};
  void Merge(const WorkloadTally& o);
};

struct Tally {
  std::vector<WorkloadTally> workloads;
  int64_t node_failures = 0;
  int64_t pod_evictions = 0;
  int64_t scheduling_failures = 0;
  uint64_t events = 0;
  void Merge(const Tally& o);
};

// What one replication contributes to the means and CIs.
struct ReplicationResult {
  std::vector<std::array<int64_t, kLevels>> downtime_us;  // per workload
  std::vector<int64_t> pending_us;                        // per workload: pod-us Pending
  // Per workload: data losses in the window; time from the window's start to the first (-1:
  // none); whole years of the window with at least one; time without a leader.
  std::vector<int64_t> data_losses;
  std::vector<SimTime> first_loss_us;
  std::vector<int64_t> loss_years;
  std::vector<int64_t> leaderless_us;
  double cpu_utilization = 0;
  double memory_utilization = 0;
};

class AvailabilityRecorder final : public ModelObserver {
 public:
  AvailabilityRecorder(const Scenario& scenario, Tally* tally);
  // Starts a new replication (all workloads considered ready at their initial counts = 0).
  void Reset();
  void OnReadyChanged(uint32_t workload, int ready, SimTime now) override;
  void OnDataLoss(uint32_t workload, SimTime now, SimTime lost_writes) override;
  void OnLeaderChanged(uint32_t workload, bool has_leader, SimTime now) override;
  // Closes open outages at the horizon and writes the replication's figures.
  void Finish(ReplicationResult* out);

 private:
  struct State {
    int ready = 0;
    std::array<int, kLevels> k{};
    std::array<SimTime, kLevels> below_since{};  // kNever when at or above the level
    std::array<int64_t, kLevels> downtime{};
    std::vector<SimTime> failed_at;  // ring buffer: when replicas stopped being ready
    size_t head = 0, size = 0;
    int64_t losses = 0, loss_years = 0;
    int64_t last_loss_year = -1;
    SimTime first_loss = -1;
    bool elects_leader = false;
    SimTime leaderless_since = kNever;  // kNever while it has a leader
    int64_t leaderless = 0;
  };
  void AddLeaderless(State& s, SimTime end);
  void CloseOutage(uint32_t w, int level, SimTime end);

  SimTime warmup_, horizon_;
  std::vector<State> states_;
  Tally* tally_;
};

// The mean time to a workload's first data loss, in years, from the replications' first-loss
// times (`losses` of `replications` saw one) and their total exposure (time to the first loss,
// or the whole window).
Estimate MeanTimeToLoss(const RunningStat& first_losses, int64_t losses, double exposure_years,
                        int64_t replications);

// The 95% Wilson score interval of a proportion, `successes` of `trials`, around its estimate.
Estimate WilsonProportion(int64_t successes, int64_t trials);

// The figures of a whole run, ready for a report.
struct WorkloadSummary {
  std::string name;
  std::string kind;
  int replicas = 0;
  std::array<int, kLevels> thresholds{};
  std::array<Estimate, kLevels> availability;
  std::array<Estimate, kLevels> downtime_minutes_per_year;
  struct Outages {
    double per_year = 0, mean_minutes = 0, p50_minutes = 0, p95_minutes = 0, p99_minutes = 0,
           max_minutes = 0;
  };
  std::array<Outages, kLevels> outages;
  // The outage lengths behind those figures (the HTML report draws them; the other formats
  // print only the percentiles above).
  std::array<DurationHistogram, kLevels> outage_hist;
  double recovery_mean_s = 0, recovery_p50_s = 0, recovery_p95_s = 0, recovery_p99_s = 0;
  Estimate pending_seconds_per_year;  // pod-seconds Pending per simulated year
  int64_t recoveries = 0;
  // Data loss (docs/metrics.md): events per year; the probability that a year sees at least
  // one; the mean time to the first loss (years; +inf when none was seen); the writes lost
  // with a backup restore.
  int64_t data_losses = 0;
  Estimate data_losses_per_year;
  Estimate loss_probability_per_year;
  // The probability of at least one loss in the window: the fraction of replications with one,
  // with its Wilson score interval (which, unlike a t interval, does not shrink to a point when
  // all or none of the replications saw one).
  Estimate loss_probability_in_window;
  Estimate mttdl_years;
  double lost_writes_mean_minutes = 0;
  // Mean seconds per replica recovery spent in each RecoveryCause (StatefulSets).
  int64_t replica_recoveries = 0;
  std::array<double, kRecoveryCauses> recovery_by_cause_s{};
  bool elects_leader = false;
  Estimate leaderless_minutes_per_year;
};

struct RunSummary {
  std::string scenario;
  std::string method = "simulation";  // or "ctmc" (clustersim analyze: exact, no replications)
  uint64_t seed = 0;
  int replications = 0;
  SimTime horizon = 0;
  SimTime warmup = 0;
  std::vector<WorkloadSummary> workloads;
  int nodes = 0;
  double node_failures = 0, pod_evictions = 0, scheduling_failures = 0;
  double cpu_utilization = 0, memory_utilization = 0;
  uint64_t events = 0;
  double wall_seconds = 0;
  int threads = 0;
};

// Folds replication results, in replication order, into a RunSummary.
class Reducer {
 public:
  explicit Reducer(const Scenario& scenario);
  void Add(const ReplicationResult& r);  // call in replication order
  RunSummary Finish(const Tally& tally) const;

 private:
  const Scenario& scenario_;
  SimTime window_;
  std::vector<std::array<RunningStat, kLevels>> availability_;
  std::vector<RunningStat> pending_;
  std::vector<RunningStat> losses_per_year_, loss_probability_, first_loss_years_, leaderless_;
  std::vector<double> exposure_years_;  // time to the first loss, or the whole window
  std::vector<int64_t> first_losses_;   // replications that saw a loss
  RunningStat cpu_, memory_;
  int64_t replications_ = 0;
};

}  // namespace clustersim
