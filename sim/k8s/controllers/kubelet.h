// The kubelet of each node, and the machine it runs on: when a machine stops, its pods' containers
// stop and its lease renewals with them; when it comes back, the kubelet reports Ready, completes
// the deletions it was asked for while away and restarts the other pods in place. A pod bound to
// a node is started by its kubelet: mount the volume (once the attach-detach controller has
// attached a network one), fill an empty volume first (an init container), start the
// containers, ready after the workload's start-up time. A dead disk stops the pods that use its
// local volumes until it is replaced. docs/semantics.md, sections 3, 5.3 and 11.
#pragma once

#include <cstdint>
#include <vector>

#include "k8s/model_state.h"

namespace clustersim {

class Model;

class Kubelet {
 public:
  explicit Kubelet(Model& m);

  // The machine stopped (every failure holding it down is counted by the failure injector).
  void MachineDown(uint32_t n);
  // The machine is back: its kubelet reports Ready.
  void MachineUp(uint32_t n);
  // The node's disk died with its local volumes' data, or was replaced.
  void DiskDown(uint32_t n);
  void DiskUp(uint32_t n);

  // The kubelet takes over a pod bound to its node.
  void StartOnNode(uint32_t id);
  // The volume is usable on the node: an empty one is filled first, then the containers start.
  void StartContainers(uint32_t id);
  void StartApp(uint32_t id);
  // kPodReady: the containers passed readiness.
  void PodReady(uint32_t id);
  // The containers stop (node down, disk gone) or the pod goes away: it is no longer ready.
  void StopPod(uint32_t id);

 private:
  Model& m_;
  ModelState& s_;
  std::vector<Rng> startup_rng_;  // per workload
};

}  // namespace clustersim
