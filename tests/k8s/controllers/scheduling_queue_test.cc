// SchedulingQueue (sim/k8s/controllers/scheduling_queue.h) on its own: kube-scheduler's
// scheduling queue (pkg/scheduler/internal/queue/scheduling_queue.go). A pod that finds no node
// waits in the unschedulable pool until a cluster event that may make it fit moves it back
// (MoveAllToActiveOrBackoffQueue): a pod deleted (its node has room), and, through the queueing
// hints of InterPodAffinity and PodTopologySpread (isSchedulableAfterPodChange), a pod added;
// pods are retried in creation order. docs/semantics.md, section 8.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "k8s/controllers/controller_harness.h"

namespace clustersim {
namespace {

using testing::Harness;
using testing::Match;

constexpr SimTime kT = kHour;

// One node of 4 CPUs: `a` (3 CPUs) fits, `b` (2 CPUs) waits.
const char* kFull = R"(
simulation: {horizon: 10h, replications: 1, seed: 12}
cluster:
  nodePools: [{name: n, count: 1, zones: [zone-a], capacity: {cpu: "4", memory: 16Gi}}]
workloads:
  - deployment: {name: a, replicas: 1, resources: {cpu: "3"}}
  - deployment: {name: b, replicas: 1, resources: {cpu: "2"}}
policies: {scheduler: first-fit}
)";

// A pod deleted anywhere is a queueing hint for every pending pod: they are retried in creation
// order, so the older `b` takes the room before the newer replacement of `a`. Evicting `a` (a
// deletionTimestamp, the object still bound) retries nothing.
TEST(SchedulingQueueTest, PendingPodsAreRetriedInCreationOrderAfterADeletion) {
  Harness h(kFull);
  const uint32_t a = h.Workload("a"), b = h.Workload("b");
  h.RunUntil(kT - 1);
  const uint32_t old = h.PodsOf(a)[0];
  const uint32_t waiting = h.PodsOf(b)[0];
  ASSERT_EQ(h.m.s.pods[waiting].phase, PodPhase::kPending);
  EXPECT_EQ(h.m.queue.size(), 1u);
  EXPECT_EQ(h.Count({.kind = TraceKind::kPodUnschedulable, .pod = waiting}), 1);
  h.At(kT, [&] { h.m.api.EvictPod(old, /*by_taint=*/true); });  // the replacement waits too
  h.At(kT + kHour, [&] { h.m.api.RemovePod(old); });
  h.RunUntil(kT + kHour - 1);
  EXPECT_EQ(h.m.queue.size(), 2u);
  EXPECT_EQ(h.Count({.kind = TraceKind::kPodUnschedulable, .pod = waiting}), 1);

  h.RunUntil(kT + kHour);
  EXPECT_EQ(h.Times({.kind = TraceKind::kPodScheduled, .pod = waiting}),
            std::vector<SimTime>{kT + kHour});
  EXPECT_EQ(h.m.queue.size(), 1u);
  const std::vector<uint32_t> replacement = h.PodsOf(a);
  ASSERT_EQ(replacement.size(), 1u);
  EXPECT_EQ(h.m.s.pods[replacement[0]].phase, PodPhase::kPending);
  EXPECT_EQ(h.Count({.kind = TraceKind::kPodUnschedulable, .pod = replacement[0]}), 2);
  // Its time Pending counts (warmup 0): from 0 to its binding.
  EXPECT_EQ(h.m.s.counters.pending_us[b], kT + kHour);
}

// `web` requires a `cache` pod on its node; `cache` is created after it. `big` fits nowhere.
std::string Affinity(bool with_big) {
  std::string yaml = R"(
simulation: {horizon: 10h, replications: 1, seed: 12, startFromEmpty: true}
cluster:
  nodePools: [{name: n, count: 3, zones: [zone-a], capacity: {cpu: "4", memory: 16Gi}}]
workloads:
  - deployment:
      name: web
      replicas: 1
      affinity:
        podAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            - labelSelector: {matchLabels: {app: cache}}
              topologyKey: kubernetes.io/hostname
  - statefulSet: {name: cache, replicas: 2}
    app: {startup: 30s}
)";
  if (with_big) yaml += "  - deployment: {name: big, replicas: 1, resources: {cpu: \"8\"}}\n";
  return yaml + "policies: {scheduler: first-fit}\n";
}

// InterPodAffinity's queueing hint: a pod rejected by pod affinity is retried when a pod binds,
// and placed then, with no deletion and no node event.
TEST(SchedulingQueueTest, PodRejectedByPodAffinityIsRetriedWhenAPodBinds) {
  Harness h(Affinity(false));
  const uint32_t web = h.Workload("web"), cache = h.Workload("cache");
  h.RunUntil(0);
  const uint32_t pod = h.PodsOf(web)[0];
  EXPECT_EQ(h.Count({.kind = TraceKind::kPodUnschedulable, .pod = pod}), 1);
  EXPECT_EQ(h.Times({.kind = TraceKind::kPodScheduled, .pod = pod}), std::vector<SimTime>{0});
  EXPECT_EQ(h.m.s.pods[pod].node, h.P(cache, 0).node);
  EXPECT_EQ(h.m.queue.size(), 0u);
}

// A pod rejected for resources has no pod-add hint (NodeResourcesFit: only a pod deleted or
// scaled down helps): the bindings of cache-1 (30 s, OrderedReady) do not retry it.
TEST(SchedulingQueueTest, PodRejectedForResourcesIsNotRetriedWhenAPodBinds) {
  Harness h(Affinity(true));
  const uint32_t big = h.Workload("big"), cache = h.Workload("cache");
  h.RunUntil(kMinute);
  ASSERT_EQ(h.Count({.kind = TraceKind::kPodScheduled, .workload = cache, .ordinal = 1}), 1);
  const uint32_t pod = h.PodsOf(big)[0];
  EXPECT_FALSE(h.m.s.pods[pod].wake_on_pod_add);
  EXPECT_EQ(h.Count({.kind = TraceKind::kPodUnschedulable, .pod = pod}), 1);
  EXPECT_EQ(h.m.queue.size(), 1u);
}

}  // namespace
}  // namespace clustersim
