#include "clustersim/scenario/units.h"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

namespace clustersim {

namespace {

__extension__ typedef unsigned __int128 Uint128;  // -Wpedantic: __int128 is a GNU extension

// ParseQuantity relies on long double holding every int64 exactly, so that a quantity which
// fits int64 is never pushed over the limit (or off by one) by the intermediate arithmetic.
static_assert(std::numeric_limits<long double>::digits >= 64, "long double must hold an int64");

constexpr SimTime kWeek = 7 * kDay;

// SimTime ends near 292,000 years; a limit well below that leaves room for now + duration and
// matches the loader's horizon limit, so any duration a scenario may write also fits a horizon.
constexpr int64_t kMaxDurationYears = 100000;
constexpr SimTime kMaxDuration = kMaxDurationYears * kYear;

struct Unit {
  std::string_view name;
  SimTime size;
};

constexpr std::array<Unit, 8> kDurationUnits = {{{"us", kMicrosecond},
                                                 {"ms", kMillisecond},
                                                 {"s", kSecond},
                                                 {"m", kMinute},
                                                 {"h", kHour},
                                                 {"d", kDay},
                                                 {"w", kWeek},
                                                 {"y", kYear}}};

struct Suffix {
  std::string_view name;
  int power;  // of 2 for the binary suffixes, of 10 for the decimal ones
};

constexpr std::array<Suffix, 6> kBinarySuffixes = {
    {{"Ki", 10}, {"Mi", 20}, {"Gi", 30}, {"Ti", 40}, {"Pi", 50}, {"Ei", 60}}};
constexpr std::array<Suffix, 9> kDecimalSuffixes = {{{"n", -9},
                                                     {"u", -6},
                                                     {"m", -3},
                                                     {"k", 3},
                                                     {"M", 6},
                                                     {"G", 9},
                                                     {"T", 12},
                                                     {"P", 15},
                                                     {"E", 18}}};

bool Fail(std::string* why, std::string message) {
  if (why != nullptr) *why = std::move(message);
  return false;
}

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (Lower(a[i]) != Lower(b[i])) return false;
  }
  return true;
}

// The spellings of infinity and NaN that strtod, from_chars and YAML accept. Recognising them
// turns a puzzling "not a number" or "unknown unit 'nf'" into the real reason.
bool IsNonFinite(std::string_view s) {
  if (!s.empty() && (s.front() == '+' || s.front() == '-')) s.remove_prefix(1);
  if (!s.empty() && s.front() == '.') s.remove_prefix(1);
  return EqualsIgnoreCase(s, "inf") || EqualsIgnoreCase(s, "infinity") ||
         EqualsIgnoreCase(s, "nan") ||
         (s.size() > 4 && EqualsIgnoreCase(s.substr(0, 4), "nan(") && s.back() == ')');
}

struct Decimal {
  std::string_view whole;     // the digits before the point
  std::string_view fraction;  // the digits after it
};

// Reads `digits [. digits]` (".5" and "5." included) from the front of s and returns how many
// characters it took, or 0 when there is no digit at all.
size_t ScanDecimal(std::string_view s, Decimal* d) {
  size_t i = 0;
  while (i < s.size() && IsDigit(s[i])) ++i;
  d->whole = s.substr(0, i);
  d->fraction = {};
  if (i < s.size() && s[i] == '.') {
    size_t j = i + 1;
    while (j < s.size() && IsDigit(s[j])) ++j;
    d->fraction = s.substr(i + 1, j - i - 1);
    if (!d->whole.empty() || !d->fraction.empty()) i = j;
  }
  return d->whole.empty() && d->fraction.empty() ? 0 : i;
}

const Unit* FindDurationUnit(std::string_view name) {
  for (const Unit& u : kDurationUnits) {
    if (u.name == name) return &u;
  }
  return nullptr;
}

