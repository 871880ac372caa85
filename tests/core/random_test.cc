#include "clustersim/core/random.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <set>
#include <string>
#include <vector>

#include "k8s/streams.h"  // the model's stream ids, as the streams are used

namespace clustersim {
namespace {

// Straight transcriptions of the published reference code (Vigna, prng.di.unimi.it), kept
// independent of the implementation under test.
uint64_t RefSplitMix64(uint64_t& x) {
  uint64_t z = (x += 0x9e3779b97f4a7c15);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9;
  z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
  return z ^ (z >> 31);
}

uint64_t RefRotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

uint64_t RefXoshiro(std::array<uint64_t, 4>& s) {
  const uint64_t result = RefRotl(s[1] * 5, 7) * 9;
  const uint64_t t = s[1] << 17;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = RefRotl(s[3], 45);
  return result;
}

TEST(RngTest, ReferenceTranscriptionsMatchKnownAnswers) {
  uint64_t x = 0;
  EXPECT_EQ(RefSplitMix64(x), 0xE220A8397B1DCDAFULL);
  std::array<uint64_t, 4> s = {1, 2, 3, 4};
  EXPECT_EQ(RefXoshiro(s), 11520u);
  EXPECT_EQ(RefXoshiro(s), 0u);
  EXPECT_EQ(RefXoshiro(s), 1509978240u);
  EXPECT_EQ(RefXoshiro(s), 1215971899390074240u);
}

TEST(RngTest, IsXoshiro256StarStarSeededBySplitMix64) {
  for (uint64_t seed : {uint64_t{0}, uint64_t{1}, uint64_t{42}, ~uint64_t{0}}) {
    uint64_t sm = seed;
    std::array<uint64_t, 4> s;
    for (uint64_t& w : s) w = RefSplitMix64(sm);
    Rng rng(seed);
    for (int i = 0; i < 100; ++i) ASSERT_EQ(rng.Next(), RefXoshiro(s)) << seed << " " << i;
  }
}

TEST(RngTest, SameSeedSameSequenceDifferentSeedDifferent) {
  Rng a(123), b(123), c(124);
  int differ = 0;
  for (int i = 0; i < 1000; ++i) {
    const uint64_t va = a.Next();
    EXPECT_EQ(va, b.Next());
    differ += va != c.Next();
  }
  EXPECT_GT(differ, 990);
}

TEST(RngTest, UniformRanges) {
  Rng rng(5);
  for (int i = 0; i < 100000; ++i) {
    const double u = rng.Uniform();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    const double o = rng.UniformOpen();
    ASSERT_GT(o, 0.0);
    ASSERT_LE(o, 1.0);
  }
}

TEST(RngTest, BelowStaysInRange) {
  Rng rng(9);
  const uint64_t big = std::numeric_limits<uint64_t>::max();
  for (uint64_t n : {uint64_t{1}, uint64_t{2}, uint64_t{3}, uint64_t{7}, uint64_t{1000},
                     (uint64_t{1} << 63) + 1, big - 1, big}) {
    for (int i = 0; i < 20000; ++i) ASSERT_LT(rng.Below(n), n) << n;
  }
  for (int i = 0; i < 100; ++i) EXPECT_EQ(rng.Below(1), 0u);
}

// Counts per value must match n/k within 5 standard errors of a binomial count.
TEST(RngTest, BelowIsUniformOverSmallRange) {
  Rng rng(11);
  constexpr int kBuckets = 10;
  constexpr int kDraws = 200000;
  std::array<int, kBuckets> counts{};
  for (int i = 0; i < kDraws; ++i) ++counts[rng.Below(kBuckets)];
  const double p = 1.0 / kBuckets;
  const double sd = std::sqrt(kDraws * p * (1 - p));
  for (int c : counts) EXPECT_NEAR(c, kDraws * p, 5 * sd);
}

// With n = 3 * 2^62, plain `Next() % n` would return values below 2^62 half of the time instead
// of a third: a direct check that there is no modulo bias.
TEST(RngTest, BelowHasNoModuloBiasForLargeN) {
  Rng rng(13);
  const uint64_t n = 3 * (uint64_t{1} << 62);
  constexpr int kDraws = 200000;
  int low = 0;
  for (int i = 0; i < kDraws; ++i) low += rng.Below(n) < (uint64_t{1} << 62);
  const double p = 1.0 / 3;
  EXPECT_NEAR(low, kDraws * p, 5 * std::sqrt(kDraws * p * (1 - p)));
}

TEST(RngTest, StandardNormalMoments) {
  Rng rng(17);
  constexpr int kDraws = 200000;
  double sum = 0, sum2 = 0;
  for (int i = 0; i < kDraws; ++i) {
    const double z = rng.StandardNormal();
    ASSERT_TRUE(std::isfinite(z));
    sum += z;
    sum2 += z * z;
  }
  const double mean = sum / kDraws;
  const double var = sum2 / kDraws - mean * mean;
  EXPECT_NEAR(mean, 0.0, 4 * std::sqrt(1.0 / kDraws));
  // The sample variance of a normal has variance 2 sigma^4 / n.
  EXPECT_NEAR(var, 1.0, 4 * std::sqrt(2.0 / kDraws));
  Rng a(3), b(3);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(a.StandardNormal(), b.StandardNormal());
}

TEST(StreamRngTest, Deterministic) {
  Rng a = StreamRng(1, 2, 3), b = StreamRng(1, 2, 3);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(a.Next(), b.Next());
}

TEST(StreamRngTest, PermutedArgumentsGiveDifferentStreams) {
  std::set<uint64_t> firsts;
  const uint64_t v[3] = {1, 2, 3};
  int perms = 0;
  std::array<int, 3> idx = {0, 1, 2};
  do {
    firsts.insert(StreamRng(v[idx[0]], v[idx[1]], v[idx[2]]).Next());
    ++perms;
  } while (std::next_permutation(idx.begin(), idx.end()));
  EXPECT_EQ(firsts.size(), static_cast<size_t>(perms));
  // Equal values in different positions must not cancel out either.
  EXPECT_NE(StreamRng(5, 5, 0).Next(), StreamRng(0, 5, 5).Next());
  EXPECT_NE(StreamRng(5, 0, 5).Next(), StreamRng(5, 5, 0).Next());
  EXPECT_NE(StreamRng(0, 0, 0).Next(), StreamRng(0, 0, 1).Next());
}

TEST(StreamRngTest, GridOfStreamsIsDistinctAndDiffersFromPlainSeed) {
  std::set<uint64_t> firsts;
  int count = 0;
  for (uint64_t seed = 0; seed < 8; ++seed) {
    for (uint64_t rep = 0; rep < 8; ++rep) {
      for (uint32_t i = 0; i < 8; ++i) {
        for (StreamKind k : {StreamKind::kFailureEvery, StreamKind::kFailureLasts}) {
          firsts.insert(StreamRng(seed, rep, StreamId(k, i)).Next());
          ++count;
        }
      }
    }
  }
  EXPECT_EQ(firsts.size(), static_cast<size_t>(count));
  EXPECT_NE(StreamRng(42, 0, 0).Next(), Rng(42).Next());
}

// Neighbouring streams must not be correlated: the fraction of equal bits between paired draws
// of streams i and i+1 stays at one half within 5 standard errors.
TEST(StreamRngTest, NeighbouringStreamsLookIndependent) {
  constexpr int kDraws = 20000;
  Rng a = StreamRng(7, 0, StreamId(StreamKind::kFailureEvery, 0));
  Rng b = StreamRng(7, 0, StreamId(StreamKind::kFailureEvery, 1));
  Rng c = StreamRng(7, 1, StreamId(StreamKind::kFailureEvery, 0));
  double same_ab = 0, same_ac = 0;
  for (int i = 0; i < kDraws; ++i) {
    const uint64_t x = a.Next();
    same_ab += 64 - __builtin_popcountll(x ^ b.Next());
    same_ac += 64 - __builtin_popcountll(x ^ c.Next());
  }
  const double bits = 64.0 * kDraws;
  const double sd = std::sqrt(bits * 0.25);
  EXPECT_NEAR(same_ab, bits / 2, 5 * sd);
  EXPECT_NEAR(same_ac, bits / 2, 5 * sd);
}

struct Moments {
  double mean = 0;
  SimTime min = std::numeric_limits<SimTime>::max();
  SimTime max = std::numeric_limits<SimTime>::min();
};

Moments Draw(const Distribution& d, uint64_t seed, int n) {
  Rng rng(seed);
  Moments m;
  double sum = 0;
  for (int i = 0; i < n; ++i) {
    const SimTime x = d.Sample(rng);
    sum += static_cast<double>(x);
    m.min = std::min(m.min, x);
    m.max = std::max(m.max, x);
  }
  m.mean = sum / n;
  return m;
}

constexpr int kDraws = 200000;

// The sample mean must sit within 4 standard errors of the analytic mean, the standard error
// following from the distribution's known variance. Rounding to the microsecond adds at most
// 0.5 us of bias, negligible at the second-and-above scales used here.
void ExpectMeanWithinFourStandardErrors(const Distribution& d, double variance, uint64_t seed) {
  const Moments m = Draw(d, seed, kDraws);
  const double se = std::sqrt(variance / kDraws);
  EXPECT_NEAR(m.mean, d.Mean(), 4 * se) << d.ToString();
  EXPECT_GE(m.min, 0) << d.ToString();
  EXPECT_LE(m.max, Distribution::kMaxDraw) << d.ToString();
}

TEST(DistributionTest, Fixed) {
  const Distribution d = Distribution::Fixed(5 * kMinute);
  Rng rng(1);
  for (int i = 0; i < 10; ++i) EXPECT_EQ(d.Sample(rng), 5 * kMinute);
  EXPECT_EQ(d.Mean(), static_cast<double>(5 * kMinute));
  EXPECT_EQ(d.kind(), Distribution::Kind::kFixed);
}

TEST(DistributionTest, ExponentialMean) {
  const double mean = static_cast<double>(30 * kDay);
  const Distribution d = Distribution::Exponential(30 * kDay);
  EXPECT_EQ(d.kind(), Distribution::Kind::kExponential);
  EXPECT_DOUBLE_EQ(d.Mean(), mean);
  ExpectMeanWithinFourStandardErrors(d, mean * mean, 21);
}

double WeibullVariance(double shape, double scale) {
  const double g1 = std::tgamma(1 + 1 / shape);
  return scale * scale * (std::tgamma(1 + 2 / shape) - g1 * g1);
}

TEST(DistributionTest, WeibullMean) {
  for (double shape : {0.7, 1.0, 2.5}) {
    const double scale = static_cast<double>(kDay);
    const Distribution d = Distribution::Weibull(shape, kDay);
    EXPECT_EQ(d.kind(), Distribution::Kind::kWeibull);
    EXPECT_DOUBLE_EQ(d.Mean(), scale * std::tgamma(1 + 1 / shape));
    ExpectMeanWithinFourStandardErrors(d, WeibullVariance(shape, scale), 22);
  }
}

// For shape 1 the Weibull is the exponential with mean = scale.
TEST(DistributionTest, WeibullShapeOneMeanIsScale) {
  EXPECT_NEAR(Distribution::Weibull(1.0, kHour).Mean(), static_cast<double>(kHour), 1e-6);
}

double LognormalVariance(double mu, double sigma) {
  return std::expm1(sigma * sigma) * std::exp(2 * mu + sigma * sigma);
}

TEST(DistributionTest, LognormalMedianMean) {
  const double sigma = 0.8;
  const double mu = std::log(static_cast<double>(10 * kSecond));
  const Distribution d = Distribution::LognormalMedian(10 * kSecond, sigma);
  EXPECT_EQ(d.kind(), Distribution::Kind::kLognormal);
  EXPECT_NEAR(d.Mean(), std::exp(mu + sigma * sigma / 2), 1e-6 * d.Mean());
  ExpectMeanWithinFourStandardErrors(d, LognormalVariance(mu, sigma), 23);
  // Half of the draws fall below the median, within 5 binomial standard errors.
  Rng rng(24);
  int below = 0;
  for (int i = 0; i < kDraws; ++i) below += d.Sample(rng) < 10 * kSecond;
  EXPECT_NEAR(below, kDraws / 2.0, 5 * std::sqrt(kDraws * 0.25));
}

TEST(DistributionTest, LognormalMeanSdMean) {
  const double mean = static_cast<double>(60 * kSecond);
  const double sd = static_cast<double>(30 * kSecond);
  const Distribution d = Distribution::LognormalMeanSd(60 * kSecond, 30 * kSecond);
  EXPECT_EQ(d.kind(), Distribution::Kind::kLognormal);
  EXPECT_NEAR(d.Mean(), mean, 1e-6 * mean);
  ExpectMeanWithinFourStandardErrors(d, sd * sd, 25);
  // The sample standard deviation matches the requested one. Its standard error for a
  // lognormal follows from the fourth central moment, estimated from the sample itself.
  Rng rng(26);
  std::vector<double> xs(kDraws);
  double sum = 0;
  for (double& x : xs) sum += (x = static_cast<double>(d.Sample(rng)));
  const double m = sum / kDraws;
  double m2 = 0, m4 = 0;
  for (double x : xs) {
    const double dx = (x - m) * (x - m);
    m2 += dx;
    m4 += dx * dx;
  }
  m2 /= kDraws;
  m4 /= kDraws;
  const double var_se = std::sqrt((m4 - m2 * m2) / kDraws);
  EXPECT_NEAR(m2, sd * sd, 4 * var_se);
}

TEST(DistributionTest, UniformBoundsAndMean) {
  const double lo = static_cast<double>(5 * kSecond), hi = static_cast<double>(15 * kSecond);
  const Distribution d = Distribution::Uniform(5 * kSecond, 15 * kSecond);
  EXPECT_EQ(d.kind(), Distribution::Kind::kUniform);
  EXPECT_DOUBLE_EQ(d.Mean(), (lo + hi) / 2);
  const Moments m = Draw(d, 27, kDraws);
  EXPECT_GE(m.min, 5 * kSecond);
  EXPECT_LE(m.max, 15 * kSecond);
  // The draws reach close to both ends: the gap to either end is below 1/1000 of the range
  // with probability 1 - (0.999)^200000, i.e. certainly.
  EXPECT_LT(m.min, 5 * kSecond + 10 * kMillisecond);
  EXPECT_GT(m.max, 15 * kSecond - 10 * kMillisecond);
  ExpectMeanWithinFourStandardErrors(d, (hi - lo) * (hi - lo) / 12, 27);
}

TEST(DistributionTest, EmpiricalReturnsOnlyGivenSamples) {
  const std::vector<SimTime> samples = {1 * kSecond, 2 * kSecond, 5 * kSecond, 100 * kSecond,
                                        2 * kSecond};
  const Distribution d = Distribution::Empirical(samples);
  EXPECT_EQ(d.kind(), Distribution::Kind::kEmpirical);
  double mean = 0;
  for (SimTime s : samples) mean += static_cast<double>(s);
  mean /= static_cast<double>(samples.size());
  double var = 0;
  for (SimTime s : samples)
    var += (static_cast<double>(s) - mean) * (static_cast<double>(s) - mean);
  var /= static_cast<double>(samples.size());
  EXPECT_DOUBLE_EQ(d.Mean(), mean);

  const std::set<SimTime> allowed(samples.begin(), samples.end());
  std::set<SimTime> seen;
  Rng rng(28);
  for (int i = 0; i < 10000; ++i) {
    const SimTime x = d.Sample(rng);
    ASSERT_TRUE(allowed.count(x)) << x;
    seen.insert(x);
  }
  EXPECT_EQ(seen, allowed);
  ExpectMeanWithinFourStandardErrors(d, var, 29);
}

TEST(DistributionTest, SamplesAreClampedToValidRange) {
  Rng rng(30);
  EXPECT_EQ(Distribution::Fixed(-5).Sample(rng), 0);
  EXPECT_EQ(Distribution::Fixed(kNever).Sample(rng), Distribution::kMaxDraw);
  const Distribution negative = Distribution::Uniform(-10 * kSecond, -5 * kSecond);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(negative.Sample(rng), 0);
  // A huge sigma overflows exp() to infinity or underflows it to zero.
  const Distribution wild = Distribution::LognormalMedian(kDay, 1000.0);
  for (int i = 0; i < 1000; ++i) {
    const SimTime x = wild.Sample(rng);
    ASSERT_GE(x, 0);
    ASSERT_LE(x, Distribution::kMaxDraw);
  }
  // mean = sd = 0 makes the parameters 0/0: NaN draws become 0.
  EXPECT_EQ(Distribution::LognormalMeanSd(0, 0).Sample(rng), 0);
  EXPECT_EQ(Distribution::Exponential(0).Sample(rng), 0);
}

TEST(DistributionTest, SampleRoundsToNearestMicrosecond) {
  // Uniform over [2, 3] microseconds must round each draw to 2 or 3, both reasonably often.
  const Distribution d = Distribution::Uniform(2, 3);
  Rng rng(31);
  int twos = 0, threes = 0;
  for (int i = 0; i < 10000; ++i) {
    const SimTime x = d.Sample(rng);
    ASSERT_TRUE(x == 2 || x == 3) << x;
    (x == 2 ? twos : threes)++;
  }
  EXPECT_NEAR(twos, 5000, 5 * std::sqrt(10000 * 0.25));
  EXPECT_EQ(twos + threes, 10000);
}

TEST(DistributionTest, SameSeedSameDraws) {
  for (const Distribution& d :
       {Distribution::Exponential(kHour), Distribution::Weibull(0.7, kDay),
        Distribution::LognormalMedian(kMinute, 0.5), Distribution::Uniform(0, kSecond),
        Distribution::Empirical({1, 2, 3})}) {
    Rng a = StreamRng(1, 0, 5), b = StreamRng(1, 0, 5);
    for (int i = 0; i < 100; ++i) EXPECT_EQ(d.Sample(a), d.Sample(b)) << d.ToString();
  }
}

TEST(DistributionTest, NamesCoverEveryKind) {
  std::vector<std::string> names;
  for (const char* const* n = Distribution::kNames; *n != nullptr; ++n) names.push_back(*n);
  EXPECT_EQ(names, (std::vector<std::string>{"fixed", "exponential", "weibull", "lognormal",
                                             "uniform", "empirical"}));
}

TEST(DistributionTest, ToStringIsReadable) {
  EXPECT_EQ(Distribution::Exponential(30 * kDay).ToString(), "exponential(mean=30d)");
  EXPECT_EQ(Distribution::Fixed(90 * kSecond).ToString(), "fixed(value=1.5m)");
  EXPECT_EQ(Distribution::Weibull(0.7, 2 * kHour).ToString(), "weibull(shape=0.7, scale=2h)");
  EXPECT_EQ(Distribution::LognormalMedian(250 * kMillisecond, 0.5).ToString(),
            "lognormal(median=250ms, sigma=0.5)");
  EXPECT_EQ(Distribution::Uniform(0, kYear).ToString(), "uniform(min=0s, max=1y)");
  EXPECT_EQ(Distribution::Empirical({kSecond, 3 * kSecond}).ToString(), "empirical(n=2, mean=2s)");
}

}  // namespace
}  // namespace clustersim
