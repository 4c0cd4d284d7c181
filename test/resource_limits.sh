#!/usr/bin/env bash
# Long computations stop when asked: access_scores and best_new_sites on
# inputs far larger than usual are cancelled by statement_timeout with
# SQLSTATE 57014, promptly, and the server stays up.
set -euo pipefail
: "${IAPT_PG_BINDIR:?run this through tools/with_pg.sh}"
cd "$(dirname "$0")/.."
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
  out=$(psql -X -v ON_ERROR_STOP=1 -v VERBOSITY=verbose -c "SET statement_timeout = '1500ms'" -c "$call" 2>&1 || true)
  elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))
  check "$name is cancelled by statement_timeout (57014) within 10 s (took ${elapsed_ms} ms)" \
        'echo "$out" | grep -q "57014" && [ "$elapsed_ms" -lt 10000 ]'
done
check "the server is still up" 'psql -X -At -c "SELECT 1" | grep -q 1'
echo "resource limits: $passed passed, $failed failed"
[ "$failed" = 0 ]
