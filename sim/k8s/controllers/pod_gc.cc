#include "k8s/controllers/pod_gc.h"

#include "k8s/model.h"
#include "k8s/streams.h"

namespace clustersim {
namespace {

// PodGC's quarantineTime: how long a Node must stay missing before its pods are orphans.
constexpr SimTime kPodGcQuarantine = 40 * kSecond;

}  // namespace

PodGc::PodGc(Model& m) : m_(m), s_(m.s) {
  // The second draw of the controllers' phase stream (the node lifecycle controller takes the
  // first).
  Rng phase = s_.Stream(StreamId(StreamKind::kControllerPhase, 0));
  phase.Below(s_.k8s.node_monitor_period);
  phase_ = static_cast<SimTime>(phase.Below(s_.k8s.pod_gc_period));
}

void PodGc::OnOutOfService(uint32_t n) {
  // gcTerminating at the next pass (gcCheckPeriod).
  const SimTime period = s_.k8s.pod_gc_period;
  const SimTime next_gc = phase_ + (FloorDiv(s_.sim.now() - phase_ - 1, period) + 1) * period;
  s_.sim.At(next_gc, kPodGcOutOfService, n, s_.nodes[n].epoch);
}

void PodGc::OnNodeDeleted(uint32_t n) {
  // The next pass sees the pods orphaned and queues the node for quarantineTime; the pass
  // after that confirms it is gone and deletes them.
  const SimTime period = s_.k8s.pod_gc_period;
  const SimTime seen = phase_ + (FloorDiv(s_.sim.now() - phase_, period) + 1) * period;
  const SimTime confirmed = seen + kPodGcQuarantine;
  const SimTime gc = phase_ + (FloorDiv(confirmed - phase_ - 1, period) + 1) * period;
  s_.sim.At(gc, kPodGcOrphans, n, s_.nodes[n].epoch);
}

void PodGc::CollectPodsOf(uint32_t n) { m_.api.ForceDeleteAll(n); }

}  // namespace clustersim
