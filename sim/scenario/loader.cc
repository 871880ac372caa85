// Scenario loading: YAML -> proto::Scenario (yaml_mapper) -> Scenario (the converter below).
// The converter checks every value's unit, range and cross-reference, and reports each problem
// at the place the SourceMap recorded for its field path.
#include "clustersim/scenario/loader.h"

#include <yaml-cpp/depthguard.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string_view>
#include <tuple>
#include <utility>

#include "clustersim/policy/pod_groups.h"
#include "clustersim/scenario/names.h"
#include "clustersim/policy/registry.h"
#include "clustersim/scenario/input_files.h"
#include "clustersim/scenario/units.h"
#include "scenario.pb.h"
#include "scenario/k8s_names.h"
#include "scenario/manifests.h"
#include "scenario/pod_spec_reader.h"
#include "scenario/policy_reader.h"
#include "scenario/scheduler_reader.h"
#include "scenario/yaml_mapper.h"

namespace clustersim {
namespace {

// Limits that keep a run finite (the per-node and per-pod ones are in value_reader.h).
constexpr int64_t kMaxReplications = 10000000;
constexpr SimTime kMaxHorizon = 100000 * kYear;
constexpr size_t kMaxSweepPoints = 100000;

class Converter : public PodSpecReader {
 public:
  Converter(const proto::Scenario& in, const SourceMap& src, const ManifestSet& manifests,
            const std::string& path, const InputLimits& limits, Diagnostics* diags)
      : PodSpecReader(&src, diags),
        in_(in),
        manifests_(manifests),
        path_(path),
        limits_(limits),
        manifest_(diags) {}

  // The files the conversion read (traces, empirical distributions), in order, once each.
  const std::vector<std::string>& files_read() const { return files_read_; }

  Scenario Convert() {
    Scenario s;
    s.path = path_;
    s.name = in_.name();
    s.description = in_.description();
    ConvertSimulation(in_.simulation(), &s.simulation);
    ConvertCluster(&s);
    ConvertStorageClasses(&s);
    ConvertPersistentVolumes(&s);
    ConvertClaims();
    ConvertWorkloads(&s);
    CheckPodCount(s);
    ConvertDisruptionBudgets(&s);
    ConvertFailures(&s);
    ConvertKubernetes(&s.kubernetes);
    ConvertPolicies(&s);
    ConvertSlo(&s);
    // On a file without errors only: half-read terms would give false alarms.
    if (!diags_->has_errors()) {
      ReviewSelectors(s);
      ReviewNodeSelectors(s);
      ReviewDisruptionBudgets(s);
      ReviewStorage(&s);
    }
    if (s.name.empty()) {
      // The file name without directory and extension names an unnamed scenario.
      std::string base = path_.substr(path_.find_last_of('/') + 1);
      s.name = base.substr(0, base.find_last_of('.'));
    }
    return s;
  }

 private:
  bool Dist(const std::string& path, const proto::Distribution& d, Distribution* out) {
    const std::vector<std::string> kinds = DistributionNames();
    std::string kind = d.dist();
    if (kind.empty()) {
      if (d.value().empty()) {
        Error(path, "'" + path + "': a distribution needs 'dist' (" + JoinNames(kinds) +
                        ") or a plain duration");
        return false;
      }
      kind = "fixed";
    }
    // Which parameters each distribution takes; any other one given is an error, not ignored.
    std::map<std::string, std::string> given;
    auto note = [&](const char* name, const std::string& v) {
      if (!v.empty()) given[name] = v;
    };
    note("value", d.value());
    note("mean", d.mean());
    note("shape", d.shape());
    note("scale", d.scale());
    note("median", d.median());
    note("sigma", d.sigma());
    note("sd", d.sd());
    note("min", d.min());
    note("max", d.max());
    note("file", d.file());
    auto only = [&](const std::set<std::string>& allowed) {
      bool ok = true;
      for (const auto& [name, v] : given) {
        if (!allowed.count(name)) {
          std::vector<std::string> list(allowed.begin(), allowed.end());
          Error(path + "." + name, "'" + path + "." + name + "' is not a parameter of the " + kind +
                                       " distribution; it takes " + JoinNames(list));
          ok = false;
        }
      }
      return ok;
    };
    auto need = [&](const char* name, const std::string& v) {
      if (v.empty()) {
        Error(path, "'" + path + "': the " + kind + " distribution needs '" + name + "'");
        return false;
      }
      return true;
    };
    auto positive = [&](const std::string& p, SimTime v, const std::string& text) {
      if (v <= 0) {
        NotPositive(p, text, "must be greater than zero");
        return false;
      }
      return true;
    };
    if (kind == "fixed") {
      if (!only({"value", "dist"}) || !need("value", d.value())) return false;
      SimTime v;
      if (!Duration(path + (d.dist().empty() ? "" : ".value"), d.value(), &v)) return false;
      *out = Distribution::Fixed(v);
      return true;
    }
    if (kind == "exponential") {
      if (!only({"mean"}) || !need("mean", d.mean())) return false;
      SimTime m;
      if (!Duration(path + ".mean", d.mean(), &m) || !positive(path + ".mean", m, d.mean()))
        return false;
      *out = Distribution::Exponential(m);
      return true;
    }
    if (kind == "weibull") {
      if (!only({"shape", "scale"}) || !need("shape", d.shape()) || !need("scale", d.scale()))
        return false;
      double k;
      std::string why;
      if (!ParseDouble(d.shape(), &k, &why) || k < 0.05 || k > 100) {
        Bad(path + ".shape", d.shape(), "expected a number between 0.05 and 100");
        return false;
      }
      SimTime sc;
      if (!Duration(path + ".scale", d.scale(), &sc) || !positive(path + ".scale", sc, d.scale()))
        return false;
      *out = Distribution::Weibull(k, sc);
      return true;
    }
    if (kind == "lognormal") {
      if (!only({"median", "sigma", "mean", "sd"})) return false;
      if (!d.median().empty()) {
        if (!d.mean().empty() || !d.sd().empty()) {
          Error(path, "'" + path + "': give either median and sigma or mean and sd, not both");
          return false;
        }
        if (d.sigma().empty()) {
          Error(path, "'" + path +
                          "': the lognormal distribution with 'median' needs 'sigma' "
                          "too (or give 'mean' and 'sd' instead)");
          return false;
        }
        SimTime med;
        double sigma;
        std::string why;
        if (!Duration(path + ".median", d.median(), &med) ||
            !positive(path + ".median", med, d.median()))
          return false;
        if (!ParseDouble(d.sigma(), &sigma, &why) || sigma < 0 || sigma > 10) {
          Bad(path + ".sigma", d.sigma(), "expected a number between 0 and 10");
          return false;
        }
        *out = Distribution::LognormalMedian(med, sigma);
        return true;
      }
      if (!need("mean", d.mean()) || !need("sd", d.sd())) return false;
      if (!d.sigma().empty()) {
        Error(path + ".sigma", "'" + path + ".sigma' goes with 'median', not with 'mean'");
        return false;
      }
      SimTime mean, sd;
      if (!Duration(path + ".mean", d.mean(), &mean) || !positive(path + ".mean", mean, d.mean()))
        return false;
      if (!Duration(path + ".sd", d.sd(), &sd)) return false;
      *out = Distribution::LognormalMeanSd(mean, sd);
      return true;
    }
    if (kind == "uniform") {
      if (!only({"min", "max"}) || !need("min", d.min()) || !need("max", d.max())) return false;
      SimTime lo, hi;
      if (!Duration(path + ".min", d.min(), &lo) || !Duration(path + ".max", d.max(), &hi))
        return false;
      if (hi < lo) {
        Error(path + ".max", "'" + path + ".max' (" + d.max() + ") is below min (" + d.min() +
                                 "); expected max to be at least min");
        return false;
      }
      *out = Distribution::Uniform(lo, hi);
      return true;
    }
    if (kind == "empirical") {
      if (!only({"file"}) || !need("file", d.file())) return false;
      return Empirical(path + ".file", d.file(), out);
    }
    Enum<int>(path + ".dist", kind, NamesToOptions(kinds), nullptr);
    return false;
  }

  // An empirical distribution: one duration per line in a file beside the scenario.
  bool Empirical(const std::string& path, const std::string& file, Distribution* out) {
    std::string text;
    const std::string full = ReadBeside(path, file, "a file of durations, one per line", &text);
    if (full.empty()) return false;
    std::vector<SimTime> samples;
    if (!ParseEmpiricalSamples(std::move(text), full, &samples, diags_)) return false;
    if (samples.empty()) {
      Error(path, "'" + path + "': '" + full + "' holds no durations");
      return false;
    }
    *out = Distribution::Empirical(std::move(samples));
    return true;
  }

  // Reads `file`, named by the field `path` and relative to the scenario's directory, into
  // `text`: its path as opened, or "" after an error at the field.
  std::string ReadBeside(const std::string& path, const std::string& file,
                         const std::string& expected, std::string* text) {
    std::string full = file;
    if (!file.empty() && file[0] != '/') {
      const size_t slash = path_.find_last_of('/');
      if (slash != std::string::npos) full = path_.substr(0, slash + 1) + file;
    }
    ReadProblem problem;
    if (!ReadInputFile(full, limits_.max_file_bytes, text, &problem)) {
      Error(path, "'" + path + "': " + problem.Describe("'" + full + "'", expected));
      return "";
    }
    if (std::find(files_read_.begin(), files_read_.end(), full) == files_read_.end()) {
      files_read_.push_back(full);
    }
    return full;
  }

  void ConvertSimulation(const proto::Simulation& in, SimulationSpec* out) {
    const std::string p = "simulation";
    int64_t v;
    bool horizon_ok = true;
    if (!in.horizon().empty()) {
      horizon_ok = Duration(p + ".horizon", in.horizon(), &out->horizon);
      if (horizon_ok && (out->horizon <= 0 || out->horizon > kMaxHorizon)) {
        NotPositive(p + ".horizon", in.horizon(), "must be more than 0 and at most 100000y");
        horizon_ok = false;
      }
    }
    if (!in.replications().empty() &&
        Int(p + ".replications", in.replications(), 1, kMaxReplications, &v)) {
      out->replications = static_cast<int>(v);
    }
    if (!in.seed().empty()) {
      std::string why;
      uint64_t seed = 0;
      const std::string& t = in.seed();
      bool ok = !t.empty() && t.size() <= 20 &&
                std::all_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; });
      if (ok) {
        try {
          seed = std::stoull(t);
        } catch (...) {
          ok = false;
        }
      }
      if (ok) {
        out->seed = seed;
      } else {
        Bad(p + ".seed", t, "expected a whole number from 0 to 18446744073709551615");
      }
    }
    if (!in.warmup().empty() && Duration(p + ".warmup", in.warmup(), &out->warmup) && horizon_ok &&
        out->warmup >= out->horizon) {
      Error(p + ".warmup", "'simulation.warmup' (" + FormatDuration(out->warmup) +
                               ") must be shorter than the horizon (" +
                               FormatDuration(out->horizon) + ")");
    }
    if (!in.threads().empty() && Int(p + ".threads", in.threads(), 0, 4096, &v)) {
      out->threads = static_cast<int>(v);
    }
    if (!in.start_from_empty().empty()) {
      std::string why;
      if (!ParseBool(in.start_from_empty(), &out->start_from_empty, &why)) {
        Bad(p + ".startFromEmpty", in.start_from_empty(), "expected true or false");
      }
    }
  }

