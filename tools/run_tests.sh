#!/usr/bin/env bash
# All tests, against the throwaway server tools/with_pg.sh started:
# pg_regress (test/regress/), pgTAP (test/tap/*.sql) with pg_prove, then every
# executable test/shell/*.sh. Ends with one line counting them all.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
failed=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

echo "== pg_regress"
make --no-print-directory test-regress 2>&1 | tee "$log"
if [ "${PIPESTATUS[0]}" != 0 ]; then
  failed=1
  [ -f test/regress/regression.diffs ] && head -200 test/regress/regression.diffs
fi
regress_total=$(sed -n 's/.* \([0-9][0-9]*\) tests passed.*/\1/p; s/.* of \([0-9][0-9]*\) tests failed.*/\1/p' "$log" | tail -1)
regress_failed=$(sed -n 's/.* \([0-9][0-9]*\) of [0-9][0-9]* tests failed.*/\1/p' "$log" | tail -1)

echo "== pgTAP"
psql -q -X -v ON_ERROR_STOP=1 -d postgres -c "CREATE DATABASE iapt_ews_tap" &&
psql -q -X -v ON_ERROR_STOP=1 -d iapt_ews_tap \
  -c "SET client_min_messages = warning" \
  -c "CREATE EXTENSION pgtap" -c "CREATE EXTENSION iapt_ews" \
  -c "CREATE EXTENSION iapt_ews_postgis CASCADE" || failed=1
tap_files=$(ls test/tap/*.sql 2>/dev/null | sort)
: > "$log"
if [ -n "$tap_files" ]; then
  # shellcheck disable=SC2086
  pg_prove --dbname iapt_ews_tap --ext .sql $tap_files 2>&1 | tee "$log"
  [ "${PIPESTATUS[0]}" = 0 ] || failed=1
fi
tap_total=$(sed -n 's/^Files=[0-9]*, Tests=\([0-9]*\),.*/\1/p' "$log" | tail -1)
tap_failed=$(grep -c "^not ok" "$log" || true)
tap_failed_subtests=$(sed -n 's/^Failed \([0-9]*\)\/[0-9]* subtests.*/\1/p' "$log" | awk '{s += $1} END {if (NR) print s}')

shell_passed=0; shell_failed=0
for t in test/shell/*.sh; do
  [ -x "$t" ] || continue
  echo "== $t"
  "$t" 2>&1 | tee "$log"
  [ "${PIPESTATUS[0]}" = 0 ] || failed=1
  read -r p f < <(sed -n 's/^[a-z ,/-]*: \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p' "$log" | tail -1) || true
  shell_passed=$((shell_passed + ${p:-0})); shell_failed=$((shell_failed + ${f:-0}))
  p=; f=
done

regress_failed=${regress_failed:-0}
tap_failed=${tap_failed_subtests:-$tap_failed}
all_failed=$((regress_failed + ${tap_failed:-0} + shell_failed))
all_passed=$(( ${regress_total:-0} - regress_failed + ${tap_total:-0} - ${tap_failed:-0} + shell_passed ))
echo
echo "pg_regress files ${regress_total:-0}, pgTAP tests ${tap_total:-0}, shell checks $((shell_passed + shell_failed))"
[ "$failed" = 0 ] || [ "$all_failed" -gt 0 ] || all_failed=1
echo "all: $all_passed passed, $all_failed failed"
exit $failed
