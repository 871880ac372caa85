#include "cli/experiment_commands.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>

#include "clustersim/experiment/experiments.h"
#include "clustersim/experiment/integrity.h"

namespace clustersim::cli {
namespace {

int Threads(const OutputOptions& out, const Scenario& s) {
  return out.threads >= 0 ? out.threads : s.simulation.threads;
}

// The finished points of a sweep, kept next to its output as `OUTPUT.partial` so that an
// interrupted sweep resumes where it stopped. The file is a header line naming the sweep's
// fingerprint (integrity.h: the scenario, the overrides, every file read, the format), then one
// framed record per finished point ("point INDEX LENGTH CHECKSUM", the point's report text).
// Each record is appended with one write and synced before the point counts as done. A record
// cut short by a crash, or damaged since, fails its check and is dropped: that point runs again.
class SweepJournal {
 public:
  SweepJournal(std::string path, std::string fingerprint, size_t points)
      : path_(std::move(path)),
        header_("clustersim sweep journal 2 " + fingerprint + " " + std::to_string(points) + "\n") {
  }
  ~SweepJournal() {
    if (fd_ >= 0) close(fd_);
  }

  // Reads what an earlier run of the same sweep finished; starts a new journal otherwise.
  // `json` gets the points' JSON records (kept beside the text when an HTML report is asked for).
  bool Open(std::map<size_t, std::string>* done, std::map<size_t, std::string>* json,
            std::string* why) {
    std::string text;
    ReadProblem problem;
    bool rewrite = false;
    size_t keep = 0;  // bytes of the journal to keep as they are
    if (ReadInputFile(path_, kMaxJournalBytes, &text, &problem)) {
      if (text.compare(0, header_.size(), header_) == 0) {
        const RecordScan scan = ScanRecords(text, header_.size(), "point", {"json"});
        for (const auto& [index, body] : scan.records) (*done)[static_cast<size_t>(index)] = body;
        // The JSON of each point, kept beside its report when an HTML report was asked for.
        const RecordScan json_scan = ScanRecords(text, header_.size(), "json", {"point"});
        for (const auto& [index, body] : json_scan.records) {
          (*json)[static_cast<size_t>(index)] = body;
        }
        resumed_ = !done->empty();
        keep = scan.end;
        if (!scan.damaged.empty()) {
          std::string which;
          for (size_t i = 0; i < scan.damaged.size() && i < 10; ++i) {
            which += (i ? ", " : "") + std::to_string(scan.damaged[i]);
          }
          if (scan.damaged.size() > 10) which += ", ...";
          const bool one = scan.damaged.size() == 1;
          std::cerr << "clustersim: note: " << path_ << ": dropped " << scan.damaged.size()
                    << (one ? " damaged record that fails its checksum (point "
                            : " damaged records that fail their checksums (points ")
                    << which << "); " << (one ? "that point runs" : "those points run")
                    << " again\n";
          rewrite = true;
        }
        // A damaged JSON record: its point runs again (the report needs both), silently, as
        // the JSON is kept only for the HTML report.
        if (!json_scan.damaged.empty()) rewrite = true;
        if (scan.unreadable_tail) {
          std::cerr << "clustersim: note: " << path_ << ": the journal ends in "
                    << text.size() - scan.end
                    << " bytes that are not a whole record (a run stopped while writing it, or "
                       "damage); they are dropped and their points run again\n";
        }
      } else {
        std::cerr << "clustersim: note: " << path_
                  << " holds the progress of a different sweep (the scenario, a file it reads, "
                     "its overrides or the format changed); starting over\n";
      }
    } else if (problem.kind != ReadProblem::Kind::kOpen) {
      *why = "cannot use the sweep journal: " + problem.Describe("'" + path_ + "'", "a journal");
      return false;
    }
    if (rewrite) {
      // Only the intact records, written whole before the run goes on.
      std::string clean = header_;
      for (const auto& [index, body] : *done) clean += FrameRecord("point", index, body);
      for (const auto& [index, body] : *json) clean += FrameRecord("json", index, body);
      if (!WriteOutput(path_, std::string_view(clean), why)) return false;
      keep = clean.size();
    }
    fd_ = open(path_.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0 || ftruncate(fd_, static_cast<off_t>(keep)) != 0 || lseek(fd_, 0, SEEK_END) < 0) {
      *why = "cannot write the sweep journal '" + path_ + "': " + std::strerror(errno);
      return false;
    }
    if (keep == 0 && !Write(header_, why)) return false;
    return true;
  }

