#!/usr/bin/python3
"""The cluster-availability micro-model in SimPy, the peer of bench/peers/micro-model.yaml.

1,000 nodes alternate exponential up times (mean 720 h) and down times (mean 4 h), all up at
time 0. Nodes 0-998 form 333 groups of three (node 999 belongs to no group, as in the
clustersim scenario, where it is the node left without a replica). A group is available while
at least 2 of its 3 nodes are up. Each replication reports the mean over the groups of the
time-weighted fraction of the horizon with quorum; the estimate is the mean over independent
replications with a 95% Student-t interval.

Written the way a SimPy user would: one process per node, a small object per group that
integrates its quorum indicator over time. It models only up and down: no Kubernetes.
Needs SimPy 3 or later (`import simpy`; Debian: python3-simpy3).
"""

import argparse
import json
import math
import random
import statistics
import sys
import time

import simpy

HOURS_PER_YEAR = 365 * 24

# Two-sided 95% Student-t quantiles, t_{0.975, df}, for small df; beyond the table the normal
# quantile's Cornish-Fisher expansion is exact to about 1e-4, enough for an interval's width.
_T975 = {1: 12.7062, 2: 4.3027, 3: 3.1824, 4: 2.7764, 5: 2.5706, 6: 2.4469, 7: 2.3646,
         8: 2.3060, 9: 2.2622, 10: 2.2281, 15: 2.1314, 20: 2.0860, 30: 2.0423}


def t975(df):
    if df in _T975:
        return _T975[df]
    z = 1.959963984540054
    g1 = (z**3 + z) / 4
    g2 = (5 * z**5 + 16 * z**3 + 3 * z) / 96
    g3 = (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / 384
    return z + g1 / df + g2 / df**2 + g3 / df**3


class Group:
    """Three nodes; integrates the time spent with at least `quorum` of them up."""

    def __init__(self, env, size=3, quorum=2):
        self.env = env
        self.up = size
        self.quorum = quorum
        self.since = env.now
        self.time_with_quorum = 0.0

    def _advance(self):
        if self.up >= self.quorum:
            self.time_with_quorum += self.env.now - self.since
        self.since = self.env.now

    def node_down(self):
        self._advance()
        self.up -= 1

    def node_up(self):
        self._advance()
        self.up += 1

    def close(self):
        self._advance()


def node(env, rng, group, mean_up, mean_down):
    while True:
        yield env.timeout(rng.expovariate(1.0 / mean_up))
        if group:
            group.node_down()
        yield env.timeout(rng.expovariate(1.0 / mean_down))
        if group:
            group.node_up()


def replication(seed, nodes, group_size, quorum, horizon, mean_up, mean_down):
    rng = random.Random(seed)
    env = simpy.Environment()
    groups = [Group(env, group_size, quorum) for _ in range(nodes // group_size)]
    for n in range(nodes):
        g = n // group_size
        env.process(node(env, rng, groups[g] if g < len(groups) else None, mean_up, mean_down))
    env.run(until=horizon)
    for g in groups:
        g.close()
    return statistics.fmean(g.time_with_quorum / horizon for g in groups)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--replications", "-r", type=int, default=100)
    p.add_argument("--horizon-years", type=float, default=10.0)
    p.add_argument("--seed", "-s", type=int, default=1)
    p.add_argument("--nodes", type=int, default=1000)
    p.add_argument("--up-hours", type=float, default=720.0)
    p.add_argument("--down-hours", type=float, default=4.0)
    p.add_argument("--json", action="store_true", help="print one JSON object")
    a = p.parse_args()
    if a.replications < 2:
        p.error("--replications must be at least 2 (the interval needs two)")

    horizon = a.horizon_years * HOURS_PER_YEAR
    start = time.perf_counter()
    # One seed per replication, derived from the root seed, so replications are independent and
    # any one of them can be rerun alone.
    values = [replication(a.seed * 1_000_003 + r, a.nodes, 3, 2, horizon, a.up_hours,
                          a.down_hours) for r in range(a.replications)]
    wall = time.perf_counter() - start

    mean = statistics.fmean(values)
    half = t975(len(values) - 1) * statistics.stdev(values) / math.sqrt(len(values))
    out = {"simpy": simpy.__version__, "replications": a.replications,
           "horizonYears": a.horizon_years, "seed": a.seed, "groups": a.nodes // 3,
           "quorumAvailability": {"mean": mean, "ci95Low": mean - half, "ci95High": mean + half},
           "wallSeconds": wall}
    if a.json:
        print(json.dumps(out))
    else:
        print(f"SimPy {simpy.__version__}: {a.replications} x {a.horizon_years:g} y, quorum "
              f"availability {mean:.7f} [{mean - half:.7f}, {mean + half:.7f}], {wall:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