template <size_t N>
const Suffix* FindSuffix(const std::array<Suffix, N>& suffixes, std::string_view name) {
  for (const Suffix& s : suffixes) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

bool IsQuantitySuffix(std::string_view name) {
  return FindSuffix(kBinarySuffixes, name) != nullptr ||
         FindSuffix(kDecimalSuffixes, name) != nullptr;
}

// Exact: the whole part and up to 24 fraction digits are multiplied out in 128-bit integers, so
// "0.1s" is 100000us, not whatever 0.1 * 1e6 happens to round to in binary floating point.
// Digits past the 24th (below 1e-11us even for years) cannot change the rounded result except
// in a contrived tie, and are ignored.
bool DurationMicros(const Decimal& number, SimTime unit, SimTime* out, std::string* why) {
  const std::string too_long =
      "too long; durations are limited to " + std::to_string(kMaxDurationYears) + " years";
  std::string_view whole = number.whole;
  while (!whole.empty() && whole.front() == '0') whole.remove_prefix(1);
  // Over 20 digits is over the limit even in microseconds, and could overflow the arithmetic.
  if (whole.size() > 20) return Fail(why, too_long);
  Uint128 integral = 0;
  for (char c : whole) integral = integral * 10 + static_cast<unsigned>(c - '0');

  constexpr int kFractionDigits = 24;
  Uint128 fraction = 0;
  Uint128 denominator = 1;
  for (int i = 0; i < kFractionDigits; ++i) {
    const size_t n = static_cast<size_t>(i);
    const unsigned digit =
        n < number.fraction.size() ? static_cast<unsigned>(number.fraction[n] - '0') : 0;
    fraction = fraction * 10 + digit;
    denominator *= 10;
  }
  const Uint128 u = static_cast<Uint128>(unit);
  // Half a microsecond rounds up: there are no negative durations to be symmetric with.
  const Uint128 micros = integral * u + (fraction * u + denominator / 2) / denominator;
  if (micros > static_cast<Uint128>(kMaxDuration)) return Fail(why, too_long);
  *out = static_cast<SimTime>(micros);
  return true;
}

// Explains text that follows a number but is not a unit or suffix. `kind` is "unit" or
// "suffix"; `known` tells whether the trimmed rest would have been accepted without the space.
std::string SpaceBeforeUnitWhy(std::string_view number, std::string_view rest,
                               std::string_view kind, bool known) {
  const std::string_view trimmed = Trim(rest);
  if (known) {
    return "no space allowed between the number and its " + std::string(kind) + " (write " +
           std::string(number) + std::string(trimmed) + ")";
  }
  return "unexpected text '" + std::string(rest) + "' after the number";
}

// 10^e for e >= 0: exact up to e = 27 (5^27 needs 63 bits), then as close as long double gets.
long double Pow10(int e) {
  long double p = 1;
  for (int i = 0; i < e; ++i) p *= 10;
  return p;
}

// The non-negative decimal number that starts a quantity or a duration, and what follows it.
bool LeadingNumber(std::string_view text, const char* empty_why, Decimal* number,
                   std::string_view* digits, std::string_view* rest, std::string* why) {
  std::string_view s = Trim(text);
  if (s.empty()) return Fail(why, empty_why);
  if (s.front() == '-') return Fail(why, "must not be negative");
  if (s.front() == '+') s.remove_prefix(1);
  if (IsNonFinite(s)) return Fail(why, "must be a finite number");
  const size_t length = ScanDecimal(s, number);
  if (length == 0) return Fail(why, "not a number");
  *digits = s.substr(0, length);
  *rest = s.substr(length);
  return true;
}

// A quantity times `scale`, unrounded. The binary part and the scale are applied first, while
// the product is still exact for any realistic input, and the power of ten last as a single
// division: "1500m" is then exactly 1.5 and rounds to 2, where multiplying by a rounded 0.001
// would give 1.4999... and round to 1.
bool QuantityValue(std::string_view text, long double scale, long double* value, std::string* why) {
  Decimal number;
  std::string_view digits, rest;
  if (!LeadingNumber(text, "empty quantity", &number, &digits, &rest, why)) return false;

  int exp10 = 0;
  int exp2 = 0;
  if (rest.empty()) {
    // A plain number: no suffix.
  } else if (IsSpace(rest.front())) {
    return Fail(why, SpaceBeforeUnitWhy(digits, rest, "suffix", IsQuantitySuffix(Trim(rest))));
  } else if ((rest.front() == 'e' || rest.front() == 'E') && rest.size() > 1 &&
             (IsDigit(rest[1]) || rest[1] == '+' || rest[1] == '-')) {
    // An exponent ("1e3"), which Kubernetes tells from the exa suffix "E" by what follows.
    size_t i = 1;
    const bool negative = rest[i] == '-';
    if (rest[i] == '+' || rest[i] == '-') ++i;
    const size_t digits_start = i;
    int exponent = 0;
    for (; i < rest.size() && IsDigit(rest[i]); ++i) {
      // Saturate: any exponent this large already over- or underflows long double.
      if (exponent < 100000) exponent = exponent * 10 + (rest[i] - '0');
    }
    if (i == digits_start || i != rest.size()) {
      return Fail(why, "malformed exponent '" + std::string(rest) + "' (expected e.g. e3 or e-3)");
    }
    exp10 = negative ? -exponent : exponent;
  } else {
    const Suffix* binary = FindSuffix(kBinarySuffixes, rest);
    const Suffix* decimal = FindSuffix(kDecimalSuffixes, rest);
    if (binary != nullptr) {
      exp2 = binary->power;
    } else if (decimal != nullptr) {
      exp10 = decimal->power;
    } else {
      return Fail(why, "unknown suffix '" + std::string(rest) +
                           "' (expected n, u, m, k, M, G, T, P, E, Ki, Mi, Gi, Ti, Pi or Ei, or "
                           "an exponent such as e3)");
    }
  }

  // 37 significant digits fit a Uint128 with room for one more, and are more than long double
  // resolves; beyond them a digit before the point only scales the value and one after it is
  // lost in rounding anyway.
  const Uint128 kMantissaLimit =
      static_cast<Uint128>(10000000000000000000ULL) * 1000000000000000000ULL;
  Uint128 mantissa = 0;
  for (char c : number.whole) {
    if (mantissa < kMantissaLimit) {
      mantissa = mantissa * 10 + static_cast<unsigned>(c - '0');
    } else {
      ++exp10;
    }
  }
  for (char c : number.fraction) {
    if (mantissa < kMantissaLimit) {
      mantissa = mantissa * 10 + static_cast<unsigned>(c - '0');
      --exp10;
    }
  }
  if (mantissa == 0) {
    *value = 0;
    return true;
  }
  // Past +-6000 long double has over- or underflowed to inf or 0 already.
  if (exp10 > 6000) exp10 = 6000;
  if (exp10 < -6000) exp10 = -6000;
  const long double scaled = std::ldexp(static_cast<long double>(mantissa), exp2) * scale;
  *value = exp10 >= 0 ? scaled * Pow10(exp10) : scaled / Pow10(-exp10);
  return true;
}

// YAML 1.1 accepts "true", "True" and "TRUE" but not "tRUE".
bool IsYamlBoolSpelling(std::string_view s, std::string_view lower) {
  if (s == lower) return true;
  std::string capitalized(lower);
  capitalized[0] = static_cast<char>(capitalized[0] - 'a' + 'A');
  if (s == capitalized) return true;
  std::string upper(lower);
  for (char& c : upper) c = static_cast<char>(c - 'a' + 'A');
  return s == upper;
}

// The bound the value broke, said without mentioning a limit that is only int64's own.
std::string RangeWhy(int64_t min, int64_t max, bool too_high) {
  constexpr int64_t kLowest = std::numeric_limits<int64_t>::min();
  constexpr int64_t kHighest = std::numeric_limits<int64_t>::max();
  const bool one_sided = min == kLowest || max == kHighest;
  if (one_sided && too_high) return "must be at most " + std::to_string(max);
  if (one_sided) return "must be at least " + std::to_string(min);
  return "must be between " + std::to_string(min) + " and " + std::to_string(max);
}

}  // namespace

