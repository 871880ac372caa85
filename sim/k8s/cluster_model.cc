// The Kubernetes model. Every timer below names the component that owns it in a real cluster;
// docs/semantics.md lists each default with its source.
//
// State lives in flat vectors indexed by integer ids; pods on a node form an intrusive list,
// freed pods are recycled, and events carry (kind, id, epoch) only. An entity cancels its
// pending events by bumping its epoch. Nothing on the event path allocates once the vectors
// have grown to the run's high-water mark, and nothing on it formats a string unless a tracer
// is attached.
#include "clustersim/k8s/cluster_model.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cassert>
#include <map>

#include "clustersim/k8s/topology.h"
#include "clustersim/policy/pod_groups.h"
#include "clustersim/policy/registry.h"

namespace clustersim {
namespace {

constexpr uint32_t kNone = UINT32_MAX;
// attach_detach_controller.go DefaultTimerConfig.ReconcilerLoopPeriod.
constexpr SimTime kReconcilerLoopPeriod = 100 * kMillisecond;

// At most Event::kMaxKind + 1 kinds (the kind shares the event's word with the target).
enum EventKind : uint16_t {
  kFailStart,          // target: failure process
  kFailEnd,            // target: failure process
  kNodeNotReady,       // target: node; node lifecycle controller marks Ready=Unknown
  kZoneCheck,          // target: 0; the controller re-evaluates its zones' disruption states
  kZoneTaintTick,      // target: zone (epoch: the tainter's); its rate limiter has a token
  kNodeEvict,          // target: node; tolerationSeconds of its pods ran out
  kFailoverAction,     // target: node; the failover policy acts (force delete / out-of-service)
  kPodGcOutOfService,  // target: node; PodGC force-deletes the pods of an out-of-service node
  kPodReady,           // target: pod; containers passed readiness
  kAttachDone,         // target: volume
  kDetachDone,         // target: volume
  kForceDetach,        // target: volume; ReconcilerMaxWaitForUnmountDuration ran out
  kPodGcOrphans,       // target: node; PodGC deletes the pods of a deleted Node object
  kRecoveryAction,     // target: node; the recovery policy replaces the node's volumes
  kDiskRecovery,       // target: node; the same after a disk failure (epoch: disk_epoch)
  kCopyDone,           // target: pod; its empty volume holds the data again
  kLeaderTry,          // target: workload; a candidate's retry finds the lease expired
  kDrainWave,          // target: drain process; a wave of drains starts
  kDrainAttempt,       // target: node (epoch: drain_epoch); kubectl drain (re)tries evictions
  kDrainRebootEnd,     // target: node (epoch: drain_epoch); the drained node is back
  kTraceStart,         // target: trace outage; a traced outage begins
  kTraceEnd,           // target: trace outage; it ends
};
static_assert(kTraceEnd <= Event::kMaxKind, "event kinds must fit beside the target");

// kubectl drain retries an eviction the API refused (429) after this long.
constexpr SimTime kDrainRetry = 5 * kSecond;
// The eviction API's answer when a PodDisruptionBudget forbids the eviction.
constexpr const char* kBudgetRefusal =
    "Cannot evict pod as it would violate the pod's disruption budget.";
// ... and when more than one budget selects the pod (500).
constexpr const char* kSeveralBudgets =
    "This pod has more than one PodDisruptionBudget, which the eviction subresource does not "
    "support.";

// PodGC's quarantineTime: how long a Node must stay missing before its pods are orphans.
constexpr SimTime kPodGcQuarantine = 40 * kSecond;

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

SimTime FloorDiv(SimTime a, SimTime b) {
  SimTime q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

}  // namespace

const char* TraceKindName(TraceKind kind) {
  switch (kind) {
    case TraceKind::kNodeDown:
      return "NodeDown";
    case TraceKind::kNodeUp:
      return "NodeUp";
    case TraceKind::kNodeNotReady:
      return "NodeNotReady";
    case TraceKind::kNodeTainted:
      return "NodeTainted";
    case TraceKind::kOutOfServiceTaint:
      return "OutOfServiceTaint";
    case TraceKind::kPodCreated:
      return "PodCreated";
    case TraceKind::kPodScheduled:
      return "PodScheduled";
    case TraceKind::kPodUnschedulable:
      return "PodUnschedulable";
    case TraceKind::kPodEvicted:
      return "PodEvicted";
    case TraceKind::kPodForceDeleted:
      return "PodForceDeleted";
    case TraceKind::kPodRemoved:
      return "PodRemoved";
    case TraceKind::kPodStarting:
      return "PodStarting";
    case TraceKind::kPodReady:
      return "PodReady";
    case TraceKind::kPodNotReady:
      return "PodNotReady";
    case TraceKind::kVolumeAttachStarted:
      return "VolumeAttachStarted";
    case TraceKind::kVolumeAttached:
      return "VolumeAttached";
    case TraceKind::kVolumeMultiAttach:
      return "VolumeMultiAttach";
    case TraceKind::kVolumeDetachStarted:
      return "VolumeDetachStarted";
    case TraceKind::kVolumeDetached:
      return "VolumeDetached";
    case TraceKind::kNodeDeleted:
      return "NodeDeleted";
    case TraceKind::kDiskFailed:
      return "DiskFailed";
    case TraceKind::kDiskReplaced:
      return "DiskReplaced";
    case TraceKind::kVolumeReplaced:
      return "VolumeReplaced";
    case TraceKind::kPodCopyingData:
      return "PodCopyingData";
    case TraceKind::kDataLoss:
      return "DataLoss";
    case TraceKind::kNodeCordoned:
      return "NodeCordoned";
    case TraceKind::kNodeUncordoned:
      return "NodeUncordoned";
    case TraceKind::kEvictionRefused:
      return "EvictionRefused";
    case TraceKind::kNodeRebooting:
      return "NodeRebooting";
  }
  return "?";
}

struct ClusterModel::Impl final : public SchedulingState {
  struct Node {
    std::string name;
    uint32_t zone = 0;
    uint32_t first_pod = kNone;  // intrusive list of bound pods
    uint16_t down_causes = 0;
    uint16_t disk_down = 0;  // disk failures in progress: its local volumes are unusable
    uint32_t disk_epoch = 0;
    bool up = true;
    bool deleted = false;  // the Node object was deleted (replace-node)
    bool draining = false;
    uint32_t drain_epoch = 0;
    uint32_t drain = 0;    // the drain process draining it
    bool ready = true;     // control plane's view (Ready=True)
    bool tainted = false;  // unreachable:NoExecute
    bool out_of_service = false;
    uint32_t epoch = 0;
    SimTime heartbeat_phase = 0;
    SimTime last_up = 0;
  };
  struct Pod {
    uint32_t workload = kNone;
    int32_t ordinal = -1;
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
  struct Volume {
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
    std::vector<uint32_t> volumes;     // StatefulSet: volume per ordinal (kNone = no claim)
    std::vector<uint32_t> nodes;       // one entry per bound pod: its node (anti-affinity)
    std::vector<uint32_t> live_nodes;  // the same for pods not terminating (topology spread)
    // The pod spec against each node's labels and taints (SchedPod's tables); empty when the
    // cluster has no taints and the workload no node selection.
    std::vector<uint8_t> node_verdict;
    std::vector<int64_t> node_preference;
    std::vector<int64_t> prefer_no_schedule;
    bool evict_on_unreachable = true;  // false: tolerates unreachable:NoExecute forever
    bool bare_created = false;         // a bare Pod is created once, never replaced
    SchedPod sched;                    // the pod template as the scheduler sees it
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
  // A pre-created PersistentVolume (Scenario::persistent_volumes, same index).
  struct StaticPv {
    std::vector<uint32_t> nodes;  // the nodes its node affinity selects (when !any_node)
    bool any_node = true;
    bool available = true;          // neither bound nor released under Retain
    uint32_t claim_volume = kNone;  // claimRef: the only claim it may bind
  };
  // How a class's claims use pre-created volumes.
  enum class PvUse : uint8_t { kNone, kPrefer, kOnly };
  struct FailureProcess {
    uint32_t spec = 0;
    uint32_t target = 0;  // node, rack or zone index
    FailureTargetKind kind = FailureTargetKind::kNode;
    bool down = false;
    bool crewed = false;  // its repair holds one of cluster.repairCrews
    size_t next_at = 0;
    uint32_t epoch = 0;
    Rng every_rng, lasts_rng;
  };

  const Scenario& sc;
  const KubernetesTimings& k8s;
  uint64_t seed;
  uint64_t replication;
  ModelObserver* observer;
  bool trace;
  std::unique_ptr<Simulator> own_sim;  // when no simulator was lent
  Simulator& sim;
  ModelCounters counters;
  std::unique_ptr<Scheduler> scheduler;
  Scheduler::Explanation explanation;  // filled only when tracing

  std::vector<Node> nodes;
  std::vector<SchedNode> sched_nodes;                   // the scheduler's cache, parallel to nodes
  TopologyIndex topology;                               // node domains per topology key
  std::vector<std::vector<std::string>> taint_reasons;  // per pool: SchedNode::taint_reasons
  std::vector<StaticPv> pvs;
  std::vector<PvUse> class_pv_use;  // per storage class
  // SchedPod::volume_nodes for the pod being placed, and the entries set in it.
  std::vector<uint8_t> pv_table;
  std::vector<uint32_t> pv_table_set;
  std::vector<PodGroupSpec> groups;  // per workload: its selectors resolved
  std::vector<std::string> zone_names;
  FailureDomains domains;                         // region > zone > rack > node
  std::vector<std::vector<uint32_t>> node_local;  // local volumes pinned to each node
  // The node lifecycle controller's NoExecute tainter per zone (node_lifecycle_controller.go):
  // NotReady nodes queue for their taint, which a token bucket of burst 1 releases at the
  // zone's rate; the rate follows the zone's disruption state (docs/semantics.md, section 4).
  enum class ZoneState : uint8_t { kNormal, kPartialDisruption, kFullDisruption };
  struct ZoneTainter {
    std::vector<std::pair<uint32_t, uint32_t>> queue;  // (node, its epoch when queued)
    size_t head = 0;
    SimTime next_allowed = 0;  // when the bucket has a token again
    double rate = 0;           // nodes per second; 0: nothing is tainted
    uint32_t nodes = 0, not_ready = 0;
    uint32_t epoch = 0;  // cancels a pending tick
  };
  std::vector<ZoneTainter> tainters;
  bool zone_check_pending = false;
  std::vector<Pod> pods;
  uint32_t free_pods = kNone;
  std::vector<Volume> volumes;
  std::vector<WorkloadState> workloads;
  std::vector<FailureProcess> processes;
  struct DrainProcess {
    uint32_t spec = 0;
    std::vector<uint32_t> targets;  // nodes, in order
    size_t next = 0;                // next target of the running wave
    int active = 0;                 // nodes being drained or rebooted
    bool running = false;
    size_t next_at = 0;
    SimTime wave_started = 0;
    bool any_wave = false;  // a wave has started (wave_started is meaningful)
  };
  std::vector<DrainProcess> drains;
  std::vector<int> budget_desired;          // desiredHealthy of each PodDisruptionBudget
  std::vector<uint8_t> node_unschedulable;  // spec.unschedulable before any drain cordoned it
  Rng drain_rng;
  // Trace-driven outages of this replication (bootstrapped ones already rotated and permuted).
  struct TraceEvent {
    FailureTargetKind scope = FailureTargetKind::kNode;
    uint32_t target = 0;
    bool loss = false;
    SimTime start = 0, end = kNever;
  };
  std::vector<TraceEvent> trace_events;
  // Repair crews: how many are at work, and the failures waiting for one (FIFO ring).
  int crews_busy = 0;
  std::vector<uint32_t> repair_queue;
  size_t repair_head = 0;
  std::vector<uint32_t> pending;  // pods waiting for a node, in creation order
  std::vector<uint32_t> pending_scratch;
  std::vector<uint32_t> peer_scratch, volume_scratch;
  std::vector<uint32_t> await_force_detach;  // volumes waiting for their node or the timeout
  std::vector<Rng> attach_rng, detach_rng, startup_rng, leader_rng;
  SimTime controller_phase = 0;
  SimTime podgc_phase = 0;
  bool started = false;
  bool retrying = false;  // RetryPending is not re-entered from the pods it schedules
  // Some pending pod waits for another pod's placement (may be stale true: a retry then finds
  // nothing to do).
  bool wakers_pending = false;
  bool initializing = false;  // time-0 placement: everything is instant
  // Running totals for the utilisation integrals.
  SimTime accrued_at = 0;
  int64_t up_req_cpu = 0, up_req_mem = 0, up_cap_cpu = 0, up_cap_mem = 0;

