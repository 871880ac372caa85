// What happens to the machines: one failure process per failure entry and target (a node, its
// disk, a rack, a zone), alternating up times (`every`, or the `at` times) and down times
// (`lasts`), each with its own random streams; trace-driven outages replayed or bootstrapped;
// repair crews (cluster.repairCrews) that repair failed nodes first come, first served. A node
// is down while any failure holds it down. docs/semantics.md, section 2.
#pragma once

#include <cstdint>
#include <vector>

#include "k8s/model_state.h"

namespace clustersim {

class Model;

class FailureInjector {
 public:
  explicit FailureInjector(Model& m);
  // Time 0: every process's first failure; then (after the drains' first waves, so that
  // events at equal times keep their order) every traced outage.
  void Start();
  void StartTraces();
  // kFailStart and kFailEnd (target: process), kTraceStart and kTraceEnd (target: outage).
  void FailStart(uint32_t pi);
  void FailEnd(uint32_t pi);
  void ReplayOutage(uint32_t i, bool starts);
  uint32_t epoch_of(uint32_t pi) const { return processes_[pi].epoch; }
  // One more (or one fewer) reason for node `n` to be down; the machine stops at the first
  // and starts again when none is left.
  void AddDownCause(uint32_t n);
  void RemoveDownCause(uint32_t n);

 private:
  struct Process {
    bool down = false;
    bool crewed = false;  // its repair holds one of cluster.repairCrews
    size_t next_at = 0;
    uint32_t epoch = 0;
    Rng every_rng, lasts_rng;
  };
  // A trace-driven outage of this replication (bootstrapped ones already rotated and permuted).
  struct Outage {
    FailureTargetKind scope = FailureTargetKind::kNode;
    uint32_t target = 0;
    bool loss = false;
    SimTime start = 0, end = kNever;
  };
  void BuildTrace(uint32_t f);
  void ScheduleNextFailure(uint32_t pi);
  void StartRepair(uint32_t pi);
  // A failure of `kind` on `target` (a node, rack or zone index) begins (down) or ends.
  void Apply(FailureTargetKind kind, uint32_t target, bool loss, bool down);

  Model& m_;
  ModelState& s_;
  std::vector<Process> processes_;  // as ModelTables::processes
  std::vector<Outage> outages_;
  // Repair crews: how many are at work, and the failures waiting for one (FIFO ring).
  int crews_busy_ = 0;
  std::vector<uint32_t> repair_queue_;
  size_t repair_head_ = 0;
};

}  // namespace clustersim
