// The scheduler plugin registry against upstream and against its readers: the built-in rows are
// k/k pkg/scheduler/apis/config/v1/default_plugins.go's plugins (v1.28-v1.31, the ones this
// version models) in its order with its weights, and the registry's names are exactly what
// MakeProfile builds, what policies.scheduler.weights accepts and what
// docs/scenario-format.md (section 4.7) lists.
#include "clustersim/policy/registry.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "clustersim/scenario/loader.h"

namespace clustersim {
namespace {

using Names = std::vector<std::string>;

// default_plugins.go's MultiPoint list without the plugins that have no counterpart here
// (SchedulingGates, PrioritySort, the volume limits, DefaultPreemption, DefaultBinder), then
// clustersim's own VolumeLocality.
const Names kUpstreamOrder = {
    "NodeUnschedulable",  "NodeName",         "TaintToleration",
    "NodeAffinity",       "NodePorts",        "NodeResourcesFit",
    "VolumeRestrictions", "VolumeBinding",    "VolumeZone",
    "PodTopologySpread",  "InterPodAffinity", "NodeResourcesBalancedAllocation",
    "ImageLocality",      "VolumeLocality"};

// The filters of every profile, in the order they run (default_plugins.go).
const Names kFilters = {"NodeUnschedulable",  "NodeName",        "TaintToleration",
                        "NodeAffinity",       "NodePorts",       "NodeResourcesFit",
                        "VolumeRestrictions", "VolumeBinding",   "VolumeZone",
                        "PodTopologySpread",  "InterPodAffinity"};

// The scores with default_plugins.go's weights (VolumeLocality: off), in the order clustersim's
// profiles run them and `clustersim schedule` prints them.
const std::vector<std::pair<std::string, int64_t>> kScores = {
    {"TaintToleration", 3},   {"NodeResourcesFit", 1}, {"NodeAffinity", 2},
    {"PodTopologySpread", 2}, {"InterPodAffinity", 2}, {"NodeResourcesBalancedAllocation", 1},
    {"ImageLocality", 1},     {"VolumeLocality", 0}};

Names RowNames() {
  Names names;
  for (const SchedulerPluginInfo& r : SchedulerPlugins()) names.push_back(r.name);
  return names;
}

TEST(SchedulerRegistryTest, BuiltinRowsAreUpstreamsInItsOrder) {
  EXPECT_EQ(BuiltinPluginNames(), kUpstreamOrder);
  // Nothing registered in this binary: the rows are the built-ins.
  EXPECT_EQ(RowNames(), kUpstreamOrder);
  for (const SchedulerPluginInfo& r : SchedulerPlugins()) {
    EXPECT_TRUE(r.filter || r.score) << r.name;
    EXPECT_FALSE(r.summary.empty()) << r.name;
    EXPECT_EQ(FindSchedulerPlugin(r.name), &r) << r.name;
    // Every built-in filter runs in every profile; none is optional.
    EXPECT_EQ(r.filter_always, static_cast<bool>(r.filter)) << r.name;
    EXPECT_EQ(r.clustersim_specific, r.name == "VolumeLocality") << r.name;
  }
  EXPECT_EQ(FindSchedulerPlugin("Random"), nullptr);  // the random profile's, not a row
  EXPECT_TRUE(OptionalFilterPluginNames().empty());
}

// Each plugin made from its row calls itself by the row's name (the name `clustersim schedule`
// prints and the weights are keyed by).
TEST(SchedulerRegistryTest, FactoriesMakeThePluginTheRowNames) {
  for (const SchedulerPluginInfo& r : SchedulerPlugins()) {
    auto filter = MakeFilterPlugin(r.name);
    auto score = MakeScorePlugin(r.name);
    EXPECT_EQ(filter != nullptr, static_cast<bool>(r.filter)) << r.name;
    EXPECT_EQ(score != nullptr, static_cast<bool>(r.score)) << r.name;
    if (filter != nullptr) {
      EXPECT_STREQ(filter->Name(), r.name.c_str());
    }
    if (score != nullptr) {
      EXPECT_STREQ(score->Name(), r.name.c_str());
    }
  }
  EXPECT_EQ(MakeFilterPlugin("NoSuchPlugin"), nullptr);
  EXPECT_EQ(MakeScorePlugin("NodePorts"), nullptr);  // a filter only
}

struct Built {
  Names filters;
  std::vector<std::pair<std::string, int64_t>> scores;
};

Built Build(const SchedulerConfig& config) {
  auto p = MakeProfile(config);
  EXPECT_TRUE(p.ok()) << config.profile << ": " << p.status().message();
  Built b;
  if (!p.ok()) return b;
  for (const auto& f : p->filters) b.filters.push_back(f->Name());
  for (const auto& s : p->scores) b.scores.emplace_back(s.plugin->Name(), s.weight);
  return b;
}

TEST(SchedulerRegistryTest, ProfilesAreBuiltFromTheRows) {
  Names score_names;
  for (const auto& [name, weight] : kScores) score_names.push_back(name);
  EXPECT_EQ(ScorePluginNames(), score_names);
  for (const SchedulerPluginInfo& r : SchedulerPlugins()) {
    if (!r.score) continue;
    const auto it = std::find_if(kScores.begin(), kScores.end(),
                                 [&](const auto& e) { return e.first == r.name; });
    ASSERT_NE(it, kScores.end()) << r.name;
    EXPECT_EQ(r.default_weight, it->second) << r.name;
  }

  SchedulerConfig config;
  const Built def = Build(config);
  EXPECT_EQ(def.filters, kFilters);
  EXPECT_EQ(def.scores, kScores);
  // Every profile keeps every filter; the scored ones differ from the default only in weights.
  for (const std::string& profile : BuiltinProfileNames()) {
    config.profile = profile;
    const Built b = Build(config);
    EXPECT_EQ(b.filters, kFilters) << profile;
    if (profile == "random") {
      EXPECT_EQ(b.scores, (std::vector<std::pair<std::string, int64_t>>{{"Random", 1}}));
    } else if (profile == "first-fit") {
      EXPECT_TRUE(b.scores.empty());
    } else {
      ASSERT_EQ(b.scores.size(), kScores.size()) << profile;
      for (size_t i = 0; i < kScores.size(); ++i) {
        EXPECT_EQ(b.scores[i].first, kScores[i].first) << profile;
      }
    }
  }
}

TEST(SchedulerRegistryTest, MakeProfileRejectsNamesOutsideTheRegistry) {
  SchedulerConfig config;
  config.weights = {{"NodePorts", 1}};
  auto p = MakeProfile(config);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().message(),
            "unknown score plugin 'NodePorts' in the weights; known: TaintToleration, "
            "NodeResourcesFit, NodeAffinity, PodTopologySpread, InterPodAffinity, "
            "NodeResourcesBalancedAllocation, ImageLocality, VolumeLocality");
  config.weights.clear();
  config.filters = {"NodePorts"};
  p = MakeProfile(config);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().message(), "filter plugin 'NodePorts' runs in every profile");
  config.filters = {"NoSuchFilter"};
  p = MakeProfile(config);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().message(),
            "unknown filter plugin 'NoSuchFilter' in the filters; none is registered");
}

