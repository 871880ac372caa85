// Reading the scheduling fields of a pod spec (labels, namespace, nodeSelector, tolerations, node
// and pod affinity, topology spread constraints, ports, nodeName) from the schema messages that
// inline workloads (scenario.proto) and manifests (k8s.proto) share, with the API server's
// validation (k8s.io/kubernetes pkg/apis/core/validation, apimachinery meta/v1 validation). Each
// problem is reported at its field's place. Private to sim/scenario.
#pragma once

#include <google/protobuf/map.h>
#include <google/protobuf/repeated_ptr_field.h>

#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "clustersim/policy/pod_spec.h"
#include "clustersim/scenario/scenario.h"
#include "scenario.pb.h"
#include "scenario/value_reader.h"

namespace clustersim {

using StringMap = google::protobuf::Map<std::string, std::string>;
template <typename T>
using Repeated = google::protobuf::RepeatedPtrField<T>;

// The PersistentVolumeClaims a scenario defines (cluster.persistentVolumeClaims and the
// PersistentVolumeClaim manifests), by (namespace, name): whether the claim's access mode is
// ReadWriteOncePod.
using ClaimIndex = std::map<std::pair<std::string, std::string>, bool>;

class PodSpecReader : public ValueReader {
 public:
  using ValueReader::ValueReader;

  // The claims that pod volumes refer to from now on (none until this is called).
  void UseClaims(const ClaimIndex* claims) { claims_ = claims; }

 protected:
  // Labels with valid keys and values; `path` is the map's.
  void ReadLabels(const std::string& path, const StringMap& in, Labels* out);
  // A namespace name (a DNS-1123 label).
  bool CheckNamespace(const std::string& path, const std::string& name);

  // nodeSelector, tolerations and affinity.nodeAffinity; `p` is the pod spec's path.
  void ReadNodeScheduling(const std::string& p, const StringMap& node_selector,
                          const Repeated<proto::Toleration>& tolerations,
                          const proto::Affinity& affinity, Workload* w);
  // affinity.podAffinity and affinity.podAntiAffinity. matchLabelKeys and mismatchLabelKeys are
  // merged into the term's selector with the values of w->labels, as the API server does when it
  // creates the pod; so w->labels must be read first.
  void ReadPodAffinity(const std::string& p, const proto::Affinity& affinity, Workload* w);
  // topologySpreadConstraints; `p` is the list's path.
  void ReadTopologySpread(const std::string& p, const Repeated<proto::TopologySpreadConstraint>& in,
                          Workload* w);
  // A PodDisruptionBudget's minAvailable / maxUnavailable (an integer or a percentage; at most
  // one of them, as the API server validates) and unhealthyPodEvictionPolicy; `p` is the spec's
  // path.
  void ReadBudget(const std::string& p, const std::string& min_available,
                  const std::string& max_unavailable, const std::string& policy,
                  DisruptionBudget* out);
  // A label selector that is present (an absent one is std::nullopt at the caller).
  LabelSelector ReadSelector(const std::string& p, const proto::LabelSelector& in);

  // One container port; a host port (given, or implied by hostNetwork, which makes every
  // container port a host port) goes to `out`, where a duplicate of an earlier one is an error.
  void ReadPort(const std::string& p, const proto::ContainerPort& in, bool host_network,
                std::vector<HostPort>* out);
  // node.status.images (or a node pool's images).
  void ReadNodeImages(const std::string& p, const Repeated<proto::ContainerImage>& in,
                      std::vector<NodeImage>* out);
  // spec.nodeName must name a node of the cluster.
  void CheckNodeName(const std::string& path, const std::string& name, const Scenario& s);

  NodeSelectorTerm ReadNodeSelectorTerm(const std::string& p, const proto::NodeSelectorTerm& in);

  // A claim's accessModes at `p` (`owner`: the claim spec's path, where a missing list is
  // reported when `required`): each ReadWriteOnce, ReadOnlyMany, ReadWriteMany or
  // ReadWriteOncePod, the last only alone (the API server's validation). Returns whether the
  // claim is ReadWriteOncePod; *modes (when given) gets the modes as bits (scenario.h).
  bool ReadAccessModes(const std::string& p, const std::string& owner,
                       const Repeated<std::string>& in, bool required, uint8_t* modes = nullptr);
  // A pod volume's name at `p` (the volume's path): required, a DNS-1123 label, not in `names`
  // (the pod's volumes so far), to which it is added.
  void CheckVolumeName(const std::string& p, const std::string& name, std::set<std::string>* names);
  // A volume's persistentVolumeClaim at `p`: a claim of the pod's namespace (w->namespace_name)
  // with access mode ReadWriteOncePod goes to w->rwop_claims; a claim the scenario does not
  // define is a warning (its access mode is unknown, so the volume is not modelled).
  void ReadClaimVolume(const std::string& p, const proto::PersistentVolumeClaimVolumeSource& in,
                       Workload* w);

 private:
  PodAffinityTerm ReadAffinityTerm(const std::string& p, const proto::PodAffinityTerm& in,
                                   const Labels& pod_labels);
  void ReadPodAffinityKind(const std::string& p, const proto::PodAffinity& in,
                           const Labels& pod_labels, std::vector<PodAffinityTerm>* required,
                           std::vector<WeightedPodAffinityTerm>* preferred);
  bool CheckKey(const std::string& path, const std::string& key, const char* what);
  bool CheckLabelValue(const std::string& path, const std::string& value);

  const ClaimIndex* claims_ = nullptr;
};

}  // namespace clustersim
