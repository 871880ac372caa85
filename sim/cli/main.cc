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
#include <limits>
#include <map>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "cli/common.h"
#include "cli/experiment_commands.h"
#include "cli/html_commands.h"
#include "cli/model_commands.h"
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

const char* kUsageText =
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
    "      --max-file-size S   the largest file the scenario may read (itself, manifests,\n"
    "                          traces, empirical distributions); default @MAX_FILE_SIZE@\n"
    "      --set PATH=VALUE    override a scenario field, e.g. cluster.nodePools[0].count=5\n"
    "      --report FILE.html  (run, compare, sweep, check) also write the report as one\n"
    "                          self-contained HTML page with charts; its timeline traces the\n"
    "                          replication with the most downtime, or --replication N\n"
    "      --max-events N      the events one replication may take (default: a hundred times\n"
    "                          what the scenario's failures should make); a scenario\n"
    "                          expected to need more is refused before it runs\n"
    "      --progress          progress lines on stderr even when it is not a terminal\n"
    "      --compare-analytic  (run only) also solve the scenario's Markov chain, as analyze\n"
    "                          does, and put the exact values beside the simulated ones; a\n"
    "                          scenario that does not reduce runs as usual (stderr says why)\n"
    "schedule options:\n"
    "  -f, --format F          text (default) or json: per pod the chosen node and the best\n"
    "                          others with every plugin's score, and how many nodes each\n"
    "                          filter rejected\n"
    "      --all-nodes         every examined node of every pod, feasible or not\n"
    "      --pod NAME          only the pod NAME, with every examined node\n"
    "sweep options:\n"
    "      --max-points N      run at most N more points, keep them in FILE.partial (needs -o)\n"
    "                          and stop; the same command run again goes on\n"
    "trace options:\n"
    "      --replication N     which replication to trace (default 0)\n"
    "      --until D           stop the trace at simulated time D (default: the horizon)\n"
    "  -o, --output FILE       write the trace to FILE instead of stdout\n"
    "\n"
    "compare, sweep and check take the run options too; a sweep written with -o FILE keeps its\n"
    "finished points in FILE.partial, and the same command run again resumes from them.\n"
    "\n"
    "exit codes: 0 success, 1 runtime failure, 2 bad input or usage; check: 3 an slo target\n"
    "violated, 4 undecided\n";

// The usage, with the defaults that live elsewhere filled in.
std::string Usage() {
  std::string text = kUsageText;
  const std::string key = "@MAX_FILE_SIZE@";
  std::string size = SizeText(kDefaultMaxFileBytes);  // "8.0 MiB" -> "8Mi" as the flag takes
  if (kDefaultMaxFileBytes % (int64_t{1} << 20) == 0) {
    size = std::to_string(kDefaultMaxFileBytes >> 20) + "Mi";
  }
  text.replace(text.find(key), key.size(), size);
  return text;
}

int UsageError(const std::string& message) {
  std::cerr << "clustersim: error: " << message << "\n\n" << Usage();
  return kExitUsage;
}

// Every name a scenario may use, from the tables and registries the loader reads (so the two
// cannot drift; cli_test checks both ways): a section per field, a name per line indented by
// two spaces, a policy's parameters under it indented by six.
int List() {
  std::string text;
  auto print = [&](const char* title, const std::vector<std::string>& names) {
    text += std::string(title) + ":\n";
    for (const auto& n : names) text += "  " + n + "\n";
  };
  auto padded = [](const std::string& name, size_t width) {
    return name + std::string(name.size() < width ? width - name.size() : 1, ' ');
  };
  auto policies = [&](const char* title, const auto& rows) {
    text += std::string(title) + ":\n";
    for (const auto& r : rows) {
      text += "  " + padded(r.name, 22) + r.summary + "\n";
      for (const PolicyParam& p : r.params) {
        text += "      " + p.name + " (" + PolicyParamKindName(p.kind) +
                (p.required                ? ", required"
                 : p.default_value.empty() ? ""
                                           : ", default " + p.default_value) +
                "): " + p.help + "\n";
      }
    }
  };
  print("scheduler profiles", BuiltinProfileNames());
  text += "scheduler plugins:\n";
  for (const SchedulerPluginInfo& p : SchedulerPlugins()) {
    text += "  " + padded(p.name, 32) + p.summary;
    if (p.score) text += " (default weight " + std::to_string(p.default_weight) + ")";
    if (p.filter && !p.filter_always) text += " (a filter of policies.scheduler.filters)";
    text += "\n";
  }
  policies("failover policies", FailoverPolicies());
  policies("recovery policies", RecoveryPolicies());
  print("distributions", DistributionNames());
  print("storage kinds", WordNames(kStorageKinds));
  print("failure targets", WordNames(kFailureTargets));
  std::vector<std::string> levels = WordNames(kAvailabilityWords);
  levels.push_back(kAvailabilityCount);
  print("availability levels", levels);
  return Emit(text, "");
}

}  // namespace

