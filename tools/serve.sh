#!/usr/bin/env bash
# `make serve` / `make stop`: the demo database on a loopback port, for
# Metabase, psql or any PostgreSQL client, until stopped.
#
#   tools/serve.sh start [PORT]    # default PORT: $IAPT_SERVE_PORT or 55432
#   tools/serve.sh status
#   tools/serve.sh stop
#
# start runs tools/with_pg.sh --tcp PORT in the background (a private,
# throwaway server listening on 127.0.0.1 only, with this tree installed),
# loads the demo (demo/run.sh: the data model in schema talking_therapies,
# synthetic referrals), then creates two read-only login roles
# (docs/security.md, "make serve"):
#   iapt_reader   for BI tools: the _published views only (counts and rates
#                 after small-number suppression; no person, pathway, area or
#                 ethnicity of a patient);
#   iapt_analyst  for analysts: the patient-level reports too
#                 (referral_outcome, data_quality_problem, ...), every provider.
# It requires a password for TCP connections, prints the connection settings
# and returns. Each phase is printed as it starts, with the seconds since
# start: installing this tree into the throwaway server, the server up, each
# step of the demo (demo/run.sh names them), the roles, ready. It waits as
# long as the loading runs: it follows the background run while that is
# alive, and fails only when the run ends before the demo is loaded (the
# server failed to start, or a demo step failed), with its exit status and
# the ends of its logs. IAPT_SERVE_TIMEOUT, in seconds, sets a limit. The
# server keeps running until `tools/serve.sh stop`, which ends it the way
# every with_pg.sh run ends: stopped, its directory removed.
#
# Passwords: the reader's is $IAPT_SERVE_PASSWORD or iapt_reader; the
# analyst's is $IAPT_SERVE_ANALYST_PASSWORD or a new random one each start.
#
#   tools/serve.sh --roles DATABASE   # the two roles and pg_hba.conf on the
#                                     # tools/with_pg.sh server of the environment
#                                     # (used by start; test/shell/serve_roles.sh)
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
tmp_base=${TMPDIR:-/tmp}
state=$tmp_base/iapt_ews_serve.$(printf '%s' "$top" | md5sum | cut -c1-12)
reader=iapt_reader
analyst=iapt_analyst
password=${IAPT_SERVE_PASSWORD:-iapt_reader}

print_settings() {
  local port analyst_password
  port=$(cat "$state/port")
  analyst_password=$(cat "$state/analyst_password" 2>/dev/null || echo "(unknown: restart with make stop; make serve)")
  cat <<EOF
iapt_ews demo database is being served (stop it with: make stop)

  host      127.0.0.1
  port      $port
  database  iapt_demo
  ssl       off (loopback only)
  schema    talking_therapies (search_path talking_therapies, iapt_ews, public;
            the referrals are synthetic)

BI tools (Metabase, Power BI, Excel): the _published views only
  user      $reader
  password  $password
  psql:     psql "host=127.0.0.1 port=$port dbname=iapt_demo user=$reader password=$password"
  JDBC:     jdbc:postgresql://127.0.0.1:$port/iapt_demo?user=$reader&password=$password
  Metabase: Admin > Databases > Add > PostgreSQL, the settings above, schema
            talking_therapies. Start with the views service_month_metrics_published
            and key_metrics_published.

Analysts: the patient-level reports too (referral_outcome, data_quality_problem, ...)
  user      $analyst
  password  $analyst_password
  psql:     psql "host=127.0.0.1 port=$port dbname=iapt_demo user=$analyst password=$analyst_password"
  JDBC:     jdbc:postgresql://127.0.0.1:$port/iapt_demo?user=$analyst&password=$analyst_password

Report:     $state/report.html
EOF
}

running() {
  [ -f "$state/inner.pid" ] && kill -0 "$(cat "$state/inner.pid")" 2>/dev/null
}

# Stop the background run $1 while it is still loading. start made it a
# process group of its own (setsid), so TERM goes to the whole group: to
# tools/with_pg.sh, and to the demo step it is waiting for (bash runs
# with_pg.sh's trap only once its command has ended, so a TERM to it alone
# waited for the whole demo, and then for ever). with_pg.sh then stops the
# server and removes its directory.
stop_loading() {
  kill -TERM -- "-$1" 2>/dev/null || kill -TERM "$1" 2>/dev/null || true
}

