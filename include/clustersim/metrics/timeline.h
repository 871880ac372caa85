// One replication's timeline for a report: a lane per pod and per node with its states as spans
// (pods: pending, not ready, ready, terminating; nodes: up, down, cordoned) and marks for the
// failures and the Kubernetes events of the model's trace. The recorder is a ModelObserver: the
// command runs the chosen replication again with tracing on (as `clustersim trace` does) and
// keeps only the lanes of the workloads the report shows and of the nodes their pods used, so a
// 5,000-node scenario gives a timeline of a few dozen lanes.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "clustersim/core/time.h"
#include "clustersim/k8s/observer.h"
#include "clustersim/scenario/scenario.h"

namespace clustersim {

class ClusterModel;

enum class LaneState : uint8_t {
  kPodPending,      // created, not bound to a node
  kPodNotReady,     // bound; starting, attaching, copying data, or its node is down
  kPodReady,        //
  kPodTerminating,  // deletionTimestamp set, the object still exists
  kNodeUp,
  kNodeDown,      // the machine is stopped
  kNodeCordoned,  // a drain marked it unschedulable
};
inline constexpr int kLaneStates = 7;
const char* LaneStateName(LaneState s);

struct Timeline {
  struct Span {
    SimTime start = 0, end = 0;
    LaneState state = LaneState::kPodReady;
  };
  struct Lane {
    std::string name;
    bool node = false;
    std::vector<Span> spans;  // in time order, not overlapping; gaps: no object
  };
  struct Mark {
    SimTime time = 0;
    uint32_t lane = 0;
    TraceKind kind = TraceKind::kNodeDown;
    bool failure = false;  // a failure (node down, disk failed, data lost), else an event
    std::string detail;
  };
  std::string variant;  // compare: the variant's name
  uint64_t replication = 0;
  std::string why;  // how the replication was chosen
  SimTime start = 0, end = 0;
  // The longest outage of a drawn workload at its required level, padded, for a closer view;
  // zoom_end == zoom_start when there was none.
  SimTime zoom_start = 0, zoom_end = 0;
  std::string zoom_why;
  std::vector<Lane> lanes;
  std::vector<Mark> marks;  // in time order
  size_t lanes_total = 0;   // lanes there were before the cap
};

class TimelineRecorder final : public ModelObserver {
 public:
  // Records the pods of `workloads` (scenario indices, in the order to draw them) and the
  // nodes those pods were bound to, over [0, end].
  TimelineRecorder(const Scenario& scenario, std::vector<uint32_t> workloads, SimTime end);
  // The model whose names the lanes take; set before it runs.
  void Attach(const ClusterModel* model) { model_ = model; }
  void OnReadyChanged(uint32_t workload, int ready, SimTime now) override;
  void OnTrace(const TraceRecord& r) override;
  Timeline Finish();

  // At most this many lanes of each kind.
  static constexpr size_t kMaxPodLanes = 24;
  static constexpr size_t kMaxNodeLanes = 24;

 private:
  struct LaneRec {
    std::string name;
    std::vector<Timeline::Span> spans;
    bool open = false;
  };
  void SetPodState(uint32_t pod, SimTime t, bool alive, LaneState state);
  void SetNodeState(uint32_t node, SimTime t, LaneState state);
  static void Close(LaneRec& lane, SimTime t);
  static void Open(LaneRec& lane, SimTime t, LaneState s);

  const Scenario& scenario_;
  const ClusterModel* model_ = nullptr;
  SimTime end_;
  std::vector<int> order_;  // per scenario workload: its place in the drawing order, -1: not drawn
  std::vector<int> required_;
  std::vector<int> ready_;
  std::vector<SimTime> below_since_;
  SimTime worst_start_ = 0, worst_end_ = 0;
  std::string worst_workload_;
  std::vector<LaneRec> pod_lanes_;
  std::vector<uint32_t> pod_lane_workload_;
  std::vector<int> pod_lane_of_;        // per pod id: its current lane, -1: none
  std::set<std::string> skipped_pods_;  // names of pod lanes beyond the cap
  std::vector<LaneRec> node_lanes_;
  std::vector<bool> node_used_;
  struct PendingMark {
    SimTime time;
    bool node;
    uint32_t lane;  // pod lane index or node id
    TraceKind kind;
    bool failure;
    const char* detail;
  };
  std::vector<PendingMark> marks_;
};

}  // namespace clustersim
