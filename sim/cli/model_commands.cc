#include "cli/model_commands.h"

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "clustersim/k8s/cluster_model.h"
#include "clustersim/metrics/report.h"

namespace clustersim::cli {
namespace {

// Thrown out of the model by an observer whose output failed: there is no point in running
// on, and the sink keeps the error.
struct OutputFailed {};

class TracePrinter final : public ModelObserver {
 public:
  TracePrinter(const ClusterModel** model, OutputSink* sink) : model_(model), sink_(sink) {}
  void OnReadyChanged(uint32_t, int, SimTime) override {}
  void OnTrace(const TraceRecord& r) override {
    const ClusterModel& m = **model_;
    char t[32];
    std::snprintf(t, sizeof t, "%12.3f", ToSeconds(r.time));
    line_.assign(t);
    line_ += "s  ";
    line_ += TraceKindName(r.kind);
    if (r.pod != UINT32_MAX) line_ += " pod=" + m.PodName(r.pod);
    if (r.node != UINT32_MAX) line_ += " node=" + m.NodeName(r.node);
    if (r.volume != UINT32_MAX) line_ += " volume=" + m.VolumeName(r.volume);
    if (r.detail != nullptr) line_ += std::string(" (") + r.detail + ")";
    line_ += '\n';
    if (!sink_->Write(line_)) throw OutputFailed{};
  }

 private:
  const ClusterModel** model_;
  OutputSink* sink_;
  std::string line_;
};

// Writes each time-0 placement as it is made, with its explanation: by default the chosen node
// and the best others (kScheduleShownNodes in all) with every plugin's score, and the count of
// nodes each filter rejected; with `all_nodes`, every examined node in the order examined.
class PlacementWriter final : public ModelObserver {
 public:
  PlacementWriter(const ClusterModel** model, const ScheduleOptions& options, OutputSink* sink)
      : model_(model), options_(options), sink_(sink) {}
  void OnReadyChanged(uint32_t, int, SimTime) override {}

  void OnPlacement(uint32_t pod, uint32_t node, const char* reason,
                   const Scheduler::Explanation& why) override {
    const ClusterModel& m = **model_;
    const std::string name = m.PodName(pod);
    if (!options_.pod.empty() && name != options_.pod) return;
    const std::string chosen = node == UINT32_MAX ? "" : m.NodeName(node);
    const std::string why_text = reason ? reason : "";
    // The candidates to show, as indices into why.candidates.
    std::vector<size_t> shown;
    int feasible = 0;
    for (const auto& c : why.candidates) feasible += c.feasible;
    const bool all = options_.all_nodes || !options_.pod.empty();
    if (all) {
      for (size_t i = 0; i < why.candidates.size(); ++i) shown.push_back(i);
    } else {
      // The chosen node first, then the feasible others by total, ties in examination order.
      std::vector<size_t> rest;
      for (size_t i = 0; i < why.candidates.size(); ++i) {
        const auto& c = why.candidates[i];
        if (node != UINT32_MAX && c.node == node) {
          shown.insert(shown.begin(), i);
        } else if (c.feasible) {
          rest.push_back(i);
        }
      }
      const size_t room =
          kScheduleShownNodes > shown.size() ? kScheduleShownNodes - shown.size() : 0;
      const size_t keep = std::min(room, rest.size());
      std::partial_sort(rest.begin(), rest.begin() + static_cast<std::ptrdiff_t>(keep), rest.end(),
                        [&](size_t a, size_t b) {
                          const int64_t ta = why.candidates[a].total, tb = why.candidates[b].total;
                          return ta != tb ? ta > tb : a < b;
                        });
      shown.insert(shown.end(), rest.begin(), rest.begin() + static_cast<std::ptrdiff_t>(keep));
    }
    std::map<std::string, int> rejected;
    for (const auto& c : why.candidates) {
      if (!c.feasible) ++rejected[c.reason ? c.reason : ""];
    }
    int listed_feasible = 0;
    for (size_t i : shown) listed_feasible += why.candidates[i].feasible;
    const int omitted = feasible - listed_feasible;
    text_.clear();
    if (options_.json) {
      Json(name, chosen, why_text, why, shown, feasible, omitted, rejected);
    } else {
      Text(name, chosen, why_text, why, shown, feasible, all, rejected);
    }
    ++written_;
    if (!sink_->Write(text_)) throw OutputFailed{};
  }

  // Closes the output; false when --pod named no pod that was placed.
  bool Finish() {
    if (options_.json) {
      text_ = written_ == 0 ? "{\n  \"placements\": [" : "";
      text_ += "\n  ]\n}\n";
      if (written_ > 0 || options_.pod.empty()) sink_->Write(text_);
    }
    return written_ > 0 || options_.pod.empty();
  }

 private:
  std::string NodeName(uint32_t node) const { return (*model_)->NodeName(node); }

