#!/usr/bin/env bash
# Builds clustersim if needed (installing missing packages with apt-get first), then runs a
# scenario and prints its availability report.
#   tools/run.sh                          # scenarios/quickstart.yaml
#   tools/run.sh SCENARIO [run options]   # e.g. tools/run.sh scenarios/quickstart.yaml -f json
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

tools/install-deps.sh
jobs="$(nproc 2>/dev/null || echo 2)"
if [ ! -f build/CMakeCache.txt ]; then
  cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
cmake --build build -j"$jobs" --target clustersim >/dev/null

scenario="${1:-scenarios/quickstart.yaml}"
[ $# -gt 0 ] && shift
exec build/sim/clustersim run "$scenario" "$@"
