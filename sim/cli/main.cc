// The `clustersim` command: parses the command line, loads the scenario, runs it and writes the
// report. Exit codes: 0 success, 1 runtime failure, 2 bad input or usage. Diagnostics go to
// stderr as `file:line:column: error: message`; reports go to stdout or, atomically, to -o.
#include <unistd.h>

#include <algorithm>
#include <boost/program_options.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "cli/common.h"
#include "cli/experiment_commands.h"
#include "cli/html_commands.h"
#include "clustersim/analysis/ctmc.h"
#include "clustersim/cli/command_line.h"
#include "clustersim/core/random.h"
#include "clustersim/experiment/runner.h"
#include "clustersim/k8s/cluster_model.h"
#include "clustersim/metrics/report.h"
#include "clustersim/policy/policy_registry.h"
#include "clustersim/policy/registry.h"
#include "clustersim/scenario/loader.h"
#include "clustersim/scenario/names.h"
#include "clustersim/scenario/units.h"

namespace po = boost::program_options;
using namespace clustersim;
using namespace clustersim::cli;

namespace {

const char* kUsage =
    "usage: clustersim COMMAND [options]\n"
    "\n"
    "commands:\n"
    "  run SCENARIO        simulate and print the availability report\n"
    "  validate SCENARIO   check a scenario; prints nothing and exits 0 when it is valid\n"
    "  trace SCENARIO      print the Kubernetes event timeline of one replication\n"
    "  schedule SCENARIO   place every workload's pods at time 0 and explain each placement\n"
    "  compare SCENARIO    run the experiments.compare variants on the same failures and\n"
    "                      report each one's difference from the first with a paired 95% CI\n"
    "  sweep SCENARIO      run every point of the experiments.sweep grid (resumable with -o)\n"
    "  analyze SCENARIO    the exact answer of the scenario's Markov chain, where it has one\n"
    "                      (identical exponential node failures and repairs, zone outages,\n"
    "                      replicas pinned one per node); exit 1 naming what prevents it\n"
    "                      otherwise\n"
    "  check SCENARIO      hold the run to the scenario's slo targets: exit 0 when all are met,\n"
    "                      3 when one is violated, 4 when the run cannot tell\n"
    "  report RESULT.json [MORE.json ...] [-o FILE.html]\n"
    "                      render saved JSON reports (-f json) as one self-contained HTML page\n"
    "  list                list policies, scheduler plugins and distributions\n"
    "\n"
    "run options:\n"
    "  -r, --replications N    replications (overrides simulation.replications)\n"
    "  -s, --seed SEED         root seed (overrides simulation.seed)\n"
    "      --horizon D         simulated time per replication, e.g. 10y\n"
    "  -j, --threads N         worker threads (0 = all cores)\n"
    "  -f, --format F          text (default), json or csv\n"
    "  -o, --output FILE       write the report to FILE (atomically) instead of stdout\n"
    "      --strict            treat warnings (unmodelled manifest fields, selectors that\n"
    "                          select nothing, ...) as errors\n"
    "      --set PATH=VALUE    override a scenario field, e.g. cluster.nodePools[0].count=5\n"
    "      --report FILE.html  (run, compare, sweep, check) also write the report as one\n"
    "                          self-contained HTML page with charts; its timeline traces the\n"
    "                          replication with the most downtime, or --replication N\n"
    "      --compare-analytic  (run only) also solve the scenario's Markov chain, as analyze\n"
    "                          does, and put the exact values beside the simulated ones; a\n"
    "                          scenario that does not reduce runs as usual (stderr says why)\n"
    "schedule options:\n"
    "  -f, --format F          text (default: the chosen and the best other nodes) or json (all\n"
    "                          evaluated nodes with every plugin's score)\n"
    "sweep options:\n"
    "      --max-points N      run at most N more points, keep them in FILE.partial (needs -o)\n"
    "                          and stop; the same command run again goes on\n"
    "trace options:\n"
    "      --replication N     which replication to trace (default 0)\n"
    "      --until D           stop the trace at simulated time D (default: the horizon)\n"
    "\n"
    "compare, sweep and check take the run options too; a sweep written with -o FILE keeps its\n"
    "finished points in FILE.partial, and the same command run again resumes from them.\n"
    "\n"
    "exit codes: 0 success, 1 runtime failure, 2 bad input or usage; check: 3 an slo target\n"
    "violated, 4 undecided\n";

int UsageError(const std::string& message) {
  std::cerr << "clustersim: error: " << message << "\n\n" << kUsage;
  return kExitUsage;
}

// Every name a scenario may use, from the tables and registries the loader reads (so the two
// cannot drift; cli_test checks both ways): a section per field, a name per line indented by
// two spaces, a policy's parameters under it indented by six.
int List() {
  auto print = [](const char* title, const std::vector<std::string>& names) {
    std::cout << title << ":\n";
    for (const auto& n : names) std::cout << "  " << n << "\n";
  };
  auto policies = [](const char* title, const auto& rows) {
    std::cout << title << ":\n";
    for (const auto& r : rows) {
      std::cout << "  " << r.name << std::string(r.name.size() < 22 ? 22 - r.name.size() : 1, ' ')
                << r.summary << "\n";
      for (const PolicyParam& p : r.params) {
        std::cout << "      " << p.name << " (" << PolicyParamKindName(p.kind)
                  << (p.required                ? ", required"
                      : p.default_value.empty() ? ""
                                                : ", default " + p.default_value)
                  << "): " << p.help << "\n";
      }
    }
  };
  print("scheduler profiles", BuiltinProfileNames());
  std::cout << "scheduler plugins:\n";
  for (const SchedulerPluginInfo& p : SchedulerPlugins()) {
    std::cout << "  " << p.name << std::string(p.name.size() < 32 ? 32 - p.name.size() : 1, ' ')
              << p.summary;
    if (p.score) std::cout << " (default weight " << p.default_weight << ")";
    if (p.filter && !p.filter_always) std::cout << " (a filter of policies.scheduler.filters)";
    std::cout << "\n";
  }
  policies("failover policies", FailoverPolicies());
  policies("recovery policies", RecoveryPolicies());
  print("distributions", DistributionNames());
  print("storage kinds", WordNames(kStorageKinds));
  print("failure targets", WordNames(kFailureTargets));
  std::vector<std::string> levels = WordNames(kAvailabilityWords);
  levels.push_back(kAvailabilityCount);
  print("availability levels", levels);
  return kExitOk;
}

class TracePrinter final : public ModelObserver {
 public:
  explicit TracePrinter(const ClusterModel** model) : model_(model) {}
  void OnReadyChanged(uint32_t, int, SimTime) override {}
  void OnTrace(const TraceRecord& r) override {
    const ClusterModel& m = **model_;
    char t[32];
    std::snprintf(t, sizeof t, "%12.3f", ToSeconds(r.time));
    std::cout << t << "s  " << TraceKindName(r.kind);
    if (r.pod != UINT32_MAX) std::cout << " pod=" << m.PodName(r.pod);
    if (r.node != UINT32_MAX) std::cout << " node=" << m.NodeName(r.node);
    if (r.volume != UINT32_MAX) std::cout << " volume=" << m.VolumeName(r.volume);
    if (r.detail != nullptr) std::cout << " (" << r.detail << ")";
    std::cout << "\n";
  }