# The two login roles on database $1 of the server of the environment
# (PGHOST, PGPORT; IAPT_PG_ROOT its directory), with the passwords
# $reader_password and $analyst_password; then pg_hba.conf.
#
# Both see views of the data model in talking_therapies (each filters by
# provider_access, where both get '*') and the functions of iapt_ews; not
# the patient-level tables, not the bound referral, care_contact, ... views
# (which show every provider to whoever reads them, docs/access-control.md),
# not the demo's staging schemas, not PostGIS's catalogue views. The reader
# gets the _published reports only: they read the patient-level reports as
# their owner, so the reader needs no grant on those. The analyst gets every
# view of the data model's reports layer (referral_outcome,
# data_quality_problem, ...) and data_quality. Two tables stay readable
# because functions read them as the caller: spatial_ref_sys (ST_Transform,
# for area_access's latitude and longitude, and the access functions' units
# check) and provider_access (iapt_ews.visible_providers; the model grants it
# to PUBLIC).
create_roles() {
  local db=$1
  psql -qX -v ON_ERROR_STOP=1 -d "$db" -v reader="$reader" -v analyst="$analyst" \
       -v reader_password="$reader_password" -v analyst_password="$analyst_password" <<'EOF'
SET client_min_messages = warning;
CREATE ROLE :"reader" LOGIN PASSWORD :'reader_password' CONNECTION LIMIT 20;
CREATE ROLE :"analyst" LOGIN PASSWORD :'analyst_password' CONNECTION LIMIT 20;
SELECT format('ALTER ROLE %I SET default_transaction_read_only = on', r),
       format('ALTER ROLE %I SET statement_timeout = %L', r, '5min'),
       format('ALTER ROLE %I SET search_path = talking_therapies, iapt_ews, public', r),
       format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), r),
       format('GRANT USAGE ON SCHEMA talking_therapies, iapt_ews TO %I', r)
FROM unnest(ARRAY[:'reader', :'analyst']) r \gexec
-- The views of the data model's reports layer, not the ds_ staging views
-- nor the bound relations: the _published ones for the reader, all of them
-- and data_quality for the analyst.
SELECT format('GRANT SELECT ON %s TO %I', c.oid::regclass, g.grantee) FROM pg_class c,
  LATERAL (SELECT :'analyst' AS grantee
           UNION ALL SELECT :'reader' WHERE c.relname LIKE '%\_published') g
WHERE c.relnamespace = 'talking_therapies'::regnamespace AND c.relkind = 'v'
  AND (c.relname = 'data_quality'
       OR c.relname IN (SELECT m.object_name FROM iapt_ews.data_model m WHERE m.layer = 'reports'))
ORDER BY 1 \gexec
INSERT INTO talking_therapies.provider_access VALUES (:'reader', '*'), (:'analyst', '*');
SELECT format('REVOKE ALL ON SCHEMA %I FROM PUBLIC', n.nspname) FROM pg_namespace n
WHERE n.nspname IN ('nhs_tt', 'nhs_tt_local', 'demo', 'demo_access') \gexec
SELECT format('REVOKE ALL ON %s FROM PUBLIC', c) FROM unnest(ARRAY[
  to_regclass('public.geometry_columns'), to_regclass('public.geography_columns')]) c
WHERE c IS NOT NULL \gexec
EOF
  # Passwords on TCP; only local socket connections are trusted.
  printf '%s\n' "local all all trust" \
                "host all $reader,$analyst 127.0.0.1/32 scram-sha-256" > "$IAPT_PG_ROOT/data/pg_hba.conf"
  psql -qX -d postgres -c "SELECT pg_reload_conf()" >/dev/null
}

case "${1:-start}" in
--roles)
  reader_password=$password
  analyst_password=${IAPT_SERVE_ANALYST_PASSWORD:?the analyst password}
  create_roles "$2"
  ;;

--inside)
  # Runs inside tools/with_pg.sh, once its server is up: load the demo
  # (demo/run.sh names each step in $state/progress as it starts), set up
  # the roles, wait.
  state=$2
  echo "the server is up: PostgreSQL $(psql -XAtq -d postgres -c 'SHOW server_version' | cut -d' ' -f1) on 127.0.0.1:$PGPORT" >> "$state/progress"
  IAPT_DEMO_PROGRESS=$state/progress IAPT_REPORT=$state/report.html "$top/demo/run.sh" > "$state/demo.log" 2>&1
  echo "the roles $reader and $analyst" >> "$state/progress"
  reader_password=$password analyst_password=$(cat "$state/analyst_password") create_roles iapt_demo
  echo "$$" > "$state/inner.pid"
  touch "$state/ready"
  exec sleep infinity
  ;;

