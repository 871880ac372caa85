// NodeName (pkg/scheduler/framework/plugins/nodename): a pod whose spec names its node fits
// only there. Pods with spec.nodeName never reach kube-scheduler (the model binds them
// directly); the filter is here for completeness of the default profile. docs/semantics.md,
// section 8.
#include "policy/plugins/builtin.h"

namespace clustersim {
namespace {

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

}  // namespace

namespace plugins {

SchedulerPluginInfo NodeNameInfo() {
  SchedulerPluginInfo info;
  info.name = "NodeName";
  info.summary = "filter: a pod with spec.nodeName fits only that node";
  info.filter = MakePlugin<FilterPlugin, NodeName>;
  info.filter_always = true;
  return info;
}

}  // namespace plugins
}  // namespace clustersim
