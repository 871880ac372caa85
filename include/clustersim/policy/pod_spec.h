// The parts of a Kubernetes pod spec that the scheduler reads beyond resources and node
// selection: labels and label selectors, inter-pod affinity, topology spread constraints, host
// ports and images, with the API's field meanings (k8s.io/api core/v1, meta/v1). The scenario
// loader fills these from inline workloads and from manifests; pod_groups.h compiles them into
// the index-based form the plugins use on the hot path.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace clustersim {

using Labels = std::map<std::string, std::string>;

// The set-based operators that label selectors and node selectors share.
enum class SetOp { kIn, kNotIn, kExists, kDoesNotExist };
bool MatchesSetOp(SetOp op, const Labels& labels, const std::string& key,
                  const std::vector<std::string>& values);

// meta/v1 LabelSelectorRequirement: operators In, NotIn, Exists, DoesNotExist.
struct LabelSelectorRequirement {
  using Op = SetOp;
  std::string key;
  Op op = Op::kIn;
  std::vector<std::string> values;
  bool Matches(const Labels& labels) const;
};

// meta/v1 LabelSelector: matchLabels and matchExpressions are ANDed; an empty selector matches
// every object (a missing one, std::nullopt where it is optional, matches none).
struct LabelSelector {
  Labels match_labels;
  std::vector<LabelSelectorRequirement> match_expressions;
  bool Matches(const Labels& labels) const;
};

// core/v1 PodAffinityTerm. Namespaces: the listed ones, or those the namespaceSelector selects
// (by the namespace's own labels, of which this model knows kubernetes.io/metadata.name), or,
// when both are absent, the namespace of the pod that has the term.
struct PodAffinityTerm {
  std::optional<LabelSelector> label_selector;
  std::vector<std::string> namespaces;
  std::optional<LabelSelector> namespace_selector;
  std::string topology_key;
};

struct WeightedPodAffinityTerm {
  int32_t weight = 1;  // 1..100
  PodAffinityTerm term;
};

// core/v1 PodAffinity and PodAntiAffinity together.
struct PodAffinitySpec {
  std::vector<PodAffinityTerm> required_affinity;
  std::vector<WeightedPodAffinityTerm> preferred_affinity;
  std::vector<PodAffinityTerm> required_anti_affinity;
  std::vector<WeightedPodAffinityTerm> preferred_anti_affinity;
  bool empty() const {
    return required_affinity.empty() && preferred_affinity.empty() &&
           required_anti_affinity.empty() && preferred_anti_affinity.empty();
  }
};

// core/v1 TopologySpreadConstraint.
struct TopologySpreadConstraint {
  enum class Policy { kHonor, kIgnore };
  int32_t max_skew = 1;
  std::string topology_key;
  bool do_not_schedule = true;  // whenUnsatisfiable: DoNotSchedule (else ScheduleAnyway)
  std::optional<LabelSelector> label_selector;
  int32_t min_domains = 0;  // 0 = not given (1)
  Policy node_affinity_policy = Policy::kHonor;
  Policy node_taints_policy = Policy::kIgnore;
  // Keys whose values in the incoming pod's labels are ANDed into the selector.
  std::vector<std::string> match_label_keys;
};

// A container port with a hostPort (NodePorts only looks at those).
struct HostPort {
  int32_t port = 0;
  std::string protocol = "TCP";
  std::string host_ip;  // "" = 0.0.0.0
};

// An image a node has (node.status.images) or a container uses.
struct NodeImage {
  std::vector<std::string> names;  // as the node reports them, e.g. "registry/zk:3.8" and digest
  int64_t size_bytes = 0;
};

}  // namespace clustersim
