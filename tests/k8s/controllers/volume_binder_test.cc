// VolumeBinder (sim/k8s/controllers/volume_binder.h) on its own: the PersistentVolume
// controller's binding (pkg/controller/volume/persistentvolume: FindMatchingVolume picks the
// smallest available volume that fits, a volume pre-bound by claimRef first and alone) and the
// scheduler's VolumeBinding bind step; provisioned claims with Immediate binding get a zone by
// ordinal (the legacy ChooseZoneForVolume of StatefulSet claims), with WaitForFirstConsumer the
// zone (or node) their pod was scheduled to; a released volume is what its reclaim policy says.
// docs/semantics.md, section 7.1.
#include <gtest/gtest.h>

#include <bit>
#include <string>
#include <vector>

#include "k8s/controllers/controller_harness.h"

namespace clustersim {
namespace {

using testing::Harness;
using testing::TempDir;

// Three nodes in zones z-c, z-a, z-b (zone numbers follow the order of first appearance: z-c is
// 0), a StatefulSet `db` of `replicas` on a class of `kind` and `binding`; every node cordoned
// when `cordoned` (pods stay Pending, their claims unbound).
std::string Provisioned(const std::string& kind, const std::string& binding, int replicas,
                        bool cordoned = false, const std::string& class_extra = "") {
  return R"(
simulation: {horizon: 10h, replications: 1, seed: 6}
cluster:
  nodePools:
    - {name: n, count: 3, zones: [z-c, z-a, z-b], unschedulable: )" +
         std::string(cordoned ? "true" : "false") + R"(}
storageClasses:
  - {name: disk, kind: )" +
         kind + ", volumeBindingMode: " + binding + ", default: true" + class_extra + R"(}
workloads:
  - statefulSet: {name: db, replicas: )" +
         std::to_string(replicas) + R"(, podManagementPolicy: Parallel,
                  volumeClaimTemplates: [{name: data, storage: 8Gi}]}
policies: {scheduler: first-fit}
)";
}

uint64_t Bit(uint32_t zone) { return uint64_t{1} << zone; }

// Immediate: the claim of ordinal o is provisioned in zone o mod Z when it is created, before any
// pod exists (the model's constructor binds them).
TEST(VolumeBinderTest, ImmediateZonalClaimsTakeTheZoneOfTheirOrdinal) {
  Harness h(Provisioned("zonal", "Immediate", 5));
  const uint32_t w = h.Workload("db");
  EXPECT_EQ(h.tables().zone_names[0], "z-c");
  for (int o = 0; o < 5; ++o) {
    EXPECT_TRUE(h.V(w, o).bound) << o;
    EXPECT_EQ(h.V(w, o).zone, static_cast<uint32_t>(o % 3)) << o;
  }
  // The scheduler then places each pod in its volume's zone (VolumeZone).
  h.RunUntil(0);
  for (int o = 0; o < 5; ++o) {
    EXPECT_EQ(h.m.s.nodes[h.P(w, o).node].zone, static_cast<uint32_t>(o % 3)) << o;
  }
}

// A regional claim spans its first zone (o mod Z under Immediate) and the next replicaZones - 1
// in the cluster's zone order, wrapping; `all` spans every zone.
TEST(VolumeBinderTest, RegionalClaimsSpanTheirZoneAndTheNextOnes) {
  Harness two(Provisioned("regional", "Immediate", 3));
  const uint32_t w = two.Workload("db");
  EXPECT_EQ(two.V(w, 0).zones, Bit(0) | Bit(1));
  EXPECT_EQ(two.V(w, 1).zones, Bit(1) | Bit(2));
  EXPECT_EQ(two.V(w, 2).zones, Bit(2) | Bit(0));
  Harness all(Provisioned("regional", "Immediate", 2, false, ", replicaZones: all"));
  EXPECT_EQ(all.V(w, 1).zones, Bit(0) | Bit(1) | Bit(2));
}

