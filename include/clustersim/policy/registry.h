// The explicit list of built-in scheduler profiles and plugins. Profiles are built by name;
// an unknown name is an input error listing the known ones, never a crash.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "clustersim/core/status.h"
#include "clustersim/policy/scheduling.h"

namespace clustersim {

std::vector<std::string> BuiltinProfileNames();
std::vector<std::string> BuiltinPluginNames();

// Builds the profile `config` asks for. Unknown profile, plugin or resource names and invalid
// shapes are errors whose message lists what is known.
StatusOr<SchedulerProfile> MakeProfile(const SchedulerConfig& config);

// One built-in plugin in its filter or score role, with default arguments; null for a name
// that has no such role. For tests that drive a plugin on its own, as upstream's unit tests do.
std::unique_ptr<FilterPlugin> MakeFilterPlugin(const std::string& name);
std::unique_ptr<ScorePlugin> MakeScorePlugin(const std::string& name);

}  // namespace clustersim
