// Scheduling policy interfaces, shaped after kube-scheduler's framework: a profile is a list of
// filter plugins (may this pod run on this node?) and weighted score plugins (how good is it?),
// each scoring into [0, 100] after optional normalisation. The framework, not the plugin,
// applies weights, picks the highest total and breaks ties at random from a seeded stream.
//
// Plugins see read-only views (SchedNode, SchedPod, SchedulingState) and nothing of the
// simulator; one plugin instance belongs to one simulator (one replication), so a plugin may
// keep per-cycle scratch state in mutable members without locks.
#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace clustersim {

struct PodGroupSpec;

inline constexpr uint32_t kNoNode = std::numeric_limits<uint32_t>::max();

// What the scheduler's cache knows of one node. The fields every cycle reads come first and
// the layout has no padding holes (88 bytes, not 96): the filter and score loops walk
// hundreds of these per cycle, and the 5,000-node table then fits a 512 KB L2 cache.
struct SchedNode {
  uint32_t id = 0;
  uint32_t zone = 0;
  int64_t alloc_cpu = 0;  // milli-CPU
  int64_t alloc_mem = 0;  // bytes
  // Sums over the pods bound to the node (terminating ones included, as in kube-scheduler's
  // cache): actual requests, and requests with kube-scheduler's non-zero defaults.
  int64_t req_cpu = 0;
  int64_t req_mem = 0;
  int64_t nz_cpu = 0;
  int64_t nz_mem = 0;
  int64_t alloc_pods = 0;
  int64_t pods = 0;
  bool unschedulable = false;  // spec.unschedulable (cordoned)
  bool not_ready = false;      // Ready != True: node.kubernetes.io/unreachable:NoSchedule
  bool hard_taint = false;     // a static NoSchedule/NoExecute taint the pods do not tolerate
  int prefer_no_schedule_taints = 0;
  // TaintToleration's reason for each of the node's NoSchedule/NoExecute taints, in the node's
  // order ("node(s) had untolerated taint {key: value}"); null when it has none.
  const std::string* taint_reasons = nullptr;
};

// What the scheduler knows of the pod it places.
struct SchedPod {
  uint32_t workload = 0;
  int64_t req_cpu = 0;
  int64_t req_mem = 0;
  int64_t nz_cpu = 0;
  int64_t nz_mem = 0;
  // The group's selectors resolved (pod_groups.h): inter-pod affinity, spread constraints,
  // host ports, images. Null: none of these, and no system default spreading.
  const PodGroupSpec* group = nullptr;
  uint32_t node_name = kNoNode;      // spec.nodeName: only this node (NodeName)
  uint32_t pinned_node = kNoNode;    // bound local PV: only this node (VolumeBinding)
  uint32_t volume_node = kNoNode;    // the node its volume is attached to now, if any
  uint32_t required_zone = kNoNode;  // bound zonal PV: only nodes of this zone (VolumeZone)
  uint64_t zone_mask = 0;            // bound regional PV: only nodes of these zones (bit = zone)
  // Pre-created PersistentVolumes: per node id, non-zero where one the pod's claim can use is
  // reachable (VolumeBinding); null when the claim is not restricted to them.
  // `volume_unbound`: the claim is still looking for one (else its volume is chosen and the
  // table is that volume's node affinity).
  const uint8_t* volume_nodes = nullptr;
  bool volume_unbound = false;
  // Static per-node facts of the pod's spec against the nodes' labels and taints, computed
  // once per workload (null when nothing in the cluster makes them differ from the defaults):
  // bit kNodeAffinityMismatch / kUntoleratedTaint per node id.
  const uint8_t* node_verdict = nullptr;
  const int64_t* node_preference = nullptr;     // NodeAffinity: sum of matching preferred weights
  const int64_t* prefer_no_schedule = nullptr;  // intolerable PreferNoSchedule taints per node
  bool has_node_affinity = false;               // nodeSelector or required node affinity
  bool tolerates_unreachable = false;           // tolerates node.kubernetes.io/unreachable
  static constexpr uint8_t kNodeAffinityMismatch = 1;
  static constexpr uint8_t kUntoleratedTaint = 2;
  // With kUntoleratedTaint, the bits above kTaintShift hold the index of the first such taint
  // in the node's hard taints (kTaintIndexUnknown past the last one the bits can hold).
  static constexpr int kTaintShift = 2;
  static constexpr uint8_t kTaintIndexUnknown = 63;
};

