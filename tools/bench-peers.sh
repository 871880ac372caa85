#!/usr/bin/env bash
# Peers, side by side: the cluster-availability micro-model (1,000 nodes up 720 h / down 4 h,
# exponential; 333 groups of 3 with a 2-of-3 quorum) run by clustersim with its whole
# Kubernetes model on one thread (bench/peers/micro-model.yaml), by SimPy
# (bench/peers/simpy_model.py) and by a hand-written C++ loop (bench/peers/bare_loop.cc), one
# after the other in this invocation. Prints each one's wall and CPU time, the ratios, and the
# three quorum-availability estimates with their 95% intervals next to the exact value
# a^3 + 3a^2(1-a), a = 720/724.
#
#   tools/bench-peers.sh                     # 1,000 simulated years: 100 replications x 10 y
#   tools/bench-peers.sh --years 100         # a quicker run: 100 replications x 1 y
#   tools/bench-peers.sh --replications 50 --seed 7 --no-bare
#
# Installs SimPy with apt-get when /usr/bin/python3 cannot import it (root or sudo). Debian's
# `python3-simpy` is SimPy 2.3 (the old SimPy.Simulation API); the `simpy` a user writes today
# (SimPy 3 and later) is Debian's `python3-simpy3`, which is what this installs. It is not in
# tools/install-deps.sh: no test needs it. /usr/bin/python3 on purpose: a pyenv python3 on PATH
# does not see Debian's packages. Builds clustersim (Release, build/) like tools/run.sh.
# Exits non-zero when a run fails; timings never fail it, nor does an estimate off the exact
# value (that is reported, with a note).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

years=1000
replications=100
seed=1
bare=1
usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; }
while [ $# -gt 0 ]; do
  case "$1" in
    --years) years="${2:?--years needs a value}"; shift 2 ;;
    --replications|-r) replications="${2:?--replications needs a value}"; shift 2 ;;
    --seed|-s) seed="${2:?--seed needs a value}"; shift 2 ;;
    --no-bare) bare=0; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "bench-peers: unknown option '$1'" >&2; usage >&2; exit 2 ;;
  esac
done
for v in "$years" "$replications" "$seed"; do
  if ! [[ "$v" =~ ^[0-9]+$ ]]; then
    echo "bench-peers: expected a whole number (found '$v')" >&2
    exit 2
  fi
done
[ "$replications" -ge 2 ] || { echo "bench-peers: --replications must be at least 2" >&2; exit 2; }
[ "$years" -ge 1 ] || { echo "bench-peers: --years must be at least 1" >&2; exit 2; }
horizon_years="$(/usr/bin/python3 -c "print(repr($years / $replications))")"

PY=/usr/bin/python3
if ! "$PY" -c 'import simpy' 2>/dev/null; then
  echo "bench-peers: installing python3-simpy3" >&2
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    if ! command -v sudo >/dev/null; then
      echo "bench-peers: need root or sudo to install python3-simpy3" >&2
      exit 1
    fi
    SUDO="sudo"
  fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends python3-simpy3 >/dev/null
  "$PY" -c 'import simpy'
fi

tools/install-deps.sh
if [ ! -f build/CMakeCache.txt ]; then
  cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
cmake --build build -j"$(nproc 2>/dev/null || echo 2)" --target clustersim >/dev/null
out="build/bench-peers"
mkdir -p "$out"
if [ "$bare" = 1 ] && [ ! "$out/bare_loop" -nt bench/peers/bare_loop.cc ]; then
  g++ -std=c++20 -O2 -Wall -Wextra -Wpedantic -o "$out/bare_loop" bench/peers/bare_loop.cc
fi

# timed NAME CMD...: runs CMD with stdout to $out/NAME.out and stderr to $out/NAME.err, and
# writes "wall user sys" seconds to $out/NAME.time. Whole commands: start-up, loading and
# model construction count for every peer alike.
timed() {
  local name="$1"; shift
  local TIMEFORMAT='%R %U %S'
  if ! { time "$@" >"$out/$name.out" 2>"$out/$name.err"; } 2>"$out/$name.time"; then
    echo "bench-peers: $name failed:" >&2
    cat "$out/$name.err" >&2
    exit 1
  fi
}

