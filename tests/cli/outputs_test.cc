// How clustersim writes what it produces (issue 14, items 1 and 6): -o to a device or a pipe
// writes straight to it, a symbolic link is followed, a replaced file keeps its mode, an output
// that is an input is refused before the run, a directory that cannot take the output is found
// before the run, and every write error, to stdout too, says where and why, with exit 1. The
// devices used are made in a temporary directory, so that a clustersim that renames over them
// (as it once did) harms nothing.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "cli/cli_runner.h"

namespace clustersim::testing_cli {
namespace {

namespace fs = std::filesystem;

const std::string kQuickstart = "scenarios/quickstart.yaml";
// A run quick enough for every case.
const std::vector<std::string> kQuick = {"-r", "2", "--horizon", "30d"};

std::vector<std::string> Args(std::vector<std::string> head, const std::vector<std::string>& tail) {
  head.insert(head.end(), tail.begin(), tail.end());
  return head;
}

std::vector<std::string> RunTo(const std::string& output,
                               const std::string& scenario = kQuickstart) {
  return Args({"run", scenario, "-f", "csv", "-o", output}, kQuick);
}

mode_t ModeOf(const fs::path& p) {
  struct stat st {};
  return lstat(p.c_str(), &st) == 0 ? st.st_mode : 0;
}

void WriteFile(const fs::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary);
  out << text;
}

// A character device node like /dev/null or /dev/full in `dir` (root only).
bool MakeDevice(const fs::path& path, unsigned minor) {
  return mknod(path.c_str(), S_IFCHR | 0666, makedev(1, minor)) == 0;
}

TEST(OutputTest, ADeviceIsWrittenToAndStaysADevice) {
  TempDir dir;
  const fs::path null = dir.path() / "null";
  if (!MakeDevice(null, 3)) GTEST_SKIP() << "mknod needs root";
  const CliResult r = RunCli(RunTo(null));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_TRUE(S_ISCHR(ModeOf(null))) << "the device was replaced";
  // Nothing was left beside it either.
  EXPECT_EQ(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()), 1);
}

TEST(OutputTest, AFullDeviceIsAnErrorWithItsReason) {
  TempDir dir;
  const fs::path full = dir.path() / "full";
  if (!MakeDevice(full, 7)) GTEST_SKIP() << "mknod needs root";
  const CliResult r = RunCli(RunTo(full));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err,
            "clustersim: error: cannot write '" + full.string() + "': No space left on device\n");
  EXPECT_TRUE(S_ISCHR(ModeOf(full)));
}

TEST(OutputTest, DevFdNamesADescriptorThatIsWrittenTo) {
  const CliResult r = RunCli(RunTo("/dev/fd/1"));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("scenario,", 0), 0u) << r.out;
}

TEST(OutputTest, ASymlinkIsFollowedAndItsTargetReplaced) {
  TempDir dir;
  const fs::path target = dir.path() / "target.csv";
  const fs::path link = dir.path() / "link.csv";
  WriteFile(target, "old\n");
  fs::create_symlink("target.csv", link);
  const CliResult r = RunCli(RunTo(link));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(S_ISLNK(ModeOf(link))) << "the link was replaced by a file";
  EXPECT_EQ(ReadFile(target).rfind("scenario,", 0), 0u);
}

TEST(OutputTest, AReplacedFileKeepsItsMode) {
  TempDir dir;
  const fs::path out = dir.path() / "report.csv";
  WriteFile(out, "old\n");
  fs::permissions(out, fs::perms::owner_read | fs::perms::owner_write);
  const CliResult r = RunCli(RunTo(out));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(ModeOf(out) & 07777, 0600u);
  EXPECT_EQ(ReadFile(out).rfind("scenario,", 0), 0u);
}

TEST(OutputTest, AnOutputThatIsTheScenarioIsRefusedBeforeTheRun) {
  TempDir dir;
  const fs::path scenario = dir.path() / "s.yaml";
  fs::copy_file(fs::path(SourceDir()) / kQuickstart, scenario);
  const std::string before = ReadFile(scenario);
  const CliResult r = RunCli(RunTo(scenario, scenario));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "clustersim: error: -o: the output '" + scenario.string() +
                       "' is the input file '" + scenario.string() +
                       "', which writing it would destroy; expected another output file\n");
  EXPECT_EQ(ReadFile(scenario), before);
}

TEST(OutputTest, AnOutputThatIsAManifestIsRefused) {
  TempDir dir;
  const fs::path manifests = fs::path(SourceDir()) / "scenarios/manifests";
  const fs::path scenario = dir.path() / "zk.yaml";
  fs::copy_file(fs::path(SourceDir()) / "scenarios/zookeeper.yaml", scenario);
  fs::create_directory(dir.path() / "manifests");
  for (const auto& e : fs::directory_iterator(manifests)) {
    fs::copy_file(e.path(), dir.path() / "manifests" / e.path().filename());
  }
  // The scenario's manifest, through another name (a symbolic link to it).
  fs::create_symlink(dir.path() / "manifests/zookeeper.yaml", dir.path() / "out.json");
  const CliResult r = RunCli(Args({"run", "zk.yaml", "-o", "out.json"}, kQuick), dir.path());
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("is the input file 'manifests/zookeeper.yaml'"), std::string::npos) << r.err;
}

TEST(OutputTest, AMissingDirectoryIsFoundBeforeTheRun) {
  TempDir dir;
  const fs::path out = dir.path() / "no-such-dir" / "r.csv";
  const CliResult r = RunCli(RunTo(out));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "clustersim: error: -o: cannot write '" + out.string() + "': its directory '" +
                       (dir.path() / "no-such-dir").string() + "' does not exist\n");
}

TEST(OutputTest, ADirectoryIsNoOutput) {
  TempDir dir;
  const CliResult r = RunCli(RunTo(dir.path()));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "clustersim: error: -o: cannot write '" + dir.path().string() +
                       "': it is a directory (expected the name of a file)\n");
}

// ---------------------------------------------------------------------------------------------
// stdout: closed, or full. Every command that prints says so and exits 1.

struct StdoutCase {
  std::string name;
  std::vector<std::string> args;
  friend void PrintTo(const StdoutCase& c, std::ostream* os) { *os << c.name; }
};

class StdoutErrorTest : public testing::TestWithParam<StdoutCase> {};

TEST_P(StdoutErrorTest, ClosedStdoutIsAnError) {
  const CliResult r = RunCli(GetParam().args, "", Stdout::kClosed);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, "clustersim: error: cannot write standard output: Bad file descriptor\n");
}

TEST_P(StdoutErrorTest, FullStdoutIsAnError) {
  const CliResult r = RunCli(GetParam().args, "", Stdout::kFull);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, "clustersim: error: cannot write standard output: No space left on device\n");
}

INSTANTIATE_TEST_SUITE_P(
    Commands, StdoutErrorTest,
    testing::Values(StdoutCase{"run", Args({"run", kQuickstart}, kQuick)},
                    StdoutCase{"schedule", {"schedule", kQuickstart}},
                    StdoutCase{"trace", {"trace", kQuickstart, "--until", "30d"}},
                    StdoutCase{
                        "sweep",
                        {"sweep", "scenarios/capacity-sweep.yaml", "-r", "2", "--horizon", "30d"}},
                    StdoutCase{"analyze", {"analyze", "scenarios/exact-quorum.yaml"}},
                    StdoutCase{"list", {"list"}}, StdoutCase{"help", {"help"}}),
    [](const testing::TestParamInfo<StdoutCase>& info) { return info.param.name; });

}  // namespace
}  // namespace clustersim::testing_cli
