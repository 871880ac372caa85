// Reading the files a scenario names (the scenario itself, manifests, traces, empirical
// distributions) and the line-oriented formats among them. Every file read goes through
// ReadInputFile: a regular file only (a device, a pipe or /dev/zero could never end), at most
// `max_bytes` long (a limit the user can raise with --max-file-size), and a read error is
// reported with its reason instead of passing for an empty file. Text is then prepared the same
// way for every format: UTF-16 and UTF-32 (which YAML allows) become UTF-8, a UTF-8 byte-order
// mark is skipped, a lone CR is a line break (CR-only files are valid YAML), and control
// characters YAML forbids (NUL and the like) are refused where they are, with their line and
// column.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "clustersim/core/time.h"
#include "clustersim/scenario/diagnostics.h"
#include "clustersim/scenario/scenario.h"

namespace clustersim {

// The default size limit of each file a scenario reads: room for the `helm template` output of
// a large platform (a few MiB), and for what loading it needs: parsed and mapped, manifests take
// about 90 times their size (8 MiB of ConfigMaps, 88,000 documents, 720 MB), files of tiny
// values more (YamlValueLimit).
inline constexpr int64_t kDefaultMaxFileBytes = int64_t{8} << 20;

struct InputLimits {
  int64_t max_file_bytes = kDefaultMaxFileBytes;
};

// Why a file could not be read, for the caller to put in its own words (a scenario file is
// "the scenario file", a trace "'outages.csv'").
struct ReadProblem {
  enum class Kind { kNone, kOpen, kDirectory, kNotRegular, kTooLarge, kRead };
  Kind kind = Kind::kNone;
  std::string reason;  // strerror for kOpen and kRead, the file type for kNotRegular
  int64_t size = 0;    // kTooLarge: the file's size (or more than the limit when it grew)
  int64_t limit = 0;   // kTooLarge

  // A whole phrase about `subject` ("'outages.csv'"), ending in what was expected:
  // "cannot open 'outages.csv': No such file or directory", "'x' is a directory; expected
  // <expected>", "'x' is not a regular file but a character device; expected <expected>",
  // "'x' is 20.0 MiB, more than the limit of 16.0 MiB for an input file (--max-file-size
  // raises it)", "cannot read 'x': Input/output error".
  std::string Describe(const std::string& subject, const std::string& expected) const;
};

// Reads the whole of `path` into `text`: false with `problem` filled when it is missing, not a
// regular file, larger than `max_bytes` or unreadable.
bool ReadInputFile(const std::string& path, int64_t max_bytes, std::string* text,
                   ReadProblem* problem);

// An upper bound on the values (scalars, lists and maps) a YAML text parses into: one per line
// break, ':', ',', '[' and '{'. yaml-cpp takes about 500 bytes per value, so a file of tiny
// values ("a: b" lines, "[]," runs) needs up to 200 times its size in memory; YamlValueLimit
// holds such a file to what a file of ordinary YAML (a value per 12 bytes or more) of the size
// limit would need.
int64_t YamlValueBound(std::string_view text);
inline int64_t YamlValueLimit(const InputLimits& limits) { return limits.max_file_bytes / 12; }
// "'m.yaml' holds about N YAML values, ..." when `text` is over the limit, else "".
std::string YamlValueProblem(std::string_view text, const InputLimits& limits,
                             const std::string& subject);

// "16.0 MiB", "512 bytes": a size as the messages above say it.
std::string SizeText(int64_t bytes);

// The encoding of a YAML stream by its first bytes (YAML 1.2, section 5.2).
enum class TextEncoding { kUtf8, kUtf16, kUtf32 };
TextEncoding DetectEncoding(std::string_view text);

// UTF-16 or UTF-32 text (with or without a byte-order mark, as DetectEncoding tells) as UTF-8,
// its mark dropped; UTF-8 text is left as it is. Every reader works on UTF-8 after this.
void TranscodeToUtf8(std::string* text);

// A character YAML does not allow in a stream (NUL and the other C0 controls but tab, line feed
// and carriage return; DEL), for UTF-8 text: false when there is none, else its 1-based line
// and column and a message naming it.
bool FindForbiddenCharacter(std::string_view text, int* line, int* column, std::string* what);

// Makes every line break a line feed where that keeps offsets: a CR not followed by a LF
// becomes a LF (old Mac OS line ends); CR LF stays (every reader drops the CR).
void NormalizeLineBreaks(std::string* text);

// Prepares the text of a line-oriented file (traces, empirical distributions): UTF-16 and
// UTF-32 become UTF-8, a UTF-8 byte-order mark is skipped (an Excel CSV export starts with one),
// line breaks are made as above, and forbidden characters are errors at their place in `file`.
// Returns false when it added an error.
bool PrepareLineText(const std::string& file, std::string* text, Diagnostics* diags);

// An empirical distribution's file: one duration per line, blank lines and '#' comments
// ignored. Each bad line is an error at its place in `file`; false when there was any (a file
// without any duration is for the caller to report, at the field that names it).
bool ParseEmpiricalSamples(std::string text, const std::string& file, std::vector<SimTime>* samples,
                           Diagnostics* diags);

// The names a trace row may target, per scope.
struct TraceTargets {
  std::vector<std::string> nodes, racks, zones;
};

// An outage trace: one outage per row `target,scope,kind,start,end,cause`, an optional header
// row of those names, '#' comments. Rows with problems are errors at their place in `file` and
// are left out; the good ones are appended to `out` in file order.
void ParseTraceRows(std::string text, const std::string& file, const TraceTargets& targets,
                    std::vector<TraceOutage>* out, Diagnostics* diags);

}  // namespace clustersim
