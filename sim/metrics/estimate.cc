#include "clustersim/metrics/estimate.h"

#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <limits>

namespace clustersim {

void RunningStat::Add(double x) {
  ++n_;
  const double d = x - mean_;
  mean_ += d / static_cast<double>(n_);
  m2_ += d * (x - mean_);
}

double RunningStat::variance() const {
  return n_ > 1 ? std::max(0.0, m2_ / static_cast<double>(n_ - 1)) : 0.0;
}

Estimate RunningStat::ToEstimate(double lo, double hi) const {
  Estimate e;
  e.mean = mean_;
  if (n_ < 2) {
    e.ci95_low = e.ci95_high = std::numeric_limits<double>::quiet_NaN();
    return e;
  }
  const double half = StudentT975(n_ - 1) * std::sqrt(variance() / static_cast<double>(n_));
  // A fraction's interval stays within [0, 1]: the t interval is symmetric and can cross the
  // bounds when replications are few or outcomes rare.
  e.ci95_low = std::max(lo, mean_ - half);
  e.ci95_high = std::min(hi, mean_ + half);
  return e;
}

double StudentT975(int64_t df) {
  if (df < 1) return std::numeric_limits<double>::quiet_NaN();
  // Double precision throughout: Boost would otherwise promote to long double, whose width
  // differs between machines and tools (valgrind emulates it as 64-bit and the quantile
  // overflows there).
  using Policy = boost::math::policies::policy<boost::math::policies::promote_double<false>>;
  boost::math::students_t_distribution<double, Policy> dist(static_cast<double>(df));
  return boost::math::quantile(dist, 0.975);
}

}  // namespace clustersim
