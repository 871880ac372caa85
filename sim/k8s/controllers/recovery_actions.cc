#include "k8s/controllers/recovery_actions.h"

#include <algorithm>

#include "k8s/model.h"

namespace clustersim {

RecoveryActions::RecoveryActions(Model& m, std::unique_ptr<RecoveryPolicy> policy)
    : m_(m),
      s_(m.s),
      policy_(std::move(policy)),
      pod_stays_with_volume_(policy_->PodStaysWithVolume()),
      backup_interval_(policy_->BackupInterval()) {}

void RecoveryActions::Begin() { policy_->Begin(m_); }

void RecoveryActions::OnNodeNotReady(uint32_t n) {
  Act(n, RecoveryTrigger::kNodeNotReady, policy_->OnTrigger(m_, n, RecoveryTrigger::kNodeNotReady));
}

void RecoveryActions::OnDiskFailed(uint32_t n) {
  Act(n, RecoveryTrigger::kDiskFailed, policy_->OnTrigger(m_, n, RecoveryTrigger::kDiskFailed));
}

void RecoveryActions::Recheck(uint32_t n, RecoveryTrigger why) {
  Act(n, why, policy_->OnRecheck(m_, n, why));
}

VolumeFill RecoveryActions::FillFor(uint32_t w) const {
  WorkloadView view;
  view.id = w;
  view.replicas = s_.sc.workloads[w].replicas;
  view.ready = s_.workloads[w].ready;
  view.data_size_bytes = s_.sc.workloads[w].app.data_size_bytes;
  view.rebuild_bandwidth = s_.sc.workloads[w].app.rebuild_bandwidth;
  return policy_->OnEmptyVolume(view);
}

void RecoveryActions::Act(uint32_t n, RecoveryTrigger why, const RecoveryDecision& d) {
  switch (d.action) {
    case RecoveryAction::kNone:
      break;
    case RecoveryAction::kReplaceNodeVolumes:
      // The volumes of the node's pods and the local ones pinned to it.
      scratch_.clear();
      for (uint32_t id = s_.nodes[n].first_pod; id != kNone; id = s_.pods[id].next) {
        if (s_.pods[id].volume != kNone) scratch_.push_back(s_.pods[id].volume);
      }
      scratch_.insert(scratch_.end(), s_.node_local[n].begin(), s_.node_local[n].end());
      ReplaceVolumes();
      break;
    case RecoveryAction::kReplaceLocalVolumes:
      scratch_.assign(s_.node_local[n].begin(), s_.node_local[n].end());
      ReplaceVolumes();
      break;
  }
  if (d.recheck_after == kNever) return;
  if (why == RecoveryTrigger::kNodeNotReady) {
    s_.sim.After(d.recheck_after, kRecoveryAction, n, s_.nodes[n].epoch);
  } else {
    s_.sim.After(d.recheck_after, kDiskRecovery, n, s_.nodes[n].disk_epoch);
  }
}

void RecoveryActions::ReplaceVolumes() {
  std::sort(scratch_.begin(), scratch_.end());
  scratch_.erase(std::unique(scratch_.begin(), scratch_.end()), scratch_.end());
  // Nothing ReplaceVolume sets off (force delete, recreation, scheduling) uses the scratch.
  for (const uint32_t vid : scratch_) ReplaceVolume(vid);
}

// The claim is deleted with its pod; the StatefulSet controller recreates both, and the new,
// empty volume is filled as it starts.
void RecoveryActions::ReplaceVolume(uint32_t vid) {
  VolumeState& v = s_.volumes[vid];
  const uint32_t pod = s_.workloads[v.workload].slots[v.ordinal];
  m_.data.LoseData(vid);
  if (v.kind == StorageKind::kLocal && v.pinned_node != kNone) {
    EraseOne(&s_.node_local[v.pinned_node], vid);
  }
  m_.attach_detach.Forget(vid);
  // The old PV, and its attachment to the unreachable node, are no longer this claim's.
  ++v.epoch;
  v.state = VolState::kDetached;
  v.attached = kNone;
  v.pinned_node = kNone;
  v.zone = kNone;
  v.zones = 0;
  v.user = kNone;
  v.bound = false;
  m_.binder.ReleaseClaim(vid);
  m_.binder.BindImmediate(vid);
  s_.Trace(TraceKind::kVolumeReplaced, kNone, pod, vid);
  if (pod != kNone) m_.api.ForceDelete(pod);
}

}  // namespace clustersim
