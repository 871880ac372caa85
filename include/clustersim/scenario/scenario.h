// The scenario as the simulator sees it: plain, validated structs with every value in its
// internal unit (microseconds, milli-CPU, bytes). The loader (loader.h) builds one from a YAML
// file; nothing downstream parses text or sees protobuf. Fields keep the SourceLocation of the
// YAML they came from where a later check (or a run-time warning) may need to point at it.
#pragma once

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "clustersim/core/random.h"
#include "clustersim/core/time.h"
#include "clustersim/policy/pod_spec.h"
#include "clustersim/policy/policy_registry.h"
#include "clustersim/policy/scheduling.h"
#include "clustersim/scenario/diagnostics.h"

namespace clustersim {

// What kube-scheduler counts, for scoring only, for a container that requests no CPU (memory):
// schedutil.DefaultMilliCPURequest and DefaultMemoryRequest.
inline constexpr int64_t kNonZeroDefaultCpuMilli = 100;
inline constexpr int64_t kNonZeroDefaultMemoryBytes = int64_t{200} << 20;

struct ResourceList {
  int64_t cpu_milli = 0;
  int64_t memory_bytes = 0;
  int64_t pods = 0;
  // Whether the request was given at all (by any container): kube-scheduler scores a container
  // without a request as 100m CPU / 200Mi memory (NonZeroRequested), but fits it as zero.
  bool has_cpu = false;
  bool has_memory = false;
  // A pod's NonZeroRequested, exactly as kube-scheduler computes it: the pod's requests with
  // each container's missing cpu (memory) request counted as kNonZeroDefaultCpuMilli
  // (kNonZeroDefaultMemoryBytes), through the same formula (app containers and sidecars summed,
  // the largest init-time use, pod overhead added). -1 = not computed: the model then scores
  // cpu_milli when has_cpu, else the default (exact for a pod of one container).
  int64_t nonzero_cpu_milli = -1;
  int64_t nonzero_memory_bytes = -1;
};

enum class TaintEffect { kNoSchedule, kPreferNoSchedule, kNoExecute };

struct Taint {
  std::string key;
  std::string value;
  TaintEffect effect = TaintEffect::kNoSchedule;
};

struct NodePool {
  std::string name;
  int count = 0;
  std::vector<std::string> zones;  // assigned round-robin; empty = one unnamed zone
  int racks_per_zone = 1;
  ResourceList capacity;
  std::map<std::string, std::string> labels;
  std::vector<Taint> taints;
  bool unschedulable = false;     // spec.unschedulable (cordoned)
  std::vector<NodeImage> images;  // node.status.images, for ImageLocality
  // A node from a Node manifest is a pool of one whose node keeps the manifest's name.
  std::string fixed_node_name;
  SourceLocation where;

