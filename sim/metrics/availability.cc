#include "clustersim/metrics/availability.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace clustersim {

const char* const kLevelNames[kLevels] = {"all", "quorum", "any", "required"};

std::array<int, kLevels> LevelThresholds(const Workload& w) {
  const int n = w.replicas;
  AvailabilityLevel quorum{AvailabilityLevel::Kind::kQuorum, 0};
  // The required level: the workload's own, else quorum (PDBs arrive with manifest import).
  const AvailabilityLevel& req = w.app.availability_given ? w.app.availability : quorum;
  return {n, quorum.Required(n), n > 0 ? 1 : 0, req.Required(n)};
}

void WorkloadTally::Merge(const WorkloadTally& o) {
  for (int l = 0; l < kLevels; ++l) {
    outages[l] += o.outages[l];
    outage_us[l] += o.outage_us[l];
    outage_hist[l].Merge(o.outage_hist[l]);
  }
  recoveries += o.recoveries;
  recovery_us += o.recovery_us;
  recovery_hist.Merge(o.recovery_hist);
  data_losses += o.data_losses;
  replica_recoveries += o.replica_recoveries;
  for (size_t k = 0; k < kRecoveryCauses; ++k) recovery_cause_us[k] += o.recovery_cause_us[k];
  backup_losses += o.backup_losses;
  lost_writes_us += o.lost_writes_us;
}

void Tally::Merge(const Tally& o) {
  if (workloads.size() < o.workloads.size()) workloads.resize(o.workloads.size());
  for (size_t i = 0; i < o.workloads.size(); ++i) workloads[i].Merge(o.workloads[i]);
  node_failures += o.node_failures;
  pod_evictions += o.pod_evictions;
  scheduling_failures += o.scheduling_failures;
  events += o.events;
}

AvailabilityRecorder::AvailabilityRecorder(const Scenario& scenario, Tally* tally)
    : warmup_(scenario.simulation.warmup), horizon_(scenario.simulation.horizon), tally_(tally) {
  states_.resize(scenario.workloads.size());
  for (size_t w = 0; w < states_.size(); ++w) {
    states_[w].k = LevelThresholds(scenario.workloads[w]);
    states_[w].failed_at.assign(scenario.workloads[w].replicas + 1, 0);
    states_[w].elects_leader = scenario.workloads[w].app.leader_election.enabled;
  }
  if (tally_->workloads.size() < states_.size()) tally_->workloads.resize(states_.size());
  Reset();
}

void AvailabilityRecorder::Reset() {
  for (State& s : states_) {
    s.ready = 0;
    s.downtime.fill(0);
    s.head = s.size = 0;
    // Every level above 0 starts "below" at time 0 until the initial placement makes the
    // replicas ready (which, without startFromEmpty, happens at time 0 and costs nothing).
    for (int l = 0; l < kLevels; ++l) s.below_since[l] = s.k[l] > 0 ? 0 : kNever;
    s.losses = s.loss_years = 0;
    s.last_loss_year = -1;
    s.first_loss = -1;
    s.leaderless = 0;
    s.leaderless_since = s.elects_leader ? 0 : kNever;
  }
}

void AvailabilityRecorder::OnDataLoss(uint32_t w, SimTime now, SimTime lost_writes) {
  if (now < warmup_ || now > horizon_) return;
  State& s = states_[w];
  ++s.losses;
  if (s.first_loss < 0) s.first_loss = now - warmup_;
  // Only whole years of the window count towards the probability per year.
  const int64_t year = (now - warmup_) / kYear;
  if (year < (horizon_ - warmup_) / kYear && year != s.last_loss_year) {
    ++s.loss_years;
    s.last_loss_year = year;
  }
  WorkloadTally& t = tally_->workloads[w];
  ++t.data_losses;
  if (lost_writes >= 0) {
    ++t.backup_losses;
    t.lost_writes_us += lost_writes;
  }
}