  void Resources(const std::string& p, const proto::Resources& in, ResourceList* out,
                 bool capacity) {
    if (!in.cpu().empty()) out->has_cpu = Cpu(p + ".cpu", in.cpu(), &out->cpu_milli);
    if (!in.memory().empty()) {
      out->has_memory = Memory(p + ".memory", in.memory(), &out->memory_bytes);
    }
    if (!in.pods().empty()) {
      if (!capacity) {
        Error(p + ".pods", "'" + p + ".pods' is a node capacity, not a pod request");
      } else {
        Int(p + ".pods", in.pods(), 1, kMaxPodsPerNode, &out->pods);
      }
    }
    if (capacity) {
      // An unset capacity is "plenty" rather than zero so that a scenario about failures need
      // not spell out machine sizes.
      if (in.pods().empty()) out->pods = kDefaultPods;
      if (in.cpu().empty()) out->cpu_milli = kDefaultCpuMilli;
      if (in.memory().empty()) out->memory_bytes = kDefaultMemoryBytes;
    }
  }

  // The pool of an inline node pool whose nodes include `name` ("<pool>-<i>"), or "".
  static std::string InlinePoolOf(const Scenario& s, const std::string& name) {
    for (const NodePool& pool : s.node_pools) {
      if (!pool.fixed_node_name.empty()) continue;
      const std::string prefix = pool.name + "-";
      if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0) continue;
      const std::string digits = name.substr(prefix.size());
      int64_t i = -1;
      std::string why;
      if (digits.find_first_not_of("0123456789") == std::string::npos &&
          (digits.size() == 1 || digits[0] != '0') && ParseInt(digits, 0, kMaxNodes, &i, &why) &&
          i < pool.count) {
        return pool.name;
      }
    }
    return "";
  }

  void ConvertCluster(Scenario* s) {
    const auto& c = in_.cluster();
    if (!c.repair_crews().empty()) {
      int64_t crews = 0;
      if (Int("cluster.repairCrews", c.repair_crews(), 1, 1000000, &crews)) {
        s->repair_crews = static_cast<int>(crews);
      }
    }
    const bool node_manifests =
        std::any_of(manifests_.cluster.begin(), manifests_.cluster.end(),
                    [](const ManifestObject& o) { return o.kind == ManifestKind::kNode; });
    if (c.node_pools_size() == 0 && !node_manifests) {
      // At the (empty) list when there is one, which may be an override's.
      Error(sources().Has("cluster.nodePools") ? "cluster.nodePools" : "cluster",
            "the cluster has no nodes: add at least one entry to cluster.nodePools");
      return;
    }
    std::set<std::string> names;
    int64_t total = 0;
    for (int i = 0; i < c.node_pools_size(); ++i) {
      const auto& in = c.node_pools(i);
      const std::string p = "cluster.nodePools[" + std::to_string(i) + "]";
      NodePool pool;
      pool.where = At(p);
      pool.name = in.name().empty() ? "pool" + std::to_string(i) : in.name();
      if (!names.insert(pool.name).second) {
        Error(p + ".name", "node pool name '" + pool.name + "' is used twice");
      }
      int64_t v = 0;
      if (in.count().empty()) {
        Error(p, "'" + p + "' needs 'count' (the number of nodes)");
      } else if (Int(p + ".count", in.count(), 0, kMaxNodes, &v)) {
        pool.count = static_cast<int>(v);
        total += v;
      }
      for (const auto& z : in.zones()) pool.zones.push_back(z);
      if (!in.racks_per_zone().empty() &&
          Int(p + ".racksPerZone", in.racks_per_zone(), 1, 100000, &v)) {
        pool.racks_per_zone = static_cast<int>(v);
      }
      Resources(p + ".capacity", in.capacity(), &pool.capacity, true);
      // Checked as a Node's labels are: the pool stands for Node objects.
      ReadLabels(p + ".labels", in.labels(), &pool.labels);
      for (int t = 0; t < in.taints_size(); ++t) {
        const std::string tp = p + ".taints[" + std::to_string(t) + "]";
        Taint taint;
        taint.key = in.taints(t).key();
        taint.value = in.taints(t).value();
        if (taint.key.empty()) Error(tp, "'" + tp + "' needs a 'key'");
        Enum<TaintEffect>(tp + ".effect", in.taints(t).effect(),
                          {{"NoSchedule", TaintEffect::kNoSchedule},
                           {"PreferNoSchedule", TaintEffect::kPreferNoSchedule},
                           {"NoExecute", TaintEffect::kNoExecute}},
                          &taint.effect);
        pool.taints.push_back(taint);
      }
      if (!in.unschedulable().empty()) {
        Bool(p + ".unschedulable", in.unschedulable(), &pool.unschedulable);
      }
      ReadNodeImages(p + ".images", in.images(), &pool.images);
      s->node_pools.push_back(std::move(pool));
    }
    // Node manifests: a pool of one node each, after the inline pools.
    for (const ManifestObject& obj : manifests_.cluster) {
      if (obj.kind != ManifestKind::kNode) continue;
      NodePool pool;
      if (!manifest_.ToNodePool(obj, &pool)) continue;
      const std::string owner = InlinePoolOf(*s, pool.name);
      if (!owner.empty()) {
        manifest_.ErrorAt(obj, "metadata.name",
                          "'" + obj.Path("metadata.name") + "': node '" + pool.name +
                              "' is already a node of node pool '" + owner +
                              "'; expected another name");
        continue;
      }
      if (!names.insert(pool.name).second) {
        manifest_.ErrorAt(obj, "metadata.name",
                          "'" + obj.Path("metadata.name") + "': the name '" + pool.name +
                              "' is already used by a node pool or another Node");
        continue;
      }
      ++total;
      s->node_pools.push_back(std::move(pool));
    }
    if (total > kMaxNodes) {
      Error("cluster.nodePools", "the cluster has " + std::to_string(total) + " nodes; at most " +
                                     std::to_string(kMaxNodes) + " are supported");
    } else {
      double memory = 0;  // exact enough: at most kMaxNodes * kMaxMemoryBytes, about 2^70
      for (const NodePool& pool : s->node_pools) {
        memory += static_cast<double>(pool.count) * static_cast<double>(pool.capacity.memory_bytes);
      }
      if (memory > static_cast<double>(kMaxClusterMemoryBytes)) {
        Error("cluster.nodePools", "the node pools' memory adds up to about " +
                                       std::to_string(std::llround(memory / std::ldexp(1.0, 60))) +
                                       "Ei; at most 4Ei is supported (use fewer or smaller nodes)");
      }
    }
  }

  void ConvertStorageClasses(Scenario* s) {
    std::set<std::string> names;
    std::string first_default;  // the name of the first class marked default
    for (int i = 0; i < in_.storage_classes_size(); ++i) {
      const auto& in = in_.storage_classes(i);
      const std::string p = "storageClasses[" + std::to_string(i) + "]";
      StorageClass sc;
      sc.where = At(p);
      sc.name = in.name();
      if (sc.name.empty()) Error(p, "'" + p + "' needs a 'name'");
      if (!names.insert(sc.name).second) {
        Error(p + ".name", "storage class '" + sc.name + "' is defined twice");
      }
      if (in.kind().empty()) {
        Error(p, "'" + p + "' needs a 'kind' (" + JoinNames(WordNames(kStorageKinds)) + ")");
      } else {
        Enum<StorageKind>(p + ".kind", in.kind(), WordOptions(kStorageKinds), &sc.kind);
      }
      if (!in.replica_zones().empty()) {
        int64_t zones = 0;
        if (sc.kind != StorageKind::kRegional) {
          Error(p + ".replicaZones",
                "'" + p + ".replicaZones' applies to regional classes only; this one is " +
                    in.kind());
        } else if (in.replica_zones() == "all") {
          sc.replica_zones = 0;
        } else if (Int(p + ".replicaZones", in.replica_zones(), 2, 64, &zones)) {
          sc.replica_zones = static_cast<int>(zones);
        }
      }
      if (!in.volume_binding_mode().empty()) {
        Enum<VolumeBindingMode>(
            p + ".volumeBindingMode", in.volume_binding_mode(),
            {{"Immediate", VolumeBindingMode::kImmediate},
             {"WaitForFirstConsumer", VolumeBindingMode::kWaitForFirstConsumer}},
            &sc.binding);
      } else if (sc.kind == StorageKind::kLocal) {
        // Local PVs only work with delayed binding (kubernetes-semantics.md 4.2).
        sc.binding = VolumeBindingMode::kWaitForFirstConsumer;
      }
      if (!in.default_().empty()) {
        std::string why;
        if (!ParseBool(in.default_(), &sc.is_default, &why)) {
          Bad(p + ".default", in.default_(), "expected true or false");
        }
        if (sc.is_default && !first_default.empty()) {
          Error(p + ".default", "storage class '" + sc.name +
                                    "' is marked default: true, but so "
                                    "is '" +
                                    first_default +
                                    "'; at most one class may be the "
                                    "default");
        } else if (sc.is_default) {
          first_default = sc.name;
        }
      }
      // Default latencies: local volumes need no attach; network block volumes attach in
      // about 10-20 s (kubernetes-semantics.md 3.3, an assumption documented in semantics.md).
      sc.attach = sc.kind == StorageKind::kLocal ? Distribution::Fixed(0)
                                                 : Distribution::LognormalMedian(12 * kSecond, 0.4);
      sc.detach = sc.kind == StorageKind::kLocal ? Distribution::Fixed(0)
                                                 : Distribution::Fixed(5 * kSecond);
      if (sc.kind == StorageKind::kLocal && (in.has_attach() || in.has_detach())) {
        Warn(p, "'" + p +
                    "': attach and detach latencies do not apply to local volumes and "
                    "are ignored");
      } else {
        if (in.has_attach()) Dist(p + ".attach", in.attach(), &sc.attach);
      }
      if (in.has_detach() && sc.kind != StorageKind::kLocal) {
        Dist(p + ".detach", in.detach(), &sc.detach);
      }
      s->storage_classes.push_back(std::move(sc));
    }
    // StorageClass manifests, wherever they are: the cluster's first, then each workload
    // entry's, in file order. A claim may name a class defined later in the same file.
    for (const ManifestObject* obj : ManifestsOf(ManifestKind::kStorageClass)) {
      StorageClass sc;
      if (!manifest_.ToStorageClass(*obj, &sc)) continue;
      if (!names.insert(sc.name).second) {
        manifest_.ErrorAt(*obj, "metadata.name",
                          "storage class '" + sc.name + "' is defined twice");
        continue;
      }
      if (sc.is_default && !first_default.empty()) {
        manifest_.ErrorAt(*obj, "metadata.annotations",
                          "storage class '" + sc.name +
                              "' is marked default (annotation "
                              "storageclass.kubernetes.io/is-default-class), but so is '" +
                              first_default + "'; at most one class may be the default");
        sc.is_default = false;
      } else if (sc.is_default) {
        first_default = sc.name;
      }
      s->storage_classes.push_back(std::move(sc));
    }
  }

  // Events name a pod in 26 bits (core/event_queue.h) and a replacement pod may exist while
  // the old one terminates, so the replicas of all workloads together stay under 2^25.
  void CheckPodCount(const Scenario& s) {
    constexpr int64_t kMaxPods = 30000000;
    int64_t pods = 0;
    for (const Workload& w : s.workloads) pods += w.replicas;
    if (pods > kMaxPods) {
      Error("workloads", "the workloads have " + std::to_string(pods) +
                             " replicas in all; at most " + std::to_string(kMaxPods) +
                             " are supported");
    }
  }

  // The manifest objects of `kind`, wherever they are: the cluster's first, then each workload
  // entry's, in file order.
  std::vector<const ManifestObject*> ManifestsOf(ManifestKind kind) const {
    std::vector<const ManifestObject*> objs;
    for (const ManifestObject& o : manifests_.cluster) {
      if (o.kind == kind) objs.push_back(&o);
    }
    for (const auto& list : manifests_.workloads) {
      for (const ManifestObject& o : list) {
        if (o.kind == kind) objs.push_back(&o);
      }
    }
    return objs;
  }

  // PersistentVolume manifests, wherever they are, sorted by name: the PV controller's
  // tie-break between equally good volumes.
  void ConvertPersistentVolumes(Scenario* s) {
    std::set<std::string> names;
    for (const ManifestObject* obj : ManifestsOf(ManifestKind::kPersistentVolume)) {
      PersistentVolume pv;
      if (!manifest_.ToPersistentVolume(*obj, *s, &pv)) continue;
      if (!names.insert(pv.name).second) {
        manifest_.ErrorAt(*obj, "metadata.name",
                          "PersistentVolume '" + pv.name + "' is defined twice");
        continue;
      }
      s->persistent_volumes.push_back(std::move(pv));
    }
    std::sort(s->persistent_volumes.begin(), s->persistent_volumes.end(),
              [](const PersistentVolume& a, const PersistentVolume& b) { return a.name < b.name; });
  }

  // The PersistentVolumeClaims that pod volumes may mount: cluster.persistentVolumeClaims, then
  // the PersistentVolumeClaim manifests wherever they are (the cluster's, then each workload
  // entry's). Only their access modes matter (ReadWriteOncePod, for VolumeRestrictions).
  void ConvertClaims() {
    auto twice = [](const std::pair<std::string, std::string>& key) {
      return "PersistentVolumeClaim '" + key.second + "' in namespace '" + key.first +
             "' is defined twice";
    };
    const auto& list = in_.cluster().persistent_volume_claims();
    for (int i = 0; i < list.size(); ++i) {
      const auto& in = list[i];
      const std::string p = "cluster.persistentVolumeClaims[" + std::to_string(i) + "]";
      bool ok = true;
      std::pair<std::string, std::string> key{"default", in.name()};
      if (in.name().empty()) {
        Error(p, "'" + p + "' needs a 'name'");
        ok = false;
      } else if (const std::string why = Dns1123SubdomainProblem(in.name()); !why.empty()) {
        Error(p + ".name", "'" + p + ".name': invalid name '" + in.name() + "': " + why);
        ok = false;
      }
      if (!in.namespace_().empty()) {
        ok &= CheckNamespace(p + ".namespace", in.namespace_());
        key.first = in.namespace_();
      }
      const bool rwop = ReadAccessModes(p + ".accessModes", p, in.access_modes(), true);
      // A claim with bad access modes keeps its name, so that the pods that mount it are not
      // told that it does not exist; one without a valid name or namespace is left out.
      if (!ok) continue;
      if (!claims_.emplace(key, rwop).second) {
        Error(p + ".name", "'" + p + ".name': " + twice(key));
      }
    }
    for (const ManifestObject* obj : ManifestsOf(ManifestKind::kClaim)) {
      std::pair<std::string, std::string> key;
      bool rwop = false;
      manifest_.ToClaim(*obj, &key, &rwop);  // as above: errors in the spec keep the name
      if (key.second.empty()) continue;
      if (!claims_.emplace(key, rwop).second) {
        manifest_.ErrorAt(*obj, "metadata.name",
                          "'" + obj->Path("metadata.name") + "': " + twice(key));
      }
    }
    UseClaims(&claims_);
    manifest_.UseClaims(&claims_);
  }

  void ConvertWorkloads(Scenario* s) {
    std::set<std::string> names;
    for (int i = 0; i < in_.workloads_size(); ++i) {
      const auto& in = in_.workloads(i);
      const std::string p = "workloads[" + std::to_string(i) + "]";
      const bool sts = in.has_stateful_set(), dep = in.has_deployment();
      const bool files = in.manifests_size() > 0;
      if (static_cast<int>(sts) + static_cast<int>(dep) + static_cast<int>(files) != 1) {
        Error(p, "'" + p + "' needs exactly one of manifests, statefulSet or deployment");
        continue;
      }
      if (files) {
        ConvertManifestWorkloads(i, s, &names);
        continue;
      }
      Workload w;
      w.where = At(p);
      const proto::PodSetSpec& spec = sts ? in.stateful_set() : in.deployment();
      const std::string sp = p + (sts ? ".statefulSet" : ".deployment");
      w.kind = sts ? WorkloadKind::kStatefulSet : WorkloadKind::kDeployment;
      w.name = spec.name();
      if (w.name.empty()) {
        Error(sp, "'" + sp + "' needs a 'name'");
      } else if (!names.insert(w.name).second) {
        Error(sp + ".name", "workload name '" + w.name + "' is used twice");
      }
      int64_t v;
      bool replicas_ok = true;
      if (spec.replicas().empty()) {
        w.replicas = 1;  // the Kubernetes default
      } else if (Int(sp + ".replicas", spec.replicas(), 0, kMaxReplicas, &v)) {
        w.replicas = static_cast<int>(v);
      } else {
        replicas_ok = false;
      }
      if (!spec.pod_management_policy().empty()) {
        if (!sts) {
          Error(sp + ".podManagementPolicy",
                "'" + sp + ".podManagementPolicy' applies to StatefulSets only");
        }
        Enum<PodManagementPolicy>(sp + ".podManagementPolicy", spec.pod_management_policy(),
                                  {{"OrderedReady", PodManagementPolicy::kOrderedReady},
                                   {"Parallel", PodManagementPolicy::kParallel}},
                                  &w.pod_management);
      }
      Resources(sp + ".resources", spec.resources(), &w.requests, false);
      if (!spec.pod_anti_affinity().empty()) {
        Enum<AntiAffinity>(sp + ".podAntiAffinity", spec.pod_anti_affinity(),
                           {{"none", AntiAffinity::kNone},
                            {"required", AntiAffinity::kRequired},
                            {"preferred", AntiAffinity::kPreferred}},
                           &w.anti_affinity);
      }
      // The pod template's metadata: labels default to {app: <name>}, which is what a
      // selector of the workload's own pods would match.
      if (spec.labels_size() > 0) {
        ReadLabels(sp + ".labels", spec.labels(), &w.labels);
      } else if (!w.name.empty()) {
        w.labels = {{"app", w.name}};
      }
      if (!spec.namespace_().empty() && CheckNamespace(sp + ".namespace", spec.namespace_())) {
        w.namespace_name = spec.namespace_();
      }
      ReadNodeScheduling(sp, spec.node_selector(), spec.tolerations(), spec.affinity(), &w);
      ReadPodAffinity(sp, spec.affinity(), &w);
      ReadTopologySpread(sp + ".topologySpreadConstraints", spec.topology_spread_constraints(), &w);
      for (int k = 0; k < spec.ports_size(); ++k) {
        ReadPort(sp + ".ports[" + std::to_string(k) + "]", spec.ports(k), false, &w.host_ports);
      }
      for (int k = 0; k < spec.images_size(); ++k) {
        const std::string ip = sp + ".images[" + std::to_string(k) + "]";
        if (spec.images(k).empty()) {
          Error(ip, "'" + ip + "' is empty; expected an image name such as registry/app:1.0");
        } else {
          w.images.push_back(spec.images(k));
        }
      }
      if (!spec.node_name().empty()) {
        w.node_name = spec.node_name();
        CheckNodeName(sp + ".nodeName", spec.node_name(), *s);
      }
      std::set<std::string> volume_names;
      for (int k = 0; k < spec.volumes_size(); ++k) {
        const std::string vp = sp + ".volumes[" + std::to_string(k) + "]";
        CheckVolumeName(vp, spec.volumes(k).name(), &volume_names);
        if (!spec.volumes(k).has_persistent_volume_claim()) {
          Error(vp, "'" + vp +
                        "' needs a persistentVolumeClaim ({claimName: <claim>}): inline "
                        "workloads mount only claims; other volumes are not modelled");
          continue;
        }
        ReadClaimVolume(vp + ".persistentVolumeClaim", spec.volumes(k).persistent_volume_claim(),
                        &w);
      }
      for (int c = 0; c < spec.volume_claim_templates_size(); ++c) {
        const auto& ct = spec.volume_claim_templates(c);
        const std::string cp = sp + ".volumeClaimTemplates[" + std::to_string(c) + "]";
        if (!sts) {
          Error(cp, "'" + sp + ".volumeClaimTemplates': only StatefulSets have claim templates");
          break;
        }
        VolumeClaimTemplate t;
        t.name = ct.name().empty() ? "data" : ct.name();
        t.storage_class = FindClass(s, ct.storage_class_name(), cp + ".storageClassName");
        if (!ct.storage().empty()) {
          Quantity(cp + ".storage", ct.storage(), 1, kMaxStorageBytes, "1Ei", "bytes such as 10Gi",
                   &t.storage_bytes);
        }
        w.claims.push_back(t);
      }
      if (w.claims.size() > 1) {
        Error(sp + ".volumeClaimTemplates[1]",
              "more than one claim template per StatefulSet is not supported by this version "
              "yet");
      }
      w.app = ReadApp(p + ".app", in.app());
      if (replicas_ok) CheckAvailability(p + ".app", in.app(), w.replicas, "", &w.app);
      if (spec.has_pod_disruption_budget()) {
        const auto& b = spec.pod_disruption_budget();
        DisruptionBudget budget;
        budget.name = w.name;
        budget.where = At(sp + ".podDisruptionBudget");
        ReadBudget(sp + ".podDisruptionBudget", b.min_available(), b.max_unavailable(),
                   b.unhealthy_pod_eviction_policy(), &budget);
        budget.workloads.push_back(static_cast<uint32_t>(s->workloads.size()));
        w.disruption_budgets.push_back(static_cast<uint32_t>(s->disruption_budgets.size()));
        s->disruption_budgets.push_back(std::move(budget));
      }
      s->workloads.push_back(std::move(w));
    }
  }

  // The PodDisruptionBudget manifests (in any manifests list), each resolved to the workloads
  // whose pod template it selects in its namespace.
  // Warnings a reviewer would give: a pod (anti-)affinity term or a topology spread constraint
  // whose label selector selects no pod of any workload does nothing, and is almost always a
  // typo in a label or a forgotten selector (Kubernetes accepts both silently).
  void ReviewSelectors(const Scenario& s) {
    auto selects_any = [&](const std::optional<LabelSelector>& sel) {
      if (!sel) return false;
      for (const Workload& w : s.workloads) {
        if (sel->Matches(w.labels)) return true;
      }
      return false;
    };
    auto own_labels = [](const Workload& w) {
      std::string out;
      for (const auto& [k, v] : w.labels) out += (out.empty() ? "" : ",") + k + "=" + v;
      return out.empty() ? std::string("none") : out;
    };
    for (const Workload& w : s.workloads) {
      auto check_terms = [&](const std::vector<PodAffinityTerm>& terms, const char* what) {
        for (size_t k = 0; k < terms.size(); ++k) {
          if (selects_any(terms[k].label_selector)) continue;
          diags_->Warning(w.where,
                          "workload '" + w.name + "': " + what + " term " + std::to_string(k) +
                              (terms[k].label_selector ? "'s labelSelector selects no pod of any "
                                                         "workload"
                                                       : " has no labelSelector, which selects no "
                                                         "pod") +
                              ", so it has no effect (the workload's own pods are labelled " +
                              own_labels(w) + ")");
        }
      };
      auto weighted = [](const std::vector<WeightedPodAffinityTerm>& terms) {
        std::vector<PodAffinityTerm> out;
        for (const auto& t : terms) out.push_back(t.term);
        return out;
      };
      check_terms(w.pod_affinity.required_anti_affinity, "the required pod anti-affinity");
      check_terms(weighted(w.pod_affinity.preferred_anti_affinity),
                  "the preferred pod anti-affinity");
      check_terms(w.pod_affinity.required_affinity, "the required pod affinity");
      check_terms(weighted(w.pod_affinity.preferred_affinity), "the preferred pod affinity");
      for (size_t k = 0; k < w.topology_spread.size(); ++k) {
        const auto& c = w.topology_spread[k];
        if (!c.match_label_keys.empty() || selects_any(c.label_selector)) continue;
        diags_->Warning(
            w.where, "workload '" + w.name + "': topology spread constraint " + std::to_string(k) +
                         (c.label_selector ? "'s labelSelector selects no pod of any workload"
                                           : " has no labelSelector, which selects no pod") +
                         ", so it counts nothing and never spreads (the workload's own pods are "
                         "labelled " +
                         own_labels(w) + ")");
      }
    }
  }

  // A nodeSelector that no node satisfies keeps the workload's pods Pending for ever, which the
  // report shows only as 0% availability. Node labels as Scenario::NodeLabels gives them; pool
  // labels decide per pool, the hostname and zone labels per node.
  void ReviewNodeSelectors(const Scenario& s) {
    for (const Workload& w : s.workloads) {
      if (w.node_selector.empty() || w.replicas == 0) continue;
      bool any = false;
      for (const NodePool& pool : s.node_pools) {
        bool pool_ok = pool.count > 0;
        bool per_node = false;
        for (const auto& [k, v] : w.node_selector) {
          const bool own_hostname = k == kHostnameLabel && !pool.fixed_node_name.empty() &&
                                    pool.labels.count(kHostnameLabel);
          if (k == kZoneLabel || (k == kHostnameLabel && !own_hostname)) {
            per_node = true;
            continue;
          }
          const auto it = pool.labels.find(k);
          if (it == pool.labels.end() || it->second != v) pool_ok = false;
        }
        for (int i = 0; pool_ok && per_node && !any && i < pool.count; ++i) {
          bool node_ok = true;
          for (const auto& [k, v] : w.node_selector) {
            if (k == kZoneLabel && pool.ZoneOf(i) != v) node_ok = false;
            if (k == kHostnameLabel && !(pool.fixed_node_name.size() && pool.labels.count(k)) &&
                pool.NodeName(i) != v) {
              node_ok = false;
            }
          }
          any = node_ok;
        }
        if (pool_ok && !per_node) any = true;
        if (any) break;
      }
      if (any) continue;
      std::string wanted;
      for (const auto& [k, v] : w.node_selector)
        wanted += (wanted.empty() ? "" : ", ") + k + "=" + v;
      diags_->Warning(w.where, "workload '" + w.name + "': its nodeSelector (" + wanted +
                                   ") matches no node, so its pods stay Pending and it is never "
                                   "available");
    }
  }

  // A budget that, with every pod it selects healthy, still allows no eviction makes every drain
  // of a node holding one of them wait forever (kubectl drain retries the 429 until its
  // timeout): rarely what its author meant (maxUnavailable: 0, or minAvailable = replicas).
  void ReviewDisruptionBudgets(const Scenario& s) {
    for (const DisruptionBudget& b : s.disruption_budgets) {
      if (!b.given || b.workloads.empty()) continue;
      int expected = 0;
      for (uint32_t w : b.workloads) expected += s.workloads[w].replicas;
      const int healthy = b.DesiredHealthy(expected);
      if (expected == 0 || healthy < expected) continue;
      const std::string field = std::string(b.min_available ? "minAvailable " : "maxUnavailable ") +
                                std::to_string(b.value) + (b.percent ? "%" : "");
      diags_->Warning(b.where, "PodDisruptionBudget '" + b.name + "' (" + field +
                                   ") never allows an eviction: with all " +
                                   std::to_string(expected) + " pods it selects healthy it needs " +
                                   std::to_string(healthy) +
                                   ", so draining a node that holds one of them never finishes");
    }
  }

  // Storage that cannot do what its author meant: a static class without volumes, volumes no
  // node or claim can use, fewer fitting volumes than replicas, a regional class wider than the
  // cluster. Settles what the model does in the first and last cases (said in the warning).
  void ReviewStorage(Scenario* s) {
    std::set<std::string> zone_set;
    for (const NodePool& pool : s->node_pools) {
      for (int i = 0; i < pool.count; ++i) zone_set.insert(pool.ZoneOf(i));
    }
    const int zones = static_cast<int>(zone_set.size());
    const std::vector<Labels> node_labels = s->NodeLabels();
    std::vector<int> class_pvs(s->storage_classes.size(), 0);
    for (PersistentVolume& pv : s->persistent_volumes) {
      if (pv.storage_class >= 0) ++class_pvs[static_cast<size_t>(pv.storage_class)];
      const bool reachable =
          pv.node_terms.empty() ||
          std::any_of(node_labels.begin(), node_labels.end(), [&](const Labels& l) {
            return std::any_of(pv.node_terms.begin(), pv.node_terms.end(),
                               [&](const NodeSelectorTerm& t) { return t.Matches(l); });
          });
      if (!reachable) {
        diags_->Warning(pv.where, "PersistentVolume '" + pv.name +
                                      "': its node affinity selects no node of the cluster, so "
                                      "no pod can use it");
      }
      if (pv.claim_ref.empty()) continue;
      // The claim it is reserved for, once: the model binds by workload and ordinal.
      for (size_t w = 0; w < s->workloads.size() && pv.claim_workload < 0; ++w) {
        const Workload& wl = s->workloads[w];
        if (wl.claims.empty()) continue;  // one template per StatefulSet (the loader's rule)
        for (int i = 0; i < wl.replicas; ++i) {
          if (ClaimName(wl.claims[0].name, wl.name, i) == pv.claim_ref) {
            pv.claim_workload = static_cast<int>(w);
            pv.claim_ordinal = i;
            break;
          }
        }
      }
      if (pv.claim_workload < 0) {
        diags_->Warning(pv.where, "PersistentVolume '" + pv.name +
                                      "' is reserved (claimRef) for "
                                      "claim '" +
                                      pv.claim_ref +
                                      "', which no StatefulSet here creates, so no claim will "
                                      "use it");
      }
    }
    for (size_t c = 0; c < s->storage_classes.size(); ++c) {
      StorageClass& sc = s->storage_classes[c];
      if (sc.static_only && class_pvs[c] == 0) {
        sc.static_only = false;
        const bool used = std::any_of(s->workloads.begin(), s->workloads.end(), [&](auto& w) {
          return std::any_of(w.claims.begin(), w.claims.end(),
                             [&](auto& t) { return t.storage_class == static_cast<int>(c); });
        });
        if (used) {
          diags_->Warning(sc.where,
                          "storage class '" + sc.name +
                              "' has no provisioner (kubernetes.io/no-provisioner) and no "
                              "PersistentVolume of the class is given: on a real cluster its "
                              "claims stay Pending until volumes are created; simulated as if a "
                              "local volume were created where each claim's pod first runs "
                              "(give PersistentVolume manifests to model the real volumes)");
        }
      }
      if (sc.kind == StorageKind::kRegional) {
        if (zones > 64) {
          diags_->Error(sc.where, "storage class '" + sc.name +
                                      "': regional volumes are modelled on clusters of at most "
                                      "64 zones; this one has " +
                                      std::to_string(zones));
        } else if (zones < 2 || sc.replica_zones > zones) {
          diags_->Warning(sc.where, "storage class '" + sc.name + "' is regional over " +
                                        std::to_string(sc.replica_zones) +
                                        " zones, but the "
                                        "cluster has " +
                                        std::to_string(zones) +
                                        ": its volumes span every zone there is");
          sc.replica_zones = 0;
        }
      }
    }
    for (const Workload& w : s->workloads) {
      for (const VolumeClaimTemplate& t : w.claims) {
        if (t.storage_class < 0 ||
            !s->storage_classes[static_cast<size_t>(t.storage_class)].static_only) {
          continue;
        }
        int fit = 0;
        for (const PersistentVolume& pv : s->persistent_volumes) fit += pv.Fits(t) ? 1 : 0;
        if (fit < w.replicas) {
          diags_->Warning(w.where,
                          WorkloadKindName(w.kind) + std::string(" '") + w.name + "' has " +
                              std::to_string(w.replicas) + " replicas, but only " +
                              std::to_string(fit) + " PersistentVolume(s) of class '" +
                              s->storage_classes[static_cast<size_t>(t.storage_class)].name +
                              "' fit its claim (size, access and volume mode): the "
                              "rest stay Pending");
        }
      }
    }
  }

  // slo[]: {workload, level, availability}; `clustersim check` holds the run to them.
  void ConvertSlo(Scenario* s) {
    const std::vector<std::string> levels = {"all", "quorum", "any", "required"};
    std::set<std::pair<uint32_t, int>> seen;
    for (int i = 0; i < in_.slo_size(); ++i) {
      const proto::Slo& in = in_.slo(i);
      const std::string p = "slo[" + std::to_string(i) + "]";
      SloTarget t;
      t.where = At(p);
      bool ok = true;
      if (in.workload().empty()) {
        Error(p, "'" + p + "' needs 'workload', the name of the workload it holds to a target");
        ok = false;
      } else {
        auto it = std::find_if(s->workloads.begin(), s->workloads.end(),
                               [&](const Workload& w) { return w.name == in.workload(); });
        if (it == s->workloads.end()) {
          std::vector<std::string> names;
          for (const Workload& w : s->workloads) names.push_back(w.name);
          const std::string near = NearestName(in.workload(), names);
          Error(p + ".workload", "'" + p + ".workload': no workload is named '" + in.workload() +
                                     "'" + (near.empty() ? "" : "; did you mean '" + near + "'?"));
          ok = false;
        } else {
          t.workload = static_cast<uint32_t>(it - s->workloads.begin());
        }
      }
      const std::string level = in.level().empty() ? "all" : in.level();
      auto lv = std::find(levels.begin(), levels.end(), level);
      if (lv == levels.end()) {
        Bad(p + ".level", in.level(), "expected " + JoinNames(levels));
        ok = false;
      } else {
        t.level = static_cast<int>(lv - levels.begin());
      }
      std::string why;
      if (in.availability().empty()) {
        Error(p, "'" + p + "' needs 'availability', the target, such as 99.99%");
        ok = false;
      } else if (!ParseFraction(in.availability(), &t.availability, &why)) {
        Bad(p + ".availability", in.availability(), why + "; expected a target such as 99.99%");
        ok = false;
      } else if (t.availability <= 0 || t.availability >= 1) {
        Bad(p + ".availability", in.availability(),
            "a target of 0% or 100% cannot be checked by sampling; expected a value strictly "
            "between them, such as 99.99%");
        ok = false;
      }
      t.text = in.availability();
      if (!ok) continue;
      if (!seen.insert({t.workload, t.level}).second) {
        Error(p, "'" + p + "': workload '" + in.workload() + "' already has a target at level " +
                     level + "; give each workload and level one target");
        continue;
      }
      s->slo.push_back(std::move(t));
    }
  }

  void ConvertDisruptionBudgets(Scenario* s) {
    for (const ManifestObject* obj : ManifestsOf(ManifestKind::kDisruptionBudget)) {
      DisruptionBudget b;
      std::string ns;
      std::optional<LabelSelector> selector;
      if (!manifest_.ToDisruptionBudget(*obj, &b, &ns, &selector)) continue;
      for (uint32_t w = 0; w < s->workloads.size(); ++w) {
        Workload& wl = s->workloads[w];
        if (!selector || wl.namespace_name != ns || !selector->Matches(wl.labels)) continue;
        b.workloads.push_back(w);
        wl.disruption_budgets.push_back(static_cast<uint32_t>(s->disruption_budgets.size()));
      }
      if (b.workloads.empty()) {
        diags_->Warning(b.where, "PodDisruptionBudget '" + b.name +
                                     "' selects no workload's pods; it has no effect");
      }
      s->disruption_budgets.push_back(std::move(b));
    }
    for (const Workload& w : s->workloads) {
      if (w.disruption_budgets.size() > 1) {
        std::vector<std::string> names;
        for (uint32_t b : w.disruption_budgets) names.push_back(s->disruption_budgets[b].name);
        diags_->Warning(w.where, "workload '" + w.name + "' is selected by " +
                                     std::to_string(names.size()) + " PodDisruptionBudgets (" +
                                     JoinNames(names) +
                                     "): the eviction API refuses to evict its pods (500), so " +
                                     "drains of their nodes never finish");
      }
    }
    // The required availability level: the workload's own, else its budget's minimum.
    for (Workload& w : s->workloads) {
      if (w.app.availability_given || w.disruption_budgets.size() != 1) continue;
      const DisruptionBudget& b = s->disruption_budgets[w.disruption_budgets[0]];
      if (b.workloads.size() != 1 || !b.given) continue;
      w.app.availability = {AvailabilityLevel::Kind::kCount,
                            std::min(b.DesiredHealthy(w.replicas), w.replicas)};
      w.app.availability_given = true;
    }
  }

  // The workloads of workloads[i].manifests, each with the entry's app.
  void ConvertManifestWorkloads(int i, Scenario* s, std::set<std::string>* names) {
    const auto& in = in_.workloads(i);
    const std::string p = "workloads[" + std::to_string(i) + "]";
    const AppSpec app = ReadApp(p + ".app", in.app());
    bool any = false;
    for (const ManifestObject& obj : manifests_.workloads[static_cast<size_t>(i)]) {
      if (obj.kind != ManifestKind::kStatefulSet && obj.kind != ManifestKind::kDeployment &&
          obj.kind != ManifestKind::kReplicaSet && obj.kind != ManifestKind::kPod) {
        continue;
      }
      any = true;
      Workload w;
      const bool ok = manifest_.ToWorkload(obj, *s, &w);
      if (!w.name.empty() && !names->insert(w.name).second) {
        manifest_.ErrorAt(
            obj, "metadata.name",
            "'" + obj.Path("metadata.name") + "': workload name '" + w.name + "' is used twice");
        continue;
      }
      if (!ok) continue;
      w.app = app;
      CheckAvailability(p + ".app", in.app(), w.replicas, w.name, &w.app);
      s->workloads.push_back(std::move(w));
    }
    if (!any) {
      const std::string mp = p + ".manifests";
      Error(mp, "'" + mp +
                    "' define no StatefulSet, Deployment or Pod; expected at least one workload "
                    "(put files of other objects in cluster.manifests)");
    }
  }

  int FindClass(const Scenario* s, const std::string& name, const std::string& path) {
    if (name.empty()) {
      for (size_t i = 0; i < s->storage_classes.size(); ++i) {
        if (s->storage_classes[i].is_default) return static_cast<int>(i);
      }
      Error(path,
            "the claim names no storageClassName and no storage class is marked "
            "default: true");
      return -1;
    }
    std::vector<std::string> names;
    for (size_t i = 0; i < s->storage_classes.size(); ++i) {
      if (s->storage_classes[i].name == name) return static_cast<int>(i);
      names.push_back(s->storage_classes[i].name);
    }
    std::string msg = "'" + path + "': no storage class named '" + name + "'";
    std::string hint = NearestName(name, names);
    if (!hint.empty()) msg += " (did you mean '" + hint + "'?)";
    msg += names.empty() ? "; storageClasses is empty" : "; defined: " + JoinNames(names);
    Error(path, msg);
    return -1;
  }

  // A workload entry's app (read once, however many workloads its manifests define).
  AppSpec ReadApp(const std::string& p, const proto::App& in) {
    AppSpec app;
    const std::string& a = in.availability();
    if (!a.empty()) {
      app.availability_given = true;
      auto& lvl = app.availability;
      if (a[0] >= '0' && a[0] <= '9') {
        int64_t k;
        if (Int(p + ".availability", a, 1, kMaxReplicas, &k)) {
          lvl.kind = AvailabilityLevel::Kind::kCount;
          lvl.count = static_cast<int>(k);
        }
      } else if (a == kAvailabilityCount) {
        Bad(p + ".availability", a, "expected a number of replicas, such as 2");
      } else {
        // The list in the message ends with "<integer>"; the word itself is not accepted.
        auto options = WordOptions(kAvailabilityWords);
        options.emplace_back(kAvailabilityCount, AvailabilityLevel::Kind::kCount);
        Enum<AvailabilityLevel::Kind>(p + ".availability", a, options, &lvl.kind);
      }
    }
    if (in.has_startup()) Dist(p + ".startup", in.startup(), &app.startup);
    if (!in.data_size().empty()) Memory(p + ".dataSize", in.data_size(), &app.data_size_bytes);
    if (in.has_rebuild()) {
      const auto& r = in.rebuild();
      if (!r.from().empty()) Enum<int>(p + ".rebuild.from", r.from(), {{"peers", 0}}, nullptr);
      if (r.bandwidth().empty()) {
        Error(p + ".rebuild", "'" + p + ".rebuild' needs a 'bandwidth' (such as 100Mi/s)");
      } else {
        Bandwidth(p + ".rebuild.bandwidth", r.bandwidth(), &app.rebuild_bandwidth);
      }
    }
    if (in.has_leader_election()) {
      const auto& le = in.leader_election();
      LeaderElectionSpec& l = app.leader_election;
      l.enabled = true;
      const std::string q = p + ".leaderElection";
      bool ok = true;
      auto dur = [&](const char* field, const std::string& text, SimTime* out) {
        if (text.empty()) return;
        if (!Duration(q + "." + field, text, out)) {
          ok = false;
        } else if (*out <= 0) {
          NotPositive(q + "." + field, text, "must be more than zero");
          ok = false;
        }
      };
      dur("leaseDuration", le.lease_duration(), &l.lease_duration);
      dur("renewDeadline", le.renew_deadline(), &l.renew_deadline);
      dur("retryPeriod", le.retry_period(), &l.retry_period);
      // client-go's own validation (leaderelection.NewLeaderElector).
      if (ok && !(l.lease_duration > l.renew_deadline &&
                  static_cast<double>(l.renew_deadline) >
                      kLeaderElectionJitter * static_cast<double>(l.retry_period))) {
        Error(q, "'" + q + "': client-go requires leaseDuration > renewDeadline > 1.2 x " +
                     "retryPeriod (found " + FormatDuration(l.lease_duration) + ", " +
                     FormatDuration(l.renew_deadline) + ", " + FormatDuration(l.retry_period) +
                     ")");
      }
    }
    return app;
  }

  // A count of ready replicas cannot exceed the workload's replicas. `workload` names it when
  // the entry's manifests define it ("" for an inline workload).
  void CheckAvailability(const std::string& p, const proto::App& in, int replicas,
                         const std::string& workload, AppSpec* app) {
    if (app->availability.kind != AvailabilityLevel::Kind::kCount ||
        app->availability.count <= replicas) {
      return;
    }
    Error(p + ".availability",
          "'" + p + ".availability' asks for " + in.availability() + " ready replicas but " +
              (workload.empty() ? std::string("the workload") : "workload '" + workload + "'") +
              " has " + std::to_string(replicas) + " (expected at most " +
              std::to_string(replicas) + ", or all, quorum or any)");
  }

  // The names failures may target, each list in order of first appearance: nodes, zones, and
  // racks as "<zone>/rack-<k>" with each rack's own name beside it.
  struct TargetNames {
    std::vector<std::string> nodes, zones, racks, rack_short;
  };
  static TargetNames NamesOf(const Scenario& s) {
    TargetNames t;
    std::set<std::string> zones, racks;
    for (const auto& pool : s.node_pools) {
      for (int i = 0; i < pool.count; ++i) {
        t.nodes.push_back(pool.NodeName(i));
        const std::string& z = pool.ZoneOf(i);
        if (!z.empty() && zones.insert(z).second) t.zones.push_back(z);
        std::string rack = pool.RackFullName(i);
        if (racks.insert(rack).second) {
          t.racks.push_back(std::move(rack));
          t.rack_short.push_back(NodePool::RackName(pool.RackOf(i)));
        }
      }
    }
    return t;
  }

  // failures[i].at: one-shot times, sorted.
  void ReadAtTimes(const std::string& p, const proto::Failure& in, std::vector<SimTime>* out) {
    for (int a = 0; a < in.at_size(); ++a) {
      SimTime at;
      if (Duration(p + ".at[" + std::to_string(a) + "]", in.at(a), &at)) out->push_back(at);
    }
    std::sort(out->begin(), out->end());
  }

  void ConvertFailures(Scenario* s) {
    const TargetNames names = in_.failures_size() > 0 ? NamesOf(*s) : TargetNames{};
    for (int i = 0; i < in_.failures_size(); ++i) {
      const auto& in = in_.failures(i);
      const std::string p = "failures[" + std::to_string(i) + "]";
      FailureSpec f;
      f.where = At(p);
      f.name = in.name().empty() ? "failure" + std::to_string(i) : in.name();
      if (in.has_drain()) {
        ConvertDrain(p, in, names, s, &f);
        continue;
      }
      if (!in.trace().empty()) {
        ConvertTrace(p, in, names, s, &f);
        continue;
      }
      if (!in.bootstrap().empty()) {
        Error(p + ".bootstrap", "'" + p + ".bootstrap' applies to trace-driven failures only");
      }
      if (!in.has_target()) {
        Error(p, "'" + p + "' needs a 'target' ({kind: node}, disk, rack or zone)");
        continue;
      }
      const auto& t = in.target();
      if (t.kind().empty()) {
        Error(p + ".target",
              "'" + p + ".target' needs a 'kind' (" + JoinNames(WordNames(kFailureTargets)) + ")");
        continue;
      }
      if (!Enum<FailureTargetKind>(p + ".target.kind", t.kind(), WordOptions(kFailureTargets),
                                   &f.target)) {
        continue;
      }
      f.pool = t.pool();
      f.zone = t.zone();
      for (const auto& n : t.names()) f.names.push_back(n);
      CheckTargets(p, *s, names, &f);
      if (in.has_every()) {
        Distribution d;
        if (Dist(p + ".every", in.every(), &d)) {
          if (d.Mean() <= 0 && DurationRoundsToZero(in.every().value())) {
            NotPositive(p + ".every", in.every().value(), "");
          } else if (d.Mean() <= 0) {
            Error(p + ".every", "'" + p +
                                    ".every': the time between failures must be more than "
                                    "zero on average");
          } else {
            f.every = d;
          }
        }
      }
      if (in.has_lasts()) {
        Distribution d;
        if (Dist(p + ".lasts", in.lasts(), &d)) f.lasts = d;
      }
      ReadAtTimes(p, in, &f.at);
      if (!in.has_every() && in.at_size() == 0) {
        Error(p, "'" + p + "' needs 'every' (time between failures) or 'at' (fixed times)");
      }
      if (!in.effect().empty() &&
          Enum<FailureEffect>(p + ".effect", in.effect(),
                              {{"crash", FailureEffect::kCrash}, {"loss", FailureEffect::kLoss}},
                              &f.effect) &&
          f.effect == FailureEffect::kLoss && f.target == FailureTargetKind::kDisk) {
        // A disk failure always loses the disk's data; saying "loss" again is fine, but a
        // disk "crash" would mean nothing.
      } else if (f.effect == FailureEffect::kCrash && f.target == FailureTargetKind::kDisk &&
                 !in.effect().empty()) {
        Error(p + ".effect", "'" + p +
                                 ".effect': a disk failure always loses the disk's data; "
                                 "leave 'effect' out or use loss");
      }
      if (f.target == FailureTargetKind::kDisk) f.effect = FailureEffect::kLoss;
      s->failures.push_back(std::move(f));
    }
  }

  // A trace-driven failure: `trace: outages.csv` (relative to the scenario), one outage per row
  // `target,scope,kind,start,end,cause`; an optional header row of those names; `#` comments.
  void ConvertTrace(const std::string& p, const proto::Failure& in, const TargetNames& names,
                    Scenario* s, FailureSpec* f) {
    if (in.has_target() || in.has_every() || in.has_lasts() || in.at_size() > 0 ||
        !in.effect().empty()) {
      Error(p, "'" + p + "': a trace-driven failure takes its targets and times from the " +
                   "trace file; leave target, every, lasts, at and effect out");
    }
    if (!in.bootstrap().empty()) Bool(p + ".bootstrap", in.bootstrap(), &f->bootstrap);
    std::string text;
    const std::string full = ReadBeside(p + ".trace", in.trace(), "an outage trace (CSV)", &text);
    f->trace_file = full;
    if (full.empty()) return;
    const int errors = diags_->error_count();
    ParseTraceRows(std::move(text), full, TraceTargets{names.nodes, names.racks, names.zones},
                   &f->trace, diags_);
    if (diags_->error_count() == errors && f->trace.empty()) {
      Error(p + ".trace", "'" + p + ".trace': '" + full + "' holds no outages");
      return;
    }
    std::stable_sort(f->trace.begin(), f->trace.end(),
                     [](const TraceOutage& a, const TraceOutage& b) { return a.start < b.start; });
    s->failures.push_back(std::move(*f));
  }

  // A planned drain: `drain: {every, maxParallel, lasts}` (lasts: the reboot), over the nodes of
  // `target` (all nodes when absent), or waves at the `at` times.
  void ConvertDrain(const std::string& p, const proto::Failure& in, const TargetNames& names,
                    Scenario* s, FailureSpec* f) {
    const auto& d = in.drain();
    const std::string q = p + ".drain";
    DrainSpec drain;
    if (in.has_every() || in.has_lasts() || !in.effect().empty()) {
      Error(p, "'" + p + "': a drain takes its timing from 'drain' ({every, maxParallel, " +
                   "lasts}); leave every, lasts and effect out of the failure");
    }
    if (!d.every().empty() && Duration(q + ".every", d.every(), &drain.every) && drain.every <= 0) {
      NotPositive(q + ".every", d.every(), "must be more than zero");
    }
    if (d.every().empty() && in.at_size() == 0) {
      Error(q, "'" + q + "' needs 'every' (time between drain waves), or the failure 'at' times");
    }
    int64_t v = 1;
    if (!d.max_parallel().empty() && Int(q + ".maxParallel", d.max_parallel(), 1, kMaxNodes, &v)) {
      drain.max_parallel = static_cast<int>(v);
    }
    SimTime reboot = 0;
    if (!d.lasts().empty()) Duration(q + ".lasts", d.lasts(), &reboot);
    f->lasts = Distribution::Fixed(reboot);
    f->drain = drain;
    ReadAtTimes(p, in, &f->at);
    if (in.has_target()) {
      const auto& t = in.target();
      if (!t.kind().empty() && t.kind() != "node") {
        Error(p + ".target.kind",
              "'" + p + ".target.kind': a drain targets nodes (found '" + t.kind() + "')");
        return;
      }
      f->pool = t.pool();
      f->zone = t.zone();
      for (const auto& n : t.names()) f->names.push_back(n);
      CheckTargets(p, *s, names, f);
    }
    s->failures.push_back(std::move(*f));
  }

  // A failure whose target names nothing would silently never fire.
  void CheckTargets(const std::string& p, const Scenario& s, const TargetNames& names,
                    FailureSpec* f) {
    // With no pools at all, "the cluster has no nodes" has been said already.
    if (!f->pool.empty() && !s.node_pools.empty()) {
      bool found = false;
      std::vector<std::string> pools;
      for (const auto& np : s.node_pools) {
        found |= np.name == f->pool;
        pools.push_back(np.name);
      }
      if (!found) {
        std::string hint = NearestName(f->pool, pools);
        Error(p + ".target.pool", "'" + p + ".target.pool': no node pool named '" + f->pool + "'" +
                                      (hint.empty() ? "" : " (did you mean '" + hint + "'?)") +
                                      "; defined: " + JoinNames(pools));
      }
    }
    const std::vector<std::string>& zones = names.zones;
    const std::vector<std::string>& nodes = names.nodes;
    const std::vector<std::string>& racks = names.racks;
    const std::vector<std::string>& rack_short = names.rack_short;
    auto check = [&](const std::string& path, const std::string& name,
                     const std::vector<std::string>& known, const char* what) {
      if (std::find(known.begin(), known.end(), name) != known.end()) return;
      std::string hint = NearestName(name, known);
      std::string msg = "'" + path + "': no " + what + " named '" + name + "'";
      if (!hint.empty()) msg += " (did you mean '" + hint + "'?)";
      if (known.empty()) {
        msg += std::string("; the cluster has no ") + what + "s";
      } else if (known.size() <= 12) {
        msg += "; defined: " + JoinNames(known);
      }
      Error(path, msg);
    };
    if (!f->zone.empty()) check(p + ".target.zone", f->zone, zones, "zone");
    for (size_t i = 0; i < f->names.size(); ++i) {
      const std::string path = p + ".target.names[" + std::to_string(i) + "]";
      std::string& name = f->names[i];
      switch (f->target) {
        case FailureTargetKind::kZone:
          check(path, name, zones, "zone");
          break;
        case FailureTargetKind::kRack: {
          // A rack is named "<zone>/<rack>", or by its own name where that is unambiguous
          // (within target.zone when one is given).
          if (std::find(racks.begin(), racks.end(), name) != racks.end()) break;
          std::vector<std::string> matches;
          for (size_t r = 0; r < racks.size(); ++r) {
            const bool in_zone = f->zone.empty() || racks[r].rfind(f->zone + "/", 0) == 0;
            if (rack_short[r] == name && in_zone) matches.push_back(racks[r]);
          }
          if (matches.size() == 1) {
            name = matches[0];
          } else if (matches.size() > 1) {
            Error(path, "'" + path + "': rack '" + name + "' is in several zones (" +
                            JoinNames(matches) + "); name one as <zone>/<rack> or give " +
                            "target.zone");
          } else {
            check(path, name, racks, "rack");
          }
          break;
        }
        default:
          check(path, name, nodes, "node");
          break;
      }
    }
    const bool domain =
        f->target == FailureTargetKind::kZone || f->target == FailureTargetKind::kRack;
    if (domain && !f->pool.empty()) {
      Error(p + ".target.pool", "'" + p + ".target.pool' applies to node and disk failures; a " +
                                    (f->target == FailureTargetKind::kZone ? "zone" : "rack") +
                                    " outage takes down every node under it");
      f->pool.clear();
    }
  }

  void ConvertKubernetes(KubernetesTimings* k) {
    const auto& in = in_.kubernetes();
    const std::string p = "kubernetes";
    auto dur = [&](const std::string& field, const std::string& text, SimTime* out, SimTime min) {
      if (text.empty()) return;
      if (Duration(p + "." + field, text, out) && *out < min) {
        Bad(p + "." + field, text, "must be at least " + FormatDuration(min));
      }
    };
    dur("nodeMonitorGracePeriod", in.node_monitor_grace_period(), &k->node_monitor_grace_period,
        kSecond);
    dur("nodeMonitorPeriod", in.node_monitor_period(), &k->node_monitor_period, kMillisecond);
    dur("nodeLeaseRenewInterval", in.node_lease_renew_interval(), &k->node_lease_renew_interval,
        kMillisecond);
    dur("defaultTolerationSeconds", in.default_toleration_seconds(), &k->default_toleration_seconds,
        0);
    dur("forceDetachTimeout", in.force_detach_timeout(), &k->force_detach_timeout, 0);
    dur("podGcPeriod", in.pod_gc_period(), &k->pod_gc_period, kMillisecond);
    if (!in.node_eviction_rate().empty()) {
      std::string why;
      if (!ParseDouble(in.node_eviction_rate(), &k->node_eviction_rate, &why) ||
          k->node_eviction_rate <= 0 || k->node_eviction_rate > 1e6) {
        Bad(p + ".nodeEvictionRate", in.node_eviction_rate(),
            "expected nodes per second, a number above 0 such as 0.1");
      }
    }
    if (!in.secondary_node_eviction_rate().empty()) {
      std::string why;
      if (!ParseDouble(in.secondary_node_eviction_rate(), &k->secondary_node_eviction_rate, &why) ||
          k->secondary_node_eviction_rate < 0 || k->secondary_node_eviction_rate > 1e6) {
        Bad(p + ".secondaryNodeEvictionRate", in.secondary_node_eviction_rate(),
            "expected nodes per second, a number of at least 0 such as 0.01");
      }
    }
    if (!in.large_cluster_size_threshold().empty()) {
      int64_t v = 0;
      if (Int(p + ".largeClusterSizeThreshold", in.large_cluster_size_threshold(), 0, kMaxNodes,
              &v)) {
        k->large_cluster_size_threshold = static_cast<int>(v);
      }
    }
    if (!in.unhealthy_zone_threshold().empty()) {
      std::string why;
      if (!ParseFraction(in.unhealthy_zone_threshold(), &k->unhealthy_zone_threshold, &why)) {
        Bad(p + ".unhealthyZoneThreshold", in.unhealthy_zone_threshold(),
            why + "; expected a fraction of the zone's nodes such as 0.55 or 55%");
      }
    }
    if (!in.disable_force_detach_on_timeout().empty()) {
      std::string why;
      if (!ParseBool(in.disable_force_detach_on_timeout(), &k->disable_force_detach_on_timeout,
                     &why)) {
        Bad(p + ".disableForceDetachOnTimeout", in.disable_force_detach_on_timeout(),
            "expected true or false");
      }
    }
  }

  void ConvertPolicies(Scenario* s) {
    const auto& in = in_.policies();
    if (in.has_scheduler()) SchedulerReader(&sources(), diags_).Read(in.scheduler(), &s->scheduler);
    PolicyReader policies(&sources(), diags_);
    if (in.has_failover()) policies.ReadFailover(in.failover(), *s, &s->failover);
    if (in.has_recovery()) policies.ReadRecovery(in.recovery(), *s, &s->recovery);
  }

  const proto::Scenario& in_;
  const ManifestSet& manifests_;
  std::string path_;
  const InputLimits& limits_;
  std::vector<std::string> files_read_;
  ManifestConverter manifest_;
  ClaimIndex claims_;
};

}  // namespace

