#include "clustersim/analysis/ctmc.h"

#include <Eigen/Dense>
#include <Eigen/Sparse>
#include <Eigen/SparseLU>
#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <map>
#include <unsupported/Eigen/MatrixFunctions>
#include <utility>

#include "clustersim/policy/pod_groups.h"

namespace clustersim {
namespace {

// Zone outages make the nodes distinguishable: the chain's states are then enumerated as the
// sets of crashed nodes and of zones down, 2^(nodes + zones) of them.
constexpr int kMaxEnumerated = 20;
// The data-loss figures take dense matrix exponentials of twice the nodes' size.
constexpr int kMaxLossNodes = 256;
// The stationary law of the nodes-down chain is solved by sparse LU, whose factors fill in
// towards a dense matrix (the normalisation row): about 9.5 states^2 bytes, measured (1,000
// nodes 18 MB, 3,000 nodes 100 MB, 10,000 nodes 950 MB and 4.6 s). At most 5,000 states keeps
// it near 240 MB and a second.
constexpr int64_t kMaxStationaryStates = 5000;

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

// The chain's parameters, rates per microsecond.
struct Chain {
  int nodes = 0;
  double lambda = 0;  // node failures per up node
  double mu = 0;      // repairs per crew at work
  int crews = 0;
  bool loss = false;  // node failures lose the machine and its data
  // Zone outages (a failure entry with target kind zone): each zone fails at `zeta` while up
  // and comes back at `eta`, independently of the nodes and of the crews.
  bool zone_outages = false;
  double zeta = 0, eta = 0;
  int zones = 0;
  std::vector<int> zone_of;  // per node, in pool order
};

bool IsExponential(const std::optional<Distribution>& d) {
  return d && d->kind() == Distribution::Kind::kExponential;
}

// The zones as the simulator's failure domains count them: a (region, zone) pair each.
void AssignZones(const Scenario& s, Chain* chain) {
  std::map<std::pair<std::string, std::string>, int> index;
  chain->zone_of.clear();
  for (const NodePool& pool : s.node_pools) {
    const auto region = pool.labels.find(kRegionLabel);
    const std::string r = region == pool.labels.end() ? "" : region->second;
    for (int i = 0; i < pool.count; ++i) {
      const auto [it, fresh] =
          index.emplace(std::make_pair(r, pool.ZoneOf(i)), static_cast<int>(index.size()));
      chain->zone_of.push_back(it->second);
    }
  }
  chain->zones = static_cast<int>(index.size());
}

// Reasons that name a workload, gathered so that one reason shared by many workloads is one
// line ("workload 'a' (and 999 more) has a start-up time"), in the order first seen.
class NamedReasons {
 public:
  void Add(const std::string& before, const std::string& name, const std::string& after) {
    const auto [it, fresh] = index_.emplace(before + '\x1f' + after, groups_.size());
    if (fresh) groups_.push_back({before, name, after, 0});
    ++groups_[it->second].count;
  }
  void AppendTo(std::vector<std::string>* why) const {
    for (const Group& g : groups_) {
      why->push_back(g.before + "'" + g.first + "'" +
                     (g.count > 1 ? " (and " + std::to_string(g.count - 1) + " more)" : "") +
                     g.after);
    }
  }

