// Loading a scenario whose manifests are one large multi-document file, the shape of `helm
// template` output of a large platform (issue 14, item 5): Deployments, Services and ConfigMaps
// in turn, one object per document, against the same objects as one List. Each iteration is a
// whole LoadScenarioFile (read, split, parse, map, convert, validate), as `clustersim validate`
// does it. items_per_second is documents per second; the time per iteration is what
// bench/RESULTS.md quotes, and should grow linearly with the documents.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

#include "clustersim/scenario/loader.h"

namespace clustersim {
namespace {

// Object i of the platform: a Deployment, a Service or a ConfigMap, as `helm template` writes
// them (with the fields the loader reads and some it does not model).
std::string Object(int i, const std::string& indent) {
  const std::string n = std::to_string(i / 3);
  std::string o;
  switch (i % 3) {
    case 0:
      o = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: svc-" + n +
          "\n  labels: {app: svc-" + n +
          "}\nspec:\n  replicas: 1\n  selector: {matchLabels: {app: svc-" + n +
          "}}\n  template:\n    metadata: {labels: {app: svc-" + n +
          "}}\n    spec:\n      containers:\n        - name: app\n          image: "
          "registry.example.com/svc:1.0\n          resources: {requests: {cpu: 10m, memory: "
          "16Mi}}\n";
      break;
    case 1:
      o = "apiVersion: v1\nkind: Service\nmetadata:\n  name: svc-" + n +
          "\nspec:\n  selector: {app: svc-" + n + "}\n  ports: [{port: 80, targetPort: 8080}]\n";
      break;
    default:
      o = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: svc-" + n +
          "\ndata:\n  config.yaml: |\n    level: info\n";
  }
  if (indent.empty()) return o;
  // As an item of a List: "- " before the first line, the rest indented.
  std::string out = "  - ";
  for (size_t p = 0; p < o.size(); ++p) {
    out += o[p];
    if (o[p] == '\n' && p + 1 < o.size()) out += "    ";
  }
  return out;
}

class Files {
 public:
  Files() {
    std::string pattern = (std::filesystem::temp_directory_path() / "clustersim-bench-XXXXXX");
    if (mkdtemp(pattern.data()) == nullptr) std::abort();
    dir_ = pattern;
  }
  ~Files() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  // The scenario reading `documents` objects as one multi-document file, or as one List.
  std::string Scenario(int documents, bool list) {
    const std::string name = (list ? "list-" : "docs-") + std::to_string(documents);
    {
      std::ofstream m(dir_ / (name + ".yaml"), std::ios::binary);
      if (list) m << "apiVersion: v1\nkind: List\nitems:\n";
      for (int i = 0; i < documents; ++i) {
        if (!list && i > 0) m << "---\n";
        m << Object(i, list ? "    " : "");
      }
    }
    const std::filesystem::path s = dir_ / (name + "-scenario.yaml");
    std::ofstream(s, std::ios::binary)
        << "simulation: {horizon: 1d, replications: 1}\n"
           "cluster:\n  nodePools: [{name: w, count: 100, zones: [a, b, c], capacity: {cpu: "
           "\"64\", memory: 256Gi, pods: 1000}}]\n"
           "workloads:\n  - manifests: "
        << name << ".yaml\n";
    return s.string();
  }

 private:
  std::filesystem::path dir_;
};

void Load(benchmark::State& state, bool list) {
  const int documents = static_cast<int>(state.range(0));
  Files files;
  const std::string scenario = files.Scenario(documents, list);
  InputLimits limits;
  limits.max_file_bytes = int64_t{1} << 30;  // 100,000 objects are about 30 MB
  for (auto _ : state) {
    Diagnostics diags;
    std::optional<Scenario> s = LoadScenarioFile(scenario, {}, &diags, limits);
    if (!s) {
      std::fprintf(stderr, "%s", diags.ToString().c_str());
      std::abort();
    }
    benchmark::DoNotOptimize(s->workloads.data());
  }
  state.SetItemsProcessed(state.iterations() * documents);
}

void BM_LoadDocuments(benchmark::State& state) { Load(state, false); }
BENCHMARK(BM_LoadDocuments)->Arg(1000)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond);

void BM_LoadList(benchmark::State& state) { Load(state, true); }
BENCHMARK(BM_LoadList)->Arg(1000)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace clustersim
