// What the model of a scenario needs that never changes during a run: node names and zones,
// the scheduler's node table before any pod is bound, each workload's pod template as the
// scheduler sees it (its nodeSelector, affinity and tolerations matched against every node
// once; its label selectors resolved against the other workloads), the failure domains, the
// volumes a StatefulSet's claims make, where each pre-created PersistentVolume is reachable,
// the failure processes and drains with their targets. Built once per scenario
// (ClusterModel::Prepare) and shared, read-only, by every replication on every thread.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "clustersim/k8s/topology.h"
#include "clustersim/policy/pod_groups.h"
#include "clustersim/policy/scheduling.h"
#include "clustersim/scenario/scenario.h"

namespace clustersim {

inline constexpr uint32_t kNone = UINT32_MAX;

// How a storage class's claims use pre-created volumes.
enum class PvUse : uint8_t { kNone, kPrefer, kOnly };

struct ModelTables {
  explicit ModelTables(const Scenario& scenario);
  // SchedPod templates point into the tables: they stay where they were built.
  ModelTables(const ModelTables&) = delete;
  ModelTables& operator=(const ModelTables&) = delete;

  struct WorkloadTable {
    SchedPod sched;  // the pod template as the scheduler sees it
    // The pod spec against each node's labels and taints (SchedPod's tables); empty when the
    // cluster has no taints and the workload no node selection.
    std::vector<uint8_t> node_verdict;
    std::vector<int64_t> node_preference;
    std::vector<int64_t> prefer_no_schedule;
    bool evict_on_unreachable = true;  // false: tolerates unreachable:NoExecute forever
    std::vector<uint32_t> volumes;     // StatefulSet: volume per ordinal (kNone = no claim)
  };
  // A StatefulSet claim's volume as it is created.
  struct VolumeTable {
    uint32_t storage_class = 0;
    StorageKind kind = StorageKind::kZonal;
    int32_t ordinal = 0;
    uint32_t workload = 0;
  };
  // A pre-created PersistentVolume (Scenario::persistent_volumes, same index).
  struct PvTable {
    std::vector<uint32_t> nodes;  // the nodes its node affinity selects (when !any_node)
    bool any_node = true;
    bool usable = true;             // of a class (else no claim here asks for it)
    uint32_t claim_volume = kNone;  // claimRef: the only claim it may bind
  };
  // One failure process: a failure entry and one of its targets (node, rack or zone index).
  struct ProcessTable {
    uint32_t spec = 0;
    uint32_t target = 0;
    FailureTargetKind kind = FailureTargetKind::kNode;
  };
  struct DrainTable {
    uint32_t spec = 0;
    std::vector<uint32_t> targets;  // nodes, in order
  };

  const Scenario& sc;
  std::vector<std::string> node_names;
  std::vector<uint32_t> node_zone;
  std::vector<std::string> zone_names;
  std::vector<uint32_t> zone_nodes;                     // nodes per zone
  std::map<std::string, uint32_t> node_index;           // name -> node (trace targets)
  std::vector<std::vector<std::string>> taint_reasons;  // per pool: SchedNode::taint_reasons
  std::vector<SchedNode> sched_nodes;                   // the scheduler's cache, nothing bound
  int64_t cap_cpu = 0, cap_mem = 0;                     // allocatable, all nodes
  FailureDomains domains;                               // region > zone > rack > node
  TopologyIndex topology;                               // node domains per topology key
  std::vector<PodGroupSpec> groups;                     // per workload: its selectors resolved
  std::vector<WorkloadTable> workloads;
  std::vector<VolumeTable> volumes;
  std::vector<PvTable> pvs;
  std::vector<PvUse> class_pv_use;  // per storage class
  std::vector<ProcessTable> processes;
  std::vector<DrainTable> drains;
  std::vector<uint32_t> trace_specs;  // failure entries that replay (or bootstrap) a trace
  std::vector<int> budget_desired;    // desiredHealthy of each PodDisruptionBudget
  size_t total_pods = 0;              // a bound on live pod objects (2 per replica)

 private:
  void BuildNodes();
  void BuildWorkloads();
  void CompilePodSpecs(const std::vector<Labels>& node_labels);
  void CompileGroups(const std::vector<Labels>& node_labels);
  void BuildPersistentVolumes(const std::vector<Labels>& node_labels);
  void BuildFailures();
  std::vector<uint32_t> NodeTargets(const FailureSpec& spec) const;
};

}  // namespace clustersim
