#include "clustersim/k8s/topology.h"

#include <gtest/gtest.h>

#include <vector>

namespace clustersim {
namespace {

std::vector<uint32_t> Nodes(const FailureDomains& d, DomainLevel level, uint32_t domain) {
  auto span = d.NodesUnder(level, domain);
  return {span.begin(), span.end()};
}

// Two regions; rack names repeat across zones and must stay distinct racks.
FailureDomains Sample() {
  return FailureDomains::Build({
      {"eu", "eu-a", "r1"},  // 0
      {"eu", "eu-b", "r1"},  // 1
      {"us", "us-a", "r1"},  // 2
      {"eu", "eu-a", "r2"},  // 3
      {"eu", "eu-a", "r1"},  // 4
      {"us", "us-a", ""},    // 5: the zone's unnamed rack
  });
}

TEST(TopologyTest, CountsDomainsPerLevel) {
  FailureDomains d = Sample();
  EXPECT_EQ(d.Count(DomainLevel::kRegion), 2u);
  EXPECT_EQ(d.Count(DomainLevel::kZone), 3u);
  EXPECT_EQ(d.Count(DomainLevel::kRack), 5u);  // eu-a/r1, eu-b/r1, us-a/r1, eu-a/r2, us-a/""
  EXPECT_EQ(d.Count(DomainLevel::kNode), 6u);
}

TEST(TopologyTest, NodesUnderEachDomainAscending) {
  FailureDomains d = Sample();
  EXPECT_EQ(Nodes(d, DomainLevel::kRegion, 0), (std::vector<uint32_t>{0, 1, 3, 4}));
  EXPECT_EQ(Nodes(d, DomainLevel::kRegion, 1), (std::vector<uint32_t>{2, 5}));
  EXPECT_EQ(Nodes(d, DomainLevel::kZone, 0), (std::vector<uint32_t>{0, 3, 4}));
  EXPECT_EQ(Nodes(d, DomainLevel::kRack, 0), (std::vector<uint32_t>{0, 4}));  // eu-a/r1
  EXPECT_EQ(Nodes(d, DomainLevel::kRack, 1), (std::vector<uint32_t>{1}));     // eu-b/r1
  EXPECT_EQ(Nodes(d, DomainLevel::kNode, 3), (std::vector<uint32_t>{3}));
}

TEST(TopologyTest, DomainOfFollowsTheTree) {
  FailureDomains d = Sample();
  EXPECT_EQ(d.DomainOf(4, DomainLevel::kRack), 0u);
  EXPECT_EQ(d.DomainOf(1, DomainLevel::kRack), 1u);
  EXPECT_EQ(d.DomainOf(5, DomainLevel::kRack), 4u);
  EXPECT_EQ(d.DomainOf(5, DomainLevel::kZone), 2u);
  EXPECT_EQ(d.DomainOf(2, DomainLevel::kRegion), 1u);
  EXPECT_EQ(d.DomainOf(2, DomainLevel::kNode), 2u);
  EXPECT_EQ(d.Name(DomainLevel::kZone, 2), "us-a");
  EXPECT_EQ(d.Name(DomainLevel::kRack, 3), "r2");
}

TEST(TopologyTest, FindsRacksByZoneQualifiedOrUniqueName) {
  FailureDomains d = Sample();
  EXPECT_EQ(d.Find(DomainLevel::kRack, "eu-b/r1"), 1u);
  EXPECT_EQ(d.Find(DomainLevel::kRack, "r2"), 3u);          // unique
  EXPECT_EQ(d.Find(DomainLevel::kRack, "r1"), UINT32_MAX);  // in three zones
  EXPECT_EQ(d.Find(DomainLevel::kRack, "r9"), UINT32_MAX);
  EXPECT_EQ(d.Find(DomainLevel::kZone, "eu-b"), 1u);
}

TEST(TopologyTest, EmptyInputHasNoDomains) {
  FailureDomains d = FailureDomains::Build({});
  EXPECT_EQ(d.Count(DomainLevel::kZone), 0u);
  EXPECT_EQ(d.Count(DomainLevel::kNode), 0u);
}

}  // namespace
}  // namespace clustersim
