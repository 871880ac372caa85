// Estimates over replications: a running mean and variance (Welford, fed in replication order
// so the result is the same on any thread count) and the 95% Student-t confidence interval.
#pragma once

#include <cmath>
#include <cstdint>

namespace clustersim {

struct Estimate {
  double mean = 0;
  double ci95_low = 0;  // NaN when there is a single replication
  double ci95_high = 0;
};

class RunningStat {
 public:
  void Add(double x);
  int64_t count() const { return n_; }
  double mean() const { return mean_; }
  double variance() const;  // sample variance (n - 1)
  // Mean and 95% Student-t interval, the interval clipped to [lo, hi].
  Estimate ToEstimate(double lo = -HUGE_VAL, double hi = HUGE_VAL) const;

 private:
  int64_t n_ = 0;
  double mean_ = 0;
  double m2_ = 0;
};

// The two-sided 95% critical value of Student's t with `df` degrees of freedom.
double StudentT975(int64_t df);

}  // namespace clustersim
