#!/usr/bin/env bash
# Each statement file of sql/model/ runs on its own in psql: the model made
# by hand, file by file in step order with the schema first on the
# search_path (as docs/reporting.md, "The statements", tells a reader to
# EXPLAIN a report), is the model create_data_model makes: the same
# relations, the same view definitions and the same comments. Runs inside
# tools/with_pg.sh.
set -euo pipefail
cd "$(dirname "$0")/../.."
db=iapt_statement_files
trap 'psql -qX -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true' EXIT
tools/new_database.sh "$db"
export PGDATABASE=$db
passed=0; failed=0
check() { if [ "$1" = "$2" ]; then echo "ok - $3"; passed=$((passed + 1)); else echo "not ok - $3"; echo "#   got:      $1"; echo "#   expected: $2"; failed=$((failed + 1)); fi; }

# The files create_data_model runs, in step order: its layers, and of each
# object's variants the one whose condition holds in a model (which has
# care_activity and no bound data set).
files=$(python3 - <<'PY'
import os, sys
sys.path.insert(0, 'tools')
import assemble_sql
layers = {'patient_tables', 'reference_tables', 'row_security', 'reports'}
present = set()
chosen = []
statements = []
for topic in sorted(os.listdir('sql/model')):
    for name in sorted(os.listdir('sql/model/' + topic)):
        if name.endswith('.sql'):
            s = assemble_sql.read_statement('sql/model/%s/%s' % (topic, name))
            s['path'] = 'sql/model/%s/%s' % (topic, name)
            statements.append(s)
for s in sorted(statements, key=lambda s: int(s['step'])):
    if s['layer'] not in layers:
        continue
    if 'when' in s:
        relation, state = s['when'].split()
        if (relation in present) != (state == 'present'):
            continue
    if not set(s['reads']) <= present or (s['kind'] != 'policy' and s['object'] in present):
        continue
    chosen.append(s['path'])
    if s['kind'] != 'policy':
        present.add(s['object'])
print('\n'.join(chosen))
PY
)
psql -qX -v ON_ERROR_STOP=1 -c "CREATE SCHEMA by_hand"
postgis_schema=$(psql -qXAt -c "SELECT extnamespace::regnamespace FROM pg_extension WHERE extname = 'postgis'")
ran=0
for f in $files; do
  if ! out=$(psql -qX -v ON_ERROR_STOP=1 -c "SET client_min_messages = warning" \
                 -c "SET search_path = by_hand, $postgis_schema, pg_temp" -f "$f" 2>&1); then
    echo "not ok - $f runs on its own"; echo "$out" | sed 's/^/#   /'; failed=$((failed + 1))
    continue
  fi
  ran=$((ran + 1))
done
check "$ran" "$(echo "$files" | wc -l)" "every statement file of the model runs on its own in psql ($ran files)"
psql -qX -v ON_ERROR_STOP=1 -c "SET client_min_messages = warning" -c "SELECT count(*) FROM iapt_ews.create_data_model('by_builder')" >/dev/null

# Each schema described with itself first on the search_path, so names
# print unqualified: relations and kinds, view definitions, comments,
# policies.
describe() {
  psql -qXAt -c "SET search_path = $1, $postgis_schema, pg_temp" -c "
    SELECT c.relname || ' ' || c.relkind::text || ' ' || md5(coalesce(pg_get_viewdef(c.oid), ''))
           || ' ' || md5(coalesce(obj_description(c.oid, 'pg_class'), ''))
           || ' ' || md5(coalesce((SELECT string_agg(a.attname || ':' || format_type(a.atttypid, a.atttypmod)
                                                      || ':' || coalesce(col_description(c.oid, a.attnum), ''), ',' ORDER BY a.attnum)
                                   FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped), ''))
    FROM pg_class c WHERE c.relnamespace = '$1'::regnamespace AND c.relkind IN ('r', 'v', 'm')
    UNION ALL
    SELECT 'policy ' || p.polname || ' on ' || p.polrelid::regclass::text || ' ' || md5(pg_get_expr(p.polqual, p.polrelid))
    FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid WHERE c.relnamespace = '$1'::regnamespace
    ORDER BY 1"
}
by_hand=$(describe by_hand); by_builder=$(describe by_builder)
check "$(echo "$by_hand" | wc -l)" "$(echo "$by_builder" | wc -l)" "the files make as many relations and policies as create_data_model"
if [ "$by_hand" = "$by_builder" ]; then
  echo "ok - the same relations, view definitions, columns, comments and policies as create_data_model"; passed=$((passed + 1))
else
  echo "not ok - the model made file by file differs from create_data_model's"
  diff <(echo "$by_hand") <(echo "$by_builder") | head -20 | sed 's/^/#   /'; failed=$((failed + 1))
fi
# EXPLAIN of a report in a psql session, as the docs say.
# (The whole plan, then its first line: head in the pipe could end psql
# with SIGPIPE, which pipefail reports.)
plan=$(psql -qXAt -c "SET search_path = by_hand, $postgis_schema, pg_temp" -c "EXPLAIN SELECT * FROM key_metrics_published")
plan=${plan%%$'\n'*}
case "$plan" in *cost=*) echo "ok - EXPLAIN of a report works in a psql session"; passed=$((passed + 1)) ;;
  *) echo "not ok - EXPLAIN gave: $plan"; failed=$((failed + 1)) ;; esac
# No statement of more than one line stays inside a string literal of the
# install fragments (tools/sql_string_literals.py lists any).
if strings=$(python3 tools/sql_string_literals.py); then
  echo "ok - no SQL of more than one line inside a string literal in sql/install/ or sql/postgis/"; passed=$((passed + 1))
else
  echo "not ok - SQL of more than one line inside string literals at: $strings"; failed=$((failed + 1))
fi
# The "stored:" header (declared storage): what the build refuses, and
# what it makes of "+" (one index on several columns) and "," (several).
stored_header() {
  local dir; dir=$(mktemp -d)
  printf -- '-- step: 55\n-- object: referral\n-- kind: view\n-- layer: %s\n-- reads:\n-- stored: %s\nSELECT 1;\n' "$1" "$2" > "$dir/055-referral.sql"
  python3 -c "import sys; sys.path.insert(0, 'tools'); import assemble_sql, json; print(json.dumps(assemble_sql.read_statement('$dir/055-referral.sql')['storage'], sort_keys=True))" 2>&1 | sed "s|$dir/||"
  rm -rf "$dir"
}
check "$(stored_header bound_relations 'index=pathway_id, person_id+referral_date')" '{"index": [["pathway_id"], ["person_id", "referral_date"]]}' "stored: index= of a bound relation, one index per ',' and its columns joined by '+'"
check "$(stored_header bound_relations 'index=pathway_id; filter=provider_code')" "055-referral.sql: stored: a bound relation is stored whole: index=... only" "stored: a bound relation with filter= is refused"
check "$(stored_header reports 'index=pathway_id')" "055-referral.sql: stored needs filter=<provider expression> for a report" "stored: a report without filter= is refused"
check "$(stored_header reports 'filter=provider_code; colour=blue')" "055-referral.sql: stored 'colour=blue': expected key=value pairs of filter, index, earlier_providers" "stored: an unknown key is refused"
check "$(stored_header patient_tables 'index=pathway_id')" "055-referral.sql: stored: only a report or a bound relation is stored" "stored: a patient table is not stored"
echo "statement files: $passed passed, $failed failed"
[ "$failed" = 0 ]
