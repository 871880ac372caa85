// Kubernetes manifests in scenarios (cluster.manifests, workloads[].manifests): the real example
// manifests of scenarios/manifests (copies of ../shared/manifests/kubernetes-examples, read by
// the library scenarios scenarios/{zookeeper,cassandra,mysql,web}.yaml) converted field by field,
// Node import, requests as Kubernetes computes them, and broken manifests with their exact
// messages.
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "clustersim/core/time.h"
#include "clustersim/policy/pod_spec.h"
#include "clustersim/scenario/diagnostics.h"
#include "clustersim/scenario/loader.h"
#include "clustersim/scenario/scenario.h"
#include "scenario/scenario_files.h"

namespace clustersim {
namespace {

namespace fs = std::filesystem;

constexpr int64_t kGi = int64_t{1} << 30;
constexpr int64_t kMi = int64_t{1} << 20;
constexpr int64_t kKi = int64_t{1} << 10;

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

// The upstream examples and the Nodes and StorageClasses they run on (the scenario library's).
fs::path LibraryManifests() { return fs::path(SourceDir()) / "scenarios/manifests"; }

// What loading each upstream example says, exactly, paths relative to the repository: the
// unmodelled fields that can change the figures (probes, hooks, grace periods, rollouts), the
// kinds accepted and not modelled, and zookeeper.yaml's anti-affinity, which
// selects `app In [zk]` while its pods are labelled app.kubernetes.io/name: zk, so on a real
// cluster it keeps nothing apart. Nothing else: the dozens of other unmodelled fields (status,
// commands, mounts, ...) cannot change availability and are accepted without a word.
std::string ExpectedWarnings(const std::string& name) {
  static const std::map<std::string, std::vector<std::string>> expected = {
      {"zookeeper",
       {
           "scenarios/manifests/storage.yaml:13:1: warning: 'reclaimPolicy' (StorageClass) is not "
           "modelled: a released volume is what its PersistentVolume's "
           "persistentVolumeReclaimPolicy says",
           "scenarios/manifests/zookeeper.yaml:2:7: note: Service 'zk-hs' is accepted and not "
           "modelled",
           "scenarios/manifests/zookeeper.yaml:18:7: note: Service 'zk-cs' is accepted and not "
           "modelled",
           "scenarios/manifests/zookeeper.yaml:40:1: warning: workload 'zk': the required pod "
           "anti-affinity term 0's labelSelector selects no pod of any workload, so it has no "
           "effect (the workload's own pods are labelled app.kubernetes.io/name=zk)",
           "scenarios/manifests/zookeeper.yaml:50:3: warning: 'spec.updateStrategy' (StatefulSet) "
           "is not modelled: no rollout is simulated",
           "scenarios/manifests/zookeeper.yaml:104:9: warning: "
           "'spec.template.spec.containers[].readinessProbe' (StatefulSet) is not modelled: a pod "
           "is ready app.startup after its containers start",
           "scenarios/manifests/zookeeper.yaml:112:9: warning: "
           "'spec.template.spec.containers[].livenessProbe' (StatefulSet) is not modelled: "
           "containers are never restarted by a probe",
       }},
      {"cassandra",
       {
           "scenarios/manifests/storage.yaml:13:1: warning: 'reclaimPolicy' (StorageClass) is not "
           "modelled: a released volume is what its PersistentVolume's "
           "persistentVolumeReclaimPolicy says",
           "scenarios/manifests/cassandra-statefulset.yaml:18:7: warning: "
           "'spec.template.spec.terminationGracePeriodSeconds' (StatefulSet) is not modelled: a "
           "pod's containers stop at once",
           "scenarios/manifests/cassandra-statefulset.yaml:43:9: warning: "
           "'spec.template.spec.containers[].lifecycle' (StatefulSet) is not modelled: preStop and "
           "postStart hooks take no time",
           "scenarios/manifests/cassandra-statefulset.yaml:67:9: warning: "
           "'spec.template.spec.containers[].readinessProbe' (StatefulSet) is not modelled: a pod "
           "is ready app.startup after its containers start",
       }},
      {"mysql",
       {
           "scenarios/manifests/storage.yaml:13:1: warning: 'reclaimPolicy' (StorageClass) is not "
           "modelled: a released volume is what its PersistentVolume's "
           "persistentVolumeReclaimPolicy says",
           "scenarios/manifests/mysql-statefulset.yaml:83:9: warning: "
           "'spec.template.spec.containers[].livenessProbe' (StatefulSet) is not modelled: "
           "containers are never restarted by a probe",
           "scenarios/manifests/mysql-statefulset.yaml:89:9: warning: "
           "'spec.template.spec.containers[].readinessProbe' (StatefulSet) is not modelled: a pod "
           "is ready app.startup after its containers start",
       }},
      {"web",
       {
           "scenarios/manifests/web.yaml:2:7: note: Service 'nginx' is accepted and not modelled",
       }},
  };
  std::string out;
  for (const std::string& line : expected.at(name)) out += SourceDir() + "/" + line + "\n";
  return out;
}

// Loads the library's scenarios/NAME.yaml, which reads the upstream example.
Scenario LoadExample(const std::string& name) {
  Diagnostics diags;
  const fs::path path = fs::path(SourceDir()) / "scenarios" / (name + ".yaml");
  std::optional<Scenario> s = LoadScenarioFile(path.string(), {}, &diags);
  EXPECT_TRUE(s.has_value()) << diags.ToString();
  EXPECT_EQ(diags.ToString(), ExpectedWarnings(name));  // no other warning
  return s.value_or(Scenario{});
}

const StorageClass* ClassOf(const Scenario& s, const VolumeClaimTemplate& claim) {
  if (claim.storage_class < 0 || claim.storage_class >= static_cast<int>(s.storage_classes.size()))
    return nullptr;
  return &s.storage_classes[static_cast<size_t>(claim.storage_class)];
}

class ExampleManifestsTest : public testing::Test {
 protected:
  void SetUp() override {
    if (SourceDir().empty()) GTEST_SKIP() << "CLUSTERSIM_SOURCE_DIR is not set; run through ctest";
  }
};

// ---------------------------------------------------------------------------------------------
// The real manifests, field by field

TEST_F(ExampleManifestsTest, CopiesAreUnmodified) {
  const fs::path shared = fs::path(SourceDir()) / "../shared/manifests/kubernetes-examples";
  if (!fs::is_directory(shared)) GTEST_SKIP() << shared << " is not there";
  for (const char* name :
       {"zookeeper.yaml", "cassandra-statefulset.yaml", "mysql-statefulset.yaml", "web.yaml"}) {
    EXPECT_EQ(ReadFile(LibraryManifests() / name), ReadFile(shared / name)) << name;
  }
}

TEST_F(ExampleManifestsTest, NodesBecomePoolsOfOneThatKeepTheirNames) {
  const Scenario s = LoadExample("zookeeper");
  ASSERT_EQ(s.node_pools.size(), 4u);
  const std::vector<std::string> names = {"node-a1", "node-a2", "node-b1", "node-c1"};
  const std::vector<std::string> zones = {"eu-west-1a", "eu-west-1a", "eu-west-1b", "eu-west-1c"};
  for (size_t i = 0; i < 4; ++i) {
    const NodePool& p = s.node_pools[i];
    EXPECT_EQ(p.name, names[i]);
    EXPECT_EQ(p.fixed_node_name, names[i]);
    EXPECT_EQ(p.NodeName(0), names[i]);
    EXPECT_EQ(p.count, 1);
    EXPECT_EQ(p.zones, std::vector<std::string>{zones[i]});
    EXPECT_EQ(p.capacity.pods, 110);
    EXPECT_FALSE(p.unschedulable);
    EXPECT_EQ(p.labels.at("kubernetes.io/hostname"), names[i]);
  }
  EXPECT_EQ(s.NodeCount(), 4);
  // Allocatable, not capacity.
  EXPECT_EQ(s.node_pools[0].capacity.cpu_milli, 3920);
  EXPECT_EQ(s.node_pools[0].capacity.memory_bytes, 15242244 * kKi);
  EXPECT_EQ(s.node_pools[2].capacity.cpu_milli, 7910);
  EXPECT_EQ(s.node_pools[2].capacity.memory_bytes, 31482308 * kKi);
  EXPECT_EQ(s.node_pools[0].labels.at("node.kubernetes.io/instance-type"), "m5.xlarge");
  // The tainted node.
  EXPECT_TRUE(s.node_pools[0].taints.empty());
  ASSERT_EQ(s.node_pools[1].taints.size(), 1u);
  EXPECT_EQ(s.node_pools[1].taints[0].key, "node-role.kubernetes.io/infra");
  EXPECT_EQ(s.node_pools[1].taints[0].value, "");
  EXPECT_EQ(s.node_pools[1].taints[0].effect, TaintEffect::kNoSchedule);
  // status.images
  ASSERT_EQ(s.node_pools[0].images.size(), 2u);
  EXPECT_EQ(s.node_pools[0].images[0].names.size(), 2u);
  EXPECT_EQ(s.node_pools[0].images[0].names[1], "registry.k8s.io/kubernetes-zookeeper:1.0-3.4.10");
  EXPECT_EQ(s.node_pools[0].images[0].size_bytes, 135721983);
  EXPECT_EQ(s.node_pools[0].images[1].names, std::vector<std::string>{"mysql:5.7"});
  EXPECT_TRUE(s.node_pools[3].images.empty());
}

TEST_F(ExampleManifestsTest, DefaultStorageClassFromAnAnnotatedManifest) {
  const Scenario s = LoadExample("zookeeper");
  ASSERT_EQ(s.storage_classes.size(), 1u);
  const StorageClass& c = s.storage_classes[0];
  EXPECT_EQ(c.name, "local-storage");
  EXPECT_EQ(c.kind, StorageKind::kLocal);  // kubernetes.io/no-provisioner
  EXPECT_EQ(c.binding, VolumeBindingMode::kWaitForFirstConsumer);
  EXPECT_TRUE(c.is_default);
}

TEST_F(ExampleManifestsTest, ZooKeeper) {
  const Scenario s = LoadExample("zookeeper");
  // Two Services are accepted and not modelled; the PodDisruptionBudget (maxUnavailable 1,
  // selecting app.kubernetes.io/name: zk) guards the StatefulSet's pods.
  ASSERT_EQ(s.workloads.size(), 1u);
  ASSERT_EQ(s.disruption_budgets.size(), 1u);
  const DisruptionBudget& pdb = s.disruption_budgets[0];
  EXPECT_EQ(pdb.name, "zk-pdb");
  EXPECT_TRUE(pdb.given);
  EXPECT_FALSE(pdb.min_available);
  EXPECT_EQ(pdb.value, 1);
  EXPECT_FALSE(pdb.percent);
  EXPECT_EQ(pdb.workloads, std::vector<uint32_t>{0});
  EXPECT_EQ(pdb.DesiredHealthy(3), 2);
  EXPECT_EQ(s.workloads[0].disruption_budgets, std::vector<uint32_t>{0});
  const Workload& w = s.workloads[0];
  EXPECT_EQ(w.name, "zk");
  EXPECT_EQ(w.kind, WorkloadKind::kStatefulSet);
  EXPECT_EQ(w.replicas, 3);
  EXPECT_EQ(w.pod_management, PodManagementPolicy::kOrderedReady);
  EXPECT_EQ(w.requests.cpu_milli, 500);  // "0.5"
  EXPECT_EQ(w.requests.memory_bytes, kGi);
  EXPECT_TRUE(w.requests.has_cpu);
  EXPECT_TRUE(w.requests.has_memory);
  // One container that requests both: kube-scheduler scores the requests themselves.
  EXPECT_EQ(w.requests.nonzero_cpu_milli, 500);
  EXPECT_EQ(w.requests.nonzero_memory_bytes, kGi);
  EXPECT_TRUE(w.rwop_claims.empty());
  EXPECT_EQ(w.labels, (Labels{{"app.kubernetes.io/name", "zk"}}));
  EXPECT_EQ(w.namespace_name, "default");
  EXPECT_EQ(w.anti_affinity, AntiAffinity::kNone);  // the shorthand is not set by a manifest
  // One required anti-affinity term, exactly as written.
  ASSERT_EQ(w.pod_affinity.required_anti_affinity.size(), 1u);
  EXPECT_TRUE(w.pod_affinity.required_affinity.empty());
  EXPECT_TRUE(w.pod_affinity.preferred_affinity.empty());
  EXPECT_TRUE(w.pod_affinity.preferred_anti_affinity.empty());
  const PodAffinityTerm& term = w.pod_affinity.required_anti_affinity[0];
  EXPECT_EQ(term.topology_key, "kubernetes.io/hostname");
  EXPECT_TRUE(term.namespaces.empty());
  EXPECT_FALSE(term.namespace_selector.has_value());
  ASSERT_TRUE(term.label_selector.has_value());
  EXPECT_TRUE(term.label_selector->match_labels.empty());
  ASSERT_EQ(term.label_selector->match_expressions.size(), 1u);
  const LabelSelectorRequirement& r = term.label_selector->match_expressions[0];
  EXPECT_EQ(r.key, "app");
  EXPECT_EQ(r.op, LabelSelectorRequirement::Op::kIn);
  EXPECT_EQ(r.values, std::vector<std::string>{"zk"});
  // It selects nothing: the pods are labelled app.kubernetes.io/name, not app.
  EXPECT_FALSE(term.label_selector->Matches(w.labels));
  // The claim, on the default class.
  ASSERT_EQ(w.claims.size(), 1u);
  EXPECT_EQ(w.claims[0].name, "datadir");
  EXPECT_EQ(w.claims[0].storage_bytes, 10 * kGi);
  ASSERT_NE(ClassOf(s, w.claims[0]), nullptr);
  EXPECT_EQ(ClassOf(s, w.claims[0])->name, "local-storage");
  // What the scheduler reads besides.
  EXPECT_EQ(w.images, std::vector<std::string>{"registry.k8s.io/kubernetes-zookeeper:1.0-3.4.10"});
  EXPECT_TRUE(w.host_ports.empty());  // container ports without hostPort
  EXPECT_TRUE(w.node_selector.empty());
  EXPECT_TRUE(w.tolerations.empty());
  EXPECT_TRUE(w.required_node_terms.empty());
  EXPECT_TRUE(w.topology_spread.empty());
  EXPECT_EQ(w.node_name, "");
  // The entry's app.
  EXPECT_TRUE(w.app.availability_given);
  EXPECT_EQ(w.app.availability.kind, AvailabilityLevel::Kind::kQuorum);
  EXPECT_DOUBLE_EQ(w.app.startup.Mean(), 20.0 * kSecond);
}

TEST_F(ExampleManifestsTest, CassandraWithItsStorageClassInTheSameFile) {
  const Scenario s = LoadExample("cassandra");
  ASSERT_EQ(s.workloads.size(), 1u);
  const Workload& w = s.workloads[0];
  EXPECT_EQ(w.name, "cassandra");
  EXPECT_EQ(w.kind, WorkloadKind::kStatefulSet);
  EXPECT_EQ(w.replicas, 3);
  EXPECT_EQ(w.pod_management, PodManagementPolicy::kOrderedReady);
  EXPECT_EQ(w.requests.cpu_milli, 500);
  EXPECT_EQ(w.requests.memory_bytes, kGi);
  EXPECT_TRUE(w.requests.has_cpu);
  EXPECT_EQ(w.requests.nonzero_cpu_milli, 500);
  EXPECT_EQ(w.requests.nonzero_memory_bytes, kGi);
  EXPECT_EQ(w.labels, (Labels{{"app.kubernetes.io/name", "cassandra"}}));
  EXPECT_TRUE(w.pod_affinity.empty());
  EXPECT_EQ(w.images, std::vector<std::string>{"gcr.io/google-samples/cassandra:v13"});
  EXPECT_TRUE(w.host_ports.empty());
  ASSERT_EQ(w.claims.size(), 1u);
  EXPECT_EQ(w.claims[0].name, "cassandra-data");
  EXPECT_EQ(w.claims[0].storage_bytes, kGi);
  // The StorageClass comes after the StatefulSet in the file.
  const StorageClass* fast = ClassOf(s, w.claims[0]);
  ASSERT_NE(fast, nullptr);
  EXPECT_EQ(fast->name, "fast");
  EXPECT_EQ(fast->kind, StorageKind::kZonal);  // k8s.io/minikube-hostpath
  EXPECT_EQ(fast->binding, VolumeBindingMode::kImmediate);
  EXPECT_FALSE(fast->is_default);
  ASSERT_EQ(s.storage_classes.size(), 2u);
  EXPECT_EQ(s.storage_classes[0].name, "local-storage");  // cluster.manifests first
  EXPECT_EQ(w.app.availability.kind, AvailabilityLevel::Kind::kQuorum);
  EXPECT_DOUBLE_EQ(w.app.startup.Mean(), 60.0 * kSecond);
}

TEST_F(ExampleManifestsTest, MySqlWithInitContainersAndTwoAppContainers) {
  const Scenario s = LoadExample("mysql");
  ASSERT_EQ(s.workloads.size(), 1u);
  const Workload& w = s.workloads[0];
  EXPECT_EQ(w.name, "mysql");
  EXPECT_EQ(w.replicas, 3);
  // The app containers' sum (mysql 500m/1Gi + xtrabackup 100m/100Mi); the init containers
  // request nothing.
  EXPECT_EQ(w.requests.cpu_milli, 600);
  EXPECT_EQ(w.requests.memory_bytes, kGi + 100 * kMi);
  EXPECT_TRUE(w.requests.has_cpu);
  EXPECT_TRUE(w.requests.has_memory);
  // Non-zero: each init container counts 100m / 200Mi, less than the app containers' sum.
  EXPECT_EQ(w.requests.nonzero_cpu_milli, 600);
  EXPECT_EQ(w.requests.nonzero_memory_bytes, kGi + 100 * kMi);
  // Its volumes are an emptyDir and a configMap: no claim.
  EXPECT_TRUE(w.rwop_claims.empty());
  EXPECT_EQ(w.labels, (Labels{{"app", "mysql"}}));
  // One entry per container, init containers first.
  EXPECT_EQ(w.images,
            (std::vector<std::string>{"mysql:5.7", "gcr.io/google-samples/xtrabackup:1.0",
                                      "mysql:5.7", "gcr.io/google-samples/xtrabackup:1.0"}));
  ASSERT_EQ(w.claims.size(), 1u);
  EXPECT_EQ(w.claims[0].name, "data");
  EXPECT_EQ(w.claims[0].storage_bytes, 10 * kGi);
  ASSERT_NE(ClassOf(s, w.claims[0]), nullptr);
  EXPECT_EQ(ClassOf(s, w.claims[0])->name, "local-storage");
  EXPECT_EQ(w.app.availability.kind, AvailabilityLevel::Kind::kCount);
  EXPECT_EQ(w.app.availability.count, 1);
}

TEST_F(ExampleManifestsTest, WebWithoutRequests) {
  const Scenario s = LoadExample("web");
  ASSERT_EQ(s.workloads.size(), 1u);
  const Workload& w = s.workloads[0];
  EXPECT_EQ(w.name, "web");
  EXPECT_EQ(w.replicas, 2);
  // No requests: kube-scheduler's non-zero defaults apply (has_cpu, has_memory false).
  EXPECT_EQ(w.requests.cpu_milli, 0);
  EXPECT_EQ(w.requests.memory_bytes, 0);
  EXPECT_FALSE(w.requests.has_cpu);
  EXPECT_FALSE(w.requests.has_memory);
  EXPECT_EQ(w.requests.nonzero_cpu_milli, 100);
  EXPECT_EQ(w.requests.nonzero_memory_bytes, 200 * kMi);
  EXPECT_EQ(w.labels, (Labels{{"app", "nginx"}}));
  EXPECT_EQ(w.images, std::vector<std::string>{"registry.k8s.io/nginx-slim:0.7"});
  ASSERT_EQ(w.claims.size(), 1u);
  EXPECT_EQ(w.claims[0].name, "www");
  EXPECT_EQ(w.claims[0].storage_bytes, kGi);
  ASSERT_NE(ClassOf(s, w.claims[0]), nullptr);
  EXPECT_EQ(ClassOf(s, w.claims[0])->name, "standard");  // the inline default class
  EXPECT_EQ(w.app.availability.kind, AvailabilityLevel::Kind::kAny);
  EXPECT_EQ(s.node_pools.size(), 4u);
}

// ---------------------------------------------------------------------------------------------
// Manifests written for the tests

constexpr const char* kCluster = R"(cluster:
  nodePools:
    - {name: w, count: 3, zones: [a, b, c]}
storageClasses:
  - {name: local, kind: local, default: true}
)";

// kCluster with cluster.manifests `files`.
std::string ClusterWith(const std::string& files) {
  std::string text = kCluster;
  text.insert(text.find("storageClasses:"), "  manifests: " + files + "\n");
  return text;
}

// A scenario of kCluster with one workload entry whose manifests are `files`.
std::string WithManifests(const std::string& files, const std::string& app = "") {
  return std::string(kCluster) + "workloads:\n  - manifests: " + files + "\n" +
         (app.empty() ? "" : "    app: " + app + "\n");
}

constexpr const char* kStatefulSet = R"(apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  selector:
    matchLabels: {app: db}
  template:
    metadata:
      labels: {app: db}
    spec:
      containers:
      - name: db
        image: db:1
)";

