#include "k8s/controllers/replicaset_controller.h"

#include "k8s/model.h"

namespace clustersim {

ReplicaSetController::ReplicaSetController(Model& m) : m_(m), s_(m.s) {}

void ReplicaSetController::Reconcile(uint32_t w) {
  if (s_.sc.workloads[w].kind == WorkloadKind::kPod) {
    if (!s_.workloads[w].bare_created) {
      s_.workloads[w].bare_created = true;
      m_.api.CreatePod(w, -1);
    }
    return;
  }
  // Pods with a deletionTimestamp do not count as active.
  while (s_.workloads[w].active < s_.sc.workloads[w].replicas) m_.api.CreatePod(w, -1);
}

void ReplicaSetController::OnPodTerminating(uint32_t w) {
  --s_.workloads[w].active;
  Reconcile(w);
}

void ReplicaSetController::OnPodGone(uint32_t w, bool was_deleting) {
  if (!was_deleting) --s_.workloads[w].active;
  Reconcile(w);
}

}  // namespace clustersim