  Impl(const Scenario& s, uint64_t seed_in, uint64_t rep, ModelObserver* obs, bool tr,
       Simulator* lent)
      : sc(s),
        k8s(s.kubernetes),
        seed(seed_in),
        replication(rep),
        observer(obs),
        trace(tr),
        own_sim(lent ? nullptr : std::make_unique<Simulator>()),
        sim(lent ? *lent : *own_sim) {
    sim.Reset();
    BuildNodes();
    BuildWorkloads();
    {
      // Labels do not change in a run: built once, read by both compilations.
      const std::vector<Labels> node_labels = sc.NodeLabels();
      CompilePodSpecs(node_labels);
      CompileGroups(node_labels);
      BuildPersistentVolumes(node_labels);
    }
    // Immediate binding: a claim gets its volume when it is created, before any pod exists.
    for (uint32_t v = 0; v < volumes.size(); ++v) BindImmediate(v);
    counters.pending_us.assign(sc.workloads.size(), 0);
    counters.recovery_cause_us.assign(sc.workloads.size(), {});
    counters.replica_recoveries.assign(sc.workloads.size(), 0);
    BuildFailures();
    for (const DisruptionBudget& b : sc.disruption_budgets) {
      int expected = 0;
      for (uint32_t w : b.workloads) expected += sc.workloads[w].replicas;
      budget_desired.push_back(b.DesiredHealthy(expected));
    }
    auto profile = MakeProfile(sc.scheduler.config);
    // The loader validated the profile; a failure here is a bug, not an input error.
    assert(profile.ok());
    scheduler = std::make_unique<Scheduler>(
        std::move(profile.value()),
        StreamRng(seed, replication, StreamId(StreamKind::kSchedulerTieBreak, 0)));
    for (size_t i = 0; i < sc.storage_classes.size(); ++i) {
      attach_rng.push_back(StreamRng(seed, replication, StreamId(StreamKind::kAttach, i)));
      detach_rng.push_back(StreamRng(seed, replication, StreamId(StreamKind::kDetach, i)));
    }
    for (size_t i = 0; i < sc.workloads.size(); ++i) {
      startup_rng.push_back(StreamRng(seed, replication, StreamId(StreamKind::kStartup, i)));
      leader_rng.push_back(StreamRng(seed, replication, StreamId(StreamKind::kLeaderElection, i)));
      if (sc.recovery.interval > 0) {
        Rng b = StreamRng(seed, replication, StreamId(StreamKind::kBackupPhase, i));
        workloads[i].backup_phase = static_cast<SimTime>(b.Below(sc.recovery.interval));
      }
    }
    drain_rng = StreamRng(seed, replication, StreamId(StreamKind::kMisc, 1));
    Rng phase = StreamRng(seed, replication, StreamId(StreamKind::kControllerPhase, 0));
    controller_phase = static_cast<SimTime>(phase.Below(k8s.node_monitor_period));
    podgc_phase = static_cast<SimTime>(phase.Below(k8s.pod_gc_period));
    sim.Reserve(processes.size() + 4 * pods.size() + 64);
    repair_queue.reserve(2 * processes.size() + 1);
  }

  // ---------------------------------------------------------------- construction

  void BuildNodes() {
    std::map<std::string, uint32_t> zone_index;
    std::vector<NodeDomains> placement;
    // TaintToleration's reasons, per pool (its nodes share its taints); filled before any node
    // points into them.
    taint_reasons.resize(sc.node_pools.size());
    for (size_t p = 0; p < sc.node_pools.size(); ++p) {
      for (const Taint& t : sc.node_pools[p].taints) {
        if (t.effect == TaintEffect::kPreferNoSchedule) continue;
        taint_reasons[p].push_back("node(s) had untolerated taint {" + t.key + ": " + t.value +
                                   "}");
      }
    }
    for (size_t p = 0; p < sc.node_pools.size(); ++p) {
      const NodePool& pool = sc.node_pools[p];
      // The plugins' fallbacks for a pod without per-node tables (a cluster without taints).
      const int hard = static_cast<int>(taint_reasons[p].size());
      const int prefer = static_cast<int>(pool.taints.size()) - hard;
      for (int i = 0; i < pool.count; ++i) {
        Node n;
        n.name = pool.NodeName(i);
        const std::string& zone = pool.ZoneOf(i);
        auto [it, fresh] = zone_index.emplace(zone, static_cast<uint32_t>(zone_names.size()));
        if (fresh) zone_names.push_back(zone);
        n.zone = it->second;
        auto region = pool.labels.find(kRegionLabel);
        placement.push_back({region == pool.labels.end() ? "" : region->second, zone,
                             NodePool::RackName(pool.RackOf(i))});
        SchedNode s;
        s.id = static_cast<uint32_t>(nodes.size());
        s.zone = n.zone;
        s.alloc_cpu = pool.capacity.cpu_milli;
        s.alloc_mem = pool.capacity.memory_bytes;
        s.alloc_pods = pool.capacity.pods;
        s.unschedulable = pool.unschedulable;
        if (hard > 0) s.taint_reasons = taint_reasons[p].data();
        s.hard_taint = hard > 0;
        s.prefer_no_schedule_taints = prefer;
        Rng hb = StreamRng(seed, replication, StreamId(StreamKind::kHeartbeatPhase, s.id));
        n.heartbeat_phase = static_cast<SimTime>(hb.Below(k8s.node_lease_renew_interval));
        nodes.push_back(std::move(n));
        sched_nodes.push_back(s);
        up_cap_cpu += s.alloc_cpu;
        up_cap_mem += s.alloc_mem;
      }
    }
    tainters.resize(zone_names.size());
    for (ZoneTainter& z : tainters) z.rate = k8s.node_eviction_rate;
    for (const Node& n : nodes) ++tainters[n.zone].nodes;
    for (const SchedNode& s : sched_nodes) node_unschedulable.push_back(s.unschedulable ? 1 : 0);
    domains = FailureDomains::Build(placement);
    node_local.resize(nodes.size());
  }

  void BuildWorkloads() {
    size_t total_pods = 0;
    for (uint32_t w = 0; w < sc.workloads.size(); ++w) {
      const Workload& spec = sc.workloads[w];
      WorkloadState ws;
      ws.sched.workload = w;
      ws.sched.req_cpu = spec.requests.cpu_milli;
      ws.sched.req_mem = spec.requests.memory_bytes;
      // NonZeroRequested: kube-scheduler scores a missing request as 100m CPU / 200Mi, per
      // container; manifests give it exactly, an inline workload is a pod of one container.
      ws.sched.nz_cpu = spec.requests.nonzero_cpu_milli >= 0 ? spec.requests.nonzero_cpu_milli
                        : spec.requests.has_cpu              ? spec.requests.cpu_milli
                                                             : kNonZeroDefaultCpuMilli;
      ws.sched.nz_mem = spec.requests.nonzero_memory_bytes >= 0 ? spec.requests.nonzero_memory_bytes
                        : spec.requests.has_memory              ? spec.requests.memory_bytes
                                                                : kNonZeroDefaultMemoryBytes;
      ws.nodes.reserve(2 * spec.replicas + 2);
      ws.live_nodes.reserve(spec.replicas + 2);
      if (spec.kind == WorkloadKind::kStatefulSet) {
        ws.slots.assign(spec.replicas, kNone);
        ws.clocks.assign(spec.replicas, ReplicaClock{});
        ws.volumes.assign(spec.replicas, kNone);
        if (!spec.claims.empty()) {
          const VolumeClaimTemplate& claim = spec.claims[0];
          for (int o = 0; o < spec.replicas; ++o) {
            Volume v;
            v.storage_class = static_cast<uint32_t>(claim.storage_class);
            v.kind = sc.storage_classes[claim.storage_class].kind;
            v.ordinal = o;
            v.workload = w;
            ws.volumes[o] = static_cast<uint32_t>(volumes.size());
            volumes.push_back(v);
          }
          // A new StatefulSet's data set is empty: every volume holds all of it.
          ws.holders = spec.replicas;
        }
      }
      total_pods += 2 * spec.replicas;
      workloads.push_back(std::move(ws));
    }
    pods.reserve(total_pods + 16);
    pending.reserve(total_pods + 16);
    pending_scratch.reserve(total_pods + 16);
    await_force_detach.reserve(volumes.size());
  }

  // Each PersistentVolume's reachable nodes and reserved claim; which classes use them.
  void BuildPersistentVolumes(const std::vector<Labels>& node_labels) {
    class_pv_use.assign(sc.storage_classes.size(), PvUse::kNone);
    pvs.resize(sc.persistent_volumes.size());
    for (size_t i = 0; i < pvs.size(); ++i) {
      const PersistentVolume& spec = sc.persistent_volumes[i];
      StaticPv& pv = pvs[i];
      if (spec.storage_class < 0) {
        pv.available = false;  // of no class: no claim here asks for that (the loader warned)
        continue;
      }
      class_pv_use[spec.storage_class] =
          sc.storage_classes[spec.storage_class].static_only ? PvUse::kOnly : PvUse::kPrefer;
      pv.any_node = spec.node_terms.empty();
      for (uint32_t n = 0; n < nodes.size() && !pv.any_node; ++n) {
        for (const NodeSelectorTerm& t : spec.node_terms) {
          if (t.Matches(node_labels[n])) {
            pv.nodes.push_back(n);
            break;
          }
        }
      }
      if (spec.claim_ref.empty()) continue;
      // Reserved for a claim that does not exist: never bound.
      pv.claim_volume = spec.claim_workload < 0
                            ? kNone - 1
                            : workloads[spec.claim_workload].volumes[spec.claim_ordinal];
    }
    pv_table.assign(nodes.size(), 0);
  }

  // Whether an available volume is reserved (claimRef) for claim `vid`: then it takes no other,
  // as the PV controller's FindMatchingVolume returns a pre-bound volume or nothing.
  bool HasReservedPv(uint32_t vid) const {
    return std::any_of(pvs.begin(), pvs.end(),
                       [&](const StaticPv& pv) { return pv.available && pv.claim_volume == vid; });
  }
  // Whether volume `i` may serve claim `vid` (reserved: whether one is reserved for it).
  bool Serves(uint32_t i, uint32_t vid, bool reserved) const {
    const StaticPv& pv = pvs[i];
    const bool free_for_it =
        reserved ? pv.claim_volume == vid : pv.claim_volume == kNone || pv.claim_volume == vid;
    return pv.available && free_for_it &&
           sc.persistent_volumes[i].Fits(sc.workloads[volumes[vid].workload].claims[0]);
  }

  // The smallest available PersistentVolume that can serve claim `vid` and is reachable from
  // `node` (kNone: from anywhere), ties by name (the PV controller's choice); kNone if none.
  uint32_t ChoosePv(uint32_t vid, uint32_t node) const {
    const bool reserved = HasReservedPv(vid);
    uint32_t best = kNone;
    for (uint32_t i = 0; i < pvs.size(); ++i) {
      const StaticPv& pv = pvs[i];
      if (!Serves(i, vid, reserved)) continue;
      if (node != kNone && !pv.any_node &&
          !std::binary_search(pv.nodes.begin(), pv.nodes.end(), node)) {
        continue;
      }
      const int64_t capacity = sc.persistent_volumes[i].capacity_bytes;
      if (best == kNone || capacity < sc.persistent_volumes[best].capacity_bytes) best = i;
    }
    return best;
  }

