// NodeUnschedulable (pkg/scheduler/framework/plugins/nodeunschedulable): a cordoned node
// (spec.unschedulable) is infeasible. The model's pods do not tolerate the
// node.kubernetes.io/unschedulable taint, so the plugin's toleration check has nothing to
// decide. docs/semantics.md, section 8.
#include "policy/plugins/builtin.h"

namespace clustersim {
namespace {

class NodeUnschedulable final : public FilterEach<NodeUnschedulable> {
 public:
  const char* Name() const override { return "NodeUnschedulable"; }
  bool Filter(const SchedulingState&, const SchedPod&, const SchedNode& node,
              const char** reason) const override {
    if (!node.unschedulable) return true;
    *reason = "node(s) were unschedulable";
    return false;
  }
};

}  // namespace

namespace plugins {

SchedulerPluginInfo NodeUnschedulableInfo() {
  SchedulerPluginInfo info;
  info.name = "NodeUnschedulable";
  info.summary = "filter: a cordoned node (spec.unschedulable) is infeasible";
  info.filter = MakePlugin<FilterPlugin, NodeUnschedulable>;
  info.filter_always = true;
  return info;
}

}  // namespace plugins
}  // namespace clustersim
