// The HTML report's pieces: scales and ticks, number formats, escaping of hostile text, the
// merging of sub-pixel timeline spans, the reader of the JSON reports, and the page as a whole
// (self-contained, deterministic, every hostile name shown as text).
#include "clustersim/metrics/report.h"

#include <gtest/gtest.h>

#include <cmath>
#include <regex>
#include <string>

#include "clustersim/report/html.h"
#include "clustersim/report/scale.h"
#include "clustersim/report/svg.h"
#include "report/charts.h"

namespace clustersim::report {
namespace {

TEST(ScaleTest, LinearMapsTheDomainOntoTheRange) {
  const Scale s = Scale::Linear(0, 100, 10, 210);
  EXPECT_DOUBLE_EQ(s(0), 10);
  EXPECT_DOUBLE_EQ(s(50), 110);
  EXPECT_DOUBLE_EQ(s(100), 210);
  EXPECT_DOUBLE_EQ(s.Clamped(150), 210);
  EXPECT_DOUBLE_EQ(s.Clamped(-5), 10);
  // A reversed range (a y axis) clamps the same way.
  const Scale y = Scale::Linear(0, 1, 300, 100);
  EXPECT_DOUBLE_EQ(y(1), 100);
  EXPECT_DOUBLE_EQ(y.Clamped(2), 100);
}

TEST(ScaleTest, LogPutsDecadesAtEqualDistances) {
  const Scale s = Scale::Log(1, 10000, 0, 400);
  EXPECT_NEAR(s(10), 100, 1e-9);
  EXPECT_NEAR(s(1000), 300, 1e-9);
  EXPECT_NEAR(s(std::sqrt(10.0)), 50, 1e-9);
  EXPECT_DOUBLE_EQ(s(0), 0);  // no log of zero: the axis's start
  EXPECT_DOUBLE_EQ(s.Clamped(1e9), 400);
}

TEST(TicksTest, NiceTicksCoverTheRangeInRoundSteps) {
  EXPECT_EQ(NiceTicks(0, 95.7, 6), (std::vector<double>{0, 20, 40, 60, 80, 100}));
  const std::vector<double> t = NiceTicks(0.31, 0.69, 4);
  ASSERT_EQ(t.size(), 5u);
  EXPECT_NEAR(t.front(), 0.3, 1e-12);
  EXPECT_NEAR(t.back(), 0.7, 1e-12);
  EXPECT_EQ(NiceTicks(-47.7, 0, 6), (std::vector<double>{-50, -40, -30, -20, -10, 0}));
  // A single value is widened around itself, not divided by zero.
  EXPECT_GE(NiceTicks(5, 5, 4).size(), 2u);
  EXPECT_EQ(NiceDomain(3, 97, 5), (std::pair<double, double>{0, 100}));
}

TEST(TicksTest, LogTicksArePowersOfTenAroundTheRange) {
  EXPECT_EQ(LogTicks(3, 8622), (std::vector<double>{1, 10, 100, 1000, 10000}));
  EXPECT_EQ(LogTicks(10, 1000), (std::vector<double>{10, 100, 1000}));
  EXPECT_TRUE(LogTicks(0, 10).empty());
  EXPECT_TRUE(SpansMoreThanADecade(3, 8622));
  EXPECT_FALSE(SpansMoreThanADecade(60, 300));
  EXPECT_FALSE(SpansMoreThanADecade(0, 300));  // a zero cannot go on a log axis
}

TEST(TicksTest, DurationTicksAreHumanDurations) {
  EXPECT_EQ(DurationTicks(30, 100000), (std::vector<double>{60, 600, 3600, 21600, 86400}));
  EXPECT_EQ(DurationTick(60), "1 min");
  EXPECT_EQ(DurationTick(21600), "6 h");
  EXPECT_EQ(DurationTick(604800), "1 w");
  EXPECT_EQ(DurationTick(10), "10 s");
}

TEST(FormatTest, LabelsHaveTheStepsPrecisionAndThousands) {
  EXPECT_EQ(TickLabel(0.25, 0.25), "0.25");
  EXPECT_EQ(TickLabel(0.5, 0.1), "0.5");
  EXPECT_EQ(TickLabel(1000, 500), "1,000");
  EXPECT_EQ(TickLabel(-20, 10), "-20");
  EXPECT_EQ(Fixed(1234567.891, 1), "1,234,567.9");
  EXPECT_EQ(Fixed(-0.0001, 2), "0.00");
  EXPECT_EQ(Fixed(NAN, 2), "n/a");
  EXPECT_EQ(Plain(10), "10");
  EXPECT_EQ(Plain(0.01), "0.01");
  EXPECT_EQ(Plain(2.5), "2.5");
  EXPECT_EQ(Figure(95.7), "95.7");
  EXPECT_EQ(Figure(0.01234), "0.0123");
  EXPECT_EQ(Percent(0.9998179, 3), "99.982%");
  EXPECT_EQ(Duration(40), "40.0 s");
  EXPECT_EQ(Duration(340), "5.7 min");
  EXPECT_EQ(Duration(4 * 3600), "4.0 h");
  EXPECT_NEAR(Nines(0.9999), 4, 1e-9);
  EXPECT_EQ(Nines(1), HUGE_VAL);
  EXPECT_EQ(Nines(0), 0);
}

TEST(EscapeTest, MarkupQuotesAndAmpersandsBecomeText) {
  EXPECT_EQ(Escape("<script>alert('x')</script>"),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
  EXPECT_EQ(Escape("a&b \"q\""), "a&amp;b &quot;q&quot;");
  EXPECT_EQ(Escape("&amp;"), "&amp;amp;");  // escaped once more, shown as written
}

TEST(EscapeTest, InvalidUtf8IsReplacedAndControlsDropped) {
  EXPECT_EQ(Escape("a\xff"
                   "b"),
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(Escape("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD");                  // an overlong '/'
  EXPECT_EQ(Escape("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // a surrogate
  EXPECT_EQ(Escape(std::string("a\0b\x1b[31m", 8)), "ab[31m");
  EXPECT_EQ(Escape("tab\tnew\nline"), "tab\tnew\nline");
  EXPECT_EQ(ValidUtf8("ok \xF0\x9F\x98\x80 \xF8"), "ok \xF0\x9F\x98\x80 \xEF\xBF\xBD");
  const std::string unicode = "ünïcödé-日本語-✓";
  EXPECT_EQ(Escape(unicode), unicode);
}

TEST(EscapeTest, TruncationNeverCutsACharacter) {
  EXPECT_EQ(Truncate("żółć-ąę", 3), "żó…");
  EXPECT_EQ(Truncate("abc", 3), "abc");
  EXPECT_EQ(Truncate("abcd", 3), "ab…");
  EXPECT_EQ(Truncate("日本語です", 2), "日…");
  EXPECT_EQ(Truncate("abc", 0), "");
  const std::string fit = FitWidth("a-very-long-workload-name-indeed", 60, 12);
  EXPECT_LE(TextWidth(fit, 12), 60);
  EXPECT_EQ(fit.substr(fit.size() - 3), "…");
  EXPECT_EQ(FitWidth("db", 60, 12), "db");
}

TEST(SvgTest, MarksCarryTooltipsAndCoordinatesHaveOneDecimal) {
  Svg svg(100, 50, "t<i>tle", "label & more");
  svg.Rect(1.04, 2.25, 3.333, 4, "#000000", "tip <b>");
  svg.Circle(5, 5, 2, "#ffffff");
  const std::string out = svg.Finish();
  EXPECT_NE(out.find("aria-label=\"label &amp; more\""), std::string::npos) << out;
  EXPECT_NE(out.find("<title>t&lt;i&gt;tle</title>"), std::string::npos) << out;
  EXPECT_NE(out.find("x=\"1\" y=\"2.3\" width=\"3.3\""), std::string::npos) << out;
  EXPECT_NE(out.find("<title>tip &lt;b&gt;</title></rect>"), std::string::npos) << out;
  EXPECT_NE(out.find("<circle cx=\"5\" cy=\"5\" r=\"2\" fill=\"#ffffff\"/>"), std::string::npos);
  EXPECT_EQ(Num(-0.04), "0");
}

TEST(TimelineTest, SpansShorterThanAPixelShowThePixelsWorstState) {
  Timeline::Lane lane;
  // A year ready but for a 4-hour outage (a pixel is about 17 hours) and a thousand 1-second
  // blips at the start.
  SimTime t = 0;
  for (int i = 0; i < 1000; ++i) {
    lane.spans.push_back({t, t + kSecond, LaneState::kPodReady});
    lane.spans.push_back({t + kSecond, t + 2 * kSecond, LaneState::kPodNotReady});
    t += 2 * kSecond;
  }
  const SimTime out_start = 100 * kDay;
  lane.spans.push_back({t, out_start, LaneState::kPodReady});
  lane.spans.push_back({out_start, out_start + 4 * kHour, LaneState::kPodNotReady});
  lane.spans.push_back({out_start + 4 * kHour, kYear, LaneState::kPodReady});
  const std::vector<DrawnSpan> drawn = MergeLane(lane, 0, kYear);
  ASSERT_EQ(drawn.size(), 4u);  // blips, ready, the outage, ready
  EXPECT_EQ(drawn[0].state, LaneState::kPodNotReady);
  EXPECT_EQ(drawn[0].px_start, 0);
  EXPECT_EQ(drawn[2].state, LaneState::kPodNotReady);
  EXPECT_EQ(drawn[2].px_end - drawn[2].px_start, 1);
  EXPECT_EQ(drawn[2].start, out_start);  // the tooltip's times are the span's own
  EXPECT_EQ(drawn[2].end, out_start + 4 * kHour);
  EXPECT_EQ(drawn.back().px_end, static_cast<int>(kTimelinePlot));
  // Zoomed in, the outage is wide and exact.
  const std::vector<DrawnSpan> zoom = MergeLane(lane, out_start - kHour, out_start + 5 * kHour);
  ASSERT_EQ(zoom.size(), 3u);
  // Partly covered pixels at both ends show the worse state: up to two more.
  EXPECT_NEAR(zoom[1].px_end - zoom[1].px_start, kTimelinePlot * 4 / 6, 2.0);
}

// A report of one workload as the JSON the run command writes.
std::string RunJson(const std::string& name, double downtime_quorum) {
  RunSummary s;
  s.scenario = "test-scenario";
  s.seed = 7;
  s.replications = 10;
  s.horizon = kYear;
  s.nodes = 3;
  WorkloadSummary w;
  w.name = name;
  w.kind = "StatefulSet";
  w.replicas = 3;
  w.thresholds = {3, 2, 1, 2};
  for (int l = 0; l < kLevels; ++l) {
    const double d = l == 0 ? 5000 : l == 2 ? 0 : downtime_quorum;
    const double a = 1 - d / 525600;
    w.availability[l] = {a, a - 1e-5, std::min(1.0, a + 1e-5)};
    w.downtime_minutes_per_year[l] = {d, d * 0.8, d * 1.2};
    w.outages[l].per_year = d > 0 ? 2 : 0;
    w.outages[l].p50_minutes = d / 4;
    w.outages[l].p95_minutes = d / 2;
    w.outages[l].p99_minutes = d / 1.5;
    w.outages[l].max_minutes = d;
  }
  w.replica_recoveries = 4;
  w.recovery_by_cause_s = {3600, 0, 15, 0, 20};
  s.workloads.push_back(w);
  return FormatReport(s, ReportFormat::kJson);
}

TEST(ReadResultsTest, ReadsTheRunReportsFigures) {
  Section s;
  std::string error;
  ASSERT_TRUE(ReadResults("r.json", RunJson("db", 96), &s, &error)) << error;
  EXPECT_EQ(s.kind, Section::Kind::kRun);
  EXPECT_EQ(s.scenario, "test-scenario");
  EXPECT_EQ(s.seed, 7u);
  ASSERT_EQ(s.run.workloads.size(), 1u);
  const Workload& w = s.run.workloads[0];
  EXPECT_EQ(w.levels[1].ready, 2);
  EXPECT_DOUBLE_EQ(w.levels[1].downtime.mean, 96);
  EXPECT_DOUBLE_EQ(w.levels[1].downtime.high, 96 * 1.2);
  EXPECT_DOUBLE_EQ(w.recovery_by_cause[0], 3600);
  EXPECT_FALSE(w.ccdf_from_histogram);
  ASSERT_EQ(w.ccdf[1].size(), 3u);  // from the percentiles
  EXPECT_DOUBLE_EQ(w.ccdf[1][0].minutes, 24);
  EXPECT_TRUE(w.ccdf[2].empty());  // no outage at "any"
}

TEST(ReadResultsTest, NamesTheFileLineAndColumnOfASyntaxError) {
  Section s;
  std::string error;
  EXPECT_FALSE(ReadResults("bad.json", "{\n  \"a\": [1,\n  2,,]}", &s, &error));
  EXPECT_EQ(error.rfind("bad.json:3:5: error: not JSON: ", 0), 0u) << error;
}

TEST(ReadResultsTest, NamesTheFieldThatIsMissingOrMistyped) {
  Section s;
  std::string error;
  std::string json = RunJson("db", 96);
  const std::string key = "\"requiredReplicas\": 2";
  ASSERT_NE(json.find(key), std::string::npos);
  std::string mistyped = json;
  mistyped.replace(mistyped.find(key), key.size(), "\"requiredReplicas\": \"two\"");
  EXPECT_FALSE(ReadResults("r.json", mistyped, &s, &error));
  EXPECT_EQ(error,
            "r.json: error: field 'workloads[0].requiredReplicas' is a string; expected "
            "an integer");
  std::string missing = json;
  const size_t at = missing.find("\"p95Minutes\"");
  missing.replace(at, 12, "\"p96Minutes\"");
  EXPECT_FALSE(ReadResults("r.json", missing, &s, &error));
  EXPECT_EQ(error,
            "r.json: error: field 'workloads[0].outages.all.p95Minutes' is missing; "
            "expected a number");
  EXPECT_FALSE(ReadResults("r.json", "[1, 2]", &s, &error));
  EXPECT_NE(error.find("expected a clustersim JSON report"), std::string::npos) << error;
}

Page HostilePage() {
  Page page;
  page.header.title = "<script>alert('t')</script>";
  page.header.question = "Why & how? \"quoted\" <b>not bold</b>";
  page.header.version = "0.1.0";
  page.header.failures = {"crash <img src=x onerror=alert(1)>"};
  Section s;
  std::string error;
  const std::string name =
      "<script>alert(1)</script>-a&b-\"q\"-ünïcödé-日本語-" + std::string(120, 'x');
  EXPECT_TRUE(ReadResults("<in>.json", RunJson(name, 96), &s, &error)) << error;
  s.slo.push_back({name, 1, 0.9999, "", {}, NAN});
  Timeline t;
  t.end = kYear;
  t.why = "the worst <one>";
  t.lanes.push_back({name, false, {{0, kYear, LaneState::kPodReady}}});
  t.marks.push_back({kDay, 0, TraceKind::kPodEvicted, false, "</script><script>x()</script>"});
  s.timelines.push_back(t);
  page.sections.push_back(s);
  return page;
}

TEST(PageTest, HostileNamesAreTextEverywhere) {
  const std::string html = RenderHtml(HostilePage());
  // The only script element is the data block.
  size_t scripts = 0;
  for (size_t at = html.find("<script"); at != std::string::npos;
       at = html.find("<script", at + 1)) {
    ++scripts;
  }
  EXPECT_EQ(scripts, 1u);
  EXPECT_NE(html.find("<script type=\"application/json\" id=\"clustersim-data\">"),
            std::string::npos);
  EXPECT_EQ(html.find("</script><script>"), std::string::npos);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_EQ(html.find("<b>"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;-a&amp;b-&quot;q&quot;"),
            std::string::npos);
  // In the data block, < > & are \u escapes; the JSON still holds the name.
  EXPECT_NE(html.find("\\u003cscript\\u003ealert(1)\\u003c/script\\u003e-a\\u0026b-\\\"q\\\""),
            std::string::npos);
  EXPECT_EQ(ValidUtf8(html), html);
}

TEST(PageTest, IsSelfContainedAndTheSameEachTime) {
  const std::string html = RenderHtml(HostilePage());
  EXPECT_EQ(html, RenderHtml(HostilePage()));
  // Nothing to fetch: no src, no link, no url(), no address but the SVG namespace's.
  EXPECT_FALSE(std::regex_search(html, std::regex("<[a-z]+[^<>]* (src|href)=\"[^#]")));
  EXPECT_EQ(html.find("<link"), std::string::npos);
  EXPECT_EQ(html.find("url("), std::string::npos);
  const std::regex address("https?://");
  size_t addresses = 0, svgs = 0;
  for (auto it = std::sregex_iterator(html.begin(), html.end(), address);
       it != std::sregex_iterator(); ++it) {
    ++addresses;
  }
  for (size_t at = html.find("<svg "); at != std::string::npos; at = html.find("<svg ", at + 1)) {
    ++svgs;
  }
  EXPECT_EQ(addresses, svgs);  // xmlns="http://www.w3.org/2000/svg", one per chart
  EXPECT_GE(svgs, 5u);
  EXPECT_NE(html.find("Content-Security-Policy"), std::string::npos);
}

TEST(PageTest, EveryChartHasATitleALabelAndATable) {
  const std::string html = RenderHtml(HostilePage());
  for (const char* id : {"s1-downtime", "s1-nines", "s1-ccdf", "s1-recovery", "s1-timeline-0"}) {
    const size_t at = html.find("<figure class=\"chart\" id=\"" + std::string(id) + "\">");
    ASSERT_NE(at, std::string::npos) << id;
    const size_t end = html.find("</figure>", at);
    const std::string fig = html.substr(at, end - at);
    EXPECT_NE(fig.find("<h3>"), std::string::npos) << id;
    EXPECT_NE(fig.find("role=\"img\" aria-label=\""), std::string::npos) << id;
    EXPECT_NE(fig.find("<table>"), std::string::npos) << id;
    EXPECT_NE(fig.find("<th scope=\"col\">"), std::string::npos) << id;
    EXPECT_NE(fig.find("</title></"), std::string::npos) << id << ": no mark has a tooltip";
  }
}

TEST(SelectTest, KeepsTheWorstWorkloadsInEveryVariant) {
  Section s;
  s.kind = Section::Kind::kCompare;
  for (int v = 0; v < 2; ++v) {
    Variant var;
    var.name = "v" + std::to_string(v);
    for (size_t i = 0; i < kMaxWorkloads + 3; ++i) {
      Workload w;
      w.name = "w" + std::to_string(i);
      // Variant 0 ranks w14 worst, then w13, ...
      w.levels[kRequiredLevel].downtime.mean = v == 0 ? static_cast<double>(i) : 100.0 - i;
      var.run.workloads.push_back(w);
      var.has_delta.push_back(true);
      var.delta_downtime.push_back({});
      var.delta_downtime.back()[0].mean = static_cast<double>(i);
    }
    var.run.workloads_total = var.run.workloads.size();
    s.variants.push_back(var);
  }
  const std::vector<std::string> names = SelectWorkloads(&s);
  ASSERT_EQ(names.size(), kMaxWorkloads);
  EXPECT_EQ(names[0], "w14");
  for (const Variant& v : s.variants) {
    ASSERT_EQ(v.run.workloads.size(), kMaxWorkloads);
    EXPECT_EQ(v.run.workloads_total, kMaxWorkloads + 3);
    EXPECT_EQ(v.run.workloads[0].name, "w14");
    EXPECT_EQ(v.delta_downtime[0][0].mean, 14);  // the deltas follow their workloads
  }
}

}  // namespace
}  // namespace clustersim::report
