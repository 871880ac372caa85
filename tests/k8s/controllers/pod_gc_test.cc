// PodGc (sim/k8s/controllers/pod_gc.h) on its own: pkg/controller/podgc/gc_controller.go, whose
// gc() runs every gcCheckPeriod (20 s) from a phase of its own: gcTerminating force-deletes the
// pods of a NotReady node tainted node.kubernetes.io/out-of-service, gcOrphaned those of a Node
// object that is gone, once the node has been missing for quarantineTime (40 s: queued at one
// pass, confirmed at the first pass 40 s later). docs/semantics.md, section 6.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "k8s/controllers/controller_harness.h"

namespace clustersim {
namespace {

using testing::Harness;
using testing::Match;

constexpr SimTime kT = kHour + 7 * kSecond;
constexpr SimTime kPeriod = 20 * kSecond;

// Everything on n-0 (first-fit): two Deployment pods and a StatefulSet pod on a zonal volume.
const char* kScenario = R"(
simulation: {horizon: 10h, replications: 1, seed: 11}
cluster:
  nodePools: [{name: n, count: 3, zones: [zone-a]}]
storageClasses:
  - {name: disk, kind: zonal, default: true, attach: 10s, detach: 5s}
workloads:
  - deployment: {name: web, replicas: 2}
  - statefulSet: {name: db, replicas: 1, volumeClaimTemplates: [{name: data, storage: 1Gi}]}
policies: {scheduler: first-fit}
)";

// The first pass at or after t.
SimTime PassAtOrAfter(SimTime phase, SimTime t) {
  return phase + (FloorDiv(t - phase - 1, kPeriod) + 1) * kPeriod;
}

// The node's machine stops; the scheduler is kept off it (replacements go elsewhere).
void Stop(Harness& h, uint32_t n) {
  h.m.kubelet.MachineDown(n);
  h.m.s.sched_nodes[n].unschedulable = true;
}

// The node's machine is stopped at t and, as a failover policy would, tainted out-of-service.
void OutOfServiceAt(Harness& h, uint32_t n, SimTime t) {
  h.At(t, [&h, n] {
    Stop(h, n);
    h.m.s.nodes[n].out_of_service = true;
    h.m.pod_gc.OnOutOfService(n);
  });
}

// The same, the Node object deleted.
void DeletedAt(Harness& h, uint32_t n, SimTime t) {
  h.At(t, [&h, n] {
    Stop(h, n);
    h.m.s.nodes[n].deleted = true;
    h.m.pod_gc.OnNodeDeleted(n);
  });
}

// gcTerminating at the next pass: every pod of the node is force-deleted (grace period 0) and
// its object is gone; not a moment before the pass.
TEST(PodGcTest, OutOfServiceNodesPodsAreForceDeletedAtTheNextPass) {
  Harness h(kScenario);
  const uint32_t n = h.Node("n-0");
  OutOfServiceAt(h, n, kT);
  h.RunUntil(kT);
  const std::vector<uint32_t> pods = h.PodsOn(n);
  ASSERT_EQ(pods.size(), 3u);
  const SimTime pass = PassAtOrAfter(h.PodGcPhase(), kT);
  ASSERT_GE(pass, kT);
  ASSERT_LT(pass, kT + kPeriod);

  h.RunUntil(pass - 1);
  EXPECT_EQ(h.PodsOn(n).size(), 3u);
  EXPECT_EQ(h.Count({.kind = TraceKind::kPodForceDeleted}), 0);
  h.RunUntil(pass);
  EXPECT_TRUE(h.PodsOn(n).empty());
  for (uint32_t id : pods) {
    EXPECT_EQ(h.Times({.kind = TraceKind::kPodForceDeleted, .pod = id, .from = kT}),
              std::vector<SimTime>{pass});
  }
  // The StatefulSet's identity is free again: db-0 is recreated at once.
  EXPECT_EQ(
      h.FirstTime(
          {.kind = TraceKind::kPodCreated, .workload = h.Workload("db"), .ordinal = 0, .from = kT}),
      pass);
}

// A taint at the instant of a pass is handled by that pass.
TEST(PodGcTest, TaintAtAPassIsHandledByThatPass) {
  Harness h(kScenario);
  const SimTime pass = PassAtOrAfter(h.PodGcPhase(), kT);
  const uint32_t n = h.Node("n-0");
  OutOfServiceAt(h, n, pass);
  h.RunUntil(pass);
  EXPECT_TRUE(h.PodsOn(n).empty());
  EXPECT_EQ(h.FirstTime({.kind = TraceKind::kPodForceDeleted}), pass);
}

// gcTerminating acts only on a node that is not Ready: a node back before the pass keeps its
// pods (the operator removes the taint once it is back).
TEST(PodGcTest, NodeBackBeforeThePassKeepsItsPods) {
  Harness h(kScenario);
  const uint32_t n = h.Node("n-0");
  OutOfServiceAt(h, n, kT);
  const SimTime pass = PassAtOrAfter(h.PodGcPhase(), kT);
  h.At(pass - 1, [&] { h.m.kubelet.MachineUp(n); });
  h.RunUntil(pass - 1);
  EXPECT_FALSE(h.m.s.nodes[n].out_of_service);
  h.RunUntil(kT + kHour);
  EXPECT_EQ(h.Count({.kind = TraceKind::kPodForceDeleted}), 0);
  EXPECT_EQ(h.PodsOn(n).size(), 3u);
}

// gcOrphaned: the first pass after the Node object is gone queues it (AddAfter quarantineTime);
// the pass 40 s later confirms it is missing and deletes its pods: 40 to 60 s after the
// deletion.
TEST(PodGcTest, OrphanedPodsAreDeletedAfterTheFortySecondQuarantine) {
  Harness h(kScenario);
  const uint32_t n = h.Node("n-0");
  DeletedAt(h, n, kT);
  const SimTime phase = h.PodGcPhase();
  const SimTime seen = phase + (FloorDiv(kT - phase, kPeriod) + 1) * kPeriod;
  const SimTime gc = seen + 40 * kSecond;
  ASSERT_GT(gc, kT + 40 * kSecond);
  ASSERT_LE(gc, kT + 60 * kSecond);

  h.RunUntil(gc - 1);
  EXPECT_EQ(h.PodsOn(n).size(), 3u);
  h.RunUntil(gc);
  EXPECT_TRUE(h.PodsOn(n).empty());
  EXPECT_EQ(h.Times({.kind = TraceKind::kPodForceDeleted}), (std::vector<SimTime>{gc, gc, gc}));
}

// A deletion at the instant of a pass is first seen by the next one: 60 s.
TEST(PodGcTest, NodeDeletedAtAPassIsSeenByTheNextOne) {
  Harness h(kScenario);
  const uint32_t n = h.Node("n-0");
  const SimTime pass = PassAtOrAfter(h.PodGcPhase(), kT);
  DeletedAt(h, n, pass);
  h.RunUntil(pass + kHour);
  EXPECT_EQ(h.FirstTime({.kind = TraceKind::kPodForceDeleted}), pass + 60 * kSecond);
}

// A machine that comes back registers its Node again before the quarantine is over: its pods
// are not orphans.
TEST(PodGcTest, NodeRegisteredAgainBeforeTheQuarantineEndsKeepsItsPods) {
  Harness h(kScenario);
  const uint32_t n = h.Node("n-0");
  DeletedAt(h, n, kT);
  h.At(kT + 30 * kSecond, [&] { h.m.kubelet.MachineUp(n); });
  h.RunUntil(kT + 30 * kSecond);
  EXPECT_FALSE(h.m.s.nodes[n].deleted);
  h.RunUntil(kT + kHour);
  EXPECT_EQ(h.Count({.kind = TraceKind::kPodForceDeleted}), 0);
  EXPECT_EQ(h.PodsOn(n).size(), 3u);
}

}  // namespace
}  // namespace clustersim
