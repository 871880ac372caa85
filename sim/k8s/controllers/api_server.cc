#include "k8s/controllers/api_server.h"

#include "k8s/model.h"

namespace clustersim {

ApiServer::ApiServer(Model& m) : m_(m), s_(m.s) {}

uint32_t ApiServer::AllocPod(uint32_t w, int ordinal) {
  uint32_t id;
  if (s_.free_pods != kNone) {
    id = s_.free_pods;
    s_.free_pods = s_.pods[id].next;
  } else {
    id = static_cast<uint32_t>(s_.pods.size());
    s_.pods.emplace_back();
  }
  PodState& p = s_.pods[id];
  const uint32_t epoch = p.epoch + 1;
  p = PodState();
  p.epoch = epoch;
  p.workload = w;
  p.ordinal = ordinal;
  p.phase = PodPhase::kPending;
  if (ordinal >= 0) p.volume = s_.tables.workloads[w].volumes[ordinal];
  return id;
}

void ApiServer::CreatePod(uint32_t w, int ordinal) {
  const uint32_t id = AllocPod(w, ordinal);
  if (ordinal >= 0) {
    s_.workloads[w].slots[ordinal] = id;
  } else {
    ++s_.workloads[w].active;
  }
  s_.Trace(TraceKind::kPodCreated, kNone, id);
  s_.Cause(id, RecoveryCause::kWaitingForNode);
  s_.pods[id].pending_since = s_.sim.now();
  // spec.nodeName: bound as given, without the scheduler.
  const uint32_t named = s_.tables.workloads[w].sched.node_name;
  if (named < s_.nodes.size()) {
    m_.queue.ExplainNodeName(id, named);
    Bind(id, named);
    return;
  }
  if (!m_.queue.TrySchedule(id)) m_.queue.Add(id);
}

void ApiServer::Bind(uint32_t id, uint32_t n) {
  m_.queue.AddPending(id, s_.sim.now());
  PodState& p = s_.pods[id];
  NodeState& node = s_.nodes[n];
  p.node = n;
  p.prev = kNone;
  p.next = node.first_pod;
  if (node.first_pod != kNone) s_.pods[node.first_pod].prev = id;
  node.first_pod = id;
  WorkloadState& ws = s_.workloads[p.workload];
  const SchedPod& tmpl = s_.tables.workloads[p.workload].sched;
  SchedNode& sn = s_.sched_nodes[n];
  sn.req_cpu += tmpl.req_cpu;
  sn.req_mem += tmpl.req_mem;
  sn.nz_cpu += tmpl.nz_cpu;
  sn.nz_mem += tmpl.nz_mem;
  sn.pods += 1;
  ws.nodes.push_back(n);
  if (!p.deleting) ws.live_nodes.push_back(n);
  if (node.up) {
    s_.Accrue();
    s_.up_req_cpu += tmpl.req_cpu;
    s_.up_req_mem += tmpl.req_mem;
  }
  if (p.volume != kNone) m_.binder.BindForPod(id, n);
  s_.Trace(TraceKind::kPodScheduled, n, id);
  m_.kubelet.StartOnNode(id);
  m_.queue.AfterBind();
}

void ApiServer::Unlink(uint32_t id) {
  PodState& p = s_.pods[id];
  NodeState& node = s_.nodes[p.node];
  if (p.prev != kNone) {
    s_.pods[p.prev].next = p.next;
  } else {
    node.first_pod = p.next;
  }
  if (p.next != kNone) s_.pods[p.next].prev = p.prev;
  WorkloadState& ws = s_.workloads[p.workload];
  const SchedPod& tmpl = s_.tables.workloads[p.workload].sched;
  SchedNode& sn = s_.sched_nodes[p.node];
  sn.req_cpu -= tmpl.req_cpu;
  sn.req_mem -= tmpl.req_mem;
  sn.nz_cpu -= tmpl.nz_cpu;
  sn.nz_mem -= tmpl.nz_mem;
  sn.pods -= 1;
  EraseOne(&ws.nodes, p.node);
  if (!p.deleting) EraseOne(&ws.live_nodes, p.node);
  if (node.up) {
    s_.Accrue();
    s_.up_req_cpu -= tmpl.req_cpu;
    s_.up_req_mem -= tmpl.req_mem;
  }
}

void ApiServer::RemovePod(uint32_t id) {
  const bool was_pending = s_.pods[id].phase == PodPhase::kPending;
  m_.kubelet.StopPod(id);
  // Copies: the handlers below may create pods and so move the pods vector.
  const PodState p = s_.pods[id];
  if (!was_pending && p.node != kNone) {
    Unlink(id);
  } else {
    m_.queue.AddPending(id, s_.sim.now());
    m_.queue.Remove(id);
  }
  s_.Trace(TraceKind::kPodRemoved, p.node, id);
  PodState& slot = s_.pods[id];
  ++slot.epoch;
  slot.phase = PodPhase::kFree;
  slot.next = s_.free_pods;
  s_.free_pods = id;
  if (p.volume != kNone && p.node != kNone) m_.attach_detach.ReleaseVolume(p.volume, id, p.node);
  if (p.ordinal >= 0) {
    m_.statefulsets.OnPodGone(p.workload, p.ordinal);
  } else {
    m_.replicasets.OnPodGone(p.workload, p.deleting);
  }
  // A deleted pod is one of kube-scheduler's queueing hints: its node has room again.
  m_.queue.RetryPending();
}

void ApiServer::EvictPod(uint32_t id, bool by_taint) {
  PodState& p = s_.pods[id];
  if (p.deleting) return;
  p.deleting = true;
  if (p.node != kNone) EraseOne(&s_.workloads[p.workload].live_nodes, p.node);
  if (by_taint) ++s_.counters.pod_evictions;
  s_.Trace(TraceKind::kPodEvicted, p.node, id, kNone, by_taint ? nullptr : kDrainEviction);
  if (p.ordinal < 0) {
    m_.replicasets.OnPodTerminating(p.workload);
  } else {
    m_.statefulsets.OnPodTerminating(id);
  }
}

void ApiServer::ForceDelete(uint32_t id) {
  s_.Trace(TraceKind::kPodForceDeleted, s_.pods[id].node, id);
  RemovePod(id);
}

void ApiServer::ForceDeleteAll(uint32_t n) {
  for (uint32_t id = s_.nodes[n].first_pod; id != kNone;) {
    const uint32_t next = s_.pods[id].next;
    ForceDelete(id);
    id = next;
  }
}

}  // namespace clustersim
