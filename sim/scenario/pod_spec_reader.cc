#include "scenario/pod_spec_reader.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>
#include <utility>

#include "clustersim/scenario/units.h"
#include "scenario/k8s_names.h"

namespace clustersim {
namespace {

std::string Index(const std::string& p, int i) { return p + "[" + std::to_string(i) + "]"; }

bool IsIp(const std::string& text) {
  unsigned char buf[16];
  return inet_pton(AF_INET, text.c_str(), buf) == 1 || inet_pton(AF_INET6, text.c_str(), buf) == 1;
}

}  // namespace

bool PodSpecReader::CheckKey(const std::string& path, const std::string& key, const char* what) {
  const std::string why = QualifiedNameProblem(key);
  if (why.empty()) return true;
  Error(path, "'" + path + "': invalid " + what + " '" + key + "': " + why);
  return false;
}

bool PodSpecReader::CheckLabelValue(const std::string& path, const std::string& value) {
  const std::string why = LabelValueProblem(value);
  if (why.empty()) return true;
  Error(path, "'" + path + "': invalid label value '" + value + "': " + why);
  return false;
}

void PodSpecReader::ReadLabels(const std::string& path, const StringMap& in, Labels* out) {
  // Sorted, so that several errors come out the same way on every run (the file order sorts
  // them again later).
  const std::map<std::string, std::string> sorted(in.begin(), in.end());
  for (const auto& [k, v] : sorted) {
    const std::string kp = path + "." + k;
    if (CheckKey(kp, k, "label key") && CheckLabelValue(kp, v)) (*out)[k] = v;
  }
}

bool PodSpecReader::CheckNamespace(const std::string& path, const std::string& name) {
  const std::string why = Dns1123LabelProblem(name);
  if (why.empty()) return true;
  Error(path, "'" + path + "': invalid namespace name '" + name + "': " + why);
  return false;
}

void PodSpecReader::ReadNodeScheduling(const std::string& sp, const StringMap& node_selector,
                                       const Repeated<proto::Toleration>& tolerations,
                                       const proto::Affinity& affinity, Workload* w) {
  // The API server validates spec.nodeSelector as labels (ValidateLabels).
  ReadLabels(sp + ".nodeSelector", node_selector, &w->node_selector);
  for (int i = 0; i < tolerations.size(); ++i) {
    const auto& in = tolerations[i];
    const std::string tp = Index(sp + ".tolerations", i);
    Toleration t;
    t.key = in.key();
    t.value = in.value();
    if (!in.operator_().empty()) {
      std::string op;
      if (Enum<std::string>(tp + ".operator", in.operator_(),
                            {{"Equal", "Equal"}, {"Exists", "Exists"}}, &op)) {
        t.exists = op == "Exists";
      }
    }
    if (t.exists && !t.value.empty()) {
      Error(tp + ".value", "'" + tp + ".value' must be empty with operator Exists");
    }
    if (!t.exists && t.key.empty()) {
      Error(tp, "'" + tp + "': a toleration with an empty key needs operator Exists");
    }
    if (!in.effect().empty()) {
      TaintEffect e;
      if (Enum<TaintEffect>(tp + ".effect", in.effect(),
                            {{"NoSchedule", TaintEffect::kNoSchedule},
                             {"PreferNoSchedule", TaintEffect::kPreferNoSchedule},
                             {"NoExecute", TaintEffect::kNoExecute}},
                            &e)) {
        t.effect = e;
      }
    }
    if (!in.toleration_seconds().empty()) {
      Warn(tp + ".tolerationSeconds",
           "'" + tp +
               ".tolerationSeconds' is not modelled yet: taint-based eviction uses "
               "kubernetes.defaultTolerationSeconds for every pod");
    }
    w->tolerations.push_back(t);
  }
  const auto& na = affinity.node_affinity();
  const std::string ap = sp + ".affinity.nodeAffinity";
  if (na.has_required_during_scheduling_ignored_during_execution()) {
    const auto& terms =
        na.required_during_scheduling_ignored_during_execution().node_selector_terms();
    const std::string rp = ap + ".requiredDuringSchedulingIgnoredDuringExecution";
    if (terms.empty()) Error(rp, "'" + rp + "' needs at least one of nodeSelectorTerms");
    for (int i = 0; i < terms.size(); ++i) {
      w->required_node_terms.push_back(
          ReadNodeSelectorTerm(Index(rp + ".nodeSelectorTerms", i), terms[i]));
    }
  }
  const auto& preferred = na.preferred_during_scheduling_ignored_during_execution();
  for (int i = 0; i < preferred.size(); ++i) {
    const std::string pp = Index(ap + ".preferredDuringSchedulingIgnoredDuringExecution", i);
    PreferredSchedulingTerm t;
    int64_t weight = 0;
    if (preferred[i].weight().empty()) {
      Error(pp, "'" + pp + "' needs a weight (1 to 100)");
    } else if (Int(pp + ".weight", preferred[i].weight(), 1, 100, &weight)) {
      t.weight = static_cast<int>(weight);
    }
    t.preference = ReadNodeSelectorTerm(pp + ".preference", preferred[i].preference());
    w->preferred_node_terms.push_back(std::move(t));
  }
}

NodeSelectorTerm PodSpecReader::ReadNodeSelectorTerm(const std::string& p,
                                                     const proto::NodeSelectorTerm& in) {
  NodeSelectorTerm term;
  if (in.match_fields_size() > 0) {
    Error(p + ".matchFields", "'" + p +
                                  ".matchFields' is not supported by this version yet; "
                                  "select nodes by label with matchExpressions (every node has "
                                  "kubernetes.io/hostname)");
  }
  for (int i = 0; i < in.match_expressions_size(); ++i) {
    const auto& r = in.match_expressions(i);
    const std::string rp = Index(p + ".matchExpressions", i);
    NodeSelectorRequirement req;
    req.key = r.key();
    if (req.key.empty()) Error(rp, "'" + rp + "' needs a key");
    using Op = NodeSelectorRequirement::Op;
    if (!Enum<Op>(rp + ".operator", r.operator_(),
                  {{"In", Op::kIn},
                   {"NotIn", Op::kNotIn},
                   {"Exists", Op::kExists},
                   {"DoesNotExist", Op::kDoesNotExist},
                   {"Gt", Op::kGt},
                   {"Lt", Op::kLt}},
                  &req.op)) {
      continue;
    }
    for (const auto& v : r.values()) req.values.push_back(v);
    const bool set_op = req.op == Op::kIn || req.op == Op::kNotIn;
    const bool exist_op = req.op == Op::kExists || req.op == Op::kDoesNotExist;
    if (set_op && req.values.empty()) {
      Error(rp, "'" + rp + "': operator " + r.operator_() + " needs at least one value");
    } else if (exist_op && !req.values.empty()) {
      Error(rp + ".values", "'" + rp + "': operator " + r.operator_() + " takes no values");
    } else if (!set_op && !exist_op) {
      int64_t v;
      std::string why;
      if (req.values.size() != 1 || !ParseInt(req.values[0], INT64_MIN, INT64_MAX, &v, &why)) {
        Error(rp + ".values",
              "'" + rp + "': operator " + r.operator_() + " takes exactly one whole-number value");
      }
    }
    term.match_expressions.push_back(std::move(req));
  }
  return term;
}

LabelSelector PodSpecReader::ReadSelector(const std::string& p, const proto::LabelSelector& in) {
  LabelSelector sel;
  ReadLabels(p + ".matchLabels", in.match_labels(), &sel.match_labels);
  for (int i = 0; i < in.match_expressions_size(); ++i) {
    const auto& r = in.match_expressions(i);
    const std::string rp = Index(p + ".matchExpressions", i);
    LabelSelectorRequirement req;
    req.key = r.key();
    if (req.key.empty()) {
      Error(rp, "'" + rp + "' needs a key");
    } else {
      CheckKey(rp + ".key", req.key, "key");
    }
    using Op = LabelSelectorRequirement::Op;
    if (r.operator_().empty()) {
      Error(rp, "'" + rp + "' needs an operator (In, NotIn, Exists or DoesNotExist)");
      continue;
    }
    if (!Enum<Op>(rp + ".operator", r.operator_(),
                  {{"In", Op::kIn},
                   {"NotIn", Op::kNotIn},
                   {"Exists", Op::kExists},
                   {"DoesNotExist", Op::kDoesNotExist}},
                  &req.op)) {
      continue;
    }
    for (int v = 0; v < r.values_size(); ++v) {
      CheckLabelValue(Index(rp + ".values", v), r.values(v));
      req.values.push_back(r.values(v));
    }
    const bool set_op = req.op == Op::kIn || req.op == Op::kNotIn;
    if (set_op && req.values.empty()) {
      Error(rp, "'" + rp + "': operator " + r.operator_() + " needs at least one value");
    } else if (!set_op && !req.values.empty()) {
      Error(rp + ".values", "'" + rp + "': operator " + r.operator_() + " takes no values");
    }
    sel.match_expressions.push_back(std::move(req));
  }
  return sel;
}

PodAffinityTerm PodSpecReader::ReadAffinityTerm(const std::string& p,
                                                const proto::PodAffinityTerm& in,
                                                const Labels& pod_labels) {
  PodAffinityTerm t;
  if (in.has_label_selector())
    t.label_selector = ReadSelector(p + ".labelSelector", in.label_selector());
  for (int i = 0; i < in.namespaces_size(); ++i) {
    if (CheckNamespace(Index(p + ".namespaces", i), in.namespaces(i))) {
      t.namespaces.push_back(in.namespaces(i));
    }
  }
  if (in.has_namespace_selector()) {
    t.namespace_selector = ReadSelector(p + ".namespaceSelector", in.namespace_selector());
  }
  t.topology_key = in.topology_key();
  if (t.topology_key.empty()) {
    Error(p, "'" + p + "' needs a topologyKey (e.g. kubernetes.io/hostname)");
  } else {
    CheckKey(p + ".topologyKey", t.topology_key, "topologyKey");
  }
  // matchLabelKeys and mismatchLabelKeys (KEP-3633): the API server adds `key In [value]` and
  // `key NotIn [value]` for the pod's own value of each key it has.
  const bool keys = in.match_label_keys_size() > 0 || in.mismatch_label_keys_size() > 0;
  if (keys && !in.has_label_selector()) {
    Error(p, "'" + p + "': matchLabelKeys and mismatchLabelKeys need a labelSelector");
    return t;
  }
  const std::set<std::string> mismatch(in.mismatch_label_keys().begin(),
                                       in.mismatch_label_keys().end());
  auto merge = [&](const Repeated<std::string>& list, const std::string& lp, bool match) {
    for (int i = 0; i < list.size(); ++i) {
      const std::string kp = Index(lp, i);
      const std::string& key = list[i];
      if (!CheckKey(kp, key, "label key")) continue;
      if (match && mismatch.count(key) > 0) {
        Error(kp, "'" + kp + "': '" + key +
                      "' is in both matchLabelKeys and mismatchLabelKeys; expected it in one");
        continue;
      }
      const auto it = pod_labels.find(key);
      if (it == pod_labels.end() || !t.label_selector) continue;
      LabelSelectorRequirement r;
      r.key = key;
      r.op = match ? LabelSelectorRequirement::Op::kIn : LabelSelectorRequirement::Op::kNotIn;
      r.values = {it->second};
      t.label_selector->match_expressions.push_back(std::move(r));
    }
  };
  merge(in.match_label_keys(), p + ".matchLabelKeys", true);
  merge(in.mismatch_label_keys(), p + ".mismatchLabelKeys", false);
  return t;
}

void PodSpecReader::ReadPodAffinityKind(const std::string& p, const proto::PodAffinity& in,
                                        const Labels& pod_labels,
                                        std::vector<PodAffinityTerm>* required,
                                        std::vector<WeightedPodAffinityTerm>* preferred) {
  const auto& req = in.required_during_scheduling_ignored_during_execution();
  for (int i = 0; i < req.size(); ++i) {
    required->push_back(ReadAffinityTerm(
        Index(p + ".requiredDuringSchedulingIgnoredDuringExecution", i), req[i], pod_labels));
  }
  const auto& pref = in.preferred_during_scheduling_ignored_during_execution();
  for (int i = 0; i < pref.size(); ++i) {
    const std::string pp = Index(p + ".preferredDuringSchedulingIgnoredDuringExecution", i);
    WeightedPodAffinityTerm t;
    int64_t weight = 0;
    if (pref[i].weight().empty()) {
      Error(pp, "'" + pp + "' needs a weight (1 to 100)");
    } else if (Int(pp + ".weight", pref[i].weight(), 1, 100, &weight)) {
      t.weight = static_cast<int32_t>(weight);
    }
    if (!pref[i].has_pod_affinity_term()) {
      Error(pp, "'" + pp + "' needs a podAffinityTerm");
    } else {
      t.term = ReadAffinityTerm(pp + ".podAffinityTerm", pref[i].pod_affinity_term(), pod_labels);
    }
    preferred->push_back(std::move(t));
  }
}

void PodSpecReader::ReadPodAffinity(const std::string& sp, const proto::Affinity& affinity,
                                    Workload* w) {
  const std::string ap = sp + ".affinity";
  PodAffinitySpec& out = w->pod_affinity;
  if (affinity.has_pod_affinity()) {
    ReadPodAffinityKind(ap + ".podAffinity", affinity.pod_affinity(), w->labels,
                        &out.required_affinity, &out.preferred_affinity);
  }
  if (affinity.has_pod_anti_affinity()) {
    ReadPodAffinityKind(ap + ".podAntiAffinity", affinity.pod_anti_affinity(), w->labels,
                        &out.required_anti_affinity, &out.preferred_anti_affinity);
  }
}

void PodSpecReader::ReadTopologySpread(const std::string& p,
                                       const Repeated<proto::TopologySpreadConstraint>& in,
                                       Workload* w) {
  // (topologyKey, whenUnsatisfiable) -> the constraint that has it first
  std::map<std::pair<std::string, std::string>, int> seen;
  for (int i = 0; i < in.size(); ++i) {
    const auto& c = in[i];
    const std::string cp = Index(p, i);
    TopologySpreadConstraint t;
    int64_t v = 0;
    if (c.max_skew().empty()) {
      Error(cp, "'" + cp + "' needs a maxSkew (1 or more)");
    } else if (Int(cp + ".maxSkew", c.max_skew(), INT32_MIN, INT32_MAX, &v)) {
      if (v < 1) {
        Bad(cp + ".maxSkew", c.max_skew(), "must be greater than zero");
      } else {
        t.max_skew = static_cast<int32_t>(v);
      }
    }
    t.topology_key = c.topology_key();
    if (t.topology_key.empty()) {
      Error(cp, "'" + cp + "' needs a topologyKey (e.g. topology.kubernetes.io/zone)");
    } else {
      CheckKey(cp + ".topologyKey", t.topology_key, "topologyKey");
    }
    bool when_ok = false;
    if (c.when_unsatisfiable().empty()) {
      Error(cp, "'" + cp + "' needs whenUnsatisfiable (DoNotSchedule or ScheduleAnyway)");
    } else {
      when_ok =
          Enum<bool>(cp + ".whenUnsatisfiable", c.when_unsatisfiable(),
                     {{"DoNotSchedule", true}, {"ScheduleAnyway", false}}, &t.do_not_schedule);
    }
    if (c.has_label_selector())
      t.label_selector = ReadSelector(cp + ".labelSelector", c.label_selector());
    if (!c.min_domains().empty() &&
        Int(cp + ".minDomains", c.min_domains(), INT32_MIN, INT32_MAX, &v)) {
      if (v < 1) {
        Bad(cp + ".minDomains", c.min_domains(), "must be greater than zero");
      } else if (when_ok && !t.do_not_schedule) {
        Error(cp + ".minDomains", "'" + cp +
                                      ".minDomains' applies only with whenUnsatisfiable: "
                                      "DoNotSchedule (found ScheduleAnyway)");
      } else {
        t.min_domains = static_cast<int32_t>(v);
      }
    }
    using Policy = TopologySpreadConstraint::Policy;
    const std::vector<std::pair<std::string, Policy>> policies = {{"Honor", Policy::kHonor},
                                                                  {"Ignore", Policy::kIgnore}};
    if (!c.node_affinity_policy().empty()) {
      Enum<Policy>(cp + ".nodeAffinityPolicy", c.node_affinity_policy(), policies,
                   &t.node_affinity_policy);
    }
    if (!c.node_taints_policy().empty()) {
      Enum<Policy>(cp + ".nodeTaintsPolicy", c.node_taints_policy(), policies,
                   &t.node_taints_policy);
    }
    for (int k = 0; k < c.match_label_keys_size(); ++k) {
      const std::string kp = Index(cp + ".matchLabelKeys", k);
      const std::string& key = c.match_label_keys(k);
      if (!CheckKey(kp, key, "label key")) continue;
      if (!t.label_selector) {
        Error(kp, "'" + kp + "': matchLabelKeys needs a labelSelector");
        break;
      }
      bool in_selector = t.label_selector->match_labels.count(key) > 0;
      for (const auto& r : t.label_selector->match_expressions) in_selector |= r.key == key;
      if (in_selector) {
        Error(kp, "'" + kp + "': '" + key +
                      "' is in both matchLabelKeys and labelSelector; expected it in one");
        continue;
      }
      t.match_label_keys.push_back(key);
    }
    if (!t.topology_key.empty() && when_ok) {
      const auto [it, inserted] =
          seen.emplace(std::make_pair(t.topology_key, c.when_unsatisfiable()), i);
      if (!inserted) {
        Error(cp, "'" + cp + "' has the same topologyKey and whenUnsatisfiable as " +
                      Index(p, it->second) + "; expected each pair once");
      }
    }
    w->topology_spread.push_back(std::move(t));
  }
}

void PodSpecReader::ReadPort(const std::string& p, const proto::ContainerPort& in,
                             bool host_network, std::vector<HostPort>* out) {
  int64_t container_port = 0, host_port = 0;
  bool ok = true;
  if (in.container_port().empty()) {
    Error(p, "'" + p + "' needs a containerPort (1 to 65535)");
    ok = false;
  } else {
    ok = Int(p + ".containerPort", in.container_port(), 1, 65535, &container_port);
  }
  if (!in.host_port().empty() && !Int(p + ".hostPort", in.host_port(), 0, 65535, &host_port)) {
    return;
  }
  HostPort hp;
  if (!in.protocol().empty() &&
      !Enum<std::string>(p + ".protocol", in.protocol(),
                         {{"TCP", "TCP"}, {"UDP", "UDP"}, {"SCTP", "SCTP"}}, &hp.protocol)) {
    return;
  }
  if (!in.host_ip().empty()) {
    if (!IsIp(in.host_ip())) {
      Bad(p + ".hostIP", in.host_ip(), "expected an IP address such as 10.0.0.1");
      return;
    }
    hp.host_ip = in.host_ip();
  }
  if (!ok) return;  // a port that is not valid holds no host port to compare
  if (host_network) {
    // API defaulting: with hostNetwork every container port is also a host port.
    if (host_port == 0) {
      host_port = container_port;
    } else if (host_port != container_port) {
      Error(p + ".hostPort", "'" + p + ".hostPort' must equal containerPort (" +
                                 std::to_string(container_port) + ") with hostNetwork: true");
      return;
    }
  }
  if (host_port == 0) return;
  hp.port = static_cast<int32_t>(host_port);
  for (const HostPort& other : *out) {
    if (other.port == hp.port && other.protocol == hp.protocol && other.host_ip == hp.host_ip) {
      Error(p, "'" + p + "': host port " + std::to_string(hp.port) + "/" + hp.protocol +
                   (hp.host_ip.empty() ? "" : " on " + hp.host_ip) +
                   " is used twice in the pod; expected each host port once");
      return;
    }
  }
  out->push_back(hp);
}

bool PodSpecReader::ReadAccessModes(const std::string& p, const std::string& owner,
                                    const Repeated<std::string>& in, bool required,
                                    uint8_t* modes) {
  if (in.empty()) {
    if (required) {
      const std::string at = sources().Has(p) ? p : owner;
      Error(at, "'" + at +
                    "' needs accessModes (one or more of ReadWriteOnce, ReadOnlyMany, "
                    "ReadWriteMany, ReadWriteOncePod)");
    }
    return false;
  }
  enum class Mode { kOnce, kReadOnlyMany, kMany, kOncePod };
  bool rwop = false, other = false;
  for (int i = 0; i < in.size(); ++i) {
    Mode m = Mode::kOnce;
    if (!Enum<Mode>(Index(p, i), in[i],
                    {{"ReadWriteOnce", Mode::kOnce},
                     {"ReadOnlyMany", Mode::kReadOnlyMany},
                     {"ReadWriteMany", Mode::kMany},
                     {"ReadWriteOncePod", Mode::kOncePod}},
                    &m)) {
      continue;
    }
    (m == Mode::kOncePod ? rwop : other) = true;
    if (modes != nullptr) {
      static constexpr uint8_t kBits[] = {kReadWriteOnce, kReadOnlyMany, kReadWriteMany,
                                          kReadWriteOncePod};
      *modes |= kBits[static_cast<int>(m)];
    }
  }
  if (rwop && other) {
    Error(p, "'" + p +
                 "': ReadWriteOncePod may not be combined with other access modes; expected "
                 "[ReadWriteOncePod] alone");
    return false;
  }
  return rwop;
}

void PodSpecReader::CheckVolumeName(const std::string& p, const std::string& name,
                                    std::set<std::string>* names) {
  if (name.empty()) {
    Error(p, "'" + p + "' needs a name");
  } else if (const std::string why = Dns1123LabelProblem(name); !why.empty()) {
    Error(p + ".name", "'" + p + ".name': invalid volume name '" + name + "': " + why);
  } else if (!names->insert(name).second) {
    Error(p + ".name", "'" + p + ".name': volume name '" + name +
                           "' is used twice in the pod; expected each "
                           "name once");
  }
}

void PodSpecReader::ReadClaimVolume(const std::string& p,
                                    const proto::PersistentVolumeClaimVolumeSource& in,
                                    Workload* w) {
  if (!in.read_only().empty()) {
    bool read_only = false;
    Bool(p + ".readOnly", in.read_only(), &read_only);  // no effect on the claim's access mode
  }
  const std::string& name = in.claim_name();
  if (name.empty()) {
    Error(p, "'" + p +
                 "' needs a claimName (the name of a PersistentVolumeClaim in the pod's "
                 "namespace)");
    return;
  }
  if (claims_ == nullptr) return;
  const auto it = claims_->find({w->namespace_name, name});
  if (it == claims_->end()) {
    std::vector<std::string> names;
    for (const auto& [key, rwop] : *claims_) {
      if (key.first == w->namespace_name) names.push_back(key.second);
    }
    std::string msg = "'" + p + ".claimName': no PersistentVolumeClaim named '" + name +
                      "' in namespace '" + w->namespace_name + "'";
    const std::string hint = NearestName(name, names);
    if (!hint.empty()) msg += " (did you mean '" + hint + "'?)";
    Warn(p + ".claimName",
         msg +
             "; the volume is not modelled (on a real cluster the pod would stay Pending until "
             "the claim exists); define the claim in cluster.persistentVolumeClaims or as a "
             "PersistentVolumeClaim manifest");
    return;
  }
  if (it->second &&
      std::find(w->rwop_claims.begin(), w->rwop_claims.end(), name) == w->rwop_claims.end()) {
    w->rwop_claims.push_back(name);
  }
}

void PodSpecReader::ReadNodeImages(const std::string& p, const Repeated<proto::ContainerImage>& in,
                                   std::vector<NodeImage>* out) {
  for (int i = 0; i < in.size(); ++i) {
    const std::string ip = Index(p, i);
    NodeImage image;
    for (int n = 0; n < in[i].names_size(); ++n) {
      if (in[i].names(n).empty()) {
        Error(Index(ip + ".names", n),
              "'" + Index(ip + ".names", n) + "' is empty; expected an image name");
      } else {
        image.names.push_back(in[i].names(n));
      }
    }
    if (in[i].names_size() == 0) Error(ip, "'" + ip + "' needs names (the image's names)");
    if (!in[i].size_bytes().empty()) {
      Quantity(ip + ".sizeBytes", in[i].size_bytes(), 1, kMaxStorageBytes, "1Ei",
               "bytes such as 123456789 or 500Mi", &image.size_bytes);
    }
    out->push_back(std::move(image));
  }
}

void PodSpecReader::CheckNodeName(const std::string& path, const std::string& name,
                                  const Scenario& s) {
  std::vector<std::string> names;
  for (const NodePool& pool : s.node_pools) {
    if (!pool.fixed_node_name.empty()) {
      if (pool.count > 0 && pool.fixed_node_name == name) return;
    } else {
      // Node i of the pool is "<pool>-<i>".
      const std::string prefix = pool.name + "-";
      if (name.size() > prefix.size() && name.compare(0, prefix.size(), prefix) == 0) {
        int64_t i = -1;
        std::string why;
        const std::string digits = name.substr(prefix.size());
        if (digits.find_first_not_of("0123456789") == std::string::npos &&
            (digits.size() == 1 || digits[0] != '0') && ParseInt(digits, 0, kMaxNodes, &i, &why) &&
            i < pool.count) {
          return;
        }
      }
    }
    for (int i = 0; i < pool.count && names.size() < 100000; ++i) names.push_back(pool.NodeName(i));
  }
  std::string msg = "'" + path + "': no node named '" + name + "'";
  const std::string hint = NearestName(name, names);
  if (!hint.empty()) msg += " (did you mean '" + hint + "'?)";
  if (!names.empty() && names.size() <= 12) msg += "; defined: " + JoinNames(names);
  Error(path, msg);
}

void PodSpecReader::ReadBudget(const std::string& p, const std::string& min_available,
                               const std::string& max_unavailable, const std::string& policy,
                               DisruptionBudget* out) {
  if (!min_available.empty() && !max_unavailable.empty()) {
    Error(p + ".maxUnavailable", "'" + p +
                                     "': minAvailable and maxUnavailable cannot be both set "
                                     "(policy/v1 validation); give one");
    return;
  }
  const bool min = !min_available.empty();
  const std::string& text = min ? min_available : max_unavailable;
  const std::string field = p + (min ? ".minAvailable" : ".maxUnavailable");
  if (!text.empty()) {
    // IntOrString: a non-negative integer, or a percentage from 0% to 100%.
    const bool percent = text.back() == '%';
    int64_t v = 0;
    std::string why;
    if (!ParseInt(percent ? text.substr(0, text.size() - 1) : text, 0, percent ? 100 : kMaxReplicas,
                  &v, &why)) {
      Bad(field, text,
          percent ? "expected a percentage from 0% to 100%"
                  : "expected a whole number of pods or a percentage such as 50%");
    } else {
      out->given = true;
      out->min_available = min;
      out->percent = percent;
      out->value = static_cast<int>(v);
    }
  }
  if (!policy.empty()) {
    Enum<bool>(p + ".unhealthyPodEvictionPolicy", policy,
               {{"IfHealthyBudget", false}, {"AlwaysAllow", true}}, &out->always_allow_unhealthy);
  }
}

}  // namespace clustersim
