// kube-scheduler's scoring arithmetic as pure functions, one per formula, with the same integer
// and floating-point steps as the Go code (kube-scheduler-scoring.md section 3; sources in each
// comment in sim/policy/scoring.cc). Plugins compute their inputs from the cluster and call
// these; tests pin them to the expected numbers of kube-scheduler's own unit tests.
#pragma once

#include <cstdint>
#include <span>

namespace clustersim {

inline constexpr int64_t kMaxNodeScore = 100;

// One resource of a NodeResourcesFit scoring strategy as the plugin sees it on one node:
// what would be requested with the pod placed there, what the node can allocate, and the
// resource's weight in the strategy.
struct ResourceUse {
  int64_t requested = 0;
  int64_t allocatable = 0;
  int64_t weight = 1;
};

// LeastAllocated: per resource (allocatable - requested) * 100 / allocatable (0 when over or
// when allocatable is 0), then the weighted average with integer division.
int64_t LeastAllocatedScore(std::span<const ResourceUse> resources);
// MostAllocated: per resource min(requested, allocatable) * 100 / allocatable, weighted average.
int64_t MostAllocatedScore(std::span<const ResourceUse> resources);

// A point of a RequestedToCapacityRatio shape, as configured (utilization 0..100, score 0..10).
struct ShapePoint {
  int64_t utilization = 0;
  int64_t score = 0;
};
// RequestedToCapacityRatio: the broken-linear shape (scores scaled x10) applied to each
// resource's utilization; only resources scoring above 0 enter the weighted average, which is
// rounded (math.Round), not truncated.
int64_t RequestedToCapacityRatioScore(std::span<const ResourceUse> resources,
                                      std::span<const ShapePoint> shape);
// helper.BuildBrokenLinearFunction evaluated at `p` on the points exactly as given (no x10);
// exposed so its truncating interpolation can be tested against upstream's own table.
int64_t BrokenLinearFunction(std::span<const ShapePoint> shape, int64_t p);

// NodeResourcesBalancedAllocation: 100 * (1 - standard deviation of the requested fractions),
// truncated; the fractions are capped at 1. Resources with allocatable 0 are skipped.
int64_t BalancedAllocationScore(std::span<const ResourceUse> resources);

// helper.DefaultNormalizeScore: scale so the maximum becomes maxPriority, optionally reversed.
void DefaultNormalizeScore(int64_t max_priority, bool reverse, std::span<int64_t> scores);

// ImageLocality for one node: `present_bytes[i]` is the size of container i's image when the
// node has it (0 otherwise), `spread[i]` the fraction of nodes that have it. Scaled and clamped
// as imagelocality.calculatePriority with `containers` containers.
int64_t ImageLocalityScore(std::span<const int64_t> present_bytes, std::span<const double> spread,
                           int containers);

}  // namespace clustersim
