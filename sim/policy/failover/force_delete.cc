// `force-delete`: an operator or automation runs `kubectl delete pod --grace-period=0 --force`
// for every pod of the node `after` after it is marked NotReady. The pod objects are gone at
// once, so a StatefulSet recreates its pods elsewhere; their network volumes still wait for the
// attach-detach controller's 6-minute force detach (docs/semantics.md, section 6).
#include "policy/failover/builtin.h"

namespace clustersim::failover {

PolicyParam AfterParam() {
  return {"after", PolicyParamKind::kDuration, "0s", false,
          "delay from the node's NotReady to the action"};
}

FailoverPolicyInfo ForceDelete() {
  FailoverPolicyInfo info;
  info.name = "force-delete";
  info.summary = "force-delete every pod of a NotReady node after `after`";
  info.params = {AfterParam()};
  // With replicas pinned to their nodes (analyze's chains), a force delete moves nothing.
  info.analyze_reduces = true;
  info.make = [](const PolicyArgs& a) {
    return std::make_unique<ActAfter>(FailoverAction::kForceDeletePods, a.Duration("after"));
  };
  return info;
}

}  // namespace clustersim::failover
