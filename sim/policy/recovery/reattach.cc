// `reattach`: a network volume follows its pod to another node; the model's behaviour is
// `auto`'s, but the choice is checked: it cannot apply to a local volume.
#include "clustersim/scenario/scenario.h"
#include "policy/recovery/builtin.h"

namespace clustersim::recovery {

RecoveryPolicyInfo Reattach() {
  RecoveryPolicyInfo info;
  info.name = "reattach";
  info.summary = "a network volume follows its pod to another node";
  info.analyze_why_not = "moves or refills data";
  info.make = [](const PolicyArgs&) { return std::make_unique<LeaveVolumes>(); };
  info.check = [](const PolicyArgs&, const Scenario& s) {
    std::vector<std::string> problems;
    for (const Workload& w : s.workloads) {
      if (w.claims.empty() || w.claims[0].storage_class < 0) continue;
      const StorageClass& cls = s.storage_classes[w.claims[0].storage_class];
      if (cls.kind != StorageKind::kLocal) continue;
      problems.push_back("reattach moves network volumes, but workload '" + w.name +
                         "' uses the local storage class '" + cls.name +
                         "' (use wait-for-node, rebuild-from-peers or auto)");
      break;
    }
    return problems;
  };
  return info;
}

}  // namespace clustersim::recovery