int AvailabilityLevel::Required(int n) const {
  if (n <= 0) return 0;  // a workload scaled to zero is never "below" any level
  switch (kind) {
    case Kind::kAll:
      return n;
    case Kind::kQuorum:
      return n / 2 + 1;
    case Kind::kAny:
      return n > 0 ? 1 : 0;
    case Kind::kCount:
      return count;
  }
  return n;
}

std::vector<Labels> Scenario::NodeLabels() const {
  std::vector<Labels> out;
  for (const NodePool& pool : node_pools) {
    for (int i = 0; i < pool.count; ++i) {
      Labels labels = pool.labels;
      if (pool.fixed_node_name.empty() || !labels.count(kHostnameLabel)) {
        labels[kHostnameLabel] = pool.NodeName(i);
      }
      if (!pool.ZoneOf(i).empty()) labels[kZoneLabel] = pool.ZoneOf(i);
      out.push_back(std::move(labels));
    }
  }
  return out;
}

int Scenario::NodeCount() const {
  int n = 0;
  for (const auto& p : node_pools) n += p.count;
  return n;
}

bool ParseOverride(const std::string& text, Override* out, std::string* why) {
  size_t eq = text.find('=');
  if (eq == std::string::npos || eq == 0) {
    *why = "expected PATH=VALUE, e.g. cluster.nodePools[0].count=5 (found '" + text + "')";
    return false;
  }
  out->path = text.substr(0, eq);
  out->value = text.substr(eq + 1);
  return true;
}

