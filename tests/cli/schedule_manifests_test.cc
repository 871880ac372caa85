// `clustersim schedule` on the Kubernetes documentation's example manifests, unmodified
// (scenarios/manifests), on four Nodes in three zones given as a `kubectl get nodes -o
// yaml` List: node-a1 (3920m, ~14.5Gi, zone a, has the zookeeper and mysql:5.7 images), node-a2
// (the same, tainted NoSchedule for infrastructure), node-b1 (7910m, ~30Gi, zone b), node-c1 (as
// node-a1 without images, zone c). The expected placements and scores are what kube-scheduler's
// default profile computes for them, worked out by hand below.
#include <gtest/gtest.h>

#include <boost/property_tree/json_parser.hpp>
#include <boost/property_tree/ptree.hpp>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include "cli/cli_runner.h"

namespace clustersim::testing_cli {
namespace {

namespace pt = boost::property_tree;

struct Placed {
  std::string node;
  // Per candidate node: feasible, rejection reason, scores by plugin, total.
  struct Candidate {
    bool feasible = false;
    std::string reason;
    std::map<std::string, int> scores;
    int total = 0;
  };
  std::map<std::string, Candidate> candidates;
};

// `expected_err`: a warning the scenario's manifests deserve (the full set is checked in
// tests/scenario/manifests_test.cc); nothing on stderr may be an error.
std::map<std::string, Placed> Schedule(const std::string& scenario,
                                       const std::string& expected_err = "") {
  const CliResult r = RunCli({"schedule", scenario, "-f", "json", "--all-nodes"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err.find(": error: "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(expected_err), std::string::npos) << r.err;
  pt::ptree tree;
  std::istringstream in(r.out);
  try {
    pt::read_json(in, tree);
  } catch (const pt::json_parser_error& e) {
    ADD_FAILURE() << "not JSON: " << e.what() << "\n" << r.out;
    return {};
  }
  std::map<std::string, Placed> out;
  for (const auto& [_, p] : tree.get_child("placements")) {
    Placed placed;
    placed.node = p.get<std::string>("node", "");
    for (const auto& [__, c] : p.get_child("candidates")) {
      Placed::Candidate cand;
      cand.feasible = c.get<bool>("feasible");
      for (const auto& [___, reason] : c.get_child("reasons")) cand.reason = reason.data();
      for (const auto& [plugin, score] : c.get_child("scores")) {
        cand.scores[plugin] = score.get_value<int>();
      }
      cand.total = c.get<int>("total");
      placed.candidates[c.get<std::string>("node")] = cand;
    }
    out[p.get<std::string>("pod")] = placed;
  }
  return out;
}

const std::set<std::string> kSchedulable = {"node-a1", "node-b1", "node-c1"};
const std::string kTaintReason = "node(s) had untolerated taint {node-role.kubernetes.io/infra: }";

// zookeeper.yaml: 3 replicas of 500m / 1Gi. Its required anti-affinity selects `app In [zk]`,
// which its pods (labelled app.kubernetes.io/name: zk) do not match, so it constrains nothing,
// as on a real cluster, and loading it says so; the system default spreading still puts one
// pod per node.
// zk-0, every node empty: NodeResourcesFit (LeastAllocated) a1/c1: cpu (3920-500)/3920 -> 87,
// memory (15608057856 - 1Gi)/15608057856 -> 93, mean 90; b1: cpu 93, memory 96 -> 94.
// BalancedAllocation a1/c1: |0.128 - 0.069|/2 -> 97; b1: |0.063 - 0.033|/2 -> 98.
// ImageLocality a1: 135721983 B x 1/4 nodes = 33.9 MB, just over the 23 MiB floor: 0.
// Totals (x3 TaintToleration, x2 PodTopologySpread): a1 687, b1 692, c1 687.
TEST(ScheduleManifestsTest, ZookeeperSpreadsOnePodPerNodeAndAvoidsTheTaint) {
  const auto placed =
      Schedule("scenarios/zookeeper.yaml",
               "scenarios/manifests/zookeeper.yaml:40:1: warning: workload 'zk': the required "
               "pod anti-affinity term 0's labelSelector selects no pod of any workload, so it "
               "has no effect (the workload's own pods are labelled app.kubernetes.io/name=zk)\n");
  ASSERT_EQ(placed.size(), 3u);
  std::set<std::string> nodes;
  for (const auto& [pod, p] : placed) {
    EXPECT_TRUE(kSchedulable.count(p.node)) << pod << " on " << p.node;
    nodes.insert(p.node);
    const auto& tainted = p.candidates.at("node-a2");
    EXPECT_FALSE(tainted.feasible) << pod;
    EXPECT_EQ(tainted.reason, kTaintReason) << pod;
    // The anti-affinity term selects no pod: InterPodAffinity has no score to give.
    for (const auto& [node, c] : p.candidates) EXPECT_EQ(c.scores.count("InterPodAffinity"), 0u);
  }
  EXPECT_EQ(nodes.size(), 3u);
  const Placed& zk0 = placed.at("zk-0");
  EXPECT_EQ(zk0.node, "node-b1");
  EXPECT_EQ(zk0.candidates.at("node-b1").total, 692);
  EXPECT_EQ(zk0.candidates.at("node-a1").total, 687);
  EXPECT_EQ(zk0.candidates.at("node-c1").total, 687);
  EXPECT_EQ(zk0.candidates.at("node-b1").scores,
            (std::map<std::string, int>{{"TaintToleration", 100},
                                        {"NodeResourcesFit", 94},
                                        {"PodTopologySpread", 100},
                                        {"NodeResourcesBalancedAllocation", 98},
                                        {"ImageLocality", 0}}));
  // zk-1: b1 holds zk-0. PodTopologySpread raw scores (hostname maxSkew 3, zone maxSkew 5,
  // ln(3 + 2) per pod): a1 and c1 2 + 4 = 6, b1 6 + 2 x 1.609 = 9.2 -> 9; normalised
  // 100 x (9 + 6 - s) / 9: 100, 66, 100. b1's total falls to 619.
  const Placed& zk1 = placed.at("zk-1");
  EXPECT_NE(zk1.node, "node-b1");
  EXPECT_EQ(zk1.candidates.at("node-b1").scores.at("PodTopologySpread"), 66);
  EXPECT_EQ(zk1.candidates.at("node-b1").total, 619);
}

// mysql-statefulset.yaml: mysql (500m / 1Gi) and xtrabackup (100m / 100Mi) containers, two
// init containers without requests: 600m / 1124Mi. node-a1 has the mysql:5.7 image, which two
// of the four containers use: 2 x 501216512 B x 1/4 = 250.6 MB over a 23 MiB floor and a
// 4 x 1000 MiB ceiling: ImageLocality 5 on a1, 0 elsewhere.
TEST(ScheduleManifestsTest, MysqlPrefersTheNodeWithItsImageAmongEqualNodes) {
  const auto placed = Schedule("scenarios/mysql.yaml");
  ASSERT_EQ(placed.size(), 3u);
  std::set<std::string> nodes;
  for (const auto& [pod, p] : placed) nodes.insert(p.node);
  EXPECT_EQ(nodes, kSchedulable);
  const Placed& m0 = placed.at("mysql-0");
  EXPECT_EQ(m0.candidates.at("node-a1").scores.at("ImageLocality"), 5);
  EXPECT_EQ(m0.candidates.at("node-c1").scores.at("ImageLocality"), 0);
  // a1 and c1 are otherwise equal: the image breaks the tie.
  EXPECT_EQ(m0.candidates.at("node-a1").total, m0.candidates.at("node-c1").total + 5);
  // mysql-1, after mysql-0 took the larger b1: a1 over c1, by the image alone.
  EXPECT_EQ(placed.at("mysql-1").node, "node-a1");
}

// web.yaml and cassandra-statefulset.yaml claim zonal volumes bound at claim creation
// (Immediate): each ordinal's volume is in zone ordinal mod 3 (a, b, c), so each pod has one
// feasible node, chosen without scoring.
TEST(ScheduleManifestsTest, ImmediateZonalClaimsPinEachOrdinalToItsZone) {
  for (const std::string scenario : {"scenarios/web.yaml", "scenarios/cassandra.yaml"}) {
    SCOPED_TRACE(scenario);
    const auto placed = Schedule(scenario);
    const std::string name = scenario == "scenarios/web.yaml" ? "web" : "cassandra";
    const std::vector<std::string> want = {"node-a1", "node-b1", "node-c1"};
    ASSERT_EQ(placed.size(), name == "web" ? 2u : 3u);
    for (size_t o = 0; o < placed.size(); ++o) {
      const Placed& p = placed.at(name + "-" + std::to_string(o));
      EXPECT_EQ(p.node, want[o]);
      int feasible = 0;
      for (const auto& [node, c] : p.candidates) feasible += c.feasible;
      EXPECT_EQ(feasible, 1);
      EXPECT_EQ(p.candidates.at("node-a2").reason, kTaintReason);
    }
  }
}

// pinned-pod.yaml: a bare Pod with spec.nodeName on the tainted node-a2. It is bound there
// without the scheduler (so without TaintToleration), as the kubelet admits it on a real
// cluster, and keeps its own name.
TEST(ScheduleManifestsTest, NodeNameBindsWithoutTheScheduler) {
  const CliResult text = RunCli({"schedule", "tests/testdata/manifests/pinned-pod-scenario.yaml"});
  EXPECT_EQ(text.exit_code, 0) << text.err;
  EXPECT_EQ(text.out, "debug -> node-a2 (bound by spec.nodeName, not scheduled)\n");
  const auto placed = Schedule("tests/testdata/manifests/pinned-pod-scenario.yaml");
  ASSERT_EQ(placed.count("debug"), 1u);
  EXPECT_EQ(placed.at("debug").node, "node-a2");
  EXPECT_TRUE(placed.at("debug").candidates.empty());
}

}  // namespace
}  // namespace clustersim::testing_cli
