// `out-of-service`: `after` after NotReady, the node gets the node.kubernetes.io/out-of-service
// taint (non-graceful node shutdown, KEP-2268, GA in v1.28): PodGC force-deletes its pods at its
// next pass and the attach-detach controller detaches their volumes without waiting
// (docs/semantics.md, section 6). The taint is removed when the node is back.
#include "policy/failover/builtin.h"

namespace clustersim::failover {

FailoverPolicyInfo OutOfService() {
  FailoverPolicyInfo info;
  info.name = "out-of-service";
  info.summary = "taint a NotReady node node.kubernetes.io/out-of-service after `after`";
  info.params = {AfterParam()};
  info.analyze_reduces = true;
  info.make = [](const PolicyArgs& a) {
    return std::make_unique<ActAfter>(FailoverAction::kTaintOutOfService, a.Duration("after"));
  };
  return info;
}

}  // namespace clustersim::failover
