// The built-in plugins of the default profile that this version models, with kube-scheduler's
// names, reasons and formulas (kube-scheduler-scoring.md section 3), and the registry.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

#include "clustersim/policy/pod_groups.h"
#include "clustersim/policy/registry.h"
#include "clustersim/policy/scoring.h"

namespace clustersim {
namespace {

class NodeUnschedulable final : public FilterEach<NodeUnschedulable> {
 public:
  const char* Name() const override { return "NodeUnschedulable"; }
  bool Filter(const SchedulingState&, const SchedPod&, const SchedNode& node,
              const char** reason) const override {
    if (!node.unschedulable) return true;
    *reason = "node(s) were unschedulable";
    return false;
  }
};

class TaintToleration final : public FilterEach<TaintToleration>,
                              public ScoreEach<TaintToleration> {
 public:
  const char* Name() const override { return "TaintToleration"; }
  bool Filter(const SchedulingState&, const SchedPod& pod, const SchedNode& node,
              const char** reason) const override {
    // The node's own taints come first in its list, the controller's unreachable taint after
    // them; the reason names the first one the pod does not tolerate.
    if (HasUntoleratedTaint(pod, node)) {
      const int index = pod.node_verdict != nullptr
                            ? pod.node_verdict[node.id] >> SchedPod::kTaintShift
                            : SchedPod::kTaintIndexUnknown;
      *reason = node.taint_reasons != nullptr && index != SchedPod::kTaintIndexUnknown
                    ? node.taint_reasons[index].c_str()
                    : "node(s) had untolerated taint";
      return false;
    }
    if (node.not_ready && !pod.tolerates_unreachable) {
      *reason = "node(s) had untolerated taint {node.kubernetes.io/unreachable: }";
      return false;
    }
    return true;
  }
  PreScoreResult PreScore(const SchedulingState&, const SchedPod& pod,
                          std::span<const SchedNode* const> feasible) override {
    // Without intolerable PreferNoSchedule taints every node normalises to 100.
    for (const SchedNode* n : feasible) {
      if (Count(pod, *n) > 0) return {};
    }
    return {false, 100};
  }
  int64_t Score(const SchedulingState&, const SchedPod& pod, const SchedNode& node) const override {
    return Count(pod, node);
  }
  static int64_t Count(const SchedPod& pod, const SchedNode& node) {
    return pod.prefer_no_schedule != nullptr ? pod.prefer_no_schedule[node.id]
                                             : node.prefer_no_schedule_taints;
  }
  void Normalize(std::span<int64_t> s) const override {
    DefaultNormalizeScore(kMaxNodeScore, /*reverse=*/true, s);
  }
};

// NodeAffinity: nodeSelector and required terms (filter), preferred terms (score, weight 2).
class NodeAffinity final : public FilterEach<NodeAffinity>, public ScoreEach<NodeAffinity> {
 public:
  const char* Name() const override { return "NodeAffinity"; }
  bool PreFilter(const SchedulingState&, const SchedPod& pod) override {
    return pod.has_node_affinity;  // Skip: no selector, no required term
  }
  bool Filter(const SchedulingState&, const SchedPod& pod, const SchedNode& node,
              const char** reason) const override {
    if ((pod.node_verdict[node.id] & SchedPod::kNodeAffinityMismatch) == 0) return true;
    *reason = "node(s) didn't match Pod's node affinity/selector";
    return false;
  }
  PreScoreResult PreScore(const SchedulingState&, const SchedPod& pod,
                          std::span<const SchedNode* const>) override {
    return {pod.node_preference == nullptr, -1};  // Skip without preferred terms
  }
  int64_t Score(const SchedulingState&, const SchedPod& pod, const SchedNode& node) const override {
    return pod.node_preference[node.id];
  }
  void Normalize(std::span<int64_t> s) const override {
    DefaultNormalizeScore(kMaxNodeScore, /*reverse=*/false, s);
  }
};

class NodeResourcesFit final : public FilterEach<NodeResourcesFit>,
                               public ScoreEach<NodeResourcesFit> {
 public:
  enum class Strategy { kLeastAllocated, kMostAllocated, kRequestedToCapacityRatio };
  NodeResourcesFit() = default;
  NodeResourcesFit(Strategy strategy, int64_t cpu_weight, int64_t memory_weight,
                   std::vector<ShapePoint> shape)
      : strategy_(strategy),
        cpu_weight_(cpu_weight),
        memory_weight_(memory_weight),
        shape_(std::move(shape)) {}

  const char* Name() const override { return "NodeResourcesFit"; }
  bool Filter(const SchedulingState&, const SchedPod& pod, const SchedNode& node,
              const char** reason) const override {
    if (node.pods + 1 > node.alloc_pods) {
      *reason = "Too many pods";
      return false;
    }
    if (pod.req_cpu > 0 && node.req_cpu + pod.req_cpu > node.alloc_cpu) {
      *reason = "Insufficient cpu";
      return false;
    }
    if (pod.req_mem > 0 && node.req_mem + pod.req_mem > node.alloc_mem) {
      *reason = "Insufficient memory";
      return false;
    }
    return true;
  }
  // Scored on non-zero requests (NonZeroRequested), as resource_allocation.go does for cpu
  // and memory.
  int64_t Score(const SchedulingState&, const SchedPod& pod, const SchedNode& node) const override {
    // The default profile's case, LeastAllocated with cpu and memory weighted 1 and 1 on a node
    // that has both: the same integer steps without the general loop (this loop runs for
    // hundreds of nodes a cycle; measured in bench/RESULTS.md).
    if (default_least_allocated_ && node.alloc_cpu > 0 && node.alloc_mem > 0) {
      return (scoring_internal::LeastRequested(node.nz_cpu + pod.nz_cpu, node.alloc_cpu) +
              scoring_internal::LeastRequested(node.nz_mem + pod.nz_mem, node.alloc_mem)) >>
             1;
    }
    const ResourceUse use[2] = {{node.nz_cpu + pod.nz_cpu, node.alloc_cpu, cpu_weight_},
                                {node.nz_mem + pod.nz_mem, node.alloc_mem, memory_weight_}};
    // A resource with weight 0 was not listed in the strategy's resources.
    std::span<const ResourceUse> r(use, 2);
    if (cpu_weight_ == 0) r = r.subspan(1);
    if (memory_weight_ == 0) r = r.first(r.size() - 1);
    switch (strategy_) {
      case Strategy::kLeastAllocated:
        return LeastAllocatedScore(r);
      case Strategy::kMostAllocated:
        return MostAllocatedScore(r);
      case Strategy::kRequestedToCapacityRatio:
        return RequestedToCapacityRatioScore(r, shape_);
    }
    return 0;
  }

 private:
  Strategy strategy_ = Strategy::kLeastAllocated;
  int64_t cpu_weight_ = 1;
  int64_t memory_weight_ = 1;
  std::vector<ShapePoint> shape_;
  bool default_least_allocated_ =
      strategy_ == Strategy::kLeastAllocated && cpu_weight_ == 1 && memory_weight_ == 1;
};

class BalancedAllocation final : public ScoreEach<BalancedAllocation> {
 public:
  const char* Name() const override { return "NodeResourcesBalancedAllocation"; }
  int64_t Score(const SchedulingState&, const SchedPod& pod, const SchedNode& node) const override {
    // Actual requests, not the non-zero defaults (useRequested, k/k PR #102925).
    const ResourceUse use[2] = {{node.req_cpu + pod.req_cpu, node.alloc_cpu, 1},
                                {node.req_mem + pod.req_mem, node.alloc_mem, 1}};
    return BalancedAllocationScore(use);
  }
};

class VolumeBinding final : public FilterEach<VolumeBinding> {
 public:
  const char* Name() const override { return "VolumeBinding"; }
  bool PreFilter(const SchedulingState&, const SchedPod& pod) override {
    // Skip: no bound local volume, and no claim that only pre-created volumes can serve.
    return pod.pinned_node != kNoNode || pod.volume_nodes != nullptr;
  }
  bool Filter(const SchedulingState&, const SchedPod& pod, const SchedNode& node,
              const char** reason) const override {
    if (pod.pinned_node != kNoNode && pod.pinned_node != node.id) {
      *reason = "node(s) had volume node affinity conflict";
      return false;
    }
    if (pod.volume_nodes != nullptr && pod.volume_nodes[node.id] == 0) {
      *reason = pod.volume_unbound ? "node(s) didn't find available persistent volumes to bind"
                                   : "node(s) had volume node affinity conflict";
      return false;
    }
    return true;
  }
};

class VolumeZone final : public FilterEach<VolumeZone> {
 public:
  const char* Name() const override { return "VolumeZone"; }
  bool PreFilter(const SchedulingState&, const SchedPod& pod) override {
    // Skip: no zonal or regional volume bound yet.
    return pod.required_zone != kNoNode || pod.zone_mask != 0;
  }
  bool Filter(const SchedulingState&, const SchedPod& pod, const SchedNode& node,
              const char** reason) const override {
    if ((pod.required_zone != kNoNode && pod.required_zone != node.zone) ||
        (pod.zone_mask != 0 && (node.zone >= 64 || ((pod.zone_mask >> node.zone) & 1) == 0))) {
      *reason = "node(s) had no available volume zone";
      return false;
    }
    return true;
  }
};

// Per-cycle counts indexed by (slot, domain), reset in time proportional to what was touched.
// A slot is a topology key (InterPodAffinity) or a constraint (PodTopologySpread). Slots live
// in one flat array, each with the largest size it has needed, so that the hot loops do one
// indexed load per access and the layout changes only when a slot grows.
template <typename T>
class DomainCounts {
 public:
  void Reset() {
    for (const uint32_t i : touched_) {
      counts_[i] = 0;
      seen_[i] = 0;
    }
    touched_.clear();
  }
  // Makes room for `domains` domains in `slot`, keeping what was counted so far.
  void Size(size_t slot, size_t domains) {
    if (slot < cap_.size() && cap_[slot] >= domains) return;
    const std::vector<size_t> old_offset = offset_;
    if (cap_.size() <= slot) cap_.resize(slot + 1, 0);
    cap_[slot] = std::max(cap_[slot], domains);
    offset_.assign(cap_.size(), 0);
    size_t total = 0;
    for (size_t i = 0; i < cap_.size(); ++i) {
      offset_[i] = total;
      total += cap_[i];
    }
    std::vector<T> counts(total, 0);
    std::vector<uint8_t> seen(total, 0);
    for (uint32_t& i : touched_) {
      const size_t s = static_cast<size_t>(
          std::upper_bound(old_offset.begin(), old_offset.end(), static_cast<size_t>(i)) -
          old_offset.begin() - 1);
      const size_t moved = offset_[s] + (i - old_offset[s]);
      counts[moved] = counts_[i];
      seen[moved] = seen_[i];
      i = static_cast<uint32_t>(moved);
    }
    counts_.swap(counts);
    seen_.swap(seen);
  }
  // Marks the entry as existing (a key of upstream's topology-pair maps) and adds to it.
  void Add(size_t slot, uint32_t d, T v) {
    const size_t i = offset_[slot] + d;
    if (!seen_[i]) {
      seen_[i] = 1;
      touched_.push_back(static_cast<uint32_t>(i));
    }
    counts_[i] += v;
  }
  // Adds one; cheaper than Add(slot, d, 1) where entries need not exist before their first pod.
  void Increment(size_t slot, uint32_t d) {
    const size_t i = offset_[slot] + d;
    if (counts_[i]++ == 0 && !seen_[i]) {
      seen_[i] = 1;
      touched_.push_back(static_cast<uint32_t>(i));
    }
  }
  // Marks the entry as existing; true when it did not exist yet.
  bool Touch(size_t slot, uint32_t d) {
    const size_t i = offset_[slot] + d;
    if (seen_[i]) return false;
    seen_[i] = 1;
    touched_.push_back(static_cast<uint32_t>(i));
    return true;
  }
  bool Seen(size_t slot, uint32_t d) const { return seen_[offset_[slot] + d] != 0; }
  T Get(size_t slot, uint32_t d) const { return counts_[offset_[slot] + d]; }
  // The slot's row, for loops that index it directly.
  const T* Row(size_t slot) const { return counts_.data() + offset_[slot]; }
  bool empty() const { return touched_.empty(); }
  // Each touched entry as (slot, domain).
  template <typename F>
  void ForEachTouched(F f) const {
    for (const uint32_t i : touched_) {
      const size_t slot = static_cast<size_t>(
          std::upper_bound(offset_.begin(), offset_.end(), static_cast<size_t>(i)) -
          offset_.begin() - 1);
      f(slot, static_cast<uint32_t>(i - offset_[slot]));
    }
  }

