// Timeline tests: one traced node crash, checked step by step against the timelines of
// docs/semantics.md (kubernetes-semantics.md section 9). The pod under test starts on node
// big-0 (the larger node wins LeastAllocated); big-0 crashes at T = 1h for 2h; small-0 stays.
#include <gtest/gtest.h>

#include "k8s/trace_helpers.h"

namespace clustersim {
namespace {

using testing::Count;
using testing::First;
using testing::MustLoad;
using testing::Step;
using testing::TraceRecorder;

constexpr SimTime kCrash = kHour;
constexpr SimTime kRepair = 3 * kHour;

std::string MakeScenario(const std::string& workload, const std::string& failover,
                         const std::string& storage_kind = "zonal") {
  return R"(
simulation: {horizon: 4h, replications: 1, seed: SEED}
cluster:
  nodePools:
    - {name: big, count: 1, zones: [zone-a], capacity: {cpu: "64", memory: 256Gi}}
    - {name: small, count: 1, zones: [zone-a], capacity: {cpu: "4", memory: 16Gi}}
storageClasses:
  - {name: disk, kind: )" +
         storage_kind + R"(, default: true, attach: 10s, detach: 5s}
workloads:
  - )" + workload +
         R"(
failures:
  - {name: crash, target: {kind: node, pool: big}, at: 1h, lasts: 2h}
policies: {failover: )" +
         failover + R"(}
)";
}

const char* kDeployment =
    "deployment: {name: web, replicas: 1, resources: {cpu: \"1\", memory: 1Gi}}";
const char* kStatefulSet =
    "statefulSet: {name: db, replicas: 1, resources: {cpu: \"1\", memory: 1Gi}, "
    "volumeClaimTemplates: [{name: data, storage: 10Gi}]}\n    app: {startup: 30s}";

std::string WithSeed(std::string yaml, int seed) {
  yaml.replace(yaml.find("SEED"), 4, std::to_string(seed));
  return yaml;
}

struct Outcome {
  std::vector<Step> steps;
  int ready = 0;
};

Outcome Simulate(const std::string& yaml, SimTime until = 4 * kHour) {
  auto scenario = MustLoad(yaml);
  TraceRecorder rec;
  ClusterModel model(scenario, scenario.simulation.seed, 0, &rec, /*trace=*/true);
  model.RunUntil(until);
  return {rec.Steps(model), model.ReadyReplicas(0)};
}

// Node lifecycle controller: Ready=Unknown at the first 5 s tick more than 40 s after the last
// 10 s lease renewal, i.e. 30-45 s after the crash (kubernetes-semantics.md 1.2).
TEST(TimelineTest, NodeMarkedNotReadyThirtyToFortyFiveSecondsAfterCrash) {
  for (int seed = 1; seed <= 20; ++seed) {
    Outcome r = Simulate(WithSeed(MakeScenario(kDeployment, "kubernetes"), seed));
    auto down = First(r.steps, TraceKind::kNodeDown, "", "big-0");
    auto not_ready = First(r.steps, TraceKind::kNodeNotReady, "", "big-0");
    ASSERT_TRUE(down && not_ready) << "seed " << seed;
    EXPECT_EQ(down->time, kCrash);
    EXPECT_GT(not_ready->time, kCrash + 30 * kSecond) << "seed " << seed;
    EXPECT_LE(not_ready->time, kCrash + 45 * kSecond) << "seed " << seed;
  }
}

