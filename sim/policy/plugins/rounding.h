// Go's math.Round for the scores that round a float (PodTopologySpread's scoring.go), without a
// libm call in the per-node loop.
#pragma once

#include <cstdint>

namespace clustersim::plugins {

// math.Round (half away from zero) for 0 <= x < 2^53, without a libm call: x86-64's baseline
// has no rounding instruction, and std::round is a function call there. x - trunc(x) is
// exact, so the result is exactly round's.
inline int64_t RoundNonNegative(double x) {
  const int64_t t = static_cast<int64_t>(x);
  return t + (x - static_cast<double>(t) >= 0.5 ? 1 : 0);
}

}  // namespace clustersim::plugins