  bool Append(size_t point, const std::string& text, std::string* why, const char* kind = "point") {
    return Write(FrameRecord(kind, point, text), why);
  }

  void Remove() {
    if (fd_ >= 0) close(fd_);
    fd_ = -1;
    std::remove(path_.c_str());
  }
  bool resumed() const { return resumed_; }

 private:
  static constexpr int64_t kMaxJournalBytes = int64_t{1} << 32;

  bool Write(const std::string& record, std::string* why) {
    size_t off = 0;
    while (off < record.size()) {
      const ssize_t n = write(fd_, record.data() + off, record.size() - off);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        *why = "cannot append to the sweep journal '" + path_ +
               "': " + std::strerror(n < 0 ? errno : EIO);
        return false;
      }
      off += static_cast<size_t>(n);
    }
    if (fsync(fd_) != 0) {
      *why = "cannot append to the sweep journal '" + path_ + "': " + std::strerror(errno);
      return false;
    }
    return true;
  }

  std::string path_;
  std::string header_;
  int fd_ = -1;
  bool resumed_ = false;
};

}  // namespace

namespace {

// "'experiments.compare' needs at least two variants", when it has one: at the first variant.
bool EnoughVariants(const Scenario& scenario) {
  const auto& variants = scenario.experiments.compare;
  if (variants.size() >= 2) return true;
  const SourceLocation at =
      variants.empty() ? SourceLocation{scenario.path, 0, 0} : variants[0].where;
  std::cerr << Diagnostic{Diagnostic::Severity::kError, at,
                          "'experiments.compare' needs at least two variants (the first is the "
                          "reference the others are compared with); found " +
                              std::to_string(variants.size())}
                   .ToString()
            << "\n";
  return false;
}

// A variant loaded with its overrides can be paired with the scenario: the same seed,
// replications, horizon and warm-up. Prints the error when it cannot.
bool Pairable(const Scenario& scenario, const ExperimentVariant& v, const Scenario& loaded) {
  const std::string mismatch = PairingMismatch(scenario, loaded);
  if (mismatch.empty()) return true;
  std::cerr << Diagnostic{Diagnostic::Severity::kError, v.where,
                          "variant '" + v.name + "' changes " + mismatch +
                              "; variants are compared replication by replication on the "
                              "same failures, so they share the seed, the replications, the "
                              "horizon and the warm-up"}
                   .ToString()
            << "\n";
  return false;
}

void AddFiles(const Scenario& s, std::vector<std::string>* files) {
  if (files == nullptr) return;
  for (const std::string& f : s.input_files) {
    if (std::find(files->begin(), files->end(), f) == files->end()) files->push_back(f);
  }
}

}  // namespace

bool ValidateExperiments(const Common& common, const Scenario& scenario, bool variants, bool sweep,
                         std::vector<std::string>* files) {
  int errors = 0;
  if (variants && !scenario.experiments.compare.empty()) {
    // What `compare` refuses, `validate` refuses too.
    if (!EnoughVariants(scenario)) ++errors;
    for (const ExperimentVariant& v : scenario.experiments.compare) {
      std::optional<Scenario> s = Load(common, v.overrides, /*errors_only=*/true, &errors);
      if (!s) continue;
      if (!Pairable(scenario, v, *s)) ++errors;
      AddFiles(*s, files);
    }
  }
  if (sweep) {
    for (const SweepAxis& a : scenario.experiments.sweep) {
      for (size_t i = 0; i < a.values.size(); ++i) {
        const Override o(a.path, a.values[i], "experiments.sweep." + a.path, a.where[i]);
        std::optional<Scenario> s = Load(common, {o}, /*errors_only=*/true, &errors);
        if (s) AddFiles(*s, files);
      }
    }
  }
  if (errors > 0) PrintErrorCount(errors, common.scenario);
  return errors == 0;
}

