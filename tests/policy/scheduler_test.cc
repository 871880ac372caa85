// The framework's filtering loop: batched filtering (one virtual call per filter and batch of
// nodes) must choose exactly what examining the nodes one by one chooses, including where the
// next cycle starts (kube-scheduler's rotation after the last node examined). The explaining
// path examines nodes one by one, so it is the reference.
#include "clustersim/policy/scheduler.h"

#include <gtest/gtest.h>

#include <vector>

#include "clustersim/policy/registry.h"

namespace clustersim {
namespace {

class FlatState final : public SchedulingState {
 public:
  explicit FlatState(std::vector<SchedNode> nodes) : nodes_(std::move(nodes)) {}
  SchedNode& node(size_t i) { return nodes_[i]; }
  std::span<const uint32_t> NodesOfWorkload(uint32_t) const override { return {}; }
  std::span<const uint32_t> LiveNodesOfWorkload(uint32_t) const override { return {}; }
  std::span<const SchedNode> Nodes() const override { return nodes_; }
  std::span<const uint32_t> Domains(uint32_t) const override { return {}; }
  uint32_t DomainCount(uint32_t) const override { return 0; }

 private:
  std::vector<SchedNode> nodes_;
};

// 300 nodes (kube-scheduler wants 144 feasible ones), with irregular runs of cordoned and full
// nodes and unequal free capacity, so that cycles stop at different places inside batches.
std::vector<SchedNode> Nodes() {
  std::vector<SchedNode> nodes(300);
  for (uint32_t i = 0; i < nodes.size(); ++i) {
    SchedNode& n = nodes[i];
    n.id = i;
    n.alloc_cpu = 4000;
    n.alloc_mem = int64_t{16} << 30;
    n.alloc_pods = 110;
    n.unschedulable = (i % 7 == 3) || (i >= 40 && i < 75);
    n.req_cpu = (i % 11 == 5) ? 4000 : static_cast<int64_t>(i % 13) * 200;
    n.nz_cpu = n.req_cpu;
  }
  return nodes;
}

TEST(SchedulerTest, BatchedFilteringChoosesAsNodeByNode) {
  FlatState state(Nodes());
  SchedPod pod;
  pod.req_cpu = pod.nz_cpu = 500;
  pod.req_mem = pod.nz_mem = 1 << 30;
  Scheduler::Explanation why;
  // Every percentageOfNodesToScore from adaptive (0) to 100: cycles stop at many places inside
  // batches, some just before a run of infeasible nodes.
  for (int pct = 0; pct <= 100; pct += 3) {
    SchedulerConfig config;
    config.percentage_of_nodes_to_score = pct;
    auto fast_profile = MakeProfile(config);
    auto slow_profile = MakeProfile(config);
    ASSERT_TRUE(fast_profile.ok() && slow_profile.ok());
    Scheduler fast(std::move(fast_profile.value()), Rng(7));
    Scheduler slow(std::move(slow_profile.value()), Rng(7));
    for (int cycle = 0; cycle < 30; ++cycle) {
      const Scheduler::Result a = fast.Schedule(state, pod, state.Nodes(), nullptr);
      const Scheduler::Result b = slow.Schedule(state, pod, state.Nodes(), &why);
      ASSERT_EQ(a.node, b.node) << "percentage " << pct << " cycle " << cycle;
      ASSERT_EQ(a.feasible, b.feasible) << "percentage " << pct << " cycle " << cycle;
      // Nodes change between cycles (a node skipped as infeasible may fit next time), so a
      // cycle that resumed at the wrong node would see a different window.
      for (size_t k = 0; k < 300; ++k) {
        state.node(k).unschedulable = (k * 13 + static_cast<size_t>(cycle) * 5) % 9 < 3;
      }
    }
  }
}

// With every node infeasible but one, the reason is the most frequent filter's, counted over
// all nodes, as node by node.
TEST(SchedulerTest, BatchedFilteringReportsTheReasonOfTheMostRejections) {
  SchedulerConfig config;
  auto profile = MakeProfile(config);
  ASSERT_TRUE(profile.ok());
  Scheduler s(std::move(profile.value()), Rng(1));
  std::vector<SchedNode> nodes = Nodes();
  for (auto& n : nodes) n.unschedulable = n.id < 200;
  for (auto& n : nodes) {
    if (n.id >= 200) n.req_cpu = 4000;
  }
  FlatState state(nodes);
  SchedPod pod;
  pod.req_cpu = pod.nz_cpu = 500;
  const Scheduler::Result r = s.Schedule(state, pod, state.Nodes(), nullptr);
  EXPECT_EQ(r.node, UINT32_MAX);
  EXPECT_EQ(r.feasible, 0);
  EXPECT_STREQ(r.reason, "node(s) were unschedulable");
}

}  // namespace
}  // namespace clustersim