  // Node i of the pool: its name and its zone ("" when the pool names no zones).
  std::string NodeName(int i) const {
    return fixed_node_name.empty() ? name + "-" + std::to_string(i) : fixed_node_name;
  }
  const std::string& ZoneOf(int i) const {
    static const std::string kNone;
    return zones.empty() ? kNone : zones[i % zones.size()];
  }
  // Node i's rack within its zone: the zone's nodes are dealt round-robin over racksPerZone.
  int RackOf(int i) const {
    const int per_zone_index = zones.empty() ? i : i / static_cast<int>(zones.size());
    return per_zone_index % racks_per_zone;
  }
  static std::string RackName(int rack) { return "rack-" + std::to_string(rack); }
  // "<zone>/rack-<k>": rack names are scoped by their zone.
  std::string RackFullName(int i) const {
    const std::string& zone = ZoneOf(i);
    return zone.empty() ? RackName(RackOf(i)) : zone + "/" + RackName(RackOf(i));
  }
};

enum class StorageKind { kLocal, kZonal, kRegional };
enum class VolumeBindingMode { kImmediate, kWaitForFirstConsumer };

struct StorageClass {
  std::string name;
  StorageKind kind = StorageKind::kZonal;
  VolumeBindingMode binding = VolumeBindingMode::kImmediate;
  bool is_default = false;
  // regional: how many zones each volume is replicated across and may attach in (its first
  // consumer's zone, or ordinal-spread zone for Immediate, then the next zones in order);
  // 0 = every zone of the cluster (Azure's zone-redundant disks).
  int replica_zones = 2;
  // kubernetes.io/no-provisioner: claims bind only to pre-created PersistentVolumes, and stay
  // Pending when none is available (false: provisioned on demand where none matches).
  bool static_only = false;
  Distribution attach;
  Distribution detach;
  SourceLocation where;
};

// core/v1 access modes as bits: a volume serves a claim when it offers every mode asked for.
inline constexpr uint8_t kReadWriteOnce = 1, kReadOnlyMany = 2, kReadWriteMany = 4,
                         kReadWriteOncePod = 8;

struct VolumeClaimTemplate {
  std::string name;
  int storage_class = -1;  // index into Scenario::storage_classes
  int64_t storage_bytes = 0;
  uint8_t access_modes = kReadWriteOnce;
  bool block = false;  // volumeMode: Block
};

// A ReplicaSet behaves as a Deployment's does (its pods are replaced at once, with no identity);
// a Pod is created once and never replaced.
enum class WorkloadKind { kStatefulSet, kDeployment, kReplicaSet, kPod };
inline const char* WorkloadKindName(WorkloadKind k) {
  switch (k) {
    case WorkloadKind::kStatefulSet:
      return "StatefulSet";
    case WorkloadKind::kDeployment:
      return "Deployment";
    case WorkloadKind::kReplicaSet:
      return "ReplicaSet";
    case WorkloadKind::kPod:
      return "Pod";
  }
  return "";
}
enum class PodManagementPolicy { kOrderedReady, kParallel };
enum class AntiAffinity { kNone, kRequired, kPreferred };

// How many ready replicas make a workload "available" at its required level.
struct AvailabilityLevel {
  enum class Kind { kAll, kQuorum, kAny, kCount };
  Kind kind = Kind::kQuorum;
  int count = 0;  // for kCount
  // Replicas needed out of n.
  int Required(int n) const;
};

// client-go leaderelection.JitterFactor: a candidate retries every retryPeriod x [1, 2.2).
inline constexpr double kLeaderElectionJitter = 1.2;

// client-go leaderelection.LeaderElectionConfig; defaults from component-base (docs/semantics.md).
struct LeaderElectionSpec {
  bool enabled = false;
  SimTime lease_duration = 15 * kSecond;
  SimTime renew_deadline = 10 * kSecond;
  SimTime retry_period = 2 * kSecond;
};

struct AppSpec {
  AvailabilityLevel availability;
  bool availability_given = false;
  Distribution startup = Distribution::Fixed(0);  // container start to ready
  // The replicated data set each replica holds on its volume.
  int64_t data_size_bytes = 0;
  // app.rebuild {from: peers, bandwidth}: how a replica that starts on an empty volume gets the
  // data (an init container cloning from a live peer, as the MySQL example does). 0 = no figure
  // given: the copy takes no time, but it still needs a live peer to copy from.
  double rebuild_bandwidth = 0;  // bytes per second
  LeaderElectionSpec leader_election;
};

// A pod's toleration (core/v1 Toleration). An empty key with Exists tolerates every taint; an
// absent effect matches every effect.
struct Toleration {
  std::string key;
  bool exists = false;  // operator Exists (else Equal)
  std::string value;
  std::optional<TaintEffect> effect;
  bool ToleratesTaint(const std::string& taint_key, const std::string& taint_value,
                      TaintEffect taint_effect) const;
};

// core/v1 NodeSelectorRequirement with operators In, NotIn, Exists, DoesNotExist, Gt, Lt.
struct NodeSelectorRequirement {
  enum class Op { kIn, kNotIn, kExists, kDoesNotExist, kGt, kLt };
  std::string key;
  Op op = Op::kIn;
  std::vector<std::string> values;
  bool Matches(const std::map<std::string, std::string>& labels) const;
};

// A term matches when all its requirements do (an empty term matches nothing, as in
// Kubernetes' required terms).
struct NodeSelectorTerm {
  std::vector<NodeSelectorRequirement> match_expressions;
  bool Matches(const std::map<std::string, std::string>& labels) const;
};

struct PreferredSchedulingTerm {
  int weight = 1;  // 1..100
  NodeSelectorTerm preference;
};

struct Workload {
  std::string name;
  WorkloadKind kind = WorkloadKind::kStatefulSet;
  int replicas = 1;
  PodManagementPolicy pod_management = PodManagementPolicy::kOrderedReady;
  ResourceList requests;
  AntiAffinity anti_affinity = AntiAffinity::kNone;
  std::vector<VolumeClaimTemplate> claims;
  std::map<std::string, std::string> node_selector;
  std::vector<Toleration> tolerations;
  std::vector<NodeSelectorTerm> required_node_terms;  // ORed; empty = no requirement
  std::vector<PreferredSchedulingTerm> preferred_node_terms;
  // The pod template's metadata and the rest of what the scheduler reads of its spec.
  std::string namespace_name = "default";
  Labels labels;  // inline workloads without labels get {app: <name>}
  PodAffinitySpec pod_affinity;
  std::vector<TopologySpreadConstraint> topology_spread;
  std::vector<HostPort> host_ports;
  std::vector<std::string> images;  // the containers' images, for ImageLocality
  std::string node_name;            // spec.nodeName: bound to this node, no scheduling
  // Claims (PersistentVolumeClaim names) with access mode ReadWriteOncePod the pod mounts.
  std::vector<std::string> rwop_claims;
  AppSpec app;
  // The PodDisruptionBudgets that select its pods (more than one: evictions fail, as the
  // eviction API answers 500).
  std::vector<uint32_t> disruption_budgets;
  SourceLocation where;
};

// A node failure takes the node; a rack or zone outage every node under it; a disk failure
// only the node's local volumes (the node stays up).
enum class FailureTargetKind { kNode, kZone, kRack, kDisk };
// crash: the machine stops and comes back with its disks; loss: the machine and its local data
// are gone, and a replacement with empty disks joins after `lasts`.
enum class FailureEffect { kCrash, kLoss };

// A planned drain (kubectl drain): cordon, evictions through the eviction API (a
// PodDisruptionBudget refuses with 429 and the drain retries every 5 s), then a reboot of
// `FailureSpec::lasts`, then uncordon. A wave drains the targeted nodes in order, max_parallel
// at a time; waves start every `every` (0: only at the `at` times).
struct DrainSpec {
  SimTime every = 0;
  int max_parallel = 1;
};

// One row of an outage trace (failures[].trace): `target` of `scope` down over [start, end).
struct TraceOutage {
  FailureTargetKind scope = FailureTargetKind::kNode;
  std::string target;  // a node name, a rack as "<zone>/<rack>", or a zone
  FailureEffect effect = FailureEffect::kCrash;
  SimTime start = 0;
  SimTime end = kNever;  // kNever: not repaired within the horizon
  std::string cause;     // free text, for people
};

struct FailureSpec {
  std::string name;
  FailureTargetKind target = FailureTargetKind::kNode;
  std::string pool;                   // node/disk/rack targets: only this pool ("" = all)
  std::string zone;                   // only this zone
  std::vector<std::string> names;     // explicit node, rack ("zone/rack" or "rack") or zone names
  std::optional<Distribution> every;  // up time between failures, per target
  std::optional<Distribution> lasts;  // down time; absent = permanent
  std::vector<SimTime> at;            // one-shot failures at fixed times, per target
  FailureEffect effect = FailureEffect::kCrash;
  std::optional<DrainSpec> drain;  // a planned drain instead of a failure
  // A trace-driven failure: these outages, replayed as they are, or (bootstrap) rotated by a
  // random offset and with their targets permuted within each scope, per replication.
  std::string trace_file;
  std::vector<TraceOutage> trace;
  bool bootstrap = false;
  SourceLocation where;
};

// policy/v1 PodDisruptionBudget, resolved to the workloads whose pods it selects.
struct DisruptionBudget {
  std::string name;
  bool min_available = true;  // minAvailable, else maxUnavailable
  bool given = false;         // neither field set: no requirement (every eviction allowed)
  int value = 0;
  bool percent = false;
  bool always_allow_unhealthy = false;  // unhealthyPodEvictionPolicy: AlwaysAllow
  std::vector<uint32_t> workloads;      // indices into Scenario::workloads
  SourceLocation where;
  // desiredHealthy for `expected` pods, as the disruption controller computes it (percentages
  // round up).
  int DesiredHealthy(int expected) const {
    if (!given) return 0;
    const int scaled = percent ? (value * expected + 99) / 100 : value;
    return min_available ? scaled : std::max(0, expected - scaled);
  }
};

// Control-plane and kubelet timings; defaults and their sources are in docs/semantics.md.
struct KubernetesTimings {
  SimTime node_monitor_grace_period = 40 * kSecond;    // kcm --node-monitor-grace-period (<=1.31)
  SimTime node_monitor_period = 5 * kSecond;           // kcm --node-monitor-period
  SimTime node_lease_renew_interval = 10 * kSecond;    // kubelet lease renew (node-status.md)
  SimTime default_toleration_seconds = 300 * kSecond;  // apiserver DefaultTolerationSeconds
  SimTime force_detach_timeout = 6 * kMinute;          // ReconcilerMaxWaitForUnmountDuration
  double node_eviction_rate = 0.1;                     // kcm --node-eviction-rate, nodes/s/zone
  double secondary_node_eviction_rate = 0.01;          // kcm --secondary-node-eviction-rate
  int large_cluster_size_threshold = 50;               // kcm --large-cluster-size-threshold
  double unhealthy_zone_threshold = 0.55;              // kcm --unhealthy-zone-threshold
  SimTime pod_gc_period = 20 * kSecond;                // PodGC gcCheckPeriod
  bool disable_force_detach_on_timeout = false;        // kcm flag, v1.30+
};

struct SchedulerSpec {
  SchedulerConfig config;
  SourceLocation where;
};

struct SimulationSpec {
  SimTime horizon = kYear;
  int replications = 100;
  uint64_t seed = 1;
  SimTime warmup = 0;
  int threads = 0;  // 0 = all cores
  bool start_from_empty = false;
};

// One `--set PATH=VALUE` override, applied to the YAML before it is read: PATH is a dotted
// field path with [i] indices ("cluster.nodePools[0].count"); VALUE is YAML ("5", "30d",
// "{name: out-of-service, after: 2m}"). Experiments' variants and sweep points are overrides too.
struct Override {
  Override() = default;
  Override(std::string p, std::string v, std::string o = "", SourceLocation a = {})
      : path(std::move(p)), value(std::move(v)), origin(std::move(o)), at(std::move(a)) {}
  std::string path;
  std::string value;
  std::string origin;  // how diagnostics name it; default "--set PATH=VALUE"
  // Where it was written when it comes from the scenario file (an experiment); then
  // diagnostics about its value point here instead of naming `origin`.
  SourceLocation at;
};

// experiments.compare: each variant is the scenario with its overrides applied; all run on the
// same seed, so replication r of every variant sees the same failures (common random numbers).
struct ExperimentVariant {
  std::string name;
  std::vector<Override> overrides;
  SourceLocation where;
};

// experiments.sweep: one axis of the grid, a field path and the values (YAML text) it takes.
struct SweepAxis {
  std::string path;
  std::vector<std::string> values;
  std::vector<SourceLocation> where;  // of each value
};

struct Experiments {
  std::vector<ExperimentVariant> compare;
  std::vector<SweepAxis> sweep;  // in file order
};

// slo[]: a target that `clustersim check` holds a workload's availability to.
struct SloTarget {
  uint32_t workload = 0;
  int level = 0;            // 0 all, 1 quorum, 2 any, 3 required (metrics' kLevelNames)
  double availability = 0;  // a fraction in (0, 1)
  std::string text;         // as written, e.g. "99.99%"
  SourceLocation where;
};

// A pre-created core/v1 PersistentVolume (static provisioning). A claim binds to the smallest
// available one of its class that offers its size, access modes and volume mode (the PV
// controller's rule; ties by name), and its pods may then run only where the volume's node
// affinity allows.
struct PersistentVolume {
  std::string name;
  int storage_class = -1;  // index into Scenario::storage_classes
  int64_t capacity_bytes = 0;
  uint8_t access_modes = 0;
  bool block = false;
  std::vector<NodeSelectorTerm> node_terms;  // spec.nodeAffinity.required, ORed; empty: any node
  std::string claim_ref;                     // spec.claimRef.name: reserved for that claim
  // The StatefulSet claim claim_ref names (the loader resolves it): workload index and ordinal;
  // -1 when no claim of the scenario has that name, and the volume is never bound.
  int claim_workload = -1;
  int claim_ordinal = -1;
  // persistentVolumeReclaimPolicy: Retain (the default for a pre-created volume) keeps a
  // released volume out of use; Delete makes it available again, as the local static
  // provisioner does once it has cleaned the disk.
  bool reclaim_delete = false;
  SourceLocation where;

