// Kubernetes manifests in a scenario (cluster.manifests, workloads[].manifests): reading the files
// onto the schema of sim/proto/k8s.proto, and converting the objects the simulator models into
// the plain structs of scenario.h (manifest_reader.cc reads, manifests.cc converts). Private to
// sim/scenario; loader.cc drives both steps.
//
// Reading is part of the structural round of checking: YAML syntax, unknown or misspelt fields,
// unknown kinds, wrong apiVersions and objects in the wrong list are all reported before any
// value is converted. Each document keeps its own SourceMap, so that a value's problem is
// reported at its manifest's file:line:column.
#pragma once

#include <google/protobuf/message.h>

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "clustersim/scenario/diagnostics.h"
#include "clustersim/scenario/input_files.h"
#include "clustersim/scenario/scenario.h"
#include "k8s.pb.h"
#include "scenario.pb.h"
#include "scenario/pod_spec_reader.h"
#include "scenario/yaml_mapper.h"

namespace clustersim {

// What the simulator does with an object.
enum class ManifestKind {
  kNode,              // a node pool of one
  kStatefulSet,       // a workload
  kDeployment,        // a workload
  kReplicaSet,        // a workload
  kPod,               // a workload of one bare pod
  kStorageClass,      // a storage class
  kClaim,             // a PersistentVolumeClaim: its access modes, for the pods that mount it
  kPersistentVolume,  // a pre-created volume that claims bind to
  kDisruptionBudget,  // a PodDisruptionBudget: what drains may evict
  kIgnored,           // accepted and not modelled (Service, ConfigMap, ...)
};

// One Kubernetes object of a manifest file (a document, or an item of a List).
struct ManifestObject {
  ManifestKind kind = ManifestKind::kIgnored;
  std::string kind_name;                     // "StatefulSet"
  std::string file;                          // as diagnostics name it
  std::string root;                          // its field path in the document: "" or "items[3]"
  std::shared_ptr<const SourceMap> sources;  // the document's
  std::shared_ptr<google::protobuf::Message> msg;

  // The path of `field` ("spec.replicas") in the document's SourceMap.
  std::string Path(const std::string& field) const {
    return root.empty() ? field : root + "." + field;
  }
};

struct ManifestSet {
  std::vector<ManifestObject> cluster;                 // from cluster.manifests
  std::vector<std::vector<ManifestObject>> workloads;  // by workloads[] index
  std::vector<std::string> files;                      // every file read, in order
};

// Reads every file the scenario's manifests fields name (paths relative to `scenario_path`'s
// directory), each held to `limits`. Problems with the files themselves are reported at the
// manifests field's place in the scenario (`scenario_sources`); problems inside a file at their
// place there.
ManifestSet ReadManifests(const proto::Scenario& scenario, const SourceMap& scenario_sources,
                          const std::string& scenario_path, const InputLimits& limits,
                          Diagnostics* diags);

// Reads the objects of one manifest file's text (`shown`: its name in diagnostics) into `out`.
// `place` names the list the file is in ("cluster.manifests", "workloads[2].manifests"), for
// the kinds that belong elsewhere; `cluster`: whether that is cluster.manifests.
void ReadManifestText(const std::string& text, const std::string& shown, const std::string& place,
                      bool cluster, std::vector<ManifestObject>* out, Diagnostics* diags);

// Converts manifest objects; every problem is reported at the object's own place.
class ManifestConverter : public PodSpecReader {
 public:
  explicit ManifestConverter(Diagnostics* diags) : PodSpecReader(nullptr, diags) {}

  // A Node as a pool of one node that keeps the Node's name.
  bool ToNodePool(const ManifestObject& obj, NodePool* out);
  // A StorageClass: kubernetes.io/no-provisioner is `local`, any other provisioner `zonal`.
  bool ToStorageClass(const ManifestObject& obj, StorageClass* out);
  // A PersistentVolume: class, capacity, access and volume modes, reclaim policy, node affinity
  // and claimRef. Its class refers to `s.storage_classes`.
  bool ToPersistentVolume(const ManifestObject& obj, const Scenario& s, PersistentVolume* out);
  // A PersistentVolumeClaim: its namespace and name (the name stays empty when it is not
  // valid), and whether its access mode is ReadWriteOncePod. The rest of its spec is checked and
  // not modelled.
  bool ToClaim(const ManifestObject& obj, std::pair<std::string, std::string>* key, bool* rwop);
  // A PodDisruptionBudget: its name, budget, namespace and selector (std::nullopt: none given,
  // which selects no pod). The loader resolves the selector against the workloads.
  bool ToDisruptionBudget(const ManifestObject& obj, DisruptionBudget* out,
                          std::string* namespace_name, std::optional<LabelSelector>* selector);
  // A StatefulSet, Deployment or Pod. Claim templates refer to `s.storage_classes`; nodeName to
  // its nodes; persistentVolumeClaim volumes to the claims of UseClaims().
  bool ToWorkload(const ManifestObject& obj, const Scenario& s, Workload* out);
  // Reports an error about `field` ("metadata.name") of the object.
  void ErrorAt(const ManifestObject& obj, const std::string& field, const std::string& msg);

 private:
  // The pod spec at path `ps` into `w` (requests, images, host ports, claims and every
  // scheduling field); w->labels and w->namespace_name must be set. `templates`: a
  // StatefulSet's claim template names, whose volumes the controller replaces with the pod's
  // own claims.
  void ReadPodSpec(const std::string& ps, const proto::k8s::PodSpec& spec, const Scenario& s,
                   const std::set<std::string>& templates, Workload* w);
  // spec.volumes.
  void ReadVolumes(const std::string& ps, const proto::k8s::PodSpec& spec,
                   const std::set<std::string>& templates, Workload* w);
  // Adds the container's requests (after API defaulting from limits) to the pod's, and to its
  // non-zero requests with kube-scheduler's defaults for the missing ones.
  struct Requests;
  void ReadContainer(const std::string& cp, const proto::k8s::Container& c, bool init,
                     bool host_network, Workload* w, Requests* pod);
  // A claim's spec at `p` (a PersistentVolumeClaim's, or a claim template's): accessModes
  // (required for a PersistentVolumeClaim), resources.requests.storage (required, into
  // `storage`), volumeMode and selector. Returns whether the claim is ReadWriteOncePod.
  bool ReadClaimSpec(const std::string& p, const proto::k8s::PersistentVolumeClaimSpec& spec,
                     bool access_modes_required, int64_t* storage,
                     VolumeClaimTemplate* t = nullptr);
  // A claim's or a volume's volumeMode: Filesystem or Block (*block).
  bool ReadVolumeMode(const std::string& p, const std::string& text, bool* block);
  // metadata.name, which must be a DNS subdomain.
  bool ReadName(const ManifestObject& obj, const proto::k8s::ObjectMeta& meta, std::string* out);
  int FindClass(const Scenario& s, const std::string& name, const std::string& path);
};

}  // namespace clustersim
