// TaintEvictionController (sim/k8s/controllers/taint_eviction_controller.h) on its own: the pods
// of a node tainted node.kubernetes.io/unreachable:NoExecute are deleted gracefully once their
// toleration runs out (pkg/controller/tainteviction/taint_eviction.go processPodOnNode with
// getMinTolerationTime), every pod carrying the API server's default toleration of
// defaultTolerationSeconds (plugin/pkg/admission/defaulttolerationseconds, 300 s); a pod that
// tolerates the taint without tolerationSeconds is never evicted. docs/semantics.md, section 4.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "k8s/controllers/controller_harness.h"

namespace clustersim {
namespace {

using testing::Harness;
using testing::Match;

constexpr SimTime kT = kHour;

// Three nodes; `web` (2 replicas) and `tolerant` (1) all on n-0 (first-fit). `kubernetes` is the
// scenario's kubernetes section.
std::string Scenario(const std::string& kubernetes) {
  return R"(
simulation: {horizon: 20h, replications: 1, seed: 3}
cluster:
  nodePools: [{name: n, count: 3, zones: [zone-a]}]
workloads:
  - deployment: {name: web, replicas: 2}
  - deployment:
      name: tolerant
      replicas: 1
      tolerations: [{key: node.kubernetes.io/unreachable, operator: Exists, effect: NoExecute}]
policies: {scheduler: first-fit}
kubernetes: )" +
         kubernetes + "\n";
}

// The node lifecycle controller kept out of the way: it never marks the node itself.
const char* kNoLifecycle = "{nodeMonitorGracePeriod: 1000h}";

// n-0's machine stops at kT and the test taints it (as the node lifecycle controller would).
void TaintAtKT(Harness& h, uint32_t n) {
  h.At(kT, [&h, n] {
    h.m.kubelet.MachineDown(n);
    h.m.s.nodes[n].tainted = true;
    h.m.taint_eviction.OnNodeTainted(n);
  });
  h.RunUntil(kT);
}

// processPodOnNode: the pods without a toleration of their own are deleted (a deletionTimestamp:
// the kubelet is gone, so the objects stay, Terminating) defaultTolerationSeconds after the
// taint; not a moment before.
TEST(TaintEvictionControllerTest, PodsEvictedDefaultTolerationSecondsAfterTheTaint) {
  Harness h(Scenario(kNoLifecycle));
  const uint32_t n = h.Node("n-0");
  const uint32_t web = h.Workload("web");
  TaintAtKT(h, n);
  const std::vector<uint32_t> pods = h.PodsOf(web);
  ASSERT_EQ(pods.size(), 2u);
  for (uint32_t id : pods) ASSERT_EQ(h.m.s.pods[id].node, n);

  h.RunUntil(kT + 300 * kSecond - 1);
  for (uint32_t id : pods) EXPECT_FALSE(h.m.s.pods[id].deleting);
  EXPECT_EQ(h.Count({.kind = TraceKind::kPodEvicted}), 0);

  h.RunUntil(kT + 300 * kSecond);
  for (uint32_t id : pods) {
    EXPECT_TRUE(h.m.s.pods[id].deleting);
    EXPECT_EQ(h.m.s.pods[id].node, n);  // still bound: Terminating
    const auto evicted = h.Records({.kind = TraceKind::kPodEvicted, .pod = id});
    ASSERT_EQ(evicted.size(), 1u);
    EXPECT_EQ(evicted[0].time, kT + 300 * kSecond);
    EXPECT_EQ(evicted[0].detail, nullptr);  // the taint manager's, not a drain's
  }
  EXPECT_EQ(h.m.s.counters.pod_evictions, 2);
}

// A toleration of unreachable:NoExecute without tolerationSeconds tolerates it forever.
TEST(TaintEvictionControllerTest, PodToleratingTheTaintWithoutSecondsIsNeverEvicted) {
  Harness h(Scenario(kNoLifecycle));
  const uint32_t n = h.Node("n-0");
  const uint32_t tolerant = h.Workload("tolerant");
  EXPECT_FALSE(h.tables().workloads[tolerant].evict_on_unreachable);
  TaintAtKT(h, n);
  const std::vector<uint32_t> pods = h.PodsOf(tolerant);
  ASSERT_EQ(pods.size(), 1u);
  ASSERT_EQ(h.m.s.pods[pods[0]].node, n);
  h.RunUntil(kT + 19 * kHour);
  EXPECT_FALSE(h.m.s.pods[pods[0]].deleting);
  EXPECT_EQ(h.m.s.pods[pods[0]].node, n);
  EXPECT_EQ(h.Count({.kind = TraceKind::kPodEvicted, .pod = pods[0]}), 0);
  EXPECT_EQ(h.Count({.kind = TraceKind::kPodEvicted}), 2);  // web's two
}

// The toleration is kubernetes.defaultTolerationSeconds.
TEST(TaintEvictionControllerTest, TolerationIsTheScenariosDefaultTolerationSeconds) {
  Harness h(Scenario("{nodeMonitorGracePeriod: 1000h, defaultTolerationSeconds: 45s}"));
  TaintAtKT(h, h.Node("n-0"));
  h.RunUntil(kT + kHour);
  EXPECT_EQ(h.Times({.kind = TraceKind::kPodEvicted}),
            (std::vector<SimTime>{kT + 45 * kSecond, kT + 45 * kSecond}));
}

// The taint goes when the node is Ready again: the evictions still pending are cancelled
// (cancelWorkWithEvent on the node update without the taint).
TEST(TaintEvictionControllerTest, NodeReadyAgainBeforeTheTolerationRunsOutCancelsTheEviction) {
  Harness h(Scenario(kNoLifecycle));
  const uint32_t n = h.Node("n-0");
  h.At(kT + 299 * kSecond, [&] { h.m.kubelet.MachineUp(n); });
  TaintAtKT(h, n);
  h.RunUntil(kT + 299 * kSecond);
  EXPECT_FALSE(h.m.s.nodes[n].tainted);
  h.RunUntil(kT + 2 * kHour);
  EXPECT_EQ(h.Count({.kind = TraceKind::kPodEvicted}), 0);
  EXPECT_EQ(h.m.s.counters.pod_evictions, 0);
}

// With the node lifecycle controller at work: the eviction is defaultTolerationSeconds after
// its taint, whatever the detection took.
TEST(TaintEvictionControllerTest, EvictionFollowsTheNodeLifecycleControllersTaint) {
  Harness h(Scenario("{}"));
  const uint32_t n = h.Node("n-0");
  h.At(kT, [&] { h.m.kubelet.MachineDown(n); });
  h.RunUntil(kT + kHour);
  const SimTime tainted = h.FirstTime({.kind = TraceKind::kNodeTainted, .node = n});
  ASSERT_NE(tainted, kNever);
  EXPECT_EQ(h.Times({.kind = TraceKind::kPodEvicted}),
            (std::vector<SimTime>{tainted + 300 * kSecond, tainted + 300 * kSecond}));
}

}  // namespace
}  // namespace clustersim
