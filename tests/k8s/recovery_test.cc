// Timeline tests for the failure kinds that touch data (node loss, disk loss, rack outage), the
// replace-node failover policy, the recovery policies and leader election, each on one traced
// failure and checked step by step against docs/semantics.md.
//
// The cluster: big-0 (the larger node, where db-0 lands under LeastAllocated) and small-0,
// small-1. db is a StatefulSet with required anti-affinity, 10Gi of data copied at 100Mi/s
// (102.4 s) and a 30 s start-up. The failure hits big-0 at T = 1h.
#include <gtest/gtest.h>

#include "k8s/trace_helpers.h"

namespace clustersim {
namespace {

using testing::Count;
using testing::First;
using testing::MustLoad;
using testing::Step;
using testing::TraceRecorder;

constexpr SimTime kFail = kHour;
constexpr SimTime kStartup = 30 * kSecond;
// 10Gi at 100Mi/s.
constexpr SimTime kCopy = 102400 * kMillisecond;

struct Options {
  int replicas = 2;
  std::string storage = "local";
  std::string failure = "{name: f, target: {kind: node, pool: big}, at: 1h, lasts: 2h}";
  std::string policies = "{}";
  std::string app_extra;
  int seed = 1;
};

std::string MakeScenario(const Options& o) {
  return R"(
simulation: {horizon: 5h, replications: 1, seed: )" +
         std::to_string(o.seed) + R"(}
cluster:
  nodePools:
    - {name: big, count: 1, zones: [zone-a], racksPerZone: 1, capacity: {cpu: "64", memory: 256Gi}}
    - {name: small, count: 2, zones: [zone-a], racksPerZone: 2, capacity: {cpu: "4", memory: 16Gi}}
storageClasses:
  - {name: disk, kind: )" +
         o.storage +
         R"(, default: true, volumeBindingMode: WaitForFirstConsumer, attach: 10s, detach: 5s}
workloads:
  - statefulSet:
      name: db
      replicas: )" +
         std::to_string(o.replicas) + R"(
      podManagementPolicy: Parallel
      podAntiAffinity: required
      resources: {cpu: "1", memory: 1Gi}
      volumeClaimTemplates: [{name: data, storage: 10Gi}]
    app: {startup: 30s, dataSize: 10Gi, rebuild: {from: peers, bandwidth: 100Mi/s})" +
         o.app_extra + R"(}
failures:
  - )" + o.failure +
         R"(
policies: )" +
         o.policies + "\n";
}

class Recorder final : public ModelObserver {
 public:
  void OnReadyChanged(uint32_t, int, SimTime) override {}
  void OnTrace(const TraceRecord& r) override { trace.OnTrace(r); }
  void OnDataLoss(uint32_t, SimTime now, SimTime lost) override { losses.push_back({now, lost}); }
  void OnLeaderChanged(uint32_t, bool has, SimTime now) override { leader.push_back({now, has}); }
  TraceRecorder trace;
  std::vector<std::pair<SimTime, SimTime>> losses;
  std::vector<std::pair<SimTime, bool>> leader;
};

struct RunResult {
  std::vector<Step> steps;
  int ready = 0;
  std::vector<std::pair<SimTime, SimTime>> losses;
  std::vector<std::pair<SimTime, bool>> leader;
};

RunResult Simulate(const Options& o, SimTime until = 5 * kHour) {
  Scenario s = MustLoad(MakeScenario(o));
  Recorder rec;
  ClusterModel model(s, s.simulation.seed, 0, &rec, /*trace=*/true);
  model.RunUntil(until);
  return {rec.trace.Steps(model), model.ReadyReplicas(0), rec.losses, rec.leader};
}

// Node loss with wait-for-node (auto, local volume): the pod waits for the replacement machine,
// which joins after `lasts` with an empty disk; an init container then copies the data from
// the live peer before the containers start. Nothing is lost: db-1 kept a copy.
TEST(RecoveryTest, NodeLossWaitsForTheReplacementAndCopiesFromThePeer) {
  Options o;
  o.failure = "{name: f, target: {kind: node, pool: big}, effect: loss, at: 1h, lasts: 2h}";
  RunResult r = Simulate(o);
  auto down = First(r.steps, TraceKind::kNodeDown, "", "big-0");
  ASSERT_TRUE(down);
  EXPECT_EQ(down->time, kFail);
  EXPECT_EQ(Count(r.steps, TraceKind::kPodReady, "db-0", kFail, 3 * kHour), 0);
  auto copy = First(r.steps, TraceKind::kPodCopyingData, "db-0", "", kFail);
  ASSERT_TRUE(copy);
  EXPECT_EQ(copy->time, 3 * kHour);
  EXPECT_EQ(copy->node, "big-0");
  auto ready = First(r.steps, TraceKind::kPodReady, "db-0", "", kFail);
  ASSERT_TRUE(ready);
  EXPECT_EQ(ready->time, 3 * kHour + kCopy + kStartup);
  EXPECT_TRUE(r.losses.empty());
  EXPECT_EQ(r.ready, 2);
}

