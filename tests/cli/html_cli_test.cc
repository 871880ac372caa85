// The HTML report end to end: `--report FILE.html` on run, compare, sweep and check writes a
// page with the charts and the data block without changing the other outputs; the same
// scenario and seed give the same bytes on any thread count (and the quick start's page is
// pinned by tests/golden/html/quickstart.html); `clustersim report` renders saved JSON reports
// and rejects a malformed one with exit 2, naming the file and the field, writing nothing.
#include <gtest/gtest.h>

#include <boost/property_tree/ptree.hpp>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "cli/cli_runner.h"
#include "cli/json.h"

namespace clustersim::testing_cli {
namespace {

namespace fs = std::filesystem;
namespace pt = boost::property_tree;

size_t Count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// The page's data block, parsed.
pt::ptree DataBlock(const std::string& html) {
  const std::string open = "<script type=\"application/json\" id=\"clustersim-data\">";
  const size_t at = html.find(open);
  EXPECT_NE(at, std::string::npos) << "no data block";
  if (at == std::string::npos) return {};
  const size_t start = at + open.size();
  return ParseJson(html.substr(start, html.find("</script>", start) - start));
}

bool HasFigure(const std::string& html, const std::string& id) {
  return html.find("<figure class=\"chart\" id=\"" + id + "\">") != std::string::npos;
}

TEST(HtmlReportTest, RunDrawsEveryChartAndLeavesTheOtherOutputsAsTheyWere) {
  TempDir tmp;
  const std::string page = tmp.path() / "q.html";
  const CliResult plain = RunCli({"run", "scenarios/quickstart.yaml", "-r", "20", "-f", "csv"});
  const CliResult r =
      RunCli({"run", "scenarios/quickstart.yaml", "-r", "20", "-f", "csv", "--report", page});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, plain.out);
  const std::string html = ReadFile(page);
  for (const char* id : {"s1-downtime", "s1-nines", "s1-ccdf", "s1-recovery", "s1-timeline-0"}) {
    EXPECT_TRUE(HasFigure(html, id)) << id;
  }
  EXPECT_EQ(Count(html, "<svg "), 5u);
  const pt::ptree data = DataBlock(html);
  const pt::ptree& section = data.get_child("sections").begin()->second;
  EXPECT_EQ(section.get<std::string>("kind"), "run");
  EXPECT_EQ(section.get<int>("replications"), 20);
  const pt::ptree& w = section.get_child("run.workloads").begin()->second;
  EXPECT_EQ(w.get<std::string>("name"), "my-statefulset");
  EXPECT_EQ(w.get<std::string>("ccdfFrom"), "histogram");
  const pt::ptree& timeline = section.get_child("timelines").begin()->second;
  EXPECT_EQ(timeline.get_child("lanes").size(), 6u);  // three nodes, three pods
  EXPECT_NE(html.find("Three replicas of `my-statefulset`"), std::string::npos)
      << "the scenario's question is in the header";
}

TEST(HtmlReportTest, TheQuickStartPageIsAsRecorded) {
  TempDir tmp;
  const std::string page = tmp.path() / "q.html";
  const CliResult r = RunCli(
      {"run", "scenarios/quickstart.yaml", "-r", "3", "-j", "2", "-f", "csv", "--report", page});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(ReadFile(page), ReadFile(fs::path(SourceDir()) / "tests/golden/html/quickstart.html"))
      << "the quick start's HTML report changed; if that is meant, run tools/update-goldens.sh "
         "and look at the page";
}

TEST(HtmlReportTest, EveryCommandGivesTheSameBytesOnAnyThreadCount) {
  TempDir tmp;
  struct Case {
    std::vector<std::string> args;
    std::vector<std::string> figures;
  };
  const std::vector<Case> cases = {
      {{"compare", "scenarios/failover-comparison.yaml", "-r", "6"},
       {"s1-compare", "s1-ccdf", "s1-timeline-0", "s1-timeline-2"}},
      {{"sweep", "scenarios/capacity-sweep.yaml", "-r", "3"}, {"s1-sweep-0"}},
      {{"check", "scenarios/zone-quorum.yaml", "-r", "10"},
       {"s1-check", "s1-downtime", "s1-nines", "s1-timeline-0"}},
  };
  for (const Case& c : cases) {
    std::vector<std::string> pages;
    for (const char* threads : {"1", "2"}) {
      const std::string page = tmp.path() / (c.args[0] + threads + ".html");
      std::vector<std::string> args = c.args;
      args.insert(args.end(), {"-j", threads, "-f", "json", "--report", page});
      const CliResult r = RunCli(args);
      ASSERT_TRUE(r.exit_code == 0 || (c.args[0] == "check" && r.exit_code >= 3))
          << c.args[0] << ": " << r.err;
      pages.push_back(ReadFile(page));
    }
    EXPECT_EQ(pages[0], pages[1]) << c.args[0];
    for (const std::string& id : c.figures) EXPECT_TRUE(HasFigure(pages[0], id)) << id;
    DataBlock(pages[0]);
  }
}

TEST(HtmlReportTest, AResumedSweepDrawsTheSamePage) {
  TempDir tmp;
  const std::string out = tmp.path() / "sweep.csv", page = tmp.path() / "s.html",
                    whole = tmp.path() / "whole.html";
  const std::vector<std::string> base = {
      "sweep", "scenarios/capacity-sweep.yaml", "-r", "3", "-f", "csv", "-o", out};
  std::vector<std::string> first = base;
  first.insert(first.end(), {"--report", page, "--max-points", "3"});
  ASSERT_EQ(RunCli(first).exit_code, 0);
  EXPECT_FALSE(fs::exists(page));
  std::vector<std::string> rest = base;
  rest.insert(rest.end(), {"--report", page});
  const CliResult r = RunCli(rest);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("resuming the sweep: 3 of 8"), std::string::npos) << r.err;
  const CliResult w =
      RunCli({"sweep", "scenarios/capacity-sweep.yaml", "-r", "3", "-f", "csv", "--report", whole});
  ASSERT_EQ(w.exit_code, 0) << w.err;
  EXPECT_EQ(ReadFile(page), ReadFile(whole));
}