// Timeline A: the Deployment pod is evicted tolerationSeconds (300 s) after the taint and the
// ReplicaSet replaces it at once: about 330-345 s after the crash.
TEST(TimelineTest, DeploymentPodReplacedAbout340SecondsAfterCrash) {
  for (int seed = 1; seed <= 20; ++seed) {
    Outcome r = Simulate(WithSeed(MakeScenario(kDeployment, "kubernetes"), seed));
    auto scheduled0 = First(r.steps, TraceKind::kPodScheduled);
    ASSERT_TRUE(scheduled0);
    EXPECT_EQ(scheduled0->node, "big-0");
    auto not_ready = First(r.steps, TraceKind::kNodeNotReady, "", "big-0");
    auto evicted = First(r.steps, TraceKind::kPodEvicted);
    ASSERT_TRUE(not_ready && evicted);
    EXPECT_EQ(evicted->time, not_ready->time + 300 * kSecond);
    EXPECT_GT(evicted->time, kCrash + 330 * kSecond);
    EXPECT_LE(evicted->time, kCrash + 345 * kSecond);
    // The replacement: created and bound to the healthy node at the eviction instant.
    auto created = First(r.steps, TraceKind::kPodCreated, "", "", kCrash);
    ASSERT_TRUE(created);
    EXPECT_EQ(created->time, evicted->time);
    EXPECT_NE(created->pod, evicted->pod);
    auto scheduled = First(r.steps, TraceKind::kPodScheduled, created->pod);
    ASSERT_TRUE(scheduled);
    EXPECT_EQ(scheduled->node, "small-0");
    auto ready = First(r.steps, TraceKind::kPodReady, created->pod);
    ASSERT_TRUE(ready);
    EXPECT_EQ(ready->time, evicted->time);
    // When big-0 returns, its kubelet completes the old pod's deletion; no third pod appears.
    auto removed = First(r.steps, TraceKind::kPodRemoved, evicted->pod);
    ASSERT_TRUE(removed);
    EXPECT_EQ(removed->time, kRepair);
    EXPECT_EQ(Count(r.steps, TraceKind::kPodCreated, "", kCrash), 1);
    EXPECT_EQ(r.ready, 1);
  }
}

// Timeline B: a StatefulSet pod on a network volume, default failover: evicted (Terminating)
// but never replaced while its node is unreachable (at-most-one pod identity).
TEST(TimelineTest, StatefulSetPodNotReplacedWhileNodeUnreachable) {
  Outcome r = Simulate(WithSeed(MakeScenario(kStatefulSet, "kubernetes"), 7));
  auto scheduled0 = First(r.steps, TraceKind::kPodScheduled, "db-0");
  ASSERT_TRUE(scheduled0);
  EXPECT_EQ(scheduled0->node, "big-0");
  auto evicted = First(r.steps, TraceKind::kPodEvicted, "db-0");
  ASSERT_TRUE(evicted);
  EXPECT_GT(evicted->time, kCrash + 330 * kSecond);
  EXPECT_LE(evicted->time, kCrash + 345 * kSecond);
  // No pod is created between the crash and the node's return.
  EXPECT_EQ(Count(r.steps, TraceKind::kPodCreated, "", kCrash, kRepair), 0);
  EXPECT_EQ(Count(r.steps, TraceKind::kPodReady, "", kCrash, kRepair), 0);
  // At the return: the kubelet removes the Terminating pod and the controller recreates db-0.
  auto removed = First(r.steps, TraceKind::kPodRemoved, "db-0", "", kCrash);
  auto created = First(r.steps, TraceKind::kPodCreated, "db-0", "", kCrash);
  auto ready = First(r.steps, TraceKind::kPodReady, "db-0", "", kCrash);
  ASSERT_TRUE(removed && created && ready);
  EXPECT_EQ(removed->time, kRepair);
  EXPECT_EQ(created->time, kRepair);
  EXPECT_GE(ready->time, kRepair + 30 * kSecond);  // at least the app's startup
}