// Whether `node` has a NoSchedule/NoExecute taint of its own that `pod` does not tolerate
// (the controller's unreachable taint aside).
inline bool HasUntoleratedTaint(const SchedPod& pod, const SchedNode& node) {
  return pod.node_verdict != nullptr
             ? (pod.node_verdict[node.id] & SchedPod::kUntoleratedTaint) != 0
             : node.hard_taint;
}

// Cluster-wide facts a plugin may ask for beyond the node itself.
class SchedulingState {
 public:
  virtual ~SchedulingState() = default;
  // The nodes that hold pods of `workload` (terminating ones included), one entry per pod.
  virtual std::span<const uint32_t> NodesOfWorkload(uint32_t workload) const = 0;
  // The same without pods that are terminating (deletionTimestamp set), which
  // PodTopologySpread does not count.
  virtual std::span<const uint32_t> LiveNodesOfWorkload(uint32_t workload) const = 0;
  // Every node, indexed by id.
  virtual std::span<const SchedNode> Nodes() const = 0;
  // Each node's domain under topology key `key` (pod_groups.h), kNoDomain where it has no
  // such label; and how many distinct domains the key has.
  virtual std::span<const uint32_t> Domains(uint32_t key) const = 0;
  virtual uint32_t DomainCount(uint32_t key) const = 0;
  size_t NodeCount() const { return Nodes().size(); }
};

class FilterPlugin {
 public:
  virtual ~FilterPlugin() = default;
  virtual const char* Name() const = 0;
  // Called once per scheduling cycle before any Filter call for `pod`. Returns false for
  // kube-scheduler's PreFilter Skip (v1.28+): the plugin has nothing to check for this pod
  // (no volume, no affinity term, ...) and its Filter is not called in this cycle.
  virtual bool PreFilter(const SchedulingState& /*state*/, const SchedPod& /*pod*/) { return true; }
  // Whether `pod` may run on `node`. On false, *reason is a static, human-readable string in
  // kube-scheduler's words. Must not allocate: it runs for every node of every cycle.
  virtual bool Filter(const SchedulingState& state, const SchedPod& pod, const SchedNode& node,
                      const char** reason) const = 0;
  // kube-scheduler's queueing hint for a pod bound elsewhere (Pod/Add): whether that may lift
  // this plugin's rejection `reason`, so that a pod it left Pending is worth retrying.
  virtual bool PodAddMayHelp(const char* /*reason*/) const { return false; }
  // Filter over a batch: keeps the nodes of nodes[0..count) that pass, in order, at the front,
  // and returns how many; *reason gets the reason of a rejected one. The framework calls this
  // once per batch; FilterEach below implements it without a virtual call per node.
  virtual size_t FilterBatch(const SchedulingState& state, const SchedPod& pod,
                             const SchedNode** nodes, size_t count, const char** reason) const {
    size_t kept = 0;
    for (size_t i = 0; i < count; ++i) {
      if (Filter(state, pod, *nodes[i], reason)) nodes[kept++] = nodes[i];
    }
    return kept;
  }
};

// Base for a filter plugin class `Derived` (declared final): FilterBatch calls Derived::Filter
// directly, so the per-node call can be inlined.
template <typename Derived>
class FilterEach : public FilterPlugin {
 public:
  size_t FilterBatch(const SchedulingState& state, const SchedPod& pod, const SchedNode** nodes,
                     size_t count, const char** reason) const final {
    const Derived& self = static_cast<const Derived&>(*this);
    size_t kept = 0;
    for (size_t i = 0; i < count; ++i) {
      const SchedNode* node = nodes[i];
      nodes[kept] = node;
      kept += self.Derived::Filter(state, pod, *node, reason) ? 1 : 0;
    }
    return kept;
  }
};

