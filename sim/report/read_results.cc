// Reading the JSON reports back (docs/scenario-format.md lists their keys; report.proto is the
// schema of run, analyze, compare and sweep, experiment_commands.cc writes check's). The reader
// names the file and the field path of anything missing or mistyped, and the line and column of
// a syntax error.
#include <algorithm>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "clustersim/metrics/availability.h"
#include "clustersim/report/html.h"

namespace clustersim::report {
namespace {

using Json = nlohmann::ordered_json;

struct FieldError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

const char* TypeName(const Json& j) {
  switch (j.type()) {
    case Json::value_t::null:
      return "null";
    case Json::value_t::object:
      return "an object";
    case Json::value_t::array:
      return "an array";
    case Json::value_t::string:
      return "a string";
    case Json::value_t::boolean:
      return "a boolean";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float:
      return "a number";
    default:
      return "something else";
  }
}

std::string Join(const std::string& path, const std::string& key) {
  return path.empty() ? key : path + "." + key;
}

const Json& Field(const Json& obj, const std::string& path, const char* key, const char* expected) {
  const std::string at = Join(path, key);
  if (!obj.is_object()) {
    throw FieldError("field '" + path + "' is " + TypeName(obj) + "; expected an object");
  }
  const auto it = obj.find(key);
  if (it == obj.end()) throw FieldError("field '" + at + "' is missing; expected " + expected);
  return *it;
}

[[noreturn]] void Mistyped(const Json& j, const std::string& at, const char* expected) {
  throw FieldError("field '" + at + "' is " + TypeName(j) + "; expected " + expected);
}

// A number; null (the reports' NaN) reads as NaN.
double Number(const Json& obj, const std::string& path, const char* key) {
  const Json& j = Field(obj, path, key, "a number");
  if (j.is_null()) return NAN;
  if (!j.is_number()) Mistyped(j, Join(path, key), "a number");
  return j.get<double>();
}

int64_t Integer(const Json& obj, const std::string& path, const char* key) {
  const Json& j = Field(obj, path, key, "an integer");
  if (!j.is_number_integer()) Mistyped(j, Join(path, key), "an integer");
  return j.get<int64_t>();
}

uint64_t Unsigned(const Json& obj, const std::string& path, const char* key) {
  const Json& j = Field(obj, path, key, "an integer of 0 or more");
  if (!j.is_number_unsigned()) Mistyped(j, Join(path, key), "an integer of 0 or more");
  return j.get<uint64_t>();
}

std::string String(const Json& obj, const std::string& path, const char* key) {
  const Json& j = Field(obj, path, key, "a string");
  if (!j.is_string()) Mistyped(j, Join(path, key), "a string");
  return j.get<std::string>();
}

const Json& Object(const Json& obj, const std::string& path, const char* key) {
  const Json& j = Field(obj, path, key, "an object");
  if (!j.is_object()) Mistyped(j, Join(path, key), "an object");
  return j;
}

const Json& Array(const Json& obj, const std::string& path, const char* key) {
  const Json& j = Field(obj, path, key, "an array");
  if (!j.is_array()) Mistyped(j, Join(path, key), "an array");
  return j;
}

std::string Index(const std::string& path, size_t i) {
  return path + "[" + std::to_string(i) + "]";
}

Interval ReadInterval(const Json& obj, const std::string& path, const char* key) {
  const Json& e = Object(obj, path, key);
  const std::string at = Join(path, key);
  return {Number(e, at, "mean"), Number(e, at, "ci95Low"), Number(e, at, "ci95High")};
}

Workload ReadWorkload(const Json& j, const std::string& at) {
  Workload w;
  w.name = String(j, at, "name");
  w.kind = String(j, at, "kind");
  w.replicas = static_cast<int>(Integer(j, at, "replicas"));
  const int quorum = static_cast<int>(Integer(j, at, "quorumReplicas"));
  const int required = static_cast<int>(Integer(j, at, "requiredReplicas"));
  const int ready[kLevelCount] = {w.replicas, quorum, std::min(1, w.replicas), required};
  const std::string avail = Join(at, "availability"), down = Join(at, "downtimeMinutesPerYear"),
                    out = Join(at, "outages");
  const Json& a = Object(j, at, "availability");
  const Json& d = Object(j, at, "downtimeMinutesPerYear");
  const Json& o = Object(j, at, "outages");
  for (int l = 0; l < kLevelCount; ++l) {
    Level& lv = w.levels[l];
    lv.ready = ready[l];
    lv.availability = ReadInterval(a, avail, LevelName(l));
    lv.downtime = ReadInterval(d, down, LevelName(l));
    const Json& s = Object(o, out, LevelName(l));
    const std::string sat = Join(out, LevelName(l));
    lv.outages_per_year = Number(s, sat, "perYear");
    lv.mean = Number(s, sat, "meanMinutes");
    lv.p50 = Number(s, sat, "p50Minutes");
    lv.p95 = Number(s, sat, "p95Minutes");
    lv.p99 = Number(s, sat, "p99Minutes");
    lv.max = Number(s, sat, "maxMinutes");
    // The percentiles as a curve: P(longer than p50) is about a half, and so on.
    if (lv.outages_per_year > 0 && lv.max > 0) {
      w.ccdf[l] = {{lv.p50, 0.5}, {lv.p95, 0.05}, {lv.p99, 0.01}};
    }
  }
  const std::string rat = Join(at, "recoverySeconds");
  const Json& r = Object(j, at, "recoverySeconds");
  w.replica_recoveries = Number(r, rat, "replicaCount");
  const Json& c = Object(r, rat, "byCause");
  const std::string cat = Join(rat, "byCause");
  static const char* const kCauseKeys[kCauseCount] = {"waitingForNode", "detach", "attach",
                                                      "rebuild", "start"};
  for (int k = 0; k < kCauseCount; ++k) w.recovery_by_cause[k] = Number(c, cat, kCauseKeys[k]);
  return w;
}

RunData ReadRun(const Json& j, const std::string& path, const Json* cluster_parent) {
  RunData run;
  const Json& ws = Array(j, path, "workloads");
  for (size_t i = 0; i < ws.size(); ++i) {
    run.workloads.push_back(ReadWorkload(ws[i], Index(Join(path, "workloads"), i)));
  }
  run.workloads_total = run.workloads.size();
  if (cluster_parent != nullptr) {
    const Json& c = Object(*cluster_parent, path, "cluster");
    const std::string cat = Join(path, "cluster");
    run.nodes = static_cast<int>(Integer(c, cat, "nodes"));
    run.node_failures = Number(c, cat, "nodeFailures");
    run.pod_evictions = Number(c, cat, "podEvictions");
  }
  return run;
}

void ReadCommon(const Json& j, Section* s, bool seed) {
  s->scenario = String(j, "", "scenario");
  s->replications = static_cast<int>(Integer(j, "", "replications"));
  if (seed) {
    s->seed = Unsigned(j, "", "seed");
    s->horizon_seconds = Number(j, "", "horizonSeconds");
    s->warmup_seconds = Number(j, "", "warmupSeconds");
  }
}

void ReadSection(const Json& j, Section* s) {
  if (!j.is_object())
    throw FieldError("the file holds " + std::string(TypeName(j)) +
                     "; expected a clustersim JSON report (an object)");
  if (j.contains("variants")) {
    s->kind = Section::Kind::kCompare;
    ReadCommon(j, s, true);
    const Json& vs = Array(j, "", "variants");
    for (size_t i = 0; i < vs.size(); ++i) {
      const std::string at = Index("variants", i);
      Variant v;
      v.name = String(vs[i], at, "name");
      const Json& ov = Array(vs[i], at, "overrides");
      for (size_t k = 0; k < ov.size(); ++k) {
        if (!ov[k].is_string()) Mistyped(ov[k], Index(Join(at, "overrides"), k), "a string");
        v.overrides.push_back(ov[k].get<std::string>());
      }
      v.run = ReadRun(vs[i], at, &vs[i]);
      const Json& dw =
          Array(Object(vs[i], at, "deltaVsFirst"), Join(at, "deltaVsFirst"), "workloads");
      const std::string dat = Join(at, "deltaVsFirst.workloads");
      v.has_delta.assign(v.run.workloads.size(), false);
      v.delta_downtime.resize(v.run.workloads.size());
      for (size_t k = 0; k < dw.size(); ++k) {
        const std::string wat = Index(dat, k);
        const std::string name = String(dw[k], wat, "name");
        const Json& dd = Object(dw[k], wat, "downtimeMinutesPerYear");
        for (size_t w = 0; w < v.run.workloads.size(); ++w) {
          if (v.run.workloads[w].name != name) continue;
          v.has_delta[w] = true;
          for (int l = 0; l < kLevelCount; ++l) {
            v.delta_downtime[w][l] =
                ReadInterval(dd, Join(wat, "downtimeMinutesPerYear"), LevelName(l));
          }
        }
      }
      s->variants.push_back(std::move(v));
    }
    if (s->variants.empty()) throw FieldError("field 'variants' is empty; expected variants");
  } else if (j.contains("points")) {
    s->kind = Section::Kind::kSweep;
    ReadCommon(j, s, true);
    const Json& axes = Array(j, "", "axes");
    for (size_t i = 0; i < axes.size(); ++i) {
      if (!axes[i].is_string()) Mistyped(axes[i], Index("axes", i), "a string");
      s->axes.push_back(axes[i].get<std::string>());
    }
    const Json& ps = Array(j, "", "points");
    for (size_t i = 0; i < ps.size(); ++i) {
      const std::string at = Index("points", i);
      SweepPoint p;
      const Json& vals = Object(ps[i], at, "values");
      for (const std::string& axis : s->axes) {
        const auto it = vals.find(axis);
        if (it == vals.end()) {
          throw FieldError("field '" + at + ".values' has no value for the axis '" + axis + "'");
        }
        p.values.push_back(it->is_string() ? it->get<std::string>() : it->dump());
      }
      p.run = ReadRun(ps[i], at, &ps[i]);
      s->points.push_back(std::move(p));
    }
  } else if (j.contains("targets")) {
    s->kind = Section::Kind::kCheck;
    ReadCommon(j, s, false);
    const Json& ts = Array(j, "", "targets");
    for (size_t i = 0; i < ts.size(); ++i) {
      const std::string at = Index("targets", i);
      SloTarget t;
      t.workload = String(ts[i], at, "workload");
      const std::string level = String(ts[i], at, "level");
      t.level = -1;
      for (int l = 0; l < kLevelCount; ++l) {
        if (level == LevelName(l)) t.level = l;
      }
      if (t.level < 0) {
        throw FieldError("field '" + at + ".level' is '" + level +
                         "'; expected all, quorum, any or required");
      }
      t.availability = Number(ts[i], at, "target");
      t.measured = ReadInterval(ts[i], at, "availability");
      t.verdict = String(ts[i], at, "verdict");
      const Json& need = Field(ts[i], at, "replicationsToDecide", "an integer or null");
      if (!need.is_null() && !need.is_number_integer()) {
        Mistyped(need, Join(at, "replicationsToDecide"), "an integer or null");
      }
      t.replications_to_decide = need.is_null() ? NAN : need.get<double>();
      s->slo.push_back(std::move(t));
    }
  } else {
    s->kind = Section::Kind::kRun;
    ReadCommon(j, s, true);
    s->run = ReadRun(j, "", &j);
    s->run.method = String(j, "", "method");
  }
}

// 1-based line and column of byte `offset` (0-based) of `text`.
std::pair<size_t, size_t> LineColumn(const std::string& text, size_t offset) {
  size_t line = 1, col = 1;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
  }
  return {line, col};
}

}  // namespace

