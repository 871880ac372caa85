#include "clustersim/metrics/report.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <sstream>
#include <vector>

#include "report.pb.h"

namespace clustersim {

std::string JsonQuote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

void SetEstimate(const Estimate& e, proto::Estimate* out) {
  out->set_mean(e.mean);
  out->set_ci95_low(e.ci95_low);
  out->set_ci95_high(e.ci95_high);
}

// The message of `level` (0 all, 1 quorum, 2 any, 3 required) in a per-level message.
template <typename PerLevel>
auto* AtLevel(PerLevel* m, int level) {
  switch (level) {
    case 0:
      return m->mutable_all();
    case 1:
      return m->mutable_quorum();
    case 2:
      return m->mutable_any();
    default:
      return m->mutable_required();
  }
}

void SetWorkload(const WorkloadSummary& w, proto::WorkloadReport* out);
void SetCluster(const RunSummary& s, proto::ClusterReport* c);

void SetRun(uint64_t events, double wall_seconds, int threads, proto::RunInfo* run) {
  run->set_events(static_cast<double>(events));
  run->set_wall_seconds(wall_seconds);
  run->set_events_per_second(wall_seconds > 0 ? static_cast<double>(events) / wall_seconds : 0);
  run->set_threads(threads);
}

proto::Report ToProto(const RunSummary& s) {
  proto::Report r;
  r.set_scenario(s.scenario);
  r.set_seed(s.seed);
  r.set_replications(s.replications);
  r.set_horizon_seconds(ToSeconds(s.horizon));
  r.set_warmup_seconds(ToSeconds(s.warmup));
  r.set_method(s.method);
  for (const auto& w : s.workloads) SetWorkload(w, r.add_workloads());
  SetCluster(s, r.mutable_cluster());
  SetRun(s.events, s.wall_seconds, s.threads, r.mutable_run());
  return r;
}

void SetWorkload(const WorkloadSummary& w, proto::WorkloadReport* out) {
  {
    out->set_name(w.name);
    out->set_kind(w.kind);
    out->set_replicas(w.replicas);
    out->set_quorum_replicas(w.thresholds[1]);
    out->set_required_replicas(w.thresholds[3]);
    for (int l = 0; l < kLevels; ++l) {
      SetEstimate(w.availability[l], AtLevel(out->mutable_availability(), l));
      SetEstimate(w.downtime_minutes_per_year[l],
                  AtLevel(out->mutable_downtime_minutes_per_year(), l));
      auto* o = AtLevel(out->mutable_outages(), l);
      const auto& src = w.outages[l];
      o->set_per_year(src.per_year);
      o->set_mean_minutes(src.mean_minutes);
      o->set_p50_minutes(src.p50_minutes);
      o->set_p95_minutes(src.p95_minutes);
      o->set_p99_minutes(src.p99_minutes);
      o->set_max_minutes(src.max_minutes);
    }
    SetEstimate(w.pending_seconds_per_year, out->mutable_pending_seconds_per_year());
    auto* rec = out->mutable_recovery_seconds();
    rec->set_mean(w.recovery_mean_s);
    rec->set_p50(w.recovery_p50_s);
    rec->set_p95(w.recovery_p95_s);
    rec->set_p99(w.recovery_p99_s);
    rec->set_count(static_cast<double>(w.recoveries));
    rec->set_replica_count(static_cast<double>(w.replica_recoveries));
    auto* cause = rec->mutable_by_cause();
    cause->set_waiting_for_node(w.recovery_by_cause_s[0]);
    cause->set_detach(w.recovery_by_cause_s[1]);
    cause->set_attach(w.recovery_by_cause_s[2]);
    cause->set_rebuild(w.recovery_by_cause_s[3]);
    cause->set_start(w.recovery_by_cause_s[4]);
    auto* loss = out->mutable_data_loss();
    loss->set_events_per_year(w.data_losses_per_year.mean);
    loss->set_probability_per_year(w.loss_probability_per_year.mean);
    loss->set_events(static_cast<double>(w.data_losses));
    SetEstimate(w.data_losses_per_year, loss->mutable_events_per_year_estimate());
    SetEstimate(w.loss_probability_per_year, loss->mutable_probability_per_year_estimate());
    SetEstimate(w.mttdl_years, loss->mutable_mttdl_years());
    loss->set_lost_writes_minutes_mean(w.lost_writes_mean_minutes);
    SetEstimate(w.loss_probability_in_window, loss->mutable_probability_in_window());
    // null (not 0) for a workload without leader election: it has no leader to lack.
    const double none = std::numeric_limits<double>::quiet_NaN();
    SetEstimate(w.elects_leader ? w.leaderless_minutes_per_year : Estimate{none, none, none},
                out->mutable_leaderless_minutes_per_year());
  }
}

void SetCluster(const RunSummary& s, proto::ClusterReport* c) {
  c->set_nodes(s.nodes);
  c->set_node_failures(s.node_failures);
  c->set_pod_evictions(s.pod_evictions);
  c->set_scheduling_failures(s.scheduling_failures);
  c->mutable_utilization()->set_cpu(s.cpu_utilization);
  c->mutable_utilization()->set_memory(s.memory_utilization);
}

// Shortest round-trip text of a double; JSON has no NaN, so an undefined value is null.
std::string Number(double v) {
  if (!std::isfinite(v)) return "null";
  char buf[32];
  if (v == std::floor(v) && std::fabs(v) < 1e15) {  // whole numbers without an exponent
    std::snprintf(buf, sizeof buf, "%.0f", v);
    return buf;
  }
  for (int precision = 6; precision <= 17; ++precision) {
    std::snprintf(buf, sizeof buf, "%.*g", precision, v);
    if (std::strtod(buf, nullptr) == v) break;
  }
  return buf;
}

// A YAML scalar's text as JSON: a finite number as a number, anything else as a string.
std::string JsonScalar(const std::string& text) {
  if (!text.empty() && text.find_first_not_of("0123456789+-.eE") == std::string::npos) {
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    if (end == text.c_str() + text.size() && std::isfinite(v)) return Number(v);
  }
  return JsonQuote(text);
}

// A JSON writer over the message's reflection: every field always present, keys = JSON names,
// numbers unquoted (the proto3 JSON mapping would quote 64-bit integers), fields in schema order
// so the text is byte-for-byte reproducible.
void WriteJson(const Message& m, int indent, std::string* out) {
  const auto* d = m.GetDescriptor();
  const auto* refl = m.GetReflection();
  const std::string pad(indent + 2, ' ');
  // Every field is written, except a message field the schema says is present only sometimes
  // (Report.analytic: only with `run --compare-analytic`) when it was not set.
  static const FieldDescriptor* const kAnalyticField =
      proto::Report::descriptor()->FindFieldByName("analytic");
  std::vector<const FieldDescriptor*> fields;
  for (int i = 0; i < d->field_count(); ++i) {
    const FieldDescriptor* f = d->field(i);
    if (f == kAnalyticField && !refl->HasField(m, f)) continue;
    fields.push_back(f);
  }
  *out += "{\n";
  for (size_t i = 0; i < fields.size(); ++i) {
    const FieldDescriptor* f = fields[i];
    *out += pad + JsonQuote(f->json_name()) + ": ";
    auto scalar = [&](int index) -> std::string {
      switch (f->cpp_type()) {
        case FieldDescriptor::CPPTYPE_DOUBLE:
          return Number(index < 0 ? refl->GetDouble(m, f) : refl->GetRepeatedDouble(m, f, index));
        case FieldDescriptor::CPPTYPE_INT32:
          return std::to_string(index < 0 ? refl->GetInt32(m, f)
                                          : refl->GetRepeatedInt32(m, f, index));
        case FieldDescriptor::CPPTYPE_UINT64:
          return std::to_string(index < 0 ? refl->GetUInt64(m, f)
                                          : refl->GetRepeatedUInt64(m, f, index));
        case FieldDescriptor::CPPTYPE_BOOL:
          return (index < 0 ? refl->GetBool(m, f) : refl->GetRepeatedBool(m, f, index)) ? "true"
                                                                                        : "false";
        case FieldDescriptor::CPPTYPE_STRING:
          return JsonQuote(index < 0 ? refl->GetString(m, f)
                                     : refl->GetRepeatedString(m, f, index));
        default:
          return "null";
      }
    };
    if (f->is_repeated() && f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE &&
        f->message_type()->full_name() == "clustersim.proto.AxisValue") {
      // A sweep point's values as one object, {path: value}, in axis order; a value that is
      // a number is written as one.
      *out += "{";
      const int n = refl->FieldSize(m, f);
      for (int j = 0; j < n; ++j) {
        const auto& v = static_cast<const proto::AxisValue&>(refl->GetRepeatedMessage(m, f, j));
        *out += (j > 0 ? ", " : "") + JsonQuote(v.path()) + ": " + JsonScalar(v.value());
      }
      *out += "}";
    } else if (f->is_repeated()) {
      const int n = refl->FieldSize(m, f);
      if (n == 0) {
        *out += "[]";
      } else {
        *out += "[\n";
        for (int j = 0; j < n; ++j) {
          *out += pad + "  ";
          if (f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
            WriteJson(refl->GetRepeatedMessage(m, f, j), indent + 4, out);
          } else {
            *out += scalar(j);
          }
          *out += j + 1 < n ? ",\n" : "\n";
        }
        *out += pad + "]";
      }
    } else if (f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      WriteJson(refl->GetMessage(m, f), indent + 2, out);
    } else {
      *out += scalar(-1);
    }
    *out += i + 1 < fields.size() ? ",\n" : "\n";
  }
  *out += std::string(indent, ' ') + "}";
}

std::string Pct(double v) {
  if (!std::isfinite(v)) return "n/a";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.5f%%", 100 * v);
  return buf;
}

std::string Fixed(double v, int digits) {
  if (!std::isfinite(v)) return "n/a";
  char buf[32];
  // Beyond 1e12 (an MTTDL of a large cluster can be 1e261 years) fixed notation would not fit.
  if (std::fabs(v) >= 1e12) {
    std::snprintf(buf, sizeof buf, "%.4g", v);
    return buf;
  }
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

// "12.3m", or "n/a" for a figure the method does not give.
std::string Minutes(double v) { return std::isfinite(v) ? Fixed(v, 1) + "m" : "n/a"; }

std::string Text(const RunSummary& s) {
  std::ostringstream o;
  const double years = ToSeconds(s.horizon - s.warmup) / kSecondsPerYear;
  if (s.method == "ctmc") {
    o << "scenario " << s.scenario << ": " << s.nodes
      << " nodes, exact steady state of a continuous-time Markov chain (no simulation; the "
         "intervals are the exact values)\n";
    bool loss = false;
    for (const auto& w : s.workloads) loss |= w.data_losses_per_year.mean > 0;
    if (loss) {
      o << "data loss: from every node up at time 0, over the window of "
        << Fixed(years, years < 1 ? 3 : 1) << " years after a warm-up of "
        << Fixed(ToSeconds(s.warmup) / kSecondsPerYear, 3) << " years\n";
    }
    o << "\n";
  } else {
    o << "scenario " << s.scenario << ": " << s.nodes << " nodes, " << s.replications
      << " replications x " << Fixed(years, years < 1 ? 3 : 1) << " simulated years, seed "
      << s.seed << "\n\n";
  }
  for (const auto& w : s.workloads) {
    o << w.kind << " " << w.name << " (" << w.replicas << " replicas; quorum " << w.thresholds[1]
      << ", required " << w.thresholds[3] << ")\n";
    char line[256];
    std::snprintf(line, sizeof line, "  %-9s %-7s %-12s %-27s %-14s %-9s %-9s %-9s\n", "level",
                  "ready>=", "availability", "95% CI", "downtime/yr", "outages/y", "mean", "p99");
    o << line;
    for (int l = 0; l < kLevels; ++l) {
      const auto& a = w.availability[l];
      const auto& out = w.outages[l];
      std::string ci = "[" + Pct(a.ci95_low) + ", " + Pct(a.ci95_high) + "]";
      std::snprintf(line, sizeof line, "  %-9s %-7d %-12s %-27s %-14s %-9s %-9s %-9s\n",
                    kLevelNames[l], w.thresholds[l], Pct(a.mean).c_str(), ci.c_str(),
                    (Fixed(w.downtime_minutes_per_year[l].mean, 1) + " min").c_str(),
                    Fixed(out.per_year, 2).c_str(), Minutes(out.mean_minutes).c_str(),
                    Minutes(out.p99_minutes).c_str());
      o << line;
    }
    if (w.pending_seconds_per_year.mean > 0) {
      o << "  pods pending: " << Fixed(w.pending_seconds_per_year.mean / 60, 1)
        << " pod-minutes per year\n";
    }
    if (w.elects_leader) {
      const auto& l = w.leaderless_minutes_per_year;
      o << "  leaderless: " << Fixed(l.mean, 2) << " min per year [" << Fixed(l.ci95_low, 2) << ", "
        << Fixed(l.ci95_high, 2) << "]\n";
    }
    const bool exact = s.method == "ctmc";
    if (w.data_losses > 0 || (exact && w.data_losses_per_year.mean > 0)) {
      const auto& m = w.mttdl_years;
      o << "  data loss: ";
      if (!exact) o << w.data_losses << " events, ";
      o << Fixed(w.data_losses_per_year.mean, 4) << " per year, probability per year "
        << Pct(w.loss_probability_per_year.mean) << ", MTTDL " << Fixed(m.mean, 2) << " y ["
        << Fixed(m.ci95_low, 2) << ", " << Fixed(m.ci95_high, 2) << "], probability in the window "
        << Pct(w.loss_probability_in_window.mean);
      if (w.lost_writes_mean_minutes > 0) {
        o << ", writes lost since the last backup " << Fixed(w.lost_writes_mean_minutes, 1)
          << " min on average";
      }
      o << "\n";
    }
    o << "  replica recovery (failure to ready): ";
    if (s.method == "ctmc") {
      o << "not given by the chain\n\n";
    } else if (w.recoveries == 0) {
      o << "none observed\n\n";
    } else {
      o << "mean " << Fixed(w.recovery_mean_s, 1) << " s, p50 " << Fixed(w.recovery_p50_s, 1)
        << " s, p95 " << Fixed(w.recovery_p95_s, 1) << " s, p99 " << Fixed(w.recovery_p99_s, 1)
        << " s (" << w.recoveries << " recoveries)\n";
      if (w.replica_recoveries > 0) {
        const auto& c = w.recovery_by_cause_s;
        o << "  of which, per replica recovery: waiting for node " << Fixed(c[0], 1)
          << " s, detach " << Fixed(c[1], 1) << " s, attach " << Fixed(c[2], 1) << " s, rebuild "
          << Fixed(c[3], 1) << " s, start " << Fixed(c[4], 1) << " s\n";
      }
      o << "\n";
    }
  }
  o << "cluster: " << Fixed(s.node_failures, 1) << " node failures, " << Fixed(s.pod_evictions, 1)
    << " pod evictions, " << Fixed(s.scheduling_failures, 1)
    << " failed scheduling attempts per replication; utilization cpu "
    << Fixed(100 * s.cpu_utilization, 1) << "%, memory " << Fixed(100 * s.memory_utilization, 1)
    << "%\n";
  o << "run: " << s.events << " events in " << Fixed(s.wall_seconds, 3) << " s on " << s.threads
    << " thread" << (s.threads == 1 ? "" : "s") << "\n";
  return o.str();
}

// RFC 4180 quoting where needed; an undefined number is an empty field.
std::string CsvText(const std::string& v) {
  if (v.find_first_of(",\"\n\r") == std::string::npos) return v;
  std::string out = "\"";
  for (char c : v) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}
std::string CsvNumber(double v) { return std::isfinite(v) ? Number(v) : std::string(); }

std::string Csv(const RunSummary& s) {
  std::ostringstream o;
  o << "scenario,seed,replications,workload,kind,replicas,level,ready_needed,availability,"
       "ci95_low,ci95_high,downtime_minutes_per_year,outages_per_year,outage_mean_minutes,"
       "outage_p50_minutes,outage_p95_minutes,outage_p99_minutes,outage_max_minutes,"
       "recovery_mean_seconds,recovery_p99_seconds\n";
  for (const auto& w : s.workloads) {
    for (int l = 0; l < kLevels; ++l) {
      const auto& a = w.availability[l];
      const auto& out = w.outages[l];
      o << CsvText(s.scenario) << "," << s.seed << "," << s.replications << "," << CsvText(w.name)
        << "," << w.kind << "," << w.replicas << "," << kLevelNames[l] << "," << w.thresholds[l]
        << "," << CsvNumber(a.mean) << "," << CsvNumber(a.ci95_low) << "," << CsvNumber(a.ci95_high)
        << "," << CsvNumber(w.downtime_minutes_per_year[l].mean) << "," << CsvNumber(out.per_year)
        << "," << CsvNumber(out.mean_minutes) << "," << CsvNumber(out.p50_minutes) << ","
        << CsvNumber(out.p95_minutes) << "," << CsvNumber(out.p99_minutes) << ","
        << CsvNumber(out.max_minutes) << "," << CsvNumber(w.recovery_mean_s) << ","
        << CsvNumber(w.recovery_p99_s) << "\n";
    }
  }
  return o.str();
}

void SetLevels(const std::array<Estimate, kLevels>& e, proto::LevelEstimates* out) {
  for (int l = 0; l < kLevels; ++l) SetEstimate(e[l], AtLevel(out, l));
}

std::string Years(SimTime horizon, SimTime warmup) {
  const double years = ToSeconds(horizon - warmup) / kSecondsPerYear;
  return Fixed(years, years < 1 ? 3 : 1);
}

// A paired difference in minutes per year, with its interval, "*" when the interval excludes 0.
std::string DeltaText(const Estimate& d) {
  const bool significant = d.ci95_low > 0 || d.ci95_high < 0;
  // Rounded to 0.0, a difference has no sign ("-0.0" would read as a real decrease).
  auto signed_fixed = [](double v) {
    return std::fabs(v) < 0.05 ? std::string("0.0") : (v > 0 ? "+" : "") + Fixed(v, 1);
  };
  return signed_fixed(d.mean) + " min [" + signed_fixed(d.ci95_low) + ", " +
         signed_fixed(d.ci95_high) + "]" + (significant ? " *" : "");
}

// The element of `items` named `name` (workload names are unique), or null.
template <typename T>
const T* Named(const std::vector<T>& items, const std::string& name) {
  for (const T& x : items) {
    if (x.name == name) return &x;
  }
  return nullptr;
}

std::string ComparisonText(const Comparison& c) {
  std::ostringstream o;
  const RunSummary& first = c.variants.front().summary;
  o << "compare " << first.scenario << ": " << c.variants.size() << " variants, "
    << first.replications << " replications x " << Years(first.horizon, first.warmup)
    << " simulated years each, seed " << first.seed
    << "; every variant sees the same failures, so differences are paired\n\n";
  size_t width = 8;
  for (const auto& v : c.variants) width = std::max(width, v.name.size() + 1);
  for (size_t i = 0; i < c.variants.size(); ++i) {
    const auto& v = c.variants[i];
    o << "  " << v.name << std::string(width - v.name.size(), ' ');
    if (v.overrides.empty()) o << "(the scenario as written)";
    for (size_t k = 0; k < v.overrides.size(); ++k) o << (k > 0 ? ", " : "") << v.overrides[k];
    o << (i == 0 ? "   <- the reference" : "") << "\n";
  }
  o << "\n";
  const std::string& ref = c.variants.front().name;
  for (size_t w = 0; w < first.workloads.size(); ++w) {
    const WorkloadSummary& w0 = first.workloads[w];
    o << w0.kind << " " << w0.name << " (" << w0.replicas
      << (w0.replicas == 1 ? " replica" : " replicas") << "; quorum " << w0.thresholds[1]
      << ", required " << w0.thresholds[3] << ")\n";
    // Levels that need the same number of ready replicas are the same figures: one row, named
    // by all of them ("all=quorum").
    std::array<std::string, kLevels> label;
    for (int l = 0; l < kLevels; ++l) {
      int same = l;
      for (int k = 0; k < l; ++k) {
        if (w0.thresholds[k] == w0.thresholds[l]) {
          same = k;
          break;
        }
      }
      if (same == l) {
        label[l] = kLevelNames[l];
      } else {
        label[same] += std::string("=") + kLevelNames[l];
      }
    }
    size_t level_width = 9;
    for (const auto& x : label) level_width = std::max(level_width, x.size() + 1);
    char line[400];
    std::snprintf(line, sizeof line, "  %-*s %-*s %-12s %-27s %-13s %s\n",
                  static_cast<int>(level_width), "level", static_cast<int>(width), "variant",
                  "availability", "95% CI", "downtime/yr",
                  ("minus " + ref + ", paired 95% CI").c_str());
    o << line;
    for (int l = 0; l < kLevels; ++l) {
      if (label[l].empty()) continue;
      for (const auto& v : c.variants) {
        const WorkloadSummary* ws = Named(v.summary.workloads, w0.name);
        const WorkloadDelta* d = Named(v.delta_vs_first, w0.name);
        if (ws == nullptr) continue;
        const auto& a = ws->availability[l];
        const std::string ci = "[" + Pct(a.ci95_low) + ", " + Pct(a.ci95_high) + "]";
        const std::string delta = &v == &c.variants.front() || d == nullptr
                                      ? ""
                                      : DeltaText(d->downtime_minutes_per_year[l]);
        std::snprintf(line, sizeof line, "  %-*s %-*s %-12s %-27s %-13s %s\n",
                      static_cast<int>(level_width), label[l].c_str(), static_cast<int>(width),
                      v.name.c_str(), Pct(a.mean).c_str(), ci.c_str(),
                      (Fixed(ws->downtime_minutes_per_year[l].mean, 1) + " min").c_str(),
                      delta.c_str());
        o << line;
      }
    }
    if (w0.elects_leader) {
      for (const auto& v : c.variants) {
        const WorkloadSummary* ws = Named(v.summary.workloads, w0.name);
        const WorkloadDelta* d = Named(v.delta_vs_first, w0.name);
        if (ws == nullptr) continue;
        const auto& l = ws->leaderless_minutes_per_year;
        const std::string delta = &v == &c.variants.front() || d == nullptr
                                      ? ""
                                      : DeltaText(d->leaderless_minutes_per_year);
        std::snprintf(line, sizeof line, "  %-*s %-*s %-40s %s\n", static_cast<int>(level_width),
                      "leaderless", static_cast<int>(width), v.name.c_str(),
                      (Fixed(l.mean, 2) + " min/yr [" + Fixed(l.ci95_low, 2) + ", " +
                       Fixed(l.ci95_high, 2) + "]")
                          .c_str(),
                      delta.c_str());
        o << line;
      }
    }
    o << "\n";
  }
  o << "* the paired interval excludes zero: the difference is not noise at 95%\n";
  uint64_t events = 0;
  for (const auto& v : c.variants) events += v.summary.events;
  o << "run: " << events << " events in " << Fixed(c.wall_seconds, 3) << " s on " << first.threads
    << " thread" << (first.threads == 1 ? "" : "s") << "\n";
  return o.str();
}

std::string ComparisonCsv(const Comparison& c) {
  std::ostringstream o;
  o << "scenario,seed,replications,variant,workload,kind,replicas,level,ready_needed,availability,"
       "ci95_low,ci95_high,downtime_minutes_per_year,delta_availability,delta_ci95_low,"
       "delta_ci95_high,delta_downtime_minutes_per_year,delta_downtime_ci95_low,"
       "delta_downtime_ci95_high\n";
  for (const auto& v : c.variants) {
    const RunSummary& s = v.summary;
    for (const auto& w : s.workloads) {
      const WorkloadDelta* d = Named(v.delta_vs_first, w.name);
      for (int l = 0; l < kLevels; ++l) {
        const auto& a = w.availability[l];
        o << CsvText(s.scenario) << "," << s.seed << "," << s.replications << "," << CsvText(v.name)
          << "," << CsvText(w.name) << "," << w.kind << "," << w.replicas << "," << kLevelNames[l]
          << "," << w.thresholds[l] << "," << CsvNumber(a.mean) << "," << CsvNumber(a.ci95_low)
          << "," << CsvNumber(a.ci95_high) << "," << CsvNumber(w.downtime_minutes_per_year[l].mean);
        if (d != nullptr) {
          const auto& da = d->availability[l];
          const auto& dd = d->downtime_minutes_per_year[l];
          o << "," << CsvNumber(da.mean) << "," << CsvNumber(da.ci95_low) << ","
            << CsvNumber(da.ci95_high) << "," << CsvNumber(dd.mean) << "," << CsvNumber(dd.ci95_low)
            << "," << CsvNumber(dd.ci95_high);
        } else {
          o << ",,,,,,";
        }
        o << "\n";
      }
    }
  }
  return o.str();
}

}  // namespace

std::string JsonNumber(double v) { return Number(v); }

std::string FormatComparison(const Comparison& c, ReportFormat format) {
  if (c.variants.empty()) return "";
  switch (format) {
    case ReportFormat::kJson: {
      const RunSummary& first = c.variants.front().summary;
      proto::ComparisonReport r;
      r.set_scenario(first.scenario);
      r.set_seed(first.seed);
      r.set_replications(first.replications);
      r.set_horizon_seconds(ToSeconds(first.horizon));
      r.set_warmup_seconds(ToSeconds(first.warmup));
      uint64_t events = 0;
      for (const auto& v : c.variants) {
        auto* out = r.add_variants();
        out->set_name(v.name);
        for (const auto& o : v.overrides) out->add_overrides(o);
        for (const auto& w : v.summary.workloads) SetWorkload(w, out->add_workloads());
        SetCluster(v.summary, out->mutable_cluster());
        for (const auto& d : v.delta_vs_first) {
          auto* dw = out->mutable_delta_vs_first()->add_workloads();
          dw->set_name(d.name);
          SetLevels(d.availability, dw->mutable_availability());
          SetLevels(d.downtime_minutes_per_year, dw->mutable_downtime_minutes_per_year());
          const double none = std::numeric_limits<double>::quiet_NaN();
          SetEstimate(d.elects_leader ? d.leaderless_minutes_per_year : Estimate{none, none, none},
                      dw->mutable_leaderless_minutes_per_year());
        }
        events += v.summary.events;
      }
      SetRun(events, c.wall_seconds, first.threads, r.mutable_run());
      std::string out;
      WriteJson(r, 0, &out);
      return out + "\n";
    }
    case ReportFormat::kCsv:
      return ComparisonCsv(c);
    case ReportFormat::kText:
      break;
  }
  return ComparisonText(c);
}

// The text table's column widths: each axis as wide as its path or its widest value.
std::vector<size_t> SweepWidths(const SweepInfo& info) {
  std::vector<size_t> widths;
  for (size_t i = 0; i < info.axes.size(); ++i) {
    size_t w = info.axes[i].size();
    if (i < info.values.size()) {
      for (const auto& v : info.values[i]) w = std::max(w, v.size());
    }
    widths.push_back(w);
  }
  return widths;
}

std::string SweepHead(const SweepInfo& info, ReportFormat format) {
  switch (format) {
    case ReportFormat::kJson: {
      std::string out = "{\n  \"scenario\": " + JsonQuote(info.scenario) +
                        ",\n  \"seed\": " + std::to_string(info.seed) +
                        ",\n  \"replications\": " + std::to_string(info.replications) +
                        ",\n  \"horizonSeconds\": " + Number(ToSeconds(info.horizon)) +
                        ",\n  \"warmupSeconds\": " + Number(ToSeconds(info.warmup)) +
                        ",\n  \"axes\": [";
      for (size_t i = 0; i < info.axes.size(); ++i) {
        out += (i > 0 ? ", " : "") + JsonQuote(info.axes[i]);
      }
      return out + "],\n  \"points\": [\n";
    }
    case ReportFormat::kCsv: {
      std::string out = "point";
      for (const auto& a : info.axes) out += "," + CsvText(a);
      return out +
             ",workload,kind,replicas,level,ready_needed,availability,ci95_low,ci95_high,"
             "downtime_minutes_per_year,outages_per_year,outage_mean_minutes,"
             "recovery_mean_seconds\n";
    }
    case ReportFormat::kText:
      break;
  }
  std::ostringstream o;
  o << "sweep " << info.scenario << ": " << info.points << " points, " << info.replications
    << " replications x " << Years(info.horizon, info.warmup) << " simulated years each, seed "
    << info.seed << "\n";
  o << "one row per point and workload, at the workload's required level (its "
       "app.availability)\n\n";
  const std::vector<size_t> widths = SweepWidths(info);
  for (size_t i = 0; i < info.axes.size(); ++i) {
    o << info.axes[i] << std::string(widths[i] - info.axes[i].size() + 2, ' ');
  }
  char line[256];
  std::snprintf(line, sizeof line, "%-16s %-9s %-12s %-27s %s\n", "workload", "level",
                "availability", "95% CI", "downtime/yr");
  o << line;
  return o.str();
}

std::string SweepPointText(const SweepInfo& info, size_t point,
                           const std::vector<std::string>& values, const RunSummary& s,
                           ReportFormat format) {
  switch (format) {
    case ReportFormat::kJson: {
      proto::SweepPointReport r;
      for (size_t i = 0; i < info.axes.size() && i < values.size(); ++i) {
        auto* v = r.add_values();
        v->set_path(info.axes[i]);
        v->set_value(values[i]);
      }
      for (const auto& w : s.workloads) SetWorkload(w, r.add_workloads());
      SetCluster(s, r.mutable_cluster());
      std::string out = "    ";
      WriteJson(r, 4, &out);
      return out;
    }
    case ReportFormat::kCsv: {
      std::ostringstream o;
      for (const auto& w : s.workloads) {
        for (int l = 0; l < kLevels; ++l) {
          const auto& a = w.availability[l];
          o << point;
          for (const auto& v : values) o << "," << CsvText(v);
          o << "," << CsvText(w.name) << "," << w.kind << "," << w.replicas << "," << kLevelNames[l]
            << "," << w.thresholds[l] << "," << CsvNumber(a.mean) << "," << CsvNumber(a.ci95_low)
            << "," << CsvNumber(a.ci95_high) << ","
            << CsvNumber(w.downtime_minutes_per_year[l].mean) << ","
            << CsvNumber(w.outages[l].per_year) << "," << CsvNumber(w.outages[l].mean_minutes)
            << "," << CsvNumber(w.recovery_mean_s) << "\n";
        }
      }
      return o.str();
    }
    case ReportFormat::kText:
      break;
  }
  std::ostringstream o;
  const std::vector<size_t> widths = SweepWidths(info);
  std::string cells;
  for (size_t i = 0; i < values.size() && i < widths.size(); ++i) {
    cells += values[i] + std::string(widths[i] - values[i].size() + 2, ' ');
  }
  char line[256];
  constexpr int kRequired = 3;
  for (const auto& w : s.workloads) {
    const auto& a = w.availability[kRequired];
    const std::string ci = "[" + Pct(a.ci95_low) + ", " + Pct(a.ci95_high) + "]";
    const std::string level =
        std::to_string(w.thresholds[kRequired]) + " of " + std::to_string(w.replicas);
    std::snprintf(line, sizeof line, "%-16s %-9s %-12s %-27s %s\n", w.name.c_str(), level.c_str(),
                  Pct(a.mean).c_str(), ci.c_str(),
                  (Fixed(w.downtime_minutes_per_year[kRequired].mean, 1) + " min").c_str());
    o << cells << line;
  }
  return o.str();
}

std::string SweepSeparator(ReportFormat format) {
  return format == ReportFormat::kJson ? ",\n" : "";
}

std::string SweepTail(const SweepInfo&, ReportFormat format, double wall_seconds, int threads) {
  if (format == ReportFormat::kJson) {
    return "\n  ],\n  \"run\": {\"wallSeconds\": " + Number(wall_seconds) +
           ", \"threads\": " + std::to_string(threads) + "}\n}\n";
  }
  if (format == ReportFormat::kCsv) return "";
  return "\nrun: " + Fixed(wall_seconds, 3) + " s on " + std::to_string(threads) + " thread" +
         (threads == 1 ? "" : "s") + "\n";
}

namespace {

bool Within(double exact, const Estimate& e) {
  return e.ci95_low <= exact && exact <= e.ci95_high;  // false when any of them is NaN
}

void SetExactVsSimulated(double exact, const Estimate& e, proto::ExactVsSimulated* out) {
  out->set_exact(exact);
  out->set_simulated_mean(e.mean);
  out->set_ci95_low(e.ci95_low);
  out->set_ci95_high(e.ci95_high);
  out->set_within_ci(Within(exact, e));
}

void SetAnalytic(const RunSummary& sim, const AnalyticSide& side, proto::AnalyticComparison* a) {
  a->set_reduced(side.exact != nullptr);
  for (const std::string& why : side.why_not) a->add_why_not(why);
  if (side.exact == nullptr) return;
  for (const WorkloadSummary& w : sim.workloads) {
    const WorkloadSummary* x = Named(side.exact->workloads, w.name);
    if (x == nullptr) continue;
    auto* out = a->add_workloads();
    out->set_name(w.name);
    for (int l = 0; l < kLevels; ++l) {
      SetExactVsSimulated(x->availability[l].mean, w.availability[l],
                          AtLevel(out->mutable_availability(), l));
      auto* o = AtLevel(out->mutable_outages(), l);
      o->mutable_per_year()->set_exact(x->outages[l].per_year);
      o->mutable_per_year()->set_simulated(w.outages[l].per_year);
      o->mutable_mean_minutes()->set_exact(x->outages[l].mean_minutes);
      o->mutable_mean_minutes()->set_simulated(w.outages[l].mean_minutes);
    }
    auto* loss = out->mutable_data_loss();
    SetExactVsSimulated(x->data_losses_per_year.mean, w.data_losses_per_year,
                        loss->mutable_events_per_year());
    SetExactVsSimulated(x->loss_probability_per_year.mean, w.loss_probability_per_year,
                        loss->mutable_probability_per_year());
    SetExactVsSimulated(x->mttdl_years.mean, w.mttdl_years, loss->mutable_mttdl_years());
    SetExactVsSimulated(x->loss_probability_in_window.mean, w.loss_probability_in_window,
                        loss->mutable_probability_in_window());
  }
}

std::string AnalyticText(const RunSummary& sim, const AnalyticSide& side) {
  std::ostringstream o;
  if (side.exact == nullptr) {
    o << "\nanalytic: the scenario does not reduce to a Markov chain that analyze can solve:\n";
    for (const std::string& why : side.why_not) o << "  - " << why << "\n";
    return o.str();
  }
  o << "\nanalytic (the exact values of the scenario's Markov chain) beside simulated:\n";
  for (const WorkloadSummary& w : sim.workloads) {
    const WorkloadSummary* x = Named(side.exact->workloads, w.name);
    if (x == nullptr) continue;
    o << w.kind << " " << w.name << "\n";
    char line[256];
    std::snprintf(line, sizeof line, "  %-9s %-12s %-12s %-27s %-7s %-21s %-17s\n", "level",
                  "exact", "simulated", "95% CI", "inside", "outages/y exact/sim",
                  "mean exact/sim");
    o << line;
    for (int l = 0; l < kLevels; ++l) {
      const Estimate& a = w.availability[l];
      const double e = x->availability[l].mean;
      const std::string ci = "[" + Pct(a.ci95_low) + ", " + Pct(a.ci95_high) + "]";
      const std::string per_year =
          Fixed(x->outages[l].per_year, 3) + " / " + Fixed(w.outages[l].per_year, 3);
      const std::string mean =
          Minutes(x->outages[l].mean_minutes) + " / " + Minutes(w.outages[l].mean_minutes);
      std::snprintf(line, sizeof line, "  %-9s %-12s %-12s %-27s %-7s %-21s %-17s\n",
                    kLevelNames[l], Pct(e).c_str(), Pct(a.mean).c_str(), ci.c_str(),
                    Within(e, a) ? "yes" : "NO", per_year.c_str(), mean.c_str());
      o << line;
    }
    if (x->data_losses_per_year.mean > 0 || w.data_losses > 0) {
      auto years = [](const Estimate& e) {
        return Fixed(e.mean, 3) + " y [" + Fixed(e.ci95_low, 3) + ", " + Fixed(e.ci95_high, 3) +
               "]";
      };
      const double mttdl = x->mttdl_years.mean;
      const double p = x->loss_probability_per_year.mean;
      o << "  data loss: MTTDL exact " << Fixed(mttdl, 3) << " y, simulated "
        << years(w.mttdl_years) << (Within(mttdl, w.mttdl_years) ? " (inside)" : " (OUTSIDE)")
        << "; probability per year exact " << Pct(p) << ", simulated "
        << Pct(w.loss_probability_per_year.mean) << " ["
        << Pct(w.loss_probability_per_year.ci95_low) << ", "
        << Pct(w.loss_probability_per_year.ci95_high) << "]"
        << (Within(p, w.loss_probability_per_year) ? " (inside)" : " (OUTSIDE)");
      const double in_window = x->loss_probability_in_window.mean;
      const Estimate& sw = w.loss_probability_in_window;
      o << "; probability in the window exact " << Pct(in_window) << ", simulated " << Pct(sw.mean)
        << " [" << Pct(sw.ci95_low) << ", " << Pct(sw.ci95_high) << "]"
        << (Within(in_window, sw) ? " (inside)" : " (OUTSIDE)") << "\n";
    }
  }
  return o.str();
}

// The CSV with four more columns: each row's exact availability, whether the row's interval
// contains it, and the exact outage frequency and mean length (empty when it does not reduce).
std::string AnalyticCsv(const RunSummary& sim, const AnalyticSide& side) {
  std::istringstream in(Csv(sim));
  std::ostringstream o;
  std::string line;
  std::getline(in, line);
  o << line << ",exact_availability,exact_within_ci,exact_outages_per_year,"
    << "exact_outage_mean_minutes\n";
  for (const WorkloadSummary& w : sim.workloads) {
    const WorkloadSummary* x =
        side.exact == nullptr ? nullptr : Named(side.exact->workloads, w.name);
    for (int l = 0; l < kLevels; ++l) {
      std::getline(in, line);
      o << line;
      if (x == nullptr) {
        o << ",,,,\n";
        continue;
      }
      const double e = x->availability[l].mean;
      o << "," << CsvNumber(e) << "," << (Within(e, w.availability[l]) ? "true" : "false") << ","
        << CsvNumber(x->outages[l].per_year) << "," << CsvNumber(x->outages[l].mean_minutes)
        << "\n";
    }
  }
  return o.str();
}

}  // namespace

std::string FormatReport(const RunSummary& summary, ReportFormat format,
                         const AnalyticSide& analytic) {
  switch (format) {
    case ReportFormat::kJson: {
      proto::Report r = ToProto(summary);
      SetAnalytic(summary, analytic, r.mutable_analytic());
      std::string out;
      WriteJson(r, 0, &out);
      return out + "\n";
    }
    case ReportFormat::kCsv:
      return AnalyticCsv(summary, analytic);
    case ReportFormat::kText:
      break;
  }
  return Text(summary) + AnalyticText(summary, analytic);
}

std::string FormatReport(const RunSummary& summary, ReportFormat format) {
  switch (format) {
    case ReportFormat::kJson: {
      std::string out;
      WriteJson(ToProto(summary), 0, &out);
      return out + "\n";
    }
    case ReportFormat::kCsv:
      return Csv(summary);
    case ReportFormat::kText:
      break;
  }
  return Text(summary);
}

}  // namespace clustersim
