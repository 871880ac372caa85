// The micro-model of bench/peers/ as a hand-written C++ loop: no simulation library, no
// Kubernetes, only up and down. It gives the floor against which tools/bench-peers.sh sets
// clustersim and SimPy: what the bare model costs when written for speed.
//
// 1,000 nodes alternate exponential up (mean 720 h) and down (mean 4 h) times, all up at time
// 0; nodes 0-998 form 333 groups of three (node 999 belongs to none, as in the other two), and
// a group is available while at least two of its nodes are up. One binary heap of the nodes'
// next transitions, as a special-purpose discrete-event loop would keep it.
//
//   bare_loop [replications [horizon_years [seed]]]      defaults 100 10 1
// Prints one JSON object: the estimate (mean over replications of the groups' mean
// time-weighted quorum fraction) with a 95% Student-t interval, and the wall time.
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <queue>
#include <random>
#include <utility>
#include <vector>

namespace {

constexpr int kNodes = 1000;
constexpr int kGroupSize = 3;
constexpr int kQuorum = 2;
constexpr int kGroups = kNodes / kGroupSize;
constexpr double kMeanUp = 720.0;  // hours
constexpr double kMeanDown = 4.0;

struct Group {
  int up = kGroupSize;
  double since = 0;
  double with_quorum = 0;
  void Advance(double now) {
    if (up >= kQuorum) with_quorum += now - since;
    since = now;
  }
};

double Replication(uint64_t seed, double horizon) {
  std::mt19937_64 rng(seed);
  std::exponential_distribution<double> up_time(1.0 / kMeanUp);
  std::exponential_distribution<double> down_time(1.0 / kMeanDown);
  std::vector<bool> is_up(kNodes, true);
  std::vector<Group> groups(kGroups);
  using Event = std::pair<double, int>;  // (time, node); ties broken by node: deterministic
  std::priority_queue<Event, std::vector<Event>, std::greater<>> events;
  for (int n = 0; n < kNodes; ++n) events.emplace(up_time(rng), n);
  while (events.top().first < horizon) {
    const auto [now, n] = events.top();
    events.pop();
    is_up[n] = !is_up[n];
    if (n / kGroupSize < kGroups) {
      Group& g = groups[n / kGroupSize];
      g.Advance(now);
      g.up += is_up[n] ? 1 : -1;
    }
    events.emplace(now + (is_up[n] ? up_time(rng) : down_time(rng)), n);
  }
  double sum = 0;
  for (Group& g : groups) {
    g.Advance(horizon);
    sum += g.with_quorum / horizon;
  }
  return sum / kGroups;
}

// t_{0.975, df} by the Cornish-Fisher expansion around the normal quantile; within 1e-3 of the
// exact value from df = 5 on, plenty for the width of an interval.
double T975(int df) {
  const double z = 1.959963984540054;
  const double g1 = (z * z * z + z) / 4;
  const double g2 = (5 * std::pow(z, 5) + 16 * z * z * z + 3 * z) / 96;
  const double g3 = (3 * std::pow(z, 7) + 19 * std::pow(z, 5) + 17 * z * z * z - 15 * z) / 384;
  return z + g1 / df + g2 / (df * double(df)) + g3 / std::pow(df, 3);
}

}  // namespace

int main(int argc, char** argv) {
  const int replications = argc > 1 ? std::atoi(argv[1]) : 100;
  const double years = argc > 2 ? std::atof(argv[2]) : 10.0;
  const uint64_t seed = argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 1;
  if (replications < 2 || !(years > 0)) {
    std::fprintf(stderr, "usage: bare_loop [replications>=2 [horizon_years>0 [seed]]]\n");
    return 2;
  }
  const double horizon = years * 365 * 24;
  const auto start = std::chrono::steady_clock::now();
  std::vector<double> values;
  for (int r = 0; r < replications; ++r) {
    values.push_back(Replication(seed * 1000003 + r, horizon));
  }
  const double wall =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  double mean = 0;
  for (double v : values) mean += v;
  mean /= replications;
  double ss = 0;
  for (double v : values) ss += (v - mean) * (v - mean);
  const double half = T975(replications - 1) * std::sqrt(ss / (replications - 1) / replications);
  std::printf(
      "{\"replications\": %d, \"horizonYears\": %g, \"seed\": %llu, \"groups\": %d, "
      "\"quorumAvailability\": {\"mean\": %.10f, \"ci95Low\": %.10f, \"ci95High\": %.10f}, "
      "\"wallSeconds\": %.4f}\n",
      replications, years, static_cast<unsigned long long>(seed), kGroups, mean, mean - half,
      mean + half, wall);
  return 0;
}
