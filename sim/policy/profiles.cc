// The built-in scheduler profiles: kube-scheduler's default profile (k/k
// pkg/scheduler/apis/config/v1/default_plugins.go) and clustersim's variants of it, assembled
// from the plugin registry's rows (docs/scenario-format.md section 4.7, docs/semantics.md
// section 8).
#include <algorithm>

#include "clustersim/policy/registry.h"
#include "policy/plugins/builtin.h"

namespace clustersim {
namespace {

std::string Join(const std::vector<std::string>& names) {
  std::string list;
  for (const auto& k : names) list += (list.empty() ? "" : ", ") + k;
  return list;
}

// The filters that run in every profile in row order, then the ones `config` turns on.
Status AddFilters(const SchedulerConfig& config, SchedulerProfile* p) {
  for (const SchedulerPluginInfo& row : SchedulerPlugins()) {
    if (!row.filter || !row.filter_always) continue;
    auto made = row.filter(config);
    if (!made.ok()) return made.status();
    p->filters.push_back(std::move(made).value());
  }
  for (size_t i = 0; i < config.filters.size(); ++i) {
    const std::string& name = config.filters[i];
    const SchedulerPluginInfo* row = FindSchedulerPlugin(name);
    if (row != nullptr && row->filter_always) {
      return Status::InvalidArgument("filter plugin '" + name + "' runs in every profile");
    }
    if (row == nullptr || !row->filter) {
      const std::vector<std::string> known = OptionalFilterPluginNames();
      return Status::InvalidArgument(
          "unknown filter plugin '" + name + "' in the filters; " +
          (known.empty() ? "none is registered" : "known: " + Join(known)));
    }
    if (std::find(config.filters.begin(), config.filters.begin() + i, name) !=
        config.filters.begin() + i) {
      return Status::InvalidArgument("filter plugin '" + name + "' is listed twice");
    }
    auto made = row->filter(config);
    if (!made.ok()) return made.status();
    p->filters.push_back(std::move(made).value());
  }
  return Status::Ok();
}

}  // namespace

std::vector<std::string> BuiltinProfileNames() {
  return {"default", "bin-packing", "spread", "volume-aware", "random", "first-fit"};
}

StatusOr<SchedulerProfile> MakeProfile(const SchedulerConfig& config) {
  const std::string& name = config.profile;
  const std::vector<std::string> known = BuiltinProfileNames();
  if (std::find(known.begin(), known.end(), name) == known.end()) {
    return Status::InvalidArgument("unknown scheduler profile '" + name +
                                   "'; known: " + Join(known));
  }
  SchedulerProfile p;
  p.name = name;
  p.percentage_of_nodes_to_score = config.percentage_of_nodes_to_score;
  // bin-packing: the default profile with NodeResourcesFit's MostAllocated strategy and no
  // default topology spreading.
  SchedulerConfig resolved = config;
  if (resolved.strategy.empty() && name == "bin-packing") resolved.strategy = "MostAllocated";
  // Filter order as in k/k default_plugins.go (the registry's row order); every profile keeps
  // all built-in filters: they are what makes a placement valid.
  if (Status s = AddFilters(resolved, &p); !s.ok()) return s;

  if (name == "first-fit" || name == "random") {
    if (!config.weights.empty() || !config.strategy.empty()) {
      return Status::InvalidArgument("the " + name +
                                     " profile has no score plugins to weigh or configure");
    }
    if (name == "random") {
      p.scores.push_back({plugins::NewRandomScore(), 1});
      p.percentage_of_nodes_to_score = 100;  // uniform over every feasible node
    } else {
      p.rotate_start = false;  // the first feasible node in node order
    }
    return p;
  }

  // Every score plugin with its default weight (default_plugins.go; VolumeLocality is
  // clustersim's own, on only in the volume-aware profile), in the order the profile runs them.
  std::vector<std::pair<const SchedulerPluginInfo*, int64_t>> w;
  for (const std::string& plugin : ScorePluginNames()) {
    const SchedulerPluginInfo* row = FindSchedulerPlugin(plugin);
    w.emplace_back(row, row->default_weight);
  }
  auto weight = [&](const std::string& plugin) -> int64_t* {
    auto it =
        std::find_if(w.begin(), w.end(), [&](const auto& e) { return e.first->name == plugin; });
    return it == w.end() ? nullptr : &it->second;
  };
  if (name == "spread") {
    // Spreading first: PodTopologySpread (the pod's constraints or the system defaults over
    // hostname and zone) outweighs the resource scores, which then only break its ties.
    *weight("PodTopologySpread") = 10;
  } else if (name == "volume-aware") {
    // Back to the node that still has the volume attached: no detach and attach to wait for.
    *weight("VolumeLocality") = 10;
  }
  if (name == "bin-packing") {
    // The default spreading would outweigh MostAllocated (2 x up to 100 against 1 x the
    // utilisation difference) and undo the packing; bin-packing profiles turn it off.
    *weight("PodTopologySpread") = 0;
  }
  for (const auto& [plugin, value] : config.weights) {
    int64_t* slot = weight(plugin);
    if (slot == nullptr) {
      return Status::InvalidArgument("unknown score plugin '" + plugin + "' in the weights; " +
                                     "known: " + Join(ScorePluginNames()));
    }
    *slot = value;
  }
  for (const auto& [row, value] : w) {
    auto made = row->score(resolved);
    if (!made.ok()) return made.status();
    p.scores.push_back({std::move(made).value(), value});
  }
  return p;
}

}  // namespace clustersim
