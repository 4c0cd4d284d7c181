#!/usr/bin/env bash
# Long computations stop when asked: access_scores and best_new_sites are
# cancelled by statement_timeout with SQLSTATE 57014, promptly, and the
# server stays up. Two phases are tested: reading rows (800,000 areas, most of
# the time goes on reading them) and the computation itself (20,000 areas and
# sites that a light call reads in a fraction of the timeout, with a catchment
# that makes the distance loops run for many seconds). And memory: past
# iapt_ews.max_input_memory a call stops with 54000.
set -euo pipefail
: "${IAPT_PG_BINDIR:?run this through tools/with_pg.sh}"
cd "$(dirname "$0")/../.."
export PGDATABASE=iapt_ews_limits
tools/new_database.sh "$PGDATABASE"
passed=0; failed=0
check() { if eval "$2"; then echo "ok - $1"; passed=$((passed + 1)); else echo "not ok - $1"; failed=$((failed + 1)); fi; }

areas="SELECT 'A' || i AS id, ST_SetSRID(ST_MakePoint((i % 2000) * 100, (i / 2000) * 100), 27700) AS geom, 1 AS population FROM generate_series(1, 800000) i"
sites="SELECT 'S' || i AS id, ST_SetSRID(ST_MakePoint((i % 300) * 600, (i / 300) * 600), 27700) AS geom, 1 AS capacity FROM generate_series(1, 60000) i"
for call in \
  "SELECT count(*) FROM iapt_ews.access_scores(\$\$$areas\$\$, \$\$$sites\$\$, 50000)" \
  "SELECT count(*) FROM iapt_ews.best_new_sites(\$\$$areas\$\$, \$\$SELECT 'X' AS id, ST_SetSRID(ST_MakePoint(0, 0), 27700) AS geom, 1 AS capacity\$\$, \$\$$sites\$\$, 50)"; do
  name=$(echo "$call" | sed -n 's/.*iapt_ews\.\([a-z_]*\)(.*/\1/p')
  start=$(date +%s%N)
  out=$(timeout 20 psql -X -v ON_ERROR_STOP=1 -v VERBOSITY=verbose -c "SET statement_timeout = '1500ms'" -c "$call" 2>&1 || true)
  elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))
  check "$name is cancelled by statement_timeout (57014) within 10 s (took ${elapsed_ms} ms)" \
        'echo "$out" | grep -q "57014" && [ "$elapsed_ms" -lt 10000 ]'
done

# Inside the computation: the light call reads the same rows and does
# almost nothing with them, so once it is quick, a heavy call that is
# cancelled only at the timeout was cancelled in its loops.
timed() { local start; start=$(date +%s%N); out=$(timeout 20 psql -X -v ON_ERROR_STOP=1 -v VERBOSITY=verbose \
  -c "SET statement_timeout = '1500ms'" -c "$1" 2>&1 || true); elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 )); }
grid_areas="SELECT 'A' || i AS id, ST_SetSRID(ST_MakePoint((i % 200) * 50, (i / 200) * 50), 27700) AS geom, 1 AS population FROM generate_series(1, 20000) i"
grid_sites="SELECT 'S' || i AS id, ST_SetSRID(ST_MakePoint((i % 200) * 50 + 25, (i / 200) * 50 + 25), 27700) AS geom, 1 AS capacity FROM generate_series(1, 20000) i"
one_site="SELECT 'X' AS id, ST_SetSRID(ST_MakePoint(0, 0), 27700) AS geom, 1 AS capacity"
in_computation() {
  local name=$1 light=$2 heavy=$3 light_ms light_out
  timed "$light"; light_ms=$elapsed_ms; light_out=$out
  check "$name reads 20,000 rows and returns in under 750 ms when there is little to compute (took ${light_ms} ms)" \
        '! echo "$light_out" | grep -q ERROR && [ "$light_ms" -lt 750 ]'
  timed "$heavy"
  check "$name is cancelled inside its computation: 57014 at the 1.5 s timeout, not before, within 10 s (took ${elapsed_ms} ms)" \
        'echo "$out" | grep -q "57014" && [ "$elapsed_ms" -ge 1450 ] && [ "$elapsed_ms" -lt 10000 ]'
}
in_computation access_scores \
  "SELECT count(*) FROM iapt_ews.access_scores(\$\$$grid_areas\$\$, \$\$$grid_sites\$\$, 1)" \
  "SELECT count(*) FROM iapt_ews.access_scores(\$\$$grid_areas\$\$, \$\$$grid_sites\$\$, 100000)"
in_computation best_new_sites \
  "SELECT count(*) FROM iapt_ews.best_new_sites(\$\$$grid_areas\$\$, \$\$$one_site\$\$, \$\$$one_site\$\$, 1)" \
  "SELECT count(*) FROM iapt_ews.best_new_sites(\$\$$grid_areas\$\$, \$\$$one_site\$\$, \$\$$grid_sites\$\$, 3)"
# Memory: the points a call holds are bounded by iapt_ews.max_input_memory;
# past it the call stops with 54000 at once instead of growing the backend.
start=$(date +%s%N)
out=$(timeout 20 psql -X -v ON_ERROR_STOP=1 -v VERBOSITY=verbose -c "SET iapt_ews.max_input_memory = '16MB'" \
      -c "SELECT count(*) FROM iapt_ews.access_scores(\$\$$areas\$\$, \$\$$sites\$\$, 50000)" 2>&1 || true)
elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))
check "access_scores on 800,000 areas stops at iapt_ews.max_input_memory = 16MB with 54000 (took ${elapsed_ms} ms)" \
      'echo "$out" | grep -q "54000: areas_sql returned more rows than iapt_ews.max_input_memory allows" && [ "$elapsed_ms" -lt 10000 ]'
check "the server is still up" 'psql -X -At -c "SELECT 1" | grep -q 1'
echo "resource limits: $passed passed, $failed failed"
[ "$failed" = 0 ]
