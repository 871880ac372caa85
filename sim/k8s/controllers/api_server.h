// Pod objects as the API server keeps them, and the watches through which the controllers
// learn of their changes. A controller creates a pod; the scheduler binds it (or spec.nodeName
// does); a delete either sets the deletionTimestamp and waits for the node's kubelet to confirm
// (graceful: the object stays, Terminating) or removes the object at once (force, grace period
// 0). When the object is gone, its owners are told in a fixed order: the kubelet's view, the
// attach-detach controller (the volume is free), the StatefulSet or ReplicaSet controller
// (which may create a replacement) and the scheduling queue (a node has room again).
// docs/semantics.md, sections 4 and 5.
#pragma once

#include <cstdint>

#include "k8s/model_state.h"

namespace clustersim {

class Model;

class ApiServer {
 public:
  explicit ApiServer(Model& m);

  // A controller creates the pod of workload `w` (`ordinal` >= 0: a StatefulSet's).
  void CreatePod(uint32_t w, int ordinal);
  // The pods/binding subresource: pod `id` is on node `n` from now on.
  void Bind(uint32_t id, uint32_t n);
  // A graceful delete whose kubelet cannot confirm it (node down): the object stays,
  // Terminating. `by_taint`: the taint manager's eviction (else a drain's).
  void EvictPod(uint32_t id, bool by_taint);
  // The object is gone (the kubelet confirmed the deletion, or it was forced).
  void RemovePod(uint32_t id);
  // kubectl delete --grace-period=0 --force.
  void ForceDelete(uint32_t id);
  void ForceDeleteAll(uint32_t node);

 private:
  uint32_t AllocPod(uint32_t w, int ordinal);
  void Unlink(uint32_t id);

  Model& m_;
  ModelState& s_;
};

}  // namespace clustersim
