// KubectlDrain (sim/k8s/controllers/kubectl_drain.h) on its own: k8s.io/kubectl/pkg/drain
// (Helper.DeleteOrEvictPods): cordon the node (RunCordonOrUncordon), evict each pod through the
// eviction subresource, which answers 429 while the pod's PodDisruptionBudget allows no
// disruption (pkg/registry/core/pod/storage/eviction.go) and is retried every 5 s; then the
// node reboots and is uncordoned, maxParallel nodes of a wave at a time. docs/semantics.md,
// section 12.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "k8s/controllers/controller_harness.h"

namespace clustersim {
namespace {

using testing::Harness;
using testing::Match;

constexpr SimTime kT = kHour;
constexpr const char* kRefusal =
    "Cannot evict pod as it would violate the pod's disruption budget.";

// zk: three replicas, one per node, on local volumes, ready 30 s after they start, with a
// budget of minAvailable 2; a drain of n-0 (rebooting 10 min) that the test starts itself.
const char* kBudget = R"(
simulation: {horizon: 10h, replications: 1, seed: 14}
cluster:
  nodePools: [{name: n, count: 3, zones: [zone-a]}]
storageClasses:
  - {name: local, kind: local, default: true}
workloads:
  - statefulSet:
      name: zk
      replicas: 3
      podManagementPolicy: Parallel
      podAntiAffinity: required
      volumeClaimTemplates: [{name: data, storage: 1Gi}]
      podDisruptionBudget: {minAvailable: 2}
    app: {startup: 30s}
policies: {scheduler: first-fit}
failures:
  - name: upgrade
    target: {kind: node, names: [n-0]}
    drain: {maxParallel: 1, lasts: 10m}
    at: [1000h]
)";

// With a replica not ready the budget allows no disruption: the eviction API answers 429 and
// kubectl drain retries every 5 s; the first retry after the replica is ready again evicts (the
// pod goes at once from a healthy node), and the empty node reboots, comes back and is
// uncordoned.
TEST(KubectlDrainTest, EvictionRefusedByTheBudgetIsRetriedEveryFiveSeconds) {
  Harness h(kBudget);
  const uint32_t w = h.Workload("zk"), n = h.Node("n-0");
  uint32_t victim = kNone;
  h.At(kT, [&] {
    ASSERT_EQ(h.P(w, 0).node, n);
    victim = h.Pod(w, 0);
    h.m.kubelet.StopPod(h.Pod(w, 1));
    h.m.drain.DrainWave(0);
    EXPECT_TRUE(h.m.s.sched_nodes[n].unschedulable);
  });
  h.At(kT + 62 * kSecond, [&] { h.m.kubelet.StartApp(h.Pod(w, 1)); });  // ready at kT + 92 s
  h.RunUntil(kT + kHour);

  EXPECT_EQ(h.Times({.kind = TraceKind::kNodeCordoned, .node = n}), std::vector<SimTime>{kT});
  std::vector<SimTime> retries;
  for (SimTime t = kT; t <= kT + 90 * kSecond; t += 5 * kSecond) retries.push_back(t);
  const auto refused = h.Records({.kind = TraceKind::kEvictionRefused, .pod = victim});
  ASSERT_EQ(refused.size(), retries.size());
  for (size_t i = 0; i < retries.size(); ++i) {
    EXPECT_EQ(refused[i].time, retries[i]) << i;
    EXPECT_STREQ(refused[i].detail, kRefusal);
  }
  const SimTime evicted = kT + 95 * kSecond;
  const auto eviction = h.Records({.kind = TraceKind::kPodEvicted, .pod = victim});
  ASSERT_EQ(eviction.size(), 1u);
  EXPECT_EQ(eviction[0].time, evicted);
  EXPECT_STREQ(eviction[0].detail, kDrainEviction);
  EXPECT_EQ(h.FirstTime({.kind = TraceKind::kPodRemoved, .pod = victim}), evicted);
  EXPECT_EQ(h.m.s.counters.drain_evictions, 1);
  EXPECT_EQ(h.m.s.counters.pod_evictions, 0);  // not the taint manager's

  EXPECT_EQ(h.Times({.kind = TraceKind::kNodeRebooting, .node = n}), std::vector<SimTime>{evicted});
  EXPECT_EQ(h.Times(Match{.kind = TraceKind::kNodeDown, .node = n}), std::vector<SimTime>{evicted});
  EXPECT_EQ(h.Times({.kind = TraceKind::kNodeUncordoned, .node = n}),
            std::vector<SimTime>{evicted + 10 * kMinute});
  EXPECT_FALSE(h.m.s.sched_nodes[n].unschedulable);
  EXPECT_FALSE(h.m.s.nodes[n].draining);
  // The recreated zk-0 (its local volume is on n-0) is back there once the node is uncordoned.
  EXPECT_EQ(h.FirstTime({.kind = TraceKind::kPodReady, .workload = w, .ordinal = 0, .from = kT}),
            evicted + 10 * kMinute + 30 * kSecond);
}

// A budget that allows a disruption: the eviction is at the first attempt.
TEST(KubectlDrainTest, BudgetThatAllowsADisruptionEvictsAtOnce) {
  Harness h(kBudget);
  const uint32_t w = h.Workload("zk");
  h.At(kT, [&] { h.m.drain.DrainWave(0); });
  h.RunUntil(kT + kHour);
  EXPECT_EQ(h.Count({.kind = TraceKind::kEvictionRefused}), 0);
  EXPECT_EQ(h.Times({.kind = TraceKind::kPodEvicted, .workload = w}), std::vector<SimTime>{kT});
}

// A pod on a node that is down: the eviction is accepted but the object stays Terminating until
// the kubelet is back; the drain waits (retrying), and reboots the node once it is empty.
TEST(KubectlDrainTest, DrainOfADownNodeWaitsForItsKubelet) {
  Harness h(kBudget);
  const uint32_t w = h.Workload("zk"), n = h.Node("n-0");
  uint32_t victim = kNone;
  h.At(kT, [&] {
    victim = h.Pod(w, 0);
    h.m.kubelet.MachineDown(n);
    h.m.drain.DrainWave(0);
    EXPECT_TRUE(h.m.s.pods[victim].deleting);
  });
  h.At(kT + 2 * kMinute + 2 * kSecond, [&] { h.m.kubelet.MachineUp(n); });
  h.RunUntil(kT + kHour);
  EXPECT_EQ(h.Count({.kind = TraceKind::kPodEvicted, .pod = victim}), 1);
  EXPECT_EQ(h.FirstTime({.kind = TraceKind::kPodRemoved, .pod = victim}),
            kT + 2 * kMinute + 2 * kSecond);
  // The first retry after the return finds the node empty.
  EXPECT_EQ(h.Times({.kind = TraceKind::kNodeRebooting, .node = n}),
            std::vector<SimTime>{kT + 2 * kMinute + 5 * kSecond});
}

// Four nodes drained two at a time: a node's drain starts when one of the wave's ends.
const char* kWave = R"(
simulation: {horizon: 10h, replications: 1, seed: 14}
cluster:
  nodePools: [{name: n, count: 4, zones: [zone-a]}]
workloads:
  - deployment: {name: web, replicas: 4, podAntiAffinity: preferred}
policies: {scheduler: first-fit}
failures:
  - name: upgrade
    target: {kind: node}
    drain: {maxParallel: 2, lasts: 10m}
    at: [1h]
)";

TEST(KubectlDrainTest, AtMostMaxParallelNodesOfAWaveAtOnce) {
  Harness h(kWave);
  h.RunUntil(5 * kHour);
  const SimTime second = kT + 10 * kMinute;
  for (const char* name : {"n-0", "n-1"}) {
    EXPECT_EQ(h.Times({.kind = TraceKind::kNodeCordoned, .node = h.Node(name)}),
              std::vector<SimTime>{kT})
        << name;
    EXPECT_EQ(h.Times({.kind = TraceKind::kNodeUncordoned, .node = h.Node(name)}),
              std::vector<SimTime>{second})
        << name;
  }
  for (const char* name : {"n-2", "n-3"}) {
    EXPECT_EQ(h.Times({.kind = TraceKind::kNodeCordoned, .node = h.Node(name)}),
              std::vector<SimTime>{second})
        << name;
    EXPECT_EQ(h.Times({.kind = TraceKind::kNodeUncordoned, .node = h.Node(name)}),
              std::vector<SimTime>{second + 10 * kMinute})
        << name;
  }
  EXPECT_EQ(h.m.s.counters.drain_evictions, h.Count({.kind = TraceKind::kPodEvicted}));
}

}  // namespace
}  // namespace clustersim
