// Label selector matching with meta/v1 semantics (apimachinery labels.Selector).
#include "clustersim/policy/pod_spec.h"

#include <algorithm>

namespace clustersim {

bool MatchesSetOp(SetOp op, const Labels& labels, const std::string& key,
                  const std::vector<std::string>& values) {
  const auto it = labels.find(key);
  const bool has = it != labels.end();
  switch (op) {
    case SetOp::kIn:
      return has && std::find(values.begin(), values.end(), it->second) != values.end();
    case SetOp::kNotIn:
      return !has || std::find(values.begin(), values.end(), it->second) == values.end();
    case SetOp::kExists:
      return has;
    case SetOp::kDoesNotExist:
      return !has;
  }
  return false;
}

bool LabelSelectorRequirement::Matches(const Labels& labels) const {
  return MatchesSetOp(op, labels, key, values);
}

bool LabelSelector::Matches(const Labels& labels) const {
  for (const auto& [k, v] : match_labels) {
    const auto it = labels.find(k);
    if (it == labels.end() || it->second != v) return false;
  }
  for (const auto& r : match_expressions) {
    if (!r.Matches(labels)) return false;
  }
  return true;
}

}  // namespace clustersim
