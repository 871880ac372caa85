// Resolution of label selectors to pod groups, with the matching rules of kube-scheduler's
// framework.AffinityTerm (namespaces, namespaceSelector) and podtopologyspread (same namespace,
// matchLabelKeys), and ImageLocality's static per-node scores.
#include "clustersim/policy/pod_groups.h"

#include <algorithm>
#include <map>

#include "clustersim/policy/scoring.h"

namespace clustersim {

TopologyIndex::TopologyIndex() {
  Intern(kHostnameLabel);
  Intern(kZoneLabel);
}

uint32_t TopologyIndex::Intern(const std::string& key) {
  for (uint32_t i = 0; i < keys_.size(); ++i) {
    if (keys_[i] == key) return i;
  }
  keys_.push_back(key);
  return static_cast<uint32_t>(keys_.size() - 1);
}

void TopologyIndex::Build(std::span<const Labels> node_labels) {
  domains_.assign(keys_.size(), std::vector<uint32_t>(node_labels.size(), kNoDomain));
  domain_count_.assign(keys_.size(), 0);
  for (uint32_t k = 0; k < keys_.size(); ++k) {
    std::map<std::string, uint32_t> ids;
    for (size_t n = 0; n < node_labels.size(); ++n) {
      const auto it = node_labels[n].find(keys_[k]);
      if (it == node_labels[n].end()) continue;
      const auto [id, fresh] = ids.emplace(it->second, domain_count_[k]);
      if (fresh) ++domain_count_[k];
      domains_[k][n] = id->second;
    }
  }
}

namespace {

// framework.AffinityTerm: the namespaces a term looks in (the pod's own when none is named)
// and whether it covers namespace `ns`.
// Selector matching with the namespaces' labels at hand.
class Matcher {
 public:
  explicit Matcher(const PodGroupOptions& options) : options_(options) {}

  bool TermCoversNamespace(const PodAffinityTerm& t, const std::string& owner_ns,
                           const std::string& ns) const {
    if (t.namespaces.empty() && !t.namespace_selector) return ns == owner_ns;
    if (std::find(t.namespaces.begin(), t.namespaces.end(), ns) != t.namespaces.end()) return true;
    if (!t.namespace_selector) return false;
    Labels labels;
    const auto it = options_.namespace_labels.find(ns);
    if (it != options_.namespace_labels.end()) labels = it->second;
    labels["kubernetes.io/metadata.name"] = ns;
    return t.namespace_selector->Matches(labels);
  }
  // framework.AffinityTerm.Matches: a missing selector selects nothing.
  bool TermSelects(const PodAffinityTerm& t, const PodGroupInput& owner,
                   const PodGroupInput& g) const {
    return t.label_selector && TermCoversNamespace(t, owner.namespace_name, g.namespace_name) &&
           t.label_selector->Matches(g.labels);
  }
  std::vector<uint32_t> SelectedGroups(const PodAffinityTerm& t, const PodGroupInput& owner,
                                       std::span<const PodGroupInput> groups) const {
    std::vector<uint32_t> out;
    for (uint32_t g = 0; g < groups.size(); ++g) {
      if (TermSelects(t, owner, groups[g])) out.push_back(g);
    }
    return out;
  }

