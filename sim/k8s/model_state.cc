#include "k8s/model_state.h"

#include "k8s/streams.h"

namespace clustersim {

ModelState::ModelState(const ModelTables& t, uint64_t seed_in, uint64_t replication_in,
                       ModelObserver* observer_in, bool trace_in, Simulator& simulator)
    : tables(t),
      sc(t.sc),
      k8s(t.sc.kubernetes),
      seed(seed_in),
      replication(replication_in),
      observer(observer_in),
      trace(trace_in),
      sim(simulator) {
  sim.Reset();
  const size_t n = t.node_names.size();
  nodes.resize(n);
  for (uint32_t i = 0; i < n; ++i) {
    nodes[i].zone = t.node_zone[i];
    Rng hb = Stream(StreamId(StreamKind::kHeartbeatPhase, i));
    nodes[i].heartbeat_phase = static_cast<SimTime>(hb.Below(k8s.node_lease_renew_interval));
  }
  sched_nodes = t.sched_nodes;
  up_cap_cpu = t.cap_cpu;
  up_cap_mem = t.cap_mem;
  node_local.resize(n);
  workloads.resize(sc.workloads.size());
  for (uint32_t w = 0; w < sc.workloads.size(); ++w) {
    const Workload& spec = sc.workloads[w];
    WorkloadState& ws = workloads[w];
    ws.nodes.reserve(2 * spec.replicas + 2);
    ws.live_nodes.reserve(spec.replicas + 2);
    if (spec.kind == WorkloadKind::kStatefulSet) {
      ws.slots.assign(spec.replicas, kNone);
      ws.clocks.assign(spec.replicas, ReplicaClock{});
      // A new StatefulSet's data set is empty: every volume holds all of it.
      if (!spec.claims.empty()) ws.holders = spec.replicas;
    }
  }
  volumes.resize(t.volumes.size());
  for (size_t v = 0; v < volumes.size(); ++v) {
    volumes[v].storage_class = t.volumes[v].storage_class;
    volumes[v].kind = t.volumes[v].kind;
    volumes[v].ordinal = t.volumes[v].ordinal;
    volumes[v].workload = t.volumes[v].workload;
  }
  pods.reserve(t.total_pods + 16);
  counters.pending_us.assign(sc.workloads.size(), 0);
  counters.recovery_cause_us.assign(sc.workloads.size(), {});
  counters.replica_recoveries.assign(sc.workloads.size(), 0);
}

}  // namespace clustersim