// A crash keeps the disk: the same failure as a crash restarts db-0 without a copy.
TEST(RecoveryTest, CrashKeepsTheDataAndRestartsWithoutACopy) {
  RunResult r = Simulate(Options{});
  EXPECT_EQ(Count(r.steps, TraceKind::kPodCopyingData, "db-0"), 0);
  auto ready = First(r.steps, TraceKind::kPodReady, "db-0", "", kFail);
  ASSERT_TRUE(ready);
  EXPECT_EQ(ready->time, 3 * kHour + kStartup);
}

// The last copy goes: a single replica on a lost node. The loss is recorded at the failure;
// when the replacement joins, the replica starts the data set afresh (nothing to copy).
TEST(RecoveryTest, LosingTheLastCopyIsADataLoss) {
  Options o;
  o.replicas = 1;
  o.failure = "{name: f, target: {kind: node, pool: big}, effect: loss, at: 1h, lasts: 2h}";
  RunResult r = Simulate(o);
  ASSERT_EQ(r.losses.size(), 1u);
  EXPECT_EQ(r.losses[0].first, kFail);
  EXPECT_EQ(r.losses[0].second, -1);  // no backup: everything
  auto loss = First(r.steps, TraceKind::kDataLoss);
  ASSERT_TRUE(loss);
  EXPECT_EQ(loss->time, kFail);
  EXPECT_EQ(Count(r.steps, TraceKind::kPodCopyingData, "db-0"), 0);
  auto ready = First(r.steps, TraceKind::kPodReady, "db-0", "", kFail);
  ASSERT_TRUE(ready);
  EXPECT_EQ(ready->time, 3 * kHour + kStartup);
}

// A disk failure: the node stays up and Ready, db-0 stops at once; the new disk comes in after
// `lasts` and db-0 copies from db-1, then starts.
TEST(RecoveryTest, DiskLossStopsThePodUntilTheDiskIsReplaced) {
  Options o;
  o.failure = "{name: f, target: {kind: disk, pool: big}, at: 1h, lasts: 1h}";
  RunResult r = Simulate(o);
  EXPECT_FALSE(First(r.steps, TraceKind::kNodeNotReady, "", "big-0"));
  auto failed = First(r.steps, TraceKind::kDiskFailed, "", "big-0");
  auto not_ready = First(r.steps, TraceKind::kPodNotReady, "db-0");
  ASSERT_TRUE(failed && not_ready);
  EXPECT_EQ(failed->time, kFail);
  EXPECT_EQ(not_ready->time, kFail);
  auto replaced = First(r.steps, TraceKind::kDiskReplaced, "", "big-0");
  auto copy = First(r.steps, TraceKind::kPodCopyingData, "db-0");
  auto ready = First(r.steps, TraceKind::kPodReady, "db-0", "", kFail);
  ASSERT_TRUE(replaced && copy && ready);
  EXPECT_EQ(replaced->time, 2 * kHour);
  EXPECT_EQ(copy->time, 2 * kHour);
  EXPECT_EQ(ready->time, 2 * kHour + kCopy + kStartup);
  EXPECT_TRUE(r.losses.empty());
}

