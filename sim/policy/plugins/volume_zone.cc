// VolumeZone (pkg/scheduler/framework/plugins/volumezone): a pod whose zonal volume is bound
// fits only nodes of that zone, and one with a regional volume only nodes of its zones.
// docs/semantics.md, sections 7.1 and 8; kube-scheduler-scoring.md 3.10.
#include "policy/plugins/builtin.h"

namespace clustersim {
namespace {

class VolumeZone final : public FilterEach<VolumeZone> {
 public:
  const char* Name() const override { return "VolumeZone"; }
  bool PreFilter(const SchedulingState&, const SchedPod& pod) override {
    // Skip: no zonal or regional volume bound yet.
    return pod.required_zone != kNoNode || pod.zone_mask != 0;
  }
  bool Filter(const SchedulingState&, const SchedPod& pod, const SchedNode& node,
              const char** reason) const override {
    if ((pod.required_zone != kNoNode && pod.required_zone != node.zone) ||
        (pod.zone_mask != 0 && (node.zone >= 64 || ((pod.zone_mask >> node.zone) & 1) == 0))) {
      *reason = "node(s) had no available volume zone";
      return false;
    }
    return true;
  }
};

}  // namespace

namespace plugins {

SchedulerPluginInfo VolumeZoneInfo() {
  SchedulerPluginInfo info;
  info.name = "VolumeZone";
  info.summary = "filter: the zone (or zones) of a bound zonal or regional volume";
  info.filter = MakePlugin<FilterPlugin, VolumeZone>;
  info.filter_always = true;
  return info;
}

}  // namespace plugins
}  // namespace clustersim
