#!/usr/bin/env bash
# Runs every Google Benchmark suite (bench/*_bench) and writes one JSON file per suite for
# trend tracking: OUT_DIR/<suite>.json (default bench-results/<commit>/), Google Benchmark's
# format, whose "context" records the machine (CPUs, MHz, caches, load average) and the date.
# Medians of REPETITIONS runs (default 5) are what bench/RESULTS.md quotes.
#
#   tools/bench.sh                         # all suites, 5 repetitions
#   tools/bench.sh --filter Hold           # only benchmarks matching a regex
#   REPETITIONS=3 OUT_DIR=/tmp/b tools/bench.sh
#
# Builds the Release tree (build/) first if needed. Timings never fail it; a crash does.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
filter="."
while [ $# -gt 0 ]; do
  case "$1" in
    --filter) filter="${2:?--filter needs a regex}"; shift 2 ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "bench.sh: unknown option '$1' (expected --filter REGEX)" >&2; exit 2 ;;
  esac
done
tools/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DCLUSTERSIM_BUILD_BENCH=ON >/dev/null
cmake --build build -j"$(nproc 2>/dev/null || echo 2)"
commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
out="${OUT_DIR:-bench-results/$commit}"
mkdir -p "$out"
for b in build/bench/*_bench; do
  [ -x "$b" ] || continue
  name="$(basename "$b")"
  echo "== $name" >&2
  "$b" --benchmark_filter="$filter" --benchmark_repetitions="${REPETITIONS:-5}" \
    --benchmark_report_aggregates_only=true --benchmark_out="$out/$name.json" \
    --benchmark_out_format=json
done
echo "bench.sh: JSON in $out (commit $commit, $(nproc) CPUs: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'))" >&2