TEST(HtmlReportTest, SavedJsonReportsRenderAsOnePage) {
  TempDir tmp;
  const std::string run = tmp.path() / "run.json", cmp = tmp.path() / "cmp.json",
                    swp = tmp.path() / "sweep.json", chk = tmp.path() / "check.json",
                    page = tmp.path() / "page.html";
  ASSERT_EQ(
      RunCli({"run", "scenarios/zone-quorum.yaml", "-r", "10", "-f", "json", "-o", run}).exit_code,
      0);
  ASSERT_EQ(
      RunCli({"compare", "scenarios/failover-comparison.yaml", "-r", "4", "-f", "json", "-o", cmp})
          .exit_code,
      0);
  ASSERT_EQ(RunCli({"sweep", "scenarios/capacity-sweep.yaml", "-r", "3", "-f", "json", "-o", swp})
                .exit_code,
            0);
  const CliResult c =
      RunCli({"check", "scenarios/zone-quorum.yaml", "-r", "10", "-f", "json", "-o", chk});
  ASSERT_GE(c.exit_code, 0);
  const CliResult r = RunCli({"report", run, cmp, swp, chk, "-o", page});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string html = ReadFile(page);
  for (const char* id : {"s1-downtime", "s1-ccdf", "s2-compare", "s3-sweep-0", "s4-check"}) {
    EXPECT_TRUE(HasFigure(html, id)) << id;
  }
  // Saved JSON holds percentiles, no histogram and no trace: the page says so.
  EXPECT_NE(html.find("holds only the percentiles"), std::string::npos);
  EXPECT_NE(html.find("No timeline: a saved results file holds no trace."), std::string::npos);
  // The check's targets are drawn on the run of the same scenario.
  EXPECT_NE(html.find("slo: allowed downtime"), std::string::npos);
  EXPECT_EQ(DataBlock(html).get_child("sections").size(), 4u);
  // To stdout without -o, the same page.
  EXPECT_EQ(RunCli({"report", run, cmp, swp, chk}).out, html);
}

