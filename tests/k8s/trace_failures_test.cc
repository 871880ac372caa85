// Trace-driven failures (failures[].trace): an outage log replayed as it is, and bootstrapped
// (rotated by a random offset and with targets permuted) per replication.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <map>

#include "k8s/trace_helpers.h"

namespace clustersim {
namespace {

using testing::Count;
using testing::First;
using testing::MustLoad;
using testing::Step;
using testing::TraceRecorder;

// The repository root, which ctest passes; the trace file is read from there.
std::string SourceDir() {
  const char* dir = std::getenv("CLUSTERSIM_SOURCE_DIR");
  EXPECT_NE(dir, nullptr) << "CLUSTERSIM_SOURCE_DIR is not set; run through ctest";
  return dir == nullptr ? "." : dir;
}

std::string Scenario(bool bootstrap, const std::string& horizon = "10h") {
  return R"(
simulation: {horizon: )" +
         horizon + R"(, replications: 2, seed: 5}
cluster:
  nodePools:
    - {name: n, count: 4, zones: [zone-a, zone-b], racksPerZone: 2}
storageClasses:
  - {name: local, kind: local, default: true, volumeBindingMode: WaitForFirstConsumer}
workloads:
  - statefulSet:
      name: db
      replicas: 2
      podAntiAffinity: required
      podManagementPolicy: Parallel
      volumeClaimTemplates: [{name: data, storage: 1Gi}]
failures:
  - name: log
    trace: )" +
         SourceDir() +
         R"(/tests/testdata/traces/outages.csv
    bootstrap: )" +
         (bootstrap ? "true" : "false") + "\n";
}

std::vector<Step> Steps(const std::string& yaml, uint64_t replication) {
  clustersim::Scenario s = MustLoad(yaml);
  TraceRecorder rec;
  ClusterModel model(s, s.simulation.seed, replication, &rec, /*trace=*/true);
  model.RunUntil(s.simulation.horizon);
  return rec.Steps(model);
}

// Nodes: n-0 zone-a rack-0, n-1 zone-b rack-0, n-2 zone-a rack-1, n-3 zone-b rack-1.
TEST(TraceFailuresTest, ReplaysEachOutageAsRecorded) {
  const std::vector<Step> steps = Steps(Scenario(false), 0);
  auto down1 = First(steps, TraceKind::kNodeDown, "", "n-1");
  auto up1 = First(steps, TraceKind::kNodeUp, "", "n-1");
  ASSERT_TRUE(down1 && up1);
  EXPECT_EQ(down1->time, kHour);
  EXPECT_EQ(up1->time, 2 * kHour);
  auto disk = First(steps, TraceKind::kDiskFailed, "", "n-0");
  auto new_disk = First(steps, TraceKind::kDiskReplaced, "", "n-0");
  ASSERT_TRUE(disk && new_disk);
  EXPECT_EQ(disk->time, 3 * kHour);
  EXPECT_EQ(new_disk->time, 4 * kHour);
  // zone-b: n-1 and n-3 for 30 minutes.
  for (const char* n : {"n-1", "n-3"}) {
    auto d = First(steps, TraceKind::kNodeDown, "", n, 5 * kHour);
    auto u = First(steps, TraceKind::kNodeUp, "", n, 5 * kHour);
    ASSERT_TRUE(d && u) << n;
    EXPECT_EQ(d->time, 5 * kHour);
    EXPECT_EQ(u->time, 5 * kHour + 30 * kMinute);
  }
  // zone-a/rack-1: n-2 only, for 10 minutes.
  EXPECT_EQ(Count(steps, TraceKind::kNodeDown, "", 6 * kHour, 6 * kHour + 1), 1);
  auto rack = First(steps, TraceKind::kNodeDown, "", "n-2", 6 * kHour);
  ASSERT_TRUE(rack);
  EXPECT_EQ(rack->time, 6 * kHour);
  // n-2 lost at 7h, never repaired.
  auto lost = First(steps, TraceKind::kNodeDown, "", "n-2", 7 * kHour);
  ASSERT_TRUE(lost);
  EXPECT_EQ(lost->time, 7 * kHour);
  EXPECT_FALSE(First(steps, TraceKind::kNodeUp, "", "n-2", 7 * kHour));
  // The same steps in every replication.
  const std::vector<Step> again = Steps(Scenario(false), 1);
  EXPECT_EQ(Count(again, TraceKind::kNodeDown), Count(steps, TraceKind::kNodeDown));
  EXPECT_EQ(First(again, TraceKind::kNodeDown)->time, First(steps, TraceKind::kNodeDown)->time);
}

// Node down intervals, as (length, count) pairs: bootstrapping moves and relabels outages but
// keeps their lengths (wrapping at the horizon splits one in two).
std::map<SimTime, int> Lengths(const std::vector<Step>& steps, SimTime horizon) {
  std::map<std::string, SimTime> down_since;
  std::map<SimTime, int> lengths;
  for (const Step& s : steps) {
    if (s.kind == TraceKind::kNodeDown) down_since[s.node] = s.time;
    if (s.kind == TraceKind::kNodeUp) ++lengths[s.time - down_since[s.node]];
  }
  for (const auto& [node, since] : down_since) {
    bool up = false;
    for (const Step& s : steps)
      up |= s.kind == TraceKind::kNodeUp && s.node == node && s.time > since;
    if (!up) ++lengths[horizon - since];
  }
  return lengths;
}

TEST(TraceFailuresTest, BootstrapRotatesAndPermutesPerReplication) {
  // A long horizon so that no outage wraps: lengths are then exactly the recorded ones.
  const std::string yaml = Scenario(true, "1000d");
  const std::vector<Step> a = Steps(yaml, 0);
  const std::vector<Step> b = Steps(yaml, 1);
  auto first_a = First(a, TraceKind::kNodeDown);
  auto first_b = First(b, TraceKind::kNodeDown);
  ASSERT_TRUE(first_a && first_b);
  EXPECT_NE(first_a->time, first_b->time);
  EXPECT_NE(first_a->time, kHour);
  EXPECT_EQ(Count(a, TraceKind::kDiskFailed), 1);
  EXPECT_EQ(Count(b, TraceKind::kDiskFailed), 1);
  // The outages keep their lengths (1h crash, 30 min zone outage on two nodes, 10 min rack).
  for (const auto* steps : {&a, &b}) {
    std::map<SimTime, int> lengths = Lengths(*steps, 1000 * kDay);
    EXPECT_EQ(lengths[kHour], 1);
    EXPECT_EQ(lengths[30 * kMinute], 2);
    EXPECT_EQ(lengths[10 * kMinute], 1);
  }
  // Offsets are relative: the outages keep their spacing (the crash 2 h before the disk).
  auto disk_a = First(a, TraceKind::kDiskFailed);
  ASSERT_TRUE(disk_a);
  const SimTime crash_a = disk_a->time - 2 * kHour;
  EXPECT_EQ(Count(a, TraceKind::kNodeDown, "", crash_a, crash_a + 1), 1);
}

}  // namespace
}  // namespace clustersim
