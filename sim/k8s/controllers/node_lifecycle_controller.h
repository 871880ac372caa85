// kube-controller-manager's node lifecycle controller (pkg/controller/nodelifecycle): every
// nodeMonitorPeriod it checks each node's lease; a node silent for nodeMonitorGracePeriod after
// its last renewal gets Ready=Unknown and the unreachable:NoSchedule taint, and is queued for
// the unreachable:NoExecute taint, which a token bucket per zone releases at the zone's rate;
// the rate follows the zone's disruption state (normal, partial, full; handleDisruption). The
// failover and recovery policies are told of each NotReady node. docs/semantics.md, section 4.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "k8s/model_state.h"

namespace clustersim {

class Model;

class NodeLifecycleController {
 public:
  explicit NodeLifecycleController(Model& m);

  // The machine stopped: the controller notices at its first pass more than the grace period
  // after the kubelet's last lease renewal.
  void OnMachineDown(uint32_t n);
  // kNodeNotReady.
  void NodeNotReady(uint32_t n);
  // The kubelet reports Ready again.
  void OnNodeReady(uint32_t n);
  // kZoneCheck: each zone's tainting rate from its disruption state.
  void ZoneCheck();
  // kZoneTaintTick: the zone's bucket has a token again.
  void Pump(uint32_t zone);
  uint32_t epoch_of_zone(uint32_t zone) const { return tainters_[zone].epoch; }

 private:
  enum class ZoneState : uint8_t { kNormal, kPartialDisruption, kFullDisruption };
  struct ZoneTainter {
    std::vector<std::pair<uint32_t, uint32_t>> queue;  // (node, its epoch when queued)
    size_t head = 0;
    SimTime next_allowed = 0;  // when the bucket has a token again
    double rate = 0;           // nodes per second; 0: nothing is tainted
    uint32_t nodes = 0, not_ready = 0;
    uint32_t epoch = 0;  // cancels a pending tick
  };
  ZoneState StateOf(const ZoneTainter& z) const;
  void RequestZoneCheck();
  void NodeTaint(uint32_t n);

  Model& m_;
  ModelState& s_;
  std::vector<ZoneTainter> tainters_;
  bool zone_check_pending_ = false;
  SimTime controller_phase_ = 0;  // where the monitor passes fall
};

}  // namespace clustersim
