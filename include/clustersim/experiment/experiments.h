// Experiments over many runs of one scenario: a paired comparison of variants, and a sweep over
// a grid of field values. Variants run on the same seed, so replication r of each draws the same
// failures from the same streams (common random numbers); the difference between two variants
// is then estimated replication by replication, which removes the failure noise they share and
// gives a far narrower interval than comparing their two separate intervals.
#pragma once

#include <array>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "clustersim/experiment/runner.h"
#include "clustersim/metrics/availability.h"
#include "clustersim/metrics/comparison.h"
#include "clustersim/scenario/scenario.h"

namespace clustersim {

struct VariantInput {
  std::string name;
  std::vector<std::string> overrides;
  const Scenario* scenario = nullptr;
};

// Runs the variants one after the other, each on all `options.threads`. They must agree on the
// seed, the replications, the horizon and the warm-up (the caller checks; see
// PairingMismatch).
Comparison RunComparison(const std::vector<VariantInput>& variants, const RunOptions& options);

// Why `b` cannot be paired with `a` ("" when it can): a different seed, number of
// replications, horizon or warm-up.
std::string PairingMismatch(const Scenario& a, const Scenario& b);

// The paired estimate of mean(x_r - y_r) over replications: what deltaVsFirst reports.
class PairedDifference {
 public:
  void Add(double x, double y) { stat_.Add(x - y); }
  Estimate ToEstimate() const { return stat_.ToEstimate(); }

 private:
  RunningStat stat_;
};

// The sweep grid: the cartesian product of the axes' values, the last axis varying fastest.
class SweepGrid {
 public:
  explicit SweepGrid(const std::vector<SweepAxis>& axes);
  size_t size() const { return size_; }
  // The index of each axis's value at point `p`.
  std::vector<size_t> At(size_t p) const;
  // The point's overrides, each naming the scenario place that gave its value.
  std::vector<Override> Overrides(size_t p) const;

 private:
  const std::vector<SweepAxis>& axes_;
  size_t size_ = 1;
};

// Runs the given points of a sweep. `load(p)` builds point p's scenario (null: stop, the loader
// reported why); `done(p, summary)` is called, serialised, as each point finishes, in any order.
// Points run one after another with all threads when they have at least as many replications
// as there are threads; otherwise several run at once, so that every core stays busy.
// Returns false when a load failed (the points done so far were reported); throws
// std::runtime_error, naming the point, when a point's run failed (RunScenario).
bool RunSweep(const std::vector<size_t>& points, int replications,
              const std::function<std::unique_ptr<Scenario>(size_t)>& load,
              const std::function<void(size_t, const RunSummary&)>& done,
              const RunOptions& options);

}  // namespace clustersim