 private:
  std::vector<T> counts_;
  std::vector<uint8_t> seen_;
  std::vector<uint32_t> touched_;
  std::vector<size_t> cap_, offset_;
};

// A pod whose spec names its node. Pods with spec.nodeName never reach kube-scheduler (the
// model binds them directly); the filter is here for completeness of the default profile.
class NodeName final : public FilterEach<NodeName> {
 public:
  const char* Name() const override { return "NodeName"; }
  bool PreFilter(const SchedulingState&, const SchedPod& pod) override {
    return pod.node_name != kNoNode;
  }
  bool Filter(const SchedulingState&, const SchedPod& pod, const SchedNode& node,
              const char** reason) const override {
    if (pod.node_name == kNoNode || pod.node_name == node.id) return true;
    *reason = "node(s) didn't match the requested node name";
    return false;
  }
};

// Host ports: a node hosting a pod (terminating ones included) whose hostPort collides with
// one of the pod's is infeasible. Collisions between groups are resolved before the run.
class NodePorts final : public FilterEach<NodePorts> {
 public:
  const char* Name() const override { return "NodePorts"; }
  bool PreFilter(const SchedulingState& state, const SchedPod& pod) override {
    for (uint32_t n : marked_) used_[n] = 0;
    marked_.clear();
    if (pod.group == nullptr || !pod.group->has_host_ports) return false;
    if (used_.size() < state.NodeCount()) used_.resize(state.NodeCount(), 0);
    for (uint32_t g : pod.group->port_conflicts) {
      for (uint32_t n : state.NodesOfWorkload(g)) {
        if (!used_[n]) marked_.push_back(n);
        used_[n] = 1;
      }
    }
    return true;
  }
  bool Filter(const SchedulingState&, const SchedPod&, const SchedNode& node,
              const char** reason) const override {
    if (node.id >= used_.size() || !used_[node.id]) return true;
    *reason = "node(s) didn't have free ports for the requested pod ports";
    return false;
  }