class ManifestTest : public ScenarioFilesTest {};

TEST_F(ManifestTest, AStatefulSetWithOnlyTheRequiredFields) {
  Write("db.yaml", kStatefulSet);
  const Scenario s = MustLoad(WithManifests("db.yaml"));
  ASSERT_EQ(s.workloads.size(), 1u);
  const Workload& w = s.workloads[0];
  EXPECT_EQ(w.name, "db");
  EXPECT_EQ(w.replicas, 1);  // the API's default
  EXPECT_EQ(w.pod_management, PodManagementPolicy::kOrderedReady);
  EXPECT_EQ(w.namespace_name, "default");
  EXPECT_TRUE(w.claims.empty());
  EXPECT_FALSE(w.app.availability_given);
}

// A ReplicaSet written directly is a workload whose pods are replaced at once, as a
// Deployment's; its report names it a ReplicaSet.
TEST_F(ManifestTest, AReplicaSetIsAWorkloadLikeADeployment) {
  Write("rs.yaml", R"(apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: frontend
  labels: {tier: frontend}
spec:
  replicas: 3
  selector:
    matchExpressions:
      - {key: tier, operator: In, values: [frontend]}
  template:
    metadata:
      labels: {tier: frontend}
    spec:
      containers:
      - name: php-redis
        image: us-docker.pkg.dev/google-samples/containers/gke/gb-frontend:v5
        resources: {requests: {cpu: 100m, memory: 100Mi}}
)");
  const Scenario s = MustLoad(WithManifests("rs.yaml"));
  ASSERT_EQ(s.workloads.size(), 1u);
  const Workload& w = s.workloads[0];
  EXPECT_EQ(w.kind, WorkloadKind::kReplicaSet);
  EXPECT_STREQ(WorkloadKindName(w.kind), "ReplicaSet");
  EXPECT_EQ(w.name, "frontend");
  EXPECT_EQ(w.replicas, 3);
  EXPECT_EQ(w.labels.at("tier"), "frontend");
  EXPECT_TRUE(w.claims.empty());
  // A ReplicaSet in cluster.manifests is in the wrong list, as any workload.
  EXPECT_NE(Errors(ClusterWith("rs.yaml")).find("a ReplicaSet belongs in workloads[].manifests"),
            std::string::npos);
}

