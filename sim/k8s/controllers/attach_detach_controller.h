// kube-controller-manager's attach-detach controller (pkg/controller/volume/attachdetach) for
// network volumes (local ones are never attached): a ReadWriteOnce volume is attached to one
// node at a time, so a pod on another node waits (Multi-Attach error) until the volume is
// detached from the old one. A healthy kubelet unmounts at once; an unreachable node cannot
// confirm the unmount, and the controller force-detaches after maxWaitForUnmountDuration (6
// minutes) unless the node is out of service (detached at once) or back (normal detach). Its
// reconciler runs every 100 ms, so a pod that returns to the node within that time keeps the
// volume attached. docs/semantics.md, sections 7.2 to 7.4.
#pragma once

#include <cstdint>
#include <vector>

#include "k8s/model_state.h"

namespace clustersim {

class Model;

class AttachDetachController {
 public:
  explicit AttachDetachController(Model& m);

  // The volume's user (a pod bound to a node) needs it attached there.
  void RequestAttach(uint32_t vid);
  // kAttachDone, kDetachDone, kForceDetach.
  void AttachDone(uint32_t vid);
  void DetachDone(uint32_t vid);
  void ForceDetach(uint32_t vid);
  // Pod `pod` on node `node` no longer uses the volume (its object is gone).
  void ReleaseVolume(uint32_t vid, uint32_t pod, uint32_t node);
  // The volume's claim was deleted: it no longer waits for a force detach.
  void Forget(uint32_t vid);
  // The node is back: volumes whose pods were deleted while it was away detach normally.
  void OnNodeUp(uint32_t n);

 private:
  void BeginAttach(uint32_t vid, uint32_t node);
  void BeginDetach(uint32_t vid);
  // No pod on `node` uses the volume any more.
  void Release(uint32_t vid, uint32_t node);
  void RemoveAwaiting(uint32_t vid);

  Model& m_;
  ModelState& s_;
  std::vector<Rng> attach_rng_, detach_rng_;  // per storage class
  std::vector<uint32_t> await_force_detach_;  // volumes waiting for their node or the timeout
};

}  // namespace clustersim
