// The scheduling framework: runs one profile's plugins over the nodes for one pod, the way
// kube-scheduler's schedulePod does (kube-scheduler-scoring.md section 1): filters from a
// rotating start index until enough feasible nodes are found, a lone feasible node chosen
// without scoring, weighted normalised scores, and a uniformly random pick among the best.
// Allocates nothing per cycle once its scratch buffers have grown to the cluster's size.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "clustersim/core/random.h"
#include "clustersim/policy/scheduling.h"

namespace clustersim {

class Scheduler {
 public:
  Scheduler(SchedulerProfile profile, Rng tie_break);

  struct Result {
    uint32_t node = kNoNode;
    // When no node fits: the reason given by the filter that rejected the most nodes.
    const char* reason = nullptr;
    // That filter's queueing hint: a pod binding elsewhere may make this one fit.
    bool retry_on_pod_add = false;
    int feasible = 0;
  };
  // Why a placement came out as it did: every node the cycle examined, feasible or not (with
  // the rejecting filter's reason), and for feasible ones each score plugin's normalised score
  // before weighting and the weighted total. Filled only when asked for: it allocates.
  struct Candidate {
    uint32_t node = kNoNode;
    bool feasible = false;
    const char* reason = nullptr;
    std::vector<std::pair<const char*, int64_t>> scores;  // plugin name, normalised score
    int64_t total = 0;
  };
  struct Explanation {
    std::vector<Candidate> candidates;
  };

  Result Schedule(const SchedulingState& state, const SchedPod& pod,
                  std::span<const SchedNode> nodes, Explanation* explain = nullptr);

  const SchedulerProfile& profile() const { return profile_; }

  // kube-scheduler's numFeasibleNodesToFind for a cluster of `nodes` nodes.
  static int NumFeasibleNodesToFind(int nodes, int percentage, bool has_scores);

 private:
  bool Feasible(const SchedulingState& state, const SchedPod& pod, const SchedNode& node);
  bool Examine(const SchedulingState& state, const SchedPod& pod, const SchedNode& node,
               Explanation* explain);

  SchedulerProfile profile_;
  Rng rng_;
  size_t next_start_ = 0;
  std::vector<const SchedNode*> feasible_;
  std::vector<const SchedNode*> batch_;  // nodes being filtered together
  std::vector<int64_t> scores_;
  std::vector<int64_t> totals_;
  std::vector<const char*> reasons_;  // rejection reason per filter, this cycle
  std::vector<int> reason_counts_;
  std::vector<size_t> active_;       // filters that did not Skip this cycle
  std::vector<size_t> explain_pos_;  // feasible index -> candidate index, when explaining
};

}  // namespace clustersim