namespace {

// The shortest prefix of the field path `path` that `root` does not hold yet, or `path` itself
// when it does: applying the override creates everything from there down, so a problem found
// there is the override's.
std::string FirstMissing(const YAML::Node& root, const std::string& path) {
  YAML::Node cur;
  cur.reset(root);
  size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '.') ++i;
    size_t end = 0;
    YAML::Node next;
    if (i < path.size() && path[i] == '[') {
      end = path.find(']', i);
      const std::string digits = end == std::string::npos ? "" : path.substr(i + 1, end - i - 1);
      if (digits.empty() || digits.size() > 9 ||
          digits.find_first_not_of("0123456789") != std::string::npos) {
        return path;  // not a path; ApplyOverride says why
      }
      ++end;
      const size_t index = std::stoul(digits);
      if (!cur.IsSequence() || index >= cur.size()) return path.substr(0, end);
      const YAML::Node& list = cur;
      next.reset(list[index]);
    } else {
      end = std::min(path.find_first_of(".[", i), path.size());
      const YAML::Node& map = cur;  // const: looking a key up must not add it
      if (!map.IsMap()) return path.substr(0, end);
      const YAML::Node value = map[path.substr(i, end - i)];
      if (!value.IsDefined()) return path.substr(0, end);
      next.reset(value);
    }
    cur.reset(next);
    i = end;
  }
  return path;
}

