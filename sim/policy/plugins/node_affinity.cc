// NodeAffinity (pkg/scheduler/framework/plugins/nodeaffinity). Filter: nodeSelector and
// required node affinity terms. Score (weight 2): the sum of the matching preferred terms'
// weights, normalised. Both read the per-node verdicts pod_groups.cc computes once per
// workload. docs/semantics.md, section 8; kube-scheduler-scoring.md 3.5.
#include "clustersim/policy/scoring.h"
#include "policy/plugins/builtin.h"

namespace clustersim {
namespace {

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

}  // namespace

namespace plugins {

SchedulerPluginInfo NodeAffinityInfo() {
  SchedulerPluginInfo info;
  info.name = "NodeAffinity";
  info.summary =
      "filter: nodeSelector and required node affinity; score: matching preferred terms' weights";
  info.filter = MakePlugin<FilterPlugin, NodeAffinity>;
  info.score = MakePlugin<ScorePlugin, NodeAffinity>;
  info.filter_always = true;
  info.default_weight = 2;
  info.score_order = 3;
  return info;
}

}  // namespace plugins
}  // namespace clustersim
