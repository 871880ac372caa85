// Scripted failover and recovery policies for the controller tests, registered as `scripted`
// in both registries (policy_registry.h) the way an out-of-tree policy is: each test sets the
// script (what to answer, and when) before it builds its Model, and reads back every call the
// model made, with the NodeView the policy saw. Tests run one at a time, so the script is plain
// static state; Reset() clears it.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "clustersim/policy/failover.h"
#include "clustersim/policy/recovery.h"

namespace clustersim::testing {

// Registers both `scripted` rows once; call before a scenario naming them is loaded.
void RegisterScriptedPolicies();

struct ScriptedFailover {
  struct Call {
    SimTime time;
    uint32_t node;
    bool recheck;  // OnRecheck (else OnNodeNotReady)
    NodeView view;
  };
  // What to answer (default: nothing).
  static std::function<FailoverDecision(const Call&)> decide;
  static std::vector<Call> calls;
  static void Reset();
};

struct ScriptedRecovery {
  struct Call {
    SimTime time;
    uint32_t node;
    RecoveryTrigger why;
    bool recheck;
  };
  static std::function<RecoveryDecision(const Call&)> decide;
  static bool pod_stays_with_volume;
  static SimTime backup_interval;
  static VolumeFill fill;
  static std::vector<Call> calls;
  static std::vector<WorkloadView> fills;  // each OnEmptyVolume's argument
  static void Reset();
};

}  // namespace clustersim::testing
