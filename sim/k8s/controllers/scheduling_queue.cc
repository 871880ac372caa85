#include "k8s/controllers/scheduling_queue.h"

#include <algorithm>
#include <cassert>

#include "clustersim/policy/registry.h"
#include "k8s/model.h"
#include "k8s/streams.h"

namespace clustersim {

SchedulingQueue::SchedulingQueue(Model& m) : m_(m), s_(m.s) {
  auto profile = MakeProfile(s_.sc.scheduler.config);
  // The loader validated the profile; a failure here is a bug, not an input error.
  assert(profile.ok());
  scheduler_ = std::make_unique<Scheduler>(std::move(profile.value()),
                                           s_.Stream(StreamId(StreamKind::kSchedulerTieBreak, 0)));
  pending_.reserve(s_.tables.total_pods + 16);
  scratch_.reserve(s_.tables.total_pods + 16);
}

std::span<const uint32_t> SchedulingQueue::NodesOfWorkload(uint32_t w) const {
  return s_.workloads[w].nodes;
}

std::span<const uint32_t> SchedulingQueue::LiveNodesOfWorkload(uint32_t w) const {
  return s_.workloads[w].live_nodes;
}

void SchedulingQueue::Remove(uint32_t id) {
  pending_.erase(std::remove(pending_.begin(), pending_.end(), id), pending_.end());
}

void SchedulingQueue::AddPending(uint32_t id, SimTime until) {
  const SimTime from = std::max(s_.pods[id].pending_since, s_.sc.simulation.warmup);
  if (until > from) s_.counters.pending_us[s_.pods[id].workload] += until - from;
}

void SchedulingQueue::AccountPendingUntil(SimTime end) {
  for (uint32_t id : pending_) {
    AddPending(id, end);
    s_.pods[id].pending_since = end;
  }
}

void SchedulingQueue::ExplainNodeName(uint32_t id, uint32_t node) {
  if (!s_.Tracing()) return;
  explanation_.candidates.clear();
  s_.observer->OnPlacement(id, node, kBoundByNodeName, explanation_);
}

// The pod as the scheduler sees it: its template, and what its claim's binding requires.
SchedPod SchedulingQueue::View(const PodState& p) {
  SchedPod sp = s_.tables.workloads[p.workload].sched;
  if (p.volume == kNone) return sp;
  const VolumeState& v = s_.volumes[p.volume];
  if (v.bound && v.kind == StorageKind::kLocal) sp.pinned_node = v.pinned_node;
  if (v.bound && v.kind != StorageKind::kLocal) {
    sp.required_zone = v.zone;
    sp.zone_mask = v.zones;
  }
  if (!v.bound && m_.binder.UseOf(p.volume) == PvUse::kOnly) {
    sp.volume_unbound = true;
    sp.volume_nodes = m_.binder.VolumeNodes(p.volume, true);
  } else if (m_.binder.Restricted(p.volume) && sp.pinned_node == kNone) {
    sp.volume_nodes = m_.binder.VolumeNodes(p.volume, false);
  }
  // Still attached (or on its way, or not yet detached): a pod placed there needs no new
  // attach.
  if (v.attached != kNone && v.kind != StorageKind::kLocal && v.state != VolState::kDetached) {
    sp.volume_node = v.attached;
    // The recovery policy keeps the pod with its volume (wait-for-node).
    if (m_.recovery.pod_stays_with_volume()) sp.pinned_node = v.attached;
  }
  return sp;
}

bool SchedulingQueue::TrySchedule(uint32_t id) {
  const SchedPod view = View(s_.pods[id]);
  const bool explain = s_.Tracing();
  const Scheduler::Result r =
      scheduler_->Schedule(*this, view, s_.sched_nodes, explain ? &explanation_ : nullptr);
  if (explain) s_.observer->OnPlacement(id, r.node, r.reason, explanation_);
  if (r.node == kNone) {
    ++s_.counters.scheduling_failures;
    // A deletion retries every pending pod; a binding only those it may help.
    s_.pods[id].wake_on_pod_add = r.retry_on_pod_add;
    wakers_pending_ |= s_.pods[id].wake_on_pod_add;
    s_.Trace(TraceKind::kPodUnschedulable, kNone, id, kNone, r.reason);
    return false;
  }
  m_.api.Bind(id, r.node);
  return true;
}

void SchedulingQueue::RetryPending() {
  if (pending_.empty() || retrying_) return;
  retrying_ = true;
  bool again = true;
  while (again) {
    scratch_.swap(pending_);
    pending_.clear();
    bool bound = false;
    for (uint32_t id : scratch_) {
      if (s_.pods[id].phase != PodPhase::kPending) continue;
      if (TrySchedule(id)) {
        bound = true;
      } else {
        pending_.push_back(id);
      }
    }
    scratch_.clear();
    // A pod placed in this pass may be what an earlier one waited for.
    wakers_pending_ = std::any_of(pending_.begin(), pending_.end(),
                                  [&](uint32_t q) { return s_.pods[q].wake_on_pod_add; });
    again = bound && wakers_pending_;
  }
  retrying_ = false;
}

}  // namespace clustersim
