// The failover and recovery policy registries: the built-in rows, what registration refuses, and
// the decisions of the built-in policies (each row's factory with its defaults).
#include "clustersim/policy/policy_registry.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace clustersim {
namespace {

template <typename Rows>
std::vector<std::string> Names(const Rows& rows) {
  std::vector<std::string> names;
  for (const auto& r : rows) names.push_back(r.name);
  return names;
}

TEST(PolicyRegistryTest, BuiltInsComeFirstInTheDocumentedOrder) {
  const std::vector<std::string> failover = Names(FailoverPolicies());
  ASSERT_GE(failover.size(), 4u);
  EXPECT_EQ(
      std::vector<std::string>(failover.begin(), failover.begin() + 4),
      (std::vector<std::string>{"kubernetes", "force-delete", "out-of-service", "replace-node"}));
  const std::vector<std::string> recovery = Names(RecoveryPolicies());
  ASSERT_GE(recovery.size(), 5u);
  EXPECT_EQ(std::vector<std::string>(recovery.begin(), recovery.begin() + 5),
            (std::vector<std::string>{"auto", "reattach", "wait-for-node", "rebuild-from-peers",
                                      "restore-from-backup"}));
  EXPECT_NE(FindFailoverPolicy(kDefaultFailoverPolicy), nullptr);
  EXPECT_NE(FindRecoveryPolicy(kDefaultRecoveryPolicy), nullptr);
  EXPECT_EQ(FindFailoverPolicy("no-such-policy"), nullptr);
}

TEST(PolicyRegistryTest, AnalyzeReducesOnlyWhatItWasShownTo) {
  for (const auto& r : FailoverPolicies()) {
    EXPECT_EQ(r.analyze_reduces, r.name != "replace-node") << r.name;
    if (!r.analyze_reduces) {
      EXPECT_FALSE(r.analyze_why_not.empty()) << r.name;
    }
  }
  for (const auto& r : RecoveryPolicies()) {
    EXPECT_EQ(r.analyze_reduces, r.name == "auto" || r.name == "wait-for-node") << r.name;
  }
}

FailoverPolicyInfo Row(const std::string& name) {
  FailoverPolicyInfo info;
  info.name = name;
  info.make = [](const PolicyArgs&) { return FindFailoverPolicy("kubernetes")->make({}); };
  return info;
}

TEST(PolicyRegistryTest, RegistrationRefusesTakenAndIncompleteRows) {
  EXPECT_FALSE(RegisterFailoverPolicy(Row("kubernetes")).ok());
  EXPECT_FALSE(RegisterFailoverPolicy(Row("")).ok());
  FailoverPolicyInfo no_factory = Row("registry-test-no-factory");
  no_factory.make = nullptr;
  EXPECT_FALSE(RegisterFailoverPolicy(no_factory).ok());
  FailoverPolicyInfo bad_param = Row("registry-test-bad-param");
  bad_param.params = {{"name", PolicyParamKind::kDuration, "", false, "the key that chooses"}};
  EXPECT_FALSE(RegisterFailoverPolicy(bad_param).ok());
  EXPECT_EQ(FindFailoverPolicy("registry-test-no-factory"), nullptr);
  EXPECT_EQ(FindFailoverPolicy("registry-test-bad-param"), nullptr);

  const size_t before = FailoverPolicies().size();
  const Status ok = RegisterFailoverPolicy(Row("registry-test-new"));
  ASSERT_TRUE(ok.ok()) << ok.message();
  EXPECT_EQ(FailoverPolicies().size(), before + 1);
  EXPECT_EQ(FailoverPolicies().back().name, "registry-test-new");
  EXPECT_FALSE(RegisterFailoverPolicy(Row("registry-test-new")).ok());
}

// A view of `count` nodes, all Ready.
class Nodes final : public ClusterView {
 public:
  explicit Nodes(uint32_t count) : count_(count) {}
  SimTime Now() const override { return 0; }
  uint32_t NodeCount() const override { return count_; }
  uint32_t ZoneCount() const override { return 1; }
  NodeView Node(uint32_t id) const override {
    NodeView v;
    v.id = id;
    return v;
  }
  const std::string& NodeName(uint32_t) const override { return name_; }

