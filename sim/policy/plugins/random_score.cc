// The `random` profile's only score, clustersim's own: every node equal, so the framework's
// uniformly random tie-break (selectHost's reservoir sampling, kube-scheduler-scoring.md
// section 1) picks among all feasible nodes. docs/scenario-format.md, section 4.7.
#include "policy/plugins/builtin.h"

namespace clustersim {
namespace {

class RandomScore final : public ScoreEach<RandomScore> {
 public:
  const char* Name() const override { return "Random"; }
  PreScoreResult PreScore(const SchedulingState&, const SchedPod&,
                          std::span<const SchedNode* const>) override {
    return {false, 0};
  }
  int64_t Score(const SchedulingState&, const SchedPod&, const SchedNode&) const override {
    return 0;
  }
};

}  // namespace

namespace plugins {

std::unique_ptr<ScorePlugin> NewRandomScore() { return std::make_unique<RandomScore>(); }

}  // namespace plugins
}  // namespace clustersim
