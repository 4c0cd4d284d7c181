#!/usr/bin/env bash
# A client test through a real driver: Debian's PostgreSQL JDBC driver
# (libpostgresql-jdbc-java, the driver Metabase uses) lists the reporting
# views of a data model (iapt_ews.create_data_model in schema
# talking_therapies) and their column comments through DatabaseMetaData, as
# a BI tool's schema sync does, and reads a view as roles that have SELECT
# on the views only (test/jdbc/ReportingSync.java).
# JDBC needs TCP, so this starts its own throwaway server on a free loopback
# port (tools/with_pg.sh --tcp).
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
jar=${IAPT_JDBC_JAR:-/usr/share/java/postgresql.jar}

if [ "${1:-}" = "--inside" ]; then
  work=$2 port=$3
  q() { psql -qX -v ON_ERROR_STOP=1 "$@"; }
  q -d postgres -c "CREATE DATABASE iapt_jdbc"
  q -d iapt_jdbc <<'SQL'
SET client_min_messages = warning;
CREATE EXTENSION iapt_ews;
SELECT count(*) AS model_objects FROM iapt_ews.create_data_model('talking_therapies') \gset
SET search_path = talking_therapies;
INSERT INTO referral (pathway_id, person_id, provider_code, service_id, referral_date, discharge_date, provisional_diagnosis)
SELECT 'R' || i, 'P' || i, 'RXA', 'S1', date '2025-01-01' + i % 20, date '2025-03-01' + i % 20, 'F41.1'
FROM generate_series(1, 30) i;
INSERT INTO care_contact SELECT 'R' || i || '-' || k, 'R' || i, timestamptz '2025-01-25 10:00+00' + k * interval '7 days', true, 'treatment'
FROM generate_series(1, 30) i, generate_series(1, 3) k;
INSERT INTO assessment_score SELECT 'R' || i, m, timestamptz '2025-01-25 10:00+00' + k * interval '14 days',
       CASE k WHEN 1 THEN 12 + i % 9 ELSE i % 12 END
FROM generate_series(1, 30) i, unnest(ARRAY['phq9', 'gad7']) m, generate_series(1, 2) k;
-- bi_reader: every reporting view (not the tables); bi_publication: the
-- published monthly view only; bi_other: the same view, mapped to provider
-- RXB, so it must see no row of RXA.
CREATE ROLE bi_reader LOGIN PASSWORD 'bi_reader';
CREATE ROLE bi_publication LOGIN PASSWORD 'bi_publication';
CREATE ROLE bi_other LOGIN PASSWORD 'bi_other';
GRANT USAGE ON SCHEMA talking_therapies TO bi_reader, bi_publication, bi_other;
-- The extension's schema too for bi_reader, whose checks compare levels
-- (iapt_ews.report_level's operators are found there).
GRANT USAGE ON SCHEMA iapt_ews TO bi_reader;
SELECT format('GRANT SELECT ON %s TO bi_reader', c.oid::regclass) FROM pg_class c
WHERE c.relnamespace = 'talking_therapies'::regnamespace AND c.relkind = 'v' \gexec
GRANT SELECT ON service_month_metrics_published TO bi_publication, bi_other;
INSERT INTO provider_access VALUES ('bi_reader', '*'), ('bi_publication', '*'), ('bi_other', 'RXB');
SQL
  # Passwords over TCP, as Metabase connects.
  printf '%s\n' "local all all trust" "host all all 127.0.0.1/32 scram-sha-256" > "$IAPT_PG_ROOT/data/pg_hba.conf"
  q -d postgres -c "SELECT pg_reload_conf()" >/dev/null
  java -cp "$jar:$work" ReportingSync "jdbc:postgresql://127.0.0.1:$port/iapt_jdbc" talking_therapies \
       bi_reader bi_reader bi_publication bi_publication bi_other bi_other
  exit $?
fi

if [ ! -r "$jar" ] || ! command -v javac >/dev/null; then
  echo "skipped: needs javac and the JDBC driver $jar (apt-get install default-jdk-headless libpostgresql-jdbc-java)"
  exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
javac -d "$work" "$top/test/jdbc/ReportingSync.java"
port=""
for p in $(seq $((56000 + $$ % 1000)) $((56000 + $$ % 1000 + 50))); do
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then port=$p; break; fi
done
[ -n "$port" ] || { echo "no free loopback port found" >&2; exit 1; }
"$top/tools/with_pg.sh" --tcp "$port" "$top/test/shell/reporting_jdbc.sh" --inside "$work" "$port"
