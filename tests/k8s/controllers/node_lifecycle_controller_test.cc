// NodeLifecycleController (sim/k8s/controllers/node_lifecycle_controller.h) on its own: when a
// silent node is marked NotReady (node_lifecycle_controller.go monitorNodeHealth and
// tryUpdateNodeHealth), the rate-limited unreachable:NoExecute taint (the zone's
// RateLimitedTimedQueue behind a token bucket of burst 1, doNoExecuteTaintingPass), and the rate
// per zone state (ComputeZoneState, handleDisruption). docs/semantics.md, sections 3 and 4.
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
using testing::ScriptedRecovery;

constexpr SimTime kT = kHour;  // when the tests' machines stop

// Pools `a` (zone-a) and `b` (zone-b) of the given sizes; `extra` is appended.
std::string Cluster(int a, int b, const std::string& extra = "",
                    const std::string& policies = "scheduler: first-fit") {
  std::string yaml = R"(
simulation: {horizon: 10h, replications: 1, seed: 7}
cluster:
  nodePools:
    - {name: a, count: )" +
                     std::to_string(a) + ", zones: [zone-a]}\n";
  if (b > 0) yaml += "    - {name: b, count: " + std::to_string(b) + ", zones: [zone-b]}\n";
  yaml += "workloads:\n  - deployment: {name: web, replicas: 1}\npolicies: {" + policies + "}\n";
  return yaml + extra;
}

// The first time of phase + k * period strictly after t.
SimTime TickAfter(SimTime phase, SimTime period, SimTime t) {
  return phase + (FloorDiv(t - phase, period) + 1) * period;
}

// Stops the machines of `nodes` at `t`, each with its lease renewals at phase `renew_phase` (so
// that they are all marked NotReady at one pass).
void StopMachines(Harness& h, SimTime t, const std::vector<uint32_t>& nodes, SimTime renew_phase) {
  h.At(t, [&h, nodes, renew_phase] {
    for (uint32_t n : nodes) {
      h.m.s.nodes[n].heartbeat_phase = renew_phase;
      h.m.kubelet.MachineDown(n);  // which tells the controller (OnMachineDown)
    }
  });
}

// The machine of node `n` is back at `t`: its kubelet reports Ready.
void StartMachine(Harness& h, SimTime t, uint32_t n) {
  h.At(t, [&h, n] { h.m.kubelet.MachineUp(n); });
}

// When `StopMachines(renew_phase)` at kT gets its nodes marked NotReady.
SimTime NotReadyTime(const Harness& h, SimTime renew_phase) {
  const SimTime last = renew_phase + FloorDiv(kT - renew_phase, 10 * kSecond) * 10 * kSecond;
  return TickAfter(h.MonitorPhase(), 5 * kSecond, last + 40 * kSecond);
}

// tryUpdateNodeHealth: Ready becomes Unknown at the first monitor pass (every
// nodeMonitorPeriod, 5 s) strictly after nodeMonitorGracePeriod (40 s) past the kubelet's last
// lease renewal (every 10 s from the node's phase). docs/semantics.md, section 3.
TEST(NodeLifecycleControllerTest, NotReadyAtTheFirstPassPastTheGracePeriodAfterTheLastRenewal) {
  Harness h(Cluster(3, 0));
  const uint32_t n = h.Node("a-1");
  NodeState& node = h.m.s.nodes[n];
  h.At(kT, [&] {
    node.heartbeat_phase = 3 * kSecond;  // renewals at ..., kT - 7 s, kT + 3 s
    node.up = false;                     // the machine stops at kT
    ++node.epoch;
    h.m.node_lifecycle.OnMachineDown(n);
  });

  const SimTime threshold = kT - 7 * kSecond + 40 * kSecond;
  const SimTime expected = TickAfter(h.MonitorPhase(), 5 * kSecond, threshold);
  ASSERT_GT(expected, threshold);
  ASSERT_LE(expected, threshold + 5 * kSecond);
  h.RunUntil(expected - 1);
  EXPECT_TRUE(node.ready);
  EXPECT_EQ(h.Count({.kind = TraceKind::kNodeNotReady}), 0);
  h.RunUntil(expected);
  EXPECT_FALSE(node.ready);
  EXPECT_EQ(node.not_ready_since, expected);
  EXPECT_TRUE(h.m.s.sched_nodes[n].not_ready);  // unreachable:NoSchedule for the scheduler
  EXPECT_EQ(h.Times({.kind = TraceKind::kNodeNotReady, .node = n}), std::vector<SimTime>{expected});
}

