// Label selector matching with meta/v1 semantics (apimachinery labels.Selector).
#include "clustersim/policy/pod_spec.h"

#include <algorithm>

namespace clustersim {

bool LabelSelectorRequirement::Matches(const Labels& labels) const {
  const auto it = labels.find(key);
  const bool has = it != labels.end();
  switch (op) {
    case Op::kIn:
      return has && std::find(values.begin(), values.end(), it->second) != values.end();
    case Op::kNotIn:
      return !has || std::find(values.begin(), values.end(), it->second) == values.end();
    case Op::kExists:
      return has;
    case Op::kDoesNotExist:
      return !has;
  }
  return false;
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
