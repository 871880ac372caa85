// FailoverActions (sim/k8s/controllers/failover_actions.h) on its own, with a scripted failover
// policy: each action the model can take about an unreachable node and its effect, as the
// operator or automation it stands for would get it (kubectl delete pod --grace-period=0
// --force; the node.kubernetes.io/out-of-service taint of non-graceful node shutdown, KEP-2268;
// deleting the Node object), and the rechecks the policy asks for, cancelled once the node is
// Ready again. docs/semantics.md, section 6.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "k8s/controllers/controller_harness.h"
#include "k8s/controllers/scripted_policies.h"

namespace clustersim {
namespace {

using testing::Harness;
using testing::Match;
using testing::ScriptedFailover;

constexpr SimTime kT = kHour;

// db-0 (a zonal volume) and a Deployment pod on n-0 (first-fit), which stops at kT; the
// scripted failover policy decides.
const char* kScenario = R"(
simulation: {horizon: 10h, replications: 1, seed: 16}
cluster:
  nodePools: [{name: n, count: 3, zones: [zone-a]}]
storageClasses:
  - {name: disk, kind: zonal, default: true, attach: 10s, detach: 5s}
workloads:
  - statefulSet: {name: db, replicas: 1, volumeClaimTemplates: [{name: data, storage: 1Gi}]}
  - deployment: {name: web, replicas: 1}
policies: {scheduler: first-fit, failover: scripted}
)";

class FailoverActionsTest : public ::testing::Test {
 protected:
  void SetUp() override { testing::RegisterScriptedPolicies(); }