  // A local volume is on node `n` from now on.
  void PinLocal(uint32_t vid, uint32_t n) {
    volumes[vid].pinned_node = n;
    node_local[n].push_back(vid);
  }

  // Binds claim `vid` to PersistentVolume `pid`; a local volume reachable from one node is
  // pinned there now, and a network volume to the zone(s) of the nodes it is reachable from.
  void BindPv(uint32_t vid, uint32_t pid) {
    Volume& v = volumes[vid];
    StaticPv& pv = pvs[pid];
    pv.available = false;
    v.pv = pid;
    v.bound = true;
    if (pv.any_node) return;
    if (v.kind == StorageKind::kLocal) {
      if (pv.nodes.size() == 1) PinLocal(vid, pv.nodes[0]);
      return;
    }
    uint64_t zones = 0;
    for (uint32_t n : pv.nodes) zones |= uint64_t{1} << (nodes[n].zone & 63);
    if (std::popcount(zones) == 1) {
      v.zone = static_cast<uint32_t>(std::countr_zero(zones));
    } else if (v.kind == StorageKind::kRegional) {
      v.zones = zones;
    }
  }

  // The zones a regional volume first used in zone `first` spans: that one and the next ones
  // in the cluster's order, as many as the class replicates across.
  uint64_t RegionalZones(uint32_t storage_class, uint32_t first) const {
    const size_t count = zone_names.size();
    const int want = sc.storage_classes[storage_class].replica_zones;
    const size_t span = want <= 0 ? count : std::min(count, static_cast<size_t>(want));
    uint64_t mask = 0;
    for (size_t i = 0; i < span; ++i) mask |= uint64_t{1} << ((first + i) % count);
    return mask;
  }

  // Immediate binding: a claim is bound when it is created, before any pod exists: to a
  // pre-created volume that fits, or (provisioned) to a zone chosen without the scheduler,
  // spread by ordinal as the legacy ChooseZoneForVolume did for StatefulSet claims.
  void BindImmediate(uint32_t vid) {
    Volume& v = volumes[vid];
    const StorageClass& cls = sc.storage_classes[v.storage_class];
    if (cls.binding != VolumeBindingMode::kImmediate) return;
    if (class_pv_use[v.storage_class] != PvUse::kNone) {
      const uint32_t pid = ChoosePv(vid, kNone);
      if (pid != kNone) {
        BindPv(vid, pid);
        return;
      }
      // kOnly: Pending until a volume is released (the scheduler's table says so).
      if (class_pv_use[v.storage_class] == PvUse::kOnly) return;
    }
    if (v.kind != StorageKind::kLocal && !zone_names.empty()) {
      v.bound = true;
      const uint32_t zone = static_cast<uint32_t>(v.ordinal % zone_names.size());
      if (v.kind == StorageKind::kZonal) v.zone = zone;
      if (v.kind == StorageKind::kRegional) v.zones = RegionalZones(v.storage_class, zone);
    }
  }

  // SchedPod::volume_nodes for claim `vid`: with `unbound`, every node from which an available
  // volume that can serve it is reachable; else the node affinity of its volume.
  const uint8_t* FillPvTable(uint32_t vid, bool unbound) {
    for (uint32_t n : pv_table_set) pv_table[n] = 0;
    pv_table_set.clear();
    const auto mark = [&](const StaticPv& pv) {
      for (uint32_t n : pv.nodes) {
        if (pv_table[n] == 0) pv_table_set.push_back(n);
        pv_table[n] = 1;
      }
    };
    if (!unbound) {
      mark(pvs[volumes[vid].pv]);
      return pv_table.data();
    }
    const bool reserved = HasReservedPv(vid);
    for (uint32_t i = 0; i < pvs.size(); ++i) {
      if (!Serves(i, vid, reserved)) continue;
      if (pvs[i].any_node) return nullptr;  // reachable from every node: no restriction
      mark(pvs[i]);
    }
    return pv_table.data();
  }

  // Resolves every workload's label selectors against the others (pod_groups.h) and spec.nodeName
  // against the nodes.
  void CompileGroups(const std::vector<Labels>& node_labels) {
    std::vector<std::vector<NodeImage>> node_images;
    node_images.reserve(nodes.size());
    for (const auto& pool : sc.node_pools) {
      for (int i = 0; i < pool.count; ++i) node_images.push_back(pool.images);
    }
    std::vector<PodGroupInput> inputs(sc.workloads.size());
    for (uint32_t w = 0; w < sc.workloads.size(); ++w) {
      const Workload& spec = sc.workloads[w];
      PodGroupInput& in = inputs[w];
      in.namespace_name = spec.namespace_name;
      in.labels = spec.labels;
      in.affinity = spec.pod_affinity;
      in.spread = spec.topology_spread;
      in.system_default_spread = spec.kind != WorkloadKind::kPod;
      in.own_anti_affinity_required = spec.anti_affinity == AntiAffinity::kRequired;
      in.own_anti_affinity_preferred = spec.anti_affinity == AntiAffinity::kPreferred;
      in.host_ports = spec.host_ports;
      in.images = spec.images;
      in.rwop_claims = spec.rwop_claims;
    }
    groups = CompilePodGroups(inputs, node_labels, node_images, &topology);
    for (uint32_t w = 0; w < sc.workloads.size(); ++w) {
      SchedPod& sp = workloads[w].sched;
      sp.group = &groups[w];
      const std::string& want = sc.workloads[w].node_name;
      if (want.empty()) continue;
      // A name no node has keeps the pod Pending, as on a real cluster.
      sp.node_name = static_cast<uint32_t>(nodes.size());
      for (uint32_t n = 0; n < nodes.size(); ++n) {
        if (nodes[n].name == want) sp.node_name = n;
      }
    }
  }

  // Matches every workload's nodeSelector, node affinity and tolerations against every node
  // once, so that the scheduler's NodeAffinity and TaintToleration look up a byte per node.
  void CompilePodSpecs(const std::vector<Labels>& node_labels) {
    bool any_taints = false;
    for (const auto& pool : sc.node_pools) any_taints |= !pool.taints.empty();
    for (uint32_t w = 0; w < sc.workloads.size(); ++w) {
      const Workload& spec = sc.workloads[w];
      WorkloadState& ws = workloads[w];
      const Toleration* unreachable = nullptr;
      for (const auto& t : spec.tolerations) {
        if (t.ToleratesTaint("node.kubernetes.io/unreachable", "", TaintEffect::kNoSchedule)) {
          ws.sched.tolerates_unreachable = true;
        }
        if (t.ToleratesTaint("node.kubernetes.io/unreachable", "", TaintEffect::kNoExecute)) {
          unreachable = &t;
        }
      }
      // A toleration without tolerationSeconds keeps the pod bound forever (taint manager).
      ws.evict_on_unreachable = unreachable == nullptr;
      const bool selects = !spec.node_selector.empty() || !spec.required_node_terms.empty();
      const bool prefers = !spec.preferred_node_terms.empty();
      if (!any_taints && !selects && !prefers) continue;
      ws.node_verdict.assign(nodes.size(), 0);
      if (prefers) ws.node_preference.assign(nodes.size(), 0);
      if (any_taints) ws.prefer_no_schedule.assign(nodes.size(), 0);
      uint32_t node = 0;
      for (const auto& pool : sc.node_pools) {
        for (int i = 0; i < pool.count; ++i, ++node) {
          int hard = 0;  // index among the pool's NoSchedule/NoExecute taints
          for (const Taint& taint : pool.taints) {
            const bool is_hard = taint.effect != TaintEffect::kPreferNoSchedule;
            const int index = is_hard ? hard++ : -1;
            const bool tolerated =
                std::any_of(spec.tolerations.begin(), spec.tolerations.end(), [&](const auto& t) {
                  return t.ToleratesTaint(taint.key, taint.value, taint.effect);
                });
            if (tolerated) continue;
            if (!is_hard) {
              ++ws.prefer_no_schedule[node];
            } else if (!(ws.node_verdict[node] & SchedPod::kUntoleratedTaint)) {
              const int shown = std::min<int>(index, SchedPod::kTaintIndexUnknown);
              ws.node_verdict[node] |= static_cast<uint8_t>(SchedPod::kUntoleratedTaint |
                                                            (shown << SchedPod::kTaintShift));
            }
          }
          if (!selects && !prefers) continue;
          const Labels& labels = node_labels[node];
          bool match = true;
          for (const auto& [k, v] : spec.node_selector) {
            auto it = labels.find(k);
            match &= it != labels.end() && it->second == v;
          }
          if (!spec.required_node_terms.empty()) {
            // Terms are ORed.
            match &= std::any_of(spec.required_node_terms.begin(), spec.required_node_terms.end(),
                                 [&](const NodeSelectorTerm& t) { return t.Matches(labels); });
          }
          if (!match) ws.node_verdict[node] |= SchedPod::kNodeAffinityMismatch;
          for (const auto& pref : spec.preferred_node_terms) {
            if (pref.preference.Matches(labels)) ws.node_preference[node] += pref.weight;
          }
        }
      }
      ws.sched.node_verdict = ws.node_verdict.data();
      ws.sched.has_node_affinity = selects;
      if (prefers) ws.sched.node_preference = ws.node_preference.data();
      if (any_taints) ws.sched.prefer_no_schedule = ws.prefer_no_schedule.data();
    }
  }

  void BuildFailures() {
    uint32_t index = 0;
    for (uint32_t f = 0; f < sc.failures.size(); ++f) {
      const FailureSpec& spec = sc.failures[f];
      std::vector<uint32_t> targets;
      if (!spec.trace.empty()) {
        BuildTrace(f);
        continue;
      }
      if (spec.drain) {
        DrainProcess d;
        d.spec = f;
        d.targets = NodeTargets(spec);
        drains.push_back(std::move(d));
        continue;
      }
      if (spec.target == FailureTargetKind::kNode || spec.target == FailureTargetKind::kDisk) {
        targets = NodeTargets(spec);
      } else {
        const DomainLevel level =
            spec.target == FailureTargetKind::kZone ? DomainLevel::kZone : DomainLevel::kRack;
        for (uint32_t d = 0; d < domains.Count(level); ++d) {
          // A domain's nodes share its zone; the first one tells which.
          const uint32_t first = domains.NodesUnder(level, d)[0];
          if (!spec.zone.empty() && zone_names[nodes[first].zone] != spec.zone) continue;
          // Names as the loader left them: zones, and racks as "<zone>/<rack>".
          if (!spec.names.empty() &&
              std::none_of(spec.names.begin(), spec.names.end(), [&](const std::string& name) {
                return domains.Find(level, name) == d;
              })) {
            continue;
          }
          targets.push_back(d);
        }
      }
      for (uint32_t t : targets) {
        FailureProcess p;
        p.spec = f;
        p.target = t;
        p.kind = spec.target;
        // Streams are per (failure spec, target) so that adding a workload or changing a
        // policy never shifts the failure sequence (common random numbers).
        p.every_rng = StreamRng(seed, replication, StreamId(StreamKind::kFailureEvery, index));
        p.lasts_rng = StreamRng(seed, replication, StreamId(StreamKind::kFailureLasts, index));
        ++index;
        processes.push_back(p);
      }
    }
  }