int CompareCommand(const Common& common, const Scenario& scenario, const OutputOptions& out) {
  const auto& variants = scenario.experiments.compare;
  if (!EnoughVariants(scenario)) return kExitUsage;
  std::vector<std::unique_ptr<Scenario>> loaded;
  bool ok = true;
  int errors = 0;
  for (const ExperimentVariant& v : variants) {
    std::optional<Scenario> s = Load(common, v.overrides, /*errors_only=*/true, &errors);
    if (!s) {
      ok = false;
      continue;
    }
    if (!Pairable(scenario, v, *s)) {
      ++errors;
      ok = false;
      continue;
    }
    if (!WithinEventBudget(*s, out.max_events, "variant '" + v.name + "'")) {
      ok = false;
      continue;
    }
    loaded.push_back(std::make_unique<Scenario>(std::move(*s)));
  }
  if (errors > 0) PrintErrorCount(errors, common.scenario);
  if (!ok) return kExitUsage;
  std::vector<VariantInput> inputs;
  for (size_t i = 0; i < variants.size(); ++i) {
    VariantInput in;
    in.name = variants[i].name;
    for (const Override& o : variants[i].overrides) in.overrides.push_back(OverrideText(o));
    in.scenario = loaded[i].get();
    inputs.push_back(std::move(in));
  }
  RunOptions run;
  run.threads = Threads(out, scenario);
  // The first variant's replications come first: the timeline's replication is its worst.
  WorstReplication worst;
  int seen = 0;
  if (!out.html.path.empty()) {
    run.on_replication = [&](int r, const ReplicationResult& result) {
      if (seen++ < scenario.simulation.replications) worst.Add(r, result);
    };
  }
  run.max_events = out.max_events;
  Progress progress(out.progress);
  size_t variant = 0;
  double last = 0;
  run.progress = [&](const RunProgress& p) {
    if (p.fraction < last) ++variant;
    last = p.fraction;
    progress.Show("  variant " + std::to_string(variant + 1) + "/" + std::to_string(inputs.size()) +
                  ":" + Progress::Text(p));
  };
  Comparison result;
  try {
    result = RunComparison(inputs, run);
  } catch (const std::exception& e) {
    progress.Clear();
    std::cerr << "clustersim: error: the run failed: " << e.what() << "\n";
    return kExitRuntime;
  }
  progress.Clear();
  if (!out.html.path.empty()) {
    std::vector<const Scenario*> scenarios;
    for (const auto& s : loaded) scenarios.push_back(s.get());
    const int rc = CompareHtml(scenario, scenarios, result, worst.worst(), out.html);
    if (rc != kExitOk) return rc;
  }
  return Emit(FormatComparison(result, out.format), out.output);
}

