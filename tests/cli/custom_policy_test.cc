// The out-of-tree policy example (examples/custom-policy/): its own binary registers the
// node-health-check failover policy and is the clustersim command, so `list` names it, a
// scenario uses it like a built-in, `compare` puts it beside the built-ins, and its timeline
// follows NHC and SNR step by step (the defaults and their sources are in the example's file).
#include <gtest/gtest.h>

#include <cmath>
#include <sstream>
#include <string>
#include <vector>

#include "cli/cli_runner.h"

namespace clustersim::testing_cli {
namespace {

const std::string kTimeline = "tests/testdata/custom-policy/nhc-timeline.yaml";

CliResult RunExample(const std::vector<std::string>& args) {
  return RunCli(args, "", Stdout::kCaptured, Env("CLUSTERSIM_EXAMPLE_BIN"));
}

struct Line {
  double t = -1;
  std::string kind, rest;
};

std::vector<Line> Trace(const std::vector<std::string>& extra = {}) {
  std::vector<std::string> args = {"trace", kTimeline};
  args.insert(args.end(), extra.begin(), extra.end());
  const CliResult r = RunExample(args);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::vector<Line> lines;
  std::istringstream in(r.out);
  std::string text;
  while (std::getline(in, text)) {
    std::istringstream l(text);
    Line line;
    std::string t;
    l >> t >> line.kind;
    line.t = std::stod(t);  // "3640.000s"
    std::getline(l, line.rest);
    lines.push_back(line);
  }
  return lines;
}

// The first line of `kind` whose rest mentions `what`, at or after `from`.
const Line* First(const std::vector<Line>& lines, const std::string& kind, const std::string& what,
                  double from = 0) {
  for (const Line& l : lines) {
    if (l.t >= from && l.kind == kind && l.rest.find(what) != std::string::npos) return &l;
  }
  return nullptr;
}

TEST(CustomPolicyTest, TheExampleBinaryListsItsPolicyBesideTheBuiltIns) {
  const CliResult r = RunExample({"list"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("  node-health-check "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("  out-of-service "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("      safeTimeToAssumeRebooted (duration, default 180s)"),
            std::string::npos)
      << r.out;
  // The plain command does not know it, and says what it knows.
  const CliResult plain = RunCli({"validate", kTimeline});
  EXPECT_EQ(plain.exit_code, 2);
  EXPECT_NE(plain.err.find("unknown value 'node-health-check'"), std::string::npos) << plain.err;
}

// NHC: Ready=Unknown for 300 s; SNR: 180 s for the self-reboot; then the out-of-service taint,
// PodGC's next pass force-deletes the pod, its volume is detached at once, the replacement runs
// on another node.
TEST(CustomPolicyTest, TimelineFollowsNodeHealthCheckAndSelfNodeRemediation) {
  const std::vector<Line> t = Trace();
  const Line* down = First(t, "NodeDown", "node=n-0");
  const Line* not_ready = First(t, "NodeNotReady", "node=n-0");
  const Line* taint = First(t, "OutOfServiceTaint", "node=n-0");
  ASSERT_TRUE(down && not_ready && taint);
  EXPECT_DOUBLE_EQ(down->t, 3600);
  EXPECT_DOUBLE_EQ(taint->t, not_ready->t + 300 + 180);
  const Line* deleted = First(t, "PodForceDeleted", "pod=db-0", taint->t);
  ASSERT_NE(deleted, nullptr);
  EXPECT_LE(deleted->t, taint->t + 20);  // PodGC's gcCheckPeriod
  const Line* detach = First(t, "VolumeDetachStarted", "volume=data-db-0", taint->t);
  ASSERT_NE(detach, nullptr);
  EXPECT_DOUBLE_EQ(detach->t, deleted->t);  // out of service: no 6-minute wait
  const Line* ready = First(t, "PodReady", "pod=db-0", deleted->t);
  ASSERT_NE(ready, nullptr);
  EXPECT_EQ(ready->rest.find("node=n-0"), std::string::npos) << ready->rest;
  EXPECT_LT(ready->t, 3 * 3600);  // before n-0 is back
}

// With n-1 down too, 1 of 3 nodes is healthy, fewer than ceil(51% x 3) = 2: NHC skips the
// remediation, looks again every 30 s, and fences n-0 only once n-1 is back.
TEST(CustomPolicyTest, MinHealthyHoldsRemediationBackWhileTooFewNodesAreHealthy) {
  const std::vector<Line> t = Trace({"--set", "failures[1].at=1h"});
  const Line* not_ready = First(t, "NodeNotReady", "node=n-0");
  const Line* back = First(t, "NodeUp", "node=n-1");
  const Line* taint = First(t, "OutOfServiceTaint", "node=n-0");
  ASSERT_TRUE(not_ready && back && taint);
  EXPECT_DOUBLE_EQ(back->t, 3600 + 20 * 60);
  EXPECT_GT(taint->t, back->t + 180);
  EXPECT_LE(taint->t, back->t + 30 + 180);
  // On the 30 s grid after the first check at NotReady + 300 s.
  const double since_first_check = taint->t - 180 - (not_ready->t + 300);
  EXPECT_NEAR(since_first_check / 30, std::round(since_first_check / 30), 1e-9);
}

TEST(CustomPolicyTest, CompareRunsTheExamplePolicyBesideTheBuiltIns) {
  const CliResult r =
      RunExample({"compare", "examples/custom-policy/nhc-compare.yaml", "-r", "12", "-f", "csv"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* variant : {"kubernetes", "out-of-service-2m", "node-health-check"}) {
    EXPECT_NE(r.out.find(variant), std::string::npos) << r.out;
  }
}

}  // namespace
}  // namespace clustersim::testing_cli
