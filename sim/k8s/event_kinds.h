// The model's event kinds, and who handles each (ClusterModel's Dispatch: one switch, a direct
// call per kind). At most Event::kMaxKind + 1 kinds: the kind shares the event's word with its
// target.
#pragma once

#include <cstdint>

#include "clustersim/core/event_queue.h"

namespace clustersim {

enum EventKind : uint16_t {
  kFailStart,          // FailureInjector; target: failure process
  kFailEnd,            // FailureInjector; target: failure process
  kNodeNotReady,       // NodeLifecycleController; target: node; Ready=Unknown
  kZoneCheck,          // NodeLifecycleController; target: 0; zones' disruption states
  kZoneTaintTick,      // NodeLifecycleController; target: zone (epoch: the tainter's)
  kNodeEvict,          // TaintEvictionController; target: node; tolerationSeconds ran out
  kFailoverAction,     // FailoverActions; target: node; the failover policy's recheck
  kPodGcOutOfService,  // PodGc; target: node; force-deletes the pods of an out-of-service node
  kPodReady,           // Kubelet; target: pod; containers passed readiness
  kAttachDone,         // AttachDetachController; target: volume
  kDetachDone,         // AttachDetachController; target: volume
  kForceDetach,        // AttachDetachController; target: volume; maxWaitForUnmount ran out
  kPodGcOrphans,       // PodGc; target: node; deletes the pods of a deleted Node object
  kRecoveryAction,     // RecoveryActions; target: node; the recovery policy's recheck
  kDiskRecovery,       // RecoveryActions; target: node (epoch: disk_epoch); the same, disk
  kCopyDone,           // ReplicaData; target: pod; its empty volume holds the data again
  kLeaderTry,          // LeaderElection; target: workload; a candidate's retry
  kDrainWave,          // KubectlDrain; target: drain process; a wave starts
  kDrainAttempt,       // KubectlDrain; target: node (epoch: drain_epoch); evictions (re)tried
  kDrainRebootEnd,     // KubectlDrain; target: node (epoch: drain_epoch); the node is back
  kTraceStart,         // FailureInjector; target: trace outage; a traced outage begins
  kTraceEnd,           // FailureInjector; target: trace outage; it ends
};
static_assert(kTraceEnd <= Event::kMaxKind, "event kinds must fit beside the target");

}  // namespace clustersim