// Timeline D: out-of-service taint 2 min after NotReady; PodGC force-deletes at its next 20 s
// pass; the volume is detached at once (no 6-minute wait), attached to the new node, started.
TEST(TimelineTest, OutOfServiceTaintReplacesStatefulSetPodWithImmediateDetach) {
  for (int seed = 1; seed <= 10; ++seed) {
    Outcome r =
        Simulate(WithSeed(MakeScenario(kStatefulSet, "{name: out-of-service, after: 2m}"), seed));
    auto not_ready = First(r.steps, TraceKind::kNodeNotReady, "", "big-0");
    auto taint = First(r.steps, TraceKind::kOutOfServiceTaint, "", "big-0");
    auto forced = First(r.steps, TraceKind::kPodForceDeleted, "db-0");
    ASSERT_TRUE(not_ready && taint && forced) << "seed " << seed;
    EXPECT_EQ(taint->time, not_ready->time + 2 * kMinute);
    EXPECT_GE(forced->time, taint->time);
    EXPECT_LE(forced->time, taint->time + 20 * kSecond);
    auto detach = First(r.steps, TraceKind::kVolumeDetachStarted, "", "big-0", kCrash);
    auto detached = First(r.steps, TraceKind::kVolumeDetached, "", "big-0", kCrash);
    ASSERT_TRUE(detach && detached);
    EXPECT_EQ(detach->time, forced->time);
    EXPECT_EQ(detached->time, forced->time + 5 * kSecond);
    auto created = First(r.steps, TraceKind::kPodCreated, "db-0", "", kCrash);
    auto scheduled = First(r.steps, TraceKind::kPodScheduled, "db-0", "", kCrash);
    auto attached = First(r.steps, TraceKind::kVolumeAttached, "", "small-0", kCrash);
    auto ready = First(r.steps, TraceKind::kPodReady, "db-0", "", kCrash);
    ASSERT_TRUE(created && scheduled && attached && ready);
    EXPECT_EQ(created->time, forced->time);
    EXPECT_EQ(scheduled->node, "small-0");
    EXPECT_EQ(attached->time, detached->time + 10 * kSecond);
    EXPECT_EQ(ready->time, attached->time + 30 * kSecond);
    EXPECT_LT(ready->time, kRepair);
  }
}

// Timeline C: force delete at T; the new pod hits Multi-Attach until the attach-detach
// controller force-detaches 6 min after the pod object went away; then attach and start.
TEST(TimelineTest, ForceDeleteWaitsSixMinutesForForceDetach) {
  Outcome r = Simulate(WithSeed(MakeScenario(kStatefulSet, "{name: force-delete, after: 1m}"), 3));
  auto not_ready = First(r.steps, TraceKind::kNodeNotReady, "", "big-0");
  auto forced = First(r.steps, TraceKind::kPodForceDeleted, "db-0");
  ASSERT_TRUE(not_ready && forced);
  EXPECT_EQ(forced->time, not_ready->time + kMinute);
  auto multi = First(r.steps, TraceKind::kVolumeMultiAttach, "db-0", "small-0", kCrash);
  ASSERT_TRUE(multi);
  EXPECT_EQ(multi->time, forced->time);
  auto detach = First(r.steps, TraceKind::kVolumeDetachStarted, "", "big-0", kCrash);
  ASSERT_TRUE(detach);
  EXPECT_EQ(detach->time, forced->time + 6 * kMinute);
  auto attached = First(r.steps, TraceKind::kVolumeAttached, "", "small-0", kCrash);
  auto ready = First(r.steps, TraceKind::kPodReady, "db-0", "", kCrash);
  ASSERT_TRUE(attached && ready);
  EXPECT_EQ(attached->time, detach->time + 5 * kSecond + 10 * kSecond);
  EXPECT_EQ(ready->time, attached->time + 30 * kSecond);
}

// The same with --disable-force-detach-on-timeout: only the node's return frees the volume.
TEST(TimelineTest, DisabledForceDetachWaitsForTheNode) {
  std::string yaml = WithSeed(MakeScenario(kStatefulSet, "{name: force-delete, after: 1m}"), 3);
  yaml += "kubernetes: {disableForceDetachOnTimeout: true}\n";
  Outcome r = Simulate(yaml);
  auto detach = First(r.steps, TraceKind::kVolumeDetachStarted, "", "big-0", kCrash);
  ASSERT_TRUE(detach);
  EXPECT_EQ(detach->time, kRepair);
  EXPECT_EQ(Count(r.steps, TraceKind::kPodReady, "db-0", kCrash, kRepair), 0);
}

