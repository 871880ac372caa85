# Sources of the policy module: the scheduling framework and its plugins, and the failover and
# recovery policies with their registry.
set(_policy ${CMAKE_CURRENT_LIST_DIR})
list(APPEND CLUSTERSIM_SOURCES
     ${_policy}/scheduler.cc
     ${_policy}/default_plugins.cc
     ${_policy}/scoring.cc
     ${_policy}/pod_spec.cc
     ${_policy}/pod_groups.cc
     ${_policy}/policy_registry.cc
     ${_policy}/failover/kubernetes.cc
     ${_policy}/failover/force_delete.cc
     ${_policy}/failover/out_of_service.cc
     ${_policy}/failover/replace_node.cc
     ${_policy}/recovery/auto.cc
     ${_policy}/recovery/reattach.cc
     ${_policy}/recovery/wait_for_node.cc
     ${_policy}/recovery/rebuild_from_peers.cc
     ${_policy}/recovery/restore_from_backup.cc)
