// The state of one replication, as plain data that every controller reads and writes: nodes,
// pod objects, volumes and workloads indexed by integer ids, the counters a run accumulates,
// and the clock. Pods on a node form an intrusive list; freed pod slots are recycled; events
// carry (kind, id, epoch) only, and an entity cancels its pending events by bumping its epoch.
// Nothing here allocates on the event path once the vectors have grown to the run's
// high-water mark, and nothing formats a string unless a tracer is attached.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "clustersim/core/random.h"
#include "clustersim/core/simulator.h"
#include "clustersim/k8s/cluster_model.h"
#include "clustersim/k8s/observer.h"
#include "k8s/event_kinds.h"
#include "k8s/model_tables.h"

namespace clustersim {

enum class PodPhase : uint8_t {
  kFree,           // slot unused
  kPending,        // not bound to a node
  kWaitingVolume,  // bound; waiting for its volume to attach to the node (or its disk)
  kWaitingPeer,    // its volume is empty and no live replica can give it the data yet
  kCopying,        // an init container copies the data into its empty volume
  kStarting,
  kReady,
  kDown,  // bound to a node that is down (containers not running)
};

enum class VolState : uint8_t { kDetached, kAttaching, kAttached, kDetaching, kAwaitForceDetach };

// The detail of a PodEvicted trace record when a drain (not the taint manager) evicted the pod.
inline constexpr const char* kDrainEviction = "drain";

// Floor division, for the phases of periodic loops (negative numerators included).
inline SimTime FloorDiv(SimTime a, SimTime b) {
  SimTime q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

struct NodeState {
  uint32_t zone = 0;
  uint32_t first_pod = kNone;  // intrusive list of bound pods
  uint16_t down_causes = 0;    // failures holding the machine down
  uint16_t disk_down = 0;      // disk failures in progress: its local volumes are unusable
  uint32_t disk_epoch = 0;
  bool up = true;        // the machine runs (ground truth; controllers see `ready`)
  bool deleted = false;  // the Node object was deleted (replace-node)
  bool draining = false;
  uint32_t drain_epoch = 0;
  uint32_t drain = 0;    // the drain process draining it
  bool ready = true;     // control plane's view (Ready=True)
  bool tainted = false;  // unreachable:NoExecute
  bool out_of_service = false;
  uint32_t epoch = 0;
  SimTime heartbeat_phase = 0;  // the kubelet's lease renewals
  SimTime last_up = 0;
  SimTime not_ready_since = kNever;
};

struct PodState {
  uint32_t workload = kNone;
  int32_t ordinal = -1;  // StatefulSet ordinal; -1 for other pods
  uint32_t node = kNone;
  uint32_t volume = kNone;
  uint32_t epoch = 0;
  uint32_t prev = kNone, next = kNone;  // on node, or free list (next)
  PodPhase phase = PodPhase::kFree;
  bool deleting = false;  // deletionTimestamp set
  // Pending because of other pods' placement (affinity, spreading): a pod binding anywhere
  // may make it fit (kube-scheduler's Pod/Add queueing hint for those two plugins).
  bool wake_on_pod_add = false;
  SimTime pending_since = 0;
};

struct VolumeState {
  uint32_t storage_class = 0;
  StorageKind kind = StorageKind::kZonal;
  bool bound = false;
  uint32_t pinned_node = kNone;  // local PV
  uint32_t zone = kNone;         // zonal PV
  uint64_t zones = 0;            // regional PV: the zones it spans (bit = zone index)
  uint32_t pv = kNone;           // the pre-created PersistentVolume it is bound to, if any
  VolState state = VolState::kDetached;
  uint32_t attached = kNone;  // node it is attached (or attaching, detaching) to
  uint32_t user = kNone;      // the bound pod that needs it
  uint32_t epoch = 0;
  int32_t ordinal = 0;
  uint32_t workload = 0;
  SimTime detach_started = 0;
  bool has_data = true;  // holds the workload's data set (a crashed node's disk still does)
};

// A StatefulSet replica's recovery: from the moment it stops being ready, the time spent in
// each cause until it is ready again.
struct ReplicaClock {
  bool running = false;
  RecoveryCause cause = RecoveryCause::kWaitingForNode;
  SimTime since = 0;
  std::array<SimTime, kRecoveryCauses> spent{};
};

struct WorkloadState {
  int ready = 0;
  int active = 0;                    // Deployment: pods without a deletionTimestamp
  std::vector<uint32_t> slots;       // StatefulSet: pod per ordinal (kNone = missing)
  std::vector<uint32_t> nodes;       // one entry per bound pod: its node (anti-affinity)
  std::vector<uint32_t> live_nodes;  // the same for pods not terminating (topology spread)
  bool bare_created = false;         // a bare Pod is created once, never replaced
  // Data: volumes holding the data set, and pods waiting for a live replica to copy from.
  int holders = 0;
  std::vector<uint32_t> waiting_peer;
  SimTime backup_phase = 0;
  // Leader election: the pod holding the lease (kNone: leaderless), and when the lease of a
  // stopped leader runs out.
  uint32_t leader = kNone;
  SimTime lease_free_at = 0;
  uint32_t leader_epoch = 0;
  // StatefulSet: per ordinal, the recovery under way (docs/metrics.md, section 6).
  std::vector<ReplicaClock> clocks;
};

struct ModelState {
  ModelState(const ModelTables& t, uint64_t seed, uint64_t replication, ModelObserver* observer,
             bool trace, Simulator& simulator);

  const ModelTables& tables;
  const Scenario& sc;
  const KubernetesTimings& k8s;
  const uint64_t seed;
  const uint64_t replication;
  ModelObserver* const observer;
  const bool trace;  // a tracer asked for OnTrace and OnPlacement
  Simulator& sim;
  ModelCounters counters;

  std::vector<NodeState> nodes;
  std::vector<SchedNode> sched_nodes;  // the scheduler's cache, parallel to nodes
  std::vector<PodState> pods;
  uint32_t free_pods = kNone;
  std::vector<VolumeState> volumes;
  std::vector<WorkloadState> workloads;
  std::vector<std::vector<uint32_t>> node_local;  // local volumes pinned to each node
  bool initializing = false;                      // time-0 placement: everything is instant
  // Running totals for the utilisation integrals.
  SimTime accrued_at = 0;
  int64_t up_req_cpu = 0, up_req_mem = 0, up_cap_cpu = 0, up_cap_mem = 0;

  Rng Stream(uint64_t stream) const { return StreamRng(seed, replication, stream); }
  bool Tracing() const { return trace && observer != nullptr; }

  void Trace(TraceKind kind, uint32_t node, uint32_t pod, uint32_t volume = kNone,
             const char* detail = nullptr) {
    if (!Tracing()) return;
    TraceRecord r;
    r.time = sim.now();
    r.kind = kind;
    r.node = node;
    r.pod = pod;
    r.volume = volume;
    r.detail = detail;
    if (pod != kNone) {
      r.workload = pods[pod].workload;
      r.ordinal = pods[pod].ordinal;
    }
    observer->OnTrace(r);
  }

  // Brings the utilisation integrals up to now (before any change of the running totals).
  void Accrue() {
    const SimTime now = sim.now();
    const double dt = static_cast<double>(now - accrued_at);
    if (dt > 0) {
      counters.cpu_requested_us += dt * static_cast<double>(up_req_cpu);
      counters.mem_requested_us += dt * static_cast<double>(up_req_mem);
      counters.cpu_capacity_us += dt * static_cast<double>(up_cap_cpu);
      counters.mem_capacity_us += dt * static_cast<double>(up_cap_mem);
    }
    accrued_at = now;
  }

  // A latency draw; everything is instant while the workloads are placed at time 0.
  SimTime Draw(const Distribution& d, Rng& rng) const { return initializing ? 0 : d.Sample(rng); }

  void SetReady(uint32_t w, int delta) {
    workloads[w].ready += delta;
    if (observer != nullptr) observer->OnReadyChanged(w, workloads[w].ready, sim.now());
  }

  // The replica of StatefulSet pod `id` now waits for `cause` (no-op for other pods and for
  // replicas that are not recovering).
  void Cause(uint32_t id, RecoveryCause cause) {
    const PodState& p = pods[id];
    if (p.ordinal < 0) return;
    ReplicaClock& c = workloads[p.workload].clocks[p.ordinal];
    if (!c.running) return;
    const SimTime now = sim.now();
    c.spent[static_cast<size_t>(c.cause)] += now - c.since;
    c.since = now;
    c.cause = cause;
  }

  bool IsLocal(uint32_t vid) const {
    return vid != kNone && volumes[vid].kind == StorageKind::kLocal;
  }
};

// Removes one occurrence of `v` (order does not matter: these are multisets).
inline void EraseOne(std::vector<uint32_t>* list, uint32_t v) {
  for (auto it = list->begin(); it != list->end(); ++it) {
    if (*it == v) {
      *it = list->back();
      list->pop_back();
      return;
    }
  }
}

}  // namespace clustersim
