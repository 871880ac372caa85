// Every file a scenario reads (issue 14): only regular files, held to a size limit, read errors
// with their reason; the line-oriented formats (traces, empirical distributions) with a UTF-8
// byte-order mark, CR-only line breaks and control characters; YAML streams of many documents
// loaded with every line where it is.
#include "clustersim/scenario/input_files.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "scenario/scenario_files.h"

namespace clustersim {
namespace {

class InputFilesTest : public ScenarioFilesTest {};

TEST_F(InputFilesTest, ReadsARegularFileWhole) {
  Write("a.txt", "hello\n");
  std::string text;
  ReadProblem problem;
  ASSERT_TRUE(ReadInputFile("a.txt", 100, &text, &problem));
  EXPECT_EQ(text, "hello\n");
}

TEST_F(InputFilesTest, RefusesWhatIsNotARegularFileOrTooLarge) {
  std::string text;
  ReadProblem p;
  EXPECT_FALSE(ReadInputFile("/dev/zero", 1 << 20, &text, &p));
  EXPECT_EQ(p.Describe("'/dev/zero'", "a trace"),
            "'/dev/zero' is not a regular file but a character device; expected a trace");
  ASSERT_EQ(mkfifo("pipe", 0600), 0);
  EXPECT_FALSE(ReadInputFile("pipe", 1 << 20, &text, &p));  // without waiting for a writer
  EXPECT_EQ(p.Describe("'pipe'", "a trace"),
            "'pipe' is not a regular file but a pipe; expected a trace");
  EXPECT_FALSE(ReadInputFile(".", 1 << 20, &text, &p));
  EXPECT_EQ(p.Describe("'.'", "a trace"), "'.' is a directory; expected a trace");
  EXPECT_FALSE(ReadInputFile("missing", 1 << 20, &text, &p));
  EXPECT_EQ(p.Describe("'missing'", "a trace"), "cannot open 'missing': No such file or directory");
  Write("big.txt", std::string(3000, 'x'));
  EXPECT_FALSE(ReadInputFile("big.txt", 2048, &text, &p));
  EXPECT_EQ(p.Describe("'big.txt'", "a trace"),
            "'big.txt' is 2.9 KiB, more than the limit of 2.0 KiB for an input file "
            "(--max-file-size raises it)");
  // A file whose size is not known in advance (as /proc files) is held to the limit as read.
  EXPECT_FALSE(ReadInputFile("/proc/self/maps", 16, &text, &p));
  EXPECT_EQ(p.kind, ReadProblem::Kind::kTooLarge);
  EXPECT_TRUE(text.empty());
}

TEST_F(InputFilesTest, AReadErrorIsNotAnEmptyFile) {
  std::string text;
  ReadProblem p;
  // Reading /proc/self/mem at offset 0 (never mapped) fails with EIO.
  EXPECT_FALSE(ReadInputFile("/proc/self/mem", 1 << 20, &text, &p));
  EXPECT_EQ(p.Describe("'/proc/self/mem'", "x"),
            "cannot read '/proc/self/mem': Input/output error");
}

TEST(InputTextTest, FindsForbiddenCharactersWhereTheyAre) {
  int line = 0, column = 0;
  std::string what;
  EXPECT_FALSE(FindForbiddenCharacter("a: b\r\n\tc: d\n", &line, &column, &what));
  EXPECT_TRUE(FindForbiddenCharacter(std::string("a: b\nc: d\0e\n", 12), &line, &column, &what));
  EXPECT_EQ(line, 2);
  EXPECT_EQ(column, 5);
  EXPECT_EQ(what, "a NUL character (byte 0x00)");
  EXPECT_TRUE(FindForbiddenCharacter("x\x1b[0m", &line, &column, &what));
  EXPECT_EQ(what, "a control character (byte 0x1B)");
}

TEST(InputTextTest, LoneCarriageReturnsBecomeLineFeeds) {
  std::string text = "a\rb\r\nc\r";
  NormalizeLineBreaks(&text);
  EXPECT_EQ(text, "a\nb\r\nc\n");
}

TEST(InputTextTest, Utf16And32BecomeUtf8) {
  std::string le = std::string(
      "\xFF\xFE"
      "a\0:\0 \0\xE9\0\x3D\xD8\x00\xDE",
      14);  // "a: é😀"
  TranscodeToUtf8(&le);
  EXPECT_EQ(le, "a: \xC3\xA9\xF0\x9F\x98\x80");
  std::string be = std::string("\0a\0:", 4);
  TranscodeToUtf8(&be);
  EXPECT_EQ(be, "a:");
  std::string utf32 = std::string("a\0\0\0b\0\0\0", 8);
  TranscodeToUtf8(&utf32);
  EXPECT_EQ(utf32, "ab");
}

TEST(InputTextTest, EncodingsByTheirFirstBytes) {
  EXPECT_EQ(DetectEncoding("a: b"), TextEncoding::kUtf8);
  EXPECT_EQ(DetectEncoding("\xEF\xBB\xBF"
                           "a"),
            TextEncoding::kUtf8);
  EXPECT_EQ(DetectEncoding(std::string("\xFF\xFE"
                                       "a\0",
                                       4)),
            TextEncoding::kUtf16);
  EXPECT_EQ(DetectEncoding(std::string("a\0:\0", 4)), TextEncoding::kUtf16);
  EXPECT_EQ(DetectEncoding(std::string("a\0\0\0", 4)), TextEncoding::kUtf32);
}

// An Excel CSV export starts with a byte-order mark; old Mac OS files end lines with CR alone.
TEST(LineFilesTest, EmpiricalSamplesWithAByteOrderMarkAndCarriageReturns) {
  Diagnostics diags;
  std::vector<SimTime> samples;
  ASSERT_TRUE(
      ParseEmpiricalSamples("\xEF\xBB\xBF"
                            "1h\r2h\r# c\r\r3h",
                            "d.txt", &samples, &diags))
      << diags.ToString();
  EXPECT_EQ(samples, (std::vector<SimTime>{kHour, 2 * kHour, 3 * kHour}));
}

TEST(LineFilesTest, TraceRowsWithAByteOrderMark) {
  Diagnostics diags;
  std::vector<TraceOutage> rows;
  TraceTargets targets;
  targets.nodes = {"n-0"};
  ParseTraceRows("\xEF\xBB\xBFtarget,scope,kind,start,end,cause\r\nn-0,node,crash,1h,2h,x\r\n",
                 "t.csv", targets, &rows, &diags);
  EXPECT_FALSE(diags.has_errors()) << diags.ToString();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].start, kHour);
}

