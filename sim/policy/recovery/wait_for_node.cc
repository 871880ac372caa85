// `wait-for-node`: a volume stays with its node, and so must its pod: a replacement pod may run
// only where its network volume is still attached (the node it waits for), as an operator
// who never moves a replica's storage would have it.
#include "policy/recovery/builtin.h"

namespace clustersim::recovery {
namespace {

class WaitForNodePolicy final : public RecoveryPolicy {
 public:
  bool PodStaysWithVolume() const override { return true; }
};

}  // namespace

RecoveryPolicyInfo WaitForNode() {
  RecoveryPolicyInfo info;
  info.name = "wait-for-node";
  info.summary = "a pod waits for the node its volume is attached to";
  info.analyze_reduces = true;
  info.make = [](const PolicyArgs&) { return std::make_unique<WaitForNodePolicy>(); };
  return info;
}

}  // namespace clustersim::recovery
