// VolumeBinding (pkg/scheduler/framework/plugins/volumebinding): a pod whose claim is bound to
// a local PersistentVolume fits only that volume's node; a claim that only pre-created volumes
// can serve fits the nodes one of them reaches. docs/semantics.md, sections 7.1 and 8;
// kube-scheduler-scoring.md 3.10.
#include "policy/plugins/builtin.h"

namespace clustersim {
namespace {

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

}  // namespace

namespace plugins {

SchedulerPluginInfo VolumeBindingInfo() {
  SchedulerPluginInfo info;
  info.name = "VolumeBinding";
  info.summary = "filter: the node of a bound local volume, or one a pre-created volume reaches";
  info.filter = MakePlugin<FilterPlugin, VolumeBinding>;
  info.filter_always = true;
  return info;
}

}  // namespace plugins
}  // namespace clustersim
