// The built-in plugins of the default profile that this version models, with kube-scheduler's
// names, reasons and formulas (kube-scheduler-scoring.md section 3), and the registry.
#include <algorithm>
#include <cmath>
#include <cstdint>

#include "clustersim/policy/registry.h"
#include "clustersim/policy/scoring.h"

namespace clustersim {
namespace {

class NodeUnschedulable final : public FilterPlugin {
 public:
  const char* Name() const override { return "NodeUnschedulable"; }
  bool Filter(const SchedulingState&, const SchedPod&, const SchedNode& node,
              const char** reason) const override {
    if (!node.unschedulable) return true;
    *reason = "node(s) were unschedulable";
    return false;
  }
};

class TaintToleration final : public FilterPlugin, public ScoreEach<TaintToleration> {
 public:
  const char* Name() const override { return "TaintToleration"; }
  bool Filter(const SchedulingState&, const SchedPod& pod, const SchedNode& node,
              const char** reason) const override {
    if (node.not_ready && !pod.tolerates_unreachable) {
      *reason = "node(s) had untolerated taint {node.kubernetes.io/unreachable: }";
      return false;
    }
    const bool untolerated = pod.node_verdict != nullptr
                                 ? (pod.node_verdict[node.id] & SchedPod::kUntoleratedTaint) != 0
                                 : node.hard_taint;
    if (untolerated) {
      *reason = "node(s) had untolerated taint";
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
class NodeAffinity final : public FilterPlugin, public ScoreEach<NodeAffinity> {
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

class NodeResourcesFit final : public FilterPlugin, public ScoreEach<NodeResourcesFit> {
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

class VolumeBinding final : public FilterPlugin {
 public:
  const char* Name() const override { return "VolumeBinding"; }
  bool PreFilter(const SchedulingState&, const SchedPod& pod) override {
    return pod.pinned_node != kNoNode;  // Skip: no bound local volume
  }
  bool Filter(const SchedulingState&, const SchedPod& pod, const SchedNode& node,
              const char** reason) const override {
    if (pod.pinned_node != kNoNode && pod.pinned_node != node.id) {
      *reason = "node(s) had volume node affinity conflict";
      return false;
    }
    return true;
  }
};

class VolumeZone final : public FilterPlugin {
 public:
  const char* Name() const override { return "VolumeZone"; }
  bool PreFilter(const SchedulingState&, const SchedPod& pod) override {
    return pod.required_zone != kNoNode;  // Skip: no zonal volume bound yet
  }
  bool Filter(const SchedulingState&, const SchedPod& pod, const SchedNode& node,
              const char** reason) const override {
    if (pod.required_zone != kNoNode && pod.required_zone != node.zone) {
      *reason = "node(s) had no available volume zone";
      return false;
    }
    return true;
  }
};

// Pod anti-affinity on kubernetes.io/hostname against the pod's own workload, required
// (filter) or preferred with weight 100 (score). PreFilter/PreScore count the workload's pods
// per node once per cycle, so Filter and Score are O(1).
class InterPodAffinity final : public FilterPlugin, public ScoreEach<InterPodAffinity> {
 public:
  const char* Name() const override { return "InterPodAffinity"; }
  bool PreFilter(const SchedulingState& state, const SchedPod& pod) override {
    if (!pod.anti_affinity_required) return false;  // Skip: no required term applies
    Count(state, pod);
    return true;
  }
  bool Filter(const SchedulingState&, const SchedPod& pod, const SchedNode& node,
              const char** reason) const override {
    if (pod.anti_affinity_required && node.id < counts_.size() && counts_[node.id] > 0) {
      *reason = "node(s) didn't match pod anti-affinity rules";
      return false;
    }
    return true;
  }
  PreScoreResult PreScore(const SchedulingState& state, const SchedPod& pod,
                          std::span<const SchedNode* const>) override {
    // interpodaffinity PreScore returns Skip for a pod without preferred terms (the only
    // existing pods with terms here are the workload's own, which match only their own kind).
    if (!pod.anti_affinity_preferred) return {true, -1};
    Count(state, pod);
    return {};
  }
  int64_t Score(const SchedulingState&, const SchedPod& pod, const SchedNode& node) const override {
    if (!pod.anti_affinity_preferred || node.id >= counts_.size()) return 0;
    return -100 * static_cast<int64_t>(counts_[node.id]);
  }
  void Normalize(std::span<int64_t> s) const override {
    // interpodaffinity NormalizeScore: min and max start at 0.
    int64_t lo = 0, hi = 0;
    for (int64_t v : s) {
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
    for (int64_t& v : s) {
      v = hi == lo ? 0
                   : static_cast<int64_t>(100.0 * static_cast<double>(v - lo) /
                                          static_cast<double>(hi - lo));
    }
  }

 private:
  void Count(const SchedulingState& state, const SchedPod& pod) {
    for (uint32_t n : marked_) counts_[n] = 0;
    marked_.clear();
    if (!pod.anti_affinity_required && !pod.anti_affinity_preferred) return;
    if (counts_.size() < state.NodeCount()) counts_.resize(state.NodeCount(), 0);
    for (uint32_t n : state.NodesOfWorkload(pod.workload)) {
      if (n >= counts_.size()) continue;
      if (counts_[n]++ == 0) marked_.push_back(n);
    }
  }
  std::vector<uint32_t> counts_;
  std::vector<uint32_t> marked_;
};

// PodTopologySpread scoring with the system default constraints (defaultingType: System):
// kubernetes.io/hostname maxSkew 3 and topology.kubernetes.io/zone maxSkew 5, both
// ScheduleAnyway, over the pods of the pod's own workload (the selector kube-scheduler derives
// from the owning ReplicaSet or StatefulSet). podtopologyspread/scoring.go: raw score
// round(sum over constraints of count * ln(domains + 2) + maxSkew - 1), normalised so the
// node with the fewest matching pods in its domains scores 100. Terminating pods do not count.
// The filter side (DoNotSchedule constraints) needs user-given constraints, which this
// version's scenarios cannot state yet; the defaults are all ScheduleAnyway.
class PodTopologySpread final : public ScoreEach<PodTopologySpread> {
 public:
  const char* Name() const override { return "PodTopologySpread"; }
  PreScoreResult PreScore(const SchedulingState& state, const SchedPod& pod,
                          std::span<const SchedNode* const> feasible) override {
    const std::span<const SchedNode> all = state.Nodes();
    if (per_node_.size() < all.size()) per_node_.resize(all.size(), 0);
    for (uint32_t n : marked_) per_node_[n] = 0;
    marked_.clear();
    // Zones present among the candidates define the zone domains (TopologyPairToPodCounts).
    zone_count_.clear();
    zone_seen_.clear();
    int64_t zone_domains = 0;
    for (const SchedNode* n : feasible) {
      if (!n->zone_label) continue;
      if (zone_seen_.size() <= n->zone) zone_seen_.resize(n->zone + 1, 0);
      if (!zone_seen_[n->zone]) {
        zone_seen_[n->zone] = 1;
        ++zone_domains;
      }
    }
    zone_count_.assign(zone_seen_.size(), 0);
    for (uint32_t n : state.LiveNodesOfWorkload(pod.workload)) {
      if (per_node_[n]++ == 0) marked_.push_back(n);
      const SchedNode& node = all[n];
      if (node.zone_label && node.zone < zone_seen_.size() && zone_seen_[node.zone]) {
        ++zone_count_[node.zone];
      }
    }
    // System defaults do not require every node to carry every key: none is ignored, and the
    // hostname constraint has one domain per candidate node.
    host_weight_ = std::log(static_cast<double>(feasible.size()) + 2);
    zone_weight_ = std::log(static_cast<double>(zone_domains) + 2);
    return {};
  }
  int64_t Score(const SchedulingState&, const SchedPod&, const SchedNode& node) const override {
    constexpr double kHostMaxSkew = 3, kZoneMaxSkew = 5;
    double score = static_cast<double>(per_node_[node.id]) * host_weight_ + (kHostMaxSkew - 1);
    if (node.zone_label) {
      score += static_cast<double>(zone_count_[node.zone]) * zone_weight_ + (kZoneMaxSkew - 1);
    }
    return static_cast<int64_t>(std::round(score));
  }
  void Normalize(std::span<int64_t> s) const override {
    int64_t lo = INT64_MAX, hi = 0;
    for (int64_t v : s) {
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
    for (int64_t& v : s) v = hi == 0 ? kMaxNodeScore : kMaxNodeScore * (hi + lo - v) / hi;
  }

 private:
  std::vector<uint32_t> per_node_;
  std::vector<uint32_t> marked_;
  std::vector<int64_t> zone_count_;
  std::vector<uint8_t> zone_seen_;
  double host_weight_ = 0, zone_weight_ = 0;
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
  return {"default", "bin-packing", "random", "first-fit"};
}

std::vector<std::string> BuiltinPluginNames() {
  return {"NodeUnschedulable",
          "TaintToleration",
          "NodeResourcesFit",
          "VolumeBinding",
          "VolumeZone",
          "InterPodAffinity",
          "NodeResourcesBalancedAllocation"};
}

std::vector<std::string> BuiltinFailoverPolicyNames() {
  return {"kubernetes", "force-delete", "out-of-service"};
}

std::vector<std::string> BuiltinRecoveryPolicyNames() { return {"auto"}; }

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
  p.filters.push_back(AsFilter<TaintToleration>());
  p.filters.push_back(AsFilter<NodeAffinity>());
  p.filters.push_back(AsFilter<NodeResourcesFit>());
  p.filters.push_back(AsFilter<VolumeBinding>());
  p.filters.push_back(AsFilter<VolumeZone>());
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
  // PodTopologySpread 2, InterPodAffinity 2, NodeResourcesBalancedAllocation 1 (same source).
  std::vector<std::pair<std::string, int64_t>> w = {
      {"TaintToleration", 3}, {"NodeResourcesFit", 1}, {"PodTopologySpread", 2},
      {"NodeAffinity", 2},    {"InterPodAffinity", 2}, {"NodeResourcesBalancedAllocation", 1}};
  if (name == "bin-packing") {
    // The default spreading would outweigh MostAllocated (2 x up to 100 against 1 x the
    // utilisation difference) and undo the packing; bin-packing profiles turn it off.
    for (auto& [plugin, weight] : w) {
      if (plugin == "PodTopologySpread") weight = 0;
    }
  }
  for (const auto& [plugin, weight] : config.weights) {
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
  return p;
}

}  // namespace clustersim