  void Text(const std::string& pod, const std::string& node, const std::string& reason,
            const Scheduler::Explanation& why, const std::vector<size_t>& shown, int feasible,
            bool all, const std::map<std::string, int>& rejected) {
    std::string& o = text_;
    const size_t examined = why.candidates.size();
    if (node.empty()) {
      o += pod + ": unschedulable: " + reason + " (" + std::to_string(examined) +
           " nodes examined)\n";
      if (!all) return;
    } else if (reason == kBoundByNodeName) {
      o += pod + " -> " + node + " (" + reason + ", not scheduled)\n";
      return;
    } else {
      o += pod + " -> " + node + " (" + std::to_string(examined) + " nodes examined, " +
           std::to_string(feasible) + " feasible)\n";
    }
    if (feasible == 1 && !all) {
      o += "    * " + node + "  the only feasible node: chosen without scoring\n";
    } else {
      for (size_t i : shown) {
        const auto& c = why.candidates[i];
        const std::string name = NodeName(c.node);
        o += std::string("    ") + (name == node ? "* " : "  ") + name;
        if (!c.feasible) {
          o += std::string("  rejected: ") + (c.reason ? c.reason : "");
        } else {
          o += "  total " + std::to_string(c.total);
          for (const auto& [plugin, score] : c.scores) {
            o += std::string("  ") + plugin + "=" + std::to_string(score);
          }
        }
        o += "\n";
      }
    }
    if (all) return;
    for (const auto& [r, count] : rejected) {
      o += "    " + std::to_string(count) + " node(s) rejected: " + r + "\n";
    }
  }

  void Json(const std::string& pod, const std::string& node, const std::string& reason,
            const Scheduler::Explanation& why, const std::vector<size_t>& shown, int feasible,
            int omitted, const std::map<std::string, int>& rejected) {
    std::string& o = text_;
    o += written_ == 0 ? "{\n  \"placements\": [" : ",";
    o += "\n    {\"pod\": " + JsonQuote(pod) +
         ", \"node\": " + (node.empty() ? std::string("null") : JsonQuote(node));
    if (node.empty() || reason == kBoundByNodeName) o += ", \"reason\": " + JsonQuote(reason);
    o += ", \"examined\": " + std::to_string(why.candidates.size()) +
         ", \"feasible\": " + std::to_string(feasible) + ", \"candidates\": [";
    for (size_t j = 0; j < shown.size(); ++j) {
      const auto& c = why.candidates[shown[j]];
      o += std::string(j ? "," : "") + "\n      {\"node\": " + JsonQuote(NodeName(c.node)) +
           ", \"feasible\": " + (c.feasible ? "true" : "false") + ", \"reasons\": [";
      if (!c.feasible) o += JsonQuote(c.reason ? c.reason : "");
      o += "], \"scores\": {";
      for (size_t k = 0; k < c.scores.size(); ++k) {
        o += std::string(k ? ", " : "") + JsonQuote(c.scores[k].first) + ": " +
             std::to_string(c.scores[k].second);
      }
      o += "}, \"total\": " + std::to_string(c.total) + "}";
    }
    o += "\n    ], \"omitted\": " + std::to_string(omitted) + ", \"rejected\": [";
    bool first = true;
    for (const auto& [r, count] : rejected) {
      o += std::string(first ? "" : ", ") + "{\"reason\": " + JsonQuote(r) +
           ", \"nodes\": " + std::to_string(count) + "}";
      first = false;
    }
    o += "]}";
  }

  const ClusterModel** model_;
  const ScheduleOptions& options_;
  OutputSink* sink_;
  std::string text_;
  size_t written_ = 0;
};

}  // namespace

int TraceCommand(const Scenario& scenario, const TraceOptions& options) {
  std::string why;
  const bool ok = WriteOutput(
      options.output,
      [&](OutputSink& sink) {
        const ClusterModel* model_ptr = nullptr;
        TracePrinter printer(&model_ptr, &sink);
        ClusterModel model(scenario, scenario.simulation.seed, options.replication, &printer, true);
        model_ptr = &model;
        try {
          model.RunUntil(options.until);
        } catch (const OutputFailed&) {
          // The sink holds the error.
        }
        return true;
      },
      &why);
  if (!ok) {
    std::cerr << "clustersim: error: " << why << "\n";
    return kExitRuntime;
  }
  return kExitOk;
}

int ScheduleCommand(const Scenario& scenario, const ScheduleOptions& options) {
  std::string why;
  bool found = true;
  const bool ok = WriteOutput(
      options.output,
      [&](OutputSink& sink) {
        const ClusterModel* model_ptr = nullptr;
        PlacementWriter writer(&model_ptr, options, &sink);
        ClusterModel model(scenario, scenario.simulation.seed, 0, &writer, true);
        model_ptr = &model;
        try {
          model.RunUntil(0);
        } catch (const OutputFailed&) {
          return true;  // the sink holds the error
        }
        found = writer.Finish();
        return found;
      },
      &why);
  if (!found) {
    std::cerr << "clustersim: error: --pod: no pod named '" << options.pod
              << "' is placed at time 0 (pods are named <statefulset>-<ordinal>, "
                 "<deployment>-pod<n> or by their Pod manifest; 'clustersim schedule' lists "
                 "them)\n";
    return kExitUsage;
  }
  if (!ok) {
    std::cerr << "clustersim: error: " << why << "\n";
    return kExitRuntime;
  }
  return kExitOk;
}

}  // namespace clustersim::cli
