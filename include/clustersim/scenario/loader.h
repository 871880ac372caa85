// Loading a scenario: YAML text -> protobuf schema (sim/proto/scenario.proto) -> Scenario.
// Every problem is collected as a Diagnostic with file:line:column; nothing is printed here.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "clustersim/scenario/diagnostics.h"
#include "clustersim/scenario/input_files.h"
#include "clustersim/scenario/scenario.h"

namespace clustersim {

// Parses "PATH=VALUE"; false with a reason when the text has no '=' or an empty path.
bool ParseOverride(const std::string& text, Override* out, std::string* why);

// Loads and validates a scenario file. Returns the scenario when there are no errors;
// warnings may be present either way. Every file read (the scenario, its manifests, traces and
// empirical distributions) is held to `limits` (input_files.h).
std::optional<Scenario> LoadScenarioFile(const std::string& path,
                                         const std::vector<Override>& overrides, Diagnostics* diags,
                                         const InputLimits& limits = {});
// The same from text already in memory; `path` is used in diagnostics and to resolve
// relative file references.
std::optional<Scenario> LoadScenarioText(const std::string& text, const std::string& path,
                                         const std::vector<Override>& overrides, Diagnostics* diags,
                                         const InputLimits& limits = {});

}  // namespace clustersim
