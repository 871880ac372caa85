// Test helpers for scenarios that refer to other files (manifests): a fixture that gives each
// test a fresh temporary directory as its working directory, so that files are written and
// named with short relative paths and diagnostics read as a user would see them.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

#include "clustersim/scenario/diagnostics.h"
#include "clustersim/scenario/loader.h"
#include "clustersim/scenario/scenario.h"

namespace clustersim {

// The repository root, which ctest passes as CLUSTERSIM_SOURCE_DIR; "" when run by hand.
inline std::string SourceDir() {
  const char* v = std::getenv("CLUSTERSIM_SOURCE_DIR");
  return v == nullptr ? std::string() : std::string(v);
}

class ScenarioFilesTest : public testing::Test {
 protected:
  void SetUp() override {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "clustersim-scenario-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    previous_ = std::filesystem::current_path();
    std::filesystem::current_path(dir_);
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::current_path(previous_, ec);
    std::filesystem::remove_all(dir_, ec);
  }

  void Write(const std::string& name, const std::string& text) {
    const std::filesystem::path path = dir_ / name;
    std::filesystem::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary);
    out << text;
  }

  // Writes `scenario` to s.yaml and loads it.
  std::optional<Scenario> Load(const std::string& scenario, Diagnostics* diags) {
    Write("s.yaml", scenario);
    return LoadScenarioFile("s.yaml", {}, diags);
  }

  Scenario MustLoad(const std::string& scenario) {
    Diagnostics diags;
    std::optional<Scenario> s = Load(scenario, &diags);
    EXPECT_TRUE(s.has_value()) << diags.ToString();
    EXPECT_FALSE(diags.has_errors()) << diags.ToString();
    return s.value_or(Scenario{});
  }

  // The diagnostics of a scenario that must not load, one per line, without notes (as the
  // command prints them).
  std::string Errors(const std::string& scenario) {
    Diagnostics diags;
    std::optional<Scenario> s = Load(scenario, &diags);
    EXPECT_FALSE(s.has_value());
    EXPECT_TRUE(diags.has_errors());
    std::string out;
    for (const Diagnostic& d : diags.all()) {
      if (d.severity != Diagnostic::Severity::kNote) out += d.ToString() + "\n";
    }
    return out;
  }

  std::filesystem::path dir_;
  std::filesystem::path previous_;
};

}  // namespace clustersim