void AvailabilityRecorder::AddLeaderless(State& s, SimTime end) {
  const SimTime start = std::max(s.leaderless_since, warmup_);
  end = std::min(end, horizon_);
  if (end > start) s.leaderless += end - start;
}

void AvailabilityRecorder::OnLeaderChanged(uint32_t w, bool has_leader, SimTime now) {
  State& s = states_[w];
  if (has_leader && s.leaderless_since != kNever) {
    AddLeaderless(s, now);
    s.leaderless_since = kNever;
  } else if (!has_leader && s.leaderless_since == kNever) {
    s.leaderless_since = now;
  }
}

void AvailabilityRecorder::CloseOutage(uint32_t w, int l, SimTime end) {
  State& s = states_[w];
  const SimTime start = std::max(s.below_since[l], warmup_);
  end = std::min(end, horizon_);
  s.below_since[l] = kNever;
  if (end <= start) return;
  const SimTime d = end - start;
  s.downtime[l] += d;
  WorkloadTally& t = tally_->workloads[w];
  ++t.outages[l];
  t.outage_us[l] += d;
  t.outage_hist[l].Add(d);
}

void AvailabilityRecorder::OnReadyChanged(uint32_t w, int ready, SimTime now) {
  State& s = states_[w];
  const int before = s.ready;
  s.ready = ready;
  for (int l = 0; l < kLevels; ++l) {
    const int k = s.k[l];
    if (before < k && ready >= k) {
      CloseOutage(w, l, now);
    } else if (before >= k && ready < k) {
      s.below_since[l] = now;
    }
  }
  // Replica recovery times: first failed, first recovered.
  const size_t cap = s.failed_at.size();
  if (ready < before) {
    for (int i = 0; i < before - ready; ++i) {
      if (s.size == cap) {  // more failures than slots: forget the oldest
        s.head = (s.head + 1) % cap;
        --s.size;
      }
      s.failed_at[(s.head + s.size) % cap] = now;
      ++s.size;
    }
  } else {
    for (int i = 0; i < ready - before && s.size > 0; ++i) {
      const SimTime failed = s.failed_at[s.head];
      s.head = (s.head + 1) % cap;
      --s.size;
      if (now >= warmup_) {
        WorkloadTally& t = tally_->workloads[w];
        ++t.recoveries;
        t.recovery_us += now - failed;
        t.recovery_hist.Add(now - failed);
      }
    }
  }
}

void AvailabilityRecorder::Finish(ReplicationResult* out) {
  out->downtime_us.resize(states_.size());
  out->data_losses.resize(states_.size());
  out->first_loss_us.resize(states_.size());
  out->loss_years.resize(states_.size());
  out->leaderless_us.resize(states_.size());
  for (uint32_t w = 0; w < states_.size(); ++w) {
    State& s = states_[w];
    for (int l = 0; l < kLevels; ++l) {
      if (s.below_since[l] != kNever) CloseOutage(w, l, horizon_);
    }
    out->downtime_us[w] = s.downtime;
    out->data_losses[w] = s.losses;
    out->first_loss_us[w] = s.first_loss;
    out->loss_years[w] = s.loss_years;
    if (s.leaderless_since != kNever) AddLeaderless(s, horizon_);
    out->leaderless_us[w] = s.leaderless;
  }
}

namespace {

// The standard normal's 97.5% quantile: every 95% interval of this file.
constexpr double kZ95 = 1.959963984540054;

// Chi-square quantile (Wilson-Hilferty); within 1% of the exact value from 2 degrees of
// freedom up, which is all an interval on a mean time needs.
double ChiSquareQuantile(double dof, double z) {
  const double a = 2.0 / (9.0 * dof);
  const double c = 1.0 - a + z * std::sqrt(a);
  return dof * c * c * c;
}

}  // namespace

