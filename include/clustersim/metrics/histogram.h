// A bounded, mergeable histogram of durations for percentiles: log-linear buckets (8 per
// power of two: a bucket spans at most 12.5% of its lower bound, and the reported midpoint is
// within about 6% of the true sample), from 1 ms to about 35 years. Few buckets keep the
// thousands of histograms of a large scenario in cache (bench/RESULTS.md). Memory is fixed (and
// allocated only at the first sample), whatever the number of samples or replications; merging two
// histograms adds counts, so the result does not depend on the order of merges.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "clustersim/core/time.h"

namespace clustersim {

class DurationHistogram {
 public:
  void Add(SimTime d);
  void Merge(const DurationHistogram& other);
  uint64_t count() const { return count_; }
  SimTime max() const { return max_; }
  SimTime min() const { return min_; }
  // The q-quantile (0 < q <= 1) as the midpoint of its bucket, clamped to [min, max] of the
  // samples (so a single sample, or all-equal samples, come back exactly); 0 when empty.
  SimTime Quantile(double q) const;
  // The buckets that hold samples, in order: each one's upper bound and its count (the last
  // bucket's bound is the largest sample). For a report's distribution curve.
  std::vector<std::pair<SimTime, uint64_t>> NonEmptyBuckets() const;

  static int BucketOf(SimTime d);
  static SimTime BucketLow(int b);

 private:
  static constexpr int kSubBits = 3;     // 8 sub-buckets per octave
  static constexpr int kMinOctave = 10;  // 2^10 us ~ 1 ms: everything below shares bucket 0
  static constexpr int kMaxOctave = 50;  // 2^50 us ~ 35.7 y: everything above shares the last
  // Bucket 0 takes everything below 2^kMinOctave, the last everything from 2^kMaxOctave.
  static constexpr int kBuckets = (kMaxOctave - kMinOctave) * (1 << kSubBits) + 2;
  std::vector<uint64_t> counts_;
  uint64_t count_ = 0;
  SimTime max_ = 0;
  SimTime min_ = kNever;
};

}  // namespace clustersim
