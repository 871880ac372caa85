// The PersistentVolume controller's binding and the scheduler's VolumeBinding bind step: a
// claim binds to the smallest available pre-created volume of its class that fits (a volume
// pre-bound by claimRef is the only one its claim takes; ties by name), or is provisioned: with
// Immediate binding when the claim is created (a zone by ordinal, as the legacy
// ChooseZoneForVolume did for StatefulSet claims), with WaitForFirstConsumer where its pod is
// scheduled. A released volume is what its reclaim policy says: Delete offers it again, Retain
// never. docs/semantics.md, section 7.1.
#pragma once

#include <cstdint>
#include <vector>

#include "k8s/model_state.h"

namespace clustersim {

class Model;

class VolumeBinder {
 public:
  explicit VolumeBinder(Model& m);

  // Immediate binding of claim `vid`, when it is created.
  void BindImmediate(uint32_t vid);
  // The claim of pod `id`, just bound to node `n`: WaitForFirstConsumer binding, and a local
  // volume pinned to the node.
  void BindForPod(uint32_t id, uint32_t n);
  // The claim was deleted: its pre-created volume is released (Retain keeps it out of use).
  void ReleaseClaim(uint32_t vid);
  // SchedPod::volume_nodes for claim `vid`: with `unbound`, every node from which an available
  // volume that can serve it is reachable; else the node affinity of its volume.
  const uint8_t* VolumeNodes(uint32_t vid, bool unbound);
  // How the claim's class uses pre-created volumes.
  PvUse UseOf(uint32_t vid) const { return s_.tables.class_pv_use[s_.volumes[vid].storage_class]; }
  // Whether the bound claim's volume is reachable from some nodes only.
  bool Restricted(uint32_t vid) const {
    const uint32_t pv = s_.volumes[vid].pv;
    return pv != kNone && !s_.tables.pvs[pv].any_node;
  }

 private:
  bool HasReservedPv(uint32_t vid) const;
  bool Serves(uint32_t i, uint32_t vid, bool reserved) const;
  uint32_t ChoosePv(uint32_t vid, uint32_t node) const;
  void PinLocal(uint32_t vid, uint32_t n);
  void BindPv(uint32_t vid, uint32_t pid);
  uint64_t RegionalZones(uint32_t storage_class, uint32_t first) const;

  ModelState& s_;                   // it calls no other controller
  std::vector<uint8_t> available_;  // per PersistentVolume: neither bound nor released under Retain
  std::vector<uint8_t> table_;      // VolumeNodes' answer, per node
  std::vector<uint32_t> table_set_;  // the entries set in it
};

}  // namespace clustersim
