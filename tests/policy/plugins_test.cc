// The plugins beyond spreading and affinity, each driven on its own through FakeCluster
// (scoring_test.cc pins the formulas; these run the plugins on nodes and pods):
// ImageLocality against kube-scheduler's TestImageLocalityPriority (imagelocality/
// image_locality_test.go, v1.28-v1.31: all 7 cases), and NodePorts, VolumeRestrictions and
// NodeName against the rules in their sources (nodeports.go, volume_restrictions.go,
// nodename.go).
#include <gtest/gtest.h>

#include "fake_cluster.h"

namespace clustersim::testing {
namespace {

constexpr int64_t kMB = 1024 * 1024;

NodeImage Img(std::vector<std::string> names, int64_t mb) { return {std::move(names), mb * kMB}; }

TEST(ImageLocalityPluginTest, UpstreamTestImageLocalityPriority) {
  const std::vector<NodeImage> node403002000 = {
      Img({"gcr.io/40:latest", "gcr.io/40:v1", "gcr.io/40:v1"}, 40),
      Img({"gcr.io/300:latest", "gcr.io/300:v1"}, 300), Img({"gcr.io/2000:latest"}, 2000)};
  const std::vector<NodeImage> node25010 = {Img({"gcr.io/250:latest"}, 250),
                                            Img({"gcr.io/10:latest", "gcr.io/10:v1"}, 10)};
  const std::vector<NodeImage> node60040900 = {Img({"gcr.io/600:latest"}, 600),
                                               Img({"gcr.io/40:latest"}, 40),
                                               Img({"gcr.io/900:latest"}, 900)};
  const std::vector<NodeImage> node300600900 = {Img({"gcr.io/300:latest"}, 300),
                                                Img({"gcr.io/600:latest"}, 600),
                                                Img({"gcr.io/900:latest"}, 900)};
  const std::vector<NodeImage> node400030 = {Img({"gcr.io/4000:latest"}, 4000),
                                             Img({"gcr.io/30:latest"}, 30)};
  const std::vector<NodeImage> node203040 = {
      Img({"gcr.io/20:latest"}, 20), Img({"gcr.io/30:latest"}, 30), Img({"gcr.io/40:latest"}, 40)};
  struct Case {
    std::string name;
    std::vector<std::string> images;  // init containers' and containers' images
    std::vector<std::vector<NodeImage>> nodes;
    std::vector<int64_t> want;
  };
  const std::vector<Case> cases = {
      {"two images spread on two nodes, prefer the larger image one",
       {"gcr.io/40", "gcr.io/250"},
       {node403002000, node25010},
       {0, 5}},
      {"two images on one node, prefer this node",
       {"gcr.io/40", "gcr.io/300"},
       {node403002000, node25010},
       {7, 0}},
      {"if exceed limit, use limit",
       {"gcr.io/10", "gcr.io/4000"},
       {node400030, node25010},
       {100, 0}},
      {"if exceed limit, use limit (with node which has no images present)",
       {"gcr.io/10", "gcr.io/4000"},
       {node400030, node25010, {}},
       {66, 0, 0}},
      {"pod with multiple large images, node2 is preferred",
       {"gcr.io/300", "gcr.io/600", "gcr.io/900"},
       {node60040900, node300600900, {}},
       {32, 36, 0}},
      {"pod with multiple small images",
       {"gcr.io/30", "gcr.io/40"},
       {node203040, node400030},
       {1, 0}},
      {"include InitContainers: two images spread on two nodes, prefer the larger image one",
       {"gcr.io/30", "gcr.io/300"},
       {node403002000, node203040},
       {6, 0}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    std::vector<TNode> nodes;
    std::vector<std::string> names;
    for (size_t i = 0; i < c.nodes.size(); ++i) {
      names.push_back("node" + std::to_string(i + 1));
      nodes.push_back({names.back(), {}, false, c.nodes[i]});
    }
    TPod in;
    in.images = c.images;
    FakeCluster cluster(nodes, {}, in);
    EXPECT_EQ(cluster.Score("ImageLocality", names), c.want);
  }
}

TEST(NodePortsTest, CollidingHostPortBlocksTheNodeOnly) {
  TPod web;
  web.node = "a";
  web.host_ports = {{8080, "TCP", ""}};
  TPod udp;
  udp.node = "b";
  udp.host_ports = {{8080, "UDP", ""}};  // another protocol: no collision
  TPod in;
  in.host_ports = {{8080, "TCP", "10.0.0.1"}};  // any address collides with 0.0.0.0
  FakeCluster c({{"a", {}}, {"b", {}}, {"c", {}}}, {web, udp}, in);
  const auto got = c.Filter("NodePorts");
  EXPECT_EQ(got.at("a"), "node(s) didn't have free ports for the requested pod ports");
  EXPECT_EQ(got.at("b"), "");
  EXPECT_EQ(got.at("c"), "");
}

TEST(NodePortsTest, DifferentHostIpsDoNotCollide) {
  TPod web;
  web.node = "a";
  web.host_ports = {{8080, "TCP", "10.0.0.2"}};
  TPod in;
  in.host_ports = {{8080, "TCP", "10.0.0.1"}};
  FakeCluster c({{"a", {}}}, {web}, in);
  EXPECT_EQ(c.Filter("NodePorts").at("a"), "");
}

TEST(NodePortsTest, PodWithoutHostPortsSkips) {
  TPod web;
  web.node = "a";
  web.host_ports = {{8080, "TCP", ""}};
  bool skipped = false;
  FakeCluster c({{"a", {}}}, {web}, TPod{});
  EXPECT_EQ(c.Filter("NodePorts", &skipped).at("a"), "");
  EXPECT_TRUE(skipped);
}

TEST(VolumeRestrictionsTest, ReadWriteOncePodClaimInUseBlocksEveryNode) {
  TPod user;
  user.node = "a";
  user.rwop_claims = {"data"};
  TPod in;
  in.rwop_claims = {"data"};
  FakeCluster c({{"a", {}}, {"b", {}}}, {user}, in);
  const auto got = c.Filter("VolumeRestrictions");
  const std::string want =
      "node has pod using PersistentVolumeClaim with the same name and ReadWriteOncePod access "
      "mode";
  EXPECT_EQ(got.at("a"), want);
  EXPECT_EQ(got.at("b"), want);
}

TEST(VolumeRestrictionsTest, ClaimOfAnotherNamespaceOrUnboundUserIsFree) {
  TPod other_ns;
  other_ns.node = "a";
  other_ns.ns = "other";
  other_ns.rwop_claims = {"data"};
  TPod pending;  // not bound to a node: does not hold the claim yet
  pending.rwop_claims = {"data"};
  TPod in;
  in.rwop_claims = {"data"};
  FakeCluster c({{"a", {}}}, {other_ns, pending}, in);
  EXPECT_EQ(c.Filter("VolumeRestrictions").at("a"), "");
}

TEST(NodeNameTest, OnlyTheNamedNodePasses) {
  TPod in;
  FakeCluster c({{"a", {}}, {"b", {}}}, {}, in);
  c.pod().node_name = c.NodeId("b");
  const auto got = c.Filter("NodeName");
  EXPECT_EQ(got.at("a"), "node(s) didn't match the requested node name");
  EXPECT_EQ(got.at("b"), "");
}

}  // namespace
}  // namespace clustersim::testing
