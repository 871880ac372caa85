// The event budget (issue 14, item 4): a replication that keeps going far past what its
// scenario should need, or that keeps more events pending than memory allows, is stopped with
// a message; the estimate the budget comes from follows the scenario.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "clustersim/experiment/runner.h"
#include "k8s/trace_helpers.h"

namespace clustersim {
namespace {

// Three nodes crashing every microsecond for a microsecond, for one simulated second.
const char* kFrantic = R"(
simulation: {horizon: 1s, replications: 2, seed: 1}
cluster:
  nodePools: [{name: w, count: 3, zones: [a, b, c]}]
workloads:
  - deployment: {name: web, replicas: 3}
failures:
  - {name: storm, target: {kind: node}, every: 1us, lasts: 1us}
)";

std::string Failure(const Scenario& s, const RunOptions& o) {
  try {
    RunScenario(s, o);
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "";
}

TEST(EventBudgetTest, AReplicationOverItsBudgetIsStoppedWithAMessage) {
  const Scenario s = testing::MustLoad(kFrantic);
  RunOptions o;
  o.threads = 1;
  o.max_events = 1000000;  // stopped at the first checkpoint, 2^20 events in
  const std::string why = Failure(s, o);
  EXPECT_NE(why.find("replication "), std::string::npos) << why;
  EXPECT_NE(why.find(" after 1048576 events, over its budget of 1000000 (--max-events)"),
            std::string::npos)
      << why;
  EXPECT_NE(why.find("--max-events N allows more"), std::string::npos) << why;
}

TEST(EventBudgetTest, TooManyPendingEventsStopTheRun) {
  const Scenario s = testing::MustLoad(kFrantic);
  RunOptions o;
  o.threads = 1;
  o.max_pending = 100000;
  const std::string why = Failure(s, o);
  EXPECT_NE(why.find("events pending, more than the 100000 memory allows"), std::string::npos)
      << why;
}

TEST(EventBudgetTest, TheEstimateFollowsTheFailures) {
  const Scenario s = testing::MustLoad(kFrantic);
  const EventEstimate e = EstimateEvents(s);
  // 3 nodes x 1s / 2us failures, each 4 events and 8 for the pod on its node; 4 per pod.
  EXPECT_DOUBLE_EQ(e.per_replication, 3 * 500000.0 * (4 + 8) + 3 * 4);
  EXPECT_NE(e.main_source.find("failures entry 'storm'"), std::string::npos) << e.main_source;
  EXPECT_EQ(EventBudgetProblem(s, 0), "");
  EXPECT_NE(EventBudgetProblem(s, 1000).find("more than the 1e+03 a replication may take"),
            std::string::npos);
  EXPECT_EQ(EventBudget(s, 0), static_cast<uint64_t>(100 * e.per_replication + 1e7));
  EXPECT_EQ(EventBudget(s, 123), 123u);
}

// Within the budget nothing changes: the run is the one it always was.
TEST(EventBudgetTest, ARunWithinItsBudgetIsUnaffected) {
  Scenario s = testing::MustLoad(kFrantic);
  s.simulation.horizon = 1000;  // 1 ms
  RunOptions o;
  o.threads = 1;
  int reports = 0;
  o.progress = [&](const RunProgress& p) {
    ++reports;
    EXPECT_LE(p.fraction, 1.0);
  };
  const RunSummary r = RunScenario(s, o);
  EXPECT_GT(r.events, 0u);
  EXPECT_GE(reports, 2);  // after each replication at least
}

}  // namespace
}  // namespace clustersim
