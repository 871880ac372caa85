// Reads `policies.failover` and `policies.recovery`: a registry row's name (the registry is
// policy/policy_registry.h, so the names, the "did you mean", the parameters and their checks
// are the same for built-in and out-of-tree policies) and its parameters, each parsed by its
// kind with errors at its place, defaults filled in, then the row's own checks against the
// scenario.
#pragma once

#include "clustersim/scenario/scenario.h"
#include "scenario.pb.h"
#include "scenario/value_reader.h"

namespace clustersim {

class PolicyReader : public ValueReader {
 public:
  using ValueReader::ValueReader;
  // `s` has its workloads and storage classes already (the checks read them).
  void ReadFailover(const proto::NamedPolicy& in, const Scenario& s, PolicyChoice* out);
  void ReadRecovery(const proto::NamedPolicy& in, const Scenario& s, PolicyChoice* out);

 private:
  template <typename Info>
  void Read(const std::string& path, const proto::NamedPolicy& in, std::span<const Info> rows,
            const Scenario& s, PolicyChoice* out);
  // One parameter's value into `args`; false after reporting why it is bad.
  bool ReadParam(const std::string& path, const PolicyParam& param, const std::string& text,
                 PolicyArgs* args);
};

}  // namespace clustersim