// WaitForFirstConsumer: unbound until its pod is scheduled; then the zone of that node.
TEST(VolumeBinderTest, WaitForFirstConsumerTakesTheZoneOfThePodsNode) {
  Harness h(Provisioned("zonal", "WaitForFirstConsumer", 2, /*cordoned=*/true));
  const uint32_t w = h.Workload("db");
  const uint32_t n = h.Node("n-2");  // in z-b, zone 2
  h.At(0, [&] {
    ASSERT_EQ(h.P(w, 1).phase, PodPhase::kPending);
    EXPECT_FALSE(h.V(w, 1).bound);
    h.m.binder.BindForPod(h.Pod(w, 1), n);
  });
  h.RunUntil(0);
  EXPECT_TRUE(h.V(w, 1).bound);
  EXPECT_EQ(h.V(w, 1).zone, 2u);
  EXPECT_FALSE(h.V(w, 0).bound);

  Harness regional(Provisioned("regional", "WaitForFirstConsumer", 1, /*cordoned=*/true));
  regional.At(0, [&] { regional.m.binder.BindForPod(regional.Pod(w, 0), n); });
  regional.RunUntil(0);
  EXPECT_EQ(regional.V(w, 0).zones, Bit(2) | Bit(0));
}

// A local volume is provisioned on the node its pod was scheduled to, and is "attached" there
// at once (local volumes need no attach).
TEST(VolumeBinderTest, LocalClaimIsPinnedToThePodsNode) {
  Harness h(Provisioned("local", "WaitForFirstConsumer", 1, /*cordoned=*/true));
  const uint32_t w = h.Workload("db");
  const uint32_t n = h.Node("n-1");
  h.At(0, [&] { h.m.binder.BindForPod(h.Pod(w, 0), n); });
  h.RunUntil(0);
  const VolumeState& v = h.V(w, 0);
  EXPECT_TRUE(v.bound);
  EXPECT_EQ(v.pinned_node, n);
  EXPECT_EQ(v.state, VolState::kAttached);
  EXPECT_EQ(v.attached, n);
  EXPECT_EQ(h.m.s.node_local[n], std::vector<uint32_t>{h.Volume(w, 0)});
}

// ---------------------------------------------------------------- pre-created volumes

// A local PersistentVolume of class local-storage on `node`.
std::string Pv(const std::string& name, const std::string& node, const std::string& size,
               const std::string& reclaim = "Delete", const std::string& claim_ref = "") {
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

// Nodes n-0..n-2 (one zone), the no-provisioner class with the volumes `pvs`, and `db` of
// `replicas` with 8Gi claims; nodes cordoned when `cordoned`.
std::string Static(const TempDir& dir, const std::string& pvs, int replicas,
                   bool cordoned = false) {
  const std::string storage = dir.Write("storage.yaml", R"(apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: local-storage
  annotations: {storageclass.kubernetes.io/is-default-class: "true"}
provisioner: kubernetes.io/no-provisioner
volumeBindingMode: WaitForFirstConsumer
)" + pvs);
  return R"(
simulation: {horizon: 10h, replications: 1, seed: 6}
cluster:
  nodePools: [{name: n, count: 3, zones: [zone-a], unschedulable: )" +
         std::string(cordoned ? "true" : "false") + R"(}]
  manifests: )" +
         storage + R"(
workloads:
  - statefulSet: {name: db, replicas: )" +
         std::to_string(replicas) + R"(, podManagementPolicy: Parallel,
                  volumeClaimTemplates: [{name: data, storage: 8Gi}]}
policies: {scheduler: first-fit}
)";
}

std::string PvName(const Harness& h, uint32_t w, int ordinal) {
  const uint32_t pv = h.V(w, ordinal).pv;
  return pv == kNone ? "(none)" : h.scenario().persistent_volumes[pv].name;
}

// FindMatchingVolume: the smallest available volume that fits (capacity, access modes, volume
// mode) and is reachable from the node; among equal sizes, the first by name.
TEST(VolumeBinderTest, ClaimBindsTheSmallestFittingVolumeReachableFromTheNode) {
  TempDir dir;
  Harness h(Static(dir,
                   Pv("pv-big", "n-0", "20Gi") + Pv("pv-tiny", "n-0", "5Gi") +
                       Pv("pv-d", "n-0", "10Gi") + Pv("pv-b", "n-0", "10Gi") +
                       Pv("pv-elsewhere", "n-1", "9Gi"),
                   1, /*cordoned=*/true));
  const uint32_t w = h.Workload("db");
  h.At(0, [&] {
    ASSERT_FALSE(h.V(w, 0).bound);
    h.m.binder.BindForPod(h.Pod(w, 0), h.Node("n-0"));
  });
  h.RunUntil(0);
  EXPECT_TRUE(h.V(w, 0).bound);
  EXPECT_EQ(PvName(h, w, 0), "pv-b");
  // The local volume is pinned to its PersistentVolume's node.
  EXPECT_EQ(h.V(w, 0).pinned_node, h.Node("n-0"));
}