TEST_F(ManifestTest, APathListAndAFileWithSeveralKinds) {
  Write("db.yaml", kStatefulSet);
  Write("more.yaml", R"(apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  replicas: 4
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web, tier: front}}
    spec:
      hostNetwork: true
      containers:
      - name: web
        image: nginx:1.27
        ports:
        - containerPort: 8080
---
apiVersion: v1
kind: Pod
metadata: {name: debug, labels: {role: debug}}
spec:
  nodeName: w-1
  containers:
  - {name: sh, image: busybox}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: cfg}
data: {a: "1"}
---
)");
  const Scenario s = MustLoad(WithManifests("[db.yaml, more.yaml]", "{availability: any}"));
  ASSERT_EQ(s.workloads.size(), 3u);
  const Workload& web = s.workloads[1];
  EXPECT_EQ(web.name, "web");
  EXPECT_EQ(web.kind, WorkloadKind::kDeployment);
  EXPECT_EQ(web.replicas, 4);
  EXPECT_EQ(web.namespace_name, "shop");
  EXPECT_EQ(web.labels, (Labels{{"app", "web"}, {"tier", "front"}}));
  // hostNetwork makes every container port a host port.
  ASSERT_EQ(web.host_ports.size(), 1u);
  EXPECT_EQ(web.host_ports[0].port, 8080);
  EXPECT_EQ(web.host_ports[0].protocol, "TCP");
  EXPECT_EQ(web.host_ports[0].host_ip, "");
  const Workload& pod = s.workloads[2];
  EXPECT_EQ(pod.name, "debug");
  EXPECT_EQ(pod.kind, WorkloadKind::kPod);
  EXPECT_EQ(pod.replicas, 1);
  EXPECT_EQ(pod.labels, (Labels{{"role", "debug"}}));
  EXPECT_EQ(pod.node_name, "w-1");
  // `app` applies to every workload of the entry.
  for (const Workload& w : s.workloads) {
    EXPECT_EQ(w.app.availability.kind, AvailabilityLevel::Kind::kAny) << w.name;
  }
}

