// The built-in recovery policies' registry rows (policy_registry.cc lists them in this order),
// each defined in the file named after it.
#pragma once

#include "clustersim/policy/policy_registry.h"

namespace clustersim::recovery {

RecoveryPolicyInfo Auto();               // auto.cc
RecoveryPolicyInfo Reattach();           // reattach.cc
RecoveryPolicyInfo WaitForNode();        // wait_for_node.cc
RecoveryPolicyInfo RebuildFromPeers();   // rebuild_from_peers.cc
RecoveryPolicyInfo RestoreFromBackup();  // restore_from_backup.cc

// Leaves volumes where they are: network volumes follow their pods through the attach-detach
// controller, local ones wait for their node; an empty volume (a lost machine's, a dead
// disk's) is copied from a peer at the workload's own app.rebuild bandwidth.
class LeaveVolumes : public RecoveryPolicy {};

// `after` from the trigger (NotReady, disk failure), gives up on the node's volumes: their
// claims are deleted and new, empty volumes filled from `fill`.
class ReplaceVolumesAfter final : public RecoveryPolicy {
 public:
  ReplaceVolumesAfter(SimTime after, VolumeFill fill, SimTime backup_interval)
      : after_(after), fill_(fill), backup_interval_(backup_interval) {}
  SimTime BackupInterval() const override { return backup_interval_; }
  RecoveryDecision OnTrigger(const ClusterView&, uint32_t, RecoveryTrigger) override {
    return RecoveryDecision::Recheck(after_);
  }
  RecoveryDecision OnRecheck(const ClusterView&, uint32_t, RecoveryTrigger why) override {
    return RecoveryDecision::Act(why == RecoveryTrigger::kNodeNotReady
                                     ? RecoveryAction::kReplaceNodeVolumes
                                     : RecoveryAction::kReplaceLocalVolumes);
  }
  VolumeFill OnEmptyVolume(const WorkloadView&) const override { return fill_; }

 private:
  SimTime after_;
  VolumeFill fill_;
  SimTime backup_interval_;
};

// The `after` parameter of the policies that replace volumes.
PolicyParam ReplaceAfterParam();

}  // namespace clustersim::recovery
