// `auto`: what Kubernetes does by itself. A network volume follows its pod to another node (the
// attach-detach controller detaches it once the old pod is gone, or force-detaches it after 6
// minutes); a local volume stays with its node, and so does its pod (docs/semantics.md, section
// 11).
#include "policy/recovery/builtin.h"

namespace clustersim::recovery {

RecoveryPolicyInfo Auto() {
  RecoveryPolicyInfo info;
  info.name = "auto";
  info.summary = "network volumes reattach, local ones wait for their node";
  info.analyze_reduces = true;
  info.make = [](const PolicyArgs&) { return std::make_unique<LeaveVolumes>(); };
  return info;
}

}  // namespace clustersim::recovery
