// Chart 7 of the HTML report: one replication's timeline, a lane per node and per pod with
// its states as coloured spans and the failures and Kubernetes events as marks; the whole
// horizon, then a closer view of the longest outage. Spans shorter than a pixel are merged into
// the pixel's worst state, so a year of a busy lane is at most a few hundred rectangles.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <map>

#include "charts.h"

namespace clustersim::report {
namespace {

constexpr double kLaneHeight = 14, kLaneGap = 6;

// Higher is worse: the state a merged pixel shows.
int Priority(LaneState s) {
  switch (s) {
    case LaneState::kPodReady:
    case LaneState::kNodeUp:
      return 0;
    case LaneState::kPodPending:
    case LaneState::kNodeCordoned:
      return 1;
    case LaneState::kPodTerminating:
      return 2;
    case LaneState::kPodNotReady:
    case LaneState::kNodeDown:
      return 3;
  }
  return 0;
}

std::string Clock(SimTime t) {
  const int64_t s = t / kSecond;
  char buf[48];
  std::snprintf(buf, sizeof buf, "day %lld %02lld:%02lld:%02lld", static_cast<long long>(s / 86400),
                static_cast<long long>(s / 3600 % 24), static_cast<long long>(s / 60 % 60),
                static_cast<long long>(s % 60));
  return buf;
}

}  // namespace

const char* LaneColor(LaneState s) {
  switch (s) {
    case LaneState::kPodReady:
      return "#009E73";
    case LaneState::kPodNotReady:
      return "#E69F00";
    case LaneState::kPodTerminating:
      return "#CC79A7";
    case LaneState::kPodPending:
      return "#999999";
    case LaneState::kNodeUp:
      return "#9ecae1";
    case LaneState::kNodeDown:
      return "#D55E00";
    case LaneState::kNodeCordoned:
      return "#F0E442";
  }
  return "#000000";
}

std::vector<DrawnSpan> MergeLane(const Timeline::Lane& lane, SimTime t0, SimTime t1) {
  std::vector<DrawnSpan> out;
  if (t1 <= t0) return out;
  const int width = static_cast<int>(kTimelinePlot);
  const double per_px = static_cast<double>(t1 - t0) / width;
  struct Pixel {
    int priority = -1;
    LaneState state = LaneState::kPodReady;
    SimTime start = 0, end = 0;
  };
  std::vector<Pixel> px(static_cast<size_t>(width));
  for (const Timeline::Span& s : lane.spans) {
    if (s.end <= t0 || s.start >= t1) continue;
    const SimTime a = std::max(s.start, t0), b = std::min(s.end, t1);
    const int p0 = std::clamp(static_cast<int>(static_cast<double>(a - t0) / per_px), 0, width - 1);
    int p1 = static_cast<int>(std::ceil(static_cast<double>(b - t0) / per_px)) - 1;
    p1 = std::clamp(p1, p0, width - 1);
    const int pr = Priority(s.state);
    for (int p = p0; p <= p1; ++p) {
      Pixel& x = px[static_cast<size_t>(p)];
      // Within the pixel's own time.
      const SimTime lo = t0 + static_cast<SimTime>(p * per_px);
      const SimTime hi = t0 + static_cast<SimTime>((p + 1) * per_px);
      const SimTime cs = std::max(a, lo), ce = std::min(b, hi);
      if (pr > x.priority) {
        x = {pr, s.state, cs, ce};
      } else if (pr == x.priority && s.state == x.state) {
        x.start = std::min(x.start, cs);
        x.end = std::max(x.end, ce);
      }
    }
  }
  for (int p = 0; p < width; ++p) {
    const Pixel& x = px[static_cast<size_t>(p)];
    if (x.priority < 0) continue;
    if (!out.empty() && out.back().state == x.state && out.back().px_end == p) {
      out.back().px_end = p + 1;
      out.back().end = std::max(out.back().end, x.end);
    } else {
      out.push_back({p, p + 1, x.state, x.start, x.end});
    }
  }
  return out;
}

std::string TimelineChart(const Timeline& tl, const std::string& id) {
  const double left = kTimelineLeft, right = kTimelineLeft + kTimelinePlot, top = 58;
  const double lanes_h = (kLaneHeight + kLaneGap) * static_cast<double>(tl.lanes.size());
  struct Panel {
    SimTime t0, t1;
    std::string title;
  };
  std::vector<Panel> panels = {{tl.start, tl.end, "the whole replication"}};
  if (tl.zoom_end > tl.zoom_start) {
    panels.push_back({tl.zoom_start, tl.zoom_end, "closer: " + tl.zoom_why});
  }
  const double panel_h = 30 + lanes_h + 40;
  const double height = top + panel_h * static_cast<double>(panels.size()) + 10;
  std::string subject = "replication " + std::to_string(tl.replication) +
                        (tl.variant.empty() ? "" : " of " + tl.variant);
  Svg svg(kWidth, height, "Timeline of " + subject,
          "Timeline of " + subject + " (" + tl.why + "): " + std::to_string(tl.lanes.size()) +
              " lanes of nodes and pods with their states, " + std::to_string(tl.marks.size()) +
              " failures and Kubernetes events marked");
  double lx = 8;
  for (LaneState s : {LaneState::kPodReady, LaneState::kPodNotReady, LaneState::kPodTerminating,
                      LaneState::kPodPending}) {
    lx = svg.Legend(lx, 16, LaneColor(s), std::string("pod ") + LaneStateName(s));
  }
  lx = 8;
  for (LaneState s : {LaneState::kNodeUp, LaneState::kNodeDown, LaneState::kNodeCordoned}) {
    lx = svg.Legend(lx, 34, LaneColor(s), std::string("node ") + LaneStateName(s));
  }
  lx = svg.Legend(lx, 34, kBad, "failure", "triangle");
  lx = svg.Legend(lx, 34, kInk, "Kubernetes event", "triangle");
  size_t failures = 0;
  for (const auto& m : tl.marks) failures += m.failure;
  for (size_t p = 0; p < panels.size(); ++p) {
    const Panel& pn = panels[p];
    const double y0 = top + panel_h * static_cast<double>(p);
    const double span_s = ToSeconds(pn.t1 - pn.t0);
    // Ticks in days for long views, in minutes from the window's start for short ones.
    const bool days = span_s > 2 * 86400;
    const double unit = days ? 86400 : span_s > 4 * 3600 ? 3600 : 60;
    const std::string unit_name = days ? "days" : unit == 3600 ? "hours" : "minutes";
    const double from = days ? ToSeconds(pn.t0) / unit : 0;
    const double to = from + span_s / unit;
    Axis x;
    x.ticks = NiceTicks(from, to, 8);
    x.ticks.erase(std::remove_if(x.ticks.begin(), x.ticks.end(),
                                 [&](double t) { return t < from - 1e-9 || t > to + 1e-9; }),
                  x.ticks.end());
    x.scale = Scale::Linear(from, to, left, right);
    x.title = days ? "time, days from the start of the replication"
                   : "time, " + unit_name + " from " + Clock(pn.t0);
    svg.Text(8, y0 + 12, Truncate(pn.title, 110), "start", 12, kInk, "bold");
    const double lanes_top = y0 + 26;
    DrawXAxis(svg, x, lanes_top - 4, lanes_top + lanes_h);
    std::map<std::pair<uint32_t, int>, std::vector<const Timeline::Mark*>> marks;
    const double per_px = static_cast<double>(pn.t1 - pn.t0) / kTimelinePlot;
    for (const Timeline::Mark& m : tl.marks) {
      if (m.time < pn.t0 || m.time > pn.t1) continue;
      const int px = std::min(static_cast<int>(static_cast<double>(m.time - pn.t0) / per_px),
                              static_cast<int>(kTimelinePlot) - 1);
      marks[{m.lane, px * 2 + (m.failure ? 1 : 0)}].push_back(&m);
    }
    svg.Group("marks spans");
    for (size_t i = 0; i < tl.lanes.size(); ++i) {
      const Timeline::Lane& lane = tl.lanes[i];
      const double y = lanes_top + (kLaneHeight + kLaneGap) * static_cast<double>(i);
      svg.Text(left - 6, y + kLaneHeight - 3, FitWidth(lane.name, left - 12, 11), "end", 11,
               lane.node ? kMuted : kInk);
      for (const DrawnSpan& d : MergeLane(lane, pn.t0, pn.t1)) {
        svg.Rect(left + d.px_start, y, d.px_end - d.px_start, kLaneHeight, LaneColor(d.state),
                 lane.name + ": " + LaneStateName(d.state) + " from " + Clock(d.start) + " to " +
                     Clock(d.end) + " (" + Duration(ToSeconds(d.end - d.start)) + ")");
      }
    }
    svg.End();
    svg.Group("marks events");
    for (const auto& [key, ms] : marks) {
      const double y = lanes_top + (kLaneHeight + kLaneGap) * static_cast<double>(key.first);
      const double px = left + key.second / 2 + 0.5;
      const bool failure = key.second % 2 == 1;
      std::string tip;
      if (ms.size() == 1) {
        tip = tl.lanes[key.first].name + ": " + TraceKindName(ms[0]->kind) + " at " +
              Clock(ms[0]->time) + (ms[0]->detail.empty() ? "" : " (" + ms[0]->detail + ")");
      } else {
        std::map<std::string, int> kinds;
        for (const auto* m : ms) ++kinds[TraceKindName(m->kind)];
        tip = tl.lanes[key.first].name + ", " + Clock(ms.front()->time) + " to " +
              Clock(ms.back()->time) + ":";
        for (const auto& [k, n] : kinds) tip += " " + std::to_string(n) + " × " + k;
      }
      const double h = failure ? 7 : 5;
      svg.Polygon(Num(px - h / 1.4) + "," + Num(y - h) + " " + Num(px + h / 1.4) + "," +
                      Num(y - h) + " " + Num(px) + "," + Num(y),
                  failure ? kBad : kInk, tip);
    }
    svg.End();
  }
  // The table: each lane's time in each state, and its marks.
  Table table({"lane", "kind", "ready / up", "not ready / down", "terminating / cordoned",
               "pending", "failures", "events"});
  for (size_t i = 0; i < tl.lanes.size(); ++i) {
    const Timeline::Lane& lane = tl.lanes[i];
    std::array<SimTime, kLaneStates> in{};
    for (const auto& s : lane.spans) in[static_cast<size_t>(s.state)] += s.end - s.start;
    int f = 0, e = 0;
    for (const auto& m : tl.marks) {
      if (m.lane != i) continue;
      (m.failure ? f : e) += 1;
    }
    auto d = [&](LaneState s) { return Duration(ToSeconds(in[static_cast<size_t>(s)])); };
    if (lane.node) {
      table.Row({lane.name, "node", d(LaneState::kNodeUp), d(LaneState::kNodeDown),
                 d(LaneState::kNodeCordoned), "", std::to_string(f), std::to_string(e)});
    } else {
      table.Row({lane.name, "pod", d(LaneState::kPodReady), d(LaneState::kPodNotReady),
                 d(LaneState::kPodTerminating), d(LaneState::kPodPending), std::to_string(f),
                 std::to_string(e)});
    }
  }
  std::string note = "Replication " + std::to_string(tl.replication) + ": " + tl.why + ". " +
                     std::to_string(failures) + " failures and " +
                     std::to_string(tl.marks.size() - failures) + " Kubernetes events.";
  if (tl.lanes_total > tl.lanes.size()) {
    note += " Showing " + std::to_string(tl.lanes.size()) + " of " +
            std::to_string(tl.lanes_total) + " lanes.";
  }
  return FigureHtml(id, "Timeline of " + subject,
                    "Each lane is a node or a pod across the replication, coloured by its state; "
                    "a red triangle is a failure, a black one a Kubernetes event (NotReady, taint, "
                    "eviction, detach...); hover for times. Spans shorter than a pixel show the "
                    "pixel's worst state; the second view zooms on the longest outage.",
                    svg.Finish(), table, note);
}

}  // namespace clustersim::report
