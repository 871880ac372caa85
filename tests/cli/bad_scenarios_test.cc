// Every bad input a user may give `clustersim` must end in diagnostics on stderr, exactly as
// recorded, exit code 2 and nothing on stdout. tests/testdata/bad holds one scenario per problem,
// each beside a `.expected` file with the exact stderr of `clustersim validate PATH` run from the
// repository root with PATH relative to it (tests/testdata/bad/NAME.yaml). To add a case, add
// both files; the parameterized test below finds them.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

#include "cli/cli_runner.h"

namespace clustersim::testing_cli {
namespace {

namespace fs = std::filesystem;

constexpr const char* kBadDir = "tests/testdata/bad";
constexpr int kExitBadInput = 2;

fs::path BadDir() { return fs::path(SourceDir()) / kBadDir; }

// The stems of every tests/testdata/bad/*.`extension`, sorted.
std::vector<std::string> Stems(const std::string& extension) {
  std::vector<std::string> names;
  if (SourceDir().empty()) return names;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(BadDir(), ec)) {
    if (entry.path().extension() == extension) names.push_back(entry.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::string RelativePath(const std::string& name) {
  return std::string(kBadDir) + "/" + name + ".yaml";
}

// ---------------------------------------------------------------------------------------------
// The corpus itself: found, complete and consistent, so that the parameterized test below can
// neither pass by finding nothing nor skip a file.

TEST(BadScenarioCorpus, EnvironmentIsSet) {
  ASSERT_FALSE(SourceDir().empty()) << "CLUSTERSIM_SOURCE_DIR is not set; run through ctest";
  ASSERT_FALSE(BinaryPath().empty()) << "CLUSTERSIM_BIN is not set; run through ctest";
  EXPECT_TRUE(fs::is_regular_file(BinaryPath())) << BinaryPath();
  EXPECT_TRUE(fs::is_directory(BadDir())) << BadDir();
}

TEST(BadScenarioCorpus, HasEnoughCases) { EXPECT_GE(Stems(".yaml").size(), 40u); }

TEST(BadScenarioCorpus, EveryScenarioHasExpectedOutputAndViceVersa) {
  EXPECT_EQ(Stems(".yaml"), Stems(".expected"));
}

TEST(BadScenarioCorpus, NamesAreValidTestNames) {
  for (const std::string& name : Stems(".yaml")) {
    EXPECT_TRUE(!name.empty() && std::all_of(name.begin(), name.end(),
                                             [](char c) {
                                               return (c >= 'a' && c <= 'z') ||
                                                      (c >= '0' && c <= '9') || c == '_';
                                             }))
        << "'" << name << "' should be lower_snake_case";
  }
}

// Each .expected names its own file on every error line and ends with the error count, so that
// a file copied from another case cannot pass by accident.
TEST(BadScenarioCorpus, ExpectedOutputIsWellFormed) {
  for (const std::string& name : Stems(".expected")) {
    const std::string text = ReadFile(BadDir() / (name + ".expected"));
    const std::string rel = RelativePath(name);
    std::vector<std::string> lines;
    for (size_t start = 0; start < text.size();) {
      size_t end = text.find('\n', start);
      ASSERT_NE(end, std::string::npos) << name << ": the last line has no newline";
      lines.push_back(text.substr(start, end - start));
      start = end + 1;
    }
    ASSERT_GE(lines.size(), 2u) << name;
    const size_t errors = lines.size() - 1;
    for (size_t i = 0; i < errors; ++i) {
      EXPECT_EQ(lines[i].rfind(rel + ":", 0), 0u) << name << ": " << lines[i];
      EXPECT_NE(lines[i].find(": error: "), std::string::npos) << name << ": " << lines[i];
    }
    EXPECT_EQ(lines.back(),
              std::to_string(errors) + (errors == 1 ? " error in " : " errors in ") + rel)
        << name;
  }
}

// ---------------------------------------------------------------------------------------------
// One test per bad scenario.

class BadScenarioTest : public testing::TestWithParam<std::string> {};

TEST_P(BadScenarioTest, ValidateReportsTheExpectedErrors) {
  const std::string expected = ReadFile(BadDir() / (GetParam() + ".expected"));
  ASSERT_FALSE(expected.empty());
  const CliResult r = RunCli({"validate", RelativePath(GetParam())});
  EXPECT_EQ(r.exit_code, kExitBadInput);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, expected);
}

// `run` loads a scenario the same way and must not start on a bad one.
TEST_P(BadScenarioTest, RunReportsTheSameErrors) {
  const std::string expected = ReadFile(BadDir() / (GetParam() + ".expected"));
  const CliResult r = RunCli({"run", RelativePath(GetParam()), "-f", "json"});
  EXPECT_EQ(r.exit_code, kExitBadInput);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, expected);
}

INSTANTIATE_TEST_SUITE_P(Files, BadScenarioTest, testing::ValuesIn(Stems(".yaml")),
                         [](const testing::TestParamInfo<std::string>& info) {
                           return info.param;
                         });

// ---------------------------------------------------------------------------------------------
// Bad input that is not a file's content: a missing file, --set overrides, command-line flags.

struct CliCase {
  std::string name;
  std::vector<std::string> args;
  std::string err;  // the exact stderr
  friend void PrintTo(const CliCase& c, std::ostream* os) { *os << c.name; }
};

class BadInputTest : public testing::TestWithParam<CliCase> {};

TEST_P(BadInputTest, ReportsTheExpectedErrors) {
  const CliCase& c = GetParam();
  const CliResult r = RunCli(c.args);
  EXPECT_EQ(r.exit_code, kExitBadInput) << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, c.err);
}

const std::string kQuickstart = "scenarios/quickstart.yaml";
const std::string kInQuickstart = "1 error in scenarios/quickstart.yaml\n";

INSTANTIATE_TEST_SUITE_P(
    Cases, BadInputTest,
    testing::Values(
        CliCase{"missing_file",
                {"validate", "tests/testdata/bad/no_such_file.yaml"},
                "tests/testdata/bad/no_such_file.yaml: error: cannot open the scenario file: No "
                "such file or directory\n1 error in tests/testdata/bad/no_such_file.yaml\n"},
        CliCase{"run_missing_file",
                {"run", "no_such_file.yaml"},
                "no_such_file.yaml: error: cannot open the scenario file: No such file or "
                "directory\n1 error in no_such_file.yaml\n"},
        CliCase{"directory",
                {"validate", "tests/testdata/bad"},
                "tests/testdata/bad: error: the scenario file is a directory; expected a scenario "
                "file (a "
                ".yaml file)\n1 error in tests/testdata/bad\n"},
        // Issue 14, item 3: only regular files, of bounded size, with read errors reported.
        CliCase{"scenario_is_a_device",
                {"validate", "/dev/zero"},
                "/dev/zero: error: the scenario file is not a regular file but a character "
                "device; expected a scenario file (a .yaml file)\n1 error in /dev/zero\n"},
        CliCase{"scenario_read_error",
                {"validate", "/proc/self/mem"},
                "/proc/self/mem: error: cannot read the scenario file: Input/output error\n1 "
                "error in /proc/self/mem\n"},
        CliCase{"scenario_over_the_size_limit",
                {"validate", kQuickstart, "--max-file-size", "1Ki"},
                "scenarios/quickstart.yaml: error: the scenario file is 1.6 KiB, more than the "
                "limit of 1.0 KiB for an input file (--max-file-size raises it)\n" +
                    kInQuickstart},
        // Issue 14, item 4: a run that would take far too many events is refused before it
        // starts.
        CliCase{"failures_too_fast_for_the_event_budget",
                {"run", kQuickstart, "--set", "failures[0].every=1us", "--set",
                 "failures[0].lasts=1us"},
                "scenarios/quickstart.yaml: error: a replication would take about 5.68e+14 "
                "events (most from failures entry 'node-crash' (4.73e+13 failures, one per "
                "target every 1us)), more than the 3e+10 a replication may take; expected "
                "failures that are rarer or last longer, a shorter horizon, or --max-events N "
                "to allow more\n"},
        CliCase{"failures_too_fast_for_the_event_queue",
                {"run", kQuickstart, "--horizon", "60s", "--set", "failures[0].every=1us", "--set",
                 "failures[0].lasts=1us"},
                "scenarios/quickstart.yaml: error: failures entry 'node-crash' (9e+07 failures, "
                "one per target every 1us) would keep about 6e+07 events pending at once (each "
                "failure's NotReady check waits 40s), more than the 16777216 memory allows; "
                "expected failures that are rarer\n"},
        // Issue 14, item 7: a second document in a --set value is not dropped silently.
        CliCase{"set_value_of_two_documents",
                {"validate", kQuickstart, "--set", "name=a\n---\nb"},
                "--set name=a\n---\nb: error: the value holds 2 YAML documents (separated by "
                "'---'); expected one value\n" +
                    kInQuickstart},
        CliCase{"set_negative_count",
                {"validate", kQuickstart, "--set", "cluster.nodePools[0].count=-1"},
                "--set cluster.nodePools[0].count=-1: error: 'cluster.nodePools[0].count': must "
                "be between 0 and 1000000 (found '-1')\n" +
                    kInQuickstart},
        CliCase{"set_index_out_of_range",
                {"validate", kQuickstart, "--set", "cluster.nodePools[5].count=3"},
                "--set cluster.nodePools[5].count=3: error: 'cluster.nodePools[5].count': index "
                "[5] is out of range; 'cluster.nodePools' has 1 element (expected [0])\n" +
                    kInQuickstart},
        CliCase{"set_negative_index",
                {"validate", kQuickstart, "--set", "cluster.nodePools[-1].count=3"},
                "--set cluster.nodePools[-1].count=3: error: '[-1]' in "
                "'cluster.nodePools[-1].count' is not a list index (expected [0], [1], ...)\n" +
                    kInQuickstart},
        CliCase{"set_unknown_field",
                {"validate", kQuickstart, "--set", "cluster.nodePools[0].cont=3"},
                "--set cluster.nodePools[0].cont=3: error: unknown field 'cont' in "
                "cluster.nodePools[0] (did you mean 'count'?); expected one of: name, count, "
                "zones, racksPerZone, capacity, labels, taints, unschedulable or images\n" +
                    kInQuickstart},
        CliCase{"set_unknown_section",
                {"validate", kQuickstart, "--set", "simulaton.seed=3"},
                "--set simulaton.seed=3: error: unknown field 'simulaton' at the top level (did "
                "you mean 'simulation'?); expected one of: name, description, simulation, "
                "cluster, storageClasses, workloads, failures, kubernetes, policies, slo or "
                "experiments\n" +
                    kInQuickstart},
        CliCase{"set_element_of_a_missing_list",
                {"validate", kQuickstart, "--set", "failures[0].target.names[0]=worker-1"},
                "--set failures[0].target.names[0]=worker-1: error: "
                "'failures[0].target.names[0]': 'failures[0].target.names' is not in the "
                "scenario, so it has no element [0]; set the whole list instead, e.g. "
                "failures[0].target.names=[...]\n" +
                    kInQuickstart},
        CliCase{"set_removes_every_node_pool",
                {"validate", kQuickstart, "--set", "cluster.nodePools=[]"},
                "--set cluster.nodePools=[]: error: the cluster has no nodes: add at least one "
                "entry to cluster.nodePools\n" +
                    kInQuickstart},
        CliCase{"set_list_without_index",
                {"validate", kQuickstart, "--set", "cluster.nodePools.count=3"},
                "--set cluster.nodePools.count=3: error: 'cluster.nodePools.count': "
                "'cluster.nodePools' is a list; name one of its elements, e.g. "
                "'cluster.nodePools[0].count'\n" +
                    kInQuickstart},
        CliCase{"set_field_of_a_value",
                {"validate", kQuickstart, "--set", "name.first=x"},
                "--set name.first=x: error: 'name.first': 'name' is a single value, so it has no "
                "field 'first'\n" +
                    kInQuickstart},
        CliCase{"set_not_a_path",
                {"validate", kQuickstart, "--set", "cluster..count=3"},
                "--set cluster..count=3: error: 'cluster..count' is not a field path (expected "
                "names joined by '.', with [i] indices)\n" +
                    kInQuickstart},
        CliCase{"set_bad_yaml",
                {"validate", kQuickstart, "--set", "cluster.nodePools[0].count=[3"},
                "--set cluster.nodePools[0].count=[3: error: the value is not valid YAML: a '[' "
                "is never closed (expected a matching ']')\n" +
                    kInQuickstart},
        CliCase{"set_misspelt_policy_in_a_map",
                {"validate", kQuickstart, "--set",
                 "policies.failover={name: out-of-servce, after: 2m}"},
                "--set policies.failover={name: out-of-servce, after: 2m}: error: "
                "'policies.failover.name': unknown value 'out-of-servce' (did you mean "
                "'out-of-service'?); expected kubernetes, force-delete, out-of-service or "
                "replace-node\n" +
                    kInQuickstart},
        // In command-line order, not the order in which the fields are checked.
        CliCase{"set_two_errors_in_command_line_order",
                {"validate", kQuickstart, "--set", "cluster.nodePools[0].count=x", "--set",
                 "simulation.seed=-1"},
                "--set cluster.nodePools[0].count=x: error: 'cluster.nodePools[0].count': "
                "expected a whole number (found 'x')\n"
                "--set simulation.seed=-1: error: 'simulation.seed': expected a whole number "
                "from 0 to 18446744073709551615 (found '-1')\n"
                "2 errors in scenarios/quickstart.yaml\n"},
        CliCase{"replications_flag_zero",
                {"validate", kQuickstart, "-r", "0"},
                "-r 0: error: 'simulation.replications': must be between 1 and 10000000 (found "
                "'0')\n" +
                    kInQuickstart},
        CliCase{"horizon_flag_in_words",
                {"run", kQuickstart, "--horizon", "10 years"},
                "--horizon 10 years: error: 'simulation.horizon': unexpected text ' years' after "
                "the number; expected a duration such as 40s, 6m, 4h, 30d or 1y (found '10 "
                "years')\n" +
                    kInQuickstart}),
    [](const testing::TestParamInfo<CliCase>& info) { return info.param.name; });

// Usage errors print one line saying what is wrong, then the usage, on stderr. The line is
// checked by its beginning, which names the problem; the rest is the command's to word.
struct UsageCase {
  std::string name;
  std::vector<std::string> args;
  std::string first_line_start;
  friend void PrintTo(const UsageCase& c, std::ostream* os) { *os << c.name; }
};

class UsageErrorTest : public testing::TestWithParam<UsageCase> {};

TEST_P(UsageErrorTest, ExitsWithUsage) {
  const UsageCase& c = GetParam();
  const CliResult r = RunCli(c.args);
  EXPECT_EQ(r.exit_code, kExitBadInput);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(FirstLine(r.err).rfind(c.first_line_start, 0), 0u) << r.err;
  EXPECT_NE(r.err.find("\nusage: clustersim COMMAND [options]\n"), std::string::npos) << r.err;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, UsageErrorTest,
    testing::Values(
        UsageCase{"no_command", {}, "clustersim: error: no command given"},
        UsageCase{"unknown_command",
                  {"valdate", kQuickstart},
                  "clustersim: error: unknown command 'valdate' (did you mean 'validate'?); "
                  "expected run, validate, trace, schedule, compare, sweep, check, analyze, report "
                  "or list"},
        UsageCase{"bad_format",
                  {"run", kQuickstart, "--format", "xml"},
                  "clustersim: error: --format must be text, json or csv (found 'xml')"},
        UsageCase{"bad_format_short",
                  {"run", kQuickstart, "-f", "JSON"},
                  "clustersim: error: --format must be text, json or csv (found 'JSON')"},
        UsageCase{"unknown_option",
                  {"validate", kQuickstart, "--bogus"},
                  "clustersim: error: unrecognised option '--bogus'"},
        UsageCase{"missing_scenario", {"run"}, "clustersim: error: run needs a SCENARIO file"},
        UsageCase{
            "list_with_argument", {"list", "extra"}, "clustersim: error: list takes no arguments"},
        UsageCase{"threads_out_of_range",
                  {"run", kQuickstart, "-j", "99999"},
                  "clustersim: error: --threads must be between 0"},
        // Issue 14, item 7: trace's replication and end are checked against the scenario.
        UsageCase{"trace_negative_replication",
                  {"trace", kQuickstart, "--replication", "-1"},
                  "clustersim: error: --replication: must be between 0 and 199 (found '-1'; the "
                  "scenario runs 200 replications)"},
        UsageCase{"trace_until_past_the_horizon",
                  {"trace", kQuickstart, "--until", "2y"},
                  "clustersim: error: --until 2y is past the horizon (1y)"},
        UsageCase{"set_without_value",
                  {"validate", kQuickstart, "--set", "cluster.nodePools[0].count"},
                  "clustersim: error: --set: expected PATH=VALUE, e.g. "
                  "cluster.nodePools[0].count=5 (found 'cluster.nodePools[0].count')"},
        UsageCase{"set_without_path",
                  {"validate", kQuickstart, "--set", "=3"},
                  "clustersim: error: --set: expected PATH=VALUE, e.g. "
                  "cluster.nodePools[0].count=5 (found '=3')"}),
    [](const testing::TestParamInfo<UsageCase>& info) { return info.param.name; });

}  // namespace
}  // namespace clustersim::testing_cli
