// Placement tests: where the time-0 placement puts pods under each built-in profile and
// scoring strategy, on small clusters where the right answer is known.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "k8s/trace_helpers.h"

namespace clustersim {
namespace {

using testing::MustLoad;

// Pods per node after placing `replicas` pods of 1 CPU on 4 nodes of 8 CPUs.
std::map<std::string, int> Place(const std::string& scheduler, int replicas = 8, int seed = 1) {
  Scenario s = MustLoad(R"(
simulation: {horizon: 1h, replications: 1, seed: )" +
                        std::to_string(seed) + R"(}
cluster:
  nodePools: [{name: n, count: 4, capacity: {cpu: "8", memory: 32Gi}}]
workloads:
  - deployment: {name: app, replicas: )" +
                        std::to_string(replicas) + R"(, resources: {cpu: "1", memory: 1Gi}}
policies: {scheduler: )" +
                        scheduler + R"(}
)");
  ClusterModel model(s, s.simulation.seed, 0, nullptr);
  model.RunUntil(0);
  std::map<std::string, int> per_node;
  for (int i = 0; i < replicas; ++i) ++per_node[model.NodeName(model.NodeOfReplica(0, i))];
  return per_node;
}

// LeastAllocated spreads: eight pods on four equal nodes land two per node.
TEST(PlacementTest, DefaultSpreadsEvenly) {
  const auto per_node = Place("default");
  ASSERT_EQ(per_node.size(), 4u);
  for (const auto& [node, pods] : per_node) EXPECT_EQ(pods, 2) << node;
}

// MostAllocated packs: the first node is filled (8 x 1 CPU) before another is used.
TEST(PlacementTest, BinPackingPacks) {
  const auto per_node = Place("bin-packing");
  ASSERT_EQ(per_node.size(), 1u);
  EXPECT_EQ(per_node.begin()->second, 8);
  const auto twelve = Place("bin-packing", 12);
  ASSERT_EQ(twelve.size(), 2u);
  std::multiset<int> counts;
  for (const auto& [node, pods] : twelve) counts.insert(pods);
  EXPECT_EQ(counts, (std::multiset<int>{4, 8}));
}

// The same through the default profile's scoring strategy, once the default topology spreading
// (weight 2) is off; with it on, spreading outweighs MostAllocated, as in kube-scheduler.
TEST(PlacementTest, MostAllocatedStrategyPacksWithoutDefaultSpreading) {
  EXPECT_EQ(Place("{profile: default, scoringStrategy: {type: MostAllocated}, "
                  "weights: {PodTopologySpread: 0}}")
                .size(),
            1u);
  EXPECT_EQ(Place("{profile: default, scoringStrategy: {type: MostAllocated}}").size(), 4u);
}

// A RequestedToCapacityRatio shape that rewards utilisation packs like MostAllocated; one that
// rewards idleness spreads like LeastAllocated.
TEST(PlacementTest, RequestedToCapacityRatioFollowsItsShape) {
  const auto packed = Place(
      "{weights: {PodTopologySpread: 0}, scoringStrategy: {type: RequestedToCapacityRatio, "
      "requestedToCapacityRatio: {shape: [{utilization: 0, score: 0}, {utilization: 100, "
      "score: 10}]}}}");
  EXPECT_EQ(packed.size(), 1u);
  const auto spread = Place(
      "{weights: {PodTopologySpread: 0}, scoringStrategy: {type: RequestedToCapacityRatio, "
      "requestedToCapacityRatio: {shape: [{utilization: 0, score: 10}, {utilization: 100, "
      "score: 0}]}}}");
  EXPECT_EQ(spread.size(), 4u);
}

// first-fit: node order, no rotation; every pod on n-0 while it fits.
TEST(PlacementTest, FirstFitFillsTheFirstNode) {
  const auto per_node = Place("first-fit", 10);
  EXPECT_EQ(per_node.at("n-0"), 8);
  EXPECT_EQ(per_node.at("n-1"), 2);
}

// random: uniform over feasible nodes; over seeds every node gets pods and no node gets all.
TEST(PlacementTest, RandomUsesEveryNode) {
  std::map<std::string, int> total;
  for (int seed = 1; seed <= 20; ++seed) {
    for (const auto& [node, pods] : Place("random", 8, seed)) total[node] += pods;
  }
  ASSERT_EQ(total.size(), 4u);
  // 160 pods in all: 40 per node on average; a binomial(160, 1/4) stays within 40 +- 20.
  for (const auto& [node, pods] : total) {
    EXPECT_GT(pods, 20) << node;
    EXPECT_LT(pods, 60) << node;
  }
}

// Default topology spreading over zones. Two replicas on zone-a (4 nodes) and zone-b (1 node):
// whichever zone the first lands in, PodTopologySpread's zone term sends the second to the
// other (computed by hand from scoring.go: the empty node in the empty zone scores 100 after
// normalising, an empty node in the occupied zone 88), so there is one per zone for any seed.
TEST(PlacementTest, DefaultSpreadsAcrossZones) {
  for (int seed = 1; seed <= 10; ++seed) {
    Scenario s = MustLoad(R"(
simulation: {horizon: 1h, replications: 1}
cluster:
  nodePools:
    - {name: a, count: 4, zones: [zone-a], capacity: {cpu: "8", memory: 32Gi}}
    - {name: b, count: 1, zones: [zone-b], capacity: {cpu: "8", memory: 32Gi}}
workloads:
  - deployment: {name: app, replicas: 2, resources: {cpu: "1", memory: 1Gi}}
)");
    ClusterModel model(s, static_cast<uint64_t>(seed), 0, nullptr);
    model.RunUntil(0);
    const std::string first = model.NodeName(model.NodeOfReplica(0, 0));
    const std::string second = model.NodeName(model.NodeOfReplica(0, 1));
    EXPECT_NE(first[0], second[0]) << "seed " << seed << ": " << first << ", " << second;
  }
}

TEST(PlacementTest, ProfileErrorsAreInputErrors) {
  Diagnostics d;
  auto s = LoadScenarioText(R"(
cluster: {nodePools: [{name: n, count: 1}]}
policies: {scheduler: {profile: first-fit, weights: {NodeResourcesFit: 2}}}
)",
                            "t.yaml", {}, &d);
  EXPECT_FALSE(s.has_value());
  EXPECT_NE(d.ToString().find("first-fit profile has no score plugins"), std::string::npos)
      << d.ToString();
}

}  // namespace
}  // namespace clustersim

