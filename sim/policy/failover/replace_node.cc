// `replace-node`: `after` after NotReady, the Node object is deleted, as a cloud's node
// auto-repair or the cloud controller manager does for a machine it replaces. PodGC deletes the
// orphaned pods after its 40 s quarantine (20 s loop); network volumes then wait for the
// 6-minute force detach; the returning machine registers its Node again (docs/semantics.md,
// section 6).
#include "policy/failover/builtin.h"

namespace clustersim::failover {

FailoverPolicyInfo ReplaceNode() {
  FailoverPolicyInfo info;
  info.name = "replace-node";
  info.summary = "delete the Node object of a NotReady node after `after`";
  info.params = {AfterParam()};
  // The Node object's deletion moves replicas off their nodes: analyze's chains do not hold.
  info.analyze_reduces = false;
  info.analyze_why_not = "the Node object is deleted";
  info.make = [](const PolicyArgs& a) {
    return std::make_unique<ActAfter>(FailoverAction::kDeleteNode, a.Duration("after"));
  };
  return info;
}

}  // namespace clustersim::failover