 private:
  const ClusterModel** model_;
};

// Collects the time-0 placements with their explanations, for `clustersim schedule`.
class PlacementPrinter final : public ModelObserver {
 public:
  explicit PlacementPrinter(const ClusterModel** model) : model_(model) {}
  void OnReadyChanged(uint32_t, int, SimTime) override {}
  void OnPlacement(uint32_t pod, uint32_t node, const char* reason,
                   const Scheduler::Explanation& why) override {
    const ClusterModel& m = **model_;
    Placement p;
    p.pod = m.PodName(pod);
    p.node = node == UINT32_MAX ? "" : m.NodeName(node);
    p.reason = reason ? reason : "";
    for (const auto& c : why.candidates) {
      Candidate out;
      out.node = m.NodeName(c.node);
      out.feasible = c.feasible;
      out.reason = c.reason ? c.reason : "";
      for (const auto& [plugin, score] : c.scores) out.scores.emplace_back(plugin, score);
      out.total = c.total;
      p.candidates.push_back(std::move(out));
    }
    placements_.push_back(std::move(p));
  }

  std::string Text() const {
    std::ostringstream o;
    for (const auto& p : placements_) {
      if (p.node.empty()) {
        o << p.pod << ": unschedulable: " << p.reason << " (" << p.candidates.size()
          << " nodes examined)\n";
        continue;
      }
      if (p.reason == kBoundByNodeName) {
        o << p.pod << " -> " << p.node << " (" << p.reason << ", not scheduled)\n";
        continue;
      }
      int feasible = 0;
      for (const auto& c : p.candidates) feasible += c.feasible;
      o << p.pod << " -> " << p.node << " (" << p.candidates.size() << " nodes examined, "
        << feasible << " feasible)\n";
      // The chosen node first, then the best others by total; at most 5 lines.
      std::vector<const Candidate*> shown;
      for (const auto& c : p.candidates) {
        if (c.node == p.node) shown.insert(shown.begin(), &c);
      }
      std::vector<const Candidate*> rest;
      for (const auto& c : p.candidates) {
        if (c.feasible && c.node != p.node) rest.push_back(&c);
      }
      std::stable_sort(rest.begin(), rest.end(),
                       [](const Candidate* a, const Candidate* b) { return a->total > b->total; });
      for (const Candidate* c : rest) {
        if (shown.size() >= 5) break;
        shown.push_back(c);
      }
      if (feasible == 1) {
        o << "    * " << p.node << "  the only feasible node: chosen without scoring\n";
        shown.clear();
      }
      for (const Candidate* c : shown) {
        o << "    " << (c->node == p.node ? "* " : "  ") << c->node << "  total " << c->total;
        for (const auto& [plugin, score] : c->scores) o << "  " << plugin << "=" << score;
        o << "\n";
      }
      std::map<std::string, int> rejected;
      for (const auto& c : p.candidates) {
        if (!c.feasible) ++rejected[c.reason];
      }
      for (const auto& [reason, count] : rejected) {
        o << "    " << count << " node(s) rejected: " << reason << "\n";
      }
    }
    return o.str();
  }

