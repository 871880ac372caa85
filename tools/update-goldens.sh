#!/usr/bin/env bash
# Rewrites tests/golden/NAME.csv, the summary each library scenario (scenarios/NAME.yaml) is
# expected to give with 3 replications, and tests/golden/trace/NAME.trace, the timeline of each
# trace scenario (tests/testdata/trace/NAME.yaml), after a change that is meant to move them.
# Review the diff (git diff tests/golden) before committing it: every changed number is a change
# in what users are told.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bin="${CLUSTERSIM_BIN:-build/sim/clustersim}"
for f in scenarios/*.yaml; do
  name="$(basename "$f" .yaml)"
  case "$name" in large-5000 | failure-heavy-1000) continue ;; esac  # speed scenarios: bench/
  "$bin" run "$f" -r 3 -j 2 -f csv > "tests/golden/$name.csv"
done
# The trace goldens: replications 0 and 1 of every scenario in tests/testdata/trace.
mkdir -p tests/golden/trace
for f in tests/testdata/trace/*.yaml; do
  name="$(basename "$f" .yaml)"
  case "$name" in *-manifests) continue ;; esac
  {
    for r in 0 1; do
      echo "# replication $r"
      "$bin" trace "$f" --replication "$r"
    done
  } > "tests/golden/trace/$name.trace"
done
# The quick start's HTML report: look at it in a browser before committing a change to it.
"$bin" run scenarios/quickstart.yaml -r 3 -j 2 -f csv --report tests/golden/html/quickstart.html \
  > /dev/null
echo "updated $(ls tests/golden/*.csv | wc -l) golden summaries in tests/golden," \
  "$(ls tests/golden/trace/*.trace | wc -l) traces in tests/golden/trace and" \
  "tests/golden/html/quickstart.html"
