// One replication's model: the state (model_state.h) and the controllers that act on it, each
// in its own file under controllers/ and named after the Kubernetes component it models. The
// controllers call each other directly (no virtual call, no std::function on the event path);
// ClusterModel (the public face, cluster_model.cc) dispatches each event to its owner with one
// switch. Policies see the model through the ClusterView it implements: the Node objects as a
// controller sees them.
#pragma once

#include <memory>

#include "clustersim/policy/cluster_view.h"
#include "k8s/controllers/api_server.h"
#include "k8s/controllers/attach_detach_controller.h"
#include "k8s/controllers/failover_actions.h"
#include "k8s/controllers/failure_injector.h"
#include "k8s/controllers/kubectl_drain.h"
#include "k8s/controllers/kubelet.h"
#include "k8s/controllers/leader_election.h"
#include "k8s/controllers/node_lifecycle_controller.h"
#include "k8s/controllers/pod_gc.h"
#include "k8s/controllers/recovery_actions.h"
#include "k8s/controllers/replica_data.h"
#include "k8s/controllers/replicaset_controller.h"
#include "k8s/controllers/scheduling_queue.h"
#include "k8s/controllers/statefulset_controller.h"
#include "k8s/controllers/taint_eviction_controller.h"
#include "k8s/controllers/volume_binder.h"
#include "k8s/model_state.h"
#include "k8s/model_tables.h"

namespace clustersim {

class Model final : public ClusterView {
 public:
  // `tables` are the scenario's (ModelTables); `simulator` is reset and used.
  Model(std::shared_ptr<const ModelTables> tables, uint64_t seed, uint64_t replication,
        ModelObserver* observer, bool trace, Simulator& simulator);
  Model(const Model&) = delete;
  Model& operator=(const Model&) = delete;

  // Places the workloads at time 0 and schedules every failure, drain and traced outage.
  void Start();
  void Dispatch(const Event& e);
  void RunUntil(SimTime end);

  // ClusterView.
  SimTime Now() const override { return s.sim.now(); }
  uint32_t NodeCount() const override { return static_cast<uint32_t>(s.nodes.size()); }
  uint32_t ZoneCount() const override { return static_cast<uint32_t>(s.tables.zone_names.size()); }
  NodeView Node(uint32_t id) const override;
  const std::string& NodeName(uint32_t id) const override { return s.tables.node_names[id]; }

  const std::shared_ptr<const ModelTables> tables;
  ModelState s;
  // Declared (and so built) in this order; each takes references to the others it calls,
  // used only once the model runs.
  ApiServer api;
  SchedulingQueue queue;
  VolumeBinder binder;
  Kubelet kubelet;
  NodeLifecycleController node_lifecycle;
  TaintEvictionController taint_eviction;
  PodGc pod_gc;
  AttachDetachController attach_detach;
  ReplicaData data;
  StatefulSetController statefulsets;
  ReplicaSetController replicasets;
  KubectlDrain drain;
  LeaderElection leaders;
  FailureInjector failures;
  FailoverActions failover;
  RecoveryActions recovery;
  bool started = false;
};

}  // namespace clustersim
