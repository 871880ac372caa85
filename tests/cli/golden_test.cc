// Golden summaries: every scenario of the library (scenarios/*.yaml, except the two that exist
// for speed) gives, with 3 replications, exactly the CSV summary recorded in tests/golden. A
// change to the model that moves a figure fails here until tools/update-goldens.sh rewrites
// the file and the diff is reviewed; a scenario added without a golden file fails too.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "cli/cli_runner.h"

namespace clustersim::testing_cli {
namespace {

namespace fs = std::filesystem;

const std::set<std::string> kSpeedScenarios = {"large-5000", "failure-heavy-1000"};

std::vector<std::string> LibraryScenarios() {
  std::vector<std::string> names;
  if (SourceDir().empty()) return names;
  for (const auto& e : fs::directory_iterator(fs::path(SourceDir()) / "scenarios")) {
    const std::string stem = e.path().stem().string();
    if (e.path().extension() == ".yaml" && !kSpeedScenarios.count(stem)) names.push_back(stem);
  }
  std::sort(names.begin(), names.end());
  return names;
}

TEST(GoldenCorpus, EveryLibraryScenarioHasAGoldenSummaryAndViceVersa) {
  ASSERT_FALSE(SourceDir().empty()) << "CLUSTERSIM_SOURCE_DIR is not set; run through ctest";
  std::vector<std::string> golden;
  for (const auto& e : fs::directory_iterator(fs::path(SourceDir()) / "tests/golden")) {
    if (e.path().extension() == ".csv") golden.push_back(e.path().stem().string());
  }
  std::sort(golden.begin(), golden.end());
  EXPECT_EQ(LibraryScenarios(), golden);
  EXPECT_GE(golden.size(), 10u);
}

class GoldenTest : public testing::TestWithParam<std::string> {};

TEST_P(GoldenTest, SummaryIsAsRecorded) {
  const std::string name = GetParam();
  const CliResult r =
      RunCli({"run", "scenarios/" + name + ".yaml", "-r", "3", "-j", "2", "-f", "csv"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, ReadFile(fs::path(SourceDir()) / "tests/golden" / (name + ".csv")))
      << "scenarios/" << name << ".yaml no longer gives tests/golden/" << name
      << ".csv; if the change is meant, run tools/update-goldens.sh and review the diff";
}

INSTANTIATE_TEST_SUITE_P(Library, GoldenTest, testing::ValuesIn(LibraryScenarios()),
                         [](const testing::TestParamInfo<std::string>& info) {
                           std::string n = info.param;
                           for (char& c : n) {
                             if (c == '-') c = '_';
                           }
                           return n;
                         });

}  // namespace
}  // namespace clustersim::testing_cli
