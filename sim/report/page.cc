// The HTML report's page: the header (the scenario's question and set-up), one section per
// results file with its charts, and the data block. No script runs and nothing is loaded from
// elsewhere: a Content-Security-Policy that allows nothing but inline style says so to the
// browser too.
#include <algorithm>
#include <cmath>
#include <numeric>

#include "charts.h"
#include "clustersim/report/html.h"

namespace clustersim::report {
namespace {

const char* kStyle = R"(
:root{color-scheme:light}
body{font-family:"DejaVu Sans",Verdana,sans-serif;color:#222;background:#fff;margin:0;line-height:1.45}
header,main,footer,nav{max-width:800px;margin:0 auto;padding:0 16px}
header{border-bottom:2px solid #0072B2;padding-bottom:8px}
h1{font-size:1.45em;margin:18px 0 6px}
h2{font-size:1.2em;margin:28px 0 4px;border-bottom:1px solid #ccc}
h3{font-size:1.02em;margin:18px 0 2px}
.question{white-space:pre-wrap;background:#f4f8fb;border-left:4px solid #0072B2;padding:8px 10px;margin:8px 0;font-size:.95em}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:8px 0;font-size:.92em}
dl.facts dt{font-weight:bold}
dl.facts dd{margin:0;overflow-wrap:anywhere}
dl.facts ul{margin:0;padding-left:18px}
.meta,.reading,.note{font-size:.9em;margin:2px 0}
.note{color:#555}
figure{margin:10px 0 24px}
.plot{overflow-x:auto}
.plot svg{width:100%;min-width:480px;height:auto;display:block}
.table{overflow-x:auto}
table{border-collapse:collapse;font-size:.85em;margin:6px 0}
caption{text-align:left;font-weight:bold;padding:2px 0}
th,td{border:1px solid #ddd;padding:2px 6px;text-align:left;vertical-align:top}
thead th{background:#f2f2f2}
tbody th{font-weight:normal;overflow-wrap:anywhere;max-width:320px}
details summary{cursor:pointer;font-size:.9em;color:#0072B2}
nav ul{font-size:.9em;padding-left:18px}
footer{font-size:.85em;color:#555;border-top:1px solid #ccc;margin-top:30px;padding-top:8px;padding-bottom:20px}
)";

double RequiredDowntime(const Workload& w) {
  const double v = w.levels[kRequiredLevel].downtime.mean;
  return std::isfinite(v) ? v : -1;
}

// The order to draw: most downtime at the required level first, ties in report order.
std::vector<std::string> Ranked(const std::vector<std::pair<std::string, double>>& scores) {
  std::vector<size_t> idx(scores.size());
  std::iota(idx.begin(), idx.end(), size_t{0});
  std::stable_sort(idx.begin(), idx.end(),
                   [&](size_t a, size_t b) { return scores[a].second > scores[b].second; });
  std::vector<std::string> names;
  for (size_t i : idx) names.push_back(scores[i].first);
  return names;
}

// Keeps the named workloads of `run`, in `names` order; `keep` gets the kept indices.
void Keep(RunData* run, const std::vector<std::string>& names, std::vector<size_t>* keep) {
  keep->clear();
  for (const std::string& n : names) {
    for (size_t i = 0; i < run->workloads.size(); ++i) {
      if (run->workloads[i].name == n) {
        keep->push_back(i);
        break;
      }
    }
  }
  std::vector<Workload> kept;
  for (size_t i : *keep) kept.push_back(std::move(run->workloads[i]));
  run->workloads_total = std::max(run->workloads_total, run->workloads.size());
  run->workloads = std::move(kept);
}

std::string Years(double seconds) {
  const double y = seconds / kSecondsPerYear;
  return Fixed(y, y < 1 ? 3 : 1);
}

std::string SectionMeta(const Section& s) {
  std::string m;
  if (s.kind != Section::Kind::kCheck || !s.run.workloads.empty()) {
    m = "Seed " + std::to_string(s.seed) + ", " + std::to_string(s.replications) +
        " replications × " + Years(s.horizon_seconds - s.warmup_seconds) + " simulated years";
    if (s.warmup_seconds > 0) m += " after a warm-up of " + Duration(s.warmup_seconds);
  } else {
    m = std::to_string(s.replications) + " replications";
  }
  if (s.run.method == "ctmc") m = "Exact: the steady state of a continuous-time Markov chain";
  if (s.run.nodes > 0) {
    m += "; " + std::to_string(s.run.nodes) + " nodes, " + Figure(s.run.node_failures) +
         " node failures and " + Figure(s.run.pod_evictions) + " pod evictions per replication";
  }
  if (!s.source.empty()) m += ". Read from " + s.source;
  return m + ".";
}

const char* KindTitle(Section::Kind k) {
  switch (k) {
    case Section::Kind::kRun:
      return "Availability";
    case Section::Kind::kCompare:
      return "Comparison";
    case Section::Kind::kSweep:
      return "Sweep";
    case Section::Kind::kCheck:
      return "slo check";
  }
  return "";
}

void RunCharts(const Section& s, const std::string& id, std::string* out) {
  *out += DowntimeChart(s.run, s.slo, id);
  *out += NinesChart(s.run, s.slo, id);
  *out += OutageCcdfChart(s.run, s.timers, id);
  *out += RecoveryChart(s.run, id);
}

void Timelines(const Section& s, const std::string& id, std::string* out) {
  for (size_t i = 0; i < s.timelines.size(); ++i) {
    *out += TimelineChart(s.timelines[i], id + "-timeline-" + std::to_string(i));
  }
  if (s.timelines.empty() && s.kind != Section::Kind::kSweep && !s.source.empty()) {
    *out +=
        "<p class=\"note\">No timeline: a saved results file holds no trace. `--report` on "
        "the command draws one replication's timeline.</p>\n";
  }
}

std::string SectionHtml(const Section& s, size_t index) {
  const std::string id = "s" + std::to_string(index + 1);
  std::string out = "<section id=\"" + id + "\" class=\"" +
                    (s.kind == Section::Kind::kRun       ? "run"
                     : s.kind == Section::Kind::kCompare ? "compare"
                     : s.kind == Section::Kind::kSweep   ? "sweep"
                                                         : "check") +
                    "\">\n<h2>" + Escape(std::string(KindTitle(s.kind)) + ": " + s.scenario) +
                    "</h2>\n<p class=\"meta\">" + Escape(SectionMeta(s)) + "</p>\n";
  switch (s.kind) {
    case Section::Kind::kRun:
      RunCharts(s, id, &out);
      Timelines(s, id, &out);
      break;
    case Section::Kind::kCheck:
      out += CheckChart(s.slo, id);
      if (!s.run.workloads.empty()) {
        RunCharts(s, id, &out);
        Timelines(s, id, &out);
      }
      break;
    case Section::Kind::kCompare: {
      out += CompareChart(s.variants, id);
      for (size_t v = 0; v < s.variants.size(); ++v) {
        const Variant& var = s.variants[v];
        std::string o = var.overrides.empty() ? "no overrides" : "";
        for (const std::string& x : var.overrides) o += (o.empty() ? "" : ", ") + x;
        out += "<p class=\"meta\">Variant " + std::to_string(v + 1) + ": " + Escape(var.name) +
               " (" + Escape(o) + ")</p>\n";
      }
      // Every variant's outage lengths in one chart: what each policy does to them.
      RunData all;
      for (const Variant& var : s.variants) {
        for (const Workload& w : var.run.workloads) {
          if (all.workloads.size() >= 8) break;
          all.workloads.push_back(w);
          all.workloads.back().name = var.name + ": " + w.name;
        }
      }
      if (s.variants.size() == 1) all.workloads.resize(std::min<size_t>(all.workloads.size(), 1));
      out += OutageCcdfChart(all, s.timers, id);
      Timelines(s, id, &out);
      break;
    }
    case Section::Kind::kSweep:
      out += SweepChart(s, id);
      break;
  }
  return out + "</section>\n";
}

void Fact(std::string* out, const char* name, const std::string& value) {
  if (value.empty()) return;
  *out += "<dt>" + std::string(name) + "</dt><dd>" + Escape(value) + "</dd>\n";
}

void Facts(std::string* out, const char* name, const std::vector<std::string>& values) {
  if (values.empty()) return;
  *out += "<dt>" + std::string(name) + "</dt><dd><ul>";
  for (const std::string& v : values) *out += "<li>" + Escape(v) + "</li>";
  *out += "</ul></dd>\n";
}

}  // namespace

std::vector<std::string> SelectWorkloads(Section* s) {
  std::vector<std::pair<std::string, double>> scores;
  std::vector<size_t> keep;
  switch (s->kind) {
    case Section::Kind::kRun:
    case Section::Kind::kCheck:
      for (const Workload& w : s->run.workloads) scores.emplace_back(w.name, RequiredDowntime(w));
      break;
    case Section::Kind::kCompare:
      if (!s->variants.empty()) {
        for (const Workload& w : s->variants[0].run.workloads) {
          scores.emplace_back(w.name, RequiredDowntime(w));
        }
      }
      break;
    case Section::Kind::kSweep:
      if (!s->points.empty()) {
        for (const Workload& w : s->points[0].run.workloads) scores.emplace_back(w.name, -1);
        for (const SweepPoint& p : s->points) {
          for (size_t i = 0; i < p.run.workloads.size() && i < scores.size(); ++i) {
            scores[i].second = std::max(scores[i].second, RequiredDowntime(p.run.workloads[i]));
          }
        }
      }
      break;
  }
  std::vector<std::string> names = Ranked(scores);
  if (names.size() > kMaxWorkloads) names.resize(kMaxWorkloads);
  Keep(&s->run, names, &keep);
  for (Variant& v : s->variants) {
    Keep(&v.run, names, &keep);
    std::vector<bool> has;
    std::vector<std::array<Interval, kLevelCount>> delta;
    for (size_t i : keep) {
      has.push_back(i < v.has_delta.size() && v.has_delta[i]);
      delta.push_back(i < v.delta_downtime.size() ? v.delta_downtime[i]
                                                  : std::array<Interval, kLevelCount>{});
    }
    v.has_delta = std::move(has);
    v.delta_downtime = std::move(delta);
  }
  for (SweepPoint& p : s->points) Keep(&p.run, names, &keep);
  return names;
}

std::string RenderHtml(const Page& page) {
  std::string title = page.header.title;
  if (title.empty()) {
    title = "clustersim report";
    for (size_t i = 0; i < page.sections.size(); ++i) {
      title += (i ? ", " : ": ") + page.sections[i].scenario;
    }
  }
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src "
      "'unsafe-inline'\">\n"
      "<meta name=\"generator\" content=\"clustersim " +
      Escape(page.header.version) + "\">\n<title>" + Escape(title) + "</title>\n<style>" + kStyle +
      "</style>\n</head>\n<body>\n<header>\n<h1>" + Escape(title) + "</h1>\n";
  const Header& h = page.header;
  if (!h.question.empty()) out += "<p class=\"question\">" + Escape(h.question) + "</p>\n";
  if (!h.description.empty()) out += "<p>" + Escape(h.description) + "</p>\n";
  out += "<dl class=\"facts\">\n";
  Fact(&out, "cluster", h.cluster);
  Facts(&out, "workloads", h.workloads);
  Facts(&out, "policies", h.policies);
  Facts(&out, "failures", h.failures);
  Fact(&out, "seed", h.seed);
  Fact(&out, "replications", h.replications);
  Fact(&out, "simulated time", h.horizon);
  Fact(&out, "version", "clustersim " + h.version);
  out += "</dl>\n</header>\n<nav>\n<ul>\n";
  for (size_t i = 0; i < page.sections.size(); ++i) {
    const Section& s = page.sections[i];
    out += "<li><a href=\"#s" + std::to_string(i + 1) + "\">" +
           Escape(std::string(KindTitle(s.kind)) + ": " + s.scenario) + "</a></li>\n";
  }
  out += "</ul>\n</nav>\n<main>\n";
  for (size_t i = 0; i < page.sections.size(); ++i) out += SectionHtml(page.sections[i], i);
  out += "</main>\n<footer>Made by clustersim " + Escape(h.version) +
         ". Every figure on this page is also in the JSON block at its end "
         "(&lt;script type=\"application/json\" id=\"clustersim-data\"&gt;), for tools.</footer>\n"
         "<script type=\"application/json\" id=\"clustersim-data\">\n" +
         PageDataJson(page) + "</script>\n</body>\n</html>\n";
  return out;
}

}  // namespace clustersim::report
