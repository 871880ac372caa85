// Closed forms and the reference scenario shared by the tests that compare clustersim with
// analytic results: the validation suite (simulation) and the analysis tests (`analyze`).
#pragma once

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

namespace clustersim::testing {

// Steady-state availability of one machine with exponential up and down times.
inline double MachineAvailability(double mtbf, double mttr) { return mtbf / (mtbf + mttr); }

// P(at least k of n independent components are up), each up with probability a.
inline double KOfN(int k, int n, double a) {
  double p = 0;
  for (int i = k; i <= n; ++i) {
    p += std::tgamma(n + 1) / (std::tgamma(i + 1) * std::tgamma(n - i + 1)) * std::pow(a, i) *
         std::pow(1 - a, n - i);
  }
  return p;
}

// The machine-repairman model: n machines, each failing at rate lambda while up, and `crews`
// repairers, each repairing one machine at rate mu. The number of machines down is a
// birth-death chain; its stationary distribution is the product form
// pi_k = pi_0 * prod_{i<k} (n - i) lambda / (min(i + 1, crews) mu). Returns pi.
inline std::vector<double> MachineRepairman(int n, int crews, double lambda, double mu) {
  std::vector<double> pi(n + 1, 1.0);
  for (int k = 1; k <= n; ++k) {
    pi[k] = pi[k - 1] * (n - k + 1) * lambda / (std::min(k, crews) * mu);
  }
  double sum = 0;
  for (double p : pi) sum += p;
  for (double& p : pi) p /= sum;
  return pi;
}

// Three replicas pinned to three nodes by local volumes and required anti-affinity; nodes fail
// every 10 d and are repaired in 1 d on average (exponential).
inline std::string PinnedQuorumYaml(const std::string& pod_management) {
  return R"(
simulation: {horizon: 20y, warmup: 10d, replications: 100, seed: 1}
cluster:
  nodePools: [{name: n, count: 3, zones: [a, b, c]}]
storageClasses:
  - {name: local, kind: local, default: true}
workloads:
  - statefulSet:
      name: zk
      replicas: 3
      podManagementPolicy: )" +
         pod_management + R"(
      podAntiAffinity: required
      volumeClaimTemplates: [{name: data, storage: 1Gi}]
failures:
  - target: {kind: node}
    every: {dist: exponential, mean: 10d}
    lasts: {dist: exponential, mean: 1d}
)";
}

// PinnedQuorumYaml's nodes in two zones (a, b, a) that also go out (every 20 d for 1 d,
// exponential); a node is down while it has crashed or its zone is out.
inline std::string ZoneQuorumYaml() {
  return R"(
simulation: {horizon: 20y, warmup: 10d, replications: 100, seed: 1}
cluster:
  nodePools: [{name: n, count: 3, zones: [zone-a, zone-b, zone-a]}]
storageClasses:
  - {name: local, kind: local, default: true}
workloads:
  - statefulSet:
      name: zk
      replicas: 3
      podManagementPolicy: Parallel
      podAntiAffinity: required
      volumeClaimTemplates: [{name: data, storage: 1Gi}]
failures:
  - target: {kind: node}
    every: {dist: exponential, mean: 10d}
    lasts: {dist: exponential, mean: 1d}
  - target: {kind: zone}
    every: {dist: exponential, mean: 20d}
    lasts: {dist: exponential, mean: 1d}
)";
}

// Three replicas on local volumes, one per node; a node is lost with its data (exponential,
// mean 10 d) and its replacement joins after an exponential 1 d and copies the data from a
// live replica at once (dataSize 0).
inline std::string ThreeWayLossYaml() {
  return R"(
simulation: {horizon: 16y, replications: 200, seed: 1}
cluster:
  nodePools: [{name: n, count: 3, zones: [a, b, c]}]
storageClasses:
  - {name: local, kind: local, default: true}
workloads:
  - statefulSet:
      name: db
      replicas: 3
      podManagementPolicy: Parallel
      podAntiAffinity: required
      volumeClaimTemplates: [{name: data, storage: 1Gi}]
failures:
  - target: {kind: node}
    effect: loss
    every: {dist: exponential, mean: 10d}
    lasts: {dist: exponential, mean: 1d}
)";
}

// Mean time to absorption from state `start` of a birth-death chain on 0..n where 0 is
// absorbing: up[i] is the rate i -> i + 1, down[i] the rate i -> i - 1. Solves the linear
// system E_i = 1 / (up_i + down_i) + (up_i E_{i+1} + down_i E_{i-1}) / (up_i + down_i),
// E_0 = 0, by Gaussian elimination on its tridiagonal form.
inline double MeanTimeToAbsorption(const std::vector<double>& up, const std::vector<double>& down,
                                   int start) {
  const int n = static_cast<int>(up.size()) - 1;
  // Row i (1..n): -down_i E_{i-1} + (up_i + down_i) E_i - up_i E_{i+1} = 1.
  std::vector<double> a(n + 1), b(n + 1), c(n + 1), d(n + 1, 1.0);
  for (int i = 1; i <= n; ++i) {
    a[i] = -down[i];
    b[i] = up[i] + down[i];
    c[i] = i < n ? -up[i] : 0;
  }
  for (int i = 2; i <= n; ++i) {  // Thomas algorithm, E_0 = 0 drops a[1]
    const double m = a[i] / b[i - 1];
    b[i] -= m * c[i - 1];
    d[i] -= m * d[i - 1];
  }
  std::vector<double> e(n + 1, 0);
  e[n] = d[n] / b[n];
  for (int i = n - 1; i >= 1; --i) e[i] = (d[i] - c[i] * e[i + 1]) / b[i];
  return e[start];
}

}  // namespace clustersim::testing
