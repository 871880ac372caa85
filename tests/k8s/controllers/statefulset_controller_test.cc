// StatefulSetController (sim/k8s/controllers/statefulset_controller.h) on its own:
// pkg/controller/statefulset/stateful_set_control.go. At most one pod per identity: a missing
// ordinal is created, one whose pod has a deletionTimestamp is left to terminate and is created
// again only once the object is gone. OrderedReady (monotonic) creates the first missing ordinal
// and stops at the first pod that is not Running and Ready or is terminating; Parallel creates
// every missing ordinal in one pass. docs/semantics.md, section 5.2.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "k8s/controllers/controller_harness.h"

namespace clustersim {
namespace {

using testing::Harness;
using testing::Match;

constexpr SimTime kT = kHour;

// Three replicas of `db` (no claims), ready 30 s after their containers start.
std::string Scenario(const std::string& policy, bool from_empty) {
  return std::string(R"(
simulation: {horizon: 10h, replications: 1, seed: 2, startFromEmpty: )") +
         (from_empty ? "true" : "false") + R"(}
cluster:
  nodePools: [{name: n, count: 3, zones: [zone-a]}]
workloads:
  - statefulSet: {name: db, replicas: 3, podManagementPolicy: )" +
         policy + R"(}
    app: {startup: 30s}
policies: {scheduler: first-fit}
)";
}

Match Created(uint32_t w, int ordinal, SimTime from = 0) {
  return {.kind = TraceKind::kPodCreated, .workload = w, .ordinal = ordinal, .from = from};
}

// stateful_set_control.go: "pod has a deletion timestamp ... waiting for it to terminate". The
// terminating pod keeps its identity; no reconcile creates the ordinal while its object exists.
TEST(StatefulSetControllerTest, TerminatingPodsOrdinalIsNotCreatedAgain) {
  Harness h(Scenario("OrderedReady", false));
  const uint32_t w = h.Workload("db");
  h.RunUntil(kT - 1);
  const uint32_t old = h.Pod(w, 1);
  h.At(kT, [&] {
    h.m.api.EvictPod(old, /*by_taint=*/true);
    EXPECT_TRUE(h.m.s.pods[old].deleting);
    h.m.statefulsets.Reconcile(w);
  });
  h.RunUntil(kT + 5 * kHour);
  EXPECT_EQ(h.Pod(w, 1), old);
  EXPECT_EQ(h.Count(Created(w, 1, kT)), 0);
  EXPECT_EQ(h.PodsOf(w).size(), 3u);
}

// Once the object is gone (the kubelet confirmed the deletion, or it was forced), the identity is
// free and the ordinal is created at once.
TEST(StatefulSetControllerTest, OrdinalIsCreatedOnceThePodObjectIsGone) {
  Harness h(Scenario("OrderedReady", false));
  const uint32_t w = h.Workload("db");
  h.RunUntil(kT - 1);
  const uint32_t old = h.Pod(w, 1);
  h.At(kT, [&] { h.m.api.EvictPod(old, /*by_taint=*/true); });
  h.At(kT + kHour, [&] { h.m.api.RemovePod(old); });
  h.RunUntil(kT + kHour);
  EXPECT_EQ(h.Times(Created(w, 1, kT)), std::vector<SimTime>{kT + kHour});
  const uint32_t fresh = h.Pod(w, 1);
  ASSERT_NE(fresh, kNone);
  EXPECT_FALSE(h.m.s.pods[fresh].deleting);
  h.RunUntil(kT + 2 * kHour);
  EXPECT_EQ(h.m.s.workloads[w].ready, 3);
}

// OrderedReady from an empty StatefulSet: ordinal k is created only once 0..k-1 are Running and
// Ready (statefulset.md, "Deployment and Scaling Guarantees").
TEST(StatefulSetControllerTest, OrderedReadyCreatesEachOrdinalOnceTheLowerOnesAreReady) {
  Harness h(Scenario("OrderedReady", true));
  const uint32_t w = h.Workload("db");
  h.RunUntil(29 * kSecond);
  EXPECT_EQ(h.PodsOf(w).size(), 1u);
  h.RunUntil(kHour);
  for (int o = 0; o < 3; ++o) {
    EXPECT_EQ(h.Times(Created(w, o)), std::vector<SimTime>{o * 30 * kSecond}) << o;
    EXPECT_EQ(h.FirstTime({.kind = TraceKind::kPodReady, .workload = w, .ordinal = o}),
              (o + 1) * 30 * kSecond)
        << o;
  }
}

// A lower ordinal that is terminating (monotonic: "waiting for it to terminate") holds back the
// creation of a missing higher one, until it is gone, recreated and Ready.
TEST(StatefulSetControllerTest, OrderedReadyWaitsWhileALowerOrdinalIsTerminating) {
  Harness h(Scenario("OrderedReady", false));
  const uint32_t w = h.Workload("db");
  h.RunUntil(kT - 1);
  const uint32_t zero = h.Pod(w, 0);
  h.At(kT, [&] {
    h.m.api.EvictPod(zero, /*by_taint=*/true);
    h.m.api.RemovePod(h.Pod(w, 2));
    EXPECT_EQ(h.Pod(w, 2), kNone);
  });
  h.At(kT + kHour, [&] {
    EXPECT_EQ(h.Count(Created(w, 2, kT)), 0);
    h.m.api.RemovePod(zero);
  });
  h.RunUntil(kT + kHour);
  EXPECT_EQ(h.Times(Created(w, 0, kT)), std::vector<SimTime>{kT + kHour});
  EXPECT_EQ(h.Pod(w, 2), kNone);  // db-0 is not Ready yet
  h.RunUntil(kT + 2 * kHour);
  EXPECT_EQ(h.Times(Created(w, 2, kT)), std::vector<SimTime>{kT + kHour + 30 * kSecond});
}

// ... and so does one that is not Running and Ready.
TEST(StatefulSetControllerTest, OrderedReadyWaitsWhileALowerOrdinalIsNotReady) {
  Harness h(Scenario("OrderedReady", false));
  const uint32_t w = h.Workload("db");
  h.At(kT, [&] {
    h.m.kubelet.StopPod(h.Pod(w, 1));
    h.m.api.RemovePod(h.Pod(w, 2));
  });
  h.At(kT + kHour, [&] { h.m.kubelet.StartApp(h.Pod(w, 1)); });
  h.RunUntil(kT + kHour - 1);
  EXPECT_EQ(h.Count(Created(w, 2, kT)), 0);
  h.RunUntil(kT + 2 * kHour);
  EXPECT_EQ(h.Times(Created(w, 2, kT)), std::vector<SimTime>{kT + kHour + 30 * kSecond});
}

// Parallel: every ordinal at once, from empty ...
TEST(StatefulSetControllerTest, ParallelCreatesEveryOrdinalAtOnce) {
  Harness h(Scenario("Parallel", true));
  const uint32_t w = h.Workload("db");
  h.RunUntil(kHour);
  for (int o = 0; o < 3; ++o) {
    EXPECT_EQ(h.Times(Created(w, o)), std::vector<SimTime>{0}) << o;
    EXPECT_EQ(h.FirstTime({.kind = TraceKind::kPodReady, .workload = w, .ordinal = o}),
              30 * kSecond);
  }
}

// ... and later, whatever the state of the other ordinals.
TEST(StatefulSetControllerTest, ParallelDoesNotWaitForLowerOrdinals) {
  Harness h(Scenario("Parallel", false));
  const uint32_t w = h.Workload("db");
  h.At(kT, [&] {
    h.m.api.EvictPod(h.Pod(w, 0), /*by_taint=*/true);
    h.m.kubelet.StopPod(h.Pod(w, 1));
    h.m.api.RemovePod(h.Pod(w, 2));
  });
  h.RunUntil(kT);
  EXPECT_EQ(h.Times(Created(w, 2, kT)), std::vector<SimTime>{kT});
  EXPECT_EQ(h.Count(Created(w, 0, kT)), 0);  // still terminating: at most one
}

}  // namespace
}  // namespace clustersim
