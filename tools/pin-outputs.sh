#!/usr/bin/env bash
# Writes every output the command gives on the library scenarios and the trace scenarios into
# DIR, with wall-clock figures blanked, so that a refactor can be checked byte for byte:
#   tools/pin-outputs.sh /tmp/before      # on the commit before the change
#   tools/pin-outputs.sh /tmp/after       # after it
#   diff -r /tmp/before /tmp/after        # must print nothing
# Covered: run (text, JSON, CSV, 20 replications), compare, sweep, check, analyze,
# run --compare-analytic, schedule (text, JSON) and trace (replications 0 to 2), per scenario
# where the command applies. Event counts are kept: they differ as soon as one event does.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
out="${1:?usage: tools/pin-outputs.sh DIR}"
bin="${CLUSTERSIM_BIN:-build/sim/clustersim}"
mkdir -p "$out"
blank() {
  sed -E -e 's/"(wallSeconds|eventsPerSecond|cpuSeconds)": [0-9.e+-]+/"\1": X/g' \
    -e 's/ in [0-9.]+ s on / in X s on /' -e 's/^run: [0-9.]+ s on /run: X s on /' -e 's/[0-9.]+ events\/s/X events\/s/g'
}
pin() {  # pin NAME ARGS...: stdout, stderr and the exit code of one invocation
  local name="$1"
  shift
  "$bin" "$@" 2>"$out/$name.err" | blank >"$out/$name.out"
  echo "exit ${PIPESTATUS[0]}" >>"$out/$name.out"
}
for f in scenarios/*.yaml tests/testdata/trace/*.yaml; do
  name="$(basename "$f" .yaml)"
  case "$name" in *-manifests) continue ;; esac
  reps=20
  extra=()
  case "$name" in
    large-5000) reps=1; extra=(--horizon 60d) ;;
    failure-heavy-1000) reps=4 ;;
  esac
  for fmt in text json csv; do pin "$name.run.$fmt" run "$f" -r "$reps" -j 2 -f "$fmt" "${extra[@]}"; done
  if grep -q '^ *compare:' "$f"; then
    for fmt in text json csv; do pin "$name.compare.$fmt" compare "$f" -r 10 -j 2 -f "$fmt"; done
  fi
  if grep -q '^ *sweep:' "$f"; then
    for fmt in text json csv; do pin "$name.sweep.$fmt" sweep "$f" -r 6 -j 2 -f "$fmt"; done
  fi
  if grep -q '^slo:' "$f"; then pin "$name.check" check "$f" -r 20 -j 2; fi
  pin "$name.analyze" analyze "$f"
  pin "$name.analyze.json" analyze "$f" -f json
  if [ "$name" != large-5000 ]; then
    pin "$name.compare-analytic" run "$f" -r 10 -j 2 --compare-analytic -f json
    for fmt in text json; do pin "$name.schedule.$fmt" schedule "$f" -f "$fmt"; done
    for r in 0 1 2; do pin "$name.trace.$r" trace "$f" --replication "$r" "${extra[@]}"; done
  fi
done
echo "pinned $(ls "$out" | wc -l) outputs in $out"
