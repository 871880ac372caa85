// The checks every converter of mapped YAML shares (the scenario's in loader.cc, the manifests'
// in manifests.cc): each parses one string field of the schema with units.h, and on failure
// reports at the place the SourceMap recorded for the field's path what was found and what was
// expected. Private to sim/scenario.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "clustersim/core/time.h"
#include "clustersim/scenario/diagnostics.h"
#include "clustersim/scenario/units.h"
#include "scenario/yaml_mapper.h"

namespace clustersim {

// Limits that keep a run finite and its counters exact; far beyond any real cluster.
inline constexpr int64_t kMaxNodes = 1000000;
inline constexpr int64_t kMaxReplicas = 100000;
// Per node or pod. The model adds these up over the whole cluster in int64, which these limits,
// kMaxNodes and kMaxClusterMemoryBytes keep from overflowing (and kube-scheduler's scores,
// which multiply a capacity by 100).
inline constexpr int64_t kMaxCpuMilli = int64_t{1000000} * 1000;
inline constexpr const char* kMaxCpuText = "1000000 CPUs";
inline constexpr int64_t kMaxMemoryBytes = int64_t{1} << 50;
inline constexpr const char* kMaxMemoryText = "1Pi";
inline constexpr int64_t kMaxClusterMemoryBytes = int64_t{1} << 62;
inline constexpr int64_t kMaxStorageBytes = int64_t{1} << 60;
inline constexpr int64_t kMaxPodsPerNode = 100000;
// The capacity of a node whose capacity names none: "plenty" for any pod, yet small enough that
// kMaxNodes such nodes stay within kMaxClusterMemoryBytes. kubelet's default maxPods is 110.
inline constexpr int64_t kDefaultCpuMilli = 1000000;
inline constexpr int64_t kDefaultMemoryBytes = int64_t{1} << 42;
inline constexpr int64_t kDefaultPods = 110;
static_assert(kMaxNodes * kDefaultMemoryBytes <= kMaxClusterMemoryBytes);

// Each name as an Enum option whose value is its index.
inline std::vector<std::pair<std::string, int>> NamesToOptions(
    const std::vector<std::string>& names) {
  std::vector<std::pair<std::string, int>> out;
  for (size_t i = 0; i < names.size(); ++i) out.emplace_back(names[i], static_cast<int>(i));
  return out;
}

class ValueReader {
 public:
  ValueReader(const SourceMap* sources, Diagnostics* diags) : diags_(diags), src_(sources) {}

 protected:
  // Diagnostics go to the places of `sources` from now on (a manifest document has its own).
  void UseSources(const SourceMap* sources) { src_ = sources; }
  const SourceMap& sources() const { return *src_; }

  SourceLocation At(const std::string& path) const { return src_->Of(path); }
  void Warn(const std::string& path, const std::string& msg) { diags_->Warning(At(path), msg); }
  void Error(const std::string& path, const std::string& msg) { diags_->Error(At(path), msg); }
  // "'path': <why> (found '<text>')"
  void Bad(const std::string& path, const std::string& text, const std::string& why) {
    Error(path, "'" + path + "': " + why + " (found '" + text + "')");
  }
  // Bad() for a duration that must be positive and is not: `why`, or that it rounds to 0us
  // when it was written as more than zero.
  void NotPositive(const std::string& path, const std::string& text, const std::string& why) {
    Bad(path, text,
        DurationRoundsToZero(text)
            ? "rounds to 0us (durations are whole microseconds); expected at least 1us"
            : why);
  }

  bool Duration(const std::string& path, const std::string& text, SimTime* out);
  bool Int(const std::string& path, const std::string& text, int64_t min, int64_t max,
           int64_t* out);
  bool Bool(const std::string& path, const std::string& text, bool* out);
  // A quantity in its internal unit (scale 1000 for milli-CPU), at most `max`, which `max_text`
  // says in the user's terms. `expected` gives examples for text that is not a quantity.
  bool Quantity(const std::string& path, const std::string& text, double scale, int64_t max,
                const std::string& max_text, const std::string& expected, int64_t* out);
  bool Cpu(const std::string& path, const std::string& text, int64_t* out) {
    return Quantity(path, text, 1000, kMaxCpuMilli, kMaxCpuText, "CPUs such as 2 or 500m", out);
  }
  bool Memory(const std::string& path, const std::string& text, int64_t* out) {
    return Quantity(path, text, 1, kMaxMemoryBytes, kMaxMemoryText, "bytes such as 16Gi or 512M",
                    out);
  }

  // Bytes per second, such as 100Mi/s; more than zero.
  bool Bandwidth(const std::string& path, const std::string& text, double* out);

  // One of `options` by name; otherwise an error listing them, with the nearest as a hint.
  template <typename T>
  bool Enum(const std::string& path, const std::string& text,
            const std::vector<std::pair<std::string, T>>& options, T* out) {
    for (const auto& [name, value] : options) {
      if (name == text) {
        if (out != nullptr) *out = value;
        return true;
      }
    }
    std::vector<std::string> names;
    for (const auto& o : options) names.push_back(o.first);
    std::string hint = NearestName(text, names);
    std::string msg = "'" + path + "': unknown value '" + text + "'";
    if (!hint.empty()) msg += " (did you mean '" + hint + "'?)";
    msg += "; expected " + JoinNames(names);
    Error(path, msg);
    return false;
  }

  Diagnostics* diags_;

 private:
  const SourceMap* src_;
};

}  // namespace clustersim