namespace clustersim {
namespace {

// Nodes of pool `a` (3, zone-a) and `b` (3, zone-b, labelled disktype: ssd); four pods of one
// Deployment with `extra` in its spec; `pools` adds fields to the pools. Returns pods per pool.
std::map<char, int> PlaceWith(const std::string& extra, const std::string& pool_a = "",
                              const std::string& pool_b = "", int seed = 1) {
  Scenario s = testing::MustLoad(R"(
simulation: {horizon: 1h, replications: 1}
cluster:
  nodePools:
    - {name: a, count: 3, zones: [zone-a], capacity: {cpu: "8", memory: 32Gi})" +
                                 pool_a + R"(}
    - {name: b, count: 3, zones: [zone-b], capacity: {cpu: "8", memory: 32Gi}, labels: {disktype: ssd})" +
                                 pool_b + R"(}
workloads:
  - deployment: {name: app, replicas: 4, resources: {cpu: "1", memory: 1Gi})" +
                                 extra + R"(}
)");
  ClusterModel model(s, static_cast<uint64_t>(seed), 0, nullptr);
  model.RunUntil(0);
  std::map<char, int> per_pool;
  for (int i = 0; i < 4; ++i) {
    const uint32_t node = model.NodeOfReplica(0, i);
    ++per_pool[node == UINT32_MAX ? '-' : model.NodeName(node)[0]];
  }
  return per_pool;
}

TEST(NodeSelectionTest, NodeSelectorKeepsPodsOnMatchingNodes) {
  for (int seed = 1; seed <= 5; ++seed) {
    EXPECT_EQ(PlaceWith(", nodeSelector: {disktype: ssd}", "", "", seed),
              (std::map<char, int>{{'b', 4}}));
  }
}

TEST(NodeSelectionTest, RequiredNodeAffinityOnWellKnownZoneLabel) {
  const std::string affinity =
      ", affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: "
      "{nodeSelectorTerms: [{matchExpressions: [{key: topology.kubernetes.io/zone, operator: "
      "In, values: [zone-a]}]}]}}}";
  EXPECT_EQ(PlaceWith(affinity), (std::map<char, int>{{'a', 4}}));
  // NotIn the other way round; DoesNotExist on a label only b has.
  EXPECT_EQ(PlaceWith(", affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution:"
                      " {nodeSelectorTerms: [{matchExpressions: [{key: disktype, operator: "
                      "DoesNotExist}]}]}}}"),
            (std::map<char, int>{{'a', 4}}));
}

// Nothing matches: every pod stays pending, with NodeAffinity's reason.
TEST(NodeSelectionTest, UnsatisfiableSelectorLeavesPodsPending) {
  EXPECT_EQ(PlaceWith(", nodeSelector: {disktype: nvme}"), (std::map<char, int>{{'-', 4}}));
}

// Preferred affinity (weight 2 x 100) outweighs the spreading that would otherwise put half the
// pods in each zone.
TEST(NodeSelectionTest, PreferredNodeAffinityAttracts) {
  const std::string preferred =
      ", affinity: {nodeAffinity: {preferredDuringSchedulingIgnoredDuringExecution: [{weight: "
      "100, preference: {matchExpressions: [{key: disktype, operator: In, values: [ssd]}]}}]}}";
  EXPECT_EQ(PlaceWith(preferred), (std::map<char, int>{{'b', 4}}));
  EXPECT_EQ(PlaceWith("").size(), 2u);  // without it, both pools are used
}

TEST(NodeSelectionTest, TaintsRepelUntoleratingPods) {
  const std::string taint = ", taints: [{key: dedicated, value: db, effect: NoSchedule}]";
  EXPECT_EQ(PlaceWith("", taint), (std::map<char, int>{{'b', 4}}));
  // Tolerating it (Equal, or Exists on the key) opens pool a again.
  EXPECT_EQ(PlaceWith(", tolerations: [{key: dedicated, operator: Equal, value: db, effect: "
                      "NoSchedule}]",
                      taint)
                .size(),
            2u);
  EXPECT_EQ(PlaceWith(", tolerations: [{key: dedicated, operator: Exists}]", taint).size(), 2u);
  // A toleration for another value does not.
  EXPECT_EQ(PlaceWith(", tolerations: [{key: dedicated, value: web}]", taint),
            (std::map<char, int>{{'b', 4}}));
}

// PreferNoSchedule (TaintToleration score, weight 3) steers pods away while room remains.
TEST(NodeSelectionTest, PreferNoScheduleSteersAway) {
  EXPECT_EQ(PlaceWith("", ", taints: [{key: spot, effect: PreferNoSchedule}]"),
            (std::map<char, int>{{'b', 4}}));
}

}  // namespace
}  // namespace clustersim

