#include "k8s/controllers/failover_actions.h"

#include "k8s/model.h"

namespace clustersim {

FailoverActions::FailoverActions(Model& m, std::unique_ptr<FailoverPolicy> policy)
    : m_(m), s_(m.s), policy_(std::move(policy)) {}

void FailoverActions::Begin() { policy_->Begin(m_); }

void FailoverActions::OnNodeNotReady(uint32_t n) { Act(n, policy_->OnNodeNotReady(m_, n)); }

void FailoverActions::Recheck(uint32_t n) { Act(n, policy_->OnRecheck(m_, n)); }

void FailoverActions::Act(uint32_t n, const FailoverDecision& d) {
  NodeState& node = s_.nodes[n];
  switch (d.action) {
    case FailoverAction::kNone:
      break;
    case FailoverAction::kForceDeletePods:
      m_.api.ForceDeleteAll(n);
      break;
    case FailoverAction::kTaintOutOfService:
      node.out_of_service = true;
      s_.Trace(TraceKind::kOutOfServiceTaint, n, kNone);
      m_.pod_gc.OnOutOfService(n);
      break;
    case FailoverAction::kDeleteNode:
      node.deleted = true;
      s_.Trace(TraceKind::kNodeDeleted, n, kNone);
      m_.pod_gc.OnNodeDeleted(n);
      break;
  }
  if (d.recheck_after != kNever) s_.sim.After(d.recheck_after, kFailoverAction, n, node.epoch);
}

void FailoverActions::OnNodeBack(uint32_t n) {
  NodeState& node = s_.nodes[n];
  node.out_of_service = false;  // the operator removes it once the node is back
  node.deleted = false;         // a replaced machine registers its Node again
}

}  // namespace clustersim
