// Pre-created PersistentVolumes (static binding: which volume a claim gets, where its pod may
// then run, what a released volume becomes) and regional volumes (attachable in any of their
// zones), on traced failures.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "clustersim/k8s/cluster_model.h"
#include "clustersim/scenario/loader.h"
#include "k8s/trace_helpers.h"

namespace clustersim {
namespace {

namespace fs = std::filesystem;
using testing::First;
using testing::MustLoad;
using testing::Step;
using testing::TraceRecorder;

struct Outcome {
  std::vector<Step> steps;
  int ready = 0;
};

Outcome Simulate(const Scenario& s, SimTime until) {
  TraceRecorder rec;
  ClusterModel model(s, s.simulation.seed, 0, &rec, /*trace=*/true);
  model.RunUntil(until);
  return {rec.Steps(model), model.ReadyReplicas(0)};
}

// ---------------------------------------------------------------- regional volumes

// One StatefulSet replica on a network volume of `kind`, three nodes in zones a, b, c; the zone
// of `zone_down` (if any) fails at 1 h for 3 h; out-of-service failover 2 min after NotReady.
std::string RegionalScenario(const std::string& kind, const std::string& zone_down) {
  std::string yaml = R"(
simulation: {horizon: 6h, replications: 1, seed: 3}
cluster:
  nodePools: [{name: n, count: 3, zones: [a, b, c], capacity: {cpu: "8", memory: 32Gi}}]
storageClasses:
  - {name: disk, kind: )" +
                     kind +
                     R"(, volumeBindingMode: WaitForFirstConsumer, default: true, attach: 10s,
     detach: 5s}
workloads:
  - statefulSet: {name: db, replicas: 1, volumeClaimTemplates: [{name: data, storage: 10Gi}]}
    app: {startup: 30s}
policies: {failover: {name: out-of-service, after: 2m}}
)";
  if (!zone_down.empty()) {
    yaml += "failures:\n  - {name: outage, target: {kind: zone, names: [" + zone_down +
            "]}, at: 1h, lasts: 3h}\n";
  }
  return yaml;
}

// n-0 is in zone a, n-1 in b, n-2 in c.
std::string ZoneOfNode(const std::string& node) { return std::string(1, "abc"[node.back() - '0']); }

TEST(RegionalVolumeTest, PodMovesToTheVolumesSecondZoneDuringAZoneOutage) {
  const Outcome calm = Simulate(MustLoad(RegionalScenario("regional", "")), kHour);
  const auto first = First(calm.steps, TraceKind::kPodScheduled, "db-0");
  ASSERT_TRUE(first.has_value());
  const std::string zone = ZoneOfNode(first->node);
  // The volume spans the first consumer's zone and the next one in the cluster's order.
  const std::string second = std::string(1, "abc"[(zone[0] - 'a' + 1) % 3]);

  const Outcome r = Simulate(MustLoad(RegionalScenario("regional", zone)), 6 * kHour);
  const auto moved = First(r.steps, TraceKind::kPodScheduled, "db-0", "", kHour);
  ASSERT_TRUE(moved.has_value());
  EXPECT_EQ(ZoneOfNode(moved->node), second);
  const auto ready = First(r.steps, TraceKind::kPodReady, "db-0", "", kHour);
  ASSERT_TRUE(ready.has_value());
  EXPECT_LT(ready->time, kHour + 10 * kMinute);  // long before the zone is back at 4 h
  EXPECT_EQ(r.ready, 1);

  // The same outage with a zonal volume: the pod may run nowhere else until its zone is back.
  const Outcome z = Simulate(MustLoad(RegionalScenario("zonal", zone)), 6 * kHour);
  const auto zonal_ready = First(z.steps, TraceKind::kPodReady, "db-0", "", kHour);
  ASSERT_TRUE(zonal_ready.has_value());
  EXPECT_GE(zonal_ready->time, 4 * kHour);
  const auto refused = First(z.steps, TraceKind::kPodUnschedulable, "db-0", "", kHour);
  ASSERT_TRUE(refused.has_value());
  EXPECT_EQ(refused->detail, std::string("node(s) had no available volume zone"));
}

TEST(RegionalVolumeTest, ReplicaZonesMustBeAtLeastTwoAndOnlyForRegionalClasses) {
  Diagnostics diags;
  std::string yaml = RegionalScenario("zonal", "");
  yaml.replace(yaml.find("detach: 5s}"), 11, "detach: 5s, replicaZones: 2}");
  EXPECT_FALSE(LoadScenarioText(yaml, "s.yaml", {}, &diags).has_value());
  EXPECT_NE(diags.ToString().find("'storageClasses[0].replicaZones' applies to regional classes "
                                  "only; this one is zonal"),
            std::string::npos)
      << diags.ToString();
  Diagnostics one;
  yaml = RegionalScenario("regional", "");
  yaml.replace(yaml.find("detach: 5s}"), 11, "detach: 5s, replicaZones: 1}");
  EXPECT_FALSE(LoadScenarioText(yaml, "s.yaml", {}, &one).has_value());
  EXPECT_NE(one.ToString().find("storageClasses[0].replicaZones"), std::string::npos)
      << one.ToString();
}

