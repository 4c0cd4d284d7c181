#!/usr/bin/env bash
# The demo's HTML report (demo/80-report.sql) renders: every inline SVG is
# well-formed XML, the page references nothing outside itself, and headless
# Chromium (Debian's chromium package) draws it with no console errors and
# shows the four charts. Runs against the server tools/with_pg.sh started.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
  echo "skipped: needs headless Chromium (apt-get install chromium)"
  exit 0
fi
work=$(mktemp -d)
db=iapt_report_test
trap 'rm -rf "$work"; psql -qX -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true' EXIT
# The demo's data: the synthetic national tables and local data
# (demo/10, 11), bound in schema talking_therapies (demo/12), in a database
# with iapt_ews_postgis (for the access view the map reads). JIT off as in
# demo/run.sh: it only slows these queries.
tools/new_database.sh "$db"
psql -qX -d "$db" -c "ALTER DATABASE $db SET jit = off"
for script in demo/10-source-data.sql demo/11-local-data.sql demo/12-bind.sql; do
  PGDATABASE=$db psql -qX -v ON_ERROR_STOP=1 -f "$script" >/dev/null
done
IAPT_REPORT=$work/report.html PGDATABASE=$db psql -qX -v ON_ERROR_STOP=1 -f demo/80-report.sql >/dev/null
html=$work/report.html
failed=0; passed_checks=0; failed_checks=0
check() {
  if eval "$2"; then echo "ok - $1"; passed_checks=$((passed_checks + 1))
  else echo "not ok - $1"; failed=1; failed_checks=$((failed_checks + 1)); fi
}

check "the report was written" '[ -s "$html" ]'
check "four inline SVG charts" '[ "$(grep -o "<svg " "$html" | wc -l)" = 4 ]'
check "nothing loaded from outside the page (no src, href, url(), @import)" \
      '! grep -Eq "(src|href)=|url\(|@import" "$html"'
check "no script" '! grep -qi "<script" "$html"'
check "the page says its referrals are synthetic" 'grep -Eq "Synthetic referrals \([0-9]+\) for eight London services" "$html"'
if command -v python3 >/dev/null; then
  check "every SVG is well-formed XML" 'python3 - "$html" <<PY
import re, sys, xml.etree.ElementTree as ET
page = open(sys.argv[1], encoding="utf-8").read()
for svg in re.findall(r"<svg.*?</svg>", page, re.S):
    ET.fromstring(svg)
PY'
fi

flags=(--headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run --disable-extensions
       --user-data-dir="$work/profile" --window-size=800,2600)
timeout 120 "$browser" "${flags[@]}" --enable-logging=stderr --v=0 \
    --screenshot="$work/report.png" "file://$html" > "$work/shot.log" 2>&1 || true
check "Chromium wrote a screenshot" '[ "$(stat -c %s "$work/report.png" 2>/dev/null || echo 0)" -gt 20000 ]'
# The page has no script, so any console message at all is a fault.
check "no console messages" '! grep -qE ":CONSOLE|Uncaught" "$work/shot.log"'
timeout 120 "$browser" "${flags[@]}" --dump-dom "file://$html" > "$work/dom.html" 2>/dev/null || true
check "the rendered page has the four charts and their titles" \
      '[ "$(grep -o "<svg " "$work/dom.html" | wc -l)" = 4 ] && grep -q "Recovery and reliable recovery by service" "$work/dom.html" && grep -q "Referrals by deprivation decile" "$work/dom.html"'
check "the map has its squares and sites" '[ "$(grep -o "<path " "$work/dom.html" | wc -l)" -gt 500 ] && grep -q "class=\"site\"" "$work/dom.html"'
if [ -n "${IAPT_KEEP_REPORT:-}" ]; then cp "$html" "$work/report.png" "$IAPT_KEEP_REPORT"/; fi
echo "report html: $passed_checks passed, $failed_checks failed"
exit $failed