Estimate MeanTimeToLoss(const RunningStat& first_losses, int64_t losses, double exposure_years,
                        int64_t replications) {
  if (losses == replications && losses > 1) {
    // Every replication saw a loss: the plain mean of the times, with its t interval.
    return first_losses.ToEstimate(0.0, HUGE_VAL);
  }
  // Some replications ended first (censored): the exponential maximum-likelihood estimate,
  // total exposure over losses, with the chi-square interval of a time-censored test.
  const double d = static_cast<double>(losses);
  Estimate e;
  e.mean = losses > 0 ? exposure_years / d : HUGE_VAL;
  e.ci95_low = 2 * exposure_years / ChiSquareQuantile(2 * d + 2, kZ95);
  e.ci95_high = losses > 0 ? 2 * exposure_years / ChiSquareQuantile(2 * d, -kZ95) : HUGE_VAL;
  return e;
}

Estimate WilsonProportion(int64_t successes, int64_t trials) {
  if (trials <= 0) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    return {nan, nan, nan};
  }
  const double n = static_cast<double>(trials), p = static_cast<double>(successes) / n;
  const double z2 = kZ95 * kZ95;
  const double scale = 1 + z2 / n;
  const double centre = (p + z2 / (2 * n)) / scale;
  const double half = kZ95 * std::sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / scale;
  return {p, std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

Reducer::Reducer(const Scenario& scenario)
    : scenario_(scenario),
      window_(scenario.simulation.horizon - scenario.simulation.warmup),
      availability_(scenario.workloads.size()),
      pending_(scenario.workloads.size()),
      losses_per_year_(scenario.workloads.size()),
      loss_probability_(scenario.workloads.size()),
      first_loss_years_(scenario.workloads.size()),
      leaderless_(scenario.workloads.size()),
      exposure_years_(scenario.workloads.size()),
      first_losses_(scenario.workloads.size()) {}

void Reducer::Add(const ReplicationResult& r) {
  ++replications_;
  const double window = static_cast<double>(window_);
  for (size_t w = 0; w < availability_.size(); ++w) {
    for (int l = 0; l < kLevels; ++l) {
      availability_[w][l].Add(1.0 - static_cast<double>(r.downtime_us[w][l]) / window);
    }
  }
  const double years = window / static_cast<double>(kYear);
  for (size_t w = 0; w < pending_.size() && w < r.pending_us.size(); ++w) {
    pending_[w].Add(ToSeconds(r.pending_us[w]) / years);
  }
  const int64_t whole_years = window_ / kYear;
  for (size_t w = 0; w < losses_per_year_.size() && w < r.data_losses.size(); ++w) {
    losses_per_year_[w].Add(static_cast<double>(r.data_losses[w]) / years);
    if (whole_years > 0) {
      loss_probability_[w].Add(static_cast<double>(r.loss_years[w]) /
                               static_cast<double>(whole_years));
    }
    const SimTime first = r.first_loss_us[w];
    const double exposure = static_cast<double>(first >= 0 ? first : window_) / kYear;
    exposure_years_[w] += exposure;
    if (first >= 0) {
      ++first_losses_[w];
      first_loss_years_[w].Add(exposure);
    }
    leaderless_[w].Add(ToMinutes(r.leaderless_us[w]) / years);
  }
  cpu_.Add(r.cpu_utilization);
  memory_.Add(r.memory_utilization);
}

RunSummary Reducer::Finish(const Tally& tally) const {
  RunSummary s;
  s.scenario = scenario_.name;
  s.seed = scenario_.simulation.seed;
  s.replications = static_cast<int>(replications_);
  s.horizon = scenario_.simulation.horizon;
  s.warmup = scenario_.simulation.warmup;
  s.nodes = scenario_.NodeCount();
  const double reps = static_cast<double>(std::max<int64_t>(replications_, 1));
  const double years = static_cast<double>(window_) / static_cast<double>(kYear) * reps;
  for (size_t w = 0; w < scenario_.workloads.size(); ++w) {
    const Workload& spec = scenario_.workloads[w];
    WorkloadSummary ws;
    ws.name = spec.name;
    ws.kind = WorkloadKindName(spec.kind);
    ws.replicas = spec.replicas;
    ws.thresholds = LevelThresholds(spec);
    const WorkloadTally empty;
    const WorkloadTally& t = w < tally.workloads.size() ? tally.workloads[w] : empty;
    for (int l = 0; l < kLevels; ++l) {
      Estimate a = availability_[w][l].ToEstimate(0.0, 1.0);
      ws.availability[l] = a;
      // Downtime is the same estimate on another scale; its CI bounds swap ends.
      ws.downtime_minutes_per_year[l] = {(1 - a.mean) * kMinutesPerYear,
                                         (1 - a.ci95_high) * kMinutesPerYear,
                                         (1 - a.ci95_low) * kMinutesPerYear};
      auto& o = ws.outages[l];
      o.per_year = static_cast<double>(t.outages[l]) / years;
      o.mean_minutes =
          t.outages[l] ? ToMinutes(t.outage_us[l]) / static_cast<double>(t.outages[l]) : 0;
      o.p50_minutes = ToMinutes(t.outage_hist[l].Quantile(0.50));
      o.p95_minutes = ToMinutes(t.outage_hist[l].Quantile(0.95));
      o.p99_minutes = ToMinutes(t.outage_hist[l].Quantile(0.99));
      o.max_minutes = ToMinutes(t.outage_hist[l].max());
      ws.outage_hist[l] = t.outage_hist[l];
    }
    ws.pending_seconds_per_year = pending_[w].ToEstimate(0.0, HUGE_VAL);
    ws.recoveries = t.recoveries;
    ws.recovery_mean_s =
        t.recoveries ? ToSeconds(t.recovery_us) / static_cast<double>(t.recoveries) : 0;
    ws.recovery_p50_s = ToSeconds(t.recovery_hist.Quantile(0.50));
    ws.recovery_p95_s = ToSeconds(t.recovery_hist.Quantile(0.95));
    ws.recovery_p99_s = ToSeconds(t.recovery_hist.Quantile(0.99));
    ws.data_losses = t.data_losses;
    ws.replica_recoveries = t.replica_recoveries;
    for (size_t k = 0; k < kRecoveryCauses; ++k) {
      ws.recovery_by_cause_s[k] =
          t.replica_recoveries
              ? ToSeconds(t.recovery_cause_us[k]) / static_cast<double>(t.replica_recoveries)
              : 0;
    }
    ws.data_losses_per_year = losses_per_year_[w].ToEstimate(0.0, HUGE_VAL);
    if (loss_probability_[w].count() > 0) {
      ws.loss_probability_per_year = loss_probability_[w].ToEstimate(0.0, 1.0);
    } else {
      // A window shorter than a year: the Poisson reading of the rate.
      const Estimate& r = ws.data_losses_per_year;
      ws.loss_probability_per_year = {1 - std::exp(-r.mean), 1 - std::exp(-r.ci95_low),
                                      1 - std::exp(-r.ci95_high)};
    }
    ws.loss_probability_in_window = WilsonProportion(first_losses_[w], replications_);
    ws.mttdl_years =
        MeanTimeToLoss(first_loss_years_[w], first_losses_[w], exposure_years_[w], replications_);
    ws.lost_writes_mean_minutes =
        t.backup_losses ? ToMinutes(t.lost_writes_us) / static_cast<double>(t.backup_losses) : 0;
    ws.elects_leader = spec.app.leader_election.enabled;
    ws.leaderless_minutes_per_year = leaderless_[w].ToEstimate(0.0, HUGE_VAL);
    s.workloads.push_back(std::move(ws));
  }
  s.node_failures = static_cast<double>(tally.node_failures) / reps;
  s.pod_evictions = static_cast<double>(tally.pod_evictions) / reps;
  s.scheduling_failures = static_cast<double>(tally.scheduling_failures) / reps;
  s.cpu_utilization = cpu_.mean();
  s.memory_utilization = memory_.mean();
  s.events = tally.events;
  return s;
}

}  // namespace clustersim
