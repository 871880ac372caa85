// Planned maintenance as `kubectl drain` does it (k8s.io/kubectl/pkg/drain), in waves of at most
// maxParallel nodes: cordon the node, evict each of its pods through the eviction API, which
// refuses (429) an eviction that would violate the pod's PodDisruptionBudget (or 500 when
// several budgets select it) and is retried every 5 s, reboot the node once it is empty,
// uncordon it when it is back. docs/semantics.md, section 12.
#pragma once

#include <cstdint>
#include <vector>

#include "k8s/model_state.h"

namespace clustersim {

class Model;

class KubectlDrain {
 public:
  explicit KubectlDrain(Model& m);
  // Time 0: the first wave of every drain entry.
  void Start();
  // kDrainWave, kDrainAttempt, kDrainRebootEnd.
  void DrainWave(uint32_t di);
  void DrainAttempt(uint32_t n);
  void DrainRebootEnd(uint32_t n);

 private:
  struct Process {
    size_t next = 0;  // next target of the running wave
    int active = 0;   // nodes being drained or rebooted
    bool running = false;
    size_t next_at = 0;
    SimTime wave_started = 0;
    bool any_wave = false;  // a wave has started (wave_started is meaningful)
  };
  void ScheduleNextWave(uint32_t di);
  void StartDrains(uint32_t di);
  // The eviction API's verdict on one pod: nullptr if it may go, else the refusal.
  const char* EvictionRefusal(uint32_t id) const;

  Model& m_;
  ModelState& s_;
  std::vector<Process> drains_;  // as ModelTables::drains
  Rng rng_;                      // reboot times
};

}  // namespace clustersim
