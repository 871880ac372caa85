// The event budget of a run (runner.h): how many events a replication of a scenario should
// need, estimated from what makes events (failures, their targets and the pods on them, drains,
// traces, backups, the pods themselves), and the budget a replication is held to.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>
#include <string>

#include "clustersim/experiment/runner.h"
#include "clustersim/scenario/units.h"

namespace clustersim {
namespace {

// Events per failure of one target besides those of its pods (start, end, NotReady, taint),
// and per pod on it (eviction, rescheduling, detach and attach, readiness, leader election):
// what the library scenarios show, rounded up (quickstart: 7 per crash of a node of one pod).
constexpr double kEventsPerFailure = 4;
constexpr double kEventsPerAffectedPod = 8;
constexpr double kEventsPerPod = 4;  // placement and start-up at time 0

struct Domains {
  double nodes = 0, racks = 0, zones = 0;
};

// The nodes, racks and zones a failure entry's targets range over.
Domains TargetDomains(const Scenario& s, const FailureSpec& f) {
  Domains d;
  std::set<std::string> zones, racks;
  for (const NodePool& pool : s.node_pools) {
    if (!f.pool.empty() && pool.name != f.pool) continue;
    for (int i = 0; i < pool.count; ++i) {
      const std::string& z = pool.ZoneOf(i);
      if (!f.zone.empty() && z != f.zone) continue;
      d.nodes += 1;
      zones.insert(z);
      racks.insert(pool.RackFullName(i));
    }
  }
  d.zones = static_cast<double>(std::max<size_t>(zones.size(), 1));
  d.racks = static_cast<double>(std::max<size_t>(racks.size(), 1));
  return d;
}

}  // namespace

EventEstimate EstimateEvents(const Scenario& s) {
  EventEstimate e;
  const double nodes = std::max(1, s.NodeCount());
  double pods = 0;
  for (const Workload& w : s.workloads) pods += w.replicas;
  const double horizon = static_cast<double>(s.simulation.horizon);
  e.per_replication = kEventsPerPod * pods;
  double largest = -1;
  auto add = [&](double events, const std::string& source) {
    e.per_replication += events;
    if (events > largest) {
      largest = events;
      e.main_source = source;
    }
  };
  for (const FailureSpec& f : s.failures) {
    const Domains d = TargetDomains(s, f);
    double targets = 0, nodes_per_target = 1;
    switch (f.target) {
      case FailureTargetKind::kNode:
      case FailureTargetKind::kDisk:
        targets = d.nodes;
        break;
      case FailureTargetKind::kRack:
        targets = d.racks;
        nodes_per_target = d.nodes / d.racks;
        break;
      case FailureTargetKind::kZone:
        targets = d.zones;
        nodes_per_target = d.nodes / d.zones;
        break;
    }
    if (!f.names.empty()) targets = static_cast<double>(f.names.size());
    const double per_failure =
        kEventsPerFailure + kEventsPerAffectedPod * pods * nodes_per_target / nodes;
    double failures = static_cast<double>(f.at.size()) * targets;
    std::string why;
    if (f.every) {
      const double cycle = f.every->Mean() + (f.lasts ? f.lasts->Mean() : 0);
      // Without `lasts` a failure is permanent: one per target at most.
      const double per_target = f.lasts ? horizon / std::max(cycle, 1.0) : 1.0;
      failures += targets * per_target;
      why = FormatDuration(static_cast<SimTime>(std::max(1.0, std::round(f.every->Mean()))));
    }
    if (f.drain) {
      // A wave drains every node of the targets, each evicting its pods.
      const double waves = static_cast<double>(f.at.size()) +
                           (f.drain->every > 0 ? horizon / static_cast<double>(f.drain->every) : 0);
      failures = waves * d.nodes;
      why = f.drain->every > 0 ? FormatDuration(f.drain->every) : "";
    }
    if (!f.trace.empty()) {
      failures = static_cast<double>(f.trace.size());
      why.clear();
    }
    char text[160];
    std::snprintf(text, sizeof text, "failures entry '%s' (%.3g %s%s%s)", f.name.c_str(), failures,
                  f.drain ? "node drains" : "failures",
                  why.empty() ? ""
                  : f.drain   ? ", a wave every "
                              : ", one per target every ",
                  why.c_str());
    add(failures * per_failure, text);
    // Each failure of a node schedules the node lifecycle controller's NotReady check a grace
    // period later, which stays pending even when the node is back by then: failures much
    // faster than that pile checks up in the queue.
    if (!f.drain && horizon > 0) {
      const double grace = static_cast<double>(s.kubernetes.node_monitor_grace_period);
      const double pending = failures / horizon * std::min(horizon, grace);
      if (pending > e.pending) {
        e.pending = pending;
        e.pending_source = text;
      }
    }
  }
  // Backups take no events: the model computes the writes a data loss loses from the backups'
  // phase and interval.
  return e;
}

uint64_t EventBudget(const Scenario& s, uint64_t max_events) {
  if (max_events > 0) return max_events;
  const double e = EstimateEvents(s).per_replication;
  return static_cast<uint64_t>(std::min(kEventBudgetFactor * e + kEventBudgetFloor, 1e19));
}

std::string EventBudgetProblem(const Scenario& s, uint64_t max_events) {
  const EventEstimate e = EstimateEvents(s);
  const double limit = max_events > 0 ? static_cast<double>(max_events) : kMaxEstimatedEvents;
  if (e.per_replication > limit) {
    char text[400];
    std::snprintf(text, sizeof text,
                  "a replication would take about %.3g events (most from %s), more than the %.3g "
                  "a replication may take; expected failures that are rarer or last longer, a "
                  "shorter horizon, or --max-events N to allow more",
                  e.per_replication, e.main_source.c_str(), limit);
    return text;
  }
  if (e.pending > static_cast<double>(kMaxPendingEvents)) {
    char text[400];
    std::snprintf(text, sizeof text,
                  "%s would keep about %.3g events pending at once (each failure's NotReady "
                  "check waits %s), more than the %zu memory allows; expected failures that "
                  "are rarer",
                  e.pending_source.c_str(), e.pending,
                  FormatDuration(s.kubernetes.node_monitor_grace_period).c_str(),
                  kMaxPendingEvents);
    return text;
  }
  return "";
}

}  // namespace clustersim
