// The line-oriented files a scenario reads: empirical distributions (one duration per line) and
// outage traces (CSV). Both are parsed from text already read and prepared (input_files.h), so
// that the fuzzer can reach them without files.
#include <algorithm>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "clustersim/scenario/input_files.h"
#include "clustersim/scenario/names.h"
#include "clustersim/scenario/units.h"

namespace clustersim {
namespace {

// Calls `each(line, lineno)` for every line of `text` (without its line break or a CR before
// it), numbered from 1.
template <typename Each>
void ForEachLine(const std::string& text, Each&& each) {
  int lineno = 0;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    each(line, ++lineno);
    start = end + 1;
  }
}

}  // namespace

bool ParseEmpiricalSamples(std::string text, const std::string& file, std::vector<SimTime>* samples,
                           Diagnostics* diags) {
  if (!PrepareLineText(file, &text, diags)) return false;
  bool ok = true;
  ForEachLine(text, [&](const std::string& line, int lineno) {
    const size_t a = line.find_first_not_of(" \t");
    if (a == std::string::npos || line[a] == '#') return;
    const size_t b = line.find_last_not_of(" \t");
    const std::string value = line.substr(a, b - a + 1);
    SimTime v;
    std::string why;
    if (!ParseDuration(value, &v, &why)) {
      diags->Error(SourceLocation{file, lineno, static_cast<int>(a) + 1},
                   why + "; expected one duration per line (found '" + value + "')");
      ok = false;
      return;
    }
    samples->push_back(v);
  });
  return ok;
}

void ParseTraceRows(std::string text, const std::string& file, const TraceTargets& targets,
                    std::vector<TraceOutage>* out, Diagnostics* diags) {
  if (!PrepareLineText(file, &text, diags)) return;
  // The names a row may target, per scope, as sets: a trace may have many rows.
  const std::set<std::string> nodes(targets.nodes.begin(), targets.nodes.end());
  const std::set<std::string> racks(targets.racks.begin(), targets.racks.end());
  const std::set<std::string> zones(targets.zones.begin(), targets.zones.end());
  ForEachLine(text, [&](const std::string& line, int lineno) {
    const size_t first = line.find_first_not_of(" \t");
    if (first == std::string::npos || line[first] == '#') return;
    // Fields with their 1-based columns (no quoting: names and durations have no commas).
    std::vector<std::pair<std::string, int>> fields;
    size_t start = 0;
    while (true) {
      const size_t comma = line.find(',', start);
      std::string field = line.substr(start, comma == std::string::npos ? comma : comma - start);
      const size_t a = field.find_first_not_of(" \t");
      const size_t b = field.find_last_not_of(" \t");
      const int column = static_cast<int>(start + (a == std::string::npos ? 0 : a)) + 1;
      fields.emplace_back(a == std::string::npos ? "" : field.substr(a, b - a + 1), column);
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    auto at = [&](int column) { return SourceLocation{file, lineno, column}; };
    if (fields[0].first == "target" && fields.size() > 1 && fields[1].first == "scope") {
      return;  // the header
    }
    if (fields.size() != 6) {
      diags->Error(at(1), "expected 6 comma-separated fields (target,scope,kind,start,end," +
                              std::string("cause), found ") + std::to_string(fields.size()));
      return;
    }
    TraceOutage o;
    o.target = fields[0].first;
    o.cause = fields[5].first;
    const std::string& scope = fields[1].first;
    const auto word =
        std::find_if(kFailureTargets.begin(), kFailureTargets.end(),
                     [&](const Word<FailureTargetKind>& w) { return scope == w.name; });
    if (word == kFailureTargets.end()) {
      diags->Error(at(fields[1].second), "unknown scope '" + scope + "'; expected " +
                                             JoinNames(WordNames(kFailureTargets)));
      return;
    }
    o.scope = word->value;
    const std::set<std::string>* known = o.scope == FailureTargetKind::kRack   ? &racks
                                         : o.scope == FailureTargetKind::kZone ? &zones
                                                                               : &nodes;
    if (!known->count(o.target)) {
      std::vector<std::string> names(known->begin(), known->end());
      const std::string hint = NearestName(o.target, names);
      diags->Error(at(fields[0].second),
                   "no " + std::string(scope == "disk" ? "node" : scope) + " named '" + o.target +
                       "'" + (hint.empty() ? "" : " (did you mean '" + hint + "'?)") +
                       (scope == "rack" ? "; racks are named <zone>/rack-<k>" : ""));
      return;
    }
    const std::string& kind = fields[2].first;
    if (kind == "loss" || (kind.empty() && o.scope == FailureTargetKind::kDisk)) {
      o.effect = FailureEffect::kLoss;
    } else if (kind == "crash" || kind.empty()) {
      o.effect = FailureEffect::kCrash;
      if (o.scope == FailureTargetKind::kDisk) {
        diags->Error(at(fields[2].second),
                     "a disk failure always loses the disk's data; expected loss or nothing");
        return;
      }
    } else {
      diags->Error(at(fields[2].second),
                   "unknown kind '" + kind + "'; expected crash, loss or nothing (crash)");
      return;
    }
    std::string why;
    if (!ParseDuration(fields[3].first, &o.start, &why)) {
      diags->Error(at(fields[3].second), "start: " + why + " (found '" + fields[3].first +
                                             "'); expected a time from the start of the " +
                                             "replication such as 3d or 7200");
      return;
    }
    if (!fields[4].first.empty()) {
      if (!ParseDuration(fields[4].first, &o.end, &why)) {
        diags->Error(at(fields[4].second), "end: " + why + " (found '" + fields[4].first +
                                               "'); expected a time such as 3d4h, or " +
                                               "nothing (not repaired)");
        return;
      }
      if (o.end <= o.start) {
        diags->Error(at(fields[4].second),
                     "end (" + fields[4].first + ") must be after start (" + fields[3].first + ")");
        return;
      }
    }
    out->push_back(std::move(o));
  });
}

}  // namespace clustersim
