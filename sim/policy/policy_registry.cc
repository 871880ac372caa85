// The failover and recovery policy registries: the built-in rows in the order `clustersim list`
// and the loader's messages give them, then whatever a program registered.
#include "clustersim/policy/policy_registry.h"

#include <algorithm>
#include <cstdio>

#include "clustersim/scenario/units.h"
#include "policy/failover/builtin.h"
#include "policy/recovery/builtin.h"

namespace clustersim {
namespace {

std::vector<FailoverPolicyInfo>& FailoverRows() {
  static std::vector<FailoverPolicyInfo> rows = {failover::Kubernetes(), failover::ForceDelete(),
                                                 failover::OutOfService(), failover::ReplaceNode()};
  return rows;
}

std::vector<RecoveryPolicyInfo>& RecoveryRows() {
  static std::vector<RecoveryPolicyInfo> rows = {
      recovery::Auto(), recovery::Reattach(), recovery::WaitForNode(), recovery::RebuildFromPeers(),
      recovery::RestoreFromBackup()};
  return rows;
}

template <typename Info>
const Info* FindIn(const std::vector<Info>& rows, std::string_view name) {
  for (const Info& r : rows) {
    if (r.name == name) return &r;
  }
  return nullptr;
}

template <typename Info>
Status AddTo(std::vector<Info>* rows, Info info, const char* what) {
  if (info.name.empty()) return Status::InvalidArgument(std::string(what) + " without a name");
  if (FindIn(*rows, info.name) != nullptr) {
    return Status::InvalidArgument(std::string(what) + " '" + info.name +
                                   "' is registered already");
  }
  if (!info.make) {
    return Status::InvalidArgument(std::string(what) + " '" + info.name + "' has no factory");
  }
  for (const PolicyParam& p : info.params) {
    // `name` is the key that chooses the policy.
    if (p.name.empty() || p.name == "name") {
      return Status::InvalidArgument(std::string(what) + " '" + info.name +
                                     "' has a parameter named '" + p.name + "'");
    }
  }
  rows->push_back(std::move(info));
  return Status::Ok();
}

template <typename Info>
std::string Describe(const Info* row, const PolicyChoice& choice) {
  std::string text = choice.name;
  if (row == nullptr) return text;
  for (const PolicyParam& p : row->params) {
    if (!choice.args.Has(p.name)) continue;
    const SimTime d = choice.args.Duration(p.name);
    const double v = choice.args.Number(p.name);
    if (p.kind == PolicyParamKind::kDuration ? d == 0 : v == 0) continue;
    char number[32];
    switch (p.kind) {
      case PolicyParamKind::kDuration:
        text += " " + p.name + " " + FormatDuration(d);
        break;
      case PolicyParamKind::kBandwidth:
        std::snprintf(number, sizeof number, "%.4g MB/s", v / 1e6);
        text += " " + p.name + " " + number;
        break;
      case PolicyParamKind::kFraction:
        std::snprintf(number, sizeof number, "%.4g%%", v * 100);
        text += " " + p.name + " " + number;
        break;
      case PolicyParamKind::kInteger:
        std::snprintf(number, sizeof number, "%.0f", v);
        text += " " + p.name + " " + number;
        break;
    }
  }
  return text;
}

}  // namespace

std::string DescribeFailoverPolicy(const PolicyChoice& choice) {
  return Describe(FindFailoverPolicy(choice.name), choice);
}

std::string DescribeRecoveryPolicy(const PolicyChoice& choice) {
  return Describe(FindRecoveryPolicy(choice.name), choice);
}

const char* PolicyParamKindName(PolicyParamKind kind) {
  switch (kind) {
    case PolicyParamKind::kDuration:
      return "duration";
    case PolicyParamKind::kBandwidth:
      return "bandwidth";
    case PolicyParamKind::kFraction:
      return "fraction";
    case PolicyParamKind::kInteger:
      return "integer";
  }
  return "?";
}

const PolicyArgs::Entry* PolicyArgs::Find(std::string_view name) const {
  for (const Entry& e : entries_) {
    if (e.name == name) return &e;
  }
  return nullptr;
}

PolicyArgs::Entry& PolicyArgs::Slot(const std::string& name) {
  for (Entry& e : entries_) {
    if (e.name == name) return e;
  }
  entries_.push_back({name, 0, 0});
  return entries_.back();
}

SimTime PolicyArgs::Duration(std::string_view name) const {
  const Entry* e = Find(name);
  return e == nullptr ? 0 : e->duration;
}

double PolicyArgs::Number(std::string_view name) const {
  const Entry* e = Find(name);
  return e == nullptr ? 0 : e->number;
}

void PolicyArgs::SetDuration(const std::string& name, SimTime value) {
  Slot(name).duration = value;
}

void PolicyArgs::SetNumber(const std::string& name, double value) { Slot(name).number = value; }

bool PolicyArgs::operator==(const PolicyArgs& o) const {
  if (entries_.size() != o.entries_.size()) return false;
  for (const Entry& e : entries_) {
    const Entry* f = o.Find(e.name);
    if (f == nullptr || f->duration != e.duration || f->number != e.number) return false;
  }
  return true;
}

std::span<const FailoverPolicyInfo> FailoverPolicies() { return FailoverRows(); }
std::span<const RecoveryPolicyInfo> RecoveryPolicies() { return RecoveryRows(); }

const FailoverPolicyInfo* FindFailoverPolicy(std::string_view name) {
  return FindIn(FailoverRows(), name);
}
const RecoveryPolicyInfo* FindRecoveryPolicy(std::string_view name) {
  return FindIn(RecoveryRows(), name);
}

Status RegisterFailoverPolicy(FailoverPolicyInfo info) {
  return AddTo(&FailoverRows(), std::move(info), "failover policy");
}
Status RegisterRecoveryPolicy(RecoveryPolicyInfo info) {
  return AddTo(&RecoveryRows(), std::move(info), "recovery policy");
}

}  // namespace clustersim
