// PersistentVolumeClaims and the pod volumes that mount them: a claim with access mode
// ReadWriteOncePod that a workload's pods mount is listed in Workload::rwop_claims, which
// kube-scheduler's VolumeRestrictions plugin reads. Claims come from PersistentVolumeClaim
// manifests (in cluster.manifests or any workload entry's) or from cluster.persistentVolumeClaims;
// volumes from manifests' pod specs or from inline workloads' `volumes`.
#include <gtest/gtest.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "clustersim/scenario/diagnostics.h"
#include "clustersim/scenario/loader.h"
#include "clustersim/scenario/scenario.h"
#include "scenario/scenario_files.h"

namespace clustersim {
namespace {

using Claims = std::vector<std::string>;

constexpr const char* kCluster = R"(cluster:
  nodePools:
    - {name: w, count: 3, zones: [a, b, c]}
storageClasses:
  - {name: local, kind: local, default: true}
)";

// A scenario of kCluster (with `cluster_extra` lines in its cluster section) and one workload
// entry whose manifests are `files`.
std::string WithManifests(const std::string& files, const std::string& cluster_extra = "") {
  std::string text = kCluster;
  text.insert(text.find("storageClasses:"), cluster_extra);
  return text + "workloads:\n  - manifests: " + files + "\n";
}

// A claim named `name` with the given access modes (a YAML flow list).
std::string Claim(const std::string& name, const std::string& modes, const std::string& ns = "") {
  return "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: " + name +
         (ns.empty() ? "" : ", namespace: " + ns) + "}\nspec:\n  accessModes: " + modes +
         "\n  resources: {requests: {storage: 1Gi}}\n";
}

// A Deployment of 2 replicas whose pods mount the claim `claim` as volume `data`.
std::string Deployment(const std::string& claim) {
  return R"(apiVersion: apps/v1
kind: Deployment
metadata: {name: app}
spec:
  replicas: 2
  selector: {matchLabels: {app: app}}
  template:
    metadata: {labels: {app: app}}
    spec:
      containers:
      - name: app
        image: app:1
        volumeMounts: [{name: data, mountPath: /data}]
      volumes:
      - name: data
        persistentVolumeClaim:
          claimName: )" +
         claim + "\n";
}

class VolumeClaimsTest : public ScenarioFilesTest {
 protected:
  // The only workload of a scenario that must load without any diagnostic.
  Workload LoadOne(const std::string& scenario) {
    Diagnostics diags;
    std::optional<Scenario> s = Load(scenario, &diags);
    EXPECT_TRUE(s.has_value()) << diags.ToString();
    EXPECT_EQ(diags.ToString(), "");
    if (!s || s->workloads.size() != 1) {
      ADD_FAILURE() << "expected one workload";
      return Workload{};
    }
    return s->workloads[0];
  }
  // The diagnostics of a scenario that loads, with warnings only.
  std::string Warnings(const std::string& scenario, Scenario* out) {
    Diagnostics diags;
    std::optional<Scenario> s = Load(scenario, &diags);
    EXPECT_TRUE(s.has_value()) << diags.ToString();
    EXPECT_FALSE(diags.has_errors());
    if (s) *out = *s;
    return diags.ToString();
  }
};

// ---------------------------------------------------------------------------------------------
// Manifests

TEST_F(VolumeClaimsTest, ADeploymentMountingAReadWriteOncePodClaim) {
  Write("app.yaml", Claim("shared", "[ReadWriteOncePod]") + "---\n" + Deployment("shared"));
  const Workload w = LoadOne(WithManifests("app.yaml"));
  EXPECT_EQ(w.kind, WorkloadKind::kDeployment);
  EXPECT_EQ(w.replicas, 2);
  EXPECT_EQ(w.rwop_claims, Claims{"shared"});
}

TEST_F(VolumeClaimsTest, TheClaimMayBeInTheClusterManifests) {
  Write("claims.yaml", Claim("shared", "[ReadWriteOncePod]"));
  Write("app.yaml", Deployment("shared"));
  const Workload w = LoadOne(WithManifests("app.yaml", "  manifests: claims.yaml\n"));
  EXPECT_EQ(w.rwop_claims, Claims{"shared"});
}

