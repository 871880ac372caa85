// Where the model acts on the failover policy's decisions (policy/failover.h): the policy is
// asked when a node is marked NotReady and at each recheck it asked for, and its action is
// carried out here, through one exhaustive switch. docs/semantics.md, section 6.
#pragma once

#include <cstdint>
#include <memory>

#include "clustersim/policy/failover.h"
#include "k8s/model_state.h"

namespace clustersim {

class Model;

class FailoverActions {
 public:
  FailoverActions(Model& m, std::unique_ptr<FailoverPolicy> policy);
  void Begin();
  // The node lifecycle controller just marked node `n` NotReady.
  void OnNodeNotReady(uint32_t n);
  // kFailoverAction: a recheck the policy asked for.
  void Recheck(uint32_t n);
  // The machine is back: what the action left on its Node is undone (the operator removes the
  // out-of-service taint; a replaced machine registers its Node again).
  void OnNodeBack(uint32_t n);

 private:
  void Act(uint32_t n, const FailoverDecision& d);

  Model& m_;
  ModelState& s_;
  std::unique_ptr<FailoverPolicy> policy_;
};

}  // namespace clustersim