// A node that came up after its last renewal phase point counts from its return (the kubelet
// renews its lease as it starts).
TEST(NodeLifecycleControllerTest, GracePeriodCountsFromTheReturnWhenItIsTheLatestRenewal) {
  Harness h(Cluster(3, 0));
  const uint32_t n = h.Node("a-0");
  NodeState& node = h.m.s.nodes[n];
  h.At(kT, [&] {
    node.heartbeat_phase = 0;         // renewals at kT - 10 s and kT
    node.last_up = kT - 4 * kSecond;  // not the latest: kT is
    node.up = false;
    ++node.epoch;
    h.m.node_lifecycle.OnMachineDown(n);
  });
  h.RunUntil(kT + kMinute);
  EXPECT_EQ(h.FirstTime({.kind = TraceKind::kNodeNotReady, .node = n}),
            TickAfter(h.MonitorPhase(), 5 * kSecond, kT + 40 * kSecond));

  Harness back(Cluster(3, 0));
  NodeState& again = back.m.s.nodes[n];
  back.At(kT, [&] {
    // Last renewal kT - 9 s, before the return: more than a pass apart.
    again.heartbeat_phase = kSecond;
    again.last_up = kT - kSecond;
    again.up = false;
    ++again.epoch;
    back.m.node_lifecycle.OnMachineDown(n);
  });
  back.RunUntil(kT + kMinute);
  EXPECT_EQ(back.FirstTime({.kind = TraceKind::kNodeNotReady, .node = n}),
            TickAfter(back.MonitorPhase(), 5 * kSecond, kT - kSecond + 40 * kSecond));
}

// The kubelet reports Ready before the controller's pass: the pending NotReady is dropped.
TEST(NodeLifecycleControllerTest, MachineBackBeforeThePassIsNeverNotReady) {
  Harness h(Cluster(3, 0));
  const uint32_t n = h.Node("a-0");
  StopMachines(h, kT, {n}, 0);
  StartMachine(h, kT + 20 * kSecond, n);
  h.RunUntil(kT + 10 * kMinute);
  EXPECT_EQ(h.Count({.kind = TraceKind::kNodeNotReady}), 0);
  EXPECT_TRUE(h.m.s.nodes[n].ready);
}

// The zone's NoExecute taints go through a token bucket of burst 1 at nodeEvictionRate (0.1
// node/s): three nodes marked NotReady at one pass are tainted 10 s apart, in the order marked.
TEST(NodeLifecycleControllerTest, NoExecuteTaintsOfOneZoneAreTenSecondsApart) {
  Harness h(Cluster(10, 0));
  const std::vector<uint32_t> down = {h.Node("a-4"), h.Node("a-1"), h.Node("a-7")};
  StopMachines(h, kT, down, 2 * kSecond);
  const SimTime t = NotReadyTime(h, 2 * kSecond);
  h.RunUntil(t);
  for (uint32_t n : down) EXPECT_FALSE(h.m.s.nodes[n].ready);
  EXPECT_TRUE(h.m.s.nodes[down[0]].tainted);
  EXPECT_FALSE(h.m.s.nodes[down[1]].tainted);
  h.RunUntil(t + 10 * kSecond - 1);
  EXPECT_FALSE(h.m.s.nodes[down[1]].tainted);
  h.RunUntil(t + kMinute);
  for (size_t i = 0; i < down.size(); ++i) {
    EXPECT_EQ(h.Times({.kind = TraceKind::kNodeTainted, .node = down[i]}),
              std::vector<SimTime>{t + static_cast<SimTime>(i) * 10 * kSecond})
        << i;
  }
}