  std::string Json() const {
    std::ostringstream o;
    o << "{\n  \"placements\": [";
    for (size_t i = 0; i < placements_.size(); ++i) {
      const auto& p = placements_[i];
      o << (i ? "," : "") << "\n    {\"pod\": " << JsonQuote(p.pod)
        << ", \"node\": " << (p.node.empty() ? "null" : JsonQuote(p.node));
      if (p.node.empty() || p.reason == kBoundByNodeName) {
        o << ", \"reason\": " << JsonQuote(p.reason);
      }
      o << ", \"candidates\": [";
      for (size_t j = 0; j < p.candidates.size(); ++j) {
        const auto& c = p.candidates[j];
        o << (j ? "," : "") << "\n      {\"node\": " << JsonQuote(c.node)
          << ", \"feasible\": " << (c.feasible ? "true" : "false") << ", \"reasons\": [";
        if (!c.feasible) o << JsonQuote(c.reason);
        o << "], \"scores\": {";
        for (size_t k = 0; k < c.scores.size(); ++k) {
          o << (k ? ", " : "") << JsonQuote(c.scores[k].first) << ": " << c.scores[k].second;
        }
        o << "}, \"total\": " << c.total << "}";
      }
      o << "\n    ]}";
    }
    o << "\n  ]\n}\n";
    return o.str();
  }

 private:
  struct Candidate {
    std::string node;
    bool feasible = false;
    std::string reason;
    std::vector<std::pair<std::string, int64_t>> scores;
    int64_t total = 0;
  };
  struct Placement {
    std::string pod, node, reason;
    std::vector<Candidate> candidates;
  };
  const ClusterModel** model_;
  std::vector<Placement> placements_;
};

}  // namespace

