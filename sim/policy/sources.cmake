# Sources of the policy module: the scheduling framework, its plugin registry and profiles, the
# plugins (one file each), and the failover and recovery policies with their registry.
set(_policy ${CMAKE_CURRENT_LIST_DIR})
list(APPEND CLUSTERSIM_SOURCES
     ${_policy}/scheduler.cc
     ${_policy}/plugin_registry.cc
     ${_policy}/profiles.cc
     ${_policy}/plugins/node_unschedulable.cc
     ${_policy}/plugins/node_name.cc
     ${_policy}/plugins/taint_toleration.cc
     ${_policy}/plugins/node_affinity.cc
     ${_policy}/plugins/node_ports.cc
     ${_policy}/plugins/node_resources_fit.cc
     ${_policy}/plugins/volume_restrictions.cc
     ${_policy}/plugins/volume_binding.cc
     ${_policy}/plugins/volume_zone.cc
     ${_policy}/plugins/pod_topology_spread.cc
     ${_policy}/plugins/inter_pod_affinity.cc
     ${_policy}/plugins/node_resources_balanced_allocation.cc
     ${_policy}/plugins/image_locality.cc
     ${_policy}/plugins/volume_locality.cc
     ${_policy}/plugins/random_score.cc
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
