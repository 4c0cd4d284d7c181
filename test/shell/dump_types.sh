#!/usr/bin/env bash
# Dump and restore of data typed with every base type of the extension
# (found in pg_type, so new types are covered): pg_dump in custom and in
# plain format, restored into fresh databases, and binary COPY out and in;
# every row must come back identical.
set -euo pipefail
: "${IAPT_PG_BINDIR:?run this through tools/with_pg.sh}"
cd "$(dirname "$0")/../.."
bin=$IAPT_PG_BINDIR
tools/new_database.sh iapt_types_src
export PGDATABASE=iapt_types_src
psql -X -q -v ON_ERROR_STOP=1 <<'SQL'
CREATE TABLE typed AS
SELECT i,
       iapt_ews.classify(i % 28, (i * 7) % 28, (ARRAY['gad7', 'mi_alone', 'pdss'])[1 + i % 3],
                         CASE i % 3 WHEN 1 THEN 1 + (i % 401) / 100.0 ELSE i % 21 END,
                         CASE WHEN i % 5 = 0 THEN NULL WHEN i % 3 = 1 THEN 1 + ((i * 3) % 401) / 100.0 ELSE (i * 3) % 21 END,
                         i % 6, i % 4 <> 0) AS outcome,
       (SELECT iapt_ews.pair_scores(timestamptz '2025-01-01' + k * interval '1 day', (i + k) % 28)
        FROM generate_series(0, i % 4) k) AS pair,
       ((i % 30) / 10.0 || ':' || (i % 90) / 10.0)::iapt_ews.staff_ratio AS ratio
FROM generate_series(1, 3000) i;
SQL
# Every base type of the extension must have a column here.
missing=$(psql -X -At -c "SELECT string_agg(t.typname, ', ') FROM pg_type t
  WHERE t.typnamespace = 'iapt_ews'::regnamespace AND t.typtype = 'b' AND t.typcategory <> 'A'
    AND NOT EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = 'typed'::regclass AND a.atttypid = t.oid)")
fingerprint() { psql -X -At -d "$1" -c "SELECT count(*), md5(string_agg(t::text, '|' ORDER BY i)) FROM typed t"; }
before=$(fingerprint iapt_types_src)

passed=0; failed=0
check() { if eval "$2"; then echo "ok - $1"; passed=$((passed + 1)); else echo "not ok - $1"; failed=$((failed + 1)); fi; }
check "a column for every base type of the extension" '[ -z "$missing" ]'

dump=$(mktemp -d)
chmod 777 "$dump"
"$bin/pg_dump" -Fc -f "$dump/typed.custom" iapt_types_src
"$bin/pg_dump" -Fp -f "$dump/typed.sql" iapt_types_src
psql -X -q -d postgres -c "CREATE DATABASE iapt_types_custom" -c "CREATE DATABASE iapt_types_plain"
"$bin/pg_restore" -d iapt_types_custom "$dump/typed.custom" 2>"$dump/restore.log" || true
psql -X -q -d iapt_types_plain -f "$dump/typed.sql" >/dev/null 2>"$dump/plain.log" || true
check "pg_dump -Fc / pg_restore keeps every row" '[ "$(fingerprint iapt_types_custom)" = "$before" ]'
check "pg_dump -Fp / psql keeps every row" '[ "$(fingerprint iapt_types_plain)" = "$before" ]'

psql -X -q -v ON_ERROR_STOP=1 -c "COPY typed TO '$dump/typed.bin' (FORMAT binary)" \
     -c "CREATE TABLE typed_copy (LIKE typed)" -c "COPY typed_copy FROM '$dump/typed.bin' (FORMAT binary)"
copied=$(psql -X -At -c "SELECT count(*), md5(string_agg(t::text, '|' ORDER BY i)) FROM typed_copy t")
check "binary COPY out and in keeps every row" '[ "$copied" = "$before" ]'
rm -rf "$dump"
echo "dump and restore: $passed passed, $failed failed"
[ "$failed" = 0 ]
