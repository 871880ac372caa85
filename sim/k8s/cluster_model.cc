// ClusterModel, the public face of one replication's model (model.h), and the one place where
// events meet the controllers: Dispatch, a switch with a direct call per event kind.
#include "clustersim/k8s/cluster_model.h"

#include <cassert>

#include "clustersim/policy/policy_registry.h"
#include "k8s/model.h"

namespace clustersim {
namespace {

// The scenario's policies, by their registry rows (the loader checked the names).
std::unique_ptr<FailoverPolicy> MakeFailover(const Scenario& sc) {
  const FailoverPolicyInfo* info = FindFailoverPolicy(sc.failover.name);
  assert(info != nullptr && "the loader checks policy names");
  return info->make(sc.failover.args);
}

std::unique_ptr<RecoveryPolicy> MakeRecovery(const Scenario& sc) {
  const RecoveryPolicyInfo* info = FindRecoveryPolicy(sc.recovery.name);
  assert(info != nullptr && "the loader checks policy names");
  return info->make(sc.recovery.args);
}

}  // namespace

Model::Model(std::shared_ptr<const ModelTables> t, uint64_t seed, uint64_t replication,
             ModelObserver* observer, bool trace, Simulator& simulator)
    : tables(std::move(t)),
      s(*tables, seed, replication, observer, trace, simulator),
      api(*this),
      queue(*this),
      binder(*this),
      kubelet(*this),
      node_lifecycle(*this),
      taint_eviction(*this),
      pod_gc(*this),
      attach_detach(*this),
      data(*this),
      statefulsets(*this),
      replicasets(*this),
      drain(*this),
      leaders(*this),
      failures(*this),
      failover(*this, MakeFailover(tables->sc)),
      recovery(*this, MakeRecovery(tables->sc)) {
  failover.Begin();
  recovery.Begin();
  data.Begin();
  // Immediate binding: a claim gets its volume when it is created, before any pod exists.
  for (uint32_t v = 0; v < s.volumes.size(); ++v) binder.BindImmediate(v);
  s.sim.Reserve(tables->processes.size() + 64);
}

NodeView Model::Node(uint32_t id) const {
  const NodeState& n = s.nodes[id];
  NodeView v;
  v.id = id;
  v.zone = n.zone;
  v.ready = n.ready;
  v.not_ready_since = n.not_ready_since;
  v.out_of_service = n.out_of_service;
  v.deleted = n.deleted;
  v.cordoned = s.sched_nodes[id].unschedulable;
  v.pods = static_cast<int>(s.sched_nodes[id].pods);
  return v;
}

void Model::Start() {
  started = true;
  s.initializing = !s.sc.simulation.start_from_empty;
  // Time 0: every workload placed by the scheduler in file order.
  for (uint32_t w = 0; w < s.sc.workloads.size(); ++w) {
    if (s.sc.workloads[w].kind != WorkloadKind::kStatefulSet) {
      replicasets.Reconcile(w);
    } else if (s.initializing) {
      for (int o = 0; o < s.sc.workloads[w].replicas; ++o) api.CreatePod(w, o);
    } else {
      statefulsets.Reconcile(w);
    }
  }
  s.initializing = false;
  failures.Start();
  drain.Start();
  failures.StartTraces();
}

void Model::Dispatch(const Event& e) {
  const uint32_t t = e.target();
  // A stale epoch means the entity moved on since the event was scheduled: skip it.
  switch (static_cast<EventKind>(e.kind())) {
    case kFailStart:
      if (failures.epoch_of(t) == e.epoch) failures.FailStart(t);
      break;
    case kFailEnd:
      if (failures.epoch_of(t) == e.epoch) failures.FailEnd(t);
      break;
    case kNodeNotReady:
      if (s.nodes[t].epoch == e.epoch) node_lifecycle.NodeNotReady(t);
      break;
    case kZoneCheck:
      node_lifecycle.ZoneCheck();
      break;
    case kZoneTaintTick:
      if (node_lifecycle.epoch_of_zone(t) == e.epoch) node_lifecycle.Pump(t);
      break;
    case kNodeEvict:
      if (s.nodes[t].epoch == e.epoch) taint_eviction.NodeEvict(t);
      break;
    case kFailoverAction:
      if (s.nodes[t].epoch == e.epoch) failover.Recheck(t);
      break;
    case kPodGcOutOfService:
    case kPodGcOrphans:
      if (s.nodes[t].epoch == e.epoch) pod_gc.CollectPodsOf(t);
      break;
    case kPodReady:
      if (s.pods[t].epoch == e.epoch && s.pods[t].phase == PodPhase::kStarting) {
        kubelet.PodReady(t);
      }
      break;
    case kAttachDone:
      if (s.volumes[t].epoch == e.epoch) attach_detach.AttachDone(t);
      break;
    case kDetachDone:
      if (s.volumes[t].epoch == e.epoch) attach_detach.DetachDone(t);
      break;
    case kForceDetach:
      if (s.volumes[t].epoch == e.epoch) attach_detach.ForceDetach(t);
      break;
    case kRecoveryAction:
      if (s.nodes[t].epoch == e.epoch) recovery.Recheck(t, RecoveryTrigger::kNodeNotReady);
      break;
    case kDiskRecovery:
      if (s.nodes[t].disk_epoch == e.epoch) recovery.Recheck(t, RecoveryTrigger::kDiskFailed);
      break;
    case kCopyDone:
      if (s.pods[t].epoch == e.epoch && s.pods[t].phase == PodPhase::kCopying) data.CopyDone(t);
      break;
    case kLeaderTry:
      if (s.workloads[t].leader_epoch == e.epoch) leaders.LeaderTry(t);
      break;
    case kDrainWave:
      drain.DrainWave(t);
      break;
    case kDrainAttempt:
      if (s.nodes[t].drain_epoch == e.epoch && s.nodes[t].draining) drain.DrainAttempt(t);
      break;
    case kDrainRebootEnd:
      if (s.nodes[t].drain_epoch == e.epoch) drain.DrainRebootEnd(t);
      break;
    case kTraceStart:
    case kTraceEnd:
      failures.ReplayOutage(t, e.kind() == kTraceStart);
      break;
  }
}

void Model::RunUntil(SimTime end) {
  if (!started) Start();
  s.sim.RunUntil(end, [this](const Event& e) { Dispatch(e); });
  s.Accrue();
  queue.AccountPendingUntil(end);
}

// ---------------------------------------------------------------- ClusterModel

struct ClusterModel::Impl {
  Impl(std::shared_ptr<const ModelTables> t, uint64_t seed, uint64_t rep, ModelObserver* obs,
       bool trace, Simulator* lent)
      : own_sim(lent ? nullptr : std::make_unique<Simulator>()),
        model(std::move(t), seed, rep, obs, trace, lent ? *lent : *own_sim) {}
  std::unique_ptr<Simulator> own_sim;  // when no simulator was lent
  Model model;
};

std::shared_ptr<const ModelTables> ClusterModel::Prepare(const Scenario& scenario) {
  return std::make_shared<const ModelTables>(scenario);
}

ClusterModel::ClusterModel(const Scenario& scenario, uint64_t seed, uint64_t replication,
                           ModelObserver* observer, bool trace, Simulator* simulator)
    : ClusterModel(Prepare(scenario), seed, replication, observer, trace, simulator) {}

ClusterModel::ClusterModel(std::shared_ptr<const ModelTables> tables, uint64_t seed,
                           uint64_t replication, ModelObserver* observer, bool trace,
                           Simulator* simulator)
    : impl_(std::make_unique<Impl>(std::move(tables), seed, replication, observer, trace,
                                   simulator)) {}

ClusterModel::~ClusterModel() = default;

void ClusterModel::RunUntil(SimTime end) { impl_->model.RunUntil(end); }
SimTime ClusterModel::now() const { return impl_->model.s.sim.now(); }
uint64_t ClusterModel::events() const { return impl_->model.s.sim.dispatched(); }
const ModelCounters& ClusterModel::counters() const { return impl_->model.s.counters; }
int ClusterModel::ReadyReplicas(uint32_t w) const { return impl_->model.s.workloads[w].ready; }
int ClusterModel::PendingPods() const { return static_cast<int>(impl_->model.queue.size()); }

std::string ClusterModel::NodeName(uint32_t node) const {
  const ModelState& s = impl_->model.s;
  return node < s.nodes.size() ? s.tables.node_names[node] : "-";
}

std::string ClusterModel::WorkloadName(uint32_t w) const {
  const ModelState& s = impl_->model.s;
  return w < s.sc.workloads.size() ? s.sc.workloads[w].name : "-";
}

std::string ClusterModel::PodName(uint32_t pod) const {
  const ModelState& s = impl_->model.s;
  if (pod >= s.pods.size()) return "-";
  const PodState& p = s.pods[pod];
  std::string base = WorkloadName(p.workload);
  // A bare Pod has its own name; StatefulSet pods have stable names; Deployment pods are told
  // apart by their slot id.
  if (s.sc.workloads[p.workload].kind == WorkloadKind::kPod) return base;
  return p.ordinal >= 0 ? base + "-" + std::to_string(p.ordinal)
                        : base + "-pod" + std::to_string(pod);
}

std::string ClusterModel::VolumeName(uint32_t volume) const {
  const ModelState& s = impl_->model.s;
  if (volume >= s.volumes.size()) return "-";
  const VolumeState& v = s.volumes[volume];
  const Workload& w = s.sc.workloads[v.workload];
  const std::string claim = w.claims.empty() ? "data" : w.claims[0].name;
  return claim + "-" + w.name + "-" + std::to_string(v.ordinal);
}

uint32_t ClusterModel::NodeOfReplica(uint32_t w, int ordinal) const {
  const ModelState& s = impl_->model.s;
  const WorkloadState& ws = s.workloads[w];
  if (!ws.slots.empty()) {
    const uint32_t id = ws.slots[ordinal];
    return id == kNone ? kNone : s.pods[id].node;
  }
  int seen = 0;
  for (const PodState& p : s.pods) {
    if (p.workload == w && p.phase != PodPhase::kFree && !p.deleting && seen++ == ordinal) {
      return p.node;
    }
  }
  return kNone;
}

}  // namespace clustersim