namespace clustersim {
namespace {

// Records each placement's explanation.
class Explanations final : public ModelObserver {
 public:
  void OnReadyChanged(uint32_t, int, SimTime) override {}
  void OnPlacement(uint32_t, uint32_t node, const char*,
                   const Scheduler::Explanation& why) override {
    chosen.push_back(node);
    all.push_back(why);
  }
  std::vector<uint32_t> chosen;
  std::vector<Scheduler::Explanation> all;
};

// The default profile end to end, every number worked out by hand from the formulas
// (kube-scheduler-scoring.md) for one pod of 1 CPU / 2Gi on three empty nodes:
//   n-0 4 CPU 16Gi zone a, n-1 8 CPU 16Gi zone b, n-2 8 CPU 32Gi zone b.
// TaintToleration: no taints, 100 everywhere (x3). NodeResourcesFit LeastAllocated:
//   n-0 (75 + 87) / 2 = 81, n-1 (87 + 87) / 2 = 87, n-2 (87 + 93) / 2 = 90.
// PodTopologySpread: no pods yet, equal raw scores, 100 everywhere (x2).
// BalancedAllocation: n-0 |0.25 - 0.125| / 2 -> 93, n-1 equal fractions -> 100,
//   n-2 |0.125 - 0.0625| / 2 -> 96.
// NodeAffinity and InterPodAffinity Skip (no terms). Totals 674, 687, 686: n-1 wins.
TEST(DefaultProfileTest, WinningNodeAndTotalsWorkedByHand) {
  Scenario s = testing::MustLoad(R"(
simulation: {horizon: 1h, replications: 1}
cluster:
  nodePools:
    - {name: n, count: 1, zones: [a], capacity: {cpu: "4", memory: 16Gi}}
    - {name: m, count: 1, zones: [b], capacity: {cpu: "8", memory: 16Gi}}
    - {name: k, count: 1, zones: [b], capacity: {cpu: "8", memory: 32Gi}}
workloads:
  - deployment: {name: app, replicas: 1, resources: {cpu: "1", memory: 2Gi}}
)");
  Explanations rec;
  ClusterModel model(s, 1, 0, &rec, /*trace=*/true);
  model.RunUntil(0);
  ASSERT_EQ(rec.all.size(), 1u);
  EXPECT_EQ(model.NodeName(rec.chosen[0]), "m-0");
  const std::map<std::string, std::map<std::string, int64_t>> want = {
      {"n-0",
       {{"TaintToleration", 100},
        {"NodeResourcesFit", 81},
        {"PodTopologySpread", 100},
        {"NodeResourcesBalancedAllocation", 93},
        {"ImageLocality", 0}}},
      {"m-0",
       {{"TaintToleration", 100},
        {"NodeResourcesFit", 87},
        {"PodTopologySpread", 100},
        {"NodeResourcesBalancedAllocation", 100},
        {"ImageLocality", 0}}},
      {"k-0",
       {{"TaintToleration", 100},
        {"NodeResourcesFit", 90},
        {"PodTopologySpread", 100},
        {"NodeResourcesBalancedAllocation", 96},
        {"ImageLocality", 0}}}};
  const std::map<std::string, int64_t> totals = {{"n-0", 674}, {"m-0", 687}, {"k-0", 686}};
  ASSERT_EQ(rec.all[0].candidates.size(), 3u);
  for (const auto& c : rec.all[0].candidates) {
    const std::string name = model.NodeName(c.node);
    EXPECT_TRUE(c.feasible) << name;
    std::map<std::string, int64_t> got;
    for (const auto& [plugin, score] : c.scores) got[plugin] = score;
    EXPECT_EQ(got, want.at(name)) << name;
    EXPECT_EQ(c.total, totals.at(name)) << name;
  }
}

}  // namespace
}  // namespace clustersim

