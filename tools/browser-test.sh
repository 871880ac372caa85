#!/usr/bin/env bash
# The HTML report in a real browser (Debian's headless Chromium), for each kind of report: the
# quick start (run), failover-comparison (compare), capacity-sweep (sweep), zone-quorum (check),
# saved JSON reports rendered by `clustersim report`, and a scenario of hostile names.
#   - xmllint --noout over every SVG of every page;
#   - --dump-dom: after load, the DOM holds each expected chart, every SVG and every tooltip of
#     the file, and the JSON data block; the hostile page has no element but its data block
#     that its names could have made;
#   - --screenshot at 1280 and 375 px wide (3000 px tall), kept in build/browser-artifacts/ for a
#     person to look at, each with at least a floor of distinct colours that are not greys (the
#     charts' hues: a blank page has none, a page of text without its charts about 340).
# Screenshots are not compared byte for byte: the browser moves within Debian's stable release.
# Needs a built build/ (tools/test.sh builds it); installs nothing itself.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bin="${CLUSTERSIM_BIN:-build/sim/clustersim}"
png="build/tests/report/png_check"
out="${BROWSER_ARTIFACTS:-build/browser-artifacts}"
chrome="$(command -v chromium-headless-shell || command -v chromium || true)"
[ -n "$chrome" ] || { echo "browser-test: no chromium-headless-shell (tools/install-deps.sh)" >&2; exit 1; }
[ -x "$bin" ] && [ -x "$png" ] || { echo "browser-test: build first ($bin, $png)" >&2; exit 1; }
rm -rf "$out"
mkdir -p "$out"
# As root Chromium needs --no-sandbox; the rest keeps it from reaching for the (closed) network.
flags=(--no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking
       --disable-component-update --disable-sync --hide-scrollbars --user-data-dir="$out/profile")
failures=0
fail() { echo "FAIL $*"; failures=$((failures + 1)); }
count() { grep -o -- "$1" "$2" | wc -l; }

# check NAME FIGURE-IDS...: the page $out/NAME.html in the browser.
check() {
  local name="$1"; shift
  local page="$out/$name.html" url="file://$root/$out/$name.html"
  # Every SVG on its own, through xmllint.
  mkdir -p "$out/$name-svg"
  awk -v dir="$out/$name-svg" '/^<svg /{n++; f=dir "/" n ".svg"} f{print > f} /^<\/svg>$/{close(f); f=""}' "$page"
  local svgs; svgs=$(ls "$out/$name-svg" | wc -l)
  [ "$svgs" -eq "$(count '<svg ' "$page")" ] || fail "$name: $svgs SVGs extracted of $(count '<svg ' "$page")"
  for f in "$out/$name-svg"/*.svg; do xmllint --noout "$f" || fail "$name: xmllint $f"; done
  # The DOM after load.
  local dom="$out/$name.dom.html"
  timeout 60 "$chrome" "${flags[@]}" --dump-dom "$url" > "$dom" 2> "$out/$name.dom.log" ||
    fail "$name: --dump-dom failed"
  grep -q '<script type="application/json" id="clustersim-data">' "$dom" || fail "$name: no data block"
  for id in "$@"; do
    grep -q "<figure class=\"chart\" id=\"$id\">" "$dom" || fail "$name: no chart $id"
  done
  [ "$(count '<svg ' "$dom")" -eq "$svgs" ] || fail "$name: $(count '<svg ' "$dom") SVGs in the DOM, $svgs in the file"
  [ "$(count '<title>' "$dom")" -eq "$(count '<title>' "$page")" ] ||
    fail "$name: $(count '<title>' "$dom") tooltips in the DOM, $(count '<title>' "$page") in the file"
  [ "$(count '<script' "$dom")" -eq 1 ] || fail "$name: $(count '<script' "$dom") script elements"
  [ "$(count '<img' "$dom")" -eq 0 ] || fail "$name: an img element"
  # Screenshots, wide and narrow.
  for w in 1280 375; do
    local shot="$out/$name-$w.png"
    timeout 60 "$chrome" "${flags[@]}" --window-size="$w,3000" --screenshot="$shot" "$url" \
      > "$out/$name-$w.log" 2>&1 || fail "$name: --screenshot at $w px failed"
    # Floors on the colours that are not greys, measured on this machine (2026-12): pages of
    # charts gave 684-1302 at 1280 px and 423-760 at 375 px; the quick start's page with its
    # SVGs removed 339 at both, a blank page 0.
    local floor=$(( w > 400 ? 450 : 380 ))
    read -r sw sh colours hues < <("$png" colours "$shot")
    if [ "$sw" -ne "$w" ] || [ "$hues" -lt "$floor" ]; then
      fail "$name at $w px: ${sw}x$sh, $hues colours that are not greys (at least $floor expected)"
    fi
    echo "  $name at $w px: $colours colours, $hues of them not greys"
  done
}

echo "browser-test: $("$chrome" --version 2>/dev/null || echo chromium), artifacts in $out"
"$bin" run scenarios/quickstart.yaml -f csv --report "$out/quickstart.html" > /dev/null
check quickstart s1-downtime s1-nines s1-ccdf s1-recovery s1-timeline-0
"$bin" compare scenarios/failover-comparison.yaml -f csv --report "$out/failover-comparison.html" > /dev/null
check failover-comparison s1-compare s1-ccdf s1-timeline-0 s1-timeline-1 s1-timeline-2
"$bin" sweep scenarios/capacity-sweep.yaml -f csv --report "$out/capacity-sweep.html" > /dev/null
check capacity-sweep s1-sweep-0
rc=0
"$bin" check scenarios/zone-quorum.yaml --report "$out/zone-quorum.html" > /dev/null || rc=$?
[ "$rc" -le 4 ] || fail "zone-quorum: check exit $rc"
check zone-quorum s1-check s1-downtime s1-nines s1-ccdf s1-recovery s1-timeline-0
"$bin" run scenarios/zone-quorum.yaml -r 20 -f json -o "$out/saved-run.json"
"$bin" check scenarios/zone-quorum.yaml -r 20 -f json -o "$out/saved-check.json" || true
"$bin" report "$out/saved-run.json" "$out/saved-check.json" -o "$out/saved.html"
check saved s1-downtime s1-nines s1-ccdf s2-check
"$bin" compare tests/testdata/report/hostile.yaml -f csv --report "$out/hostile.html" > /dev/null
check hostile s1-compare s1-ccdf s1-timeline-0
grep -q '&lt;script&gt;alert' "$out/hostile.dom.html" || fail "hostile: the name is not shown as text"
rm -rf "$out/profile"
if [ "$failures" -gt 0 ]; then
  echo "browser-test: $failures check(s) failed"
  exit 1
fi
echo "browser-test: 6 pages, every check passed"
