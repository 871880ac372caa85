#!/usr/bin/env bash
# Runs a libFuzzer target for SECONDS (default 60); exits non-zero on a crash, a hang or a
# sanitizer report. TARGET is `scenario` (default: the whole scenario loader, scenario_fuzzer)
# or `input_files` (the manifest, trace and empirical-distribution readers fed directly,
# input_files_fuzzer). Builds it first (clang, ASan+UBSan, in build-fuzz/) unless BUILD_DIR
# names a build that has it (tools/test.sh passes build-sanitize).
# The seed corpus is made from the repository's own scenarios, manifests and traces, so it
# follows them; what the fuzzer adds lives in BUILD/corpus (BUILD/corpus-input_files) and is
# kept between runs. A crash leaves its input in BUILD/ (crash-*, leak-*, timeout-*): turn each
# into a test.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
seconds="${1:-60}"
target="${2:-scenario}"
build="${BUILD_DIR:-build-fuzz}"
jobs="$(nproc 2>/dev/null || echo 2)"
case "$target" in
  scenario) corpus_dir=corpus ;;
  input_files) corpus_dir=corpus-input_files ;;
  *) echo "fuzz: unknown target '$target' (expected scenario or input_files)" >&2; exit 2 ;;
esac

if [ -z "${BUILD_DIR:-}" ]; then
  CC=clang CXX=clang++ cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" -DCLUSTERSIM_SANITIZE=ON -DCLUSTERSIM_FUZZ=ON \
    -DCLUSTERSIM_BUILD_BENCH=OFF >/dev/null
  cmake --build "$build" -j"$jobs" --target "${target}_fuzzer"
fi
fuzzer="$(realpath "$build/tests/fuzz/${target}_fuzzer")"

seeds="$(mktemp -d)"
trap 'rm -rf "$seeds"' EXIT
n=0
if [ "$target" = scenario ]; then
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
else
  # Manifests as they are, traces, and files of durations.
  for f in tests/testdata/manifests/*.yaml scenarios/manifests/*.yaml tests/testdata/traces/*; do
    case "$f" in *-scenario.yaml) continue ;; esac
    cp "$f" "$seeds/$n"; n=$((n + 1))
  done
  printf '30d\n# a comment\n\n12h\r\n1.5y\n' > "$seeds/$n"; n=$((n + 1))
  printf '\xef\xbb\xbfn-0,node,crash,1h,2h,x\rn-1,disk,,3h,,y\r' > "$seeds/$n"; n=$((n + 1))
fi
mkdir -p "$build/$corpus_dir"
cd "$build"
# -rss_limit_mb: the readers' own limits keep any input far below it; -timeout: a hang.
status=0
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  "$fuzzer" "$corpus_dir" "$seeds" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
  -max_len=65536 -print_final_stats=1 > "fuzz-$target.log" 2>&1 || status=$?
if [ "$status" -ne 0 ]; then
  tail -n 80 "fuzz-$target.log"
  echo "fuzz: $target FAILED (exit $status); the input is in $build (crash-*, timeout-*, leak-*)" >&2
  exit "$status"
fi
grep -E '^(Done|stat::)' "fuzz-$target.log"
echo "fuzz: $target: no crash, hang or sanitizer report in ${seconds} s (log: $build/fuzz-$target.log)"
