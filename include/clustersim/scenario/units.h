// Parsing of the units a scenario writes values in. Each parser returns false (and a short
// reason in *why) instead of guessing; the caller turns that into a diagnostic with a location.
//   durations:   "250ms", "40s", "6m", "4h", "30d", "2w", "1y" (= 365 d), or a plain number of
//                seconds ("90", "1.5"); microsecond resolution ("us")
//   quantities:  Kubernetes notation: "500m", "2", "1.5", "16Gi", "100G", "1e3"
//   bandwidths:  a quantity of bytes per second, "200Mi/s"
//   fractions:   "99.9%" or "0.999"
#pragma once

#include <cstdint>
#include <string>

#include "clustersim/core/time.h"

namespace clustersim {

bool ParseDuration(const std::string& text, SimTime* out, std::string* why);
// Whether `text` is a duration written as more than zero that rounds to 0us ("0.1us", "1ns" is
// not one: ns is no unit), which a field that must be positive reports as such.
bool DurationRoundsToZero(const std::string& text);
// A Kubernetes quantity scaled by `scale` and rounded: ParseQuantity("500m", 1000) = 500 (milli),
// ParseQuantity("16Gi", 1) = 17179869184.
bool ParseQuantity(const std::string& text, double scale, int64_t* out, std::string* why);
bool ParseBandwidth(const std::string& text, double* bytes_per_second, std::string* why);
bool ParseFraction(const std::string& text, double* out, std::string* why);
bool ParseInt(const std::string& text, int64_t min, int64_t max, int64_t* out, std::string* why);
bool ParseDouble(const std::string& text, double* out, std::string* why);
bool ParseBool(const std::string& text, bool* out, std::string* why);

// "5m 40s" style rendering of a duration for messages and reports (at most two parts).
std::string FormatDuration(SimTime t);

}  // namespace clustersim
