// A small cluster of named, labelled nodes and pods, for driving one scheduler plugin the way
// kube-scheduler's own unit tests do (a snapshot of nodes and existing pods, an incoming pod,
// then PreFilter/Filter or PreScore/Score/NormalizeScore). Every pod is its own pod group, so
// the group-level selector resolution is exercised pod by pod.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "clustersim/policy/pod_groups.h"
#include "clustersim/policy/registry.h"
#include "clustersim/policy/scheduling.h"

namespace clustersim::testing {

struct TNode {
  std::string name;
  Labels labels;
  bool untolerated_taint = false;  // a NoSchedule taint the incoming pod does not tolerate
  std::vector<NodeImage> images = {};
};

struct TPod {
  std::string name;
  std::string node;     // where an existing pod runs
  std::string ns = "";  // upstream's test pods have the empty namespace
  Labels labels;
  PodAffinitySpec affinity;
  std::vector<TopologySpreadConstraint> spread;
  bool terminating = false;
  // The incoming pod's node selection: nodeSelector, and one required term ANDing these.
  Labels node_selector;
  std::vector<LabelSelectorRequirement> node_affinity;
  std::optional<LabelSelector> default_spread_selector;  // a Service/controller selecting it
  std::vector<HostPort> host_ports = {};
  std::vector<std::string> images = {};
  std::vector<std::string> rwop_claims = {};
};

// Selector builders in the shape of upstream's st.MakeLabelSelector().
inline LabelSelector Exists(const std::string& key) {
  return {{}, {{key, LabelSelectorRequirement::Op::kExists, {}}}};
}
inline LabelSelector In(const std::string& key, std::vector<std::string> values) {
  return {{}, {{key, LabelSelectorRequirement::Op::kIn, std::move(values)}}};
}
inline LabelSelector NotIn(const std::string& key, std::vector<std::string> values) {
  return {{}, {{key, LabelSelectorRequirement::Op::kNotIn, std::move(values)}}};
}
inline LabelSelector DoesNotExist(const std::string& key) {
  return {{}, {{key, LabelSelectorRequirement::Op::kDoesNotExist, {}}}};
}
inline PodAffinityTerm Term(std::optional<LabelSelector> selector, const std::string& key) {
  PodAffinityTerm t;
  t.label_selector = std::move(selector);
  t.topology_key = key;
  return t;
}
inline TopologySpreadConstraint Spread(int32_t max_skew, const std::string& key, bool hard,
                                       std::optional<LabelSelector> selector,
                                       int32_t min_domains = 0) {
  TopologySpreadConstraint c;
  c.max_skew = max_skew;
  c.topology_key = key;
  c.do_not_schedule = hard;
  c.label_selector = std::move(selector);
  c.min_domains = min_domains;
  return c;
}

class FakeCluster final : public SchedulingState {
 public:
  // `incoming` becomes the last group. Existing pods on a node not in `nodes` are dropped (they
  // contribute nothing upstream either: their NodeInfo has no node and no labels).
  FakeCluster(std::vector<TNode> nodes, std::vector<TPod> existing, TPod incoming,
              PodGroupOptions options = {})
      : nodes_(std::move(nodes)), pods_(std::move(existing)) {
    pods_.push_back(std::move(incoming));
    std::vector<Labels> node_labels;
    for (uint32_t i = 0; i < nodes_.size(); ++i) {
      SchedNode s;
      s.id = i;
      s.alloc_cpu = s.alloc_mem = 1LL << 40;
      s.alloc_pods = 1000;
      s.hard_taint = nodes_[i].untolerated_taint;
      sched_.push_back(s);
      node_labels.push_back(nodes_[i].labels);
    }
    std::vector<PodGroupInput> inputs;
    for (const TPod& p : pods_) {
      PodGroupInput in;
      in.namespace_name = p.ns;
      in.labels = p.labels;
      in.affinity = p.affinity;
      in.spread = p.spread;
      in.system_default_spread = p.default_spread_selector.has_value();
      in.default_spread_selector = p.default_spread_selector;
      in.host_ports = p.host_ports;
      in.images = p.images;
      in.rwop_claims = p.rwop_claims;
      inputs.push_back(std::move(in));
    }
    std::vector<std::vector<NodeImage>> images;
    for (const TNode& n : nodes_) images.push_back(n.images);
    groups_ = CompilePodGroups(inputs, node_labels, images, &topology_, options);
    on_.resize(pods_.size());
    live_.resize(pods_.size());
    for (uint32_t g = 0; g + 1 < pods_.size(); ++g) {
      const uint32_t n = NodeId(pods_[g].node);
      if (n == kNoNode) continue;
      on_[g].push_back(n);
      if (!pods_[g].terminating) live_[g].push_back(n);
    }
    const TPod& in = pods_.back();
    pod_.workload = static_cast<uint32_t>(pods_.size() - 1);
    pod_.group = &groups_.back();
    verdict_.assign(nodes_.size(), 0);
    for (uint32_t i = 0; i < nodes_.size(); ++i) {
      bool match = true;
      for (const auto& [k, v] : in.node_selector) {
        auto it = nodes_[i].labels.find(k);
        match &= it != nodes_[i].labels.end() && it->second == v;
      }
      for (const auto& r : in.node_affinity) match &= r.Matches(nodes_[i].labels);
      if (!match) verdict_[i] |= SchedPod::kNodeAffinityMismatch;
      if (nodes_[i].untolerated_taint) verdict_[i] |= SchedPod::kUntoleratedTaint;
    }
    pod_.node_verdict = verdict_.data();
    pod_.has_node_affinity = !in.node_selector.empty() || !in.node_affinity.empty();
  }

