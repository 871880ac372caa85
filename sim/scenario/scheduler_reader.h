// Reads `policies.scheduler`: the profile, its weights and filters by the plugin registry's
// names (policy/registry.h, so the names and the "did you mean" are the same for built-in and
// out-of-tree plugins), NodeResourcesFit's scoringStrategy with KubeSchedulerConfiguration's
// field names and limits, then the whole through MakeProfile, whose errors point at
// `policies.scheduler`.
#pragma once

#include <string>

#include "clustersim/scenario/scenario.h"
#include "scenario.pb.h"
#include "scenario/value_reader.h"

namespace clustersim {

class SchedulerReader : public ValueReader {
 public:
  using ValueReader::ValueReader;
  void Read(const proto::SchedulerPolicy& in, SchedulerSpec* out);

 private:
  // Whether `plugin`, a key of policies.scheduler.weights at `path`, names a registered plugin
  // with a score; otherwise an error naming the score plugins.
  bool IsScorePlugin(const std::string& path, const std::string& plugin);
  // Whether `plugin`, an entry of policies.scheduler.filters at `path`, names a registered
  // filter plugin that is not always on; otherwise an error saying which ones are.
  bool IsOptionalFilter(const std::string& path, const std::string& plugin);
};

}  // namespace clustersim
