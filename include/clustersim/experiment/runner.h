// Runs the replications of one scenario on a pool of threads and reduces them into a
// RunSummary. Replication r draws only from streams derived from (seed, r, stream) and its
// results are reduced in replication order (or by exact integer addition), so the summary is
// the same whatever the thread count and whichever thread ran which replication.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

#include "clustersim/metrics/availability.h"
#include "clustersim/scenario/scenario.h"

namespace clustersim {

// Events pending at once, beyond which a replication is stopped: 16 M events are a quarter of a
// gigabyte of queue; the largest library scenario keeps fewer than 100,000.
inline constexpr size_t kMaxPendingEvents = size_t{1} << 24;

// How far a run has come, for a progress line.
struct RunProgress {
  int done = 0;         // replications finished
  int total = 0;        // replications in all
  double fraction = 0;  // of all the replications' simulated time, the running ones' included
  double seconds = 0;   // since the run started
};

struct RunOptions {
  int threads = 0;  // 0 = all cores
  // Called (serialised) after each replication, about every million events, and four times a
  // second from a thread of its own: the caller decides how often to show it.
  std::function<void(const RunProgress&)> progress;
  // The events a replication may take before it is stopped (0: EventBudget's default).
  uint64_t max_events = 0;
  // The events a replication may keep pending at once before it is stopped.
  size_t max_pending = kMaxPendingEvents;
  // Called with each replication's result in replication order (serialised), before it is
  // reduced: what paired comparisons need beyond the summary.
  std::function<void(int, const ReplicationResult&)> on_replication;
};

// Runs the replications. Throws std::runtime_error, with a message for the user, when a
// replication goes over its event budget or keeps more events pending than memory allows (a
// failure process much faster than the timers that follow each failure).
RunSummary RunScenario(const Scenario& scenario, const RunOptions& options);

// ---------------------------------------------------------------------------------------------
// The event budget. A replication's events are estimated from the scenario (failures times the
// events each makes on its target and the pods there, drains, traces, backups, the pods'
// placement); a scenario whose estimate exceeds kMaxEstimatedEvents per replication (about an
// hour at the model's usual 5-20 M events/s) is refused before it runs, and a replication that
// takes more than kEventBudgetFactor times its estimate (plus kEventBudgetFloor) is stopped: the
// estimate is rough (0.7 to 3.8 times the events the library scenarios take), but not by a
// factor of a hundred, so a run that far beyond it is
// looping, not slow. --max-events sets both limits.
inline constexpr double kMaxEstimatedEvents = 3e10;
inline constexpr double kEventBudgetFactor = 100;
inline constexpr double kEventBudgetFloor = 1e7;
struct EventEstimate {
  double per_replication = 0;
  std::string main_source;  // what most of them come from, for messages
  // Events pending at once, from the fastest failure entry: its failures per grace period
  // (each schedules a NotReady check that long after it).
  double pending = 0;
  std::string pending_source;
};
EventEstimate EstimateEvents(const Scenario& scenario);
// The events a replication may take: `max_events` when it is given, else derived from the
// estimate.
uint64_t EventBudget(const Scenario& scenario, uint64_t max_events);
// Why the scenario is refused before it runs ("" when it is not): its estimate is over
// kMaxEstimatedEvents (or `max_events`), or it would keep more than kMaxPendingEvents pending.
std::string EventBudgetProblem(const Scenario& scenario, uint64_t max_events);

// The number of threads `requested` means on this machine (0 = all cores), capped at the
// number of replications.
int EffectiveThreads(int requested, int replications);

}  // namespace clustersim