  std::span<const uint32_t> NodesOfWorkload(uint32_t g) const override { return on_[g]; }
  std::span<const uint32_t> LiveNodesOfWorkload(uint32_t g) const override { return live_[g]; }
  std::span<const SchedNode> Nodes() const override { return sched_; }
  std::span<const uint32_t> Domains(uint32_t key) const override { return topology_.Domains(key); }
  uint32_t DomainCount(uint32_t key) const override { return topology_.DomainCount(key); }

  uint32_t NodeId(const std::string& name) const {
    for (uint32_t i = 0; i < nodes_.size(); ++i) {
      if (nodes_[i].name == name) return i;
    }
    return kNoNode;
  }
  SchedPod& pod() { return pod_; }

  // PreScore, Score and NormalizeScore of `plugin` over the named feasible nodes, in their
  // order; `skipped` reports a PreScore Skip (the scores are then all 0).
  std::vector<int64_t> Score(const std::string& plugin, const std::vector<std::string>& feasible,
                             bool* skipped = nullptr) {
    auto p = MakeScorePlugin(plugin);
    EXPECT_NE(p, nullptr) << plugin;
    if (p == nullptr) return {};
    std::vector<const SchedNode*> f;
    for (const auto& name : feasible) f.push_back(&sched_[NodeId(name)]);
    std::vector<int64_t> out(f.size(), 0);
    const auto pre = p->PreScore(*this, pod_, f);
    if (skipped != nullptr) *skipped = pre.skip;
    if (pre.skip) return out;
    if (pre.uniform >= 0) return std::vector<int64_t>(f.size(), pre.uniform);
    p->ScoreAll(*this, pod_, f, out);
    p->Normalize(out);
    return out;
  }

  // PreFilter, then Filter on every node: "" where it passes, else the reason. `skipped`
  // reports a PreFilter Skip (then every node passes).
  std::map<std::string, std::string> Filter(const std::string& plugin, bool* skipped = nullptr) {
    auto p = MakeFilterPlugin(plugin);
    EXPECT_NE(p, nullptr) << plugin;
    if (p == nullptr) return {};
    std::map<std::string, std::string> out;
    const bool run = p->PreFilter(*this, pod_);
    if (skipped != nullptr) *skipped = !run;
    for (uint32_t i = 0; i < nodes_.size(); ++i) {
      const char* reason = nullptr;
      const bool ok = !run || p->Filter(*this, pod_, sched_[i], &reason);
      out[nodes_[i].name] = ok ? "" : reason;
    }
    return out;
  }

 private:
  std::vector<TNode> nodes_;
  std::vector<TPod> pods_;
  std::vector<SchedNode> sched_;
  TopologyIndex topology_;
  std::vector<PodGroupSpec> groups_;
  std::vector<std::vector<uint32_t>> on_, live_;
  std::vector<uint8_t> verdict_;
  SchedPod pod_;
};

}  // namespace clustersim::testing