TEST(LineFilesTest, ControlCharactersAreErrorsAtTheirPlaceAndUtf16IsRead) {
  Diagnostics diags;
  std::vector<SimTime> samples;
  EXPECT_FALSE(ParseEmpiricalSamples(std::string("1h\n2\0h\n", 7), "d.txt", &samples, &diags));
  EXPECT_EQ(diags.ToString(),
            "d.txt:2:2: error: a NUL character (byte 0x00); expected text (a binary file, or a "
            "file saved in another encoding?)\n");
  // UTF-16 (Excel's "Unicode text") is read as the same text in UTF-8.
  Diagnostics utf16;
  samples.clear();
  EXPECT_TRUE(ParseEmpiricalSamples(std::string("\xFF\xFE"
                                                "1\0h\0\n\0"
                                                "2\0h\0",
                                                12),
                                    "d.txt", &samples, &utf16))
      << utf16.ToString();
  EXPECT_EQ(samples, (std::vector<SimTime>{kHour, 2 * kHour}));
}

// Each document of a multi-document manifest keeps its lines, the last of many too: the
// documents are no longer padded with every line before them (which made n documents cost
// O(n^2)), so their marks are offset instead.
TEST_F(InputFilesTest, AnErrorInTheLastOfManyDocumentsIsAtItsLine) {
  std::string manifest;
  int line = 1;
  for (int i = 0; i < 3000; ++i) {
    manifest +=
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c" + std::to_string(i) + "}\n---\n";
    line += 4;
  }
  manifest += "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: last}\nnope: 1\n";
  Write("m.yaml", manifest);
  const std::string scenario = R"(