// A node Ready again before its turn leaves the queue without using a token (upstream removes it
// from the zone's queue): the next one is tainted when the bucket allows, not 10 s later.
TEST(NodeLifecycleControllerTest, NodeReadyBeforeItsTurnLeavesTheQueue) {
  Harness h(Cluster(10, 0));
  const std::vector<uint32_t> down = {h.Node("a-0"), h.Node("a-1"), h.Node("a-2")};
  StopMachines(h, kT, down, 2 * kSecond);
  const SimTime t = NotReadyTime(h, 2 * kSecond);
  StartMachine(h, t + 5 * kSecond, down[1]);
  h.RunUntil(t + 5 * kSecond);
  EXPECT_TRUE(h.m.s.nodes[down[1]].ready);
  EXPECT_EQ(h.m.s.nodes[down[1]].not_ready_since, kNever);
  EXPECT_FALSE(h.m.s.sched_nodes[down[1]].not_ready);
  h.RunUntil(t + kMinute);
  EXPECT_EQ(h.Count({.kind = TraceKind::kNodeTainted, .node = down[1]}), 0);
  EXPECT_EQ(h.FirstTime({.kind = TraceKind::kNodeTainted, .node = down[2]}), t + 10 * kSecond);
}

// handleDisruption: a fully disrupted zone among healthy ones is tainted at the normal rate
// (HealthyQPSFunc), even though more than 2 and 55% of its nodes are NotReady.
TEST(NodeLifecycleControllerTest, FullyDisruptedZoneAmongHealthyOnesIsTaintedAtTheNormalRate) {
  Harness h(Cluster(3, 3));
  const std::vector<uint32_t> zone_a = {h.Node("a-0"), h.Node("a-1"), h.Node("a-2")};
  StopMachines(h, kT, zone_a, 0);
  const SimTime t = NotReadyTime(h, 0);
  h.RunUntil(t + kMinute);
  for (size_t i = 0; i < zone_a.size(); ++i) {
    EXPECT_EQ(h.FirstTime({.kind = TraceKind::kNodeTainted, .node = zone_a[i]}),
              t + static_cast<SimTime>(i) * 10 * kSecond)
        << i;
  }
}

// handleDisruption: when every zone is fully disrupted the controller assumes its own network is
// at fault and taints nothing; once one zone has a Ready node again, the others are tainted at
// the normal rate, the queue resuming with a fresh bucket (SwapLimiter).
TEST(NodeLifecycleControllerTest, EveryZoneFullyDisruptedTaintsNothing) {
  Harness h(Cluster(3, 1));
  const std::vector<uint32_t> all = {h.Node("a-0"), h.Node("a-1"), h.Node("a-2"), h.Node("b-0")};
  StopMachines(h, kT, all, 0);
  const SimTime t = NotReadyTime(h, 0);
  const SimTime back = t + kHour;
  StartMachine(h, back, h.Node("b-0"));
  h.RunUntil(back - 1);
  for (uint32_t n : all) EXPECT_FALSE(h.m.s.nodes[n].ready);
  EXPECT_EQ(h.Count({.kind = TraceKind::kNodeTainted}), 0);

  h.RunUntil(back + kMinute);
  EXPECT_EQ(h.Times({.kind = TraceKind::kNodeTainted}),
            (std::vector<SimTime>{back, back + 10 * kSecond, back + 20 * kSecond}));
  EXPECT_EQ(h.Count({.kind = TraceKind::kNodeTainted, .node = h.Node("b-0")}), 0);
}

// ComputeZoneState: more than 2 nodes and at least unhealthyZoneThreshold (0.55) NotReady is a
// partial disruption; in a zone of at most largeClusterSizeThreshold (50) nodes ReducedQPSFunc
// gives 0, so nothing is tainted while it lasts. The pass marks every node before the zone's
// state is computed, so even the first of them is not tainted.
TEST(NodeLifecycleControllerTest, PartiallyDisruptedSmallZoneTaintsNothing) {
  Harness h(Cluster(4, 2));
  StopMachines(h, kT, {h.Node("a-0"), h.Node("a-1"), h.Node("a-2")}, 0);
  const SimTime t = NotReadyTime(h, 0);
  h.RunUntil(t + kHour);
  EXPECT_EQ(h.Count({.kind = TraceKind::kNodeNotReady}), 3);
  EXPECT_EQ(h.Count({.kind = TraceKind::kNodeTainted}), 0);
}