TEST_F(ManifestTest, AKindListAndATypedList) {
  Write("list.yaml", R"(apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Node
  metadata: {name: n1, labels: {failure-domain.beta.kubernetes.io/zone: old-zone}}
  status:
    capacity: {cpu: "2", memory: 8Gi, pods: "58"}
---
apiVersion: v1
kind: NodeList
items:
- metadata: {name: n2}
  spec:
    unschedulable: true
)");
  const Scenario s = MustLoad("cluster:\n  manifests: list.yaml\n");
  ASSERT_EQ(s.node_pools.size(), 2u);
  const NodePool& n1 = s.node_pools[0];
  EXPECT_EQ(n1.NodeName(0), "n1");
  EXPECT_EQ(n1.zones, std::vector<std::string>{"old-zone"});  // the deprecated zone label
  EXPECT_EQ(n1.capacity.cpu_milli, 2000);                     // capacity without allocatable
  EXPECT_EQ(n1.capacity.memory_bytes, 8 * kGi);
  EXPECT_EQ(n1.capacity.pods, 58);
  const NodePool& n2 = s.node_pools[1];
  EXPECT_EQ(n2.NodeName(0), "n2");
  EXPECT_TRUE(n2.zones.empty());
  EXPECT_TRUE(n2.unschedulable);
  // A Node without status has the inline pools' "plenty" capacity.
  EXPECT_EQ(n2.capacity.cpu_milli, 1000000);
  EXPECT_EQ(n2.capacity.pods, 110);
}

