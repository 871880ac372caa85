# Sources of the k8s module: the model's state and tables, one file per controller, and the
# public ClusterModel that dispatches events to them.
set(_k8s ${CMAKE_CURRENT_LIST_DIR})
list(APPEND CLUSTERSIM_SOURCES
     ${_k8s}/cluster_model.cc
     ${_k8s}/model_state.cc
     ${_k8s}/model_tables.cc
     ${_k8s}/observer.cc
     ${_k8s}/topology.cc
     ${_k8s}/controllers/api_server.cc
     ${_k8s}/controllers/attach_detach_controller.cc
     ${_k8s}/controllers/failover_actions.cc
     ${_k8s}/controllers/failure_injector.cc
     ${_k8s}/controllers/kubectl_drain.cc
     ${_k8s}/controllers/kubelet.cc
     ${_k8s}/controllers/leader_election.cc
     ${_k8s}/controllers/node_lifecycle_controller.cc
     ${_k8s}/controllers/pod_gc.cc
     ${_k8s}/controllers/recovery_actions.cc
     ${_k8s}/controllers/replica_data.cc
     ${_k8s}/controllers/replicaset_controller.cc
     ${_k8s}/controllers/scheduling_queue.cc
     ${_k8s}/controllers/statefulset_controller.cc
     ${_k8s}/controllers/taint_eviction_controller.cc
     ${_k8s}/controllers/volume_binder.cc)