// Timeline F: a local-volume StatefulSet pod, force-deleted after 1 min, is recreated but stays
// Pending until its node returns: the PV pins it there.
TEST(TimelineTest, LocalVolumePodWaitsForItsNode) {
  Outcome r =
      Simulate(WithSeed(MakeScenario(kStatefulSet, "{name: force-delete, after: 1m}", "local"), 5));
  auto forced = First(r.steps, TraceKind::kPodForceDeleted, "db-0");
  ASSERT_TRUE(forced);
  auto created = First(r.steps, TraceKind::kPodCreated, "db-0", "", kCrash);
  ASSERT_TRUE(created);
  EXPECT_EQ(created->time, forced->time);
  auto unschedulable = First(r.steps, TraceKind::kPodUnschedulable, "db-0", "", kCrash);
  ASSERT_TRUE(unschedulable);
  EXPECT_EQ(unschedulable->time, forced->time);
  EXPECT_EQ(Count(r.steps, TraceKind::kPodScheduled, "db-0", kCrash, kRepair), 0);
  auto scheduled = First(r.steps, TraceKind::kPodScheduled, "db-0", "", kCrash);
  ASSERT_TRUE(scheduled);
  EXPECT_EQ(scheduled->time, kRepair);
  EXPECT_EQ(scheduled->node, "big-0");
  auto ready = First(r.steps, TraceKind::kPodReady, "db-0", "", kCrash);
  ASSERT_TRUE(ready);
  EXPECT_EQ(ready->time, kRepair + 30 * kSecond);
}

// A pod that tolerates node.kubernetes.io/unreachable:NoExecute without tolerationSeconds is
// never evicted (taint manager): no replacement while the node is away, restart on return.
TEST(TimelineTest, ToleratedUnreachableTaintIsNeverEvicted) {
  const std::string deployment =
      "deployment: {name: web, replicas: 1, resources: {cpu: \"1\", memory: 1Gi}, tolerations: "
      "[{key: node.kubernetes.io/unreachable, operator: Exists, effect: NoExecute}]}";
  Outcome r = Simulate(WithSeed(MakeScenario(deployment, "kubernetes"), 4));
  ASSERT_TRUE(First(r.steps, TraceKind::kNodeTainted, "", "big-0"));
  EXPECT_EQ(Count(r.steps, TraceKind::kPodEvicted), 0);
  EXPECT_EQ(Count(r.steps, TraceKind::kPodCreated, "", kCrash), 0);
  auto ready = First(r.steps, TraceKind::kPodReady, "", "big-0", kCrash);
  ASSERT_TRUE(ready);
  EXPECT_EQ(ready->time, kRepair);
}

// Pending time is counted from the pod's creation to its binding: the recreated local-volume pod
// above waits from its force deletion to its node's return.
TEST(TimelineTest, PendingTimeIsCreationToBinding) {
  auto scenario =
      MustLoad(WithSeed(MakeScenario(kStatefulSet, "{name: force-delete, after: 1m}", "local"), 5));
  TraceRecorder rec;
  ClusterModel model(scenario, scenario.simulation.seed, 0, &rec, /*trace=*/true);
  model.RunUntil(4 * kHour);
  const auto steps = rec.Steps(model);
  auto forced = First(steps, TraceKind::kPodForceDeleted, "db-0");
  ASSERT_TRUE(forced);
  ASSERT_EQ(model.counters().pending_us.size(), 1u);
  EXPECT_EQ(model.counters().pending_us[0], kRepair - forced->time);
  // A pod still Pending at the end counts up to the end.
  ClusterModel early(scenario, scenario.simulation.seed, 0, nullptr);
  early.RunUntil(2 * kHour);
  EXPECT_EQ(early.counters().pending_us[0], 2 * kHour - forced->time);
}

// A node back before the taint evicts anything: its pods restart in place, nothing is replaced.
TEST(TimelineTest, ShortOutageRestartsPodsInPlace) {
  std::string yaml = WithSeed(MakeScenario(kStatefulSet, "kubernetes"), 2);
  yaml.replace(yaml.find("lasts: 2h"), 9, "lasts: 2m");
  Outcome r = Simulate(yaml);
  EXPECT_EQ(Count(r.steps, TraceKind::kPodEvicted), 0);
  EXPECT_EQ(Count(r.steps, TraceKind::kPodCreated, "", kCrash), 0);
  auto ready = First(r.steps, TraceKind::kPodReady, "db-0", "", kCrash);
  ASSERT_TRUE(ready);
  EXPECT_EQ(ready->time, kCrash + 2 * kMinute + 30 * kSecond);
}

}  // namespace
}  // namespace clustersim

