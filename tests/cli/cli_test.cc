// The clustersim command on good input: validate is silent, run reports on stdout or writes the
// report to -o atomically, and list lists. (Bad input: bad_scenarios_test.cc.)
#include <gtest/gtest.h>

#include <boost/property_tree/json_parser.hpp>
#include <boost/property_tree/ptree.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cli/cli_runner.h"
#include "cli/json.h"

namespace clustersim::testing_cli {
namespace {

namespace fs = std::filesystem;
namespace pt = boost::property_tree;

const std::string kQuickstart = "scenarios/quickstart.yaml";

TEST(CliTest, ValidateGoodScenarioIsSilent) {
  const CliResult r = RunCli({"validate", kQuickstart});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "");
}

TEST(CliTest, ValidateAcceptsAGoodOverride) {
  const CliResult r = RunCli({"validate", kQuickstart, "--set", "cluster.nodePools[0].count=5",
                              "--set", "policies.failover={name: out-of-service, after: 2m}"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "");
}

TEST(CliTest, RunJsonHasTheDocumentedKeys) {
  const CliResult r = RunCli({"run", kQuickstart, "-f", "json", "-r", "4", "-j", "1"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  const pt::ptree report = ParseJson(r.out);
  for (const char* key :
       {"scenario", "seed", "replications", "horizonSeconds", "workloads", "cluster", "run"}) {
    EXPECT_EQ(report.count(key), 1u) << "top-level key " << key;
  }
  EXPECT_EQ(report.get<std::string>("scenario", ""), "quickstart");
  EXPECT_EQ(report.get<int>("seed", -1), 42);
  EXPECT_EQ(report.get<int>("replications", -1), 4);  // -r overrides simulation.replications
  EXPECT_DOUBLE_EQ(report.get<double>("horizonSeconds", -1), 365.0 * 24 * 3600);

  const auto workloads = report.get_child_optional("workloads");
  ASSERT_TRUE(workloads.has_value());
  ASSERT_EQ(workloads->size(), 1u);
  const pt::ptree& w = workloads->front().second;
  EXPECT_EQ(w.get<std::string>("name", ""), "my-statefulset");
  EXPECT_EQ(w.get<int>("replicas", -1), 3);
  for (const char* key :
       {"availability", "downtimeMinutesPerYear", "outages", "recoverySeconds", "dataLoss"}) {
    EXPECT_EQ(w.count(key), 1u) << "workload key " << key;
  }
  for (const char* level : {"all", "quorum", "any", "required"}) {
    for (const char* stat : {"mean", "ci95Low", "ci95High"}) {
      const std::string path = std::string("availability.") + level + "." + stat;
      EXPECT_TRUE(w.get_optional<double>(path).has_value()) << path;
    }
    EXPECT_TRUE(w.get_optional<double>(std::string("outages.") + level + ".perYear"))
        << "outages." << level << ".perYear";
  }
  const double quorum = w.get<double>("availability.quorum.mean", -1);
  EXPECT_GE(quorum, 0.0);
  EXPECT_LE(quorum, 1.0);
  for (const char* key : {"nodeFailures", "podEvictions", "schedulingFailures"}) {
    EXPECT_TRUE(report.get_optional<double>(std::string("cluster.") + key)) << key;
  }
  EXPECT_GE(report.get<double>("run.events", -1), 1.0);
}

// Every example scenario is valid as shipped.
TEST(CliTest, EveryShippedScenarioValidates) {
  int seen = 0;
  for (const auto& entry : fs::directory_iterator(fs::path(SourceDir()) / "scenarios")) {
    if (entry.path().extension() != ".yaml") continue;
    ++seen;
    const CliResult r = RunCli({"validate", "scenarios/" + entry.path().filename().string()});
    EXPECT_EQ(r.exit_code, 0) << entry.path() << "\n" << r.err;
    // Scenarios written for clustersim load silently; those that read upstream manifests may
    // say what the manifests hold that is not modelled (tests/scenario/manifests_test.cc checks
    // exactly what), but nothing else.
    const bool reads_manifests = ReadFile(entry.path()).find("manifests: ") != std::string::npos;
    if (!reads_manifests) {
      EXPECT_EQ(r.err, "") << entry.path();
    } else {
      std::istringstream lines(r.err);
      for (std::string line; std::getline(lines, line);) {
        EXPECT_TRUE(line.find(": warning: ") != std::string::npos ||
                    line.find(": note: ") != std::string::npos)
            << entry.path() << ": " << line;
      }
    }
  }
  EXPECT_GE(seen, 11);
}

// The data scenario end to end: a leader-elected StatefulSet reports its leaderless time, its
// recovery split (which adds up), and rebuilding from peers after 30 minutes loses far less
// quorum time than waiting days for a replaced machine (same failures: the streams are per
// failure target).
TEST(CliTest, DataScenarioComparesRecoveryPolicies) {
  const std::string file = "scenarios/zookeeper-data.yaml";
  const CliResult rebuild = RunCli({"run", file, "-f", "json", "-r", "12", "-j", "1"});
  ASSERT_EQ(rebuild.exit_code, 0) << rebuild.err;
  const pt::ptree a = ParseJson(rebuild.out).get_child("workloads").begin()->second;
  EXPECT_GT(a.get<double>("leaderlessMinutesPerYear.mean"), 0);
  double sum = 0;
  for (const char* cause : {"waitingForNode", "detach", "attach", "rebuild", "start"}) {
    sum += a.get<double>(std::string("recoverySeconds.byCause.") + cause);
  }
  EXPECT_GT(a.get<double>("recoverySeconds.byCause.rebuild"), 0);
  EXPECT_GT(a.get<double>("recoverySeconds.replicaCount"), 0);
  EXPECT_NEAR(sum, a.get<double>("recoverySeconds.mean"), 0.2 * sum);
  const CliResult wait = RunCli({"run", file, "-f", "json", "-r", "12", "-j", "1", "--set",
                                 "policies.recovery=wait-for-node"});
  ASSERT_EQ(wait.exit_code, 0) << wait.err;
  const pt::ptree b = ParseJson(wait.out).get_child("workloads").begin()->second;
  // 12 replications are too few for the intervals to separate (wait-for-node's is [0, 58]
  // minutes); the means differ by more than two orders of magnitude (0.007 against 23).
  EXPECT_LT(100 * a.get<double>("downtimeMinutesPerYear.quorum.mean"),
            b.get<double>("downtimeMinutesPerYear.quorum.mean"));
}

TEST(CliTest, RunWithOutputWritesTheFileAndNothingToStdout) {
  TempDir dir;
  ASSERT_FALSE(dir.path().empty());
  const fs::path report = dir.path() / "report.json";
  const CliResult r =
      RunCli({"run", kQuickstart, "-f", "json", "-r", "2", "-j", "1", "-o", report.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "");
  ASSERT_TRUE(fs::is_regular_file(report));
  const pt::ptree tree = ParseJson(ReadFile(report));
  EXPECT_EQ(tree.get<std::string>("scenario", ""), "quickstart");
  EXPECT_EQ(tree.get<int>("replications", -1), 2);
  // Written through a temporary file and a rename: nothing else is left behind.
  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(dir.path())) {
    files.push_back(entry.path().filename().string());
  }
  EXPECT_EQ(files, std::vector<std::string>{"report.json"});
}

TEST(CliTest, FailedRunLeavesAnExistingOutputFileUnchanged) {
  TempDir dir;
  ASSERT_FALSE(dir.path().empty());
  const fs::path report = dir.path() / "report.json";
  const std::string before = "{\"an\": \"earlier report\"}\n";
  {
    std::ofstream out(report, std::ios::binary);
    out << before;
  }
  const CliResult r = RunCli(
      {"run", "tests/testdata/bad/several_errors.yaml", "-f", "json", "-o", report.string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("6 errors in tests/testdata/bad/several_errors.yaml"), std::string::npos)
      << r.err;
  EXPECT_EQ(ReadFile(report), before);
  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(dir.path())) {
    files.push_back(entry.path().filename().string());
  }
  EXPECT_EQ(files, std::vector<std::string>{"report.json"});
}

// schedule explains each time-0 placement: the quick start's anti-affinity leaves the third
// replica one feasible node, chosen without scoring; JSON has the documented shape.
TEST(CliTest, ScheduleExplainsPlacements) {
  const CliResult text = RunCli({"schedule", kQuickstart});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("my-statefulset-0 -> worker-"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("the only feasible node: chosen without scoring"), std::string::npos);
  EXPECT_NE(text.out.find("2 node(s) rejected: node(s) didn't match pod anti-affinity rules"),
            std::string::npos)
      << text.out;
  const CliResult json = RunCli({"schedule", kQuickstart, "-f", "json"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  const pt::ptree tree = ParseJson(json.out);
  int placements = 0;
  for (const auto& [key, p] : tree.get_child("placements")) {
    ++placements;
    EXPECT_TRUE(p.count("pod") && p.count("node") && p.count("candidates"));
    int feasible = 0;
    for (const auto& [k, c] : p.get_child("candidates")) {
      EXPECT_TRUE(c.count("node") && c.count("feasible") && c.count("reasons") &&
                  c.count("scores") && c.count("total"));
      feasible += c.get<bool>("feasible");
    }
    // Anti-affinity: the n-th replica (0-based) has 3 - n feasible nodes.
    EXPECT_EQ(feasible, 3 - (placements - 1)) << json.out;
  }
  EXPECT_EQ(placements, 3);
  EXPECT_EQ(RunCli({"schedule", kQuickstart, "-f", "csv"}).exit_code, 2);
}

TEST(CliTest, ListNamesPoliciesAndDistributions) {
  const CliResult r = RunCli({"list"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.err, "");
  for (const char* text : {"failover policies:", "distributions:", "  exponential\n",
                           "  out-of-service  ", "  kubernetes  "}) {
    EXPECT_NE(r.out.find(text), std::string::npos) << "missing '" << text << "' in:\n" << r.out;
  }
}

TEST(CliTest, HelpGoesToStdoutAndSucceeds) {
  const CliResult r = RunCli({"--help"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.out.rfind("usage: clustersim COMMAND [options]\n", 0), 0u) << r.out;
}

}  // namespace
}  // namespace clustersim::testing_cli

namespace clustersim::testing_cli {
namespace {

// The article the project grew from writes `apiVersion: storage/v1` for its PersistentVolume and
// PersistentVolumeClaim: both are rejected at their line, naming v1; with that corrected (and
// nothing else), the article's StatefulSet runs.
TEST(CliTest, SeedArticleManifestsAreRejectedNamingV1AndRunOnceCorrected) {
  const CliResult bad = RunCli({"validate", "tests/testdata/seed/article-scenario.yaml"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_EQ(bad.out, "");
  EXPECT_EQ(
      bad.err,
      "tests/testdata/seed/article.yaml:22:13: error: 'apiVersion': a PersistentVolume is v1, "
      "not 'storage/v1'; expected apiVersion: v1\n"
      "tests/testdata/seed/article.yaml:44:13: error: 'apiVersion': a PersistentVolumeClaim "
      "is v1, not 'storage/v1'; expected apiVersion: v1\n"
      "2 errors in tests/testdata/seed/article-scenario.yaml\n");
  // The copy in tests/testdata/seed is every YAML block of the article, in order, unmodified.
  const fs::path seed = fs::path(SourceDir()) / "../shared/seed/000_d3c9805255c327a7.txt";
  if (fs::is_regular_file(seed)) {
    std::string blocks;
    std::istringstream in(ReadFile(seed));
    bool inside = false;
    int n = 0;
    for (std::string line; std::getline(in, line);) {
      if (line == "```yaml") {
        inside = true;
        if (n++ > 0) blocks += "---\n";
      } else if (line == "```") {
        inside = false;
      } else if (inside) {
        blocks += line + "\n";
      }
    }
    EXPECT_EQ(ReadFile(fs::path(SourceDir()) / "tests/testdata/seed/article.yaml"), blocks);
  }
  const CliResult good =
      RunCli({"run", "scenarios/seed-article.yaml", "-r", "4", "-j", "2", "-f", "json"});
  ASSERT_EQ(good.exit_code, 0) << good.err;
  // The PersistentVolume is on node1, a node of the scenario's cluster: nothing to say.
  EXPECT_EQ(good.err, "");
  const pt::ptree report = ParseJson(good.out);
  const pt::ptree& w = report.get_child("workloads").begin()->second;
  EXPECT_EQ(w.get<std::string>("name"), "my-statefulset");
  EXPECT_EQ(w.get<int>("replicas"), 3);
}

}  // namespace
}  // namespace clustersim::testing_cli

namespace clustersim::testing_cli {
namespace {

// --strict: a CI that wants no surprises gets every warning as an error (exit 2, nothing run);
// notes stay notes.
TEST(CliTest, StrictTurnsWarningsIntoErrors) {
  const CliResult lenient = RunCli({"validate", "scenarios/web.yaml"});
  EXPECT_EQ(lenient.exit_code, 0) << lenient.err;
  const CliResult strict = RunCli({"validate", "scenarios/zookeeper.yaml", "--strict"});
  EXPECT_EQ(strict.exit_code, 2);
  EXPECT_NE(strict.err.find("scenarios/manifests/zookeeper.yaml:104:9: error: "
                            "'spec.template.spec.containers[].readinessProbe' (StatefulSet) is not "
                            "modelled: a pod is ready app.startup after its containers start (an "
                            "error with --strict)"),
            std::string::npos)
      << strict.err;
  EXPECT_EQ(strict.err.find("note:"), std::string::npos) << strict.err;
  EXPECT_NE(strict.err.find("5 errors in scenarios/zookeeper.yaml"), std::string::npos)
      << strict.err;
  // web.yaml has only a note (its Service): strict has nothing to object to.
  EXPECT_EQ(RunCli({"validate", "scenarios/web.yaml", "--strict"}).exit_code, 0);
  EXPECT_EQ(RunCli({"run", "scenarios/zookeeper.yaml", "--strict", "-r", "1"}).out, "");
}

}  // namespace
}  // namespace clustersim::testing_cli
