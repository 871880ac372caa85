// Inside the HTML report: the pieces every chart uses (a figure with its heading, reading note,
// SVG and table; axes; the rows of a workload's distinct levels) and one function per chart.
// Each chart returns an HTML fragment and reads only the page data.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "clustersim/report/page.h"
#include "clustersim/report/scale.h"
#include "clustersim/report/svg.h"

namespace clustersim::report {

// The plot's width in SVG units; charts scale to the page's width (CSS).
inline constexpr double kWidth = 720;

// An HTML table: header cells, then rows of cells (already text; escaped when written).
class Table {
 public:
  explicit Table(std::vector<std::string> header) : header_(std::move(header)) {}
  void Row(std::vector<std::string> cells) { rows_.push_back(std::move(cells)); }
  size_t rows() const { return rows_.size(); }
  std::string Html(std::string_view caption) const;

 private:
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
};

// <figure id=...>: heading, the sentence on how to read it, the SVG, the table under it.
std::string FigureHtml(std::string_view id, std::string_view title, std::string_view reading,
                       const std::string& svg, const Table& table, std::string_view note = {});

// A value axis across [r0, r1]: log10 when `allow_log` and the positive values span more than a
// decade, else linear from 0 (or from lo when lo < 0).
struct Axis {
  Scale scale = Scale::Linear(0, 1, 0, 1);
  std::vector<double> ticks;
  std::string title;
  bool duration = false;  // ticks are seconds, labelled as durations
};
Axis ValueAxis(double lo, double hi, double r0, double r1, bool allow_log, std::string title);
// A log axis of durations in seconds.
Axis DurationAxis(double lo_s, double hi_s, double r0, double r1, std::string title);
std::string TickText(const Axis& a, double v);
// Vertical grid lines and labels below `bottom`, the title under them.
void DrawXAxis(Svg& svg, const Axis& a, double top, double bottom);
// Horizontal grid lines and labels left of `left`, the title rotated.
void DrawYAxis(Svg& svg, const Axis& a, double left, double right);

// One row per distinct threshold of a workload's levels ("quorum = required, 2 of 3").
struct LevelRow {
  const Workload* workload = nullptr;
  size_t index = 0;    // of the workload in its run
  int level = 0;       // the first level with this threshold
  std::string levels;  // "quorum, required"
  std::string label;   // "db · quorum, required (2 of 3)"
};
std::vector<LevelRow> LevelRows(const std::vector<Workload>& workloads);
// The slo target of a workload at a level (of the row's threshold), or null.
const SloTarget* TargetFor(const std::vector<SloTarget>& slo, const LevelRow& row);
// Allowed downtime, minutes per year, of an availability target.
double AllowedMinutes(double availability);

// The timeline's fixed layout: lane names left of kTimelineLeft, kTimelinePlot pixels of time.
inline constexpr double kTimelineLeft = 176;
inline constexpr double kTimelinePlot = 520;
// A lane's spans inside [t0, t1] as drawn: one rectangle per run of pixels in the same state,
// each pixel showing the worst state of the spans in it; start and end are the times of the
// spans behind the run.
struct DrawnSpan {
  int px_start = 0, px_end = 0;
  LaneState state = LaneState::kPodReady;
  SimTime start = 0, end = 0;
};
std::vector<DrawnSpan> MergeLane(const Timeline::Lane& lane, SimTime t0, SimTime t1);
const char* LaneColor(LaneState s);

// The charts. `id` prefixes the figures' element ids.
std::string DowntimeChart(const RunData& run, const std::vector<SloTarget>& slo,
                          const std::string& id);
std::string NinesChart(const RunData& run, const std::vector<SloTarget>& slo,
                       const std::string& id);
std::string OutageCcdfChart(const RunData& run, const Timers& timers, const std::string& id);
std::string RecoveryChart(const RunData& run, const std::string& id);
std::string CompareChart(const std::vector<Variant>& variants, const std::string& id);
std::string SweepChart(const Section& section, const std::string& id);
std::string TimelineChart(const Timeline& timeline, const std::string& id);
// check: the targets and their verdicts.
std::string CheckChart(const std::vector<SloTarget>& targets, const std::string& id);

}  // namespace clustersim::report