start)
  port=${2:-${IAPT_SERVE_PORT:-55432}}
  if running; then print_settings; exit 0; fi
  rm -rf "$state"; mkdir -p "$state"
  echo "$port" > "$state/port"
  (umask 077; printf '%s\n' "${IAPT_SERVE_ANALYST_PASSWORD:-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')}" \
     > "$state/analyst_password")
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "port $port is in use on 127.0.0.1: choose another with tools/serve.sh start PORT" >&2
    exit 1
  fi
  echo "starting a throwaway PostgreSQL on 127.0.0.1:$port with the demo data (logs: $state/serve.log, $state/demo.log)"
  echo "  (loading takes a minute to a few; each phase is shown as it starts, and start waits until it ends)"
  setsid nohup "$top/tools/with_pg.sh" --tcp "$port" "$top/tools/serve.sh" --inside "$state" \
      > "$state/serve.log" 2>&1 < /dev/null &
  outer=$!
  echo "$outer" > "$state/outer.pid"
  # Interrupted while loading: stop the server being loaded.
  trap 'echo; echo "interrupted: stopping the server being loaded" >&2; stop_loading "$outer"; wait "$outer" 2>/dev/null || true; rm -rf "$state"; exit 130' INT TERM
  started=$SECONDS
  shown=0
  limit=${IAPT_SERVE_TIMEOUT:-0}
  echo "  [   0 s] installing this tree (building what is not built) into a throwaway server, starting it"
  while :; do
    # The steps that started since the last look, with the time since start.
    if [ -f "$state/progress" ]; then
      while IFS= read -r step; do
        printf '  [%4d s] %s\n' $((SECONDS - started)) "$step"
      done < <(tail -n +$((shown + 1)) "$state/progress")
      shown=$(wc -l < "$state/progress")
    fi
    [ -f "$state/ready" ] && { trap - INT TERM; printf '  [%4d s] ready\n\n' $((SECONDS - started)); print_settings; exit 0; }
    if ! kill -0 "$outer" 2>/dev/null; then
      # The run ended before the demo was loaded: its status, and where it
      # stopped (the last phase shown above, the ends of its logs).
      trap - INT TERM
      status=0
      wait "$outer" 2>/dev/null || status=$?
      if [ -e "$state/stopping" ] || [ ! -d "$state" ]; then
        echo "stopped by tools/serve.sh stop after $((SECONDS - started)) s, before the demo was loaded" >&2
        exit 1
      fi
      echo "failed after $((SECONDS - started)) s: the server did not start, or a demo step failed (tools/with_pg.sh exited $status)" >&2
      for log in "$state/serve.log" "$state/demo.log"; do
        [ -s "$log" ] || continue
        echo "--- the last lines of $log" >&2
        tail -n 20 "$log" >&2
      done
      echo "(make stop removes the logs)" >&2
      exit 1
    fi
    if [ "$limit" -gt 0 ] && [ $((SECONDS - started)) -ge "$limit" ]; then
      trap - INT TERM
      echo "the demo did not load within IAPT_SERVE_TIMEOUT=$limit s: stopping it; see $state/serve.log and $state/demo.log" >&2
      stop_loading "$outer"; wait "$outer" 2>/dev/null || true
      exit 1
    fi
    sleep 1
  done
  ;;

status)
  if running; then print_settings; else echo "not running"; exit 1; fi
  ;;

stop)
  outer=$(cat "$state/outer.pid" 2>/dev/null || echo 0)
  if running; then
    kill -TERM "$(cat "$state/inner.pid")"
  elif [ "$outer" != 0 ] && kill -0 "$outer" 2>/dev/null; then
    # Still loading the demo (start is waiting for it elsewhere, or was
    # itself stopped).
    touch "$state/stopping"
    stop_loading "$outer"
  else
    echo "not running"; rm -rf "$state"; exit 0
  fi
  # tools/with_pg.sh then stops the server and removes its directory.
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
