#include "scenario/policy_reader.h"

#include <algorithm>
#include <cassert>
#include <limits>

#include "clustersim/scenario/units.h"

namespace clustersim {
namespace {

template <typename Info>
std::vector<std::string> NamesOf(std::span<const Info> rows) {
  std::vector<std::string> names;
  for (const Info& r : rows) names.push_back(r.name);
  return names;
}

template <typename Info>
std::vector<std::string> ParamNames(const Info& row) {
  std::vector<std::string> names;
  for (const PolicyParam& p : row.params) names.push_back(p.name);
  return names;
}

}  // namespace

void PolicyReader::ReadFailover(const proto::NamedPolicy& in, const Scenario& s,
                                PolicyChoice* out) {
  Read("policies.failover", in, FailoverPolicies(), s, out);
}

void PolicyReader::ReadRecovery(const proto::NamedPolicy& in, const Scenario& s,
                                PolicyChoice* out) {
  Read("policies.recovery", in, RecoveryPolicies(), s, out);
}

bool PolicyReader::ReadParam(const std::string& path, const PolicyParam& param,
                             const std::string& text, PolicyArgs* args) {
  std::string why;
  switch (param.kind) {
    case PolicyParamKind::kDuration: {
      SimTime d = 0;
      if (!Duration(path, text, &d)) return false;
      if (param.positive && d <= 0) {
        Bad(path, text, "must be more than zero");
        return false;
      }
      args->SetDuration(param.name, d);
      return true;
    }
    case PolicyParamKind::kBandwidth: {
      double b = 0;
      if (!Bandwidth(path, text, &b)) return false;
      args->SetNumber(param.name, b);
      return true;
    }
    case PolicyParamKind::kFraction: {
      double f = 0;
      if (!ParseFraction(text, &f, &why)) {
        Bad(path, text, why);
        return false;
      }
      if (param.positive && f <= 0) {
        Bad(path, text, "must be more than zero");
        return false;
      }
      args->SetNumber(param.name, f);
      return true;
    }
    case PolicyParamKind::kInteger: {
      int64_t v = 0;
      if (!Int(path, text, param.positive ? 1 : 0, std::numeric_limits<int32_t>::max(), &v)) {
        return false;
      }
      args->SetNumber(param.name, static_cast<double>(v));
      return true;
    }
  }
  return false;
}

template <typename Info>
void PolicyReader::Read(const std::string& p, const proto::NamedPolicy& in,
                        std::span<const Info> rows, const Scenario& s, PolicyChoice* out) {
  const std::vector<std::string> names = NamesOf(rows);
  if (in.name().empty()) {
    Error(p, "'" + p + "' needs a policy name (" + JoinNames(names) + ")");
    return;
  }
  // The short form (`failover: out-of-service`) has no `.name` of its own to point at.
  const std::string name_path = in.params().empty() ? p : p + ".name";
  std::vector<std::pair<std::string, int>> options;
  for (size_t i = 0; i < rows.size(); ++i) options.emplace_back(rows[i].name, static_cast<int>(i));
  int index = -1;
  if (!Enum(name_path, in.name(), options, &index)) return;
  const Info& row = rows[static_cast<size_t>(index)];
  out->name = row.name;
  out->args = PolicyArgs();

  // The parameters given, in name order (the map has none; diagnostics are sorted by place).
  std::vector<std::pair<std::string, std::string>> given(in.params().begin(), in.params().end());
  std::sort(given.begin(), given.end());
  bool ok = true;
  const std::vector<std::string> known = ParamNames(row);
  for (const auto& entry : given) {
    // Named references, not a structured binding: clang before 16 cannot capture one in a lambda.
    const std::string& key = entry.first;
    const std::string& text = entry.second;
    const std::string path = p + "." + key;
    const auto param = std::find_if(row.params.begin(), row.params.end(),
                                    [&](const PolicyParam& q) { return q.name == key; });
    if (param != row.params.end()) {
      ok &= ReadParam(path, *param, text, &out->args);
      continue;
    }
    ok = false;
    std::string msg = "'" + path + "': " + row.name + " takes ";
    std::string list;
    for (const std::string& k : known) list += (list.empty() ? "" : ", ") + k;
    msg += known.empty() ? std::string("no parameters")
                         : "no parameter '" + key + "' (its parameters: " + list + ")";
    const std::string hint = NearestName(key, known);
    if (!hint.empty()) msg += "; did you mean '" + hint + "'?";
    // A parameter of another policy: say whose.
    for (const Info& other : rows) {
      const auto& op = other.params;
      if (&other != &row &&
          std::any_of(op.begin(), op.end(), [&](const PolicyParam& q) { return q.name == key; })) {
        msg += "; '" + key + "' is a parameter of " + other.name;
        break;
      }
    }
    Error(path, msg);
  }
  for (const PolicyParam& param : row.params) {
    if (in.params().count(param.name) > 0) continue;
    if (param.required) {
      ok = false;
      Error(p, "'" + p + "': " + row.name + " needs '" + param.name + "' (" + param.help + ")");
    } else if (!param.default_value.empty()) {
      // A registry row's default is written as a user would; it must read.
      const bool read = ReadParam(p + "." + param.name, param, param.default_value, &out->args);
      assert(read && "a policy parameter's default must be valid");
      (void)read;
    }
  }
  if (!ok || !row.check) return;
  for (const std::string& problem : row.check(out->args, s)) Error(p, "'" + p + "': " + problem);
}

}  // namespace clustersim
