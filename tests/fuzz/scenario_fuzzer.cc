// libFuzzer target over everything that reads user input: the scenario loader (YAML, the
// schema mapper, units, the converter and its cross-checks, experiments) and the manifest
// reader. An input is a scenario, optionally followed by a line "#--- m.yaml" and the text of a
// manifest file, which the scenario may name (`manifests: m.yaml`). Loading must never crash,
// hang or trip a sanitizer; it may only succeed or report diagnostics.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "clustersim/scenario/loader.h"

namespace {

// A directory of this process's own, so parallel fuzzing jobs do not share the manifest file.
const std::filesystem::path& WorkDir() {
  static const std::filesystem::path dir = [] {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "clustersim-fuzz-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) std::abort();
    return std::filesystem::path(pattern);
  }();
  return dir;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  const std::string marker = "#--- m.yaml\n";
  const size_t split = input.find(marker);
  const std::string scenario = input.substr(0, split);
  const std::string manifest =
      split == std::string::npos ? std::string() : input.substr(split + marker.size());
  {
    std::ofstream out(WorkDir() / "m.yaml", std::ios::binary | std::ios::trunc);
    out << manifest;
  }
  clustersim::Diagnostics diags;
  const std::optional<clustersim::Scenario> s =
      clustersim::LoadScenarioText(scenario, (WorkDir() / "s.yaml").string(), {}, &diags);
  // Whatever the input, an answer: a scenario, or at least one error.
  if (!s.has_value() && !diags.has_errors()) std::abort();
  return 0;
}
