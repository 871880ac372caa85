// Label selectors resolved once, before a run, so that no plugin matches labels on the hot path.
//
// Pods are simulated in groups: every pod of a group (a workload's replicas) has the same
// namespace, labels and spec. A selector in one group's spec therefore selects whole groups, and
// "the pods a term selects in a topology domain" becomes "the pods of these groups on nodes of
// that domain", which the plugins count from the scheduling state's per-group node lists.
// Topology keys are interned: key 0 is kubernetes.io/hostname, key 1 topology.kubernetes.io/zone,
// and every node has one domain id per key (kNoDomain when it lacks the label).
#pragma once

#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "clustersim/policy/pod_spec.h"

namespace clustersim {

inline constexpr uint32_t kNoDomain = std::numeric_limits<uint32_t>::max();
inline constexpr uint32_t kHostnameKey = 0;
inline constexpr uint32_t kZoneKey = 1;
inline constexpr const char* kHostnameLabel = "kubernetes.io/hostname";
inline constexpr const char* kZoneLabel = "topology.kubernetes.io/zone";
inline constexpr const char* kRegionLabel = "topology.kubernetes.io/region";

// Every topology key any pod refers to, and each node's domain under each.
class TopologyIndex {
 public:
  TopologyIndex();
  // The index of `key`, added if new. Only before Build.
  uint32_t Intern(const std::string& key);
  // Assigns domain ids: nodes with equal values of a key share a domain, numbered in order of
  // first appearance (node order), so ids are stable for a given cluster.
  void Build(std::span<const Labels> node_labels);
  size_t KeyCount() const { return keys_.size(); }
  const std::string& KeyName(uint32_t key) const { return keys_[key]; }
  std::span<const uint32_t> Domains(uint32_t key) const { return domains_[key]; }
  uint32_t DomainCount(uint32_t key) const { return domain_count_[key]; }

 private:
  std::vector<std::string> keys_;
  std::vector<std::vector<uint32_t>> domains_;  // [key][node]
  std::vector<uint32_t> domain_count_;
};

// One pod group as the compiler needs it.
struct PodGroupInput {
  std::string namespace_name = "default";
  Labels labels;
  PodAffinitySpec affinity;
  std::vector<TopologySpreadConstraint> spread;
  // Whether kube-scheduler's system default spread constraints apply when the pod gives none:
  // they need a selector from an owning controller (ReplicaSet, StatefulSet), which a bare Pod
  // lacks. Their selector here is the group's own pods.
  bool system_default_spread = true;
  // The default constraints' selector (the owning controller's and the selecting Services'
  // selectors merged); absent: exactly this group's pods.
  std::optional<LabelSelector> default_spread_selector;
  // clustersim's podAntiAffinity shorthand: a hostname anti-affinity term that selects exactly
  // this group's pods, required or preferred (weight 100).
  bool own_anti_affinity_required = false;
  bool own_anti_affinity_preferred = false;
  std::vector<HostPort> host_ports;
  std::vector<std::string> images;
  // PersistentVolumeClaims with access mode ReadWriteOncePod that the pod mounts, by name in
  // its namespace.
  std::vector<std::string> rwop_claims;
};

// kube-scheduler's InterPodAffinityArgs.hardPodAffinityWeight default.
inline constexpr int64_t kHardPodAffinityWeight = 1;

// A group's spec with every selector resolved to group ids.
struct PodGroupSpec {
  struct Term {
    uint32_t key = 0;
    std::vector<uint32_t> groups;
  };
  struct WeightedRef {
    uint32_t group = 0;
    uint32_t key = 0;
    int64_t weight = 0;  // signed: anti-affinity subtracts
  };
  struct Spread {
    uint32_t key = 0;
    int64_t max_skew = 1;
    int64_t min_domains = 1;
    bool hard = false;
    bool self_match = false;  // the group's own labels match the selector
    bool honor_node_affinity = true;
    bool honor_taints = false;
    std::vector<uint32_t> groups;  // same namespace, selector matches
  };

  // InterPodAffinity, filter. Required affinity counts the pods that match all the terms
  // (podMatchesAllAffinityTerms), once per term key.
  std::vector<uint32_t> affinity_keys;
  std::vector<uint32_t> affinity_groups;
  bool self_affinity = false;       // the group matches all its own required affinity terms
  std::vector<Term> anti_affinity;  // required anti-affinity terms
  // Required anti-affinity terms of other pods that select this group: (their group, key).
  std::vector<WeightedRef> existing_anti;
  // InterPodAffinity, score: the group's preferred terms against existing pods, and existing
  // pods' required (at kHardPodAffinityWeight) and preferred terms against this group.
  std::vector<WeightedRef> score_terms;
  bool has_affinity_filter() const {
    return !affinity_keys.empty() || !anti_affinity.empty() || !existing_anti.empty();
  }

  // PodTopologySpread: the pod's own constraints, or the system defaults (soft only).
  std::vector<Spread> spread;
  bool spread_given = false;  // constraints from the pod: nodes must carry every key
  bool has_hard_spread = false;
  bool has_soft_spread = false;

  // NodePorts: groups whose host ports collide with this group's.
  std::vector<uint32_t> port_conflicts;
  bool has_host_ports = false;

  // VolumeRestrictions: groups (this one included) that mount one of this group's
  // ReadWriteOncePod claims; a bound pod of any of them makes this pod unschedulable.
  std::vector<uint32_t> rwop_conflicts;

  // ImageLocality's score per node (static: node images do not change); empty = all zero.
  std::vector<int64_t> image_score;
};

// Plugin arguments and feature gates that change how selectors resolve. The defaults are
// kube-scheduler's v1.28-v1.31 defaults; upstream's unit tests turn some of them off.
struct PodGroupOptions {
  int64_t hard_pod_affinity_weight = kHardPodAffinityWeight;
  // InterPodAffinityArgs.ignorePreferredTermsOfExistingPods (v1.28+): a pod without preferred
  // terms of its own gets no InterPodAffinity score at all.
  bool ignore_preferred_terms_of_existing_pods = false;
  // Namespace labels beyond kubernetes.io/metadata.name, which every namespace has.
  std::map<std::string, Labels> namespace_labels;
  // Feature gates NodeInclusionPolicyInPodTopologySpread (beta, on since v1.26) and
  // MatchLabelKeysInPodTopologySpread (beta, on since v1.27). Off: node affinity is honoured
  // and taints ignored whatever the constraint says; matchLabelKeys is ignored.
  bool node_inclusion_policy = true;
  bool match_label_keys = true;
};

// Resolves every group's selectors against every group. `topology` gets the keys interned and
// is then built over `node_labels`. `node_images` (per node, may be empty) feeds ImageLocality.
std::vector<PodGroupSpec> CompilePodGroups(std::span<const PodGroupInput> groups,
                                           std::span<const Labels> node_labels,
                                           std::span<const std::vector<NodeImage>> node_images,
                                           TopologyIndex* topology,
                                           const PodGroupOptions& options = {});

}  // namespace clustersim
