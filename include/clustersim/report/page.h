// The figures an HTML report shows, and nothing else: what `--report FILE.html` and `clustersim
// report RESULT.json...` render (html.h), and what the page embeds as its JSON data block. A
// page is built from the report data only: the JSON reports the commands write (read_results.cc,
// the one reader of them) and, when the command still holds them, a few things that JSON does not
// carry (the scenario's header, its slo targets and Kubernetes timers, the outage-length
// histograms behind the percentiles, one replication's timeline). It never sees the model.
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "clustersim/metrics/timeline.h"

namespace clustersim::report {

inline constexpr int kLevelCount = 4;  // all, quorum, any, required (metrics' kLevelNames)
inline constexpr int kRequiredLevel = 3;
inline constexpr int kCauseCount = 5;  // waiting for node, detach, attach, rebuild, start
// More workloads than this are not drawn: the page shows the ones with the most downtime at
// their required level (ties by report order) and says how many it left out.
inline constexpr size_t kMaxWorkloads = 12;

const char* LevelName(int level);
const char* CauseName(int cause);

struct Interval {
  double mean = NAN, low = NAN, high = NAN;
};

// One availability level of a workload.
struct Level {
  int ready = 0;          // replicas that must be ready
  Interval availability;  // fraction of time
  Interval downtime;      // minutes per year
  double outages_per_year = 0;
  // Outage lengths, minutes.
  double mean = 0, p50 = 0, p95 = 0, p99 = 0, max = 0;
};

// P(an outage lasts longer than `minutes`).
struct CcdfPoint {
  double minutes = 0;
  double fraction = 0;
};

struct Workload {
  std::string name, kind;
  int replicas = 0;
  std::array<Level, kLevelCount> levels;
  // StatefulSets: mean seconds per replica recovery in each cause, and how many recoveries.
  double replica_recoveries = 0;
  std::array<double, kCauseCount> recovery_by_cause{};
  // Outage lengths per level: from the run's histogram (exact at bucket edges), or, read from
  // a saved report, the four points its percentiles give (p50, p95, p99, max).
  std::array<std::vector<CcdfPoint>, kLevelCount> ccdf;
  bool ccdf_from_histogram = false;
  uint64_t outage_count_required = 0;  // outages behind the required level's curve (histogram)
};

// An slo target (the scenario's, or a check report's), with a check's verdict when known.
struct SloTarget {
  std::string workload;
  int level = kRequiredLevel;
  double availability = 0;  // a fraction
  std::string verdict;      // met | violated | undecided | "" (not checked)
  Interval measured;        // check reports: the availability the verdict is about
  double replications_to_decide = NAN;
};

// A run's workloads: all of them in `workloads` until the page selects what it draws.
struct RunData {
  std::string method = "simulation";
  std::vector<Workload> workloads;
  size_t workloads_total = 0;  // before the selection
  int nodes = 0;
  double node_failures = 0, pod_evictions = 0;  // per replication
};

struct Variant {
  std::string name;
  std::vector<std::string> overrides;
  RunData run;
  // Paired difference from the first variant, per workload of `run` (by name; `has_delta`
  // false where the first variant has no workload of that name).
  std::vector<bool> has_delta;
  std::vector<std::array<Interval, kLevelCount>> delta_downtime;  // minutes per year
};

struct SweepPoint {
  std::vector<std::string> values;  // one per axis, as YAML text
  RunData run;
};

struct Timers {  // seconds; Kubernetes' defaults unless the scenario set them
  double grace = 40, toleration = 300, force_detach = 360;
  bool from_scenario = false;
};

// One section per results file (or per command).
struct Section {
  enum class Kind { kRun, kCompare, kSweep, kCheck };
  Kind kind = Kind::kRun;
  std::string source;  // the results file it was read from ("" when rendered by the command)
  std::string scenario;
  uint64_t seed = 0;
  int replications = 0;
  double horizon_seconds = 0, warmup_seconds = 0;
  RunData run;                    // kRun, and kCheck when the command ran it
  std::vector<Variant> variants;  // kCompare
  std::vector<std::string> axes;  // kSweep
  std::vector<SweepPoint> points;
  std::vector<SloTarget> slo;  // kCheck's targets; the scenario's for the others
  Timers timers;
  // One replication's timeline per variant (one for run and check; none for sweep).
  std::vector<Timeline> timelines;
};

// What the page says about the scenario before its charts; empty fields are left out.
struct Header {
  std::string title;
  std::string question;  // the scenario file's opening comment
  std::string description;
  std::string cluster;
  std::vector<std::string> workloads, policies, failures;
  std::string seed, replications, horizon;
  std::string version;
};

struct Page {
  Header header;
  std::vector<Section> sections;
};

}  // namespace clustersim::report