 private:
  struct Group {
    std::string before, first, after;
    size_t count;
  };
  std::map<std::string, size_t> index_;
  std::vector<Group> groups_;
};

// Why the scenario does not reduce, feature by feature (empty when it does), and the chain's
// parameters when it does.
std::vector<std::string> Reduce(const Scenario& s, Chain* chain) {
  std::vector<std::string> why;
  NamedReasons named;
  chain->nodes = s.NodeCount();
  chain->crews = s.repair_crews;
  AssignZones(s, chain);
  int node_entry = -1, zone_entry = -1;
  for (size_t i = 0; i < s.failures.size(); ++i) {
    const FailureSpec& f = s.failures[i];
    const std::string name = "failures[" + std::to_string(i) + "]";
    if (f.drain) {
      why.push_back(name + " is a drain");
      continue;
    }
    if (!f.trace.empty() || !f.trace_file.empty()) {
      why.push_back(name + " is a trace");
      continue;
    }
    if (f.target == FailureTargetKind::kNode) {
      if (node_entry >= 0) {
        why.push_back(name +
                      " is a second node failure entry (the chain has one node failure "
                      "process)");
        continue;
      }
      node_entry = static_cast<int>(i);
      const bool whole_pool =
          f.pool.empty() || (s.node_pools.size() == 1 && s.node_pools[0].name == f.pool);
      if (!whole_pool || !f.zone.empty() || !f.names.empty()) {
        why.push_back(name + " targets only some nodes (pool, zone or names)");
      }
    } else if (f.target == FailureTargetKind::kZone) {
      if (zone_entry >= 0) {
        why.push_back(name +
                      " is a second zone outage entry (the chain has one zone outage "
                      "process)");
        continue;
      }
      zone_entry = static_cast<int>(i);
      if (!f.zone.empty() || !f.names.empty()) {
        why.push_back(name + " targets only some zones (zone or names)");
      }
      if (f.effect == FailureEffect::kLoss) {
        why.push_back(name + " is a zone loss (effect: loss)");
      }
    } else {
      why.push_back(name + " is a " +
                    (f.target == FailureTargetKind::kRack ? "rack outage" : "disk failure") +
                    " (the chain has node failures and zone outages)");
      continue;
    }
    if (!f.at.empty()) why.push_back(name + " has fixed 'at' times");
    if (!IsExponential(f.every)) why.push_back(name + ".every is not exponential");
    if (!IsExponential(f.lasts)) why.push_back(name + ".lasts is not exponential");
  }
  if (node_entry < 0 && zone_entry < 0) {
    why.push_back("no failure entry of node crashes, node losses or zone outages");
  }
  if (node_entry >= 0) {
    const FailureSpec& f = s.failures[static_cast<size_t>(node_entry)];
    chain->loss = f.effect == FailureEffect::kLoss;
    if (IsExponential(f.every) && IsExponential(f.lasts)) {
      chain->lambda = 1.0 / f.every->Mean();
      chain->mu = 1.0 / f.lasts->Mean();
    }
  } else {
    chain->lambda = 0;
    chain->mu = 1;  // no node ever fails: any repair rate gives the same chain
  }
  const int64_t states = int64_t{chain->nodes} + 1;
  if (states > kMaxStationaryStates) {
    const double mb = 9.5 * static_cast<double>(states) * static_cast<double>(states) / 1e6;
    char size[32];
    std::snprintf(size, sizeof size, mb >= 1000 ? "%.1f GB" : "%.0f MB",
                  mb >= 1000 ? mb / 1000 : mb);
    why.push_back("the chain of nodes down has " + std::to_string(states) +
                  " states (one per number of the " + std::to_string(chain->nodes) +
                  " nodes down), more than the " + std::to_string(kMaxStationaryStates) +
                  " its stationary solve takes (its LU factors would need about " + size + ")");
  }
  if (chain->loss && chain->nodes > kMaxLossNodes) {
    why.push_back("node losses over " + std::to_string(chain->nodes) +
                  " nodes: too large for the data-loss chain's matrix exponentials (at most " +
                  std::to_string(kMaxLossNodes) + ")");
  }
  if (zone_entry >= 0) {
    const FailureSpec& f = s.failures[static_cast<size_t>(zone_entry)];
    chain->zone_outages = true;
    if (IsExponential(f.every) && IsExponential(f.lasts)) {
      chain->zeta = 1.0 / f.every->Mean();
      chain->eta = 1.0 / f.lasts->Mean();
    }
    if (chain->loss) {
      why.push_back(
          "node losses together with zone outages (a replacement rebuilding from "
          "peers waits while their zones are down)");
    }
    if (chain->nodes + chain->zones > kMaxEnumerated) {
      why.push_back("zone outages over " + std::to_string(chain->nodes) + " nodes in " +
                    std::to_string(chain->zones) +
                    " zones: too many states to enumerate (nodes + zones at most " +
                    std::to_string(kMaxEnumerated) + ")");
    }
  }
  // The registries say which policies the chains hold under (an allow-list: a policy not
  // known to reduce does not).
  const FailoverPolicyInfo* failover = FindFailoverPolicy(s.failover.name);
  if (failover == nullptr || !failover->analyze_reduces) {
    const std::string because = failover == nullptr || failover->analyze_why_not.empty()
                                    ? "not known to reduce"
                                    : failover->analyze_why_not;
    why.push_back("policies.failover is " + s.failover.name + " (" + because + ")");
  }
  const RecoveryPolicyInfo* recovery = FindRecoveryPolicy(s.recovery.name);
  if (recovery == nullptr || !recovery->analyze_reduces) {
    std::vector<std::string> reducible;
    for (const RecoveryPolicyInfo& r : RecoveryPolicies()) {
      if (r.analyze_reduces) reducible.push_back(r.name);
    }
    const std::string what = recovery == nullptr || recovery->analyze_why_not.empty()
                                 ? "is " + s.recovery.name
                                 : recovery->analyze_why_not;
    why.push_back("policies.recovery " + what + " (only " + JoinNames(reducible) + " reduce)");
  }
  // Every replica must be placed at time 0 and find its node again: nothing may keep a pod off
  // a node.
  if (!s.persistent_volumes.empty()) {
    why.push_back("pre-created PersistentVolumes decide where claims may bind");
  }
  for (const NodePool& pool : s.node_pools) {
    if (pool.unschedulable) why.push_back("node pool '" + pool.name + "' is cordoned");
    for (const Taint& t : pool.taints) {
      if (t.effect == TaintEffect::kPreferNoSchedule) continue;
      for (const Workload& w : s.workloads) {
        const bool tolerated = std::any_of(
            w.tolerations.begin(), w.tolerations.end(),
            [&](const Toleration& o) { return o.ToleratesTaint(t.key, t.value, t.effect); });
        if (!tolerated) {
          named.Add("node pool '" + pool.name + "' has a taint '" + t.key + "' that workload ",
                    w.name, " does not tolerate");
        }
      }
    }
    ResourceList sum;
    for (const Workload& w : s.workloads) {
      sum.cpu_milli += w.requests.cpu_milli;
      sum.memory_bytes += w.requests.memory_bytes;
      ++sum.pods;
    }
    if (sum.cpu_milli > pool.capacity.cpu_milli || sum.memory_bytes > pool.capacity.memory_bytes ||
        sum.pods > pool.capacity.pods) {
      why.push_back("node pool '" + pool.name +
                    "' cannot hold one pod of every workload (capacity)");
    }
  }
  for (const Workload& w : s.workloads) {
    if (w.app.startup.kind() != Distribution::Kind::kFixed || w.app.startup.Mean() != 0) {
      named.Add("workload ", w.name, " has a start-up time (app.startup)");
    }
    const bool restricted =
        !w.node_selector.empty() || !w.required_node_terms.empty() || !w.node_name.empty() ||
        !w.pod_affinity.required_affinity.empty() ||
        !w.pod_affinity.required_anti_affinity.empty() || !w.host_ports.empty() ||
        std::any_of(w.topology_spread.begin(), w.topology_spread.end(),
                    [](const TopologySpreadConstraint& c) { return c.do_not_schedule; });
    if (restricted) {
      named.Add("workload ", w.name,
                " restricts the nodes its pods may use (nodeSelector, node affinity, "
                "nodeName, pod affinity or anti-affinity terms, DoNotSchedule spread or host "
                "ports)");
    }
    if (w.kind == WorkloadKind::kStatefulSet) {
      if (w.pod_management != PodManagementPolicy::kParallel) {
        named.Add("workload ", w.name,
                  " uses OrderedReady pod management (a replica waits for the lower "
                  "ordinals)");
      }
      if (w.anti_affinity != AntiAffinity::kRequired) {
        named.Add("workload ", w.name,
                  " has no required pod anti-affinity (replicas may share a node)");
      }
      bool local = !w.claims.empty();
      for (const VolumeClaimTemplate& c : w.claims) {
        if (c.storage_class < 0 ||
            s.storage_classes[static_cast<size_t>(c.storage_class)].kind != StorageKind::kLocal) {
          local = false;
        }
      }
      if (!local)
        named.Add("workload ", w.name, " is not on local volumes (its replicas can move)");
      if (w.replicas > chain->nodes)
        named.Add("workload ", w.name, " has more replicas than nodes");
    } else if (!(w.replicas == 1 && chain->nodes == 1)) {
      named.Add("workload ", w.name,
                std::string(" is a ") + WorkloadKindName(w.kind) +
                    " whose pods can move (only a single pod on a single node reduces)");
    }
    // With zone outages the nodes are no longer alike, and which ones hold the replicas is the
    // scheduler's choice; with losses, nodes without a replica would share the crews.
    if (chain->zone_outages && w.replicas < chain->nodes) {
      named.Add("workload ", w.name,
                " has fewer replicas than nodes, with zone outages (which nodes hold "
                "them is the scheduler's choice)");
    }
    if (chain->loss && w.replicas < chain->nodes) {
      named.Add("workload ", w.name, " has fewer replicas than nodes, with node losses");
    }
    if (chain->loss && w.app.data_size_bytes > 0 && w.app.rebuild_bandwidth > 0) {
      named.Add("workload ", w.name,
                " copies app.dataSize at app.rebuild.bandwidth after a loss (a fixed "
                "copy time, not exponential)");
    }
  }
  named.AppendTo(&why);
  return why;
}

// The machine-repairman chain over j = 0..n machines down: j -> j + 1 at (n - j) lambda, and
// j -> j - 1 at min(j, crews) mu (every machine its own crew when crews <= 0).
struct RepairmanRates {
  double up = 0;    // j -> j + 1
  double down = 0;  // j -> j - 1
};
RepairmanRates RatesAt(int n, double lambda, double mu, int crews, int j) {
  const int c = crews <= 0 ? n : std::min(crews, n);
  return {(n - j) * lambda, std::min(j, c) * mu};
}

// Its generator, dense (the loss chains are small).
Eigen::MatrixXd RepairmanGenerator(int n, double lambda, double mu, int crews) {
  Eigen::MatrixXd q = Eigen::MatrixXd::Zero(n + 1, n + 1);
  for (int j = 0; j <= n; ++j) {
    const RepairmanRates r = RatesAt(n, lambda, mu, crews, j);
    if (j < n) q(j, j + 1) = r.up;
    if (j > 0) q(j, j - 1) = r.down;
    q(j, j) = -q.row(j).sum();
  }
  return q;
}

// Per level of one workload: the stationary availability and the rate of outages (transitions
// from met to not met), per microsecond.
struct LevelFigures {
  std::array<double, kLevels> availability{};
  std::array<double, kLevels> frequency{};
};

// Without zone outages the nodes are alike: j nodes down, and the replicas among them
// hypergeometric. Met while at most rep - k of the replica nodes are down; lost by the failure
// of one of the k up replica nodes when exactly rep - k are down.
LevelFigures Symmetric(const Chain& chain, const std::vector<double>& pi, int rep,
                       const std::array<int, kLevels>& thresholds) {
  LevelFigures out;
  const int n = chain.nodes;
  for (int l = 0; l < kLevels; ++l) {
    const int k = thresholds[static_cast<size_t>(l)];
    double avail = 0, freq = 0;
    for (int j = 0; j <= n; ++j) {
      const double pj = pi[static_cast<size_t>(j)];
      for (int d = 0; d <= std::min(j, rep - k); ++d) avail += pj * Hypergeometric(n, rep, j, d);
      if (k > 0) freq += pj * Hypergeometric(n, rep, j, rep - k) * k * chain.lambda;
    }
    out.availability[static_cast<size_t>(l)] = avail;
    out.frequency[static_cast<size_t>(l)] = freq;
  }
  return out;
}

// With zone outages, one replica on every node: a node is down while it has crashed or its
// zone is out (the simulator counts both as causes; a node under a zone outage still crashes,
// and its repair, crewed or not, runs on; zone outages use no crew). The zones are independent
// of the node chain, and the stationary law of the node chain is symmetric, so the set of
// crashed nodes given j of them is uniform over the j-subsets: every (crashed set, zones down)
// state has a closed-form probability. Outages start only by a node crash or a zone going
// out, so their frequency needs only the states' probabilities.
LevelFigures Enumerated(const Chain& chain, const std::vector<double>& pi,
                        const std::array<int, kLevels>& thresholds, double* node_down_rate) {
  LevelFigures out;
  const int n = chain.nodes, z = chain.zones;
  const double zone_up = chain.eta / (chain.zeta + chain.eta);
  std::vector<uint32_t> zone_nodes(static_cast<size_t>(z), 0);  // node bitmask per zone
  for (int i = 0; i < n; ++i) zone_nodes[static_cast<size_t>(chain.zone_of[i])] |= 1u << i;
  *node_down_rate = 0;
  for (uint32_t zmask = 0; zmask < (1u << z); ++zmask) {
    const int zdown = std::popcount(zmask);
    const double pz = std::pow(1 - zone_up, zdown) * std::pow(zone_up, z - zdown);
    uint32_t out_nodes = 0;  // nodes under a zone outage
    for (int zi = 0; zi < z; ++zi) {
      if (zmask & (1u << zi)) out_nodes |= zone_nodes[static_cast<size_t>(zi)];
    }
    for (uint32_t crashed = 0; crashed < (1u << n); ++crashed) {
      const int j = std::popcount(crashed);
      const double p = pz * pi[static_cast<size_t>(j)] / std::exp(LogChoose(n, j));
      const uint32_t up = ~(crashed | out_nodes) & ((1u << n) - 1);
      const int u = std::popcount(up);
      double down_rate = chain.lambda * u;
      for (int zi = 0; zi < z; ++zi) {
        if (!(zmask & (1u << zi))) down_rate += chain.zeta * std::popcount(up & zone_nodes[zi]);
      }
      *node_down_rate += p * down_rate;
      for (int l = 0; l < kLevels; ++l) {
        const int k = thresholds[static_cast<size_t>(l)];
        if (u < k) continue;
        out.availability[static_cast<size_t>(l)] += p;
        double rate = u - 1 < k ? chain.lambda * u : 0;
        for (int zi = 0; zi < z; ++zi) {
          if (zmask & (1u << zi)) continue;
          if (u - std::popcount(up & zone_nodes[static_cast<size_t>(zi)]) < k) rate += chain.zeta;
        }
        out.frequency[static_cast<size_t>(l)] += p * rate;
      }
    }
  }
  return out;
}

}  // namespace

std::vector<double> RepairmanStationary(int n, double lambda, double mu, int crews) {
  // The generator Q over j = 0..n machines down (birth-death); pi Q = 0 with sum(pi) = 1, the
  // last balance equation replaced by the normalisation.
  const int size = n + 1;
  Eigen::SparseMatrix<double> a(size, size);  // Q transposed, last row = ones
  std::vector<Eigen::Triplet<double>> t;
  for (int j = 0; j < size; ++j) {
    const auto [up, down] = RatesAt(n, lambda, mu, crews, j);
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

DataLossFigures RepairmanDataLoss(int n, double lambda, double mu, int crews, SimTime warmup,
                                  SimTime window) {
  // Times in years keep the exponentials' arguments moderate.
  const double year = static_cast<double>(kYear);
  const double w0 = static_cast<double>(warmup) / year, w = static_cast<double>(window) / year;
  const Eigen::MatrixXd q = RepairmanGenerator(n, lambda, mu, crews);
  // The copies are the machines up: the data set is lost when the last up machine goes, the
  // transition n - 1 -> n down. With that transition leading out of the chain (to an absorbing
  // "lost" state left implicit), the rows' deficits are the absorption rates. The all-down
  // state stays transient: from it, a loss needs a replacement and a second loss.
  Eigen::MatrixXd qt = q;
  qt(n - 1, n) = 0;
  const Eigen::RowVectorXd start = Eigen::RowVectorXd::Unit(n + 1, 0);
  const Eigen::RowVectorXd at_window = w0 > 0 ? Eigen::RowVectorXd(start * (q * w0).exp()) : start;
  const Eigen::VectorXd ones = Eigen::VectorXd::Ones(n + 1);
  DataLossFigures out;
  // Mean absorption times, from the birth-death structure rather than by solving -Qt m = 1:
  // the mean passage time from j down to j + 1 down is T_j = (1 + d_j T_{j-1}) / b_j (b_j the
  // rate of j -> j + 1, the loss itself for j = n - 1; d_j of j -> j - 1), a sum of positive
  // terms that stays exact where the linear system, with times of 1e100 years on large
  // clusters, would not.
  Eigen::VectorXd m(n + 1);
  {
    std::vector<double> passage(static_cast<size_t>(n));
    double previous = 0;
    for (int j = 0; j < n; ++j) {
      const double birth = q(j, j + 1) > 0 ? q(j, j + 1) : lambda;  // j = n - 1: the loss
      const double death = j > 0 ? q(j, j - 1) : 0;
      previous = (1 + death * previous) / birth;
      passage[static_cast<size_t>(j)] = previous;
    }
    double sum = 0;
    for (int j = n - 1; j >= 0; --j) m(j) = sum += passage[static_cast<size_t>(j)];
    m(n) = 1 / q(n, n - 1) + m(n - 1);  // all down: the first replacement, then as from n - 1
  }
  // Round-off can leave tiny negative probabilities, which times of 1e100 years would magnify.
  const Eigen::RowVectorXd weights = at_window.cwiseMax(0.0) / at_window.cwiseMax(0.0).sum();
  out.mttdl_years = weights.dot(m);
  out.probability_in_window = 1 - at_window.dot((qt * w).exp() * ones);
  // Expected losses: lambda x the expected time in state n - 1 over the window, the integral
  // of exp(Q s) read off the block exponential exp([[Q, I], [0, 0]] w) (Van Loan).
  Eigen::MatrixXd block = Eigen::MatrixXd::Zero(2 * (n + 1), 2 * (n + 1));
  block.topLeftCorner(n + 1, n + 1) = q * w;
  block.topRightCorner(n + 1, n + 1) = Eigen::MatrixXd::Identity(n + 1, n + 1) * w;
  const Eigen::MatrixXd integral = block.exp().topRightCorner(n + 1, n + 1);
  const double time_before_loss = (at_window * integral)(n - 1);
  out.events_per_year = w > 0 ? lambda * time_before_loss / w : 0;
  // `run` counts the window's whole years, each with a loss or not; with none, the Poisson
  // reading of the rate.
  const int64_t whole_years = window / kYear;
  if (whole_years > 0) {
    const Eigen::MatrixXd step = q.exp();  // one year
    const Eigen::VectorXd survive = qt.exp() * ones;
    Eigen::RowVectorXd p = at_window;
    double sum = 0;
    for (int64_t y = 0; y < whole_years; ++y) {
      sum += 1 - p.dot(survive);
      p = p * step;
    }
    out.probability_per_year = sum / static_cast<double>(whole_years);
  } else {
    out.probability_per_year = 1 - std::exp(-out.events_per_year);
  }
  return out;
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
  // Node up-to-down transitions per microsecond, in the steady state.
  double node_down_rate = 0;
  if (!chain.zone_outages) {
    for (int j = 0; j <= n; ++j) node_down_rate += pi[static_cast<size_t>(j)] * (n - j);
    node_down_rate *= chain.lambda;
  }
  const double per_year = static_cast<double>(kYear);
  r.pod_evictions = r.scheduling_failures = r.cpu_utilization = r.memory_utilization = nan;
  DataLossFigures loss;
  if (chain.loss) {
    loss = RepairmanDataLoss(n, chain.lambda * per_year, chain.mu * per_year, chain.crews,
                             s.simulation.warmup, s.simulation.horizon - s.simulation.warmup);
  }
  for (const Workload& w : s.workloads) {
    WorkloadSummary ws;
    ws.name = w.name;
    ws.kind = WorkloadKindName(w.kind);
    ws.replicas = w.replicas;
    ws.thresholds = LevelThresholds(w);
    const LevelFigures f = chain.zone_outages
                               ? Enumerated(chain, pi, ws.thresholds, &node_down_rate)
                               : Symmetric(chain, pi, w.replicas, ws.thresholds);
    for (int l = 0; l < kLevels; ++l) {
      const double avail = std::min(1.0, std::max(0.0, f.availability[static_cast<size_t>(l)]));
      const double freq = f.frequency[static_cast<size_t>(l)];
      ws.availability[static_cast<size_t>(l)] = Exact(avail);
      ws.downtime_minutes_per_year[static_cast<size_t>(l)] = Exact((1 - avail) * kMinutesPerYear);
      auto& o = ws.outages[static_cast<size_t>(l)];
      o.per_year = freq * per_year;
      o.mean_minutes = freq > 0 ? (1 - avail) / freq / static_cast<double>(kMinute) : 0;
      o.p50_minutes = o.p95_minutes = o.p99_minutes = o.max_minutes = nan;
    }
    ws.recovery_mean_s = ws.recovery_p50_s = ws.recovery_p95_s = ws.recovery_p99_s = nan;
    ws.pending_seconds_per_year = Exact(0);
    // Only volumes hold data: a Deployment's or a Pod's is never lost.
    if (chain.loss && w.kind == WorkloadKind::kStatefulSet) {
      ws.data_losses_per_year = Exact(loss.events_per_year);
      ws.loss_probability_per_year = Exact(loss.probability_per_year);
      ws.mttdl_years = Exact(loss.mttdl_years);
      ws.loss_probability_in_window = Exact(loss.probability_in_window);
    } else {
      // Crashes keep the data: it is never lost.
      ws.data_losses_per_year = ws.loss_probability_per_year = Exact(0);
      ws.loss_probability_in_window = Exact(0);
      ws.mttdl_years = Exact(HUGE_VAL);
    }
    ws.elects_leader = w.app.leader_election.enabled;
    ws.leaderless_minutes_per_year = Exact(nan);
    r.workloads.push_back(std::move(ws));
  }
  r.node_failures = node_down_rate * static_cast<double>(s.simulation.horizon);
  return out;
}

}  // namespace clustersim
