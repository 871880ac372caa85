// Out-of-tree scheduler plugins, as a program that links the library adds them (the way
// kube-scheduler's app.WithPlugin does): registered before a scenario is loaded, then turned on
// by the scenario, a score through policies.scheduler.weights and a filter through
// policies.scheduler.filters, and placing pods through the whole model. Its own binary: the
// registrations would change the registry every other policy test checks.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <optional>
#include <string>

#include "clustersim/k8s/cluster_model.h"
#include "clustersim/policy/registry.h"
#include "clustersim/scenario/loader.h"

namespace clustersim {
namespace {

// Only nodes with an even id.
class EvenNodes final : public FilterEach<EvenNodes> {
 public:
  const char* Name() const override { return "EvenNodes"; }
  bool Filter(const SchedulingState&, const SchedPod&, const SchedNode& node,
              const char** reason) const override {
    if (node.id % 2 == 0) return true;
    *reason = "node(s) had an odd id";
    return false;
  }
};

// 100 on the node with id 2, 0 elsewhere.
class PreferNodeTwo final : public ScoreEach<PreferNodeTwo> {
 public:
  const char* Name() const override { return "PreferNodeTwo"; }
  int64_t Score(const SchedulingState&, const SchedPod&, const SchedNode& node) const override {
    return node.id == 2 ? 100 : 0;
  }
};

void RegisterOnce() {
  static const bool done = [] {
    SchedulerPluginInfo filter;
    filter.name = "EvenNodes";
    filter.summary = "filter: nodes with an even id";
    filter.filter = MakePlugin<FilterPlugin, EvenNodes>;
    EXPECT_TRUE(RegisterSchedulerPlugin(std::move(filter)).ok());
    SchedulerPluginInfo score;
    score.name = "PreferNodeTwo";
    score.summary = "score: node 2";
    score.score = MakePlugin<ScorePlugin, PreferNodeTwo>;
    EXPECT_TRUE(RegisterSchedulerPlugin(std::move(score)).ok());
    return true;
  }();
  (void)done;
}

// Pods per node after placing 4 pods of 1 CPU on 4 nodes of 8 CPUs, or the loader's errors.
std::map<std::string, int> Place(const std::string& scheduler, std::string* errors = nullptr) {
  RegisterOnce();
  Diagnostics d;
  std::optional<Scenario> s = LoadScenarioText(R"(
simulation: {horizon: 1h, replications: 1, seed: 1}
cluster:
  nodePools: [{name: n, count: 4, capacity: {cpu: "8", memory: 32Gi}}]
workloads:
  - deployment: {name: app, replicas: 4, resources: {cpu: "1", memory: 1Gi}}
policies: {scheduler: )" + scheduler + R"(}
)",
                                               "t.yaml", {}, &d);
  if (errors != nullptr) *errors = d.ToString();
  if (!s.has_value()) return {};
  ClusterModel model(*s, s->simulation.seed, 0, nullptr);
  model.RunUntil(0);
  std::map<std::string, int> per_node;
  for (int i = 0; i < 4; ++i) ++per_node[model.NodeName(model.NodeOfReplica(0, i))];
  return per_node;
}

TEST(PluginRegistrationTest, RegisteredPluginsFollowTheBuiltins) {
  RegisterOnce();
  const auto rows = SchedulerPlugins();
  ASSERT_GE(rows.size(), 2u);
  EXPECT_EQ(rows[rows.size() - 2].name, "EvenNodes");
  EXPECT_EQ(rows.back().name, "PreferNodeTwo");
  const std::vector<std::string> builtin = BuiltinPluginNames();
  EXPECT_EQ(builtin.size(), rows.size() - 2);
  EXPECT_EQ(std::count(builtin.begin(), builtin.end(), "EvenNodes"), 0);
  EXPECT_EQ(ScorePluginNames().back(), "PreferNodeTwo");
  EXPECT_EQ(OptionalFilterPluginNames(), std::vector<std::string>{"EvenNodes"});
}

TEST(PluginRegistrationTest, BadRowsAreRefusedAndChangeNothing) {
  RegisterOnce();
  const size_t before = SchedulerPlugins().size();
  auto refused = [](SchedulerPluginInfo info) {
    const Status s = RegisterSchedulerPlugin(std::move(info));
    EXPECT_FALSE(s.ok());
    return s.message();
  };
  SchedulerPluginInfo taken;
  taken.name = "NodePorts";
  taken.filter = MakePlugin<FilterPlugin, EvenNodes>;
  EXPECT_EQ(refused(taken), "scheduler plugin 'NodePorts' is registered already");
  SchedulerPluginInfo nameless;
  nameless.score = MakePlugin<ScorePlugin, PreferNodeTwo>;
  EXPECT_EQ(refused(nameless), "scheduler plugin without a name");
  SchedulerPluginInfo empty;
  empty.name = "Nothing";
  EXPECT_EQ(refused(empty), "scheduler plugin 'Nothing' has neither a filter nor a score factory");
  SchedulerPluginInfo always;
  always.name = "AlwaysScore";
  always.score = MakePlugin<ScorePlugin, PreferNodeTwo>;
  always.filter_always = true;
  EXPECT_EQ(refused(always),
            "scheduler plugin 'AlwaysScore' is an always-on filter without a filter factory");
  SchedulerPluginInfo heavy;
  heavy.name = "Heavy";
  heavy.score = MakePlugin<ScorePlugin, PreferNodeTwo>;
  heavy.default_weight = 101;
  EXPECT_EQ(refused(heavy), "scheduler plugin 'Heavy' has a default weight outside 0 to 100");
  EXPECT_EQ(SchedulerPlugins().size(), before);
}

// Off until the scenario turns them on: the default profile spreads one pod per node.
TEST(PluginRegistrationTest, OffUnlessTheScenarioTurnsThemOn) {
  const auto per_node = Place("default");
  EXPECT_EQ(per_node.size(), 4u);
}

TEST(PluginRegistrationTest, FilterTurnedOnByTheScenario) {
  std::string errors;
  const auto per_node = Place("{filters: [EvenNodes]}", &errors);
  EXPECT_EQ(per_node, (std::map<std::string, int>{{"n-0", 2}, {"n-2", 2}})) << errors;
}

TEST(PluginRegistrationTest, ScoreTurnedOnByItsWeight) {
  std::string errors;
  // 100 x 100 outweighs the default scores' spreading: every pod on node 2.
  const auto per_node = Place("{weights: {PreferNodeTwo: 100}}", &errors);
  EXPECT_EQ(per_node, (std::map<std::string, int>{{"n-2", 4}})) << errors;
}

TEST(PluginRegistrationTest, LoaderNamesTheRegisteredFilters) {
  std::string errors;
  EXPECT_TRUE(Place("{filters: [EvenNode]}", &errors).empty());
  EXPECT_NE(errors.find("'policies.scheduler.filters[0]': unknown filter plugin 'EvenNode' (did "
                        "you mean 'EvenNodes'?); expected EvenNodes"),
            std::string::npos)
      << errors;
  EXPECT_TRUE(Place("{filters: [EvenNodes, EvenNodes]}", &errors).empty());
  EXPECT_NE(errors.find("'policies.scheduler.filters[1]': EvenNodes is listed twice"),
            std::string::npos)
      << errors;
  EXPECT_TRUE(Place("{filters: [PreferNodeTwo]}", &errors).empty());
  EXPECT_NE(errors.find("PreferNodeTwo is a score plugin, with no filter; expected EvenNodes"),
            std::string::npos)
      << errors;
}

}  // namespace
}  // namespace clustersim
