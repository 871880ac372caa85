// Failover policies: what is done about the pods of a node that stopped reporting. Kubernetes
// itself does nothing for a StatefulSet pod there (its replacement may not start while the old
// pod object exists, docs/semantics.md section 5.2); a failover policy models the operator or
// automation that acts: a force delete, the out-of-service taint of non-graceful node shutdown
// (KEP-2268), deleting the Node object as a cloud's node auto-repair does.
//
// Policies decide; the model acts. A policy is called when the node lifecycle controller marks
// a node NotReady and again at each recheck it asked for (while the node has not come back),
// and answers with a FailoverDecision: an action from the fixed set below, taken at once, and
// optionally when to be asked again. It is never called per event on the hot path. One policy
// object serves one replication, so it may keep per-node state in plain members.
//
// Built-in policies are in sim/policy/failover/, one file each; out-of-tree ones are
// registered with RegisterFailoverPolicy (policy_registry.h) and take part in the loader,
// `clustersim list` and `compare` like the built-ins (docs/writing-policies.md).
#pragma once

#include <cstdint>

#include "clustersim/core/time.h"
#include "clustersim/policy/cluster_view.h"

namespace clustersim {

// What the model can do about an unreachable node. A new action means a new case in the
// model's switch (sim/k8s/controllers/failover_actions.cc), which the compiler points out.
enum class FailoverAction : uint8_t {
  kNone,  // nothing now
  // `kubectl delete pod --grace-period=0 --force` for every pod bound to the node: the objects
  // are gone at once; network volumes still wait for the attach-detach controller's force
  // detach (6 minutes) because the node never confirmed the unmount.
  kForceDeletePods,
  // The node.kubernetes.io/out-of-service:NoExecute taint (non-graceful node shutdown): PodGC
  // force-deletes the node's pods at its next pass and their volumes are detached at once.
  kTaintOutOfService,
  // Delete the Node object: PodGC deletes its pods as orphans after its 40 s quarantine; the
  // returning machine registers the Node again.
  kDeleteNode,
};

struct FailoverDecision {
  FailoverAction action = FailoverAction::kNone;
  // Ask again (OnRecheck) this long from now, unless the node is Ready again first; kNever:
  // do not ask again for this outage.
  SimTime recheck_after = kNever;

  static FailoverDecision Nothing() { return {}; }
  static FailoverDecision Recheck(SimTime after) { return {FailoverAction::kNone, after}; }
  static FailoverDecision Act(FailoverAction a) { return {a, kNever}; }
};

class FailoverPolicy {
 public:
  virtual ~FailoverPolicy() = default;
  // Once per replication, before time 0.
  virtual void Begin(const ClusterView& /*cluster*/) {}
  // The node lifecycle controller has just set node `node`'s Ready condition to Unknown.
  virtual FailoverDecision OnNodeNotReady(const ClusterView& cluster, uint32_t node) = 0;
  // A recheck this policy asked for is due; the node has not been Ready since it asked.
  virtual FailoverDecision OnRecheck(const ClusterView& /*cluster*/, uint32_t /*node*/) {
    return FailoverDecision::Nothing();
  }
};

}  // namespace clustersim
