// client-go's leader election (tools/leaderelection) among a workload's ready pods: a ready pod
// that finds no leader takes a free lease at once; a leader that stops gracefully releases it,
// one that crashes holds it until leaseDuration after its last renewal (renewals every
// retryPeriod); candidates retry every retryPeriod x (1 + 1.2 u) from phases of their own.
// docs/semantics.md, section 13.
#pragma once

#include <cstdint>
#include <vector>

#include "k8s/model_state.h"

namespace clustersim {

class Model;

class LeaderElection {
 public:
  explicit LeaderElection(Model& m);
  // Pod `id` of `w` just became ready.
  void OnPodReady(uint32_t w, uint32_t id);
  // The leader's containers stopped.
  void LeaderStopped(uint32_t id);
  // kLeaderTry: the earliest candidate's retry.
  void LeaderTry(uint32_t w);

 private:
  void SetLeader(uint32_t w, uint32_t id);
  void ScheduleLeaderTry(uint32_t w, SimTime free_at);
  uint32_t AnyReadyPod(uint32_t w) const;

  ModelState& s_;         // it calls no other controller
  std::vector<Rng> rng_;  // per workload
};

}  // namespace clustersim
