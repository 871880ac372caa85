#include "clustersim/analysis/ctmc.h"

#include <Eigen/Sparse>
#include <Eigen/SparseLU>
#include <algorithm>
#include <cmath>
#include <limits>

namespace clustersim {
namespace {

constexpr double kMinutesPerYear = 365.0 * 24 * 60;

double LogChoose(int n, int k) {
  if (k < 0 || k > n) return -std::numeric_limits<double>::infinity();
  return std::lgamma(n + 1.0) - std::lgamma(k + 1.0) - std::lgamma(n - k + 1.0);
}

// P(d of the r replica nodes are down | j of the n nodes are down): the set of down nodes is,
// by symmetry, uniform over the j-subsets, so d is hypergeometric.
double Hypergeometric(int n, int r, int j, int d) {
  const double l = LogChoose(r, d) + LogChoose(n - r, j - d) - LogChoose(n, j);
  return std::isfinite(l) ? std::exp(l) : 0.0;
}

Estimate Exact(double v) { return {v, v, v}; }

// Why the scenario does not reduce, feature by feature ("" when it does), and the chain's
// parameters when it does.
struct Chain {
  int nodes = 0;
  double lambda = 0;  // per microsecond
  double mu = 0;
  int crews = 0;
};

std::vector<std::string> Reduce(const Scenario& s, Chain* chain) {
  std::vector<std::string> why;
  chain->nodes = s.NodeCount();
  chain->crews = s.repair_crews;
  if (s.failures.size() != 1) {
    why.push_back("the chain needs exactly one failure entry (node crashes); found " +
                  std::to_string(s.failures.size()));
  } else {
    const FailureSpec& f = s.failures[0];
    if (f.target != FailureTargetKind::kNode) why.push_back("failures[0] does not target nodes");
    if (f.effect != FailureEffect::kCrash) why.push_back("failures[0] is not a crash (effect)");
    if (f.drain) why.push_back("failures[0] is a drain");
    if (!f.trace.empty() || !f.trace_file.empty()) why.push_back("failures[0] is a trace");
    if (!f.at.empty()) why.push_back("failures[0] has fixed 'at' times");
    const bool whole_pool =
        f.pool.empty() || (s.node_pools.size() == 1 && s.node_pools[0].name == f.pool);
    if (!whole_pool || !f.zone.empty() || !f.names.empty()) {
      why.push_back("failures[0] targets only some nodes (pool, zone or names)");
    }
    if (!f.every || f.every->kind() != Distribution::Kind::kExponential) {
      why.push_back("failures[0].every is not exponential");
    }
    if (!f.lasts || f.lasts->kind() != Distribution::Kind::kExponential) {
      why.push_back("failures[0].lasts is not exponential");
    }
    if (why.empty()) {
      chain->lambda = 1.0 / f.every->Mean();
      chain->mu = 1.0 / f.lasts->Mean();
    }
  }
  if (s.failover.kind == FailoverKind::kReplaceNode) {
    why.push_back("policies.failover is replace-node (the Node object is deleted)");
  }
  if (s.recovery.kind != RecoveryKind::kAuto && s.recovery.kind != RecoveryKind::kWaitForNode) {
    why.push_back("policies.recovery moves or refills data (only auto or wait-for-node reduce)");
  }
  for (const Workload& w : s.workloads) {
    const std::string name = "workload '" + w.name + "'";
    if (w.app.startup.kind() != Distribution::Kind::kFixed || w.app.startup.Mean() != 0) {
      why.push_back(name + " has a start-up time (app.startup)");
    }
    if (w.kind == WorkloadKind::kStatefulSet) {
      if (w.pod_management != PodManagementPolicy::kParallel) {
        why.push_back(name +
                      " uses OrderedReady pod management (a replica waits for the lower "
                      "ordinals)");
      }
      if (w.anti_affinity != AntiAffinity::kRequired) {
        why.push_back(name + " has no required pod anti-affinity (replicas may share a node)");
      }
      bool local = !w.claims.empty();
      for (const VolumeClaimTemplate& c : w.claims) {
        if (c.storage_class < 0 ||
            s.storage_classes[static_cast<size_t>(c.storage_class)].kind != StorageKind::kLocal) {
          local = false;
        }
      }
      if (!local) why.push_back(name + " is not on local volumes (its replicas can move)");
      if (w.replicas > chain->nodes) why.push_back(name + " has more replicas than nodes");
    } else if (!(w.replicas == 1 && chain->nodes == 1)) {
      why.push_back(name + " is a " + WorkloadKindName(w.kind) +
                    " whose pods can move (only a single pod on a single node reduces)");
    }
  }
  return why;
}

}  // namespace

std::vector<double> RepairmanStationary(int n, double lambda, double mu, int crews) {
  const int c = crews <= 0 ? n : std::min(crews, n);
  // The generator Q over j = 0..n machines down (birth-death); pi Q = 0 with sum(pi) = 1, the
  // last balance equation replaced by the normalisation.
  const int size = n + 1;
  Eigen::SparseMatrix<double> a(size, size);  // Q transposed, last row = ones
  std::vector<Eigen::Triplet<double>> t;
  for (int j = 0; j < size; ++j) {
    const double up = (n - j) * lambda;       // j -> j + 1
    const double down = std::min(j, c) * mu;  // j -> j - 1
    if (j < n) {
      t.emplace_back(j, j, -up);
      t.emplace_back(j + 1, j, up);
    }
    if (j > 0) {
      t.emplace_back(j, j, -down);
      t.emplace_back(j - 1, j, down);
    }
  }
  std::vector<Eigen::Triplet<double>> kept;
  for (const auto& e : t) {
    if (e.row() != n) kept.push_back(e);
  }
  for (int j = 0; j < size; ++j) kept.emplace_back(n, j, 1.0);
  a.setFromTriplets(kept.begin(), kept.end());
  Eigen::VectorXd b = Eigen::VectorXd::Zero(size);
  b(n) = 1.0;
  Eigen::SparseLU<Eigen::SparseMatrix<double>> lu;
  lu.compute(a);
  const Eigen::VectorXd pi = lu.solve(b);
  return std::vector<double>(pi.data(), pi.data() + size);
}

AnalysisResult AnalyzeScenario(const Scenario& s) {
  AnalysisResult out;
  Chain chain;
  out.why_not = Reduce(s, &chain);
  if (!out.why_not.empty()) return out;
  out.reduced = true;
  const int n = chain.nodes;
  const std::vector<double> pi = RepairmanStationary(n, chain.lambda, chain.mu, chain.crews);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  RunSummary& r = out.summary;
  r.scenario = s.name;
  r.method = "ctmc";
  r.seed = s.simulation.seed;
  r.replications = 0;
  r.horizon = s.simulation.horizon;
  r.warmup = s.simulation.warmup;
  r.nodes = n;
  double up_nodes = 0;
  for (int j = 0; j <= n; ++j) up_nodes += pi[static_cast<size_t>(j)] * (n - j);
  const double per_year = static_cast<double>(kYear);
  r.node_failures = up_nodes * chain.lambda * static_cast<double>(s.simulation.horizon);
  r.pod_evictions = r.scheduling_failures = r.cpu_utilization = r.memory_utilization = nan;
  for (const Workload& w : s.workloads) {
    WorkloadSummary ws;
    ws.name = w.name;
    ws.kind = WorkloadKindName(w.kind);
    ws.replicas = w.replicas;
    ws.thresholds = LevelThresholds(w);
    const int rep = w.replicas;
    for (int l = 0; l < kLevels; ++l) {
      const int k = ws.thresholds[static_cast<size_t>(l)];
      // Met while at most rep - k of the replica nodes are down; it is lost by the failure of
      // one of the k up replica nodes when exactly rep - k are down.
      double avail = 0, freq = 0;
      for (int j = 0; j <= n; ++j) {
        const double pj = pi[static_cast<size_t>(j)];
        for (int d = 0; d <= std::min(j, rep - k); ++d) avail += pj * Hypergeometric(n, rep, j, d);
        if (k > 0) freq += pj * Hypergeometric(n, rep, j, rep - k) * k * chain.lambda;
      }
      avail = std::min(1.0, std::max(0.0, avail));
      ws.availability[static_cast<size_t>(l)] = Exact(avail);
      ws.downtime_minutes_per_year[static_cast<size_t>(l)] = Exact((1 - avail) * kMinutesPerYear);
      auto& o = ws.outages[static_cast<size_t>(l)];
      o.per_year = freq * per_year;
      o.mean_minutes = freq > 0 ? (1 - avail) / freq / static_cast<double>(kMinute) : 0;
      o.p50_minutes = o.p95_minutes = o.p99_minutes = o.max_minutes = nan;
    }
    ws.recovery_mean_s = ws.recovery_p50_s = ws.recovery_p95_s = ws.recovery_p99_s = nan;
    ws.pending_seconds_per_year = Exact(0);
    ws.data_losses_per_year = ws.loss_probability_per_year = Exact(0);
    ws.mttdl_years = Exact(nan);
    ws.elects_leader = w.app.leader_election.enabled;
    ws.leaderless_minutes_per_year = Exact(nan);
    r.workloads.push_back(std::move(ws));
  }
  return out;
}

}  // namespace clustersim