 private:
  std::vector<uint8_t> used_;
  std::vector<uint32_t> marked_;
};

// VolumeRestrictions (volumerestrictions/volume_restrictions.go): a ReadWriteOncePod claim
// already used by a pod bound to a node (terminating ones included) makes the pod unschedulable
// everywhere. Its other half, conflicts between inline GCE PD, EBS, RBD and iSCSI volumes on one
// node, has no counterpart here: scenarios have no inline volumes.
class VolumeRestrictions final : public FilterEach<VolumeRestrictions> {
 public:
  const char* Name() const override { return "VolumeRestrictions"; }
  bool PreFilter(const SchedulingState& state, const SchedPod& pod) override {
    in_use_ = false;
    if (pod.group == nullptr || pod.group->rwop_conflicts.empty()) return false;  // Skip
    for (uint32_t g : pod.group->rwop_conflicts) in_use_ |= !state.NodesOfWorkload(g).empty();
    return true;
  }
  bool Filter(const SchedulingState&, const SchedPod&, const SchedNode&,
              const char** reason) const override {
    if (!in_use_) return true;
    *reason =
        "node has pod using PersistentVolumeClaim with the same name and ReadWriteOncePod access "
        "mode";
    return false;
  }

 private:
  bool in_use_ = false;
};

// InterPodAffinity (interpodaffinity/filtering.go, scoring.go). Filter: the pod's required
// affinity (the domain must hold a pod matching all its terms, unless no pod anywhere does and
// the pod matches them itself), its required anti-affinity, and existing pods' required
// anti-affinity against it. Score: weights summed per topology domain from the pod's
// preferred terms and existing pods' terms, then min-max normalised. Counts are over all pods
// bound to nodes, terminating ones included, as the scheduler's cache holds them.
class InterPodAffinity final : public FilterEach<InterPodAffinity>,
                               public ScoreEach<InterPodAffinity> {
 public:
  const char* Name() const override { return "InterPodAffinity"; }
  bool PreFilter(const SchedulingState& state, const SchedPod& pod) override {
    const PodGroupSpec* g = pod.group;
    affinity_.Reset();
    anti_.Reset();
    existing_.Reset();
    affinity_probes_.clear();
    anti_probes_.clear();
    existing_probes_.clear();
    if (g == nullptr || !g->has_affinity_filter()) return false;  // Skip
    // Size every slot first: a slot that grows re-lays the arrays out.
    for (const auto& e : g->existing_anti) existing_.Size(e.key, state.DomainCount(e.key));
    for (const auto& t : g->anti_affinity) anti_.Size(t.key, state.DomainCount(t.key));
    for (uint32_t key : g->affinity_keys) affinity_.Size(key, state.DomainCount(key));
    for (const auto& e : g->existing_anti) {
      const uint32_t* dom = state.Domains(e.key).data();
      for (uint32_t n : state.NodesOfWorkload(e.group)) {
        if (dom[n] != kNoDomain) existing_.Add(e.key, dom[n], 1);
      }
    }
    for (const auto& t : g->anti_affinity) {
      const uint32_t* dom = state.Domains(t.key).data();
      for (uint32_t h : t.groups) {
        for (uint32_t n : state.NodesOfWorkload(h)) {
          if (dom[n] != kNoDomain) anti_.Add(t.key, dom[n], 1);
        }
      }
    }
    for (uint32_t key : g->affinity_keys) {
      const uint32_t* dom = state.Domains(key).data();
      for (uint32_t h : g->affinity_groups) {
        for (uint32_t n : state.NodesOfWorkload(h)) {
          if (dom[n] != kNoDomain) affinity_.Add(key, dom[n], 1);
        }
      }
    }
    // Skip when only existing pods' terms could apply and none counted on any node.
    if (g->affinity_keys.empty() && g->anti_affinity.empty() && existing_.empty()) return false;
    // What Filter reads per node, without virtual calls: each term's node domains and counts.
    for (uint32_t key : g->affinity_keys) {
      affinity_probes_.push_back({state.Domains(key).data(), affinity_.Row(key)});
    }
    for (const auto& t : g->anti_affinity) {
      anti_probes_.push_back({state.Domains(t.key).data(), anti_.Row(t.key)});
    }
    for (const auto& e : g->existing_anti) {
      existing_probes_.push_back({state.Domains(e.key).data(), existing_.Row(e.key)});
    }
    self_affinity_ = g->self_affinity;
    return true;
  }
  bool Filter(const SchedulingState&, const SchedPod&, const SchedNode& node,
              const char** reason) const override {
    if (!affinity_probes_.empty()) {
      bool exist = true;
      for (const Probe& p : affinity_probes_) {
        const uint32_t d = p.dom[node.id];
        if (d == kNoDomain) {  // every topology key must be on the node
          *reason = kAffinityReason;
          return false;
        }
        if (p.row[d] <= 0) exist = false;
      }
      // The first pod of a series with affinity to itself may go anywhere with the keys.
      if (!exist && !(affinity_.empty() && self_affinity_)) {
        *reason = kAffinityReason;
        return false;
      }
    }
    for (const Probe& p : anti_probes_) {
      const uint32_t d = p.dom[node.id];
      if (d != kNoDomain && p.row[d] > 0) {
        *reason = "node(s) didn't match pod anti-affinity rules";
        return false;
      }
    }
    for (const Probe& p : existing_probes_) {
      const uint32_t d = p.dom[node.id];
      if (d != kNoDomain && p.row[d] > 0) {
        *reason = "node(s) didn't satisfy existing pods anti-affinity rules";
        return false;
      }
    }
    return true;
  }
  // An added pod may satisfy a required affinity term; it never lifts an anti-affinity rejection
  // (interpodaffinity isSchedulableAfterPodChange).
  bool PodAddMayHelp(const char* reason) const override {
    return reason != nullptr && std::strcmp(reason, kAffinityReason) == 0;
  }
  PreScoreResult PreScore(const SchedulingState& state, const SchedPod& pod,
                          std::span<const SchedNode* const>) override {
    score_.Reset();
    score_probes_.clear();
    const PodGroupSpec* g = pod.group;
    if (g == nullptr) return {true, -1};
    for (const auto& r : g->score_terms) score_.Size(r.key, state.DomainCount(r.key));
    for (const auto& r : g->score_terms) {
      const uint32_t* dom = state.Domains(r.key).data();
      for (uint32_t n : state.NodesOfWorkload(r.group)) {
        if (dom[n] != kNoDomain) score_.Add(r.key, dom[n], r.weight);
      }
    }
    // No existing pod matched any term: topologyScore is empty and the plugin skips.
    if (score_.empty()) return {true, -1};
    // One probe per topology key (a key without counts adds nothing).
    for (const auto& r : g->score_terms) {
      const Probe p{state.Domains(r.key).data(), score_.Row(r.key)};
      const bool known = std::any_of(score_probes_.begin(), score_probes_.end(),
                                     [&](const Probe& q) { return q.row == p.row; });
      if (!known) score_probes_.push_back(p);
    }
    return {};
  }
  int64_t Score(const SchedulingState&, const SchedPod&, const SchedNode& node) const override {
    int64_t score = 0;
    for (const Probe& p : score_probes_) {
      const uint32_t d = p.dom[node.id];
      if (d != kNoDomain) score += p.row[d];
    }
    return score;
  }
  void Normalize(std::span<int64_t> s) const override {
    int64_t lo = std::numeric_limits<int64_t>::max(), hi = std::numeric_limits<int64_t>::min();
    for (int64_t v : s) {
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
    for (int64_t& v : s) {
      v = hi > lo
              ? static_cast<int64_t>(static_cast<double>(kMaxNodeScore) *
                                     (static_cast<double>(v - lo) / static_cast<double>(hi - lo)))
              : 0;
    }
  }

 private:
  static constexpr const char* kAffinityReason = "node(s) didn't match pod affinity rules";
  struct Probe {
    const uint32_t* dom;  // node -> domain under the term's key
    const int64_t* row;   // domain -> matching pods
  };
  DomainCounts<int64_t> affinity_, anti_, existing_, score_;
  std::vector<Probe> affinity_probes_, anti_probes_, existing_probes_, score_probes_;
  bool self_affinity_ = false;
};

// PodTopologySpread (podtopologyspread/filtering.go, scoring.go). Filter, for DoNotSchedule
// constraints: matching pods in the node's domain + 1 if the pod matches its own selector -
// the minimum over the eligible domains (0 with fewer than minDomains domains) must not exceed
// maxSkew; eligible nodes carry every hard constraint's key and pass the node inclusion
// policies. Score, for ScheduleAnyway constraints (or the system defaults when the pod states
// none): round(sum of count * ln(domains + 2) + maxSkew - 1), normalised so the fewest matching
// pods score 100. Terminating pods and other namespaces do not count (resolved in the groups).
// math.Round (half away from zero) for 0 <= x < 2^53, without a libm call: x86-64's baseline
// has no rounding instruction, and std::round is a function call there. x - trunc(x) is
// exact, so the result is exactly round's.
inline int64_t RoundNonNegative(double x) {
  const int64_t t = static_cast<int64_t>(x);
  return t + (x - static_cast<double>(t) >= 0.5 ? 1 : 0);
}

class PodTopologySpread final : public FilterEach<PodTopologySpread>,
                                public ScoreEach<PodTopologySpread> {
 public:
  const char* Name() const override { return "PodTopologySpread"; }
  // An added matching pod may raise the minimum and so lower the skew elsewhere.
  bool PodAddMayHelp(const char*) const override { return true; }

  bool PreFilter(const SchedulingState& state, const SchedPod& pod) override {
    counts_.Reset();
    const PodGroupSpec* g = pod.group;
    if (g == nullptr || !g->has_hard_spread) return false;  // Skip
    active_.clear();
    for (uint32_t i = 0; i < g->spread.size(); ++i) {
      if (g->spread[i].hard) active_.push_back(i);
    }
    Prepare(state, *g);
    const std::span<const SchedNode> nodes = state.Nodes();
    // Every eligible node's domain exists, with or without matching pods.
    for (const SchedNode& n : nodes) {
      if (!HasAllKeys(n.id)) continue;
      for (size_t s = 0; s < active_.size(); ++s) {
        if (Included(g->spread[active_[s]], pod, n)) counts_.Add(s, dom_[s][n.id], 0);
      }
    }
    for (size_t s = 0; s < active_.size(); ++s) {
      const auto& c = g->spread[active_[s]];
      for (uint32_t h : c.groups) {
        for (uint32_t n : state.LiveNodesOfWorkload(h)) {
          if (HasAllKeys(n) && Included(c, pod, nodes[n])) counts_.Increment(s, dom_[s][n]);
        }
      }
    }
    min_.assign(active_.size(), std::numeric_limits<int32_t>::max());
    domains_.assign(active_.size(), 0);
    counts_.ForEachTouched([&](size_t s, uint32_t d) {
      min_[s] = std::min(min_[s], counts_.Get(s, d));
      ++domains_[s];
    });
    for (size_t s = 0; s < active_.size(); ++s) {
      if (domains_[s] < g->spread[active_[s]].min_domains) min_[s] = 0;
    }
    return true;
  }
  bool Filter(const SchedulingState&, const SchedPod& pod, const SchedNode& node,
              const char** reason) const override {
    const PodGroupSpec& g = *pod.group;
    for (size_t s = 0; s < active_.size(); ++s) {
      const auto& c = g.spread[active_[s]];
      const uint32_t d = dom_[s][node.id];
      if (d == kNoDomain) {
        *reason = "node(s) didn't match pod topology spread constraints (missing required label)";
        return false;
      }
      const int64_t skew = counts_.Get(s, d) + (c.self_match ? 1 : 0) - min_[s];
      if (skew > c.max_skew) {
        *reason = "node(s) didn't match pod topology spread constraints";
        return false;
      }
    }
    return true;
  }

  PreScoreResult PreScore(const SchedulingState& state, const SchedPod& pod,
                          std::span<const SchedNode* const> feasible) override {
    counts_.Reset();
    for (uint32_t n : ignored_marked_) ignored_[n] = 0;
    ignored_marked_.clear();
    const PodGroupSpec* g = pod.group;
    if (g == nullptr || !g->has_soft_spread || feasible.empty()) return {true, -1};  // Skip
    active_.clear();
    for (uint32_t i = 0; i < g->spread.size(); ++i) {
      if (!g->spread[i].hard) active_.push_back(i);
    }
    Prepare(state, *g);
    const std::span<const SchedNode> nodes = state.Nodes();
    if (ignored_.size() < nodes.size()) ignored_.resize(nodes.size(), 0);
    // Pods' own constraints need every key on a node; the system defaults do not.
    const bool require_all = g->spread_given;
    size_t ignored = 0;
    if (require_all) {
      for (const SchedNode* f : feasible) {
        if (HasAllKeys(f->id)) continue;
        ignored_[f->id] = 1;
        ignored_marked_.push_back(f->id);
        ++ignored;
      }
    }
    // Domains among the candidates, slot by slot; a node without the label forms the domain
    // "" (its value in upstream's pair). Hostname constraints count each candidate.
    slots_.clear();
    for (size_t s = 0; s < active_.size(); ++s) {
      Slot slot;
      slot.dom = dom_[s].data();
      slot.host = keys_[s] == kHostnameKey;
      slot.skew = static_cast<double>(g->spread[active_[s]].max_skew - 1);
      size_t size = feasible.size() - ignored;
      if (!slot.host) {
        size = 0;
        const uint32_t blank = blank_[s];
        for (const SchedNode* f : feasible) {
          if (ignored > 0 && ignored_[f->id]) continue;
          const uint32_t d = slot.dom[f->id];
          size += counts_.Touch(s, d == kNoDomain ? blank : d);
        }
      }
      slot.weight = std::log(static_cast<double>(size) + 2);
      slots_.push_back(slot);
    }
    // Matching pods per candidate domain (over every node), and per node for hostname.
    for (size_t s = 0; s < active_.size(); ++s) {
      const auto& c = g->spread[active_[s]];
      const uint32_t* dom = slots_[s].dom;
      for (uint32_t h : c.groups) {
        const std::span<const uint32_t> on = state.LiveNodesOfWorkload(h);
        if (slots_[s].host) {
          // Counted per node: the slot is sized to the node count.
          for (uint32_t n : on) counts_.Increment(s, n);
          continue;
        }
        for (uint32_t n : on) {
          const uint32_t d = dom[n];
          if (d == kNoDomain || !counts_.Seen(s, d)) continue;
          if (require_all && !HasAllKeys(n)) continue;
          if (!Included(c, pod, nodes[n])) continue;
          counts_.Increment(s, d);
        }
      }
    }
    // Rows last: nothing re-lays the counts out after this.
    for (size_t s = 0; s < slots_.size(); ++s) slots_[s].row = counts_.Row(s);
    return {};
  }
  int64_t Score(const SchedulingState&, const SchedPod&, const SchedNode& node) const override {
    if (ignored_[node.id]) return -1;  // IgnoredNodes: 0 after normalisation
    double score = 0;
    for (const Slot& s : slots_) {
      const uint32_t d = s.dom[node.id];
      if (d == kNoDomain) continue;
      score += static_cast<double>(s.row[s.host ? node.id : d]) * s.weight + s.skew;
    }
    return RoundNonNegative(score);
  }
  void Normalize(std::span<int64_t> s) const override {
    int64_t lo = std::numeric_limits<int64_t>::max(), hi = 0;
    for (int64_t v : s) {
      if (v < 0) continue;
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
    for (int64_t& v : s) {
      if (v < 0) {
        v = 0;
      } else {
        v = hi == 0 ? kMaxNodeScore : kMaxNodeScore * (hi + lo - v) / hi;
      }
    }
  }

 private:
  // Caches the active constraints' keys and node domains, and sizes the count slots.
  void Prepare(const SchedulingState& state, const PodGroupSpec& g) {
    keys_.clear();
    dom_.clear();
    blank_.clear();
    for (size_t s = 0; s < active_.size(); ++s) {
      const uint32_t key = g.spread[active_[s]].key;
      keys_.push_back(key);
      dom_.push_back(state.Domains(key));
      blank_.push_back(state.DomainCount(key));
      // Hostname scores count per node id; every slot has room for the "" domain.
      const size_t need = state.DomainCount(key) + 1;
      counts_.Size(s, key == kHostnameKey ? std::max<size_t>(need, state.NodeCount()) : need);
    }
  }
  bool HasAllKeys(uint32_t n) const {
    for (const auto& d : dom_) {
      if (d[n] == kNoDomain) return false;
    }
    return true;
  }
  // nodeAffinityPolicy and nodeTaintsPolicy (matchNodeInclusionPolicies).
  static bool Included(const PodGroupSpec::Spread& c, const SchedPod& pod, const SchedNode& n) {
    if (c.honor_node_affinity && pod.node_verdict != nullptr &&
        (pod.node_verdict[n.id] & SchedPod::kNodeAffinityMismatch)) {
      return false;
    }
    return !c.honor_taints ||
           !(HasUntoleratedTaint(pod, n) || (n.not_ready && !pod.tolerates_unreachable));
  }

  DomainCounts<int32_t> counts_;
  std::vector<uint32_t> active_;  // indexes of the constraints this phase uses
  std::vector<uint32_t> keys_;
  std::vector<std::span<const uint32_t>> dom_;
  std::vector<uint32_t> blank_;  // the "" domain's slot per constraint
  std::vector<int32_t> min_;
  std::vector<int64_t> domains_;
  // What Score reads per constraint.
  struct Slot {
    const uint32_t* dom = nullptr;  // node -> domain
    const int32_t* row = nullptr;   // domain (hostname: node) -> matching pods
    bool host = false;
    double weight = 0;  // ln(domains + 2)
    double skew = 0;    // maxSkew - 1
  };
  std::vector<Slot> slots_;
  std::vector<uint8_t> ignored_;
  std::vector<uint32_t> ignored_marked_;
};

// ImageLocality: static per node, from the scenario's node images (pod_groups.cc).
class ImageLocality final : public ScoreEach<ImageLocality> {
 public:
  const char* Name() const override { return "ImageLocality"; }
  PreScoreResult PreScore(const SchedulingState&, const SchedPod& pod,
                          std::span<const SchedNode* const>) override {
    if (pod.group == nullptr || pod.group->image_score.empty()) return {false, 0};
    return {};
  }
  int64_t Score(const SchedulingState&, const SchedPod& pod, const SchedNode& node) const override {
    return pod.group->image_score[node.id];
  }
};

// The volume-aware profile's score: 100 on the node the pod's volume is attached to (no detach
// and attach to wait for), 0 elsewhere. Not a kube-scheduler plugin.
class VolumeLocality final : public ScoreEach<VolumeLocality> {
 public:
  const char* Name() const override { return "VolumeLocality"; }
  PreScoreResult PreScore(const SchedulingState&, const SchedPod& pod,
                          std::span<const SchedNode* const>) override {
    return {pod.volume_node == kNoNode, -1};
  }
  int64_t Score(const SchedulingState&, const SchedPod& pod, const SchedNode& node) const override {
    return node.id == pod.volume_node ? kMaxNodeScore : 0;
  }
};

// The `random` profile's only score: every node equal, so the framework's uniformly random
// tie-break picks among all feasible nodes.
class RandomScore final : public ScoreEach<RandomScore> {
 public:
  const char* Name() const override { return "Random"; }
  PreScoreResult PreScore(const SchedulingState&, const SchedPod&,
                          std::span<const SchedNode* const>) override {
    return {false, 0};
  }
  int64_t Score(const SchedulingState&, const SchedPod&, const SchedNode&) const override {
    return 0;
  }
};

// A plugin object may serve as both filter and score; the profile owns one instance of each
// role, so a filter+score plugin is created twice (they keep no state shared across roles).
template <typename T>
std::unique_ptr<FilterPlugin> AsFilter() {
  return std::make_unique<T>();
}
template <typename T>
std::unique_ptr<ScorePlugin> AsScore() {
  return std::make_unique<T>();
}

}  // namespace

std::vector<std::string> BuiltinProfileNames() {
  return {"default", "bin-packing", "spread", "volume-aware", "random", "first-fit"};
}

std::vector<std::string> BuiltinPluginNames() {
  return {"NodeUnschedulable",
          "NodeName",
          "TaintToleration",
          "NodeAffinity",
          "NodePorts",
          "NodeResourcesFit",
          "VolumeBinding",
          "VolumeZone",
          "PodTopologySpread",
          "InterPodAffinity",
          "NodeResourcesBalancedAllocation",
          "ImageLocality",
          "VolumeLocality"};
}

std::unique_ptr<FilterPlugin> MakeFilterPlugin(const std::string& name) {
  if (name == "NodeUnschedulable") return AsFilter<NodeUnschedulable>();
  if (name == "NodeName") return AsFilter<NodeName>();
  if (name == "TaintToleration") return AsFilter<TaintToleration>();
  if (name == "NodeAffinity") return AsFilter<NodeAffinity>();
  if (name == "NodePorts") return AsFilter<NodePorts>();
  if (name == "NodeResourcesFit") return AsFilter<NodeResourcesFit>();
  if (name == "VolumeRestrictions") return AsFilter<VolumeRestrictions>();
  if (name == "VolumeBinding") return AsFilter<VolumeBinding>();
  if (name == "VolumeZone") return AsFilter<VolumeZone>();
  if (name == "PodTopologySpread") return AsFilter<PodTopologySpread>();
  if (name == "InterPodAffinity") return AsFilter<InterPodAffinity>();
  return nullptr;
}

std::unique_ptr<ScorePlugin> MakeScorePlugin(const std::string& name) {
  if (name == "TaintToleration") return AsScore<TaintToleration>();
  if (name == "NodeAffinity") return AsScore<NodeAffinity>();
  if (name == "NodeResourcesFit") return AsScore<NodeResourcesFit>();
  if (name == "PodTopologySpread") return AsScore<PodTopologySpread>();
  if (name == "InterPodAffinity") return AsScore<InterPodAffinity>();
  if (name == "NodeResourcesBalancedAllocation") return AsScore<BalancedAllocation>();
  if (name == "ImageLocality") return AsScore<ImageLocality>();
  if (name == "VolumeLocality") return AsScore<VolumeLocality>();
  return nullptr;
}

StatusOr<SchedulerProfile> MakeProfile(const SchedulerConfig& config) {
  const std::string& name = config.profile;
  const std::vector<std::string> known = BuiltinProfileNames();
  if (std::find(known.begin(), known.end(), name) == known.end()) {
    std::string list;
    for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
    return Status::InvalidArgument("unknown scheduler profile '" + name + "'; known: " + list);
  }
  SchedulerProfile p;
  p.name = name;
  p.percentage_of_nodes_to_score = config.percentage_of_nodes_to_score;
  // Filter order as in k/k pkg/scheduler/apis/config/v1/default_plugins.go; every profile
  // keeps all filters: they are what makes a placement valid.
  p.filters.push_back(AsFilter<NodeUnschedulable>());
  p.filters.push_back(AsFilter<NodeName>());
  p.filters.push_back(AsFilter<TaintToleration>());
  p.filters.push_back(AsFilter<NodeAffinity>());
  p.filters.push_back(AsFilter<NodePorts>());
  p.filters.push_back(AsFilter<NodeResourcesFit>());
  p.filters.push_back(AsFilter<VolumeRestrictions>());
  p.filters.push_back(AsFilter<VolumeBinding>());
  p.filters.push_back(AsFilter<VolumeZone>());
  p.filters.push_back(AsFilter<PodTopologySpread>());
  p.filters.push_back(AsFilter<InterPodAffinity>());

  if (name == "first-fit" || name == "random") {
    if (!config.weights.empty() || !config.strategy.empty()) {
      return Status::InvalidArgument("the " + name +
                                     " profile has no score plugins to weigh or configure");
    }
    if (name == "random") {
      p.scores.push_back({std::make_unique<RandomScore>(), 1});
      p.percentage_of_nodes_to_score = 100;  // uniform over every feasible node
    } else {
      p.rotate_start = false;  // the first feasible node in node order
    }
    return p;
  }

  // Default score weights: TaintToleration 3, NodeAffinity 2, NodeResourcesFit 1,
  // PodTopologySpread 2, InterPodAffinity 2, NodeResourcesBalancedAllocation 1, ImageLocality 1
  // (same source). VolumeLocality is clustersim's own, on only in the volume-aware profile.
  std::vector<std::pair<std::string, int64_t>> w = {
      {"TaintToleration", 3}, {"NodeResourcesFit", 1}, {"PodTopologySpread", 2},
      {"NodeAffinity", 2},    {"InterPodAffinity", 2}, {"NodeResourcesBalancedAllocation", 1},
      {"ImageLocality", 1},   {"VolumeLocality", 0}};
  auto set = [&](const char* plugin, int64_t weight) {
    for (auto& [name_, weight_] : w) {
      if (name_ == plugin) weight_ = weight;
    }
  };
  if (name == "spread") {
    // Spreading first: PodTopologySpread (the pod's constraints or the system defaults over
    // hostname and zone) outweighs the resource scores, which then only break its ties.
    set("PodTopologySpread", 10);
  } else if (name == "volume-aware") {
    // Back to the node that still has the volume attached: no detach and attach to wait for.
    set("VolumeLocality", 10);
  }
  if (name == "bin-packing") {
    // The default spreading would outweigh MostAllocated (2 x up to 100 against 1 x the
    // utilisation difference) and undo the packing; bin-packing profiles turn it off.
    set("PodTopologySpread", 0);
  }
  for (const auto& entry : config.weights) {
    const std::string& plugin = entry.first;
    const int weight = entry.second;
    auto it = std::find_if(w.begin(), w.end(), [&](const auto& e) { return e.first == plugin; });
    if (it == w.end()) {
      std::string list;
      for (const auto& [k, v] : w) list += (list.empty() ? "" : ", ") + k;
      return Status::InvalidArgument("unknown score plugin '" + plugin + "' in the weights; " +
                                     "known: " + list);
    }
    it->second = weight;
  }
  // bin-packing: the default profile with NodeResourcesFit's MostAllocated strategy and no
  // default topology spreading.
  std::string strategy = config.strategy.empty()
                             ? (name == "bin-packing" ? "MostAllocated" : "LeastAllocated")
                             : config.strategy;
  NodeResourcesFit::Strategy st = NodeResourcesFit::Strategy::kLeastAllocated;
  std::vector<ShapePoint> shape;
  if (strategy == "MostAllocated") {
    st = NodeResourcesFit::Strategy::kMostAllocated;
  } else if (strategy == "RequestedToCapacityRatio") {
    st = NodeResourcesFit::Strategy::kRequestedToCapacityRatio;
    if (config.shape.empty()) {
      return Status::InvalidArgument(
          "scoringStrategy RequestedToCapacityRatio needs requestedToCapacityRatio.shape");
    }
    for (size_t i = 0; i < config.shape.size(); ++i) {
      // validation.go: utilization strictly increasing.
      if (i > 0 && config.shape[i].first <= config.shape[i - 1].first) {
        return Status::InvalidArgument(
            "requestedToCapacityRatio.shape utilization values must be strictly increasing");
      }
      shape.push_back({config.shape[i].first, config.shape[i].second});
    }
  } else if (strategy != "LeastAllocated") {
    return Status::InvalidArgument("unknown scoringStrategy type '" + strategy + "'");
  }
  if (config.cpu_weight == 0 && config.memory_weight == 0) {
    return Status::InvalidArgument("scoringStrategy.resources lists no resource");
  }
  auto get = [&](const char* plugin) {
    return std::find_if(w.begin(), w.end(), [&](const auto& e) { return e.first == plugin; })
        ->second;
  };
  p.scores.push_back({AsScore<TaintToleration>(), get("TaintToleration")});
  p.scores.push_back({std::make_unique<NodeResourcesFit>(st, config.cpu_weight,
                                                         config.memory_weight, std::move(shape)),
                      get("NodeResourcesFit")});
  p.scores.push_back({AsScore<NodeAffinity>(), get("NodeAffinity")});
  p.scores.push_back({AsScore<PodTopologySpread>(), get("PodTopologySpread")});
  p.scores.push_back({AsScore<InterPodAffinity>(), get("InterPodAffinity")});
  p.scores.push_back({AsScore<BalancedAllocation>(), get("NodeResourcesBalancedAllocation")});
  p.scores.push_back({AsScore<ImageLocality>(), get("ImageLocality")});
  p.scores.push_back({AsScore<VolumeLocality>(), get("VolumeLocality")});
  return p;
}

}  // namespace clustersim
