#!/usr/bin/env bash
# The hostile-input reliability test (issue 14): a fixed set of hostile, broken and huge inputs
# and of valid ones at the scale users bring, each run under a 1 GB address-space limit
# (ulimit -v) and a 30 s timeout. Each must exit with its expected code (2 for bad input or a
# refusal up front, 0 for valid input, 1 where `analyze` declines a chain, as it documents) and,
# unless it exits 0, say why on stderr. It fails if any exceeds the limits, crashes, or exits
# otherwise. Usage: tools/hostile.sh [BINARY] (default build/sim/clustersim, run from the
# repository root).
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bin="$(realpath "${1:-build/sim/clustersim}")"
limit_kb=$((1024 * 1024))
seconds=30
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
failures=0
count=0

# case NAME EXPECTED_EXIT ARGS...: runs `clustersim ARGS...` in $work under the limits.
case_() {
  local name="$1" want="$2"
  shift 2
  count=$((count + 1))
  local start end rc
  start=$(date +%s.%N)
  (
    cd "$work" || exit 125
    ulimit -v "$limit_kb" || exit 125
    exec timeout -k 5 "$seconds" "$bin" "$@"
  ) > "$work/out" 2> "$work/err" < /dev/null
  rc=$?
  end=$(date +%s.%N)
  local took
  took=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')
  local verdict=ok
  if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
    verdict="FAILED: over ${seconds} s"
  elif [ "$rc" -ne "$want" ]; then
    verdict="FAILED: exit $rc, expected $want"
  elif [ "$rc" -ne 0 ] && [ ! -s "$work/err" ]; then
    verdict="FAILED: exit $rc without a message"
  fi
  printf '%-34s exit %-3s %5s s  %s\n' "$name" "$rc" "$took" "$verdict"
  if [ "$verdict" != ok ]; then
    failures=$((failures + 1))
    head -c 600 "$work/err" | sed 's/^/    /'
  fi
}

q="$root/scenarios/quickstart.yaml"
x="$root/scenarios/exact-quorum.yaml"
bad="$root/tests/testdata/bad"

# --- inputs made here ------------------------------------------------------------------------
# A scenario with `workloads` replaced by a small inline one and the cluster reading m.yaml.
manifest_scenario() {
  printf 'name: m\nsimulation: {horizon: 1d, replications: 1}\n'
  printf 'cluster:\n  nodePools: [{name: w, count: 3, zones: [a, b, c]}]\n  manifests: %s\n' "$1"
  printf 'workloads:\n  - deployment: {name: web, replicas: 3}\n'
}
# n ConfigMaps, one document each.
configmaps() {
  awk -v n="$1" 'BEGIN { for (i = 0; i < n; i++) {
    if (i) print "---"
    printf "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-%d\ndata:\n  key: v%d\n", i, i } }'
}
configmaps 10000 > "$work/docs10000.yaml"
manifest_scenario docs10000.yaml > "$work/docs10000-scenario.yaml"
configmaps 100000 > "$work/docs100000.yaml"
manifest_scenario docs100000.yaml > "$work/docs100000-scenario.yaml"
awk 'BEGIN { for (i = 0; i < 100000; i++) print "---" }' > "$work/empty100000.yaml"
manifest_scenario empty100000.yaml > "$work/empty100000-scenario.yaml"
yes 'a: b' | head -c 20000000 > "$work/big.yaml"
yes 'a: b' | head -c 4000000 > "$work/tiny-values.yaml"
tr '\n' '\r' < "$q" > "$work/cr.yaml"
{ cat "$q"; printf "description: 'a"; head -c 200000 /dev/zero | tr '\0' x; printf '\n'; } \
  > "$work/long-line.yaml"