TEST_F(VolumeClaimsTest, AReadWriteOnceClaimIsNotListed) {
  Write("app.yaml", Claim("shared", "[ReadWriteOnce]") + "---\n" + Deployment("shared"));
  EXPECT_TRUE(LoadOne(WithManifests("app.yaml")).rwop_claims.empty());
  Write("app.yaml",
        Claim("shared", "[ReadWriteMany, ReadOnlyMany]") + "---\n" + Deployment("shared"));
  EXPECT_TRUE(LoadOne(WithManifests("app.yaml")).rwop_claims.empty());
}

TEST_F(VolumeClaimsTest, AClaimNameThatNoClaimDefinesIsAWarning) {
  Write("app.yaml", Claim("shared", "[ReadWriteOncePod]") + "---\n" + Deployment("shard"));
  Scenario s;
  EXPECT_EQ(Warnings(WithManifests("app.yaml"), &s),
            "app.yaml:24:22: warning: "
            "'spec.template.spec.volumes[0].persistentVolumeClaim.claimName': no "
            "PersistentVolumeClaim named 'shard' in namespace 'default' (did you mean "
            "'shared'?); the volume is not modelled (on a real cluster the pod would stay "
            "Pending until the claim exists); define the claim in "
            "cluster.persistentVolumeClaims or as a PersistentVolumeClaim manifest\n");
  ASSERT_EQ(s.workloads.size(), 1u);
  EXPECT_TRUE(s.workloads[0].rwop_claims.empty());
}

TEST_F(VolumeClaimsTest, AClaimOfAnotherNamespaceIsNotThePodsClaim) {
  Write("app.yaml",
        Claim("shared", "[ReadWriteOncePod]", "other") + "---\n" + Deployment("shared"));
  Scenario s;
  EXPECT_NE(Warnings(WithManifests("app.yaml"), &s)
                .find("no PersistentVolumeClaim named "
                      "'shared' in namespace 'default'"),
            std::string::npos);
  ASSERT_EQ(s.workloads.size(), 1u);
  EXPECT_TRUE(s.workloads[0].rwop_claims.empty());
}

TEST_F(VolumeClaimsTest, PodsAndStatefulSetsMountClaimsToo) {
  Write("app.yaml", Claim("lock", "ReadWriteOncePod") + R"(---
apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers: [{name: c, image: c}]
  volumes:
  - {name: a, persistentVolumeClaim: {claimName: lock, readOnly: true}}
  - {name: b, persistentVolumeClaim: {claimName: lock}}
  - {name: c, emptyDir: {}}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      containers: [{name: db, image: db}]
      volumes:
      - {name: shared, persistentVolumeClaim: {claimName: lock}}
      - {name: data, persistentVolumeClaim: {claimName: lock}}
  volumeClaimTemplates:
  - metadata: {name: data}
    spec:
      accessModes: [ReadWriteOncePod]
      resources: {requests: {storage: 1Gi}}
)");
  Diagnostics diags;
  const std::optional<Scenario> s = Load(WithManifests("app.yaml"), &diags);
  ASSERT_TRUE(s.has_value()) << diags.ToString();
  EXPECT_EQ(diags.ToString(), "");
  ASSERT_EQ(s->workloads.size(), 2u);
  EXPECT_EQ(s->workloads[0].rwop_claims, Claims{"lock"});  // listed once
  // The volume named like the claim template is replaced by each pod's own claim `data-db-<i>`
  // (one claim per pod: nothing to share); the other mounts `lock`.
  EXPECT_EQ(s->workloads[1].rwop_claims, Claims{"lock"});
}

// ---------------------------------------------------------------------------------------------
// Inline

