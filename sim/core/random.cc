#include "clustersim/core/random.h"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <iterator>
#include <numbers>
#include <string>
#include <utility>
#include <vector>

namespace clustersim {

namespace {

__extension__ typedef unsigned __int128 Uint128;  // -Wpedantic: __int128 is a GNU extension

constexpr uint64_t kGolden = 0x9E3779B97F4A7C15ULL;

constexpr uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

// The splitmix64 output function: a bijection on 64 bits with full avalanche, so nearby inputs
// (seed 1 and seed 2, replication 0 and 1) give unrelated outputs.
constexpr uint64_t Mix(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// One splitmix64 step. The additive constant keeps Mix away from its fixed point at zero.
constexpr uint64_t SplitMix64(uint64_t& state) {
  state += kGolden;
  return Mix(state);
}

// Human-readable duration: the largest unit that keeps the number >= 1, e.g. "30d", "1.5h".
std::string FormatDuration(double us) {
  struct Unit {
    double size;
    const char* suffix;
  };
  static constexpr Unit kUnits[] = {
      {static_cast<double>(kYear), "y"},
      {static_cast<double>(kDay), "d"},
      {static_cast<double>(kHour), "h"},
      {static_cast<double>(kMinute), "m"},
      {static_cast<double>(kSecond), "s"},
      {static_cast<double>(kMillisecond), "ms"},
      {1.0, "us"},
  };
  if (us == 0) return "0s";
  const Unit* unit = &kUnits[std::size(kUnits) - 1];  // sub-microsecond values
  for (const Unit& u : kUnits) {
    if (std::fabs(us) >= u.size) {
      unit = &u;
      break;
    }
  }
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%g%s", us / unit->size, unit->suffix);
  return buf;
}

std::string FormatNumber(double x) {
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%g", x);
  return buf;
}

}  // namespace

Rng::Rng(uint64_t seed) {
  // splitmix64 outputs are distinct images of distinct states, so at most one word is zero and
  // the all-zero state that would trap xoshiro is impossible.
  uint64_t state = seed;
  for (uint64_t& word : s_) word = SplitMix64(state);
}

uint64_t Rng::Next() {
  const uint64_t result = Rotl(s_[1] * 5, 7) * 9;
  const uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = Rotl(s_[3], 45);
  return result;
}

uint64_t Rng::Below(uint64_t n) {
  // Lemire's multiply-shift: the high word of x*n is uniform in [0, n) once the few low words
  // that would over-represent some values (those below 2^64 mod n) are rejected.
  Uint128 m = static_cast<Uint128>(Next()) * n;
  uint64_t low = static_cast<uint64_t>(m);
  if (low < n) {
    const uint64_t threshold = (0 - n) % n;  // 2^64 mod n, computed in 64 bits
    while (low < threshold) {
      m = static_cast<Uint128>(Next()) * n;
      low = static_cast<uint64_t>(m);
    }
  }
  return static_cast<uint64_t>(m >> 64);
}

double Rng::StandardNormal() {
  // Box-Muller: always exactly two draws per normal, so a stream's position after k samples
  // does not depend on the values drawn (unlike the polar method's rejection loop). The second
  // normal of the pair is discarded so that no state is carried between calls.
  const double r = std::sqrt(-2.0 * std::log(UniformOpen()));
  return r * std::cos(2.0 * std::numbers::pi * Uniform());
}

Rng StreamRng(uint64_t seed, uint64_t replication, uint64_t stream) {
  // Each input goes through a different odd multiplier and a full Mix before the next one is
  // folded in, so permuting (seed, replication, stream) yields unrelated states.
  uint64_t h = Mix(seed + kGolden);
  h = Mix(h ^ (replication * 0xD6E8FEB86659FD93ULL + kGolden));
  h = Mix(h ^ (stream * 0xA0761D6478BD642FULL + kGolden));
  return Rng(h);
}

const char* const Distribution::kNames[] = {"fixed",   "exponential", "weibull", "lognormal",
                                            "uniform", "empirical",   nullptr};

Distribution Distribution::Fixed(SimTime value) {
  Distribution d;
  d.kind_ = Kind::kFixed;
  d.a_ = static_cast<double>(value);
  return d;
}

Distribution Distribution::Exponential(SimTime mean) {
  Distribution d;
  d.kind_ = Kind::kExponential;
  d.a_ = static_cast<double>(mean);
  return d;
}

Distribution Distribution::Weibull(double shape, SimTime scale) {
  Distribution d;
  d.kind_ = Kind::kWeibull;
  d.a_ = shape;
  d.b_ = static_cast<double>(scale);
  return d;
}

Distribution Distribution::LognormalMedian(SimTime median, double sigma) {
  Distribution d;
  d.kind_ = Kind::kLognormal;
  d.a_ = std::log(static_cast<double>(median));
  d.b_ = sigma;
  return d;
}

Distribution Distribution::LognormalMeanSd(SimTime mean, SimTime sd) {
  const double m = static_cast<double>(mean);
  const double s = static_cast<double>(sd);
  const double sigma2 = std::log1p((s * s) / (m * m));
  Distribution d;
  d.kind_ = Kind::kLognormal;
  d.a_ = std::log(m) - sigma2 / 2;
  d.b_ = std::sqrt(sigma2);
  return d;
}

Distribution Distribution::Uniform(SimTime min, SimTime max) {
  Distribution d;
  d.kind_ = Kind::kUniform;
  d.a_ = static_cast<double>(min);
  d.b_ = static_cast<double>(max);
  return d;
}

Distribution Distribution::Empirical(std::vector<SimTime> samples) {
  Distribution d;
  d.kind_ = Kind::kEmpirical;
  d.samples_ = std::move(samples);
  return d;
}

SimTime Distribution::Sample(Rng& rng) const {
  double x = 0;
  switch (kind_) {
    case Kind::kFixed:
      x = a_;
      break;
    case Kind::kExponential:
      x = -a_ * std::log(rng.UniformOpen());
      break;
    case Kind::kWeibull:
      x = b_ * std::pow(-std::log(rng.UniformOpen()), 1.0 / a_);
      break;
    case Kind::kLognormal:
      x = std::exp(a_ + b_ * rng.StandardNormal());
      break;
    case Kind::kUniform:
      x = a_ + (b_ - a_) * rng.Uniform();
      break;
    case Kind::kEmpirical:
      if (samples_.empty()) return 0;
      x = static_cast<double>(samples_[rng.Below(samples_.size())]);
      break;
  }
  // Clamp in floating point before converting: converting an out-of-range double (or NaN) to an
  // integer is undefined behaviour.
  if (!(x > 0)) return 0;  // also catches NaN
  if (x >= static_cast<double>(kMaxDraw)) return kMaxDraw;
  return static_cast<SimTime>(std::llround(x));
}

double Distribution::Mean() const {
  switch (kind_) {
    case Kind::kFixed:
    case Kind::kExponential:
      return a_;
    case Kind::kWeibull:
      return b_ * std::tgamma(1.0 + 1.0 / a_);
    case Kind::kLognormal:
      return std::exp(a_ + b_ * b_ / 2);
    case Kind::kUniform:
      return (a_ + b_) / 2;
    case Kind::kEmpirical: {
      if (samples_.empty()) return 0;
      double sum = 0;
      for (SimTime s : samples_) sum += static_cast<double>(s);
      return sum / static_cast<double>(samples_.size());
    }
  }
  return 0;
}

std::string Distribution::ToString() const {
  switch (kind_) {
    case Kind::kFixed:
      return "fixed(value=" + FormatDuration(a_) + ")";
    case Kind::kExponential:
      return "exponential(mean=" + FormatDuration(a_) + ")";
    case Kind::kWeibull:
      return "weibull(shape=" + FormatNumber(a_) + ", scale=" + FormatDuration(b_) + ")";
    case Kind::kLognormal:
      return "lognormal(median=" + FormatDuration(std::exp(a_)) + ", sigma=" + FormatNumber(b_) +
             ")";
    case Kind::kUniform:
      return "uniform(min=" + FormatDuration(a_) + ", max=" + FormatDuration(b_) + ")";
    case Kind::kEmpirical:
      return "empirical(n=" + std::to_string(samples_.size()) + ", mean=" + FormatDuration(Mean()) +
             ")";
  }
  return "unknown";
}

}  // namespace clustersim
