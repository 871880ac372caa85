#include "k8s/controllers/leader_election.h"

#include <algorithm>
#include <cmath>

#include "k8s/model.h"
#include "k8s/streams.h"

namespace clustersim {

LeaderElection::LeaderElection(Model& m) : s_(m.s) {
  for (size_t i = 0; i < s_.sc.workloads.size(); ++i) {
    rng_.push_back(s_.Stream(StreamId(StreamKind::kLeaderElection, static_cast<uint32_t>(i))));
  }
}

// A pod that just became ready finds no leader: it acquires the lease at once if it is free
// (client-go tries immediately on start), else at a retry after the lease runs out.
void LeaderElection::OnPodReady(uint32_t w, uint32_t id) {
  WorkloadState& ws = s_.workloads[w];
  if (!s_.sc.workloads[w].app.leader_election.enabled || ws.leader != kNone) return;
  if (s_.sim.now() >= ws.lease_free_at) {
    SetLeader(w, id);
    return;
  }
  ScheduleLeaderTry(w, ws.lease_free_at);
}

void LeaderElection::SetLeader(uint32_t w, uint32_t id) {
  WorkloadState& ws = s_.workloads[w];
  ws.leader = id;
  ++ws.leader_epoch;
  if (s_.observer != nullptr) s_.observer->OnLeaderChanged(w, true, s_.sim.now());
}

// The earliest candidate's retry at or after `free_at`: each retries every
// retryPeriod x (1 + 1.2 u) from its own phase.
void LeaderElection::ScheduleLeaderTry(uint32_t w, SimTime free_at) {
  WorkloadState& ws = s_.workloads[w];
  const LeaderElectionSpec& le = s_.sc.workloads[w].app.leader_election;
  Rng& rng = rng_[w];
  const int candidates = std::clamp(ws.ready, 1, 16);
  double wait = HUGE_VAL;
  for (int c = 0; c < candidates; ++c) {
    const double interval =
        static_cast<double>(le.retry_period) * (1.0 + kLeaderElectionJitter * rng.Uniform());
    wait = std::min(wait, rng.Uniform() * interval);
  }
  ++ws.leader_epoch;
  s_.sim.At(std::max(free_at, s_.sim.now()) + static_cast<SimTime>(wait), kLeaderTry, w,
            ws.leader_epoch);
}

void LeaderElection::LeaderTry(uint32_t w) {
  WorkloadState& ws = s_.workloads[w];
  if (ws.leader != kNone || ws.ready == 0) return;  // the next ready pod acquires
  SetLeader(w, AnyReadyPod(w));
}

uint32_t LeaderElection::AnyReadyPod(uint32_t w) const {
  for (uint32_t id : s_.workloads[w].slots) {
    if (id != kNone && s_.pods[id].phase == PodPhase::kReady) return id;
  }
  for (uint32_t id = 0; id < s_.pods.size(); ++id) {
    if (s_.pods[id].workload == w && s_.pods[id].phase == PodPhase::kReady) return id;
  }
  return kNone;
}

// A crashed leader holds the lease until leaseDuration after its last renewal (renewals every
// retryPeriod); one that shuts down gracefully releases it (ReleaseOnCancel).
void LeaderElection::LeaderStopped(uint32_t id) {
  const uint32_t w = s_.pods[id].workload;
  WorkloadState& ws = s_.workloads[w];
  const LeaderElectionSpec& le = s_.sc.workloads[w].app.leader_election;
  const PodState& p = s_.pods[id];
  const bool graceful = p.node != kNone && s_.nodes[p.node].up &&
                        !(s_.IsLocal(p.volume) && s_.nodes[p.node].disk_down > 0);
  if (graceful) {
    ws.lease_free_at = s_.sim.now();
  } else {
    const SimTime since_renew =
        static_cast<SimTime>(rng_[w].Uniform() * static_cast<double>(le.retry_period));
    ws.lease_free_at = s_.sim.now() - since_renew + le.lease_duration;
  }
  ws.leader = kNone;
  if (s_.observer != nullptr) s_.observer->OnLeaderChanged(w, false, s_.sim.now());
  if (ws.ready > 0) ScheduleLeaderTry(w, ws.lease_free_at);
}

}  // namespace clustersim
