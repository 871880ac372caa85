// Reading manifest files (manifests.h): the YAML stream of each file the scenario names, split
// into documents and Lists, every object mapped onto its kind's message with its SourceMap. The
// structural round of checking: syntax, kinds, apiVersions, unknown fields, objects in the wrong
// list.
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "scenario/k8s_names.h"
#include "scenario/manifests.h"

namespace clustersim {
namespace {

using google::protobuf::Message;
namespace k8s = proto::k8s;

// The kinds a manifest may hold, with the one apiVersion this version reads for each.
struct KindInfo {
  const char* kind;
  const char* api_version;
  ManifestKind what;
  Message* (*make)();
};

template <typename T>
Message* Make() {
  return new T();
}

const std::vector<KindInfo>& Kinds() {
  static const std::vector<KindInfo> kinds = {
      {"Node", "v1", ManifestKind::kNode, &Make<k8s::Node>},
      {"StatefulSet", "apps/v1", ManifestKind::kStatefulSet, &Make<k8s::StatefulSet>},
      {"Deployment", "apps/v1", ManifestKind::kDeployment, &Make<k8s::Deployment>},
      {"ReplicaSet", "apps/v1", ManifestKind::kReplicaSet, &Make<k8s::ReplicaSet>},
      {"Pod", "v1", ManifestKind::kPod, &Make<k8s::Pod>},
      {"StorageClass", "storage.k8s.io/v1", ManifestKind::kStorageClass, &Make<k8s::StorageClass>},
      {"Service", "v1", ManifestKind::kIgnored, &Make<k8s::ObjectWithSpec>},
      {"PodDisruptionBudget", "policy/v1", ManifestKind::kDisruptionBudget,
       &Make<k8s::PodDisruptionBudget>},
      {"ConfigMap", "v1", ManifestKind::kIgnored, &Make<k8s::ConfigMap>},
      {"Secret", "v1", ManifestKind::kIgnored, &Make<k8s::Secret>},
      {"Namespace", "v1", ManifestKind::kIgnored, &Make<k8s::ObjectWithSpec>},
      {"ServiceAccount", "v1", ManifestKind::kIgnored, &Make<k8s::ServiceAccount>},
      {"PersistentVolumeClaim", "v1", ManifestKind::kClaim, &Make<k8s::PersistentVolumeClaim>},
      {"PersistentVolume", "v1", ManifestKind::kPersistentVolume, &Make<k8s::PersistentVolume>},
  };
  return kinds;
}

const KindInfo* FindKind(const std::string& kind) {
  for (const KindInfo& k : Kinds()) {
    if (kind == k.kind) return &k;
  }
  return nullptr;
}

std::vector<std::string> KindNames() {
  std::vector<std::string> names;
  for (const KindInfo& k : Kinds()) names.push_back(k.kind);
  names.push_back("List");
  return names;
}

// The unmodelled fields that can change what a run reports, with what the simulation does
// instead: each gets a warning. Every other unmodelled field (bookkeeping metadata, status,
// commands, environment, mounts, security settings, ...) cannot change availability, and is
// accepted without a word, or real manifests would bury the warnings that matter.
const char* UnmodelledEffect(const std::string& field) {
  static const std::map<std::string, const char*> effects = {
      {"readinessProbe", "a pod is ready app.startup after its containers start"},
      {"startupProbe", "a pod is ready app.startup after its containers start"},
      {"livenessProbe", "containers are never restarted by a probe"},
      {"lifecycle", "preStop and postStart hooks take no time"},
      {"terminationGracePeriodSeconds", "a pod's containers stop at once"},
      {"updateStrategy", "no rollout is simulated"},
      {"strategy", "no rollout is simulated"},
      {"minReadySeconds", "a pod counts as available as soon as it is ready"},
      {"priorityClassName", "no pod is preempted"},
      {"priority", "no pod is preempted"},
      {"preemptionPolicy", "no pod is preempted"},
      {"schedulerName", "every pod is placed by the scenario's scheduler profile"},
      {"persistentVolumeClaimRetentionPolicy", "claims are never deleted with their pods"},
      {"reclaimPolicy",
       "a released volume is what its PersistentVolume's persistentVolumeReclaimPolicy says"},
      {"allowedTopologies", "the class's volumes may be in any zone"},
      {"runtimeClassName", "every node runs every pod"},
  };
  auto it = effects.find(field);
  return it == effects.end() ? nullptr : it->second;
}

// Real kinds that a manifest may well hold and that this version does not read.
bool IsKnownUnsupportedKind(const std::string& kind) {
  static const std::set<std::string> kinds = {"DaemonSet",
                                              "ReplicationController",
                                              "Job",
                                              "CronJob",
                                              "Ingress",
                                              "IngressClass",
                                              "NetworkPolicy",
                                              "HorizontalPodAutoscaler",
                                              "Role",
                                              "RoleBinding",
                                              "ClusterRole",
                                              "ClusterRoleBinding",
                                              "ResourceQuota",
                                              "LimitRange",
                                              "PriorityClass",
                                              "CustomResourceDefinition",
                                              "Endpoints",
                                              "EndpointSlice",
                                              "VolumeAttachment",
                                              "CSIDriver",
                                              "CSINode",
                                              "RuntimeClass",
                                              "Lease",
                                              "Event",
                                              "PodTemplate",
                                              "VerticalPodAutoscaler"};
  return kinds.count(kind) > 0;
}

// "a StatefulSet", "an Ingress"
std::string WithArticle(const std::string& word) {
  const bool vowel = !word.empty() && std::string("AEIOU").find(word[0]) != std::string::npos;
  return (vowel ? "an " : "a ") + word;
}

// `line_offset`: the line of the node's document in its file (YamlDocument).
SourceLocation MarkOf(const std::string& file, const YAML::Node& node, int line_offset) {
  const YAML::Mark m = node.Mark();
  if (m.line < 0) return SourceLocation{file, 0, 0};
  return SourceLocation{file, m.line + line_offset + 1, m.column + 1};
}

const char* ShapeName(const YAML::Node& n) {
  return n.IsSequence() ? "a list" : n.IsMap() ? "a map" : "a single value";
}

class Reader {
 public:
  explicit Reader(Diagnostics* diags) : diags_(diags) {}