bool ParseDuration(const std::string& text, SimTime* out, std::string* why) {
  Decimal number;
  std::string_view digits, rest;
  if (!LeadingNumber(text, "empty duration", &number, &digits, &rest, why)) return false;
  if (rest.empty()) return DurationMicros(number, kSecond, out, why);
  if (IsSpace(rest.front())) {
    // "1.5 h" is refused rather than read: a space is where lists and "5m 40s" would split.
    return Fail(why,
                SpaceBeforeUnitWhy(digits, rest, "unit", FindDurationUnit(Trim(rest)) != nullptr));
  }
  size_t letters = 0;
  while (letters < rest.size() && IsLetter(rest[letters])) ++letters;
  if (letters == 0) return Fail(why, SpaceBeforeUnitWhy(digits, rest, "unit", false));
  const std::string_view name = rest.substr(0, letters);
  const Unit* unit = FindDurationUnit(name);
  if (unit == nullptr) {
    return Fail(why,
                "unknown unit '" + std::string(name) + "' (expected us, ms, s, m, h, d, w or y)");
  }
  if (letters != rest.size()) {
    return Fail(why, "unexpected text '" + std::string(rest.substr(letters)) + "' after '" +
                         std::string(std::string_view(digits.data(), digits.size() + letters)) +
                         "' (write a single number and unit)");
  }
  return DurationMicros(number, unit->size, out, why);
}

