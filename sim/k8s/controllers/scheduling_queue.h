// kube-scheduler's scheduling queue and cache for the model: pods wait here, in creation order,
// for a node; each attempt runs the profile's plugins through the Scheduler (policy/scheduler.h)
// over the cache (the model's node table) and the pod as the scheduler sees it: its template
// plus what its volume's binding requires (VolumeBinding, VolumeZone). A failed attempt leaves
// the pod Pending until an event that may help: a pod deleted anywhere (its node has room) or,
// for rejections by inter-pod affinity and topology spreading, a pod bound anywhere (the
// QueueingHints of those plugins). docs/semantics.md, section 8.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "clustersim/policy/scheduler.h"
#include "k8s/model_state.h"

namespace clustersim {

class Model;

class SchedulingQueue final : public SchedulingState {
 public:
  explicit SchedulingQueue(Model& m);

  // One scheduling attempt for pod `id`; on success the pod is bound.
  bool TrySchedule(uint32_t id);
  // The pod could not be placed now: it waits.
  void Add(uint32_t id) { pending_.push_back(id); }
  // The pod object is gone while Pending.
  void Remove(uint32_t id);
  // Retries every pending pod (a deletion: a node has room); a pod bound in one pass may be
  // what another waits for, so passes repeat while they bind one that others wait on.
  void RetryPending();
  // After a binding: retries pods that wait for another pod's placement, if any.
  void AfterBind() {
    if (!retrying_ && wakers_pending_) RetryPending();
  }
  // OnPlacement for a pod that spec.nodeName binds without the scheduler.
  void ExplainNodeName(uint32_t id, uint32_t node);
  // Pending time inside the metrics window, up to `until`.
  void AddPending(uint32_t id, SimTime until);
  // RunUntil's end: pods still Pending count up to `end`, and continue from there.
  void AccountPendingUntil(SimTime end);
  size_t size() const { return pending_.size(); }

  // SchedulingState.
  std::span<const uint32_t> NodesOfWorkload(uint32_t w) const override;
  std::span<const uint32_t> LiveNodesOfWorkload(uint32_t w) const override;
  std::span<const SchedNode> Nodes() const override { return s_.sched_nodes; }
  std::span<const uint32_t> Domains(uint32_t key) const override {
    return s_.tables.topology.Domains(key);
  }
  uint32_t DomainCount(uint32_t key) const override { return s_.tables.topology.DomainCount(key); }

 private:
  SchedPod View(const PodState& p);

  Model& m_;
  ModelState& s_;
  std::unique_ptr<Scheduler> scheduler_;
  Scheduler::Explanation explanation_;  // filled only when tracing
  std::vector<uint32_t> pending_;       // pods waiting for a node, in creation order
  std::vector<uint32_t> scratch_;
  bool retrying_ = false;  // RetryPending is not re-entered from the pods it schedules
  // Some pending pod waits for another pod's placement (may be stale true: a retry then finds
  // nothing to do).
  bool wakers_pending_ = false;
};

}  // namespace clustersim
