// LoadScenarioText on good input: values arrive in their internal units, absent fields take
// their documented defaults, shorthand and long forms mean the same, and --set overrides apply
// (and are named as the place of any error inside them). Bad files are covered end to end by
// tests/cli/bad_scenarios_test.cc; the cases here pin what that cannot see.
#include "clustersim/scenario/loader.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "clustersim/core/random.h"
#include "clustersim/core/time.h"
#include "clustersim/scenario/diagnostics.h"
#include "clustersim/scenario/scenario.h"

namespace clustersim {
namespace {

constexpr const char* kFile = "test.yaml";

// A small, valid scenario; the tests vary it one field at a time. It leaves out, on purpose,
// the kubernetes section, the storage class's volumeBindingMode and the policies.
constexpr const char* kBase = R"(name: loader-test
simulation:
  horizon: 1y
  replications: 10
  seed: 7
cluster:
  nodePools:
    - name: worker
      count: 3
      zones: [zone-a, zone-b, zone-c]
      capacity: {cpu: "4", memory: 16Gi, pods: 110}
storageClasses:
  - name: manual
    kind: local
    default: true
workloads:
  - statefulSet:
      name: db
      replicas: 3
      resources: {cpu: 500m, memory: 1Gi}
      volumeClaimTemplates:
        - {name: data, storageClassName: manual, storage: 1G}
    app:
      availability: quorum
      startup: 20s
failures:
  - name: node-crash
    target: {kind: node, pool: worker}
    every: {dist: exponential, mean: 30d}
    lasts: {dist: exponential, mean: 4h}
)";

// `text` with the one occurrence of `from` replaced by `to`; fails the test when `from` does not
// occur exactly once, so that a variation cannot silently test the base scenario.
std::string Replace(std::string text, const std::string& from, const std::string& to) {
  const size_t at = text.find(from);
  if (at == std::string::npos || text.find(from, at + 1) != std::string::npos) {
    ADD_FAILURE() << "'" << from << "' should occur exactly once";
    return text;
  }
  return text.replace(at, from.size(), to);
}

// Loads `text`; fails the test with the diagnostics when it does not load.
Scenario MustLoad(const std::string& text, const std::vector<Override>& overrides = {}) {
  Diagnostics diags;
  std::optional<Scenario> s = LoadScenarioText(text, kFile, overrides, &diags);
  EXPECT_TRUE(s.has_value()) << diags.ToString();
  EXPECT_FALSE(diags.has_errors()) << diags.ToString();
  return s.value_or(Scenario{});
}

// Loads `text`, which must fail; returns the diagnostics.
Diagnostics MustFail(const std::string& text, const std::vector<Override>& overrides = {}) {
  Diagnostics diags;
  std::optional<Scenario> s = LoadScenarioText(text, kFile, overrides, &diags);
  EXPECT_FALSE(s.has_value());
  EXPECT_TRUE(diags.has_errors());
  return diags;
}

// ---------------------------------------------------------------------------------------------
// Units

TEST(LoaderUnitsTest, ConvertsEveryValueToItsInternalUnit) {
  const Scenario s = MustLoad(kBase);
  EXPECT_EQ(s.name, "loader-test");
  EXPECT_EQ(s.path, kFile);
  EXPECT_EQ(s.simulation.horizon, int64_t{365} * 24 * 3600 * 1000000);  // 1y = 365 days, in us
  EXPECT_EQ(s.simulation.replications, 10);
  EXPECT_EQ(s.simulation.seed, 7u);
  ASSERT_EQ(s.node_pools.size(), 1u);
  const NodePool& pool = s.node_pools[0];
  EXPECT_EQ(pool.count, 3);
  EXPECT_EQ(pool.zones, (std::vector<std::string>{"zone-a", "zone-b", "zone-c"}));
  EXPECT_EQ(pool.capacity.cpu_milli, 4000);
  EXPECT_EQ(pool.capacity.memory_bytes, int64_t{16} << 30);  // 16Gi
  EXPECT_EQ(pool.capacity.pods, 110);
  ASSERT_EQ(s.workloads.size(), 1u);
  const Workload& w = s.workloads[0];
  EXPECT_EQ(w.kind, WorkloadKind::kStatefulSet);
  EXPECT_EQ(w.replicas, 3);
  EXPECT_EQ(w.requests.cpu_milli, 500);  // 500m
  EXPECT_TRUE(w.requests.has_cpu);
  EXPECT_EQ(w.requests.memory_bytes, int64_t{1} << 30);  // 1Gi
  EXPECT_TRUE(w.requests.has_memory);
  ASSERT_EQ(w.claims.size(), 1u);
  EXPECT_EQ(w.claims[0].storage_bytes, 1000000000);  // 1G is decimal
  EXPECT_EQ(w.claims[0].storage_class, 0);
  EXPECT_EQ(w.app.availability.kind, AvailabilityLevel::Kind::kQuorum);
  EXPECT_EQ(w.app.availability.Required(3), 2);
  EXPECT_EQ(w.app.startup.kind(), Distribution::Kind::kFixed);
  EXPECT_DOUBLE_EQ(w.app.startup.Mean(), 20.0 * kSecond);
  ASSERT_EQ(s.failures.size(), 1u);
  ASSERT_TRUE(s.failures[0].every.has_value());
  EXPECT_EQ(s.failures[0].every->kind(), Distribution::Kind::kExponential);
  EXPECT_DOUBLE_EQ(s.failures[0].every->Mean(), 30.0 * kDay);
  ASSERT_TRUE(s.failures[0].lasts.has_value());
  EXPECT_DOUBLE_EQ(s.failures[0].lasts->Mean(), 4.0 * kHour);
}

TEST(LoaderUnitsTest, PlainNumbersAreSecondsAndCpus) {
  std::string text = Replace(kBase, "horizon: 1y", "horizon: 90");
  text = Replace(text, "cpu: 500m", "cpu: 0.25");
  const Scenario s = MustLoad(text);
  EXPECT_EQ(s.simulation.horizon, 90 * kSecond);
  ASSERT_EQ(s.workloads.size(), 1u);
  EXPECT_EQ(s.workloads[0].requests.cpu_milli, 250);
}

TEST(LoaderUnitsTest, AvailabilityMayBeACount) {
  const Scenario s = MustLoad(Replace(kBase, "availability: quorum", "availability: 3"));
  ASSERT_EQ(s.workloads.size(), 1u);
  EXPECT_EQ(s.workloads[0].app.availability.kind, AvailabilityLevel::Kind::kCount);
  EXPECT_EQ(s.workloads[0].app.availability.Required(3), 3);
}

// ---------------------------------------------------------------------------------------------
// Defaults

TEST(LoaderDefaultsTest, KubernetesTimingsDefaultToTheControlPlanesDefaults) {
  const Scenario s = MustLoad(kBase);
  EXPECT_EQ(s.kubernetes.node_monitor_grace_period, 40 * kSecond);
  EXPECT_EQ(s.kubernetes.default_toleration_seconds, 300 * kSecond);
  EXPECT_EQ(s.kubernetes.force_detach_timeout, 6 * kMinute);
}

TEST(LoaderDefaultsTest, KubernetesTimingsCanBeSet) {
  const Scenario s = MustLoad(std::string(kBase) +
                              "kubernetes:\n  nodeMonitorGracePeriod: 50s\n"
                              "  defaultTolerationSeconds: 30\n  forceDetachTimeout: 1m\n");
  EXPECT_EQ(s.kubernetes.node_monitor_grace_period, 50 * kSecond);
  EXPECT_EQ(s.kubernetes.default_toleration_seconds, 30 * kSecond);
  EXPECT_EQ(s.kubernetes.force_detach_timeout, kMinute);
}

TEST(LoaderDefaultsTest, ReplicasDefaultToOne) {
  const Scenario s = MustLoad(Replace(kBase, "      replicas: 3\n", ""));
  ASSERT_EQ(s.workloads.size(), 1u);
  EXPECT_EQ(s.workloads[0].replicas, 1);
}

TEST(LoaderDefaultsTest, LocalClassWaitsForFirstConsumer) {
  const Scenario s = MustLoad(kBase);
  ASSERT_EQ(s.storage_classes.size(), 1u);
  EXPECT_EQ(s.storage_classes[0].kind, StorageKind::kLocal);
  EXPECT_EQ(s.storage_classes[0].binding, VolumeBindingMode::kWaitForFirstConsumer);
  EXPECT_TRUE(s.storage_classes[0].is_default);
}

TEST(LoaderDefaultsTest, ZonalClassBindsImmediately) {
  const Scenario s = MustLoad(Replace(kBase, "kind: local", "kind: zonal"));
  ASSERT_EQ(s.storage_classes.size(), 1u);
  EXPECT_EQ(s.storage_classes[0].kind, StorageKind::kZonal);
  EXPECT_EQ(s.storage_classes[0].binding, VolumeBindingMode::kImmediate);
}

TEST(LoaderDefaultsTest, AClaimWithoutAClassUsesTheDefaultClass) {
  const Scenario s = MustLoad(Replace(kBase, "storageClassName: manual, ", ""));
  ASSERT_EQ(s.workloads.size(), 1u);
  ASSERT_EQ(s.workloads[0].claims.size(), 1u);
  EXPECT_EQ(s.workloads[0].claims[0].storage_class, 0);
}

TEST(LoaderDefaultsTest, PoliciesDefaultToKubernetes) {
  const Scenario s = MustLoad(kBase);
  EXPECT_EQ(s.failover.name, "kubernetes");
  EXPECT_EQ(s.failover.args.Duration("after"), 0);
  EXPECT_EQ(s.scheduler.config.profile, "default");
}

TEST(LoaderDefaultsTest, UnsetCapacityIsPlentiful) {
  const Scenario s =
      MustLoad(Replace(kBase, "      capacity: {cpu: \"4\", memory: 16Gi, pods: 110}\n", ""));
  ASSERT_EQ(s.node_pools.size(), 1u);
  EXPECT_EQ(s.node_pools[0].capacity.pods, 110);  // kubelet's maxPods
  EXPECT_GE(s.node_pools[0].capacity.cpu_milli, 1000 * 1000);
  EXPECT_GE(s.node_pools[0].capacity.memory_bytes, int64_t{1} << 40);
}

TEST(LoaderDefaultsTest, AnUnnamedScenarioIsNamedAfterItsFile) {
  Diagnostics diags;
  const std::optional<Scenario> s = LoadScenarioText(Replace(kBase, "name: loader-test\n", ""),
                                                     "dir/my-scenario.yaml", {}, &diags);
  ASSERT_TRUE(s.has_value()) << diags.ToString();
  EXPECT_EQ(s->name, "my-scenario");
}

// ---------------------------------------------------------------------------------------------
// Shorthand and long forms

TEST(LoaderShorthandTest, APlainDurationIsAFixedDistribution) {
  const Scenario shorthand =
      MustLoad(Replace(kBase, "every: {dist: exponential, mean: 30d}", "every: 30d"));
  const Scenario long_form = MustLoad(
      Replace(kBase, "every: {dist: exponential, mean: 30d}", "every: {dist: fixed, value: 30d}"));
  for (const Scenario* s : {&shorthand, &long_form}) {
    ASSERT_EQ(s->failures.size(), 1u);
    ASSERT_TRUE(s->failures[0].every.has_value());
    EXPECT_EQ(s->failures[0].every->kind(), Distribution::Kind::kFixed);
    EXPECT_DOUBLE_EQ(s->failures[0].every->Mean(), 30.0 * kDay);
  }
}

TEST(LoaderShorthandTest, FailoverByNameAlone) {
  const Scenario s = MustLoad(std::string(kBase) + "policies:\n  failover: out-of-service\n");
  EXPECT_EQ(s.failover.name, "out-of-service");
  EXPECT_EQ(s.failover.args.Duration("after"), 0);
}

TEST(LoaderShorthandTest, FailoverWithParameters) {
  const Scenario s =
      MustLoad(std::string(kBase) + "policies:\n  failover: {name: out-of-service, after: 2m}\n");
  EXPECT_EQ(s.failover.name, "out-of-service");
  EXPECT_EQ(s.failover.args.Duration("after"), 2 * kMinute);
}

TEST(LoaderShorthandTest, ForceDeleteFailover) {
  const Scenario s = MustLoad(std::string(kBase) +
                              "policies:\n  failover:\n    name: force-delete\n    after: 30s\n");
  EXPECT_EQ(s.failover.name, "force-delete");
  EXPECT_EQ(s.failover.args.Duration("after"), 30 * kSecond);
}

// ---------------------------------------------------------------------------------------------
// Overrides

TEST(LoaderOverrideTest, ParseOverrideSplitsAtTheFirstEquals) {
  Override o;
  std::string why;
  ASSERT_TRUE(ParseOverride("policies.failover={name: x, after: 2m}", &o, &why)) << why;
  EXPECT_EQ(o.path, "policies.failover");
  EXPECT_EQ(o.value, "{name: x, after: 2m}");
  ASSERT_TRUE(ParseOverride("description=a=b", &o, &why)) << why;
  EXPECT_EQ(o.path, "description");
  EXPECT_EQ(o.value, "a=b");
}

TEST(LoaderOverrideTest, ParseOverrideNeedsAPathAndAnEquals) {
  Override o;
  std::string why;
  EXPECT_FALSE(ParseOverride("cluster.nodePools[0].count", &o, &why));
  EXPECT_NE(why.find("expected PATH=VALUE"), std::string::npos) << why;
  why.clear();
  EXPECT_FALSE(ParseOverride("=5", &o, &why));
  EXPECT_NE(why.find("expected PATH=VALUE"), std::string::npos) << why;
}

TEST(LoaderOverrideTest, ReplacesAValueInAList) {
  const Scenario s = MustLoad(kBase, {{"cluster.nodePools[0].count", "5", ""}});
  ASSERT_EQ(s.node_pools.size(), 1u);
  EXPECT_EQ(s.node_pools[0].count, 5);
}

TEST(LoaderOverrideTest, ValuesAreYamlWithUnits) {
  const Scenario s =
      MustLoad(kBase, {{"simulation.horizon", "10y", ""},
                       {"workloads[0].statefulSet.resources", "{cpu: 2, memory: 4Gi}", ""},
                       {"failures[0].every", "7d", ""}});
  EXPECT_EQ(s.simulation.horizon, 10 * kYear);
  ASSERT_EQ(s.workloads.size(), 1u);
  EXPECT_EQ(s.workloads[0].requests.cpu_milli, 2000);
  EXPECT_EQ(s.workloads[0].requests.memory_bytes, int64_t{4} << 30);
  ASSERT_EQ(s.failures.size(), 1u);
  ASSERT_TRUE(s.failures[0].every.has_value());
  EXPECT_EQ(s.failures[0].every->kind(), Distribution::Kind::kFixed);
  EXPECT_DOUBLE_EQ(s.failures[0].every->Mean(), 7.0 * kDay);
}

TEST(LoaderOverrideTest, CreatesFieldsTheFileLeavesOut) {
  const Scenario s =
      MustLoad(kBase, {{"kubernetes.forceDetachTimeout", "10m", ""},
                       {"policies.failover", "{name: out-of-service, after: 2m}", ""}});
  EXPECT_EQ(s.kubernetes.force_detach_timeout, 10 * kMinute);
  EXPECT_EQ(s.kubernetes.node_monitor_grace_period, 40 * kSecond);  // still the default
  EXPECT_EQ(s.failover.name, "out-of-service");
  EXPECT_EQ(s.failover.args.Duration("after"), 2 * kMinute);
}

TEST(LoaderOverrideTest, LaterOverridesWin) {
  const Scenario s = MustLoad(
      kBase, {{"simulation.replications", "20", ""}, {"simulation.replications", "30", ""}});
  EXPECT_EQ(s.simulation.replications, 30);
}

TEST(LoaderOverrideTest, AnErrorInAnOverrideNamesTheOverride) {
  const Diagnostics diags = MustFail(kBase, {{"cluster.nodePools[0].count", "-1", ""}});
  ASSERT_EQ(diags.all().size(), 1u) << diags.ToString();
  const Diagnostic& d = diags.all()[0];
  EXPECT_EQ(d.where.file, "--set cluster.nodePools[0].count=-1");
  EXPECT_EQ(d.where.line, 0);
  EXPECT_EQ(d.ToString(),
            "--set cluster.nodePools[0].count=-1: error: 'cluster.nodePools[0].count': must be "
            "between 0 and 1000000 (found '-1')");
}

TEST(LoaderOverrideTest, AnErrorInAnOverrideNamesItsOrigin) {
  const Diagnostics diags = MustFail(kBase, {{"simulation.replications", "0", "-r 0"}});
  ASSERT_EQ(diags.all().size(), 1u) << diags.ToString();
  EXPECT_EQ(diags.all()[0].where.file, "-r 0");
  EXPECT_EQ(diags.all()[0].where.line, 0);
}

TEST(LoaderOverrideTest, AnErrorDeepInsideAnOverriddenMapNamesTheOverride) {
  const Diagnostics diags =
      MustFail(kBase, {{"policies.failover", "{name: out-of-servce, after: 2m}", ""}});
  ASSERT_EQ(diags.all().size(), 1u) << diags.ToString();
  EXPECT_EQ(diags.all()[0].where.file, "--set policies.failover={name: out-of-servce, after: 2m}");
  EXPECT_NE(diags.all()[0].message.find("did you mean 'out-of-service'?"), std::string::npos)
      << diags.all()[0].message;
}

TEST(LoaderOverrideTest, AnUnknownFieldAddedByAnOverrideNamesTheOverride) {
  const Diagnostics diags = MustFail(kBase, {{"cluster.nodePools[0].cont", "3", ""}});
  ASSERT_EQ(diags.all().size(), 1u) << diags.ToString();
  EXPECT_EQ(diags.all()[0].where.file, "--set cluster.nodePools[0].cont=3");
  EXPECT_NE(diags.all()[0].message.find("(did you mean 'count'?)"), std::string::npos)
      << diags.all()[0].message;
}

TEST(LoaderOverrideTest, AnErrorInASectionTheOverrideCreatedNamesTheOverride) {
  // kBase has no kubernetes section: the override creates it, and its unknown field 'x'.
  const Diagnostics diags = MustFail(kBase, {{"kubernetes.x.y", "1", ""}});
  ASSERT_EQ(diags.all().size(), 1u) << diags.ToString();
  EXPECT_EQ(diags.all()[0].where.file, "--set kubernetes.x.y=1");
  EXPECT_NE(diags.all()[0].message.find("unknown field 'x' in kubernetes"), std::string::npos)
      << diags.all()[0].message;
}

TEST(LoaderOverrideTest, EachErrorNamesItsOwnOverride) {
  // The first override creates the kubernetes section; the second's error is still its own.
  const Diagnostics diags = MustFail(kBase, {{"kubernetes.nodeMonitorGracePeriod", "50s", ""},
                                             {"kubernetes.forceDetachTimeout", "soon", ""}});
  ASSERT_EQ(diags.all().size(), 1u) << diags.ToString();
  EXPECT_EQ(diags.all()[0].where.file, "--set kubernetes.forceDetachTimeout=soon");
}

TEST(LoaderOverrideTest, AnErrorOutsideTheOverrideStillNamesTheFile) {
  const Diagnostics diags = MustFail(Replace(kBase, "replicas: 3", "replicas: x"),
                                     {{"cluster.nodePools[0].count", "5", ""}});
  ASSERT_EQ(diags.all().size(), 1u) << diags.ToString();
  EXPECT_EQ(diags.all()[0].where.file, kFile);
  EXPECT_EQ(diags.all()[0].where.line, 19);
  EXPECT_EQ(diags.all()[0].where.column, 17);
}

TEST(LoaderOverrideTest, AnIndexPastTheEndIsAnError) {
  const Diagnostics diags = MustFail(kBase, {{"cluster.nodePools[5].count", "3", ""}});
  ASSERT_EQ(diags.all().size(), 1u) << diags.ToString();
  EXPECT_EQ(diags.all()[0].ToString(),
            "--set cluster.nodePools[5].count=3: error: 'cluster.nodePools[5].count': index [5] "
            "is out of range; 'cluster.nodePools' has 1 element (expected [0])");
}

// ---------------------------------------------------------------------------------------------
// Places and order of errors

TEST(LoaderErrorsTest, ErrorsComeInFileOrder) {
  // policies (checked last) moved before simulation (checked first).
  const std::string text =
      Replace(kBase, "name: loader-test\n", "name: loader-test\npolicies: {failover: nope}\n") +
      "kubernetes: {forceDetachTimeout: soon}\n";
  const Diagnostics diags = MustFail(Replace(text, "horizon: 1y", "horizon: x"));
  ASSERT_EQ(diags.all().size(), 3u) << diags.ToString();
  EXPECT_EQ(diags.all()[0].where.line, 2);
  EXPECT_EQ(diags.all()[1].where.line, 4);
  EXPECT_EQ(diags.all()[2].where.line, 32);
  EXPECT_NE(diags.all()[2].message.find("forceDetachTimeout"), std::string::npos);
}

TEST(LoaderErrorsTest, DuplicateKeyNamesTheFirstOccurrence) {
  const Diagnostics diags = MustFail(Replace(kBase, "  seed: 7\n", "  seed: 7\n  horizon: 2y\n"));
  ASSERT_EQ(diags.all().size(), 1u) << diags.ToString();
  EXPECT_EQ(diags.all()[0].ToString(),
            "test.yaml:6:3: error: field 'horizon' appears twice in simulation (first on line 3)");
}

TEST(LoaderErrorsTest, UnclosedBracketIsReportedWhereItOpens) {
  // Brackets in quotes, comments and plain words must not confuse the search for the open one.
  std::string text = Replace(kBase, "name: loader-test\n",
                             "name: loader-test\ndescription: \"has [a bracket\"  # and [ here\n");
  text = Replace(text, "- name: worker", "- name: worker[1]");
  text = Replace(text, "zones: [zone-a, zone-b, zone-c]", "zones: [zone-a, zone-b, zone-c");
  const Diagnostics diags = MustFail(text);
  ASSERT_EQ(diags.all().size(), 1u) << diags.ToString();
  EXPECT_EQ(diags.all()[0].ToString(),
            "test.yaml:11:14: error: YAML syntax error: this '[' is never closed (expected a "
            "matching ']')");
}

TEST(LoaderErrorsTest, ABadValueDoesNotCascade) {
  // An invalid replica count must not also make `availability: 2` "more than the replicas".
  std::string text = Replace(kBase, "replicas: 3", "replicas: many");
  text = Replace(text, "availability: quorum", "availability: 2");
  const Diagnostics diags = MustFail(text);
  ASSERT_EQ(diags.all().size(), 1u) << diags.ToString();
  EXPECT_NE(diags.all()[0].message.find("workloads[0].statefulSet.replicas"), std::string::npos);
}

TEST(LoaderErrorsTest, AFileWithSeveralDocumentsIsRejected) {
  const Diagnostics diags = MustFail(std::string(kBase) + "---\nname: other\n");
  ASSERT_EQ(diags.all().size(), 1u) << diags.ToString();
  EXPECT_EQ(diags.all()[0].where.line, 31);
  EXPECT_NE(diags.all()[0].message.find("2 YAML documents"), std::string::npos);
}

// ---------------------------------------------------------------------------------------------
// Warnings a reviewer would give: each names the place and says why it does nothing.

std::vector<std::string> Warnings(const std::string& text) {
  Diagnostics diags;
  std::optional<Scenario> s = LoadScenarioText(text, kFile, {}, &diags);
  EXPECT_TRUE(s.has_value()) << diags.ToString();
  std::vector<std::string> out;
  for (const Diagnostic& d : diags.all()) out.push_back(d.ToString());
  return out;
}

const char* kReviewBase = R"(simulation: {horizon: 1y, replications: 2, seed: 1}
cluster:
  nodePools: [{name: w, count: 3, capacity: {cpu: "4", memory: 16Gi}}]
storageClasses: [{name: l, kind: local, default: true}]
workloads:
  - statefulSet:
      name: zk
      replicas: 3
      volumeClaimTemplates: [{name: d, storage: 1Gi}]
)";

