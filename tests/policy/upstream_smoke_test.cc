// A few upstream cases run through the FakeCluster harness end to end (the full tables are in
// topology_spread_test.cc and inter_pod_affinity_test.cc).
#include <gtest/gtest.h>

#include "fake_cluster.h"

namespace clustersim::testing {
namespace {

const std::string H = "kubernetes.io/hostname";

std::vector<TNode> HostNodes(std::vector<std::string> names) {
  std::vector<TNode> out;
  for (auto& n : names) out.push_back({n, {{H, n}}});
  return out;
}

TPod At(const std::string& name, const std::string& node, Labels labels) {
  TPod p;
  p.name = name;
  p.node = node;
  p.labels = std::move(labels);
  return p;
}

// TestPodTopologySpreadScore "one constraint on node, all 4 nodes are candidates".
TEST(UpstreamSmoke, SpreadScoreFourCandidates) {
  TPod in;
  in.labels = {{"foo", ""}};
  in.spread = {Spread(1, H, false, Exists("foo"))};
  FakeCluster c(HostNodes({"node-a", "node-b", "node-c", "node-d"}),
                {At("p-a1", "node-a", {{"foo", ""}}), At("p-a2", "node-a", {{"foo", ""}}),
                 At("p-b1", "node-b", {{"foo", ""}}), At("p-d1", "node-d", {{"foo", ""}}),
                 At("p-d2", "node-d", {{"foo", ""}}), At("p-d3", "node-d", {{"foo", ""}})},
                in);
  EXPECT_EQ(c.Score("PodTopologySpread", {"node-a", "node-b", "node-c", "node-d"}),
            (std::vector<int64_t>{20, 60, 100, 0}));
}

// TestPreferredAffinity "Affinity: different Label operators and values ...".
TEST(UpstreamSmoke, PreferredAffinityOperators) {
  TPod in;
  in.labels = {{"security", "S1"}};
  LabelSelector both = NotIn("security", {"S1"});
  both.match_expressions.push_back({"security", LabelSelectorRequirement::Op::kIn, {"S2"}});
  LabelSelector exists = Exists("security");
  exists.match_expressions.push_back({"wrongkey", LabelSelectorRequirement::Op::kDoesNotExist, {}});
  in.affinity.preferred_affinity = {{8, Term(both, "region")}, {2, Term(exists, "region")}};
  FakeCluster c({{"node1", {{"region", "China"}}}, {"node2", {{"region", "India"}}},
                 {"node3", {{"az", "az1"}}}},
                {At("", "node1", {{"security", "S1"}}), At("", "node2", {{"security", "S2"}}),
                 At("", "node3", {{"security", "S1"}})},
                in);
  EXPECT_EQ(c.Score("InterPodAffinity", {"node1", "node2", "node3"}),
            (std::vector<int64_t>{20, 100, 0}));
}

// TestRequiredAffinityMultipleNodes: affinity terms must be matched by the same pod.
TEST(UpstreamSmoke, RequiredAffinitySamePod) {
  TPod in;
  in.affinity.required_affinity = {Term(Exists("foo"), "region"), Term(Exists("bar"), "zone")};
  FakeCluster c({{"nodeA", {{"region", "r1"}, {"zone", "z1"}}},
                 {"nodeB", {{"region", "r1"}, {"zone", "z2"}}}},
                {At("pod1", "nodeA", {{"foo", ""}}), At("pod2", "nodeB", {{"bar", ""}})}, in);
  const auto got = c.Filter("InterPodAffinity");
  EXPECT_EQ(got.at("nodeA"), "node(s) didn't match pod affinity rules");
  EXPECT_EQ(got.at("nodeB"), "node(s) didn't match pod affinity rules");
}

}  // namespace
}  // namespace clustersim::testing
