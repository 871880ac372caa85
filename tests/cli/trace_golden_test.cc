// Golden traces: the `clustersim trace` timeline of replications 0 and 1 of every scenario in
// tests/testdata/trace/ is exactly tests/golden/trace/NAME.trace. These scenarios exercise every
// failover and recovery policy, drains under a PodDisruptionBudget, trace-driven outages,
// pre-created PersistentVolumes, regional volumes, leader election, racks and repair crews, so a
// change to the model that moves one step of any of those sequences fails here until
// tools/update-goldens.sh rewrites the file and the diff is reviewed. They pinned the behaviour
// before the model was split into controllers (issue 13), and keep pinning it.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "cli/cli_runner.h"

namespace clustersim::testing_cli {
namespace {

namespace fs = std::filesystem;

// Every scenario of tests/testdata/trace (the manifests they read end in -manifests.yaml).
std::vector<std::string> TraceScenarios() {
  std::vector<std::string> names;
  if (SourceDir().empty()) return names;
  for (const auto& e : fs::directory_iterator(fs::path(SourceDir()) / "tests/testdata/trace")) {
    const std::string stem = e.path().stem().string();
    if (e.path().extension() == ".yaml" && !stem.ends_with("-manifests")) names.push_back(stem);
  }
  std::sort(names.begin(), names.end());
  return names;
}

// What the golden file holds: each replication's trace under a "# replication N" line.
std::string Traces(const std::string& name, std::string* err) {
  std::string all;
  for (const char* rep : {"0", "1"}) {
    const CliResult r =
        RunCli({"trace", "tests/testdata/trace/" + name + ".yaml", "--replication", rep});
    if (r.exit_code != 0) *err += r.err;
    all += std::string("# replication ") + rep + "\n" + r.out;
  }
  return all;
}

TEST(TraceGoldenCorpus, EveryTraceScenarioHasAGoldenAndViceVersa) {
  ASSERT_FALSE(SourceDir().empty()) << "CLUSTERSIM_SOURCE_DIR is not set; run through ctest";
  std::vector<std::string> golden;
  for (const auto& e : fs::directory_iterator(fs::path(SourceDir()) / "tests/golden/trace")) {
    if (e.path().extension() == ".trace") golden.push_back(e.path().stem().string());
  }
  std::sort(golden.begin(), golden.end());
  EXPECT_EQ(TraceScenarios(), golden);
  EXPECT_GE(golden.size(), 14u);
}

class TraceGoldenTest : public testing::TestWithParam<std::string> {};

TEST_P(TraceGoldenTest, TimelineIsAsRecorded) {
  const std::string name = GetParam();
  std::string err;
  const std::string got = Traces(name, &err);
  ASSERT_EQ(err, "");
  const std::string want =
      ReadFile(fs::path(SourceDir()) / "tests/golden/trace" / (name + ".trace"));
  ASSERT_FALSE(want.empty()) << "no tests/golden/trace/" << name << ".trace";
  if (got == want) return;
  // Name the first line that differs rather than printing two long timelines.
  size_t line = 1, i = 0;
  while (i < got.size() && i < want.size() && got[i] == want[i]) {
    if (got[i] == '\n') ++line;
    ++i;
  }
  const auto around = [&](const std::string& s) {
    const size_t b = s.rfind('\n', i == 0 ? 0 : i - 1);
    const size_t from = b == std::string::npos ? 0 : b + 1;
    return s.substr(from, s.find('\n', from) - from);
  };
  ADD_FAILURE() << "tests/testdata/trace/" << name << ".yaml no longer gives tests/golden/trace/"
                << name << ".trace; first difference at line " << line
                << ":\n  recorded: " << around(want) << "\n  now:      " << around(got)
                << "\nIf the change is meant, run tools/update-goldens.sh and review the diff.";
}

INSTANTIATE_TEST_SUITE_P(Scenarios, TraceGoldenTest, testing::ValuesIn(TraceScenarios()),
                         [](const testing::TestParamInfo<std::string>& info) {
                           std::string n = info.param;
                           std::replace(n.begin(), n.end(), '-', '_');
                           return n;
                         });

}  // namespace
}  // namespace clustersim::testing_cli
