// kube-controller-manager's StatefulSet controller (pkg/controller/statefulset): one pod per
// ordinal, each with its own claim. docs/semantics.md, section 5.2.
//
// The at-most-one rule lives here: a StatefulSet never runs two pods of one identity, so it
// creates a replacement for ordinal o only once the old pod object is gone from the API
// (stateful_set_control.go: a missing ordinal is created; one with a deletionTimestamp is left
// to terminate). A graceful delete that the node's kubelet cannot confirm (an unreachable node)
// therefore leaves the replica Terminating, and without a force delete (a failover policy, PodGC
// of an out-of-service or deleted node) nothing replaces it until the node returns. Every path
// that deletes a pod reaches the controller through OnPodTerminating and OnPodGone.
#pragma once

#include <cstdint>

#include "k8s/model_state.h"

namespace clustersim {

class Model;

class StatefulSetController {
 public:
  explicit StatefulSetController(Model& m);
  // Creates the missing ordinals: with OrderedReady, a missing ordinal only when every lower
  // one is Running and Ready and none is terminating; with Parallel, all of them.
  void Reconcile(uint32_t w);
  // The pod's deletionTimestamp was set: its identity is still taken, nothing is created.
  void OnPodTerminating(uint32_t /*id*/) {}
  // The pod object of ordinal `ordinal` is gone: the identity is free again.
  void OnPodGone(uint32_t w, int ordinal);
  // A pod of `w` became ready (OrderedReady creates the next ordinal).
  void OnPodReady(uint32_t w);

 private:
  Model& m_;
  ModelState& s_;
};

}  // namespace clustersim