// What the loader makes of `weights: {<plugin>: 5}`: the profile's weight for it, or the error.
std::optional<int64_t> LoadedWeight(const std::string& plugin, std::string* error) {
  Diagnostics d;
  auto s = LoadScenarioText(
      "cluster: {nodePools: [{name: n, count: 1}]}\n"
      "policies: {scheduler: {weights: {" +
          plugin + ": 5}}}\n",
      "t.yaml", {}, &d);
  *error = d.ToString();
  if (!s.has_value()) return std::nullopt;
  auto p = MakeProfile(s->scheduler.config);
  EXPECT_TRUE(p.ok()) << plugin;
  if (!p.ok()) return std::nullopt;
  for (const auto& ws : p->scores) {
    if (ws.plugin->Name() == plugin) return ws.weight;
  }
  ADD_FAILURE() << plugin << " accepted but not in the profile";
  return std::nullopt;
}

// The loader accepts a weight for exactly the registry's score plugins, and turns the others
// down with the list of those.
TEST(SchedulerRegistryTest, LoaderAcceptsTheScorePluginsWeightsAndNoOthers) {
  Names candidates = RowNames();
  candidates.push_back("Random");
  candidates.push_back("NodeResourceFit");
  for (const std::string& plugin : candidates) {
    std::string error;
    const std::optional<int64_t> weight = LoadedWeight(plugin, &error);
    const SchedulerPluginInfo* row = FindSchedulerPlugin(plugin);
    if (row != nullptr && row->score) {
      EXPECT_EQ(weight, 5) << plugin << ": " << error;
      continue;
    }
    EXPECT_FALSE(weight.has_value()) << plugin;
    EXPECT_NE(error.find("'policies.scheduler.weights." + plugin + "'"), std::string::npos)
        << error;
    EXPECT_NE(error.find("TaintToleration, NodeResourcesFit, NodeAffinity, PodTopologySpread, "
                         "InterPodAffinity, NodeResourcesBalancedAllocation, ImageLocality or "
                         "VolumeLocality"),
              std::string::npos)
        << error;
  }
  std::string error;
  LoadedWeight("NodeResourceFit", &error);
  EXPECT_NE(error.find("(did you mean 'NodeResourcesFit'?)"), std::string::npos) << error;
}

// docs/scenario-format.md's row for policies.scheduler.weights names the score plugins with
// their default weights, in the registry's order.
TEST(SchedulerRegistryTest, ScenarioFormatListsTheScorePlugins) {
  const char* dir = std::getenv("CLUSTERSIM_SOURCE_DIR");
  ASSERT_NE(dir, nullptr) << "CLUSTERSIM_SOURCE_DIR is not set; run through ctest";
  std::ifstream in(std::string(dir) + "/docs/scenario-format.md");
  ASSERT_TRUE(in) << "docs/scenario-format.md";
  std::string line, row;
  while (std::getline(in, line)) {
    if (line.rfind("| `policies.scheduler.weights.<plugin>` |", 0) == 0) row = line;
  }
  ASSERT_FALSE(row.empty()) << "no policies.scheduler.weights row";
  std::vector<std::pair<std::string, int64_t>> listed;
  const std::regex entry("`([A-Za-z]+)` \\(([0-9]+)\\)");
  for (auto it = std::sregex_iterator(row.begin(), row.end(), entry); it != std::sregex_iterator();
       ++it) {
    listed.emplace_back((*it)[1].str(), std::stoll((*it)[2].str()));
  }
  std::vector<std::pair<std::string, int64_t>> want;
  for (const std::string& name : ScorePluginNames()) {
    want.emplace_back(name, FindSchedulerPlugin(name)->default_weight);
  }
  EXPECT_EQ(listed, want) << row;
}

}  // namespace
}  // namespace clustersim
