// Pins the scoring functions to kube-scheduler's own unit tests (kubernetes/kubernetes, v1.28-v1.31
// revisions; paths relative to pkg/scheduler/framework/plugins/). Each upstream case describes
// pods and nodes; here it is reduced to what the formula sees on each node, keeping upstream's
// test name and expected score. Translation rules:
//  - st.MakeNode().Capacity({"cpu": "4000"}) is 4000 *cores*, i.e. 4000000 millicores (kCore);
//    makeNode(name, milliCPU, memory) is already in millicores and bytes.
//  - st.MakePod() has no containers and requests nothing; Req(...) adds one container with
//    exactly those requests (an explicit "0" stays 0).
//  - Least/Most/RequestedToCapacityRatio see NonZeroRequested: a container *missing* a cpu or
//    memory request counts 100m / 200Mi (schedutil.DefaultMilliCPURequest/DefaultMemoryRequest);
//    BalancedAllocation sees actual requests (useRequested).
//  - An extended resource the incoming pod does not request is bypassed by
//    calculateResourceAllocatableRequest returning (0, 0); it appears here as allocatable 0.
#include "clustersim/policy/scoring.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <vector>

namespace clustersim {
namespace {

constexpr int64_t kCore = 1000;                // millicores per core
constexpr int64_t kMi = 1024 * 1024;           // bytes per MiB
constexpr int64_t kDefaultMilliCPU = 100;      // schedutil.DefaultMilliCPURequest
constexpr int64_t kDefaultMemory = 200 * kMi;  // schedutil.DefaultMemoryRequest

struct NodeCase {
  std::string node;
  std::vector<ResourceUse> resources;  // in the order of the strategy's resource list
  int64_t want;
};

struct ResourceCase {
  std::string name;  // upstream test name
  std::vector<NodeCase> nodes;
};

template <typename Score>
void ExpectScores(const std::vector<ResourceCase>& cases, Score score) {
  for (const ResourceCase& c : cases) {
    for (const NodeCase& n : c.nodes) {
      SCOPED_TRACE(c.name + " / " + n.node);
      EXPECT_EQ(score(std::span<const ResourceUse>(n.resources)), n.want);
    }
  }
}

// noderesources/least_allocated_test.go, TestLeastAllocatedScoringStrategy. Resources are
// defaultResources (cpu:1, memory:1) unless stated. The three weight-validation cases
// (negative, zero, > MaxNodeScore) test config validation and have no score to port.
TEST(LeastAllocatedTest, UpstreamTestLeastAllocatedScoringStrategy) {
  const std::vector<ResourceCase> cases = {
      {"nothing scheduled, nothing requested",
       {{"node1", {{0, 4000 * kCore, 1}, {0, 10000, 1}}, 100},
        {"node2", {{0, 4000 * kCore, 1}, {0, 10000, 1}}, 100}}},
      // Pod: two containers, cpu 1000+2000 cores, memory 2000+3000.
      {"nothing scheduled, resources requested, differently sized nodes",
       {{"node1", {{3000 * kCore, 4000 * kCore, 1}, {5000, 10000, 1}}, 37},
        {"node2", {{3000 * kCore, 6000 * kCore, 1}, {5000, 10000, 1}}, 50}}},
      // Upstream also expects an Error status here (no resources configured); this API has no
      // status, only the MinNodeScore result is comparable.
      {"Resources not set, pods scheduled with error", {{"node1", {}, 0}, {"node2", {}, 0}}},
      // Existing pods have no containers, so they add nothing even under NonZeroRequested.
      {"no resources requested, pods scheduled",
       {{"node1", {{0, 4000 * kCore, 1}, {0, 10000, 1}}, 100},
        {"node2", {{0, 4000 * kCore, 1}, {0, 10000, 1}}, 100}}},
      // node1: 2 x (3000 cores, memory "0"); node2: (3000, "0") + (3000, 5000).
      {"no resources requested, pods scheduled with resources",
       {{"node1", {{6000 * kCore, 10000 * kCore, 1}, {0, 20000, 1}}, 70},
        {"node2", {{6000 * kCore, 10000 * kCore, 1}, {5000, 20000, 1}}, 57}}},
      // Pod 3000 cores / 5000; node1 has (3000, "0"), node2 has (3000, 5000).
      {"resources requested, pods scheduled with resources",
       {{"node1", {{6000 * kCore, 10000 * kCore, 1}, {5000, 20000, 1}}, 57},
        {"node2", {{6000 * kCore, 10000 * kCore, 1}, {10000, 20000, 1}}, 45}}},
      {"resources requested, pods scheduled with resources, differently sized nodes",
       {{"node1", {{6000 * kCore, 10000 * kCore, 1}, {5000, 20000, 1}}, 57},
        {"node2", {{6000 * kCore, 10000 * kCore, 1}, {10000, 50000, 1}}, 60}}},
      // Pod (3000 cores, memory "0") on nodes already holding 3000 cores: cpu scores 0.
      {"requested resources exceed node capacity",
       {{"node1", {{6000 * kCore, 4000 * kCore, 1}, {0, 10000, 1}}, 50},
        {"node2", {{6000 * kCore, 4000 * kCore, 1}, {5000, 10000, 1}}, 25}}},
      // Nodes without capacity: every resource is skipped, weight sum 0.
      {"zero node resources, pods scheduled with resources",
       {{"node1", {{3000 * kCore, 0, 1}, {0, 0, 1}}, 0},
        {"node2", {{3000 * kCore, 0, 1}, {5000, 0, 1}}, 0}}},
      // Resources: memory:2, cpu:1 (upstream's order).
      {"nothing scheduled, resources requested with different weight on CPU and memory, "
       "differently sized nodes",
       {{"node1", {{5000, 10000, 2}, {3000 * kCore, 4000 * kCore, 1}}, 41},
        {"node2", {{5000, 10000, 2}, {3000 * kCore, 6000 * kCore, 1}}, 50}}},
      // extendedResourceSet: cpu:1, memory:1, abc.com/xyz:1. The pod does not request
      // abc.com/xyz, so it is bypassed on both nodes (node2 has 4 of it).
      {"bypass extended resource if the pod does not request",
       {{"node1", {{3000 * kCore, 6000 * kCore, 1}, {5000, 10000, 1}, {0, 0, 1}}, 50},
        {"node2", {{3000 * kCore, 6000 * kCore, 1}, {5000, 10000, 1}, {0, 0, 1}}, 50}}},
      // Pod requests abc.com/xyz: 2; node1 has 4 of it, node2 10.
      {"honor extended resource if the pod requests",
       {{"node1", {{3000 * kCore, 6000 * kCore, 1}, {5000, 10000, 1}, {2, 4, 1}}, 50},
        {"node2", {{3000 * kCore, 6000 * kCore, 1}, {5000, 10000, 1}, {2, 10, 1}}, 60}}},
      // Resources abc.com/xyz:2, cpu:1, memory:1; the pod does not request abc.com/xyz, so its
      // weight 2 drops out on node1 (no such resource) and node2 (bypassed) alike.
      {"if the node doesn't have a resource",
       {{"node1", {{0, 0, 2}, {3000 * kCore, 6000 * kCore, 1}, {4000, 10000, 1}}, 55},
        {"node2", {{0, 0, 2}, {3000 * kCore, 6000 * kCore, 1}, {4000, 10000, 1}}, 55}}},
  };
  ExpectScores(cases, LeastAllocatedScore);
}

// noderesources/most_allocated_test.go, TestMostAllocatedScoringStrategy. Same translation as
// above; the three weight-validation cases have no score to port.
TEST(MostAllocatedTest, UpstreamTestMostAllocatedScoringStrategy) {
  const std::vector<ResourceCase> cases = {
      {"nothing scheduled, nothing requested",
       {{"node1", {{0, 4000 * kCore, 1}, {0, 10000, 1}}, 0},
        {"node2", {{0, 4000 * kCore, 1}, {0, 10000, 1}}, 0}}},
      {"nothing scheduled, resources requested, differently sized nodes",
       {{"node1", {{3000 * kCore, 4000 * kCore, 1}, {5000, 10000, 1}}, 62},
        {"node2", {{3000 * kCore, 6000 * kCore, 1}, {5000, 10000, 1}}, 50}}},
      // Upstream also expects an Error status; only the score is comparable.
      {"Resources not set, pods scheduled with error", {{"node1", {}, 0}, {"node2", {}, 0}}},
      {"no resources requested, pods scheduled with resources",
       {{"node1", {{6000 * kCore, 10000 * kCore, 1}, {0, 20000, 1}}, 30},
        {"node2", {{6000 * kCore, 10000 * kCore, 1}, {5000, 20000, 1}}, 42}}},
      {"resources requested, pods scheduled with resources",
       {{"node1", {{6000 * kCore, 10000 * kCore, 1}, {5000, 20000, 1}}, 42},
        {"node2", {{6000 * kCore, 10000 * kCore, 1}, {10000, 20000, 1}}, 55}}},
      // Pod: cpu 2000+3000 cores, memory 4000+5000.
      {"resources requested equal node capacity",
       {{"node1", {{5000 * kCore, 5000 * kCore, 1}, {9000, 10000, 1}}, 95},
        {"node2", {{5000 * kCore, 10000 * kCore, 1}, {9000, 9000, 1}}, 75}}},
      // Upstream reuses the name of the second case for this one (resources memory:2, cpu:1).
      {"nothing scheduled, resources requested, differently sized nodes (memory:2, cpu:1)",
       {{"node1", {{5000, 10000, 2}, {3000 * kCore, 4000 * kCore, 1}}, 58},
        {"node2", {{5000, 10000, 2}, {3000 * kCore, 6000 * kCore, 1}}, 50}}},
      // The non-zero defaults at work: nodes have 250m / 1000Mi; node1 holds two pods and the
      // incoming pod has one container, all without requests, so each container counts
      // 100m / 200Mi. node1: cpu 300m (> 250m, clamped) and 600Mi; node2: the pod alone.
      {"no resources requested, pods scheduled, nonzero request for resource",
       {{"node1", {{3 * kDefaultMilliCPU, 250, 1}, {3 * kDefaultMemory, 1000 * kMi, 1}}, 80},
        {"node2", {{kDefaultMilliCPU, 250, 1}, {kDefaultMemory, 1000 * kMi, 1}}, 30}}},
      {"bypass extended resource if the pod does not request",
       {{"node1", {{3000 * kCore, 6000 * kCore, 1}, {5000, 10000, 1}, {0, 0, 1}}, 50},
        {"node2", {{3000 * kCore, 6000 * kCore, 1}, {5000, 10000, 1}, {0, 0, 1}}, 50}}},
      {"honor extended resource if the pod request",
       {{"node1", {{3000 * kCore, 6000 * kCore, 1}, {5000, 10000, 1}, {2, 4, 1}}, 50},
        {"node2", {{3000 * kCore, 6000 * kCore, 1}, {5000, 10000, 1}, {2, 10, 1}}, 40}}},
      {"if the node doesn't have a resource",
       {{"node1", {{0, 0, 2}, {3000 * kCore, 6000 * kCore, 1}, {4000, 10000, 1}}, 45},
        {"node2", {{0, 0, 2}, {3000 * kCore, 6000 * kCore, 1}, {4000, 10000, 1}}, 45}}},
  };
  ExpectScores(cases, MostAllocatedScore);
}

struct RtcrSuite {
  std::string upstream_test;
  std::vector<ShapePoint> shape;  // as configured: scores 0..10
  std::vector<ResourceCase> cases;
};

// noderesources/requested_to_capacity_ratio_test.go: TestRequestedToCapacityRatioScoringStrategy,
// TestResourceBinPackingSingleExtended, TestResourceBinPackingMultipleExtended.
TEST(RequestedToCapacityRatioTest, UpstreamScoringStrategyAndBinPacking) {
  const std::vector<RtcrSuite> suites = {
      {"TestRequestedToCapacityRatioScoringStrategy",
       {{0, 10}, {100, 0}},
       {
           {"nothing scheduled, nothing requested (default - least requested nodes have priority)",
            {{"node1", {{0, 4000 * kCore, 1}, {0, 10000, 1}}, 100},
             {"node2", {{0, 4000 * kCore, 1}, {0, 10000, 1}}, 100}}},
           // cpu 75% -> 25, memory 50% -> 50: 37.5 rounds (math.Round) to 38, not 37.
           {"nothing scheduled, resources requested, differently sized nodes (default - least "
            "requested nodes have priority)",
            {{"node1", {{3000 * kCore, 4000 * kCore, 1}, {5000, 10000, 1}}, 38},
             {"node2", {{3000 * kCore, 6000 * kCore, 1}, {5000, 10000, 1}}, 50}}},
           {"no resources requested, pods scheduled with resources (default - least requested "
            "nodes have priority)",
            {{"node1", {{3000 * kCore, 4000 * kCore, 1}, {5000, 10000, 1}}, 38},
             {"node2", {{3000 * kCore, 6000 * kCore, 1}, {5000, 10000, 1}}, 50}}},
       }},
      // Resources: intel.com/foo:1; node1 has 8, node2 has 4.
      {"TestResourceBinPackingSingleExtended",
       {{0, 0}, {100, 1}},
       {
           // The pod does not request intel.com/foo: bypassed, nothing left to average.
           {"nothing scheduled, nothing requested",
            {{"node1", {{0, 0, 1}}, 0}, {"node2", {{0, 0, 1}}, 0}}},
           {"resources requested, pods scheduled with less resources",
            {{"node1", {{2, 8, 1}}, 2}, {"node2", {{2, 4, 1}}, 5}}},
           {"resources requested, pods scheduled with resources, on node with existing pod "
            "running ",
            {{"node1", {{2, 8, 1}}, 2}, {"node2", {{2 + 2, 4, 1}}, 10}}},
           {"resources requested, pods scheduled with more resources",
            {{"node1", {{4, 8, 1}}, 5}, {"node2", {{4, 4, 1}}, 10}}},
       }},
      // Resources: intel.com/foo:3, intel.com/bar:5; node1 has foo 8 / bar 4, node2 foo 4 / bar 8.
      {"TestResourceBinPackingMultipleExtended",
       {{0, 0}, {100, 1}},
       {
           {"nothing scheduled, nothing requested",
            {{"node1", {{0, 0, 3}, {0, 0, 5}}, 0}, {"node2", {{0, 0, 3}, {0, 0, 5}}, 0}}},
           // node1: (2*3 + 5*5) / 8 = 3.875 -> 4; node2: (5*3 + 2*5) / 8 = 3.125 -> 3.
           {"resources requested, pods scheduled with less resources",
            {{"node1", {{2, 8, 3}, {2, 4, 5}}, 4}, {"node2", {{2, 4, 3}, {2, 8, 5}}, 3}}},
           // node2 already runs a pod with foo 4 / bar 2: foo 6 > 4 counts as 100% utilization.
           {"resources requested, pods scheduled with resources, on node with existing pod "
            "running ",
            {{"node1", {{2, 8, 3}, {2, 4, 5}}, 4}, {"node2", {{4 + 2, 4, 3}, {2 + 2, 8, 5}}, 7}}},
           {"resources requested, pods scheduled with more resources",
            {{"node1", {{4, 8, 3}, {2, 4, 5}}, 5}, {"node2", {{4, 4, 3}, {2, 8, 5}}, 5}}},
       }},
  };
  for (const RtcrSuite& suite : suites) {
    SCOPED_TRACE(suite.upstream_test);
    ExpectScores(suite.cases, [&](std::span<const ResourceUse> r) {
      return RequestedToCapacityRatioScore(r, suite.shape);
    });
  }
}

// Not an upstream test: the "score > 0" filter of buildRequestedToCapacityRatioScorerFunction,
// which none of upstream's cases exercises. A full cpu scores 0 on {0,10},{100,0} and drops out
// with its weight, so the node scores memory's 100 alone, not (0 + 100) / 2.
TEST(RequestedToCapacityRatioTest, ZeroScoredResourceLeavesTheAverage) {
  const std::vector<ShapePoint> shape = {{0, 10}, {100, 0}};
  const std::vector<ResourceUse> use = {{4000, 4000, 1}, {0, 10000, 1}};
  EXPECT_EQ(RequestedToCapacityRatioScore(use, shape), 100);
}

// noderesources/requested_to_capacity_ratio_test.go, TestBrokenLinearFunction (case_0..case_2).
// The points are raw helper.FunctionShapePoint values (not scaled x10).
TEST(BrokenLinearFunctionTest, UpstreamTestBrokenLinearFunction) {
  struct Assertion {
    int64_t p;
    int64_t expected;
  };
  struct Case {
    std::vector<ShapePoint> points;
    std::vector<Assertion> assertions;
  };
  const std::vector<Case> cases = {
      {{{10, 1}, {90, 9}},
       {{-10, 1},
        {0, 1},
        {9, 1},
        {10, 1},
        {15, 1},
        {19, 1},
        {20, 2},
        {89, 8},
        {90, 9},
        {99, 9},
        {100, 9},
        {110, 9}}},
      {{{0, 2}, {40, 10}, {100, 0}},
       {{-10, 2}, {0, 2}, {20, 6}, {30, 8}, {40, 10}, {70, 5}, {100, 0}, {110, 0}}},
      {{{0, 2}, {40, 2}, {100, 2}},
       {{-10, 2}, {0, 2}, {20, 2}, {30, 2}, {40, 2}, {70, 2}, {100, 2}, {110, 2}}},
  };
  for (size_t i = 0; i < cases.size(); ++i) {
    for (const Assertion& a : cases[i].assertions) {
      SCOPED_TRACE("case_" + std::to_string(i) + " p=" + std::to_string(a.p));
      EXPECT_EQ(BrokenLinearFunction(cases[i].points, a.p), a.expected);
    }
  }
}

// noderesources/balanced_allocation_test.go, TestNodeResourcesBalancedAllocation (the v1.28-v1.31
// table, before best-effort pods were skipped in PreScore). Actual requests, no defaults.
// Existing pods: cpuOnly (node1: 1000m+2000m cpu, memory "0"), cpuOnly2 (the same on node2),
// cpuAndMemory (node2: 3000m, 5000), cpuAndMemoryAndGPU (node1: 3000m, 5000, nvidia.com/gpu 3).
TEST(BalancedAllocationTest, UpstreamTestNodeResourcesBalancedAllocation) {
  const std::vector<ResourceCase> cases = {
      {"nothing scheduled, nothing requested",
       {{"node1", {{0, 4000, 1}, {0, 10000, 1}}, 100},
        {"node2", {{0, 4000, 1}, {0, 10000, 1}}, 100}}},
      // Pod cpuAndMemory (3000m, 5000). node1: |0.75 - 0.5| / 2 = 0.125 -> 87.
      {"nothing scheduled, resources requested, differently sized nodes",
       {{"node1", {{3000, 4000, 1}, {5000, 10000, 1}}, 87},
        {"node2", {{3000, 6000, 1}, {5000, 10000, 1}}, 100}}},
      {"no resources requested, pods without container scheduled",
       {{"node1", {{0, 4000, 1}, {0, 10000, 1}}, 100},
        {"node2", {{0, 4000, 1}, {0, 10000, 1}}, 100}}},
      // The existing pods have no containers; with actual requests no 100m/200Mi default
      // would apply anyway.
      {"no resources requested, pods with container scheduled",
       {{"node1", {{0, 250, 1}, {0, 1000 * kMi, 1}}, 100},
        {"node2", {{0, 250, 1}, {0, 1000 * kMi, 1}}, 100}}},
      // node1: cpuOnly x2; node2: cpuOnly2 + cpuAndMemory.
      {"no resources requested, pods scheduled with resources",
       {{"node1", {{6000, 10000, 1}, {0, 20000, 1}}, 70},
        {"node2", {{6000, 10000, 1}, {5000, 20000, 1}}, 82}}},
      {"resources requested, pods scheduled with resources",
       {{"node1", {{6000, 10000, 1}, {5000, 20000, 1}}, 82},
        {"node2", {{6000, 10000, 1}, {10000, 20000, 1}}, 95}}},
      {"resources requested, pods scheduled with resources, differently sized nodes",
       {{"node1", {{6000, 10000, 1}, {5000, 20000, 1}}, 82},
        {"node2", {{6000, 10000, 1}, {10000, 50000, 1}}, 80}}},
      // Pod cpuOnly; cpu fraction 6000/6000 = 1 on both nodes.
      {"requested resources at node capacity",
       {{"node1", {{6000, 6000, 1}, {0, 10000, 1}}, 50},
        {"node2", {{6000, 6000, 1}, {5000, 10000, 1}}, 75}}},
      // All resources skipped (allocatable 0): no fractions, std 0.
      {"zero node resources, pods scheduled with resources",
       {{"node1", {{3000, 0, 1}, {0, 0, 1}}, 100}, {"node2", {{3000, 0, 1}, {5000, 0, 1}}, 100}}},
      // Resources cpu, memory, nvidia.com/gpu (8 per node); pod requests memory "0", gpu 1.
      // Three fractions: population standard deviation.
      {"include scalar resource on a node for balanced resource allocation",
       {{"node1", {{3000, 3500, 1}, {5000, 40000, 1}, {3 + 1, 8, 1}}, 70},
        {"node2", {{3000, 3500, 1}, {5000, 40000, 1}, {1, 8, 1}}, 65}}},
      // Resources cpu, nvidia.com/gpu; the pod does not request gpu, so it is bypassed and a
      // single fraction remains (std 0).
      {"node without the scalar resource results to a higher score",
       {{"node1", {{3000, 3500, 1}, {0, 0, 1}}, 100},
        {"node2", {{3000, 3500, 1}, {0, 0, 1}}, 100}}},
      {"resources requested, pods scheduled with resources if PreScore not called",
       {{"node1", {{6000, 10000, 1}, {5000, 20000, 1}}, 82},
        {"node2", {{6000, 10000, 1}, {10000, 20000, 1}}, 95}}},
      // From a later revision of the same file (v1.33); the formula it checks is unchanged.
      {"node without the scalar resource should skip the scalar resource",
       {{"node1", {{3000, 3500, 1}, {5000, 40000, 1}, {0, 0, 1}}, 63},
        {"node2", {{3000, 3500, 1}, {5000, 40000, 1}, {0, 0, 1}}, 63}}},
  };
  ExpectScores(cases, BalancedAllocationScore);
}

struct NormalizeCase {
  std::string name;
  bool reverse;
  std::vector<int64_t> scores;
  std::vector<int64_t> want;
};

void ExpectNormalized(const std::vector<NormalizeCase>& cases) {
  for (const NormalizeCase& c : cases) {
    SCOPED_TRACE(c.name);
    std::vector<int64_t> scores = c.scores;
    DefaultNormalizeScore(kMaxNodeScore, c.reverse, scores);
    EXPECT_EQ(scores, c.want);
  }
}

// helper/normalize_score_test.go, TestDefaultNormalizeScore (case_0..case_6).
TEST(DefaultNormalizeScoreTest, UpstreamTestDefaultNormalizeScore) {
  ExpectNormalized({
      {"case_0", false, {1, 2, 3, 4}, {25, 50, 75, 100}},
      {"case_1", true, {1, 2, 3, 4}, {75, 50, 25, 0}},
      {"case_2", false, {1000, 10, 20, 30}, {100, 1, 2, 3}},
      {"case_3", true, {1000, 10, 20, 30}, {0, 99, 98, 97}},
      {"case_4", false, {1, 1, 1, 1}, {100, 100, 100, 100}},
      {"case_5", false, {1000, 1, 1, 1}, {100, 0, 0, 0}},
      {"case_6", true, {0, 1, 1, 1}, {100, 0, 0, 0}},
  });
}

// tainttoleration/taint_toleration_test.go, TestTaintTolerationScore: raw score = number of the
// node's PreferNoSchedule taints the pod does not tolerate, normalized with reverse = true. The
// Gt/Lt comparison-operator cases belong to later releases and are not ported.
TEST(DefaultNormalizeScoreTest, UpstreamTestTaintTolerationScore) {
  ExpectNormalized({
      // nodeA: foo=bar (tolerated); nodeB: foo=blah (not).
      {"node with taints tolerated by the pod, gets a higher score than those node with "
       "intolerable taints",
       true,
       {0, 1},
       {100, 0}},
      // Every taint is tolerated: all raw scores 0, which reverse maps to 100.
      {"the nodes that all of their taints are tolerated by the pod, get the same score, no "
       "matter how many tolerable taints a node has",
       true,
       {0, 0, 0},
       {100, 100, 100}},
      {"the more intolerable taints a node has, the lower score it gets.",
       true,
       {0, 1, 2},
       {100, 50, 0}},
      // nodeB's taint is NoSchedule (not counted); nodeC has two PreferNoSchedule taints that
      // NoSchedule tolerations do not cover.
      {"only taints and tolerations that have effect PreferNoSchedule are checked by "
       "taints-tolerations priority function",
       true,
       {0, 0, 2},
       {100, 100, 0}},
      {"Default behaviour No taints and tolerations, lands on node with no taints",
       true,
       {0, 1},
       {100, 0}},
  });
}

// nodeaffinity/node_affinity_test.go, TestNodeAffinityPriority: raw score = sum of the weights
// of matching preferred terms, normalized with reverse = false. affinity1 = {2: foo=bar};
// affinity2 = {2: foo=bar, 4: key=value, 5: foo=bar & key=value & az=az1}. The Skip and
// broken-affinity cases check PreScore statuses and have no scores.
TEST(DefaultNormalizeScoreTest, UpstreamTestNodeAffinityPriority) {
  ExpectNormalized({
      {"all nodes are same priority as NodeAffinity is nil", false, {0, 0, 0}, {0, 0, 0}},
      {"no node matches preferred scheduling requirements in NodeAffinity of pod so all nodes' "
       "priority is zero",
       false,
       {0, 0, 0},
       {0, 0, 0}},
      {"only node1 matches the preferred scheduling requirements of pod",
       false,
       {2, 0, 0},
       {100, 0, 0}},
      // node1 {foo}: 2; node5 {foo, key, az}: 2 + 4 + 5 = 11; node2 {key}: 4.
      {"all nodes matches the preferred scheduling requirements of pod but with different "
       "priorities ",
       false,
       {2, 11, 4},
       {18, 100, 36}},
      // The profile's addedAffinity is affinity1.
      {"added affinity", false, {2, 0}, {100, 0}},
      // Pod affinity1 plus addedAffinity {3: key=value}; node3 carries label5.
      {"added affinity and pod has default affinity", false, {2, 3, 5}, {40, 60, 100}},
      {"calculate the priorities correctly even if PreScore is not called",
       false,
       {2, 11, 4},
       {18, 100, 36}},
  });
}

// A node's images as the snapshot summarizes them: image name -> size in bytes.
using NodeImages = std::map<std::string, int64_t>;

// What imagelocality.Score derives from the snapshot for one node: per container (init
// containers included) the image size if the node has it, and spread = NumNodes / totalNumNodes
// computed in float64 exactly as scaledImageScore does.
int64_t ImageScore(const std::vector<NodeImages>& nodes, size_t node,
                   const std::vector<std::string>& pod_images) {
  std::vector<int64_t> present;
  std::vector<double> spread;
  for (const std::string& image : pod_images) {
    int num_nodes = 0;
    for (const NodeImages& n : nodes) num_nodes += n.contains(image) ? 1 : 0;
    const auto it = nodes[node].find(image);
    present.push_back(it == nodes[node].end() ? 0 : it->second);
    spread.push_back(static_cast<double>(num_nodes) / static_cast<double>(nodes.size()));
  }
  return ImageLocalityScore(present, spread, static_cast<int>(pod_images.size()));
}

// imagelocality/image_locality_test.go, TestImageLocalityPriority (v1.28-v1.31 table: the
// threshold is 1000 MiB per container and init containers count).
TEST(ImageLocalityTest, UpstreamTestImageLocalityPriority) {
  const NodeImages node403002000 = {
      {"gcr.io/40", 40 * kMi}, {"gcr.io/300", 300 * kMi}, {"gcr.io/2000", 2000 * kMi}};
  const NodeImages node25010 = {{"gcr.io/250", 250 * kMi}, {"gcr.io/10", 10 * kMi}};
  const NodeImages node60040900 = {
      {"gcr.io/600", 600 * kMi}, {"gcr.io/40", 40 * kMi}, {"gcr.io/900", 900 * kMi}};
  const NodeImages node300600900 = {
      {"gcr.io/300", 300 * kMi}, {"gcr.io/600", 600 * kMi}, {"gcr.io/900", 900 * kMi}};
  const NodeImages node400030 = {{"gcr.io/4000", 4000 * kMi}, {"gcr.io/30", 30 * kMi}};
  const NodeImages node203040 = {
      {"gcr.io/20", 20 * kMi}, {"gcr.io/30", 30 * kMi}, {"gcr.io/40", 40 * kMi}};
  const NodeImages node_with_no_images = {};

  struct Case {
    std::string name;
    std::vector<std::string> pod_images;  // init containers first, then containers
    std::vector<NodeImages> nodes;
    std::vector<int64_t> want;
  };
  const std::vector<Case> cases = {
      // node2: 100 * (250M/2 - 23M) / (1000M*2 - 23M) = 5.
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
      // Spread 1/3 in float64: 4000M * 0.333... truncated, then 100 * (.. - 23M) / (2000M - 23M).
      {"if exceed limit, use limit (with node which has no images present)",
       {"gcr.io/10", "gcr.io/4000"},
       {node400030, node25010, node_with_no_images},
       {66, 0, 0}},
      {"pod with multiple large images, node2 is preferred",
       {"gcr.io/300", "gcr.io/600", "gcr.io/900"},
       {node60040900, node300600900, node_with_no_images},
       {32, 36, 0}},
      {"pod with multiple small images",
       {"gcr.io/30", "gcr.io/40"},
       {node203040, node400030},
       {1, 0}},
      // Init container gcr.io/300 plus container gcr.io/30: two containers, both summed.
      {"include InitContainers: two images spread on two nodes, prefer the larger image one",
       {"gcr.io/300", "gcr.io/30"},
       {node403002000, node203040},
       {6, 0}},
  };
  for (const Case& c : cases) {
    for (size_t i = 0; i < c.nodes.size(); ++i) {
      SCOPED_TRACE(c.name + " / node" + std::to_string(i + 1));
      EXPECT_EQ(ImageScore(c.nodes, i, c.pod_images), c.want[i]);
    }
  }
}

}  // namespace
}  // namespace clustersim
