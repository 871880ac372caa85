#include "k8s/controllers/node_lifecycle_controller.h"

#include "k8s/model.h"
#include "k8s/streams.h"

namespace clustersim {

NodeLifecycleController::NodeLifecycleController(Model& m) : m_(m), s_(m.s) {
  tainters_.resize(s_.tables.zone_names.size());
  for (size_t z = 0; z < tainters_.size(); ++z) {
    tainters_[z].rate = s_.k8s.node_eviction_rate;
    tainters_[z].nodes = s_.tables.zone_nodes[z];
  }
  // The first draw of the controllers' phase stream (PodGc takes the second).
  Rng phase = s_.Stream(StreamId(StreamKind::kControllerPhase, 0));
  controller_phase_ = static_cast<SimTime>(phase.Below(s_.k8s.node_monitor_period));
}

void NodeLifecycleController::OnMachineDown(uint32_t n) {
  const NodeState& node = s_.nodes[n];
  // The kubelet's last lease renewal was at the latest phase point before now (renewals
  // every node_lease_renew_interval, or the moment the node came up). The controller notices
  // at its first tick (every node_monitor_period) that is more than node_monitor_grace_period
  // after it.
  const SimTime now = s_.sim.now();
  const SimTime period = s_.k8s.node_lease_renew_interval;
  SimTime last = node.heartbeat_phase + FloorDiv(now - node.heartbeat_phase, period) * period;
  last = std::max(last, node.last_up);
  const SimTime threshold = last + s_.k8s.node_monitor_grace_period;
  const SimTime tick = s_.k8s.node_monitor_period;
  const SimTime not_ready =
      controller_phase_ + (FloorDiv(threshold - controller_phase_, tick) + 1) * tick;
  s_.sim.At(not_ready, kNodeNotReady, n, node.epoch);
}

void NodeLifecycleController::NodeNotReady(uint32_t n) {
  NodeState& node = s_.nodes[n];
  node.ready = false;
  node.not_ready_since = s_.sim.now();
  s_.sched_nodes[n].not_ready = true;
  s_.Trace(TraceKind::kNodeNotReady, n, kNone);
  // Queued for its NoExecute taint; the zone's state is re-evaluated once this controller
  // pass has marked every node (an event at the same instant runs after those already due).
  ZoneTainter& z = tainters_[node.zone];
  ++z.not_ready;
  z.queue.emplace_back(n, node.epoch);
  RequestZoneCheck();
  m_.failover.OnNodeNotReady(n);
  m_.recovery.OnNodeNotReady(n);
}

void NodeLifecycleController::OnNodeReady(uint32_t n) {
  NodeState& node = s_.nodes[n];
  if (!node.ready) {
    --tainters_[node.zone].not_ready;
    RequestZoneCheck();
  }
  node.ready = true;
  node.not_ready_since = kNever;
  node.tainted = false;
  s_.sched_nodes[n].not_ready = false;
}

void NodeLifecycleController::RequestZoneCheck() {
  if (zone_check_pending_) return;
  zone_check_pending_ = true;
  s_.sim.At(s_.sim.now(), kZoneCheck, 0, 0);
}

// ComputeZoneState: fully disrupted when no node of the zone is Ready; partially when more
// than 2 and at least unhealthyZoneThreshold of them are not (float32 arithmetic, as upstream).
NodeLifecycleController::ZoneState NodeLifecycleController::StateOf(const ZoneTainter& z) const {
  if (z.not_ready > 0 && z.not_ready == z.nodes) return ZoneState::kFullDisruption;
  if (z.not_ready > 2 && static_cast<float>(z.not_ready) / static_cast<float>(z.nodes) >=
                             static_cast<float>(s_.k8s.unhealthy_zone_threshold)) {
    return ZoneState::kPartialDisruption;
  }
  return ZoneState::kNormal;
}

// handleDisruption: each zone's limiter follows its state (a partially disrupted zone of at
// most largeClusterSizeThreshold nodes taints nothing, a larger one at the secondary rate, a
// fully disrupted one at the normal rate), except that when every zone is fully disrupted
// nothing is tainted at all. A new rate is a new token bucket, full.
void NodeLifecycleController::ZoneCheck() {
  zone_check_pending_ = false;
  bool all_full = !tainters_.empty();
  for (const ZoneTainter& z : tainters_) all_full &= StateOf(z) == ZoneState::kFullDisruption;
  for (uint32_t zi = 0; zi < tainters_.size(); ++zi) {
    ZoneTainter& z = tainters_[zi];
    double rate = s_.k8s.node_eviction_rate;
    if (all_full) {
      rate = 0;
    } else if (StateOf(z) == ZoneState::kPartialDisruption) {
      rate = static_cast<int>(z.nodes) > s_.k8s.large_cluster_size_threshold
                 ? s_.k8s.secondary_node_eviction_rate
                 : 0;
    }
    if (rate != z.rate) {
      z.rate = rate;
      z.next_allowed = s_.sim.now();
      ++z.epoch;
    }
    Pump(zi);
  }
}

// Taints the zone's queued nodes as its bucket allows; nodes that are Ready again, or went
// down again since they were queued, left the queue (upstream removes them).
void NodeLifecycleController::Pump(uint32_t zi) {
  ZoneTainter& z = tainters_[zi];
  while (z.head < z.queue.size()) {
    const auto [n, epoch] = z.queue[z.head];
    if (s_.nodes[n].epoch != epoch || s_.nodes[n].ready || s_.nodes[n].tainted) {
      ++z.head;
      continue;
    }
    if (z.rate <= 0) return;
    const SimTime now = s_.sim.now();
    if (now < z.next_allowed) {
      ++z.epoch;
      s_.sim.At(z.next_allowed, kZoneTaintTick, zi, z.epoch);
      return;
    }
    ++z.head;
    z.next_allowed = now + static_cast<SimTime>(static_cast<double>(kSecond) / z.rate);
    NodeTaint(n);
  }
  z.queue.clear();
  z.head = 0;
}

void NodeLifecycleController::NodeTaint(uint32_t n) {
  s_.nodes[n].tainted = true;
  s_.Trace(TraceKind::kNodeTainted, n, kNone);
  m_.taint_eviction.OnNodeTainted(n);
}

}  // namespace clustersim
