// NodeResourcesBalancedAllocation (pkg/scheduler/framework/plugins/noderesources,
// balanced_allocation.go). Score (weight 1): (1 - |f_cpu - f_mem| / 2) * 100 on the actual
// requests, truncated. docs/semantics.md, section 8; kube-scheduler-scoring.md 3.3.
#include "clustersim/policy/scoring.h"
#include "policy/plugins/builtin.h"

namespace clustersim {
namespace {

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

}  // namespace

namespace plugins {

SchedulerPluginInfo NodeResourcesBalancedAllocationInfo() {
  SchedulerPluginInfo info;
  info.name = "NodeResourcesBalancedAllocation";
  info.summary = "score: cpu and memory used in equal shares after the pod is placed";
  info.score = MakePlugin<ScorePlugin, BalancedAllocation>;
  info.default_weight = 1;
  info.score_order = 6;
  return info;
}

}  // namespace plugins
}  // namespace clustersim
