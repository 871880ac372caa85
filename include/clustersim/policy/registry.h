// The scheduler's plugin registry and its profiles. One row per plugin, as kube-scheduler's
// in-tree registry (pkg/scheduler/framework/plugins/registry.go) holds one factory per name,
// with the default profile's weight from default_plugins.go beside it. Every user of plugin
// names reads these rows: MakeProfile (filter order, scores and default weights), the loader
// (policies.scheduler.weights and .filters, with "did you mean"), `clustersim list` and the
// docs tests.
//
// The built-in rows are in sim/policy/plugin_registry.cc, each plugin in its own file under
// sim/policy/plugins/. A program that links the library adds its own plugin with
// RegisterSchedulerPlugin before it loads a scenario, the way an out-of-tree kube-scheduler
// registers one with app.WithPlugin; a scenario then turns its score on with
// `policies.scheduler.weights.<Name>` and its filter with `policies.scheduler.filters`.
// Registration is not thread-safe: do it first, in main().
#pragma once

#include <functional>
#include <limits>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "clustersim/core/status.h"
#include "clustersim/policy/scheduling.h"

namespace clustersim {

// Makes one instance of a plugin in one role for one profile (one replication). `config` is
// the profile's configuration with the profile's own defaults filled in (NodeResourcesFit's
// strategy reads it); an invalid one is an InvalidArgument status whose message says why.
template <typename Plugin>
using SchedulerPluginFactory =
    std::function<StatusOr<std::unique_ptr<Plugin>>(const SchedulerConfig& config)>;

// The factory of a plugin class `T` (a FilterPlugin or ScorePlugin) that takes no arguments.
// Instantiate it in the file that defines `T`, so that FilterEach/ScoreEach inline `T`'s
// per-node call there.
template <typename Plugin, typename T>
StatusOr<std::unique_ptr<Plugin>> MakePlugin(const SchedulerConfig&) {
  return std::unique_ptr<Plugin>(std::make_unique<T>());
}

struct SchedulerPluginInfo {
  std::string name;     // kube-scheduler's plugin name (names.go), or the program's own
  std::string summary;  // one line, for `clustersim list` and the docs
  // Its roles; null for a role the plugin does not have. A plugin with both is made once per
  // role: the profile owns one instance of each and they share no state.
  SchedulerPluginFactory<FilterPlugin> filter;
  SchedulerPluginFactory<ScorePlugin> score;
  // Whether its filter runs in every profile (every built-in does: the filters are what makes a
  // placement valid); otherwise a scenario turns it on with policies.scheduler.filters.
  bool filter_always = false;
  // Its score's weight in the default profile (default_plugins.go); 0: off unless a scenario
  // weighs it.
  int default_weight = 0;
  // Where its score runs among a profile's scores: by this, then in row order. Only the order
  // in which `clustersim schedule` lists the scores depends on it (the total is a sum).
  // clustersim has always scored NodeResourcesFit right after TaintToleration, where upstream's
  // list has NodeAffinity; the built-in rows keep that order.
  int score_order = std::numeric_limits<int>::max();
  bool clustersim_specific = false;  // a built-in that is not a kube-scheduler plugin
};

// Every registered plugin, the built-ins first in default_plugins.go's order (the filters run
// in this order), then the program's in registration order.
std::span<const SchedulerPluginInfo> SchedulerPlugins();
// The row of that name, or null.
const SchedulerPluginInfo* FindSchedulerPlugin(std::string_view name);
// Adds a row. An empty or taken name, a row with neither factory, an always-on filter without
// a filter factory or a default weight outside 0 to 100 is an error (the registry stays as it
// was).
Status RegisterSchedulerPlugin(SchedulerPluginInfo info);

// The built-in profiles, and the built-in plugins' names in row order.
std::vector<std::string> BuiltinProfileNames();
std::vector<std::string> BuiltinPluginNames();
// The plugins with a score, in the order a profile runs them: the names
// policies.scheduler.weights accepts.
std::vector<std::string> ScorePluginNames();
// The plugins whose filter a scenario may turn on (registered, not always on): the names
// policies.scheduler.filters accepts.
std::vector<std::string> OptionalFilterPluginNames();

// Builds the profile `config` asks for. Unknown profile, plugin or resource names and invalid
// shapes are errors whose message lists what is known.
StatusOr<SchedulerProfile> MakeProfile(const SchedulerConfig& config);

// One plugin in its filter or score role, with default arguments; null for a name that has no
// such role. For tests that drive a plugin on its own, as upstream's unit tests do.
std::unique_ptr<FilterPlugin> MakeFilterPlugin(const std::string& name);
std::unique_ptr<ScorePlugin> MakeScorePlugin(const std::string& name);

}  // namespace clustersim
