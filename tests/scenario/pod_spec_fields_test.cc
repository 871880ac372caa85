// The pod spec fields of inline workloads and node pools that the scheduler reads beyond
// resources and node selection (labels, namespace, pod affinity and anti-affinity, topology spread
// constraints, host ports, images, nodeName; node pools' unschedulable and images), with
// Kubernetes' names, shapes, defaults and validation.
#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "clustersim/policy/pod_spec.h"
#include "clustersim/scenario/diagnostics.h"
#include "clustersim/scenario/loader.h"
#include "clustersim/scenario/scenario.h"

namespace clustersim {
namespace {

constexpr const char* kFile = "test.yaml";

// Line 1 to 8; a workload's fields follow `stateful_set` from line 9 on.
constexpr const char* kHead = R"(cluster:
  nodePools:
    - {name: w, count: 3, zones: [a, b, c]}
storageClasses:
  - {name: local, kind: local, default: true}
workloads:
  - statefulSet:
      name: db
)";

std::string WithFields(const std::string& fields) { return std::string(kHead) + fields; }

Scenario MustLoad(const std::string& text) {
  Diagnostics diags;
  std::optional<Scenario> s = LoadScenarioText(text, kFile, {}, &diags);
  EXPECT_TRUE(s.has_value()) << diags.ToString();
  EXPECT_FALSE(diags.has_errors()) << diags.ToString();
  return s.value_or(Scenario{});
}

std::string Errors(const std::string& text) {
  Diagnostics diags;
  EXPECT_FALSE(LoadScenarioText(text, kFile, {}, &diags).has_value());
  EXPECT_TRUE(diags.has_errors());
  return diags.ToString();
}

const Workload& Only(const Scenario& s) {
  static const Workload kNone;
  EXPECT_EQ(s.workloads.size(), 1u);
  return s.workloads.empty() ? kNone : s.workloads[0];
}

TEST(InlinePodSpecTest, LabelsDefaultToTheAppName) {
  const Scenario s = MustLoad(WithFields(""));
  EXPECT_EQ(Only(s).labels, (Labels{{"app", "db"}}));
  EXPECT_EQ(Only(s).namespace_name, "default");
  EXPECT_TRUE(Only(s).pod_affinity.empty());
  EXPECT_TRUE(Only(s).topology_spread.empty());
  EXPECT_TRUE(Only(s).host_ports.empty());
  EXPECT_TRUE(Only(s).images.empty());
  EXPECT_EQ(Only(s).node_name, "");
}

TEST(InlinePodSpecTest, LabelsAndNamespace) {
  const Scenario s =
      MustLoad(WithFields("      labels: {app.kubernetes.io/name: db, tier: \"\"}\n"
                          "      namespace: prod\n"));
  EXPECT_EQ(Only(s).labels, (Labels{{"app.kubernetes.io/name", "db"}, {"tier", ""}}));
  EXPECT_EQ(Only(s).namespace_name, "prod");
}

TEST(InlinePodSpecTest, PodAffinityAndAntiAffinity) {
  const Scenario s = MustLoad(WithFields(R"(      podAntiAffinity: preferred
      affinity:
        podAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            - labelSelector: {matchLabels: {app: cache}}
              topologyKey: topology.kubernetes.io/zone
              namespaces: [prod, shared]
        podAntiAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            - labelSelector:
                matchExpressions:
                  - {key: app, operator: In, values: [db]}
                  - {key: canary, operator: DoesNotExist}
              topologyKey: kubernetes.io/hostname
          preferredDuringSchedulingIgnoredDuringExecution:
            - weight: 100
              podAffinityTerm:
                labelSelector: {}
                namespaceSelector: {matchLabels: {team: a}}
                topologyKey: topology.kubernetes.io/zone
)"));
  const Workload& w = Only(s);
  // The shorthand keeps working beside the full form.
  EXPECT_EQ(w.anti_affinity, AntiAffinity::kPreferred);
  const PodAffinitySpec& a = w.pod_affinity;
  ASSERT_EQ(a.required_affinity.size(), 1u);
  EXPECT_EQ(a.required_affinity[0].topology_key, "topology.kubernetes.io/zone");
  EXPECT_EQ(a.required_affinity[0].namespaces, (std::vector<std::string>{"prod", "shared"}));
  ASSERT_TRUE(a.required_affinity[0].label_selector.has_value());
  EXPECT_EQ(a.required_affinity[0].label_selector->match_labels, (Labels{{"app", "cache"}}));
  EXPECT_TRUE(a.preferred_affinity.empty());
  ASSERT_EQ(a.required_anti_affinity.size(), 1u);
  const auto& exprs = a.required_anti_affinity[0].label_selector->match_expressions;
  ASSERT_EQ(exprs.size(), 2u);
  EXPECT_EQ(exprs[0].op, LabelSelectorRequirement::Op::kIn);
  EXPECT_EQ(exprs[1].key, "canary");
  EXPECT_EQ(exprs[1].op, LabelSelectorRequirement::Op::kDoesNotExist);
  EXPECT_TRUE(exprs[1].values.empty());
  EXPECT_TRUE(a.required_anti_affinity[0].label_selector->Matches(w.labels));
  ASSERT_EQ(a.preferred_anti_affinity.size(), 1u);
  EXPECT_EQ(a.preferred_anti_affinity[0].weight, 100);
  const PodAffinityTerm& t = a.preferred_anti_affinity[0].term;
  // An empty selector is present and selects everything; an absent one selects nothing.
  ASSERT_TRUE(t.label_selector.has_value());
  EXPECT_TRUE(t.label_selector->Matches(Labels{{"any", "thing"}}));
  ASSERT_TRUE(t.namespace_selector.has_value());
  EXPECT_EQ(t.namespace_selector->match_labels, (Labels{{"team", "a"}}));
}

TEST(InlinePodSpecTest, AnAbsentLabelSelectorStaysAbsent) {
  const Scenario s = MustLoad(WithFields(R"(      affinity:
        podAntiAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            - labelSelector:
              topologyKey: kubernetes.io/hostname
)"));
  ASSERT_EQ(Only(s).pod_affinity.required_anti_affinity.size(), 1u);
  EXPECT_FALSE(Only(s).pod_affinity.required_anti_affinity[0].label_selector.has_value());
}

TEST(InlinePodSpecTest, TopologySpreadConstraints) {
  const Scenario s = MustLoad(WithFields(R"(      topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: topology.kubernetes.io/zone
          whenUnsatisfiable: DoNotSchedule
          labelSelector: {matchLabels: {app: db}}
          minDomains: 3
          nodeAffinityPolicy: Ignore
          nodeTaintsPolicy: Honor
          matchLabelKeys: [pod-template-hash]
        - maxSkew: 2
          topologyKey: kubernetes.io/hostname
          whenUnsatisfiable: ScheduleAnyway
)"));
  const auto& c = Only(s).topology_spread;
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c[0].max_skew, 1);
  EXPECT_EQ(c[0].topology_key, "topology.kubernetes.io/zone");
  EXPECT_TRUE(c[0].do_not_schedule);
  ASSERT_TRUE(c[0].label_selector.has_value());
  EXPECT_EQ(c[0].label_selector->match_labels, (Labels{{"app", "db"}}));
  EXPECT_EQ(c[0].min_domains, 3);
  EXPECT_EQ(c[0].node_affinity_policy, TopologySpreadConstraint::Policy::kIgnore);
  EXPECT_EQ(c[0].node_taints_policy, TopologySpreadConstraint::Policy::kHonor);
  EXPECT_EQ(c[0].match_label_keys, std::vector<std::string>{"pod-template-hash"});
  // Defaults.
  EXPECT_EQ(c[1].max_skew, 2);
  EXPECT_FALSE(c[1].do_not_schedule);
  EXPECT_FALSE(c[1].label_selector.has_value());
  EXPECT_EQ(c[1].min_domains, 0);
  EXPECT_EQ(c[1].node_affinity_policy, TopologySpreadConstraint::Policy::kHonor);
  EXPECT_EQ(c[1].node_taints_policy, TopologySpreadConstraint::Policy::kIgnore);
}

TEST(InlinePodSpecTest, OnlyPortsWithAHostPortAreHostPorts) {
  const Scenario s = MustLoad(WithFields(R"(      ports:
        - containerPort: 2181
        - {name: peer, containerPort: 2888, hostPort: 2888}
        - {containerPort: 53, hostPort: 5353, protocol: UDP, hostIP: 10.0.0.1}
      images: [registry.k8s.io/zk:3.8, busybox]
      nodeName: w-2
)"));
  const Workload& w = Only(s);
  ASSERT_EQ(w.host_ports.size(), 2u);
  EXPECT_EQ(w.host_ports[0].port, 2888);
  EXPECT_EQ(w.host_ports[0].protocol, "TCP");
  EXPECT_EQ(w.host_ports[0].host_ip, "");
  EXPECT_EQ(w.host_ports[1].port, 5353);
  EXPECT_EQ(w.host_ports[1].protocol, "UDP");
  EXPECT_EQ(w.host_ports[1].host_ip, "10.0.0.1");
  EXPECT_EQ(w.images, (std::vector<std::string>{"registry.k8s.io/zk:3.8", "busybox"}));
  EXPECT_EQ(w.node_name, "w-2");
}

TEST(InlinePodSpecTest, NodePoolUnschedulableAndImages) {
  const Scenario s = MustLoad(R"(cluster:
  nodePools:
    - name: w
      count: 2
      unschedulable: true
      images:
        - {names: [registry.k8s.io/zk:3.8, "registry.k8s.io/zk@sha256:0123"], sizeBytes: 500Mi}
        - {names: busybox, sizeBytes: 4261550}
)");
  ASSERT_EQ(s.node_pools.size(), 1u);
  const NodePool& p = s.node_pools[0];
  EXPECT_TRUE(p.unschedulable);
  ASSERT_EQ(p.images.size(), 2u);
  EXPECT_EQ(p.images[0].names.size(), 2u);
  EXPECT_EQ(p.images[0].size_bytes, int64_t{500} << 20);
  EXPECT_EQ(p.images[1].names, std::vector<std::string>{"busybox"});
  EXPECT_EQ(p.images[1].size_bytes, 4261550);
}

// ---------------------------------------------------------------------------------------------
// Validation as the API server does it; each message at the offending field

TEST(InlinePodSpecValidationTest, BadOperator) {
  EXPECT_EQ(Errors(WithFields(R"(      affinity:
        podAntiAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            - labelSelector:
                matchExpressions: [{key: app, operator: Gt, values: ["1"]}]
              topologyKey: kubernetes.io/hostname
)")),
            "test.yaml:13:57: error: 'workloads[0].statefulSet.affinity.podAntiAffinity."
            "requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector.matchExpressions[0]."
            "operator': unknown value 'Gt'; expected In, NotIn, Exists or DoesNotExist\n");
}

TEST(InlinePodSpecValidationTest, OperatorsAndTheirValues) {
  EXPECT_EQ(Errors(WithFields(R"(      affinity:
        podAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            - labelSelector:
                matchExpressions:
                  - {key: app, operator: In}
                  - {key: app, operator: Exists, values: [x]}
                  - {key: app}
              topologyKey: kubernetes.io/hostname
)")),
            "test.yaml:14:21: error: 'workloads[0].statefulSet.affinity.podAffinity."
            "requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector.matchExpressions[0]"
            "': operator In needs at least one value\n"
            "test.yaml:15:58: error: 'workloads[0].statefulSet.affinity.podAffinity."
            "requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector.matchExpressions[1]"
            "': operator Exists takes no values\n"
            "test.yaml:16:21: error: 'workloads[0].statefulSet.affinity.podAffinity."
            "requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector.matchExpressions[2]"
            "' needs an operator (In, NotIn, Exists or DoesNotExist)\n");
}

TEST(InlinePodSpecValidationTest, WeightAndTopologyKey) {
  EXPECT_EQ(Errors(WithFields(R"(      affinity:
        podAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
            - weight: 0
              podAffinityTerm: {topologyKey: zone}
            - weight: 101
              podAffinityTerm: {topologyKey: ""}
            - podAffinityTerm: {topologyKey: zone}
)")),
            "test.yaml:12:23: error: 'workloads[0].statefulSet.affinity.podAffinity."
            "preferredDuringSchedulingIgnoredDuringExecution[0].weight': must be between 1 and "
            "100 (found '0')\n"
            "test.yaml:14:23: error: 'workloads[0].statefulSet.affinity.podAffinity."
            "preferredDuringSchedulingIgnoredDuringExecution[1].weight': must be between 1 and "
            "100 (found '101')\n"
            "test.yaml:15:32: error: 'workloads[0].statefulSet.affinity.podAffinity."
            "preferredDuringSchedulingIgnoredDuringExecution[1].podAffinityTerm' needs a "
            "topologyKey (e.g. kubernetes.io/hostname)\n"
            "test.yaml:16:15: error: 'workloads[0].statefulSet.affinity.podAffinity."
            "preferredDuringSchedulingIgnoredDuringExecution[2]' needs a weight (1 to 100)\n");
}

TEST(InlinePodSpecValidationTest, MaxSkewZeroAndMinDomainsWithScheduleAnyway) {
  EXPECT_EQ(Errors(WithFields(R"(      topologySpreadConstraints:
        - {maxSkew: 0, topologyKey: zone, whenUnsatisfiable: DoNotSchedule}
        - {maxSkew: 1, topologyKey: zone, whenUnsatisfiable: ScheduleAnyway, minDomains: 2}
        - {maxSkew: 1, topologyKey: zone, whenUnsatisfiable: DoNotSchedule, minDomains: 0}
        - {maxSkew: 1, topologyKey: host}
)")),
            "test.yaml:10:21: error: 'workloads[0].statefulSet.topologySpreadConstraints[0]."
            "maxSkew': must be greater than zero (found '0')\n"
            "test.yaml:11:90: error: 'workloads[0].statefulSet.topologySpreadConstraints[1]."
            "minDomains' applies only with whenUnsatisfiable: DoNotSchedule (found "
            "ScheduleAnyway)\n"
            "test.yaml:12:11: error: 'workloads[0].statefulSet.topologySpreadConstraints[2]' has "
            "the same topologyKey and whenUnsatisfiable as "
            "workloads[0].statefulSet.topologySpreadConstraints[0]; expected each pair once\n"
            "test.yaml:12:89: error: 'workloads[0].statefulSet.topologySpreadConstraints[2]."
            "minDomains': must be greater than zero (found '0')\n"
            "test.yaml:13:11: error: 'workloads[0].statefulSet.topologySpreadConstraints[3]' "
            "needs whenUnsatisfiable (DoNotSchedule or ScheduleAnyway)\n");
}

TEST(InlinePodSpecValidationTest, LabelSyntax) {
  EXPECT_EQ(Errors(WithFields("      labels: {\"-bad\": x, ok: \"not ok\", a/b/c: x}\n"
                              "      namespace: Prod\n")),
            "test.yaml:9:24: error: 'workloads[0].statefulSet.labels.-bad': invalid label key "
            "'-bad': the name must begin and end with a letter or digit\n"
            "test.yaml:9:31: error: 'workloads[0].statefulSet.labels.ok': invalid label value "
            "'not ok': it may hold only letters, digits, '-', '_' and '.', beginning and ending "
            "with a letter or digit\n"
            "test.yaml:9:48: error: 'workloads[0].statefulSet.labels.a/b/c': invalid label key "
            "'a/b/c': may hold at most one '/'\n"
            "test.yaml:10:18: error: 'workloads[0].statefulSet.namespace': invalid namespace name "
            "'Prod': it may hold only lower-case letters, digits and '-', beginning and ending "
            "with a letter or digit\n");
}

TEST(InlinePodSpecValidationTest, PortsAndNodeName) {
  EXPECT_EQ(Errors(WithFields(R"(      ports:
        - {hostPort: 80}
        - {containerPort: 70000}
        - {containerPort: 80, hostPort: 80, protocol: tcp}
        - {containerPort: 80, hostPort: 80}
        - {containerPort: 81, hostPort: 80}
      nodeName: w-3
)")),
            "test.yaml:10:11: error: 'workloads[0].statefulSet.ports[0]' needs a containerPort "
            "(1 to 65535)\n"
            "test.yaml:11:27: error: 'workloads[0].statefulSet.ports[1].containerPort': must be "
            "between 1 and 65535 (found '70000')\n"
            "test.yaml:12:55: error: 'workloads[0].statefulSet.ports[2].protocol': unknown value "
            "'tcp' (did you mean 'TCP'?); expected TCP, UDP or SCTP\n"
            "test.yaml:14:11: error: 'workloads[0].statefulSet.ports[4]': host port 80/TCP is "
            "used twice in the pod; expected each host port once\n"
            "test.yaml:15:17: error: 'workloads[0].statefulSet.nodeName': no node named 'w-3' "
            "(did you mean 'w-0'?); defined: w-0, w-1 or w-2\n");
}

}  // namespace
}  // namespace clustersim
