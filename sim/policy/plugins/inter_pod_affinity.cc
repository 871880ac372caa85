// InterPodAffinity (pkg/scheduler/framework/plugins/interpodaffinity, filtering.go,
// scoring.go). Filter: the pod's required affinity (the domain must hold a pod matching all its
// terms, unless no pod anywhere does and the pod matches them itself), its required
// anti-affinity, and existing pods' required anti-affinity against it. Score (weight 2): weights
// summed per topology domain from the pod's preferred terms and existing pods' terms, then
// min-max normalised. Counts are over all pods bound to nodes, terminating ones included, as the
// scheduler's cache holds them. docs/semantics.md, section 8; kube-scheduler-scoring.md 3.7.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

#include "clustersim/policy/pod_groups.h"
#include "clustersim/policy/scoring.h"
#include "policy/plugins/builtin.h"
#include "policy/plugins/domain_counts.h"

namespace clustersim {
namespace {

using plugins::DomainCounts;

class InterPodAffinity final : public FilterEach<InterPodAffinity>,
                               public ScoreEach<InterPodAffinity> {
 public:
  const char* Name() const override { return "InterPodAffinity"; }
  bool PreFilter(const SchedulingState& state, const SchedPod& pod) override {
    const PodGroupSpec* g = pod.group;
    affinity_.Reset();
    anti_.Reset();
    existing_.Reset();
    affinity_probes_.clear();
    anti_probes_.clear();
    existing_probes_.clear();
    if (g == nullptr || !g->has_affinity_filter()) return false;  // Skip
    // Size every slot first: a slot that grows re-lays the arrays out.
    for (const auto& e : g->existing_anti) existing_.Size(e.key, state.DomainCount(e.key));
    for (const auto& t : g->anti_affinity) anti_.Size(t.key, state.DomainCount(t.key));
    for (uint32_t key : g->affinity_keys) affinity_.Size(key, state.DomainCount(key));
    for (const auto& e : g->existing_anti) {
      const uint32_t* dom = state.Domains(e.key).data();
      for (uint32_t n : state.NodesOfWorkload(e.group)) {
        if (dom[n] != kNoDomain) existing_.Add(e.key, dom[n], 1);
      }
    }
    for (const auto& t : g->anti_affinity) {
      const uint32_t* dom = state.Domains(t.key).data();
      for (uint32_t h : t.groups) {
        for (uint32_t n : state.NodesOfWorkload(h)) {
          if (dom[n] != kNoDomain) anti_.Add(t.key, dom[n], 1);
        }
      }
    }
    for (uint32_t key : g->affinity_keys) {
      const uint32_t* dom = state.Domains(key).data();
      for (uint32_t h : g->affinity_groups) {
        for (uint32_t n : state.NodesOfWorkload(h)) {
          if (dom[n] != kNoDomain) affinity_.Add(key, dom[n], 1);
        }
      }
    }
    // Skip when only existing pods' terms could apply and none counted on any node.
    if (g->affinity_keys.empty() && g->anti_affinity.empty() && existing_.empty()) return false;
    // What Filter reads per node, without virtual calls: each term's node domains and counts.
    for (uint32_t key : g->affinity_keys) {
      affinity_probes_.push_back({state.Domains(key).data(), affinity_.Row(key)});
    }
    for (const auto& t : g->anti_affinity) {
      anti_probes_.push_back({state.Domains(t.key).data(), anti_.Row(t.key)});
    }
    for (const auto& e : g->existing_anti) {
      existing_probes_.push_back({state.Domains(e.key).data(), existing_.Row(e.key)});
    }
    self_affinity_ = g->self_affinity;
    return true;
  }
  bool Filter(const SchedulingState&, const SchedPod&, const SchedNode& node,
              const char** reason) const override {
    if (!affinity_probes_.empty()) {
      bool exist = true;
      for (const Probe& p : affinity_probes_) {
        const uint32_t d = p.dom[node.id];
        if (d == kNoDomain) {  // every topology key must be on the node
          *reason = kAffinityReason;
          return false;
        }
        if (p.row[d] <= 0) exist = false;
      }
      // The first pod of a series with affinity to itself may go anywhere with the keys.
      if (!exist && !(affinity_.empty() && self_affinity_)) {
        *reason = kAffinityReason;
        return false;
      }
    }
    for (const Probe& p : anti_probes_) {
      const uint32_t d = p.dom[node.id];
      if (d != kNoDomain && p.row[d] > 0) {
        *reason = "node(s) didn't match pod anti-affinity rules";
        return false;
      }
    }
    for (const Probe& p : existing_probes_) {
      const uint32_t d = p.dom[node.id];
      if (d != kNoDomain && p.row[d] > 0) {
        *reason = "node(s) didn't satisfy existing pods anti-affinity rules";
        return false;
      }
    }
    return true;
  }
  // An added pod may satisfy a required affinity term; it never lifts an anti-affinity rejection
  // (interpodaffinity isSchedulableAfterPodChange).
  bool PodAddMayHelp(const char* reason) const override {
    return reason != nullptr && std::strcmp(reason, kAffinityReason) == 0;
  }
  PreScoreResult PreScore(const SchedulingState& state, const SchedPod& pod,
                          std::span<const SchedNode* const>) override {
    score_.Reset();
    score_probes_.clear();
    const PodGroupSpec* g = pod.group;
    if (g == nullptr) return {true, -1};
    for (const auto& r : g->score_terms) score_.Size(r.key, state.DomainCount(r.key));
    for (const auto& r : g->score_terms) {
      const uint32_t* dom = state.Domains(r.key).data();
      for (uint32_t n : state.NodesOfWorkload(r.group)) {
        if (dom[n] != kNoDomain) score_.Add(r.key, dom[n], r.weight);
      }
    }
    // No existing pod matched any term: topologyScore is empty and the plugin skips.
    if (score_.empty()) return {true, -1};
    // One probe per topology key (a key without counts adds nothing).
    for (const auto& r : g->score_terms) {
      const Probe p{state.Domains(r.key).data(), score_.Row(r.key)};
      const bool known = std::any_of(score_probes_.begin(), score_probes_.end(),
                                     [&](const Probe& q) { return q.row == p.row; });
      if (!known) score_probes_.push_back(p);
    }
    return {};
  }
  int64_t Score(const SchedulingState&, const SchedPod&, const SchedNode& node) const override {
    int64_t score = 0;
    for (const Probe& p : score_probes_) {
      const uint32_t d = p.dom[node.id];
      if (d != kNoDomain) score += p.row[d];
    }
    return score;
  }
  void Normalize(std::span<int64_t> s) const override {
    int64_t lo = std::numeric_limits<int64_t>::max(), hi = std::numeric_limits<int64_t>::min();
    for (int64_t v : s) {
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
    for (int64_t& v : s) {
      v = hi > lo
              ? static_cast<int64_t>(static_cast<double>(kMaxNodeScore) *
                                     (static_cast<double>(v - lo) / static_cast<double>(hi - lo)))
              : 0;
    }
  }

 private:
  static constexpr const char* kAffinityReason = "node(s) didn't match pod affinity rules";
  struct Probe {
    const uint32_t* dom;  // node -> domain under the term's key
    const int64_t* row;   // domain -> matching pods
  };
  DomainCounts<int64_t> affinity_, anti_, existing_, score_;
  std::vector<Probe> affinity_probes_, anti_probes_, existing_probes_, score_probes_;
  bool self_affinity_ = false;
};

}  // namespace

namespace plugins {

SchedulerPluginInfo InterPodAffinityInfo() {
  SchedulerPluginInfo info;
  info.name = "InterPodAffinity";
  info.summary =
      "filter: required pod affinity and anti-affinity; score: preferred terms per topology "
      "domain";
  info.filter = MakePlugin<FilterPlugin, InterPodAffinity>;
  info.score = MakePlugin<ScorePlugin, InterPodAffinity>;
  info.filter_always = true;
  info.default_weight = 2;
  info.score_order = 5;
  return info;
}

}  // namespace plugins
}  // namespace clustersim