namespace clustersim {
namespace {

// cluster.repairCrews: three nodes crash at once and each repair takes 1 h. With one crew the
// repairs run one after another, first come first served (n-0, n-1, n-2 failed in that
// order); with two crews, two at once and the third after the first crew is free.
TEST(RepairCrewTest, RepairsWaitForAFreeCrewInArrivalOrder) {
  for (const auto& [crews, want] : std::vector<std::pair<int, std::vector<SimTime>>>{
           {1, {70 * kMinute, 130 * kMinute, 190 * kMinute}},
           {2, {70 * kMinute, 70 * kMinute, 130 * kMinute}},
           {0, {70 * kMinute, 70 * kMinute, 70 * kMinute}}}) {
    Scenario s = testing::MustLoad(R"(
simulation: {horizon: 1d, replications: 1}
cluster:
  nodePools: [{name: n, count: 3}]
workloads:
  - deployment: {name: app, replicas: 1}
failures:
  - {name: crash, target: {kind: node, names: [n-0, n-1, n-2]}, at: [10m], lasts: 1h}
)");
    s.repair_crews = crews;
    testing::TraceRecorder rec;
    ClusterModel model(s, 1, 0, &rec, /*trace=*/true);
    model.RunUntil(kDay);
    const auto steps = rec.Steps(model);
    for (int n = 0; n < 3; ++n) {
      const std::string node = "n-" + std::to_string(n);
      const auto up = testing::First(steps, TraceKind::kNodeUp, "", node);
      ASSERT_TRUE(up.has_value()) << crews << " " << node;
      EXPECT_EQ(up->time, want[n]) << "crews " << crews << " " << node;
    }
  }
}

// Zone outages take no crew: with one crew busy on a node, a zone still comes back on time.
TEST(RepairCrewTest, ZoneOutagesUseNoCrew) {
  Scenario s = testing::MustLoad(R"(
simulation: {horizon: 1d, replications: 1}
cluster:
  nodePools: [{name: n, count: 2, zones: [a, b]}]
  repairCrews: 1
workloads:
  - deployment: {name: app, replicas: 1}
failures:
  - {name: crash, target: {kind: node, names: [n-0]}, at: [10m], lasts: 3h}
  - {name: outage, target: {kind: zone, names: [b]}, at: [20m], lasts: 1h}
)");
  testing::TraceRecorder rec;
  ClusterModel model(s, 1, 0, &rec, /*trace=*/true);
  model.RunUntil(kDay);
  const auto steps = rec.Steps(model);
  const auto zone_back = testing::First(steps, TraceKind::kNodeUp, "", "n-1");
  ASSERT_TRUE(zone_back.has_value());
  EXPECT_EQ(zone_back->time, 80 * kMinute);
  const auto node_back = testing::First(steps, TraceKind::kNodeUp, "", "n-0");
  ASSERT_TRUE(node_back.has_value());
  EXPECT_EQ(node_back->time, 190 * kMinute);
}

// Zone disruption states (node_lifecycle_controller.go, handleDisruption): the NoExecute taint
// rate follows how much of the zone is NotReady. `down` of the zone's `count` nodes crash at
// 1 h for 2 h; a second zone of one node stays up unless `second_zone` is false.
std::vector<Step> ZoneSteps(int count, int down, bool second_zone = true) {
  std::string names;
  for (int i = 0; i < down; ++i) names += (i ? ", " : "") + std::string("a-") + std::to_string(i);
  std::string yaml = R"(
simulation: {horizon: 4h, replications: 1, seed: 1}
cluster:
  nodePools:
    - {name: a, count: )" +
                     std::to_string(count) + R"(, zones: [zone-a]})";
  if (second_zone) yaml += "\n    - {name: b, count: 1, zones: [zone-b]}";
  yaml += R"(
workloads:
  - deployment: {name: web, replicas: 1}
failures:
  - {name: crash, target: {kind: node, names: [)" +
          names + R"(]}, at: 1h, lasts: 2h}
)";
  Scenario s = MustLoad(yaml);
  TraceRecorder rec;
  ClusterModel model(s, 1, 0, &rec, /*trace=*/true);
  model.RunUntil(4 * kHour);
  return rec.Steps(model);
}

std::vector<SimTime> TaintTimes(const std::vector<Step>& steps) {
  std::vector<SimTime> out;
  for (const Step& s : steps) {
    if (s.kind == TraceKind::kNodeTainted) out.push_back(s.time);
  }
  return out;
}

// Normal: two of four nodes down (not more than 2): tainted at the normal rate, 10 s apart.
TEST(ZoneDisruptionTest, NormalZoneTaintsAtTheNodeEvictionRate) {
  const std::vector<SimTime> t = TaintTimes(ZoneSteps(4, 2));
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(t[1] - t[0], 10 * kSecond);
}

// The time the zone's k-th node was marked NotReady (the controller marks nodes at its own
// passes, each 30-45 s after its crash depending on its lease phase).
SimTime KthNotReady(const std::vector<Step>& steps, size_t k) {
  std::vector<SimTime> t;
  for (const Step& s : steps) {
    if (s.kind == TraceKind::kNodeNotReady) t.push_back(s.time);
  }
  return k <= t.size() ? t[k - 1] : kNever;
}

// Partially disrupted (3 of 4 NotReady: more than 2 and at least 55 %) and small (at most 50
// nodes): from the pass that marks the third node, nothing more is tainted, so the rest of the
// zone is never evicted while it is down.
TEST(ZoneDisruptionTest, SmallPartiallyDisruptedZoneTaintsNothing) {
  const std::vector<Step> steps = ZoneSteps(4, 3);
  const SimTime partial = KthNotReady(steps, 3);
  ASSERT_NE(partial, kNever);
  const std::vector<SimTime> t = TaintTimes(steps);
  EXPECT_LT(t.size(), 3u);
  for (SimTime x : t) EXPECT_LT(x, partial);
  EXPECT_LT(Count(steps, TraceKind::kPodEvicted), 3);
}
// Partially disrupted and large (60 nodes, 40 NotReady): the secondary rate, 0.01 node/s.
TEST(ZoneDisruptionTest, LargePartiallyDisruptedZoneUsesTheSecondaryRate) {
  const std::vector<SimTime> t = TaintTimes(ZoneSteps(60, 40));
  ASSERT_GE(t.size(), 3u);
  // The zone crossed 55 % within one controller pass (the 40 crashes are simultaneous but the
  // nodes' lease phases differ, so they are marked over a few passes): once partially
  // disrupted, taints are 100 s apart.
  const SimTime last = t.back();
  const SimTime before = t[t.size() - 2];
  EXPECT_EQ(last - before, 100 * kSecond);
  // 2 h at 0.01 node/s: about 72 taints, far from the 40 the normal rate would have done in
  // 400 s.
  int in_first_10_minutes = 0;
  for (SimTime x : t) in_first_10_minutes += x < kHour + 10 * kMinute;
  EXPECT_LT(in_first_10_minutes, 15);
}

// Fully disrupted: one zone wholly down taints at the normal rate ...
TEST(ZoneDisruptionTest, FullyDisruptedZoneTaintsAtTheNormalRate) {
  const std::vector<SimTime> t = TaintTimes(ZoneSteps(3, 3));
  ASSERT_EQ(t.size(), 3u);
  EXPECT_EQ(t[2] - t[1], 10 * kSecond);
}

// ... but when every zone is fully disrupted, the controller taints nothing more: here the
// last of the three nodes to be marked NotReady is never tainted.
TEST(ZoneDisruptionTest, EveryZoneDownStopsTainting) {
  const std::vector<Step> steps = ZoneSteps(3, 3, /*second_zone=*/false);
  const SimTime full = KthNotReady(steps, 3);
  ASSERT_NE(full, kNever);
  const std::vector<SimTime> t = TaintTimes(steps);
  EXPECT_LT(t.size(), 3u);
  for (SimTime x : t) EXPECT_LT(x, full);
  // With a second zone up, the same outage is tainted to the last node (test above).
}

}  // namespace
}  // namespace clustersim