bool ReadResults(const std::string& source, const std::string& text, Section* section,
                 std::string* error) {
  Json j;
  try {
    j = Json::parse(text);
  } catch (const Json::parse_error& e) {
    // e.byte is 1-based: the byte where the parser stopped.
    const auto [line, col] = LineColumn(text, e.byte > 0 ? e.byte - 1 : 0);
    std::string what = e.what();
    const size_t colon = what.find(": ", what.find("parse error"));
    if (colon != std::string::npos) what = what.substr(colon + 2);
    *error = source + ":" + std::to_string(line) + ":" + std::to_string(col) +
             ": error: not JSON: " + what;
    return false;
  }
  Section s;
  s.source = source;
  try {
    ReadSection(j, &s);
  } catch (const FieldError& e) {
    *error = source + ": error: " + e.what();
    return false;
  } catch (const Json::exception& e) {
    *error = source + ": error: " + e.what();
    return false;
  }
  *section = std::move(s);
  return true;
}

void AddOutageHistograms(const RunSummary& summary, RunData* run) {
  for (Workload& w : run->workloads) {
    for (const WorkloadSummary& ws : summary.workloads) {
      if (ws.name != w.name) continue;
      w.ccdf_from_histogram = true;
      for (int l = 0; l < kLevelCount; ++l) {
        const DurationHistogram& h = ws.outage_hist[l];
        std::vector<CcdfPoint>& curve = w.ccdf[l];
        curve.clear();
        if (h.count() == 0) continue;
        const double n = static_cast<double>(h.count());
        uint64_t above = h.count();
        curve.push_back({ToMinutes(h.min()), 1.0});
        for (const auto& [upper, count] : h.NonEmptyBuckets()) {
          above -= count;
          curve.push_back({ToMinutes(std::min(upper, h.max())), static_cast<double>(above) / n});
        }
        if (l == kRequiredLevel) w.outage_count_required = h.count();
      }
      break;
    }
  }
}

}  // namespace clustersim::report
