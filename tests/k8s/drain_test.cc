// Planned drains (kubectl drain semantics, docs/semantics.md section 12): cordon, evictions
// through the eviction API that a PodDisruptionBudget refuses with 429 (the drain retries every
// 5 s), the reboot, uncordon; maxParallel nodes at a time.
#include <gtest/gtest.h>

#include <algorithm>

#include "k8s/trace_helpers.h"

namespace clustersim {
namespace {

using testing::Count;
using testing::First;
using testing::MustLoad;
using testing::Step;
using testing::TraceRecorder;

class Recorder final : public ModelObserver {
 public:
  void OnReadyChanged(uint32_t w, int ready, SimTime now) override {
    if (w == 0) readiness.push_back({now, ready});
  }
  void OnTrace(const TraceRecord& r) override { trace.OnTrace(r); }
  TraceRecorder trace;
  std::vector<std::pair<SimTime, int>> readiness;
};

struct Result {
  std::vector<Step> steps;
  std::vector<std::pair<SimTime, int>> readiness;
  int64_t drain_evictions = 0;
};

Result Simulate(const std::string& yaml, SimTime until) {
  Scenario s = MustLoad(yaml);
  Recorder rec;
  ClusterModel model(s, s.simulation.seed, 0, &rec, /*trace=*/true);
  model.RunUntil(until);
  return {rec.trace.Steps(model), rec.readiness, model.counters().drain_evictions};
}

// Three replicas on local volumes, one per node; the budget (minAvailable 2) allows one
// disruption. n-1 crashes at 1h for an hour, so from then on the budget allows none; the
// drain of n-0 starts at 70 min and must wait until n-1's replica is back and ready.
std::string BudgetScenario(int seed) {
  return R"(
simulation: {horizon: 4h, replications: 1, seed: )" +
         std::to_string(seed) + R"(}
cluster:
  nodePools: [{name: n, count: 3, zones: [a, b, c]}]
storageClasses:
  - {name: local, kind: local, default: true, volumeBindingMode: WaitForFirstConsumer}
workloads:
  - statefulSet:
      name: zk
      replicas: 3
      podManagementPolicy: Parallel
      podAntiAffinity: required
      volumeClaimTemplates: [{name: data, storage: 1Gi}]
      podDisruptionBudget: {minAvailable: 2}
    app: {startup: 30s}
failures:
  - {name: crash, target: {kind: node, names: [n-1]}, at: 1h, lasts: 1h}
  - name: kernel-upgrade
    target: {kind: node, names: [n-0]}
    drain: {maxParallel: 1, lasts: 10m}
    at: [70m]
)";
}

TEST(DrainTest, BudgetBlocksTheDrainUntilItAllowsADisruption) {
  for (int seed = 1; seed <= 5; ++seed) {
    Result r = Simulate(BudgetScenario(seed), 4 * kHour);
    auto cordon = First(r.steps, TraceKind::kNodeCordoned, "", "n-0");
    auto refused = First(r.steps, TraceKind::kEvictionRefused, "", "n-0");
    ASSERT_TRUE(cordon && refused) << seed;
    EXPECT_EQ(cordon->time, 70 * kMinute);
    EXPECT_EQ(refused->time, 70 * kMinute);
    EXPECT_EQ(refused->detail, "Cannot evict pod as it would violate the pod's disruption budget.");
    const std::string victim = refused->pod;
    // The replica of the crashed node is recreated when n-1 returns at 2h and is ready 30 s
    // later; the next 5-second retry evicts.
    auto back = First(r.steps, TraceKind::kPodReady, "", "n-1", 2 * kHour);
    auto evicted = First(r.steps, TraceKind::kPodEvicted, victim, "n-0");
    ASSERT_TRUE(back && evicted) << seed;
    EXPECT_EQ(back->time, 2 * kHour + 30 * kSecond);
    EXPECT_GE(evicted->time, back->time);
    EXPECT_LE(evicted->time, back->time + 5 * kSecond);
    EXPECT_EQ(evicted->detail, "drain");
    // Refused every 5 s in between, and never after.
    EXPECT_EQ(Count(r.steps, TraceKind::kEvictionRefused, victim),
              (evicted->time - 70 * kMinute) / (5 * kSecond));
    EXPECT_EQ(r.drain_evictions, 1);
    // Nothing was evicted past the budget: from the drain's start, never fewer than 2 ready.
    int ready = 3;
    for (const auto& [t, n] : r.readiness) {
      if (t >= 70 * kMinute) {
        EXPECT_GE(n, 2) << "at " << t << " seed " << seed;
      }
      ready = n;
    }
    // The node reboots once empty (10 min), is uncordoned, and the replica returns to it.
    auto reboot = First(r.steps, TraceKind::kNodeRebooting, "", "n-0");
    auto uncordon = First(r.steps, TraceKind::kNodeUncordoned, "", "n-0");
    auto again = First(r.steps, TraceKind::kPodReady, victim, "", evicted->time);
    ASSERT_TRUE(reboot && uncordon && again);
    EXPECT_EQ(reboot->time, evicted->time);
    EXPECT_EQ(uncordon->time, reboot->time + 10 * kMinute);
    EXPECT_EQ(again->node, "n-0");
    EXPECT_EQ(again->time, uncordon->time + 30 * kSecond);
    EXPECT_EQ(ready, 3);
  }
}

// The same drain without the crash: the budget allows one disruption, the eviction is at once.
TEST(DrainTest, BudgetThatAllowsADisruptionEvictsAtOnce) {
  std::string yaml = BudgetScenario(1);
  yaml.replace(yaml.find("  - {name: crash"),
               yaml.find("  - name: kernel") - yaml.find("  - {name: crash"), "");
  Result r = Simulate(yaml, 4 * kHour);
  EXPECT_EQ(Count(r.steps, TraceKind::kEvictionRefused), 0);
  auto evicted = First(r.steps, TraceKind::kPodEvicted, "", "n-0");
  ASSERT_TRUE(evicted);
  EXPECT_EQ(evicted->time, 70 * kMinute);
}

// A wave over every node, one at a time: each waits for the previous one's replica to be
// ready again (the budget), and a node's reboot starts when it is empty.
TEST(DrainTest, RollingWaveDrainsOneNodeAtATime) {
  std::string yaml = BudgetScenario(2);
  yaml.replace(yaml.find("  - {name: crash"),
               yaml.find("  - name: kernel") - yaml.find("  - {name: crash"), "");
  yaml.replace(yaml.find("target: {kind: node, names: [n-0]}"),
               std::string("target: {kind: node, names: [n-0]}").size(), "target: {kind: node}");
  Result r = Simulate(yaml, 4 * kHour);
  std::vector<SimTime> reboots;
  for (const auto& s : r.steps) {
    if (s.kind == TraceKind::kNodeRebooting) reboots.push_back(s.time);
  }
  ASSERT_EQ(reboots.size(), 3u);
  // n-0 at 70m; n-1 once n-0 is back (10 min) and its replica is ready (30 s, then the next
  // 5 s retry at the latest); n-2 likewise.
  EXPECT_EQ(reboots[0], 70 * kMinute);
  for (int i = 1; i < 3; ++i) {
    EXPECT_GE(reboots[i], reboots[i - 1] + 10 * kMinute + 30 * kSecond);
    EXPECT_LE(reboots[i], reboots[i - 1] + 10 * kMinute + 35 * kSecond);
  }
  // The cordon of n-1 came after n-0 was uncordoned, and its eviction waited for zk on n-0.
  auto evicted1 = First(r.steps, TraceKind::kPodEvicted, "", "n-1");
  auto ready0 = First(r.steps, TraceKind::kPodReady, "", "n-0", reboots[0]);
  ASSERT_TRUE(evicted1 && ready0);
  EXPECT_GE(evicted1->time, ready0->time);
  EXPECT_EQ(r.drain_evictions, 3);
  // After the initial placement (time 0), never fewer than the budget's 2.
  for (const auto& [t, n] : r.readiness) {
    if (t > 0) {
      EXPECT_GE(n, 2) << t;
    }
  }
}

// drain.every: waves every 2 h (the first at 2 h), each rolling over every node.
TEST(DrainTest, WavesStartEveryInterval) {
  Result r = Simulate(R"(
simulation: {horizon: 5h, replications: 1, seed: 4}
cluster:
  nodePools: [{name: n, count: 3}]
workloads:
  - deployment: {name: web, replicas: 3}
failures:
  - name: upgrade
    drain: {every: 2h, maxParallel: 1, lasts: 10m}
)",
                      5 * kHour);
  std::vector<SimTime> n0;
  for (const auto& s : r.steps) {
    if (s.kind == TraceKind::kNodeCordoned && s.node == "n-0") n0.push_back(s.time);
  }
  EXPECT_EQ(n0, (std::vector<SimTime>{2 * kHour, 4 * kHour}));
  EXPECT_EQ(Count(r.steps, TraceKind::kNodeRebooting), 6);
  // One node at a time: n-1 is cordoned when n-0 is back, 10 minutes later.
  auto n1 = First(r.steps, TraceKind::kNodeCordoned, "", "n-1");
  ASSERT_TRUE(n1);
  EXPECT_EQ(n1->time, 2 * kHour + 10 * kMinute);
}