# An alias bomb: nine levels of nine references, 9^9 leaves if expanded.
{
  cat "$q"
  printf 'description:\n'
  printf '  l0: &l0 [x, x, x, x, x, x, x, x, x]\n'
  for i in 1 2 3 4 5 6 7 8; do
    p=$((i - 1))
    printf '  l%d: &l%d [*l%d, *l%d, *l%d, *l%d, *l%d, *l%d, *l%d, *l%d, *l%d]\n' \
      "$i" "$i" "$p" "$p" "$p" "$p" "$p" "$p" "$p" "$p" "$p"
  done
} > "$work/alias-bomb.yaml"
{ printf 'description: '; head -c 100000 /dev/zero | tr '\0' '['; printf '\n'; } > "$work/deep.yaml"
cp "$q" "$work/copy.yaml"
cat > "$work/schedule.yaml" <<'EOF'
simulation: {horizon: 1d, replications: 1}
cluster:
  nodePools: [{name: w, count: 5000, zones: [a, b, c], capacity: {cpu: "16", memory: 64Gi}}]
workloads:
  - deployment: {name: web, replicas: 10000, resources: {cpu: 250m, memory: 512Mi}}
  - deployment: {name: api, replicas: 10000, resources: {cpu: 500m, memory: 1Gi}}
  - deployment: {name: batch, replicas: 10000, resources: {cpu: "1", memory: 2Gi}}
EOF
if command -v iconv > /dev/null; then
  { printf '\xff\xfe'; iconv -f UTF-8 -t UTF-16LE < "$q"; } > "$work/utf16.yaml"
else
  cp "$q" "$work/utf16.yaml"
fi

# --- the set ---------------------------------------------------------------------------------
echo "hostile inputs: each under ulimit -v ${limit_kb} KiB and a ${seconds} s timeout"
# Item 3: files that never end, or are far too large.
case_ run-dev-zero 2 run /dev/zero
case_ validate-dev-urandom 2 validate /dev/urandom
case_ validate-pipe-of-yes 2 validate <(yes "a: b")
case_ empirical-from-dev-zero 2 validate "$bad/empirical_file_is_device.yaml"
case_ trace-from-dev-zero 2 validate "$bad/trace_file_is_device.yaml"
case_ scenario-of-20-MB 2 validate big.yaml
case_ scenario-of-tiny-values 2 validate tiny-values.yaml
case_ scenario-read-error 2 validate /proc/self/mem
# Item 4: models that pass validation and would not fit.
case_ analyze-100000-nodes 1 analyze "$x" --set 'cluster.nodePools[0].count=100000'
case_ analyze-1000000-nodes 1 analyze "$x" --set 'cluster.nodePools[0].count=1000000'
case_ compare-analytic-20000-nodes 0 run "$x" --compare-analytic -r 1 --horizon 1h -f csv \
  --set 'cluster.nodePools[0].count=20000'
case_ failures-every-1us 2 run "$q" --set 'failures[0].every=1us' --set 'failures[0].lasts=1us'
case_ failures-every-1us-for-60s 2 run "$q" --horizon 60s --set 'failures[0].every=1us' \
  --set 'failures[0].lasts=1us'
case_ validate-1000000-nodes 0 validate "$q" --set 'cluster.nodePools[0].count=1000000'
# Item 5: multi-document files.
case_ 10000-documents 0 validate docs10000-scenario.yaml
case_ 100000-documents 0 validate docs100000-scenario.yaml --max-file-size 16Mi
case_ 100000-empty-documents 0 validate empty100000-scenario.yaml
# Item 7: what a text editor, Excel or a typo makes.
case_ nul-byte 2 validate "$bad/nul_character.yaml"
case_ cr-line-breaks 0 validate cr.yaml
case_ utf-16 0 validate utf16.yaml
case_ unclosed-quote-on-long-line 2 validate long-line.yaml
case_ set-of-two-documents 2 validate "$q" --set $'name=a\n---\nb'
case_ trace-replication-minus-1 2 trace "$q" --replication -1
case_ trace-past-the-horizon 2 trace "$q" --until 2y
case_ alias-bomb 2 validate alias-bomb.yaml
case_ nested-100000-deep 2 validate deep.yaml
# Item 8 and outputs: a large schedule (written to a file in the work directory: the set must be
# safe to run with any binary, one that renames over a device included).
case_ schedule-30000-pods-5000-nodes 0 schedule schedule.yaml -f json -o schedule.json
case_ output-is-the-scenario 2 run copy.yaml -r 1 -o copy.yaml

echo "hostile inputs: $((count - failures)) of $count as expected"
[ "$failures" -eq 0 ]
