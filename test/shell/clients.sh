#!/usr/bin/env bash
# The clients NHS analysts read the published reports with, each against a
# served database as a read-only login role (docs/clients.md):
#   - ODBC: psqlODBC's Unicode driver through unixODBC, the data source of
#     docs/clients.md (what Excel, Power BI and SQL Server linked servers use):
#     isql reads every _published view and the linked-server recipe's query;
#     pyodbc calls the catalogue functions (SQLTables, SQLColumns) and compares
#     every value with psql's (test/clients/odbc_check.py);
#   - Python: psycopg 3 and pandas (test/clients/pandas_check.py);
#   - R: RPostgreSQL and DBI (test/clients/r_check.R).
# The snippets are taken out of docs/clients.md and run as they are written.
# A client is skipped, naming its Debian packages, only when they are not
# installed (make test, through tools/install_deps.sh test, installs them).
# Clients need TCP and a password, so this starts its own throwaway server on
# a free loopback port (tools/with_pg.sh --tcp).
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
docs=$top/docs/clients.md
python=/usr/bin/python3   # Debian's Python, where python3-psycopg and friends live

# The fenced blocks of docs/clients.md whose info string is exactly $1.
snippet() {
  awk -v tag="$1" '/^```/ { if (inside) { inside = 0; next } if (substr($0, 4) == tag) { inside = 1; next } }
                   inside' "$docs"
}

# Which client can run here: each needs its Debian packages.
have_packages() {
  local p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || return 1
  done
}
odbc_packages=(odbc-postgresql unixodbc python3-pyodbc)
python_packages=(python3-psycopg python3-pandas)
r_packages=(r-cran-rpostgresql r-cran-dbi)

# Run one client's check program; a program that stops before its summary
# line (a crash, a missing module) is a failure too.
run_checks() {
  local name=$1 out
  shift
  out=$("$@" 2>&1) || true
  printf '%s\n' "$out"
  printf '%s\n' "$out" | grep -q "^$name: [0-9]* passed, [0-9]* failed$" \
    || echo "not ok - the $name checks ran to the end"
}

