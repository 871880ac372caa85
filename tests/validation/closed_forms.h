// Closed forms and the reference scenario shared by the tests that compare clustersim with
// analytic results: the validation suite (simulation) and the analysis tests (`analyze`).
#pragma once

#include <algorithm>
#include <cmath>
#include <functional>
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

// One repair crew and a general repair-time distribution: the finite-source M/G/1 queue (the
// machine-interference model). The crew's repairs are not memoryless, so the number of
// machines down is not a Markov chain in continuous time; it is one at repair completions.
//
// `failures_during_repair(m, k)` is P(exactly k of m up machines fail during one repair): each
// up machine fails at rate lambda and, once down, waits, so for a repair of length s that is
// binomial(m, 1 - e^{-lambda s}), mixed over the repair-time distribution.
using FailuresDuringRepair = std::function<double(int m, int k)>;

// Repair lasts exactly d: binomial(m, 1 - e^{-lambda d}).
inline FailuresDuringRepair FixedRepair(double lambda, double d) {
  return [lambda, d](int m, int k) {
    const double p = -std::expm1(-lambda * d);
    return std::tgamma(m + 1) / (std::tgamma(k + 1) * std::tgamma(m - k + 1)) * std::pow(p, k) *
           std::pow(1 - p, m - k);
  };
}

// Repair exponential at rate mu: by memorylessness the failures and the repair's end race, so
// k failures then the end is prod_{i<k} (m - i) lambda / ((m - i) lambda + mu) times
// mu / ((m - k) lambda + mu). (Not the binomial route: an independent check of it.)
inline FailuresDuringRepair ExponentialRepair(double lambda, double mu) {
  return [lambda, mu](int m, int k) {
    double q = mu / ((m - k) * lambda + mu);
    for (int i = 0; i < k; ++i) q *= (m - i) * lambda / ((m - i) * lambda + mu);
    return q;
  };
}

// Time-average distribution of the number of machines down (0..n) with n machines failing at
// rate lambda while up and one crew whose repairs have mean `mean_repair`, first come first
// served, each repair time drawn when the repair starts.
//
// Embedded chain: X = machines down just after a repair ends (0..n-1). From j >= 1 the next
// repair starts at once with n - j up, so X' = j - 1 + K, K ~ failures_during_repair(n - j);
// from 0 the crew idles until a failure, then X' = K, K ~ failures_during_repair(n - 1). X
// moves down by at most one, so its balance equations solve forward for d_{k+1} from d_0..d_k.
// Time averages: X jumps by one at a time, so a failure sees j down as often as a completion
// leaves j down (d_j); failures happen at rate (n - j) lambda in state j, so
// p_j = c d_j / (n - j) for j < n. The crew is busy 1 - p_0 = throughput x mean_repair, and the
// throughput is sum_j (n - j) lambda p_j = c lambda: c = 1 / (d_0 / n + lambda mean_repair).
// p_n takes the rest.
inline std::vector<double> OneCrewGeneralRepair(
    int n, double lambda, double mean_repair, const FailuresDuringRepair& failures_during_repair) {
  std::vector<double> d(n, 0.0);
  d[0] = 1;
  // Balance at k: d_k = d_0 a(n-1, k) + sum_{j=1}^{k+1} d_j a(n-j, k-j+1); solve for d_{k+1}.
  for (int k = 0; k + 1 < n; ++k) {
    double rest = d[k] - d[0] * failures_during_repair(n - 1, k);
    for (int j = 1; j <= k; ++j) rest -= d[j] * failures_during_repair(n - j, k - j + 1);
    d[k + 1] = rest / failures_during_repair(n - k - 1, 0);
  }
  double sum = 0;
  for (double x : d) sum += x;
  for (double& x : d) x /= sum;
  const double c = 1 / (d[0] / n + lambda * mean_repair);
  std::vector<double> p(n + 1, 0.0);
  double up_to_n = 0;
  for (int j = 0; j < n; ++j) {
    p[j] = c * d[j] / (n - j);
    up_to_n += p[j];
  }
  p[n] = 1 - up_to_n;
  return p;
}

// Three replicas pinned to three nodes by local volumes and required anti-affinity; nodes fail
// every 10 d (exponential) and `lasts` is the repair time, by default exponential with mean 1 d.
inline std::string PinnedQuorumYaml(const std::string& pod_management,
                                    const std::string& lasts = "{dist: exponential, mean: 1d}") {
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
    lasts: )" +
         lasts + "\n";
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