// Without a budget, and maxParallel 2: a Deployment's pods are evicted at once and replaced on
// the nodes that are not cordoned.
TEST(DrainTest, PodsWithoutABudgetAreEvictedAtOnce) {
  Result r = Simulate(R"(
simulation: {horizon: 2h, replications: 1, seed: 3}
cluster:
  nodePools: [{name: n, count: 4}]
workloads:
  - deployment: {name: web, replicas: 4, podAntiAffinity: preferred}
failures:
  - name: upgrade
    target: {kind: node, names: [n-0, n-1]}
    drain: {maxParallel: 2, lasts: 5m}
    at: [1h]
)",
                      2 * kHour);
  EXPECT_EQ(Count(r.steps, TraceKind::kNodeCordoned, "", kHour, kHour + 1), 2);
  EXPECT_EQ(Count(r.steps, TraceKind::kPodEvicted, "", kHour, kHour + 1), 2);
  EXPECT_EQ(Count(r.steps, TraceKind::kEvictionRefused), 0);
  for (const auto& s : r.steps) {
    if (s.kind == TraceKind::kPodScheduled && s.time >= kHour && s.time < kHour + 5 * kMinute) {
      EXPECT_TRUE(s.node == "n-2" || s.node == "n-3") << s.node;
    }
  }
  EXPECT_EQ(
      Count(r.steps, TraceKind::kNodeUncordoned, "", kHour + 5 * kMinute, kHour + 5 * kMinute + 1),
      2);
}

}  // namespace
}  // namespace clustersim

