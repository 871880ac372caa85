#include "k8s/controllers/scripted_policies.h"

#include <gtest/gtest.h>

#include <memory>

#include "clustersim/policy/policy_registry.h"

namespace clustersim::testing {

std::function<FailoverDecision(const ScriptedFailover::Call&)> ScriptedFailover::decide;
std::vector<ScriptedFailover::Call> ScriptedFailover::calls;

std::function<RecoveryDecision(const ScriptedRecovery::Call&)> ScriptedRecovery::decide;
bool ScriptedRecovery::pod_stays_with_volume = false;
SimTime ScriptedRecovery::backup_interval = 0;
VolumeFill ScriptedRecovery::fill;
std::vector<ScriptedRecovery::Call> ScriptedRecovery::calls;
std::vector<WorkloadView> ScriptedRecovery::fills;

void ScriptedFailover::Reset() {
  decide = nullptr;
  calls.clear();
}

void ScriptedRecovery::Reset() {
  decide = nullptr;
  pod_stays_with_volume = false;
  backup_interval = 0;
  fill = VolumeFill{};
  calls.clear();
  fills.clear();
}

namespace {

class Failover final : public FailoverPolicy {
 public:
  FailoverDecision OnNodeNotReady(const ClusterView& cluster, uint32_t node) override {
    return Ask(cluster, node, false);
  }
  FailoverDecision OnRecheck(const ClusterView& cluster, uint32_t node) override {
    return Ask(cluster, node, true);
  }

 private:
  static FailoverDecision Ask(const ClusterView& cluster, uint32_t node, bool recheck) {
    ScriptedFailover::calls.push_back({cluster.Now(), node, recheck, cluster.Node(node)});
    if (!ScriptedFailover::decide) return FailoverDecision::Nothing();
    return ScriptedFailover::decide(ScriptedFailover::calls.back());
  }
};

class Recovery final : public RecoveryPolicy {
 public:
  // Read once, when the model is built (RecoveryActions' constructor).
  bool PodStaysWithVolume() const override { return ScriptedRecovery::pod_stays_with_volume; }
  SimTime BackupInterval() const override { return ScriptedRecovery::backup_interval; }
  RecoveryDecision OnTrigger(const ClusterView& cluster, uint32_t node,
                             RecoveryTrigger why) override {
    return Ask(cluster, node, why, false);
  }
  RecoveryDecision OnRecheck(const ClusterView& cluster, uint32_t node,
                             RecoveryTrigger why) override {
    return Ask(cluster, node, why, true);
  }
  VolumeFill OnEmptyVolume(const WorkloadView& workload) const override {
    ScriptedRecovery::fills.push_back(workload);
    return ScriptedRecovery::fill;
  }

 private:
  static RecoveryDecision Ask(const ClusterView& cluster, uint32_t node, RecoveryTrigger why,
                              bool recheck) {
    ScriptedRecovery::calls.push_back({cluster.Now(), node, why, recheck});
    if (!ScriptedRecovery::decide) return RecoveryDecision::Nothing();
    return ScriptedRecovery::decide(ScriptedRecovery::calls.back());
  }
};

}  // namespace

void RegisterScriptedPolicies() {
  static const bool registered = [] {
    FailoverPolicyInfo f;
    f.name = "scripted";
    f.summary = "controller tests: answers what the test scripted";
    f.make = [](const PolicyArgs&) { return std::make_unique<Failover>(); };
    EXPECT_TRUE(RegisterFailoverPolicy(std::move(f)).ok());
    RecoveryPolicyInfo r;
    r.name = "scripted";
    r.summary = "controller tests: answers what the test scripted";
    r.make = [](const PolicyArgs&) { return std::make_unique<Recovery>(); };
    EXPECT_TRUE(RegisterRecoveryPolicy(std::move(r)).ok());
    return true;
  }();
  (void)registered;
  ScriptedFailover::Reset();
  ScriptedRecovery::Reset();
}

}  // namespace clustersim::testing
