// TaintToleration (pkg/scheduler/framework/plugins/tainttoleration). Filter: a NoSchedule or
// NoExecute taint the pod does not tolerate, then the node lifecycle controller's unreachable
// taint on a NotReady node. Score (weight 3): intolerable PreferNoSchedule taints, normalised
// in reverse. docs/semantics.md, section 8; kube-scheduler-scoring.md 3.4.
#include "clustersim/policy/scoring.h"
#include "policy/plugins/builtin.h"

namespace clustersim {
namespace {

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

}  // namespace

namespace plugins {

SchedulerPluginInfo TaintTolerationInfo() {
  SchedulerPluginInfo info;
  info.name = "TaintToleration";
  info.summary =
      "filter: untolerated NoSchedule/NoExecute taints; score: fewer intolerable "
      "PreferNoSchedule taints";
  info.filter = MakePlugin<FilterPlugin, TaintToleration>;
  info.score = MakePlugin<ScorePlugin, TaintToleration>;
  info.filter_always = true;
  info.default_weight = 3;
  info.score_order = 1;
  return info;
}

}  // namespace plugins
}  // namespace clustersim