echo "bench-peers: $replications x $horizon_years y, seed $seed; clustersim -j1 ..." >&2
timed clustersim build/sim/clustersim run bench/peers/micro-model.yaml -j1 -f json \
  -r "$replications" -s "$seed" --horizon "${horizon_years}y"
echo "bench-peers: SimPy ..." >&2
timed simpy "$PY" bench/peers/simpy_model.py --json -r "$replications" -s "$seed" \
  --horizon-years "$horizon_years"
if [ "$bare" = 1 ]; then
  echo "bench-peers: bare C++ loop ..." >&2
  timed bare "$out/bare_loop" "$replications" "$horizon_years" "$seed"
fi

"$PY" - "$out" "$bare" <<'PYEOF'
import json
import math
import sys

out, bare = sys.argv[1], sys.argv[2] == "1"
a = 720 / 724
exact = a**3 + 3 * a**2 * (1 - a)


def times(name):
    wall, user, system = (float(x) for x in open(f"{out}/{name}.time").read().split())
    return wall, user + system


# clustersim reports each StatefulSet's quorum availability with its own 95% interval over the
# replications. The groups sit on disjoint nodes (one pod per node), so they are independent:
# the mean of the 333 means estimates the same figure as the peers' per-replication group mean,
# and its interval's half-width is the root sum of squares of theirs over 333 (same t quantile,
# same replications).
cs = json.load(open(f"{out}/clustersim.out"))
q = [w["availability"]["quorum"] for w in cs["workloads"]]
cs_mean = sum(x["mean"] for x in q) / len(q)
cs_half = math.sqrt(sum(((x["ci95High"] - x["ci95Low"]) / 2) ** 2 for x in q)) / len(q)
rows = [("clustersim -j1", times("clustersim"), cs_mean, cs_mean - cs_half, cs_mean + cs_half)]
sp = json.load(open(f"{out}/simpy.out"))
s = sp["quorumAvailability"]
rows.append((f"SimPy {sp['simpy']}", times("simpy"), s["mean"], s["ci95Low"], s["ci95High"]))
if bare:
    b = json.load(open(f"{out}/bare.out"))["quorumAvailability"]
    rows.append(("bare C++ loop", times("bare"), b["mean"], b["ci95Low"], b["ci95High"]))

years = cs["replications"] * cs["horizonSeconds"] / (365 * 86400)
print(f"micro-model: 1000 nodes up 720 h / down 4 h, {len(q)} groups of 3, quorum 2 of 3; "
      f"{cs['replications']} replications x {cs['horizonSeconds'] / (365 * 86400):g} y = "
      f"{years:g} simulated years, seed {cs['seed']}")
print(f"clustersim: {cs['run']['events']:.0f} events dispatched; per replication "
      f"{cs['cluster']['nodeFailures']:.0f} node failures, {cs['cluster']['podEvictions']:g} pod "
      f"evictions")
print()
print(f"{'':16} {'wall s':>8} {'cpu s':>8}   {'quorum availability [95% interval]':<38} "
      "exact inside")
missed = []
for name, (wall, cpu), mean, lo, hi in rows:
    inside = lo <= exact <= hi
    if not inside:
        missed.append(name)
    print(f"{name:16} {wall:8.2f} {cpu:8.2f}   {mean:.8f} [{lo:.8f}, {hi:.8f}] "
          f"{'yes' if inside else 'NO'}")
print(f"{'exact':16} {'':8} {'':8}   {exact:.8f}  (a^3 + 3a^2(1-a), a = 720/724)")
print()
(cw, cc), (sw, sc) = rows[0][1], rows[1][1]
print(f"SimPy / clustersim:       {sw / cw:6.2f}x wall, {sc / cc:6.2f}x cpu")
if bare:
    bw, bc = rows[2][1]
    print(f"SimPy / bare loop:        {sw / bw:6.2f}x wall, {sc / bc:6.2f}x cpu")
    print(f"clustersim / bare loop:   {cw / bw:6.2f}x wall, {cc / bc:6.2f}x cpu")
for name in missed:
    print(f"note: the exact value is outside {name}'s interval (a 1-in-20 event for each "
          f"unbiased estimate; repeat with another --seed before suspecting a bias)")
PYEOF