  // The outages of trace-driven failure `f` for this replication: as recorded, or rotated by
  // a uniform offset (wrapping at the horizon) with each scope's targets permuted.
  void BuildTrace(uint32_t f) {
    const FailureSpec& spec = sc.failures[f];
    std::map<std::string, uint32_t> node_index;
    for (uint32_t n = 0; n < nodes.size(); ++n) node_index.emplace(nodes[n].name, n);
    Rng rng = StreamRng(seed, replication, StreamId(StreamKind::kTraceBootstrap, f));
    const SimTime horizon = sc.simulation.horizon;
    const SimTime offset =
        spec.bootstrap ? static_cast<SimTime>(rng.Below(static_cast<uint64_t>(horizon))) : 0;
    // Permutations of nodes, racks and zones (identity when replaying).
    auto permutation = [&](uint32_t count) {
      std::vector<uint32_t> perm(count);
      for (uint32_t i = 0; i < count; ++i) perm[i] = i;
      if (spec.bootstrap) {
        for (uint32_t i = count; i > 1; --i) std::swap(perm[i - 1], perm[rng.Below(i)]);
      }
      return perm;
    };
    const std::vector<uint32_t> node_perm = permutation(static_cast<uint32_t>(nodes.size()));
    const std::vector<uint32_t> rack_perm = permutation(domains.Count(DomainLevel::kRack));
    const std::vector<uint32_t> zone_perm = permutation(domains.Count(DomainLevel::kZone));
    for (const TraceOutage& o : spec.trace) {
      TraceEvent e;
      e.scope = o.scope;
      e.loss = o.effect == FailureEffect::kLoss;
      switch (o.scope) {
        case FailureTargetKind::kNode:
        case FailureTargetKind::kDisk:
          e.target = node_perm[node_index.at(o.target)];
          break;
        case FailureTargetKind::kRack:
          e.target = rack_perm[domains.Find(DomainLevel::kRack, o.target)];
          break;
        case FailureTargetKind::kZone:
          e.target = zone_perm[domains.Find(DomainLevel::kZone, o.target)];
          break;
      }
      if (!spec.bootstrap) {
        e.start = o.start;
        e.end = o.end;
        trace_events.push_back(e);
        continue;
      }
      e.start = (o.start % horizon + offset) % horizon;
      if (o.end == kNever) {
        trace_events.push_back(e);
        continue;
      }
      const SimTime length = o.end - o.start;
      e.end = e.start + length;
      if (e.end <= horizon) {
        trace_events.push_back(e);
        continue;
      }
      // Wrapped: the part past the horizon comes back at time 0.
      TraceEvent tail = e;
      e.end = horizon;
      tail.start = 0;
      tail.end = std::min(e.start, length - (horizon - e.start));
      trace_events.push_back(e);
      trace_events.push_back(tail);
    }
  }

  // The nodes a node or disk failure (or a drain) targets: its pool, zone and names.
  std::vector<uint32_t> NodeTargets(const FailureSpec& spec) const {
    std::vector<uint32_t> targets;
    size_t node = 0;
    for (const auto& pool : sc.node_pools) {
      for (int i = 0; i < pool.count; ++i, ++node) {
        if (!spec.pool.empty() && pool.name != spec.pool) continue;
        if (!spec.zone.empty() && zone_names[nodes[node].zone] != spec.zone) continue;
        if (!spec.names.empty() &&
            std::find(spec.names.begin(), spec.names.end(), nodes[node].name) == spec.names.end())
          continue;
        targets.push_back(static_cast<uint32_t>(node));
      }
    }
    return targets;
  }

  // ---------------------------------------------------------------- SchedulingState

  std::span<const uint32_t> NodesOfWorkload(uint32_t w) const override {
    return workloads[w].nodes;
  }
  std::span<const uint32_t> LiveNodesOfWorkload(uint32_t w) const override {
    return workloads[w].live_nodes;
  }
  std::span<const SchedNode> Nodes() const override { return sched_nodes; }
  std::span<const uint32_t> Domains(uint32_t key) const override { return topology.Domains(key); }
  uint32_t DomainCount(uint32_t key) const override { return topology.DomainCount(key); }

  // ---------------------------------------------------------------- helpers

