// What every chart of the HTML report is made of: the figure around it, its table, its axes and
// the rows of a workload's distinct levels.
#include <algorithm>
#include <cmath>

#include "charts.h"

namespace clustersim::report {

const char* LevelName(int level) {
  static const char* const kNames[kLevelCount] = {"all", "quorum", "any", "required"};
  return level >= 0 && level < kLevelCount ? kNames[level] : "?";
}

const char* CauseName(int cause) {
  static const char* const kNames[kCauseCount] = {"waiting for the node", "detach", "attach",
                                                  "rebuild", "start"};
  return cause >= 0 && cause < kCauseCount ? kNames[cause] : "?";
}

std::string Table::Html(std::string_view caption) const {
  std::string out =
      "<div class=\"table\"><table>\n<caption>" + Escape(caption) + "</caption>\n<thead><tr>";
  for (const std::string& h : header_) out += "<th scope=\"col\">" + Escape(h) + "</th>";
  out += "</tr></thead>\n<tbody>\n";
  for (const auto& row : rows_) {
    out += "<tr>";
    for (size_t i = 0; i < row.size(); ++i) {
      out += i == 0 ? "<th scope=\"row\">" + Escape(row[i]) + "</th>"
                    : "<td>" + Escape(row[i]) + "</td>";
    }
    out += "</tr>\n";
  }
  return out + "</tbody>\n</table></div>\n";
}

std::string FigureHtml(std::string_view id, std::string_view title, std::string_view reading,
                       const std::string& svg, const Table& table, std::string_view note) {
  std::string out = "<figure class=\"chart\" id=\"" + Escape(id) + "\">\n<h3>" + Escape(title) +
                    "</h3>\n<p class=\"reading\">" + Escape(reading) + "</p>\n";
  if (!note.empty()) out += "<p class=\"note\">" + Escape(note) + "</p>\n";
  out += "<div class=\"plot\">\n" + svg + "</div>\n";
  // Long tables start folded: the chart is the answer, the table its detail.
  out += table.rows() > 16 ? "<details><summary>The figures as a table (" +
                                 std::to_string(table.rows()) + " rows)</summary>\n"
                           : "<details open><summary>The figures as a table</summary>\n";
  out += table.Html(title) + "</details>\n</figure>\n";
  return out;
}

Axis ValueAxis(double lo, double hi, double r0, double r1, bool allow_log, std::string title) {
  Axis a;
  a.title = std::move(title);
  if (!std::isfinite(lo)) lo = 0;
  if (!std::isfinite(hi)) hi = lo + 1;
  if (allow_log && lo > 0 && SpansMoreThanADecade(lo, hi)) {
    a.ticks = LogTicks(lo, hi);
    a.scale = Scale::Log(a.ticks.front(), a.ticks.back(), r0, r1);
    return a;
  }
  const double from = std::min(lo, 0.0);
  const double to = hi > from ? hi : from + 1;
  a.ticks = NiceTicks(from, to, 6);
  a.scale = Scale::Linear(a.ticks.front(), a.ticks.back(), r0, r1);
  return a;
}

Axis DurationAxis(double lo_s, double hi_s, double r0, double r1, std::string title) {
  Axis a;
  a.title = std::move(title);
  a.duration = true;
  lo_s = std::max(lo_s, 1.0);
  hi_s = std::max(hi_s, lo_s * 10);
  const std::vector<double> decades = LogTicks(lo_s, hi_s);
  a.scale = Scale::Log(decades.front(), decades.back(), r0, r1);
  a.ticks = DurationTicks(decades.front(), decades.back());
  return a;
}

std::string TickText(const Axis& a, double v) {
  if (a.duration) return DurationTick(v);
  if (a.scale.log()) return Plain(v);
  const double step = a.ticks.size() > 1 ? a.ticks[1] - a.ticks[0] : 1;
  return TickLabel(v, step);
}

void DrawXAxis(Svg& svg, const Axis& a, double top, double bottom) {
  svg.Group("axis x");
  for (double t : a.ticks) {
    const double x = a.scale(t);
    svg.Line(x, top, x, bottom, kGrid);
    svg.Text(x, bottom + 14, TickText(a, t), "middle", 11, kMuted);
  }
  svg.Line(a.scale.r0(), bottom, a.scale.r1(), bottom, kMuted);
  svg.Text((a.scale.r0() + a.scale.r1()) / 2, bottom + 32, a.title, "middle", 12);
  svg.End();
}

void DrawYAxis(Svg& svg, const Axis& a, double left, double right) {
  svg.Group("axis y");
  for (double t : a.ticks) {
    const double y = a.scale(t);
    svg.Line(left, y, right, y, kGrid);
    svg.Text(left - 6, y + 4, TickText(a, t), "end", 11, kMuted);
  }
  svg.Line(left, a.scale.r0(), left, a.scale.r1(), kMuted);
  const double mid = (a.scale.r0() + a.scale.r1()) / 2;
  svg.Text(14, mid, a.title, "middle", 12, kInk, {}, -90);
  svg.End();
}

std::vector<LevelRow> LevelRows(const std::vector<Workload>& workloads) {
  std::vector<LevelRow> rows;
  for (size_t i = 0; i < workloads.size(); ++i) {
    const Workload& w = workloads[i];
    // Required first (what the workload needs), then the other distinct thresholds, most
    // replicas first.
    const int order[kLevelCount] = {kRequiredLevel, 0, 1, 2};
    std::vector<int> seen;
    for (int l : order) {
      const int k = w.levels[l].ready;
      if (std::find(seen.begin(), seen.end(), k) != seen.end()) continue;
      seen.push_back(k);
      LevelRow r;
      r.workload = &w;
      r.index = i;
      r.level = l;
      for (int m = 0; m < kLevelCount; ++m) {
        if (w.levels[m].ready != k) continue;
        if (!r.levels.empty()) r.levels += ", ";
        r.levels += LevelName(m);
      }
      if (r.levels == "all, quorum, any, required") r.levels = "every level";
      r.label = w.name + " · " + r.levels + " (" + std::to_string(k) + " of " +
                std::to_string(w.replicas) + ")";
      rows.push_back(std::move(r));
    }
  }
  return rows;
}

const SloTarget* TargetFor(const std::vector<SloTarget>& slo, const LevelRow& row) {
  for (const SloTarget& t : slo) {
    if (t.workload == row.workload->name && t.level >= 0 && t.level < kLevelCount &&
        row.workload->levels[t.level].ready == row.workload->levels[row.level].ready) {
      return &t;
    }
  }
  return nullptr;
}

double AllowedMinutes(double availability) { return (1 - availability) * kMinutesPerYear; }

}  // namespace clustersim::report
