#!/usr/bin/env bash
# Runs the libFuzzer target over the scenario and manifest loader for SECONDS (default 60); exits
# non-zero on a crash, a hang or a sanitizer report. Builds it first (clang, ASan+UBSan, in
# build-fuzz/) unless BUILD_DIR names a build that has it (tools/test.sh passes build-sanitize).
# The seed corpus is made from the repository's own scenarios and manifests, so it follows them;
# what the fuzzer adds lives in build-fuzz/corpus and is kept between runs. A crash leaves its
# input in build-fuzz/ (crash-*, leak-*, timeout-*): turn each into a test.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
seconds="${1:-60}"
build="${BUILD_DIR:-build-fuzz}"
jobs="$(nproc 2>/dev/null || echo 2)"

if [ -z "${BUILD_DIR:-}" ]; then
  CC=clang CXX=clang++ cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" -DCLUSTERSIM_SANITIZE=ON -DCLUSTERSIM_FUZZ=ON \
    -DCLUSTERSIM_BUILD_BENCH=OFF >/dev/null
  cmake --build "$build" -j"$jobs" --target scenario_fuzzer
fi
fuzzer="$(realpath "$build/tests/fuzz/scenario_fuzzer")"

seeds="$(mktemp -d)"
trap 'rm -rf "$seeds"' EXIT
n=0
for f in scenarios/*.yaml tests/testdata/bad/*.yaml; do
  [ "$(wc -c < "$f")" -lt 20000 ] || continue  # large-5000 adds nothing but time
  cp "$f" "$seeds/$n.yaml"; n=$((n + 1))
done
# Each example manifest behind a small scenario that reads it as m.yaml.
for m in tests/testdata/manifests/*.yaml; do
  case "$m" in *-scenario.yaml) continue ;; esac
  {
    printf 'cluster:\n  nodePools: [{name: w, count: 3, zones: [a, b, c]}]\n'
    printf 'storageClasses: [{name: standard, kind: zonal, default: true}]\n'
    printf 'workloads:\n  - manifests: m.yaml\n#--- m.yaml\n'
    cat "$m"
  } > "$seeds/$n.yaml"
  n=$((n + 1))
done
mkdir -p "$build/corpus"
cd "$build"
# -rss_limit_mb: the loader's own limits keep any input far below it; -timeout: a hang.
status=0
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  "$fuzzer" corpus "$seeds" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
  -max_len=65536 -print_final_stats=1 > fuzz.log 2>&1 || status=$?
if [ "$status" -ne 0 ]; then
  tail -n 80 fuzz.log
  echo "fuzz: FAILED (exit $status); the input is in $build (crash-*, timeout-*, leak-*)" >&2
  exit "$status"
fi
grep -E '^(Done|stat::)' fuzz.log
echo "fuzz: no crash, hang or sanitizer report in ${seconds} s (log: $build/fuzz.log)"
