// kube-controller-manager's pod garbage collector (pkg/controller/podgc), every gcCheckPeriod
// (20 s) from a phase of its own: it force-deletes the pods of a node tainted
// node.kubernetes.io/out-of-service (gcTerminating, non-graceful node shutdown), and the pods of
// a Node object that is gone, once the node has been missing for its 40 s quarantine
// (gcOrphaned). docs/semantics.md, section 6 (out-of-service, replace-node).
#pragma once

#include <cstdint>

#include "k8s/model_state.h"

namespace clustersim {

class Model;

class PodGc {
 public:
  explicit PodGc(Model& m);
  // The node was just tainted out-of-service: its pods go at the next pass.
  void OnOutOfService(uint32_t n);
  // The node's object was just deleted: its pods go once the quarantine is over.
  void OnNodeDeleted(uint32_t n);
  // kPodGcOutOfService and kPodGcOrphans.
  void CollectPodsOf(uint32_t n);

 private:
  Model& m_;
  ModelState& s_;
  SimTime phase_ = 0;  // where the passes fall
};

}  // namespace clustersim
