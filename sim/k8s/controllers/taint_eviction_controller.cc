#include "k8s/controllers/taint_eviction_controller.h"

#include "k8s/model.h"

namespace clustersim {

TaintEvictionController::TaintEvictionController(Model& m) : m_(m), s_(m.s) {}

void TaintEvictionController::OnNodeTainted(uint32_t n) {
  // DefaultTolerationSeconds: every pod tolerates unreachable:NoExecute for 300 s.
  s_.sim.After(s_.k8s.default_toleration_seconds, kNodeEvict, n, s_.nodes[n].epoch);
}

void TaintEvictionController::NodeEvict(uint32_t n) {
  for (uint32_t id = s_.nodes[n].first_pod; id != kNone;) {
    const uint32_t next = s_.pods[id].next;
    if (s_.tables.workloads[s_.pods[id].workload].evict_on_unreachable) {
      m_.api.EvictPod(id, /*by_taint=*/true);
    }
    id = next;
  }
}

}  // namespace clustersim