  // Reads the text of the file `shown` into `out`. `place` names the list it is in, for the
  // kinds that belong elsewhere: "cluster.manifests" or "workloads[2].manifests".
  void ReadFile(const std::string& text, const std::string& shown, const std::string& place,
                bool cluster, std::vector<ManifestObject>* out) {
    std::vector<YamlDocument> docs;
    try {
      docs = LoadYamlDocuments(text);
    } catch (const YAML::Exception& e) {
      ReportYamlSyntaxError(text, shown, e, diags_);
      return;
    }
    for (const YamlDocument& d : docs) {
      const YAML::Node& doc = d.node;
      if (!doc.IsDefined() || doc.IsNull()) continue;  // an empty document, e.g. after a final ---
      line_offset_ = d.line_offset;
      auto sources = std::make_shared<SourceMap>();
      sources->Set("", MarkOf(shown, doc));
      ReadObject(doc, shown, "", "", place, cluster, sources, out);
    }
  }

 private:
  // `root`: the object's field path in the document; `list_kind`: the kind of the items of a
  // typed list (NodeList), which may leave their kind out.
  void ReadObject(const YAML::Node& node, const std::string& file, const std::string& root,
                  const std::string& list_kind, const std::string& place, bool cluster,
                  const std::shared_ptr<SourceMap>& sources, std::vector<ManifestObject>* out) {
    if (!node.IsMap()) {
      diags_->Error(MarkOf(file, node),
                    std::string(root.empty() ? "expected" : "'" + root + "': expected") +
                        " a Kubernetes object (a map with apiVersion, kind, metadata, ...), "
                        "found " +
                        ShapeName(node));
      return;
    }
    const YAML::Node kind_node = node["kind"];
    std::string kind = list_kind;
    if (kind_node.IsDefined() && !kind_node.IsNull()) {
      if (!kind_node.IsScalar()) {
        diags_->Error(
            MarkOf(file, kind_node),
            "'" + Join(root, "kind") + "': expected a single value, found " + ShapeName(kind_node));
        return;
      }
      kind = kind_node.Scalar();
    }
    const SourceLocation kind_at =
        kind_node.IsDefined() ? MarkOf(file, kind_node) : MarkOf(file, node);
    if (kind.empty()) {
      diags_->Error(MarkOf(file, node),
                    std::string(root.empty() ? "the object" : "'" + root + "'") +
                        " has no kind; expected a Kubernetes object with apiVersion and kind (" +
                        JoinNames(KindNames()) + ")");
      return;
    }
    const bool typed_list = kind.size() > 4 && kind.compare(kind.size() - 4, 4, "List") == 0 &&
                            FindKind(kind.substr(0, kind.size() - 4)) != nullptr;
    if (kind == "List" || typed_list) {
      if (!root.empty()) {
        diags_->Error(kind_at, "'" + Join(root, "kind") + "': a " + kind +
                                   " inside a List is not supported; expected an object");
        return;
      }
      ReadList(node, file, kind, typed_list ? kind.substr(0, kind.size() - 4) : "", place, cluster,
               sources, out);
      return;
    }
    const KindInfo* info = FindKind(kind);
    if (info == nullptr) {
      const std::vector<std::string> names = KindNames();
      std::string msg;
      if (IsKnownUnsupportedKind(kind)) {
        msg = "kind '" + kind + "' is not supported by this version yet";
      } else {
        msg = "unknown kind '" + kind + "'";
        const std::string hint = NearestName(kind, names);
        if (!hint.empty()) msg += " (did you mean '" + hint + "'?)";
      }
      diags_->Error(kind_at, msg + "; expected one of: " + JoinNames(names));
      return;
    }
    ManifestObject obj;
    obj.kind = info->what;
    obj.kind_name = info->kind;
    obj.file = file;
    obj.root = root;
    obj.msg.reset(info->make());
    YamlOrigin origin;
    origin.file = file;
    origin.line_offset = line_offset_;
    if (info->what != ManifestKind::kIgnored) {
      // One warning per field path and file: a Deployment of ten containers with probes says
      // once that probes are not modelled.
      origin.on_unmodelled = [&](const std::string& path, const SourceLocation& where) {
        std::string general =
            root.empty() ? path : path.substr(std::min(path.size(), root.size() + 1));
        for (size_t open = general.find('['); open != std::string::npos;
             open = general.find('[', open + 1)) {
          const size_t close = general.find(']', open);
          if (close != std::string::npos) general.erase(open + 1, close - open - 1);
        }
        const std::string field = general.substr(general.find_last_of('.') + 1);
        const char* why = UnmodelledEffect(field);
        if (why == nullptr || !unmodelled_.insert({file, general}).second) return;
        diags_->Warning(where, "'" + general + "' (" + info->kind + ") is not modelled: " + why);
      };
    }
    if (!MapYaml(node, origin, obj.msg.get(), sources.get(), diags_, root)) return;
    if (info->what == ManifestKind::kIgnored) {
      const YAML::Node& map = node;
      const YAML::Node meta = map["metadata"];
      const YAML::Node name = meta.IsMap() ? meta["name"] : YAML::Node();
      diags_->Note(kind_at, std::string(info->kind) +
                                (name.IsScalar() ? " '" + name.Scalar() + "'" : std::string()) +
                                " is accepted and not modelled");
    }
    obj.sources = sources;
    // apiVersion: every kind message has it as its first field.
    const auto* field = obj.msg->GetDescriptor()->FindFieldByName("api_version");
    const std::string api = obj.msg->GetReflection()->GetString(*obj.msg, field);
    const std::string api_path = Join(root, "apiVersion");
    if (api.empty() && list_kind.empty()) {
      diags_->Error(sources->Of(root),
                    std::string(root.empty() ? "the " : "'" + root + "': the ") + kind +
                        " has no apiVersion; expected apiVersion: " + info->api_version);
      return;
    }
    if (!api.empty() && api != info->api_version) {
      diags_->Error(sources->Of(api_path), "'" + api_path + "': " + WithArticle(kind) + " is " +
                                               info->api_version + ", not '" + api +
                                               "'; expected apiVersion: " + info->api_version);
      return;
    }
    const bool workload =
        info->what == ManifestKind::kStatefulSet || info->what == ManifestKind::kDeployment ||
        info->what == ManifestKind::kReplicaSet || info->what == ManifestKind::kPod;
    if (cluster && workload) {
      diags_->Error(kind_at,
                    WithArticle(kind) + " belongs in workloads[].manifests, not in " + place);
      return;
    }
    if (!cluster && info->what == ManifestKind::kNode) {
      diags_->Error(kind_at, "a Node belongs in cluster.manifests, not in " + place);
      return;
    }
    out->push_back(std::move(obj));
  }

