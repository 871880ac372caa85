#include "clustersim/report/scale.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "clustersim/core/time.h"

namespace clustersim::report {

Scale Scale::Linear(double d0, double d1, double r0, double r1) {
  Scale s;
  s.d0_ = d0;
  s.d1_ = d1 == d0 ? d0 + 1 : d1;
  s.r0_ = r0;
  s.r1_ = r1;
  return s;
}

Scale Scale::Log(double d0, double d1, double r0, double r1) {
  Scale s = Linear(d0, d1, r0, r1);
  s.log_ = true;
  if (!(s.d0_ > 0)) s.d0_ = 1e-9;
  if (!(s.d1_ > s.d0_)) s.d1_ = s.d0_ * 10;
  return s;
}

double Scale::operator()(double v) const {
  double t;
  if (log_) {
    if (!(v > 0)) return r0_;
    t = (std::log10(v) - std::log10(d0_)) / (std::log10(d1_) - std::log10(d0_));
  } else {
    t = (v - d0_) / (d1_ - d0_);
  }
  return r0_ + t * (r1_ - r0_);
}

double Scale::Clamped(double v) const {
  const double x = (*this)(v);
  if (!std::isfinite(x)) return v > 0 ? r1_ : r0_;
  return std::clamp(x, std::min(r0_, r1_), std::max(r0_, r1_));
}

namespace {

// The nice step (1, 2 or 5 x 10^k) closest above range / count.
double NiceStep(double range, int count) {
  const double raw = range / std::max(count, 1);
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  const double f = raw / mag;
  const double nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
  return nice * mag;
}

void Widen(double* lo, double* hi) {
  if (*hi > *lo) return;
  const double d = *lo == 0 ? 1 : std::fabs(*lo) / 2;
  *lo -= d;
  *hi += d;
}

std::string Group(const std::string& digits) {
  // digits: an optional '-', integer digits, optionally '.' and decimals.
  size_t start = digits[0] == '-' ? 1 : 0;
  size_t dot = digits.find('.');
  if (dot == std::string::npos) dot = digits.size();
  std::string out = digits.substr(0, start);
  for (size_t i = start; i < dot; ++i) {
    out += digits[i];
    const size_t left = dot - i - 1;
    if (left > 0 && left % 3 == 0) out += ',';
  }
  return out + digits.substr(dot);
}

}  // namespace

std::vector<double> NiceTicks(double lo, double hi, int count) {
  std::vector<double> ticks;
  if (!std::isfinite(lo) || !std::isfinite(hi)) return ticks;
  Widen(&lo, &hi);
  const double step = NiceStep(hi - lo, count);
  const double first = std::floor(lo / step + 1e-9);
  const double last = std::ceil(hi / step - 1e-9);
  for (double i = first; i <= last && ticks.size() < 100; ++i) {
    const double v = i * step;
    ticks.push_back(std::fabs(v) < step * 1e-9 ? 0.0 : v);
  }
  return ticks;
}

std::pair<double, double> NiceDomain(double lo, double hi, int count) {
  const std::vector<double> t = NiceTicks(lo, hi, count);
  if (t.size() < 2) return {lo, hi};
  return {t.front(), t.back()};
}

std::vector<double> LogTicks(double lo, double hi) {
  std::vector<double> ticks;
  if (!(lo > 0) || !(hi > lo) || !std::isfinite(hi)) return ticks;
  const int a = static_cast<int>(std::floor(std::log10(lo) + 1e-9));
  const int b = static_cast<int>(std::ceil(std::log10(hi) - 1e-9));
  for (int e = a; e <= b && ticks.size() < 40; ++e) ticks.push_back(std::pow(10.0, e));
  return ticks;
}

bool SpansMoreThanADecade(double lo, double hi) { return lo > 0 && hi > 10 * lo; }

std::vector<double> DurationTicks(double lo, double hi) {
  static const double kTicks[] = {1,
                                  10,
                                  60,
                                  600,
                                  3600,
                                  21600,
                                  86400,
                                  604800,
                                  2592000,
                                  kSecondsPerYear,
                                  10 * kSecondsPerYear,
                                  100 * kSecondsPerYear};
  std::vector<double> out;
  for (double t : kTicks) {
    if (t >= lo * (1 - 1e-9) && t <= hi * (1 + 1e-9)) out.push_back(t);
  }
  return out;
}

std::string TickLabel(double v, double step) {
  int digits = 0;
  if (step > 0 && step < 1) {
    digits = static_cast<int>(std::ceil(-std::log10(step) - 1e-9));
    // A step of 0.25 or 2.5e-3 needs one more.
    const double scaled = step * std::pow(10.0, digits);
    if (std::fabs(scaled - std::round(scaled)) > 1e-6) ++digits;
  }
  if (std::fabs(v) < step * 1e-9) v = 0;
  return Fixed(v, std::min(digits, 12));
}

std::string Fixed(double v, int digits) {
  if (!std::isfinite(v)) return "n/a";
  if (std::fabs(v) >= 1e15) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3g", v);
    return buf;
  }
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  std::string s = buf;
  if (s == "-0" || s.find_first_not_of("-0.") == std::string::npos)
    s = s[0] == '-' ? s.substr(1) : s;
  return Group(s);
}

std::string Figure(double v) {
  if (!std::isfinite(v)) return "n/a";
  const double a = std::fabs(v);
  if (a == 0) return "0";
  if (a >= 100) return Fixed(v, 0);
  if (a >= 10) return Fixed(v, 1);
  if (a >= 1) return Fixed(v, 2);
  const int digits = std::min(12, static_cast<int>(std::ceil(-std::log10(a))) + 2);
  return Fixed(v, digits);
}

std::string Plain(double v) {
  if (!std::isfinite(v)) return "n/a";
  if (v == 0) return "0";
  const double a = std::fabs(v);
  int digits = std::clamp(5 - static_cast<int>(std::floor(std::log10(a))), 0, 12);
  std::string s = Fixed(v, digits);
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  return s;
}

std::string Percent(double fraction, int digits) {
  if (!std::isfinite(fraction)) return "n/a";
  return Fixed(100 * fraction, digits) + "%";
}

std::string Duration(double s) {
  if (!std::isfinite(s)) return "n/a";
  const double a = std::fabs(s);
  if (a < 60) return Figure(s) + " s";
  if (a < 3600) return Fixed(s / 60, 1) + " min";
  if (a < 86400) return Fixed(s / 3600, 1) + " h";
  if (a < kSecondsPerYear) return Fixed(s / 86400, 1) + " d";
  return Fixed(s / kSecondsPerYear, 1) + " y";
}

std::string DurationTick(double s) {
  const double a = std::fabs(s);
  auto unit = [&](double size, const char* name) { return Plain(s / size) + " " + name; };
  if (a < 60) return unit(1, "s");
  if (a < 3600) return unit(60, "min");
  if (a < 86400) return unit(3600, "h");
  if (a < 7 * 86400.0) return unit(86400, "d");
  if (a < 30 * 86400.0) return unit(7 * 86400.0, "w");
  if (a < kSecondsPerYear) return unit(86400, "d");
  return unit(kSecondsPerYear, "y");
}

double Nines(double a) {
  if (!(a > 0)) return 0;
  if (a >= 1) return HUGE_VAL;
  return -std::log10(1 - a);
}

}  // namespace clustersim::report
