// Charts 3 and 4 of the HTML report: how long outages last (a CCDF on log time, with the
// Kubernetes timers that set its steps), and where a replica's recovery time goes.
#include <algorithm>
#include <cmath>

#include "charts.h"

namespace clustersim::report {
namespace {

struct Series {
  std::string label;
  const Level* level = nullptr;
  const std::vector<CcdfPoint>* points = nullptr;
  bool histogram = false;
};

}  // namespace

std::string OutageCcdfChart(const RunData& run, const Timers& timers, const std::string& id) {
  std::vector<Series> series;
  const std::vector<LevelRow> rows = LevelRows(run.workloads);
  for (const LevelRow& r : rows) {
    // One workload: each of its levels; several: each one's required level (its first row).
    if (run.workloads.size() > 1 && r.level != kRequiredLevel) continue;
    const auto& pts = r.workload->ccdf[r.level];
    if (pts.empty()) continue;
    if (series.size() >= 8) break;
    series.push_back(
        {r.label, &r.workload->levels[r.level], &pts, r.workload->ccdf_from_histogram});
  }
  const double left = 64, right = kWidth - 24, top = 60, bottom = 300;
  const double height = bottom + 50 + 18 * std::ceil(static_cast<double>(series.size()) / 2.0);
  double lo_s = timers.grace, hi_s = timers.grace + timers.toleration + timers.force_detach;
  double lo_f = 1;
  for (const Series& s : series) {
    for (const CcdfPoint& p : *s.points) {
      if (p.minutes > 0) {
        lo_s = std::min(lo_s, p.minutes * 60);
        hi_s = std::max(hi_s, p.minutes * 60);
      }
      if (p.fraction > 0) lo_f = std::min(lo_f, p.fraction);
    }
  }
  const Axis x = DurationAxis(lo_s, hi_s, left, right, "outage length (log scale)");
  Axis y;
  y.ticks = LogTicks(std::min(lo_f, 0.1), 1);
  y.scale = Scale::Log(y.ticks.front(), 1, bottom, top);
  y.title = "share of outages longer (log)";
  Svg svg(kWidth, height, "How long outages last",
          "Share of outages longer than each length, on log scales, for " +
              std::to_string(series.size()) +
              " workload levels, with the Kubernetes timers marked");
  svg.Group("axis");
  DrawXAxis(svg, x, top, bottom);
  svg.End();
  // Share labels as percentages.
  svg.Group("axis y");
  for (double t : y.ticks) {
    const double py = y.scale(t);
    svg.Line(left, py, right, py, kGrid);
    svg.Text(left - 6, py + 4, Plain(100 * t) + "%", "end", 11, kMuted);
  }
  svg.Text(14, (top + bottom) / 2, y.title, "middle", 12, kInk, {}, -90);
  svg.End();
  // The timers: which mechanism ends an outage of that length.
  struct Timer {
    double at;
    std::string name;
  };
  const std::vector<Timer> marks = {
      {timers.grace, "NotReady " + Duration(timers.grace)},
      {timers.grace + timers.toleration, "eviction " + Duration(timers.grace + timers.toleration)},
      {timers.grace + timers.toleration + timers.force_detach,
       "force detach " + Duration(timers.grace + timers.toleration + timers.force_detach)}};
  svg.Group("timers");
  for (size_t i = 0; i < marks.size(); ++i) {
    const double px = x.scale.Clamped(marks[i].at);
    svg.Line(px, top - 4, px, bottom, kMuted, 1.2, "2 3",
             marks[i].name +
                 (timers.from_scenario ? " (the scenario's timings)" : " (Kubernetes' defaults)"));
    svg.Text(px, top - 8 - 13 * static_cast<double>(i % 3), marks[i].name, "middle", 10, kMuted);
  }
  svg.End();
  Table table({"workload · levels", "outages per year", "median", "p95", "p99", "longest", "mean"});
  svg.Group("marks ccdf");
  for (size_t i = 0; i < series.size(); ++i) {
    const Series& s = series[i];
    const char* color = SeriesColor(i);
    std::string d;
    const auto& pts = *s.points;
    if (s.histogram) {
      // A step down at each bucket edge.
      double px = x.scale.Clamped(pts[0].minutes * 60), py = y.scale.Clamped(pts[0].fraction);
      d = "M" + Num(px) + " " + Num(py);
      for (size_t k = 1; k < pts.size(); ++k) {
        const double nx = x.scale.Clamped(pts[k].minutes * 60);
        const double ny = y.scale.Clamped(pts[k].fraction);
        d += " H" + Num(nx) + " V" + Num(ny);
        px = nx;
        py = ny;
      }
      svg.Path(d, color, 2, "none",
               s.label + ": " + Figure(s.level->outages_per_year) + " outages a year, median " +
                   Duration(s.level->p50 * 60) + ", longest " + Duration(s.level->max * 60));
    } else {
      for (size_t k = 0; k < pts.size(); ++k) {
        d += (k ? " L" : "M") + Num(x.scale.Clamped(pts[k].minutes * 60)) + " " +
             Num(y.scale.Clamped(pts[k].fraction));
      }
      svg.Path(d, color, 2, "none", s.label + " (from the report's percentiles)", "5 3");
    }
    static const char* const kNames[] = {"median", "p95", "p99"};
    const double qs[] = {s.level->p50, s.level->p95, s.level->p99};
    const double fs[] = {0.5, 0.05, 0.01};
    for (int q = 0; q < 3; ++q) {
      if (!(qs[q] > 0)) continue;
      svg.Circle(x.scale.Clamped(qs[q] * 60), y.scale.Clamped(fs[q]), 3.5, color,
                 s.label + ": " + kNames[q] + " outage " + Duration(qs[q] * 60));
    }
    table.Row({s.label, Figure(s.level->outages_per_year), Duration(s.level->p50 * 60),
               Duration(s.level->p95 * 60), Duration(s.level->p99 * 60),
               Duration(s.level->max * 60), Duration(s.level->mean * 60)});
  }
  svg.End();
  double ly = bottom + 62;
  for (size_t i = 0; i < series.size(); i += 2) {
    double lx = left;
    for (size_t k = i; k < std::min(i + 2, series.size()); ++k) {
      lx = svg.Legend(lx, ly, SeriesColor(k), Truncate(series[k].label, 44),
                      series[k].histogram ? "line" : "dash");
      lx = std::max(lx, left + 330);
    }
    ly += 18;
  }
  std::string note;
  if (series.empty()) note = "No outage was seen at any level, so there is no curve.";
  bool approx = false;
  for (const Series& s : series) approx |= !s.histogram;
  if (approx) {
    note +=
        "Read from a saved report, which holds only the percentiles: the dashed curves join "
        "the median, p95 and p99.";
  }
  if (run.workloads.size() > 1) {
    note +=
        (note.empty() ? "" : " ") + std::string("One curve per workload, at its required level.");
  }
  return FigureHtml(id + "-ccdf", "How long outages last",
                    "Each curve gives, for every length on the horizontal axis, the share of "
                    "outages that lasted longer; where a curve drops at a dotted timer, that "
                    "Kubernetes mechanism (NotReady after the grace period, taint eviction, the "
                    "force detach) is what ends those outages, and a tail far to the right is "
                    "outages that waited for a node to come back.",
                    svg.Finish(), table, note);
}

std::string RecoveryChart(const RunData& run, const std::string& id) {
  std::vector<const Workload*> rows;
  for (const Workload& w : run.workloads) {
    if (w.replica_recoveries > 0) rows.push_back(&w);
  }
  double max_total = 0;
  for (const Workload* w : rows) {
    double t = 0;
    for (double c : w->recovery_by_cause) t += std::isfinite(c) ? c : 0;
    max_total = std::max(max_total, t);
  }
  double unit = 1;
  std::string unit_name = "seconds";
  if (max_total > 3 * 3600) {
    unit = 3600;
    unit_name = "hours";
  } else if (max_total > 180) {
    unit = 60;
    unit_name = "minutes";
  }
  double left = 80;
  for (const Workload* w : rows) left = std::max(left, TextWidth(w->name, 12) + 12);
  left = std::min(left, 220.0);
  const double right = kWidth - 24, top = 34, row = 26;
  const double bottom = top + row * static_cast<double>(rows.size());
  const Axis x = ValueAxis(0, std::max(max_total / unit, 1e-9), left, right, false,
                           "mean time per replica recovery, " + unit_name);
  Svg svg(kWidth, bottom + 46, "Where recovery time goes",
          "Mean time per replica recovery of " + std::to_string(rows.size()) +
              " workloads, split into waiting for the node, detach, attach, rebuild and start");
  double lx = left;
  for (int k = 0; k < kCauseCount; ++k) lx = svg.Legend(lx, 16, SeriesColor(k), CauseName(k));
  DrawXAxis(svg, x, top - 6, bottom);
  Table table({"workload", "replica recoveries", "waiting for the node", "detach", "attach",
               "rebuild", "start", "total"});
  svg.Group("marks recovery");
  for (size_t i = 0; i < rows.size(); ++i) {
    const Workload& w = *rows[i];
    const double y = top + row * static_cast<double>(i);
    svg.Text(left - 8, y + row / 2 + 4, Truncate(w.name, 30), "end", 12);
    double at = 0, total = 0;
    std::vector<std::string> cells = {w.name, Fixed(w.replica_recoveries, 0)};
    for (int k = 0; k < kCauseCount; ++k) {
      const double v = std::isfinite(w.recovery_by_cause[k]) ? w.recovery_by_cause[k] : 0;
      total += v;
      cells.push_back(Duration(v));
      if (v <= 0) continue;
      const double x0 = x.scale(at / unit), x1 = x.scale((at + v) / unit);
      svg.Rect(x0, y + 5, x1 - x0, row - 10, SeriesColor(static_cast<size_t>(k)),
               w.name + ": " + CauseName(k) + " " + Duration(v) + " per recovery on average");
      at += v;
    }
    cells.push_back(Duration(total));
    table.Row(cells);
  }
  svg.End();
  return FigureHtml(id + "-recovery", "Where recovery time goes",
                    "Each bar is the mean time from a StatefulSet replica ceasing to be ready to "
                    "its being ready again, split by what it waited for; the longest segment is "
                    "the mechanism to change.",
                    svg.Finish(), table,
                    rows.empty() ? "No StatefulSet replica recovered inside the window." : "");
}

}  // namespace clustersim::report