namespace clustersim {
namespace {

// A pod whose local PV is bound is tried on that node alone (VolumeBinding's PreFilter): after
// the nodes crash and the pod is force-deleted, the replacement examines one node of 1,000, and
// stays Pending there (the node is NotReady) instead of moving.
TEST(PlacementTest, BoundLocalVolumePodExaminesOnlyItsNode) {
  const Scenario s = MustLoad(R"(
simulation: {horizon: 1h, replications: 1}
cluster:
  nodePools: [{name: n, count: 1000, zones: [a, b, c], capacity: {cpu: "8", memory: 32Gi}}]
storageClasses:
  - {name: local, kind: local, volumeBindingMode: WaitForFirstConsumer}
workloads:
  - statefulSet:
      name: db
      replicas: 1
      resources: {cpu: "1", memory: 1Gi}
      volumeClaimTemplates: [{name: data, storageClassName: local, storage: 10Gi}]
failures:
  - {name: crash, target: {kind: node}, at: [10m], lasts: 1d}
policies: {failover: {name: force-delete, after: 1m}}
)");
  Explanations rec;
  ClusterModel model(s, 1, 0, &rec, /*trace=*/true);
  const uint32_t first_node = [&] {
    model.RunUntil(0);
    return rec.chosen.at(0);
  }();
  ASSERT_EQ(rec.all.size(), 1u);
  EXPECT_GT(rec.all[0].candidates.size(), 100u);  // the first placement scans
  model.RunUntil(kHour);
  ASSERT_GE(rec.all.size(), 2u);
  for (size_t i = 1; i < rec.all.size(); ++i) {
    ASSERT_EQ(rec.all[i].candidates.size(), 1u) << i;
    EXPECT_EQ(rec.all[i].candidates[0].node, first_node);
    EXPECT_EQ(rec.chosen[i], UINT32_MAX);  // its node is NotReady: Pending, not moved
  }
}

}  // namespace
}  // namespace clustersim

