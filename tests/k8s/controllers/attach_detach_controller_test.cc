// AttachDetachController (sim/k8s/controllers/attach_detach_controller.h) on its own:
// pkg/controller/volume/attachdetach, whose reconciler (reconciler.go, every
// ReconcilerLoopPeriod, 100 ms) detaches a volume no pod on its node uses any more once the node
// confirms the unmount, or force-detaches it from an unhealthy node after
// maxWaitForUnmountDuration (6 minutes), or at once from a node tainted out-of-service; a
// ReadWriteOnce volume attached elsewhere makes a new pod's attach fail with Multi-Attach.
// docs/semantics.md, sections 7.2 to 7.4.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "k8s/controllers/controller_harness.h"

namespace clustersim {
namespace {

using testing::Harness;
using testing::Match;

constexpr SimTime kT = kHour;

// n-0 and n-1 in zone-a, n-2 in zone-b; db-0's zonal volume is in zone-a (Immediate, ordinal 0)
// and db-0 on n-0 (first-fit). Attach 10 s, detach 5 s.
std::string Scenario(const std::string& kubernetes = "{}") {
  return R"(
simulation: {horizon: 10h, replications: 1, seed: 5}
cluster:
  nodePools:
    - {name: n, count: 2, zones: [zone-a]}
    - {name: m, count: 1, zones: [zone-b]}
storageClasses:
  - {name: disk, kind: zonal, default: true, attach: 10s, detach: 5s}
workloads:
  - statefulSet: {name: db, replicas: 1, volumeClaimTemplates: [{name: data, storage: 1Gi}]}
policies: {scheduler: first-fit}
kubernetes: )" +
         kubernetes + "\n";
}

struct Ids {
  uint32_t w, vid, n0, n1;
};

Ids Names(const Harness& h) {
  return {h.Workload("db"), h.Volume(h.Workload("db"), 0), h.Node("n-0"), h.Node("n-1")};
}

// At kT n-0's machine stops, the scheduler is kept off it, and db-0 is force-deleted (as the
// force-delete policy does): the node never confirmed the unmount, and the new db-0 goes to n-1.
Ids ForceDeleteFromADownNode(Harness& h) {
  const Ids s = Names(h);
  h.At(kT, [&h, s] {
    EXPECT_EQ(h.m.s.volumes[s.vid].state, VolState::kAttached);
    EXPECT_EQ(h.m.s.volumes[s.vid].attached, s.n0);
    h.m.kubelet.MachineDown(s.n0);
    h.m.s.sched_nodes[s.n0].unschedulable = true;
    h.m.api.ForceDelete(h.Pod(s.w, 0));
  });
  return s;
}

// The old pod's object is gone but its node cannot confirm the unmount: AwaitForceDetach. The
// new pod on n-1 finds the volume attached to n-0: FailedAttachVolume, Multi-Attach error.
TEST(AttachDetachControllerTest, MultiAttachWhileTheVolumeIsAttachedElsewhere) {
  Harness h(Scenario());
  const Ids s = ForceDeleteFromADownNode(h);
  h.RunUntil(kT);
  const VolumeState& v = h.m.s.volumes[s.vid];
  EXPECT_EQ(v.state, VolState::kAwaitForceDetach);
  EXPECT_EQ(v.attached, s.n0);
  const uint32_t pod = h.Pod(s.w, 0);
  ASSERT_NE(pod, kNone);
  EXPECT_EQ(h.m.s.pods[pod].node, s.n1);
  EXPECT_EQ(h.m.s.pods[pod].phase, PodPhase::kWaitingVolume);
  EXPECT_EQ(v.user, pod);
  const auto refused = h.Records({.kind = TraceKind::kVolumeMultiAttach, .from = kT});
  ASSERT_EQ(refused.size(), 1u);
  EXPECT_EQ(refused[0].time, kT);
  EXPECT_EQ(refused[0].node, s.n1);
  EXPECT_EQ(refused[0].volume, s.vid);
  EXPECT_EQ(h.Count({.kind = TraceKind::kVolumeDetachStarted, .from = kT}), 0);
}

// reconciler.go: timeout := elapsedTime > maxWaitForUnmountDuration, forceDetach :=
// !isHealthy && timeout. Six minutes after the pod object went, the volume is detached from the
// NotReady node; the detach (5 s) done, it is attached to n-1 (10 s) and the pod starts.
TEST(AttachDetachControllerTest, VolumeOfADownNodeIsForceDetachedAfterSixMinutes) {
  Harness h(Scenario());
  const Ids s = ForceDeleteFromADownNode(h);
  const SimTime force = kT + 6 * kMinute;
  h.RunUntil(force - 1);
  EXPECT_FALSE(h.m.s.nodes[s.n0].ready);  // NotReady by now: unhealthy
  EXPECT_EQ(h.m.s.volumes[s.vid].state, VolState::kAwaitForceDetach);
  h.RunUntil(force + kMinute);
  const Match detach{.kind = TraceKind::kVolumeDetachStarted, .volume = s.vid, .from = kT};
  EXPECT_EQ(h.Times(detach), std::vector<SimTime>{force});
  EXPECT_EQ(h.Records(detach)[0].node, s.n0);
  EXPECT_EQ(h.FirstTime({.kind = TraceKind::kVolumeDetached, .volume = s.vid, .from = kT}),
            force + 5 * kSecond);
  const auto attach = h.Records({.kind = TraceKind::kVolumeAttachStarted, .from = kT});
  ASSERT_EQ(attach.size(), 1u);
  EXPECT_EQ(attach[0].time, force + 5 * kSecond);
  EXPECT_EQ(attach[0].node, s.n1);
  EXPECT_EQ(h.FirstTime({.kind = TraceKind::kVolumeAttached, .from = kT}), force + 15 * kSecond);
  EXPECT_EQ(h.FirstTime({.kind = TraceKind::kPodStarting, .from = kT}), force + 15 * kSecond);
  EXPECT_EQ(h.m.s.volumes[s.vid].attached, s.n1);
}

// The node comes back before the timeout: its kubelet confirms the unmount and the volume is
// detached normally at once; the timer's event finds nothing to do.
TEST(AttachDetachControllerTest, NodeBackBeforeTheTimeoutDetachesNormally) {
  Harness h(Scenario());
  const Ids s = ForceDeleteFromADownNode(h);
  const SimTime back = kT + 2 * kMinute;
  h.At(back, [&] { h.m.kubelet.MachineUp(s.n0); });
  h.RunUntil(kT + kHour);
  EXPECT_EQ(h.Times({.kind = TraceKind::kVolumeDetachStarted, .volume = s.vid, .from = kT}),
            std::vector<SimTime>{back});
  EXPECT_EQ(h.FirstTime({.kind = TraceKind::kVolumeAttached, .from = kT}), back + 15 * kSecond);
}

// forceDetach needs the node unhealthy: a node still Ready when the six minutes are up (its
// NotReady takes longer here) keeps the volume.
TEST(AttachDetachControllerTest, NoForceDetachWhileTheNodeStillLooksReady) {
  Harness h(Scenario("{nodeMonitorGracePeriod: 20m}"));
  const Ids s = ForceDeleteFromADownNode(h);
  h.RunUntil(kT + 6 * kMinute + kSecond);
  EXPECT_TRUE(h.m.s.nodes[s.n0].ready);
  EXPECT_EQ(h.m.s.volumes[s.vid].state, VolState::kAwaitForceDetach);
  EXPECT_EQ(h.Count({.kind = TraceKind::kVolumeDetachStarted, .from = kT}), 0);
}

// --disable-force-detach-on-timeout (v1.30+): no timer; only the node's return frees the volume.
TEST(AttachDetachControllerTest, WithoutForceDetachOnTimeoutOnlyTheReturnFreesTheVolume) {
  Harness h(Scenario("{disableForceDetachOnTimeout: true}"));
  const Ids s = ForceDeleteFromADownNode(h);
  h.At(kT + 2 * kHour, [&] { h.m.kubelet.MachineUp(s.n0); });
  h.RunUntil(kT + 2 * kHour - 1);
  EXPECT_EQ(h.m.s.volumes[s.vid].state, VolState::kAwaitForceDetach);
  EXPECT_EQ(h.Count({.kind = TraceKind::kVolumeDetachStarted, .from = kT}), 0);
  h.RunUntil(kT + 3 * kHour);
  EXPECT_EQ(h.FirstTime({.kind = TraceKind::kVolumeDetachStarted, .from = kT}), kT + 2 * kHour);
}

// hasOutOfServiceTaint: a volume of an out-of-service node is detached at once, without waiting
// for the unmount.
TEST(AttachDetachControllerTest, OutOfServiceNodesVolumeIsDetachedAtOnce) {
  Harness h(Scenario());
  const Ids s = Names(h);
  h.At(kT, [&] {
    h.m.kubelet.MachineDown(s.n0);
    h.m.s.sched_nodes[s.n0].unschedulable = true;
    h.m.s.nodes[s.n0].out_of_service = true;
    h.m.api.ForceDelete(h.Pod(s.w, 0));
    EXPECT_EQ(h.m.s.volumes[s.vid].state, VolState::kDetaching);
  });
  h.RunUntil(kT + kMinute);
  EXPECT_EQ(h.Times({.kind = TraceKind::kVolumeDetachStarted, .from = kT}),
            std::vector<SimTime>{kT});
  EXPECT_EQ(h.FirstTime({.kind = TraceKind::kVolumeAttached, .from = kT}), kT + 15 * kSecond);
}

// The reconciler runs every 100 ms: a pod deleted on a healthy node and recreated on the same
// node at once is in the desired state of the world again before the reconciler acts, so the
// volume simply stays attached (no detach, no attach, no Multi-Attach).
TEST(AttachDetachControllerTest, PodBackOnTheSameNodeWithinTheLoopPeriodKeepsTheVolume) {
  Harness h(Scenario());
  const Ids s = Names(h);
  h.At(kT, [&] {
    h.m.api.RemovePod(h.Pod(s.w, 0));  // a healthy kubelet confirmed the deletion
    const uint32_t pod = h.Pod(s.w, 0);
    ASSERT_NE(pod, kNone);
    EXPECT_EQ(h.m.s.pods[pod].node, s.n0);
    EXPECT_EQ(h.m.s.volumes[s.vid].state, VolState::kAttached);
    EXPECT_EQ(h.m.s.volumes[s.vid].attached, s.n0);
  });
  h.RunUntil(kT + kMinute);
  EXPECT_EQ(h.Count({.kind = TraceKind::kVolumeDetached, .from = kT}), 0);
  EXPECT_EQ(h.Count({.kind = TraceKind::kVolumeMultiAttach, .from = kT}), 0);
  EXPECT_EQ(h.Count({.kind = TraceKind::kVolumeAttachStarted, .from = kT}), 0);
  EXPECT_EQ(h.FirstTime({.kind = TraceKind::kPodStarting, .from = kT}), kT);
}

// Back on the same node one second later, the detach is under way: the new pod waits for it
// (Multi-Attach) and the volume is attached again.
TEST(AttachDetachControllerTest, PodBackOnTheSameNodeAfterTheLoopPeriodWaitsForTheDetach) {
  Harness h(Scenario());
  const Ids s = Names(h);
  h.At(kT, [&] {
    h.m.s.sched_nodes[s.n0].unschedulable = true;
    h.m.s.sched_nodes[s.n1].unschedulable = true;
    h.m.api.RemovePod(h.Pod(s.w, 0));
    EXPECT_EQ(h.m.s.volumes[s.vid].state, VolState::kDetaching);
  });
  h.At(kT + kSecond, [&] {
    h.m.s.sched_nodes[s.n0].unschedulable = false;
    h.m.queue.RetryPending();
    EXPECT_EQ(h.m.s.pods[h.Pod(s.w, 0)].node, s.n0);
  });
  h.RunUntil(kT + kMinute);
  EXPECT_EQ(h.Times({.kind = TraceKind::kVolumeMultiAttach, .from = kT}),
            std::vector<SimTime>{kT + kSecond});
  EXPECT_EQ(h.FirstTime({.kind = TraceKind::kVolumeDetached, .from = kT}), kT + 5 * kSecond);
  EXPECT_EQ(h.FirstTime({.kind = TraceKind::kVolumeAttached, .from = kT}), kT + 15 * kSecond);
}

// A pod that goes away while its volume attaches: once the attach completes, nothing on the node
// uses it, and the healthy node detaches it.
TEST(AttachDetachControllerTest, VolumeWhosePodLeftDuringTheAttachIsReleasedWhenItCompletes) {
  Harness h(Scenario());
  const Ids s = ForceDeleteFromADownNode(h);
  const SimTime attach = kT + 6 * kMinute + 5 * kSecond;
  h.At(attach + 2 * kSecond, [&] {
    ASSERT_EQ(h.m.s.volumes[s.vid].state, VolState::kAttaching);
    h.m.s.sched_nodes[s.n1].unschedulable = true;
    h.m.api.ForceDelete(h.Pod(s.w, 0));
    EXPECT_EQ(h.m.s.volumes[s.vid].user, kNone);
  });
  h.RunUntil(attach + kMinute);
  EXPECT_EQ(h.FirstTime({.kind = TraceKind::kVolumeAttached, .from = kT}), attach + 10 * kSecond);
  const auto detach =
      h.Records({.kind = TraceKind::kVolumeDetachStarted, .from = attach + kSecond});
  ASSERT_EQ(detach.size(), 1u);
  EXPECT_EQ(detach[0].time, attach + 10 * kSecond);
  EXPECT_EQ(detach[0].node, s.n1);
  EXPECT_EQ(h.m.s.volumes[s.vid].state, VolState::kDetached);
}

}  // namespace
}  // namespace clustersim
