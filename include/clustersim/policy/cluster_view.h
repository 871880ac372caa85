// What failover and recovery policies see of the cluster when they decide: the Node objects as
// the API server shows them to a controller (the Ready condition, taints, spec.unschedulable),
// never the simulator's ground truth (whether the machine is really down). A real remediation
// controller (kube-controller-manager, the medik8s Node Health Check operator, a cloud's node
// auto-repair) sees the same. Views are read-only and valid only during the call that passes
// them; a policy keeps node ids, never references into a view.
#pragma once

#include <cstdint>
#include <string>

#include "clustersim/core/time.h"

namespace clustersim {

// One Node object.
struct NodeView {
  uint32_t id = 0;
  uint32_t zone = 0;  // index among the cluster's zones (ClusterView::ZoneCount)
  bool ready = true;  // condition Ready is True
  // When the node lifecycle controller last set Ready to Unknown (kNever while Ready).
  SimTime not_ready_since = kNever;
  bool out_of_service = false;  // node.kubernetes.io/out-of-service taint
  bool deleted = false;         // the Node object was deleted
  bool cordoned = false;        // spec.unschedulable
  int pods = 0;                 // pods bound to it (terminating ones included)
};

class ClusterView {
 public:
  virtual ~ClusterView() = default;
  virtual SimTime Now() const = 0;
  virtual uint32_t NodeCount() const = 0;
  virtual uint32_t ZoneCount() const = 0;
  virtual NodeView Node(uint32_t id) const = 0;
  // For messages and traces, not for decisions.
  virtual const std::string& NodeName(uint32_t id) const = 0;
};

// A workload as a recovery policy sees it when one of its replicas needs its data again.
struct WorkloadView {
  uint32_t id = 0;
  int replicas = 0;
  int ready = 0;                 // replicas ready now
  int64_t data_size_bytes = 0;   // app.dataSize
  double rebuild_bandwidth = 0;  // app.rebuild.bandwidth, bytes/s (0: none given)
};

}  // namespace clustersim
