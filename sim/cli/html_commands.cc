#include "cli/html_commands.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

#include "clustersim/k8s/cluster_model.h"
#include "clustersim/metrics/report.h"
#include "clustersim/metrics/timeline.h"
#include "clustersim/policy/policy_registry.h"
#include "clustersim/policy/registry.h"
#include "clustersim/report/html.h"
#include "clustersim/report/scale.h"
#include "clustersim/scenario/units.h"

#ifndef CLUSTERSIM_VERSION
#define CLUSTERSIM_VERSION "unknown"
#endif

namespace clustersim::cli {
namespace {

using report::Page;
using report::Section;

bool ReadWhole(const std::string& path, std::string* out, std::string* why) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *why = std::strerror(errno);
    return false;
  }
  std::ostringstream buf;
  buf << in.rdbuf();
  if (in.bad()) {
    *why = std::strerror(errno);
    return false;
  }
  *out = buf.str();
  return true;
}

// The scenario file's opening comment: its question. Comment lines up to the first other line,
// joined into paragraphs (a line of only '#' separates them).
std::string OpeningComment(const std::string& path) {
  std::ifstream in(path);
  std::string line, out, para;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] != '#') break;
    std::string text = line.substr(line.size() > 1 && line[1] == ' ' ? 2 : 1);
    if (text.find_first_not_of(" \t") == std::string::npos) {
      if (!para.empty()) out += (out.empty() ? "" : "\n\n") + para;
      para.clear();
      continue;
    }
    para += (para.empty() ? "" : " ") + text;
  }
  if (!para.empty()) out += (out.empty() ? "" : "\n\n") + para;
  return out;
}

std::string Memory(int64_t bytes) {
  const double gib = static_cast<double>(bytes) / (1024.0 * 1024 * 1024);
  return report::Plain(gib) + " GiB";
}

const char* TargetName(FailureTargetKind k) {
  switch (k) {
    case FailureTargetKind::kNode:
      return "each node";
    case FailureTargetKind::kZone:
      return "each zone";
    case FailureTargetKind::kRack:
      return "each rack";
    case FailureTargetKind::kDisk:
      return "each node's disk";
  }
  return "?";
}

report::Header HeaderOf(const Scenario& s, const std::string& path) {
  report::Header h;
  h.title = "clustersim report: " + s.name;
  h.question = OpeningComment(path);
  h.description = s.description;
  std::set<std::string> zones;
  std::string pools;
  for (const NodePool& p : s.node_pools) {
    for (const std::string& z : p.zones) zones.insert(z);
    pools += (pools.empty() ? "" : "; ") + p.name + ": " + std::to_string(p.count) + " × (" +
             report::Plain(static_cast<double>(p.capacity.cpu_milli) / 1000) + " CPU, " +
             Memory(p.capacity.memory_bytes) + ")";
  }
  h.cluster = std::to_string(s.NodeCount()) + " nodes in " +
              std::to_string(std::max<size_t>(zones.size(), 1)) + " zone" +
              (zones.size() > 1 ? "s" : "") + " (" + pools + ")";
  for (size_t i = 0; i < s.workloads.size(); ++i) {
    if (i == 20) {
      h.workloads.push_back("… and " + std::to_string(s.workloads.size() - 20) + " more");
      break;
    }
    const Workload& w = s.workloads[i];
    h.workloads.push_back(std::string(WorkloadKindName(w.kind)) + " " + w.name + ": " +
                          std::to_string(w.replicas) +
                          (w.replicas == 1 ? " replica, " : " replicas, ") +
                          std::to_string(LevelThresholds(w)[3]) + " needed ready");
  }
  h.policies.push_back("failover: " + DescribeFailoverPolicy(s.failover));
  h.policies.push_back("recovery: " + DescribeRecoveryPolicy(s.recovery));
  h.policies.push_back("scheduler profile: " + s.scheduler.config.profile);
  for (const FailureSpec& fs : s.failures) {
    std::string line = fs.name + ": ";
    if (fs.drain) {
      line += "a drain of each node every " + FormatDuration(fs.drain->every);
    } else if (!fs.trace.empty()) {
      line += std::to_string(fs.trace.size()) + " outages replayed from " + fs.trace_file;
    } else {
      line += TargetName(fs.target);
      if (!fs.pool.empty()) line += " of pool " + fs.pool;
      if (fs.every) line += ", up for " + fs.every->ToString();
      if (fs.lasts) line += ", down for " + fs.lasts->ToString();
      if (!fs.at.empty()) line += ", at " + std::to_string(fs.at.size()) + " fixed times";
      line += fs.effect == FailureEffect::kLoss ? " (loss: its local data goes)" : " (crash)";
    }
    h.failures.push_back(line);
  }
  h.seed = std::to_string(s.simulation.seed);
  h.replications = std::to_string(s.simulation.replications);
  h.horizon = FormatDuration(s.simulation.horizon) + " per replication" +
              (s.simulation.warmup > 0
                   ? ", the first " + FormatDuration(s.simulation.warmup) + " a warm-up not counted"
                   : "");
  h.version = CLUSTERSIM_VERSION;
  return h;
}

