#include "scenario/scheduler_reader.h"

#include <algorithm>
#include <utility>

#include "clustersim/policy/registry.h"

namespace clustersim {

void SchedulerReader::Read(const proto::SchedulerPolicy& in, SchedulerSpec* out) {
  const std::string p = "policies.scheduler";
  SchedulerConfig& c = out->config;
  out->where = At(p);
  if (!in.profile().empty()) c.profile = in.profile();
  bool ok = true;
  // The proto map's order is unspecified: sort by plugin name so the profile is the same
  // on every run.
  std::vector<std::pair<std::string, std::string>> weights(in.weights().begin(),
                                                           in.weights().end());
  std::sort(weights.begin(), weights.end());
  for (const auto& [plugin, weight] : weights) {
    int64_t w;
    const std::string wp = p + ".weights." + plugin;
    if (!IsScorePlugin(wp, plugin)) {
      ok = false;
    } else if (Int(wp, weight, 0, 100, &w)) {
      c.weights.emplace_back(plugin, static_cast<int>(w));
    } else {
      ok = false;
    }
  }
  for (int i = 0; i < in.filters_size(); ++i) {
    const std::string fp = p + ".filters[" + std::to_string(i) + "]";
    const std::string& plugin = in.filters(i);
    if (!IsOptionalFilter(fp, plugin)) {
      ok = false;
    } else if (std::find(c.filters.begin(), c.filters.end(), plugin) != c.filters.end()) {
      Error(fp, "'" + fp + "': " + plugin + " is listed twice");
      ok = false;
    } else {
      c.filters.push_back(plugin);
    }
  }
  if (!in.percentage_of_nodes_to_score().empty()) {
    int64_t v;
    if (Int(p + ".percentageOfNodesToScore", in.percentage_of_nodes_to_score(), 0, 100, &v)) {
      c.percentage_of_nodes_to_score = static_cast<int>(v);
    } else {
      ok = false;
    }
  }
  if (in.has_scoring_strategy()) {
    const auto& st = in.scoring_strategy();
    const std::string sp = p + ".scoringStrategy";
    if (st.type().empty()) {
      Error(sp, "'" + sp +
                    "' needs a 'type' (LeastAllocated, MostAllocated or "
                    "RequestedToCapacityRatio)");
      ok = false;
    } else if (!Enum<std::string>(sp + ".type", st.type(),
                                  {{"LeastAllocated", "LeastAllocated"},
                                   {"MostAllocated", "MostAllocated"},
                                   {"RequestedToCapacityRatio", "RequestedToCapacityRatio"}},
                                  &c.strategy)) {
      ok = false;
    }
    if (st.resources_size() > 0) c.cpu_weight = c.memory_weight = 0;
    for (int i = 0; i < st.resources_size(); ++i) {
      const std::string rp = sp + ".resources[" + std::to_string(i) + "]";
      int64_t w = 1;
      if (!st.resources(i).weight().empty() &&
          !Int(rp + ".weight", st.resources(i).weight(), 1, 100, &w)) {
        ok = false;
        continue;
      }
      std::string name;
      if (!Enum<std::string>(rp + ".name", st.resources(i).name(),
                             {{"cpu", "cpu"}, {"memory", "memory"}}, &name)) {
        ok = false;
      } else {
        (name == "cpu" ? c.cpu_weight : c.memory_weight) = w;
      }
    }
    const auto& shape = st.requested_to_capacity_ratio().shape();
    if (shape.size() > 0 && c.strategy != "RequestedToCapacityRatio") {
      Error(sp + ".requestedToCapacityRatio", "'" + sp +
                                                  ".requestedToCapacityRatio' applies only to type "
                                                  "RequestedToCapacityRatio");
      ok = false;
    }
    for (int i = 0; i < shape.size(); ++i) {
      const std::string pp = sp + ".requestedToCapacityRatio.shape[" + std::to_string(i) + "]";
      int64_t u, sc;
      if (Int(pp + ".utilization", shape[i].utilization(), 0, 100, &u) &&
          Int(pp + ".score", shape[i].score(), 0, 10, &sc)) {
        c.shape.emplace_back(u, sc);
      } else {
        ok = false;
      }
    }
  }
  const std::vector<std::string> profiles = BuiltinProfileNames();
  if (std::find(profiles.begin(), profiles.end(), c.profile) == profiles.end()) {
    Enum<int>(in.weights().empty() && in.filters().empty() && !in.has_scoring_strategy()
                  ? p
                  : p + ".profile",
              c.profile, NamesToOptions(profiles), nullptr);
  } else if (ok) {
    auto profile = MakeProfile(c);
    if (!profile.ok()) Error(p, "'" + p + "': " + profile.status().message());
  }
}

bool SchedulerReader::IsScorePlugin(const std::string& path, const std::string& plugin) {
  const SchedulerPluginInfo* row = FindSchedulerPlugin(plugin);
  if (row != nullptr && row->score) return true;
  const std::vector<std::string> names = ScorePluginNames();
  std::string msg = "'" + path + "': ";
  if (row != nullptr) {
    msg += plugin + " is a filter plugin, with no score to weigh; expected " + JoinNames(names);
  } else {
    msg += "unknown score plugin '" + plugin + "'";
    const std::string hint = NearestName(plugin, names);
    if (!hint.empty()) msg += " (did you mean '" + hint + "'?)";
    msg += "; expected " + JoinNames(names);
  }
  Error(path, msg);
  return false;
}

bool SchedulerReader::IsOptionalFilter(const std::string& path, const std::string& plugin) {
  const SchedulerPluginInfo* row = FindSchedulerPlugin(plugin);
  if (row != nullptr && row->filter && !row->filter_always) return true;
  const std::vector<std::string> names = OptionalFilterPluginNames();
  const std::string which =
      names.empty() ? "no filter plugin is registered to turn on (the built-in filters always run)"
                    : "expected " + JoinNames(names);
  std::string msg = "'" + path + "': ";
  if (row != nullptr && row->filter_always) {
    msg += plugin + " runs in every profile already; " + which;
  } else if (row != nullptr) {
    msg += plugin + " is a score plugin, with no filter; " + which;
  } else {
    msg += "unknown filter plugin '" + plugin + "'";
    const std::string hint = NearestName(plugin, names);
    if (!hint.empty()) msg += " (did you mean '" + hint + "'?)";
    msg += "; " + which;
  }
  Error(path, msg);
  return false;
}

}  // namespace clustersim