// ---------------------------------------------------------------- pre-created volumes

class StaticVolumeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "clustersim-pv-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  // A local PersistentVolume named `name` on node `node`.
  static std::string Pv(const std::string& name, const std::string& node,
                        const std::string& size = "10Gi", const std::string& reclaim = "Delete",
                        const std::string& claim_ref = "") {
    std::string pv =
        "---\napiVersion: v1\nkind: PersistentVolume\nmetadata: {name: " + name +
        "}\nspec:\n  capacity: {storage: " + size +
        "}\n  accessModes: [ReadWriteOnce]\n  persistentVolumeReclaimPolicy: " + reclaim +
        "\n  storageClassName: local-storage\n  local: {path: /mnt/disks/ssd0}\n"
        "  nodeAffinity:\n    required:\n      nodeSelectorTerms:\n        - "
        "matchExpressions: [{key: kubernetes.io/hostname, operator: In, values: [" +
        node + "]}]\n";
    if (!claim_ref.empty()) pv += "  claimRef: {namespace: default, name: " + claim_ref + "}\n";
    return pv;
  }

  // Four nodes n-0..n-3 (zones a, b), the no-provisioner class, the volumes `pvs`, and a
  // StatefulSet `db` of `replicas` with 5Gi claims; `extra` is appended (failures, policies).
  std::optional<Scenario> Load(const std::string& pvs, int replicas, const std::string& extra,
                               Diagnostics* diags) {
    std::ofstream(dir_ / "storage.yaml") << R"(apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: local-storage
  annotations: {storageclass.kubernetes.io/is-default-class: "true"}
provisioner: kubernetes.io/no-provisioner
volumeBindingMode: WaitForFirstConsumer
)" + pvs;
    std::ofstream(dir_ / "s.yaml") << R"(simulation: {horizon: 6h, replications: 1, seed: 1}
cluster:
  nodePools: [{name: n, count: 4, zones: [a, b], capacity: {cpu: "8", memory: 32Gi}}]
  manifests: storage.yaml
workloads:
  - statefulSet: {name: db, replicas: )" + std::to_string(replicas) +
                                          R"(, podManagementPolicy: Parallel,
                    volumeClaimTemplates: [{name: data, storage: 5Gi}]}
    app: {availability: quorum, startup: 30s, dataSize: 0}
)" + extra;
    return LoadScenarioFile((dir_ / "s.yaml").string(), {}, diags);
  }

  fs::path dir_;
};

// Each claim gets a volume of its own; a node whose only volume is too small is refused with
// kube-scheduler's words, and the replica for which no volume is left stays Pending.
TEST_F(StaticVolumeTest, PodsRunOnlyWhereAFittingVolumeIsLeft) {
  Diagnostics diags;
  const auto s =
      Load(Pv("pv-0", "n-0", "1Gi") + Pv("pv-1", "n-1") + Pv("pv-2", "n-2") + Pv("pv-3", "n-3"), 4,
           "", &diags);
  ASSERT_TRUE(s.has_value()) << diags.ToString();
  EXPECT_NE(diags.ToString().find("StatefulSet 'db' has 4 replicas, but only 3 "
                                  "PersistentVolume(s) of class 'local-storage' fit its claim"),
            std::string::npos)
      << diags.ToString();
  const Outcome r = Simulate(*s, kHour);
  std::set<std::string> nodes;
  for (const char* pod : {"db-0", "db-1", "db-2", "db-3"}) {
    const auto placed = First(r.steps, TraceKind::kPodScheduled, pod);
    if (placed) nodes.insert(placed->node);
  }
  EXPECT_EQ(nodes, (std::set<std::string>{"n-1", "n-2", "n-3"}));
  EXPECT_EQ(r.ready, 3);
  // The pod left over is refused everywhere: no volume is left for it.
  const Step* refused = nullptr;
  for (const Step& st : r.steps) {
    if (st.kind == TraceKind::kPodUnschedulable) refused = &st;
  }
  ASSERT_NE(refused, nullptr);
  EXPECT_EQ(refused->detail,
            std::string("node(s) didn't find available persistent volumes to bind"));
}

