// VolumeRestrictions (pkg/scheduler/framework/plugins/volumerestrictions,
// volume_restrictions.go): a ReadWriteOncePod claim already used by a pod bound to a node
// (terminating ones included) makes the pod unschedulable everywhere. Its other half, conflicts
// between inline GCE PD, EBS, RBD and iSCSI volumes on one node, has no counterpart here:
// scenarios have no inline volumes. docs/semantics.md, section 8; kube-scheduler-scoring.md
// 3.10.
#include <cstdint>

#include "clustersim/policy/pod_groups.h"
#include "policy/plugins/builtin.h"

namespace clustersim {
namespace {

class VolumeRestrictions final : public FilterEach<VolumeRestrictions> {
 public:
  const char* Name() const override { return "VolumeRestrictions"; }
  bool PreFilter(const SchedulingState& state, const SchedPod& pod) override {
    in_use_ = false;
    if (pod.group == nullptr || pod.group->rwop_conflicts.empty()) return false;  // Skip
    for (uint32_t g : pod.group->rwop_conflicts) in_use_ |= !state.NodesOfWorkload(g).empty();
    return true;
  }
  bool Filter(const SchedulingState&, const SchedPod&, const SchedNode&,
              const char** reason) const override {
    if (!in_use_) return true;
    *reason =
        "node has pod using PersistentVolumeClaim with the same name and ReadWriteOncePod access "
        "mode";
    return false;
  }

 private:
  bool in_use_ = false;
};

}  // namespace

namespace plugins {

SchedulerPluginInfo VolumeRestrictionsInfo() {
  SchedulerPluginInfo info;
  info.name = "VolumeRestrictions";
  info.summary = "filter: a ReadWriteOncePod claim already in use by another pod";
  info.filter = MakePlugin<FilterPlugin, VolumeRestrictions>;
  info.filter_always = true;
  return info;
}

}  // namespace plugins
}  // namespace clustersim