  void ReadList(const YAML::Node& node, const std::string& file, const std::string& kind,
                const std::string& item_kind, const std::string& place, bool cluster,
                const std::shared_ptr<SourceMap>& sources, std::vector<ManifestObject>* out) {
    k8s::List list;
    YamlOrigin origin;
    origin.file = file;
    origin.line_offset = line_offset_;
    if (!MapYaml(node, origin, &list, sources.get(), diags_)) return;
    const std::string want =
        item_kind.empty() ? std::string("v1") : FindKind(item_kind)->api_version;
    if (!list.api_version().empty() && list.api_version() != want) {
      diags_->Error(sources->Of("apiVersion"), "'apiVersion': " + WithArticle(kind) + " is " +
                                                   want + ", not '" + list.api_version() +
                                                   "'; expected apiVersion: " + want);
      return;
    }
    const YAML::Node items = node["items"];
    if (!items.IsDefined() || items.IsNull()) return;
    if (!items.IsSequence()) {
      diags_->Error(MarkOf(file, items),
                    std::string("'items': expected a list, found ") + ShapeName(items));
      return;
    }
    for (size_t i = 0; i < items.size(); ++i) {
      const std::string root = "items[" + std::to_string(i) + "]";
      sources->Set(root, MarkOf(file, items[i]));
      ReadObject(items[i], file, root, item_kind, place, cluster, sources, out);
    }
  }