// A YAML value as flow-style text, which reads back as the same value.
std::string YamlText(const YAML::Node& n) {
  YAML::Emitter e;
  e.SetMapFormat(YAML::Flow);
  e.SetSeqFormat(YAML::Flow);
  e << n;
  return e.c_str();
}

SourceLocation MarkOf(const std::string& path, const YAML::Node& n) {
  const YAML::Mark m = n.Mark();
  return m.line >= 0 ? SourceLocation{path, m.line + 1, m.column + 1} : SourceLocation{path, 0, 0};
}

// experiments, from the YAML tree (the mapper has checked its shape against the schema): each
// variant's policies and set entries, and each sweep value, become overrides as YAML text, so
// a variant may change any field and is checked as the scenario itself is.
void ReadExperiments(const YAML::Node& root, const std::string& path, Scenario* s,
                     Diagnostics* diags) {
  const YAML::Node& map = root;
  const YAML::Node ex = map["experiments"];
  if (!ex.IsDefined() || !ex.IsMap()) return;
  const YAML::Node compare = ex["compare"];
  if (compare.IsDefined() && compare.IsSequence()) {
    std::set<std::string> names;
    for (size_t i = 0; i < compare.size(); ++i) {
      const YAML::Node v = compare[i];
      const std::string p = "experiments.compare[" + std::to_string(i) + "]";
      ExperimentVariant variant;
      variant.where = MarkOf(path, v);
      if (!v.IsMap()) continue;  // the mapper reported it
      const YAML::Node name = v["name"];
      if (!name.IsDefined() || !name.IsScalar() || name.Scalar().empty()) {
        diags->Error(variant.where, "'" + p + "' needs a 'name' to report it by");
        continue;
      }
      variant.name = name.Scalar();
      if (!names.insert(variant.name).second) {
        diags->Error(MarkOf(path, name), "'" + p + ".name': another variant is already named '" +
                                             variant.name + "'; names must be unique");
        continue;
      }
      const YAML::Node policies = v["policies"];
      if (policies.IsDefined() && policies.IsMap()) {
        for (auto it = policies.begin(); it != policies.end(); ++it) {
          const std::string key = it->first.Scalar();
          variant.overrides.push_back({"policies." + key, YamlText(it->second),
                                       p + ".policies." + key, MarkOf(path, it->second)});
        }
      }
      const YAML::Node set = v["set"];
      if (set.IsDefined() && !set.IsNull() && !set.IsMap()) {
        diags->Error(MarkOf(path, set), "'" + p +
                                            ".set': expected a map from field paths to "
                                            "values, such as {cluster.nodePools[0].count: 5}");
      }
      if (set.IsDefined() && set.IsMap()) {
        for (auto it = set.begin(); it != set.end(); ++it) {
          const std::string key = it->first.Scalar();
          variant.overrides.push_back(
              {key, YamlText(it->second), p + ".set." + key, MarkOf(path, it->second)});
        }
      }
      s->experiments.compare.push_back(std::move(variant));
    }
  }
  const YAML::Node sweep = ex["sweep"];
  if (sweep.IsDefined() && !sweep.IsNull() && !sweep.IsMap()) {
    diags->Error(MarkOf(path, sweep),
                 "'experiments.sweep': expected a map from field paths to lists of values, such "
                 "as {cluster.nodePools[0].count: [3, 5, 7]}");
  }
  if (sweep.IsDefined() && sweep.IsMap()) {
    for (auto it = sweep.begin(); it != sweep.end(); ++it) {
      SweepAxis axis;
      if (!it->first.IsScalar()) {
        diags->Error(MarkOf(path, it->first),
                     "'experiments.sweep': expected a field path as the key, such as "
                     "cluster.nodePools[0].count");
        continue;
      }
      axis.path = it->first.Scalar();
      const std::string p = "experiments.sweep." + axis.path;
      auto add = [&](const YAML::Node& value) {
        axis.values.push_back(YamlText(value));
        axis.where.push_back(MarkOf(path, value));
      };
      if (it->second.IsSequence()) {
        for (size_t i = 0; i < it->second.size(); ++i) add(it->second[i]);
      } else if (!it->second.IsNull()) {
        add(it->second);
      }
      if (axis.values.empty()) {
        diags->Error(MarkOf(path, it->first),
                     "'" + p + "' has no values; expected a list such as [3, 5, 7]");
        continue;
      }
      if (axis.path.empty() || axis.path.front() == '.' || axis.path.front() == '[') {
        diags->Error(MarkOf(path, it->first),
                     "'" + p + "': expected a field path such as cluster.nodePools[0].count");
        continue;
      }
      s->experiments.sweep.push_back(std::move(axis));
    }
    size_t points = 1;
    for (const SweepAxis& a : s->experiments.sweep) {
      points *= a.values.size();
      if (points > kMaxSweepPoints) {
        diags->Error(MarkOf(path, sweep), "'experiments.sweep' has more than " +
                                              std::to_string(kMaxSweepPoints) +
                                              " points; expected a smaller grid");
        break;
      }
    }
  }
}

