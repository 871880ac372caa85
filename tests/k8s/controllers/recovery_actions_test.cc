// RecoveryActions (sim/k8s/controllers/recovery_actions.h) on its own, with a scripted recovery
// policy: replacing the claims of an unreachable node (or of a dead disk) deletes each claim
// with its pod, and the StatefulSet controller recreates both on a new, empty volume that is
// filled before the pod starts (the operator's "delete the PVC and the pod" runbook, as the
// Kubernetes docs' StatefulSet tasks describe it); rechecks are cancelled when the node (or
// disk) is back; the policy's fixed properties are read once. docs/semantics.md, section 11.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "k8s/controllers/controller_harness.h"
#include "k8s/controllers/scripted_policies.h"

namespace clustersim {
namespace {

using testing::Harness;
using testing::Match;
using testing::ScriptedRecovery;

constexpr SimTime kT = kHour;
constexpr SimTime kCopy = 102400 * kMillisecond;  // 10Gi at 100Mi/s

// db: three replicas on local volumes, one per node of four (first-fit: n-0, n-1, n-2); cache:
// one replica on a zonal volume, on n-0 too. The scripted recovery policy decides.
const char* kScenario = R"(
simulation: {horizon: 10h, replications: 1, seed: 17}
cluster:
  nodePools: [{name: n, count: 4, zones: [zone-a]}]
storageClasses:
  - {name: local, kind: local}
  - {name: disk, kind: zonal, default: true, attach: 10s, detach: 5s}
workloads:
  - statefulSet:
      name: db
      replicas: 3
      podManagementPolicy: Parallel
      podAntiAffinity: required
      volumeClaimTemplates: [{name: data, storage: 10Gi, storageClassName: local}]
    app: {startup: 10s, dataSize: 10Gi, rebuild: {from: peers, bandwidth: 100Mi/s}}
  - statefulSet: {name: cache, replicas: 1, volumeClaimTemplates: [{name: data, storage: 1Gi}]}
policies: {scheduler: first-fit, recovery: scripted}
)";

class RecoveryActionsTest : public ::testing::Test {
 protected:
  void SetUp() override { testing::RegisterScriptedPolicies(); }
};

// The time of the first call the policy got.
SimTime FirstCall() {
  return ScriptedRecovery::calls.empty() ? kNever : ScriptedRecovery::calls[0].time;
}

// kReplaceNodeVolumes at NotReady: the claims of the node's pods (local and network) are deleted
// with their pods; db-0 is recreated on the free node and copies its data from a live peer;
// cache-0's new network volume attaches at once (no force detach: it is a new volume), and its
// only copy being gone is a data loss.
TEST_F(RecoveryActionsTest, ReplacingANodesVolumesRecreatesItsReplicasOnNewVolumes) {
  ScriptedRecovery::decide = [](const ScriptedRecovery::Call&) {
    return RecoveryDecision::Act(RecoveryAction::kReplaceNodeVolumes);
  };
  Harness h(kScenario);
  const uint32_t db = h.Workload("db"), cache = h.Workload("cache");
  const uint32_t n0 = h.Node("n-0");
  h.At(kT, [&] { h.m.kubelet.MachineDown(n0); });
  h.RunUntil(kT + kHour);
  const SimTime t = FirstCall();
  ASSERT_NE(t, kNever);
  EXPECT_EQ(ScriptedRecovery::calls[0].why, RecoveryTrigger::kNodeNotReady);
  EXPECT_EQ(ScriptedRecovery::calls[0].node, n0);
  EXPECT_EQ(h.Times({.kind = TraceKind::kVolumeReplaced, .volume = h.Volume(db, 0)}),
            std::vector<SimTime>{t});
  EXPECT_EQ(h.Times({.kind = TraceKind::kVolumeReplaced, .volume = h.Volume(cache, 0)}),
            std::vector<SimTime>{t});
  EXPECT_EQ(h.Count({.kind = TraceKind::kVolumeReplaced}), 2);
  EXPECT_EQ(h.Count({.kind = TraceKind::kPodForceDeleted, .from = kT}), 2);
  EXPECT_TRUE(h.m.s.node_local[n0].empty());

  EXPECT_EQ(h.P(db, 0).node, h.Node("n-3"));
  EXPECT_EQ(h.V(db, 0).pinned_node, h.Node("n-3"));
  EXPECT_EQ(h.Times({.kind = TraceKind::kPodCopyingData, .workload = db, .ordinal = 0}),
            std::vector<SimTime>{t});
  EXPECT_EQ(h.FirstTime({.kind = TraceKind::kPodReady, .workload = db, .ordinal = 0, .from = kT}),
            t + kCopy + 10 * kSecond);

  EXPECT_EQ(h.FirstTime({.kind = TraceKind::kVolumeAttachStarted, .workload = cache, .from = kT}),
            t);
  EXPECT_EQ(h.m.s.counters.data_loss_events, 1);  // cache's only copy
  EXPECT_EQ(h.Times({.kind = TraceKind::kDataLoss, .workload = cache}), std::vector<SimTime>{t});
}

// The node's local volumes go too when their pods are not on it: db-0, recreated while n-0 was
// cordoned, waits Pending for its volume there; once that claim is replaced it runs elsewhere.
TEST_F(RecoveryActionsTest, ReplacingANodesVolumesTakesItsLocalVolumesWithoutTheirPods) {
  ScriptedRecovery::decide = [](const ScriptedRecovery::Call&) {
    return RecoveryDecision::Act(RecoveryAction::kReplaceNodeVolumes);
  };
  Harness h(kScenario);
  const uint32_t db = h.Workload("db");
  const uint32_t n0 = h.Node("n-0");
  h.At(kT, [&] {
    h.m.s.sched_nodes[n0].unschedulable = true;
    h.m.api.RemovePod(h.Pod(db, 0));
    EXPECT_EQ(h.P(db, 0).phase, PodPhase::kPending);
    h.m.kubelet.MachineDown(n0);
  });
  h.RunUntil(kT + kHour);
  EXPECT_EQ(h.Times({.kind = TraceKind::kVolumeReplaced, .volume = h.Volume(db, 0)}),
            std::vector<SimTime>{FirstCall()});
  EXPECT_EQ(h.P(db, 0).node, h.Node("n-3"));
  EXPECT_EQ(h.m.s.workloads[db].ready, 3);
}

// kReplaceLocalVolumes on a disk failure: only the local volumes of that node; the zonal one on
// the same node is left alone.
TEST_F(RecoveryActionsTest, ReplacingADiskReplacesOnlyItsLocalVolumes) {
  ScriptedRecovery::decide = [](const ScriptedRecovery::Call&) {
    return RecoveryDecision::Act(RecoveryAction::kReplaceLocalVolumes);
  };
  Harness h(kScenario);
  const uint32_t db = h.Workload("db"), cache = h.Workload("cache");
  h.At(kT, [&] { h.m.kubelet.DiskDown(h.Node("n-0")); });
  h.RunUntil(kT + kHour);
  ASSERT_EQ(ScriptedRecovery::calls.size(), 1u);
  EXPECT_EQ(ScriptedRecovery::calls[0].why, RecoveryTrigger::kDiskFailed);
  EXPECT_EQ(ScriptedRecovery::calls[0].time, kT);
  EXPECT_EQ(h.Times({.kind = TraceKind::kVolumeReplaced}), std::vector<SimTime>{kT});
  EXPECT_EQ(h.Records({.kind = TraceKind::kVolumeReplaced})[0].volume, h.Volume(db, 0));
  EXPECT_EQ(h.m.s.workloads[cache].ready, 1);
  EXPECT_EQ(h.Count({.kind = TraceKind::kPodForceDeleted, .workload = cache}), 0);
}

// A recheck comes when asked (with its trigger) unless the node was Ready again first, or the
// disk replaced first.
TEST_F(RecoveryActionsTest, RechecksAreCancelledWhenTheNodeOrTheDiskIsBack) {
  ScriptedRecovery::decide = [](const ScriptedRecovery::Call& c) {
    return c.recheck ? RecoveryDecision::Nothing() : RecoveryDecision::Recheck(10 * kMinute);
  };
  Harness h(kScenario);
  h.At(kT, [&] {
    h.m.kubelet.MachineDown(h.Node("n-0"));
    h.m.kubelet.DiskDown(h.Node("n-1"));
    h.m.kubelet.DiskDown(h.Node("n-2"));
  });
  h.At(kT + 5 * kMinute, [&] {
    h.m.kubelet.MachineUp(h.Node("n-0"));
    h.m.kubelet.DiskUp(h.Node("n-1"));
  });
  h.RunUntil(kT + kHour);
  std::vector<std::string> calls;
  for (const ScriptedRecovery::Call& c : ScriptedRecovery::calls) {
    calls.push_back(h.tables().node_names[c.node] + (c.recheck ? " recheck" : " trigger") +
                    (c.why == RecoveryTrigger::kDiskFailed ? " disk" : " node"));
  }
  EXPECT_EQ(calls, (std::vector<std::string>{"n-1 trigger disk", "n-2 trigger disk",
                                             "n-0 trigger node", "n-2 recheck disk"}));
  EXPECT_EQ(ScriptedRecovery::calls.back().time, kT + 10 * kMinute);
}

// PodStaysWithVolume (read once): a replica whose network volume is still attached to its old
// node may run only there, so with that node NotReady it stays Pending; without it, it goes to
// another node and waits for the volume there (Multi-Attach).
TEST_F(RecoveryActionsTest, PodStaysWithItsAttachedVolumeWhenThePolicySaysSo) {
  for (const bool stays : {true, false}) {
    testing::RegisterScriptedPolicies();
    ScriptedRecovery::pod_stays_with_volume = stays;
    Harness h(kScenario);
    EXPECT_EQ(h.m.recovery.pod_stays_with_volume(), stays);
    const uint32_t cache = h.Workload("cache"), n0 = h.Node("n-0");
    h.At(kT, [&] { h.m.kubelet.MachineDown(n0); });
    h.At(kT + 2 * kMinute, [&] {
      ASSERT_FALSE(h.m.s.nodes[n0].ready);
      h.m.api.ForceDelete(h.Pod(cache, 0));
    });
    h.RunUntil(kT + 3 * kMinute);
    if (stays) {
      EXPECT_EQ(h.P(cache, 0).phase, PodPhase::kPending);
    } else {
      EXPECT_NE(h.P(cache, 0).node, n0);
      EXPECT_EQ(h.Count({.kind = TraceKind::kVolumeMultiAttach, .workload = cache}), 1);
    }
  }
}

// OnEmptyVolume decides where an empty volume's data comes from, seeing the workload; here the
// backup, at the policy's bandwidth, with no peer needed.
TEST_F(RecoveryActionsTest, EmptyVolumesFillComesFromThePolicy) {
  ScriptedRecovery::fill = VolumeFill{VolumeFill::Source::kBackup, 50.0 * 1024 * 1024};
  Harness h(kScenario);
  const uint32_t db = h.Workload("db");
  h.At(kT, [&] {
    for (int o = 0; o < 3; ++o) h.m.kubelet.StopPod(h.Pod(db, o));
    h.m.data.LoseData(h.Volume(db, 0));
    h.m.data.BeginFill(h.Pod(db, 0));
  });
  h.RunUntil(kT + kHour);
  ASSERT_EQ(ScriptedRecovery::fills.size(), 1u);
  const WorkloadView& v = ScriptedRecovery::fills[0];
  EXPECT_EQ(v.id, db);
  EXPECT_EQ(v.replicas, 3);
  EXPECT_EQ(v.ready, 0);
  EXPECT_EQ(v.data_size_bytes, int64_t{10} << 30);
  EXPECT_DOUBLE_EQ(v.rebuild_bandwidth, 100.0 * 1024 * 1024);
  EXPECT_EQ(h.Times({.kind = TraceKind::kPodStarting, .workload = db, .from = kT}),
            std::vector<SimTime>{kT + 2 * kCopy});
}

}  // namespace
}  // namespace clustersim
