// PodTopologySpread (pkg/scheduler/framework/plugins/podtopologyspread, filtering.go,
// scoring.go). Filter, for DoNotSchedule constraints: matching pods in the node's domain + 1 if
// the pod matches its own selector - the minimum over the eligible domains (0 with fewer than
// minDomains domains) must not exceed maxSkew; eligible nodes carry every hard constraint's key
// and pass the node inclusion policies. Score (weight 2), for ScheduleAnyway constraints (or the
// system defaults when the pod states none): round(sum of count * ln(domains + 2) + maxSkew -
// 1), normalised so the fewest matching pods score 100. Terminating pods and other namespaces do
// not count (resolved in the groups). docs/semantics.md, section 8; kube-scheduler-scoring.md
// 3.8.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "clustersim/policy/pod_groups.h"
#include "clustersim/policy/scoring.h"
#include "policy/plugins/builtin.h"
#include "policy/plugins/domain_counts.h"
#include "policy/plugins/rounding.h"

namespace clustersim {
namespace {

using plugins::DomainCounts;
using plugins::RoundNonNegative;

class PodTopologySpread final : public FilterEach<PodTopologySpread>,
                                public ScoreEach<PodTopologySpread> {
 public:
  const char* Name() const override { return "PodTopologySpread"; }
  // An added matching pod may raise the minimum and so lower the skew elsewhere.
  bool PodAddMayHelp(const char*) const override { return true; }

  bool PreFilter(const SchedulingState& state, const SchedPod& pod) override {
    counts_.Reset();
    const PodGroupSpec* g = pod.group;
    if (g == nullptr || !g->has_hard_spread) return false;  // Skip
    active_.clear();
    for (uint32_t i = 0; i < g->spread.size(); ++i) {
      if (g->spread[i].hard) active_.push_back(i);
    }
    Prepare(state, *g);
    const std::span<const SchedNode> nodes = state.Nodes();
    // Every eligible node's domain exists, with or without matching pods.
    for (const SchedNode& n : nodes) {
      if (!HasAllKeys(n.id)) continue;
      for (size_t s = 0; s < active_.size(); ++s) {
        if (Included(g->spread[active_[s]], pod, n)) counts_.Add(s, dom_[s][n.id], 0);
      }
    }
    for (size_t s = 0; s < active_.size(); ++s) {
      const auto& c = g->spread[active_[s]];
      for (uint32_t h : c.groups) {
        for (uint32_t n : state.LiveNodesOfWorkload(h)) {
          if (HasAllKeys(n) && Included(c, pod, nodes[n])) counts_.Increment(s, dom_[s][n]);
        }
      }
    }
    min_.assign(active_.size(), std::numeric_limits<int32_t>::max());
    domains_.assign(active_.size(), 0);
    counts_.ForEachTouched([&](size_t s, uint32_t d) {
      min_[s] = std::min(min_[s], counts_.Get(s, d));
      ++domains_[s];
    });
    for (size_t s = 0; s < active_.size(); ++s) {
      if (domains_[s] < g->spread[active_[s]].min_domains) min_[s] = 0;
    }
    return true;
  }
  bool Filter(const SchedulingState&, const SchedPod& pod, const SchedNode& node,
              const char** reason) const override {
    const PodGroupSpec& g = *pod.group;
    for (size_t s = 0; s < active_.size(); ++s) {
      const auto& c = g.spread[active_[s]];
      const uint32_t d = dom_[s][node.id];
      if (d == kNoDomain) {
        *reason = "node(s) didn't match pod topology spread constraints (missing required label)";
        return false;
      }
      const int64_t skew = counts_.Get(s, d) + (c.self_match ? 1 : 0) - min_[s];
      if (skew > c.max_skew) {
        *reason = "node(s) didn't match pod topology spread constraints";
        return false;
      }
    }
    return true;
  }

  PreScoreResult PreScore(const SchedulingState& state, const SchedPod& pod,
                          std::span<const SchedNode* const> feasible) override {
    counts_.Reset();
    for (uint32_t n : ignored_marked_) ignored_[n] = 0;
    ignored_marked_.clear();
    const PodGroupSpec* g = pod.group;
    if (g == nullptr || !g->has_soft_spread || feasible.empty()) return {true, -1};  // Skip
    active_.clear();
    for (uint32_t i = 0; i < g->spread.size(); ++i) {
      if (!g->spread[i].hard) active_.push_back(i);
    }
    Prepare(state, *g);
    const std::span<const SchedNode> nodes = state.Nodes();
    if (ignored_.size() < nodes.size()) ignored_.resize(nodes.size(), 0);
    // Pods' own constraints need every key on a node; the system defaults do not.
    const bool require_all = g->spread_given;
    size_t ignored = 0;
    if (require_all) {
      for (const SchedNode* f : feasible) {
        if (HasAllKeys(f->id)) continue;
        ignored_[f->id] = 1;
        ignored_marked_.push_back(f->id);
        ++ignored;
      }
    }
    // Domains among the candidates, slot by slot; a node without the label forms the domain
    // "" (its value in upstream's pair). Hostname constraints count each candidate.
    slots_.clear();
    for (size_t s = 0; s < active_.size(); ++s) {
      Slot slot;
      slot.dom = dom_[s].data();
      slot.host = keys_[s] == kHostnameKey;
      slot.skew = static_cast<double>(g->spread[active_[s]].max_skew - 1);
      size_t size = feasible.size() - ignored;
      if (!slot.host) {
        size = 0;
        const uint32_t blank = blank_[s];
        for (const SchedNode* f : feasible) {
          if (ignored > 0 && ignored_[f->id]) continue;
          const uint32_t d = slot.dom[f->id];
          size += counts_.Touch(s, d == kNoDomain ? blank : d);
        }
      }
      slot.weight = std::log(static_cast<double>(size) + 2);
      slots_.push_back(slot);
    }
    // Matching pods per candidate domain (over every node), and per node for hostname.
    for (size_t s = 0; s < active_.size(); ++s) {
      const auto& c = g->spread[active_[s]];
      const uint32_t* dom = slots_[s].dom;
      for (uint32_t h : c.groups) {
        const std::span<const uint32_t> on = state.LiveNodesOfWorkload(h);
        if (slots_[s].host) {
          // Counted per node: the slot is sized to the node count.
          for (uint32_t n : on) counts_.Increment(s, n);
          continue;
        }
        for (uint32_t n : on) {
          const uint32_t d = dom[n];
          if (d == kNoDomain || !counts_.Seen(s, d)) continue;
          if (require_all && !HasAllKeys(n)) continue;
          if (!Included(c, pod, nodes[n])) continue;
          counts_.Increment(s, d);
        }
      }
    }
    // Rows last: nothing re-lays the counts out after this.
    for (size_t s = 0; s < slots_.size(); ++s) slots_[s].row = counts_.Row(s);
    return {};
  }
  int64_t Score(const SchedulingState&, const SchedPod&, const SchedNode& node) const override {
    if (ignored_[node.id]) return -1;  // IgnoredNodes: 0 after normalisation
    double score = 0;
    for (const Slot& s : slots_) {
      const uint32_t d = s.dom[node.id];
      if (d == kNoDomain) continue;
      score += static_cast<double>(s.row[s.host ? node.id : d]) * s.weight + s.skew;
    }
    return RoundNonNegative(score);
  }
  void Normalize(std::span<int64_t> s) const override {
    int64_t lo = std::numeric_limits<int64_t>::max(), hi = 0;
    for (int64_t v : s) {
      if (v < 0) continue;
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
    for (int64_t& v : s) {
      if (v < 0) {
        v = 0;
      } else {
        v = hi == 0 ? kMaxNodeScore : kMaxNodeScore * (hi + lo - v) / hi;
      }
    }
  }

 private:
  // Caches the active constraints' keys and node domains, and sizes the count slots.
  void Prepare(const SchedulingState& state, const PodGroupSpec& g) {
    keys_.clear();
    dom_.clear();
    blank_.clear();
    for (size_t s = 0; s < active_.size(); ++s) {
      const uint32_t key = g.spread[active_[s]].key;
      keys_.push_back(key);
      dom_.push_back(state.Domains(key));
      blank_.push_back(state.DomainCount(key));
      // Hostname scores count per node id; every slot has room for the "" domain.
      const size_t need = state.DomainCount(key) + 1;
      counts_.Size(s, key == kHostnameKey ? std::max<size_t>(need, state.NodeCount()) : need);
    }
  }
  bool HasAllKeys(uint32_t n) const {
    for (const auto& d : dom_) {
      if (d[n] == kNoDomain) return false;
    }
    return true;
  }
  // nodeAffinityPolicy and nodeTaintsPolicy (matchNodeInclusionPolicies).
  static bool Included(const PodGroupSpec::Spread& c, const SchedPod& pod, const SchedNode& n) {
    if (c.honor_node_affinity && pod.node_verdict != nullptr &&
        (pod.node_verdict[n.id] & SchedPod::kNodeAffinityMismatch)) {
      return false;
    }
    return !c.honor_taints ||
           !(HasUntoleratedTaint(pod, n) || (n.not_ready && !pod.tolerates_unreachable));
  }

  DomainCounts<int32_t> counts_;
  std::vector<uint32_t> active_;  // indexes of the constraints this phase uses
  std::vector<uint32_t> keys_;
  std::vector<std::span<const uint32_t>> dom_;
  std::vector<uint32_t> blank_;  // the "" domain's slot per constraint
  std::vector<int32_t> min_;
  std::vector<int64_t> domains_;
  // What Score reads per constraint.
  struct Slot {
    const uint32_t* dom = nullptr;  // node -> domain
    const int32_t* row = nullptr;   // domain (hostname: node) -> matching pods
    bool host = false;
    double weight = 0;  // ln(domains + 2)
    double skew = 0;    // maxSkew - 1
  };
  std::vector<Slot> slots_;
  std::vector<uint8_t> ignored_;
  std::vector<uint32_t> ignored_marked_;
};

}  // namespace

namespace plugins {

SchedulerPluginInfo PodTopologySpreadInfo() {
  SchedulerPluginInfo info;
  info.name = "PodTopologySpread";
  info.summary =
      "filter: DoNotSchedule spread constraints; score: ScheduleAnyway constraints or the "
      "system defaults";
  info.filter = MakePlugin<FilterPlugin, PodTopologySpread>;
  info.score = MakePlugin<ScorePlugin, PodTopologySpread>;
  info.filter_always = true;
  info.default_weight = 2;
  info.score_order = 4;
  return info;
}

}  // namespace plugins
}  // namespace clustersim