class ScorePlugin {
 public:
  virtual ~ScorePlugin() = default;
  virtual const char* Name() const = 0;
  // What PreScore decided for this cycle.
  struct PreScoreResult {
    // kube-scheduler's Skip status: the plugin has nothing to say about this pod (for example
    // InterPodAffinity for a pod without affinity terms) and contributes 0 everywhere.
    bool skip = false;
    // >= 0: every feasible node gets this normalised score, so Score need not run per node.
    int64_t uniform = -1;
  };
  // Called once per cycle with the feasible nodes, before any Score call.
  virtual PreScoreResult PreScore(const SchedulingState& /*state*/, const SchedPod& /*pod*/,
                                  std::span<const SchedNode* const> /*feasible*/) {
    return {};
  }
  // The raw score; in [0, 100] unless the plugin normalises.
  virtual int64_t Score(const SchedulingState& state, const SchedPod& pod,
                        const SchedNode& node) const = 0;
  // Score for every node of `nodes` into `out` (same length). The framework calls this once
  // per cycle; the default calls Score per node. ScoreEach below implements it without a
  // virtual call per node.
  virtual void ScoreAll(const SchedulingState& state, const SchedPod& pod,
                        std::span<const SchedNode* const> nodes, std::span<int64_t> out) const {
    for (size_t i = 0; i < nodes.size(); ++i) out[i] = Score(state, pod, *nodes[i]);
  }
  // Maps raw scores of the feasible nodes, in place, into [0, 100]. Default: none needed.
  virtual void Normalize(std::span<int64_t> /*scores*/) const {}
};

// Base for a score plugin class `Derived` (declared final): ScoreAll calls Derived::Score
// directly, so the per-node call can be inlined.
template <typename Derived>
class ScoreEach : public ScorePlugin {
 public:
  void ScoreAll(const SchedulingState& state, const SchedPod& pod,
                std::span<const SchedNode* const> nodes, std::span<int64_t> out) const final {
    const Derived& self = static_cast<const Derived&>(*this);
    for (size_t i = 0; i < nodes.size(); ++i) out[i] = self.Derived::Score(state, pod, *nodes[i]);
  }
};

// How a scheduler profile is asked for: a built-in profile's name and its tunables, with
// kube-scheduler's meanings (KubeSchedulerConfiguration, NodeResourcesFitArgs).
struct SchedulerConfig {
  std::string profile = "default";
  std::vector<std::pair<std::string, int>> weights;  // score plugin -> weight (0 disables)
  // Registered filter plugins that are not always on, turned on in this order after the others.
  std::vector<std::string> filters;
  // NodeResourcesFit scoringStrategy; empty type = the profile's own (LeastAllocated for default).
  std::string strategy;
  int64_t cpu_weight = 1;
  int64_t memory_weight = 1;
  std::vector<std::pair<int64_t, int64_t>> shape;  // RequestedToCapacityRatio (util, score)
  int percentage_of_nodes_to_score = 0;            // 0 = adaptive
};

// A named set of plugins with weights.
struct SchedulerProfile {
  std::string name;
  std::vector<std::unique_ptr<FilterPlugin>> filters;
  struct WeightedScore {
    std::unique_ptr<ScorePlugin> plugin;
    int64_t weight = 1;
  };
  std::vector<WeightedScore> scores;
  // kube-scheduler's percentageOfNodesToScore: 0 = adaptive.
  int percentage_of_nodes_to_score = 0;
  // Where each cycle's node scan starts: kube-scheduler rotates it (nextStartNodeIndex);
  // first-fit always starts at the first node.
  bool rotate_start = true;
};

}  // namespace clustersim
