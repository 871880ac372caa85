// The built-in failover policies' registry rows (policy_registry.cc lists them in this order),
// each defined in the file named after it.
#pragma once

#include "clustersim/policy/policy_registry.h"

namespace clustersim::failover {

FailoverPolicyInfo Kubernetes();    // kubernetes.cc
FailoverPolicyInfo ForceDelete();   // force_delete.cc
FailoverPolicyInfo OutOfService();  // out_of_service.cc
FailoverPolicyInfo ReplaceNode();   // replace_node.cc

// The `after` parameter of the policies that act once, a fixed time after NotReady.
PolicyParam AfterParam();

// Waits `after` from NotReady, then takes `action` once (unless the node came back).
class ActAfter final : public FailoverPolicy {
 public:
  ActAfter(FailoverAction action, SimTime after) : action_(action), after_(after) {}
  FailoverDecision OnNodeNotReady(const ClusterView&, uint32_t) override {
    // Always through a recheck, even with after = 0: the action then runs after everything
    // else due at the instant the node was marked NotReady.
    return FailoverDecision::Recheck(after_);
  }
  FailoverDecision OnRecheck(const ClusterView&, uint32_t) override {
    return FailoverDecision::Act(action_);
  }

 private:
  FailoverAction action_;
  SimTime after_;
};

}  // namespace clustersim::failover
