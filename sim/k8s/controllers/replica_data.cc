#include "k8s/controllers/replica_data.h"

#include "k8s/model.h"
#include "k8s/streams.h"

namespace clustersim {

ReplicaData::ReplicaData(Model& m) : m_(m), s_(m.s) {}

void ReplicaData::Begin() {
  backup_interval_ = m_.recovery.backup_interval();
  if (backup_interval_ <= 0) return;
  // Each workload's backups run every interval from a phase of their own.
  for (uint32_t w = 0; w < s_.workloads.size(); ++w) {
    Rng b = s_.Stream(StreamId(StreamKind::kBackupPhase, w));
    s_.workloads[w].backup_phase = static_cast<SimTime>(b.Below(backup_interval_));
  }
}

void ReplicaData::BeginFill(uint32_t id) {
  PodState& p = s_.pods[id];
  WorkloadState& ws = s_.workloads[p.workload];
  const AppSpec& app = s_.sc.workloads[p.workload].app;
  const VolumeFill fill = m_.recovery.FillFor(p.workload);
  ++p.epoch;
  double bandwidth = 0;
  if (fill.source == VolumeFill::Source::kBackup) {
    bandwidth = fill.bandwidth;
  } else if (ws.ready > 0) {
    bandwidth = fill.bandwidth > 0 ? fill.bandwidth : app.rebuild_bandwidth;
  } else if (ws.holders == 0) {
    // No copy left anywhere: the data set was lost, and this replica starts it afresh.
    SetHasData(p.volume);
    m_.kubelet.StartApp(id);
    return;
  } else {
    s_.Cause(id, RecoveryCause::kRebuild);
    p.phase = PodPhase::kWaitingPeer;
    ws.waiting_peer.push_back(id);
    return;
  }
  p.phase = PodPhase::kCopying;
  s_.Cause(id, RecoveryCause::kRebuild);
  s_.Trace(TraceKind::kPodCopyingData, p.node, id, p.volume);
  const SimTime d = bandwidth > 0 && !s_.initializing
                        ? static_cast<SimTime>(static_cast<double>(app.data_size_bytes) /
                                               bandwidth * static_cast<double>(kSecond))
                        : 0;
  if (d == 0) {
    CopyDone(id);
  } else {
    s_.sim.After(d, kCopyDone, id, p.epoch);
  }
}

void ReplicaData::CopyDone(uint32_t id) {
  SetHasData(s_.pods[id].volume);
  m_.kubelet.StartApp(id);
}

void ReplicaData::WakePeers(uint32_t w) {
  scratch_.swap(s_.workloads[w].waiting_peer);
  for (uint32_t id : scratch_) {
    if (s_.pods[id].phase == PodPhase::kWaitingPeer && s_.pods[id].workload == w) BeginFill(id);
  }
  scratch_.clear();
}

void ReplicaData::SetHasData(uint32_t vid) {
  VolumeState& v = s_.volumes[vid];
  if (v.has_data) return;
  v.has_data = true;
  ++s_.workloads[v.workload].holders;
}

void ReplicaData::LoseData(uint32_t vid) {
  VolumeState& v = s_.volumes[vid];
  if (!v.has_data) return;
  v.has_data = false;
  if (--s_.workloads[v.workload].holders == 0) DataLoss(v.workload);
}

void ReplicaData::DataLoss(uint32_t w) {
  ++s_.counters.data_loss_events;
  SimTime lost_writes = -1;  // everything
  if (backup_interval_ > 0) {
    // What was written since the last backup is lost.
    const SimTime now = s_.sim.now(), period = backup_interval_;
    const SimTime phase = s_.workloads[w].backup_phase;
    const SimTime last = phase + FloorDiv(now - phase, period) * period;
    lost_writes = last >= 0 ? now - last : now;
  }
  if (s_.Tracing()) {
    TraceRecord r;
    r.time = s_.sim.now();
    r.kind = TraceKind::kDataLoss;
    r.workload = w;
    s_.observer->OnTrace(r);
  }
  if (s_.observer != nullptr) s_.observer->OnDataLoss(w, s_.sim.now(), lost_writes);
  // Nobody holds the data any more: those waiting for a peer start afresh.
  if (!s_.workloads[w].waiting_peer.empty()) WakePeers(w);
}

}  // namespace clustersim