// rebuild-from-peers: `after` past NotReady the claim and the pod are deleted; the recreated
// pod binds a fresh local volume on the spare node and copies from db-1 before it starts.
TEST(RecoveryTest, RebuildFromPeersMovesTheReplicaToAFreshVolume) {
  for (int seed = 1; seed <= 5; ++seed) {
    Options o;
    o.seed = seed;
    o.policies = "{recovery: {name: rebuild-from-peers, after: 5m}}";
    RunResult r = Simulate(o);
    auto not_ready = First(r.steps, TraceKind::kNodeNotReady, "", "big-0");
    auto replaced = First(r.steps, TraceKind::kVolumeReplaced, "db-0");
    auto forced = First(r.steps, TraceKind::kPodForceDeleted, "db-0");
    ASSERT_TRUE(not_ready && replaced && forced) << seed;
    EXPECT_EQ(replaced->time, not_ready->time + 5 * kMinute);
    EXPECT_EQ(forced->time, replaced->time);
    auto scheduled = First(r.steps, TraceKind::kPodScheduled, "db-0", "", kFail);
    auto copy = First(r.steps, TraceKind::kPodCopyingData, "db-0", "", kFail);
    auto ready = First(r.steps, TraceKind::kPodReady, "db-0", "", kFail);
    ASSERT_TRUE(scheduled && copy && ready);
    EXPECT_EQ(scheduled->time, forced->time);
    EXPECT_NE(scheduled->node, "big-0");
    EXPECT_EQ(copy->time, scheduled->time);
    EXPECT_EQ(ready->time, scheduled->time + kCopy + kStartup);
    EXPECT_LT(ready->time, 3 * kHour);
    EXPECT_TRUE(r.losses.empty());
    // The node's return finds nothing of db's left on it.
    EXPECT_EQ(Count(r.steps, TraceKind::kPodReady, "db-0", 3 * kHour), 0);
  }
}

// rebuild-from-peers with no live peer: the only replica's claim is deleted, its data with it.
TEST(RecoveryTest, RebuildWithoutAPeerIsADataLoss) {
  Options o;
  o.replicas = 1;
  o.policies = "{recovery: {name: rebuild-from-peers, after: 5m}}";
  RunResult r = Simulate(o);
  auto replaced = First(r.steps, TraceKind::kVolumeReplaced, "db-0");
  ASSERT_TRUE(replaced);
  ASSERT_EQ(r.losses.size(), 1u);
  EXPECT_EQ(r.losses[0].first, replaced->time);
}

// restore-from-backup after a node loss: the loss happens with the node (the only replica),
// the writes since the last hourly backup go with it; `after` past NotReady the claim is
// replaced and the new volume is restored at the backup bandwidth.
TEST(RecoveryTest, RestoreFromBackupLosesTheWritesSinceTheLastBackup) {
  Options o;
  o.replicas = 1;
  o.failure = "{name: f, target: {kind: node, pool: big}, effect: loss, at: 1h, lasts: 2h}";
  o.policies =
      "{recovery: {name: restore-from-backup, after: 10m, interval: 1h, bandwidth: "
      "100Mi/s}}";
  RunResult r = Simulate(o);
  ASSERT_EQ(r.losses.size(), 1u);
  EXPECT_EQ(r.losses[0].first, kFail);
  EXPECT_GE(r.losses[0].second, 0);
  EXPECT_LT(r.losses[0].second, kHour);
  auto not_ready = First(r.steps, TraceKind::kNodeNotReady, "", "big-0");
  auto replaced = First(r.steps, TraceKind::kVolumeReplaced, "db-0");
  ASSERT_TRUE(not_ready && replaced);
  EXPECT_EQ(replaced->time, not_ready->time + 10 * kMinute);
  auto copy = First(r.steps, TraceKind::kPodCopyingData, "db-0", "", kFail);
  auto ready = First(r.steps, TraceKind::kPodReady, "db-0", "", kFail);
  ASSERT_TRUE(copy && ready);
  EXPECT_EQ(copy->time, replaced->time);
  EXPECT_EQ(ready->time, replaced->time + kCopy + kStartup);
}

// Timeline E: the Node object is deleted `after` past NotReady; PodGC's next 20 s pass sees the
// pods orphaned, and the pass 40 s (quarantineTime) later deletes them. A network volume then
// waits for the 6-minute force detach, as after a force delete.
TEST(RecoveryTest, ReplaceNodeDeletesPodsAfterPodGcQuarantine) {
  for (int seed = 1; seed <= 5; ++seed) {
    Options o;
    o.seed = seed;
    o.storage = "zonal";
    o.policies = "{failover: {name: replace-node, after: 1m}}";
    RunResult r = Simulate(o);
    auto not_ready = First(r.steps, TraceKind::kNodeNotReady, "", "big-0");
    auto deleted = First(r.steps, TraceKind::kNodeDeleted, "", "big-0");
    auto forced = First(r.steps, TraceKind::kPodForceDeleted, "db-0");
    ASSERT_TRUE(not_ready && deleted && forced) << seed;
    EXPECT_EQ(deleted->time, not_ready->time + kMinute);
    EXPECT_GT(forced->time, deleted->time + 40 * kSecond);
    EXPECT_LE(forced->time, deleted->time + 60 * kSecond);
    auto detach = First(r.steps, TraceKind::kVolumeDetachStarted, "", "big-0", kFail);
    ASSERT_TRUE(detach);
    EXPECT_EQ(detach->time, forced->time + 6 * kMinute);
    auto ready = First(r.steps, TraceKind::kPodReady, "db-0", "", kFail);
    ASSERT_TRUE(ready);
    EXPECT_EQ(ready->time, detach->time + 5 * kSecond + 10 * kSecond + kStartup);
  }
}

