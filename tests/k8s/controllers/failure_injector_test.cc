// FailureInjector (sim/k8s/controllers/failure_injector.h) on its own: the failure processes
// of a scenario (a node, its disk, a rack, a zone; at fixed times or every draw), the repair
// crews that repair failed nodes first come, first served (the machine-repairman queue), a node
// down while any failure holds it, and outages replayed from a trace. No upstream component: the
// model's ground truth of the machines. docs/semantics.md, section 2.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "k8s/controllers/controller_harness.h"

namespace clustersim {
namespace {

using testing::Harness;
using testing::Match;
using testing::TempDir;

// Pools `a` (3 nodes, zone-a, two racks: a-0 and a-2 in rack-0) and `b` (2 nodes, zone-b); a
// StatefulSet on a local volume on a-0 (first-fit); the failure entries `failures`, and
// `crews` repair crews (0: unlimited).
std::string Scenario(const std::string& failures, int crews = 0) {
  std::string yaml = R"(
simulation: {horizon: 20h, replications: 1, seed: 13}
cluster:
  nodePools:
    - {name: a, count: 3, zones: [zone-a], racksPerZone: 2}
    - {name: b, count: 2, zones: [zone-b]}
)";
  if (crews > 0) yaml += "  repairCrews: " + std::to_string(crews) + "\n";
  return yaml + R"(storageClasses:
  - {name: local, kind: local, default: true}
workloads:
  - statefulSet: {name: db, replicas: 1, volumeClaimTemplates: [{name: data, storage: 1Gi}]}
policies: {scheduler: first-fit}
failures:
)" + failures;
}

Match Down(uint32_t n) { return {.kind = TraceKind::kNodeDown, .node = n}; }
Match Up(uint32_t n) { return {.kind = TraceKind::kNodeUp, .node = n}; }

// cluster.repairCrews: one crew repairs one failed node at a time and moves on to the
// longest-waiting failure; each repair time (`lasts`) runs from when a crew takes it.
TEST(FailureInjectorTest, RepairCrewsServeFailedNodesFirstComeFirstServed) {
  Harness h(Scenario(R"(  - {name: f2, target: {kind: node, names: [a-2]}, at: 1h, lasts: 1h}
  - {name: f0, target: {kind: node, names: [a-0]}, at: 70m, lasts: 1h}
  - {name: f1, target: {kind: node, names: [a-1]}, at: 80m, lasts: 1h}
)",
                     1));
  h.RunUntil(10 * kHour);
  EXPECT_EQ(h.Times(Down(h.Node("a-2"))), std::vector<SimTime>{kHour});
  EXPECT_EQ(h.Times(Down(h.Node("a-0"))), std::vector<SimTime>{70 * kMinute});
  EXPECT_EQ(h.Times(Down(h.Node("a-1"))), std::vector<SimTime>{80 * kMinute});
  EXPECT_EQ(h.Times(Up(h.Node("a-2"))), std::vector<SimTime>{2 * kHour});
  EXPECT_EQ(h.Times(Up(h.Node("a-0"))), std::vector<SimTime>{3 * kHour});
  EXPECT_EQ(h.Times(Up(h.Node("a-1"))), std::vector<SimTime>{4 * kHour});
}

// Without a crew limit every repair starts at once.
TEST(FailureInjectorTest, WithoutCrewsEveryRepairStartsAtOnce) {
  Harness h(Scenario(R"(  - {name: f2, target: {kind: node, names: [a-2]}, at: 1h, lasts: 1h}
  - {name: f0, target: {kind: node, names: [a-0]}, at: 70m, lasts: 1h}
)"));
  h.RunUntil(10 * kHour);
  EXPECT_EQ(h.Times(Up(h.Node("a-2"))), std::vector<SimTime>{2 * kHour});
  EXPECT_EQ(h.Times(Up(h.Node("a-0"))), std::vector<SimTime>{2 * kHour + 10 * kMinute});
}

// A zone outage takes every node of the zone, at each of its times, and takes no repair crew
// (b-0's failure gets the one crew at once); the other zone's nodes stay up.
TEST(FailureInjectorTest, ZoneOutageTakesEveryNodeOfTheZoneAtItsTimes) {
  Harness h(
      Scenario(R"(  - {name: z, target: {kind: zone, names: [zone-a]}, at: [1h, 5h], lasts: 30m}
  - {name: n, target: {kind: node, names: [b-0]}, at: 1h, lasts: 1h}
)",
               1));
  h.RunUntil(10 * kHour);
  for (const char* name : {"a-0", "a-1", "a-2"}) {
    EXPECT_EQ(h.Times(Down(h.Node(name))), (std::vector<SimTime>{kHour, 5 * kHour})) << name;
    EXPECT_EQ(h.Times(Up(h.Node(name))),
              (std::vector<SimTime>{kHour + 30 * kMinute, 5 * kHour + 30 * kMinute}))
        << name;
  }
  EXPECT_EQ(h.Count(Down(h.Node("b-1"))), 0);
  EXPECT_EQ(h.Times(Up(h.Node("b-0"))), std::vector<SimTime>{2 * kHour});
}

