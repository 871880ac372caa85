// Seeded random streams and the duration distributions of the scenario contract.
//
// Every random draw in a run comes from a Rng obtained from StreamRng(seed, replication, stream)
// (the model's catalogue of streams is sim/k8s/streams.h): the generator's state is a hash of
// the three numbers, so one process's draws never shift
// another's, a replication's results do not depend on which thread ran it, and two policies
// compared on the same seed see the same failures (common random numbers).
//
// The generator is xoshiro256** seeded through splitmix64. Distributions are implemented here,
// not taken from <random>, whose algorithms differ between standard libraries.
#pragma once

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "clustersim/core/time.h"

namespace clustersim {

class Rng {
 public:
  explicit Rng(uint64_t seed = 0);
  uint64_t Next();
  // Uniform in [0, 1) with 53 random bits.
  double Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  // Uniform in (0, 1]: safe under log().
  double UniformOpen() { return 1.0 - Uniform(); }
  // Uniform integer in [0, n), n > 0, without modulo bias.
  uint64_t Below(uint64_t n);
  double StandardNormal();

 private:
  uint64_t s_[4];
};

Rng StreamRng(uint64_t seed, uint64_t replication, uint64_t stream);

// A distribution of non-negative durations. Parameters are stored in microseconds (or, for the
// shape parameters, unitless) and validated by the scenario loader.
class Distribution {
 public:
  enum class Kind { kFixed, kExponential, kWeibull, kLognormal, kUniform, kEmpirical };

  static Distribution Fixed(SimTime value);
  static Distribution Exponential(SimTime mean);
  static Distribution Weibull(double shape, SimTime scale);
  static Distribution LognormalMedian(SimTime median, double sigma);
  static Distribution LognormalMeanSd(SimTime mean, SimTime sd);
  static Distribution Uniform(SimTime min, SimTime max);
  static Distribution Empirical(std::vector<SimTime> samples);

  Kind kind() const { return kind_; }
  // One draw, rounded to the microsecond, clamped to [0, kMaxDraw].
  SimTime Sample(Rng& rng) const;
  // The analytic mean in microseconds (used by tests and the analytic mode).
  double Mean() const;
  std::string ToString() const;

  // Draws are clamped here so that "now + draw" can never overflow the clock. 100,000 years
  // (a million would overflow int64 microseconds) leaves ~190,000 years of headroom for "now".
  static constexpr SimTime kMaxDraw = 100000 * kYear;

  static const char* const kNames[];  // "fixed", "exponential", ...; for `clustersim list`

 private:
  Kind kind_ = Kind::kFixed;
  double a_ = 0;  // fixed: value; exponential: mean; weibull: shape; lognormal: mu; uniform: min
  double b_ = 0;  // weibull: scale; lognormal: sigma; uniform: max
  std::vector<SimTime> samples_;
};

}  // namespace clustersim
