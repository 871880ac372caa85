// The words a scenario may write for each enumerated choice, one table per field, in the order
// the docs give them. The loader reads these tables (the accepted words, "did you mean", the
// lists in its messages), `clustersim list` prints them, and a test checks that the two agree,
// so a new word is added in one place. Policies and scheduler plugins have registries of their
// own (policy/policy_registry.h, policy/registry.h); distributions are Distribution::kNames.
#pragma once

#include <array>
#include <string>
#include <utility>
#include <vector>

#include "clustersim/scenario/scenario.h"

namespace clustersim {

template <typename T>
struct Word {
  const char* name;
  T value;
};

// storageClasses[i].kind
inline constexpr std::array<Word<StorageKind>, 3> kStorageKinds = {{
    {"local", StorageKind::kLocal},
    {"zonal", StorageKind::kZonal},
    {"regional", StorageKind::kRegional},
}};

// failures[i].target.kind, and a trace row's scope
inline constexpr std::array<Word<FailureTargetKind>, 4> kFailureTargets = {{
    {"node", FailureTargetKind::kNode},
    {"disk", FailureTargetKind::kDisk},
    {"rack", FailureTargetKind::kRack},
    {"zone", FailureTargetKind::kZone},
}};

// workloads[i].app.availability: one of these words, or an integer (kAvailabilityCount).
inline constexpr std::array<Word<AvailabilityLevel::Kind>, 3> kAvailabilityWords = {{
    {"all", AvailabilityLevel::Kind::kAll},
    {"quorum", AvailabilityLevel::Kind::kQuorum},
    {"any", AvailabilityLevel::Kind::kAny},
}};
inline constexpr const char* kAvailabilityCount = "<integer>";

template <typename T, size_t N>
std::vector<std::string> WordNames(const std::array<Word<T>, N>& words) {
  std::vector<std::string> names;
  for (const Word<T>& w : words) names.push_back(w.name);
  return names;
}

// The table as ValueReader::Enum's options.
template <typename T, size_t N>
std::vector<std::pair<std::string, T>> WordOptions(const std::array<Word<T>, N>& words) {
  std::vector<std::pair<std::string, T>> options;
  for (const Word<T>& w : words) options.emplace_back(w.name, w.value);
  return options;
}

// The word of `value`, or "?".
template <typename T, size_t N>
const char* WordOf(const std::array<Word<T>, N>& words, T value) {
  for (const Word<T>& w : words) {
    if (w.value == value) return w.name;
  }
  return "?";
}

// Distribution::kNames as a list.
inline std::vector<std::string> DistributionNames() {
  std::vector<std::string> names;
  for (const char* const* d = Distribution::kNames; *d != nullptr; ++d) names.push_back(*d);
  return names;
}

}  // namespace clustersim
