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

}  // namespace clustersim::testing
