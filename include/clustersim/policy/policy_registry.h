// The registries of failover and recovery policies: one row per policy with its name, a
// one-line summary, its parameters (name, kind, default, meaning), whether `clustersim analyze`
// may reduce a scenario that uses it, a factory, and optional checks against the scenario.
// Every user of policy names reads these rows: the loader (names, "did you mean", parameters
// and their validation), `clustersim list`, `analyze` (an allow-list: a policy it does not
// know to be reducible is not), and the docs tests.
//
// The built-in rows are in sim/policy/policy_registry.cc, each policy in its own file under
// sim/policy/failover/ or sim/policy/recovery/. A program that links the library adds its own
// with RegisterFailoverPolicy / RegisterRecoveryPolicy before it loads a scenario, the way an
// out-of-tree kube-scheduler registers plugins with app.WithPlugin (docs/writing-policies.md;
// examples/custom-policy/). Registration is not thread-safe: do it first, in main().
#pragma once

#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "clustersim/core/status.h"
#include "clustersim/core/time.h"
#include "clustersim/policy/failover.h"
#include "clustersim/policy/recovery.h"

namespace clustersim {

struct Scenario;

// How a parameter's value is written, as docs/scenario-format.md section 2 defines the units.
enum class PolicyParamKind : uint8_t {
  kDuration,   // "90s", "5m": read with PolicyArgs::Duration
  kBandwidth,  // "100Mi/s": bytes per second, PolicyArgs::Number
  kFraction,   // "51%" or "0.51": in [0, 1], PolicyArgs::Number
  kInteger,    // "3": PolicyArgs::Number
};
const char* PolicyParamKindName(PolicyParamKind kind);

struct PolicyParam {
  std::string name;  // the key under policies.failover / policies.recovery (lowerCamelCase)
  PolicyParamKind kind = PolicyParamKind::kDuration;
  std::string default_value;  // as a user would write it; "" = none
  bool required = false;
  std::string help;       // its meaning and, for a real system's default, the source
  bool positive = false;  // must be more than zero
};

// A policy's parameters after the loader parsed them, defaults filled in.
class PolicyArgs {
 public:
  bool Has(std::string_view name) const { return Find(name) != nullptr; }
  // 0 when absent (a parameter without a default that was not given).
  SimTime Duration(std::string_view name) const;
  double Number(std::string_view name) const;
  void SetDuration(const std::string& name, SimTime value);
  void SetNumber(const std::string& name, double value);
  bool operator==(const PolicyArgs& o) const;

 private:
  struct Entry {
    std::string name;
    SimTime duration = 0;
    double number = 0;
  };
  const Entry* Find(std::string_view name) const;
  Entry& Slot(const std::string& name);
  std::vector<Entry> entries_;  // in the order set
};

// The policy a scenario chose: a registry row's name and its parsed parameters.
struct PolicyChoice {
  std::string name;
  PolicyArgs args;
};

template <typename Policy>
struct PolicyInfo {
  std::string name;
  std::string summary;  // one line, for `clustersim list` and the docs
  std::vector<PolicyParam> params;
  // Whether analyze's Markov chains hold under this policy (with its pinned replicas). False
  // for anything analyze was not shown to reduce, out-of-tree policies included.
  bool analyze_reduces = false;
  // When it does not: why, as a short phrase ("the Node object is deleted").
  std::string analyze_why_not;
  std::function<std::unique_ptr<Policy>(const PolicyArgs&)> make;
  // Problems of this policy in this scenario beyond each parameter's own checks (a policy
  // that cannot apply to the scenario's volumes, a parameter needed by one of its workloads),
  // each a sentence; none: fine. May be empty.
  std::function<std::vector<std::string>(const PolicyArgs&, const Scenario&)> check;
};
using FailoverPolicyInfo = PolicyInfo<FailoverPolicy>;
using RecoveryPolicyInfo = PolicyInfo<RecoveryPolicy>;

// Every registered policy, built-ins first, in registration order.
std::span<const FailoverPolicyInfo> FailoverPolicies();
std::span<const RecoveryPolicyInfo> RecoveryPolicies();
// The row of that name, or null.
const FailoverPolicyInfo* FindFailoverPolicy(std::string_view name);
const RecoveryPolicyInfo* FindRecoveryPolicy(std::string_view name);
// Adds a row. An empty or taken name, a row without a factory or a parameter named "name" is
// an error (the registries stay as they were).
Status RegisterFailoverPolicy(FailoverPolicyInfo info);
Status RegisterRecoveryPolicy(RecoveryPolicyInfo info);

// "force-delete after 2m": the policy's name and the parameters that are not zero, in the
// row's order, for reports and headers.
std::string DescribeFailoverPolicy(const PolicyChoice& choice);
std::string DescribeRecoveryPolicy(const PolicyChoice& choice);

// The policies a scenario uses when it names none.
inline constexpr const char* kDefaultFailoverPolicy = "kubernetes";
inline constexpr const char* kDefaultRecoveryPolicy = "auto";

}  // namespace clustersim
