// An out-of-tree failover policy and the clustersim command that knows it, in one file: the
// medik8s Node Health Check operator (NHC) with Self Node Remediation (SNR) as its remediator.
// Nothing of the library changes to add it; docs/writing-policies.md explains every step.
//
// What it models, with each default and its source:
// - NHC watches the nodes' conditions; a node whose Ready condition has been Unknown (or False)
//   for `unhealthyFor` is unhealthy. Default 300 s: the unhealthyConditions of NHC's default
//   NodeHealthCheck (medik8s/node-healthcheck-operator README; OpenShift "Remediating nodes with
//   Node Health Checks").
// - NHC remediates only while at least `minHealthy` of the nodes it selects are healthy (it
//   skips remediation otherwise, event RemediationSkipped). Default 51% (the same CR), read as
//   upstream does, rounded up: ceil(0.51 x nodes).
// - NHC then creates a SelfNodeRemediation: the unhealthy node fences itself by rebooting
//   (watchdog or software reboot), and the healthy peers wait `safeTimeToAssumeRebooted` for that
//   to have happened. Default 180 s: safeTimeToAssumeNodeRebootedSeconds in SNR's documented
//   SelfNodeRemediationConfig (the operator raises it to a minimum computed from its API and
//   peer timeouts and the watchdog timeout).
// - With the OutOfServiceTaint remediation strategy, SNR then puts the
//   node.kubernetes.io/out-of-service taint on the node, so that PodGC deletes its pods and the
//   attach-detach controller detaches their volumes at once (non-graceful node shutdown); the
//   taint goes when the node is healthy again.
// - `recheckEvery` (default 30 s) is clustersim's assumption, not NHC's: how soon NHC looks again
//   when minHealthy held remediation back (NHC itself re-evaluates on node updates and requeues).
// In the model a NotReady node is a machine that stopped, so its self-reboot changes nothing
// observable: the node returns when its repair ends.
#include <cmath>
#include <cstdio>
#include <memory>
#include <vector>

#include "clustersim/cli/command_line.h"
#include "clustersim/policy/policy_registry.h"

namespace {

using clustersim::ClusterView;
using clustersim::FailoverAction;
using clustersim::FailoverDecision;
using clustersim::FailoverPolicy;
using clustersim::FailoverPolicyInfo;
using clustersim::PolicyArgs;
using clustersim::PolicyParamKind;
using clustersim::SimTime;

class NodeHealthCheck final : public FailoverPolicy {
 public:
  explicit NodeHealthCheck(const PolicyArgs& a)
      : unhealthy_for_(a.Duration("unhealthyFor")),
        min_healthy_(a.Number("minHealthy")),
        safe_time_(a.Duration("safeTimeToAssumeRebooted")),
        recheck_every_(a.Duration("recheckEvery")) {}

  void Begin(const ClusterView& cluster) override { fencing_.assign(cluster.NodeCount(), false); }

  // Ready is Unknown from now: unhealthy once that has lasted unhealthyFor.
  FailoverDecision OnNodeNotReady(const ClusterView&, uint32_t node) override {
    fencing_[node] = false;
    return FailoverDecision::Recheck(unhealthy_for_);
  }

  FailoverDecision OnRecheck(const ClusterView& cluster, uint32_t node) override {
    if (fencing_[node]) {
      // SNR assumes the node has rebooted: the out-of-service taint moves its workloads.
      fencing_[node] = false;
      return FailoverDecision::Act(FailoverAction::kTaintOutOfService);
    }
    if (!EnoughHealthy(cluster)) return FailoverDecision::Recheck(recheck_every_);
    // NHC creates the SelfNodeRemediation; the node reboots itself, its peers wait.
    fencing_[node] = true;
    return FailoverDecision::Recheck(safe_time_);
  }

 private:
  bool EnoughHealthy(const ClusterView& cluster) const {
    uint32_t healthy = 0;
    for (uint32_t n = 0; n < cluster.NodeCount(); ++n) healthy += cluster.Node(n).ready ? 1 : 0;
    const double needed = std::ceil(min_healthy_ * cluster.NodeCount() - 1e-9);
    return healthy >= needed;
  }

  SimTime unhealthy_for_;
  double min_healthy_;
  SimTime safe_time_;
  SimTime recheck_every_;
  std::vector<bool> fencing_;  // per node: SNR is waiting for it to have rebooted
};

FailoverPolicyInfo NodeHealthCheckInfo() {
  FailoverPolicyInfo info;
  info.name = "node-health-check";
  info.summary = "medik8s Node Health Check with Self Node Remediation (out-of-service taint)";
  info.params = {
      {"unhealthyFor", PolicyParamKind::kDuration, "300s", false,
       "how long Ready must be Unknown before NHC remediates (NHC's default CR)", true},
      {"minHealthy", PolicyParamKind::kFraction, "51%", false,
       "NHC remediates only while this share of the nodes is healthy (NHC's default CR)"},
      {"safeTimeToAssumeRebooted", PolicyParamKind::kDuration, "180s", false,
       "SNR's wait for the node's self-reboot (SelfNodeRemediationConfig)"},
      {"recheckEvery", PolicyParamKind::kDuration, "30s", false,
       "how soon NHC looks again when minHealthy held it back (clustersim's assumption)", true},
  };
  info.make = [](const PolicyArgs& a) { return std::make_unique<NodeHealthCheck>(a); };
  return info;
}

}  // namespace

int main(int argc, char** argv) {
  const clustersim::Status registered = clustersim::RegisterFailoverPolicy(NodeHealthCheckInfo());
  if (!registered.ok()) {
    std::fprintf(stderr, "custom-policy-example: %s\n", registered.message().c_str());
    return 1;
  }
  return clustersim::CommandLineMain(argc, argv);
}