namespace clustersim {
namespace {

// A drain of a node that is down (its pod tolerates the unreachable taint, so no taint-based
// eviction came first): the eviction API accepts, but no kubelet confirms, so the pod stays
// Terminating until the node is back. The eviction is one PodEvicted record (from the
// drain), not two (the issue's duplicate: the drain's record and the deletion's).
TEST(DrainTest, EvictionOfAPodOnADownNodeIsTracedOnce) {
  const std::string yaml = R"(
simulation: {horizon: 6h, replications: 1, seed: 3}
cluster:
  nodePools: [{name: n, count: 2, zones: [a]}]
storageClasses:
  - {name: local, kind: local, default: true, volumeBindingMode: WaitForFirstConsumer}
workloads:
  - statefulSet:
      name: zk
      replicas: 1
      nodeSelector: {kubernetes.io/hostname: n-0}
      tolerations: [{key: node.kubernetes.io/unreachable, operator: Exists, effect: NoExecute}]
      volumeClaimTemplates: [{name: data, storage: 1Gi}]
    app: {startup: 30s}
failures:
  - {name: crash, target: {kind: node, names: [n-0]}, at: 1h, lasts: 3h}
  - name: upgrade
    target: {kind: node, names: [n-0]}
    drain: {maxParallel: 1, lasts: 10m}
    at: [2h]
)";
  const Result r = Simulate(yaml, 6 * kHour);
  EXPECT_EQ(Count(r.steps, TraceKind::kPodEvicted, "zk-0", 2 * kHour, 3 * kHour), 1);
  const auto evicted = First(r.steps, TraceKind::kPodEvicted, "zk-0", "n-0", 2 * kHour);
  ASSERT_TRUE(evicted.has_value());
  EXPECT_EQ(evicted->time, 2 * kHour);
  EXPECT_EQ(evicted->detail, "drain");
  EXPECT_EQ(r.drain_evictions, 1);
  // The object goes when the kubelet is back (4 h), then the node reboots for the drain.
  const auto removed = First(r.steps, TraceKind::kPodRemoved, "zk-0", "", 2 * kHour);
  ASSERT_TRUE(removed.has_value());
  EXPECT_EQ(removed->time, 4 * kHour);
}

}  // namespace
}  // namespace clustersim
