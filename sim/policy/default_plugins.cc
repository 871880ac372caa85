// The built-in plugins of the default profile that this version models, with kube-scheduler's
// names, reasons and formulas (kube-scheduler-scoring.md section 3), and the registry.
#include <algorithm>
#include <cmath>

#include "clustersim/policy/registry.h"

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

class TaintToleration final : public FilterPlugin, public ScorePlugin {
 public:
  const char* Name() const override { return "TaintToleration"; }
  bool Filter(const SchedulingState&, const SchedPod&, const SchedNode& node,
              const char** reason) const override {
    if (node.not_ready) {
      *reason = "node(s) had untolerated taint {node.kubernetes.io/unreachable: }";
      return false;
    }
    if (node.hard_taint) {
      *reason = "node(s) had untolerated taint";
      return false;
    }
    return true;
  }
  PreScoreResult PreScore(const SchedulingState&, const SchedPod&,
                          std::span<const SchedNode* const> feasible) override {
    // Without PreferNoSchedule taints every node normalises to 100 (reverse of all-zero).
    for (const SchedNode* n : feasible) {
      if (n->prefer_no_schedule_taints > 0) return {};
    }
    return {false, 100};
  }
  int64_t Score(const SchedulingState&, const SchedPod&, const SchedNode& node) const override {
    return node.prefer_no_schedule_taints;
  }
  void Normalize(std::span<int64_t> s) const override {
    // helper.DefaultNormalizeScore(MaxNodeScore, reverse=true)
    int64_t max = 0;
    for (int64_t v : s) max = std::max(max, v);
    for (int64_t& v : s) v = max == 0 ? 100 : 100 - 100 * v / max;
  }
};

class NodeResourcesFit final : public FilterPlugin, public ScorePlugin {
 public:
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
  // LeastAllocated over cpu and memory, weight 1 each, on non-zero requests.
  int64_t Score(const SchedulingState&, const SchedPod& pod, const SchedNode& node) const override {
    auto least = [](int64_t req, int64_t cap) -> int64_t {
      if (cap == 0 || req > cap) return 0;
      return (cap - req) * 100 / cap;
    };
    int64_t cpu = least(node.nz_cpu + pod.nz_cpu, node.alloc_cpu);
    int64_t mem = least(node.nz_mem + pod.nz_mem, node.alloc_mem);
    return (cpu + mem) / 2;
  }
};

class BalancedAllocation final : public ScorePlugin {
 public:
  const char* Name() const override { return "NodeResourcesBalancedAllocation"; }
  int64_t Score(const SchedulingState&, const SchedPod& pod, const SchedNode& node) const override {
    auto frac = [](int64_t req, int64_t cap) {
      if (cap <= 0) return 0.0;
      return std::min(1.0, static_cast<double>(req) / static_cast<double>(cap));
    };
    double c = frac(node.req_cpu + pod.req_cpu, node.alloc_cpu);
    double m = frac(node.req_mem + pod.req_mem, node.alloc_mem);
    double std_dev = std::fabs(c - m) / 2;
    return static_cast<int64_t>((1 - std_dev) * 100);
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
class InterPodAffinity final : public FilterPlugin, public ScorePlugin {
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

std::vector<std::string> BuiltinProfileNames() { return {"default"}; }

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

std::vector<std::string> BuiltinRecoveryPolicyNames() {
  return {"auto", "reattach", "wait-for-node"};
}

StatusOr<SchedulerProfile> MakeProfile(const std::string& name,
                                       const std::map<std::string, int>& weights) {
  if (name != "default") {
    return Status::InvalidArgument("unknown scheduler profile '" + name + "'; known: default");
  }
  SchedulerProfile p;
  p.name = name;
  // Filter order as in k/k pkg/scheduler/apis/config/v1/default_plugins.go.
  p.filters.push_back(AsFilter<NodeUnschedulable>());
  p.filters.push_back(AsFilter<TaintToleration>());
  p.filters.push_back(AsFilter<NodeResourcesFit>());
  p.filters.push_back(AsFilter<VolumeBinding>());
  p.filters.push_back(AsFilter<VolumeZone>());
  p.filters.push_back(AsFilter<InterPodAffinity>());
  // Default score weights: TaintToleration 3, NodeResourcesFit 1, InterPodAffinity 2,
  // NodeResourcesBalancedAllocation 1 (same source).
  std::map<std::string, int> w = {{"TaintToleration", 3},
                                  {"NodeResourcesFit", 1},
                                  {"InterPodAffinity", 2},
                                  {"NodeResourcesBalancedAllocation", 1}};
  for (const auto& [plugin, weight] : weights) {
    if (!w.count(plugin)) {
      std::string known;
      for (const auto& [k, v] : w) known += (known.empty() ? "" : ", ") + k;
      return Status::InvalidArgument("unknown score plugin '" + plugin +
                                     "' in the weights; known: " + known);
    }
    w[plugin] = weight;
  }
  p.scores.push_back({AsScore<TaintToleration>(), w["TaintToleration"]});
  p.scores.push_back({AsScore<NodeResourcesFit>(), w["NodeResourcesFit"]});
  p.scores.push_back({AsScore<InterPodAffinity>(), w["InterPodAffinity"]});
  p.scores.push_back({AsScore<BalancedAllocation>(), w["NodeResourcesBalancedAllocation"]});
  return p;
}

}  // namespace clustersim
