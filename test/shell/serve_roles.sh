#!/usr/bin/env bash
# The two login roles of `make serve` (tools/serve.sh --roles, the step that
# follows the demo's loading; docs/security.md, "make serve"), on the client
# tests' served model (test/clients/fixture.sql), over TCP with passwords:
#   - iapt_reader, for BI tools, reads the _published views and nothing
#     patient-level: SELECT on referral_outcome is refused with 42501, and
#     no relation it may read has a person, pathway or ethnicity column
#     (area_access_published counts by area, LSOA, suppressed as every
#     published view is);
#   - iapt_analyst reads the patient-level reports (referral_outcome), not
#     the patient tables;
#   - a wrong password is refused.
# Needs TCP and passwords, so this starts its own throwaway server on a free
# loopback port (tools/with_pg.sh --tcp).
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)

if [ "${1:-}" = "--inside" ]; then
  port=$2
  reader_password=reader-$$-$RANDOM
  analyst_password=analyst-$$-$RANDOM
  q() { psql -qX -v ON_ERROR_STOP=1 "$@"; }
  q -d postgres -c "CREATE DATABASE iapt_ews"
  q -d iapt_ews -v analyst_password="fixture-$RANDOM" -f "$top/test/clients/fixture.sql" >/dev/null
  IAPT_SERVE_PASSWORD=$reader_password IAPT_SERVE_ANALYST_PASSWORD=$analyst_password \
    "$top/tools/serve.sh" --roles iapt_ews

  # psql over TCP as role $1 with password $2; errors as their SQLSTATE.
  as() {
    local role=$1 pw=$2; shift 2
    PGHOST=127.0.0.1 PGPORT=$port PGDATABASE=iapt_ews PGUSER=$role PGPASSWORD=$pw \
      psql -qXAt -v ON_ERROR_STOP=1 -v VERBOSITY=sqlstate "$@" 2>&1
  }
  check() {  # check NAME EXPECTED-PATTERN OUTPUT
    if printf '%s\n' "$3" | grep -Eq "$2"; then echo "ok - $1"
    else echo "not ok - $1: got: $(printf '%s\n' "$3" | tail -3)"; fi
  }
  reader() { as iapt_reader "$reader_password" "$@"; }
  analyst() { as iapt_analyst "$analyst_password" "$@"; }

  check "the BI reader's SELECT on the patient-level view referral_outcome is refused (42501)" \
    '^ERROR:  42501$' "$(reader -c "SELECT count(*) FROM talking_therapies.referral_outcome" || true)"
  check "the BI reader reads the published view service_month_metrics_published" \
    '^[1-9][0-9]*$' "$(reader -c "SELECT count(*) FROM service_month_metrics_published" || true)"

  # What the reader may read in talking_therapies: the _published views and
  # nothing else, and every one of them runs for it.
  granted=$(psql -qXAt -d iapt_ews -c "
    SELECT c.relname FROM pg_class c
    WHERE c.relnamespace = 'talking_therapies'::regnamespace
      AND has_table_privilege('iapt_reader', c.oid, 'SELECT') ORDER BY 1")
  published=$(psql -qXAt -d iapt_ews -c "
    SELECT c.relname FROM pg_class c
    WHERE c.relnamespace = 'talking_therapies'::regnamespace AND c.relkind = 'v'
      AND c.relname LIKE '%\_published' ORDER BY 1")
  others=$(comm -23 <(printf '%s\n' "$granted") <(printf '%s\n' "$published") | tr '\n' ' ')
  # provider_access: the model grants it to PUBLIC (visible_providers reads it as the caller).
  others=${others/provider_access /}
  check "the BI reader may read no relation of talking_therapies but the _published views and provider_access" \
    '^$' "$others"
  [ -n "$published" ] || echo "not ok - the fixture has _published views"
  failed_views=
  for v in $published; do
    reader -c "SELECT count(*) FROM $v" >/dev/null || failed_views="$failed_views $v"
  done
  check "the BI reader reads every one of the $(echo "$published" | wc -w) _published views" '^$' "$failed_views"
  patient_columns=$(psql -qXAt -d iapt_ews -c "
    SELECT string_agg(a.attrelid::regclass || '.' || a.attname, ' ') FROM pg_attribute a
    JOIN pg_class c ON c.oid = a.attrelid
    WHERE c.relnamespace = 'talking_therapies'::regnamespace AND c.relname <> 'provider_access'
      AND has_table_privilege('iapt_reader', c.oid, 'SELECT') AND a.attnum > 0
      AND a.attname ~ '(person|pathway|ethnic|nhs_number)'")
  check "no relation the BI reader may read has a person, pathway or ethnicity column" '^$' "$patient_columns"

  check "the analyst reads the patient-level view referral_outcome" \
    '^[1-9][0-9]*$' "$(analyst -c "SELECT count(*) FROM referral_outcome" || true)"
  check "the analyst reads the published views too" \
    '^[1-9][0-9]*$' "$(analyst -c "SELECT count(*) FROM key_metrics_published" || true)"
  check "the analyst's SELECT on the patient table referral is refused (42501)" \
    '^ERROR:  42501$' "$(analyst -c "SELECT count(*) FROM talking_therapies.referral" || true)"
  check "the analyst's session is read-only (25006)" \
    '^ERROR:  25006$' "$(analyst -c "CREATE TEMP TABLE t (i int)" || true)"
  check "a wrong password is refused" \
    'password authentication failed' "$(as iapt_reader "not-$reader_password" -c "SELECT 1" || true)"
  exit 0
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
port=""
for p in $(seq $((58000 + $$ % 1000)) $((58000 + $$ % 1000 + 50))); do
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then port=$p; break; fi
done
[ -n "$port" ] || { echo "no free loopback port found" >&2; exit 1; }
status=0
"$top/tools/with_pg.sh" --tcp "$port" "$top/test/shell/serve_roles.sh" --inside "$port" 2>&1 | tee "$log" \
  || status=$?
passed=$(grep -c '^ok - ' "$log" || true)
failed=$(grep -c '^not ok - ' "$log" || true)
# The server or a setup step failing counts as a failure too.
if [ "$status" != 0 ] && [ "$failed" = 0 ]; then failed=1; echo "not ok - the serve role checks ran to the end (exit $status)"; fi
echo "serve roles: $passed passed, $failed failed"
[ "$failed" = 0 ]