  static std::string Join(const std::string& root, const std::string& field) {
    return root.empty() ? field : root + "." + field;
  }
  SourceLocation MarkOf(const std::string& file, const YAML::Node& node) const {
    return clustersim::MarkOf(file, node, line_offset_);
  }

  Diagnostics* diags_;
  int line_offset_ = 0;                                       // of the document being read
  std::set<std::pair<std::string, std::string>> unmodelled_;  // (file, field path) warned
};

}  // namespace

ManifestSet ReadManifests(const proto::Scenario& scenario, const SourceMap& scenario_sources,
                          const std::string& scenario_path, const InputLimits& limits,
                          Diagnostics* diags) {
  ManifestSet set;
  Reader reader(diags);
  const size_t slash = scenario_path.find_last_of('/');
  const std::string dir = slash == std::string::npos ? "" : scenario_path.substr(0, slash + 1);
  auto read = [&](const google::protobuf::RepeatedPtrField<std::string>& paths,
                  const std::string& field, bool cluster, std::vector<ManifestObject>* out) {
    for (int i = 0; i < paths.size(); ++i) {
      const std::string& rel = paths[i];
      const std::string at = field + "[" + std::to_string(i) + "]";
      const std::string named = paths.size() == 1 ? field : at;
      const SourceLocation where = scenario_sources.Of(at);
      if (rel.empty()) {
        diags->Error(where, "'" + named + "' is empty; expected the path of a manifest file");
        continue;
      }
      const std::string shown = rel[0] == '/' ? rel : dir + rel;
      std::string text;
      ReadProblem problem;
      if (!ReadInputFile(shown, limits.max_file_bytes, &text, &problem)) {
        diags->Error(where, "'" + named + "': " +
                                problem.Describe("'" + shown + "'", "a manifest file (.yaml)"));
        continue;
      }
      if (std::find(set.files.begin(), set.files.end(), shown) == set.files.end()) {
        set.files.push_back(shown);
      }
      const std::string too_many = YamlValueProblem(text, limits, "'" + shown + "'");
      if (!too_many.empty()) {
        diags->Error(where, "'" + named + "': " + too_many);
        continue;
      }
      reader.ReadFile(text, shown, field, cluster, out);
    }
  };
  read(scenario.cluster().manifests(), "cluster.manifests", true, &set.cluster);
  set.workloads.resize(static_cast<size_t>(scenario.workloads_size()));
  for (int w = 0; w < scenario.workloads_size(); ++w) {
    read(scenario.workloads(w).manifests(), "workloads[" + std::to_string(w) + "].manifests", false,
         &set.workloads[static_cast<size_t>(w)]);
  }
  return set;
}

void ReadManifestText(const std::string& text, const std::string& shown, const std::string& place,
                      bool cluster, std::vector<ManifestObject>* out, Diagnostics* diags) {
  Reader(diags).ReadFile(text, shown, place, cluster, out);
}

}  // namespace clustersim
