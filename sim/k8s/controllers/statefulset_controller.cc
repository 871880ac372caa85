#include "k8s/controllers/statefulset_controller.h"

#include "k8s/model.h"

namespace clustersim {

StatefulSetController::StatefulSetController(Model& m) : m_(m), s_(m.s) {}

void StatefulSetController::Reconcile(uint32_t w) {
  // stateful_set_control.go: with OrderedReady, a missing ordinal is created only when every
  // lower one is Running and Ready and none is terminating; Parallel creates them all. An
  // ordinal whose pod object still exists is never created again (the at-most-one rule).
  const bool ordered = s_.sc.workloads[w].pod_management == PodManagementPolicy::kOrderedReady;
  WorkloadState& ws = s_.workloads[w];
  for (size_t o = 0; o < ws.slots.size(); ++o) {
    const uint32_t id = ws.slots[o];
    if (id == kNone) {
      m_.api.CreatePod(w, static_cast<int>(o));
      if (ordered) return;
      continue;
    }
    if (ordered && (s_.pods[id].deleting || s_.pods[id].phase != PodPhase::kReady)) return;
  }
}

void StatefulSetController::OnPodGone(uint32_t w, int ordinal) {
  s_.workloads[w].slots[ordinal] = kNone;
  Reconcile(w);
}

void StatefulSetController::OnPodReady(uint32_t w) { Reconcile(w); }

}  // namespace clustersim