int SweepCommand(const Common& common, const Scenario& scenario, const OutputOptions& out) {
  const auto& axes = scenario.experiments.sweep;
  if (axes.empty()) {
    std::cerr << Diagnostic{Diagnostic::Severity::kError, SourceLocation{scenario.path, 0, 0},
                            "the scenario has no 'experiments.sweep' axes to sweep (for example "
                            "experiments: {sweep: {cluster.nodePools[0].count: [3, 5, 7]}})"}
                     .ToString()
              << "\n";
    return kExitUsage;
  }
  // Each value on its own first: a typo fails now, not hours into the grid. The files the
  // values read (a value may name another manifest or trace) join the scenario's.
  std::vector<std::string> inputs = scenario.input_files;
  if (!ValidateExperiments(common, scenario, /*variants=*/false, /*sweep=*/true, &inputs)) {
    return kExitUsage;
  }
  if (!out.output.empty()) {
    std::vector<std::string> all = inputs;
    all.push_back(common.scenario);
    std::string why;
    if (!CheckOutputPath(out.output, all, &why) ||
        !CheckOutputPath(out.output + ".partial", all, &why)) {
      std::cerr << "clustersim: error: -o: " << why << "\n";
      return kExitUsage;
    }
  }

  const SweepGrid grid(axes);
  SweepInfo info;
  info.scenario = scenario.name;
  info.seed = scenario.simulation.seed;
  info.replications = scenario.simulation.replications;
  info.horizon = scenario.simulation.horizon;
  info.warmup = scenario.simulation.warmup;
  for (const SweepAxis& a : axes) {
    info.axes.push_back(a.path);
    info.values.push_back(a.values);
  }
  info.points = grid.size();

  std::map<size_t, std::string> done, done_json;
  const bool html = !out.html.path.empty();
  const bool json_too = html && out.format != ReportFormat::kJson;
  std::unique_ptr<SweepJournal> journal;
  if (!out.output.empty()) {
    // Everything the points' results depend on: a change in any of it starts over.
    Fingerprint fp;
    fp.AddFile(common.scenario);
    for (const Override& o : common.overrides) fp.Add(OverrideText(o));
    for (const std::string& file : inputs) fp.AddFile(file);
    fp.Add(out.format_name);
    if (!out.html.path.empty()) fp.Add("with the points' JSON for --report");
    journal = std::make_unique<SweepJournal>(out.output + ".partial", fp.Hex(), grid.size());
    std::string why;
    if (!journal->Open(&done, &done_json, &why)) {
      std::cerr << "clustersim: error: " << why << "\n";
      return kExitRuntime;
    }
    for (auto it = done.begin(); it != done.end();) {
      it = it->first < grid.size() ? std::next(it) : done.erase(it);
    }
    if (journal->resumed()) {
      std::cerr << "clustersim: resuming the sweep: " << done.size() << " of " << grid.size()
                << " points are already done (" << out.output << ".partial)\n";
    }
  }
  std::vector<size_t> todo;
  for (size_t p = 0; p < grid.size(); ++p) {
    if (!done.count(p) || (json_too && !done_json.count(p))) todo.push_back(p);
  }
  const bool partial = out.max_points >= 0 && static_cast<size_t>(out.max_points) < todo.size();
  if (partial) {
    if (!journal) {
      std::cerr << "clustersim: error: --max-points needs -o FILE: the points run now are kept "
                   "in FILE.partial for the next run\n";
      return kExitUsage;
    }
    todo.resize(static_cast<size_t>(out.max_points));
  }
  auto values_of = [&](size_t p) {
    std::vector<std::string> values;
    const std::vector<size_t> at = grid.At(p);
    for (size_t i = 0; i < axes.size(); ++i) values.push_back(axes[i].values[at[i]]);
    return values;
  };

  RunOptions run;
  run.threads = Threads(out, scenario);
  run.max_events = out.max_events;
  const int threads = EffectiveThreads(run.threads, 1 << 30);
  Progress progress(out.progress);
  std::mutex load_mu;
  std::string write_error;
  const auto t0 = std::chrono::steady_clock::now();
  auto load = [&](size_t p) -> std::unique_ptr<Scenario> {
    std::lock_guard<std::mutex> lock(load_mu);  // diagnostics stay whole on stderr
    std::optional<Scenario> s = Load(common, grid.Overrides(p), /*errors_only=*/true);
    if (s && !WithinEventBudget(*s, out.max_events, "sweep point " + std::to_string(p))) {
      return nullptr;
    }
    return s ? std::make_unique<Scenario>(std::move(*s)) : nullptr;
  };
  auto finished = [&](size_t p, const RunSummary& summary) {
    std::string text = SweepPointText(info, p, values_of(p), summary, out.format);
    std::string why;
    if (journal && write_error.empty() && !journal->Append(p, text, &why)) write_error = why;
    if (json_too) {
      std::string json = SweepPointText(info, p, values_of(p), summary, ReportFormat::kJson);
      if (journal && write_error.empty() && !journal->Append(p, json, &why, "json")) {
        write_error = why;
      }
      done_json[p] = std::move(json);
    }
    done[p] = std::move(text);
    progress.Show("  sweep: " + std::to_string(done.size()) + "/" + std::to_string(grid.size()) +
                  " points");
  };
  bool ok = true;
  try {
    ok = RunSweep(todo, scenario.simulation.replications, load, finished, run);
  } catch (const std::exception& e) {
    progress.Clear();
    std::cerr << "clustersim: error: the run failed: " << e.what() << "\n";
    return kExitRuntime;
  }
  progress.Clear();
  if (!write_error.empty()) {
    std::cerr << "clustersim: error: " << write_error << "\n";
    return kExitRuntime;
  }
  if (!ok) return kExitUsage;
  if (partial) {
    std::cerr << "clustersim: " << done.size() << " of " << grid.size()
              << " points done and kept in " << out.output
              << ".partial; run the same command again to go on\n";
    return kExitOk;
  }
  std::string text = SweepHead(info, out.format);
  bool first = true;
  for (const auto& [p, point] : done) {
    if (!first) text += SweepSeparator(out.format);
    text += point;
    first = false;
  }
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  text += SweepTail(info, out.format, wall, threads);
  if (html) {
    const auto& points = json_too ? done_json : done;
    std::string json = SweepHead(info, ReportFormat::kJson);
    bool first_point = true;
    for (const auto& [p, point] : points) {
      if (!first_point) json += SweepSeparator(ReportFormat::kJson);
      json += point;
      first_point = false;
    }
    json += SweepTail(info, ReportFormat::kJson, wall, threads);
    const int html_rc = SweepHtml(scenario, json, out.html);
    if (html_rc != kExitOk) return html_rc;
  }
  const int rc = Emit(text, out.output);
  if (rc == kExitOk && journal) journal->Remove();
  return rc;
}

