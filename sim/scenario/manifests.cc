#include "scenario/manifests.h"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "scenario/k8s_names.h"

namespace clustersim {
namespace {

namespace k8s = proto::k8s;

// Saturating addition of non-negative values, capped at `cap` + 1 (above every limit).
int64_t AddCapped(int64_t a, int64_t b, int64_t cap) { return std::min(a + b, cap + 1); }

}  // namespace

// ---------------------------------------------------------------------------------------------
// Conversion

struct ManifestConverter::Requests {
  // One resource's pod request by KEP-753's formula (k8s.io/component-helpers/resource
  // AggregateContainerRequests): the sum over app containers and sidecars, the largest
  // init-time use (a regular init container plus the sidecars declared before it), and the
  // sidecars started so far. The pod's request is max(app, init).
  struct Sums {
    int64_t app = 0, init = 0, sidecar = 0;
    void Add(int64_t v, bool init_container, bool is_sidecar, int64_t cap) {
      if (!init_container || is_sidecar) app = AddCapped(app, v, cap);
      if (is_sidecar) {
        sidecar = AddCapped(sidecar, v, cap);
        init = std::max(init, sidecar);
      } else if (init_container) {
        init = std::max(init, AddCapped(v, sidecar, cap));
      }
    }
    int64_t Pod() const { return std::max(app, init); }
  };
  Sums cpu, memory;
  // The same with each container's missing cpu (memory) request counted as 100m (200Mi):
  // kube-scheduler's NonZeroRequested (PodRequests with NonMissingContainerRequests).
  Sums nonzero_cpu, nonzero_memory;
};

void ManifestConverter::ErrorAt(const ManifestObject& obj, const std::string& field,
                                const std::string& msg) {
  UseSources(obj.sources.get());
  Error(obj.Path(field), msg);
}

bool ManifestConverter::ReadName(const ManifestObject& obj, const k8s::ObjectMeta& meta,
                                 std::string* out) {
  const std::string mp = obj.Path("metadata");
  if (meta.name().empty()) {
    Error(mp, std::string(sources().Has(obj.Path("metadata.generateName"))
                              ? "'" + mp + "': generateName is not supported; give the " +
                                    obj.kind_name + " a name"
                              : "the " + obj.kind_name + " needs metadata.name"));
    return false;
  }
  const std::string why = Dns1123SubdomainProblem(meta.name());
  if (!why.empty()) {
    Error(mp + ".name", "'" + mp + ".name': invalid name '" + meta.name() + "': " + why);
    return false;
  }
  *out = meta.name();
  return true;
}

bool ManifestConverter::ToNodePool(const ManifestObject& obj, NodePool* pool) {
  UseSources(obj.sources.get());
  const auto& node = static_cast<const k8s::Node&>(*obj.msg);
  pool->where = At(obj.root);
  if (!ReadName(obj, node.metadata(), &pool->name)) return false;
  pool->fixed_node_name = pool->name;
  pool->count = 1;
  ReadLabels(obj.Path("metadata.labels"), node.metadata().labels(), &pool->labels);
  // The zone label, or its deprecated beta form, which older clusters still carry.
  for (const char* key :
       {"topology.kubernetes.io/zone", "failure-domain.beta.kubernetes.io/zone"}) {
    const auto it = pool->labels.find(key);
    if (it != pool->labels.end() && !it->second.empty()) {
      pool->zones = {it->second};
      break;
    }
  }
  // Allocatable is what the scheduler fits pods into; capacity when a manifest gives only that.
  const auto& status = node.status();
  auto value = [&](const char* resource, std::string* text, std::string* path) {
    for (const auto* list : {&status.allocatable(), &status.capacity()}) {
      const auto it = list->find(resource);
      if (it != list->end()) {
        *text = it->second;
        *path = obj.Path(std::string("status.") +
                         (list == &status.allocatable() ? "allocatable." : "capacity.") + resource);
        return true;
      }
    }
    return false;
  };
  std::string text, path;
  ResourceList& cap = pool->capacity;
  cap.cpu_milli = kDefaultCpuMilli;
  cap.memory_bytes = kDefaultMemoryBytes;
  cap.pods = kDefaultPods;
  if (value("cpu", &text, &path)) cap.has_cpu = Cpu(path, text, &cap.cpu_milli);
  if (value("memory", &text, &path)) cap.has_memory = Memory(path, text, &cap.memory_bytes);
  if (value("pods", &text, &path)) Int(path, text, 1, kMaxPodsPerNode, &cap.pods);
  for (int t = 0; t < node.spec().taints_size(); ++t) {
    const auto& in = node.spec().taints(t);
    const std::string tp = obj.Path("spec.taints[" + std::to_string(t) + "]");
    Taint taint;
    taint.key = in.key();
    taint.value = in.value();
    if (taint.key.empty()) Error(tp, "'" + tp + "' needs a 'key'");
    if (in.effect().empty()) {
      Error(tp, "'" + tp + "' needs an effect (NoSchedule, PreferNoSchedule or NoExecute)");
    } else {
      Enum<TaintEffect>(tp + ".effect", in.effect(),
                        {{"NoSchedule", TaintEffect::kNoSchedule},
                         {"PreferNoSchedule", TaintEffect::kPreferNoSchedule},
                         {"NoExecute", TaintEffect::kNoExecute}},
                        &taint.effect);
    }
    pool->taints.push_back(taint);
  }
  if (!node.spec().unschedulable().empty()) {
    Bool(obj.Path("spec.unschedulable"), node.spec().unschedulable(), &pool->unschedulable);
  }
  ReadNodeImages(obj.Path("status.images"), status.images(), &pool->images);
  return true;
}

namespace {

// What kind of storage a class's provisioner gives, from its name and the parameters that
// change it: kubernetes.io/no-provisioner is local and static (claims bind only to pre-created
// PersistentVolumes); the well-known dynamic local provisioners are local; GCE regional
// persistent disks replicate across two zones and Azure's zone-redundant disks across every
// zone, so both are regional; every other provisioner is a zonal network block volume.
void ClassifyProvisioner(const k8s::StorageClass& in, StorageClass* sc) {
  static const std::set<std::string> kLocalProvisioners = {"rancher.io/local-path", "topolvm.io",
                                                           "topolvm.cybozu.com", "openebs.io/local",
                                                           "local.csi.openebs.io"};
  const std::string& prov = in.provisioner();
  const auto param = [&](const char* key) {
    const auto it = in.parameters().find(key);
    return it == in.parameters().end() ? std::string() : it->second;
  };
  sc->kind = StorageKind::kZonal;
  if (prov == "kubernetes.io/no-provisioner") {
    sc->kind = StorageKind::kLocal;
    sc->static_only = true;
  } else if (kLocalProvisioners.count(prov) > 0) {
    sc->kind = StorageKind::kLocal;
  } else if ((prov == "pd.csi.storage.gke.io" || prov == "kubernetes.io/gce-pd") &&
             param("replication-type") == "regional-pd") {
    sc->kind = StorageKind::kRegional;
    sc->replica_zones = 2;
  } else if (prov == "disk.csi.azure.com" || prov == "kubernetes.io/azure-disk") {
    std::string sku = param("skuName");
    if (sku.empty()) sku = param("skuname");  // both spellings are accepted by the driver
    if (sku.size() > 4 && sku.compare(sku.size() - 4, 4, "_ZRS") == 0) {
      sc->kind = StorageKind::kRegional;
      sc->replica_zones = 0;
    }
  }
}

}  // namespace

bool ManifestConverter::ToStorageClass(const ManifestObject& obj, StorageClass* sc) {
  UseSources(obj.sources.get());
  const auto& in = static_cast<const k8s::StorageClass&>(*obj.msg);
  sc->where = At(obj.root);
  bool ok = ReadName(obj, in.metadata(), &sc->name);
  if (in.provisioner().empty()) {
    Error(obj.root, std::string(obj.root.empty() ? "the" : "'" + obj.root + "': the") +
                        " StorageClass needs a provisioner (kubernetes.io/no-provisioner for "
                        "local volumes, or a CSI driver's name)");
    ok = false;
  }
  ClassifyProvisioner(in, sc);
  sc->binding = VolumeBindingMode::kImmediate;  // the API's default, for local classes too
  if (!in.volume_binding_mode().empty()) {
    ok &= Enum<VolumeBindingMode>(
        obj.Path("volumeBindingMode"), in.volume_binding_mode(),
        {{"Immediate", VolumeBindingMode::kImmediate},
         {"WaitForFirstConsumer", VolumeBindingMode::kWaitForFirstConsumer}},
        &sc->binding);
  }
  // The default-class annotation, and its beta form, which Kubernetes still honours; only the
  // exact value "true" counts.
  for (const char* key : {"storageclass.kubernetes.io/is-default-class",
                          "storageclass.beta.kubernetes.io/is-default-class"}) {
    const auto it = in.metadata().annotations().find(key);
    if (it != in.metadata().annotations().end() && it->second == "true") sc->is_default = true;
  }
  // As for inline classes (loader.cc): no attach for local volumes; network block volumes
  // attach in about 10-20 s.
  sc->attach = sc->kind == StorageKind::kLocal ? Distribution::Fixed(0)
                                               : Distribution::LognormalMedian(12 * kSecond, 0.4);
  sc->detach =
      sc->kind == StorageKind::kLocal ? Distribution::Fixed(0) : Distribution::Fixed(5 * kSecond);
  return ok;
}

int ManifestConverter::FindClass(const Scenario& s, const std::string& name,
                                 const std::string& path) {
  std::vector<std::string> names;
  for (size_t i = 0; i < s.storage_classes.size(); ++i) {
    if (name.empty() ? s.storage_classes[i].is_default : s.storage_classes[i].name == name) {
      return static_cast<int>(i);
    }
    names.push_back(s.storage_classes[i].name);
  }
  if (name.empty()) {
    Error(path,
          "'" + path +
              "': the claim names no storageClassName and the scenario has no default storage "
              "class; mark one with default: true in storageClasses, or give a StorageClass "
              "manifest the annotation storageclass.kubernetes.io/is-default-class: \"true\"");
    return -1;
  }
  std::string msg = "'" + path + "': no storage class named '" + name + "'";
  const std::string hint = NearestName(name, names);
  if (!hint.empty()) msg += " (did you mean '" + hint + "'?)";
  msg += names.empty() ? "; the scenario defines none" : "; defined: " + JoinNames(names);
  Error(path, msg);
  return -1;
}

bool ManifestConverter::ReadVolumeMode(const std::string& p, const std::string& text, bool* block) {
  return Enum<bool>(p, text, {{"Filesystem", false}, {"Block", true}}, block);
}

bool ManifestConverter::ReadClaimSpec(const std::string& p,
                                      const k8s::PersistentVolumeClaimSpec& spec,
                                      bool access_modes_required, int64_t* storage,
                                      VolumeClaimTemplate* t) {
  uint8_t modes = 0;
  const bool rwop =
      ReadAccessModes(p + ".accessModes", p, spec.access_modes(), access_modes_required, &modes);
  // A claim template without access modes (the API requires them on claims) asks for
  // ReadWriteOnce, what every volume offers.
  if (t != nullptr && modes != 0) t->access_modes = modes;
  const auto& requests = spec.resources().requests();
  const auto it = requests.find("storage");
  if (it == requests.end()) {
    Error(p, "'" + p + "' needs resources.requests.storage (the claim's size, e.g. 10Gi)");
  } else {
    const std::string sp = p + ".resources.requests.storage";
    if (Quantity(sp, it->second, 1, kMaxStorageBytes, "1Ei", "bytes such as 10Gi", storage) &&
        *storage <= 0) {
      Bad(sp, it->second, "must be greater than zero");
    }
  }
  if (!spec.volume_mode().empty()) {
    bool block = false;
    ReadVolumeMode(p + ".volumeMode", spec.volume_mode(), &block);
    if (t != nullptr) t->block = block;
  }
  if (spec.has_selector()) ReadSelector(p + ".selector", spec.selector());
  if (spec.has_selector() && t != nullptr) {
    Warn(p + ".selector", "'" + p +
                              ".selector' is not modelled: the claim binds to any "
                              "available PersistentVolume of its class that fits");
  }
  return rwop;
}

bool ManifestConverter::ToPersistentVolume(const ManifestObject& obj, const Scenario& s,
                                           PersistentVolume* pv) {
  UseSources(obj.sources.get());
  const int errors = diags_->error_count();
  const auto& in = static_cast<const k8s::PersistentVolume&>(*obj.msg);
  pv->where = At(obj.root);
  ReadName(obj, in.metadata(), &pv->name);
  const std::string sp = obj.Path("spec");
  const auto& spec = in.spec();
  const auto cap = spec.capacity().find("storage");
  if (cap == spec.capacity().end()) {
    Error(sp, "'" + sp + "' needs capacity.storage (the volume's size, e.g. 100Gi)");
  } else {
    Quantity(sp + ".capacity.storage", cap->second, 1, kMaxStorageBytes, "1Ei",
             "bytes such as 100Gi", &pv->capacity_bytes);
  }
  ReadAccessModes(sp + ".accessModes", sp, spec.access_modes(), /*required=*/true,
                  &pv->access_modes);
  if (!spec.volume_mode().empty()) {
    ReadVolumeMode(sp + ".volumeMode", spec.volume_mode(), &pv->block);
  }
  if (!spec.persistent_volume_reclaim_policy().empty()) {
    // Recycle (deprecated) scrubs the volume and makes it available again, as Delete does
    // for a statically provisioned local volume.
    Enum<bool>(sp + ".persistentVolumeReclaimPolicy", spec.persistent_volume_reclaim_policy(),
               {{"Retain", false}, {"Delete", true}, {"Recycle", true}}, &pv->reclaim_delete);
  }
  const std::string class_path = sp + ".storageClassName";
  if (spec.storage_class_name().empty()) {
    Warn(sources().Has(class_path) ? class_path : sp,
         "PersistentVolume '" + pv->name +
             "' has no storageClassName: it can bind only claims that ask for no class, "
             "which this version does not model, so no claim will use it");
  } else {
    pv->storage_class = FindClass(s, spec.storage_class_name(), class_path);
  }
  const auto& terms = spec.node_affinity().required().node_selector_terms();
  const std::string tp = sp + ".nodeAffinity.required.nodeSelectorTerms";
  for (int i = 0; i < terms.size(); ++i) {
    pv->node_terms.push_back(ReadNodeSelectorTerm(tp + "[" + std::to_string(i) + "]", terms[i]));
  }
  if (spec.has_node_affinity() && terms.empty()) {
    Error(sp + ".nodeAffinity", "'" + sp +
                                    ".nodeAffinity' needs required.nodeSelectorTerms (the nodes "
                                    "the volume is reachable from)");
  }
  if (terms.empty() && sources().Has(sp + ".local")) {
    Error(sp + ".local", "PersistentVolume '" + pv->name +
                             "' is a local volume without spec.nodeAffinity, which the API "
                             "server rejects; expected nodeAffinity.required.nodeSelectorTerms "
                             "naming its node (kubernetes.io/hostname In [<node>])");
  }
  if (!spec.claim_ref().name().empty()) pv->claim_ref = spec.claim_ref().name();
  return diags_->error_count() == errors;
}

bool ManifestConverter::ToClaim(const ManifestObject& obj, std::pair<std::string, std::string>* key,
                                bool* rwop) {
  UseSources(obj.sources.get());
  const int errors = diags_->error_count();
  const auto& in = static_cast<const k8s::PersistentVolumeClaim&>(*obj.msg);
  key->first = "default";
  if (!ReadName(obj, in.metadata(), &key->second)) return false;
  if (!in.metadata().namespace_().empty()) {
    key->first = in.metadata().namespace_();
    if (!CheckNamespace(obj.Path("metadata.namespace"), key->first)) key->second.clear();
  }
  int64_t storage = 0;
  *rwop = ReadClaimSpec(obj.Path("spec"), in.spec(), /*access_modes_required=*/true, &storage);
  return diags_->error_count() == errors;
}

bool ManifestConverter::ToDisruptionBudget(const ManifestObject& obj, DisruptionBudget* out,
                                           std::string* namespace_name,
                                           std::optional<LabelSelector>* selector) {
  UseSources(obj.sources.get());
  const int errors = diags_->error_count();
  const auto& in = static_cast<const k8s::PodDisruptionBudget&>(*obj.msg);
  ReadName(obj, in.metadata(), &out->name);
  *namespace_name = "default";
  if (!in.metadata().namespace_().empty()) {
    *namespace_name = in.metadata().namespace_();
    CheckNamespace(obj.Path("metadata.namespace"), *namespace_name);
  }
  out->where = sources().Of(obj.Path("metadata"));
  const auto& spec = in.spec();
  ReadBudget(obj.Path("spec"), spec.min_available(), spec.max_unavailable(),
             spec.unhealthy_pod_eviction_policy(), out);
  // policy/v1: a missing selector selects nothing; an empty one selects every pod of the
  // namespace.
  if (sources().Has(obj.Path("spec.selector"))) {
    *selector = ReadSelector(obj.Path("spec.selector"), spec.selector());
  }
  return diags_->error_count() == errors;
}

void ManifestConverter::ReadVolumes(const std::string& ps, const k8s::PodSpec& spec,
                                    const std::set<std::string>& templates, Workload* w) {
  // The volume sources: every field of a Volume but its name.
  const google::protobuf::Descriptor* desc = k8s::Volume::descriptor();
  std::set<std::string> names;
  for (int i = 0; i < spec.volumes_size(); ++i) {
    const k8s::Volume& v = spec.volumes(i);
    const std::string vp = ps + ".volumes[" + std::to_string(i) + "]";
    CheckVolumeName(vp, v.name(), &names);
    std::vector<std::string> given;
    for (int f = 0; f < desc->field_count(); ++f) {
      const std::string& json = desc->field(f)->json_name();
      if (json != "name" && sources().Has(vp + "." + json)) given.push_back(json);
    }
    if (given.empty()) {
      Error(vp, "'" + vp +
                    "' needs a volume source (one of persistentVolumeClaim, emptyDir, configMap, "
                    "secret, hostPath, ... as in core/v1 Volume)");
      continue;
    }
    if (given.size() > 1) {
      std::string list;
      for (const std::string& g : given) list += (list.empty() ? "" : ", ") + g;
      Error(vp, "'" + vp + "' has " + std::to_string(given.size()) + " volume sources (" + list +
                    "); expected exactly one");
      continue;
    }
    if (given[0] != "persistentVolumeClaim") continue;
    // The StatefulSet controller replaces a volume named like a claim template with the pod's
    // own claim from that template.
    if (templates.count(v.name()) > 0) continue;
    ReadClaimVolume(vp + ".persistentVolumeClaim", v.persistent_volume_claim(), w);
  }
}

void ManifestConverter::ReadContainer(const std::string& cp, const k8s::Container& c, bool init,
                                      bool host_network, Workload* w, Requests* pod) {
  if (c.name().empty()) {
    Error(cp, "'" + cp + "' needs a name");
  } else if (const std::string why = Dns1123LabelProblem(c.name()); !why.empty()) {
    Error(cp + ".name", "'" + cp + ".name': invalid container name '" + c.name() + "': " + why);
  }
  if (c.image().empty()) {
    Error(cp, "'" + cp + "' needs an image");
  } else {
    w->images.push_back(c.image());
  }
  bool sidecar = false;
  if (!c.restart_policy().empty() && init) {
    // Only Always is allowed, and makes the init container a sidecar (KEP-753).
    std::string policy;
    sidecar = Enum<std::string>(cp + ".restartPolicy", c.restart_policy(), {{"Always", "Always"}},
                                &policy);
  }
  // Requests, with limits as the default of a missing request (API defaulting).
  int64_t cpu = 0, memory = 0;
  bool has_cpu = false, has_memory = false;
  const auto& res = c.resources();
  std::map<std::string, std::pair<std::string, std::string>> given;  // resource -> {req, limit}
  for (const auto& [k, v] : res.requests()) given[k].first = v;
  for (const auto& [k, v] : res.limits()) given[k].second = v;
  for (const auto& [name, values] : given) {
    const auto& [req, limit] = values;
    const std::string rp = cp + ".resources.requests." + name;
    const std::string lp = cp + ".resources.limits." + name;
    const bool has_req = res.requests().count(name) > 0;
    const bool has_limit = res.limits().count(name) > 0;
    if (name != "cpu" && name != "memory") {
      Warn(has_req ? rp : lp, "'" + (has_req ? rp : lp) +
                                  "' is not modelled: only cpu and memory requests count in "
                                  "this version");
      continue;
    }
    const bool is_cpu = name == "cpu";
    auto parse = [&](const std::string& path, const std::string& text, int64_t* out) {
      return is_cpu ? Cpu(path, text, out) : Memory(path, text, out);
    };
    int64_t r = 0, l = 0;
    const bool req_ok = has_req && parse(rp, req, &r);
    const bool limit_ok = has_limit && parse(lp, limit, &l);
    if (has_req && has_limit && req_ok && limit_ok && r > l) {
      Error(rp,
            "'" + rp + "' (" + req + ") must be at most the " + name + " limit (" + limit + ")");
      continue;
    }
    if (!(req_ok || (!has_req && limit_ok))) continue;
    const int64_t v = req_ok ? r : l;
    (is_cpu ? cpu : memory) = v;
    (is_cpu ? has_cpu : has_memory) = true;
  }
  w->requests.has_cpu |= has_cpu;
  w->requests.has_memory |= has_memory;
  pod->cpu.Add(cpu, init, sidecar, kMaxCpuMilli);
  pod->memory.Add(memory, init, sidecar, kMaxMemoryBytes);
  // A request given as 0 stays 0; only a missing one takes the default.
  pod->nonzero_cpu.Add(has_cpu ? cpu : kNonZeroDefaultCpuMilli, init, sidecar, kMaxCpuMilli);
  pod->nonzero_memory.Add(has_memory ? memory : kNonZeroDefaultMemoryBytes, init, sidecar,
                          kMaxMemoryBytes);
  // NodePorts looks at the app containers' ports.
  if (!init) {
    for (int i = 0; i < c.ports_size(); ++i) {
      ReadPort(cp + ".ports[" + std::to_string(i) + "]", c.ports(i), host_network, &w->host_ports);
    }
  }
}

void ManifestConverter::ReadPodSpec(const std::string& ps, const k8s::PodSpec& spec,
                                    const Scenario& s, const std::set<std::string>& templates,
                                    Workload* w) {
  bool host_network = false;
  if (!spec.host_network().empty()) Bool(ps + ".hostNetwork", spec.host_network(), &host_network);
  if (spec.containers_size() == 0) {
    Error(ps, "'" + ps + "' needs at least one of containers");
  }
  Requests pod;
  std::set<std::string> names;
  auto containers = [&](const Repeated<k8s::Container>& list, const char* field, bool init) {
    for (int i = 0; i < list.size(); ++i) {
      const std::string cp = ps + "." + field + "[" + std::to_string(i) + "]";
      if (!list[i].name().empty() && !names.insert(list[i].name()).second) {
        Error(cp + ".name", "'" + cp + ".name': container name '" + list[i].name() +
                                "' is used twice in the pod");
      }
      ReadContainer(cp, list[i], init, host_network, w, &pod);
    }
  };
  // Init containers first: images are listed in that order, and a sidecar counts from its place.
  containers(spec.init_containers(), "initContainers", true);
  containers(spec.containers(), "containers", false);
  // The pod's effective request: max(app containers and sidecars, the largest init-time use),
  // plus the pod's overhead (PodRequests adds it; kube-scheduler's NonZeroRequested too).
  ResourceList& r = w->requests;
  r.cpu_milli = pod.cpu.Pod();
  r.memory_bytes = pod.memory.Pod();
  r.nonzero_cpu_milli = pod.nonzero_cpu.Pod();
  r.nonzero_memory_bytes = pod.nonzero_memory.Pod();
  bool overhead = false;
  for (const auto& [name, text] :
       std::map<std::string, std::string>(spec.overhead().begin(), spec.overhead().end())) {
    const std::string op = ps + ".overhead." + name;
    int64_t v = 0;
    if (name == "cpu" && Cpu(op, text, &v)) {
      r.cpu_milli = AddCapped(r.cpu_milli, v, kMaxCpuMilli);
      r.nonzero_cpu_milli = AddCapped(r.nonzero_cpu_milli, v, kMaxCpuMilli);
      overhead = true;
    } else if (name == "memory" && Memory(op, text, &v)) {
      r.memory_bytes = AddCapped(r.memory_bytes, v, kMaxMemoryBytes);
      r.nonzero_memory_bytes = AddCapped(r.nonzero_memory_bytes, v, kMaxMemoryBytes);
      overhead = true;
    } else if (name != "cpu" && name != "memory") {
      Warn(op, "'" + op + "' is not modelled: only cpu and memory count in this version");
    }
  }
  const std::string what = overhead ? "containers' and the overhead's" : "containers'";
  if (r.cpu_milli > kMaxCpuMilli) {
    Error(ps, "'" + ps + "': the " + what + " cpu requests add up to more than " + kMaxCpuText);
  }
  if (r.memory_bytes > kMaxMemoryBytes) {
    Error(ps,
          "'" + ps + "': the " + what + " memory requests add up to more than " + kMaxMemoryText);
  }
  ReadVolumes(ps, spec, templates, w);
  ReadNodeScheduling(ps, spec.node_selector(), spec.tolerations(), spec.affinity(), w);
  ReadPodAffinity(ps, spec.affinity(), w);
  ReadTopologySpread(ps + ".topologySpreadConstraints", spec.topology_spread_constraints(), w);
  if (!spec.node_name().empty()) {
    w->node_name = spec.node_name();
    CheckNodeName(ps + ".nodeName", spec.node_name(), s);
  }
}

bool ManifestConverter::ToWorkload(const ManifestObject& obj, const Scenario& s, Workload* w) {
  UseSources(obj.sources.get());
  const int errors = diags_->error_count();
  w->where = At(obj.root);
  const k8s::ObjectMeta* meta = nullptr;
  const k8s::PodTemplateSpec* tmpl = nullptr;
  const k8s::StatefulSet* sts = nullptr;
  const std::string* replicas = nullptr;
  const proto::LabelSelector* selector = nullptr;
  bool has_selector = false;
  switch (obj.kind) {
    case ManifestKind::kStatefulSet: {
      sts = static_cast<const k8s::StatefulSet*>(obj.msg.get());
      w->kind = WorkloadKind::kStatefulSet;
      meta = &sts->metadata();
      tmpl = &sts->spec().template_();
      replicas = &sts->spec().replicas();
      selector = &sts->spec().selector();
      has_selector = sts->spec().has_selector();
      break;
    }
    case ManifestKind::kDeployment: {
      const auto* d = static_cast<const k8s::Deployment*>(obj.msg.get());
      w->kind = WorkloadKind::kDeployment;
      meta = &d->metadata();
      tmpl = &d->spec().template_();
      replicas = &d->spec().replicas();
      selector = &d->spec().selector();
      has_selector = d->spec().has_selector();
      break;
    }
    case ManifestKind::kReplicaSet: {
      const auto* r = static_cast<const k8s::ReplicaSet*>(obj.msg.get());
      w->kind = WorkloadKind::kReplicaSet;
      meta = &r->metadata();
      tmpl = &r->spec().template_();
      replicas = &r->spec().replicas();
      selector = &r->spec().selector();
      has_selector = r->spec().has_selector();
      break;
    }
    case ManifestKind::kPod: {
      const auto* p = static_cast<const k8s::Pod*>(obj.msg.get());
      w->kind = WorkloadKind::kPod;
      w->replicas = 1;
      if (!ReadName(obj, p->metadata(), &w->name)) return false;
      if (!p->metadata().namespace_().empty() &&
          CheckNamespace(obj.Path("metadata.namespace"), p->metadata().namespace_())) {
        w->namespace_name = p->metadata().namespace_();
      }
      ReadLabels(obj.Path("metadata.labels"), p->metadata().labels(), &w->labels);
      ReadPodSpec(obj.Path("spec"), p->spec(), s, {}, w);
      return diags_->error_count() == errors;
    }
    default:
      return false;
  }
  if (!ReadName(obj, *meta, &w->name)) return false;
  if (!meta->namespace_().empty() &&
      CheckNamespace(obj.Path("metadata.namespace"), meta->namespace_())) {
    w->namespace_name = meta->namespace_();
  }
  const std::string sp = obj.Path("spec");
  w->replicas = 1;  // the API's default
  int64_t v = 0;
  if (!replicas->empty() && Int(sp + ".replicas", *replicas, 0, kMaxReplicas, &v)) {
    w->replicas = static_cast<int>(v);
  }
  if (sts != nullptr && !sts->spec().pod_management_policy().empty()) {
    Enum<PodManagementPolicy>(sp + ".podManagementPolicy", sts->spec().pod_management_policy(),
                              {{"OrderedReady", PodManagementPolicy::kOrderedReady},
                               {"Parallel", PodManagementPolicy::kParallel}},
                              &w->pod_management);
  }
  ReadLabels(sp + ".template.metadata.labels", tmpl->metadata().labels(), &w->labels);
  // apps/v1 requires a selector, non-empty, that selects the template's pods.
  if (!has_selector) {
    Error(sp, "'" + sp + "' needs a selector (apps/v1 requires one that matches " + sp +
                  ".template.metadata.labels)");
  } else {
    const LabelSelector sel = ReadSelector(sp + ".selector", *selector);
    if (sel.match_labels.empty() && sel.match_expressions.empty()) {
      Error(sp + ".selector", "'" + sp +
                                  ".selector' is empty; expected matchLabels or "
                                  "matchExpressions that select the template's pods");
    } else if (!sel.Matches(w->labels)) {
      Error(sp + ".selector", "'" + sp + ".selector' does not match the template's labels (" + sp +
                                  ".template.metadata.labels)");
    }
  }
  std::set<std::string> templates;
  if (sts != nullptr) {
    for (const auto& t : sts->spec().volume_claim_templates())
      templates.insert(t.metadata().name());
  }
  if (!tmpl->has_spec()) {
    Error(sp, "'" + sp + "' needs a template with a pod spec (template.spec)");
  } else {
    ReadPodSpec(sp + ".template.spec", tmpl->spec(), s, templates, w);
  }
  if (sts != nullptr) {
    const auto& claims = sts->spec().volume_claim_templates();
    for (int c = 0; c < claims.size(); ++c) {
      const std::string cp = sp + ".volumeClaimTemplates[" + std::to_string(c) + "]";
      VolumeClaimTemplate t;
      if (claims[c].metadata().name().empty()) {
        Error(cp, "'" + cp + "' needs metadata.name");
      }
      t.name = claims[c].metadata().name();
      const std::string class_path = cp + ".spec.storageClassName";
      if (claims[c].spec().storage_class_name().empty() && sources().Has(class_path)) {
        Error(class_path, "'" + class_path +
                              "' is empty, which asks for a statically provisioned volume of no "
                              "class; that is not modelled: name a class, or leave the field "
                              "out for the default class");
      } else {
        t.storage_class =
            FindClass(s, claims[c].spec().storage_class_name(),
                      claims[c].spec().storage_class_name().empty() ? cp + ".spec" : class_path);
      }
      ReadClaimSpec(cp + ".spec", claims[c].spec(), /*access_modes_required=*/false,
                    &t.storage_bytes, &t);
      w->claims.push_back(t);
    }
    if (w->claims.size() > 1) {
      Error(sp + ".volumeClaimTemplates[1]",
            "more than one claim template per StatefulSet is not supported by this version "
            "yet");
    }
  }
  return diags_->error_count() == errors;
}

}  // namespace clustersim
