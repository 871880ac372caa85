#include "clustersim/scenario/diagnostics.h"

#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <vector>

namespace clustersim {
namespace {

// Every table row has a `name` that becomes the test name (and, through PrintTo, what a failure
// prints instead of a byte dump), so a failure reads as a sentence.
template <typename Case>
std::string CaseName(const testing::TestParamInfo<Case>& info) {
  return info.param.name;
}

// ---------------------------------------------------------------------------------------------
// Diagnostic::ToString

struct DiagnosticCase {
  std::string name;
  Diagnostic::Severity severity;
  SourceLocation where;
  std::string want;
  friend void PrintTo(const DiagnosticCase& c, std::ostream* os) { *os << c.name; }
};

class DiagnosticToStringTest : public testing::TestWithParam<DiagnosticCase> {};

TEST_P(DiagnosticToStringTest, Formats) {
  const DiagnosticCase& c = GetParam();
  const Diagnostic d{c.severity, c.where, "bad value"};
  EXPECT_EQ(d.ToString(), c.want);
}

using Severity = Diagnostic::Severity;

INSTANTIATE_TEST_SUITE_P(
    Diagnostics, DiagnosticToStringTest,
    testing::ValuesIn(std::vector<DiagnosticCase>{
        {"ErrorWithLineAndColumn",
         Severity::kError,
         {"a.yaml", 3, 7},
         "a.yaml:3:7: error: bad value"},
        {"Warning", Severity::kWarning, {"a.yaml", 3, 7}, "a.yaml:3:7: warning: bad value"},
        {"Note", Severity::kNote, {"a.yaml", 3, 7}, "a.yaml:3:7: note: bad value"},
        {"UnknownLineHidesColumn", Severity::kError, {"a.yaml", 0, 7}, "a.yaml: error: bad value"},
        {"UnknownLineAndColumn", Severity::kError, {"a.yaml", 0, 0}, "a.yaml: error: bad value"},
        {"UnknownColumnOnly", Severity::kError, {"a.yaml", 3, 0}, "a.yaml:3: error: bad value"},
        {"CommandLine",
         Severity::kError,
         {"<command line>", 0, 0},
         "<command line>: error: bad value"},
        {"NoFile", Severity::kWarning, {"", 0, 0}, "warning: bad value"},
    }),
    CaseName<DiagnosticCase>);

// ---------------------------------------------------------------------------------------------
// Diagnostics

TEST(DiagnosticsTest, StartsEmpty) {
  const Diagnostics diags;
  EXPECT_FALSE(diags.has_errors());
  EXPECT_EQ(diags.error_count(), 0);
  EXPECT_TRUE(diags.all().empty());
  EXPECT_EQ(diags.ToString(), "");
}

TEST(DiagnosticsTest, WarningsAreNotErrors) {
  Diagnostics diags;
  diags.Warning({"a.yaml", 1, 1}, "unused key");
  EXPECT_FALSE(diags.has_errors());
  EXPECT_EQ(diags.error_count(), 0);
  ASSERT_EQ(diags.all().size(), 1u);
  EXPECT_EQ(diags.all()[0].severity, Diagnostic::Severity::kWarning);
}

TEST(DiagnosticsTest, KeepsOrderAndCountsErrors) {
  Diagnostics diags;
  diags.Error({"a.yaml", 2, 5}, "first");
  diags.Warning({"a.yaml", 1, 1}, "second");
  diags.Error({"<command line>", 0, 0}, "third");
  EXPECT_TRUE(diags.has_errors());
  EXPECT_EQ(diags.error_count(), 2);
  ASSERT_EQ(diags.all().size(), 3u);
  EXPECT_EQ(diags.all()[0].message, "first");
  EXPECT_EQ(diags.all()[0].where.line, 2);
  EXPECT_EQ(diags.all()[1].message, "second");
  EXPECT_EQ(diags.all()[2].severity, Diagnostic::Severity::kError);
  EXPECT_EQ(diags.ToString(),
            "a.yaml:2:5: error: first\n"
            "a.yaml:1:1: warning: second\n"
            "<command line>: error: third\n");
}

// ---------------------------------------------------------------------------------------------
// NearestName

struct NearestCase {
  std::string name;
  std::string word;
  std::vector<std::string> candidates;
  std::string want;
  friend void PrintTo(const NearestCase& c, std::ostream* os) { *os << c.name; }
};

class NearestNameTest : public testing::TestWithParam<NearestCase> {};

TEST_P(NearestNameTest, Suggests) {
  const NearestCase& c = GetParam();
  EXPECT_EQ(NearestName(c.word, c.candidates), c.want);
}

INSTANTIATE_TEST_SUITE_P(
    Diagnostics, NearestNameTest,
    testing::ValuesIn(std::vector<NearestCase>{
        {"CaseOnlyDifference", "Replicas", {"nodes", "replicas"}, "replicas"},
        {"OneSubstitution", "replocas", {"nodes", "replicas"}, "replicas"},
        {"OneInsertion", "replicass", {"replicas"}, "replicas"},
        {"OneDeletion", "cpu", {"memory", "cpus"}, "cpus"},
        {"TranspositionCostsOne", "pdo", {"pod"}, "pod"},
        {"TranspositionIgnoresCase", "PDo", {"pod"}, "pod"},
        {"ShortWordAllowsOneEdit", "ab", {"xy"}, ""},
        {"NineLettersAllowThreeEdits", "abcdefghi", {"abcdefxyz"}, "abcdefxyz"},
        {"NineLettersRejectFourEdits", "abcdefghi", {"abcdewxyz"}, ""},
        {"EightLettersAllowTwoEdits", "abcdefgh", {"abcdefxy"}, "abcdefxy"},
        {"EightLettersRejectThreeEdits", "abcdefgh", {"abcdexyz"}, ""},
        // Full Damerau-Levenshtein would make this 2 (swap "ca", insert "b"); OSA may not edit a
        // transposed pair again, so it is 3, over the limit of 2 for a six-letter word.
        {"OptimalStringAlignmentNotFullDamerau", "xxxxca", {"xxxxabc"}, ""},
        {"TieGoesToFirstCandidate", "cat", {"bat", "cab"}, "bat"},
        {"CloserLaterCandidateWins", "horizn", {"horizons", "horizon"}, "horizon"},
        {"ExactMatchWins", "stat", {"start", "stat"}, "stat"},
        {"NothingClose", "memory", {"cpu", "storage"}, ""},
        {"NoCandidates", "cpu", {}, ""},
    }),
    CaseName<NearestCase>);

// ---------------------------------------------------------------------------------------------
// JoinNames

struct JoinCase {
  std::string name;
  std::vector<std::string> names;
  std::string want;
  friend void PrintTo(const JoinCase& c, std::ostream* os) { *os << c.name; }
};

class JoinNamesTest : public testing::TestWithParam<JoinCase> {};

TEST_P(JoinNamesTest, Joins) { EXPECT_EQ(JoinNames(GetParam().names), GetParam().want); }

INSTANTIATE_TEST_SUITE_P(Diagnostics, JoinNamesTest,
                         testing::ValuesIn(std::vector<JoinCase>{
                             {"Empty", {}, ""},
                             {"One", {"a"}, "a"},
                             {"Two", {"a", "b"}, "a or b"},
                             {"Three", {"a", "b", "c"}, "a, b or c"},
                             {"Four", {"a", "b", "c", "d"}, "a, b, c or d"},
                         }),
                         CaseName<JoinCase>);

}  // namespace
}  // namespace clustersim
