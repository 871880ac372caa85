// libFuzzer target over the readers of the files a scenario names, fed directly (the scenario
// fuzzer reaches them only through a scenario that names them): the manifest reader (YAML
// streams of many documents, Lists, every kind's schema), the outage-trace reader and the
// empirical-distribution reader, all on the same bytes. Each must return objects or errors,
// never crash, hang or trip a sanitizer, and report every error inside the text it was given.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "clustersim/scenario/diagnostics.h"
#include "clustersim/scenario/input_files.h"
#include "scenario/manifests.h"

namespace {

// Every error is at a line of the text (or at its start), never past its end.
void CheckPlaces(const clustersim::Diagnostics& diags, const std::string& text) {
  int lines = 1;
  for (char c : text) lines += c == '\n' || c == '\r';
  for (const clustersim::Diagnostic& d : diags.all()) {
    if (d.where.line < 0 || d.where.line > lines + 1) std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  {
    clustersim::Diagnostics diags;
    std::vector<clustersim::ManifestObject> objects;
    // The first byte picks the list the file is in: cluster.manifests takes Nodes, a workload's
    // manifests StatefulSets, Deployments and Pods.
    const bool cluster = size > 0 && (data[0] & 1) != 0;
    clustersim::ReadManifestText(text, "m.yaml", cluster ? "cluster.manifests" : "workloads[0]",
                                 cluster, &objects, &diags);
    CheckPlaces(diags, text);
  }
  {
    clustersim::Diagnostics diags;
    std::vector<clustersim::TraceOutage> rows;
    clustersim::TraceTargets targets;
    targets.nodes = {"n-0", "n-1"};
    targets.racks = {"a/rack-0"};
    targets.zones = {"a", "b"};
    clustersim::ParseTraceRows(text, "t.csv", targets, &rows, &diags);
    CheckPlaces(diags, text);
  }
  {
    clustersim::Diagnostics diags;
    std::vector<clustersim::SimTime> samples;
    const bool ok = clustersim::ParseEmpiricalSamples(text, "d.txt", &samples, &diags);
    if (ok == diags.has_errors()) std::abort();  // an answer either way, never both
    CheckPlaces(diags, text);
  }
  return 0;
}