TEST_F(ManifestTest, NodesFollowTheInlinePoolsAndFailuresTargetThemByName) {
  Write("nodes.yaml", "apiVersion: v1\nkind: Node\nmetadata: {name: big-1}\n");
  const Scenario s = MustLoad(ClusterWith("nodes.yaml") +
                              "failures:\n"
                              "  - {target: {kind: node, names: [big-1]}, at: 1d}\n");
  ASSERT_EQ(s.node_pools.size(), 2u);
  EXPECT_EQ(s.node_pools[0].name, "w");
  EXPECT_EQ(s.node_pools[1].name, "big-1");
  EXPECT_EQ(s.NodeCount(), 4);
}

TEST_F(ManifestTest, RequestsAreComputedAsKubernetesDoes) {
  Write("pod.yaml", R"(apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  initContainers:
  - name: big-init          # runs alone: 2 CPUs
    image: i
    resources: {requests: {cpu: "2"}}
  - name: sidecar           # restartPolicy Always: runs beside the app containers
    image: s
    restartPolicy: Always
    resources: {requests: {cpu: 100m, memory: 64Mi}}
  - name: late-init         # runs beside the sidecar: 1 + 0.1 CPU
    image: i
    resources: {requests: {cpu: "1"}}
  containers:
  - name: a
    image: a
    resources: {limits: {cpu: 500m, memory: 1Gi}}   # requests default to the limits
  - name: b
    image: b
    resources: {requests: {cpu: 200m}, limits: {memory: 512Mi}}
)");
  const Scenario s = MustLoad(WithManifests("pod.yaml"));
  ASSERT_EQ(s.workloads.size(), 1u);
  const Workload& w = s.workloads[0];
  // cpu: max(500m + 200m + 100m sidecar, 2 CPUs, 1 CPU + 100m) = 2 CPUs;
  // memory: max(1Gi + 512Mi + 64Mi, 64Mi) .
  EXPECT_EQ(w.requests.cpu_milli, 2000);
  EXPECT_EQ(w.requests.memory_bytes, kGi + 512 * kMi + 64 * kMi);
  EXPECT_TRUE(w.requests.has_cpu);
  EXPECT_TRUE(w.requests.has_memory);
  // Non-zero: the init containers count 200Mi of memory each (big-init alone; late-init beside
  // the sidecar's 64Mi), still below the app containers' sum.
  EXPECT_EQ(w.requests.nonzero_cpu_milli, 2000);
  EXPECT_EQ(w.requests.nonzero_memory_bytes, kGi + 512 * kMi + 64 * kMi);
  EXPECT_EQ(w.images, (std::vector<std::string>{"i", "s", "i", "a", "b"}));
}

// kube-scheduler's NonZeroRequested (pkg/scheduler/framework/types.go calculateResource,
// v1.28+): PodRequests with NonMissingContainerRequests {cpu: 100m, memory: 200Mi}, i.e. each
// container's missing request counted as the default, then the same formula as the requests.
TEST_F(ManifestTest, NonZeroRequestsCountEachContainersMissingRequest) {
  Write("d.yaml", R"(apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec:
  selector: {matchLabels: {app: d}}
  template:
    metadata: {labels: {app: d}}
    spec:
      containers:
      - name: app
        image: a
        resources: {requests: {cpu: 500m}}
      - name: helper
        image: h
)");
  const Scenario s = MustLoad(WithManifests("d.yaml"));
  ASSERT_EQ(s.workloads.size(), 1u);
  const ResourceList& r = s.workloads[0].requests;
  EXPECT_EQ(r.cpu_milli, 500);
  EXPECT_EQ(r.memory_bytes, 0);
  EXPECT_TRUE(r.has_cpu);  // by one container of two: the flags alone would score 500m
  EXPECT_FALSE(r.has_memory);
  EXPECT_EQ(r.nonzero_cpu_milli, 600);           // 500m + helper's 100m
  EXPECT_EQ(r.nonzero_memory_bytes, 400 * kMi);  // 200Mi + 200Mi
}

TEST_F(ManifestTest, NonZeroRequestsOfInitContainersLargerThanTheSum) {
  Write("p.yaml", R"(apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  initContainers:
  - name: migrate           # alone: 3 CPUs, 200Mi by default
    image: m
    resources: {requests: {cpu: "3"}}
  - name: warm              # alone: 100m by default, 1Gi
    image: w
    resources: {limits: {memory: 1Gi}}
  - name: proxy             # a sidecar without requests: 100m / 200Mi beside everything after it
    image: p
    restartPolicy: Always
  - name: seed              # beside the proxy: 2 CPUs + 100m, 200Mi + 200Mi
    image: s
    resources: {requests: {cpu: "2"}}
  containers:
  - name: app               # 250m, 200Mi by default
    image: a
    resources: {requests: {cpu: 250m}}
  - name: idle              # 0 requested is not missing: it stays 0
    image: i
    resources: {requests: {cpu: "0", memory: "0"}}
)");
  const Scenario s = MustLoad(WithManifests("p.yaml"));
  ASSERT_EQ(s.workloads.size(), 1u);
  const ResourceList& r = s.workloads[0].requests;
  // Requests: cpu max(250m + 0 + proxy 0, 3, 0, 2 + 0) = 3; memory max(0, 1Gi) = 1Gi.
  EXPECT_EQ(r.cpu_milli, 3000);
  EXPECT_EQ(r.memory_bytes, kGi);
  // Non-zero: app containers and sidecar 250m + 0 + 100m = 350m, 200Mi + 0 + 200Mi = 400Mi;
  // init-time uses 3 / 200Mi, 100m / 1Gi, 100m / 200Mi, 2.1 / 400Mi.
  EXPECT_EQ(r.nonzero_cpu_milli, 3000);
  EXPECT_EQ(r.nonzero_memory_bytes, kGi);
}

