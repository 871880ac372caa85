// The experiment commands end to end: `compare` pairs variants on the same failures and reports
// the documented JSON keys; `sweep` gives one row per point and resumes an interrupted grid from
// its journal without redoing finished points; `check` turns slo targets into exit codes.
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

const std::string kFailover = "scenarios/failover-comparison.yaml";
const std::string kSweep = "scenarios/capacity-sweep.yaml";
const std::string kZones = "scenarios/zone-quorum.yaml";

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  return lines;
}

// The acceptance case: on a StatefulSet with a network volume, the out-of-service taint beats
// Kubernetes' default failover with a paired interval that excludes zero, while the two
// variants' own intervals overlap (zone outages, which no policy helps, are the shared noise).
TEST(CompareCliTest, OutOfServiceBeatsTheDefaultWithAPairedInterval) {
  const CliResult r = RunCli({"compare", kFailover, "-f", "json", "-j", "2"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const pt::ptree tree = ParseJson(r.out);
  EXPECT_EQ(tree.get<std::string>("scenario", ""), "failover-comparison");
  std::vector<pt::ptree> variants;
  for (const auto& v : tree.get_child("variants")) variants.push_back(v.second);
  ASSERT_EQ(variants.size(), 3u);
  EXPECT_EQ(variants[0].get<std::string>("name"), "kubernetes");
  EXPECT_EQ(variants[2].get<std::string>("name"), "out-of-service-2m");
  const pt::ptree& base = variants[0].get_child("workloads").begin()->second;
  const pt::ptree& oos = variants[2].get_child("workloads").begin()->second;
  const pt::ptree& delta = variants[2].get_child("deltaVsFirst.workloads").begin()->second;
  EXPECT_EQ(delta.get<std::string>("name"), "db");
  // Unpaired: the intervals overlap.
  EXPECT_LT(base.get<double>("availability.all.ci95Low"),
            oos.get<double>("availability.all.ci95High"));
  EXPECT_GT(base.get<double>("availability.all.ci95High"),
            oos.get<double>("availability.all.ci95Low"));
  // Paired: out-of-service is better, and the interval excludes zero.
  EXPECT_GT(delta.get<double>("availability.all.ci95Low"), 0);
  EXPECT_LT(delta.get<double>("downtimeMinutesPerYear.all.ci95High"), 0);
  // The first variant's delta is itself: zero.
  const pt::ptree& self = variants[0].get_child("deltaVsFirst.workloads").begin()->second;
  EXPECT_EQ(self.get<double>("availability.all.mean"), 0);
  // The variant's changes are listed.
  EXPECT_EQ(variants[2].get_child("overrides").begin()->second.get_value<std::string>(),
            "policies.failover={name: out-of-service, after: 2m}");
}

TEST(CompareCliTest, TextMarksDifferencesThatAreNotNoise) {
  const CliResult r = RunCli({"compare", kFailover, "-j", "1"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("minus kubernetes, paired 95% CI"), std::string::npos) << r.out;
  int marked = 0;
  for (const std::string& l : Lines(r.out)) {
    if (l.find("out-of-service-2m  99.") != std::string::npos) {
      EXPECT_EQ(l.back(), '*') << l;
      ++marked;
    }
  }
  EXPECT_EQ(marked, 1) << r.out;  // one row: every level needs the single replica
}

TEST(CompareCliTest, NeedsVariantsThatCanBePaired) {
  const CliResult none = RunCli({"compare", "scenarios/quickstart.yaml"});
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_NE(none.err.find("needs at least two variants"), std::string::npos) << none.err;
  EXPECT_EQ(none.out, "");
  TempDir dir;
  ASSERT_FALSE(dir.path().empty());
  std::string text = ReadFile(fs::path(SourceDir()) / kFailover);
  const std::string from = "    - {name: force-delete-2m,";
  text.replace(text.find(from), from.size(),
               "    - {name: more, set: {simulation.replications: 40}}\n" + from);
  const fs::path file = dir.path() / "unpaired.yaml";
  std::ofstream(file) << text;
  const CliResult r = RunCli({"compare", file.string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("variant 'more' changes simulation.replications"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find(file.string() + ":"), std::string::npos) << r.err;
}

TEST(SweepCliTest, OneRowPerPointInTextAndEveryPointInJson) {
  const CliResult text = RunCli({"sweep", kSweep, "-r", "4", "-j", "2"});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  int rows = 0;
  for (const std::string& l : Lines(text.out)) rows += l.find(" zk ") != std::string::npos;
  EXPECT_EQ(rows, 8) << text.out;  // 4 node counts x 2 zone layouts, one workload
  const CliResult json = RunCli({"sweep", kSweep, "-r", "4", "-j", "2", "-f", "json"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  const pt::ptree tree = ParseJson(json.out);
  std::vector<pt::ptree> points;
  for (const auto& p : tree.get_child("points")) points.push_back(p.second);
  ASSERT_EQ(points.size(), 8u);
  EXPECT_EQ(points[2].get<int>("values.cluster\\.nodePools[0]\\.count", -1), -1);  // see below
  // The path holds dots, so read the values object by iterating it.
  const pt::ptree& values = points[2].get_child("values");
  ASSERT_EQ(values.size(), 2u);
  EXPECT_EQ(values.begin()->first, "cluster.nodePools[0].count");
  EXPECT_EQ(values.begin()->second.get_value<int>(), 4);
  EXPECT_EQ(points[2].get<int>("cluster.nodes"), 4);
  EXPECT_EQ(points[7].get<int>("cluster.nodes"), 9);
}

TEST(SweepCliTest, AnInterruptedSweepResumesWithoutRedoingPoints) {
  TempDir dir;
  ASSERT_FALSE(dir.path().empty());
  const std::string full = (dir.path() / "full.csv").string();
  const std::string part = (dir.path() / "part.csv").string();
  const CliResult whole = RunCli({"sweep", kSweep, "-r", "4", "-f", "csv", "-o", full});
  ASSERT_EQ(whole.exit_code, 0) << whole.err;
  EXPECT_FALSE(fs::exists(full + ".partial"));
  // 8 points x 4 levels and a header.
  EXPECT_EQ(Lines(ReadFile(full)).size(), 33u);
  // Three points, then stop: the report is not written, the journal keeps them.
  const CliResult first =
      RunCli({"sweep", kSweep, "-r", "4", "-f", "csv", "-o", part, "--max-points", "3"});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_FALSE(fs::exists(part));
  ASSERT_TRUE(fs::exists(part + ".partial"));
  // A crash in the middle of writing a record leaves a cut-off tail: it is dropped.
  std::ofstream(part + ".partial", std::ios::app) << "point 5 900\n0,3,[zone";
  const CliResult rest = RunCli({"sweep", kSweep, "-r", "4", "-f", "csv", "-o", part});
  ASSERT_EQ(rest.exit_code, 0) << rest.err;
  EXPECT_NE(rest.err.find("3 of 8 points are already done"), std::string::npos) << rest.err;
  EXPECT_EQ(ReadFile(part), ReadFile(full));
  EXPECT_FALSE(fs::exists(part + ".partial"));
}

TEST(SweepCliTest, AJournalOfAnotherSweepIsNotUsed) {
  TempDir dir;
  ASSERT_FALSE(dir.path().empty());
  const std::string out = (dir.path() / "out.csv").string();
  ASSERT_EQ(
      RunCli({"sweep", kSweep, "-r", "4", "-f", "csv", "-o", out, "--max-points", "2"}).exit_code,
      0);
  // Other replications: other results, so the two finished points must be run again.
  const CliResult r = RunCli({"sweep", kSweep, "-r", "5", "-f", "csv", "-o", out});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("holds the progress of a different sweep"), std::string::npos) << r.err;
  const CliResult fresh = RunCli({"sweep", kSweep, "-r", "5", "-f", "csv"});
  EXPECT_EQ(ReadFile(out), fresh.out);
}

// Issue 14, item 2: the journal's fingerprint covers every file the scenario reads, an
// empirical distribution's too; an edit between runs starts the sweep over.
TEST(SweepCliTest, AnEditedEmpiricalFileStartsTheSweepOver) {
  TempDir dir;
  ASSERT_FALSE(dir.path().empty());
  std::string scenario = ReadFile(fs::path(SourceDir()) / kSweep);
  const std::string every = "every: {dist: exponential, mean: 30d}";
  ASSERT_NE(scenario.find(every), std::string::npos);
  scenario.replace(scenario.find(every), every.size(), "every: {dist: empirical, file: up.txt}");
  std::ofstream(dir.path() / "sweep.yaml") << scenario;
  std::ofstream(dir.path() / "up.txt") << "30d\n20d\n40d\n";
  const std::vector<std::string> sweep = {"sweep",     "sweep.yaml", "-r", "2",
                                          "--horizon", "90d",        "-f", "csv"};
  auto with = [&](std::vector<std::string> extra) {
    std::vector<std::string> args = sweep;
    args.insert(args.end(), extra.begin(), extra.end());
    return RunCli(args, dir.path().string());
  };
  ASSERT_EQ(with({"-o", "out.csv", "--max-points", "3"}).exit_code, 0);
  std::ofstream(dir.path() / "up.txt") << "2d\n";
  const CliResult r = with({"-o", "out.csv"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("holds the progress of a different sweep"), std::string::npos) << r.err;
  const CliResult fresh = with({});
  ASSERT_EQ(fresh.exit_code, 0) << fresh.err;
  EXPECT_EQ(ReadFile(dir.path() / "out.csv"), fresh.out);
}

// Issue 14, item 2: every record carries a checksum; one digit changed in a finished point's
// result is found, the record dropped and the point run again.
TEST(SweepCliTest, ADamagedRecordIsDroppedAndItsPointRunAgain) {
  TempDir dir;
  ASSERT_FALSE(dir.path().empty());
  const std::string full = (dir.path() / "full.csv").string();
  const std::string part = (dir.path() / "part.csv").string();
  ASSERT_EQ(
      RunCli({"sweep", kSweep, "-r", "2", "--horizon", "90d", "-f", "csv", "-o", full}).exit_code,
      0);
  ASSERT_EQ(RunCli({"sweep", kSweep, "-r", "2", "--horizon", "90d", "-f", "csv", "-o", part,
                    "--max-points", "3"})
                .exit_code,
            0);
  std::string journal = ReadFile(part + ".partial");
  const size_t record = journal.find("\npoint 1 ");
  ASSERT_NE(record, std::string::npos) << journal;
  const size_t digit = journal.find_first_of("123456789", journal.find('\n', record + 1) + 1);
  ASSERT_NE(digit, std::string::npos);
  journal[digit] = journal[digit] == '9' ? '8' : '9';
  std::ofstream(part + ".partial", std::ios::binary | std::ios::trunc) << journal;
  const CliResult rest =
      RunCli({"sweep", kSweep, "-r", "2", "--horizon", "90d", "-f", "csv", "-o", part});
  ASSERT_EQ(rest.exit_code, 0) << rest.err;
  EXPECT_NE(rest.err.find("dropped 1 damaged record that fails its checksum (point 1); that "
                          "point runs again"),
            std::string::npos)
      << rest.err;
  EXPECT_NE(rest.err.find("2 of 8 points are already done"), std::string::npos) << rest.err;
  EXPECT_EQ(ReadFile(part), ReadFile(full));
}

TEST(CheckCliTest, ExitCodesFollowTheTargets) {
  const CliResult met = RunCli({"check", kZones, "-j", "2"});
  EXPECT_EQ(met.exit_code, 0) << met.out << met.err;
  EXPECT_EQ(Lines(met.out).size(), 2u) << met.out;  // one line per target
  EXPECT_NE(met.out.find("etcd quorum: availability"), std::string::npos) << met.out;
  EXPECT_NE(met.out.find(": met"), std::string::npos) << met.out;

  const CliResult violated =
      RunCli({"check", kZones, "-j", "2", "--set", "slo[1].availability=99.99%"});
  EXPECT_EQ(violated.exit_code, 3) << violated.out << violated.err;
  EXPECT_NE(violated.out.find("target 99.99%: violated"), std::string::npos) << violated.out;

  // A target inside the interval: the run cannot tell, and says how many replications would.
  const pt::ptree report = ParseJson(RunCli({"check", kZones, "-f", "json"}).out);
  const pt::ptree& all = std::next(report.get_child("targets").begin())->second;
  const double mean = all.get<double>("availability.mean");
  const CliResult undecided =
      RunCli({"check", kZones, "--set", "slo[1].availability=" + std::to_string(mean)});
  EXPECT_EQ(undecided.exit_code, 4) << undecided.out << undecided.err;
  EXPECT_NE(undecided.out.find("undecided"), std::string::npos) << undecided.out;
  EXPECT_NE(undecided.out.find("replications would decide"), std::string::npos) << undecided.out;
}

TEST(CheckCliTest, AScenarioWithoutTargetsIsAUsageError) {
  const CliResult r = RunCli({"check", "scenarios/quickstart.yaml"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("no 'slo' targets"), std::string::npos) << r.err;
  EXPECT_EQ(r.out, "");
}

}  // namespace
}  // namespace clustersim::testing_cli

namespace clustersim::testing_cli {
namespace {

// analyze: the exact chain for a reducible scenario (method ctmc, bounds equal to the mean),
// which the simulation's intervals contain; exit 1 and the reasons for one that does not reduce.
TEST(AnalyzeCliTest, ExactValuesInsideTheSimulatedIntervals) {
  const CliResult exact = RunCli({"analyze", "scenarios/exact-quorum.yaml", "-f", "json"});
  ASSERT_EQ(exact.exit_code, 0) << exact.err;
  const pt::ptree a = ParseJson(exact.out);
  EXPECT_EQ(a.get<std::string>("method"), "ctmc");
  const pt::ptree& aw = a.get_child("workloads").begin()->second;
  const CliResult sim = RunCli({"run", "scenarios/exact-quorum.yaml", "-f", "json", "-j", "2"});
  ASSERT_EQ(sim.exit_code, 0) << sim.err;
  const pt::ptree simulated = ParseJson(sim.out);
  const pt::ptree& sw = simulated.get_child("workloads").begin()->second;
  for (const char* level : {"all", "quorum", "any"}) {
    const std::string p = std::string("availability.") + level;
    const double v = aw.get<double>(p + ".mean");
    EXPECT_EQ(aw.get<double>(p + ".ci95Low"), v);
    EXPECT_EQ(aw.get<double>(p + ".ci95High"), v);
    EXPECT_LE(sw.get<double>(p + ".ci95Low"), v) << level;
    EXPECT_GE(sw.get<double>(p + ".ci95High"), v) << level;
  }
}

// run --compare-analytic: the report is run's, with the analytic key beside it holding analyze's
// exact values, run's estimates and whether each interval contains the exact value.
TEST(AnalyzeCliTest, CompareAnalyticPutsTheExactValuesBesideTheSimulatedOnes) {
  const std::string scenario = "scenarios/exact-quorum.yaml";
  const CliResult both = RunCli({"run", scenario, "--compare-analytic", "-f", "json", "-j", "2"});
  ASSERT_EQ(both.exit_code, 0) << both.err;
  EXPECT_EQ(both.err, "");
  const CliResult exact = RunCli({"analyze", scenario, "-f", "json"});
  const CliResult sim = RunCli({"run", scenario, "-f", "json", "-j", "2"});
  ASSERT_EQ(exact.exit_code, 0) << exact.err;
  ASSERT_EQ(sim.exit_code, 0) << sim.err;
  pt::ptree b = ParseJson(both.out);
  const pt::ptree a = b.get_child("analytic");
  EXPECT_EQ(a.get<std::string>("reduced"), "true");
  EXPECT_TRUE(a.get_child("whyNot").empty());
  const pt::ptree& aw = a.get_child("workloads").begin()->second;
  EXPECT_EQ(aw.get<std::string>("name"), "zk");
  const pt::ptree x = ParseJson(exact.out);
  const pt::ptree& xw = x.get_child("workloads").begin()->second;
  pt::ptree s = ParseJson(sim.out);
  const pt::ptree& sw = s.get_child("workloads").begin()->second;
  int inside = 0;
  for (const char* level : {"all", "quorum", "any", "required"}) {
    const std::string l = level;
    const pt::ptree& c = aw.get_child("availability." + l);
    const double e = c.get<double>("exact");
    EXPECT_EQ(e, xw.get<double>("availability." + l + ".mean")) << level;
    EXPECT_EQ(c.get<double>("simulatedMean"), sw.get<double>("availability." + l + ".mean"));
    const double low = c.get<double>("ci95Low"), high = c.get<double>("ci95High");
    EXPECT_EQ(low, sw.get<double>("availability." + l + ".ci95Low"));
    EXPECT_EQ(high, sw.get<double>("availability." + l + ".ci95High"));
    const bool within = low <= e && e <= high;
    EXPECT_EQ(c.get<std::string>("withinCi"), within ? "true" : "false") << level;
    inside += within;
    EXPECT_EQ(aw.get<double>("outages." + l + ".perYear.exact"),
              xw.get<double>("outages." + l + ".perYear"));
    EXPECT_EQ(aw.get<double>("outages." + l + ".perYear.simulated"),
              sw.get<double>("outages." + l + ".perYear"));
  }
  // The scenario's point (its header): the simulation agrees with the chain at every level.
  EXPECT_EQ(inside, 4);
  // Apart from the analytic key (and the wall-clock figures) the report is run's.
  b.erase("analytic");
  b.erase("run");
  s.erase("run");
  EXPECT_TRUE(b == s);

  const CliResult text = RunCli({"run", scenario, "--compare-analytic", "-j", "2", "-r", "4"});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("\nanalytic (the exact values of the scenario's Markov chain) beside "
                          "simulated:\nStatefulSet zk\n"),
            std::string::npos)
      << text.out;
}

// A scenario that does not reduce runs as usual; stderr and the analytic key say why.
TEST(AnalyzeCliTest, CompareAnalyticOnAScenarioThatDoesNotReduceRunsAndSaysWhy) {
  const CliResult r = RunCli({"run", "scenarios/quickstart.yaml", "--compare-analytic", "-r", "2",
                              "--horizon", "30d", "-f", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err,
            "clustersim: note: scenarios/quickstart.yaml does not reduce to a Markov chain that "
            "analyze can solve, so there is no exact value to compare with:\n"
            "  - workload 'my-statefulset' has a start-up time (app.startup)\n"
            "  - workload 'my-statefulset' uses OrderedReady pod management (a replica waits for "
            "the lower ordinals)\n");
  const pt::ptree t = ParseJson(r.out);
  EXPECT_EQ(t.get<std::string>("method"), "simulation");
  EXPECT_EQ(t.get<std::string>("analytic.reduced"), "false");
  EXPECT_EQ(t.get_child("analytic.whyNot").size(), 2u);
  EXPECT_TRUE(t.get_child("analytic.workloads").empty());
  // Without the option there is no analytic key; with another command it is a usage error.
  const CliResult plain =
      RunCli({"run", "scenarios/quickstart.yaml", "-r", "2", "--horizon", "30d", "-f", "json"});
  EXPECT_EQ(ParseJson(plain.out).count("analytic"), 0u);
  EXPECT_EQ(RunCli({"analyze", "scenarios/exact-quorum.yaml", "--compare-analytic"}).exit_code, 2);
}

TEST(AnalyzeCliTest, AScenarioThatDoesNotReduceExitsOneSayingWhy) {
  const CliResult r = RunCli({"analyze", "scenarios/quickstart.yaml"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err,
            "clustersim: error: scenarios/quickstart.yaml does not reduce to a Markov chain that "
            "analyze can solve:\n"
            "  - workload 'my-statefulset' has a start-up time (app.startup)\n"
            "  - workload 'my-statefulset' uses OrderedReady pod management (a replica waits for "
            "the lower ordinals)\n"
            "run it with 'clustersim run' instead\n");
}

}  // namespace
}  // namespace clustersim::testing_cli

namespace clustersim::testing_cli {
namespace {

// The journal's fingerprint covers the manifests the scenario reads: a manifest edited between
// two runs makes the finished points stale, so the sweep starts over.
TEST(SweepCliTest, AnEditedManifestInvalidatesTheJournal) {
  TempDir dir;
  ASSERT_FALSE(dir.path().empty());
  const auto write = [&](const std::string& name, const std::string& text) {
    std::ofstream(dir.path() / name) << text;
  };
  const std::string app =
      "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 2\n"
      "  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n"
      "    spec: {containers: [{name: web, image: nginx}]}\n";
  write("app.yaml", app);
  write("s.yaml",
        "simulation: {horizon: 30d, replications: 2, seed: 1}\n"
        "cluster: {nodePools: [{name: n, count: 2}]}\n"
        "workloads: [{manifests: app.yaml}]\n"
        "failures: [{target: {kind: node}, every: {dist: exponential, mean: 5d}, lasts: 1h}]\n"
        "experiments:\n  sweep:\n    cluster.nodePools[0].count: [2, 3, 4]\n");
  const std::string scenario = (dir.path() / "s.yaml").string();
  const std::string out = (dir.path() / "out.csv").string();
  ASSERT_EQ(RunCli({"sweep", scenario, "-f", "csv", "-o", out, "--max-points", "1"}).exit_code, 0);
  const CliResult same = RunCli({"sweep", scenario, "-f", "csv", "-o", out, "--max-points", "1"});
  EXPECT_NE(same.err.find("resuming the sweep: 1 of 3"), std::string::npos) << same.err;
  std::string edited = app;
  edited.replace(edited.find("replicas: 2"), 11, "replicas: 1");
  write("app.yaml", edited);
  const CliResult r = RunCli({"sweep", scenario, "-f", "csv", "-o", out});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("holds the progress of a different sweep"), std::string::npos) << r.err;
  EXPECT_EQ(ReadFile(out), RunCli({"sweep", scenario, "-f", "csv"}).out);
}

}  // namespace
}  // namespace clustersim::testing_cli
