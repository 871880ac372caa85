#include "k8s/controllers/kubelet.h"

#include <cassert>

#include "k8s/model.h"
#include "k8s/streams.h"

namespace clustersim {

Kubelet::Kubelet(Model& m) : m_(m), s_(m.s) {
  for (size_t i = 0; i < s_.sc.workloads.size(); ++i) {
    startup_rng_.push_back(s_.Stream(StreamId(StreamKind::kStartup, static_cast<uint32_t>(i))));
  }
}

void Kubelet::MachineDown(uint32_t n) {
  NodeState& node = s_.nodes[n];
  ++s_.counters.node_failures;
  s_.Accrue();
  const SchedNode& sn = s_.sched_nodes[n];
  s_.up_cap_cpu -= sn.alloc_cpu;
  s_.up_cap_mem -= sn.alloc_mem;
  s_.up_req_cpu -= sn.req_cpu;
  s_.up_req_mem -= sn.req_mem;
  node.up = false;
  ++node.epoch;
  s_.Trace(TraceKind::kNodeDown, n, kNone);
  for (uint32_t id = node.first_pod; id != kNone; id = s_.pods[id].next) StopPod(id);
  m_.node_lifecycle.OnMachineDown(n);
}

void Kubelet::MachineUp(uint32_t n) {
  NodeState& node = s_.nodes[n];
  s_.Accrue();
  const SchedNode& sn = s_.sched_nodes[n];
  s_.up_cap_cpu += sn.alloc_cpu;
  s_.up_cap_mem += sn.alloc_mem;
  s_.up_req_cpu += sn.req_cpu;
  s_.up_req_mem += sn.req_mem;
  node.up = true;
  m_.node_lifecycle.OnNodeReady(n);
  m_.failover.OnNodeBack(n);
  node.last_up = s_.sim.now();
  ++node.epoch;
  s_.Trace(TraceKind::kNodeUp, n, kNone);
  m_.attach_detach.OnNodeUp(n);
  // The kubelet completes the deletion of pods deleted while it was away and restarts the
  // others in place.
  for (uint32_t id = node.first_pod; id != kNone;) {
    const uint32_t next = s_.pods[id].next;
    if (s_.pods[id].deleting) {
      m_.api.RemovePod(id);
    } else {
      StartOnNode(id);
    }
    id = next;
  }
  m_.queue.RetryPending();
}

// A disk failure loses the data of the node's local volumes; their pods stop until the disk
// is replaced. The node itself stays up.
void Kubelet::DiskDown(uint32_t n) {
  NodeState& node = s_.nodes[n];
  ++node.disk_epoch;
  s_.Trace(TraceKind::kDiskFailed, n, kNone);
  for (uint32_t vid : s_.node_local[n]) m_.data.LoseData(vid);
  if (node.disk_down++ == 0) {
    for (uint32_t id = node.first_pod; id != kNone; id = s_.pods[id].next) {
      if (!s_.IsLocal(s_.pods[id].volume) || s_.pods[id].phase == PodPhase::kDown) continue;
      StopPod(id);
      s_.pods[id].phase = s_.nodes[n].up ? PodPhase::kWaitingVolume : PodPhase::kDown;
    }
  }
  m_.recovery.OnDiskFailed(n);
}

void Kubelet::DiskUp(uint32_t n) {
  NodeState& node = s_.nodes[n];
  assert(node.disk_down > 0);
  if (--node.disk_down > 0) return;
  ++node.disk_epoch;
  s_.Trace(TraceKind::kDiskReplaced, n, kNone);
  for (uint32_t id = node.first_pod; id != kNone;) {
    const uint32_t next = s_.pods[id].next;
    if (s_.IsLocal(s_.pods[id].volume) && s_.pods[id].phase == PodPhase::kWaitingVolume) {
      StartOnNode(id);
    }
    id = next;
  }
}

void Kubelet::StartOnNode(uint32_t id) {
  PodState& p = s_.pods[id];
  if (!s_.nodes[p.node].up) {
    p.phase = PodPhase::kDown;
    s_.Cause(id, RecoveryCause::kWaitingForNode);
    return;
  }
  if (s_.IsLocal(p.volume) && s_.nodes[p.node].disk_down > 0) {
    p.phase = PodPhase::kWaitingVolume;  // until the disk is replaced
    s_.Cause(id, RecoveryCause::kWaitingForNode);
    return;
  }
  if (p.volume != kNone && !s_.IsLocal(p.volume)) {
    VolumeState& v = s_.volumes[p.volume];
    v.user = id;
    if (!(v.state == VolState::kAttached && v.attached == p.node)) {
      p.phase = PodPhase::kWaitingVolume;
      m_.attach_detach.RequestAttach(p.volume);
      return;
    }
  }
  StartContainers(id);
}

void Kubelet::StartContainers(uint32_t id) {
  const PodState& p = s_.pods[id];
  if (p.volume != kNone && !s_.volumes[p.volume].has_data) {
    m_.data.BeginFill(id);
    return;
  }
  StartApp(id);
}

void Kubelet::StartApp(uint32_t id) {
  s_.Cause(id, RecoveryCause::kStart);
  PodState& p = s_.pods[id];
  ++p.epoch;
  p.phase = PodPhase::kStarting;
  s_.Trace(TraceKind::kPodStarting, p.node, id);
  const SimTime startup =
      s_.Draw(s_.sc.workloads[p.workload].app.startup, startup_rng_[p.workload]);
  if (startup == 0) {
    PodReady(id);
  } else {
    s_.sim.After(startup, kPodReady, id, p.epoch);
  }
}

void Kubelet::PodReady(uint32_t id) {
  PodState& p = s_.pods[id];
  p.phase = PodPhase::kReady;
  if (p.ordinal >= 0) {
    ReplicaClock& c = s_.workloads[p.workload].clocks[p.ordinal];
    if (c.running) {
      s_.Cause(id, c.cause);
      // Counted like the recorder's recoveries: ready inside the window, whole length.
      if (s_.sim.now() >= s_.sc.simulation.warmup) {
        ++s_.counters.replica_recoveries[p.workload];
        for (size_t k = 0; k < kRecoveryCauses; ++k) {
          s_.counters.recovery_cause_us[p.workload][k] += c.spent[k];
        }
      }
      c = ReplicaClock{};
    }
  }
  s_.Trace(TraceKind::kPodReady, p.node, id);
  const uint32_t w = p.workload;
  s_.SetReady(w, +1);
  m_.data.OnReplicaReady(w);
  m_.leaders.OnPodReady(w, id);
  if (s_.pods[id].ordinal >= 0 && !s_.initializing) m_.statefulsets.OnPodReady(w);
}

void Kubelet::StopPod(uint32_t id) {
  PodState& p = s_.pods[id];
  ++p.epoch;  // cancels a pending kPodReady or kCopyDone
  if (p.phase == PodPhase::kReady) {
    s_.SetReady(p.workload, -1);
    s_.Trace(TraceKind::kPodNotReady, p.node, id);
    if (s_.workloads[p.workload].leader == id) m_.leaders.LeaderStopped(id);
    if (p.ordinal >= 0 && !s_.initializing) {
      ReplicaClock& c = s_.workloads[p.workload].clocks[p.ordinal];
      c = ReplicaClock{};
      c.running = true;
      c.since = s_.sim.now();
    }
  }
  s_.Cause(id, RecoveryCause::kWaitingForNode);
  p.phase = PodPhase::kDown;
}

}  // namespace clustersim