TEST_F(ManifestTest, PodOverheadIsAddedToRequestsAndNonZeroRequests) {
  Write("p.yaml", R"(apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  runtimeClassName: kata
  overhead: {cpu: 250m, memory: 120Mi}
  containers:
  - name: app
    image: a
    resources: {requests: {memory: 1Gi}}
)");
  const Scenario s = MustLoad(WithManifests("p.yaml"));
  ASSERT_EQ(s.workloads.size(), 1u);
  const ResourceList& r = s.workloads[0].requests;
  EXPECT_EQ(r.cpu_milli, 250);
  EXPECT_EQ(r.memory_bytes, kGi + 120 * kMi);
  EXPECT_EQ(r.nonzero_cpu_milli, 350);  // the missing cpu request's 100m + the overhead
  EXPECT_EQ(r.nonzero_memory_bytes, kGi + 120 * kMi);
}

TEST_F(ManifestTest, InlineWorkloadsLeaveNonZeroRequestsToTheModel) {
  const Scenario s = MustLoad(std::string(kCluster) +
                              "workloads:\n  - deployment: {name: d, resources: {cpu: 1}}\n");
  ASSERT_EQ(s.workloads.size(), 1u);
  EXPECT_EQ(s.workloads[0].requests.nonzero_cpu_milli, -1);
  EXPECT_EQ(s.workloads[0].requests.nonzero_memory_bytes, -1);
}

TEST_F(ManifestTest, PodAffinityMatchLabelKeysAreMergedWithThePodsLabels) {
  Write("d.yaml", R"(apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec:
  selector: {matchLabels: {app: d}}
  template:
    metadata: {labels: {app: d, version: v2}}
    spec:
      containers: [{name: c, image: c}]
      affinity:
        podAntiAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
          - weight: 50
            podAffinityTerm:
              labelSelector: {matchLabels: {app: d}}
              topologyKey: topology.kubernetes.io/zone
              matchLabelKeys: [version, absent]
              mismatchLabelKeys: [app]
)");
  const Scenario s = MustLoad(WithManifests("d.yaml"));
  ASSERT_EQ(s.workloads.size(), 1u);
  const auto& pref = s.workloads[0].pod_affinity.preferred_anti_affinity;
  ASSERT_EQ(pref.size(), 1u);
  EXPECT_EQ(pref[0].weight, 50);
  ASSERT_TRUE(pref[0].term.label_selector.has_value());
  const auto& exprs = pref[0].term.label_selector->match_expressions;
  ASSERT_EQ(exprs.size(), 2u);  // `absent` is not a label of the pod: nothing added
  EXPECT_EQ(exprs[0].key, "version");
  EXPECT_EQ(exprs[0].op, LabelSelectorRequirement::Op::kIn);
  EXPECT_EQ(exprs[0].values, std::vector<std::string>{"v2"});
  EXPECT_EQ(exprs[1].key, "app");
  EXPECT_EQ(exprs[1].op, LabelSelectorRequirement::Op::kNotIn);
  EXPECT_EQ(exprs[1].values, std::vector<std::string>{"d"});
}

TEST_F(ManifestTest, UnmodelledFieldsOfEveryShapeAreAccepted) {
  Write("db.yaml",
        std::string(kStatefulSet) + R"(        livenessProbe: {httpGet: {path: /, port: 80}}
      - name: sidecar
        image: sidecar:1
        livenessProbe: {exec: {command: ["true"]}}
        env: [{name: A, valueFrom: {fieldRef: {fieldPath: status.podIP}}}]
        command: [sh, -c, "true"]
        securityContext: {runAsUser: 1000}
      volumes: [{name: v, emptyDir: {}}]
      terminationGracePeriodSeconds: 30
  serviceName: db
  updateStrategy: {type: RollingUpdate}
status: {replicas: 1}
)");
  Diagnostics diags;
  const std::optional<Scenario> s = Load(WithManifests("db.yaml"), &diags);
  ASSERT_TRUE(s.has_value()) << diags.ToString();
  EXPECT_EQ(s->workloads.size(), 1u);
  // Of these, the ones that can change the figures are warned about, once per field path
  // (the second container's probe adds nothing); env, command, securityContext, volumes,
  // serviceName and status cannot, and pass without a word.
  EXPECT_EQ(diags.ToString(),
            "db.yaml:15:9: warning: 'spec.template.spec.containers[].livenessProbe' "
            "(StatefulSet) is not modelled: containers are never restarted by a probe\n"
            "db.yaml:23:7: warning: 'spec.template.spec.terminationGracePeriodSeconds' "
            "(StatefulSet) is not modelled: a pod's containers stop at once\n"
            "db.yaml:25:3: warning: 'spec.updateStrategy' (StatefulSet) is not modelled: no "
            "rollout is simulated\n");
}

// ---------------------------------------------------------------------------------------------
// Broken manifests: the exact messages

TEST_F(ManifestTest, MisspeltFieldInAManifest) {
  std::string text = kStatefulSet;
  text.replace(text.find("      containers:"), 0, "      nodeSelecter: {disk: ssd}\n");
  Write("db.yaml", text);
  EXPECT_EQ(Errors(WithManifests("db.yaml")),
            "db.yaml:12:7: error: unknown field 'nodeSelecter' in spec.template.spec (did you mean "
            "'nodeSelector'?); expected one of: volumes, initContainers, containers, "
            "ephemeralContainers, restartPolicy, terminationGracePeriodSeconds, "
            "activeDeadlineSeconds, dnsPolicy, nodeSelector, serviceAccountName, serviceAccount, "
            "automountServiceAccountToken, nodeName, hostNetwork, hostPID, hostIPC, "
            "shareProcessNamespace, securityContext, imagePullSecrets, hostname, subdomain, "
            "affinity, schedulerName, tolerations, hostAliases, priorityClassName, priority, "
            "dnsConfig, readinessGates, runtimeClassName, enableServiceLinks, preemptionPolicy, "
            "overhead, topologySpreadConstraints, setHostnameAsFQDN, os, hostUsers, "
            "schedulingGates, resourceClaims, resources or hostnameOverride\n");
}

