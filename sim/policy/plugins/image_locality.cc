// ImageLocality (pkg/scheduler/framework/plugins/imagelocality). Score (weight 1): the sizes of
// the pod's images present on the node, scaled by the share of nodes that have them; static per
// node, computed once per workload from the scenario's node images (pod_groups.cc).
// docs/semantics.md, section 8; kube-scheduler-scoring.md 3.9.
#include "clustersim/policy/pod_groups.h"
#include "policy/plugins/builtin.h"

namespace clustersim {
namespace {

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

}  // namespace

namespace plugins {

SchedulerPluginInfo ImageLocalityInfo() {
  SchedulerPluginInfo info;
  info.name = "ImageLocality";
  info.summary = "score: the pod's images already present on the node";
  info.score = MakePlugin<ScorePlugin, ImageLocality>;
  info.default_weight = 1;
  info.score_order = 7;
  return info;
}

}  // namespace plugins
}  // namespace clustersim
