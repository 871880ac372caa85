// The HTML report's data block: every figure the page shows, as JSON, for tests and tools that
// should not parse SVG. Numbers are written in their shortest round-trip form (NaN as null), as
// in the JSON reports; strings are escaped so that nothing in them can end the <script>
// element that holds the block (<, > and & as \u escapes).
#include <string>

#include "charts.h"
#include "clustersim/metrics/report.h"
#include "clustersim/report/html.h"

namespace clustersim::report {
namespace {

std::string Q(const std::string& s) {
  const std::string quoted = JsonQuote(ValidUtf8(s));
  std::string out;
  out.reserve(quoted.size());
  for (char c : quoted) {
    switch (c) {
      case '<':
        out += "\\u003c";
        break;
      case '>':
        out += "\\u003e";
        break;
      case '&':
        out += "\\u0026";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string N(double v) { return JsonNumber(v); }

std::string Seconds(SimTime t) { return N(ToSeconds(t)); }

std::string IntervalJson(const Interval& i) {
  return "{\"mean\": " + N(i.mean) + ", \"low\": " + N(i.low) + ", \"high\": " + N(i.high) + "}";
}

std::string Strings(const std::vector<std::string>& v) {
  std::string out = "[";
  for (size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + Q(v[i]);
  return out + "]";
}

std::string WorkloadJson(const Workload& w, const std::string& pad) {
  std::string out = "{\"name\": " + Q(w.name) + ", \"kind\": " + Q(w.kind) +
                    ", \"replicas\": " + std::to_string(w.replicas) + ", \"ccdfFrom\": \"" +
                    (w.ccdf_from_histogram ? "histogram" : "percentiles") + "\",\n" + pad +
                    " \"levels\": [";
  for (int l = 0; l < kLevelCount; ++l) {
    const Level& lv = w.levels[l];
    out += std::string(l ? "," : "") + "\n" + pad + "  {\"level\": \"" + LevelName(l) +
           "\", \"ready\": " + std::to_string(lv.ready) +
           ", \"availability\": " + IntervalJson(lv.availability) +
           ", \"downtimeMinutesPerYear\": " + IntervalJson(lv.downtime) +
           ", \"outagesPerYear\": " + N(lv.outages_per_year) +
           ", \"outageMinutes\": {\"mean\": " + N(lv.mean) + ", \"p50\": " + N(lv.p50) +
           ", \"p95\": " + N(lv.p95) + ", \"p99\": " + N(lv.p99) + ", \"max\": " + N(lv.max) +
           "}, \"ccdf\": [";
    for (size_t k = 0; k < w.ccdf[l].size(); ++k) {
      out += (k ? ", " : "") + std::string("[") + N(w.ccdf[l][k].minutes) + ", " +
             N(w.ccdf[l][k].fraction) + "]";
    }
    out += "]}";
  }
  out += "],\n" + pad + " \"replicaRecoveries\": " + N(w.replica_recoveries) +
         ", \"recoverySecondsByCause\": {";
  static const char* const kKeys[kCauseCount] = {"waitingForNode", "detach", "attach", "rebuild",
                                                 "start"};
  for (int k = 0; k < kCauseCount; ++k) {
    out += std::string(k ? ", " : "") + "\"" + kKeys[k] + "\": " + N(w.recovery_by_cause[k]);
  }
  return out + "}}";
}

std::string RunJson(const RunData& r, const std::string& pad) {
  std::string out =
      "{\"method\": " + Q(r.method) + ", \"workloadsTotal\": " + std::to_string(r.workloads_total) +
      ", \"nodes\": " + std::to_string(r.nodes) + ", \"nodeFailures\": " + N(r.node_failures) +
      ", \"podEvictions\": " + N(r.pod_evictions) + ", \"workloads\": [";
  for (size_t i = 0; i < r.workloads.size(); ++i) {
    out += std::string(i ? "," : "") + "\n" + pad + "  " + WorkloadJson(r.workloads[i], pad + "  ");
  }
  return out + "]}";
}

std::string SpansJson(const Timeline::Lane& lane, SimTime t0, SimTime t1) {
  std::string out = "[";
  bool first = true;
  for (const DrawnSpan& d : MergeLane(lane, t0, t1)) {
    out += std::string(first ? "" : ", ") + "[" + Seconds(d.start) + ", " + Seconds(d.end) +
           ", \"" + LaneStateName(d.state) + "\"]";
    first = false;
  }
  return out + "]";
}

std::string TimelineJson(const Timeline& t) {
  std::string out = "{\"variant\": " + Q(t.variant) +
                    ", \"replication\": " + std::to_string(t.replication) +
                    ", \"why\": " + Q(t.why) + ", \"startSeconds\": " + Seconds(t.start) +
                    ", \"endSeconds\": " + Seconds(t.end) + ", \"zoom\": ";
  const bool zoom = t.zoom_end > t.zoom_start;
  out += zoom ? "{\"startSeconds\": " + Seconds(t.zoom_start) +
                    ", \"endSeconds\": " + Seconds(t.zoom_end) + ", \"why\": " + Q(t.zoom_why) + "}"
              : "null";
  out += ", \"lanesTotal\": " + std::to_string(t.lanes_total) + ",\n      \"lanes\": [";
  for (size_t i = 0; i < t.lanes.size(); ++i) {
    const Timeline::Lane& lane = t.lanes[i];
    out += std::string(i ? "," : "") + "\n        {\"name\": " + Q(lane.name) +
           ", \"node\": " + (lane.node ? "true" : "false") +
           ", \"spans\": " + SpansJson(lane, t.start, t.end);
    if (zoom) out += ", \"zoomSpans\": " + SpansJson(lane, t.zoom_start, t.zoom_end);
    out += "}";
  }
  out += "],\n      \"marks\": [";
  for (size_t i = 0; i < t.marks.size(); ++i) {
    const Timeline::Mark& m = t.marks[i];
    out += std::string(i ? "," : "") + (i % 4 == 0 ? "\n        " : " ") + "[" + Seconds(m.time) +
           ", " + std::to_string(m.lane) + ", \"" + TraceKindName(m.kind) + "\", " +
           (m.failure ? "true" : "false") + ", " + Q(m.detail) + "]";
  }
  return out + "]}";
}

const char* KindName(Section::Kind k) {
  switch (k) {
    case Section::Kind::kRun:
      return "run";
    case Section::Kind::kCompare:
      return "compare";
    case Section::Kind::kSweep:
      return "sweep";
    case Section::Kind::kCheck:
      return "check";
  }
  return "";
}

std::string SectionJson(const Section& s) {
  std::string out =
      "{\"kind\": \"" + std::string(KindName(s.kind)) + "\", \"source\": " + Q(s.source) +
      ", \"scenario\": " + Q(s.scenario) + ", \"seed\": " + std::to_string(s.seed) +
      ", \"replications\": " + std::to_string(s.replications) +
      ", \"horizonSeconds\": " + N(s.horizon_seconds) +
      ", \"warmupSeconds\": " + N(s.warmup_seconds) +
      ",\n    \"timers\": {\"graceSeconds\": " + N(s.timers.grace) +
      ", \"tolerationSeconds\": " + N(s.timers.toleration) +
      ", \"forceDetachSeconds\": " + N(s.timers.force_detach) +
      ", \"fromScenario\": " + (s.timers.from_scenario ? "true" : "false") + "},\n    \"slo\": [";
  for (size_t i = 0; i < s.slo.size(); ++i) {
    const SloTarget& t = s.slo[i];
    out += std::string(i ? ", " : "") + "{\"workload\": " + Q(t.workload) + ", \"level\": \"" +
           LevelName(t.level) + "\", \"availability\": " + N(t.availability) +
           ", \"verdict\": " + Q(t.verdict) + ", \"measured\": " + IntervalJson(t.measured) +
           ", \"replicationsToDecide\": " + N(t.replications_to_decide) + "}";
  }
  out += "],\n    \"run\": " + RunJson(s.run, "    ") + ",\n    \"variants\": [";
  for (size_t v = 0; v < s.variants.size(); ++v) {
    const Variant& var = s.variants[v];
    out += std::string(v ? "," : "") + "\n      {\"name\": " + Q(var.name) +
           ", \"overrides\": " + Strings(var.overrides) + ", \"deltaDowntimeMinutesPerYear\": [";
    for (size_t w = 0; w < var.delta_downtime.size(); ++w) {
      out += std::string(w ? ", " : "") +
             "{\"workload\": " + Q(w < var.run.workloads.size() ? var.run.workloads[w].name : "") +
             ", \"paired\": " + (w < var.has_delta.size() && var.has_delta[w] ? "true" : "false") +
             ", \"levels\": [";
      for (int l = 0; l < kLevelCount; ++l) {
        out += std::string(l ? ", " : "") + IntervalJson(var.delta_downtime[w][l]);
      }
      out += "]}";
    }
    out += "],\n       \"run\": " + RunJson(var.run, "       ") + "}";
  }
  out += "],\n    \"axes\": " + Strings(s.axes) + ",\n    \"points\": [";
  for (size_t p = 0; p < s.points.size(); ++p) {
    out += std::string(p ? "," : "") + "\n      {\"values\": " + Strings(s.points[p].values) +
           ", \"run\": " + RunJson(s.points[p].run, "       ") + "}";
  }
  out += "],\n    \"timelines\": [";
  for (size_t i = 0; i < s.timelines.size(); ++i) {
    out += std::string(i ? "," : "") + "\n      " + TimelineJson(s.timelines[i]);
  }
  return out + "]}";
}

}  // namespace

std::string PageDataJson(const Page& page) {
  const Header& h = page.header;
  std::string out = "{\"clustersimReport\": 1, \"version\": " + Q(h.version) +
                    ",\n  \"header\": {\"title\": " + Q(h.title) +
                    ", \"question\": " + Q(h.question) + ", \"description\": " + Q(h.description) +
                    ", \"cluster\": " + Q(h.cluster) +
                    ",\n    \"workloads\": " + Strings(h.workloads) +
                    ",\n    \"policies\": " + Strings(h.policies) +
                    ",\n    \"failures\": " + Strings(h.failures) +
                    ",\n    \"seed\": " + Q(h.seed) + ", \"replications\": " + Q(h.replications) +
                    ", \"horizon\": " + Q(h.horizon) + "},\n  \"sections\": [";
  for (size_t i = 0; i < page.sections.size(); ++i) {
    out += std::string(i ? "," : "") + "\n  " + SectionJson(page.sections[i]);
  }
  return out + "]}\n";
}

}  // namespace clustersim::report