TEST_F(ManifestTest, WrongTypeInAManifest) {
  std::string text = kStatefulSet;
  text.replace(text.find("  selector:"), 0, "  replicas: [3]\n");
  Write("db.yaml", text);
  EXPECT_EQ(Errors(WithManifests("db.yaml")),
            "db.yaml:6:13: error: expected a single value for 'spec.replicas', found a list\n");
}

TEST_F(ManifestTest, UnknownKind) {
  Write("x.yaml", "apiVersion: apps/v1\nkind: StatefullSet\nmetadata: {name: x}\n");
  EXPECT_EQ(
      Errors(WithManifests("x.yaml")),
      "x.yaml:2:7: error: unknown kind 'StatefullSet' (did you mean 'StatefulSet'?); "
      "expected one of: Node, StatefulSet, Deployment, ReplicaSet, Pod, StorageClass, Service, "
      "PodDisruptionBudget, ConfigMap, Secret, Namespace, ServiceAccount, "
      "PersistentVolumeClaim, PersistentVolume or List\n");
}

TEST_F(ManifestTest, KnownButUnsupportedKind) {
  Write("x.yaml", "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: x}\n");
  EXPECT_EQ(Errors(WithManifests("x.yaml")),
            "x.yaml:2:7: error: kind 'DaemonSet' is not supported by this version yet; expected "
            "one of: Node, StatefulSet, Deployment, ReplicaSet, Pod, StorageClass, Service, "
            "PodDisruptionBudget, ConfigMap, Secret, Namespace, ServiceAccount, "
            "PersistentVolumeClaim, PersistentVolume or List\n");
}

TEST_F(ManifestTest, WrongApiVersionAndMissingKind) {
  Write("x.yaml",
        "apiVersion: apps/v1beta2\nkind: StatefulSet\nmetadata: {name: x}\n---\n"
        "apiVersion: v1\nmetadata: {name: y}\n");
  EXPECT_EQ(Errors(WithManifests("x.yaml")),
            "x.yaml:1:13: error: 'apiVersion': a StatefulSet is apps/v1, not 'apps/v1beta2'; "
            "expected apiVersion: apps/v1\n"
            "x.yaml:5:1: error: the object has no kind; expected a Kubernetes object with "
            "apiVersion and kind (Node, StatefulSet, Deployment, ReplicaSet, Pod, StorageClass, "
            "Service, "
            "PodDisruptionBudget, ConfigMap, Secret, Namespace, ServiceAccount, "
            "PersistentVolumeClaim, PersistentVolume or List)\n");
}

TEST_F(ManifestTest, ObjectsInTheWrongList) {
  Write("db.yaml", kStatefulSet);
  Write("n.yaml", "apiVersion: v1\nkind: Node\nmetadata: {name: n}\n");
  EXPECT_EQ(Errors("cluster:\n  manifests: db.yaml\nworkloads:\n  - manifests: n.yaml\n"),
            "db.yaml:2:7: error: a StatefulSet belongs in workloads[].manifests, not in "
            "cluster.manifests\n"
            "n.yaml:2:7: error: a Node belongs in cluster.manifests, not in "
            "workloads[0].manifests\n");
}

TEST_F(ManifestTest, MissingFile) {
  EXPECT_EQ(Errors(WithManifests("[db.yaml]")),
            "s.yaml:7:17: error: 'workloads[0].manifests': cannot open 'db.yaml': No such file "
            "or directory\n");
}

TEST_F(ManifestTest, MissingFileInASubdirectoryOfTheScenario) {
  Write("sub/s.yaml", WithManifests("[db.yaml, other.yaml]"));
  Write("sub/db.yaml", kStatefulSet);
  Diagnostics diags;
  EXPECT_FALSE(LoadScenarioFile("sub/s.yaml", {}, &diags).has_value());
  EXPECT_EQ(diags.ToString(),
            "sub/s.yaml:7:26: error: 'workloads[0].manifests[1]': cannot open 'sub/other.yaml': "
            "No such file or directory\n");
}

// Found by the fuzzer: yaml-cpp 0.7's LoadAll never returns on a stream that starts with ','
// (and reads ']' there as an empty document); a manifest file like that is a syntax error at
// its place, also after other documents.
TEST_F(ManifestTest, AManifestDocumentThatStartsWithACommaIsASyntaxError) {
  Write("x.yaml", std::string(kStatefulSet) + "---\n,\n");
  EXPECT_EQ(Errors(WithManifests("x.yaml")),
            "x.yaml:16:1: error: YAML syntax error: a value cannot start with ','\n");
}

TEST_F(ManifestTest, YamlSyntaxErrorInAManifest) {
  Write("db.yaml", "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  labels: {a: b\n");
  EXPECT_EQ(Errors(WithManifests("db.yaml")),
            "db.yaml:4:11: error: YAML syntax error: this '{' is never closed (expected a "
            "matching '}')\n");
}

TEST_F(ManifestTest, BadOperatorInAManifest) {
  std::string text = kStatefulSet;
  text.replace(text.find("      containers:"), 0,
               "      affinity:\n"
               "        podAffinity:\n"
               "          requiredDuringSchedulingIgnoredDuringExecution:\n"
               "          - labelSelector:\n"
               "              matchExpressions: [{key: app, operator: Equals, values: [x]}]\n"
               "            topologyKey: kubernetes.io/hostname\n");
  Write("db.yaml", text);
  EXPECT_EQ(Errors(WithManifests("db.yaml")),
            "db.yaml:16:55: error: 'spec.template.spec.affinity.podAffinity."
            "requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector.matchExpressions[0]."
            "operator': unknown value 'Equals'; expected In, NotIn, Exists or DoesNotExist\n");
}

TEST_F(ManifestTest, MaxSkewZeroInAManifest) {
  std::string text = kStatefulSet;
  text.replace(text.find("      containers:"), 0,
               "      topologySpreadConstraints:\n"
               "      - {maxSkew: 0, topologyKey: zone, whenUnsatisfiable: DoNotSchedule}\n");
  Write("db.yaml", text);
  EXPECT_EQ(Errors(WithManifests("db.yaml")),
            "db.yaml:13:19: error: 'spec.template.spec.topologySpreadConstraints[0].maxSkew': "
            "must be greater than zero (found '0')\n");
}