  // Whether it can serve a claim made from `t`: same class, at least the size asked for, every
  // access mode asked for, the same volume mode (claimRef aside).
  bool Fits(const VolumeClaimTemplate& t) const {
    return storage_class == t.storage_class && capacity_bytes >= t.storage_bytes &&
           (access_modes & t.access_modes) == t.access_modes && block == t.block;
  }
};

// The claim a StatefulSet's controller creates from template `t` for ordinal `i`:
// <template>-<statefulset>-<ordinal>.
inline std::string ClaimName(const std::string& t, const std::string& sts, int i) {
  return t + "-" + sts + "-" + std::to_string(i);
}

struct Scenario {
  std::string name;
  std::string description;
  std::string path;  // the file it was loaded from
  SimulationSpec simulation;
  std::vector<NodePool> node_pools;
  std::vector<StorageClass> storage_classes;
  std::vector<PersistentVolume> persistent_volumes;  // sorted by name
  std::vector<Workload> workloads;
  std::vector<FailureSpec> failures;
  std::vector<DisruptionBudget> disruption_budgets;
  KubernetesTimings kubernetes;
  SchedulerSpec scheduler;
  // What is done about the pods of an unreachable node (docs/semantics.md, section 5), and how
  // a replica regains its data (section 11): rows of policy/policy_registry.h with their
  // parsed parameters.
  PolicyChoice failover{kDefaultFailoverPolicy, {}};
  PolicyChoice recovery{kDefaultRecoveryPolicy, {}};
  // cluster.repairCrews: node repairs that progress at once, first come first served; a failed
  // node waiting for a crew stays down. 0 = unlimited. Zone outages use no crew.
  int repair_crews = 0;
  std::vector<SloTarget> slo;
  Experiments experiments;
  // The other files the scenario read (manifests, traces), as opened: what a sweep's journal
  // fingerprints besides the scenario file.
  std::vector<std::string> input_files;

  int NodeCount() const;
  // Each node's labels, in node order: its pool's, kubernetes.io/hostname (a Node manifest's
  // own is kept) and topology.kubernetes.io/zone when it has a zone.
  std::vector<Labels> NodeLabels() const;
};

}  // namespace clustersim
