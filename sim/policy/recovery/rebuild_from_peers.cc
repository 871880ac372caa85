// `rebuild-from-peers`: `after` after a node is marked NotReady (or its disk fails), its claims
// are deleted with their pods; the StatefulSet controller recreates both, and each replica
// starts on a new, empty volume that an init container fills from a live peer at `bandwidth`
// (else the workload's app.rebuild bandwidth), as the MySQL StatefulSet tutorial's clone step
// or a Cassandra bootstrap does (docs/semantics.md, section 11).
#include "clustersim/scenario/scenario.h"
#include "policy/recovery/builtin.h"

namespace clustersim::recovery {

PolicyParam ReplaceAfterParam() {
  return {"after", PolicyParamKind::kDuration, "0s", false,
          "from NotReady (or a disk failure) to the deletion of the node's claims"};
}

RecoveryPolicyInfo RebuildFromPeers() {
  RecoveryPolicyInfo info;
  info.name = "rebuild-from-peers";
  info.summary = "replace an unreachable node's volumes after `after`, copy from a peer";
  info.params = {ReplaceAfterParam(),
                 {"bandwidth", PolicyParamKind::kBandwidth, "", false,
                  "copy speed (default: each workload's app.rebuild.bandwidth)"}};
  info.analyze_why_not = "moves or refills data";
  info.make = [](const PolicyArgs& a) {
    return std::make_unique<ReplaceVolumesAfter>(
        a.Duration("after"), VolumeFill{VolumeFill::Source::kPeer, a.Number("bandwidth")}, 0);
  };
  info.check = [](const PolicyArgs& a, const Scenario& s) {
    std::vector<std::string> problems;
    if (a.Has("bandwidth")) return problems;
    for (const Workload& w : s.workloads) {
      if (w.claims.empty() || w.claims[0].storage_class < 0 || w.app.rebuild_bandwidth != 0) {
        continue;
      }
      problems.push_back("rebuild-from-peers needs 'bandwidth' here or app.rebuild for workload '" +
                         w.name + "'");
      break;
    }
    return problems;
  };
  return info;
}

}  // namespace clustersim::recovery
