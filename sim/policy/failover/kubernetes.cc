// `kubernetes`: Kubernetes' own behaviour, no failover action. Pods on an unreachable node are
// taint-evicted after their tolerationSeconds (a Deployment's ReplicaSet replaces them at
// once); a StatefulSet pod stays Terminating until the node's kubelet confirms the deletion,
// so its replacement waits for the node to return (docs/semantics.md, sections 4 and 5.2).
#include "policy/failover/builtin.h"

namespace clustersim::failover {
namespace {

class KubernetesDefault final : public FailoverPolicy {
 public:
  FailoverDecision OnNodeNotReady(const ClusterView&, uint32_t) override {
    return FailoverDecision::Nothing();
  }
};

}  // namespace

FailoverPolicyInfo Kubernetes() {
  FailoverPolicyInfo info;
  info.name = "kubernetes";
  info.summary = "Kubernetes' defaults: nothing beyond taint-based eviction";
  info.analyze_reduces = true;
  info.make = [](const PolicyArgs&) { return std::make_unique<KubernetesDefault>(); };
  return info;
}

}  // namespace clustersim::failover
