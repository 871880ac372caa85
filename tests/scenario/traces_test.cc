// Outage traces (failures[].trace): the CSV format, what a row may say, and every problem
// reported at its file:line:column.
#include <gtest/gtest.h>

#include "scenario/scenario_files.h"

namespace clustersim {
namespace {

class TraceFileTest : public ScenarioFilesTest {};

const char* kScenario = R"(
cluster:
  nodePools: [{name: n, count: 4, zones: [zone-a, zone-b], racksPerZone: 2}]
workloads:
  - deployment: {name: web, replicas: 2}
failures:
  - {name: log, trace: outages.csv}
)";

TEST_F(TraceFileTest, ReadsRowsWithAndWithoutHeaderAndComments) {
  Write("outages.csv",
        "# from the incident log\n"
        "target,scope,kind,start,end,cause\n"
        "n-1,node,crash,1h,2h,kernel panic\r\n"
        "\n"
        "n-0, disk ,,3h,4h,SSD\n"
        "zone-b/rack-1,rack,crash,5h,6h,switch\n"
        "zone-a,zone,loss,7d,,fire\n");
  const Scenario s = MustLoad(kScenario);
  ASSERT_EQ(s.failures.size(), 1u);
  const FailureSpec& f = s.failures[0];
  EXPECT_FALSE(f.bootstrap);
  ASSERT_EQ(f.trace.size(), 4u);
  EXPECT_EQ(f.trace[0].target, "n-1");
  EXPECT_EQ(f.trace[0].scope, FailureTargetKind::kNode);
  EXPECT_EQ(f.trace[0].effect, FailureEffect::kCrash);
  EXPECT_EQ(f.trace[0].start, kHour);
  EXPECT_EQ(f.trace[0].end, 2 * kHour);
  EXPECT_EQ(f.trace[0].cause, "kernel panic");
  EXPECT_EQ(f.trace[1].scope, FailureTargetKind::kDisk);
  EXPECT_EQ(f.trace[1].effect, FailureEffect::kLoss);  // a disk always loses its data
  EXPECT_EQ(f.trace[2].scope, FailureTargetKind::kRack);
  EXPECT_EQ(f.trace[3].scope, FailureTargetKind::kZone);
  EXPECT_EQ(f.trace[3].effect, FailureEffect::kLoss);
  EXPECT_EQ(f.trace[3].end, kNever);  // not repaired within the horizon
}

TEST_F(TraceFileTest, EveryBadRowIsReportedAtItsPlace) {
  Write("outages.csv",
        "n-1,node,crash,1h,2h\n"
        "n-9,node,crash,1h,2h,typo\n"
        "n-1,host,crash,1h,2h,scope\n"
        "n-1,disk,crash,1h,2h,disk crash\n"
        "n-1,node,reboot,1h,2h,kind\n"
        "n-1,node,crash,soon,2h,start\n"
        "n-1,node,crash,3h,2h,end before start\n"
        "rack-1,rack,crash,1h,2h,unqualified rack\n");
  EXPECT_EQ(Errors(kScenario),
            "outages.csv:1:1: error: expected 6 comma-separated fields "
            "(target,scope,kind,start,end,cause), found 5\n"
            "outages.csv:2:1: error: no node named 'n-9' (did you mean 'n-0'?)\n"
            "outages.csv:3:5: error: unknown scope 'host'; expected node, disk, rack or zone\n"
            "outages.csv:4:10: error: a disk failure always loses the disk's data; expected loss "
            "or nothing\n"
            "outages.csv:5:10: error: unknown kind 'reboot'; expected crash, loss or nothing "
            "(crash)\n"
            "outages.csv:6:16: error: start: not a number (found 'soon'); expected a time from "
            "the start of the replication such as 3d or 7200\n"
            "outages.csv:7:19: error: end (2h) must be after start (3h)\n"
            "outages.csv:8:1: error: no rack named 'rack-1'; racks are named <zone>/rack-<k>\n");
}

TEST_F(TraceFileTest, MissingOrEmptyFileAndStrayFields) {
  EXPECT_NE(Errors(kScenario).find("'failures[0].trace': cannot open 'outages.csv'"),
            std::string::npos);
  Write("outages.csv", "target,scope,kind,start,end,cause\n# nothing yet\n");
  EXPECT_NE(Errors(kScenario).find("'failures[0].trace': 'outages.csv' holds no outages"),
            std::string::npos);
  Write("outages.csv", "n-1,node,crash,1h,2h,x\n");
  const std::string stray = Errors(R"(
cluster: {nodePools: [{name: n, count: 2}]}
workloads: [{deployment: {name: web, replicas: 1}}]
failures: [{trace: outages.csv, every: 30d}]
)");
  EXPECT_NE(stray.find("a trace-driven failure takes its targets and times from the trace file"),
            std::string::npos)
      << stray;
  const std::string bootstrap = Errors(R"(
cluster: {nodePools: [{name: n, count: 2}]}
workloads: [{deployment: {name: web, replicas: 1}}]
failures: [{target: {kind: node}, every: 30d, bootstrap: true}]
)");
  EXPECT_NE(bootstrap.find("'failures[0].bootstrap' applies to trace-driven failures only"),
            std::string::npos)
      << bootstrap;
}

}  // namespace
}  // namespace clustersim