TEST_F(VolumeClaimsTest, InlineClaimsAndVolumes) {
  const std::string scenario = std::string(kCluster) + R"(workloads:
  - deployment:
      name: web
      replicas: 2
      volumes: [{name: data, persistentVolumeClaim: {claimName: shared}}]
  - deployment:
      name: batch
      namespace: jobs
      volumes:
      - {name: data, persistentVolumeClaim: {claimName: shared}}
      - {name: scratch, persistentVolumeClaim: {claimName: scratch}}
)";
  std::string text = scenario;
  text.insert(text.find("storageClasses:"), R"(  persistentVolumeClaims:
    - {name: shared, accessModes: [ReadWriteOncePod]}
    - {name: shared, namespace: jobs, accessModes: ReadWriteOncePod}
    - {name: scratch, namespace: jobs, accessModes: [ReadWriteOnce]}
)");
  const Scenario s = MustLoad(text);
  ASSERT_EQ(s.workloads.size(), 2u);
  EXPECT_EQ(s.workloads[0].rwop_claims, Claims{"shared"});
  EXPECT_EQ(s.workloads[1].rwop_claims, Claims{"shared"});  // jobs/shared, not default/shared
}

TEST_F(VolumeClaimsTest, AManifestsPodMayMountAnInlineClaim) {
  Write("app.yaml", Deployment("shared"));
  const Workload w = LoadOne(WithManifests(
      "app.yaml", "  persistentVolumeClaims: [{name: shared, accessModes: [ReadWriteOncePod]}]\n"));
  EXPECT_EQ(w.rwop_claims, Claims{"shared"});
}

TEST_F(VolumeClaimsTest, InlineErrors) {
  std::string text = std::string(kCluster) + R"(workloads:
  - deployment:
      name: web
      volumes:
      - {name: data, persistentVolumeClaim: {claimName: shared}}
      - {name: data, persistentVolumeClaim: {claimName: shared}}
      - {name: Cache, persistentVolumeClaim: {claimName: shared}}
      - {name: tmp}
      - {name: x, persistentVolumeClaim: {readOnly: maybe}}
)";
  text.insert(text.find("storageClasses:"), R"(  persistentVolumeClaims:
    - {name: shared, accessModes: [ReadWriteOncePod]}
    - {name: shared, accessModes: [ReadWriteOnce]}
    - {name: Bad_Name, accessModes: [ReadWriteOnce]}
    - {name: nomodes}
    - {name: mixed, accessModes: [ReadWriteOnce, ReadWriteOncePod]}
    - {name: typo, accessModes: [ReadWriteOnse]}
)");
  EXPECT_EQ(
      Errors(text),
      "s.yaml:6:14: error: 'cluster.persistentVolumeClaims[1].name': PersistentVolumeClaim "
      "'shared' in namespace 'default' is defined twice\n"
      "s.yaml:7:14: error: 'cluster.persistentVolumeClaims[2].name': invalid name 'Bad_Name': "
      "it must be lower-case letters, digits, '-' and '.', each part between dots beginning and "
      "ending with a letter or digit\n"
      "s.yaml:8:7: error: 'cluster.persistentVolumeClaims[3]' needs accessModes (one or more of "
      "ReadWriteOnce, ReadOnlyMany, ReadWriteMany, ReadWriteOncePod)\n"
      "s.yaml:9:34: error: 'cluster.persistentVolumeClaims[4].accessModes': ReadWriteOncePod may "
      "not be combined with other access modes; expected [ReadWriteOncePod] alone\n"
      "s.yaml:10:34: error: 'cluster.persistentVolumeClaims[5].accessModes[0]': unknown value "
      "'ReadWriteOnse' (did you mean 'ReadWriteOnce'?); expected ReadWriteOnce, ReadOnlyMany, "
      "ReadWriteMany or ReadWriteOncePod\n"
      "s.yaml:18:16: error: 'workloads[0].deployment.volumes[1].name': volume name 'data' is "
      "used twice in the pod; expected each name once\n"
      "s.yaml:19:16: error: 'workloads[0].deployment.volumes[2].name': invalid volume name "
      "'Cache': it may hold only lower-case letters, digits and '-', beginning and ending with "
      "a letter or digit\n"
      "s.yaml:20:9: error: 'workloads[0].deployment.volumes[3]' needs a persistentVolumeClaim "
      "({claimName: <claim>}): inline workloads mount only claims; other volumes are not "
      "modelled\n"
      "s.yaml:21:42: error: 'workloads[0].deployment.volumes[4].persistentVolumeClaim' needs a "
      "claimName (the name of a PersistentVolumeClaim in the pod's namespace)\n"
      "s.yaml:21:53: error: 'workloads[0].deployment.volumes[4].persistentVolumeClaim.readOnly': "
      "expected true or false (found 'maybe')\n");
}

