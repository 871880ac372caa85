// Recovery policies: how a StatefulSet replica regains its data when its volume is out of
// reach or gone (docs/semantics.md, section 11). The failover policy decides what happens to
// pods; the recovery policy to their volumes: whether a pod must stay with a network volume
// that is still attached to its old node, whether and when the claims of an unreachable node
// (or of a dead disk) are deleted so that replacements start on new, empty volumes, and where
// an empty volume's data comes from (a live peer or the last backup).
//
// As with failover (failover.h), policies decide and the model acts: the decision points are a
// node marked NotReady, a disk failure, a recheck the policy asked for, and a replica whose
// volume is empty. Properties that never change (PodStaysWithVolume, BackupInterval) are read
// once when the model is built. One policy object serves one replication.
#pragma once

#include <cstdint>

#include "clustersim/core/time.h"
#include "clustersim/policy/cluster_view.h"

namespace clustersim {

// What the model can do about volumes. A new action means a new case in the model's switch
// (sim/k8s/controllers/recovery_actions.cc).
enum class RecoveryAction : uint8_t {
  kNone,
  // Delete the PersistentVolumeClaims of the pods bound to the node and of the local volumes
  // on it, with their pods: the StatefulSet controller recreates both, and each new (empty)
  // volume is filled before its pod starts (OnEmptyVolume).
  kReplaceNodeVolumes,
  // The same for the node's local volumes only (after its disk died; the node itself is up).
  kReplaceLocalVolumes,
};

// Why the policy is being asked.
enum class RecoveryTrigger : uint8_t { kNodeNotReady, kDiskFailed };

struct RecoveryDecision {
  RecoveryAction action = RecoveryAction::kNone;
  SimTime recheck_after = kNever;  // ask again (OnRecheck) this long from now; kNever: do not

  static RecoveryDecision Nothing() { return {}; }
  static RecoveryDecision Recheck(SimTime after) { return {RecoveryAction::kNone, after}; }
  static RecoveryDecision Act(RecoveryAction a) { return {a, kNever}; }
};

// Where an empty volume's data comes from. A copy from a peer needs a live replica: with none
// the pod waits for one, and with no copy left anywhere the data set was lost and the replica
// starts it afresh. A restore from the backup needs nothing else.
struct VolumeFill {
  enum class Source : uint8_t { kPeer, kBackup };
  Source source = Source::kPeer;
  double bandwidth = 0;  // bytes/s; 0: the workload's app.rebuild.bandwidth
};

class RecoveryPolicy {
 public:
  virtual ~RecoveryPolicy() = default;
  virtual void Begin(const ClusterView& /*cluster*/) {}

  // Read once when the model is built. Whether a pod whose network volume is still attached
  // to a node (or detaching from it) may run only on that node.
  virtual bool PodStaysWithVolume() const { return false; }
  // Time between backups (0: no backups). A data loss then loses the writes since the last
  // one; backups run every interval from a phase of their own per workload.
  virtual SimTime BackupInterval() const { return 0; }

  // Node `node` was just marked NotReady, or its disk just failed.
  virtual RecoveryDecision OnTrigger(const ClusterView& /*cluster*/, uint32_t /*node*/,
                                     RecoveryTrigger /*why*/) {
    return RecoveryDecision::Nothing();
  }
  // A recheck asked for is due (for a NotReady node: it has not been Ready since; for a disk:
  // it has not been replaced since).
  virtual RecoveryDecision OnRecheck(const ClusterView& /*cluster*/, uint32_t /*node*/,
                                     RecoveryTrigger /*why*/) {
    return RecoveryDecision::Nothing();
  }
  // A replica of `workload` has an empty volume to fill before it starts.
  virtual VolumeFill OnEmptyVolume(const WorkloadView& /*workload*/) const { return {}; }
};

}  // namespace clustersim