int CheckCommand(const Scenario& scenario, const OutputOptions& out) {
  if (scenario.slo.empty()) {
    std::cerr << Diagnostic{Diagnostic::Severity::kError, SourceLocation{scenario.path, 0, 0},
                            "the scenario states no 'slo' targets to check (for example slo: "
                            "[{workload: zk, level: quorum, availability: 99.99%}])"}
                     .ToString()
              << "\n";
    return kExitUsage;
  }
  if (out.format == ReportFormat::kCsv) {
    std::cerr << "clustersim: error: check writes text or json, not csv\n";
    return kExitUsage;
  }
  if (!WithinEventBudget(scenario, out.max_events)) return kExitUsage;
  RunOptions run;
  run.threads = Threads(out, scenario);
  run.max_events = out.max_events;
  Progress progress(out.progress);
  run.progress = [&](const RunProgress& p) { progress.Show(Progress::Text(p)); };
  WorstReplication worst;
  if (!out.html.path.empty()) {
    run.on_replication = [&](int r, const ReplicationResult& result) { worst.Add(r, result); };
  }
  RunSummary summary;
  try {
    summary = RunScenario(scenario, run);
  } catch (const std::exception& e) {
    progress.Clear();
    std::cerr << "clustersim: error: the run failed: " << e.what() << "\n";
    return kExitRuntime;
  }
  progress.Clear();
  int violated = 0, undecided = 0;
  std::ostringstream text, json;
  json << "{\n  \"scenario\": " << JsonQuote(summary.scenario)
       << ",\n  \"replications\": " << summary.replications << ",\n  \"targets\": [";
  const char* const levels[] = {"all", "quorum", "any", "required"};
  for (size_t i = 0; i < scenario.slo.size(); ++i) {
    const SloTarget& t = scenario.slo[i];
    const WorkloadSummary& w = summary.workloads[t.workload];
    const Estimate& a = w.availability[t.level];
    std::string verdict;
    long long need = -1;  // replications that would decide, when undecided
    if (std::isfinite(a.ci95_low) && a.ci95_low > t.availability) {
      verdict = "met";
    } else if (std::isfinite(a.ci95_high) && a.ci95_high < t.availability) {
      verdict = "violated";
      ++violated;
    } else {
      verdict = "undecided";
      ++undecided;
      const double half = (a.ci95_high - a.ci95_low) / 2;
      const double gap = std::fabs(a.mean - t.availability);
      if (std::isfinite(half) && gap > 0) {
        const double n = summary.replications * (half / gap) * (half / gap);
        need = static_cast<long long>(std::ceil(std::min(n * 1.1, 1e12)));
        if (need <= summary.replications) need = summary.replications + 1;
      }
    }
    char buf[64];
    auto pct = [&](double v) {
      if (!std::isfinite(v)) return std::string("n/a");
      std::snprintf(buf, sizeof buf, "%.5f%%", 100 * v);
      return std::string(buf);
    };
    text << w.name << " " << levels[t.level] << ": availability " << pct(a.mean) << " ["
         << pct(a.ci95_low) << ", " << pct(a.ci95_high) << "], target " << t.text << ": "
         << verdict;
    if (verdict == "undecided") {
      if (!std::isfinite(a.ci95_low)) {
        text << " (one replication gives no interval; run at least 2)";
      } else if (need > 0) {
        text << " (the 95% CI straddles the target; about " << need
             << " replications would decide, against " << summary.replications << ")";
      } else {
        text << " (the estimate equals the target; no number of replications decides it)";
      }
    }
    text << "\n";
    json << (i ? "," : "") << "\n    {\"workload\": " << JsonQuote(w.name) << ", \"level\": \""
         << levels[t.level] << "\", \"target\": " << JsonNumber(t.availability)
         << ", \"availability\": {\"mean\": " << JsonNumber(a.mean)
         << ", \"ci95Low\": " << JsonNumber(a.ci95_low)
         << ", \"ci95High\": " << JsonNumber(a.ci95_high) << "}, \"verdict\": \"" << verdict
         << "\", \"replicationsToDecide\": " << (need > 0 ? std::to_string(need) : "null") << "}";
  }
  json << "\n  ]\n}\n";
  if (!out.html.path.empty()) {
    const int html_rc = RunHtml(scenario, summary, worst.worst(), out.html, json.str());
    if (html_rc != kExitOk) return html_rc;
  }
  const int rc = Emit(out.format == ReportFormat::kJson ? json.str() : text.str(), out.output);
  if (rc != kExitOk) return rc;
  if (violated > 0) return kExitSloViolated;
  if (undecided > 0) return kExitSloUndecided;
  return kExitOk;
}

}  // namespace clustersim::cli
