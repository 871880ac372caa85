// ReplicaData (sim/k8s/controllers/replica_data.h) on its own: the data set a StatefulSet
// replica's volume holds. An empty volume is filled by an init container before the containers
// start, from a live peer at the rebuild bandwidth (the MySQL tutorial's clone-mysql step with
// xtrabackup, a Cassandra bootstrap) or from the last backup (restore-from-backup); with no live
// peer it waits for one; with no copy left anywhere the data set is lost, counted once, and the
// next replica starts it afresh; with backups, what was written since the last one is lost.
// docs/semantics.md, section 11.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "k8s/controllers/controller_harness.h"

namespace clustersim {
namespace {

using testing::Harness;
using testing::Match;

constexpr SimTime kT = kHour;
// 10Gi at 100Mi/s.
constexpr SimTime kCopy = 102400 * kMillisecond;

// Three replicas of `db`, one per node, on local volumes; 10Gi of data, copied from a peer at
// 100Mi/s; ready 10 s after the containers start. `recovery` is policies.recovery.
std::string Scenario(const std::string& recovery = "auto") {
  return R"(
simulation: {horizon: 10h, replications: 1, seed: 8}
cluster:
  nodePools: [{name: n, count: 3, zones: [zone-a]}]
storageClasses:
  - {name: local, kind: local, default: true}
workloads:
  - statefulSet:
      name: db
      replicas: 3
      podManagementPolicy: Parallel
      podAntiAffinity: required
      volumeClaimTemplates: [{name: data, storage: 10Gi}]
    app: {startup: 10s, dataSize: 10Gi, rebuild: {from: peers, bandwidth: 100Mi/s}}
policies: {scheduler: first-fit, recovery: )" +
         recovery + "}\n";
}

// db-0's volume loses its data and its containers stop (as after a replaced claim); so do the
// peers' containers, their volumes keeping the data. Then the kubelet starts db-0.
void EmptyVolumeWithoutLivePeers(Harness& h, uint32_t w) {
  h.At(kT, [&h, w] {
    for (int o = 0; o < 3; ++o) h.m.kubelet.StopPod(h.Pod(w, o));
    h.m.data.LoseData(h.Volume(w, 0));
    EXPECT_EQ(h.m.s.workloads[w].holders, 2);
    h.m.data.BeginFill(h.Pod(w, 0));
  });
}

// With no live replica to copy from (but copies on the peers' volumes), the pod waits; once a
// peer is ready the copy starts, takes dataSize / bandwidth, and the containers start after it.
TEST(ReplicaDataTest, EmptyVolumeWaitsForALivePeer) {
  Harness h(Scenario());
  const uint32_t w = h.Workload("db");
  EmptyVolumeWithoutLivePeers(h, w);
  h.At(kT + kHour, [&] { h.m.kubelet.StartApp(h.Pod(w, 1)); });
  h.RunUntil(kT + kHour - 1);
  EXPECT_EQ(h.P(w, 0).phase, PodPhase::kWaitingPeer);
  EXPECT_EQ(h.m.s.workloads[w].waiting_peer, std::vector<uint32_t>{h.Pod(w, 0)});
  EXPECT_EQ(h.Count({.kind = TraceKind::kPodCopyingData}), 0);
  EXPECT_EQ(h.m.s.counters.data_loss_events, 0);

  const SimTime peer = kT + kHour + 10 * kSecond;
  h.RunUntil(peer + kCopy + kMinute);
  EXPECT_EQ(h.Times({.kind = TraceKind::kPodCopyingData, .workload = w, .ordinal = 0}),
            std::vector<SimTime>{peer});
  EXPECT_EQ(h.Times({.kind = TraceKind::kPodStarting, .workload = w, .ordinal = 0, .from = kT}),
            std::vector<SimTime>{peer + kCopy});
  EXPECT_EQ(h.Times({.kind = TraceKind::kPodReady, .workload = w, .ordinal = 0, .from = kT}),
            std::vector<SimTime>{peer + kCopy + 10 * kSecond});
  EXPECT_TRUE(h.V(w, 0).has_data);
  EXPECT_EQ(h.m.s.workloads[w].holders, 3);
}

// The last copy gone: the workload has lost its data (once), and a replica with an empty volume
// starts the data set afresh, without a copy.
TEST(ReplicaDataTest, WithNoCopyLeftTheDataIsLostAndTheReplicaStartsAfresh) {
  Harness h(Scenario());
  const uint32_t w = h.Workload("db");
  h.At(kT, [&] {
    for (int o = 0; o < 3; ++o) {
      h.m.kubelet.StopPod(h.Pod(w, o));
      h.m.data.LoseData(h.Volume(w, o));
    }
    h.m.data.BeginFill(h.Pod(w, 0));
  });
  h.RunUntil(kT + kMinute);
  EXPECT_EQ(h.m.s.counters.data_loss_events, 1);
  EXPECT_EQ(h.Times({.kind = TraceKind::kDataLoss, .workload = w}), std::vector<SimTime>{kT});
  ASSERT_EQ(h.rec.losses.size(), 1u);
  EXPECT_EQ(h.rec.losses[0].time, kT);
  EXPECT_EQ(h.rec.losses[0].lost_writes, -1);  // no backups: all of it
  EXPECT_EQ(h.Count({.kind = TraceKind::kPodCopyingData}), 0);
  EXPECT_EQ(h.Times({.kind = TraceKind::kPodStarting, .workload = w, .from = kT}),
            std::vector<SimTime>{kT});
  EXPECT_TRUE(h.V(w, 0).has_data);
  EXPECT_EQ(h.m.s.workloads[w].holders, 1);
}

// A replica waiting for a peer when the last copy goes starts afresh then.
TEST(ReplicaDataTest, ReplicaWaitingForAPeerStartsAfreshWhenTheLastCopyGoes) {
  Harness h(Scenario());
  const uint32_t w = h.Workload("db");
  EmptyVolumeWithoutLivePeers(h, w);
  h.At(kT + kHour, [&] {
    h.m.data.LoseData(h.Volume(w, 1));
    EXPECT_EQ(h.m.s.counters.data_loss_events, 0);
    h.m.data.LoseData(h.Volume(w, 2));
  });
  h.RunUntil(kT + 2 * kHour);
  EXPECT_EQ(h.m.s.counters.data_loss_events, 1);
  EXPECT_EQ(h.Times({.kind = TraceKind::kPodStarting, .workload = w, .ordinal = 0, .from = kT}),
            std::vector<SimTime>{kT + kHour});
  EXPECT_EQ(h.Count({.kind = TraceKind::kPodCopyingData}), 0);
}

// restore-from-backup: the fill comes from the backup at the policy's bandwidth and needs no
// live peer.
TEST(ReplicaDataTest, FillFromTheBackupNeedsNoPeer) {
  Harness h(Scenario("{name: restore-from-backup, interval: 1h, bandwidth: 200Mi/s}"));
  const uint32_t w = h.Workload("db");
  EmptyVolumeWithoutLivePeers(h, w);
  h.RunUntil(kT + kHour);
  EXPECT_EQ(h.Times({.kind = TraceKind::kPodCopyingData, .workload = w}), std::vector<SimTime>{kT});
  EXPECT_EQ(h.Times({.kind = TraceKind::kPodStarting, .workload = w, .from = kT}),
            std::vector<SimTime>{kT + kCopy / 2});
}

// With backups every interval from the workload's phase, a data loss loses the writes since the
// last backup; before the first one, everything since the start.
TEST(ReplicaDataTest, DataLossLosesTheWritesSinceTheLastBackup) {
  for (const SimTime loss : {2 * kHour + 10 * kMinute, 10 * kMinute}) {
    Harness h(Scenario("{name: restore-from-backup, interval: 1h, bandwidth: 200Mi/s}"));
    const uint32_t w = h.Workload("db");
    h.m.s.workloads[w].backup_phase = 20 * kMinute;  // backups at 0h20, 1h20, 2h20, ...
    h.At(loss, [&] {
      for (int o = 0; o < 3; ++o) h.m.data.LoseData(h.Volume(w, o));
    });
    h.RunUntil(loss);
    ASSERT_EQ(h.rec.losses.size(), 1u);
    EXPECT_EQ(h.rec.losses[0].lost_writes, loss == 10 * kMinute ? loss : 50 * kMinute);
  }
}

// A pod that stops during the copy starts it again from nothing when it restarts.
TEST(ReplicaDataTest, CopyInterruptedByAStopStartsOverOnTheRestart) {
  Harness h(Scenario());
  const uint32_t w = h.Workload("db");
  h.At(kT, [&] {
    h.m.kubelet.StopPod(h.Pod(w, 0));
    h.m.data.LoseData(h.Volume(w, 0));
    h.m.data.BeginFill(h.Pod(w, 0));  // peers 1 and 2 are ready: the copy starts
    EXPECT_EQ(h.P(w, 0).phase, PodPhase::kCopying);
  });
  h.At(kT + kMinute, [&] { h.m.kubelet.StopPod(h.Pod(w, 0)); });
  h.At(kT + 10 * kMinute, [&] { h.m.kubelet.StartOnNode(h.Pod(w, 0)); });
  h.RunUntil(kT + kHour);
  EXPECT_EQ(h.Times({.kind = TraceKind::kPodCopyingData, .workload = w}),
            (std::vector<SimTime>{kT, kT + 10 * kMinute}));
  EXPECT_EQ(h.Times({.kind = TraceKind::kPodStarting, .workload = w, .from = kT}),
            std::vector<SimTime>{kT + 10 * kMinute + kCopy});
}

}  // namespace
}  // namespace clustersim