// ---------------------------------------------------------------------------------------------
// Broken manifests

TEST_F(VolumeClaimsTest, ClaimManifestErrors) {
  Write("c.yaml", Claim("a", "[ReadWriteOncePod]") + R"(---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: b}
spec:
  accessModes: [ReadWriteOncePod, ReadOnlyMany]
  volumeMode: Raw
  selector: {matchLabels: {tier: "-x"}}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: c, namespace: Team}
spec:
  resources: {requests: {storage: 0}}
---
)" + Claim("a", "[ReadWriteOnce]"));
  // `b` has errors, yet it is a claim: the pods that mount it get no "no such claim" warning.
  Write("app.yaml", Deployment("b"));
  EXPECT_EQ(Errors(WithManifests("app.yaml", "  manifests: c.yaml\n")),
            "c.yaml:12:3: error: 'spec' needs resources.requests.storage (the claim's size, e.g. "
            "10Gi)\n"
            "c.yaml:12:16: error: 'spec.accessModes': ReadWriteOncePod may not be combined with "
            "other access modes; expected [ReadWriteOncePod] alone\n"
            "c.yaml:13:15: error: 'spec.volumeMode': unknown value 'Raw'; expected Filesystem or "
            "Block\n"
            "c.yaml:14:34: error: 'spec.selector.matchLabels.tier': invalid label value '-x': it "
            "must begin and end with a letter or digit\n"
            "c.yaml:18:32: error: 'metadata.namespace': invalid namespace name 'Team': it may hold "
            "only lower-case letters, digits and '-', beginning and ending with a letter or "
            "digit\n"
            "c.yaml:20:3: error: 'spec' needs accessModes (one or more of ReadWriteOnce, "
            "ReadOnlyMany, ReadWriteMany, ReadWriteOncePod)\n"
            "c.yaml:20:35: error: 'spec.resources.requests.storage': must be greater than zero "
            "(found '0')\n"
            "c.yaml:24:18: error: 'metadata.name': PersistentVolumeClaim 'a' in namespace "
            "'default' is defined twice\n");
}

TEST_F(VolumeClaimsTest, MisspeltFieldsInAClaimAndAVolume) {
  Write("c.yaml", R"(apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: a}
spec:
  accesModes: [ReadWriteOncePod]
  dataSource: {kind: VolumeSnapshot, nam: snap, apiGroup: snapshot.storage.k8s.io}
  resources: {requests: {storage: 1Gi}}
)");
  Write("app.yaml", Deployment("a") +
                        "      - {name: typo, persistentVolumeClaim: {claimNme: a}}\n"
                        "      - {name: ok, emptyDir: {sizeLimit: 1Gi}, hostpath: {path: /x}}\n");
  EXPECT_EQ(Errors(WithManifests("app.yaml", "  manifests: c.yaml\n")),
            "c.yaml:5:3: error: unknown field 'accesModes' in spec (did you mean 'accessModes'?); "
            "expected one of: accessModes, selector, resources, volumeName, storageClassName, "
            "volumeMode, dataSource, dataSourceRef or volumeAttributesClassName\n"
            "c.yaml:6:38: error: unknown field 'nam' in spec.dataSource (did you mean 'name'?); "
            "expected one of: apiGroup, kind or name\n"
            "app.yaml:18:46: error: unknown field 'claimNme' in "
            "spec.template.spec.volumes[1].persistentVolumeClaim (did you mean 'claimName'?); "
            "expected one of: claimName or readOnly\n"
            "app.yaml:19:48: error: unknown field 'hostpath' in spec.template.spec.volumes[2] (did "
            "you mean 'hostPath'?); expected one of: name, hostPath, emptyDir, gcePersistentDisk, "
            "awsElasticBlockStore, gitRepo, secret, nfs, iscsi, glusterfs, persistentVolumeClaim, "
            "rbd, flexVolume, cinder, cephfs, flocker, downwardAPI, fc, azureFile, configMap, "
            "vsphereVolume, quobyte, azureDisk, photonPersistentDisk, projected, portworxVolume, "
            "scaleIO, storageos, csi, ephemeral or image\n");
}