// The scenario's slo targets and Kubernetes timers on a section.
void AddScenarioFacts(const Scenario& s, Section* section) {
  section->timers.grace = ToSeconds(s.kubernetes.node_monitor_grace_period);
  section->timers.toleration = ToSeconds(s.kubernetes.default_toleration_seconds);
  section->timers.force_detach = ToSeconds(s.kubernetes.force_detach_timeout);
  section->timers.from_scenario = true;
  if (!section->slo.empty()) return;  // a check's targets, with their verdicts
  for (const SloTarget& t : s.slo) {
    report::SloTarget out;
    out.workload = t.workload < s.workloads.size() ? s.workloads[t.workload].name : "";
    out.level = t.level;
    out.availability = t.availability;
    section->slo.push_back(out);
  }
}

Timeline RecordTimeline(const Scenario& s, uint64_t replication,
                        const std::vector<std::string>& names, const std::string& why) {
  std::vector<uint32_t> order;
  for (const std::string& n : names) {
    for (size_t w = 0; w < s.workloads.size(); ++w) {
      if (s.workloads[w].name == n) order.push_back(static_cast<uint32_t>(w));
    }
  }
  TimelineRecorder recorder(s, order, s.simulation.horizon);
  ClusterModel model(s, s.simulation.seed, replication, &recorder, /*trace=*/true);
  recorder.Attach(&model);
  model.RunUntil(s.simulation.horizon);
  Timeline t = recorder.Finish();
  t.replication = replication;
  t.why = why;
  return t;
}

std::string Why(const HtmlOptions& html) {
  return html.replication >= 0 ? "chosen with --replication"
                               : "the one with the most downtime at the required levels";
}

bool Read(const std::string& json, Section* section) {
  std::string error;
  if (!report::ReadResults("", json, section, &error)) {
    // The command's own JSON: a failure here is a bug, not bad input.
    std::cerr << "clustersim: error: the report's JSON could not be read back: " << error << "\n";
    return false;
  }
  return true;
}

int Write(const Page& page, const std::string& path) {
  return Emit(report::RenderHtml(page), path);
}

}  // namespace

void WorstReplication::Add(int replication, const ReplicationResult& r) {
  int64_t total = 0;
  for (const auto& w : r.downtime_us) total += w[3];
  if (total > most_) {
    most_ = total;
    worst_ = static_cast<uint64_t>(replication);
  }
}

int RunHtml(const Scenario& scenario, const RunSummary& summary, uint64_t worst,
            const HtmlOptions& html, const std::string& check_json) {
  Page page;
  page.header = HeaderOf(scenario, scenario.path);
  Section run;
  if (!Read(FormatReport(summary, ReportFormat::kJson), &run)) return kExitRuntime;
  report::AddOutageHistograms(summary, &run.run);
  if (!check_json.empty()) {
    Section check;
    if (!Read(check_json, &check)) return kExitRuntime;
    check.run = std::move(run.run);
    check.seed = run.seed;
    check.horizon_seconds = run.horizon_seconds;
    check.warmup_seconds = run.warmup_seconds;
    run = std::move(check);
  }
  AddScenarioFacts(scenario, &run);
  const std::vector<std::string> names = report::SelectWorkloads(&run);
  const uint64_t r = html.replication >= 0 ? static_cast<uint64_t>(html.replication) : worst;
  run.timelines.push_back(RecordTimeline(scenario, r, names, Why(html)));
  page.sections.push_back(std::move(run));
  return Write(page, html.path);
}

