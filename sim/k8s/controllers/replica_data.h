// The data each StatefulSet replica's volume holds. A new volume is empty: before its pod's
// containers start, an init container fills it from the last backup or from a live peer at the
// rebuild bandwidth (the recovery policy's choice, VolumeFill), as the MySQL tutorial's clone
// step or a Cassandra bootstrap does; with no live peer it waits for one. A workload whose last
// copy is gone (machine losses, dead disks, replaced claims) has lost its data, and the next
// replica starts it afresh. docs/semantics.md, section 11.
#pragma once

#include <cstdint>
#include <vector>

#include "k8s/model_state.h"

namespace clustersim {

class Model;

class ReplicaData {
 public:
  explicit ReplicaData(Model& m);
  // Once the recovery policy is known: the backups' phases.
  void Begin();

  // Pod `id` is on its node with an empty volume: fill it, then start.
  void BeginFill(uint32_t id);
  // kCopyDone.
  void CopyDone(uint32_t id);
  // A replica of `w` became ready: those waiting for a peer may copy from it.
  void OnReplicaReady(uint32_t w) {
    if (!s_.workloads[w].waiting_peer.empty()) WakePeers(w);
  }
  // The volume's data is gone (a lost machine, a dead disk, a deleted claim).
  void LoseData(uint32_t vid);

 private:
  void SetHasData(uint32_t vid);
  void WakePeers(uint32_t w);
  void DataLoss(uint32_t w);

  Model& m_;
  ModelState& s_;
  std::vector<uint32_t> scratch_;
  SimTime backup_interval_ = 0;  // the recovery policy's
};

}  // namespace clustersim
