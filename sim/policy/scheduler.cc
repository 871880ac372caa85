#include "clustersim/policy/scheduler.h"

#include <algorithm>

namespace clustersim {

// Nodes filtered together: large enough that the virtual call per filter and batch is noise,
// small enough that a cycle wanting 100 of 5,000 nodes does little work past its last one.
constexpr size_t kFilterBatch = 32;

Scheduler::Scheduler(SchedulerProfile profile, Rng tie_break)
    : profile_(std::move(profile)), rng_(tie_break) {
  reason_counts_.resize(profile_.filters.size());
  reasons_.resize(profile_.filters.size());
  active_.reserve(profile_.filters.size());
  batch_.reserve(kFilterBatch);
}

int Scheduler::NumFeasibleNodesToFind(int nodes, int percentage, bool has_scores) {
  // k/k pkg/scheduler/schedule_one.go numFeasibleNodesToFind (v1.28-1.31).
  constexpr int kMinFeasibleNodesToFind = 100;
  constexpr int kMinFeasibleNodesPercentageToFind = 5;
  if (!has_scores) return 1;
  if (nodes < kMinFeasibleNodesToFind) return nodes;
  int p = percentage;
  if (p <= 0) p = std::max(50 - nodes / 125, kMinFeasibleNodesPercentageToFind);
  if (p >= 100) return nodes;
  int n = static_cast<int>(static_cast<int64_t>(nodes) * p / 100);
  return std::max(n, kMinFeasibleNodesToFind);
}

// Feasible() plus, when explaining, a record of the node and of the filter that rejected it.
bool Scheduler::Examine(const SchedulingState& state, const SchedPod& pod, const SchedNode& node,
                        Explanation* explain) {
  const bool ok = Feasible(state, pod, node);
  if (explain == nullptr) return ok;
  Candidate c;
  c.node = node.id;
  c.feasible = ok;
  if (!ok) {
    for (size_t f : active_) {
      const char* reason = nullptr;
      if (!profile_.filters[f]->Filter(state, pod, node, &reason)) {
        c.reason = reason;
        break;
      }
    }
  }
  // The feasible nodes are examined in order, so feasible_[i] is candidate explain_pos_[i].
  if (ok) explain_pos_.push_back(explain->candidates.size());
  explain->candidates.push_back(std::move(c));
  return ok;
}

bool Scheduler::Feasible(const SchedulingState& state, const SchedPod& pod, const SchedNode& node) {
  for (const size_t f : active_) {
    const char* reason = nullptr;
    if (!profile_.filters[f]->Filter(state, pod, node, &reason)) {
      ++reason_counts_[f];
      reasons_[f] = reason;
      return false;
    }
  }
  return true;
}

Scheduler::Result Scheduler::Schedule(const SchedulingState& state, const SchedPod& pod,
                                      std::span<const SchedNode> nodes, Explanation* explain) {
  if (explain != nullptr) {
    explain->candidates.clear();
    explain_pos_.clear();
  }

  Result result;
  const size_t n = nodes.size();
  if (n == 0) {
    result.reason = "no nodes available to schedule pods";
    return result;
  }
  std::fill(reason_counts_.begin(), reason_counts_.end(), 0);
  active_.clear();
  for (size_t f = 0; f < profile_.filters.size(); ++f) {
    if (profile_.filters[f]->PreFilter(state, pod)) active_.push_back(f);
  }
  feasible_.clear();

  if (pod.pinned_node != kNoNode) {
    // VolumeBinding's PreFilter narrows the cycle to the node of a bound local PV.
    if (pod.pinned_node < n && Examine(state, pod, nodes[pod.pinned_node], explain)) {
      feasible_.push_back(&nodes[pod.pinned_node]);
    }
  } else {
    const size_t want = static_cast<size_t>(NumFeasibleNodesToFind(
        static_cast<int>(n), profile_.percentage_of_nodes_to_score, !profile_.scores.empty()));
    size_t examined = 0;
    size_t i = profile_.rotate_start && next_start_ < n ? next_start_ : 0;
    if (explain == nullptr) {
      // The hot path: no explanation, nothing recorded. Nodes go through the filters in
      // batches, one virtual call per filter and batch. The result is that of examining them one
      // by one: the feasible ones are taken in order up to `want`, and the next cycle starts
      // after the last one taken (rejections counted past it only matter when fewer than
      // `want` pass, and then every node has been examined).
      const SchedNode* const base = nodes.data();
      while (examined < n && feasible_.size() < want) {
        const size_t start = i;
        const size_t count = std::min(kFilterBatch, n - examined);
        batch_.resize(count);
        for (size_t b = 0; b < count; ++b) {
          batch_[b] = &nodes[i];
          if (++i == n) i = 0;
        }
        size_t kept = count;
        for (const size_t f : active_) {
          const char* reason = nullptr;
          const size_t passed =
              profile_.filters[f]->FilterBatch(state, pod, batch_.data(), kept, &reason);
          if (passed < kept) {
            reason_counts_[f] += static_cast<int>(kept - passed);
            reasons_[f] = reason;
          }
          kept = passed;
          if (kept == 0) break;
        }
        const size_t take = std::min(kept, want - feasible_.size());
        feasible_.insert(feasible_.end(), batch_.begin(), batch_.begin() + take);
        if (take > 0 && feasible_.size() == want) {
          // Done inside the batch: resume after the last node taken.
          const size_t last = static_cast<size_t>(batch_[take - 1] - base);
          const size_t offset = (last + n - start) % n;
          examined += offset + 1;
          i = last + 1 == n ? 0 : last + 1;
          break;
        }
        examined += count;
      }
    } else {
      for (; examined < n && feasible_.size() < want; ++examined) {
        const SchedNode& node = nodes[i];
        if (Examine(state, pod, node, explain)) feasible_.push_back(&node);
        if (++i == n) i = 0;
      }
    }
    next_start_ = i;
  }

  result.feasible = static_cast<int>(feasible_.size());
  if (feasible_.empty()) {
    int best = -1;
    for (size_t f = 0; f < reason_counts_.size(); ++f) {
      if (reason_counts_[f] > best) {
        best = reason_counts_[f];
        result.reason = reasons_[f];
        result.retry_on_pod_add = profile_.filters[f]->PodAddMayHelp(reasons_[f]);
      }
    }
    if (result.reason == nullptr) result.reason = "no node passed the filters";
    return result;
  }
  if (feasible_.size() == 1) {
    // A lone feasible node is chosen without scoring (schedule_one.go).
    result.node = feasible_[0]->id;
    return result;
  }

  const size_t m = feasible_.size();
  totals_.assign(m, 0);
  scores_.resize(m);
  for (auto& ws : profile_.scores) {
    if (ws.weight == 0) continue;
    const ScorePlugin::PreScoreResult pre = ws.plugin->PreScore(state, pod, feasible_);
    if (pre.skip) continue;
    if (pre.uniform >= 0) {
      // The same score everywhere shifts every total alike and cannot change the choice; only
      // an explanation shows it.
      if (explain == nullptr) continue;
      std::fill(scores_.begin(), scores_.end(), pre.uniform);
    } else {
      ws.plugin->ScoreAll(state, pod, feasible_, scores_);
      ws.plugin->Normalize(scores_);
    }
    for (size_t i = 0; i < m; ++i) totals_[i] += scores_[i] * ws.weight;
    if (explain != nullptr) {
      for (size_t i = 0; i < m; ++i) {
        explain->candidates[explain_pos_[i]].scores.emplace_back(ws.plugin->Name(), scores_[i]);
      }
    }
  }
  // selectHost picks uniformly among the nodes with the highest total (kube-scheduler by
  // reservoir sampling). Counting the ties first and drawing once gives the same distribution
  // with one random draw instead of one per tie.
  // One pass for the best total, its first node and how many share it.
  int64_t best = totals_[0];
  uint64_t ties = 1;
  size_t chosen = 0;
  for (size_t i = 1; i < m; ++i) {
    const int64_t t = totals_[i];
    if (t > best) {
      best = t;
      ties = 1;
      chosen = i;
    } else if (t == best) {
      ++ties;
    }
  }
  if (ties > 1) {
    uint64_t pick = rng_.Below(ties);
    for (size_t i = chosen; i < m; ++i) {
      if (totals_[i] == best && pick-- == 0) {
        chosen = i;
        break;
      }
    }
  }
  result.node = feasible_[chosen]->id;
  if (explain != nullptr) {
    for (size_t i = 0; i < m; ++i) explain->candidates[explain_pos_[i]].total = totals_[i];
  }
  return result;
}

}  // namespace clustersim
