// The taint eviction controller (pkg/controller/tainteviction, the NoExecuteTaintManager before
// v1.29): when a node gets the unreachable:NoExecute taint, each pod on it is deleted (gracefully)
// once its toleration of that taint runs out: every pod has the API server's default toleration
// of defaultTolerationSeconds (300 s, DefaultTolerationSeconds admission), and a pod that
// tolerates the taint without tolerationSeconds stays bound forever. docs/semantics.md,
// section 4.
#pragma once

#include <cstdint>

#include "k8s/model_state.h"

namespace clustersim {

class Model;

class TaintEvictionController {
 public:
  explicit TaintEvictionController(Model& m);
  // The node was just tainted unreachable:NoExecute.
  void OnNodeTainted(uint32_t n);
  // kNodeEvict: the tolerations ran out.
  void NodeEvict(uint32_t n);

 private:
  Model& m_;
  ModelState& s_;
};

}  // namespace clustersim