int clustersim::CommandLineMain(int argc, char** argv) {
  if (argc < 2) return UsageError("no command given");
  const std::string command = argv[1];
  if (command == "-h" || command == "--help" || command == "help") {
    std::cout << kUsage;
    return kExitOk;
  }
  if (command == "list") {
    if (argc > 2)
      return UsageError(std::string("list takes no arguments (found '") + argv[2] + "')");
    return List();
  }
  if (command == "report") return ReportCommand(std::vector<std::string>(argv + 2, argv + argc));
  const std::vector<std::string> known = {"run",   "validate", "trace",   "schedule", "compare",
                                          "sweep", "check",    "analyze", "report",   "list"};
  if (std::find(known.begin(), known.end(), command) == known.end()) {
    std::string hint = NearestName(command, known);
    return UsageError("unknown command '" + command + "'" +
                      (hint.empty() ? "" : " (did you mean '" + hint + "'?)") + "; expected " +
                      JoinNames(known));
  }

  po::options_description opts;
  std::string replications, seed, horizon, format = "text", output, until, html_path;
  int threads = 0;
  uint64_t trace_rep = 0;
  long max_points = -1;
  bool compare_analytic = false;
  std::vector<std::string> sets;
  Common common;
  opts.add_options()("help,h", "")("scenario", po::value(&common.scenario))(
      "replications,r", po::value(&replications))("seed,s", po::value(&seed))(
      "horizon", po::value(&horizon))("threads,j", po::value(&threads))(
      "format,f", po::value(&format))("output,o", po::value(&output))(
      "set", po::value(&sets)->composing())("replication", po::value(&trace_rep))(
      "until", po::value(&until))("max-points", po::value(&max_points))(
      "strict", po::bool_switch(&common.strict))(
      "compare-analytic", po::bool_switch(&compare_analytic))("report", po::value(&html_path));
  po::positional_options_description pos;
  pos.add("scenario", 1);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(argc - 1, argv + 1).options(opts).positional(pos).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    return UsageError(e.what());
  }
  if (vm.count("help")) {
    std::cout << kUsage;
    return kExitOk;
  }
  if (common.scenario.empty()) return UsageError(command + " needs a SCENARIO file");
  if (vm.count("threads") && (threads < 0 || threads > 4096)) {
    return UsageError("--threads must be between 0 (all cores) and 4096 (found " +
                      std::to_string(threads) + ")");
  }
  ReportFormat fmt;
  if (format == "text") {
    fmt = ReportFormat::kText;
  } else if (format == "json") {
    fmt = ReportFormat::kJson;
  } else if (format == "csv") {
    fmt = ReportFormat::kCsv;
  } else {
    return UsageError("--format must be text, json or csv (found '" + format + "')");
  }
  for (const auto& s : sets) {
    Override o;
    std::string why;
    if (!ParseOverride(s, &o, &why)) return UsageError("--set: " + why);
    common.overrides.push_back(o);
  }
  if (!replications.empty()) {
    common.overrides.push_back({"simulation.replications", replications, "-r " + replications});
  }
  if (!seed.empty()) common.overrides.push_back({"simulation.seed", seed, "-s " + seed});
  if (!horizon.empty()) {
    common.overrides.push_back({"simulation.horizon", horizon, "--horizon " + horizon});
  }

  if (compare_analytic && command != "run") {
    return UsageError("--compare-analytic is a run option");
  }
  std::optional<Scenario> scenario = Load(common);
  if (!scenario) return kExitUsage;
  // A broken variant or sweep value is an error in the file whatever the command: every
  // command checks them (compare and sweep load their own as they go).
  if (!ValidateExperiments(common, *scenario, /*variants=*/command != "compare",
                           /*sweep=*/command != "sweep")) {
    return kExitUsage;
  }
  HtmlOptions html;
  if (vm.count("report")) {
    if (command != "run" && command != "compare" && command != "sweep" && command != "check") {
      return UsageError("--report is an option of run, compare, sweep and check");
    }
    if (html_path.empty()) return UsageError("--report needs a FILE.html");
    html.path = html_path;
    if (vm.count("replication")) {
      if (trace_rep >= static_cast<uint64_t>(scenario->simulation.replications)) {
        return UsageError("--replication must be below the number of replications (" +
                          std::to_string(scenario->simulation.replications) + ")");
      }
      html.replication = static_cast<int64_t>(trace_rep);
    }
  }
  if (command == "validate") return kExitOk;
  OutputOptions out;
  out.html = html;
  out.format = fmt;
  out.format_name = format;
  out.output = output;
  out.threads = vm.count("threads") ? threads : -1;
  if (vm.count("max-points")) {
    if (command != "sweep") return UsageError("--max-points is a sweep option");
    if (max_points < 0) return UsageError("--max-points must be 0 or more");
    out.max_points = max_points;
  }
  if (command == "compare") return CompareCommand(common, *scenario, out);
  if (command == "sweep") return SweepCommand(common, *scenario, out);
  if (command == "check") return CheckCommand(*scenario, out);
  if (command == "analyze") {
    const AnalysisResult a = AnalyzeScenario(*scenario);
    if (!a.reduced) {
      std::cerr << "clustersim: error: " << common.scenario
                << " does not reduce to a Markov chain that analyze can solve:\n";
      for (const std::string& why : a.why_not) std::cerr << "  - " << why << "\n";
      std::cerr << "run it with 'clustersim run' instead\n";
      return kExitRuntime;
    }
    return Emit(FormatReport(a.summary, fmt), output);
  }

  if (command == "schedule") {
    if (fmt == ReportFormat::kCsv) return UsageError("schedule writes text or json, not csv");
    const ClusterModel* model_ptr = nullptr;
    PlacementPrinter printer(&model_ptr);
    ClusterModel model(*scenario, scenario->simulation.seed, 0, &printer, true);
    model_ptr = &model;
    model.RunUntil(0);
    return Emit(fmt == ReportFormat::kJson ? printer.Json() : printer.Text(), output);
  }

  if (command == "trace") {
    SimTime end = scenario->simulation.horizon;
    if (!until.empty()) {
      std::string why;
      if (!ParseDuration(until, &end, &why)) return UsageError("--until: " + why);
    }
    const ClusterModel* model_ptr = nullptr;
    TracePrinter printer(&model_ptr);
    ClusterModel model(*scenario, scenario->simulation.seed, trace_rep, &printer, true);
    model_ptr = &model;
    model.RunUntil(end);
    return kExitOk;
  }

  // Solved before the run, so that a scenario that does not reduce says so at once.
  std::optional<AnalysisResult> analytic;
  if (compare_analytic) {
    analytic = AnalyzeScenario(*scenario);
    if (!analytic->reduced) {
      std::cerr << "clustersim: note: " << common.scenario
                << " does not reduce to a Markov chain that analyze can solve, so there is no "
                   "exact value to compare with:\n";
      for (const std::string& why : analytic->why_not) std::cerr << "  - " << why << "\n";
    }
  }

  RunOptions run;
  run.threads = vm.count("threads") ? threads : scenario->simulation.threads;
  // A progress line only where a person watches, and only once a run is slow enough to need it.
  const bool tty = isatty(STDERR_FILENO) != 0;
  const auto start = std::chrono::steady_clock::now();
  auto last = start;
  bool shown = false;
  if (tty) {
    run.progress = [&](int done, int total) {
      const auto now = std::chrono::steady_clock::now();
      if (now - start < std::chrono::seconds(1) || now - last < std::chrono::milliseconds(200)) {
        return;
      }
      last = now;
      shown = true;
      std::fprintf(stderr, "\r  replication %d/%d", done, total);
      std::fflush(stderr);
    };
  }
  WorstReplication worst;
  if (!html.path.empty()) {
    run.on_replication = [&](int r, const ReplicationResult& result) { worst.Add(r, result); };
  }
  RunSummary summary;
  try {
    summary = RunScenario(*scenario, run);
  } catch (const std::exception& e) {
    std::cerr << "clustersim: error: the run failed: " << e.what() << "\n";
    return kExitRuntime;
  }
  if (shown) std::fprintf(stderr, "\r%40s\r", "");
  if (!html.path.empty()) {
    const int rc = RunHtml(*scenario, summary, worst.worst(), html);
    if (rc != kExitOk) return rc;
  }
  if (analytic) {
    AnalyticSide side;
    side.exact = analytic->reduced ? &analytic->summary : nullptr;
    side.why_not = analytic->why_not;
    return Emit(FormatReport(summary, fmt, side), output);
  }
  return Emit(FormatReport(summary, fmt), output);
}
