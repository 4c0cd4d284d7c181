#!/usr/bin/env bash
# 16 clients call classify, the aggregates and access_scores at once for a
# bounded time (pgbench on the throwaway server's Unix socket): no errors,
# no deadlocks, no crash, and the answers afterwards equal those computed
# before by a single client.
set -euo pipefail
: "${IAPT_PG_BINDIR:?run this through tools/with_pg.sh}"
cd "$(dirname "$0")/../.."
export PGDATABASE=iapt_ews_conc
tools/new_database.sh "$PGDATABASE"
psql -X -q -v ON_ERROR_STOP=1 <<'SQL'
CREATE SCHEMA iapt_ews_conc;
CREATE TABLE iapt_ews_conc.outcomes AS
SELECT i AS id, i % 7 AS service,
       iapt_ews.classify((i * 7) % 28, (i * 13) % 28, 'gad7', (i * 3) % 22, (i * 5) % 22, i % 9, i % 11 <> 0) AS o
FROM generate_series(1, 20000) i;
CREATE TABLE iapt_ews_conc.scores AS
SELECT i / 4 AS pathway_id, timestamptz '2025-01-01' + (i % 4) * interval '7 days' AS recorded_at, (i % 28)::numeric AS score
FROM generate_series(1, 4000) i;
CREATE TABLE iapt_ews_conc.staff AS
SELECT i % 7 AS service, (ARRAY['ea', 'hit', 'pwp'])[1 + i % 3] AS role, (i % 10 + 1) / 10.0 AS wte
FROM generate_series(1, 700) i;
CREATE TABLE iapt_ews_conc.areas AS
SELECT 'A' || i AS id, ST_SetSRID(ST_MakePoint(500000 + (i % 40) * 500, 180000 + (i / 40) * 500), 27700) AS geom, 1000 AS pop
FROM generate_series(0, 1599) i;
CREATE TABLE iapt_ews_conc.sites AS
SELECT 'S' || i AS id, ST_SetSRID(ST_MakePoint(501000 + (i % 5) * 4000, 181000 + (i / 5) * 4000), 27700) AS geom
FROM generate_series(0, 24) i;
SQL

checksum="SELECT md5(string_agg(x, '|' ORDER BY x)) FROM (
  SELECT service || ':' || iapt_ews.outcome_summary(o)::text AS x FROM iapt_ews_conc.outcomes GROUP BY service
  UNION ALL SELECT (SELECT iapt_ews.ea_ratio(role, wte)::text FROM iapt_ews_conc.staff)
  UNION ALL SELECT (SELECT sum(e2sfca)::numeric(20, 12)::text FROM iapt_ews.access_scores(
      'SELECT id, geom, pop AS population FROM iapt_ews_conc.areas', 'SELECT id, geom, 1 AS capacity FROM iapt_ews_conc.sites', 3000))) s"
before=$(psql -X -At -c "$checksum")

log=$(mktemp)
status=0
"$IAPT_PG_BINDIR/pgbench" -n -c 16 -j 2 -T 8 \
    -f test/concurrency/classify.sql@3 -f test/concurrency/aggregates.sql@1 > "$log" 2>&1 || status=$?
after=$(psql -X -At -c "$checksum")
grep -E "number of (transactions actually processed|failed transactions)|tps" "$log" | sed 's/^/  /'

passed=0; failed=0
check() { if eval "$2"; then echo "ok - $1"; passed=$((passed + 1)); else echo "not ok - $1"; failed=$((failed + 1)); fi; }
check "pgbench ran 16 clients for 8 s without error" '[ "$status" = 0 ] && ! grep -qiE "error|deadlock|terminat" "$log"'
check "transactions were processed" 'grep -qE "number of transactions actually processed: [1-9]" "$log"'
check "answers after the load equal those before (one client)" '[ -n "$before" ] && [ "$before" = "$after" ]'
[ "$status" = 0 ] || head -30 "$log"
rm -f "$log"
echo "concurrency: $passed passed, $failed failed"
[ "$failed" = 0 ]