// claimRef reserves a volume for one claim, and the claim takes no other (the PV controller's
// FindMatchingVolume returns a pre-bound volume or nothing): data-db-0 goes to n-3, whatever the
// scores say.
TEST_F(StaticVolumeTest, ClaimRefReservesTheVolumeForItsClaim) {
  Diagnostics diags;
  const auto s =
      Load(Pv("pv-1", "n-1") + Pv("pv-2", "n-2") + Pv("pv-3", "n-3", "10Gi", "Delete", "data-db-0"),
           1, "", &diags);
  ASSERT_TRUE(s.has_value()) << diags.ToString();
  EXPECT_EQ(diags.ToString(), "");
  const Outcome r = Simulate(*s, kHour);
  const auto placed = First(r.steps, TraceKind::kPodScheduled, "db-0");
  ASSERT_TRUE(placed.has_value());
  EXPECT_EQ(placed->node, "n-3");
  // A volume reserved for a claim nobody makes is never used, and the loader says so.
  Diagnostics none;
  ASSERT_TRUE(Load(Pv("pv-1", "n-1", "10Gi", "Delete", "data-other-0"), 1, "", &none));
  EXPECT_NE(none.ToString().find("is reserved (claimRef) for claim 'data-other-0', which no "
                                 "StatefulSet here creates"),
            std::string::npos)
      << none.ToString();
}

// rebuild-from-peers deletes the claim of the replica on a crashed node. With one volume per
// node and no spare, the new claim finds no volume until one is free: Delete frees the old
// volume (cleaned) and the replica is rebuilt there when its node is back; Retain keeps it out
// of use, so the replica stays Pending for good.
TEST_F(StaticVolumeTest, ReleasedVolumeIsReusedUnderDeleteAndNotUnderRetain) {
  const std::string extra = R"(failures:
  - {name: crash, target: {kind: node, names: [NODE]}, effect: crash, at: 1h, lasts: 1h}
policies:
  recovery: {name: rebuild-from-peers, after: 5m, bandwidth: 100Mi/s}
)";
  for (const std::string reclaim : {"Delete", "Retain"}) {
    Diagnostics diags;
    // Which node holds db-0 is the scheduler's choice: find it on a calm run first.
    auto calm = Load(Pv("pv-1", "n-1", "10Gi", reclaim) + Pv("pv-2", "n-2", "10Gi", reclaim) +
                         Pv("pv-3", "n-3", "10Gi", reclaim),
                     3, "", &diags);
    ASSERT_TRUE(calm.has_value()) << diags.ToString();
    const auto first = First(Simulate(*calm, kHour).steps, TraceKind::kPodScheduled, "db-0");
    ASSERT_TRUE(first.has_value());
    std::string failing = extra;
    failing.replace(failing.find("NODE"), 4, first->node);
    auto s = Load(Pv("pv-1", "n-1", "10Gi", reclaim) + Pv("pv-2", "n-2", "10Gi", reclaim) +
                      Pv("pv-3", "n-3", "10Gi", reclaim),
                  3, failing, &diags);
    ASSERT_TRUE(s.has_value()) << diags.ToString();
    const Outcome r = Simulate(*s, 6 * kHour);
    ASSERT_TRUE(First(r.steps, TraceKind::kVolumeReplaced, "db-0", "", kHour)) << reclaim;
    const auto again = First(r.steps, TraceKind::kPodScheduled, "db-0", "", kHour);
    if (reclaim == "Delete") {
      ASSERT_TRUE(again.has_value());
      EXPECT_EQ(again->node, first->node);
      EXPECT_GE(again->time, 2 * kHour);  // not before its node is back
      EXPECT_EQ(r.ready, 3);
    } else {
      EXPECT_FALSE(again.has_value()) << "scheduled on " << again->node;
      EXPECT_EQ(r.ready, 2);
    }
  }
}

// A manifest PersistentVolume is checked as the API server would check it.
TEST_F(StaticVolumeTest, BrokenVolumesAreErrorsAtTheirLines) {
  Diagnostics diags;
  const std::string bad = R"(---
apiVersion: v1
kind: PersistentVolume
metadata: {name: nowhere}
spec:
  capacity: {storage: 10Gi}
  accessModes: [ReadWriteOnce]
  storageClassName: local-storage
  local: {path: /mnt/disks/ssd0}
---
apiVersion: v1
kind: PersistentVolume
metadata: {name: sizeless}
spec:
  accessModes: [ReadWriteSometimes]
  storageClassName: local-storage
  persistentVolumeReclaimPolicy: Keep
)";
  EXPECT_FALSE(Load(bad, 1, "", &diags).has_value());
  const std::string out = diags.ToString();
  const std::string file = (dir_ / "storage.yaml").string();
  EXPECT_NE(out.find(file + ":16:10: error: PersistentVolume 'nowhere' is a local volume without "
                            "spec.nodeAffinity, which the API server rejects"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find(file + ":22:3: error: 'spec' needs capacity.storage"), std::string::npos)
      << out;
  EXPECT_NE(out.find("'spec.accessModes[0]': unknown value 'ReadWriteSometimes'"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("'spec.persistentVolumeReclaimPolicy': unknown value 'Keep'; expected "
                     "Retain, Delete or Recycle"),
            std::string::npos)
      << out;
}

}  // namespace
}  // namespace clustersim