// The YAML value of an override: one document (a second one would be dropped silently).
bool OverrideValue(const std::string& text, const SourceLocation& where, YAML::Node* value,
                   Diagnostics* diags) {
  std::vector<YamlDocument> docs;
  try {
    docs = LoadYamlDocuments(text);
  } catch (const YAML::Exception& e) {
    diags->Error(where, "the value is not valid YAML: " + YamlSyntaxProblem(text, e, nullptr));
    return false;
  }
  if (docs.size() > 1) {
    diags->Error(where, "the value holds " + std::to_string(docs.size()) +
                            " YAML documents (separated by '---'); expected one value");
    return false;
  }
  *value = docs.empty() ? YAML::Node() : docs[0].node;
  return true;
}

// How diagnostics name an override.
std::string OriginOf(const Override& o) {
  return o.origin.empty() ? "--set " + o.path + "=" + o.value : o.origin;
}

// `files`: the manifest files read, in order.
std::optional<Scenario> Load(const std::string& text, const std::string& path,
                             const std::vector<Override>& overrides, const InputLimits& limits,
                             Diagnostics* diags, std::vector<std::string>* files) {
  std::vector<YamlDocument> docs;
  try {
    docs = LoadYamlDocuments(text);
  } catch (const YAML::Exception& e) {
    ReportYamlSyntaxError(text, path, e, diags);
    return std::nullopt;
  }
  if (docs.size() > 1) {
    // At the "---" that starts the second document, the line to remove.
    int line = docs[1].node.Mark().line;
    if (line >= 0) line += docs[1].line_offset;
    if (line >= 0) {
      std::vector<std::string> lines;
      std::istringstream in(text);
      for (std::string l; std::getline(in, l);) lines.push_back(l);
      for (int l = std::min<int>(line, static_cast<int>(lines.size()) - 1); l > 0; --l) {
        if (lines[static_cast<size_t>(l)].rfind("---", 0) == 0) {
          line = l;
          break;
        }
      }
    }
    diags->Error(SourceLocation{path, line >= 0 ? line + 1 : 0, line >= 0 ? 1 : 0},
                 "the file holds " + std::to_string(docs.size()) +
                     " YAML documents (separated by '---'); expected a scenario to be one "
                     "document");
    return std::nullopt;
  }
  YAML::Node root = docs.empty() ? YAML::Node() : docs[0].node;
  if (root.IsNull() || !root.IsDefined()) {
    bool blank = true;     // nothing but white space
    bool comments = true;  // nothing but comments and white space
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
      const size_t first = line.find_first_not_of(" \t\r");
      if (first == std::string::npos) continue;
      blank = false;
      if (line[first] != '#') comments = false;
    }
    const char* what = blank      ? "the file is empty"
                       : comments ? "the file holds only comments"
                                  : "the file holds an empty YAML document";
    diags->Error(SourceLocation{path, 1, 1},
                 std::string(what) +
                     "; expected a scenario (a YAML map with simulation, cluster, workloads, ...)");
    return std::nullopt;
  }
  if (!root.IsMap()) {
    diags->Error(SourceLocation{path, root.Mark().line + 1, root.Mark().column + 1},
                 "expected a scenario (a YAML map with simulation, cluster, workloads, ...), "
                 "found " +
                     std::string(root.IsSequence() ? "a list" : "a single value"));
    return std::nullopt;
  }
  YamlOrigin origin;
  origin.file = path;
  for (const auto& o : overrides) {
    const SourceLocation where = o.at.line > 0 ? o.at : SourceLocation{OriginOf(o), 0, 0};
    YAML::Node value;
    if (!OverrideValue(o.value, where, &value, diags)) continue;
    const std::string created = FirstMissing(root, o.path);
    std::string why;
    if (!ApplyOverride(root, o.path, value, &why)) {
      diags->Error(where, why);
      continue;
    }
    origin.overridden[created] = where;
  }
  if (diags->has_errors()) return std::nullopt;
  proto::Scenario msg;
  SourceMap sources;
  sources.Set("", SourceLocation{path, 1, 1});
  if (!MapYaml(root, origin, &msg, &sources, diags)) return std::nullopt;
  // The manifests' structure belongs to the first round: nothing is converted while any file
  // is missing, unreadable YAML, or has an unknown field or kind.
  const ManifestSet manifests = ReadManifests(msg, sources, path, limits, diags);
  *files = manifests.files;
  if (diags->has_errors()) return std::nullopt;
  Converter converter(msg, sources, manifests, path, limits, diags);
  Scenario s = converter.Convert();
  s.input_files = manifests.files;
  for (const std::string& f : converter.files_read()) {
    if (std::find(s.input_files.begin(), s.input_files.end(), f) == s.input_files.end()) {
      s.input_files.push_back(f);
    }
  }
  ReadExperiments(root, path, &s, diags);
  if (diags->has_errors()) return std::nullopt;
  return s;
}

}  // namespace

