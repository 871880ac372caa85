// Matching of tolerations against taints and of node selector terms against node labels, with
// Kubernetes' semantics (k8s.io/api core/v1 Toleration.ToleratesTaint and
// k8s.io/component-helpers scheduling/corev1/nodeaffinity).
#include <algorithm>
#include <charconv>

#include "clustersim/scenario/scenario.h"

namespace clustersim {
namespace {

bool ToInt(const std::string& s, int64_t* out) {
  const char* end = s.data() + s.size();
  auto [ptr, ec] = std::from_chars(s.data(), end, *out);
  return ec == std::errc() && ptr == end;
}

}  // namespace

bool Toleration::ToleratesTaint(const std::string& taint_key, const std::string& taint_value,
                                TaintEffect taint_effect) const {
  if (effect && *effect != taint_effect) return false;
  // An empty key with operator Exists matches every key.
  if (!key.empty() && key != taint_key) return false;
  return exists || value == taint_value;
}

bool NodeSelectorRequirement::Matches(const std::map<std::string, std::string>& labels) const {
  switch (op) {
    case Op::kIn:
      return MatchesSetOp(SetOp::kIn, labels, key, values);
    case Op::kNotIn:
      return MatchesSetOp(SetOp::kNotIn, labels, key, values);
    case Op::kExists:
      return MatchesSetOp(SetOp::kExists, labels, key, values);
    case Op::kDoesNotExist:
      return MatchesSetOp(SetOp::kDoesNotExist, labels, key, values);
    case Op::kGt:
    case Op::kLt: {
      const auto it = labels.find(key);
      const bool has = it != labels.end();
      int64_t label = 0, bound = 0;
      if (!has || values.size() != 1 || !ToInt(it->second, &label) || !ToInt(values[0], &bound)) {
        return false;
      }
      return op == Op::kGt ? label > bound : label < bound;
    }
  }
  return false;
}

bool NodeSelectorTerm::Matches(const std::map<std::string, std::string>& labels) const {
  if (match_expressions.empty()) return false;  // an empty term selects no node
  for (const auto& r : match_expressions) {
    if (!r.Matches(labels)) return false;
  }
  return true;
}

}  // namespace clustersim