// The recovery time split by cause, on timeline C (force delete 1 min past NotReady, a network
// volume): waiting for the node from the crash to the force delete, then the Multi-Attach until
// the 6-minute force detach and the 5 s detach, the 10 s attach, the 30 s start. Together, the
// whole recovery.
TEST(RecoveryTest, RecoveryTimeIsSplitByCause) {
  Options o;
  o.storage = "zonal";
  o.policies = "{failover: {name: force-delete, after: 1m}}";
  Scenario s = MustLoad(MakeScenario(o));
  TraceRecorder rec;
  ClusterModel model(s, s.simulation.seed, 0, &rec, /*trace=*/true);
  model.RunUntil(5 * kHour);
  const std::vector<Step> steps = rec.Steps(model);
  auto forced = First(steps, TraceKind::kPodForceDeleted, "db-0");
  auto ready = First(steps, TraceKind::kPodReady, "db-0", "", kFail);
  ASSERT_TRUE(forced && ready);
  const ModelCounters& c = model.counters();
  ASSERT_EQ(c.replica_recoveries[0], 1);
  const auto& t = c.recovery_cause_us[0];
  EXPECT_EQ(t[static_cast<size_t>(RecoveryCause::kWaitingForNode)], forced->time - kFail);
  EXPECT_EQ(t[static_cast<size_t>(RecoveryCause::kDetach)], 6 * kMinute + 5 * kSecond);
  EXPECT_EQ(t[static_cast<size_t>(RecoveryCause::kAttach)], 10 * kSecond);
  EXPECT_EQ(t[static_cast<size_t>(RecoveryCause::kRebuild)], 0);
  EXPECT_EQ(t[static_cast<size_t>(RecoveryCause::kStart)], kStartup);
  int64_t sum = 0;
  for (int64_t v : t) sum += v;
  EXPECT_EQ(sum, ready->time - kFail);
}

// The same with a node loss and local volumes: the replacement after 2 h, then the copy.
TEST(RecoveryTest, RecoveryTimeCountsTheRebuild) {
  Options o;
  o.failure = "{name: f, target: {kind: node, pool: big}, effect: loss, at: 1h, lasts: 2h}";
  Scenario s = MustLoad(MakeScenario(o));
  ClusterModel model(s, s.simulation.seed, 0, nullptr);
  model.RunUntil(5 * kHour);
  const ModelCounters& c = model.counters();
  ASSERT_EQ(c.replica_recoveries[0], 1);
  const auto& t = c.recovery_cause_us[0];
  EXPECT_EQ(t[static_cast<size_t>(RecoveryCause::kWaitingForNode)], 2 * kHour);
  EXPECT_EQ(t[static_cast<size_t>(RecoveryCause::kRebuild)], kCopy);
  EXPECT_EQ(t[static_cast<size_t>(RecoveryCause::kStart)], kStartup);
  EXPECT_EQ(t[static_cast<size_t>(RecoveryCause::kDetach)] +
                t[static_cast<size_t>(RecoveryCause::kAttach)],
            0);
}

