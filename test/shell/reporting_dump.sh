#!/usr/bin/env bash
# pg_dump / pg_restore of a database holding the reporting tables: the rows
# of every table (registered with pg_extension_config_dump) come back, and
# the views over them give the same figures. Runs against the server
# tools/with_pg.sh started.
set -euo pipefail
bindir=${IAPT_PG_BINDIR:-$(dirname "$(command -v psql)")}
work=$(mktemp -d)
trap 'rm -rf "$work"; psql -qX -d postgres -c "DROP DATABASE IF EXISTS iapt_dump_src" -c "DROP DATABASE IF EXISTS iapt_dump_dst" >/dev/null 2>&1 || true' EXIT
q() { psql -qX -v ON_ERROR_STOP=1 "$@"; }

q -d postgres -c "CREATE DATABASE iapt_dump_src" -c "CREATE DATABASE iapt_dump_dst"
q -d iapt_dump_src -c "SET client_min_messages = warning" -c "CREATE EXTENSION iapt_ews CASCADE"
q -d iapt_dump_src <<'SQL'
SET search_path = iapt_ews, public;
INSERT INTO area VALUES ('E01000001', 'City of London 001A', ST_SetSRID(ST_MakePoint(532151, 181655), 27700), 1465, 9);
INSERT INTO site VALUES ('SITE1', 'S1', 'Main clinic', ST_SetSRID(ST_MakePoint(531000, 181000), 27700));
INSERT INTO workforce VALUES ('S1', '2025-01-01', 'ea', 1.5), ('S1', '2025-01-01', 'hit', 6), ('S1', '2025-01-01', 'pwp', 5.2);
INSERT INTO provider_access VALUES ('analyst_p1', 'P1');
INSERT INTO referral (pathway_id, person_id, provider_code, service_id, referral_date, discharge_date, end_code,
                      provisional_diagnosis, lsoa_code, employment_support_start)
SELECT 'R' || i, 'P' || (i % 7), 'P1', 'S1', date '2025-01-01' + i, date '2025-03-01' + i, '46', 'F41.1', 'E01000001',
       CASE WHEN i % 3 = 0 THEN date '2025-01-15' + i END
FROM generate_series(1, 20) i;
INSERT INTO care_contact SELECT 'R' || i || '-' || k, 'R' || i, timestamptz '2025-01-25 10:00+00' + k * interval '7 days', true, 'treatment'
FROM generate_series(1, 20) i, generate_series(1, 3) k;
INSERT INTO assessment_score SELECT 'R' || i, m, timestamptz '2025-01-25 10:00+00' + k * interval '14 days', (i * k) % 20
FROM generate_series(1, 20) i, unnest(ARRAY['phq9', 'gad7']) m, generate_series(1, 2) k;
INSERT INTO employment_status VALUES ('R3', '2025-01-26 10:00+00', '01', 'Y'), ('R3', '2025-03-01 10:00+00', '01', 'N');
SQL

fingerprint() {
  q -At -d "$1" <<'SQL'
SELECT 'area', count(*), md5(string_agg(t::text, ',' ORDER BY t::text)) FROM iapt_ews.area t
UNION ALL SELECT 'site', count(*), md5(string_agg(t::text, ',' ORDER BY t::text)) FROM iapt_ews.site t
UNION ALL SELECT 'workforce', count(*), md5(string_agg(t::text, ',' ORDER BY t::text)) FROM iapt_ews.workforce t
UNION ALL SELECT 'provider_access', count(*), md5(string_agg(t::text, ',' ORDER BY t::text)) FROM iapt_ews.provider_access t
UNION ALL SELECT 'referral', count(*), md5(string_agg(t::text, ',' ORDER BY t::text)) FROM iapt_ews.referral t
UNION ALL SELECT 'care_contact', count(*), md5(string_agg(t::text, ',' ORDER BY t::text)) FROM iapt_ews.care_contact t
UNION ALL SELECT 'assessment_score', count(*), md5(string_agg(t::text, ',' ORDER BY t::text)) FROM iapt_ews.assessment_score t
UNION ALL SELECT 'employment_status', count(*), md5(string_agg(t::text, ',' ORDER BY t::text)) FROM iapt_ews.employment_status t
UNION ALL SELECT 'service_month_metrics', count(*), md5(string_agg(t::text, ',' ORDER BY t::text)) FROM iapt_ews.service_month_metrics t
UNION ALL SELECT 'service_month_metrics_published', count(*), md5(string_agg(t::text, ',' ORDER BY t::text)) FROM iapt_ews.service_month_metrics_published t
UNION ALL SELECT 'key_metrics_published', count(*), md5(string_agg(t::text, ',' ORDER BY t::text)) FROM iapt_ews.key_metrics_published t;
SQL
}

"$bindir/pg_dump" -Fc -d iapt_dump_src -f "$work/dump"
"$bindir/pg_restore" --exit-on-error -d iapt_dump_dst "$work/dump"
before=$(fingerprint iapt_dump_src)
after=$(fingerprint iapt_dump_dst)
echo "$before"
if [ "$before" != "$after" ]; then
  echo "pg_dump / pg_restore changed the data:" >&2
  diff <(echo "$before") <(echo "$after") >&2 || true
  exit 1
fi
# Row-level security and its policies come back with the extension.
policies_before=$(q -At -d iapt_dump_src -c "SELECT string_agg(tablename || '.' || policyname, ',' ORDER BY 1) FROM pg_policies WHERE schemaname = 'iapt_ews'")
policies=$(q -At -d iapt_dump_dst -c "SELECT string_agg(tablename || '.' || policyname, ',' ORDER BY 1) FROM pg_policies WHERE schemaname = 'iapt_ews'")
[ -n "$policies" ] && [ "$policies" = "$policies_before" ] || { echo "policies after restore ($policies) differ from before ($policies_before)" >&2; exit 1; }
echo "ok: pg_dump / pg_restore keeps every reporting table's rows and the views' figures"
