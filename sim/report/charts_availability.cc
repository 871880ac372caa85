// Charts 1 and 2 of the HTML report: downtime per year per workload and level, with its 95%
// interval and the slo's allowed downtime; and the nines ladder beside the error budget spent.
#include <algorithm>
#include <cmath>

#include "charts.h"

namespace clustersim::report {
namespace {

constexpr double kRowHeight = 26;
constexpr double kTop = 34;
constexpr double kAxisSpace = 46;

// The labels' column: as wide as the longest label (at most 250 units), cut with "…" beyond.
double LabelColumn(const std::vector<LevelRow>& rows) {
  double w = 80;
  for (const LevelRow& r : rows) w = std::max(w, TextWidth(r.label, 12) + 12);
  return std::min(w, 300.0);
}

std::string RowLabel(const LevelRow& r, double column) {
  return FitWidth(r.label, column - 12, 12);
}

// met, violated or undecided: where the interval lies against the target (higher is better).
const char* Verdict(const Interval& a, double target) {
  if (a.low > target) return "met";
  if (a.high < target) return "violated";
  return "undecided";
}

const char* VerdictColor(const char* verdict) {
  if (std::string_view(verdict) == "met") return kGood;
  if (std::string_view(verdict) == "violated") return kBad;
  return SeriesColor(1);
}

std::string NinesTick(double n) {
  if (n <= 0) return "0%";
  if (n == 1) return "90%";
  // 2 -> 99%, 3 -> 99.9%, ...
  std::string s = "99";
  if (n > 2) s += "." + std::string(static_cast<size_t>(n) - 2, '9');
  return s + "%";
}

// The nines axis: a tick per nine, labelled as a percentage where there is room, else as the
// count of nines with the percentages in the title.
void DrawNinesAxis(Svg& svg, const Scale& x, double top, double bottom) {
  const int n = static_cast<int>(std::lround(x.d1()));
  const double spacing = (x.r1() - x.r0()) / std::max(n, 1);
  const bool room = spacing >= 8 + TextWidth(NinesTick(n), 10);
  svg.Group("axis x");
  for (int k = 0; k <= n; ++k) {
    svg.Line(x(k), top, x(k), bottom, kGrid);
    svg.Text(x(k), bottom + 14, room ? NinesTick(k) : std::to_string(k), "middle", 10, kMuted);
  }
  svg.Line(x.r0(), bottom, x.r1(), bottom, kMuted);
  svg.Text((x.r0() + x.r1()) / 2, bottom + 32,
           room ? "availability (nines)" : "availability, nines (2 = 99%, 4 = 99.99%)", "middle",
           12);
  svg.End();
}

}  // namespace

std::string DowntimeChart(const RunData& run, const std::vector<SloTarget>& slo,
                          const std::string& id) {
  const std::vector<LevelRow> rows = LevelRows(run.workloads);
  const double left = LabelColumn(rows), right = kWidth - 24;
  const double height = kTop + kRowHeight * static_cast<double>(rows.size()) + kAxisSpace;
  double lo = HUGE_VAL, hi = 0;
  auto consider = [&](double v) {
    if (std::isfinite(v) && v > 0) {
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
  };
  for (const LevelRow& r : rows) {
    const Level& l = r.workload->levels[r.level];
    consider(l.downtime.mean);
    consider(l.downtime.low);
    consider(l.downtime.high);
    if (const SloTarget* t = TargetFor(slo, r)) consider(AllowedMinutes(t->availability));
  }
  if (!(hi > 0)) {
    lo = 0;
    hi = 1;
  }
  const Axis axis = ValueAxis(lo, hi, left, right, /*allow_log=*/true,
                              "downtime, minutes per year" +
                                  std::string(SpansMoreThanADecade(lo, hi) ? " (log scale)" : ""));
  std::string most;
  double most_value = -1;
  for (const LevelRow& r : rows) {
    const double v = r.workload->levels[r.level].downtime.mean;
    if (v > most_value) {
      most_value = v;
      most = r.label;
    }
  }
  Svg svg(kWidth, height, "Downtime per year",
          "Downtime per year of " + std::to_string(rows.size()) +
              " workload levels with 95% confidence intervals; the most is " + Figure(most_value) +
              " minutes a year (" + most + ")");
  double lx = left;
  lx = svg.Legend(lx, 16, SeriesColor(0), "mean", "dot");
  lx = svg.Legend(lx, 16, kInk, "95% confidence interval", "line");
  if (!slo.empty()) lx = svg.Legend(lx, 16, kBad, "slo: allowed downtime", "dash");
  const double bottom = kTop + kRowHeight * static_cast<double>(rows.size());
  DrawXAxis(svg, axis, kTop - 6, bottom);
  Table table({"workload · levels", "ready replicas needed", "downtime, min/year", "95% CI",
               "availability", "outages per year", "slo allows, min/year"});
  svg.Group("marks downtime");
  for (size_t i = 0; i < rows.size(); ++i) {
    const LevelRow& r = rows[i];
    const Level& l = r.workload->levels[r.level];
    const double y = kTop + kRowHeight * (static_cast<double>(i) + 0.5);
    svg.Text(left - 8, y + 4, RowLabel(r, left), "end", 12);
    const SloTarget* t = TargetFor(slo, r);
    const char* color = SeriesColor(0);
    if (t != nullptr) color = VerdictColor(Verdict(l.availability, t->availability));
    const std::string tip = r.label + ": " + Figure(l.downtime.mean) + " min/year, 95% CI " +
                            Figure(l.downtime.low) + " to " + Figure(l.downtime.high);
    if (std::isfinite(l.downtime.low) && std::isfinite(l.downtime.high)) {
      const double x0 = axis.scale.Clamped(l.downtime.low),
                   x1 = axis.scale.Clamped(l.downtime.high);
      svg.Line(x0, y, x1, y, kInk, 1.5, {}, tip);
      svg.Line(x0, y - 5, x0, y + 5, kInk, 1.5);
      svg.Line(x1, y - 5, x1, y + 5, kInk, 1.5);
    }
    const bool zero = !(l.downtime.mean > 0) && axis.scale.log();
    svg.Circle(axis.scale.Clamped(l.downtime.mean), y, 5, zero ? "#ffffff" : color, tip, color);
    std::string allowed = "";
    if (t != nullptr) {
      const double a = AllowedMinutes(t->availability);
      allowed = Figure(a);
      const double x = axis.scale.Clamped(a);
      svg.Line(x, y - kRowHeight / 2 + 2, x, y + kRowHeight / 2 - 2, kBad, 2, "4 3",
               "slo " + Percent(t->availability, 3) + " for " + r.label + ": at most " + allowed +
                   " min/year");
    }
    table.Row({r.label, std::to_string(l.ready), Figure(l.downtime.mean),
               Figure(l.downtime.low) + " to " + Figure(l.downtime.high),
               Percent(l.availability.mean, 5), Figure(l.outages_per_year),
               t != nullptr ? allowed : "no target"});
  }
  svg.End();
  const std::string note = run.workloads_total > run.workloads.size()
                               ? "Showing the " + std::to_string(run.workloads.size()) + " of " +
                                     std::to_string(run.workloads_total) +
                                     " workloads with the most downtime at their required level."
                               : "";
  return FigureHtml(id + "-downtime", "Downtime per year, by workload and level",
                    "Each dot is the mean downtime a year at that level (fewer replicas ready "
                    "than it needs), its whisker the 95% confidence interval; a dashed mark is "
                    "the downtime the slo allows. Further left is better.",
                    svg.Finish(), table, note);
}

std::string NinesChart(const RunData& run, const std::vector<SloTarget>& slo,
                       const std::string& id) {
  const std::vector<LevelRow> rows = LevelRows(run.workloads);
  bool budgets = false;
  for (const LevelRow& r : rows) budgets |= TargetFor(slo, r) != nullptr;
  const double left = LabelColumn(rows);
  const double split = budgets ? left + (kWidth - left) * 0.58 : kWidth - 24;
  const double height = kTop + kRowHeight * static_cast<double>(rows.size()) + kAxisSpace;
  const double bottom = kTop + kRowHeight * static_cast<double>(rows.size());
  double top_nines = 3;
  double budget_max = 1;
  for (const LevelRow& r : rows) {
    const Level& l = r.workload->levels[r.level];
    for (double v : {l.availability.mean, l.availability.low, l.availability.high}) {
      const double n = Nines(v);
      if (std::isfinite(n)) top_nines = std::max(top_nines, std::ceil(n + 0.25));
    }
    if (const SloTarget* t = TargetFor(slo, r)) {
      top_nines = std::max(top_nines, std::ceil(Nines(t->availability) + 0.25));
      const double spent = (1 - l.availability.low) / (1 - t->availability);
      if (std::isfinite(spent)) budget_max = std::max(budget_max, spent);
    }
  }
  top_nines = std::min(top_nines, 12.0);
  Axis nines;
  nines.scale = Scale::Linear(0, top_nines, left, split - (budgets ? 28 : 0));
  for (int n = 0; n <= static_cast<int>(top_nines); ++n) nines.ticks.push_back(n);
  nines.title = "availability, in nines (each step is ten times less downtime)";
  Svg svg(kWidth, height, "Nines ladder and error budget",
          "Availability of " + std::to_string(rows.size()) +
              " workload levels on a scale of nines with 95% intervals" +
              std::string(budgets ? ", beside the share of each slo's error budget spent" : ""));
  double lx = left;
  lx = svg.Legend(lx, 16, SeriesColor(0), "mean", "dot");
  lx = svg.Legend(lx, 16, kInk, "95% interval", "line");
  if (budgets) lx = svg.Legend(lx, 16, kBad, "slo target", "dash");
  // The nines axis, labelled as percentages.
  DrawNinesAxis(svg, nines.scale, kTop - 6, bottom);
  Axis budget;
  if (budgets) {
    budget = ValueAxis(0, budget_max * 100, split + 8, kWidth - 24, false, "error budget spent, %");
    DrawXAxis(svg, budget, kTop - 6, bottom);
    const double x100 = budget.scale(100);
    svg.Line(x100, kTop - 6, x100, bottom, kBad, 1.5, "4 3", "the whole error budget (100%)");
  }
  Table table({"workload · levels", "availability", "95% CI", "nines", "slo target",
               "error budget spent", "95% CI of the budget spent"});
  svg.Group("marks nines");
  for (size_t i = 0; i < rows.size(); ++i) {
    const LevelRow& r = rows[i];
    const Level& l = r.workload->levels[r.level];
    const double y = kTop + kRowHeight * (static_cast<double>(i) + 0.5);
    svg.Text(left - 8, y + 4, RowLabel(r, left), "end", 12);
    const double n = Nines(l.availability.mean);
    const std::string tip = r.label + ": " + Percent(l.availability.mean, 5) + " (" +
                            (std::isfinite(n) ? Fixed(n, 2) : std::string("no downtime seen")) +
                            " nines), 95% CI " + Percent(l.availability.low, 5) + " to " +
                            Percent(l.availability.high, 5);
    if (std::isfinite(l.availability.low)) {
      const double x0 = nines.scale.Clamped(Nines(l.availability.low));
      const double x1 = nines.scale.Clamped(Nines(l.availability.high));
      svg.Line(x0, y, x1, y, kInk, 1.5, {}, tip);
      svg.Line(x0, y - 5, x0, y + 5, kInk, 1.5);
      svg.Line(x1, y - 5, x1, y + 5, kInk, 1.5);
    }
    const SloTarget* t = TargetFor(slo, r);
    const char* color =
        t != nullptr ? VerdictColor(Verdict(l.availability, t->availability)) : SeriesColor(0);
    svg.Circle(nines.scale.Clamped(n), y, 5, color, tip);
    std::string target = "none", spent_text = "", spent_ci = "";
    if (t != nullptr) {
      target = Percent(t->availability, 4);
      const double tx = nines.scale.Clamped(Nines(t->availability));
      svg.Line(tx, y - kRowHeight / 2 + 2, tx, y + kRowHeight / 2 - 2, kBad, 2, "4 3",
               "slo target " + target + " (" + Fixed(Nines(t->availability), 2) + " nines)");
      const double budget_left = 1 - t->availability;
      const double spent = 100 * (1 - l.availability.mean) / budget_left;
      const double s_lo = 100 * (1 - l.availability.high) / budget_left;
      const double s_hi = 100 * (1 - l.availability.low) / budget_left;
      spent_text = Fixed(spent, 1) + "%";
      spent_ci = Fixed(s_lo, 1) + "% to " + Fixed(s_hi, 1) + "%";
      const double x0 = budget.scale(0);
      const double bar_tip_x = budget.scale.Clamped(spent);
      svg.Rect(
          x0, y - 7, bar_tip_x - x0, 14, spent > 100 ? kBad : kGood,
          r.label + ": " + spent_text + " of the error budget spent (95% CI " + spent_ci + ")");
      if (std::isfinite(s_lo) && std::isfinite(s_hi)) {
        svg.Line(budget.scale.Clamped(s_lo), y, budget.scale.Clamped(s_hi), y, kInk, 1.5);
      }
    } else if (budgets) {
      svg.Text(split + 12, y + 4, "no slo target", "start", 11, kMuted);
    }
    table.Row({r.label, Percent(l.availability.mean, 5),
               Percent(l.availability.low, 5) + " to " + Percent(l.availability.high, 5),
               std::isfinite(n) ? Fixed(n, 2) : "no downtime seen", target,
               t != nullptr ? spent_text : "", spent_ci});
  }
  svg.End();
  return FigureHtml(
      id + "-nines", "Nines ladder and error budget",
      "Each dot places a workload level on a scale of nines (99% is two, 99.99% "
      "four), its whisker the 95% interval; where the scenario states an slo, the "
      "dashed mark is the target and the bar the share of its error budget the "
      "downtime spends (past 100% the target is missed).",
      svg.Finish(), table,
      budgets ? "" : "The scenario states no slo targets, so no error budget is drawn.");
}

std::string CheckChart(const std::vector<SloTarget>& targets, const std::string& id) {
  const double left = 250, right = kWidth - 24;
  const double height = kTop + kRowHeight * static_cast<double>(targets.size()) + kAxisSpace;
  const double bottom = kTop + kRowHeight * static_cast<double>(targets.size());
  double top_nines = 3;
  for (const SloTarget& t : targets) {
    for (double v : {t.measured.mean, t.measured.low, t.measured.high, t.availability}) {
      const double n = Nines(v);
      if (std::isfinite(n)) top_nines = std::max(top_nines, std::ceil(n + 0.25));
    }
  }
  top_nines = std::min(top_nines, 12.0);
  const Scale x = Scale::Linear(0, top_nines, left, right);
  int met = 0, violated = 0;
  for (const SloTarget& t : targets) {
    met += t.verdict == "met";
    violated += t.verdict == "violated";
  }
  Svg svg(kWidth, height, "slo targets checked",
          std::to_string(targets.size()) + " slo targets: " + std::to_string(met) + " met, " +
              std::to_string(violated) + " violated, " +
              std::to_string(targets.size() - static_cast<size_t>(met + violated)) + " undecided");
  double lx = left;
  lx = svg.Legend(lx, 16, kGood, "met", "dot");
  lx = svg.Legend(lx, 16, kBad, "violated", "dot");
  lx = svg.Legend(lx, 16, SeriesColor(1), "undecided", "dot");
  lx = svg.Legend(lx, 16, kBad, "target", "dash");
  DrawNinesAxis(svg, x, kTop - 6, bottom);
  Table table({"target", "availability", "95% CI", "target availability", "verdict",
               "replications that would decide"});
  svg.Group("marks check");
  for (size_t i = 0; i < targets.size(); ++i) {
    const SloTarget& t = targets[i];
    const double y = kTop + kRowHeight * (static_cast<double>(i) + 0.5);
    const std::string label = t.workload + " · " + LevelName(t.level);
    svg.Text(left - 8, y + 4, FitWidth(label, left - 12, 12), "end", 12);
    const std::string tip = label + ": " + Percent(t.measured.mean, 5) + ", 95% CI " +
                            Percent(t.measured.low, 5) + " to " + Percent(t.measured.high, 5) +
                            ", target " + Percent(t.availability, 4) + ": " + t.verdict;
    if (std::isfinite(t.measured.low)) {
      svg.Line(x.Clamped(Nines(t.measured.low)), y, x.Clamped(Nines(t.measured.high)), y, kInk, 1.5,
               {}, tip);
    }
    svg.Line(x.Clamped(Nines(t.availability)), y - 10, x.Clamped(Nines(t.availability)), y + 10,
             kBad, 2, "4 3", "target " + Percent(t.availability, 4));
    svg.Circle(x.Clamped(Nines(t.measured.mean)), y, 5, VerdictColor(t.verdict.c_str()), tip);
    table.Row({label, Percent(t.measured.mean, 5),
               Percent(t.measured.low, 5) + " to " + Percent(t.measured.high, 5),
               Percent(t.availability, 4), t.verdict,
               std::isfinite(t.replications_to_decide) ? Fixed(t.replications_to_decide, 0) : ""});
  }
  svg.End();
  return FigureHtml(id + "-check", "slo targets: met, violated or undecided",
                    "Each dot is a target's measured availability on the scale of nines with its "
                    "95% interval, the dashed mark the target: met when the whole interval is "
                    "above it, violated when below, undecided when it straddles.",
                    svg.Finish(), table);
}

}  // namespace clustersim::report