// claimRef: a volume pre-bound to a claim is the only one that claim takes, however large, and
// no other claim takes it. The scheduler's table (VolumeNodes) says where each may go.
TEST(VolumeBinderTest, ClaimRefReservesTheVolumeForItsClaimAlone) {
  TempDir dir;
  Harness h(Static(
      dir, Pv("pv-reserved", "n-1", "50Gi", "Delete", "data-db-0") + Pv("pv-small", "n-0", "10Gi"),
      2, /*cordoned=*/true));
  const uint32_t w = h.Workload("db");
  h.RunUntil(0);
  // VolumeNodes' table is valid until its next call: read each at once.
  const uint8_t* zero = h.m.binder.VolumeNodes(h.Volume(w, 0), /*unbound=*/true);
  ASSERT_NE(zero, nullptr);
  EXPECT_EQ(zero[h.Node("n-0")], 0);
  EXPECT_EQ(zero[h.Node("n-1")], 1);
  const uint8_t* one = h.m.binder.VolumeNodes(h.Volume(w, 1), /*unbound=*/true);
  ASSERT_NE(one, nullptr);
  EXPECT_EQ(one[h.Node("n-0")], 1);
  EXPECT_EQ(one[h.Node("n-1")], 0);
  h.At(h.m.s.sim.now(), [&] {
    h.m.binder.BindForPod(h.Pod(w, 0), h.Node("n-1"));
    h.m.binder.BindForPod(h.Pod(w, 1), h.Node("n-0"));
  });
  h.RunUntil(1);
  EXPECT_EQ(PvName(h, w, 0), "pv-reserved");
  EXPECT_EQ(PvName(h, w, 1), "pv-small");
}

// A released volume (its claim deleted) under persistentVolumeReclaimPolicy Delete is offered
// again, and the replica left without one is scheduled onto it; under Retain it stays out of
// use.
TEST(VolumeBinderTest, ReleasedVolumeIsOfferedAgainUnderDeleteAndNeverUnderRetain) {
  for (const std::string reclaim : {"Delete", "Retain"}) {
    TempDir dir;
    Harness h(Static(dir, Pv("pv-only", "n-2", "10Gi", reclaim), 2));
    const uint32_t w = h.Workload("db");
    h.RunUntil(0);
    ASSERT_EQ(PvName(h, w, 0), "pv-only") << reclaim;
    ASSERT_EQ(h.P(w, 1).phase, PodPhase::kPending) << reclaim;
    const uint8_t* before = h.m.binder.VolumeNodes(h.Volume(w, 1), true);
    ASSERT_NE(before, nullptr);
    EXPECT_EQ(before[h.Node("n-2")], 0) << reclaim;

    h.At(kHour, [&] { h.m.binder.ReleaseClaim(h.Volume(w, 0)); });
    h.RunUntil(kHour);
    EXPECT_EQ(h.V(w, 0).pv, kNone);
    const uint8_t* after = h.m.binder.VolumeNodes(h.Volume(w, 1), true);
    ASSERT_NE(after, nullptr);
    EXPECT_EQ(after[h.Node("n-2")], reclaim == "Delete" ? 1 : 0) << reclaim;
    h.At(2 * kHour, [&] { h.m.queue.RetryPending(); });
    h.RunUntil(2 * kHour);
    if (reclaim == "Delete") {
      EXPECT_EQ(h.P(w, 1).node, h.Node("n-2"));
      EXPECT_EQ(PvName(h, w, 1), "pv-only");
    } else {
      EXPECT_EQ(h.P(w, 1).phase, PodPhase::kPending);
    }
  }
}

}  // namespace
}  // namespace clustersim
