#!/usr/bin/env bash
# All tests, against the throwaway server tools/with_pg.sh started:
# pg_regress (sql/ + expected/), then pgTAP (test/*.sql) with pg_prove.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
failed=0

echo "== pg_regress"
if ! make --no-print-directory test-regress; then
  failed=1
  [ -f regression.diffs ] && head -200 regression.diffs
fi

echo "== pgTAP"
psql -q -X -v ON_ERROR_STOP=1 -d postgres -c "CREATE DATABASE iapt_ews_tap" &&
psql -q -X -v ON_ERROR_STOP=1 -d iapt_ews_tap \
  -c "SET client_min_messages = warning" \
  -c "CREATE EXTENSION pgtap" -c "CREATE EXTENSION iapt_ews CASCADE" || failed=1
tap_files=$(ls test/*.sql 2>/dev/null | sort)
if [ -n "$tap_files" ]; then
  pg_prove --dbname iapt_ews_tap --ext .sql $tap_files || failed=1
fi

for t in test/*.sh; do
  [ -x "$t" ] || continue
  echo "== $t"
  "$t" || failed=1
done
exit $failed
