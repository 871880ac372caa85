// The built-in scheduler plugins' registry rows (plugin_registry.cc lists them in
// default_plugins.go's order), each defined in the file named after the plugin, with its class
// and factories in that one translation unit: FilterEach/ScoreEach inline the per-node call only
// where the class is instantiated.
#pragma once

#include <memory>

#include "clustersim/policy/registry.h"

namespace clustersim::plugins {

SchedulerPluginInfo NodeUnschedulableInfo();                // node_unschedulable.cc
SchedulerPluginInfo NodeNameInfo();                         // node_name.cc
SchedulerPluginInfo TaintTolerationInfo();                  // taint_toleration.cc
SchedulerPluginInfo NodeAffinityInfo();                     // node_affinity.cc
SchedulerPluginInfo NodePortsInfo();                        // node_ports.cc
SchedulerPluginInfo NodeResourcesFitInfo();                 // node_resources_fit.cc
SchedulerPluginInfo VolumeRestrictionsInfo();               // volume_restrictions.cc
SchedulerPluginInfo VolumeBindingInfo();                    // volume_binding.cc
SchedulerPluginInfo VolumeZoneInfo();                       // volume_zone.cc
SchedulerPluginInfo PodTopologySpreadInfo();                // pod_topology_spread.cc
SchedulerPluginInfo InterPodAffinityInfo();                 // inter_pod_affinity.cc
SchedulerPluginInfo NodeResourcesBalancedAllocationInfo();  // node_resources_balanced_allocation.cc
SchedulerPluginInfo ImageLocalityInfo();                    // image_locality.cc
SchedulerPluginInfo VolumeLocalityInfo();                   // volume_locality.cc

// The `random` profile's only score (random_score.cc). Not a row: it belongs to that profile
// and has nothing to weigh.
std::unique_ptr<ScorePlugin> NewRandomScore();

}  // namespace clustersim::plugins