cluster:
  nodePools: [{name: n, count: 1}]
  manifests: m.yaml
workloads: [{deployment: {name: web, replicas: 1}}]
)";
  const std::string errors = Errors(scenario);
  EXPECT_EQ(
      errors.rfind("m.yaml:" + std::to_string(line + 3) + ":1: error: unknown field 'nope'", 0), 0u)
      << errors;
  // A syntax error there too.
  Write("m.yaml", manifest.substr(0, manifest.size() - 8) + "nope: [1\n");
  const std::string syntax = Errors(scenario);
  EXPECT_EQ(syntax.rfind("m.yaml:" + std::to_string(line + 3) +
                             ":7: error: YAML syntax error: this '[' is never closed",
                         0),
            0u)
      << syntax;
}

TEST_F(InputFilesTest, EveryFileIsHeldToTheLimit) {
  const std::string manifest =
      "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {k: " + std::string(450, 'x') +
      "}\n";
  const std::string scenario =
      "cluster:\n  nodePools: [{name: n, count: 1}]\n  manifests: m.yaml\n"
      "workloads: [{deployment: {name: web, replicas: 1}}]\n";
  Write("m.yaml", manifest);
  Write("s.yaml", scenario);
  Diagnostics diags;
  InputLimits limits;
  limits.max_file_bytes = 20;
  EXPECT_FALSE(LoadScenarioFile("s.yaml", {}, &diags, limits).has_value());
  EXPECT_EQ(diags.ToString(), "s.yaml: error: the scenario file is " +
                                  std::to_string(scenario.size()) +
                                  " bytes, more than the limit of 20 bytes for an input file "
                                  "(--max-file-size raises it)\n");
  Diagnostics big;
  limits.max_file_bytes = 400;
  EXPECT_FALSE(LoadScenarioFile("s.yaml", {}, &big, limits).has_value());
  EXPECT_EQ(big.ToString(), "s.yaml:3:14: error: 'cluster.manifests': 'm.yaml' is " +
                                std::to_string(manifest.size()) +
                                " bytes, more than the limit of 400 bytes for an input file "
                                "(--max-file-size raises it)\n");
}

// A UTF-16 manifest of several documents is split into them as a UTF-8 one is (it was loaded
// as one document, its first).
TEST_F(InputFilesTest, AUtf16StreamOfSeveralDocumentsLoadsThemAll) {
  const std::string utf8 =
      "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\napiVersion: v1\nkind: Pod\n"
      "metadata: {name: web}\nspec: {containers: [{name: c, image: nginx}]}\n";
  std::string utf16 = "\xFF\xFE";
  for (char c : utf8) {
    utf16 += c;
    utf16 += '\0';
  }
  Write("m.yaml", utf16);
  const Scenario s = MustLoad(R"(
cluster: {nodePools: [{name: n, count: 1}]}
workloads: [{manifests: m.yaml}]
)");
  ASSERT_EQ(s.workloads.size(), 1u);
  EXPECT_EQ(s.workloads[0].name, "web");
}

// A file of tiny values would take far more memory than its size says: it is held to a bound on
// its values that ordinary YAML of the size limit stays under.
TEST_F(InputFilesTest, AFileOfTinyValuesIsHeldToTheValueLimit) {
  // One, and one per line break, colon, comma and opening bracket.
  EXPECT_EQ(YamlValueBound("a: b\nc: [1, 2]\n"), 1 + 2 + 2 + 1 + 1);
  std::string dup;
  for (int i = 0; i < 2000; ++i) dup += "a: b\n";
  Write("s.yaml", dup);
  Diagnostics diags;
  InputLimits limits;
  limits.max_file_bytes = 12000;  // 1000 values
  EXPECT_FALSE(LoadScenarioFile("s.yaml", {}, &diags, limits).has_value());
  EXPECT_EQ(diags.ToString(),
            "s.yaml: error: the scenario file holds up to 4001 YAML values (scalars, lists and "
            "maps), more than the 1000 a file may hold (each takes about 500 bytes once parsed; "
            "--max-file-size raises the limit with the size)\n");
}

}  // namespace
}  // namespace clustersim
