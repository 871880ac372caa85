// kube-scheduler v1.28-v1.31 scoring arithmetic (kube-scheduler-scoring.md section 3), written
// to repeat the Go code's integer and float64 steps one for one, so that every rounding and
// truncation lands where kube-scheduler's does. "k/k" below is kubernetes/kubernetes; paths are
// relative to pkg/scheduler/framework/plugins/.
#include "clustersim/policy/scoring.h"

#include <cassert>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>

namespace clustersim {
namespace {

// config.MaxCustomPriorityScore: RequestedToCapacityRatio shape scores are configured on 0..10.
constexpr int64_t kMaxCustomPriorityScore = 10;
// noderesources/requested_to_capacity_ratio.go: maxUtilization.
constexpr int64_t kMaxUtilization = 100;

// imagelocality/image_locality.go: mb, minThreshold, maxContainerThreshold.
constexpr int64_t kMb = 1024 * 1024;
constexpr int64_t kImageMinThreshold = 23 * kMb;
constexpr int64_t kImageMaxContainerThreshold = 1000 * kMb;

// helper/shape_score.go, BuildBrokenLinearFunction, on points whose scores are multiplied by
// `score_scale` as they are read (RequestedToCapacityRatio's x10 happens before interpolation,
// so scaling on read is the same as scaling a copy). The interpolation is int64 arithmetic and
// truncates toward zero like Go's. Upstream indexes shape[len-1] and would panic on an empty
// shape, which config validation rules out; 0 is returned here instead.
int64_t EvalBrokenLinear(std::span<const ShapePoint> shape, int64_t score_scale, int64_t p) {
  if (shape.empty()) return 0;
  for (size_t i = 0; i < shape.size(); ++i) {
    if (p <= shape[i].utilization) {
      if (i == 0) return shape[0].score * score_scale;
      const int64_t lo_score = shape[i - 1].score * score_scale;
      const int64_t hi_score = shape[i].score * score_scale;
      return lo_score + (hi_score - lo_score) * (p - shape[i - 1].utilization) /
                            (shape[i].utilization - shape[i - 1].utilization);
    }
  }
  return shape.back().score * score_scale;
}

}  // namespace

// k/k helper/shape_score.go, BuildBrokenLinearFunction.
int64_t BrokenLinearFunction(std::span<const ShapePoint> shape, int64_t p) {
  return EvalBrokenLinear(shape, /*score_scale=*/1, p);
}

// k/k noderesources/requested_to_capacity_ratio.go, requestedToCapacityRatioScorer and
// buildRequestedToCapacityRatioScorerFunction (v1.28-v1.31 form).
int64_t RequestedToCapacityRatioScore(std::span<const ResourceUse> resources,
                                      std::span<const ShapePoint> shape) {
  // Configured scores (0..10) are scaled to MaxNodeScore *before* interpolation, so the
  // truncation happens on the 0..100 scale, not the 0..10 one.
  constexpr int64_t kScoreScale = kMaxNodeScore / kMaxCustomPriorityScore;
  int64_t node_score = 0;
  int64_t weight_sum = 0;
  for (const ResourceUse& r : resources) {
    // An allocatable of 0 skips the resource with its weight; the "capacity == 0 -> utilization
    // 100" branch of resourceScoringFunction is therefore unreachable from here.
    if (r.allocatable == 0) continue;
    const int64_t utilization = r.requested > r.allocatable
                                    ? kMaxUtilization
                                    : r.requested * kMaxUtilization / r.allocatable;
    const int64_t resource_score = EvalBrokenLinear(shape, kScoreScale, utilization);
    // Only resources scoring above 0 enter the average, weight included.
    if (resource_score > 0) {
      node_score += resource_score * r.weight;
      weight_sum += r.weight;
    }
  }
  if (weight_sum == 0) return 0;
  // math.Round: half away from zero, as std::round.
  return static_cast<int64_t>(
      std::round(static_cast<double>(node_score) / static_cast<double>(weight_sum)));
}

// k/k helper/normalize_score.go, DefaultNormalizeScore.
void DefaultNormalizeScore(int64_t max_priority, bool reverse, std::span<int64_t> scores) {
  int64_t max_count = 0;
  for (int64_t s : scores) {
    if (s > max_count) max_count = s;
  }
  if (max_count == 0) {
    if (reverse) {
      for (int64_t& s : scores) s = max_priority;
    }
    return;
  }
  for (int64_t& s : scores) {
    int64_t score = max_priority * s / max_count;
    if (reverse) score = max_priority - score;
    s = score;
  }
}

// k/k imagelocality/image_locality.go, sumImageScores + scaledImageScore + calculatePriority
// (v1.28-v1.31: init containers are summed too and counted in `containers`, and the upper
// threshold is 1000 MiB per container).
int64_t ImageLocalityScore(std::span<const int64_t> present_bytes, std::span<const double> spread,
                           int containers) {
  assert(present_bytes.size() == spread.size());
  int64_t sum = 0;
  for (size_t i = 0; i < present_bytes.size(); ++i) {
    if (present_bytes[i] == 0) continue;  // Image not on the node.
    // scaledImageScore: int64(float64(size) * spread), truncated.
    sum += static_cast<int64_t>(static_cast<double>(present_bytes[i]) * spread[i]);
  }
  const int64_t max_threshold = kImageMaxContainerThreshold * static_cast<int64_t>(containers);
  if (sum < kImageMinThreshold) {
    sum = kImageMinThreshold;
  } else if (sum > max_threshold) {
    sum = max_threshold;
  }
  return kMaxNodeScore * (sum - kImageMinThreshold) / (max_threshold - kImageMinThreshold);
}

}  // namespace clustersim
