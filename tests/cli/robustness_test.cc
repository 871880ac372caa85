// Inputs a new user gives clustersim that are valid, nearly valid or far too large (issue 14):
// what each is told, and that nothing runs away. Bad inputs with an exact message are in
// tests/testdata/bad and bad_scenarios_test.cc; these need files made on the spot, or check a
// warning, a note or a line of progress.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/property_tree/json_parser.hpp>
#include <boost/property_tree/ptree.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cli/cli_runner.h"

namespace clustersim::testing_cli {
namespace {

namespace fs = std::filesystem;
namespace pt = boost::property_tree;

const std::string kQuickstart = "scenarios/quickstart.yaml";

std::string Quickstart() { return ReadFile(fs::path(SourceDir()) / kQuickstart); }

void Write(const fs::path& p, const std::string& text) {
  std::ofstream(p, std::ios::binary) << text;
}

int LineCount(const std::string& text) {
  return static_cast<int>(std::count(text.begin(), text.end(), '\n'));
}

// Item 7: an unclosed quote at the end of a 200,000-character line is reported at the quote,
// not at the end of the line (or not at all: yaml-cpp 0.7 took the rest of the file as the
// value when white space followed).
TEST(RobustnessTest, AnUnclosedQuoteOnAVeryLongLineIsReportedAtTheQuote) {
  TempDir dir;
  const std::string text = Quickstart() + "description: 'a" + std::string(200000, 'x') + "\n";
  Write(dir.path() / "s.yaml", text);
  const CliResult r = RunCli({"validate", "s.yaml"}, dir.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "s.yaml:" + std::to_string(LineCount(text)) +
                       ":14: error: YAML syntax error: this quote (') is never closed (expected a "
                       "closing ')\n1 error in s.yaml\n");
}

// Item 7: CR-only line breaks are valid YAML, and the scenario loads and runs as with LF.
TEST(RobustnessTest, CarriageReturnLineBreaksLoadAsLineFeeds) {
  TempDir dir;
  std::string text = Quickstart();
  std::replace(text.begin(), text.end(), '\n', '\r');
  Write(dir.path() / "cr.yaml", text);
  const CliResult cr = RunCli({"run", "cr.yaml", "-r", "3", "-f", "csv"}, dir.path());
  ASSERT_EQ(cr.exit_code, 0) << cr.err;
  const CliResult lf = RunCli({"run", kQuickstart, "-r", "3", "-f", "csv"});
  EXPECT_EQ(cr.out, lf.out);
}

// Item 7: an empirical distribution or a trace exported by Excel starts with a byte-order mark
// and may end its lines with CR: both are read.
TEST(RobustnessTest, AByteOrderMarkAndCarriageReturnsInEmpiricalAndTraceFiles) {
  TempDir dir;
  std::string text = Quickstart();
  const std::string every = "every: {dist: exponential, mean: 30d}";
  ASSERT_NE(text.find(every), std::string::npos);
  text.replace(text.find(every), every.size(), "every: {dist: empirical, file: up.csv}");
  const std::string effect = "    effect: crash\n";
  ASSERT_NE(text.find(effect), std::string::npos);
  text.insert(text.find(effect) + effect.size(), "  - name: log\n    trace: log.csv\n");
  Write(dir.path() / "s.yaml", text);
  Write(dir.path() / "up.csv",
        "\xEF\xBB\xBF"
        "30d\r\n20d\r\n");
  Write(dir.path() / "log.csv",
        "\xEF\xBB\xBFtarget,scope,kind,start,end,cause\rworker-0,node,"
        "crash,1h,2h,x\r");
  const CliResult r = RunCli({"validate", "s.yaml"}, dir.path());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
}

// Item 7: a nodeSelector no node satisfies leaves the pods Pending: the user is told.
TEST(RobustnessTest, ANodeSelectorThatMatchesNoNodeIsWarnedAbout) {
  TempDir dir;
  std::string text = Quickstart();
  const std::string anchor = "      podAntiAffinity: required\n";
  ASSERT_NE(text.find(anchor), std::string::npos);
  text.replace(text.find(anchor), anchor.size(), anchor + "      nodeSelector: {disktype: ssd}\n");
  Write(dir.path() / "s.yaml", text);
  const CliResult r = RunCli({"validate", "s.yaml"}, dir.path());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find(": warning: workload 'my-statefulset': its nodeSelector (disktype=ssd) "
                       "matches no node, so its pods stay Pending and it is never available"),
            std::string::npos)
      << r.err;
  // One that a node does satisfy says nothing.
  const CliResult zone =
      RunCli({"validate", kQuickstart, "--set",
              "workloads[0].statefulSet.nodeSelector={topology.kubernetes.io/zone: zone-b}"});
  EXPECT_EQ(zone.exit_code, 0);
  EXPECT_EQ(zone.err, "");
}

// Item 7: a long run says how far it has come; --progress asks for it where stderr is no
// terminal (a terminal gets it by itself after a second).
TEST(RobustnessTest, ProgressLinesWhenAskedFor) {
  const CliResult r = RunCli({"run", kQuickstart, "-r", "4", "--progress", "-j", "1"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err.rfind("clustersim: progress: ", 0), 0u) << r.err;
  EXPECT_NE(r.err.find("% of the simulated time ("), std::string::npos) << r.err;
  // Without it, and with no terminal, stderr stays quiet.
  EXPECT_EQ(RunCli({"run", kQuickstart, "-r", "4"}).err, "");
}

// Item 4: analyze refuses a chain it cannot solve in bounded memory, with the reason, instead
// of building it (20,000 nodes took 2.7 GB).
TEST(RobustnessTest, AnalyzeRefusesAChainTooLargeToSolve) {
  const CliResult r = RunCli(
      {"analyze", "scenarios/exact-quorum.yaml", "--set", "cluster.nodePools[0].count=20000"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("the chain of nodes down has 20001 states (one per number of the 20000 "
                       "nodes down), more than the 5000 its stationary solve takes"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(r.out, "");
}

// Item 4: --compare-analytic on such a cluster notes why there is no exact side and runs.
TEST(RobustnessTest, CompareAnalyticOnALargeClusterRunsWithoutTheChain) {
  const CliResult r =
      RunCli({"run", "scenarios/exact-quorum.yaml", "--compare-analytic", "--set",
              "cluster.nodePools[0].count=20000", "-r", "1", "--horizon", "1h", "-f", "csv"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("does not reduce to a Markov chain"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("20001 states"), std::string::npos) << r.err;
}

// Item 4: --max-events is the budget; a scenario expected to need more is refused up front.
TEST(RobustnessTest, MaxEventsRefusesAScenarioExpectedToNeedMore) {
  const CliResult r = RunCli({"run", kQuickstart, "--max-events", "100"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("more than the 100 a replication may take"), std::string::npos) << r.err;
  EXPECT_EQ(RunCli({"run", kQuickstart, "-r", "2", "--max-events", "100000"}).exit_code, 0);
}

// Item 8: schedule shows the chosen node and the best few others per pod, with the filters'
// counts for the rest; --all-nodes gives the whole table, --pod one pod's.
TEST(RobustnessTest, ScheduleShowsTheBestFewNodesByDefault) {
  const std::vector<std::string> big = {"schedule", kQuickstart, "-f",
                                        "json",     "--set",     "cluster.nodePools[0].count=20"};
  auto parse = [](const std::string& text) {
    pt::ptree tree;
    std::istringstream in(text);
    pt::read_json(in, tree);
    return tree;
  };
  const CliResult r = RunCli(big);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  int pods = 0;
  const pt::ptree shown = parse(r.out);
  for (const auto& [_, p] : shown.get_child("placements")) {
    ++pods;
    EXPECT_EQ(p.get_child("candidates").size(), 5u);
    EXPECT_EQ(p.get<std::string>("node"),
              p.get_child("candidates").begin()->second.get<std::string>("node"));
    EXPECT_EQ(p.get<int>("examined"), 20);
    EXPECT_EQ(p.get<int>("omitted"), p.get<int>("feasible") - 5);
    int rejected = 0;
    for (const auto& [__, g] : p.get_child("rejected")) rejected += g.get<int>("nodes");
    EXPECT_EQ(rejected, 20 - p.get<int>("feasible"));
  }
  EXPECT_EQ(pods, 3);
  std::vector<std::string> all = big;
  all.push_back("--all-nodes");
  const CliResult whole = RunCli(all);
  ASSERT_EQ(whole.exit_code, 0) << whole.err;
  const pt::ptree all_nodes = parse(whole.out);
  for (const auto& [_, p] : all_nodes.get_child("placements")) {
    EXPECT_EQ(p.get_child("candidates").size(), 20u);
    EXPECT_EQ(p.get<int>("omitted"), 0);
  }
  std::vector<std::string> one = big;
  one.insert(one.end(), {"--pod", "my-statefulset-1"});
  const CliResult pod = RunCli(one);
  ASSERT_EQ(pod.exit_code, 0) << pod.err;
  const pt::ptree tree = parse(pod.out);
  ASSERT_EQ(tree.get_child("placements").size(), 1u);
  const pt::ptree& p = tree.get_child("placements").begin()->second;
  EXPECT_EQ(p.get<std::string>("pod"), "my-statefulset-1");
  EXPECT_EQ(p.get_child("candidates").size(), 20u);
  std::vector<std::string> none = big;
  none.insert(none.end(), {"--pod", "nope"});
  const CliResult missing = RunCli(none);
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_EQ(missing.out, "");
  EXPECT_NE(missing.err.find("no pod named 'nope'"), std::string::npos) << missing.err;
}

}  // namespace
}  // namespace clustersim::testing_cli
