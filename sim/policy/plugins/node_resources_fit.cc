// NodeResourcesFit (pkg/scheduler/framework/plugins/noderesources, fit.go). Filter: pod count,
// cpu and memory against the node's allocatable. Score (weight 1): the scoringStrategy of
// NodeResourcesFitArgs (LeastAllocated by default, MostAllocated, RequestedToCapacityRatio with
// a shape) over cpu and memory on non-zero requests, validated as validation.go does.
// docs/semantics.md, section 8; kube-scheduler-scoring.md 3.1 and 3.2.
#include <utility>
#include <vector>

#include "clustersim/policy/scoring.h"
#include "policy/plugins/builtin.h"

namespace clustersim {
namespace {

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

// The score with the profile's scoringStrategy: an empty type is LeastAllocated (the profile
// fills in its own default first).
StatusOr<std::unique_ptr<ScorePlugin>> MakeScore(const SchedulerConfig& config) {
  const std::string& strategy = config.strategy.empty() ? "LeastAllocated" : config.strategy;
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
  return std::unique_ptr<ScorePlugin>(std::make_unique<NodeResourcesFit>(
      st, config.cpu_weight, config.memory_weight, std::move(shape)));
}

}  // namespace

namespace plugins {

SchedulerPluginInfo NodeResourcesFitInfo() {
  SchedulerPluginInfo info;
  info.name = "NodeResourcesFit";
  info.summary =
      "filter: pods, cpu and memory fit the node; score: the scoringStrategy (LeastAllocated)";
  info.filter = MakePlugin<FilterPlugin, NodeResourcesFit>;
  info.score = MakeScore;
  info.filter_always = true;
  info.default_weight = 1;
  info.score_order = 2;
  return info;
}

}  // namespace plugins
}  // namespace clustersim