TEST_F(ManifestTest, ValueErrorsInSeveralFilesComeFileByFileInLineOrder) {
  std::string text = kStatefulSet;
  text.replace(text.find("  selector:"), 0, "  replicas: lots\n");
  text.replace(text.find("        image: db:1"), 0, "        resources: {requests: {cpu: 2x}}\n");
  Write("a.yaml", text);
  Write("b.yaml",
        "apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata: {name: s}\n"
        "provisioner: p\nvolumeBindingMode: Later\n");
  EXPECT_EQ(
      Errors(ClusterWith("b.yaml") +
             "workloads:\n  - manifests: a.yaml\n    app: {availability: everything}\n"),
      "s.yaml:9:25: error: 'workloads[0].app.availability': unknown value 'everything'; expected "
      "all, quorum, any or <integer>\n"
      "b.yaml:5:20: error: 'volumeBindingMode': unknown value 'Later'; expected Immediate or "
      "WaitForFirstConsumer\n"
      "a.yaml:6:13: error: 'spec.replicas': expected a whole number (found 'lots')\n"
      "a.yaml:15:37: error: 'spec.template.spec.containers[0].resources.requests.cpu': unknown "
      "suffix 'x' (expected n, u, m, k, M, G, T, P, E, Ki, Mi, Gi, Ti, Pi or Ei, or an exponent "
      "such as e3); expected CPUs such as 2 or 500m (found '2x')\n");
}

TEST_F(ManifestTest, SelectorMustMatchTheTemplate) {
  std::string text = kStatefulSet;
  text.replace(text.find("matchLabels: {app: db}"), 22, "matchLabels: {app: other}");
  Write("db.yaml", text);
  EXPECT_EQ(Errors(WithManifests("db.yaml")),
            "db.yaml:7:5: error: 'spec.selector' does not match the template's labels "
            "(spec.template.metadata.labels)\n");
}

TEST_F(ManifestTest, ClaimWithoutAClassNeedsADefaultClass) {
  Write("db.yaml", std::string(kStatefulSet) +
                       "  volumeClaimTemplates:\n"
                       "  - metadata: {name: data}\n"
                       "    spec: {resources: {requests: {storage: 1Gi}}}\n");
  EXPECT_EQ(Errors("cluster: {nodePools: [{count: 1}]}\nworkloads:\n  - manifests: db.yaml\n"),
            "db.yaml:17:11: error: 'spec.volumeClaimTemplates[0].spec': the claim names no "
            "storageClassName and the scenario has no default storage class; mark one with "
            "default: true in storageClasses, or give a StorageClass manifest the annotation "
            "storageclass.kubernetes.io/is-default-class: \"true\"\n");
}

TEST_F(ManifestTest, RequestAboveItsLimit) {
  std::string text = kStatefulSet;
  text.replace(text.find("        image: db:1"), 0,
               "        resources: {requests: {memory: 2Gi}, limits: {memory: 1Gi}}\n");
  Write("db.yaml", text);
  EXPECT_EQ(Errors(WithManifests("db.yaml")),
            "db.yaml:14:40: error: 'spec.template.spec.containers[0].resources.requests.memory' "
            "(2Gi) must be at most the memory limit (1Gi)\n");
}

TEST_F(ManifestTest, WorkloadNamesStayUnique) {
  Write("db.yaml", kStatefulSet);
  EXPECT_EQ(Errors(std::string(kCluster) + "workloads:\n"
                                           "  - deployment: {name: db}\n"
                                           "  - manifests: db.yaml\n"),
            "db.yaml:4:9: error: 'metadata.name': workload name 'db' is used twice\n");
}

TEST_F(ManifestTest, ANodeMayNotTakeTheNameOfAPoolsNode) {
  Write("n.yaml", "apiVersion: v1\nkind: Node\nmetadata: {name: w-2}\n");
  EXPECT_EQ(Errors(ClusterWith("n.yaml")),
            "n.yaml:3:18: error: 'metadata.name': node 'w-2' is already a node of node pool 'w'; "
            "expected another name\n");
}

TEST_F(ManifestTest, AnEntryWhoseManifestsDefineNoWorkload) {
  Write("svc.yaml", "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {ports: []}\n");
  EXPECT_EQ(Errors(WithManifests("svc.yaml")),
            "s.yaml:7:16: error: 'workloads[0].manifests' define no StatefulSet, Deployment or "
            "Pod; expected at least one workload (put files of other objects in "
            "cluster.manifests)\n");
}

TEST_F(ManifestTest, AvailabilityCountIsCheckedPerWorkload) {
  Write("db.yaml", kStatefulSet);
  EXPECT_EQ(Errors(WithManifests("db.yaml", "{availability: 2}")),
            "s.yaml:8:25: error: 'workloads[0].app.availability' asks for 2 ready replicas but "
            "workload 'db' has 1 (expected at most 1, or all, quorum or any)\n");
}

// A budget's selector against the workloads of its namespace; percentages round up; a budget
// that selects nothing is a warning; two budgets on one workload a warning about drains.
TEST_F(ManifestTest, DisruptionBudgetsSelectWorkloadsInTheirNamespace) {
  Write("apps.yaml", R"(apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  replicas: 4
  serviceName: db
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db, tier: data}}
    spec: {containers: [{name: db, image: db}]}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: db-pdb}
spec:
  minAvailable: 60%
  selector: {matchExpressions: [{key: tier, operator: In, values: [data]}]}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: other-ns, namespace: prod}
spec:
  maxUnavailable: 1
  selector: {matchLabels: {app: db}}
)");
  Diagnostics diags;
  std::optional<Scenario> s = Load(R"(
cluster: {nodePools: [{name: n, count: 3}]}
workloads: [{manifests: apps.yaml}]
)",
                                   &diags);
  ASSERT_TRUE(s.has_value()) << diags.ToString();
  ASSERT_EQ(s->disruption_budgets.size(), 2u);
  EXPECT_EQ(s->disruption_budgets[0].workloads, std::vector<uint32_t>{0});
  EXPECT_EQ(s->disruption_budgets[0].DesiredHealthy(4), 3);  // 60% of 4 = 2.4, rounded up
  EXPECT_TRUE(s->disruption_budgets[1].workloads.empty());   // another namespace
  // The required level follows the one budget: 3 of 4.
  EXPECT_TRUE(s->workloads[0].app.availability_given);
  EXPECT_EQ(s->workloads[0].app.availability.Required(4), 3);
  EXPECT_NE(diags.ToString().find("PodDisruptionBudget 'other-ns' selects no workload's pods"),
            std::string::npos)
      << diags.ToString();
}

}  // namespace
}  // namespace clustersim
