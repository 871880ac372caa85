#include "clustersim/scenario/units.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <ostream>
#include <string>
#include <vector>

#include "clustersim/core/time.h"

namespace clustersim {
namespace {

constexpr int64_t kInt64Max = std::numeric_limits<int64_t>::max();
constexpr int64_t kInt64Min = std::numeric_limits<int64_t>::min();
constexpr SimTime kWeek = 7 * kDay;
constexpr const char* kUnknownUnitList = "' (expected us, ms, s, m, h, d, w or y)";
constexpr const char* kUnknownSuffixList =
    "' (expected n, u, m, k, M, G, T, P, E, Ki, Mi, Gi, Ti, Pi or Ei, or an exponent such as e3)";
constexpr const char* kTooLong = "too long; durations are limited to 100000 years";
constexpr const char* kTooLarge =
    "too large; the limit is 9223372036854775807 after conversion to this field's unit";

// Every table row has a `name` that becomes the test name (and, through PrintTo, what a failure
// prints instead of a byte dump), so a failure reads as a sentence.
template <typename Case>
std::string CaseName(const testing::TestParamInfo<Case>& info) {
  return info.param.name;
}

// A rejection must explain itself exactly and leave the output alone, so that a caller can
// keep a default when the user's value is bad.
struct RejectCase {
  std::string name;
  std::string text;
  std::string why;
  friend void PrintTo(const RejectCase& c, std::ostream* os) {
    *os << c.name << " '" << c.text << "'";
  }
};

// ---------------------------------------------------------------------------------------------
// ParseDuration

struct DurationCase {
  std::string name;
  std::string text;
  SimTime want;
  friend void PrintTo(const DurationCase& c, std::ostream* os) {
    *os << c.name << " '" << c.text << "'";
  }
};

class ParseDurationAcceptsTest : public testing::TestWithParam<DurationCase> {};

TEST_P(ParseDurationAcceptsTest, Parses) {
  const DurationCase& c = GetParam();
  SimTime got = -1;
  std::string why;
  ASSERT_TRUE(ParseDuration(c.text, &got, &why)) << why;
  EXPECT_EQ(got, c.want);
}

INSTANTIATE_TEST_SUITE_P(Units, ParseDurationAcceptsTest,
                         testing::ValuesIn(std::vector<DurationCase>{
                             {"PlainSeconds", "90", 90 * kSecond},
                             {"PlainDecimalSeconds", "1.5", 1500 * kMillisecond},
                             {"PlainZero", "0", 0},
                             {"ZeroWithUnit", "0h", 0},
                             {"Microseconds", "250us", 250},
                             {"Milliseconds", "250ms", 250 * kMillisecond},
                             {"Seconds", "40s", 40 * kSecond},
                             {"Minutes", "6m", 6 * kMinute},
                             {"Hours", "4h", 4 * kHour},
                             {"Days", "30d", 30 * kDay},
                             {"Weeks", "2w", 2 * kWeek},
                             {"YearIs365Days", "1y", 365 * kDay},
                             {"DecimalHours", "1.5h", 90 * kMinute},
                             {"DecimalYears", "0.5y", 365 * 12 * kHour},
                             {"LeadingPoint", ".5s", 500 * kMillisecond},
                             {"TrailingPoint", "5.s", 5 * kSecond},
                             {"PlusSign", "+40s", 40 * kSecond},
                             {"SurroundingWhitespace", " \t40s  ", 40 * kSecond},
                             {"LeadingZeros", "00000000000000000000000000040s", 40 * kSecond},
                             {"TenthIsExactNotBinaryFloat", "0.1s", 100 * kMillisecond},
                             {"MillisecondIsExact", "0.001s", kMillisecond},
                             {"SubMicrosecondRoundsDown", "0.4us", 0},
                             {"HalfMicrosecondRoundsUp", "0.5us", 1},
                             {"HalfMicrosecondInSecondsRoundsUp", "0.0000005s", 1},
                             {"JustBelowHalfMicrosecondRoundsDown", "0.00000049999s", 0},
                             {"FractionalMicrosecondsRoundToNearest", "1.0000006s", kSecond + 1},
                             {"ThirtyFractionDigits", "0.333333333333333333333333333333h",
                              20 * kMinute},
                             {"LimitInYears", "100000y", 100000 * kYear},
                             {"LimitInSeconds", "3153600000000s", 100000 * kYear},
                             {"LimitInMicroseconds", "3153600000000000000us", 100000 * kYear},
                         }),
                         CaseName<DurationCase>);

class ParseDurationRejectsTest : public testing::TestWithParam<RejectCase> {};

TEST_P(ParseDurationRejectsTest, Explains) {
  const RejectCase& c = GetParam();
  SimTime got = 12345;
  std::string why;
  EXPECT_FALSE(ParseDuration(c.text, &got, &why));
  EXPECT_EQ(why, c.why);
  EXPECT_EQ(got, 12345) << "output changed on failure";
}

INSTANTIATE_TEST_SUITE_P(
    Units, ParseDurationRejectsTest,
    testing::ValuesIn(std::vector<RejectCase>{
        {"Empty", "", "empty duration"},
        {"OnlySpaces", "   ", "empty duration"},
        {"Negative", "-5s", "must not be negative"},
        {"NegativePlain", "-1", "must not be negative"},
        {"NaN", "nan", "must be a finite number"},
        {"NaNWithPayload", "NaN(1)", "must be a finite number"},
        {"Inf", "inf", "must be a finite number"},
        {"SignedInfinity", "+Infinity", "must be a finite number"},
        {"YamlInf", ".inf", "must be a finite number"},
        {"UnknownUnit", "5x", std::string("unknown unit 'x") + kUnknownUnitList},
        {"UnitsAreCaseSensitive", "5H", std::string("unknown unit 'H") + kUnknownUnitList},
        {"SpelledOutUnit", "5min", std::string("unknown unit 'min") + kUnknownUnitList},
        {"NanosecondsUnsupported", "5ns", std::string("unknown unit 'ns") + kUnknownUnitList},
        {"ExponentIsNotAUnit", "1e3", std::string("unknown unit 'e") + kUnknownUnitList},
        {"HexIsNotANumber", "0x10", std::string("unknown unit 'x") + kUnknownUnitList},
        {"SpaceBeforeUnit", "1.5 h",
         "no space allowed between the number and its unit (write 1.5h)"},
        {"SpaceBeforeJunk", "5 x", "unexpected text ' x' after the number"},
        {"SpaceBetweenNumbers", "5 40", "unexpected text ' 40' after the number"},
        {"CompoundDuration", "5m 40s",
         "unexpected text ' 40s' after '5m' (write a single number and unit)"},
        {"GluedCompoundDuration", "5m40s",
         "unexpected text '40s' after '5m' (write a single number and unit)"},
        {"TwoDecimalPoints", "1.2.3s", "unexpected text '.3s' after the number"},
        {"CommaDecimal", "1,5s", "unexpected text ',5s' after the number"},
        {"UnitOnly", "h", "not a number"},
        {"LonePoint", ".s", "not a number"},
        {"SignOnly", "+", "not a number"},
        {"OneMicrosecondOverLimit", "3153600000000.000001s", kTooLong},
        {"JustOverLimitInYears", "100000.1y", kTooLong},
        {"AMillionYears", "1000000y", kTooLong},
        {"WouldOverflowInt64", "300000y", kTooLong},
        {"TwentyDigits", "99999999999999999999s", kTooLong},
        {"ThirtyDigits", "999999999999999999999999999999us", kTooLong},
    }),
    CaseName<RejectCase>);

TEST(ParseDurationTest, AcceptsNullWhyOnFailure) {
  SimTime got = 0;
  EXPECT_FALSE(ParseDuration("bogus", &got, nullptr));
}

// ---------------------------------------------------------------------------------------------
// ParseQuantity

struct QuantityCase {
  std::string name;
  std::string text;
  double scale;
  int64_t want;
  friend void PrintTo(const QuantityCase& c, std::ostream* os) {
    *os << c.name << " '" << c.text << "'";
  }
};

class ParseQuantityAcceptsTest : public testing::TestWithParam<QuantityCase> {};

TEST_P(ParseQuantityAcceptsTest, Parses) {
  const QuantityCase& c = GetParam();
  int64_t got = -1;
  std::string why;
  ASSERT_TRUE(ParseQuantity(c.text, c.scale, &got, &why)) << why;
  EXPECT_EQ(got, c.want);
}

INSTANTIATE_TEST_SUITE_P(
    Units, ParseQuantityAcceptsTest,
    testing::ValuesIn(std::vector<QuantityCase>{
        {"MilliCpu", "500m", 1000, 500},
        {"WholeCpuInMilli", "2", 1000, 2000},
        {"DecimalCpuInMilli", "1.5", 1000, 1500},
        {"TenthIsExact", "0.1", 1000, 100},
        {"LeadingPoint", ".5", 1000, 500},
        {"TrailingPoint", "5.", 1, 5},
        {"PlusSign", "+2", 1, 2},
        {"SurroundingWhitespace", "  2\t", 1, 2},
        {"Zero", "0", 1, 0},
        {"ZeroWithSuffix", "0Ei", 1, 0},
        {"ZeroWithHugeExponent", "0e999999999", 1, 0},
        {"Nano", "1000000000n", 1, 1},
        {"Micro", "1500000u", 1, 2},
        {"Milli", "1500m", 1, 2},
        {"Kilo", "2k", 1, 2000},
        {"Mega", "3M", 1, 3000000},
        {"Giga", "100G", 1, 100000000000},
        {"Tera", "2T", 1, 2000000000000},
        {"Peta", "2P", 1, 2000000000000000},
        {"Exa", "8E", 1, 8000000000000000000},
        {"Kibi", "1Ki", 1, 1024},
        {"Mebi", "1Mi", 1, 1048576},
        {"Gibi", "16Gi", 1, 17179869184},
        {"Tebi", "1Ti", 1, int64_t{1} << 40},
        {"Pebi", "1Pi", 1, int64_t{1} << 50},
        {"Exbi", "7Ei", 1, int64_t{7} << 60},
        {"DecimalBinary", "1.5Gi", 1, 1610612736},
        {"ExponentLower", "1e3", 1, 1000},
        {"ExponentUpper", "1E3", 1, 1000},
        {"ExponentPlus", "1e+3", 1, 1000},
        {"ExponentNegative", "1e-3", 1000, 1},
        {"DecimalWithExponent", "1.5e3", 1, 1500},
        {"NanoRoundsToZero", "1n", 1, 0},
        {"HalfRoundsAwayFromZero", "2.5", 1, 3},
        {"BelowHalfRoundsDown", "2.4999", 1, 2},
        {"DecimalHalfAfterScaleRoundsUp", "0.0005", 1000, 1},
        {"MilliHalfAfterScaleRoundsUp", "2.5m", 1000, 3},
        {"HalfUnitAtMicroScale", "1.0000005", 1000000, 1000001},
        {"FractionalScale", "3", 0.5, 2},
        {"Int64Max", "9223372036854775807", 1, kInt64Max},
        {"Int64MaxInMilli", "9223372036854775807m", 1000, kInt64Max},
        {"Int64MaxPlusFractionRoundingDown", "9223372036854775807.4", 1, kInt64Max},
        {"NineteenSignificantDigits", "1234567890123456789", 1, 1234567890123456789},
        {"TinyRoundsToZero", "0.000000000000000000001", 1, 0},
    }),
    CaseName<QuantityCase>);

struct QuantityRejectCase {
  std::string name;
  std::string text;
  double scale;
  std::string why;
  friend void PrintTo(const QuantityRejectCase& c, std::ostream* os) {
    *os << c.name << " '" << c.text << "'";
  }
};

class ParseQuantityRejectsTest : public testing::TestWithParam<QuantityRejectCase> {};

TEST_P(ParseQuantityRejectsTest, Explains) {
  const QuantityRejectCase& c = GetParam();
  int64_t got = 12345;
  std::string why;
  EXPECT_FALSE(ParseQuantity(c.text, c.scale, &got, &why));
  EXPECT_EQ(why, c.why);
  EXPECT_EQ(got, 12345) << "output changed on failure";
}

INSTANTIATE_TEST_SUITE_P(
    Units, ParseQuantityRejectsTest,
    testing::ValuesIn(std::vector<QuantityRejectCase>{
        {"Empty", "", 1, "empty quantity"},
        {"OnlySpaces", "  ", 1, "empty quantity"},
        {"Negative", "-1", 1, "must not be negative"},
        {"NegativeMilli", "-500m", 1000, "must not be negative"},
        {"NaN", "nan", 1, "must be a finite number"},
        {"Inf", "+inf", 1, "must be a finite number"},
        {"SuffixOnly", "Gi", 1, "not a number"},
        {"LonePoint", ".", 1, "not a number"},
        {"LowercaseBinary", "16gi", 1, std::string("unknown suffix 'gi") + kUnknownSuffixList},
        {"UppercaseKilo", "1K", 1, std::string("unknown suffix 'K") + kUnknownSuffixList},
        {"ByteSuffix", "1KiB", 1, std::string("unknown suffix 'KiB") + kUnknownSuffixList},
        {"BareLowercaseE", "1e", 1, std::string("unknown suffix 'e") + kUnknownSuffixList},
        {"TwoDecimalPoints", "1.2.3", 1, std::string("unknown suffix '.3") + kUnknownSuffixList},
        {"SpaceBeforeSuffix", "16 Gi", 1,
         "no space allowed between the number and its suffix (write 16Gi)"},
        {"SpaceBeforeJunk", "16 x", 1, "unexpected text ' x' after the number"},
        {"FractionalExponent", "1e3.5", 1, "malformed exponent 'e3.5' (expected e.g. e3 or e-3)"},
        {"ExponentWithoutDigits", "1e+", 1, "malformed exponent 'e+' (expected e.g. e3 or e-3)"},
        {"ExponentWithSuffix", "1e3Mi", 1, "malformed exponent 'e3Mi' (expected e.g. e3 or e-3)"},
        {"Int64MaxPlusOne", "9223372036854775808", 1, kTooLarge},
        {"Int64MaxPlusFractionRoundingUp", "9223372036854775807.6", 1, kTooLarge},
        {"OverflowAfterScale", "9223372036854775807", 1000, kTooLarge},
        {"EightExbi", "8Ei", 1, kTooLarge},
        {"TenExa", "10E", 1, kTooLarge},
        {"ExaCoresInMilli", "1E", 1000, kTooLarge},
        {"LargeExponent", "1e19", 1, kTooLarge},
        {"HugeExponent", "1e999999999999", 1, kTooLarge},
        {"FortyDigits", "1234567890123456789012345678901234567890", 1, kTooLarge},
    }),
    CaseName<QuantityRejectCase>);

// ---------------------------------------------------------------------------------------------
// ParseBandwidth

struct DoubleCase {
  std::string name;
  std::string text;
  double want;
  friend void PrintTo(const DoubleCase& c, std::ostream* os) {
    *os << c.name << " '" << c.text << "'";
  }
};

class ParseBandwidthAcceptsTest : public testing::TestWithParam<DoubleCase> {};

TEST_P(ParseBandwidthAcceptsTest, Parses) {
  const DoubleCase& c = GetParam();
  double got = -1;
  std::string why;
  ASSERT_TRUE(ParseBandwidth(c.text, &got, &why)) << why;
  EXPECT_DOUBLE_EQ(got, c.want);
}

INSTANTIATE_TEST_SUITE_P(Units, ParseBandwidthAcceptsTest,
                         testing::ValuesIn(std::vector<DoubleCase>{
                             {"Mebibytes", "200Mi/s", 209715200},
                             {"Gigabytes", "1G/s", 1e9},
                             {"PlainBytes", "512/s", 512},
                             {"FractionalBytesKept", "0.5/s", 0.5},
                             {"DecimalKibibytes", "1.5Ki/s", 1536},
                             {"Exponent", "1e3/s", 1000},
                             {"SurroundingWhitespace", " 200Mi/s ", 209715200},
                             {"BeyondInt64", "100Ei/s", 100.0 * 1152921504606846976.0},
                         }),
                         CaseName<DoubleCase>);

class ParseBandwidthRejectsTest : public testing::TestWithParam<RejectCase> {};

TEST_P(ParseBandwidthRejectsTest, Explains) {
  const RejectCase& c = GetParam();
  double got = 12345;
  std::string why;
  EXPECT_FALSE(ParseBandwidth(c.text, &got, &why));
  EXPECT_EQ(why, c.why);
  EXPECT_EQ(got, 12345) << "output changed on failure";
}

constexpr const char* kPerSecond = "expected a quantity per second such as 200Mi/s";

INSTANTIATE_TEST_SUITE_P(Units, ParseBandwidthRejectsTest,
                         testing::ValuesIn(std::vector<RejectCase>{
                             {"Empty", "", kPerSecond},
                             {"MissingPerSecond", "200Mi", kPerSecond},
                             {"SpelledOutSecond", "200Mi/sec", kPerSecond},
                             {"PerMinute", "200Mi/m", kPerSecond},
                             {"OnlyPerSecond", "/s", kPerSecond},
                             {"Zero", "0/s", "must be greater than zero"},
                             {"ZeroWithSuffix", "0Ki/s", "must be greater than zero"},
                             {"Negative", "-1Mi/s", "must not be negative"},
                             {"NaN", "nan/s", "must be a finite number"},
                             {"UnknownSuffix", "200MB/s",
                              std::string("unknown suffix 'MB") + kUnknownSuffixList},
                             {"BeyondDouble", "1e400/s", "too large"},
                         }),
                         CaseName<RejectCase>);

// ---------------------------------------------------------------------------------------------
// ParseFraction

class ParseFractionAcceptsTest : public testing::TestWithParam<DoubleCase> {};

TEST_P(ParseFractionAcceptsTest, Parses) {
  const DoubleCase& c = GetParam();
  double got = -1;
  std::string why;
  ASSERT_TRUE(ParseFraction(c.text, &got, &why)) << why;
  EXPECT_DOUBLE_EQ(got, c.want);
}

INSTANTIATE_TEST_SUITE_P(Units, ParseFractionAcceptsTest,
                         testing::ValuesIn(std::vector<DoubleCase>{
                             {"Percent", "99.9%", 0.999},
                             {"Plain", "0.999", 0.999},
                             {"ZeroPercent", "0%", 0},
                             {"HundredPercent", "100%", 1},
                             {"PlainZero", "0", 0},
                             {"PlainOne", "1", 1},
                             {"SpaceBeforePercent", "50 %", 0.5},
                             {"SurroundingWhitespace", " 0.25 ", 0.25},
                             {"Exponent", "1e-3", 0.001},
                             {"NegativeZero", "-0", 0},
                         }),
                         CaseName<DoubleCase>);

TEST(ParseFractionTest, NegativeZeroComesBackPositive) {
  double got = -1;
  std::string why;
  ASSERT_TRUE(ParseFraction("-0", &got, &why));
  EXPECT_FALSE(std::signbit(got));
}

class ParseFractionRejectsTest : public testing::TestWithParam<RejectCase> {};

TEST_P(ParseFractionRejectsTest, Explains) {
  const RejectCase& c = GetParam();
  double got = 12345;
  std::string why;
  EXPECT_FALSE(ParseFraction(c.text, &got, &why));
  EXPECT_EQ(why, c.why);
  EXPECT_EQ(got, 12345) << "output changed on failure";
}

INSTANTIATE_TEST_SUITE_P(Units, ParseFractionRejectsTest,
                         testing::ValuesIn(std::vector<RejectCase>{
                             {"OverHundredPercent", "100.1%", "must be between 0% and 100%"},
                             {"NegativePercent", "-1%", "must be between 0% and 100%"},
                             {"OverOne", "1.001", "must be between 0 and 1"},
                             {"Negative", "-0.1", "must be between 0 and 1"},
                             {"PercentNotFraction", "99.9", "must be between 0 and 1"},
                             {"Empty", "", "expected a number"},
                             {"PercentOnly", "%", "expected a number"},
                             {"DoublePercent", "50%%", "expected a number"},
                             {"Words", "half", "expected a number"},
                             {"NaN", "nan", "must be a finite number"},
                             {"InfPercent", "inf%", "must be a finite number"},
                         }),
                         CaseName<RejectCase>);

// ---------------------------------------------------------------------------------------------
// ParseInt

struct IntCase {
  std::string name;
  std::string text;
  int64_t min;
  int64_t max;
  int64_t want;
  friend void PrintTo(const IntCase& c, std::ostream* os) {
    *os << c.name << " '" << c.text << "'";
  }
};

class ParseIntAcceptsTest : public testing::TestWithParam<IntCase> {};

TEST_P(ParseIntAcceptsTest, Parses) {
  const IntCase& c = GetParam();
  int64_t got = -12345;
  std::string why;
  ASSERT_TRUE(ParseInt(c.text, c.min, c.max, &got, &why)) << why;
  EXPECT_EQ(got, c.want);
}

INSTANTIATE_TEST_SUITE_P(Units, ParseIntAcceptsTest,
                         testing::ValuesIn(std::vector<IntCase>{
                             {"Positive", "3", 0, 10, 3},
                             {"Negative", "-1", -10, 10, -1},
                             {"PlusSign", "+7", 0, 10, 7},
                             {"SurroundingWhitespace", " 4 ", 0, 10, 4},
                             {"LeadingZerosAreDecimal", "010", 0, 100, 10},
                             {"AtMin", "0", 0, 10, 0},
                             {"AtMax", "10", 0, 10, 10},
                             // Where negatives are allowed, "-0" is a zero (issue 14: where they
                             // are not, it is refused, below).
                             {"NegativeZeroWhereNegativesAreAllowed", "-0", -10, 10, 0},
                             {"Int64Max", "9223372036854775807", 0, kInt64Max, kInt64Max},
                             {"Int64Min", "-9223372036854775808", kInt64Min, 0, kInt64Min},
                         }),
                         CaseName<IntCase>);

struct IntRejectCase {
  std::string name;
  std::string text;
  int64_t min;
  int64_t max;
  std::string why;
  friend void PrintTo(const IntRejectCase& c, std::ostream* os) {
    *os << c.name << " '" << c.text << "'";
  }
};

class ParseIntRejectsTest : public testing::TestWithParam<IntRejectCase> {};

TEST_P(ParseIntRejectsTest, Explains) {
  const IntRejectCase& c = GetParam();
  int64_t got = 12345;
  std::string why;
  EXPECT_FALSE(ParseInt(c.text, c.min, c.max, &got, &why));
  EXPECT_EQ(why, c.why);
  EXPECT_EQ(got, 12345) << "output changed on failure";
}

constexpr const char* kWhole = "expected a whole number";

INSTANTIATE_TEST_SUITE_P(
    Units, ParseIntRejectsTest,
    testing::ValuesIn(std::vector<IntRejectCase>{
        {"Decimal", "3.5", 0, 10, kWhole},
        {"Exponent", "1e3", 0, 10000, kWhole},
        {"Empty", "", 0, 10, kWhole},
        {"Hex", "0x10", 0, 100, kWhole},
        {"Words", "three", 0, 10, kWhole},
        {"SignOnly", "-", 0, 10, kWhole},
        {"DoubleSign", "--1", -10, 10, kWhole},
        {"MixedSigns", "+-1", -10, 10, kWhole},
        {"InnerSpace", "1 000", 0, 10000, kWhole},
        {"TrailingJunk", "5x", 0, 10, kWhole},
        {"AboveMax", "11", 0, 10, "must be between 0 and 10"},
        {"BelowMin", "-1", 0, 10, "must be between 0 and 10"},
        {"NegativeZeroForACount", "-0", 0, 10, "must be between 0 and 10, without a minus sign"},
        {"BelowMinNoUpperBound", "-1", 0, kInt64Max, "must be at least 0"},
        {"AboveMaxNoLowerBound", "5", kInt64Min, 4, "must be at most 4"},
        {"OverflowNoUpperBound", "9223372036854775808", 0, kInt64Max,
         "must be at most 9223372036854775807"},
        {"OverflowBounded", "99999999999999999999", 0, 10, "must be between 0 and 10"},
        {"UnderflowNoBounds", "-9223372036854775809", kInt64Min, kInt64Max,
         "must be at least -9223372036854775808"},
    }),
    CaseName<IntRejectCase>);

// ---------------------------------------------------------------------------------------------
// ParseDouble

class ParseDoubleAcceptsTest : public testing::TestWithParam<DoubleCase> {};

TEST_P(ParseDoubleAcceptsTest, Parses) {
  const DoubleCase& c = GetParam();
  double got = -12345;
  std::string why;
  ASSERT_TRUE(ParseDouble(c.text, &got, &why)) << why;
  EXPECT_EQ(got, c.want);
}

INSTANTIATE_TEST_SUITE_P(Units, ParseDoubleAcceptsTest,
                         testing::ValuesIn(std::vector<DoubleCase>{
                             {"Decimal", "1.5", 1.5},
                             {"Negative", "-2", -2},
                             {"PlusSign", "+3", 3},
                             {"PlusLeadingPoint", "+.5", 0.5},
                             {"Exponent", "1e3", 1000},
                             {"LeadingPoint", ".25", 0.25},
                             {"TrailingPoint", "5.", 5},
                             {"SurroundingWhitespace", " 0.25\t", 0.25},
                             {"Zero", "0", 0},
                             {"Largest", "1.7976931348623157e308",
                              std::numeric_limits<double>::max()},
                         }),
                         CaseName<DoubleCase>);

class ParseDoubleRejectsTest : public testing::TestWithParam<RejectCase> {};

TEST_P(ParseDoubleRejectsTest, Explains) {
  const RejectCase& c = GetParam();
  double got = 12345;
  std::string why;
  EXPECT_FALSE(ParseDouble(c.text, &got, &why));
  EXPECT_EQ(why, c.why);
  EXPECT_EQ(got, 12345) << "output changed on failure";
}

INSTANTIATE_TEST_SUITE_P(Units, ParseDoubleRejectsTest,
                         testing::ValuesIn(std::vector<RejectCase>{
                             {"Empty", "", "expected a number"},
                             {"Words", "abc", "expected a number"},
                             {"TrailingJunk", "1.5x", "expected a number"},
                             {"Hex", "0x10", "expected a number"},
                             {"CommaDecimal", "1,5", "expected a number"},
                             {"DoublePlus", "++1", "expected a number"},
                             {"MixedSigns", "+-1", "expected a number"},
                             {"NaN", "nan", "must be a finite number"},
                             {"Inf", "inf", "must be a finite number"},
                             {"NegativeInf", "-inf", "must be a finite number"},
                             {"Infinity", "Infinity", "must be a finite number"},
                             {"YamlInf", ".inf", "must be a finite number"},
                             {"YamlNaN", ".NaN", "must be a finite number"},
                             {"Overflow", "1e400", "out of range for a floating-point number"},
                             {"NegativeOverflow", "-1e400",
                              "out of range for a floating-point number"},
                             {"Underflow", "1e-400", "out of range for a floating-point number"},
                         }),
                         CaseName<RejectCase>);

// ---------------------------------------------------------------------------------------------
// ParseBool

struct BoolCase {
  std::string name;
  std::string text;
  bool want;
  friend void PrintTo(const BoolCase& c, std::ostream* os) {
    *os << c.name << " '" << c.text << "'";
  }
};

class ParseBoolAcceptsTest : public testing::TestWithParam<BoolCase> {};

TEST_P(ParseBoolAcceptsTest, Parses) {
  const BoolCase& c = GetParam();
  bool got = !c.want;
  std::string why;
  ASSERT_TRUE(ParseBool(c.text, &got, &why)) << why;
  EXPECT_EQ(got, c.want);
}

INSTANTIATE_TEST_SUITE_P(Units, ParseBoolAcceptsTest,
                         testing::ValuesIn(std::vector<BoolCase>{
                             {"TrueLower", "true", true},
                             {"TrueCapitalized", "True", true},
                             {"TrueUpper", "TRUE", true},
                             {"Yes", "yes", true},
                             {"YesCapitalized", "Yes", true},
                             {"YesUpper", "YES", true},
                             {"On", "on", true},
                             {"OnUpper", "ON", true},
                             {"Y", "y", true},
                             {"YUpper", "Y", true},
                             {"FalseLower", "false", false},
                             {"FalseCapitalized", "False", false},
                             {"FalseUpper", "FALSE", false},
                             {"No", "no", false},
                             {"NoCapitalized", "No", false},
                             {"Off", "off", false},
                             {"OffCapitalized", "Off", false},
                             {"N", "n", false},
                             {"SurroundingWhitespace", " true ", true},
                         }),
                         CaseName<BoolCase>);

class ParseBoolRejectsTest : public testing::TestWithParam<RejectCase> {};

TEST_P(ParseBoolRejectsTest, Explains) {
  const RejectCase& c = GetParam();
  bool got = true;
  std::string why;
  EXPECT_FALSE(ParseBool(c.text, &got, &why));
  EXPECT_EQ(why, c.why);
  EXPECT_TRUE(got) << "output changed on failure";
}

INSTANTIATE_TEST_SUITE_P(Units, ParseBoolRejectsTest,
                         testing::ValuesIn(std::vector<RejectCase>{
                             {"Empty", "", "expected true or false"},
                             {"MixedCase", "tRUE", "expected true or false"},
                             {"One", "1", "expected true or false"},
                             {"Zero", "0", "expected true or false"},
                             {"Misspelled", "ture", "expected true or false"},
                             {"Enabled", "enabled", "expected true or false"},
                         }),
                         CaseName<RejectCase>);

// ---------------------------------------------------------------------------------------------
// FormatDuration

struct FormatCase {
  std::string name;
  SimTime t;
  std::string want;
  friend void PrintTo(const FormatCase& c, std::ostream* os) { *os << c.name; }
};

class FormatDurationTest : public testing::TestWithParam<FormatCase> {};

TEST_P(FormatDurationTest, Formats) { EXPECT_EQ(FormatDuration(GetParam().t), GetParam().want); }

INSTANTIATE_TEST_SUITE_P(
    Units, FormatDurationTest,
    testing::ValuesIn(std::vector<FormatCase>{
        {"Zero", 0, "0s"},
        {"OneMicrosecond", 1, "1us"},
        {"Milliseconds", 250 * kMillisecond, "250ms"},
        {"MillisecondsAndMicroseconds", 1500, "1ms 500us"},
        {"Seconds", 40 * kSecond, "40s"},
        {"MinutesAndSeconds", 5 * kMinute + 40 * kSecond, "5m 40s"},
        {"Hours", 4 * kHour, "4h"},
        {"Days", 30 * kDay, "30d"},
        {"NoWeeks", 2 * kWeek, "14d"},
        {"YearAndDays", kYear + 30 * kDay, "1y 30d"},
        {"AtMostTwoComponents", kYear + 30 * kDay + 4 * kHour, "1y 30d"},
        {"ZeroSecondPartDropped", kYear + 4 * kHour, "1y"},
        {"SecondPartRoundsUp", 5 * kMinute + 40 * kSecond + 700 * kMillisecond, "5m 41s"},
        {"SecondPartRoundsDown", 5 * kMinute + 40 * kSecond + 400 * kMillisecond, "5m 40s"},
        {"HalfRoundsUp", kSecond + 500 * kMillisecond + 500, "1s 501ms"},
        {"RoundingCarriesIntoHour", kHour - 400 * kMillisecond, "1h"},
        {"RoundingCarriesIntoDay", kDay - 30 * kSecond, "1d"},
        {"RoundingCarriesIntoYear", kYear - 20 * kMinute, "1y"},
        {"NoRoundingCarryBelowOneMicrosecond", kSecond - 1, "999ms 999us"},
        {"ExactDaysAndHours", kYear - 12 * kHour, "364d 12h"},
        {"Negative", -(5 * kMinute + 40 * kSecond), "-5m 40s"},
        {"DurationLimit", 100000 * kYear, "100000y"},
        {"Never", kNever, "never"},
        {"Int64Min", kInt64Min, "-292471y 76d"},
    }),
    CaseName<FormatCase>);

// What FormatDuration prints must read back as the same duration when it has one component.
TEST(FormatDurationTest, SingleComponentRoundTrips) {
  for (SimTime t : {SimTime{1}, 250 * kMillisecond, 40 * kSecond, 6 * kMinute, 4 * kHour, 30 * kDay,
                    3 * kYear}) {
    SimTime back = -1;
    std::string why;
    ASSERT_TRUE(ParseDuration(FormatDuration(t), &back, &why)) << FormatDuration(t) << ": " << why;
    EXPECT_EQ(back, t);
  }
}

}  // namespace
}  // namespace clustersim