  // Builds the model, stops n-0 at kT and runs until `until`; returns when n-0 was NotReady.
  SimTime Crash(Harness& h, SimTime until, SimTime back = kNever) {
    const uint32_t n = h.Node("n-0");
    h.At(kT, [&h, n] { h.m.kubelet.MachineDown(n); });
    if (back != kNever) h.At(back, [&h, n] { h.m.kubelet.MachineUp(n); });
    h.RunUntil(until);
    EXPECT_FALSE(ScriptedFailover::calls.empty());
    return ScriptedFailover::calls.empty() ? kNever : ScriptedFailover::calls[0].time;
  }
};

// The policy is asked at NotReady and sees the Node as a controller does.
TEST_F(FailoverActionsTest, PolicyIsAskedAtNotReadyWithTheNodesView) {
  Harness h(kScenario);
  const SimTime t = Crash(h, kT + kHour);
  ASSERT_EQ(ScriptedFailover::calls.size(), 1u);
  const ScriptedFailover::Call& c = ScriptedFailover::calls[0];
  EXPECT_EQ(c.node, h.Node("n-0"));
  EXPECT_FALSE(c.recheck);
  EXPECT_FALSE(c.view.ready);
  EXPECT_EQ(c.view.not_ready_since, t);
  EXPECT_EQ(c.view.pods, 2);
  EXPECT_FALSE(c.view.out_of_service);
  EXPECT_EQ(h.FirstTime({.kind = TraceKind::kNodeNotReady}), t);
}

// kForceDeletePods: every pod of the node is force-deleted at once; the StatefulSet recreates
// db-0 elsewhere, whose volume still waits for the attach-detach controller's force detach.
TEST_F(FailoverActionsTest, ForceDeletePodsDeletesEveryPodOfTheNodeAtOnce) {
  ScriptedFailover::decide = [](const ScriptedFailover::Call&) {
    return FailoverDecision::Act(FailoverAction::kForceDeletePods);
  };
  Harness h(kScenario);
  const SimTime t = Crash(h, kT + kHour);
  EXPECT_EQ(h.Times({.kind = TraceKind::kPodForceDeleted}), (std::vector<SimTime>{t, t}));
  EXPECT_TRUE(h.PodsOn(h.Node("n-0")).empty());
  const uint32_t db = h.Workload("db");
  EXPECT_EQ(h.FirstTime({.kind = TraceKind::kPodCreated, .workload = db, .from = kT}), t);
  EXPECT_EQ(h.FirstTime({.kind = TraceKind::kVolumeDetachStarted, .from = kT}), t + 6 * kMinute);
  EXPECT_EQ(ScriptedFailover::calls.size(), 1u);  // no recheck asked for
}

// kTaintOutOfService: the taint at once; PodGC's next pass force-deletes the pods and the
// volume is detached at that pass, without the six minutes.
TEST_F(FailoverActionsTest, OutOfServiceTaintLetsPodGcDeleteThePodsAndTheVolumeGoAtOnce) {
  ScriptedFailover::decide = [](const ScriptedFailover::Call&) {
    return FailoverDecision::Act(FailoverAction::kTaintOutOfService);
  };
  Harness h(kScenario);
  const uint32_t n = h.Node("n-0");
  const SimTime t = Crash(h, kT + kHour);
  EXPECT_TRUE(h.m.s.nodes[n].out_of_service);
  EXPECT_EQ(h.Times({.kind = TraceKind::kOutOfServiceTaint, .node = n}), std::vector<SimTime>{t});
  const SimTime gc = h.FirstTime({.kind = TraceKind::kPodForceDeleted});
  EXPECT_GE(gc, t);
  EXPECT_LT(gc, t + 20 * kSecond);
  EXPECT_EQ((gc - h.PodGcPhase()) % (20 * kSecond), 0);
  EXPECT_EQ(h.FirstTime({.kind = TraceKind::kVolumeDetachStarted, .from = kT}), gc);
}

// kDeleteNode: the Node object goes; PodGC deletes its pods as orphans 40 to 60 s later.
TEST_F(FailoverActionsTest, DeleteNodeLeavesItsPodsToPodGcsQuarantine) {
  ScriptedFailover::decide = [](const ScriptedFailover::Call&) {
    return FailoverDecision::Act(FailoverAction::kDeleteNode);
  };
  Harness h(kScenario);
  const uint32_t n = h.Node("n-0");
  const SimTime t = Crash(h, kT + kHour);
  EXPECT_TRUE(h.m.s.nodes[n].deleted);
  EXPECT_EQ(h.Times({.kind = TraceKind::kNodeDeleted, .node = n}), std::vector<SimTime>{t});
  const SimTime gc = h.FirstTime({.kind = TraceKind::kPodForceDeleted});
  EXPECT_GT(gc, t + 40 * kSecond);
  EXPECT_LE(gc, t + 60 * kSecond);
  // Network volumes then wait for the force detach, as after a force delete.
  EXPECT_EQ(h.FirstTime({.kind = TraceKind::kVolumeDetachStarted, .from = kT}), gc + 6 * kMinute);
}

// A recheck the policy asked for comes when it asked, with the node still NotReady; its action
// then takes effect.
TEST_F(FailoverActionsTest, RecheckComesWhenAskedAndItsActionTakesEffect) {
  ScriptedFailover::decide = [](const ScriptedFailover::Call& c) {
    return c.recheck ? FailoverDecision::Act(FailoverAction::kForceDeletePods)
                     : FailoverDecision::Recheck(2 * kMinute);
  };
  Harness h(kScenario);
  const SimTime t = Crash(h, kT + kHour);
  ASSERT_EQ(ScriptedFailover::calls.size(), 2u);
  EXPECT_TRUE(ScriptedFailover::calls[1].recheck);
  EXPECT_EQ(ScriptedFailover::calls[1].time, t + 2 * kMinute);
  EXPECT_EQ(h.FirstTime({.kind = TraceKind::kPodForceDeleted}), t + 2 * kMinute);
}

// The node Ready again before the recheck: the recheck is cancelled, and what the actions left
// on the Node (the out-of-service taint) is undone.
TEST_F(FailoverActionsTest, RecheckIsCancelledWhenTheNodeIsBack) {
  ScriptedFailover::decide = [](const ScriptedFailover::Call&) {
    return FailoverDecision{FailoverAction::kTaintOutOfService, 10 * kMinute};
  };
  Harness h(kScenario);
  const uint32_t n = h.Node("n-0");
  Crash(h, kT + 5 * kHour, kT + 5 * kMinute);
  EXPECT_EQ(ScriptedFailover::calls.size(), 1u);
  EXPECT_FALSE(h.m.s.nodes[n].out_of_service);
  EXPECT_TRUE(h.m.s.nodes[n].ready);
}

}  // namespace
}  // namespace clustersim
