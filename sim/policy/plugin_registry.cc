// The scheduler plugin registry: the built-in rows in k/k default_plugins.go's order (the
// order the filters run in and `clustersim list` prints), then whatever a program registered.
#include <algorithm>

#include "clustersim/policy/registry.h"
#include "policy/plugins/builtin.h"

namespace clustersim {
namespace {

struct Registry {
  std::vector<SchedulerPluginInfo> rows;
  size_t builtin = 0;  // the first `builtin` rows are the built-ins
};

Registry& Plugins() {
  static Registry r = [] {
    Registry init;
    init.rows = {plugins::NodeUnschedulableInfo(),  plugins::NodeNameInfo(),
                 plugins::TaintTolerationInfo(),    plugins::NodeAffinityInfo(),
                 plugins::NodePortsInfo(),          plugins::NodeResourcesFitInfo(),
                 plugins::VolumeRestrictionsInfo(), plugins::VolumeBindingInfo(),
                 plugins::VolumeZoneInfo(),         plugins::PodTopologySpreadInfo(),
                 plugins::InterPodAffinityInfo(),   plugins::NodeResourcesBalancedAllocationInfo(),
                 plugins::ImageLocalityInfo(),      plugins::VolumeLocalityInfo()};
    init.builtin = init.rows.size();
    return init;
  }();
  return r;
}

// Makes `row`'s plugin in one role with default arguments, or null.
template <typename Plugin>
std::unique_ptr<Plugin> MakeDefault(const SchedulerPluginFactory<Plugin>& factory) {
  if (!factory) return nullptr;
  auto made = factory(SchedulerConfig{});
  return made.ok() ? std::move(made).value() : nullptr;
}

}  // namespace

std::span<const SchedulerPluginInfo> SchedulerPlugins() { return Plugins().rows; }

const SchedulerPluginInfo* FindSchedulerPlugin(std::string_view name) {
  for (const SchedulerPluginInfo& r : Plugins().rows) {
    if (r.name == name) return &r;
  }
  return nullptr;
}

Status RegisterSchedulerPlugin(SchedulerPluginInfo info) {
  const std::string what = "scheduler plugin '" + info.name + "'";
  if (info.name.empty()) return Status::InvalidArgument("scheduler plugin without a name");
  if (FindSchedulerPlugin(info.name) != nullptr) {
    return Status::InvalidArgument(what + " is registered already");
  }
  if (!info.filter && !info.score) {
    return Status::InvalidArgument(what + " has neither a filter nor a score factory");
  }
  if (info.filter_always && !info.filter) {
    return Status::InvalidArgument(what + " is an always-on filter without a filter factory");
  }
  if (info.default_weight < 0 || info.default_weight > 100) {
    return Status::InvalidArgument(what + " has a default weight outside 0 to 100");
  }
  if (info.default_weight != 0 && !info.score) {
    return Status::InvalidArgument(what + " has a default weight but no score factory");
  }
  Plugins().rows.push_back(std::move(info));
  return Status::Ok();
}

std::vector<std::string> BuiltinPluginNames() {
  const Registry& r = Plugins();
  std::vector<std::string> names;
  for (size_t i = 0; i < r.builtin; ++i) names.push_back(r.rows[i].name);
  return names;
}

std::vector<std::string> ScorePluginNames() {
  std::vector<const SchedulerPluginInfo*> rows;
  for (const SchedulerPluginInfo& r : Plugins().rows) {
    if (r.score) rows.push_back(&r);
  }
  std::stable_sort(rows.begin(), rows.end(),
                   [](const auto* a, const auto* b) { return a->score_order < b->score_order; });
  std::vector<std::string> names;
  for (const SchedulerPluginInfo* r : rows) names.push_back(r->name);
  return names;
}

std::vector<std::string> OptionalFilterPluginNames() {
  std::vector<std::string> names;
  for (const SchedulerPluginInfo& r : Plugins().rows) {
    if (r.filter && !r.filter_always) names.push_back(r.name);
  }
  return names;
}

std::unique_ptr<FilterPlugin> MakeFilterPlugin(const std::string& name) {
  const SchedulerPluginInfo* row = FindSchedulerPlugin(name);
  return row == nullptr ? nullptr : MakeDefault(row->filter);
}

std::unique_ptr<ScorePlugin> MakeScorePlugin(const std::string& name) {
  const SchedulerPluginInfo* row = FindSchedulerPlugin(name);
  return row == nullptr ? nullptr : MakeDefault(row->score);
}

}  // namespace clustersim
