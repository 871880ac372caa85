// LeaderElection (sim/k8s/controllers/leader_election.h) on its own: client-go's
// tools/leaderelection (leaderelection.go) among a workload's ready pods, with component-base's
// defaults (leaseDuration 15 s, renewDeadline 10 s, retryPeriod 2 s): a candidate acquires a free
// lease at once (tryAcquireOrRenew on start); a leader that stops gracefully releases it
// (ReleaseOnCancel); one that crashes holds it until leaseDuration after its last renewal
// (renewals every retryPeriod); candidates retry every retryPeriod x (1 + JitterFactor 1.2 u)
// (wait.JitterUntil). docs/semantics.md, section 13.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "k8s/controllers/controller_harness.h"

namespace clustersim {
namespace {

using testing::Harness;

constexpr SimTime kT = kHour;
constexpr SimTime kLease = 15 * kSecond, kRetry = 2 * kSecond;
// The longest retry interval: retryPeriod x (1 + 1.2).
constexpr SimTime kLongestRetry = 4400 * kMillisecond;

// Three replicas of `db`, one per node, electing a leader.
std::string Scenario(int seed) {
  return R"(
simulation: {horizon: 10h, replications: 1, seed: )" +
         std::to_string(seed) + R"(}
cluster:
  nodePools: [{name: n, count: 3, zones: [zone-a]}]
workloads:
  - statefulSet: {name: db, replicas: 3, podManagementPolicy: Parallel, podAntiAffinity: required}
    app: {leaderElection: {}}
policies: {scheduler: first-fit}
)";
}

// The ordinal of the leader (-1: none).
int LeaderOrdinal(const Harness& h, uint32_t w) {
  const uint32_t leader = h.m.s.workloads[w].leader;
  return leader == kNone ? -1 : h.m.s.pods[leader].ordinal;
}

// The first pod ready with the lease free takes it at once: db-0, at time 0.
TEST(LeaderElectionTest, FirstReadyPodTakesTheFreeLeaseAtOnce) {
  Harness h(Scenario(1));
  const uint32_t w = h.Workload("db");
  h.RunUntil(0);
  EXPECT_EQ(LeaderOrdinal(h, w), 0);
  ASSERT_EQ(h.rec.leaders.size(), 1u);
  EXPECT_TRUE(h.rec.leaders[0].has_leader);
  EXPECT_EQ(h.rec.leaders[0].time, 0);
}

// ReleaseOnCancel: a leader whose containers stop on a healthy node releases the lease; the one
// other ready pod takes it at its next retry, never more than one (longest) retry interval
// later, whatever the draws.
TEST(LeaderElectionTest, GracefulStopReleasesTheLeaseAtOnce) {
  for (int seed = 1; seed <= 100; ++seed) {
    Harness h(Scenario(seed));
    const uint32_t w = h.Workload("db");
    h.At(kT, [&] {
      h.m.kubelet.StopPod(h.Pod(w, 2));
      h.m.kubelet.StopPod(h.Pod(w, 0));  // the leader
    });
    h.RunUntil(kT);
    EXPECT_EQ(h.m.s.workloads[w].lease_free_at, kT) << seed;
    EXPECT_EQ(LeaderOrdinal(h, w), -1) << seed;
    h.RunUntil(kT + kMinute);
    ASSERT_EQ(h.rec.leaders.size(), 3u) << seed;
    EXPECT_FALSE(h.rec.leaders[1].has_leader);
    EXPECT_EQ(h.rec.leaders[1].time, kT);
    EXPECT_TRUE(h.rec.leaders[2].has_leader);
    EXPECT_GE(h.rec.leaders[2].time, kT) << seed;
    EXPECT_LT(h.rec.leaders[2].time, kT + kLongestRetry) << seed;
    EXPECT_EQ(LeaderOrdinal(h, w), 1) << seed;
  }
}

// A crashed leader renewed last up to retryPeriod ago and holds the lease until leaseDuration
// after that renewal; the lease is taken at a candidate's retry after it is free: 13 to 19.4 s
// after the crash.
TEST(LeaderElectionTest, CrashedLeaderHoldsTheLeaseUntilLeaseDurationAfterItsLastRenewal) {
  for (int seed = 1; seed <= 8; ++seed) {
    Harness h(Scenario(seed));
    const uint32_t w = h.Workload("db");
    h.At(kT, [&] { h.m.kubelet.MachineDown(h.P(w, 0).node); });
    h.RunUntil(kT);
    const SimTime free_at = h.m.s.workloads[w].lease_free_at;
    EXPECT_GT(free_at, kT + kLease - kRetry) << seed;
    EXPECT_LT(free_at, kT + kLease) << seed;  // the last renewal was before the crash
    h.RunUntil(free_at - 1);
    EXPECT_EQ(LeaderOrdinal(h, w), -1) << seed;
    h.RunUntil(kT + kMinute);
    ASSERT_EQ(h.rec.leaders.size(), 3u) << seed;
    EXPECT_GE(h.rec.leaders[2].time, free_at) << seed;
    EXPECT_LT(h.rec.leaders[2].time, free_at + kLongestRetry) << seed;
    EXPECT_NE(LeaderOrdinal(h, w), 0) << seed;
  }
}

// With no ready pod the retry finds no candidate; the next pod to become ready takes the free
// lease at once.
TEST(LeaderElectionTest, WithNoReadyPodTheNextOneToBeReadyTakesTheLease) {
  Harness h(Scenario(3));
  const uint32_t w = h.Workload("db");
  h.At(kT, [&] {
    for (int o : {1, 2, 0}) h.m.kubelet.StopPod(h.Pod(w, o));
  });
  h.At(kT + kHour, [&] { h.m.kubelet.StartApp(h.Pod(w, 2)); });
  h.RunUntil(kT + kHour - 1);
  EXPECT_EQ(LeaderOrdinal(h, w), -1);
  h.RunUntil(kT + kHour);
  EXPECT_EQ(LeaderOrdinal(h, w), 2);
  EXPECT_EQ(h.rec.leaders.back().time, kT + kHour);
}

// A pod ready while a crashed leader still holds the lease waits for the lease to run out.
TEST(LeaderElectionTest, PodReadyWhileTheLeaseIsHeldWaitsForIt) {
  Harness h(Scenario(4));
  const uint32_t w = h.Workload("db");
  h.At(kT, [&] {
    h.m.kubelet.StopPod(h.Pod(w, 1));
    h.m.kubelet.StopPod(h.Pod(w, 2));
    h.m.kubelet.MachineDown(h.P(w, 0).node);
  });
  h.At(kT + kSecond, [&] { h.m.kubelet.StartApp(h.Pod(w, 1)); });
  h.RunUntil(kT + kSecond);
  const SimTime free_at = h.m.s.workloads[w].lease_free_at;
  EXPECT_GT(free_at, kT + kSecond);
  EXPECT_EQ(LeaderOrdinal(h, w), -1);
  h.RunUntil(kT + kMinute);
  EXPECT_EQ(LeaderOrdinal(h, w), 1);
  EXPECT_GE(h.rec.leaders.back().time, free_at);
  EXPECT_LT(h.rec.leaders.back().time, free_at + kLongestRetry);
}

}  // namespace
}  // namespace clustersim