bool DurationRoundsToZero(const std::string& text) {
  Decimal number;
  std::string_view digits, rest;
  std::string why;
  SimTime v = 0;
  if (!LeadingNumber(text, "", &number, &digits, &rest, &why) || !ParseDuration(text, &v, &why)) {
    return false;
  }
  const auto nonzero = [](std::string_view d) { return d.find_first_not_of('0') != d.npos; };
  return v == 0 && (nonzero(number.whole) || nonzero(number.fraction));
}

bool ParseQuantity(const std::string& text, double scale, int64_t* out, std::string* why) {
  long double value;
  if (!QuantityValue(text, scale, &value, why)) return false;
  const long double rounded = std::round(value);
  // 2^63 is exact in long double; comparing against it (not INT64_MAX) avoids a rounded bound.
  constexpr long double kTwoTo63 = 9223372036854775808.0L;
  if (!(rounded < kTwoTo63 && rounded >= -kTwoTo63)) {
    return Fail(why, "too large; the limit is " +
                         std::to_string(std::numeric_limits<int64_t>::max()) +
                         " after conversion to this field's unit");
  }
  *out = static_cast<int64_t>(rounded);
  return true;
}

bool ParseBandwidth(const std::string& text, double* bytes_per_second, std::string* why) {
  constexpr std::string_view kPerSecond = "/s";
  const std::string_view s = Trim(text);
  if (s.size() <= kPerSecond.size() || !s.ends_with(kPerSecond)) {
    return Fail(why, "expected a quantity per second such as 200Mi/s");
  }
  long double value;
  if (!QuantityValue(s.substr(0, s.size() - kPerSecond.size()), 1, &value, why)) return false;
  const double v = static_cast<double>(value);
  if (!std::isfinite(v)) return Fail(why, "too large");
  if (!(v > 0)) return Fail(why, "must be greater than zero");
  *bytes_per_second = v;
  return true;
}

bool ParseFraction(const std::string& text, double* out, std::string* why) {
  std::string_view s = Trim(text);
  const bool percent = s.ends_with('%');
  if (percent) s.remove_suffix(1);
  double v;
  if (!ParseDouble(std::string(s), &v, why)) return false;
  if (percent) v /= 100;
  if (!(v >= 0 && v <= 1)) {
    return Fail(why, percent ? "must be between 0% and 100%" : "must be between 0 and 1");
  }
  *out = v == 0 ? 0.0 : v;  // "-0" is a zero, but callers should not see the sign
  return true;
}

