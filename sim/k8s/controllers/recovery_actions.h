// Where the model acts on the recovery policy's decisions (policy/recovery.h): the policy is
// asked when a node is marked NotReady or its disk fails, and at each recheck it asked for; a
// replacement of volumes deletes each claim with its pod, and the StatefulSet controller
// recreates both on a new, empty volume. docs/semantics.md, section 11.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "clustersim/policy/recovery.h"
#include "k8s/model_state.h"

namespace clustersim {

class Model;

class RecoveryActions {
 public:
  RecoveryActions(Model& m, std::unique_ptr<RecoveryPolicy> policy);
  void Begin();
  void OnNodeNotReady(uint32_t n);
  void OnDiskFailed(uint32_t n);
  // kRecoveryAction and kDiskRecovery.
  void Recheck(uint32_t n, RecoveryTrigger why);
  // What the data of a replica with an empty volume is filled from.
  VolumeFill FillFor(uint32_t w) const;
  // Read once from the policy.
  bool pod_stays_with_volume() const { return pod_stays_with_volume_; }
  SimTime backup_interval() const { return backup_interval_; }

 private:
  void Act(uint32_t n, RecoveryTrigger why, const RecoveryDecision& d);
  void ReplaceVolumes();
  void ReplaceVolume(uint32_t vid);

  Model& m_;
  ModelState& s_;
  std::unique_ptr<RecoveryPolicy> policy_;
  bool pod_stays_with_volume_ = false;
  SimTime backup_interval_ = 0;
  std::vector<uint32_t> scratch_;
};

}  // namespace clustersim