// A rack outage takes the nodes of that rack only.
TEST(FailureInjectorTest, RackOutageTakesTheNodesOfTheRack) {
  Harness h(Scenario(
      "  - {name: r, target: {kind: rack, names: [zone-a/rack-0]}, at: 1h, lasts: 30m}\n"));
  h.RunUntil(10 * kHour);
  EXPECT_EQ(h.Times(Down(h.Node("a-0"))), std::vector<SimTime>{kHour});
  EXPECT_EQ(h.Times(Down(h.Node("a-2"))), std::vector<SimTime>{kHour});
  EXPECT_EQ(h.Count(Down(h.Node("a-1"))), 0);
}

// A node is down while any failure holds it: a node failure inside a zone outage ends when both
// have ended.
TEST(FailureInjectorTest, NodeIsDownWhileAnyFailureHoldsIt) {
  Harness h(Scenario(R"(  - {name: z, target: {kind: zone, names: [zone-a]}, at: 1h, lasts: 2h}
  - {name: n, target: {kind: node, names: [a-1]}, at: 2h, lasts: 2h}
)"));
  h.RunUntil(10 * kHour);
  EXPECT_EQ(h.Times(Down(h.Node("a-1"))), std::vector<SimTime>{kHour});
  EXPECT_EQ(h.Times(Up(h.Node("a-1"))), std::vector<SimTime>{4 * kHour});
  EXPECT_EQ(h.Times(Up(h.Node("a-0"))), std::vector<SimTime>{3 * kHour});
  EXPECT_EQ(h.m.s.nodes[h.Node("a-1")].down_causes, 0);
}

// The same through the entry points: AddDownCause twice, RemoveDownCause once.
TEST(FailureInjectorTest, DownCausesAreCounted) {
  Harness h(Scenario(""));
  const uint32_t n = h.Node("b-0");
  h.At(kHour, [&] {
    h.m.failures.AddDownCause(n);
    h.m.failures.AddDownCause(n);
    h.m.failures.RemoveDownCause(n);
    EXPECT_FALSE(h.m.s.nodes[n].up);
    h.m.failures.RemoveDownCause(n);
    EXPECT_TRUE(h.m.s.nodes[n].up);
  });
  h.RunUntil(kHour);
  EXPECT_EQ(h.Count(Down(n)), 1);
  EXPECT_EQ(h.Count(Up(n)), 1);
}

// An `at` time that falls while the target is still down is skipped; with no `lasts` the first
// failure is permanent.
TEST(FailureInjectorTest, AtTimeWhileDownIsSkippedAndNoLastsIsPermanent) {
  Harness h(Scenario(
      R"(  - {name: twice, target: {kind: node, names: [b-0]}, at: [1h, 90m, 3h], lasts: 1h}
  - {name: forever, target: {kind: node, names: [b-1]}, at: 1h}
)"));
  h.RunUntil(20 * kHour);
  EXPECT_EQ(h.Times(Down(h.Node("b-0"))), (std::vector<SimTime>{kHour, 3 * kHour}));
  EXPECT_EQ(h.Times(Down(h.Node("b-1"))), std::vector<SimTime>{kHour});
  EXPECT_EQ(h.Count(Up(h.Node("b-1"))), 0);
}

// A disk failure loses the node's local volumes and leaves the node up; a new disk comes after
// `lasts`.
TEST(FailureInjectorTest, DiskFailureLeavesTheNodeUp) {
  Harness h(Scenario("  - {name: d, target: {kind: disk, names: [a-0]}, at: 1h, lasts: 2h}\n"));
  const uint32_t n = h.Node("a-0");
  h.RunUntil(2 * kHour);
  EXPECT_EQ(h.Count(Down(n)), 0);
  EXPECT_EQ(h.Times({.kind = TraceKind::kDiskFailed, .node = n}), std::vector<SimTime>{kHour});
  EXPECT_FALSE(h.V(h.Workload("db"), 0).has_data);
  h.RunUntil(4 * kHour);
  EXPECT_EQ(h.Times({.kind = TraceKind::kDiskReplaced, .node = n}),
            std::vector<SimTime>{3 * kHour});
}

// effect: loss takes the machine with its local volumes' data; a crash keeps it.
TEST(FailureInjectorTest, LossTakesTheLocalDataAndACrashKeepsIt) {
  for (const std::string effect : {"loss", "crash"}) {
    Harness h(Scenario("  - {name: f, target: {kind: node, names: [a-0]}, effect: " + effect +
                       ", at: 1h, lasts: 1h}\n"));
    h.RunUntil(kHour);
    EXPECT_EQ(h.V(h.Workload("db"), 0).has_data, effect == "crash") << effect;
  }
}

// A trace replayed: each outage at its recorded times.
TEST(FailureInjectorTest, TracedOutagesAreReplayedAtTheirTimes) {
  TempDir dir;
  const std::string csv = dir.Write("outages.csv",
                                    "target,scope,kind,start,end,cause\n"
                                    "b-1,node,crash,2h,3h,kernel panic\n"
                                    "zone-b,zone,,6h,7h,power\n");
  Harness h(Scenario("  - {name: log, trace: " + csv + "}\n"));
  h.RunUntil(10 * kHour);
  EXPECT_EQ(h.Times(Down(h.Node("b-1"))), (std::vector<SimTime>{2 * kHour, 6 * kHour}));
  EXPECT_EQ(h.Times(Up(h.Node("b-1"))), (std::vector<SimTime>{3 * kHour, 7 * kHour}));
  EXPECT_EQ(h.Times(Down(h.Node("b-0"))), std::vector<SimTime>{6 * kHour});
}

}  // namespace
}  // namespace clustersim
