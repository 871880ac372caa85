// ReplicaSetController (sim/k8s/controllers/replicaset_controller.h) on its own:
// pkg/controller/replicaset/replica_set.go, whose manageReplicas counts only active pods
// (controller.FilterActivePods: no deletionTimestamp) and creates the difference at once; so a
// terminating pod is replaced while its object may linger. A bare Pod has no controller: created
// once, never replaced. docs/semantics.md, section 5.1.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "k8s/controllers/controller_harness.h"

namespace clustersim {
namespace {

using testing::Harness;
using testing::Match;
using testing::TempDir;

constexpr SimTime kT = kHour;

// `web`, a Deployment of 2, and `solo`, a bare Pod from a manifest.
std::string Scenario(const TempDir& dir) {
  const std::string pod = dir.Write("solo.yaml", R"(apiVersion: v1
kind: Pod
metadata: {name: solo}
spec:
  containers: [{name: app, image: busybox}]
)");
  return R"(
simulation: {horizon: 10h, replications: 1, seed: 4}
cluster:
  nodePools: [{name: n, count: 3, zones: [zone-a]}]
workloads:
  - deployment: {name: web, replicas: 2}
  - manifests: )" +
         pod + R"(
policies: {scheduler: first-fit}
)";
}

// manageReplicas: a pod with a deletionTimestamp is not active, so its replacement is created
// (and scheduled) at the eviction; the old object stays, Terminating, and its removal later
// creates nothing more.
TEST(ReplicaSetControllerTest, TerminatingPodIsReplacedAtOnce) {
  TempDir dir;
  Harness h(Scenario(dir));
  const uint32_t w = h.Workload("web");
  h.RunUntil(kT - 1);
  const std::vector<uint32_t> before = h.PodsOf(w);
  ASSERT_EQ(before.size(), 2u);
  h.At(kT, [&] {
    h.m.api.EvictPod(before[0], /*by_taint=*/true);
    EXPECT_EQ(h.m.s.workloads[w].active, 2);
    EXPECT_EQ(h.PodsOf(w).size(), 3u);
  });
  h.At(kT + kHour, [&] { h.m.api.RemovePod(before[0]); });
  h.RunUntil(kT);
  const auto created = h.Records({.kind = TraceKind::kPodCreated, .workload = w, .from = kT});
  ASSERT_EQ(created.size(), 1u);
  EXPECT_EQ(created[0].time, kT);
  EXPECT_EQ(h.FirstTime({.kind = TraceKind::kPodScheduled, .pod = created[0].pod, .from = kT}), kT);
  EXPECT_TRUE(h.m.s.pods[before[0]].deleting);

  h.RunUntil(kT + kHour);
  EXPECT_EQ(h.PodsOf(w).size(), 2u);
  EXPECT_EQ(h.Count({.kind = TraceKind::kPodCreated, .workload = w, .from = kT}), 1);
  EXPECT_EQ(h.m.s.workloads[w].active, 2);
}

// A pod whose object goes without a deletionTimestamp first (a force delete) is replaced too.
TEST(ReplicaSetControllerTest, ForceDeletedPodIsReplacedAtOnce) {
  TempDir dir;
  Harness h(Scenario(dir));
  const uint32_t w = h.Workload("web");
  h.At(kT, [&] { h.m.api.ForceDelete(h.PodsOf(w)[1]); });
  h.RunUntil(kT);
  EXPECT_EQ(h.PodsOf(w).size(), 2u);
  EXPECT_EQ(h.Times({.kind = TraceKind::kPodCreated, .workload = w, .from = kT}),
            std::vector<SimTime>{kT});
  EXPECT_EQ(h.m.s.workloads[w].active, 2);
}

// With every replica active, a reconcile creates nothing.
TEST(ReplicaSetControllerTest, ReconcileWithEveryReplicaActiveCreatesNothing) {
  TempDir dir;
  Harness h(Scenario(dir));
  const uint32_t w = h.Workload("web");
  h.At(kT, [&] {
    h.m.replicasets.Reconcile(w);
    h.m.replicasets.Reconcile(w);
  });
  h.RunUntil(kT);
  EXPECT_EQ(h.PodsOf(w).size(), 2u);
  EXPECT_EQ(h.Count({.kind = TraceKind::kPodCreated, .workload = w, .from = kT}), 0);
}

// A bare Pod is nobody's: once its object is gone (or while it terminates), nothing recreates
// it, whatever reconciles.
TEST(ReplicaSetControllerTest, BarePodIsNeverReplaced) {
  TempDir dir;
  Harness h(Scenario(dir));
  const uint32_t w = h.Workload("solo");
  ASSERT_EQ(h.scenario().workloads[w].kind, WorkloadKind::kPod);
  h.RunUntil(kT - 1);
  const std::vector<uint32_t> pods = h.PodsOf(w);
  ASSERT_EQ(pods.size(), 1u);
  h.At(kT, [&] {
    h.m.api.EvictPod(pods[0], /*by_taint=*/true);
    EXPECT_EQ(h.PodsOf(w).size(), 1u);
    h.m.api.RemovePod(pods[0]);
    h.m.replicasets.Reconcile(w);
  });
  h.RunUntil(kT + kHour);
  EXPECT_TRUE(h.PodsOf(w).empty());
  EXPECT_EQ(h.Count({.kind = TraceKind::kPodCreated, .workload = w, .from = kT}), 0);
  EXPECT_EQ(h.Count({.kind = TraceKind::kPodCreated, .workload = w}), 1);
}

}  // namespace
}  // namespace clustersim
