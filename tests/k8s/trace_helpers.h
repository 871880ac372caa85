// Test helpers: load a scenario from text and record the model's trace with readable names.
#pragma once

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "clustersim/k8s/cluster_model.h"
#include "clustersim/scenario/loader.h"

namespace clustersim::testing {

inline Scenario MustLoad(const std::string& yaml) {
  Diagnostics diags;
  std::optional<Scenario> s = LoadScenarioText(yaml, "test.yaml", {}, &diags);
  EXPECT_TRUE(s.has_value()) << diags.ToString();
  return s.value_or(Scenario{});
}

struct Step {
  SimTime time;
  TraceKind kind;
  std::string pod;
  std::string node;
  std::string detail;
};

class TraceRecorder final : public ModelObserver {
 public:
  void OnReadyChanged(uint32_t, int, SimTime) override {}
  void OnTrace(const TraceRecord& r) override { records_.push_back(r); }

  // Names are resolved after the run: the model's names do not change.
  std::vector<Step> Steps(const ClusterModel& m) const {
    std::vector<Step> out;
    for (const auto& r : records_) {
      out.push_back({r.time, r.kind, r.pod == UINT32_MAX ? "" : m.PodName(r.pod),
                     r.node == UINT32_MAX ? "" : m.NodeName(r.node), r.detail ? r.detail : ""});
    }
    return out;
  }

 private:
  std::vector<TraceRecord> records_;
};

// The first step of `kind` (for `pod` and/or `node` when given) at or after `from`.
inline std::optional<Step> First(const std::vector<Step>& steps, TraceKind kind,
                                 const std::string& pod = "", const std::string& node = "",
                                 SimTime from = 0) {
  for (const auto& s : steps) {
    if (s.kind == kind && s.time >= from && (pod.empty() || s.pod == pod) &&
        (node.empty() || s.node == node)) {
      return s;
    }
  }
  return std::nullopt;
}

inline int Count(const std::vector<Step>& steps, TraceKind kind, const std::string& pod = "",
                 SimTime from = 0, SimTime to = kNever) {
  int n = 0;
  for (const auto& s : steps) {
    if (s.kind == kind && s.time >= from && s.time < to && (pod.empty() || s.pod == pod)) ++n;
  }
  return n;
}

}  // namespace clustersim::testing