std::optional<Scenario> LoadScenarioText(const std::string& text, const std::string& path,
                                         const std::vector<Override>& overrides, Diagnostics* diags,
                                         const InputLimits& limits) {
  const std::string too_many = YamlValueProblem(text, limits, "the scenario file");
  if (!too_many.empty()) {
    diags->Error(SourceLocation{path, 0, 0}, too_many);
    return std::nullopt;
  }
  Diagnostics found;
  std::vector<std::string> files;
  std::optional<Scenario> s = Load(text, path, overrides, limits, &found, &files);
  // In file order, which is how a user reads and fixes a file; the converter goes in the
  // schema's order.
  // Then those about overrides, in command-line order, then those in manifest files, file by file
  // in the order they were read and each in line order, then any others in the order found.
  std::map<std::string, size_t> override_rank;
  for (size_t i = 0; i < overrides.size(); ++i) {
    override_rank.emplace(OriginOf(overrides[i]), i);
  }
  std::map<std::string, size_t> file_rank;
  for (size_t i = 0; i < files.size(); ++i) file_rank.emplace(files[i], i);
  using Key = std::tuple<int, size_t, int, int>;
  auto key = [&](const Diagnostic& d) {
    if (d.where.file == path) return Key(0, 0, d.where.line, d.where.column);
    auto it = override_rank.find(d.where.file);
    if (it != override_rank.end()) return Key(1, it->second, 0, 0);
    it = file_rank.find(d.where.file);
    if (it != file_rank.end()) return Key(2, it->second, d.where.line, d.where.column);
    return Key(3, 0, 0, 0);
  };
  std::vector<Diagnostic> items = found.all();
  std::stable_sort(items.begin(), items.end(),
                   [&](const Diagnostic& a, const Diagnostic& b) { return key(a) < key(b); });
  for (const Diagnostic& d : items) {
    switch (d.severity) {
      case Diagnostic::Severity::kError:
        diags->Error(d.where, d.message);
        break;
      case Diagnostic::Severity::kWarning:
        diags->Warning(d.where, d.message);
        break;
      case Diagnostic::Severity::kNote:
        diags->Note(d.where, d.message);
        break;
    }
  }
  diags->AddDropped(found.dropped());
  if (found.has_errors()) return std::nullopt;
  return s;
}

std::optional<Scenario> LoadScenarioFile(const std::string& path,
                                         const std::vector<Override>& overrides, Diagnostics* diags,
                                         const InputLimits& limits) {
  std::string text;
  ReadProblem problem;
  if (!ReadInputFile(path, limits.max_file_bytes, &text, &problem)) {
    diags->Error(SourceLocation{path, 0, 0},
                 problem.Describe("the scenario file", "a scenario file (a .yaml file)"));
    return std::nullopt;
  }
  return LoadScenarioText(text, path, overrides, diags, limits);
}

}  // namespace clustersim
