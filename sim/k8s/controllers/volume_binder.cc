#include "k8s/controllers/volume_binder.h"

#include <algorithm>
#include <bit>

#include "k8s/model.h"

namespace clustersim {

VolumeBinder::VolumeBinder(Model& m) : s_(m.s) {
  available_.resize(s_.tables.pvs.size());
  for (size_t i = 0; i < available_.size(); ++i) available_[i] = s_.tables.pvs[i].usable;
  table_.assign(s_.nodes.size(), 0);
}

// Whether an available volume is reserved (claimRef) for claim `vid`: then it takes no other,
// as the PV controller's FindMatchingVolume returns a pre-bound volume or nothing.
bool VolumeBinder::HasReservedPv(uint32_t vid) const {
  for (size_t i = 0; i < available_.size(); ++i) {
    if (available_[i] && s_.tables.pvs[i].claim_volume == vid) return true;
  }
  return false;
}

// Whether volume `i` may serve claim `vid` (reserved: whether one is reserved for it).
bool VolumeBinder::Serves(uint32_t i, uint32_t vid, bool reserved) const {
  const uint32_t claim = s_.tables.pvs[i].claim_volume;
  const bool free_for_it = reserved ? claim == vid : claim == kNone || claim == vid;
  return available_[i] && free_for_it &&
         s_.sc.persistent_volumes[i].Fits(s_.sc.workloads[s_.volumes[vid].workload].claims[0]);
}

// The smallest available PersistentVolume that can serve claim `vid` and is reachable from
// `node` (kNone: from anywhere), ties by name (the PV controller's choice); kNone if none.
uint32_t VolumeBinder::ChoosePv(uint32_t vid, uint32_t node) const {
  const bool reserved = HasReservedPv(vid);
  uint32_t best = kNone;
  for (uint32_t i = 0; i < s_.tables.pvs.size(); ++i) {
    const ModelTables::PvTable& pv = s_.tables.pvs[i];
    if (!Serves(i, vid, reserved)) continue;
    if (node != kNone && !pv.any_node &&
        !std::binary_search(pv.nodes.begin(), pv.nodes.end(), node)) {
      continue;
    }
    const int64_t capacity = s_.sc.persistent_volumes[i].capacity_bytes;
    if (best == kNone || capacity < s_.sc.persistent_volumes[best].capacity_bytes) best = i;
  }
  return best;
}

// A local volume is on node `n` from now on.
void VolumeBinder::PinLocal(uint32_t vid, uint32_t n) {
  s_.volumes[vid].pinned_node = n;
  s_.node_local[n].push_back(vid);
}

// Binds claim `vid` to PersistentVolume `pid`; a local volume reachable from one node is
// pinned there now, and a network volume to the zone(s) of the nodes it is reachable from.
void VolumeBinder::BindPv(uint32_t vid, uint32_t pid) {
  VolumeState& v = s_.volumes[vid];
  const ModelTables::PvTable& pv = s_.tables.pvs[pid];
  available_[pid] = 0;
  v.pv = pid;
  v.bound = true;
  if (pv.any_node) return;
  if (v.kind == StorageKind::kLocal) {
    if (pv.nodes.size() == 1) PinLocal(vid, pv.nodes[0]);
    return;
  }
  uint64_t zones = 0;
  for (uint32_t n : pv.nodes) zones |= uint64_t{1} << (s_.nodes[n].zone & 63);
  if (std::popcount(zones) == 1) {
    v.zone = static_cast<uint32_t>(std::countr_zero(zones));
  } else if (v.kind == StorageKind::kRegional) {
    v.zones = zones;
  }
}

// The zones a regional volume first used in zone `first` spans: that one and the next ones
// in the cluster's order, as many as the class replicates across.
uint64_t VolumeBinder::RegionalZones(uint32_t storage_class, uint32_t first) const {
  const size_t count = s_.tables.zone_names.size();
  const int want = s_.sc.storage_classes[storage_class].replica_zones;
  const size_t span = want <= 0 ? count : std::min(count, static_cast<size_t>(want));
  uint64_t mask = 0;
  for (size_t i = 0; i < span; ++i) mask |= uint64_t{1} << ((first + i) % count);
  return mask;
}

// Immediate binding: a claim is bound when it is created, before any pod exists: to a
// pre-created volume that fits, or (provisioned) to a zone chosen without the scheduler,
// spread by ordinal as the legacy ChooseZoneForVolume did for StatefulSet claims.
void VolumeBinder::BindImmediate(uint32_t vid) {
  VolumeState& v = s_.volumes[vid];
  const StorageClass& cls = s_.sc.storage_classes[v.storage_class];
  if (cls.binding != VolumeBindingMode::kImmediate) return;
  const PvUse use = UseOf(vid);
  if (use != PvUse::kNone) {
    const uint32_t pid = ChoosePv(vid, kNone);
    if (pid != kNone) {
      BindPv(vid, pid);
      return;
    }
    // kOnly: Pending until a volume is released (the scheduler's table says so).
    if (use == PvUse::kOnly) return;
  }
  const size_t zone_count = s_.tables.zone_names.size();
  if (v.kind != StorageKind::kLocal && zone_count > 0) {
    v.bound = true;
    const uint32_t zone = static_cast<uint32_t>(v.ordinal % zone_count);
    if (v.kind == StorageKind::kZonal) v.zone = zone;
    if (v.kind == StorageKind::kRegional) v.zones = RegionalZones(v.storage_class, zone);
  }
}

void VolumeBinder::BindForPod(uint32_t id, uint32_t n) {
  const uint32_t vid = s_.pods[id].volume;
  VolumeState& v = s_.volumes[vid];
  if (!v.bound) {
    // WaitForFirstConsumer: a pre-created volume reachable from the node that fits, else
    // one provisioned where the pod was scheduled.
    const uint32_t pid = UseOf(vid) != PvUse::kNone ? ChoosePv(vid, n) : kNone;
    if (pid != kNone) BindPv(vid, pid);
    v.bound = true;
    // A network volume without node affinity takes the zone(s) of the node.
    if (v.kind != StorageKind::kLocal && (pid == kNone || s_.tables.pvs[pid].any_node)) {
      if (v.kind == StorageKind::kRegional) {
        v.zones = RegionalZones(v.storage_class, s_.nodes[n].zone);
      } else {
        v.zone = s_.nodes[n].zone;
      }
    }
  }
  // A local volume not yet on a node (provisioned now, or bound to a volume reachable from
  // several nodes) is on this one.
  if (v.kind == StorageKind::kLocal && v.pinned_node == kNone) PinLocal(vid, n);
  if (v.kind == StorageKind::kLocal) {
    v.state = VolState::kAttached;
    v.attached = v.pinned_node;
  }
}

void VolumeBinder::ReleaseClaim(uint32_t vid) {
  VolumeState& v = s_.volumes[vid];
  if (v.pv == kNone) return;
  available_[v.pv] = s_.sc.persistent_volumes[v.pv].reclaim_delete;
  v.pv = kNone;
}

const uint8_t* VolumeBinder::VolumeNodes(uint32_t vid, bool unbound) {
  for (uint32_t n : table_set_) table_[n] = 0;
  table_set_.clear();
  const auto mark = [&](const ModelTables::PvTable& pv) {
    for (uint32_t n : pv.nodes) {
      if (table_[n] == 0) table_set_.push_back(n);
      table_[n] = 1;
    }
  };
  if (!unbound) {
    mark(s_.tables.pvs[s_.volumes[vid].pv]);
    return table_.data();
  }
  const bool reserved = HasReservedPv(vid);
  for (uint32_t i = 0; i < s_.tables.pvs.size(); ++i) {
    if (!Serves(i, vid, reserved)) continue;
    if (s_.tables.pvs[i].any_node) return nullptr;  // reachable from every node
    mark(s_.tables.pvs[i]);
  }
  return table_.data();
}

}  // namespace clustersim