TEST(LoaderReviewTest, ABudgetThatNeverAllowsAnEvictionIsAWarning) {
  EXPECT_EQ(Warnings(std::string(kReviewBase) + "      podDisruptionBudget: {minAvailable: 3}\n"),
            std::vector<std::string>{
                "test.yaml:10:28: warning: PodDisruptionBudget 'zk' (minAvailable 3) never "
                "allows an eviction: with all 3 pods it selects healthy it needs 3, so draining a "
                "node that holds one of them never finishes"});
  EXPECT_EQ(Warnings(std::string(kReviewBase) + "      podDisruptionBudget: {maxUnavailable: 0%}\n")
                .size(),
            1u);
  // One eviction allowed: nothing to say.
  EXPECT_TRUE(Warnings(std::string(kReviewBase) + "      podDisruptionBudget: {minAvailable: 2}\n")
                  .empty());
  EXPECT_TRUE(
      Warnings(std::string(kReviewBase) + "      podDisruptionBudget: {maxUnavailable: 34%}\n")
          .empty());
}

TEST(LoaderReviewTest, SelectorsThatSelectNoPodAreWarnings) {
  const std::vector<std::string> w = Warnings(
      std::string(kReviewBase) +
      "      affinity:\n"
      "        podAntiAffinity:\n"
      "          requiredDuringSchedulingIgnoredDuringExecution:\n"
      "            - {labelSelector: {matchLabels: {app: zookeeper}}, topologyKey: "
      "kubernetes.io/hostname}\n"
      "      topologySpreadConstraints:\n"
      "        - {maxSkew: 1, topologyKey: topology.kubernetes.io/zone, whenUnsatisfiable: "
      "ScheduleAnyway}\n");
  ASSERT_EQ(w.size(), 2u);
  EXPECT_NE(w[0].find("the required pod anti-affinity term 0's labelSelector selects no pod of any "
                      "workload, so it has no effect (the workload's own pods are labelled "
                      "app=zk)"),
            std::string::npos)
      << w[0];
  EXPECT_NE(w[1].find("topology spread constraint 0 has no labelSelector"), std::string::npos)
      << w[1];
  // Selecting the workload's own pods, or another workload's: nothing to say.
  EXPECT_TRUE(Warnings(std::string(kReviewBase) +
                       "      affinity:\n"
                       "        podAntiAffinity:\n"
                       "          requiredDuringSchedulingIgnoredDuringExecution:\n"
                       "            - {labelSelector: {matchLabels: {app: zk}}, topologyKey: "
                       "kubernetes.io/hostname}\n")
                  .empty());
}

}  // namespace
}  // namespace clustersim
