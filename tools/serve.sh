#!/usr/bin/env bash
# `make serve` / `make stop`: the demo database on a loopback port, for
# Metabase, psql or any PostgreSQL client, until stopped.
#
#   tools/serve.sh start [PORT]    # default PORT: $IAPT_SERVE_PORT or 55432
#   tools/serve.sh status
#   tools/serve.sh stop
#
# start runs tools/with_pg.sh --tcp PORT in the background (a private,
# throwaway server listening on 127.0.0.1 only), loads the demo (demo/run.sh:
# the data model in schema talking_therapies, synthetic referrals), creates
# the read-only login role iapt_reader (the reporting views only), requires
# a password for TCP connections, prints the connection settings and
# returns. The server keeps running until `tools/serve.sh stop`, which ends
# it the way every with_pg.sh run ends: stopped, its directory removed.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
tmp_base=${TMPDIR:-/tmp}
state=$tmp_base/iapt_ews_serve.$(printf '%s' "$top" | md5sum | cut -c1-12)
reader=iapt_reader
password=${IAPT_SERVE_PASSWORD:-iapt_reader}

print_settings() {
  local port; port=$(cat "$state/port")
  cat <<EOF
iapt_ews demo database is being served (stop it with: make stop)

  host      127.0.0.1
  port      $port
  database  iapt_demo
  user      $reader
  password  $password
  ssl       off (loopback only)

  psql:     psql "host=127.0.0.1 port=$port dbname=iapt_demo user=$reader password=$password"
  JDBC:     jdbc:postgresql://127.0.0.1:$port/iapt_demo?user=$reader&password=$password
  Metabase: Admin > Databases > Add > PostgreSQL, the settings above, schema
            talking_therapies (the reporting views; the referrals are synthetic).
            Start with the views service_month_metrics_published, key_metrics_published
            and referral_outcome. search_path is talking_therapies, iapt_ews, public.
  Report:   $state/report.html
EOF
}

running() {
  [ -f "$state/inner.pid" ] && kill -0 "$(cat "$state/inner.pid")" 2>/dev/null
}

case "${1:-start}" in
--inside)
  # Runs inside tools/with_pg.sh: load the demo, set up the reader, wait.
  state=$2
  IAPT_REPORT=$state/report.html "$top/demo/run.sh" > "$state/demo.log" 2>&1
  # The reader sees the data model's reporting views in talking_therapies
  # (each filters by provider_access, where the reader gets '*'), and the
  # functions of iapt_ews; not the patient-level tables, not the demo's
  # staging schemas, not PostGIS's catalogue views. Two tables stay
  # readable because functions read them as the caller: spatial_ref_sys
  # (ST_Transform, for area_access's latitude and longitude, and the access
  # functions' units check) and provider_access (iapt_ews.visible_providers;
  # the model grants it to PUBLIC).
  psql -qX -v ON_ERROR_STOP=1 -d iapt_demo <<EOF
SET client_min_messages = warning;
CREATE ROLE $reader LOGIN PASSWORD '$password' CONNECTION LIMIT 20;
ALTER ROLE $reader SET default_transaction_read_only = on;
ALTER ROLE $reader SET statement_timeout = '5min';
ALTER ROLE $reader SET search_path = talking_therapies, iapt_ews, public;
GRANT CONNECT ON DATABASE iapt_demo TO $reader;
GRANT USAGE ON SCHEMA talking_therapies, iapt_ews TO $reader;
-- The reports only (the data model's layer reports): not the ds_ staging
-- views, and not the bound referral, care_contact, ... views, which show
-- every provider to whoever reads them (docs/access-control.md).
SELECT format('GRANT SELECT ON %s TO $reader', c.oid::regclass) FROM pg_class c
WHERE c.relnamespace = 'talking_therapies'::regnamespace AND c.relkind = 'v'
  AND (c.relname = 'data_quality'
       OR c.relname IN (SELECT m.object_name FROM iapt_ews.data_model m WHERE m.layer = 'reports')) \\gexec
INSERT INTO talking_therapies.provider_access VALUES ('$reader', '*');
SELECT format('REVOKE ALL ON SCHEMA %I FROM PUBLIC', n.nspname) FROM pg_namespace n
WHERE n.nspname IN ('nhs_tt', 'nhs_tt_local', 'demo', 'demo_access') \\gexec
REVOKE ALL ON public.geometry_columns, public.geography_columns FROM PUBLIC;
EOF
  # Passwords on TCP; only local socket connections are trusted.
  hba=$IAPT_PG_ROOT/data/pg_hba.conf
  printf '%s\n' "local all all trust" \
                "host all $reader 127.0.0.1/32 scram-sha-256" > "$hba"
  psql -qX -d postgres -c "SELECT pg_reload_conf()" >/dev/null
  echo "$$" > "$state/inner.pid"
  touch "$state/ready"
  exec sleep infinity
  ;;

start)
  port=${2:-${IAPT_SERVE_PORT:-55432}}
  if running; then print_settings; exit 0; fi
  rm -rf "$state"; mkdir -p "$state"
  echo "$port" > "$state/port"
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "port $port is in use on 127.0.0.1: choose another with tools/serve.sh start PORT" >&2
    exit 1
  fi
  echo "starting a throwaway PostgreSQL on 127.0.0.1:$port with the demo data (log: $state/serve.log)..."
  setsid nohup "$top/tools/with_pg.sh" --tcp "$port" "$top/tools/serve.sh" --inside "$state" \
      > "$state/serve.log" 2>&1 < /dev/null &
  echo $! > "$state/outer.pid"
  for _ in $(seq 1 600); do
    [ -f "$state/ready" ] && { print_settings; exit 0; }
    if ! kill -0 "$(cat "$state/outer.pid")" 2>/dev/null; then
      echo "the server did not start:" >&2
      tail -20 "$state/serve.log" "$state/demo.log" 2>/dev/null >&2
      exit 1
    fi
    sleep 0.5
  done
  echo "the demo did not load within 5 minutes; see $state/serve.log" >&2
  exit 1
  ;;

status)
  if running; then print_settings; else echo "not running"; exit 1; fi
  ;;

stop)
  if ! running; then echo "not running"; rm -rf "$state"; exit 0; fi
  kill -TERM "$(cat "$state/inner.pid")"
  # tools/with_pg.sh then stops the server and removes its directory.
  outer=$(cat "$state/outer.pid")
  for _ in $(seq 1 120); do
    kill -0 "$outer" 2>/dev/null || break
    sleep 0.5
  done
  if kill -0 "$outer" 2>/dev/null; then
    echo "the server did not stop within a minute (pid $outer)" >&2
    exit 1
  fi
  rm -rf "$state"
  echo "stopped"
  ;;

*)
  echo "usage: tools/serve.sh start [PORT] | status | stop" >&2
  exit 2
  ;;
esac