// wait-for-node on a network volume: the force-deleted pod's replacement is pinned to the node
// its volume is still attached to, so it waits there (unschedulable) until the node returns,
// where reattach (and auto) would move it after the force detach.
TEST(RecoveryTest, WaitForNodeKeepsANetworkVolumeWithItsNode) {
  Options o;
  o.storage = "zonal";
  o.policies = "{failover: {name: force-delete, after: 1m}, recovery: wait-for-node}";
  RunResult r = Simulate(o);
  auto forced = First(r.steps, TraceKind::kPodForceDeleted, "db-0");
  ASSERT_TRUE(forced);
  auto unschedulable = First(r.steps, TraceKind::kPodUnschedulable, "db-0", "", kFail);
  ASSERT_TRUE(unschedulable);
  EXPECT_EQ(unschedulable->time, forced->time);
  EXPECT_EQ(Count(r.steps, TraceKind::kPodScheduled, "db-0", kFail, 3 * kHour), 0);
  auto scheduled = First(r.steps, TraceKind::kPodScheduled, "db-0", "", kFail);
  ASSERT_TRUE(scheduled);
  EXPECT_EQ(scheduled->time, 3 * kHour);
  EXPECT_EQ(scheduled->node, "big-0");
  // reattach, named: the replacement goes elsewhere after the 6-minute force detach.
  o.policies = "{failover: {name: force-delete, after: 1m}, recovery: reattach}";
  r = Simulate(o);
  auto moved = First(r.steps, TraceKind::kPodScheduled, "db-0", "", kFail);
  ASSERT_TRUE(moved);
  EXPECT_NE(moved->node, "big-0");
  auto ready = First(r.steps, TraceKind::kPodReady, "db-0", "", kFail);
  ASSERT_TRUE(ready);
  EXPECT_LT(ready->time, 3 * kHour);
}

// A rack outage takes every node of the rack and nothing else: small-0 and small-1 sit in
// racks rack-0 and rack-1 of zone-a; big-0 shares rack-0 (its pool has one rack).
TEST(RecoveryTest, RackOutageTakesDownTheNodesOfTheRack) {
  Options o;
  o.failure = "{name: f, target: {kind: rack, names: [zone-a/rack-1]}, at: 1h, lasts: 1h}";
  RunResult r = Simulate(o);
  EXPECT_EQ(Count(r.steps, TraceKind::kNodeDown), 1);
  auto down = First(r.steps, TraceKind::kNodeDown);
  ASSERT_TRUE(down);
  EXPECT_EQ(down->node, "small-1");
  o.failure = "{name: f, target: {kind: rack, names: [zone-a/rack-0]}, at: 1h, lasts: 1h}";
  r = Simulate(o);
  EXPECT_EQ(Count(r.steps, TraceKind::kNodeDown), 2);
  EXPECT_TRUE(First(r.steps, TraceKind::kNodeDown, "", "big-0"));
  EXPECT_TRUE(First(r.steps, TraceKind::kNodeDown, "", "small-0"));
}

// Leader election (client-go defaults): a crashed leader's lease runs 15 s past its last
// renewal (renewals every 2 s), and a candidate takes over at its next retry (every
// 2 s x [1, 2.2)): leaderless for 13 to 19.4 s after the crash.
TEST(RecoveryTest, LeaderCrashLeavesTheWorkloadLeaderlessForTheLease) {
  for (int seed = 1; seed <= 20; ++seed) {
    Options o;
    o.seed = seed;
    o.replicas = 3;
    o.app_extra = ", leaderElection: {}";
    // Fail whichever node holds the leader: every node, one at a time.
    o.failure = "{name: f, target: {kind: node}, at: 1h, lasts: 30m}";
    RunResult r = Simulate(o);
    ASSERT_GE(r.leader.size(), 3u) << seed;
    EXPECT_EQ(r.leader[0], std::make_pair(SimTime{0}, true));
    // All nodes fail at once: the workload has no ready pod until they return.
    EXPECT_EQ(r.leader[1], std::make_pair(kFail, false));
    EXPECT_EQ(r.leader[2].second, true);
    EXPECT_GE(r.leader[2].first, kFail + 30 * kMinute + kStartup);
  }
  for (int seed = 1; seed <= 20; ++seed) {
    Options o;
    o.seed = seed;
    o.replicas = 2;
    o.app_extra = ", leaderElection: {}";
    // db-0 (the first ready, hence the leader) is on big-0.
    RunResult r = Simulate(o);
    ASSERT_GE(r.leader.size(), 3u) << seed;
    EXPECT_EQ(r.leader[1], std::make_pair(kFail, false));
    const SimTime gap = r.leader[2].first - kFail;
    EXPECT_TRUE(r.leader[2].second);
    EXPECT_GE(gap, 13 * kSecond) << seed;
    EXPECT_LE(gap, 19400 * kMillisecond) << seed;
  }
}

}  // namespace
}  // namespace clustersim