 private:
  uint32_t count_;
  std::string name_ = "n";
};

// force-delete, out-of-service and replace-node: nothing at NotReady but a recheck `after`
// later, then their action once; kubernetes: nothing, ever.
TEST(PolicyRegistryTest, BuiltInFailoverPoliciesActOnceAfterTheirDelay) {
  const Nodes view(3);
  PolicyArgs args;
  args.SetDuration("after", 90 * kSecond);
  const std::vector<std::pair<std::string, FailoverAction>> cases = {
      {"force-delete", FailoverAction::kForceDeletePods},
      {"out-of-service", FailoverAction::kTaintOutOfService},
      {"replace-node", FailoverAction::kDeleteNode}};
  for (const auto& [name, action] : cases) {
    auto policy = FindFailoverPolicy(name)->make(args);
    const FailoverDecision first = policy->OnNodeNotReady(view, 1);
    EXPECT_EQ(first.action, FailoverAction::kNone) << name;
    EXPECT_EQ(first.recheck_after, 90 * kSecond) << name;
    const FailoverDecision then = policy->OnRecheck(view, 1);
    EXPECT_EQ(then.action, action) << name;
    EXPECT_EQ(then.recheck_after, kNever) << name;
  }
  auto kubernetes = FindFailoverPolicy("kubernetes")->make({});
  const FailoverDecision d = kubernetes->OnNodeNotReady(view, 0);
  EXPECT_EQ(d.action, FailoverAction::kNone);
  EXPECT_EQ(d.recheck_after, kNever);
}

TEST(PolicyRegistryTest, BuiltInRecoveryPoliciesDecide) {
  const Nodes view(3);
  PolicyArgs args;
  args.SetDuration("after", 10 * kMinute);
  args.SetNumber("bandwidth", 5e6);
  args.SetDuration("interval", 6 * kHour);
  auto rebuild = FindRecoveryPolicy("rebuild-from-peers")->make(args);
  EXPECT_EQ(rebuild->OnTrigger(view, 0, RecoveryTrigger::kNodeNotReady).recheck_after,
            10 * kMinute);
  EXPECT_EQ(rebuild->OnRecheck(view, 0, RecoveryTrigger::kNodeNotReady).action,
            RecoveryAction::kReplaceNodeVolumes);
  EXPECT_EQ(rebuild->OnRecheck(view, 0, RecoveryTrigger::kDiskFailed).action,
            RecoveryAction::kReplaceLocalVolumes);
  EXPECT_EQ(rebuild->OnEmptyVolume({}).source, VolumeFill::Source::kPeer);
  EXPECT_EQ(rebuild->OnEmptyVolume({}).bandwidth, 5e6);
  EXPECT_EQ(rebuild->BackupInterval(), 0);
  auto restore = FindRecoveryPolicy("restore-from-backup")->make(args);
  EXPECT_EQ(restore->OnEmptyVolume({}).source, VolumeFill::Source::kBackup);
  EXPECT_EQ(restore->BackupInterval(), 6 * kHour);
  EXPECT_TRUE(FindRecoveryPolicy("wait-for-node")->make({})->PodStaysWithVolume());
  auto automatic = FindRecoveryPolicy("auto")->make({});
  EXPECT_FALSE(automatic->PodStaysWithVolume());
  EXPECT_EQ(automatic->OnTrigger(view, 0, RecoveryTrigger::kNodeNotReady).action,
            RecoveryAction::kNone);
  EXPECT_EQ(automatic->OnTrigger(view, 0, RecoveryTrigger::kNodeNotReady).recheck_after, kNever);
}

TEST(PolicyRegistryTest, DescribesAChoiceByItsNonZeroParameters) {
  PolicyChoice c{"force-delete", {}};
  c.args.SetDuration("after", 2 * kMinute);
  EXPECT_EQ(DescribeFailoverPolicy(c), "force-delete after 2m");
  c.args.SetDuration("after", 0);
  EXPECT_EQ(DescribeFailoverPolicy(c), "force-delete");
  PolicyChoice r{"restore-from-backup", {}};
  r.args.SetNumber("bandwidth", 100e6);
  r.args.SetDuration("interval", 6 * kHour);
  EXPECT_EQ(DescribeRecoveryPolicy(r), "restore-from-backup bandwidth 100 MB/s interval 6h");
}

}  // namespace
}  // namespace clustersim
