// Scales, ticks and number formats for the HTML report's charts. A scale maps a domain onto a
// pixel range, linearly or on log10; ticks are "nice" numbers (1, 2 or 5 times a power of ten)
// on a linear axis, powers of ten on a log axis, and human durations (10 s, 1 min, 1 h, 1 d) on a
// log time axis. Every label is formatted here, so a chart and its table print a figure alike.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace clustersim::report {

class Scale {
 public:
  static Scale Linear(double d0, double d1, double r0, double r1);
  // d0 and d1 must be positive; values at or below 0 map to r0.
  static Scale Log(double d0, double d1, double r0, double r1);
  double operator()(double v) const;
  // The same, held inside [r0, r1] (a whisker that runs off the axis stops at its end).
  double Clamped(double v) const;
  bool log() const { return log_; }
  double d0() const { return d0_; }
  double d1() const { return d1_; }
  double r0() const { return r0_; }
  double r1() const { return r1_; }

 private:
  double d0_ = 0, d1_ = 1, r0_ = 0, r1_ = 1;
  bool log_ = false;
};

// About `count` ticks at multiples of 1, 2 or 5 x 10^k that cover [lo, hi] (lo < hi; when
// lo == hi the range is widened around it).
std::vector<double> NiceTicks(double lo, double hi, int count);
// [lo, hi] widened to the first and last of NiceTicks(lo, hi, count).
std::pair<double, double> NiceDomain(double lo, double hi, int count);
// Powers of ten covering [lo, hi] (0 < lo < hi), from the one at or below lo to the one at or
// above hi.
std::vector<double> LogTicks(double lo, double hi);
// Whether positive values from lo to hi span more than a factor of ten.
bool SpansMoreThanADecade(double lo, double hi);
// Human durations (1 s, 10 s, 1 min, 10 min, 1 h, 6 h, 1 d, 1 w, 30 d, 1 y) inside [lo, hi]
// seconds, for a log time axis.
std::vector<double> DurationTicks(double lo_seconds, double hi_seconds);

// A tick label for `v` on an axis whose ticks are `step` apart: as many decimals as the step
// needs, thousands separated by commas ("1,000", "0.25", "-5").
std::string TickLabel(double v, double step);
// A figure with `digits` decimals and thousands separators; "n/a" when not finite.
std::string Fixed(double v, int digits);
// A figure with about three significant digits ("0.0123", "4.56", "1,234"); "n/a" when not
// finite.
std::string Figure(double v);
// A round figure for an axis: up to six significant digits, trailing zeros dropped ("10",
// "0.01", "2.5", "1,000").
std::string Plain(double v);
// A fraction as a percentage with `digits` decimals ("99.982%").
std::string Percent(double fraction, int digits);
// A duration in seconds in its natural unit: "40 s", "5.7 min", "4.2 h", "3.1 d", "1.0 y".
std::string Duration(double seconds);
// A duration label for an axis tick: "1 s", "10 min", "6 h", "1 d".
std::string DurationTick(double seconds);
// -log10(1 - a): 2 for 99%, 4 for 99.99%; +inf for 1, 0 for 0 or less.
double Nines(double availability);

}  // namespace clustersim::report
