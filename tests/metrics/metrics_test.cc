// Unit tests of the metrics module: histogram buckets and quantiles, Student-t critical
// values, the running estimate, and the availability recorder's outage and downtime logic.
#include <gtest/gtest.h>

#include <cmath>

#include "clustersim/metrics/availability.h"
#include "clustersim/metrics/estimate.h"
#include "clustersim/metrics/histogram.h"
#include "k8s/trace_helpers.h"

namespace clustersim {
namespace {

TEST(HistogramTest, BucketsAreMonotoneAndContainTheirValues) {
  int last = -1;
  for (SimTime d = 1; d < (SimTime{1} << 52); d = d * 9 / 8 + 1) {
    const int b = DurationHistogram::BucketOf(d);
    EXPECT_GE(b, last) << d;
    last = b;
    if (d >= 1024 && d < (SimTime{1} << 50)) {
      EXPECT_LE(DurationHistogram::BucketLow(b), d) << d;
      EXPECT_GT(DurationHistogram::BucketLow(b + 1), d) << d;
    }
  }
}

TEST(HistogramTest, QuantilesWithinBucketResolution) {
  DurationHistogram h;
  for (int i = 1; i <= 1000; ++i) h.Add(i * kSecond);  // 1 s .. 1000 s
  EXPECT_EQ(h.count(), 1000u);
  EXPECT_EQ(h.max(), 1000 * kSecond);
  const struct {
    double q;
    double exact_s;
  } cases[] = {{0.5, 500}, {0.95, 950}, {0.99, 990}, {1.0, 1000}};
  for (const auto& c : cases) {
    const double got = ToSeconds(h.Quantile(c.q));
    EXPECT_NEAR(got, c.exact_s, 0.0625 * c.exact_s) << "q=" << c.q;
  }
}

TEST(HistogramTest, EmptyAndMergeIsOrderFree) {
  DurationHistogram empty;
  EXPECT_EQ(empty.Quantile(0.5), 0);
  DurationHistogram a, b, ab, ba;
  for (int i = 0; i < 50; ++i) a.Add(i * kMinute);
  for (int i = 0; i < 70; ++i) b.Add(i * kHour);
  ab.Merge(a);
  ab.Merge(b);
  ba.Merge(b);
  ba.Merge(a);
  EXPECT_EQ(ab.count(), 120u);
  for (double q : {0.1, 0.5, 0.9, 0.99}) EXPECT_EQ(ab.Quantile(q), ba.Quantile(q));
  EXPECT_EQ(ab.max(), 69 * kHour);
}

TEST(EstimateTest, StudentTCriticalValues) {
  // Two-sided 95% values from any t table.
  EXPECT_NEAR(StudentT975(1), 12.7062, 1e-4);
  EXPECT_NEAR(StudentT975(9), 2.2622, 1e-4);
  EXPECT_NEAR(StudentT975(99), 1.9842, 1e-4);
  EXPECT_NEAR(StudentT975(100000), 1.95999, 1e-4);
}

TEST(EstimateTest, MeanAndInterval) {
  RunningStat s;
  for (double x : {1.0, 2.0, 3.0, 4.0}) s.Add(x);
  Estimate e = s.ToEstimate();
  EXPECT_DOUBLE_EQ(e.mean, 2.5);
  const double half = StudentT975(3) * std::sqrt((5.0 / 3.0) / 4);
  EXPECT_NEAR(e.ci95_low, 2.5 - half, 1e-12);
  EXPECT_NEAR(e.ci95_high, 2.5 + half, 1e-12);
  RunningStat one;
  one.Add(0.9);
  EXPECT_TRUE(std::isnan(one.ToEstimate().ci95_low));
}

// A 3-replica workload, driven by hand: the recorder must turn ready counts into downtime,
// outages and recovery times exactly.
TEST(AvailabilityRecorderTest, DowntimeOutagesAndRecoveries) {
  Scenario s = testing::MustLoad(R"(
simulation: {horizon: 100s, warmup: 10s, replications: 1}
cluster: {nodePools: [{name: n, count: 3}]}
workloads:
  - deployment: {name: w, replicas: 3}
    app: {availability: 3}
)");
  Tally tally;
  AvailabilityRecorder rec(s, &tally);
  rec.Reset();
  for (int r = 1; r <= 3; ++r) rec.OnReadyChanged(0, r, 0);  // time-0 placement
  rec.OnReadyChanged(0, 2, 5 * kSecond);   // before warmup: clipped to start at 10 s
  rec.OnReadyChanged(0, 3, 20 * kSecond);  // "all" outage 10..20 (10 s), recovery 15 s
  rec.OnReadyChanged(0, 2, 30 * kSecond);
  rec.OnReadyChanged(0, 1, 40 * kSecond);  // quorum lost 40..60
  rec.OnReadyChanged(0, 2, 60 * kSecond);  // recovery of the first: 30 s
  rec.OnReadyChanged(0, 3, 70 * kSecond);  // recovery of the second: 30 s
  rec.OnReadyChanged(0, 2, 95 * kSecond);  // open at the horizon: 95..100
  ReplicationResult r;
  rec.Finish(&r);
  ASSERT_EQ(r.downtime_us.size(), 1u);
  EXPECT_EQ(r.downtime_us[0][0], (10 + 40 + 5) * kSecond);  // all
  EXPECT_EQ(r.downtime_us[0][1], 20 * kSecond);             // quorum (2 of 3)
  EXPECT_EQ(r.downtime_us[0][2], 0);                        // any
  EXPECT_EQ(r.downtime_us[0][3], r.downtime_us[0][0]);      // required = 3 = all
  const WorkloadTally& t = tally.workloads[0];
  EXPECT_EQ(t.outages[0], 3);
  EXPECT_EQ(t.outages[1], 1);
  EXPECT_EQ(t.outages[2], 0);
  EXPECT_EQ(t.recoveries, 3);
  EXPECT_EQ(t.recovery_us, (15 + 30 + 30) * kSecond);
}

// The probability of a loss in the window: the fraction of replications whose first loss falls
// in it, with the Wilson score interval.
TEST(ReducerTest, LossProbabilityInTheWindow) {
  Scenario s = testing::MustLoad(R"(
simulation: {horizon: 100s, warmup: 10s, replications: 4}
cluster: {nodePools: [{name: n, count: 3}]}
workloads:
  - deployment: {name: w, replicas: 3}
)");
  Tally tally;
  AvailabilityRecorder rec(s, &tally);
  Reducer reducer(s);
  for (int r = 0; r < 4; ++r) {
    rec.Reset();
    for (int k = 1; k <= 3; ++k) rec.OnReadyChanged(0, k, 0);
    if (r == 0) rec.OnDataLoss(0, 5 * kSecond, -1);  // before the window: not counted
    if (r == 1) rec.OnDataLoss(0, 50 * kSecond, -1);
    if (r == 3) {
      rec.OnDataLoss(0, 20 * kSecond, -1);
      rec.OnDataLoss(0, 30 * kSecond, -1);
    }
    ReplicationResult result;
    rec.Finish(&result);
    result.pending_us.assign(1, 0);
    reducer.Add(result);
  }
  const Estimate e = reducer.Finish(tally).workloads[0].loss_probability_in_window;
  EXPECT_DOUBLE_EQ(e.mean, 0.5);
  // 2 of 4: centre 0.5, half-width z sqrt(1/16 + z^2/64) / (1 + z^2/4).
  const double z = 1.959963984540054;
  const double half = z * std::sqrt(1.0 / 16 + z * z / 64) / (1 + z * z / 4);
  EXPECT_NEAR(e.ci95_low, 0.5 - half, 1e-12);
  EXPECT_NEAR(e.ci95_high, 0.5 + half, 1e-12);
  // All of 200: the interval keeps a width (a t interval would be [1, 1]).
  const Estimate all = WilsonProportion(200, 200);
  EXPECT_EQ(all.mean, 1.0);
  EXPECT_NEAR(all.ci95_low, 200 / (200 + z * z), 1e-12);
  EXPECT_EQ(all.ci95_high, 1.0);
}

TEST(AvailabilityRecorderTest, LevelThresholds) {
  Workload w;
  w.replicas = 5;
  EXPECT_EQ(LevelThresholds(w), (std::array<int, kLevels>{5, 3, 1, 3}));
  w.app.availability_given = true;
  w.app.availability = {AvailabilityLevel::Kind::kCount, 4};
  EXPECT_EQ(LevelThresholds(w)[3], 4);
  w.replicas = 4;
  w.app.availability = {AvailabilityLevel::Kind::kQuorum, 0};
  EXPECT_EQ(LevelThresholds(w)[1], 3);
}

}  // namespace
}  // namespace clustersim
