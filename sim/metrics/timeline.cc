#include "clustersim/metrics/timeline.h"

#include <algorithm>
#include <numeric>
#include <set>

#include "clustersim/k8s/cluster_model.h"
#include "clustersim/metrics/availability.h"

namespace clustersim {

const char* LaneStateName(LaneState s) {
  switch (s) {
    case LaneState::kPodPending:
      return "pending";
    case LaneState::kPodNotReady:
      return "not ready";
    case LaneState::kPodReady:
      return "ready";
    case LaneState::kPodTerminating:
      return "terminating";
    case LaneState::kNodeUp:
      return "up";
    case LaneState::kNodeDown:
      return "down";
    case LaneState::kNodeCordoned:
      return "cordoned";
  }
  return "?";
}

TimelineRecorder::TimelineRecorder(const Scenario& scenario, std::vector<uint32_t> workloads,
                                   SimTime end)
    : scenario_(scenario), end_(end) {
  const size_t n = scenario.workloads.size();
  order_.assign(n, -1);
  for (size_t i = 0; i < workloads.size(); ++i) {
    if (workloads[i] < n) order_[workloads[i]] = static_cast<int>(i);
  }
  required_.resize(n);
  for (size_t w = 0; w < n; ++w) required_[w] = LevelThresholds(scenario.workloads[w])[3];
  ready_.assign(n, 0);
  below_since_.assign(n, kNever);
  const size_t nodes = static_cast<size_t>(std::max(scenario.NodeCount(), 0));
  node_lanes_.resize(nodes);
  node_used_.assign(nodes, false);
  for (auto& lane : node_lanes_) Open(lane, 0, LaneState::kNodeUp);
}

void TimelineRecorder::Close(LaneRec& lane, SimTime t) {
  if (!lane.open) return;
  Timeline::Span& s = lane.spans.back();
  s.end = std::max(t, s.start);
  if (s.end == s.start) lane.spans.pop_back();
  lane.open = false;
}

void TimelineRecorder::Open(LaneRec& lane, SimTime t, LaneState s) {
  if (lane.open && lane.spans.back().state == s) return;
  Close(lane, t);
  lane.spans.push_back({t, t, s});
  lane.open = true;
}

void TimelineRecorder::OnReadyChanged(uint32_t w, int ready, SimTime now) {
  if (w >= order_.size() || order_[w] < 0) return;
  ready_[w] = ready;
  const bool below = ready < required_[w];
  if (below && below_since_[w] == kNever) {
    below_since_[w] = now;
  } else if (!below && below_since_[w] != kNever) {
    if (now - below_since_[w] > worst_end_ - worst_start_) {
      worst_start_ = below_since_[w];
      worst_end_ = now;
      worst_workload_ = scenario_.workloads[w].name;
    }
    below_since_[w] = kNever;
  }
}

void TimelineRecorder::SetPodState(uint32_t pod, SimTime t, bool alive, LaneState state) {
  if (pod >= pod_lane_of_.size() || pod_lane_of_[pod] < 0) return;
  LaneRec& lane = pod_lanes_[static_cast<size_t>(pod_lane_of_[pod])];
  if (alive) {
    Open(lane, t, state);
  } else {
    Close(lane, t);
    pod_lane_of_[pod] = -1;
  }
}

void TimelineRecorder::SetNodeState(uint32_t node, SimTime t, LaneState state) {
  if (node < node_lanes_.size()) Open(node_lanes_[node], t, state);
}

void TimelineRecorder::OnTrace(const TraceRecord& r) {
  const SimTime t = r.time;
  const bool pod = r.pod != UINT32_MAX;
  auto mark = [&](bool on_node, bool failure) {
    if (on_node) {
      if (r.node >= node_lanes_.size()) return;
      marks_.push_back({t, true, r.node, r.kind, failure, r.detail});
    } else if (pod && r.pod < pod_lane_of_.size() && pod_lane_of_[r.pod] >= 0) {
      marks_.push_back(
          {t, false, static_cast<uint32_t>(pod_lane_of_[r.pod]), r.kind, failure, r.detail});
    }
  };
  if (pod && r.kind == TraceKind::kPodCreated) {
    if (r.workload >= order_.size() || order_[r.workload] < 0) return;
    if (r.pod >= pod_lane_of_.size()) pod_lane_of_.resize(r.pod + 1, -1);
    const std::string name = model_ != nullptr ? model_->PodName(r.pod) : std::to_string(r.pod);
    int lane = -1;
    for (size_t i = 0; i < pod_lanes_.size(); ++i) {
      if (pod_lanes_[i].name == name) lane = static_cast<int>(i);
    }
    if (lane < 0) {
      if (pod_lanes_.size() >= kMaxPodLanes) {
        skipped_pods_.insert(name);
        return;
      }
      lane = static_cast<int>(pod_lanes_.size());
      pod_lanes_.push_back({name, {}, false});
      pod_lane_workload_.push_back(r.workload);
    }
    pod_lane_of_[r.pod] = lane;
    SetPodState(r.pod, t, true, LaneState::kPodPending);
    return;
  }
  switch (r.kind) {
    case TraceKind::kPodCreated:
      break;
    case TraceKind::kPodScheduled:
      if (pod && r.pod < pod_lane_of_.size() && pod_lane_of_[r.pod] >= 0 &&
          r.node < node_used_.size()) {
        node_used_[r.node] = true;
      }
      SetPodState(r.pod, t, true, LaneState::kPodNotReady);
      break;
    case TraceKind::kPodStarting:
    case TraceKind::kPodNotReady:
      SetPodState(r.pod, t, true, LaneState::kPodNotReady);
      break;
    case TraceKind::kPodCopyingData:
      mark(false, false);
      SetPodState(r.pod, t, true, LaneState::kPodNotReady);
      break;
    case TraceKind::kPodReady:
      SetPodState(r.pod, t, true, LaneState::kPodReady);
      break;
    case TraceKind::kPodEvicted:
    case TraceKind::kPodForceDeleted:
      mark(false, false);
      SetPodState(r.pod, t, true, LaneState::kPodTerminating);
      break;
    case TraceKind::kPodRemoved:
      SetPodState(r.pod, t, false, LaneState::kPodPending);
      break;
    case TraceKind::kPodUnschedulable:
    case TraceKind::kVolumeMultiAttach:
    case TraceKind::kVolumeAttached:
    case TraceKind::kVolumeReplaced:
    case TraceKind::kEvictionRefused:
      mark(false, false);
      break;
    case TraceKind::kVolumeAttachStarted:
      break;
    case TraceKind::kVolumeDetached:
      mark(true, false);
      break;
    case TraceKind::kVolumeDetachStarted:
      break;
    case TraceKind::kNodeDown:
      mark(true, true);
      SetNodeState(r.node, t, LaneState::kNodeDown);
      break;
    case TraceKind::kNodeRebooting:
      mark(true, false);
      SetNodeState(r.node, t, LaneState::kNodeDown);
      break;
    case TraceKind::kNodeUp:
    case TraceKind::kNodeUncordoned:
      SetNodeState(r.node, t, LaneState::kNodeUp);
      break;
    case TraceKind::kNodeCordoned:
      mark(true, false);
      SetNodeState(r.node, t, LaneState::kNodeCordoned);
      break;
    case TraceKind::kDiskFailed:
      mark(true, true);
      break;
    case TraceKind::kNodeNotReady:
    case TraceKind::kNodeTainted:
    case TraceKind::kOutOfServiceTaint:
    case TraceKind::kNodeDeleted:
    case TraceKind::kDiskReplaced:
      mark(true, false);
      break;
    case TraceKind::kDataLoss:
      // On the workload's first lane: the loss is the workload's, not one pod's.
      for (size_t i = 0; i < pod_lanes_.size(); ++i) {
        if (pod_lane_workload_[i] == r.workload) {
          marks_.push_back({t, false, static_cast<uint32_t>(i), r.kind, true, r.detail});
          break;
        }
      }
      break;
  }
}

Timeline TimelineRecorder::Finish() {
  Timeline out;
  out.start = 0;
  out.end = end_;
  for (size_t w = 0; w < below_since_.size(); ++w) {
    if (below_since_[w] != kNever && end_ - below_since_[w] > worst_end_ - worst_start_) {
      worst_start_ = below_since_[w];
      worst_end_ = end_;
      worst_workload_ = scenario_.workloads[w].name;
    }
  }
  if (worst_end_ > worst_start_) {
    const SimTime pad = std::max<SimTime>(2 * kMinute, (worst_end_ - worst_start_) / 5);
    out.zoom_start = std::max<SimTime>(0, worst_start_ - pad);
    out.zoom_end = std::min(end_, worst_end_ + pad);
    out.zoom_why = "the longest outage of " + worst_workload_ + " at its required level";
  }
  // Nodes first (the causes), in node order; then pods by workload, in creation order.
  std::vector<int> node_lane(node_lanes_.size(), -1);
  size_t used = 0;
  for (size_t n = 0; n < node_lanes_.size(); ++n) {
    if (!node_used_[n]) continue;
    ++used;
    if (out.lanes.size() >= kMaxNodeLanes) continue;
    Close(node_lanes_[n], end_);
    node_lane[n] = static_cast<int>(out.lanes.size());
    out.lanes.push_back({model_ != nullptr ? model_->NodeName(static_cast<uint32_t>(n))
                                           : "node " + std::to_string(n),
                         true, std::move(node_lanes_[n].spans)});
  }
  std::vector<size_t> pods(pod_lanes_.size());
  std::iota(pods.begin(), pods.end(), size_t{0});
  std::stable_sort(pods.begin(), pods.end(), [&](size_t a, size_t b) {
    return order_[pod_lane_workload_[a]] < order_[pod_lane_workload_[b]];
  });
  std::vector<int> pod_lane(pod_lanes_.size(), -1);
  for (size_t i : pods) {
    Close(pod_lanes_[i], end_);
    pod_lane[i] = static_cast<int>(out.lanes.size());
    out.lanes.push_back({pod_lanes_[i].name, false, std::move(pod_lanes_[i].spans)});
  }
  out.lanes_total = used + pod_lanes_.size() + skipped_pods_.size();
  for (const PendingMark& m : marks_) {
    const int lane = m.node ? node_lane[m.lane] : pod_lane[m.lane];
    if (lane < 0) continue;
    out.marks.push_back({m.time, static_cast<uint32_t>(lane), m.kind, m.failure,
                         m.detail != nullptr ? m.detail : ""});
  }
  return out;
}

}  // namespace clustersim
