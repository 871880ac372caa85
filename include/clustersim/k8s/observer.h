// What the Kubernetes model tells the outside world as it runs. Metrics implement
// OnReadyChanged (called on every change of a workload's ready-replica count, the input of
// every availability figure); tracers implement OnTrace, which the model only calls when a
// tracer asked for it, so an untraced run pays nothing for it.
#pragma once

#include <cstdint>

#include "clustersim/core/time.h"
#include "clustersim/policy/scheduler.h"

namespace clustersim {

enum class TraceKind : uint8_t {
  kNodeDown,           // the machine stopped (failure injected)
  kNodeUp,             // the machine is back and its kubelet reports Ready
  kNodeNotReady,       // node lifecycle controller: Ready=Unknown, NoSchedule taint
  kNodeTainted,        // node.kubernetes.io/unreachable:NoExecute added (rate-limited)
  kOutOfServiceTaint,  // node.kubernetes.io/out-of-service added by the failover policy
  kPodCreated,         // a controller created a pod object
  kPodScheduled,       // bound to a node
  kPodUnschedulable,   // a scheduling attempt found no node
  kPodEvicted,         // graceful delete by taint eviction (deletionTimestamp set)
  kPodForceDeleted,    // deleted with grace period 0 by a failover policy or PodGC
  kPodRemoved,         // the pod object is gone from the API
  kPodStarting,        // containers starting
  kPodReady,
  kPodNotReady,
  kVolumeAttachStarted,
  kVolumeAttached,
  kVolumeMultiAttach,  // attach refused: still attached to another node
  kVolumeDetachStarted,
  kVolumeDetached,
  kNodeDeleted,      // the Node object was deleted (replace-node)
  kDiskFailed,       // a node's disk died with its local volumes' data
  kDiskReplaced,     // a new, empty disk is in
  kVolumeReplaced,   // the recovery policy deleted the claim; a new empty volume takes its place
  kPodCopyingData,   // an init container fills the pod's empty volume (peer or backup)
  kDataLoss,         // the workload's last copy of its data is gone
  kNodeCordoned,     // a drain marked the node unschedulable
  kNodeUncordoned,   // the drained node is back and schedulable
  kEvictionRefused,  // the eviction API answered 429 (budget) or 500; detail says which
  kNodeRebooting,    // the drained node is empty and goes down for its reboot
};

const char* TraceKindName(TraceKind kind);

struct TraceRecord {
  SimTime time = 0;
  TraceKind kind = TraceKind::kNodeDown;
  uint32_t node = UINT32_MAX;
  uint32_t pod = UINT32_MAX;
  uint32_t workload = UINT32_MAX;
  int32_t ordinal = -1;
  uint32_t volume = UINT32_MAX;
  const char* detail = nullptr;  // a static string, e.g. a scheduler reason
};

// OnPlacement's reason for a pod bound by its spec.nodeName, without the scheduler.
inline constexpr const char* kBoundByNodeName = "bound by spec.nodeName";

class ModelObserver {
 public:
  virtual ~ModelObserver() = default;
  virtual void OnReadyChanged(uint32_t workload, int ready, SimTime now) = 0;
  virtual void OnTrace(const TraceRecord& /*record*/) {}
  // The last copy of a workload's data is gone. `lost_writes` is how much of the most recent
  // history went with it (the time since the last backup), or -1 for all of it.
  virtual void OnDataLoss(uint32_t /*workload*/, SimTime /*now*/, SimTime /*lost_writes*/) {}
  // A workload with leader election gained or lost its leader.
  virtual void OnLeaderChanged(uint32_t /*workload*/, bool /*has_leader*/, SimTime /*now*/) {}
  // Each scheduling attempt with the scheduler's explanation (`node` is UINT32_MAX when no node
  // fits). Called, like OnTrace, only when the model was asked to trace.
  virtual void OnPlacement(uint32_t /*pod*/, uint32_t /*node*/, const char* /*reason*/,
                           const Scheduler::Explanation& /*why*/) {}
};

}  // namespace clustersim