int CompareHtml(const Scenario& scenario, const std::vector<const Scenario*>& scenarios,
                const Comparison& comparison, uint64_t worst, const HtmlOptions& html) {
  Page page;
  page.header = HeaderOf(scenario, scenario.path);
  Section s;
  if (!Read(FormatComparison(comparison, ReportFormat::kJson), &s)) return kExitRuntime;
  for (size_t v = 0; v < s.variants.size() && v < comparison.variants.size(); ++v) {
    report::AddOutageHistograms(comparison.variants[v].summary, &s.variants[v].run);
  }
  AddScenarioFacts(scenario, &s);
  const std::vector<std::string> names = report::SelectWorkloads(&s);
  const uint64_t r = html.replication >= 0 ? static_cast<uint64_t>(html.replication) : worst;
  for (size_t v = 0; v < scenarios.size() && v < s.variants.size(); ++v) {
    Timeline t = RecordTimeline(*scenarios[v], r, names,
                                html.replication >= 0
                                    ? Why(html)
                                    : "the one with the most downtime under " + s.variants[0].name +
                                          ", the same failures in every variant");
    t.variant = s.variants[v].name;
    s.timelines.push_back(std::move(t));
  }
  page.sections.push_back(std::move(s));
  return Write(page, html.path);
}

int SweepHtml(const Scenario& scenario, const std::string& sweep_json, const HtmlOptions& html) {
  Page page;
  page.header = HeaderOf(scenario, scenario.path);
  Section s;
  if (!Read(sweep_json, &s)) return kExitRuntime;
  AddScenarioFacts(scenario, &s);
  report::SelectWorkloads(&s);
  page.sections.push_back(std::move(s));
  return Write(page, html.path);
}

int ReportCommand(const std::vector<std::string>& args) {
  const char* usage =
      "usage: clustersim report RESULT.json [MORE.json ...] [-o FILE.html]\n"
      "  renders saved JSON reports (run, analyze, compare, sweep or check with -f json) as one\n"
      "  self-contained HTML page, a section per file, on stdout or atomically to FILE.html\n";
  std::vector<std::string> files;
  std::string output;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "-h" || a == "--help") {
      std::cout << usage;
      return kExitOk;
    }
    if (a == "-o" || a == "--output") {
      if (i + 1 >= args.size()) {
        std::cerr << "clustersim: error: " << a << " needs a FILE\n\n" << usage;
        return kExitUsage;
      }
      output = args[++i];
    } else if (a.rfind("--output=", 0) == 0) {
      output = a.substr(9);
    } else if (!a.empty() && a[0] == '-' && a != "-") {
      std::cerr << "clustersim: error: report does not take the option '" << a << "'\n\n" << usage;
      return kExitUsage;
    } else {
      files.push_back(a);
    }
  }
  if (files.empty()) {
    std::cerr << "clustersim: error: report needs at least one RESULT.json\n\n" << usage;
    return kExitUsage;
  }
  Page page;
  page.header.version = CLUSTERSIM_VERSION;
  for (const std::string& f : files) {
    std::string text, why;
    if (!ReadWhole(f, &text, &why)) {
      std::cerr << "clustersim: error: cannot read '" << f << "': " << why << "\n";
      return kExitUsage;
    }
    Section s;
    if (!report::ReadResults(f, text, &s, &why)) {
      std::cerr << why << "\n";
      return kExitUsage;
    }
    report::SelectWorkloads(&s);
    page.sections.push_back(std::move(s));
  }
  // A check's targets apply to the runs of the same scenario on the page.
  for (Section& s : page.sections) {
    if (s.kind == Section::Kind::kCheck) continue;
    for (const Section& c : page.sections) {
      if (c.kind == Section::Kind::kCheck && c.scenario == s.scenario && s.slo.empty()) {
        s.slo = c.slo;
      }
    }
  }
  return Write(page, output);
}

}  // namespace clustersim::cli
