#include "clustersim/k8s/topology.h"

#include <gtest/gtest.h>

#include <vector>

namespace clustersim {
namespace {

constexpr uint32_t kNone = UINT32_MAX;

std::vector<uint32_t> Nodes(const FailureDomains& d, DomainLevel level, uint32_t domain) {
  auto span = d.NodesUnder(level, domain);
  return {span.begin(), span.end()};
}

// Two regions; rack names repeat across zones; two zones have nodes with no rack. Domain
// numbers (first appearance): regions eu=0 us=1; zones eu-a=0 eu-b=1 us-a=2; racks eu-a/r1=0
// eu-b/r1=1 us-a/r1=2 eu-a/r2=3 us-a/""=4 eu-b/""=5.
FailureDomains Sample() {
  return FailureDomains::Build({
      {"eu", "eu-a", "r1"},  // 0
      {"eu", "eu-b", "r1"},  // 1
      {"us", "us-a", "r1"},  // 2
      {"eu", "eu-a", "r2"},  // 3
      {"eu", "eu-a", "r1"},  // 4: back to rack 0 after rack 3 appeared
      {"us", "us-a", ""},    // 5
      {"eu", "eu-b", ""},    // 6
      {"us", "us-a", ""},    // 7
  });
}

TEST(TopologyTest, CountsDomainsPerLevel) {
  FailureDomains d = Sample();
  EXPECT_EQ(d.Count(DomainLevel::kRegion), 2u);
  EXPECT_EQ(d.Count(DomainLevel::kZone), 3u);
  EXPECT_EQ(d.Count(DomainLevel::kRack), 6u);
  EXPECT_EQ(d.Count(DomainLevel::kNode), 8u);
}

TEST(TopologyTest, SameRackNameInTwoZonesIsTwoRacks) {
  FailureDomains d = Sample();
  EXPECT_EQ(d.DomainOf(0, DomainLevel::kRack), 0u);
  EXPECT_EQ(d.DomainOf(1, DomainLevel::kRack), 1u);
  EXPECT_EQ(d.DomainOf(2, DomainLevel::kRack), 2u);
  for (uint32_t rack : {0u, 1u, 2u}) EXPECT_EQ(d.Name(DomainLevel::kRack, rack), "r1");
  EXPECT_EQ(Nodes(d, DomainLevel::kRack, 0), (std::vector<uint32_t>{0, 4}));
  EXPECT_EQ(Nodes(d, DomainLevel::kRack, 1), (std::vector<uint32_t>{1}));
  EXPECT_EQ(Nodes(d, DomainLevel::kRack, 2), (std::vector<uint32_t>{2}));
}

TEST(TopologyTest, EmptyRackIsOneUnnamedRackPerZone) {
  FailureDomains d = Sample();
  EXPECT_EQ(d.DomainOf(5, DomainLevel::kRack), 4u);
  EXPECT_EQ(d.DomainOf(7, DomainLevel::kRack), 4u);
  EXPECT_EQ(d.DomainOf(6, DomainLevel::kRack), 5u);
  EXPECT_EQ(d.Name(DomainLevel::kRack, 4), "");
  EXPECT_EQ(Nodes(d, DomainLevel::kRack, 4), (std::vector<uint32_t>{5, 7}));
  EXPECT_EQ(Nodes(d, DomainLevel::kRack, 5), (std::vector<uint32_t>{6}));
}

TEST(TopologyTest, NodesUnderHigherDomainsAreAscending) {
  FailureDomains d = Sample();
  // In tree order eu-a holds 0, 4 (rack r1) then 3 (rack r2): the answer must still be sorted.
  EXPECT_EQ(Nodes(d, DomainLevel::kZone, 0), (std::vector<uint32_t>{0, 3, 4}));
  EXPECT_EQ(Nodes(d, DomainLevel::kZone, 1), (std::vector<uint32_t>{1, 6}));
  EXPECT_EQ(Nodes(d, DomainLevel::kZone, 2), (std::vector<uint32_t>{2, 5, 7}));
  EXPECT_EQ(Nodes(d, DomainLevel::kRegion, 0), (std::vector<uint32_t>{0, 1, 3, 4, 6}));
  EXPECT_EQ(Nodes(d, DomainLevel::kRegion, 1), (std::vector<uint32_t>{2, 5, 7}));
  EXPECT_EQ(Nodes(d, DomainLevel::kNode, 3), (std::vector<uint32_t>{3}));
}

TEST(TopologyTest, DomainOfAgreesWithNodesUnder) {
  FailureDomains d = Sample();
  EXPECT_EQ(d.DomainOf(5, DomainLevel::kZone), 2u);
  EXPECT_EQ(d.DomainOf(2, DomainLevel::kRegion), 1u);
  EXPECT_EQ(d.DomainOf(2, DomainLevel::kNode), 2u);
  EXPECT_EQ(d.Name(DomainLevel::kZone, 2), "us-a");
  EXPECT_EQ(d.Name(DomainLevel::kRegion, 1), "us");
  EXPECT_EQ(d.Name(DomainLevel::kNode, 2), "");
  // Each level partitions the nodes, and every node listed under a domain says it is there.
  for (DomainLevel level :
       {DomainLevel::kRegion, DomainLevel::kZone, DomainLevel::kRack, DomainLevel::kNode}) {
    uint32_t listed = 0;
    for (uint32_t domain = 0; domain < d.Count(level); ++domain) {
      for (uint32_t node : d.NodesUnder(level, domain)) {
        EXPECT_EQ(d.DomainOf(node, level), domain) << "level " << static_cast<int>(level);
        ++listed;
      }
    }
    EXPECT_EQ(listed, d.Count(DomainLevel::kNode)) << "level " << static_cast<int>(level);
  }
}

TEST(TopologyTest, FindsRackByQualifiedOrUniqueName) {
  FailureDomains d = Sample();
  EXPECT_EQ(d.Find(DomainLevel::kRack, "eu-a/r1"), 0u);
  EXPECT_EQ(d.Find(DomainLevel::kRack, "eu-b/r1"), 1u);
  EXPECT_EQ(d.Find(DomainLevel::kRack, "r2"), 3u);     // unique without its zone
  EXPECT_EQ(d.Find(DomainLevel::kRack, "us-a/"), 4u);  // the zone's unnamed rack
  EXPECT_EQ(d.Find(DomainLevel::kZone, "eu-b"), 1u);
  EXPECT_EQ(d.Find(DomainLevel::kRegion, "us"), 1u);
}

TEST(TopologyTest, AmbiguousOrUnknownNamesFindNothing) {
  FailureDomains d = Sample();
  EXPECT_EQ(d.Find(DomainLevel::kRack, "r1"), kNone);  // in three zones
  EXPECT_EQ(d.Find(DomainLevel::kRack, ""), kNone);    // unnamed in two zones
  EXPECT_EQ(d.Find(DomainLevel::kRack, "r9"), kNone);
  EXPECT_EQ(d.Find(DomainLevel::kRack, "eu-b/r2"), kNone);
  EXPECT_EQ(d.Find(DomainLevel::kRack, "eu-a"), kNone);  // a zone, not a rack
  EXPECT_EQ(d.Find(DomainLevel::kNode, ""), kNone);
  // A zone name repeated in two regions: two zones, and "zone/rack" cannot tell them apart.
  FailureDomains twice = FailureDomains::Build({{"eu", "a", "r1"}, {"us", "a", "r1"}});
  EXPECT_EQ(twice.Count(DomainLevel::kZone), 2u);
  EXPECT_EQ(twice.Count(DomainLevel::kRack), 2u);
  EXPECT_EQ(Nodes(twice, DomainLevel::kZone, 1), (std::vector<uint32_t>{1}));
  EXPECT_EQ(twice.Find(DomainLevel::kZone, "a"), kNone);
  EXPECT_EQ(twice.Find(DomainLevel::kRack, "a/r1"), kNone);
}

TEST(TopologyTest, EmptyInputHasNoDomains) {
  FailureDomains d = FailureDomains::Build({});
  EXPECT_EQ(d.Count(DomainLevel::kRegion), 0u);
  EXPECT_EQ(d.Count(DomainLevel::kZone), 0u);
  EXPECT_EQ(d.Count(DomainLevel::kRack), 0u);
  EXPECT_EQ(d.Count(DomainLevel::kNode), 0u);
  EXPECT_EQ(d.Find(DomainLevel::kZone, ""), kNone);
  EXPECT_EQ(d.Find(DomainLevel::kRack, "/"), kNone);
}

}  // namespace
}  // namespace clustersim