// Two NotReady of four is below the threshold (a normal zone): both are tainted.
TEST(NodeLifecycleControllerTest, BelowTheUnhealthyThresholdTheZoneIsNormal) {
  Harness h(Cluster(4, 2));
  StopMachines(h, kT, {h.Node("a-0"), h.Node("a-1")}, 0);
  const SimTime t = NotReadyTime(h, 0);
  h.RunUntil(t + kHour);
  EXPECT_EQ(h.Times({.kind = TraceKind::kNodeTainted}),
            (std::vector<SimTime>{t, t + 10 * kSecond}));
}

// Nodes marked NotReady at an earlier pass were tainted at the rate of their time; the zone
// turns partially disrupted later and what is still queued waits.
TEST(NodeLifecycleControllerTest, NodesMarkedBeforeTheZoneTurnedPartialWereTaintedAtTheirRate) {
  Harness h(Cluster(4, 2));
  StopMachines(h, kT, {h.Node("a-3")}, 0);
  const SimTime first = NotReadyTime(h, 0);
  // Both marked at one pass.
  StopMachines(h, first + kMinute, {h.Node("a-0"), h.Node("a-1")}, 0);
  h.RunUntil(first);
  EXPECT_TRUE(h.m.s.nodes[h.Node("a-3")].tainted);
  h.RunUntil(first + kHour);
  EXPECT_EQ(h.Count({.kind = TraceKind::kNodeNotReady}), 3);
  EXPECT_EQ(h.Times({.kind = TraceKind::kNodeTainted}), std::vector<SimTime>{first});
}

// A partially disrupted zone of more than largeClusterSizeThreshold nodes is tainted at
// secondaryNodeEvictionRate (0.01 node/s: 100 s apart).
TEST(NodeLifecycleControllerTest, PartiallyDisruptedLargeZoneUsesTheSecondaryRate) {
  Harness h(Cluster(4, 2, "kubernetes: {largeClusterSizeThreshold: 3}\n"));
  StopMachines(h, kT, {h.Node("a-0"), h.Node("a-1"), h.Node("a-2")}, 0);
  const SimTime t = NotReadyTime(h, 0);
  h.RunUntil(t + kHour);
  EXPECT_EQ(h.Times({.kind = TraceKind::kNodeTainted}),
            (std::vector<SimTime>{t, t + 100 * kSecond, t + 200 * kSecond}));
}

// Both policies are told of each node as it is marked NotReady, and see the Node as a controller
// does: Ready=Unknown since that pass.
TEST(NodeLifecycleControllerTest, PoliciesAreToldOfEachNotReadyNode) {
  testing::RegisterScriptedPolicies();
  Harness h(Cluster(3, 3, "", "scheduler: first-fit, failover: scripted, recovery: scripted"));
  StopMachines(h, kT, {h.Node("a-1"), h.Node("b-2")}, 0);
  const SimTime t = NotReadyTime(h, 0);
  h.RunUntil(t - 1);
  EXPECT_TRUE(ScriptedFailover::calls.empty());
  h.RunUntil(t + kHour);
  ASSERT_EQ(ScriptedFailover::calls.size(), 2u);
  ASSERT_EQ(ScriptedRecovery::calls.size(), 2u);
  const uint32_t nodes[] = {h.Node("a-1"), h.Node("b-2")};
  for (size_t i = 0; i < 2; ++i) {
    const ScriptedFailover::Call& f = ScriptedFailover::calls[i];
    EXPECT_EQ(f.time, t);
    EXPECT_EQ(f.node, nodes[i]);
    EXPECT_FALSE(f.recheck);
    EXPECT_FALSE(f.view.ready);
    EXPECT_EQ(f.view.not_ready_since, t);
    const ScriptedRecovery::Call& r = ScriptedRecovery::calls[i];
    EXPECT_EQ(r.time, t);
    EXPECT_EQ(r.node, nodes[i]);
    EXPECT_EQ(r.why, RecoveryTrigger::kNodeNotReady);
  }
}

}  // namespace
}  // namespace clustersim
