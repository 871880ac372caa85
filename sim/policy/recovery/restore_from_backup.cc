// `restore-from-backup`: as rebuild-from-peers, but each new volume is restored from the last
// backup at `bandwidth`, needing no live peer; backups run every `interval`, so a data loss
// loses the writes since the last one (docs/semantics.md, section 11).
#include "policy/recovery/builtin.h"

namespace clustersim::recovery {

RecoveryPolicyInfo RestoreFromBackup() {
  RecoveryPolicyInfo info;
  info.name = "restore-from-backup";
  info.summary = "replace an unreachable node's volumes after `after`, restore from backup";
  info.params = {ReplaceAfterParam(),
                 {"bandwidth", PolicyParamKind::kBandwidth, "", true, "the restore's speed"},
                 {"interval", PolicyParamKind::kDuration, "", true, "time between backups",
                  /*positive=*/true}};
  info.analyze_why_not = "moves or refills data";
  info.make = [](const PolicyArgs& a) {
    return std::make_unique<ReplaceVolumesAfter>(
        a.Duration("after"), VolumeFill{VolumeFill::Source::kBackup, a.Number("bandwidth")},
        a.Duration("interval"));
  };
  return info;
}

}  // namespace clustersim::recovery
