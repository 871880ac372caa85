// Charts 5 and 6 of the HTML report: compare's paired differences against the first variant,
// and a sweep's grid as a heatmap (two axes or more) or lines (one axis).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "charts.h"

namespace clustersim::report {
namespace {

// Light to dark blue, t in [0, 1].
std::string Shade(double t) {
  t = std::clamp(std::isfinite(t) ? t : 0.0, 0.0, 1.0);
  const int from[3] = {0xEF, 0xF3, 0xFF}, to[3] = {0x08, 0x30, 0x6B};
  char buf[8];
  int c[3];
  for (int i = 0; i < 3; ++i) c[i] = static_cast<int>(std::lround(from[i] + (to[i] - from[i]) * t));
  std::snprintf(buf, sizeof buf, "#%02X%02X%02X", c[0], c[1], c[2]);
  return buf;
}

// Whether a point's figures miss, or may miss, the workload's targets.
const char* SloVerdict(const Workload& w, const std::vector<SloTarget>& slo) {
  const char* verdict = "";
  for (const SloTarget& t : slo) {
    if (t.workload != w.name || t.level < 0 || t.level >= kLevelCount) continue;
    const Interval& a = w.levels[t.level].availability;
    if (a.high < t.availability) return "violated";
    if (!(a.low > t.availability)) verdict = "undecided";
  }
  return verdict;
}

const Workload* Named(const RunData& run, const std::string& name) {
  for (const Workload& w : run.workloads) {
    if (w.name == name) return &w;
  }
  return nullptr;
}

std::string IntervalText(const Interval& i) {
  return Figure(i.mean) + " (" + Figure(i.low) + " to " + Figure(i.high) + ")";
}

}  // namespace

std::string CompareChart(const std::vector<Variant>& variants, const std::string& id) {
  struct Row {
    std::string label;
    Interval delta;
    Interval own;
    std::string variant, what;
  };
  std::vector<Row> rows;
  if (variants.empty()) return "";
  for (size_t v = 1; v < variants.size(); ++v) {
    const Variant& var = variants[v];
    for (const LevelRow& r : LevelRows(var.run.workloads)) {
      if (r.index >= var.has_delta.size() || !var.has_delta[r.index]) continue;
      rows.push_back({var.name + " · " + r.label, var.delta_downtime[r.index][r.level],
                      r.workload->levels[r.level].downtime, var.name, r.label});
    }
  }
  double lo = 0, hi = 0;
  for (const Row& r : rows) {
    for (double x : {r.delta.low, r.delta.high, r.delta.mean}) {
      if (std::isfinite(x)) {
        lo = std::min(lo, x);
        hi = std::max(hi, x);
      }
    }
  }
  if (lo == hi) hi = lo + 1;
  double left = 120;
  for (const Row& r : rows) left = std::max(left, TextWidth(r.label, 12) + 12);
  left = std::min(left, 300.0);
  const double right = kWidth - 24, top = 34, row = 26;
  const double bottom = top + row * static_cast<double>(rows.size());
  const auto [d0, d1] = NiceDomain(lo, hi, 6);
  Axis x;
  x.ticks = NiceTicks(d0, d1, 6);
  x.scale = Scale::Linear(x.ticks.front(), x.ticks.back(), left, right);
  x.title = "difference in downtime from " + variants[0].name + ", minutes per year";
  int better = 0, worse = 0;
  for (const Row& r : rows) {
    better += r.delta.high < 0;
    worse += r.delta.low > 0;
  }
  Svg svg(kWidth, bottom + 46, "Paired differences from the first variant",
          "Paired differences in downtime a year of " + std::to_string(rows.size()) +
              " variant levels against " + variants[0].name + ": " + std::to_string(better) +
              " less with confidence, " + std::to_string(worse) +
              " more, the rest not shown to "
              "differ");
  double lx = left;
  lx = svg.Legend(lx, 16, kGood, "less downtime (interval below 0)", "dot");
  lx = svg.Legend(lx, 16, kBad, "more", "dot");
  lx = svg.Legend(lx, 16, kMuted, "not shown to differ", "dot");
  DrawXAxis(svg, x, top - 6, bottom);
  const double zx = x.scale(0);
  svg.Line(zx, top - 6, zx, bottom, kInk, 1.5, {}, "no difference");
  Table table({"variant · workload · levels", "its downtime, min/year (95% CI)",
               "difference from " + variants[0].name + ", min/year", "paired 95% CI", "reading"});
  svg.Group("marks delta");
  for (size_t i = 0; i < rows.size(); ++i) {
    const Row& r = rows[i];
    const double y = top + row * (static_cast<double>(i) + 0.5);
    svg.Text(left - 8, y + 4, FitWidth(r.label, left - 12, 12), "end", 12);
    const char* verdict = r.delta.high < 0  ? "less downtime"
                          : r.delta.low > 0 ? "more downtime"
                                            : "not shown to differ";
    const char* color = r.delta.high < 0 ? kGood : r.delta.low > 0 ? kBad : kMuted;
    const std::string tip = r.label + ": " + Figure(r.delta.mean) + " min/year against " +
                            variants[0].name + ", paired 95% CI " + Figure(r.delta.low) + " to " +
                            Figure(r.delta.high) + " (" + verdict + ")";
    if (std::isfinite(r.delta.low) && std::isfinite(r.delta.high)) {
      const double x0 = x.scale.Clamped(r.delta.low), x1 = x.scale.Clamped(r.delta.high);
      svg.Line(x0, y, x1, y, kInk, 1.5, {}, tip);
      svg.Line(x0, y - 5, x0, y + 5, kInk, 1.5);
      svg.Line(x1, y - 5, x1, y + 5, kInk, 1.5);
    }
    svg.Circle(x.scale.Clamped(r.delta.mean), y, 5, color, tip);
    table.Row({r.label, IntervalText(r.own), Figure(r.delta.mean),
               Figure(r.delta.low) + " to " + Figure(r.delta.high), verdict});
  }
  svg.End();
  std::string reference = variants[0].name + " (the reference): ";
  for (const LevelRow& r : LevelRows(variants[0].run.workloads)) {
    reference += r.label + " " + Figure(r.workload->levels[r.level].downtime.mean) + " min/year; ";
  }
  reference.resize(reference.size() - 2);
  return FigureHtml(id + "-compare", "Which variant wins, and by how much",
                    "Each dot is a variant's difference in downtime a year from the first "
                    "variant, measured replication by replication on the same failures; its "
                    "whisker is the paired 95% interval. Left of the zero line is less downtime; "
                    "an interval that crosses zero has not been shown to differ.",
                    svg.Finish(), table, reference + ".");
}

std::string SweepChart(const Section& s, const std::string& id) {
  if (s.points.empty() || s.axes.empty()) return "";
  std::vector<std::string> names;
  for (const Workload& w : s.points[0].run.workloads) names.push_back(w.name);
  std::string out;
  const size_t shown = std::min<size_t>(names.size(), 4);
  for (size_t n = 0; n < shown; ++n) {
    const std::string& name = names[n];
    const std::string fig = id + "-sweep-" + std::to_string(n);
    double lo = HUGE_VAL, hi = 0;
    for (const SweepPoint& p : s.points) {
      if (const Workload* w = Named(p.run, name)) {
        const double v = w->levels[kRequiredLevel].downtime.mean;
        if (v > 0) lo = std::min(lo, v), hi = std::max(hi, v);
      }
    }
    const bool log = SpansMoreThanADecade(lo, hi);
    auto shade = [&](double v) {
      if (!(hi > 0)) return Shade(0);
      if (log)
        return Shade(v > 0 ? (std::log10(v) - std::log10(lo)) / (std::log10(hi) - std::log10(lo))
                           : 0);
      return Shade(v / hi);
    };
    Table table(
        {"point", "ready replicas needed", "downtime, min/year", "95% CI", "availability", "slo"});
    const std::string reading_level = "at the workload's required level";
    if (s.axes.size() >= 2) {
      // Rows: each combination of all but the last axis; columns: the last axis's values.
      std::vector<std::string> row_keys, col_keys;
      std::map<std::pair<std::string, std::string>, const SweepPoint*> cells;
      for (const SweepPoint& p : s.points) {
        std::string rk;
        for (size_t a = 0; a + 1 < p.values.size(); ++a) rk += (a ? ", " : "") + p.values[a];
        const std::string& ck = p.values.back();
        if (std::find(row_keys.begin(), row_keys.end(), rk) == row_keys.end())
          row_keys.push_back(rk);
        if (std::find(col_keys.begin(), col_keys.end(), ck) == col_keys.end())
          col_keys.push_back(ck);
        cells[{rk, ck}] = &p;
      }
      double left = 60;
      for (const std::string& r : row_keys) left = std::max(left, TextWidth(r, 12) + 16);
      left = std::min(left, 220.0);
      const double top = 58, right = kWidth - 24;
      const double cw = (right - left) / static_cast<double>(col_keys.size());
      const double ch = 34;
      const double bottom = top + ch * static_cast<double>(row_keys.size());
      std::string rows_axis;
      for (size_t a = 0; a + 1 < s.axes.size(); ++a) rows_axis += (a ? ", " : "") + s.axes[a];
      Svg svg(kWidth, bottom + 56, "Sweep: downtime per point",
              "Heatmap of " + name + "'s downtime a year " + reading_level + " over " +
                  std::to_string(row_keys.size()) + " rows (" + rows_axis + ") and " +
                  std::to_string(col_keys.size()) + " columns (" + s.axes.back() + ")");
      double lx = left;
      lx = svg.Legend(lx, 16, Shade(0.1), "less downtime");
      lx = svg.Legend(lx, 16, Shade(0.9), "more");
      lx = svg.Legend(lx, 16, "none\" stroke=\"#D55E00\" stroke-width=\"3", "misses the slo (✗)");
      lx = svg.Legend(lx, 16, "none\" stroke=\"#E69F00\" stroke-width=\"2\" stroke-dasharray=\"4 2",
                      "may miss it (?)");
      svg.Text((left + right) / 2, top - 12, s.axes.back(), "middle", 12, kInk, "bold");
      svg.Text(8, top - 12, Truncate(rows_axis, 40), "start", 12, kInk, "bold");
      svg.Group("marks cells");
      for (size_t c = 0; c < col_keys.size(); ++c) {
        svg.Text(left + cw * (static_cast<double>(c) + 0.5), bottom + 16,
                 Truncate(col_keys[c], static_cast<size_t>(cw / 7)), "middle", 11);
      }
      for (size_t r = 0; r < row_keys.size(); ++r) {
        const double y = top + ch * static_cast<double>(r);
        svg.Text(left - 8, y + ch / 2 + 4, Truncate(row_keys[r], 30), "end", 12);
        for (size_t c = 0; c < col_keys.size(); ++c) {
          const auto it = cells.find({row_keys[r], col_keys[c]});
          if (it == cells.end()) continue;
          const Workload* w = Named(it->second->run, name);
          if (w == nullptr) continue;
          const Level& l = w->levels[kRequiredLevel];
          const std::string verdict = SloVerdict(*w, s.slo);
          const double x = left + cw * static_cast<double>(c);
          const std::string point = row_keys[r] + " × " + col_keys[c];
          const std::string tip = name + " at " + point + ": " + Figure(l.downtime.mean) +
                                  " min/year (95% CI " + Figure(l.downtime.low) + " to " +
                                  Figure(l.downtime.high) + ")" +
                                  (verdict.empty() ? "" : ", slo " + verdict);
          std::string extra;
          if (verdict == "violated") extra = "stroke=\"#D55E00\" stroke-width=\"3\"";
          if (verdict == "undecided") {
            extra = "stroke=\"#E69F00\" stroke-width=\"2\" stroke-dasharray=\"4 2\"";
          }
          const std::string fill = shade(l.downtime.mean);
          svg.Rect(x + 1.5, y + 1.5, cw - 3, ch - 3, fill, tip, extra);
          const double t = log ? 0 : l.downtime.mean / std::max(hi, 1e-12);
          const bool dark = fill < std::string("#80") || t > 0.55;
          svg.Text(x + cw / 2, y + ch / 2 + 4,
                   Figure(l.downtime.mean) + (verdict == "violated"    ? " ✗"
                                              : verdict == "undecided" ? " ?"
                                                                       : ""),
                   "middle", 12, dark ? "#ffffff" : kInk);
          table.Row({point, std::to_string(l.ready), Figure(l.downtime.mean),
                     Figure(l.downtime.low) + " to " + Figure(l.downtime.high),
                     Percent(l.availability.mean, 5), verdict.empty() ? "no target" : verdict});
        }
      }
      svg.End();
      out += FigureHtml(
          fig, "Sweep: " + name + "'s downtime per point",
          "Each cell is one point of the grid, its figure the mean downtime a year " +
              reading_level +
              " (darker is more); a cell marked ✗ misses an slo target with "
              "confidence, ? straddles it.",
          svg.Finish(), table,
          s.slo.empty() ? "The scenario states no slo targets, so no cell is marked." : "");
      continue;
    }
    // One axis: the downtime at each value, with its interval.
    const double left = 70, right = kWidth - 24, top = 34, bottom = 260;
    double ylo = HUGE_VAL, yhi = 0;
    for (const SweepPoint& p : s.points) {
      if (const Workload* w = Named(p.run, name)) {
        const Interval& d = w->levels[kRequiredLevel].downtime;
        for (double v : {d.mean, d.low, d.high}) {
          if (std::isfinite(v) && v > 0) ylo = std::min(ylo, v), yhi = std::max(yhi, v);
        }
      }
    }
    const Axis y = ValueAxis(ylo, yhi > 0 ? yhi : 1, bottom, top, true, "downtime, min/year");
    Svg svg(kWidth, bottom + 56, "Sweep: downtime per value",
            name + "'s downtime a year " + reading_level + " at " +
                std::to_string(s.points.size()) + " values of " + s.axes[0]);
    double lx = left;
    lx = svg.Legend(lx, 16, SeriesColor(0), "mean", "line");
    lx = svg.Legend(lx, 16, kInk, "95% interval", "line");
    DrawYAxis(svg, y, left, right);
    const double step = (right - left) / static_cast<double>(s.points.size());
    std::string d;
    svg.Group("marks points");
    for (size_t i = 0; i < s.points.size(); ++i) {
      const double x = left + step * (static_cast<double>(i) + 0.5);
      svg.Text(x, bottom + 16, Truncate(s.points[i].values[0], static_cast<size_t>(step / 7)),
               "middle", 11);
      const Workload* w = Named(s.points[i].run, name);
      if (w == nullptr) continue;
      const Level& l = w->levels[kRequiredLevel];
      const std::string verdict = SloVerdict(*w, s.slo);
      const std::string tip = name + " at " + s.axes[0] + " = " + s.points[i].values[0] + ": " +
                              Figure(l.downtime.mean) + " min/year (95% CI " +
                              Figure(l.downtime.low) + " to " + Figure(l.downtime.high) + ")" +
                              (verdict.empty() ? "" : ", slo " + verdict);
      if (std::isfinite(l.downtime.low)) {
        svg.Line(x, y.scale.Clamped(l.downtime.low), x, y.scale.Clamped(l.downtime.high), kInk, 1.5,
                 {}, tip);
      }
      const double py = y.scale.Clamped(l.downtime.mean);
      d += (d.empty() ? "M" : " L") + Num(x) + " " + Num(py);
      svg.Circle(x, py, 5, verdict == "violated" ? kBad : SeriesColor(0), tip);
      table.Row({s.axes[0] + " = " + s.points[i].values[0], std::to_string(l.ready),
                 Figure(l.downtime.mean), Figure(l.downtime.low) + " to " + Figure(l.downtime.high),
                 Percent(l.availability.mean, 5), verdict.empty() ? "no target" : verdict});
    }
    svg.End();
    svg.Path(d, SeriesColor(0), 2, "none");
    svg.Text((left + right) / 2, bottom + 40, s.axes[0], "middle", 12);
    out += FigureHtml(fig, "Sweep: " + name + "'s downtime per value",
                      "Each dot is the mean downtime a year " + reading_level +
                          " at that value of the axis, its whisker the 95% interval; red dots "
                          "miss an slo target with confidence.",
                      svg.Finish(), table);
  }
  return out;
}

}  // namespace clustersim::report