static int Main(int argc, char** argv) {
  if (argc < 2) return UsageError("no command given");
  const std::string command = argv[1];
  if (command == "-h" || command == "--help" || command == "help") return Emit(Usage(), "");
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
  std::string replications, seed, horizon, format = "text", output, until, max_file_size;
  std::string trace_rep, pod, max_events, html_path;
  int threads = 0;
  long max_points = -1;
  bool compare_analytic = false, all_nodes = false;
  std::vector<std::string> sets;
  Common common;
  opts.add_options()("help,h", "")("scenario", po::value(&common.scenario))(
      "replications,r", po::value(&replications))("seed,s", po::value(&seed))(
      "horizon", po::value(&horizon))("threads,j", po::value(&threads))(
      "format,f", po::value(&format))("output,o", po::value(&output))(
      "set", po::value(&sets)->composing())("replication", po::value(&trace_rep))(
      "until", po::value(&until))("max-points", po::value(&max_points))(
      "strict", po::bool_switch(&common.strict))("max-file-size", po::value(&max_file_size))(
      "compare-analytic", po::bool_switch(&compare_analytic))(
      "all-nodes", po::bool_switch(&all_nodes))("pod", po::value(&pod))(
      "max-events", po::value(&max_events))("progress", po::bool_switch(&common.progress))(
      "report", po::value(&html_path));
  po::positional_options_description pos;
  pos.add("scenario", 1);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(argc - 1, argv + 1).options(opts).positional(pos).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    return UsageError(e.what());
  }
  if (vm.count("help")) return Emit(Usage(), "");
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
  if (!max_file_size.empty()) {
    std::string why;
    int64_t bytes = 0;
    if (!ParseQuantity(max_file_size, 1, &bytes, &why) || bytes <= 0) {
      return UsageError("--max-file-size: expected a size such as 64Mi or 1Gi (found '" +
                        max_file_size + "')" + (why.empty() ? "" : ": " + why));
    }
    common.limits.max_file_bytes = bytes;
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
  if ((all_nodes || !pod.empty()) && command != "schedule") {
    return UsageError(std::string(all_nodes ? "--all-nodes" : "--pod") + " is a schedule option");
  }
  if (!until.empty() && command != "trace") return UsageError("--until is a trace option");
  if (!trace_rep.empty() && command != "trace" && !vm.count("report")) {
    return UsageError("--replication is an option of trace and of --report");
  }
  std::optional<Scenario> scenario = Load(common);
  if (!scenario) return kExitUsage;
  // A broken variant or sweep value is an error in the file whatever the command: every
  // command checks them (compare and sweep load their own as they go).
  std::vector<std::string> inputs = {common.scenario};
  inputs.insert(inputs.end(), scenario->input_files.begin(), scenario->input_files.end());
  if (!ValidateExperiments(common, *scenario, /*variants=*/command != "compare",
                           /*sweep=*/command != "sweep", &inputs)) {
    return kExitUsage;
  }
  HtmlOptions html;
  if (vm.count("report")) {
    if (command != "run" && command != "compare" && command != "sweep" && command != "check") {
      return UsageError("--report is an option of run, compare, sweep and check");
    }
    if (html_path.empty()) return UsageError("--report needs a FILE.html");
    html.path = html_path;
    if (!trace_rep.empty()) {
      int64_t r = 0;
      std::string why;
      const int64_t last = scenario->simulation.replications - 1;
      if (!ParseInt(trace_rep, 0, last, &r, &why)) {
        return UsageError("--replication: " + why + " (found '" + trace_rep +
                          "'; the scenario runs " + std::to_string(last + 1) + " replications)");
      }
      html.replication = r;
    }
  }
  if (command == "validate") return kExitOk;
  // The output is checked now: a name that cannot be written, or one that would overwrite an
  // input, fails before the run rather than after it.
  if (!output.empty()) {
    std::string why;
    if (!CheckOutputPath(output, inputs, &why) ||
        (command == "sweep" && !CheckOutputPath(output + ".partial", inputs, &why))) {
      std::cerr << "clustersim: error: -o: " << why << "\n";
      return kExitUsage;
    }
  }
  OutputOptions out;
  out.html = html;
  out.format = fmt;
  out.format_name = format;
  out.output = output;
  out.threads = vm.count("threads") ? threads : -1;
  out.progress = common.progress;
  if (!max_events.empty()) {
    int64_t n = 0;
    std::string why;
    if (!ParseInt(max_events, 1, std::numeric_limits<int64_t>::max(), &n, &why)) {
      return UsageError("--max-events: " + why + " (found '" + max_events + "')");
    }
    out.max_events = static_cast<uint64_t>(n);
  }
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
    ScheduleOptions options;
    options.json = fmt == ReportFormat::kJson;
    options.all_nodes = all_nodes;
    options.pod = pod;
    options.output = output;
    return ScheduleCommand(*scenario, options);
  }

  if (command == "trace") {
    TraceOptions options;
    options.output = output;
    options.until = scenario->simulation.horizon;
    std::string why;
    if (!until.empty()) {
      if (!ParseDuration(until, &options.until, &why)) return UsageError("--until: " + why);
      if (options.until > scenario->simulation.horizon) {
        return UsageError("--until " + until + " is past the horizon (" +
                          FormatDuration(scenario->simulation.horizon) +
                          "); expected a time within it, or --horizon " + until);
      }
    }
    if (!trace_rep.empty()) {
      int64_t r = 0;
      const int64_t last = scenario->simulation.replications - 1;
      if (!ParseInt(trace_rep, 0, last, &r, &why)) {
        return UsageError("--replication: " + why + " (found '" + trace_rep +
                          "'; the scenario runs " + std::to_string(last + 1) + " replications)");
      }
      options.replication = static_cast<uint64_t>(r);
    }
    return TraceCommand(*scenario, options);
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

  if (!WithinEventBudget(*scenario, out.max_events)) return kExitUsage;
  RunOptions run;
  run.threads = vm.count("threads") ? threads : scenario->simulation.threads;
  run.max_events = out.max_events;
  Progress progress(common.progress);
  run.progress = [&](const RunProgress& p) { progress.Show(Progress::Text(p)); };
  WorstReplication worst;
  if (!html.path.empty()) {
    run.on_replication = [&](int r, const ReplicationResult& result) { worst.Add(r, result); };
  }
  RunSummary summary;
  try {
    summary = RunScenario(*scenario, run);
  } catch (const std::exception& e) {
    progress.Clear();
    std::cerr << "clustersim: error: the run failed: " << e.what() << "\n";
    return kExitRuntime;
  }
  progress.Clear();
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

int clustersim::CommandLineMain(int argc, char** argv) {
  ReserveStandardDescriptors();
  // Whatever goes wrong below is said, never an abort: memory the input asks for and the
  // process cannot have above all.
  try {
    return Main(argc, argv);
  } catch (const std::bad_alloc&) {
    std::cerr << "clustersim: error: out of memory: the scenario needs more memory than this "
                 "process may use\n";
  } catch (const std::exception& e) {
    std::cerr << "clustersim: error: " << e.what() << "\n";
  }
  return kExitRuntime;
}
