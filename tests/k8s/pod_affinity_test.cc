// End-to-end placement with the pod-level scheduling fields: inter-pod affinity across
// workloads, hard topology spreading, host ports, shared ReadWriteOncePod claims and
// spec.nodeName, through the whole model (time-0 placement, then retries on cluster events).
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "k8s/trace_helpers.h"

namespace clustersim {
namespace {

using testing::MustLoad;

// Four nodes of 8 CPUs, two per zone, and two Deployments the tests then dress up.
Scenario TwoWorkloads(int first_replicas, int second_replicas) {
  return MustLoad(R"(
simulation: {horizon: 1h, replications: 1}
cluster:
  nodePools: [{name: n, count: 4, zones: [a, b], capacity: {cpu: "8", memory: 32Gi}}]
workloads:
  - deployment: {name: first, replicas: )" +
                  std::to_string(first_replicas) + R"(, resources: {cpu: "1", memory: 1Gi}}
  - deployment: {name: second, replicas: )" +
                  std::to_string(second_replicas) + R"(, resources: {cpu: "1", memory: 1Gi}}
)");
}

PodAffinityTerm Selecting(const std::string& app, const std::string& key) {
  PodAffinityTerm t;
  t.label_selector = LabelSelector{{{"app", app}}, {}};
  t.topology_key = key;
  return t;
}

std::set<std::string> NodesOf(const ClusterModel& m, uint32_t w, int replicas) {
  std::set<std::string> out;
  for (int i = 0; i < replicas; ++i) {
    const uint32_t n = m.NodeOfReplica(w, i);
    out.insert(n == UINT32_MAX ? "pending" : m.NodeName(n));
  }
  return out;
}

// Required affinity to a workload placed earlier: every pod joins its node.
TEST(PodAffinityTest, RequiredAffinityFollowsTheTarget) {
  Scenario s = TwoWorkloads(1, 3);
  s.workloads[0].labels = {{"app", "cache"}};
  s.workloads[1].labels = {{"app", "web"}};
  s.workloads[1].pod_affinity.required_affinity = {Selecting("cache", "kubernetes.io/hostname")};
  for (int seed = 1; seed <= 5; ++seed) {
    ClusterModel m(s, seed, 0, nullptr);
    m.RunUntil(0);
    const std::set<std::string> cache = NodesOf(m, 0, 1);
    EXPECT_EQ(NodesOf(m, 1, 3), cache) << seed;
  }
}

// Required affinity to a workload placed later: the pods wait, and the target's binding (a
// Pod/Add event) brings them in at once.
TEST(PodAffinityTest, PodsWaitingForAffinityAreRetriedWhenTheTargetBinds) {
  Scenario s = TwoWorkloads(3, 1);
  s.workloads[0].labels = {{"app", "web"}};
  s.workloads[0].pod_affinity.required_affinity = {
      Selecting("cache", "topology.kubernetes.io/zone")};
  s.workloads[1].labels = {{"app", "cache"}};
  testing::TraceRecorder rec;
  ClusterModel m(s, 1, 0, &rec, /*trace=*/true);
  m.RunUntil(0);
  const auto steps = rec.Steps(m);
  EXPECT_EQ(testing::Count(steps, TraceKind::kPodUnschedulable), 3);
  EXPECT_EQ(m.PendingPods(), 0);
  // All three in the cache's zone (nodes n-0, n-2 are zone a; n-1, n-3 zone b).
  const std::string cache = *NodesOf(m, 1, 1).begin();
  const int zone = (cache == "n-0" || cache == "n-2") ? 0 : 1;
  for (const auto& node : NodesOf(m, 0, 3)) {
    EXPECT_EQ((node == "n-0" || node == "n-2") ? 0 : 1, zone) << node;
  }
}

// Anti-affinity on zone against another workload: the pods avoid its zone entirely.
TEST(PodAffinityTest, RequiredAntiAffinityAvoidsTheZone) {
  Scenario s = TwoWorkloads(1, 4);
  s.workloads[0].labels = {{"app", "noisy"}};
  s.workloads[1].labels = {{"app", "quiet"}};
  s.workloads[1].pod_affinity.required_anti_affinity = {
      Selecting("noisy", "topology.kubernetes.io/zone")};
  ClusterModel m(s, 3, 0, nullptr);
  m.RunUntil(0);
  const std::string noisy = *NodesOf(m, 0, 1).begin();
  const bool noisy_a = noisy == "n-0" || noisy == "n-2";
  for (const auto& node : NodesOf(m, 1, 4)) {
    EXPECT_NE(node == "n-0" || node == "n-2", noisy_a) << node;
  }
}

// Hard zone spreading, maxSkew 1, with zone b full: one pod goes to zone a (skew 1 against
// b's 0), the others stay Pending (without the constraint all four would fit in zone a).
TEST(PodAffinityTest, HardSpreadKeepsSkewEvenWhenAZoneIsFull) {
  Scenario s = TwoWorkloads(2, 4);
  // "first" fills zone b: 8 CPUs per node, two nodes; make its pods 8 CPUs and pin them.
  s.workloads[0].requests.cpu_milli = 8000;
  s.workloads[0].node_selector = {{"topology.kubernetes.io/zone", "b"}};
  s.workloads[1].labels = {{"app", "spread"}};
  TopologySpreadConstraint c;
  c.max_skew = 1;
  c.topology_key = "topology.kubernetes.io/zone";
  c.label_selector = LabelSelector{{{"app", "spread"}}, {}};
  s.workloads[1].topology_spread = {c};
  testing::TraceRecorder rec;
  ClusterModel m(s, 1, 0, &rec, /*trace=*/true);
  m.RunUntil(0);
  EXPECT_EQ(NodesOf(m, 0, 2), (std::set<std::string>{"n-1", "n-3"}));
  int placed = 0;
  for (int i = 0; i < 4; ++i) placed += m.NodeOfReplica(1, i) != UINT32_MAX;
  EXPECT_EQ(placed, 1);
  EXPECT_EQ(m.PendingPods(), 3);
  // Zone a's nodes reject the rest for the skew, zone b's for cpu (2 nodes each).
  int spread_rejections = 0;
  for (const auto& step : rec.Steps(m)) {
    spread_rejections += step.detail == "node(s) didn't match pod topology spread constraints" ||
                         step.detail == "Insufficient cpu";
  }
  EXPECT_EQ(spread_rejections, 3);
}

// minDomains 3 with two zones: the global minimum counts as 0, so each zone takes at most
// maxSkew (1) pod.
TEST(PodAffinityTest, MinDomainsBeyondTheZonesCapsEachZone) {
  Scenario s = TwoWorkloads(0, 4);
  s.workloads[1].labels = {{"app", "spread"}};
  TopologySpreadConstraint c;
  c.max_skew = 1;
  c.topology_key = "topology.kubernetes.io/zone";
  c.label_selector = LabelSelector{{{"app", "spread"}}, {}};
  c.min_domains = 3;
  s.workloads[1].topology_spread = {c};
  ClusterModel m(s, 1, 0, nullptr);
  m.RunUntil(0);
  EXPECT_EQ(m.PendingPods(), 2);
}

// Host ports: one pod per node; the fifth waits with NodePorts' reason.
TEST(PodAffinityTest, HostPortAllowsOnePodPerNode) {
  Scenario s = TwoWorkloads(0, 5);
  s.workloads[1].host_ports = {HostPort{8080, "TCP", ""}};
  testing::TraceRecorder rec;
  ClusterModel m(s, 1, 0, &rec, /*trace=*/true);
  m.RunUntil(0);
  EXPECT_EQ(NodesOf(m, 1, 5), (std::set<std::string>{"n-0", "n-1", "n-2", "n-3", "pending"}));
  const auto unschedulable = testing::First(rec.Steps(m), TraceKind::kPodUnschedulable);
  ASSERT_TRUE(unschedulable.has_value());
  EXPECT_EQ(unschedulable->detail, "node(s) didn't have free ports for the requested pod ports");
}

// A ReadWriteOncePod claim shared by a Deployment's replicas: only one of them runs.
TEST(PodAffinityTest, ReadWriteOncePodClaimAdmitsOnePod) {
  Scenario s = TwoWorkloads(0, 3);
  s.workloads[1].rwop_claims = {"data"};
  ClusterModel m(s, 1, 0, nullptr);
  m.RunUntil(0);
  EXPECT_EQ(m.PendingPods(), 2);
}

// spec.nodeName binds without the scheduler, even onto a node the scheduler would reject
// (cordoned); a bare Pod is not replaced once it is gone.
TEST(PodAffinityTest, NodeNameBindsAsGivenAndBarePodsAreNotReplaced) {
  Scenario s = MustLoad(R"(
simulation: {horizon: 2h, replications: 1}
cluster:
  nodePools: [{name: n, count: 2, capacity: {cpu: "8", memory: 32Gi}}]
workloads:
  - deployment: {name: pinned, replicas: 1, resources: {cpu: "1", memory: 1Gi}}
failures:
  - {name: crash, target: {kind: node, names: [n-1]}, at: [10m]}
)");
  s.workloads[0].kind = WorkloadKind::kPod;
  s.workloads[0].node_name = "n-1";
  s.node_pools[0].unschedulable = true;
  testing::TraceRecorder rec;
  ClusterModel m(s, 1, 0, &rec, /*trace=*/true);
  m.RunUntil(2 * kHour);
  const auto steps = rec.Steps(m);
  const auto bound = testing::First(steps, TraceKind::kPodScheduled);
  ASSERT_TRUE(bound.has_value());
  EXPECT_EQ(bound->node, "n-1");
  // Evicted 5 min after NotReady, and never created again.
  EXPECT_EQ(testing::Count(steps, TraceKind::kPodEvicted), 1);
  EXPECT_EQ(testing::Count(steps, TraceKind::kPodCreated), 1);
}

}  // namespace
}  // namespace clustersim
