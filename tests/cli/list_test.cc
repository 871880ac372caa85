// `clustersim list` and the loader agree, both ways: every name list prints is one the loader
// accepts where that name is written, and every name the loader accepts there (the list its
// error message gives for an unknown one) is printed by list. Both read the same tables and
// registries; this test is what keeps a new word from reaching one and not the other.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "cli/cli_runner.h"
#include "clustersim/policy/registry.h"

namespace clustersim::testing_cli {
namespace {

// list's sections: a title line "title:", then a name per line indented by two spaces (what
// follows the name on its line is its summary; lines indented further are its parameters).
std::map<std::string, std::vector<std::string>> Sections(const std::string& out) {
  std::map<std::string, std::vector<std::string>> sections;
  std::istringstream in(out);
  std::string line, title;
  while (std::getline(in, line)) {
    if (!line.empty() && line[0] != ' ' && line.back() == ':') {
      title = line.substr(0, line.size() - 1);
      sections[title];
    } else if (line.rfind("  ", 0) == 0 && line.size() > 2 && line[2] != ' ') {
      sections[title].push_back(line.substr(2, line.find(' ', 2) - 2));
    }
  }
  return sections;
}

// The names after "expected " in the loader's message for an unknown value ("a, b or c").
std::vector<std::string> ExpectedNames(const std::string& err) {
  const size_t at = err.find("expected ");
  if (at == std::string::npos) return {};
  std::string rest = err.substr(at + 9, err.find('\n', at) - at - 9);
  std::vector<std::string> names;
  size_t start = 0;
  while (start < rest.size()) {
    size_t end = rest.find(", ", start);
    const size_t last = rest.find(" or ", start);
    if (end == std::string::npos || (last != std::string::npos && last < end)) end = last;
    names.push_back(rest.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) break;
    start = end + (rest.compare(end, 4, " or ") == 0 ? 4 : 2);
  }
  return names;
}

// How to write a name into the quick start: the --set override for each section.
const std::map<std::string, std::string> kWhere = {
    {"scheduler profiles", "policies.scheduler="},
    {"failover policies", "policies.failover="},
    {"recovery policies", "policies.recovery="},
    {"distributions", "failures[0].every={dist: %}"},
    {"storage kinds", "storageClasses[0].kind="},
    {"failure targets", "failures[0].target={kind: %}"},
    {"availability levels", "workloads[0].app.availability="},
};

std::string Override(const std::string& where, const std::string& name) {
  const size_t hole = where.find('%');
  return hole == std::string::npos ? where + name
                                   : where.substr(0, hole) + name + where.substr(hole + 1);
}

TEST(ListTest, EveryListedNameIsAcceptedAndEveryAcceptedNameIsListed) {
  const CliResult list = RunCli({"list"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  const auto sections = Sections(list.out);
  for (const auto& [title, where] : kWhere) {
    SCOPED_TRACE(title);
    ASSERT_TRUE(sections.count(title)) << list.out;
    const std::vector<std::string>& names = sections.at(title);
    ASSERT_FALSE(names.empty());
    // An unknown word: the loader's message lists what it accepts, which must be list's.
    const CliResult bad =
        RunCli({"validate", "scenarios/quickstart.yaml", "--set", Override(where, "zzz-nope")});
    EXPECT_EQ(bad.exit_code, 2);
    EXPECT_NE(bad.err.find("unknown value 'zzz-nope'"), std::string::npos) << bad.err;
    EXPECT_EQ(ExpectedNames(bad.err), names) << bad.err;
    // Each listed word is recognised where it is written (it may still need parameters, or
    // not fit the quick start: then the message is about that, not about the name).
    for (const std::string& name : names) {
      const std::string value = name == "<integer>" ? "2" : name;
      const CliResult r =
          RunCli({"validate", "scenarios/quickstart.yaml", "--set", Override(where, value)});
      EXPECT_EQ(r.err.find("unknown value"), std::string::npos) << name << ": " << r.err;
    }
  }
}

// Plugins: list prints every row of the registry; the weights the loader accepts (its list for
// an unknown one) are exactly the listed plugins that have a score.
TEST(ListTest, PluginsAreTheRegistrysAndWeightsAcceptTheScoreOnes) {
  const CliResult r = RunCli({"list"});
  const auto sections = Sections(r.out);
  std::vector<std::string> rows, scores;
  for (const SchedulerPluginInfo& p : SchedulerPlugins()) {
    rows.push_back(p.name);
    if (p.score) scores.push_back(p.name);
  }
  EXPECT_EQ(sections.at("scheduler plugins"), rows);
  EXPECT_NE(r.out.find("  VolumeRestrictions "), std::string::npos) << r.out;
  const CliResult bad = RunCli({"validate", "scenarios/quickstart.yaml", "--set",
                                "policies.scheduler={weights: {zzz-nope: 1}}"});
  EXPECT_EQ(bad.exit_code, 2);
  std::vector<std::string> accepted = ExpectedNames(bad.err);
  std::vector<std::string> want = scores;
  std::sort(accepted.begin(), accepted.end());
  std::sort(want.begin(), want.end());
  EXPECT_EQ(accepted, want) << bad.err;
}

TEST(ListTest, NamesEveryStorageKindFailureTargetAndPolicyParameter) {
  const CliResult r = RunCli({"list"});
  const auto sections = Sections(r.out);
  EXPECT_EQ(sections.at("storage kinds"), (std::vector<std::string>{"local", "zonal", "regional"}));
  EXPECT_EQ(sections.at("failure targets"),
            (std::vector<std::string>{"node", "disk", "rack", "zone"}));
  EXPECT_NE(r.out.find("      interval (duration, required): time between backups\n"),
            std::string::npos)
      << r.out;
}

}  // namespace
}  // namespace clustersim::testing_cli
