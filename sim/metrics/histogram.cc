#include "clustersim/metrics/histogram.h"

#include <algorithm>
#include <bit>

namespace clustersim {

int DurationHistogram::BucketOf(SimTime d) {
  if (d < (SimTime{1} << kMinOctave)) return 0;
  const int octave = 63 - std::countl_zero(static_cast<uint64_t>(d));
  if (octave >= kMaxOctave) return kBuckets - 1;
  const int sub = static_cast<int>((d >> (octave - kSubBits)) & ((1 << kSubBits) - 1));
  return 1 + (octave - kMinOctave) * (1 << kSubBits) + sub;
}

SimTime DurationHistogram::BucketLow(int b) {
  if (b <= 0) return 0;
  if (b >= kBuckets - 1) return SimTime{1} << kMaxOctave;
  const int octave = (b - 1) / (1 << kSubBits) + kMinOctave;
  const int sub = (b - 1) % (1 << kSubBits);
  return (SimTime{1} << octave) + (static_cast<SimTime>(sub) << (octave - kSubBits));
}

void DurationHistogram::Add(SimTime d) {
  if (counts_.empty()) counts_.assign(kBuckets, 0);
  ++counts_[BucketOf(d)];
  ++count_;
  max_ = std::max(max_, d);
  min_ = std::min(min_, d);
}

void DurationHistogram::Merge(const DurationHistogram& other) {
  if (other.count_ == 0) return;
  if (counts_.empty()) counts_.assign(kBuckets, 0);
  for (int b = 0; b < kBuckets; ++b) counts_[b] += other.counts_[b];
  count_ += other.count_;
  max_ = std::max(max_, other.max_);
  min_ = std::min(min_, other.min_);
}

SimTime DurationHistogram::Quantile(double q) const {
  if (count_ == 0) return 0;
  // The rank of the q-quantile, 1-based (nearest-rank definition).
  uint64_t rank = static_cast<uint64_t>(q * static_cast<double>(count_) + 0.9999999);
  rank = std::clamp<uint64_t>(rank, 1, count_);
  uint64_t seen = 0;
  for (int b = 0; b < kBuckets; ++b) {
    seen += counts_[b];
    if (seen >= rank) {
      const SimTime lo = BucketLow(b);
      const SimTime hi = b + 1 < kBuckets ? BucketLow(b + 1) : lo;
      return std::clamp(lo + (hi - lo) / 2, min_, max_);
    }
  }
  return max_;
}

std::vector<std::pair<SimTime, uint64_t>> DurationHistogram::NonEmptyBuckets() const {
  std::vector<std::pair<SimTime, uint64_t>> out;
  for (int b = 0; b < static_cast<int>(counts_.size()); ++b) {
    if (counts_[b] == 0) continue;
    out.emplace_back(b + 1 < kBuckets ? BucketLow(b + 1) : max_, counts_[b]);
  }
  return out;
}

}  // namespace clustersim