if [ "${1:-}" = "--inside" ]; then
  work=$2 port=$3
  password=analyst-$$-$RANDOM
  q() { psql -qX -v ON_ERROR_STOP=1 "$@"; }
  q -d postgres -c "CREATE DATABASE iapt_ews"
  q -d iapt_ews -v analyst_password="$password" -f "$top/test/clients/fixture.sql" >/dev/null
  # Passwords over TCP on the loopback only; the superuser only on the socket.
  printf '%s\n' "local all all trust" "host iapt_ews analyst 127.0.0.1/32 scram-sha-256" \
    > "$IAPT_PG_ROOT/data/pg_hba.conf"
  q -d postgres -c "SELECT pg_reload_conf()" >/dev/null

  # What psql, as the analyst over TCP, reads from each published view: the
  # reference the clients are compared with.
  analyst() { PGHOST=127.0.0.1 PGPORT=$port PGDATABASE=iapt_ews PGUSER=analyst PGPASSWORD=$password "$@"; }
  mkdir -p "$work/expected"
  analyst psql -qXAt -v ON_ERROR_STOP=1 -F, -c "
    SELECT c.relname, a.attname, format_type(a.atttypid, NULL)
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
    WHERE n.nspname = 'talking_therapies' AND c.relkind = 'v' AND c.relname LIKE '%\\_published'
    ORDER BY c.relname, a.attnum" > "$work/expected/types.csv"
  views=$(cut -d, -f1 "$work/expected/types.csv" | sort -u)
  for v in $views; do
    analyst psql -qX -v ON_ERROR_STOP=1 \
      -c "\\copy (SELECT * FROM talking_therapies.$v) TO '$work/expected/$v.csv' CSV HEADER"
  done
  echo "ok - psql as the analyst over TCP with a password reads the $(echo "$views" | wc -w) published views"

  if have_packages "${odbc_packages[@]}"; then
    snippet "ini odbcinst.ini" > "$work/odbcinst.ini"
    # The driver's path in the docs is Debian's on amd64; elsewhere use the
    # path this machine's package installed.
    driver=$(dpkg -L odbc-postgresql | grep '/psqlodbcw\.so$' | head -1)
    sed -i "s|^Driver *=.*|Driver      = $driver|" "$work/odbcinst.ini"
    snippet "ini odbc.ini" | sed "s/^Port *=.*/Port = $port/" > "$work/odbc.ini"
    export ODBCSYSINI=$work ODBCINI=$work/odbc.ini
    for v in $views; do
      rows=$(($(wc -l < "$work/expected/$v.csv") - 1))
      out=$(echo "SELECT * FROM talking_therapies.$v" | isql -v -b iapt_ews analyst "$password" 2>&1) || true
      if echo "$out" | grep -q "^$rows rows fetched$" && ! echo "$out" | grep -q "ERROR"; then
        echo "ok - isql reads $v ($rows rows)"
      else
        echo "not ok - isql reads $v: $(echo "$out" | grep -E "ERROR|fetched" | head -3)"
      fi
    done
    # The query of the linked-server recipe, as OPENQUERY would send it.
    openquery=$(snippet "sql linked-server" | sed -n "s/.*OPENQUERY(IAPT_EWS, '\(.*\)');\$/\1/p" | sed "s/''/'/g")
    # It reads service_month_metrics_published: as many rows as psql read.
    rows=$(($(wc -l < "$work/expected/service_month_metrics_published.csv") - 1))
    out=$(echo "$openquery" | isql -v -b iapt_ews analyst "$password" 2>&1) || true
    if [ -n "$openquery" ] && echo "$out" | grep -q "^$rows rows fetched$" && echo "$out" | grep -q "| P2 "; then
      echo "ok - the linked-server recipe's OPENQUERY text runs through the data source ($rows rows)"
    else
      echo "not ok - the linked-server recipe's OPENQUERY text runs through the data source: $openquery: $(echo "$out" | tail -3)"
    fi
    run_checks odbc $python "$top/test/clients/odbc_check.py" iapt_ews analyst "$password" "$work/expected"
  else
    echo "skip - ODBC: needs the Debian packages ${odbc_packages[*]}"
  fi

  if have_packages "${python_packages[@]}"; then
    snippet python > "$work/snippet.py"
    run_checks python analyst $python "$top/test/clients/pandas_check.py" "$work/snippet.py" "$work/expected"
  else
    echo "skip - Python: needs the Debian packages ${python_packages[*]}"
  fi

  if have_packages "${r_packages[@]}"; then
    snippet r > "$work/snippet.R"
    run_checks r analyst Rscript --vanilla "$top/test/clients/r_check.R" "$work/snippet.R" "$work/expected"
  else
    echo "skip - R: needs the Debian packages ${r_packages[*]}"
  fi
  exit 0
fi

work=$(mktemp -d)
chmod 755 "$work"
log=$work/log
trap 'rm -rf "$work"' EXIT
port=""
for p in $(seq $((57000 + $$ % 1000)) $((57000 + $$ % 1000 + 50))); do
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then port=$p; break; fi
done
[ -n "$port" ] || { echo "no free loopback port found" >&2; exit 1; }
status=0
"$top/tools/with_pg.sh" --tcp "$port" "$top/test/shell/clients.sh" --inside "$work" "$port" 2>&1 | tee "$log" \
  || status=$?
passed=$(grep -c '^ok - ' "$log" || true)
failed=$(grep -c '^not ok - ' "$log" || true)
# The server or a setup step failing counts as a failure too.
if [ "$status" != 0 ] && [ "$failed" = 0 ]; then failed=1; echo "not ok - the client tests ran to the end (exit $status)"; fi
echo "clients: $passed passed, $failed failed"
[ "$failed" = 0 ]