TEST_F(VolumeClaimsTest, VolumeErrorsInAManifest) {
  Write("app.yaml", Claim("shared", "[ReadWriteOncePod]") + "---\n" + Deployment("shared") +
                        R"(      - {name: data, emptyDir: {}}
      - {name: empty}
      - {name: two, configMap: {name: c}, secret: {secretName: s}}
      - {name: nameless-claim, persistentVolumeClaim: {}}
      - {persistentVolumeClaim: {claimName: shared}}
)");
  EXPECT_EQ(Errors(WithManifests("app.yaml")),
            "app.yaml:25:16: error: 'spec.template.spec.volumes[1].name': volume name 'data' is "
            "used twice in the pod; expected each name once\n"
            "app.yaml:26:9: error: 'spec.template.spec.volumes[2]' needs a volume source (one of "
            "persistentVolumeClaim, emptyDir, configMap, secret, hostPath, ... as in core/v1 "
            "Volume)\n"
            "app.yaml:27:9: error: 'spec.template.spec.volumes[3]' has 2 volume sources (secret, "
            "configMap); expected exactly one\n"
            "app.yaml:28:55: error: 'spec.template.spec.volumes[4].persistentVolumeClaim' needs a "
            "claimName (the name of a PersistentVolumeClaim in the pod's namespace)\n"
            "app.yaml:29:9: error: 'spec.template.spec.volumes[5]' needs a name\n");
}

TEST_F(VolumeClaimsTest, TheRwopExampleScenario) {
  if (SourceDir().empty()) GTEST_SKIP() << "CLUSTERSIM_SOURCE_DIR is not set; run through ctest";
  Diagnostics diags;
  const std::filesystem::path path =
      std::filesystem::path(SourceDir()) / "tests/testdata/manifests/rwop-scenario.yaml";
  const std::optional<Scenario> s = LoadScenarioFile(path.string(), {}, &diags);
  ASSERT_TRUE(s.has_value()) << diags.ToString();
  // Only the class field that is not modelled is mentioned (its parameters only choose between
  // zonal and regional, and type: gp3 is neither).
  const std::string dir = std::filesystem::path(SourceDir()) / "tests/testdata/manifests";
  EXPECT_EQ(diags.ToString(),
            dir +
                "/../../../scenarios/manifests/storage.yaml:13:1: warning: 'reclaimPolicy' "
                "(StorageClass) is not modelled: a released volume is what its PersistentVolume's "
                "persistentVolumeReclaimPolicy says\n");
  ASSERT_EQ(s->workloads.size(), 1u);
  const Workload& w = s->workloads[0];
  EXPECT_EQ(w.name, "reports");
  EXPECT_EQ(w.kind, WorkloadKind::kDeployment);
  EXPECT_EQ(w.replicas, 2);
  EXPECT_EQ(w.rwop_claims, Claims{"reports-data"});
  // 250m + the log shipper's default 100m; 200Mi + 200Mi by default.
  EXPECT_EQ(w.requests.cpu_milli, 250);
  EXPECT_EQ(w.requests.memory_bytes, 0);
  EXPECT_EQ(w.requests.nonzero_cpu_milli, 350);
  EXPECT_EQ(w.requests.nonzero_memory_bytes, int64_t{400} << 20);
}

}  // namespace
}  // namespace clustersim
