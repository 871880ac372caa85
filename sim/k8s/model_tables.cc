#include "k8s/model_tables.h"

#include <algorithm>

namespace clustersim {

ModelTables::ModelTables(const Scenario& scenario) : sc(scenario) {
  BuildNodes();
  BuildWorkloads();
  // Labels do not change in a run: built once, read by both compilations.
  const std::vector<Labels> node_labels = sc.NodeLabels();
  CompilePodSpecs(node_labels);
  CompileGroups(node_labels);
  BuildPersistentVolumes(node_labels);
  BuildFailures();
  for (const DisruptionBudget& b : sc.disruption_budgets) {
    int expected = 0;
    for (uint32_t w : b.workloads) expected += sc.workloads[w].replicas;
    budget_desired.push_back(b.DesiredHealthy(expected));
  }
}

void ModelTables::BuildNodes() {
  std::map<std::string, uint32_t> zone_index;
  std::vector<NodeDomains> placement;
  // TaintToleration's reasons, per pool (its nodes share its taints); filled before any node
  // points into them.
  taint_reasons.resize(sc.node_pools.size());
  for (size_t p = 0; p < sc.node_pools.size(); ++p) {
    for (const Taint& t : sc.node_pools[p].taints) {
      if (t.effect == TaintEffect::kPreferNoSchedule) continue;
      taint_reasons[p].push_back("node(s) had untolerated taint {" + t.key + ": " + t.value + "}");
    }
  }
  for (size_t p = 0; p < sc.node_pools.size(); ++p) {
    const NodePool& pool = sc.node_pools[p];
    // The plugins' fallbacks for a pod without per-node tables (a cluster without taints).
    const int hard = static_cast<int>(taint_reasons[p].size());
    const int prefer = static_cast<int>(pool.taints.size()) - hard;
    for (int i = 0; i < pool.count; ++i) {
      const std::string& zone = pool.ZoneOf(i);
      auto [it, fresh] = zone_index.emplace(zone, static_cast<uint32_t>(zone_names.size()));
      if (fresh) zone_names.push_back(zone);
      auto region = pool.labels.find(kRegionLabel);
      placement.push_back({region == pool.labels.end() ? "" : region->second, zone,
                           NodePool::RackName(pool.RackOf(i))});
      SchedNode s;
      s.id = static_cast<uint32_t>(node_names.size());
      s.zone = it->second;
      s.alloc_cpu = pool.capacity.cpu_milli;
      s.alloc_mem = pool.capacity.memory_bytes;
      s.alloc_pods = pool.capacity.pods;
      s.unschedulable = pool.unschedulable;
      if (hard > 0) s.taint_reasons = taint_reasons[p].data();
      s.hard_taint = hard > 0;
      s.prefer_no_schedule_taints = prefer;
      node_index.emplace(pool.NodeName(i), s.id);
      node_names.push_back(pool.NodeName(i));
      node_zone.push_back(s.zone);
      sched_nodes.push_back(s);
      cap_cpu += s.alloc_cpu;
      cap_mem += s.alloc_mem;
    }
  }
  zone_nodes.assign(zone_names.size(), 0);
  for (uint32_t z : node_zone) ++zone_nodes[z];
  domains = FailureDomains::Build(placement);
}

void ModelTables::BuildWorkloads() {
  workloads.resize(sc.workloads.size());
  for (uint32_t w = 0; w < sc.workloads.size(); ++w) {
    const Workload& spec = sc.workloads[w];
    WorkloadTable& wt = workloads[w];
    wt.sched.workload = w;
    wt.sched.req_cpu = spec.requests.cpu_milli;
    wt.sched.req_mem = spec.requests.memory_bytes;
    // NonZeroRequested: kube-scheduler scores a missing request as 100m CPU / 200Mi, per
    // container; manifests give it exactly, an inline workload is a pod of one container.
    wt.sched.nz_cpu = spec.requests.nonzero_cpu_milli >= 0 ? spec.requests.nonzero_cpu_milli
                      : spec.requests.has_cpu              ? spec.requests.cpu_milli
                                                           : kNonZeroDefaultCpuMilli;
    wt.sched.nz_mem = spec.requests.nonzero_memory_bytes >= 0 ? spec.requests.nonzero_memory_bytes
                      : spec.requests.has_memory              ? spec.requests.memory_bytes
                                                              : kNonZeroDefaultMemoryBytes;
    if (spec.kind == WorkloadKind::kStatefulSet) {
      wt.volumes.assign(spec.replicas, kNone);
      if (!spec.claims.empty()) {
        const VolumeClaimTemplate& claim = spec.claims[0];
        for (int o = 0; o < spec.replicas; ++o) {
          wt.volumes[o] = static_cast<uint32_t>(volumes.size());
          volumes.push_back({static_cast<uint32_t>(claim.storage_class),
                             sc.storage_classes[claim.storage_class].kind, o, w});
        }
      }
    }
    total_pods += 2 * static_cast<size_t>(spec.replicas);
  }
}

// Matches every workload's nodeSelector, node affinity and tolerations against every node
// once, so that the scheduler's NodeAffinity and TaintToleration look up a byte per node.
void ModelTables::CompilePodSpecs(const std::vector<Labels>& node_labels) {
  bool any_taints = false;
  for (const auto& pool : sc.node_pools) any_taints |= !pool.taints.empty();
  for (uint32_t w = 0; w < sc.workloads.size(); ++w) {
    const Workload& spec = sc.workloads[w];
    WorkloadTable& wt = workloads[w];
    const Toleration* unreachable = nullptr;
    for (const auto& t : spec.tolerations) {
      if (t.ToleratesTaint("node.kubernetes.io/unreachable", "", TaintEffect::kNoSchedule)) {
        wt.sched.tolerates_unreachable = true;
      }
      if (t.ToleratesTaint("node.kubernetes.io/unreachable", "", TaintEffect::kNoExecute)) {
        unreachable = &t;
      }
    }
    // A toleration without tolerationSeconds keeps the pod bound forever (taint manager).
    wt.evict_on_unreachable = unreachable == nullptr;
    const bool selects = !spec.node_selector.empty() || !spec.required_node_terms.empty();
    const bool prefers = !spec.preferred_node_terms.empty();
    if (!any_taints && !selects && !prefers) continue;
    wt.node_verdict.assign(node_names.size(), 0);
    if (prefers) wt.node_preference.assign(node_names.size(), 0);
    if (any_taints) wt.prefer_no_schedule.assign(node_names.size(), 0);
    uint32_t node = 0;
    for (const auto& pool : sc.node_pools) {
      for (int i = 0; i < pool.count; ++i, ++node) {
        int hard = 0;  // index among the pool's NoSchedule/NoExecute taints
        for (const Taint& taint : pool.taints) {
          const bool is_hard = taint.effect != TaintEffect::kPreferNoSchedule;
          const int index = is_hard ? hard++ : -1;
          const bool tolerated =
              std::any_of(spec.tolerations.begin(), spec.tolerations.end(), [&](const auto& t) {
                return t.ToleratesTaint(taint.key, taint.value, taint.effect);
              });
          if (tolerated) continue;
          if (!is_hard) {
            ++wt.prefer_no_schedule[node];
          } else if (!(wt.node_verdict[node] & SchedPod::kUntoleratedTaint)) {
            const int shown = std::min<int>(index, SchedPod::kTaintIndexUnknown);
            wt.node_verdict[node] |= static_cast<uint8_t>(SchedPod::kUntoleratedTaint |
                                                          (shown << SchedPod::kTaintShift));
          }
        }
        if (!selects && !prefers) continue;
        const Labels& labels = node_labels[node];
        bool match = true;
        for (const auto& [k, v] : spec.node_selector) {
          auto it = labels.find(k);
          match &= it != labels.end() && it->second == v;
        }
        if (!spec.required_node_terms.empty()) {
          // Terms are ORed.
          match &= std::any_of(spec.required_node_terms.begin(), spec.required_node_terms.end(),
                               [&](const NodeSelectorTerm& t) { return t.Matches(labels); });
        }
        if (!match) wt.node_verdict[node] |= SchedPod::kNodeAffinityMismatch;
        for (const auto& pref : spec.preferred_node_terms) {
          if (pref.preference.Matches(labels)) wt.node_preference[node] += pref.weight;
        }
      }
    }
    wt.sched.node_verdict = wt.node_verdict.data();
    wt.sched.has_node_affinity = selects;
    if (prefers) wt.sched.node_preference = wt.node_preference.data();
    if (any_taints) wt.sched.prefer_no_schedule = wt.prefer_no_schedule.data();
  }
}

// Resolves every workload's label selectors against the others (pod_groups.h) and spec.nodeName
// against the nodes.
void ModelTables::CompileGroups(const std::vector<Labels>& node_labels) {
  std::vector<std::vector<NodeImage>> node_images;
  node_images.reserve(node_names.size());
  for (const auto& pool : sc.node_pools) {
    for (int i = 0; i < pool.count; ++i) node_images.push_back(pool.images);
  }
  std::vector<PodGroupInput> inputs(sc.workloads.size());
  for (uint32_t w = 0; w < sc.workloads.size(); ++w) {
    const Workload& spec = sc.workloads[w];
    PodGroupInput& in = inputs[w];
    in.namespace_name = spec.namespace_name;
    in.labels = spec.labels;
    in.affinity = spec.pod_affinity;
    in.spread = spec.topology_spread;
    in.system_default_spread = spec.kind != WorkloadKind::kPod;
    in.own_anti_affinity_required = spec.anti_affinity == AntiAffinity::kRequired;
    in.own_anti_affinity_preferred = spec.anti_affinity == AntiAffinity::kPreferred;
    in.host_ports = spec.host_ports;
    in.images = spec.images;
    in.rwop_claims = spec.rwop_claims;
  }
  groups = CompilePodGroups(inputs, node_labels, node_images, &topology);
  for (uint32_t w = 0; w < sc.workloads.size(); ++w) {
    SchedPod& sp = workloads[w].sched;
    sp.group = &groups[w];
    const std::string& want = sc.workloads[w].node_name;
    if (want.empty()) continue;
    // A name no node has keeps the pod Pending, as on a real cluster.
    sp.node_name = static_cast<uint32_t>(node_names.size());
    for (uint32_t n = 0; n < node_names.size(); ++n) {
      if (node_names[n] == want) sp.node_name = n;
    }
  }
}

// Each PersistentVolume's reachable nodes and reserved claim; which classes use them.
void ModelTables::BuildPersistentVolumes(const std::vector<Labels>& node_labels) {
  class_pv_use.assign(sc.storage_classes.size(), PvUse::kNone);
  pvs.resize(sc.persistent_volumes.size());
  for (size_t i = 0; i < pvs.size(); ++i) {
    const PersistentVolume& spec = sc.persistent_volumes[i];
    PvTable& pv = pvs[i];
    if (spec.storage_class < 0) {
      pv.usable = false;  // of no class: no claim here asks for that (the loader warned)
      continue;
    }
    class_pv_use[spec.storage_class] =
        sc.storage_classes[spec.storage_class].static_only ? PvUse::kOnly : PvUse::kPrefer;
    pv.any_node = spec.node_terms.empty();
    for (uint32_t n = 0; n < node_names.size() && !pv.any_node; ++n) {
      for (const NodeSelectorTerm& t : spec.node_terms) {
        if (t.Matches(node_labels[n])) {
          pv.nodes.push_back(n);
          break;
        }
      }
    }
    if (spec.claim_ref.empty()) continue;
    // Reserved for a claim that does not exist: never bound.
    pv.claim_volume = spec.claim_workload < 0
                          ? kNone - 1
                          : workloads[spec.claim_workload].volumes[spec.claim_ordinal];
  }
}

void ModelTables::BuildFailures() {
  for (uint32_t f = 0; f < sc.failures.size(); ++f) {
    const FailureSpec& spec = sc.failures[f];
    if (!spec.trace.empty()) {
      trace_specs.push_back(f);
      continue;
    }
    if (spec.drain) {
      drains.push_back({f, NodeTargets(spec)});
      continue;
    }
    std::vector<uint32_t> targets;
    if (spec.target == FailureTargetKind::kNode || spec.target == FailureTargetKind::kDisk) {
      targets = NodeTargets(spec);
    } else {
      const DomainLevel level =
          spec.target == FailureTargetKind::kZone ? DomainLevel::kZone : DomainLevel::kRack;
      for (uint32_t d = 0; d < domains.Count(level); ++d) {
        // A domain's nodes share its zone; the first one tells which.
        const uint32_t first = domains.NodesUnder(level, d)[0];
        if (!spec.zone.empty() && zone_names[node_zone[first]] != spec.zone) continue;
        // Names as the loader left them: zones, and racks as "<zone>/<rack>".
        if (!spec.names.empty() &&
            std::none_of(spec.names.begin(), spec.names.end(),
                         [&](const std::string& name) { return domains.Find(level, name) == d; })) {
          continue;
        }
        targets.push_back(d);
      }
    }
    for (uint32_t t : targets) processes.push_back({f, t, spec.target});
  }
}

// The nodes a node or disk failure (or a drain) targets: its pool, zone and names.
std::vector<uint32_t> ModelTables::NodeTargets(const FailureSpec& spec) const {
  std::vector<uint32_t> targets;
  size_t node = 0;
  for (const auto& pool : sc.node_pools) {
    for (int i = 0; i < pool.count; ++i, ++node) {
      if (!spec.pool.empty() && pool.name != spec.pool) continue;
      if (!spec.zone.empty() && zone_names[node_zone[node]] != spec.zone) continue;
      if (!spec.names.empty() &&
          std::find(spec.names.begin(), spec.names.end(), node_names[node]) == spec.names.end())
        continue;
      targets.push_back(static_cast<uint32_t>(node));
    }
  }
  return targets;
}

}  // namespace clustersim
