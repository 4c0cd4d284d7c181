#!/usr/bin/env bash
# Sharding by provider with postgres_fdw: two extra throwaway servers hold
# the providers' referrals; the coordinator sees them as foreign partitions
# of one table. With partitionwise aggregation and the server option
# `extensions 'iapt_ews'`, per-provider aggregates run on the shards, and the
# answers equal those of the same data on one server.
#
# Runs inside tools/with_pg.sh (it uses the relocated install in
# $IAPT_PG_ROOT). Bounded in time; stops its servers whatever happens.
set -euo pipefail

: "${IAPT_PG_ROOT:?run this through tools/with_pg.sh}"
bindir=$IAPT_PG_BINDIR
sock=$PGHOST
shard_ports=(5433 5434)
# Providers (ODS codes of real NHS trusts) and the shard that holds each.
declare -A providers_of=([5433]="RAT RRP" [5434]="RWK TAH")

as_server_user() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

stop_shards() {
  for port in "${shard_ports[@]}"; do
    if [ -f "$IAPT_PG_ROOT/shard$port/postmaster.pid" ]; then
      as_server_user "$bindir/pg_ctl" -D "$IAPT_PG_ROOT/shard$port" -m immediate -w stop >/dev/null 2>&1 || true
    fi
  done
}
trap stop_shards EXIT

for port in "${shard_ports[@]}"; do
  data=$IAPT_PG_ROOT/shard$port
  as_server_user mkdir -p "$data"
  as_server_user "$bindir/initdb" -D "$data" -A trust -U postgres --no-sync -E UTF8 --locale=C >/dev/null
  cat >> "$data/postgresql.conf" <<EOF
listen_addresses = ''
port = $port
unix_socket_directories = '$sock'
fsync = off
max_parallel_workers_per_gather = 0
EOF
  # IAPT_SERVER_ENV: the same environment as the main server (make test-asan
  # preloads the sanitizer runtime there, which the instrumented build needs).
  as_server_user env ${IAPT_SERVER_ENV:-} "$bindir/pg_ctl" -D "$data" -l "$data/server.log" -w start >/dev/null
  psql -X -q -v ON_ERROR_STOP=1 -p "$port" -d postgres -c "SET client_min_messages = warning" \
       -c "CREATE EXTENSION iapt_ews CASCADE"
  for provider in ${providers_of[$port]}; do
    table=referral_${provider,,}
    psql -X -q -v ON_ERROR_STOP=1 -p "$port" -d postgres \
      -c "CREATE TABLE $table (provider text NOT NULL CHECK (provider = '$provider'),
            pathway_id bigint PRIMARY KEY, phq9_first numeric, phq9_last numeric,
            anxiety_measure text, anxiety_first numeric, anxiety_last numeric,
            treatment_sessions integer, ended boolean)" \
      -c "CREATE TABLE workforce_${provider,,} (provider text NOT NULL CHECK (provider = '$provider'),
            service_id text, role text, wte numeric)"
  done
done

export PGDATABASE=iapt_ews_shards
psql -X -q -d postgres -c "CREATE DATABASE iapt_ews_shards"
timeout 300 psql -X -v ON_ERROR_STOP=1 -P pager=off -f test/shards/coordinator.sql -v sock="$sock" \
  -v port1="${shard_ports[0]}" -v port2="${shard_ports[1]}" > "$IAPT_PG_ROOT/shards.out" 2>&1 || {
  cat "$IAPT_PG_ROOT/shards.out"; echo "not ok - sharding test failed"; exit 1; }

# The checks print one line each: "ok - ..." or "not ok - ...".
grep -E '^ *(not )?ok - ' "$IAPT_PG_ROOT/shards.out" | sed 's/^ *//'
# tools/with_pg.sh watches the coordinator's log; the shards' are watched here.
for port in "${shard_ports[@]}"; do
  if grep -qE "$IAPT_CRASH_PATTERN" "$IAPT_PG_ROOT/shard$port/server.log"; then
    grep -E -B2 -A2 "$IAPT_CRASH_PATTERN" "$IAPT_PG_ROOT/shard$port/server.log"
    echo "not ok - shard on port $port had a crashed backend" >> "$IAPT_PG_ROOT/shards.out"
    echo "not ok - shard on port $port had a crashed backend"
  fi
done
passed=$(grep -cE '^ *ok - ' "$IAPT_PG_ROOT/shards.out" || true)
failed=$(grep -cE '^ *not ok - ' "$IAPT_PG_ROOT/shards.out" || true)
echo "shards: $passed passed, $failed failed"
[ "$failed" = 0 ] && [ "$passed" -gt 0 ]
