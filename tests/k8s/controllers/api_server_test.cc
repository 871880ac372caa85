// ApiServer (sim/k8s/controllers/api_server.h) on its own: pod objects and the watches through
// which controllers learn of their changes. Create, bind (the pods/binding subresource, or
// spec.nodeName without the scheduler), a graceful delete that sets the deletionTimestamp once
// (registry/rest.BeforeDelete), and the removal of the object, whose watchers are told in a
// fixed order: the kubelet's view, the attach-detach controller, the owning StatefulSet or
// ReplicaSet controller (which may create a replacement), then the scheduling queue (a deleted
// pod is a queueing hint: its node has room). docs/semantics.md, sections 4 and 5.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "k8s/controllers/controller_harness.h"

namespace clustersim {
namespace {

using testing::Harness;
using testing::Match;

constexpr SimTime kT = kHour;

// n-0 has 4 CPUs; db-0 (2 CPUs, a zonal volume) runs there; `other` (3 CPUs) waits for room.
// `pinned` is bound by spec.nodeName to n-1, which is cordoned.
const char* kScenario = R"(
simulation: {horizon: 10h, replications: 1, seed: 15}
cluster:
  nodePools:
    - {name: n, count: 1, zones: [zone-a], capacity: {cpu: "4", memory: 16Gi}}
    - {name: m, count: 1, zones: [zone-b], capacity: {cpu: "4", memory: 16Gi}, unschedulable: true}
storageClasses:
  - {name: disk, kind: zonal, default: true, attach: 10s, detach: 5s}
workloads:
  - statefulSet:
      name: db
      replicas: 1
      resources: {cpu: "2"}
      volumeClaimTemplates: [{name: data, storage: 1Gi}]
    app: {startup: 30s}
  - deployment: {name: other, replicas: 1, resources: {cpu: "3"}}
  - deployment: {name: pinned, replicas: 1, nodeName: m-0}
policies: {scheduler: first-fit}
)";

// When the object is gone the kubelet's view goes first (not ready), then the volume is
// released, then the StatefulSet controller recreates the ordinal (bound at once, into the room
// the old pod left), and only then are pending pods retried: `other` finds no room.
TEST(ApiServerTest, OwnersAreToldInOrderWhenAPodObjectIsGone) {
  Harness h(kScenario);
  const uint32_t db = h.Workload("db"), other = h.Workload("other");
  const uint32_t n = h.Node("n-0");
  uint32_t old = kNone;
  h.At(kT, [&] {
    old = h.Pod(db, 0);
    ASSERT_EQ(h.m.s.pods[old].node, n);
    h.m.api.RemovePod(old);
  });
  h.RunUntil(kT);
  const int not_ready = h.IndexOf({.kind = TraceKind::kPodNotReady, .pod = old, .from = kT});
  const int removed = h.IndexOf({.kind = TraceKind::kPodRemoved, .pod = old, .from = kT});
  const int released = h.IndexOf({.kind = TraceKind::kVolumeDetachStarted, .from = kT});
  const int created = h.IndexOf({.kind = TraceKind::kPodCreated, .workload = db, .from = kT});
  const int bound = h.IndexOf({.kind = TraceKind::kPodScheduled, .workload = db, .from = kT});
  const int retried =
      h.IndexOf({.kind = TraceKind::kPodUnschedulable, .workload = other, .from = kT});
  ASSERT_GE(not_ready, 0);
  EXPECT_LT(not_ready, removed);
  EXPECT_LT(removed, released);
  EXPECT_LT(released, created);
  EXPECT_LT(created, bound);
  EXPECT_LT(bound, retried);
  EXPECT_EQ(h.P(db, 0).node, n);
  EXPECT_EQ(h.m.s.pods[h.PodsOf(other)[0]].phase, PodPhase::kPending);
  EXPECT_EQ(h.m.s.sched_nodes[n].req_cpu, 2000);
  EXPECT_EQ(h.m.s.sched_nodes[n].pods, 1u);
}

// A graceful delete sets the deletionTimestamp once: the object stays bound (counted on its
// node, not among the live pods that topology spreading counts), and a second delete changes
// nothing. Only the taint manager's evictions count as pod evictions.
TEST(ApiServerTest, GracefulDeleteSetsTheDeletionTimestampOnce) {
  Harness h(kScenario);
  const uint32_t db = h.Workload("db"), pinned = h.Workload("pinned");
  const uint32_t n = h.Node("n-0");
  h.At(kT, [&] {
    const uint32_t id = h.Pod(db, 0);
    h.m.api.EvictPod(id, /*by_taint=*/true);
    h.m.api.EvictPod(id, /*by_taint=*/true);
    h.m.api.EvictPod(h.PodsOf(pinned)[0], /*by_taint=*/false);
  });
  h.RunUntil(kT);
  const uint32_t id = h.Pod(db, 0);
  EXPECT_TRUE(h.m.s.pods[id].deleting);
  EXPECT_EQ(h.m.s.pods[id].node, n);
  EXPECT_EQ(h.m.s.workloads[db].nodes, std::vector<uint32_t>{n});
  EXPECT_TRUE(h.m.s.workloads[db].live_nodes.empty());
  EXPECT_EQ(h.Count({.kind = TraceKind::kPodEvicted, .pod = id}), 1);
  EXPECT_EQ(h.m.s.counters.pod_evictions, 1);
  const auto drained = h.Records({.kind = TraceKind::kPodEvicted, .workload = pinned});
  ASSERT_EQ(drained.size(), 1u);
  EXPECT_STREQ(drained[0].detail, kDrainEviction);
}

// spec.nodeName: bound to that node as the pod is created, without the scheduler (no filter,
// so a cordoned node takes it).
TEST(ApiServerTest, NodeNameBindsWithoutTheScheduler) {
  Harness h(kScenario);
  const uint32_t pinned = h.Workload("pinned"), m0 = h.Node("m-0");
  h.RunUntil(0);
  ASSERT_TRUE(h.m.s.sched_nodes[m0].unschedulable);
  const std::vector<uint32_t> pods = h.PodsOf(pinned);
  ASSERT_EQ(pods.size(), 1u);
  EXPECT_EQ(h.m.s.pods[pods[0]].node, m0);
  EXPECT_EQ(h.Count({.kind = TraceKind::kPodUnschedulable, .workload = pinned}), 0);
}

// A force delete removes every pod of a node at once, each traced as force-deleted, then removed.
TEST(ApiServerTest, ForceDeleteAllRemovesEveryPodOfTheNode) {
  Harness h(kScenario);
  const uint32_t n = h.Node("n-0"), db = h.Workload("db");
  h.At(kT, [&] {
    ASSERT_EQ(h.PodsOn(n).size(), 1u);
    h.m.s.sched_nodes[n].unschedulable = true;  // the replacement cannot come back here
    h.m.api.ForceDeleteAll(n);
    EXPECT_TRUE(h.PodsOn(n).empty());
  });
  h.RunUntil(kT);
  const auto forced = h.Records({.kind = TraceKind::kPodForceDeleted, .node = n});
  ASSERT_EQ(forced.size(), 1u);
  EXPECT_EQ(forced[0].workload, db);
  const int removed = h.IndexOf({.kind = TraceKind::kPodRemoved, .pod = forced[0].pod, .from = kT});
  EXPECT_LT(h.IndexOf({.kind = TraceKind::kPodForceDeleted, .node = n}), removed);
  EXPECT_EQ(h.P(db, 0).phase, PodPhase::kPending);
}

// Removing a pod that is still Pending takes it out of the scheduling queue.
TEST(ApiServerTest, RemovingAPendingPodTakesItOutOfTheQueue) {
  Harness h(kScenario);
  const uint32_t other = h.Workload("other");
  h.At(kT, [&] {
    ASSERT_EQ(h.m.queue.size(), 1u);
    h.m.api.RemovePod(h.PodsOf(other)[0]);
  });
  h.RunUntil(kT);
  // The ReplicaSet's replacement is Pending in its place.
  EXPECT_EQ(h.m.queue.size(), 1u);
  const std::vector<uint32_t> pods = h.PodsOf(other);
  ASSERT_EQ(pods.size(), 1u);
  EXPECT_EQ(h.m.s.pods[pods[0]].phase, PodPhase::kPending);
}

// A freed pod slot is reused with a new epoch: what was scheduled for the old pod (its
// readiness) is dropped, and the new pod is ready after its own start-up.
TEST(ApiServerTest, ReusedPodSlotDropsTheOldPodsEvents) {
  Harness h(kScenario);
  const uint32_t db = h.Workload("db");
  uint32_t old = kNone, epoch = 0;
  h.At(kT, [&] {
    h.m.kubelet.StopPod(h.Pod(db, 0));
    h.m.kubelet.StartApp(h.Pod(db, 0));  // ready at kT + 30 s
  });
  h.At(kT + 10 * kSecond, [&] {
    old = h.Pod(db, 0);
    epoch = h.m.s.pods[old].epoch;
    h.m.api.RemovePod(old);
  });
  h.RunUntil(kT + kMinute);
  EXPECT_EQ(h.Pod(db, 0), old);
  EXPECT_GT(h.m.s.pods[old].epoch, epoch);
  EXPECT_EQ(h.Times({.kind = TraceKind::kPodReady, .workload = db, .from = kT}),
            std::vector<SimTime>{kT + 40 * kSecond});
}

}  // namespace
}  // namespace clustersim
