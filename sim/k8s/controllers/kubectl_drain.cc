#include "k8s/controllers/kubectl_drain.h"

#include <algorithm>

#include "k8s/model.h"
#include "k8s/streams.h"

namespace clustersim {
namespace {

// kubectl drain retries an eviction the API refused (429) after this long.
constexpr SimTime kDrainRetry = 5 * kSecond;
// The eviction API's answer when a PodDisruptionBudget forbids the eviction.
constexpr const char* kBudgetRefusal =
    "Cannot evict pod as it would violate the pod's disruption budget.";
// ... and when more than one budget selects the pod (500).
constexpr const char* kSeveralBudgets =
    "This pod has more than one PodDisruptionBudget, which the eviction subresource does not "
    "support.";

}  // namespace

KubectlDrain::KubectlDrain(Model& m)
    : m_(m),
      s_(m.s),
      drains_(m.s.tables.drains.size()),
      rng_(s_.Stream(StreamId(StreamKind::kMisc, 1))) {}

void KubectlDrain::Start() {
  for (uint32_t i = 0; i < drains_.size(); ++i) ScheduleNextWave(i);
}

void KubectlDrain::ScheduleNextWave(uint32_t di) {
  Process& d = drains_[di];
  const FailureSpec& spec = s_.sc.failures[s_.tables.drains[di].spec];
  SimTime next = kNever;
  while (d.next_at < spec.at.size() && spec.at[d.next_at] < s_.sim.now()) ++d.next_at;
  if (d.next_at < spec.at.size()) next = spec.at[d.next_at];
  if (spec.drain->every > 0) {
    // Every `every` from the last wave's start; a wave that overran starts the next at once.
    const SimTime due = d.any_wave ? d.wave_started + spec.drain->every : spec.drain->every;
    next = std::min(next, std::max(due, s_.sim.now()));
  }
  if (next != kNever) s_.sim.At(next, kDrainWave, di, 0);
}

void KubectlDrain::DrainWave(uint32_t di) {
  Process& d = drains_[di];
  const FailureSpec& spec = s_.sc.failures[s_.tables.drains[di].spec];
  if (d.next_at < spec.at.size() && spec.at[d.next_at] <= s_.sim.now()) ++d.next_at;
  if (d.running) return;  // the previous wave is still rolling
  d.running = true;
  d.wave_started = s_.sim.now();
  d.any_wave = true;
  d.next = 0;
  StartDrains(di);
}

// Keeps maxParallel nodes of the wave draining; schedules the next wave when all are done.
void KubectlDrain::StartDrains(uint32_t di) {
  Process& d = drains_[di];
  const std::vector<uint32_t>& targets = s_.tables.drains[di].targets;
  const int parallel = s_.sc.failures[s_.tables.drains[di].spec].drain->max_parallel;
  while (d.active < parallel && d.next < targets.size()) {
    const uint32_t n = targets[d.next++];
    ++d.active;
    NodeState& node = s_.nodes[n];
    node.draining = true;
    node.drain = di;
    ++node.drain_epoch;
    s_.sched_nodes[n].unschedulable = true;  // cordon
    s_.Trace(TraceKind::kNodeCordoned, n, kNone);
    DrainAttempt(n);
  }
  if (d.active == 0 && d.next >= targets.size()) {
    d.running = false;
    ScheduleNextWave(di);
  }
}

const char* KubectlDrain::EvictionRefusal(uint32_t id) const {
  const PodState& p = s_.pods[id];
  const std::vector<uint32_t>& budgets = s_.sc.workloads[p.workload].disruption_budgets;
  if (budgets.empty()) return nullptr;
  if (budgets.size() > 1) return kSeveralBudgets;
  // A pod that is not running yet (waiting for its volume or data) ignores budgets.
  if (p.phase == PodPhase::kPending || p.phase == PodPhase::kWaitingVolume ||
      p.phase == PodPhase::kWaitingPeer || p.phase == PodPhase::kCopying) {
    return nullptr;
  }
  const DisruptionBudget& b = s_.sc.disruption_budgets[budgets[0]];
  int healthy = 0;
  for (uint32_t w : b.workloads) healthy += s_.workloads[w].ready;
  const int desired = s_.tables.budget_desired[budgets[0]];
  if (p.phase == PodPhase::kReady) return healthy - desired > 0 ? nullptr : kBudgetRefusal;
  // Running but not ready: unhealthyPodEvictionPolicy.
  return b.always_allow_unhealthy || healthy >= desired ? nullptr : kBudgetRefusal;
}

// Evicts every pod of the node through the eviction API, retries the refused ones every 5 s;
// once the node is empty, reboots it.
void KubectlDrain::DrainAttempt(uint32_t n) {
  for (uint32_t id = s_.nodes[n].first_pod; id != kNone;) {
    const uint32_t next = s_.pods[id].next;
    if (!s_.pods[id].deleting) {
      const char* refusal = EvictionRefusal(id);
      if (refusal != nullptr) {
        s_.Trace(TraceKind::kEvictionRefused, n, id, kNone, refusal);
      } else {
        ++s_.counters.drain_evictions;
        if (s_.nodes[n].up) {
          // A healthy kubelet stops the pod and the object goes.
          s_.Trace(TraceKind::kPodEvicted, n, id, kNone, kDrainEviction);
          m_.api.RemovePod(id);
        } else {
          m_.api.EvictPod(id, /*by_taint=*/false);  // Terminating until the kubelet is back
        }
      }
    }
    id = next;
  }
  NodeState& node = s_.nodes[n];
  if (node.first_pod == kNone) {
    s_.Trace(TraceKind::kNodeRebooting, n, kNone);
    m_.failures.AddDownCause(n);
    const Distribution& reboot = *s_.sc.failures[s_.tables.drains[node.drain].spec].lasts;
    s_.sim.After(reboot.Sample(rng_), kDrainRebootEnd, n, node.drain_epoch);
    return;
  }
  s_.sim.After(kDrainRetry, kDrainAttempt, n, node.drain_epoch);
}

void KubectlDrain::DrainRebootEnd(uint32_t n) {
  NodeState& node = s_.nodes[n];
  node.draining = false;
  s_.sched_nodes[n].unschedulable = s_.tables.sched_nodes[n].unschedulable;  // uncordon
  s_.Trace(TraceKind::kNodeUncordoned, n, kNone);
  m_.failures.RemoveDownCause(n);
  m_.queue.RetryPending();
  --drains_[node.drain].active;
  StartDrains(node.drain);
}

}  // namespace clustersim
