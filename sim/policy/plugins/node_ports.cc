// NodePorts (pkg/scheduler/framework/plugins/nodeports): a node hosting a pod (terminating ones
// included) whose hostPort collides with one of the pod's is infeasible. Collisions between
// groups (protocol, port, address) are resolved before the run (pod_groups.cc), so a cycle only
// marks the nodes of the conflicting workloads. docs/semantics.md, section 8.
#include <cstdint>
#include <vector>

#include "clustersim/policy/pod_groups.h"
#include "policy/plugins/builtin.h"

namespace clustersim {
namespace {

class NodePorts final : public FilterEach<NodePorts> {
 public:
  const char* Name() const override { return "NodePorts"; }
  bool PreFilter(const SchedulingState& state, const SchedPod& pod) override {
    for (uint32_t n : marked_) used_[n] = 0;
    marked_.clear();
    if (pod.group == nullptr || !pod.group->has_host_ports) return false;
    if (used_.size() < state.NodeCount()) used_.resize(state.NodeCount(), 0);
    for (uint32_t g : pod.group->port_conflicts) {
      for (uint32_t n : state.NodesOfWorkload(g)) {
        if (!used_[n]) marked_.push_back(n);
        used_[n] = 1;
      }
    }
    return true;
  }
  bool Filter(const SchedulingState&, const SchedPod&, const SchedNode& node,
              const char** reason) const override {
    if (node.id >= used_.size() || !used_[node.id]) return true;
    *reason = "node(s) didn't have free ports for the requested pod ports";
    return false;
  }

 private:
  std::vector<uint8_t> used_;
  std::vector<uint32_t> marked_;
};

}  // namespace

namespace plugins {

SchedulerPluginInfo NodePortsInfo() {
  SchedulerPluginInfo info;
  info.name = "NodePorts";
  info.summary = "filter: a hostPort already used on the node";
  info.filter = MakePlugin<FilterPlugin, NodePorts>;
  info.filter_always = true;
  return info;
}

}  // namespace plugins
}  // namespace clustersim