  void Trace(TraceKind kind, uint32_t node, uint32_t pod, uint32_t volume = kNone,
             const char* detail = nullptr) {
    if (!trace || observer == nullptr) return;
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

  SimTime Draw(const Distribution& d, Rng& rng) { return initializing ? 0 : d.Sample(rng); }

  void SetReady(uint32_t w, int delta) {
    workloads[w].ready += delta;
    if (observer != nullptr) observer->OnReadyChanged(w, workloads[w].ready, sim.now());
  }

  // The replica of StatefulSet pod `id` now waits for `cause` (no-op for other pods and for
  // replicas that are not recovering).
  void Cause(uint32_t id, RecoveryCause cause) {
    const Pod& p = pods[id];
    if (p.ordinal < 0) return;
    ReplicaClock& c = workloads[p.workload].clocks[p.ordinal];
    if (!c.running) return;
    const SimTime now = sim.now();
    c.spent[static_cast<size_t>(c.cause)] += now - c.since;
    c.since = now;
    c.cause = cause;
  }

  // ---------------------------------------------------------------- pods

  // Removes one occurrence of `v` (order does not matter: these are multisets).
  static void EraseOne(std::vector<uint32_t>* list, uint32_t v) {
    auto it = std::find(list->begin(), list->end(), v);
    if (it != list->end()) {
      *it = list->back();
      list->pop_back();
    }
  }

  uint32_t AllocPod(uint32_t w, int ordinal) {
    uint32_t id;
    if (free_pods != kNone) {
      id = free_pods;
      free_pods = pods[id].next;
    } else {
      id = static_cast<uint32_t>(pods.size());
      pods.emplace_back();
    }
    Pod& p = pods[id];
    const uint32_t epoch = p.epoch + 1;
    p = Pod();
    p.epoch = epoch;
    p.workload = w;
    p.ordinal = ordinal;
    p.phase = PodPhase::kPending;
    if (ordinal >= 0) p.volume = workloads[w].volumes[ordinal];
    return id;
  }

  void CreatePod(uint32_t w, int ordinal) {
    const uint32_t id = AllocPod(w, ordinal);
    if (ordinal >= 0) {
      workloads[w].slots[ordinal] = id;
    } else {
      ++workloads[w].active;
    }
    Trace(TraceKind::kPodCreated, kNone, id);
    Cause(id, RecoveryCause::kWaitingForNode);
    pods[id].pending_since = sim.now();
    // spec.nodeName: bound as given, without the scheduler.
    const uint32_t named = workloads[w].sched.node_name;
    if (named < nodes.size()) {
      if (trace && observer != nullptr) {
        explanation.candidates.clear();
        observer->OnPlacement(id, named, kBoundByNodeName, explanation);
      }
      Bind(id, named);
      return;
    }
    if (!TrySchedule(id)) pending.push_back(id);
  }

  // Pending time inside the metrics window, up to `until`.
  void AddPending(uint32_t id, SimTime until) {
    const SimTime from = std::max(pods[id].pending_since, sc.simulation.warmup);
    if (until > from) counters.pending_us[pods[id].workload] += until - from;
  }

  SchedPod SchedView(const Pod& p) {
    SchedPod s = workloads[p.workload].sched;
    if (p.volume != kNone) {
      const Volume& v = volumes[p.volume];
      if (v.bound && v.kind == StorageKind::kLocal) s.pinned_node = v.pinned_node;
      if (v.bound && v.kind != StorageKind::kLocal) {
        s.required_zone = v.zone;
        s.zone_mask = v.zones;
      }
      if (!v.bound && class_pv_use[v.storage_class] == PvUse::kOnly) {
        s.volume_unbound = true;
        s.volume_nodes = FillPvTable(p.volume, true);
      } else if (v.pv != kNone && !pvs[v.pv].any_node && s.pinned_node == kNone) {
        s.volume_nodes = FillPvTable(p.volume, false);
      }
      // Still attached (or on its way, or not yet detached): a pod placed there needs no new
      // attach.
      if (v.attached != kNone && v.kind != StorageKind::kLocal && v.state != VolState::kDetached) {
        s.volume_node = v.attached;
        // wait-for-node: the volume stays with its node, and so must the pod.
        if (sc.recovery.kind == RecoveryKind::kWaitForNode) s.pinned_node = v.attached;
      }
    }
    return s;
  }

  bool TrySchedule(uint32_t id) {
    const SchedPod view = SchedView(pods[id]);
    const bool explain = trace && observer != nullptr;
    const Scheduler::Result r =
        scheduler->Schedule(*this, view, sched_nodes, explain ? &explanation : nullptr);
    if (explain) observer->OnPlacement(id, r.node, r.reason, explanation);
    if (r.node == kNone) {
      ++counters.scheduling_failures;
      // A deletion retries every pending pod; a binding only those it may help.
      pods[id].wake_on_pod_add = r.retry_on_pod_add;
      wakers_pending |= pods[id].wake_on_pod_add;
      Trace(TraceKind::kPodUnschedulable, kNone, id, kNone, r.reason);
      return false;
    }
    Bind(id, r.node);
    return true;
  }

  void Bind(uint32_t id, uint32_t n) {
    AddPending(id, sim.now());
    Pod& p = pods[id];
    Node& node = nodes[n];
    p.node = n;
    p.prev = kNone;
    p.next = node.first_pod;
    if (node.first_pod != kNone) pods[node.first_pod].prev = id;
    node.first_pod = id;
    WorkloadState& ws = workloads[p.workload];
    SchedNode& s = sched_nodes[n];
    s.req_cpu += ws.sched.req_cpu;
    s.req_mem += ws.sched.req_mem;
    s.nz_cpu += ws.sched.nz_cpu;
    s.nz_mem += ws.sched.nz_mem;
    s.pods += 1;
    ws.nodes.push_back(n);
    if (!p.deleting) ws.live_nodes.push_back(n);
    if (node.up) {
      Accrue();
      up_req_cpu += ws.sched.req_cpu;
      up_req_mem += ws.sched.req_mem;
    }
    if (p.volume != kNone) {
      Volume& v = volumes[p.volume];
      if (!v.bound) {
        // WaitForFirstConsumer: a pre-created volume reachable from the node that fits, else
        // one provisioned where the pod was scheduled.
        const uint32_t pid =
            class_pv_use[v.storage_class] != PvUse::kNone ? ChoosePv(p.volume, n) : kNone;
        if (pid != kNone) BindPv(p.volume, pid);
        v.bound = true;
        // A network volume without node affinity takes the zone(s) of the node.
        if (v.kind != StorageKind::kLocal && (pid == kNone || pvs[pid].any_node)) {
          if (v.kind == StorageKind::kRegional) {
            v.zones = RegionalZones(v.storage_class, node.zone);
          } else {
            v.zone = node.zone;
          }
        }
      }
      // A local volume not yet on a node (provisioned now, or bound to a volume reachable from
      // several nodes) is on this one.
      if (v.kind == StorageKind::kLocal && v.pinned_node == kNone) PinLocal(p.volume, n);
      if (v.kind == StorageKind::kLocal) {
        v.state = VolState::kAttached;
        v.attached = v.pinned_node;
      }
    }
    Trace(TraceKind::kPodScheduled, n, id);
    StartOnNode(id);
    if (!retrying && wakers_pending) RetryPending();
  }

  // The kubelet takes over a pod bound to its node: mount the volume, start the containers.
  void StartOnNode(uint32_t id) {
    Pod& p = pods[id];
    if (!nodes[p.node].up) {
      p.phase = PodPhase::kDown;
      Cause(id, RecoveryCause::kWaitingForNode);
      return;
    }
    if (p.volume != kNone && volumes[p.volume].kind == StorageKind::kLocal &&
        nodes[p.node].disk_down > 0) {
      p.phase = PodPhase::kWaitingVolume;  // until the disk is replaced
      Cause(id, RecoveryCause::kWaitingForNode);
      return;
    }
    if (p.volume != kNone && volumes[p.volume].kind != StorageKind::kLocal) {
      Volume& v = volumes[p.volume];
      v.user = id;
      if (!(v.state == VolState::kAttached && v.attached == p.node)) {
        p.phase = PodPhase::kWaitingVolume;
        RequestAttach(p.volume);
        return;
      }
    }
    StartContainers(id);
  }

  // The volume is usable on the node: an empty one is filled first (init container), then the
  // containers start.
  void StartContainers(uint32_t id) {
    const Pod& p = pods[id];
    if (p.volume != kNone && !volumes[p.volume].has_data) {
      BeginFill(id);
      return;
    }
    StartApp(id);
  }

  void StartApp(uint32_t id) {
    Cause(id, RecoveryCause::kStart);
    Pod& p = pods[id];
    ++p.epoch;
    p.phase = PodPhase::kStarting;
    Trace(TraceKind::kPodStarting, p.node, id);
    const SimTime startup = Draw(sc.workloads[p.workload].app.startup, startup_rng[p.workload]);
    if (startup == 0) {
      PodReady(id);
    } else {
      sim.After(startup, kPodReady, id, p.epoch);
    }
  }

  void PodReady(uint32_t id) {
    Pod& p = pods[id];
    p.phase = PodPhase::kReady;
    if (p.ordinal >= 0) {
      ReplicaClock& c = workloads[p.workload].clocks[p.ordinal];
      if (c.running) {
        Cause(id, c.cause);
        // Counted like the recorder's recoveries: ready inside the window, whole length.
        if (sim.now() >= sc.simulation.warmup) {
          ++counters.replica_recoveries[p.workload];
          for (size_t k = 0; k < kRecoveryCauses; ++k) {
            counters.recovery_cause_us[p.workload][k] += c.spent[k];
          }
        }
        c = ReplicaClock{};
      }
    }
    Trace(TraceKind::kPodReady, p.node, id);
    const uint32_t w = p.workload;
    SetReady(w, +1);
    if (!workloads[w].waiting_peer.empty()) WakePeers(w);
    if (sc.workloads[w].app.leader_election.enabled && workloads[w].leader == kNone) {
      TryAcquireLease(w, id);
    }
    if (pods[id].ordinal >= 0 && !initializing) ReconcileStatefulSet(w);
  }

  // The containers stop (node down, disk gone) or the pod goes away: it is no longer ready.
  void StopPod(uint32_t id) {
    Pod& p = pods[id];
    ++p.epoch;  // cancels a pending kPodReady or kCopyDone
    if (p.phase == PodPhase::kReady) {
      SetReady(p.workload, -1);
      Trace(TraceKind::kPodNotReady, p.node, id);
      if (workloads[p.workload].leader == id) LeaderStopped(id);
      if (p.ordinal >= 0 && !initializing) {
        ReplicaClock& c = workloads[p.workload].clocks[p.ordinal];
        c = ReplicaClock{};
        c.running = true;
        c.since = sim.now();
      }
    }
    Cause(id, RecoveryCause::kWaitingForNode);
    p.phase = PodPhase::kDown;
  }

  // ---------------------------------------------------------------- data

  // Fills the pod's empty volume: from the backup (restore-from-backup), else from a live
  // replica (an init container cloning, at the rebuild bandwidth). With no live replica it
  // waits for one; with no copy left anywhere the data set was lost, and this replica starts
  // it afresh.
  void BeginFill(uint32_t id) {
    Pod& p = pods[id];
    WorkloadState& ws = workloads[p.workload];
    const AppSpec& app = sc.workloads[p.workload].app;
    ++p.epoch;
    double bandwidth = 0;
    if (sc.recovery.kind == RecoveryKind::kRestoreFromBackup) {
      bandwidth = sc.recovery.bandwidth;
    } else if (ws.ready > 0) {
      bandwidth = sc.recovery.kind == RecoveryKind::kRebuildFromPeers && sc.recovery.bandwidth > 0
                      ? sc.recovery.bandwidth
                      : app.rebuild_bandwidth;
    } else if (ws.holders == 0) {
      SetHasData(p.volume);
      StartApp(id);
      return;
    } else {
      Cause(id, RecoveryCause::kRebuild);
      p.phase = PodPhase::kWaitingPeer;
      ws.waiting_peer.push_back(id);
      return;
    }
    p.phase = PodPhase::kCopying;
    Cause(id, RecoveryCause::kRebuild);
    Trace(TraceKind::kPodCopyingData, p.node, id, p.volume);
    const SimTime d = bandwidth > 0 && !initializing
                          ? static_cast<SimTime>(static_cast<double>(app.data_size_bytes) /
                                                 bandwidth * static_cast<double>(kSecond))
                          : 0;
    if (d == 0) {
      CopyDone(id);
    } else {
      sim.After(d, kCopyDone, id, p.epoch);
    }
  }

  void CopyDone(uint32_t id) {
    SetHasData(pods[id].volume);
    StartApp(id);
  }

  void WakePeers(uint32_t w) {
    peer_scratch.swap(workloads[w].waiting_peer);
    for (uint32_t id : peer_scratch) {
      if (pods[id].phase == PodPhase::kWaitingPeer && pods[id].workload == w) BeginFill(id);
    }
    peer_scratch.clear();
  }

  void SetHasData(uint32_t vid) {
    Volume& v = volumes[vid];
    if (v.has_data) return;
    v.has_data = true;
    ++workloads[v.workload].holders;
  }

  void LoseData(uint32_t vid) {
    Volume& v = volumes[vid];
    if (!v.has_data) return;
    v.has_data = false;
    if (--workloads[v.workload].holders == 0) DataLoss(v.workload);
  }

  // The last copy of a workload's data is gone.
  void DataLoss(uint32_t w) {
    ++counters.data_loss_events;
    SimTime lost_writes = -1;  // everything
    if (sc.recovery.kind == RecoveryKind::kRestoreFromBackup) {
      // Backups run every interval from a per-workload phase; what was written since the last
      // one is lost.
      const SimTime now = sim.now(), period = sc.recovery.interval;
      const SimTime phase = workloads[w].backup_phase;
      const SimTime last = phase + FloorDiv(now - phase, period) * period;
      lost_writes = last >= 0 ? now - last : now;
    }
    if (trace && observer != nullptr) {
      TraceRecord r;
      r.time = sim.now();
      r.kind = TraceKind::kDataLoss;
      r.workload = w;
      observer->OnTrace(r);
    }
    if (observer != nullptr) observer->OnDataLoss(w, sim.now(), lost_writes);
    // Nobody holds the data any more: those waiting for a peer start afresh.
    if (!workloads[w].waiting_peer.empty()) WakePeers(w);
  }

  // The recovery policy's action on one volume: the claim is deleted with its pod; the
  // StatefulSet controller recreates both, and the new, empty volume is filled as it starts.
  void ReplaceVolume(uint32_t vid) {
    Volume& v = volumes[vid];
    const uint32_t pod = workloads[v.workload].slots[v.ordinal];
    LoseData(vid);
    if (v.kind == StorageKind::kLocal && v.pinned_node != kNone) {
      EraseOne(&node_local[v.pinned_node], vid);
    }
    if (v.state == VolState::kAwaitForceDetach) RemoveAwaiting(vid);
    // The old PV, and its attachment to the unreachable node, are no longer this claim's.
    ++v.epoch;
    v.state = VolState::kDetached;
    v.attached = kNone;
    v.pinned_node = kNone;
    v.zone = kNone;
    v.zones = 0;
    v.user = kNone;
    v.bound = false;
    // Its pre-created volume is released: Retain keeps it out of use, Delete frees it.
    if (v.pv != kNone) {
      pvs[v.pv].available = sc.persistent_volumes[v.pv].reclaim_delete;
      v.pv = kNone;
    }
    BindImmediate(vid);
    Trace(TraceKind::kVolumeReplaced, kNone, pod, vid);
    if (pod != kNone) ForceDelete(pod);
  }

  // ---------------------------------------------------------------- leader election

  // A pod that just became ready finds no leader: it acquires the lease at once if it is free
  // (client-go tries immediately on start), else at a retry after the lease runs out.
  void TryAcquireLease(uint32_t w, uint32_t id) {
    WorkloadState& ws = workloads[w];
    if (sim.now() >= ws.lease_free_at) {
      SetLeader(w, id);
      return;
    }
    ScheduleLeaderTry(w, ws.lease_free_at);
  }

  void SetLeader(uint32_t w, uint32_t id) {
    WorkloadState& ws = workloads[w];
    ws.leader = id;
    ++ws.leader_epoch;
    if (observer != nullptr) observer->OnLeaderChanged(w, true, sim.now());
  }

  // The earliest candidate's retry at or after `free_at`: each retries every
  // retryPeriod x (1 + 1.2 u) from its own phase.
  void ScheduleLeaderTry(uint32_t w, SimTime free_at) {
    WorkloadState& ws = workloads[w];
    const LeaderElectionSpec& le = sc.workloads[w].app.leader_election;
    Rng& rng = leader_rng[w];
    const int candidates = std::clamp(ws.ready, 1, 16);
    double wait = HUGE_VAL;
    for (int c = 0; c < candidates; ++c) {
      const double interval =
          static_cast<double>(le.retry_period) * (1.0 + kLeaderElectionJitter * rng.Uniform());
      wait = std::min(wait, rng.Uniform() * interval);
    }
    ++ws.leader_epoch;
    sim.At(std::max(free_at, sim.now()) + static_cast<SimTime>(wait), kLeaderTry, w,
           ws.leader_epoch);
  }

  void LeaderTry(uint32_t w) {
    WorkloadState& ws = workloads[w];
    if (ws.leader != kNone || ws.ready == 0) return;  // the next ready pod acquires
    SetLeader(w, AnyReadyPod(w));
  }

  uint32_t AnyReadyPod(uint32_t w) const {
    for (uint32_t id : workloads[w].slots) {
      if (id != kNone && pods[id].phase == PodPhase::kReady) return id;
    }
    for (uint32_t id = 0; id < pods.size(); ++id) {
      if (pods[id].workload == w && pods[id].phase == PodPhase::kReady) return id;
    }
    return kNone;
  }

  // The leader's containers stopped. A crashed leader holds the lease until leaseDuration
  // after its last renewal (renewals every retryPeriod); one that shuts down gracefully
  // releases it (ReleaseOnCancel).
  void LeaderStopped(uint32_t id) {
    const uint32_t w = pods[id].workload;
    WorkloadState& ws = workloads[w];
    const LeaderElectionSpec& le = sc.workloads[w].app.leader_election;
    const Pod& p = pods[id];
    const bool graceful =
        p.node != kNone && nodes[p.node].up && !(IsLocal(p.volume) && nodes[p.node].disk_down > 0);
    if (graceful) {
      ws.lease_free_at = sim.now();
    } else {
      const SimTime since_renew =
          static_cast<SimTime>(leader_rng[w].Uniform() * static_cast<double>(le.retry_period));
      ws.lease_free_at = sim.now() - since_renew + le.lease_duration;
    }
    ws.leader = kNone;
    if (observer != nullptr) observer->OnLeaderChanged(w, false, sim.now());
    if (ws.ready > 0) ScheduleLeaderTry(w, ws.lease_free_at);
  }

  bool IsLocal(uint32_t vid) const {
    return vid != kNone && volumes[vid].kind == StorageKind::kLocal;
  }

  void Unlink(uint32_t id) {
    Pod& p = pods[id];
    Node& node = nodes[p.node];
    if (p.prev != kNone) {
      pods[p.prev].next = p.next;
    } else {
      node.first_pod = p.next;
    }
    if (p.next != kNone) pods[p.next].prev = p.prev;
    WorkloadState& ws = workloads[p.workload];
    SchedNode& s = sched_nodes[p.node];
    s.req_cpu -= ws.sched.req_cpu;
    s.req_mem -= ws.sched.req_mem;
    s.nz_cpu -= ws.sched.nz_cpu;
    s.nz_mem -= ws.sched.nz_mem;
    s.pods -= 1;
    EraseOne(&ws.nodes, p.node);
    if (!p.deleting) EraseOne(&ws.live_nodes, p.node);
    if (node.up) {
      Accrue();
      up_req_cpu -= ws.sched.req_cpu;
      up_req_mem -= ws.sched.req_mem;
    }
  }

  // The pod object disappears from the API (deletion completed by the kubelet, or forced).
  void RemovePod(uint32_t id) {
    const bool was_pending = pods[id].phase == PodPhase::kPending;
    StopPod(id);
    // Copies: the handlers below may create pods and so move the pods vector.
    const Pod p = pods[id];
    if (!was_pending && p.node != kNone) {
      Unlink(id);
    } else {
      AddPending(id, sim.now());
      pending.erase(std::remove(pending.begin(), pending.end(), id), pending.end());
    }
    Trace(TraceKind::kPodRemoved, p.node, id);
    Pod& slot = pods[id];
    ++slot.epoch;
    slot.phase = PodPhase::kFree;
    slot.next = free_pods;
    free_pods = id;
    if (p.volume != kNone && p.node != kNone) ReleaseVolume(p.volume, id, p.node);
    if (p.ordinal >= 0) {
      workloads[p.workload].slots[p.ordinal] = kNone;
      ReconcileStatefulSet(p.workload);
    } else {
      if (!p.deleting) --workloads[p.workload].active;
      ReconcileDeployment(p.workload);
    }
    // A deleted pod is one of kube-scheduler's queueing hints: its node has room again.
    RetryPending();
  }

  // Graceful delete with a dead kubelet: the object stays, Terminating. `by_taint`: the taint
  // manager's eviction (else a drain's).
  void EvictPod(uint32_t id, bool by_taint = true) {
    Pod& p = pods[id];
    if (p.deleting) return;
    p.deleting = true;
    if (p.node != kNone) EraseOne(&workloads[p.workload].live_nodes, p.node);
    if (by_taint) ++counters.pod_evictions;
    Trace(TraceKind::kPodEvicted, p.node, id);
    if (p.ordinal < 0) {
      --workloads[p.workload].active;
      ReconcileDeployment(p.workload);
    }
    // A StatefulSet does nothing: the pod keeps its identity until the object is gone.
  }

  void ForceDelete(uint32_t id) {
    Trace(TraceKind::kPodForceDeleted, pods[id].node, id);
    RemovePod(id);
  }

  // ---------------------------------------------------------------- controllers

  void ReconcileDeployment(uint32_t w) {
    if (sc.workloads[w].kind == WorkloadKind::kPod) {
      if (!workloads[w].bare_created) {
        workloads[w].bare_created = true;
        CreatePod(w, -1);
      }
      return;
    }
    // ReplicaSet controller: pods with a deletionTimestamp do not count as active.
    while (workloads[w].active < sc.workloads[w].replicas) CreatePod(w, -1);
  }

  void ReconcileStatefulSet(uint32_t w) {
    // stateful_set_control.go: with OrderedReady, a missing ordinal is created only when every
    // lower one is Running and Ready and none is terminating; Parallel creates them all.
    const bool ordered = sc.workloads[w].pod_management == PodManagementPolicy::kOrderedReady;
    WorkloadState& ws = workloads[w];
    for (size_t o = 0; o < ws.slots.size(); ++o) {
      const uint32_t id = ws.slots[o];
      if (id == kNone) {
        CreatePod(w, static_cast<int>(o));
        if (ordered) return;
        continue;
      }
      if (ordered && (pods[id].deleting || pods[id].phase != PodPhase::kReady)) return;
    }
  }

  void RetryPending() {
    if (pending.empty() || retrying) return;
    retrying = true;
    bool again = true;
    while (again) {
      pending_scratch.swap(pending);
      pending.clear();
      bool bound = false;
      for (uint32_t id : pending_scratch) {
        if (pods[id].phase != PodPhase::kPending) continue;
        if (TrySchedule(id)) {
          bound = true;
        } else {
          pending.push_back(id);
        }
      }
      pending_scratch.clear();
      // A pod placed in this pass may be what an earlier one waited for.
      wakers_pending = std::any_of(pending.begin(), pending.end(),
                                   [&](uint32_t q) { return pods[q].wake_on_pod_add; });
      again = bound && wakers_pending;
    }
    retrying = false;
  }

  // ---------------------------------------------------------------- volumes

  Rng& AttachRng(const Volume& v) { return attach_rng[v.storage_class]; }

  void RequestAttach(uint32_t vid) {
    Volume& v = volumes[vid];
    const uint32_t target = pods[v.user].node;
    switch (v.state) {
      case VolState::kDetached:
        BeginAttach(vid, target);
        return;
      case VolState::kAwaitForceDetach:
        if (v.attached == target) {
          // A new pod uses the volume on the same node: the pending detach is aborted.
          ++v.epoch;
          RemoveAwaiting(vid);
          v.state = VolState::kAttached;
          StartContainers(v.user);
          return;
        }
        break;
      case VolState::kAttaching:
        if (v.attached == target) return;  // already on its way
        break;
      case VolState::kDetaching:
        if (v.attached == target && sim.now() - v.detach_started < kReconcilerLoopPeriod) {
          // The attach-detach reconciler (a 100 ms loop) sees the new pod on the same node
          // before it acts on the old pod's removal: the volume simply stays attached.
          ++v.epoch;
          v.state = VolState::kAttached;
          StartContainers(v.user);
          return;
        }
        break;
      default:
        break;
    }
    // RWO volume still attached elsewhere: FailedAttachVolume, Multi-Attach error. The
    // attach is retried when the detach completes.
    Cause(v.user, RecoveryCause::kDetach);
    Trace(TraceKind::kVolumeMultiAttach, target, v.user, vid);
  }

  void BeginAttach(uint32_t vid, uint32_t node) {
    Volume& v = volumes[vid];
    v.state = VolState::kAttaching;
    v.attached = node;
    ++v.epoch;
    if (v.user != kNone) Cause(v.user, RecoveryCause::kAttach);
    Trace(TraceKind::kVolumeAttachStarted, node, v.user, vid);
    const SimTime d = Draw(sc.storage_classes[v.storage_class].attach, AttachRng(v));
    if (d == 0) {
      AttachDone(vid);
    } else {
      sim.After(d, kAttachDone, vid, v.epoch);
    }
  }

  void AttachDone(uint32_t vid) {
    Volume& v = volumes[vid];
    v.state = VolState::kAttached;
    Trace(TraceKind::kVolumeAttached, v.attached, v.user, vid);
    if (v.user != kNone && pods[v.user].node == v.attached) {
      if (pods[v.user].phase == PodPhase::kWaitingVolume) StartContainers(v.user);
      return;
    }
    // Its pod went away while it attached: release it again.
    Release(vid, v.attached);
  }

  void BeginDetach(uint32_t vid) {
    Volume& v = volumes[vid];
    v.state = VolState::kDetaching;
    v.detach_started = sim.now();
    ++v.epoch;
    Trace(TraceKind::kVolumeDetachStarted, v.attached, kNone, vid);
    const SimTime d = Draw(sc.storage_classes[v.storage_class].detach, detach_rng[v.storage_class]);
    if (d == 0) {
      DetachDone(vid);
    } else {
      sim.After(d, kDetachDone, vid, v.epoch);
    }
  }

  void DetachDone(uint32_t vid) {
    Volume& v = volumes[vid];
    Trace(TraceKind::kVolumeDetached, v.attached, kNone, vid);
    v.state = VolState::kDetached;
    v.attached = kNone;
    if (v.user != kNone && pods[v.user].phase == PodPhase::kWaitingVolume) {
      BeginAttach(vid, pods[v.user].node);
    }
  }

  void RemoveAwaiting(uint32_t vid) {
    auto it = std::find(await_force_detach.begin(), await_force_detach.end(), vid);
    if (it != await_force_detach.end()) {
      *it = await_force_detach.back();
      await_force_detach.pop_back();
    }
  }

  // The attach-detach controller learns that no pod on `node` uses the volume any more.
  void Release(uint32_t vid, uint32_t node) {
    Volume& v = volumes[vid];
    if (v.kind == StorageKind::kLocal) return;
    if (v.state != VolState::kAttached || v.attached != node) return;
    const Node& n = nodes[node];
    if (n.up || n.out_of_service) {
      // A healthy kubelet unmounts at once; an out-of-service node is detached immediately.
      BeginDetach(vid);
      return;
    }
    // The node cannot confirm the unmount: wait ReconcilerMaxWaitForUnmountDuration, then
    // force-detach if the node is still unhealthy (attach_detach_controller.go).
    v.state = VolState::kAwaitForceDetach;
    ++v.epoch;
    await_force_detach.push_back(vid);
    if (!k8s.disable_force_detach_on_timeout) {
      sim.After(k8s.force_detach_timeout, kForceDetach, vid, v.epoch);
    }
  }

  void ReleaseVolume(uint32_t vid, uint32_t pod, uint32_t node) {
    Volume& v = volumes[vid];
    if (v.user == pod) v.user = kNone;
    if (v.kind == StorageKind::kLocal) return;
    if (v.state == VolState::kAttached && v.attached == node) Release(vid, node);
  }

  void ForceDetach(uint32_t vid) {
    Volume& v = volumes[vid];
    if (v.state != VolState::kAwaitForceDetach) return;
    if (nodes[v.attached].ready) return;  // healthy again: the normal path handles it
    RemoveAwaiting(vid);
    BeginDetach(vid);
  }

  // ---------------------------------------------------------------- nodes

  void AddDownCause(uint32_t n) {
    Node& node = nodes[n];
    if (node.down_causes++ > 0) return;
    NodeDown(n);
  }

  void RemoveDownCause(uint32_t n) {
    Node& node = nodes[n];
    assert(node.down_causes > 0);
    if (--node.down_causes > 0) return;
    NodeUp(n);
  }

  void NodeDown(uint32_t n) {
    Node& node = nodes[n];
    ++counters.node_failures;
    Accrue();
    up_cap_cpu -= sched_nodes[n].alloc_cpu;
    up_cap_mem -= sched_nodes[n].alloc_mem;
    up_req_cpu -= sched_nodes[n].req_cpu;
    up_req_mem -= sched_nodes[n].req_mem;
    node.up = false;
    ++node.epoch;
    Trace(TraceKind::kNodeDown, n, kNone);
    for (uint32_t id = node.first_pod; id != kNone; id = pods[id].next) StopPod(id);
    // The kubelet's last lease renewal was at the latest phase point before now (renewals
    // every node_lease_renew_interval, or the moment the node came up). The node lifecycle
    // controller notices at its first tick (every node_monitor_period) that is more than
    // node_monitor_grace_period after it.
    const SimTime now = sim.now();
    const SimTime period = k8s.node_lease_renew_interval;
    SimTime last = node.heartbeat_phase + FloorDiv(now - node.heartbeat_phase, period) * period;
    last = std::max(last, node.last_up);
    const SimTime threshold = last + k8s.node_monitor_grace_period;
    const SimTime tick = k8s.node_monitor_period;
    const SimTime not_ready =
        controller_phase + (FloorDiv(threshold - controller_phase, tick) + 1) * tick;
    sim.At(not_ready, kNodeNotReady, n, node.epoch);
  }

  void NodeNotReady(uint32_t n) {
    Node& node = nodes[n];
    node.ready = false;
    sched_nodes[n].not_ready = true;
    Trace(TraceKind::kNodeNotReady, n, kNone);
    // Queued for its NoExecute taint; the zone's state is re-evaluated once this controller
    // pass has marked every node (an event at the same instant runs after those already due).
    ZoneTainter& z = tainters[node.zone];
    ++z.not_ready;
    z.queue.emplace_back(n, node.epoch);
    RequestZoneCheck();
    if (sc.failover.kind != FailoverKind::kKubernetes) {
      sim.After(sc.failover.after, kFailoverAction, n, node.epoch);
    }
    if (ReplacesVolumes()) sim.After(sc.recovery.after, kRecoveryAction, n, node.epoch);
  }

  void RequestZoneCheck() {
    if (zone_check_pending) return;
    zone_check_pending = true;
    sim.At(sim.now(), kZoneCheck, 0, 0);
  }

  // ComputeZoneState: fully disrupted when no node of the zone is Ready; partially when more
  // than 2 and at least unhealthyZoneThreshold of them are not (float32 arithmetic, as upstream).
  ZoneState StateOf(const ZoneTainter& z) const {
    if (z.not_ready > 0 && z.not_ready == z.nodes) return ZoneState::kFullDisruption;
    if (z.not_ready > 2 && static_cast<float>(z.not_ready) / static_cast<float>(z.nodes) >=
                               static_cast<float>(k8s.unhealthy_zone_threshold)) {
      return ZoneState::kPartialDisruption;
    }
    return ZoneState::kNormal;
  }

  // handleDisruption: each zone's limiter follows its state (a partially disrupted zone of at
  // most largeClusterSizeThreshold nodes taints nothing, a larger one at the secondary rate, a
  // fully disrupted one at the normal rate), except that when every zone is fully disrupted
  // nothing is tainted at all. A new rate is a new token bucket, full.
  void ZoneCheck() {
    zone_check_pending = false;
    bool all_full = !tainters.empty();
    for (const ZoneTainter& z : tainters) all_full &= StateOf(z) == ZoneState::kFullDisruption;
    for (uint32_t zi = 0; zi < tainters.size(); ++zi) {
      ZoneTainter& z = tainters[zi];
      double rate = k8s.node_eviction_rate;
      if (all_full) {
        rate = 0;
      } else if (StateOf(z) == ZoneState::kPartialDisruption) {
        rate = static_cast<int>(z.nodes) > k8s.large_cluster_size_threshold
                   ? k8s.secondary_node_eviction_rate
                   : 0;
      }
      if (rate != z.rate) {
        z.rate = rate;
        z.next_allowed = sim.now();
        ++z.epoch;
      }
      Pump(zi);
    }
  }

  // Taints the zone's queued nodes as its bucket allows; nodes that are Ready again, or went
  // down again since they were queued, left the queue (upstream removes them).
  void Pump(uint32_t zi) {
    ZoneTainter& z = tainters[zi];
    while (z.head < z.queue.size()) {
      const auto [n, epoch] = z.queue[z.head];
      if (nodes[n].epoch != epoch || nodes[n].ready || nodes[n].tainted) {
        ++z.head;
        continue;
      }
      if (z.rate <= 0) return;
      const SimTime now = sim.now();
      if (now < z.next_allowed) {
        ++z.epoch;
        sim.At(z.next_allowed, kZoneTaintTick, zi, z.epoch);
        return;
      }
      ++z.head;
      z.next_allowed = now + static_cast<SimTime>(static_cast<double>(kSecond) / z.rate);
      NodeTaint(n);
    }
    z.queue.clear();
    z.head = 0;
  }

  bool ReplacesVolumes() const {
    return sc.recovery.kind == RecoveryKind::kRebuildFromPeers ||
           sc.recovery.kind == RecoveryKind::kRestoreFromBackup;
  }

  // The recovery policy gives up on the unreachable node's volumes: those of its pods and the
  // local ones pinned to it.
  void RecoveryAction(uint32_t n) {
    volume_scratch.clear();
    for (uint32_t id = nodes[n].first_pod; id != kNone; id = pods[id].next) {
      if (pods[id].volume != kNone) volume_scratch.push_back(pods[id].volume);
    }
    volume_scratch.insert(volume_scratch.end(), node_local[n].begin(), node_local[n].end());
    ReplaceVolumes();
  }

  void ReplaceVolumes() {
    std::sort(volume_scratch.begin(), volume_scratch.end());
    volume_scratch.erase(std::unique(volume_scratch.begin(), volume_scratch.end()),
                         volume_scratch.end());
    // Nothing ReplaceVolume sets off (force delete, recreation, scheduling) uses the scratch.
    for (const uint32_t vid : volume_scratch) ReplaceVolume(vid);
  }

  // ---------------------------------------------------------------- disks

  // A disk failure loses the data of the node's local volumes; their pods stop until the disk
  // is replaced. The node itself stays up.
  void DiskDown(uint32_t n) {
    Node& node = nodes[n];
    ++node.disk_epoch;
    Trace(TraceKind::kDiskFailed, n, kNone);
    for (uint32_t vid : node_local[n]) LoseData(vid);
    if (node.disk_down++ == 0) {
      for (uint32_t id = node.first_pod; id != kNone; id = pods[id].next) {
        if (!IsLocal(pods[id].volume) || pods[id].phase == PodPhase::kDown) continue;
        StopPod(id);
        pods[id].phase = nodes[n].up ? PodPhase::kWaitingVolume : PodPhase::kDown;
      }
    }
    if (ReplacesVolumes()) sim.After(sc.recovery.after, kDiskRecovery, n, node.disk_epoch);
  }

  void DiskUp(uint32_t n) {
    Node& node = nodes[n];
    assert(node.disk_down > 0);
    if (--node.disk_down > 0) return;
    ++node.disk_epoch;
    Trace(TraceKind::kDiskReplaced, n, kNone);
    for (uint32_t id = node.first_pod; id != kNone;) {
      const uint32_t next = pods[id].next;
      if (IsLocal(pods[id].volume) && pods[id].phase == PodPhase::kWaitingVolume) StartOnNode(id);
      id = next;
    }
  }

  void DiskRecovery(uint32_t n) {
    volume_scratch.assign(node_local[n].begin(), node_local[n].end());
    ReplaceVolumes();
  }

  void NodeTaint(uint32_t n) {
    Node& node = nodes[n];
    node.tainted = true;
    Trace(TraceKind::kNodeTainted, n, kNone);
    // DefaultTolerationSeconds: every pod tolerates unreachable:NoExecute for 300 s.
    sim.After(k8s.default_toleration_seconds, kNodeEvict, n, node.epoch);
  }

  void NodeEvict(uint32_t n) {
    for (uint32_t id = nodes[n].first_pod; id != kNone;) {
      const uint32_t next = pods[id].next;
      if (workloads[pods[id].workload].evict_on_unreachable) EvictPod(id);
      id = next;
    }
  }

  void FailoverAction(uint32_t n) {
    Node& node = nodes[n];
    if (sc.failover.kind == FailoverKind::kForceDelete) {
      // An operator (or automation): kubectl delete pod --grace-period=0 --force.
      ForceDeleteAll(n);
      return;
    }
    const SimTime period = k8s.pod_gc_period;
    if (sc.failover.kind == FailoverKind::kReplaceNode) {
      // The Node object is deleted. PodGC's next pass sees its pods orphaned and queues the
      // node for quarantineTime; the pass after that confirms it is gone and deletes them.
      node.deleted = true;
      Trace(TraceKind::kNodeDeleted, n, kNone);
      const SimTime seen = podgc_phase + (FloorDiv(sim.now() - podgc_phase, period) + 1) * period;
      const SimTime confirmed = seen + kPodGcQuarantine;
      const SimTime gc = podgc_phase + (FloorDiv(confirmed - podgc_phase - 1, period) + 1) * period;
      sim.At(gc, kPodGcOrphans, n, node.epoch);
      return;
    }
    // Out-of-service taint: PodGC force-deletes the pods at its next pass (gcCheckPeriod)
    // and the attach-detach controller detaches their volumes without waiting.
    node.out_of_service = true;
    Trace(TraceKind::kOutOfServiceTaint, n, kNone);
    const SimTime next_gc =
        podgc_phase + (FloorDiv(sim.now() - podgc_phase - 1, period) + 1) * period;
    sim.At(next_gc, kPodGcOutOfService, n, node.epoch);
  }

  void ForceDeleteAll(uint32_t n) {
    for (uint32_t id = nodes[n].first_pod; id != kNone;) {
      const uint32_t next = pods[id].next;
      ForceDelete(id);
      id = next;
    }
  }

  void NodeUp(uint32_t n) {
    Node& node = nodes[n];
    Accrue();
    up_cap_cpu += sched_nodes[n].alloc_cpu;
    up_cap_mem += sched_nodes[n].alloc_mem;
    up_req_cpu += sched_nodes[n].req_cpu;
    up_req_mem += sched_nodes[n].req_mem;
    node.up = true;
    if (!node.ready) {
      --tainters[node.zone].not_ready;
      RequestZoneCheck();
    }
    node.ready = true;
    node.tainted = false;
    node.out_of_service = false;  // the operator removes it once the node is back
    node.deleted = false;         // a replaced machine registers its Node again
    node.last_up = sim.now();
    ++node.epoch;
    sched_nodes[n].not_ready = false;
    Trace(TraceKind::kNodeUp, n, kNone);
    // Volumes whose pods were deleted while the node was away: the kubelet unmounts, the
    // controller detaches normally.
    for (size_t i = 0; i < await_force_detach.size();) {
      const uint32_t vid = await_force_detach[i];
      if (volumes[vid].attached == n) {
        await_force_detach[i] = await_force_detach.back();
        await_force_detach.pop_back();
        BeginDetach(vid);
      } else {
        ++i;
      }
    }
    // The kubelet completes the deletion of pods deleted while it was away and restarts the
    // others in place.
    for (uint32_t id = node.first_pod; id != kNone;) {
      const uint32_t next = pods[id].next;
      if (pods[id].deleting) {
        RemovePod(id);
      } else {
        StartOnNode(id);
      }
      id = next;
    }
    RetryPending();
  }

  // ---------------------------------------------------------------- drains

  void ScheduleNextWave(uint32_t di) {
    DrainProcess& d = drains[di];
    const FailureSpec& spec = sc.failures[d.spec];
    SimTime next = kNever;
    while (d.next_at < spec.at.size() && spec.at[d.next_at] < sim.now()) ++d.next_at;
    if (d.next_at < spec.at.size()) next = spec.at[d.next_at];
    if (spec.drain->every > 0) {
      // Every `every` from the last wave's start; a wave that overran starts the next at once.
      const SimTime due = d.any_wave ? d.wave_started + spec.drain->every : spec.drain->every;
      next = std::min(next, std::max(due, sim.now()));
    }
    if (next != kNever) sim.At(next, kDrainWave, di, 0);
  }

  void DrainWave(uint32_t di) {
    DrainProcess& d = drains[di];
    const FailureSpec& spec = sc.failures[d.spec];
    if (d.next_at < spec.at.size() && spec.at[d.next_at] <= sim.now()) ++d.next_at;
    if (d.running) return;  // the previous wave is still rolling
    d.running = true;
    d.wave_started = sim.now();
    d.any_wave = true;
    d.next = 0;
    StartDrains(di);
  }

  // Keeps maxParallel nodes of the wave draining; schedules the next wave when all are done.
  void StartDrains(uint32_t di) {
    DrainProcess& d = drains[di];
    const int parallel = sc.failures[d.spec].drain->max_parallel;
    while (d.active < parallel && d.next < d.targets.size()) {
      const uint32_t n = d.targets[d.next++];
      ++d.active;
      Node& node = nodes[n];
      node.draining = true;
      node.drain = di;
      ++node.drain_epoch;
      sched_nodes[n].unschedulable = true;  // cordon
      Trace(TraceKind::kNodeCordoned, n, kNone);
      DrainAttempt(n);
    }
    if (d.active == 0 && d.next >= d.targets.size()) {
      d.running = false;
      ScheduleNextWave(di);
    }
  }

  // The eviction API's verdict on one pod: nullptr if it may go, else the refusal.
  const char* EvictionRefusal(uint32_t id) const {
    const Pod& p = pods[id];
    const std::vector<uint32_t>& budgets = sc.workloads[p.workload].disruption_budgets;
    if (budgets.empty()) return nullptr;
    if (budgets.size() > 1) return kSeveralBudgets;
    // A pod that is not running yet (waiting for its volume or data) ignores budgets.
    if (p.phase == PodPhase::kPending || p.phase == PodPhase::kWaitingVolume ||
        p.phase == PodPhase::kWaitingPeer || p.phase == PodPhase::kCopying) {
      return nullptr;
    }
    const DisruptionBudget& b = sc.disruption_budgets[budgets[0]];
    int healthy = 0;
    for (uint32_t w : b.workloads) healthy += workloads[w].ready;
    const int desired = budget_desired[budgets[0]];
    if (p.phase == PodPhase::kReady) return healthy - desired > 0 ? nullptr : kBudgetRefusal;
    // Running but not ready: unhealthyPodEvictionPolicy.
    return b.always_allow_unhealthy || healthy >= desired ? nullptr : kBudgetRefusal;
  }

  // kubectl drain: evict every pod of the node through the eviction API; retry the refused
  // ones every 5 s; once the node is empty, reboot it.
  void DrainAttempt(uint32_t n) {
    for (uint32_t id = nodes[n].first_pod; id != kNone;) {
      const uint32_t next = pods[id].next;
      if (!pods[id].deleting) {
        const char* refusal = EvictionRefusal(id);
        if (refusal != nullptr) {
          Trace(TraceKind::kEvictionRefused, n, id, kNone, refusal);
        } else {
          ++counters.drain_evictions;
          Trace(TraceKind::kPodEvicted, n, id, kNone, "drain");
          if (nodes[n].up) {
            RemovePod(id);  // a healthy kubelet stops the pod and the object goes
          } else {
            EvictPod(id, /*by_taint=*/false);  // Terminating until the kubelet is back
          }
        }
      }
      id = next;
    }
    if (nodes[n].first_pod == kNone) {
      Trace(TraceKind::kNodeRebooting, n, kNone);
      AddDownCause(n);
      const Distribution& reboot = *sc.failures[drains[nodes[n].drain].spec].lasts;
      sim.After(reboot.Sample(drain_rng), kDrainRebootEnd, n, nodes[n].drain_epoch);
      return;
    }
    sim.After(kDrainRetry, kDrainAttempt, n, nodes[n].drain_epoch);
  }

  void DrainRebootEnd(uint32_t n) {
    Node& node = nodes[n];
    node.draining = false;
    sched_nodes[n].unschedulable = node_unschedulable[n];  // uncordon
    Trace(TraceKind::kNodeUncordoned, n, kNone);
    RemoveDownCause(n);
    RetryPending();
    DrainProcess& d = drains[node.drain];
    --d.active;
    StartDrains(node.drain);
  }

  // ---------------------------------------------------------------- failure processes

  void ScheduleNextFailure(uint32_t pi) {
    FailureProcess& p = processes[pi];
    const FailureSpec& spec = sc.failures[p.spec];
    SimTime next = kNever;
    while (p.next_at < spec.at.size() && spec.at[p.next_at] < sim.now()) ++p.next_at;
    if (p.next_at < spec.at.size()) next = spec.at[p.next_at];
    if (spec.every) {
      // At least 1 us of up time: a zero draw must not make a failure start and end forever
      // at one instant.
      const SimTime up = std::max<SimTime>(spec.every->Sample(p.every_rng), 1);
      next = std::min(next, AddSat(sim.now(), up));
    }
    if (next != kNever) sim.At(next, kFailStart, pi, p.epoch);
  }

  void FailStart(uint32_t pi) {
    FailureProcess& p = processes[pi];
    const FailureSpec& spec = sc.failures[p.spec];
    if (p.next_at < spec.at.size() && spec.at[p.next_at] <= sim.now()) ++p.next_at;
    if (p.down) return;
    p.down = true;
    Apply(p.kind, p.target, spec.effect == FailureEffect::kLoss, true);
    if (!spec.lasts) return;  // permanent: never repaired
    // A node waits for a free crew; its repair time (`lasts`) runs from when one starts.
    const bool domain = p.kind == FailureTargetKind::kZone || p.kind == FailureTargetKind::kRack;
    if (sc.repair_crews > 0 && !domain) {
      if (crews_busy >= sc.repair_crews) {
        repair_queue.push_back(pi);
        return;
      }
      ++crews_busy;
      p.crewed = true;
    }
    StartRepair(pi);
  }

  void StartRepair(uint32_t pi) {
    FailureProcess& p = processes[pi];
    sim.After(sc.failures[p.spec].lasts->Sample(p.lasts_rng), kFailEnd, pi, p.epoch);
  }

  void FailEnd(uint32_t pi) {
    FailureProcess& p = processes[pi];
    p.down = false;
    if (p.crewed) {
      p.crewed = false;
      if (repair_head < repair_queue.size()) {
        // The crew moves on to the longest-waiting failure.
        const uint32_t next = repair_queue[repair_head++];
        if (repair_head == repair_queue.size()) {
          repair_queue.clear();
          repair_head = 0;
        } else if (repair_head * 2 > repair_queue.size()) {
          // Keep the ring within its reservation: drop the served half.
          repair_queue.erase(repair_queue.begin(),
                             repair_queue.begin() + static_cast<std::ptrdiff_t>(repair_head));
          repair_head = 0;
        }
        processes[next].crewed = true;
        StartRepair(next);
      } else {
        --crews_busy;
      }
    }
    Apply(p.kind, p.target, sc.failures[p.spec].effect == FailureEffect::kLoss, false);
    ScheduleNextFailure(pi);
  }

  // A failure of `kind` on `target` (a node, rack or zone index) begins (down) or ends.
  void Apply(FailureTargetKind kind, uint32_t target, bool loss, bool down) {
    auto apply = [&](uint32_t n) {
      if (down) {
        AddDownCause(n);
        // The machine is gone with its disks; its replacement (after `lasts`) has empty ones.
        if (loss) {
          for (uint32_t vid : node_local[n]) LoseData(vid);
        }
      } else {
        RemoveDownCause(n);
      }
    };
    switch (kind) {
      case FailureTargetKind::kNode:
        apply(target);
        break;
      case FailureTargetKind::kDisk:
        down ? DiskDown(target) : DiskUp(target);
        break;
      case FailureTargetKind::kRack:
        for (uint32_t n : domains.NodesUnder(DomainLevel::kRack, target)) apply(n);
        break;
      case FailureTargetKind::kZone:
        for (uint32_t n : domains.NodesUnder(DomainLevel::kZone, target)) apply(n);
        break;
    }
  }

  // ---------------------------------------------------------------- run

  void Start() {
    started = true;
    initializing = !sc.simulation.start_from_empty;
    // Time 0: every workload placed by the scheduler in file order.
    for (uint32_t w = 0; w < sc.workloads.size(); ++w) {
      if (sc.workloads[w].kind != WorkloadKind::kStatefulSet) {
        ReconcileDeployment(w);
      } else if (initializing) {
        for (int o = 0; o < sc.workloads[w].replicas; ++o) CreatePod(w, o);
      } else {
        ReconcileStatefulSet(w);
      }
    }
    initializing = false;
    for (uint32_t i = 0; i < processes.size(); ++i) ScheduleNextFailure(i);
    for (uint32_t i = 0; i < drains.size(); ++i) ScheduleNextWave(i);
    for (uint32_t i = 0; i < trace_events.size(); ++i) {
      sim.At(trace_events[i].start, kTraceStart, i, 0);
      if (trace_events[i].end != kNever) sim.At(trace_events[i].end, kTraceEnd, i, 0);
    }
  }

  void Dispatch(const Event& e) {
    const uint32_t t = e.target();
    switch (e.kind()) {
      case kFailStart:
        if (processes[t].epoch == e.epoch) FailStart(t);
        break;
      case kFailEnd:
        if (processes[t].epoch == e.epoch) FailEnd(t);
        break;
      case kNodeNotReady:
        if (nodes[t].epoch == e.epoch) NodeNotReady(t);
        break;
      case kZoneCheck:
        ZoneCheck();
        break;
      case kZoneTaintTick:
        if (tainters[t].epoch == e.epoch) Pump(t);
        break;
      case kNodeEvict:
        if (nodes[t].epoch == e.epoch) NodeEvict(t);
        break;
      case kFailoverAction:
        if (nodes[t].epoch == e.epoch) FailoverAction(t);
        break;
      case kPodGcOutOfService:
        if (nodes[t].epoch == e.epoch) ForceDeleteAll(t);
        break;
      case kPodReady:
        if (pods[t].epoch == e.epoch && pods[t].phase == PodPhase::kStarting) PodReady(t);
        break;
      case kAttachDone:
        if (volumes[t].epoch == e.epoch) AttachDone(t);
        break;
      case kDetachDone:
        if (volumes[t].epoch == e.epoch) DetachDone(t);
        break;
      case kForceDetach:
        if (volumes[t].epoch == e.epoch) ForceDetach(t);
        break;
      case kPodGcOrphans:
        if (nodes[t].epoch == e.epoch) ForceDeleteAll(t);
        break;
      case kRecoveryAction:
        if (nodes[t].epoch == e.epoch) RecoveryAction(t);
        break;
      case kDiskRecovery:
        if (nodes[t].disk_epoch == e.epoch) DiskRecovery(t);
        break;
      case kCopyDone:
        if (pods[t].epoch == e.epoch && pods[t].phase == PodPhase::kCopying) CopyDone(t);
        break;
      case kLeaderTry:
        if (workloads[t].leader_epoch == e.epoch) LeaderTry(t);
        break;
      case kDrainWave:
        DrainWave(t);
        break;
      case kTraceStart:
      case kTraceEnd: {
        const TraceEvent& te = trace_events[t];
        Apply(te.scope, te.target, te.loss, e.kind() == kTraceStart);
        break;
      }
      case kDrainAttempt:
        if (nodes[t].drain_epoch == e.epoch && nodes[t].draining) DrainAttempt(t);
        break;
      case kDrainRebootEnd:
        if (nodes[t].drain_epoch == e.epoch) DrainRebootEnd(t);
        break;
      default:
        assert(false && "unknown event kind");
    }
  }

  void RunUntil(SimTime end) {
    if (!started) Start();
    sim.RunUntil(end, [this](const Event& e) { Dispatch(e); });
    Accrue();
    // Pods still Pending count up to `end`; a later RunUntil continues from there.
    for (uint32_t id : pending) {
      AddPending(id, end);
      pods[id].pending_since = end;
    }
  }
};

ClusterModel::ClusterModel(const Scenario& scenario, uint64_t seed, uint64_t replication,
                           ModelObserver* observer, bool trace, Simulator* simulator)
    : impl_(std::make_unique<Impl>(scenario, seed, replication, observer, trace, simulator)) {}

ClusterModel::~ClusterModel() = default;

void ClusterModel::RunUntil(SimTime end) { impl_->RunUntil(end); }
SimTime ClusterModel::now() const { return impl_->sim.now(); }
uint64_t ClusterModel::events() const { return impl_->sim.dispatched(); }
const ModelCounters& ClusterModel::counters() const { return impl_->counters; }
int ClusterModel::ReadyReplicas(uint32_t w) const { return impl_->workloads[w].ready; }
int ClusterModel::PendingPods() const { return static_cast<int>(impl_->pending.size()); }

std::string ClusterModel::NodeName(uint32_t node) const {
  return node < impl_->nodes.size() ? impl_->nodes[node].name : "-";
}

std::string ClusterModel::WorkloadName(uint32_t w) const {
  return w < impl_->sc.workloads.size() ? impl_->sc.workloads[w].name : "-";
}

std::string ClusterModel::PodName(uint32_t pod) const {
  if (pod >= impl_->pods.size()) return "-";
  const auto& p = impl_->pods[pod];
  std::string base = WorkloadName(p.workload);
  // A bare Pod has its own name; StatefulSet pods have stable names; Deployment pods are told
  // apart by their slot id.
  if (impl_->sc.workloads[p.workload].kind == WorkloadKind::kPod) return base;
  return p.ordinal >= 0 ? base + "-" + std::to_string(p.ordinal)
                        : base + "-pod" + std::to_string(pod);
}

std::string ClusterModel::VolumeName(uint32_t volume) const {
  if (volume >= impl_->volumes.size()) return "-";
  const auto& v = impl_->volumes[volume];
  const Workload& w = impl_->sc.workloads[v.workload];
  const std::string claim = w.claims.empty() ? "data" : w.claims[0].name;
  return claim + "-" + w.name + "-" + std::to_string(v.ordinal);
}

uint32_t ClusterModel::NodeOfReplica(uint32_t w, int ordinal) const {
  const auto& ws = impl_->workloads[w];
  if (!ws.slots.empty()) {
    const uint32_t id = ws.slots[ordinal];
    return id == kNone ? kNone : impl_->pods[id].node;
  }
  int seen = 0;
  for (const auto& p : impl_->pods) {
    if (p.workload == w && p.phase != PodPhase::kFree && !p.deleting && seen++ == ordinal) {
      return p.node;
    }
  }
  return kNone;
}

}  // namespace clustersim
