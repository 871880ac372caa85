// Simulated time. One integer clock for the whole simulator: a signed 64-bit count of
// microseconds (about +-292,000 years). Integer time keeps event order exact and runs
// reproducible; floating point appears only where a duration is drawn from a distribution.
#pragma once

#include <cstdint>
#include <limits>

namespace clustersim {

using SimTime = int64_t;  // microseconds since the start of a replication

inline constexpr SimTime kMicrosecond = 1;
inline constexpr SimTime kMillisecond = 1000;
inline constexpr SimTime kSecond = 1000 * kMillisecond;
inline constexpr SimTime kMinute = 60 * kSecond;
inline constexpr SimTime kHour = 60 * kMinute;
inline constexpr SimTime kDay = 24 * kHour;
inline constexpr SimTime kYear = 365 * kDay;  // the contract's "1y" is 365 days
inline constexpr SimTime kNever = std::numeric_limits<SimTime>::max();
// The same year in the units reports use (exact in a double).
inline constexpr double kSecondsPerYear = static_cast<double>(kYear / kSecond);
inline constexpr double kMinutesPerYear = static_cast<double>(kYear / kMinute);

inline constexpr double ToSeconds(SimTime t) { return static_cast<double>(t) / kSecond; }
inline constexpr double ToMinutes(SimTime t) { return static_cast<double>(t) / kMinute; }

// Saturating addition: scheduling "now + a huge draw" must never wrap into the past.
inline constexpr SimTime AddSat(SimTime a, SimTime b) {
  if (b > 0 && a > kNever - b) return kNever;
  return a + b;
}

}  // namespace clustersim
