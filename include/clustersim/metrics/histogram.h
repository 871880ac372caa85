// A bounded, mergeable histogram of durations for percentiles: log-linear buckets (16 per
// power of two, so a reported percentile is within about 3% of the true sample), from 1 ms to
// about 35 years. Memory is fixed (and allocated only at the first sample), whatever the number
// of samples or replications; merging two histograms adds counts, so the result does not
// depend on the order of merges.
#pragma once

#include <cstdint>
#include <vector>

#include "clustersim/core/time.h"

namespace clustersim {

class DurationHistogram {
 public:
  void Add(SimTime d);
  void Merge(const DurationHistogram& other);
  uint64_t count() const { return count_; }
  SimTime max() const { return max_; }
  // The q-quantile (0 < q <= 1) as the midpoint of its bucket, clamped to the largest sample;
  // 0 when empty.
  SimTime Quantile(double q) const;

  static int BucketOf(SimTime d);
  static SimTime BucketLow(int b);

 private:
  static constexpr int kSubBits = 4;  // 16 sub-buckets per octave
  static constexpr int kMinOctave = 10;  // 2^10 us ~ 1 ms: everything below shares bucket 0
  static constexpr int kMaxOctave = 50;  // 2^50 us ~ 35.7 y: everything above shares the last
  static constexpr int kBuckets = (kMaxOctave - kMinOctave) * (1 << kSubBits) + 1;
  std::vector<uint64_t> counts_;
  uint64_t count_ = 0;
  SimTime max_ = 0;
};

}  // namespace clustersim
