// VolumeLocality: clustersim's own score, not a kube-scheduler plugin. 100 on the node the
// pod's volume is still attached to, so that no detach and attach is waited for; 0 elsewhere.
// Off (weight 0) but in the volume-aware profile (weight 10). docs/semantics.md, section 8;
// docs/scenario-format.md, section 4.7.
#include "clustersim/policy/scoring.h"
#include "policy/plugins/builtin.h"

namespace clustersim {
namespace {

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

}  // namespace

namespace plugins {

SchedulerPluginInfo VolumeLocalityInfo() {
  SchedulerPluginInfo info;
  info.name = "VolumeLocality";
  info.summary = "score: the node the pod's volume is still attached to (clustersim's own)";
  info.score = MakePlugin<ScorePlugin, VolumeLocality>;
  info.default_weight = 0;
  info.score_order = 8;
  info.clustersim_specific = true;
  return info;
}

}  // namespace plugins
}  // namespace clustersim
