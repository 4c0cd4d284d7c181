#!/usr/bin/env bash
# Run a command against a private, throwaway PostgreSQL that has this build of
# iapt_ews installed, then stop it and delete everything.
#
#   tools/with_pg.sh [--keep-tcp PORT] COMMAND [ARGS...]
#
# Why not pg_virtualenv: as root it reuses one fixed cluster name, so a killed
# run blocks the next. Why not `make install`: parallel work trees would
# overwrite each other's iapt_ews.so. Instead we build a relocated copy of the
# server (PostgreSQL finds share/ and lib/ relative to its own binary), install
# this tree into it with DESTDIR, and run a cluster in a fresh temporary
# directory on a Unix socket only. Nothing is shared between runs, so stale
# runs cannot block new ones; stale ones are reaped on the next start.
#
# COMMAND runs with PGHOST, PGPORT, PGUSER, PGDATABASE set, and with
# IAPT_PG_BINDIR pointing at the server's client programs.
#
# IAPT_MAKE_FLAGS (extra make variables for the install, e.g. sanitizer
# flags) and IAPT_SERVER_ENV (VAR=value words put in the server's
# environment, e.g. LD_PRELOAD of a sanitizer runtime) serve make test-asan.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
pg_config=${PG_CONFIG:-pg_config}
bindir=$($pg_config --bindir)
sharedir=$($pg_config --sharedir)
pkglibdir=$($pg_config --pkglibdir)
tmp_base=${TMPDIR:-/tmp}

tcp_port=""
valgrind=""
if [ "${1:-}" = "--tcp" ]; then tcp_port=$2; shift 2; fi
if [ "${1:-}" = "--valgrind" ]; then valgrind=yes; shift; fi

# Reap what killed runs left behind: a server whose owning shell is gone.
for stale in "$tmp_base"/iapt_ews_pg.*; do
  [ -d "$stale" ] || continue
  owner=$(cat "$stale/owner.pid" 2>/dev/null || echo 0)
  if [ "$owner" != 0 ] && kill -0 "$owner" 2>/dev/null; then continue; fi
  if [ -f "$stale/data/postmaster.pid" ]; then
    pid=$(head -1 "$stale/data/postmaster.pid")
    kill -QUIT "$pid" 2>/dev/null || true
  fi
  rm -rf "$stale"
done

root=$(mktemp -d "$tmp_base/iapt_ews_pg.XXXXXX")
echo $$ > "$root/owner.pid"
chmod 755 "$root"

# What a server log says when a backend crashed or a sanitizer reported:
# a signal, a PANIC, the postmaster resetting the others after a backend
# died uncleanly (a sanitizer's exit), or the sanitizer's own report.
export IAPT_CRASH_PATTERN="terminated by signal|PANIC|was terminated|terminating any other active server processes|runtime error:|AddressSanitizer|LeakSanitizer"

# From /: the server user may not be able to enter the current directory
# (a clone in a mode-700 directory); every path given is absolute.
run_as_server_user() {
  if [ "$(id -u)" = 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

cleanup() {
  status=$?
  if [ -f "$root/data/postmaster.pid" ]; then
    run_as_server_user "$rbindir/pg_ctl" -D "$root/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  # A backend that crashed is the one thing the server log tells that the
  # clients cannot; say so loudly, whatever the command's own verdict.
  if [ -f "$root/server.log" ] && grep -qE "$IAPT_CRASH_PATTERN" "$root/server.log"; then
    echo "--- the server log shows a crash ---" >&2
    grep -E -B2 -A2 "$IAPT_CRASH_PATTERN" "$root/server.log" | head -40 >&2
    [ $status -eq 0 ] && status=3
  fi
  rm -rf "$root"
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Relocated server tree: real directories where we install, links elsewhere.
rbindir=$root/inst$bindir
rsharedir=$root/inst$sharedir
rpkglibdir=$root/inst$pkglibdir
mkdir -p "$rbindir" "$rsharedir/extension" "$rpkglibdir"
for prog in postgres initdb pg_ctl; do cp "$bindir/$prog" "$rbindir/"; done
for f in "$bindir"/*; do [ -e "$rbindir/$(basename "$f")" ] || ln -s "$f" "$rbindir/"; done
for f in "$sharedir"/*; do [ "$(basename "$f")" = extension ] || ln -s "$f" "$rsharedir/"; done
for f in "$sharedir"/extension/*; do
  case "$(basename "$f")" in iapt_ews*) ;; *) ln -s "$f" "$rsharedir/extension/";; esac
done
# bitcode/ gets a real directory too: JIT inlining must see this build's
# bitcode, not whatever another tree installed system-wide.
for f in "$pkglibdir"/*; do
  case "$(basename "$f")" in
    iapt_ews*) ;;
    bitcode)
      mkdir -p "$rpkglibdir/bitcode"
      for g in "$f"/*; do
        case "$(basename "$g")" in iapt_ews*) ;; *) ln -s "$g" "$rpkglibdir/bitcode/";; esac
      done;;
    *) ln -s "$f" "$rpkglibdir/";;
  esac
done
# shellcheck disable=SC2086
make -C "$top" --no-print-directory -s install DESTDIR="$root/inst" PG_CONFIG="$pg_config" ${IAPT_MAKE_FLAGS:-} >/dev/null

# Under --valgrind the server binary is a wrapper that runs the real one
# under memcheck (backends are forked, so valgrind follows them).
if [ -n "$valgrind" ]; then
  mv "$rbindir/postgres" "$rbindir/postgres.real"
  cat > "$rbindir/postgres" <<WRAP
#!/bin/sh
exec valgrind --quiet --tool=memcheck --leak-check=no --track-origins=no \
  --error-limit=no --num-callers=30 --log-file=${IAPT_VALGRIND_LOGS:-$root}/memcheck.%p \
  "$rbindir/postgres.real" "\$@"
WRAP
  chmod 755 "$rbindir/postgres"
fi

mkdir -p "$root/data" "$root/sock"
if [ "$(id -u)" = 0 ]; then chown postgres "$root/data" "$root/sock" "$root"; fi
run_as_server_user "$rbindir/initdb" -D "$root/data" -A trust -U postgres --no-sync -E UTF8 --locale=C >/dev/null

listen="''"
port=5432
if [ -n "$tcp_port" ]; then listen="'127.0.0.1'"; port=$tcp_port; fi
cat >> "$root/data/postgresql.conf" <<EOF
listen_addresses = $listen
port = $port
unix_socket_directories = '$root/sock'
fsync = off
synchronous_commit = off
full_page_writes = off
max_worker_processes = 8
max_parallel_workers = 4
max_parallel_workers_per_gather = 2
shared_buffers = 512MB
work_mem = 64MB
maintenance_work_mem = 512MB
log_min_messages = warning
EOF
# shellcheck disable=SC2086
run_as_server_user env ${IAPT_SERVER_ENV:-} "$rbindir/pg_ctl" -D "$root/data" -l "$root/server.log" -w start >/dev/null

export PGHOST=$root/sock PGPORT=$port PGUSER=postgres PGDATABASE=postgres
export IAPT_PG_BINDIR=$rbindir IAPT_PG_ROOT=$root
"$@"