 private:
  const PodGroupOptions& options_;
};

bool EmptySelector(const LabelSelector& s) {
  return s.match_labels.empty() && s.match_expressions.empty();
}

// A spread selector's pods: same namespace, selector matches. An empty selector counts no pod
// (countPodsMatchSelector returns 0 for labels.Everything()), though the pod still matches it.
void ResolveSpreadSelector(const LabelSelector& sel, uint32_t gi,
                           std::span<const PodGroupInput> groups, PodGroupSpec::Spread* sp) {
  sp->self_match = sel.Matches(groups[gi].labels);
  if (EmptySelector(sel)) return;
  for (uint32_t h = 0; h < groups.size(); ++h) {
    if (groups[h].namespace_name == groups[gi].namespace_name && sel.Matches(groups[h].labels)) {
      sp->groups.push_back(h);
    }
  }
}

// Two host ports collide when protocol and port are equal and the host IPs overlap (an empty
// or 0.0.0.0 address overlaps every address): nodeports.go, HostPortInfo.CheckConflict.
bool PortsCollide(const HostPort& a, const HostPort& b) {
  if (a.port != b.port || a.protocol != b.protocol) return false;
  auto any = [](const std::string& ip) { return ip.empty() || ip == "0.0.0.0"; };
  return any(a.host_ip) || any(b.host_ip) || a.host_ip == b.host_ip;
}

// image_locality.go normalizedImageName: an image without a tag is ":latest".
std::string NormalizedImage(const std::string& name) {
  const auto colon = name.rfind(':');
  const auto slash = name.rfind('/');
  const bool tagged = colon != std::string::npos && (slash == std::string::npos || colon > slash);
  return tagged ? name : name + ":latest";
}

}  // namespace

std::vector<PodGroupSpec> CompilePodGroups(std::span<const PodGroupInput> groups,
                                           std::span<const Labels> node_labels,
                                           std::span<const std::vector<NodeImage>> node_images,
                                           TopologyIndex* topology,
                                           const PodGroupOptions& options) {
  const Matcher m(options);
  std::vector<PodGroupSpec> out(groups.size());
  for (uint32_t gi = 0; gi < groups.size(); ++gi) {
    const PodGroupInput& g = groups[gi];
    PodGroupSpec& s = out[gi];
    const PodAffinitySpec& a = g.affinity;

    // Required affinity: one count per term key over the groups that match every term.
    for (const auto& t : a.required_affinity)
      s.affinity_keys.push_back(topology->Intern(t.topology_key));
    if (!a.required_affinity.empty()) {
      for (uint32_t h = 0; h < groups.size(); ++h) {
        const bool all = std::all_of(a.required_affinity.begin(), a.required_affinity.end(),
                                     [&](const auto& t) { return m.TermSelects(t, g, groups[h]); });
        if (all) s.affinity_groups.push_back(h);
      }
      s.self_affinity = std::all_of(a.required_affinity.begin(), a.required_affinity.end(),
                                    [&](const auto& t) { return m.TermSelects(t, g, g); });
    }
    for (const auto& t : a.required_anti_affinity) {
      s.anti_affinity.push_back({topology->Intern(t.topology_key), m.SelectedGroups(t, g, groups)});
    }
    if (g.own_anti_affinity_required) s.anti_affinity.push_back({kHostnameKey, {gi}});
    // The incoming pod's preferred terms against existing pods.
    for (const auto& wt : a.preferred_affinity) {
      const uint32_t key = topology->Intern(wt.term.topology_key);
      for (uint32_t h : m.SelectedGroups(wt.term, g, groups))
        s.score_terms.push_back({h, key, wt.weight});
    }
    for (const auto& wt : a.preferred_anti_affinity) {
      const uint32_t key = topology->Intern(wt.term.topology_key);
      for (uint32_t h : m.SelectedGroups(wt.term, g, groups))
        s.score_terms.push_back({h, key, -wt.weight});
    }
    if (g.own_anti_affinity_preferred) s.score_terms.push_back({gi, kHostnameKey, -100});

    // PodTopologySpread.
    s.spread_given = !g.spread.empty();
    for (const auto& c : g.spread) {
      PodGroupSpec::Spread sp;
      sp.key = topology->Intern(c.topology_key);
      sp.max_skew = c.max_skew;
      sp.min_domains = c.min_domains > 0 ? c.min_domains : 1;
      sp.hard = c.do_not_schedule;
      sp.honor_node_affinity = !options.node_inclusion_policy ||
                               c.node_affinity_policy == TopologySpreadConstraint::Policy::kHonor;
      sp.honor_taints = options.node_inclusion_policy &&
                        c.node_taints_policy == TopologySpreadConstraint::Policy::kHonor;
      // A missing selector matches nothing, not even the pod itself.
      if (c.label_selector) {
        LabelSelector sel = *c.label_selector;
        // matchLabelKeys: the pod's own values of these keys join the selector.
        for (const auto& k : c.match_label_keys) {
          const auto it = g.labels.find(k);
          if (options.match_label_keys && it != g.labels.end()) sel.match_labels[k] = it->second;
        }
        ResolveSpreadSelector(sel, gi, groups, &sp);
      }
      (sp.hard ? s.has_hard_spread : s.has_soft_spread) = true;
      s.spread.push_back(std::move(sp));
    }
    const bool defaults_select =
        !g.default_spread_selector || !EmptySelector(*g.default_spread_selector);
    if (!s.spread_given && g.system_default_spread && defaults_select) {
      // defaultingType System: hostname maxSkew 3 and zone maxSkew 5, ScheduleAnyway
      // (podtopologyspread/plugin.go systemDefaultConstraints).
      for (const auto& [key, skew] : {std::pair{kHostnameKey, 3}, std::pair{kZoneKey, 5}}) {
        PodGroupSpec::Spread sp;
        sp.key = key;
        sp.max_skew = skew;
        if (g.default_spread_selector) {
          ResolveSpreadSelector(*g.default_spread_selector, gi, groups, &sp);
        } else {
          sp.self_match = true;
          sp.groups = {gi};
        }
        s.spread.push_back(sp);
      }
      s.has_soft_spread = true;
    }

    // VolumeRestrictions: the same claim in the same namespace.
    for (uint32_t h = 0; h < groups.size() && !g.rwop_claims.empty(); ++h) {
      if (groups[h].namespace_name != g.namespace_name) continue;
      bool shared = false;
      for (const auto& c : g.rwop_claims) {
        shared |= std::find(groups[h].rwop_claims.begin(), groups[h].rwop_claims.end(), c) !=
                  groups[h].rwop_claims.end();
      }
      if (shared) s.rwop_conflicts.push_back(h);
    }

    // NodePorts.
    s.has_host_ports = !g.host_ports.empty();
    for (uint32_t h = 0; h < groups.size() && s.has_host_ports; ++h) {
      bool collide = false;
      for (const auto& p : g.host_ports) {
        for (const auto& q : groups[h].host_ports) collide |= PortsCollide(p, q);
      }
      if (collide) s.port_conflicts.push_back(h);
    }
  }

  // Existing pods' terms that select another group: symmetric anti-affinity (filter) and the
  // existing side of the affinity score.
  for (uint32_t ei = 0; ei < groups.size(); ++ei) {
    const PodGroupInput& e = groups[ei];
    // The shorthand selects only its own group, and its required half is moot as an existing
    // pod's term (the pod's own identical term is checked first, see below); only real terms
    // need the pass over all groups.
    if (e.own_anti_affinity_preferred) out[ei].score_terms.push_back({ei, kHostnameKey, -100});
    if (e.affinity.empty()) continue;
    for (uint32_t gi = 0; gi < groups.size(); ++gi) {
      const PodGroupInput& g = groups[gi];
      PodGroupSpec& s = out[gi];
      for (const auto& t : e.affinity.required_anti_affinity) {
        if (m.TermSelects(t, e, g))
          s.existing_anti.push_back({ei, topology->Intern(t.topology_key), 0});
      }
      for (const auto& t : e.affinity.required_affinity) {
        if (options.hard_pod_affinity_weight > 0 && m.TermSelects(t, e, g)) {
          s.score_terms.push_back(
              {ei, topology->Intern(t.topology_key), options.hard_pod_affinity_weight});
        }
      }
      for (const auto& wt : e.affinity.preferred_affinity) {
        if (m.TermSelects(wt.term, e, g)) {
          s.score_terms.push_back({ei, topology->Intern(wt.term.topology_key), wt.weight});
        }
      }
      for (const auto& wt : e.affinity.preferred_anti_affinity) {
        if (m.TermSelects(wt.term, e, g)) {
          s.score_terms.push_back({ei, topology->Intern(wt.term.topology_key), -wt.weight});
        }
      }
    }
  }
  // An existing pod's anti-affinity term is moot where the pod's own anti-affinity term on the
  // same key selects that pod's group: the own term rejects every domain the existing one
  // would, and is checked first (the usual case: a workload's replicas avoiding each other).
  for (PodGroupSpec& s : out) {
    std::erase_if(s.existing_anti, [&](const PodGroupSpec::WeightedRef& e) {
      return std::any_of(s.anti_affinity.begin(), s.anti_affinity.end(), [&](const auto& t) {
        return t.key == e.key &&
               std::find(t.groups.begin(), t.groups.end(), e.group) != t.groups.end();
      });
    });
  }
  if (options.ignore_preferred_terms_of_existing_pods) {
    for (uint32_t gi = 0; gi < groups.size(); ++gi) {
      const PodAffinitySpec& a = groups[gi].affinity;
      const bool own = !a.preferred_affinity.empty() || !a.preferred_anti_affinity.empty() ||
                       groups[gi].own_anti_affinity_preferred;
      if (!own) out[gi].score_terms.clear();  // PreScore Skip
    }
  }
  topology->Build(node_labels);

  // ImageLocality: sizes by normalised name on each node, and how many nodes have each image.
  bool any_images = false;
  for (const auto& imgs : node_images) any_images |= !imgs.empty();
  if (any_images) {
    std::vector<std::map<std::string, int64_t>> on_node(node_labels.size());
    std::map<std::string, int64_t> nodes_with;
    for (size_t n = 0; n < node_images.size() && n < on_node.size(); ++n) {
      for (const auto& img : node_images[n]) {
        for (const auto& name : img.names) {
          if (on_node[n].emplace(name, img.size_bytes).second) ++nodes_with[name];
        }
      }
    }
    const double total = static_cast<double>(node_labels.size());
    for (uint32_t gi = 0; gi < groups.size(); ++gi) {
      if (groups[gi].images.empty()) continue;
      std::vector<int64_t> present(groups[gi].images.size());
      std::vector<double> spread(groups[gi].images.size());
      out[gi].image_score.assign(node_labels.size(), 0);
      for (size_t n = 0; n < node_labels.size(); ++n) {
        for (size_t i = 0; i < groups[gi].images.size(); ++i) {
          const std::string name = NormalizedImage(groups[gi].images[i]);
          const auto it = on_node[n].find(name);
          present[i] = it == on_node[n].end() ? 0 : it->second;
          spread[i] = present[i] == 0 ? 0 : static_cast<double>(nodes_with[name]) / total;
        }
        out[gi].image_score[n] =
            ImageLocalityScore(present, spread, static_cast<int>(groups[gi].images.size()));
      }
    }
  }
  return out;
}

}  // namespace clustersim
