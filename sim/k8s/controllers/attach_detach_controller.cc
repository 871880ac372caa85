#include "k8s/controllers/attach_detach_controller.h"

#include <algorithm>

#include "k8s/model.h"
#include "k8s/streams.h"

namespace clustersim {
namespace {

// attach_detach_controller.go DefaultTimerConfig.ReconcilerLoopPeriod.
constexpr SimTime kReconcilerLoopPeriod = 100 * kMillisecond;

}  // namespace

AttachDetachController::AttachDetachController(Model& m) : m_(m), s_(m.s) {
  for (size_t i = 0; i < s_.sc.storage_classes.size(); ++i) {
    const uint32_t c = static_cast<uint32_t>(i);
    attach_rng_.push_back(s_.Stream(StreamId(StreamKind::kAttach, c)));
    detach_rng_.push_back(s_.Stream(StreamId(StreamKind::kDetach, c)));
  }
  await_force_detach_.reserve(s_.volumes.size());
}

void AttachDetachController::RequestAttach(uint32_t vid) {
  VolumeState& v = s_.volumes[vid];
  const uint32_t target = s_.pods[v.user].node;
  switch (v.state) {
    case VolState::kDetached:
      BeginAttach(vid, target);
      return;
    case VolState::kAwaitForceDetach:
      if (v.attached == target) {
        // A new pod uses the volume on the same node: the pending detach is aborted.
        ++v.epoch;
        RemoveAwaiting(vid);
        v.state = VolState::kAttached;
        m_.kubelet.StartContainers(v.user);
        return;
      }
      break;
    case VolState::kAttaching:
      if (v.attached == target) return;  // already on its way
      break;
    case VolState::kDetaching:
      if (v.attached == target && s_.sim.now() - v.detach_started < kReconcilerLoopPeriod) {
        // The reconciler (a 100 ms loop) sees the new pod on the same node before it acts on
        // the old pod's removal: the volume simply stays attached.
        ++v.epoch;
        v.state = VolState::kAttached;
        m_.kubelet.StartContainers(v.user);
        return;
      }
      break;
    case VolState::kAttached:
      break;
  }
  // RWO volume still attached elsewhere: FailedAttachVolume, Multi-Attach error. The
  // attach is retried when the detach completes.
  s_.Cause(v.user, RecoveryCause::kDetach);
  s_.Trace(TraceKind::kVolumeMultiAttach, target, v.user, vid);
}

void AttachDetachController::BeginAttach(uint32_t vid, uint32_t node) {
  VolumeState& v = s_.volumes[vid];
  v.state = VolState::kAttaching;
  v.attached = node;
  ++v.epoch;
  if (v.user != kNone) s_.Cause(v.user, RecoveryCause::kAttach);
  s_.Trace(TraceKind::kVolumeAttachStarted, node, v.user, vid);
  const SimTime d =
      s_.Draw(s_.sc.storage_classes[v.storage_class].attach, attach_rng_[v.storage_class]);
  if (d == 0) {
    AttachDone(vid);
  } else {
    s_.sim.After(d, kAttachDone, vid, v.epoch);
  }
}

void AttachDetachController::AttachDone(uint32_t vid) {
  VolumeState& v = s_.volumes[vid];
  v.state = VolState::kAttached;
  s_.Trace(TraceKind::kVolumeAttached, v.attached, v.user, vid);
  if (v.user != kNone && s_.pods[v.user].node == v.attached) {
    if (s_.pods[v.user].phase == PodPhase::kWaitingVolume) m_.kubelet.StartContainers(v.user);
    return;
  }
  // Its pod went away while it attached: release it again.
  Release(vid, v.attached);
}

void AttachDetachController::BeginDetach(uint32_t vid) {
  VolumeState& v = s_.volumes[vid];
  v.state = VolState::kDetaching;
  v.detach_started = s_.sim.now();
  ++v.epoch;
  s_.Trace(TraceKind::kVolumeDetachStarted, v.attached, kNone, vid);
  const SimTime d =
      s_.Draw(s_.sc.storage_classes[v.storage_class].detach, detach_rng_[v.storage_class]);
  if (d == 0) {
    DetachDone(vid);
  } else {
    s_.sim.After(d, kDetachDone, vid, v.epoch);
  }
}

void AttachDetachController::DetachDone(uint32_t vid) {
  VolumeState& v = s_.volumes[vid];
  s_.Trace(TraceKind::kVolumeDetached, v.attached, kNone, vid);
  v.state = VolState::kDetached;
  v.attached = kNone;
  if (v.user != kNone && s_.pods[v.user].phase == PodPhase::kWaitingVolume) {
    BeginAttach(vid, s_.pods[v.user].node);
  }
}

void AttachDetachController::RemoveAwaiting(uint32_t vid) {
  auto it = std::find(await_force_detach_.begin(), await_force_detach_.end(), vid);
  if (it != await_force_detach_.end()) {
    *it = await_force_detach_.back();
    await_force_detach_.pop_back();
  }
}

void AttachDetachController::Forget(uint32_t vid) {
  if (s_.volumes[vid].state == VolState::kAwaitForceDetach) RemoveAwaiting(vid);
}

void AttachDetachController::Release(uint32_t vid, uint32_t node) {
  VolumeState& v = s_.volumes[vid];
  if (v.kind == StorageKind::kLocal) return;
  if (v.state != VolState::kAttached || v.attached != node) return;
  const NodeState& n = s_.nodes[node];
  if (n.up || n.out_of_service) {
    // A healthy kubelet unmounts at once; an out-of-service node is detached immediately.
    BeginDetach(vid);
    return;
  }
  // The node cannot confirm the unmount: wait ReconcilerMaxWaitForUnmountDuration, then
  // force-detach if the node is still unhealthy (attach_detach_controller.go).
  v.state = VolState::kAwaitForceDetach;
  ++v.epoch;
  await_force_detach_.push_back(vid);
  if (!s_.k8s.disable_force_detach_on_timeout) {
    s_.sim.After(s_.k8s.force_detach_timeout, kForceDetach, vid, v.epoch);
  }
}

void AttachDetachController::ReleaseVolume(uint32_t vid, uint32_t pod, uint32_t node) {
  VolumeState& v = s_.volumes[vid];
  if (v.user == pod) v.user = kNone;
  if (v.kind == StorageKind::kLocal) return;
  if (v.state == VolState::kAttached && v.attached == node) Release(vid, node);
}

void AttachDetachController::ForceDetach(uint32_t vid) {
  VolumeState& v = s_.volumes[vid];
  if (v.state != VolState::kAwaitForceDetach) return;
  if (s_.nodes[v.attached].ready) return;  // healthy again: the normal path handles it
  RemoveAwaiting(vid);
  BeginDetach(vid);
}

void AttachDetachController::OnNodeUp(uint32_t n) {
  // Volumes whose pods were deleted while the node was away: the kubelet unmounts, the
  // controller detaches normally.
  for (size_t i = 0; i < await_force_detach_.size();) {
    const uint32_t vid = await_force_detach_[i];
    if (s_.volumes[vid].attached == n) {
      await_force_detach_[i] = await_force_detach_.back();
      await_force_detach_.pop_back();
      BeginDetach(vid);
    } else {
      ++i;
    }
  }
}

}  // namespace clustersim
