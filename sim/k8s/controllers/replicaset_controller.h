// kube-controller-manager's ReplicaSet controller (pkg/controller/replicaset), which a
// Deployment's pods come from: it keeps `replicas` pods that are not terminating, so a pod that
// gets a deletionTimestamp (a taint-based eviction, a drain) is replaced at once, while the old
// object may linger. A bare Pod has no controller: it is created once and never replaced.
// docs/semantics.md, section 5.1.
#pragma once

#include <cstdint>

#include "k8s/model_state.h"

namespace clustersim {

class Model;

class ReplicaSetController {
 public:
  explicit ReplicaSetController(Model& m);
  void Reconcile(uint32_t w);
  // The pod's deletionTimestamp was set: it no longer counts.
  void OnPodTerminating(uint32_t w);
  // The pod object is gone (`was_deleting`: it had a deletionTimestamp, already not counted).
  void OnPodGone(uint32_t w, bool was_deleting);

 private:
  Model& m_;
  ModelState& s_;
};

}  // namespace clustersim
