// Kubelet (sim/k8s/controllers/kubelet.h) on its own: the kubelet of each node and the machine
// it runs on. A machine that stops stops its pods' containers; when it comes back the kubelet
// completes the deletions the API server asked for while it was away (syncPod of a pod whose
// object has a deletionTimestamp: kill, then the status manager deletes the object) and
// restarts the others in place; a pod starts after its network volume is attached (the volume
// manager's WaitForAttachAndMount) and is ready after its start-up; a dead disk stops only the
// pods whose local volumes are on it. docs/semantics.md, sections 2, 5.3 and 11.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "k8s/controllers/controller_harness.h"

namespace clustersim {
namespace {

using testing::Harness;
using testing::Match;

constexpr SimTime kT = kHour;

// On n-0 (first-fit): `web` (no volume), `db` (a local volume), `cache` (a zonal one); each is
// ready 30 s after its containers start. Attach 10 s, detach 5 s.
std::string Scenario(bool from_empty = false) {
  return std::string(R"(
simulation: {horizon: 10h, replications: 1, seed: 9, startFromEmpty: )") +
         (from_empty ? "true" : "false") + R"(}
cluster:
  nodePools: [{name: n, count: 2, zones: [zone-a]}]
storageClasses:
  - {name: local, kind: local}
  - {name: disk, kind: zonal, default: true, attach: 10s, detach: 5s}
workloads:
  - deployment: {name: web, replicas: 1}
    app: {startup: 30s}
  - statefulSet:
      name: db
      replicas: 1
      volumeClaimTemplates: [{name: data, storage: 1Gi, storageClassName: local}]
    app: {startup: 30s}
  - statefulSet: {name: cache, replicas: 1, volumeClaimTemplates: [{name: data, storage: 1Gi}]}
    app: {startup: 30s}
policies: {scheduler: first-fit}
)";
}

// The containers of every pod on the machine stop at once: no longer ready (a replica's real
// state, docs/metrics.md section 1); their objects stay bound, their volumes attached.
TEST(KubeletTest, StoppedMachinesPodsStop) {
  Harness h(Scenario());
  const uint32_t n = h.Node("n-0");
  h.RunUntil(kT - 1);
  const std::vector<uint32_t> pods = h.PodsOn(n);
  ASSERT_EQ(pods.size(), 3u);
  const uint32_t epoch = h.m.s.nodes[n].epoch;
  h.At(kT, [&] { h.m.kubelet.MachineDown(n); });
  h.RunUntil(kT);
  EXPECT_FALSE(h.m.s.nodes[n].up);
  EXPECT_EQ(h.m.s.nodes[n].epoch, epoch + 1);  // the node's pending timers are stale
  EXPECT_EQ(h.m.s.counters.node_failures, 1);
  for (uint32_t id : pods) {
    EXPECT_EQ(h.m.s.pods[id].phase, PodPhase::kDown);
    EXPECT_EQ(h.m.s.pods[id].node, n);
    EXPECT_EQ(h.Times({.kind = TraceKind::kPodNotReady, .pod = id}), std::vector<SimTime>{kT});
  }
  for (uint32_t w = 0; w < 3; ++w) EXPECT_EQ(h.m.s.workloads[w].ready, 0);
  EXPECT_EQ(h.V(h.Workload("cache"), 0).state, VolState::kAttached);
  EXPECT_EQ(h.V(h.Workload("cache"), 0).attached, n);
}

// On its return the kubelet removes the pods deleted while it was away and restarts the others
// in place, each ready after a fresh start-up.
TEST(KubeletTest, ReturningKubeletRemovesDeletedPodsAndRestartsTheOthers) {
  Harness h(Scenario());
  const uint32_t n = h.Node("n-0");
  const uint32_t web = h.Workload("web");
  h.RunUntil(kT - 1);
  const uint32_t evicted = h.PodsOf(web)[0];
  h.At(kT, [&] {
    h.m.kubelet.MachineDown(n);
    h.m.s.sched_nodes[n].unschedulable = true;     // replacements go to n-1
    h.m.api.EvictPod(evicted, /*by_taint=*/true);  // Terminating: the kubelet cannot confirm
  });
  // Back before the taint manager's evictions (NotReady + 300 s): only web's pod went.
  const SimTime back = kT + 2 * kMinute;
  h.At(back, [&] {
    EXPECT_EQ(h.m.s.pods[evicted].node, n);
    EXPECT_TRUE(h.m.s.pods[evicted].deleting);
    h.m.kubelet.MachineUp(n);
  });
  h.RunUntil(back);
  EXPECT_TRUE(h.m.s.nodes[n].up);
  EXPECT_EQ(h.m.s.nodes[n].last_up, back);
  EXPECT_EQ(h.Times({.kind = TraceKind::kPodRemoved, .pod = evicted, .from = kT}),
            std::vector<SimTime>{back});
  for (const char* name : {"db", "cache"}) {
    const uint32_t w = h.Workload(name);
    EXPECT_EQ(h.P(w, 0).node, n);
    EXPECT_EQ(h.P(w, 0).phase, PodPhase::kStarting) << name;
  }
  h.RunUntil(back + 30 * kSecond);
  for (const char* name : {"db", "cache"}) {
    const uint32_t w = h.Workload(name);
    EXPECT_EQ(h.Times({.kind = TraceKind::kPodReady, .workload = w, .from = kT}),
              std::vector<SimTime>{back + 30 * kSecond})
        << name;
    EXPECT_EQ(h.m.s.workloads[w].ready, 1);
  }
  const std::vector<uint32_t> now = h.PodsOf(web);
  ASSERT_EQ(now.size(), 1u);  // the replacement, on n-1
  EXPECT_EQ(h.m.s.pods[now[0]].node, h.Node("n-1"));
}

// A pod bound to a machine that is down (the scheduler still saw the node Ready) waits there and
// starts when the machine is back.
TEST(KubeletTest, PodBoundToAStoppedMachineStartsWhenItIsBack) {
  Harness h(Scenario());
  const uint32_t n0 = h.Node("n-0"), n1 = h.Node("n-1");
  const uint32_t web = h.Workload("web");
  h.At(kT, [&] {
    h.m.kubelet.MachineDown(n1);
    h.m.s.sched_nodes[n0].unschedulable = true;
    h.m.api.ForceDelete(h.PodsOf(web)[0]);
  });
  h.At(kT + 10 * kSecond, [&] { h.m.kubelet.MachineUp(n1); });
  h.RunUntil(kT);
  ASSERT_EQ(h.PodsOf(web).size(), 1u);
  const uint32_t pod = h.PodsOf(web)[0];
  EXPECT_EQ(h.m.s.pods[pod].node, n1);
  EXPECT_EQ(h.m.s.pods[pod].phase, PodPhase::kDown);
  h.RunUntil(kT + kMinute);
  EXPECT_EQ(h.Times({.kind = TraceKind::kPodReady, .pod = pod, .from = kT}),
            std::vector<SimTime>{kT + 40 * kSecond});
}

// A pod with a network volume waits for the attach-detach controller to attach it to its node;
// then the containers start and the pod is ready after its start-up.
TEST(KubeletTest, PodStartsOnceItsNetworkVolumeIsAttached) {
  Harness h(Scenario(/*from_empty=*/true));
  const uint32_t cache = h.Workload("cache");
  h.RunUntil(0);
  EXPECT_EQ(h.P(cache, 0).phase, PodPhase::kWaitingVolume);
  EXPECT_EQ(h.V(cache, 0).state, VolState::kAttaching);
  h.RunUntil(kMinute);
  EXPECT_EQ(h.FirstTime({.kind = TraceKind::kVolumeAttached, .workload = cache}), 10 * kSecond);
  EXPECT_EQ(h.FirstTime({.kind = TraceKind::kPodStarting, .workload = cache}), 10 * kSecond);
  EXPECT_EQ(h.FirstTime({.kind = TraceKind::kPodReady, .workload = cache}), 40 * kSecond);
  // A local volume needs no attach: db starts at once.
  EXPECT_EQ(h.FirstTime({.kind = TraceKind::kPodReady, .workload = h.Workload("db")}),
            30 * kSecond);
}

// A dead disk takes the node's local volumes (and their data) only: the pod using one stops and
// waits for the new disk; the pods on network volumes and without volumes keep running. Once the
// disk is replaced the pod restarts and fills its empty volume (here from nothing: no other copy).
TEST(KubeletTest, DeadDiskStopsOnlyThePodsWithLocalVolumesOnIt) {
  Harness h(Scenario());
  const uint32_t n = h.Node("n-0");
  const uint32_t db = h.Workload("db");
  h.At(kT, [&] { h.m.kubelet.DiskDown(n); });
  h.At(kT + kHour, [&] {
    EXPECT_EQ(h.P(db, 0).phase, PodPhase::kWaitingVolume);
    h.m.kubelet.DiskUp(n);
  });
  h.RunUntil(kT);
  ASSERT_EQ(h.V(db, 0).pinned_node, n);
  EXPECT_TRUE(h.m.s.nodes[n].up);
  EXPECT_EQ(h.P(db, 0).phase, PodPhase::kWaitingVolume);
  EXPECT_FALSE(h.V(db, 0).has_data);
  EXPECT_EQ(h.m.s.workloads[db].ready, 0);
  EXPECT_EQ(h.m.s.workloads[h.Workload("web")].ready, 1);
  EXPECT_EQ(h.m.s.workloads[h.Workload("cache")].ready, 1);
  EXPECT_EQ(h.Times({.kind = TraceKind::kPodNotReady, .from = kT}), std::vector<SimTime>{kT});
  EXPECT_EQ(h.Times({.kind = TraceKind::kDiskFailed, .node = n}), std::vector<SimTime>{kT});

  h.RunUntil(kT + kHour);
  EXPECT_EQ(h.Times({.kind = TraceKind::kDiskReplaced, .node = n}),
            std::vector<SimTime>{kT + kHour});
  h.RunUntil(kT + 2 * kHour);
  EXPECT_EQ(h.Times({.kind = TraceKind::kPodReady, .workload = db, .from = kT}),
            std::vector<SimTime>{kT + kHour + 30 * kSecond});
  EXPECT_TRUE(h.V(db, 0).has_data);
}

}  // namespace
}  // namespace clustersim