bool ParseInt(const std::string& text, int64_t min, int64_t max, int64_t* out, std::string* why) {
  std::string_view s = Trim(text);
  if (s.size() > 1 && s.front() == '+' && IsDigit(s[1])) s.remove_prefix(1);
  int64_t v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v, 10);
  if (ec == std::errc::result_out_of_range && end == s.data() + s.size()) {
    return Fail(why, RangeWhy(min, max, /*too_high=*/s.front() != '-'));
  }
  if (ec != std::errc() || end != s.data() + s.size()) return Fail(why, "expected a whole number");
  if (v < min || v > max) return Fail(why, RangeWhy(min, max, /*too_high=*/v > max));
  // "-0" is a zero, but where nothing may be negative the sign is a mistake, not a zero.
  if (v == 0 && s.front() == '-' && min >= 0) {
    return Fail(why, RangeWhy(min, max, /*too_high=*/false) + ", without a minus sign");
  }
  *out = v;
  return true;
}

bool ParseDouble(const std::string& text, double* out, std::string* why) {
  std::string_view s = Trim(text);
  if (IsNonFinite(s)) return Fail(why, "must be a finite number");
  // from_chars follows strtod in refusing a leading '+', which YAML and people write.
  if (s.size() > 1 && s.front() == '+' && (IsDigit(s[1]) || s[1] == '.')) s.remove_prefix(1);
  double v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec == std::errc::result_out_of_range && end == s.data() + s.size()) {
    return Fail(why, "out of range for a floating-point number");
  }
  if (ec != std::errc() || end != s.data() + s.size()) return Fail(why, "expected a number");
  if (!std::isfinite(v)) return Fail(why, "must be a finite number");
  *out = v;
  return true;
}

bool ParseBool(const std::string& text, bool* out, std::string* why) {
  // YAML 1.1's booleans, which is what a user of Kubernetes manifests expects to work.
  static constexpr std::array<std::string_view, 4> kTrue = {"true", "yes", "on", "y"};
  static constexpr std::array<std::string_view, 4> kFalse = {"false", "no", "off", "n"};
  const std::string_view s = Trim(text);
  for (std::string_view t : kTrue) {
    if (IsYamlBoolSpelling(s, t)) {
      *out = true;
      return true;
    }
  }
  for (std::string_view f : kFalse) {
    if (IsYamlBoolSpelling(s, f)) {
      *out = false;
      return true;
    }
  }
  return Fail(why, "expected true or false");
}

std::string FormatDuration(SimTime t) {
  if (t == kNever) return "never";
  if (t == 0) return "0s";
  // No weeks: "30d" reads better than "4w 2d", and the largest unit should be the familiar one.
  static constexpr std::array<Unit, 7> kLadder = {{{"y", kYear},
                                                   {"d", kDay},
                                                   {"h", kHour},
                                                   {"m", kMinute},
                                                   {"s", kSecond},
                                                   {"ms", kMillisecond},
                                                   {"us", kMicrosecond}}};
  const std::string sign = t < 0 ? "-" : "";
  // Unsigned, so that the magnitude of INT64_MIN exists.
  const uint64_t magnitude = t < 0 ? 0 - static_cast<uint64_t>(t) : static_cast<uint64_t>(t);
  size_t i = 0;
  while (magnitude < static_cast<uint64_t>(kLadder[i].size)) ++i;
  if (i + 1 == kLadder.size()) return sign + std::to_string(magnitude) + "us";

  // Two components, the second rounded to its unit: "5m 41s" for 5m 40.7s.
  const uint64_t big = static_cast<uint64_t>(kLadder[i].size);
  const uint64_t small = static_cast<uint64_t>(kLadder[i + 1].size);
  const uint64_t count = magnitude / small + (2 * (magnitude % small) >= small ? 1 : 0);
  const uint64_t big_count = count / (big / small);
  const uint64_t small_count = count % (big / small);
  // Rounding up can complete the next larger unit (59m 59.6s); the value is then exactly one.
  if (i > 0 && big_count == static_cast<uint64_t>(kLadder[i - 1].size) / big) {
    return sign + "1" + std::string(kLadder[i - 1].name);
  }
  std::string out = sign + std::to_string(big_count) + std::string(kLadder[i].name);
  if (small_count != 0) out += " " + std::to_string(small_count) + std::string(kLadder[i + 1].name);
  return out;
}

}  // namespace clustersim