namespace clustersim {
namespace {

// Where three pods of 3 CPU / 1Gi go on one large node (64 CPU) and two small ones (3.5 CPU),
// each in its own zone. After the first pod (on the large node), the default profile's
// resource scores favour the large node by 76 points (LeastAllocated 94 vs 53, Balanced 95 vs
// 60) against PodTopologySpread's 2 x (100 - 66) = 68, so the second pod joins it (621 vs
// 613); the spread profile weighs the spreading at 10 and puts every pod on its own node.
std::set<std::string> ThreePodNodes(const std::string& profile) {
  const Scenario s = MustLoad(R"(
simulation: {horizon: 1h, replications: 1}
cluster:
  nodePools:
    - {name: big, count: 1, zones: [a], capacity: {cpu: "64", memory: 256Gi}}
    - {name: small, count: 2, zones: [b, c], capacity: {cpu: 3500m, memory: 16Gi}}
workloads:
  - deployment: {name: app, replicas: 3, resources: {cpu: "3", memory: 1Gi}}
policies: {scheduler: )" + profile +
                              R"(}
)");
  ClusterModel model(s, 1, 0, nullptr);
  model.RunUntil(0);
  std::set<std::string> nodes;
  for (int i = 0; i < 3; ++i) nodes.insert(model.NodeName(model.NodeOfReplica(0, i)));
  return nodes;
}

TEST(PlacementTest, SpreadProfileSpreadsWhereTheDefaultPacksOntoTheLargeNode) {
  EXPECT_EQ(ThreePodNodes("default").size(), 2u);
  EXPECT_EQ(ThreePodNodes("spread"), (std::set<std::string>{"big-0", "small-0", "small-1"}));
}

// A StatefulSet pod on a zonal volume, both nodes of its zone down for 10 minutes (zone b keeps
// a node up, so the controller still evicts: with every zone down it would stop): the pod is
// evicted at NotReady + 300 s, deleted when its node returns, and recreated while its volume is
// still attached there. The two nodes are equal, so the default profile picks either at random
// (a tie); the volume-aware profile always goes back to the node holding the volume, where the
// pending detach is aborted and no new attach is needed.
std::vector<bool> ReturnsToItsNode(const std::string& profile) {
  const Scenario s = MustLoad(R"(
simulation: {horizon: 1h, replications: 1}
cluster:
  nodePools:
    - {name: n, count: 2, zones: [a], capacity: {cpu: "8", memory: 32Gi}}
    - {name: other, count: 1, zones: [b], capacity: {cpu: "8", memory: 32Gi}}
storageClasses:
  - {name: disk, kind: zonal, default: true}
workloads:
  - statefulSet:
      name: db
      replicas: 1
      resources: {cpu: "1", memory: 1Gi}
      volumeClaimTemplates: [{storage: 10Gi}]
failures:
  - {name: crash, target: {kind: node, pool: n}, at: [10m], lasts: 10m}
policies: {scheduler: )" + profile +
                              R"(}
)");
  std::vector<bool> out;
  for (int seed = 1; seed <= 12; ++seed) {
    testing::TraceRecorder rec;
    ClusterModel model(s, seed, 0, &rec, /*trace=*/true);
    model.RunUntil(kHour);
    const auto steps = rec.Steps(model);
    std::vector<std::string> bound;
    for (const auto& step : steps) {
      if (step.kind == TraceKind::kPodScheduled) bound.push_back(step.node);
    }
    EXPECT_EQ(bound.size(), 2u) << seed;
    if (bound.size() == 2) out.push_back(bound[0] == bound[1]);
  }
  return out;
}

TEST(PlacementTest, VolumeAwareProfileReturnsToTheNodeHoldingTheVolume) {
  const std::vector<bool> aware = ReturnsToItsNode("volume-aware");
  EXPECT_EQ(std::count(aware.begin(), aware.end(), true), 12);
  // The default profile's coin: some seeds move the pod (each seed is fixed, so this is
  // deterministic; 12 heads in a row would have probability 1/4096).
  const std::vector<bool> plain = ReturnsToItsNode("default");
  EXPECT_LT(std::count(plain.begin(), plain.end(), true), 12);
}

}  // namespace
}  // namespace clustersim

namespace clustersim {
namespace {

// TaintToleration names the first NoSchedule/NoExecute taint, in the node's order, that the pod
// does not tolerate (upstream's "node(s) had untolerated taint {key: value}").
TEST(PlacementTest, TaintReasonNamesTheFirstUntoleratedTaint) {
  const Scenario s = MustLoad(R"(
simulation: {horizon: 1h, replications: 1}
cluster:
  nodePools:
    - name: gpu
      count: 1
      taints:
        - {key: dedicated, value: ml, effect: NoSchedule}
        - {key: spot, value: "true", effect: PreferNoSchedule}
        - {key: gpu, value: a100, effect: NoExecute}
        - {key: zone-drain, value: "", effect: NoSchedule}
workloads:
  - deployment:
      name: app
      replicas: 1
      tolerations: [{key: dedicated, operator: Exists}]
)");
  Explanations rec;
  ClusterModel model(s, 1, 0, &rec, /*trace=*/true);
  model.RunUntil(0);
  ASSERT_EQ(rec.all.size(), 1u);
  ASSERT_EQ(rec.all[0].candidates.size(), 1u);
  EXPECT_STREQ(rec.all[0].candidates[0].reason, "node(s) had untolerated taint {gpu: a100}");
}

}  // namespace
}  // namespace clustersim