TEST(HtmlReportTest, AMalformedResultsFileIsExit2NamingTheFileAndField) {
  TempDir tmp;
  const std::string good = tmp.path() / "good.json", bad = tmp.path() / "bad.json",
                    syntax = tmp.path() / "syntax.json", page = tmp.path() / "page.html";
  ASSERT_EQ(
      RunCli({"run", "scenarios/quickstart.yaml", "-r", "3", "-f", "json", "-o", good}).exit_code,
      0);
  std::string text = ReadFile(good);
  const std::string key = "\"replicas\": 3";
  ASSERT_NE(text.find(key), std::string::npos);
  text.replace(text.find(key), key.size(), "\"replicas\": \"three\"");
  std::ofstream(bad) << text;
  std::ofstream(syntax) << "{\n  \"scenario\": \"x\",\n  oops\n}\n";
  std::ofstream(page) << "earlier page";
  CliResult r = RunCli({"report", good, bad, "-o", page});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, bad +
                       ": error: field 'workloads[0].replicas' is a string; expected an "
                       "integer\n");
  EXPECT_EQ(ReadFile(page), "earlier page");  // nothing written
  r = RunCli({"report", syntax, "-o", page});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err.rfind(syntax + ":3:3: error: not JSON: ", 0), 0u) << r.err;
  r = RunCli({"report", tmp.path() / "missing.json"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("No such file or directory"), std::string::npos) << r.err;
  r = RunCli({"report"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("report needs at least one RESULT.json"), std::string::npos);
}

TEST(HtmlReportTest, ReportIsAnOptionOfTheCommandsThatRun) {
  TempDir tmp;
  const std::string page = tmp.path() / "p.html";
  CliResult r = RunCli({"validate", "scenarios/quickstart.yaml", "--report", page});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--report is an option of run, compare, sweep and check"),
            std::string::npos);
  r = RunCli(
      {"run", "scenarios/quickstart.yaml", "-r", "3", "--report", page, "--replication", "3"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--replication: must be between 0 and 2 (found '3'; the scenario runs 3 "
                       "replications)"),
            std::string::npos)
      << r.err;
  EXPECT_FALSE(fs::exists(page));
  r = RunCli({"run", "scenarios/quickstart.yaml", "-r", "3", "-f", "csv", "--report", page,
              "--replication", "2"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(ReadFile(page).find("Timeline of replication 2"), std::string::npos);
}

TEST(HtmlReportTest, HostileNamesFromTheScenarioAreShownAsText) {
  TempDir tmp;
  for (const char* command : {"run", "compare"}) {
    const std::string page = tmp.path() / (std::string(command) + ".html");
    const CliResult r =
        RunCli({command, "tests/testdata/report/hostile.yaml", "-f", "csv", "--report", page});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const std::string html = ReadFile(page);
    EXPECT_EQ(Count(html, "<script"), 1u) << command;  // the data block
    EXPECT_EQ(Count(html, "<img"), 0u) << command;
    EXPECT_EQ(Count(html, "<b>"), 0u) << command;
    EXPECT_NE(html.find("&lt;script&gt;alert(&#39;n&#39;)&lt;/script&gt; a&amp;b &quot;q&quot;"),
              std::string::npos)
        << command;
    EXPECT_NE(html.find("日本語"), std::string::npos) << command;
    DataBlock(html);
  }
}

}  // namespace
}  // namespace clustersim::testing_cli
