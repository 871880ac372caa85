#!/usr/bin/env bash
# Builds clustersim and runs the whole test suite: every ctest test on a Release build, the
# hostile-input reliability test (tools/hostile.sh: each input under a 1 GB address-space limit
# and 30 s), the unit tests again under AddressSanitizer + UndefinedBehaviorSanitizer (clang), a
# minute of fuzzing of the scenario loader and half a minute of the file readers, and the
# benchmarks in a short smoke mode (which fails only on a crash, never on a timing). Installs
# missing packages first.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
jobs="$(nproc 2>/dev/null || echo 2)"
start=$(date +%s)
step() { echo; echo "== $* ($(( $(date +%s) - start ))s)"; }

step "dependencies"
tools/install-deps.sh

step "release build"
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$jobs"

step "tests (release)"
(cd build && ctest --output-on-failure -j"$jobs")

step "hostile inputs under a 1 GB address-space limit and 30 s each"
tools/hostile.sh build/sim/clustersim

step "the HTML report in a browser (headless Chromium)"
# Screenshots at 1280 and 375 px of each kind of report, kept in build/browser-artifacts/.
tools/browser-test.sh

step "unit tests under ASan+UBSan (clang)"
# clang, so that the same build also gives the libFuzzer target (-fsanitize=fuzzer-no-link
# instruments every source for coverage). -O0 with line tables only: what the sanitizers'
# reports need. Measured from scratch on this 2-core machine: 235 s to build, 32 s to test.
# Asserts stay on.
CC=clang CXX=clang++ cmake -S . -B build-sanitize -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O0 -g1" -DCLUSTERSIM_SANITIZE=ON -DCLUSTERSIM_FUZZ=ON \
  -DCLUSTERSIM_BUILD_BENCH=OFF >/dev/null
cmake --build build-sanitize -j"$jobs"
(cd build-sanitize && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --output-on-failure -j"$jobs" -LE validation)

step "fuzzing the loader for ${FUZZ_SECONDS:-60} s and the file readers for ${FUZZ_FILES_SECONDS:-30} s"
# Fails on a crash, a hang (10 s per input) or a sanitizer report; tools/fuzz.sh SECONDS
# [TARGET] runs one longer.
BUILD_DIR=build-sanitize tools/fuzz.sh "${FUZZ_SECONDS:-60}" scenario
BUILD_DIR=build-sanitize tools/fuzz.sh "${FUZZ_FILES_SECONDS:-30}" input_files

step "benchmark smoke run"
for b in build/bench/*_bench; do
  [ -x "$b" ] || continue
  echo "-- $b"
  "$b" --benchmark_min_time=0.01 --benchmark_filter="${BENCH_SMOKE_FILTER:-.}" >/dev/null
done

step "done: all tests passed"
