// The Kubernetes model of one replication: nodes that fail and return, the node lifecycle
// controller, the ReplicaSet and StatefulSet controllers, the scheduler, volumes with their
// attach/detach controller, and the kubelet, each with the real system's timers
// (docs/semantics.md gives every default and its source), each a controller of its own under
// sim/k8s/controllers/ (docs/architecture.md, section 4), with the scenario's failover and
// recovery policies (policy/policy_registry.h) deciding what is done about unreachable nodes
// and their volumes.
//
// The model is a set of event handlers over integer ids; it owns no threads and shares nothing
// mutable, so any number of models can run side by side: the scenario's tables that never
// change (Prepare) are built once and read by all. It reports readiness changes and, when
// asked, a trace to a ModelObserver; it knows nothing about metrics, reports or the command
// line.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "clustersim/core/random.h"
#include "clustersim/core/simulator.h"
#include "clustersim/k8s/observer.h"
#include "clustersim/policy/scheduler.h"
#include "clustersim/scenario/scenario.h"

namespace clustersim {

// What a recovering StatefulSet replica waits for: its node (down, or its pod pending,
// unschedulable or terminating), a detach from the old node (Multi-Attach), the attach, the
// data (a peer to copy from, the copy or the restore), or the containers' start-up.
enum class RecoveryCause : uint8_t { kWaitingForNode, kDetach, kAttach, kRebuild, kStart };
inline constexpr size_t kRecoveryCauses = 5;

// Counts a run accumulates besides readiness.
struct ModelCounters {
  int64_t node_failures = 0;        // transitions of a node from up to down
  int64_t pod_evictions = 0;        // taint-based evictions
  int64_t scheduling_failures = 0;  // scheduling attempts that found no node
  int64_t data_loss_events = 0;     // a workload's last copy of its data gone
  int64_t drain_evictions = 0;      // pods evicted by planned drains
  // Integrals over time of requested and allocatable resources on up nodes (unit * us).
  double cpu_requested_us = 0, cpu_capacity_us = 0;
  double mem_requested_us = 0, mem_capacity_us = 0;
  // Per workload: time its pods spent Pending (created, not yet bound to a node) inside
  // [warmup, end], in pod-microseconds. Filled by RunUntil.
  std::vector<int64_t> pending_us;
  // Per workload (StatefulSets): replica recoveries completed inside the window, and the time
  // they spent in each RecoveryCause (microseconds).
  std::vector<std::array<int64_t, kRecoveryCauses>> recovery_cause_us;
  std::vector<int64_t> replica_recoveries;
};

// What the model of one scenario needs that never changes in a run (sim/k8s/model_tables.h).
struct ModelTables;

class ClusterModel {
 public:
  // The scenario's tables, to be shared by every replication (and thread) that runs it. The
  // scenario must outlive them.
  static std::shared_ptr<const ModelTables> Prepare(const Scenario& scenario);

  // `observer` may be null. `simulator`, when given, is reset and used instead of one of the
  // model's own (a runner reuses one per thread so that replications do not reallocate the
  // event queue); it must outlive the model.
  ClusterModel(std::shared_ptr<const ModelTables> tables, uint64_t seed, uint64_t replication,
               ModelObserver* observer, bool trace = false, Simulator* simulator = nullptr);
  // The same, preparing the tables of `scenario` (which must outlive the model) first.
  ClusterModel(const Scenario& scenario, uint64_t seed, uint64_t replication,
               ModelObserver* observer, bool trace = false, Simulator* simulator = nullptr);
  ~ClusterModel();
  ClusterModel(const ClusterModel&) = delete;
  ClusterModel& operator=(const ClusterModel&) = delete;

  // Places the workloads at time 0 and runs until `end`; may be called again with a later end.
  void RunUntil(SimTime end);

  SimTime now() const;
  uint64_t events() const;
  const ModelCounters& counters() const;
  // Ready replicas of workload w right now.
  int ReadyReplicas(uint32_t w) const;
  int PendingPods() const;

  // Names for traces and messages (not for the hot path).
  std::string NodeName(uint32_t node) const;
  std::string PodName(uint32_t pod) const;
  std::string WorkloadName(uint32_t w) const;
  std::string VolumeName(uint32_t volume) const;
  // The node a workload's ordinal-th pod (or, for a Deployment, its ordinal-th live pod) is on.
  uint32_t NodeOfReplica(uint32_t w, int ordinal) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace clustersim
